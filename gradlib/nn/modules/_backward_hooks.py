"""Module full backward hooks (``register_full_backward_hook``/``register_full_backward_pre_hook``), as PyTorch
builds them (``torch/utils/hooks.py``'s ``BackwardHook``).

A module with such hooks wraps the tensors of its arguments, and then those of its output, in an identity
Function, ``BackwardHookFunction`` (its node prints ``BackwardHookFunctionBackward``)::

    args --BackwardHookFunction--> forward(...) --BackwardHookFunction--> output
            (hook: grad_input)                   (hook: grad_output)

During backward the output node's hook sees ``grad_output`` first: the pre-hooks run there and may replace it;
the input node's hook then sees ``grad_input`` and runs the full hooks with both, which may replace
``grad_input``. When no argument requires grad there is no input node: the full hooks run at the output node with
``grad_input`` all None (PyTorch warns then).

The global hooks of ``gradlib.nn.modules.module.register_module_full_backward_hook`` and
``register_module_full_backward_pre_hook`` (tables in ``_global_hooks.py``) run before the module's own.
"""
import types
import warnings

from ... import _tensor
from ...autograd import function, grad_mode

__all__ = ["BackwardHook", "BackwardHookFunction"]

#: the (read-only, empty) tables of a module made without ``Module.__init__``
EMPTY = types.MappingProxyType({})


class BackwardHookFunction(function.Function):
    """Identity on its tensors; the node a module's backward hooks hang on (PyTorch's class of that name)."""

    @staticmethod
    def forward(ctx, *args):
        ctx.mark_non_differentiable(*[arg for arg in args if not arg.requires_grad])
        return args

    @staticmethod
    def backward(ctx, *grads):
        return grads


def _pack_with_none(indices, values, size):
    packed = [None] * size
    for index, value in zip(indices, values):
        packed[index] = value
    return tuple(packed)


def _named_hook(method):
    """``method`` as a function named ``hook``, the name PyTorch's node hooks have (the engine's errors name it)."""
    def hook(grad_inputs, grad_outputs):
        return method(grad_inputs, grad_outputs)
    return hook


class BackwardHook:
    """One module call's backward hooks: wraps its arguments and its output, then joins the gradients the two
    nodes see and calls the user's hooks with them (see the module docstring)."""

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.module = module
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.grad_outputs = None
        self.n_outputs = -1
        self.output_tensors_index = None
        self.n_inputs = -1
        self.input_tensors_index = None

    def _input_hook(self, grad_input, _):
        if self.grad_outputs is None:
            # the gradient reached the inputs without passing through the output (double backward)
            return None
        packed = _pack_with_none(self.input_tensors_index, grad_input, self.n_inputs)
        for hook in self.user_hooks:
            out = hook(self.module, packed, self.grad_outputs)
            if out is None:
                continue
            if len(out) != len(packed):
                raise RuntimeError("Backward hook returned an invalid number of grad_input, "
                                   f"got {len(out)}, but expected {len(packed)}")
            packed = out
        self.grad_outputs = None
        return tuple(packed[index] for index in self.input_tensors_index)

    def _output_hook(self, _, grad_output):
        self.grad_outputs = _pack_with_none(self.output_tensors_index, grad_output, self.n_outputs)
        if self.user_pre_hooks:
            expected = len(self.grad_outputs)
            for hook in self.user_pre_hooks:
                replaced = hook(self.module, self.grad_outputs)
                if replaced is None:
                    continue
                if len(replaced) != expected:
                    raise RuntimeError("Backward pre hook returned an invalid number of grad_output, "
                                       f"got {len(replaced)}, but expected {expected}")
                self.grad_outputs = replaced
        local_grad_outputs = self.grad_outputs
        if self.input_tensors_index is None:
            warnings.warn("Full backward hook is firing when gradients are computed with respect to module outputs "
                          "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
                          "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.",
                          stacklevel=5)
            grad_inputs = _pack_with_none([], [], self.n_inputs)
            for hook in self.user_hooks:
                result = hook(self.module, grad_inputs, self.grad_outputs)
                if result is not None and not (isinstance(result, tuple) and all(el is None for el in result)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       "return None or None for all gradients.")
            self.grad_outputs = None
        if local_grad_outputs is not None:
            return tuple(local_grad_outputs[index] for index in self.output_tensors_index)
        return None

    def _apply_on_tensors(self, hook, args):
        """``args`` with its tensors passed through one BackwardHookFunction whose node gets ``hook``, and the
        positions of those tensors (None, and ``args`` unchanged, when none requires grad or grad mode is off)."""
        indices = []
        tensors = []
        requires_grad = False
        for index, arg in enumerate(args):
            if isinstance(arg, _tensor.Tensor):
                indices.append(index)
                tensors.append(arg)
                requires_grad = requires_grad or arg.requires_grad
        if not (requires_grad and grad_mode.is_grad_enabled()):
            return args, None
        new_tensors = BackwardHookFunction.apply(*tensors)
        node = next(t.grad_fn for t in new_tensors if t.grad_fn is not None)
        node.register_hook(_named_hook(hook))
        arg_list = list(args)
        for index, value in zip(indices, new_tensors):
            arg_list[index] = value
        out = tuple(arg_list) if type(args) is tuple else type(args)(*arg_list)
        return out, indices

    def setup_input_hook(self, args):
        result, self.input_tensors_index = self._apply_on_tensors(self._input_hook, args)
        self.n_inputs = len(args)
        return result

    def setup_output_hook(self, output):
        is_tuple = isinstance(output, tuple)
        args = output if is_tuple else (output,)
        result, self.output_tensors_index = self._apply_on_tensors(self._output_hook, args)
        self.n_outputs = len(args)
        return result if is_tuple else result[0]
