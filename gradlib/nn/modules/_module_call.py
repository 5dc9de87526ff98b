"""A module call with hooks (PyTorch's ``Module._call_impl`` past its no-hook shortcut, which stays in
``Module.__call__``): global forward pre-hooks, then the module's; the full backward hooks' input wrapping;
forward; global forward hooks, then the module's; the output wrapping; the deprecated backward hooks on the
output's node. When anything raises, the forward hooks registered with ``always_call=True`` that have not run yet
run with the output so far, global ones first; an exception of theirs becomes a warning."""
import warnings

from ..._tensor import Tensor
from . import _global_hooks
from ._state_dict import _WithModule

__all__ = ["call_with_hooks"]


def call_with_hooks(module, args, kwargs):
    state = {"args": args, "kwargs": kwargs, "result": None, "called": set()}
    try:
        return _run(module, state)
    except Exception:
        _always_called(module, state)
        raise


def _run(module, state):
    args, kwargs = state["args"], state["kwargs"]
    options = module._hook_options
    backward_pre_hooks = module._backward_pre_hooks or _global_hooks.backward_pre_hooks
    full_hooks, non_full_hooks = module._get_backward_hooks() \
        if module._backward_hooks or _global_hooks.backward_hooks else ((), ())
    for hook_id, hook in (*_global_hooks.forward_pre_hooks.items(), *module._forward_pre_hooks.items()):
        if "with_kwargs" in options.get(hook_id, ()):
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                       f"but got {result}.")
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        state["args"], state["kwargs"] = args, kwargs
    backward_hook = module._backward_hook() if full_hooks or backward_pre_hooks else None
    if backward_hook:
        args = backward_hook.setup_input_hook(args)
        state["args"] = args
    output = state["result"] = module.forward(*args, **kwargs)
    for hook_id, hook in (*_global_hooks.forward_hooks.items(), *module._forward_hooks.items()):
        flags = options.get(hook_id, ())
        if "always_call" in flags or hook_id in _global_hooks.forward_hooks_always_called:
            state["called"].add(hook_id)
        if "with_kwargs" in flags or hook_id in _global_hooks.forward_hooks_with_kwargs:
            result = hook(module, args, kwargs, output)
        else:
            result = hook(module, args, output)
        if result is not None:
            output = state["result"] = result
    if backward_hook:
        if not isinstance(output, (Tensor, tuple)):
            warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of "
                          f"Tensors but received {type(output)}", stacklevel=3)
        output = state["result"] = backward_hook.setup_output_hook(output)
    if non_full_hooks:
        _hook_output_node(module, non_full_hooks, args, output)
    return output


def _always_called(module, state):
    args, kwargs, called = state["args"], state["kwargs"], state["called"]
    for hook_id, hook in list(_global_hooks.forward_hooks.items()):
        if hook_id in _global_hooks.forward_hooks_always_called and hook_id not in called:
            try:
                result = hook(module, args, state["result"])
                if result is not None:
                    state["result"] = result
            except Exception as error:
                warnings.warn("global module forward hook with ``always_call=True`` raised an exception that was "
                              f"silenced as another error was raised in forward: {error}", stacklevel=3)
    for hook_id, hook in list(module._forward_hooks.items()):
        flags = module._hook_options.get(hook_id, ())
        if "always_call" in flags and hook_id not in called:
            try:
                if "with_kwargs" in flags:
                    result = hook(module, args, kwargs, state["result"])
                else:
                    result = hook(module, args, state["result"])
                if result is not None:
                    state["result"] = result
            except Exception as error:
                warnings.warn("module forward hook with ``always_call=True`` raised an exception that was "
                              f"silenced as another error was raised in forward: {error}", stacklevel=3)


def _hook_output_node(module, hooks, args, output):
    """The deprecated ``register_backward_hook``: the hooks go on the node of the output's first tensor, with
    PyTorch's FutureWarnings where that node's gradients are not the module's."""
    tensor = output
    while not isinstance(tensor, Tensor):
        if isinstance(tensor, dict):
            tensor = next(value for value in tensor.values() if isinstance(value, Tensor))
        else:
            tensor = tensor[0]
    node = tensor.grad_fn
    if node is None:
        return
    for hook in hooks:
        node.register_hook(_WithModule(hook, module))
    message = _non_full_warning(args, output, node)
    if message:
        warnings.warn(message + " is deprecated and will be removed in future versions. This hook will be missing "
                      + _MISSING[message], FutureWarning, stacklevel=4)


_PLEASE = " Please use register_full_backward_hook to get the documented behavior."
_MISSING = {
    "Using non-full backward hooks on a Module that does not return a single Tensor or a tuple of Tensors":
        "some of the grad_output." + _PLEASE,
    "Using non-full backward hooks on a Module that does not take as input a single Tensor or a tuple of Tensors":
        "some of the grad_input." + _PLEASE,
    "Using a non-full backward hook when outputs are nested in python data structure": "some grad_output.",
    "Using a non-full backward hook when outputs are generated by different autograd Nodes":
        "some grad_output." + _PLEASE,
    "Using a non-full backward hook when the forward contains multiple autograd Nodes": "some grad_input." + _PLEASE,
}


def _non_full_warning(inputs, result, node):
    """The start of PyTorch's warning for this call (``_maybe_warn_non_full_backward_hook``), or None."""
    messages = list(_MISSING)
    results = (result,) if isinstance(result, Tensor) else result
    if not (isinstance(results, tuple) and all(isinstance(r, Tensor) for r in results)):
        return messages[0]
    if not (isinstance(inputs, tuple) and all(isinstance(i, Tensor) for i in inputs)):
        return messages[1]
    out_nodes = {r.grad_fn for r in results if r.grad_fn is not None}
    if not out_nodes or (len(out_nodes) == 1 and node not in out_nodes):
        return messages[2]
    if len(out_nodes) > 1:
        return messages[3]
    input_nodes = {i.grad_fn for i in inputs if i.grad_fn is not None}
    if input_nodes != {edge[0] for edge in node.next_functions}:
        return messages[4]
    return None
