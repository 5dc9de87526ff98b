"""Backward hooks on tensors and on graph nodes, with removable handles.

- ``tensor.register_hook(fn)``: ``fn(grad)`` runs when the tensor's gradient is computed and may return a
  replacement. Leaves keep their hooks on the tensor; non-leaves on their ``grad_fn`` (keyed by output).
- ``tensor.register_post_accumulate_grad_hook(fn)``: ``fn(tensor)`` after a leaf's ``.grad`` was updated.
- ``node.register_prehook(fn)``: ``fn(grad_outputs)``; ``node.register_hook(fn)``: ``fn(grad_inputs,
  grad_outputs)``; either may return replacements.
"""
from .. import _sparse_registry, _tensor, _tensor_str, backends
from ..ops import _sparse_gradient
from . import graph
from .handles import RemovableHandle

__all__ = ["RemovableHandle", "register_tensor_hook", "register_post_accumulate_grad_hook"]


class TensorHooks:
    """A leaf's hooks: ``pre`` (on its gradient) and ``post_accumulate`` (after ``.grad`` changed)."""

    __slots__ = ("pre", "post_accumulate")

    def __init__(self):
        self.pre = {}
        self.post_accumulate = {}


def _leaf_hooks(tensor):
    if tensor._hooks is None:
        tensor._hooks = TensorHooks()
    return tensor._hooks


def register_tensor_hook(tensor, hook):
    if tensor._base is not None:
        _tensor.refresh_view(tensor)  # a view written through its base since: the hook goes on its new history
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if tensor._grad_fn is None:
        hooks = _leaf_hooks(tensor).pre
    else:
        hooks = tensor._grad_fn._get_extras().tensor_pre_hooks.setdefault(tensor._output_nr, {})
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def register_post_accumulate_grad_hook(tensor, hook):
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if tensor._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    hooks = _leaf_hooks(tensor).post_accumulate
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def _as_tensor(grad, device=None):
    if isinstance(grad, _tensor.Tensor) or grad is None:
        return grad
    if grad.__class__ is _sparse_gradient.SparseGradient:
        return grad.tensor()
    if device is None:
        device = backends.backend_of_array(grad).device_of(grad)
    return _tensor.wrap(device._backend.ensure_array(grad), device)


def _as_engine_value(value, create_graph):
    if value is None or create_graph:
        return value
    if _sparse_registry.is_sparse(value):
        return _sparse_gradient.from_tensor(value)
    return value._array


def apply_tensor_hooks(hooks, grad, device, create_graph):
    """Run tensor hooks in registration order; each may replace the gradient."""
    if not hooks or grad is None:
        return grad
    tensor_grad = _as_tensor(grad, device)
    for hook in list(hooks.values()):
        result = hook(tensor_grad)
        if result is not None:
            _check_hook_result(hook, tensor_grad, result)
            tensor_grad = result
    return _as_engine_value(tensor_grad, create_graph)


#: the scalar types with a legacy tensor type name (``torch.FloatTensor``); the rest print as ``CPUBoolType``
_LEGACY_NAMED = frozenset(("Byte", "Char", "Short", "Int", "Long", "Half", "Float", "Double"))


def _type_string(tensor):
    """PyTorch's ``Tensor::toString()``: the legacy type name where the scalar type has one, else the dispatch
    key and the scalar type (``CPUBoolType``, ``CUDAComplexFloatType``)."""
    scalar_type = tensor.dtype.scalar_type
    if scalar_type in _LEGACY_NAMED:
        return _tensor_str.legacy_type_name(tensor._array.dtype, tensor._array, tensor._device)
    return ("CUDA" if tensor._device.type == "cuda" else "CPU") + scalar_type + "Type"


def _check_hook_result(hook, original, result):
    """PyTorch's check of a hook's replacement gradient: a Tensor, of the same tensor type (dtype and device
    type) and size as the gradient it replaces."""
    if not isinstance(result, _tensor.Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
    if original is None:
        return
    name = getattr(hook, "__name__", "<unknown>")
    if result.dtype is not original.dtype or result._device.type != original._device.type:
        raise RuntimeError(
            f"hook '{name}' has changed the type of value (was {_type_string(original)} got {_type_string(result)})")
    if result.shape != original.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")


def apply_node_pre_hooks(node, buffer, create_graph):
    """Tensor hooks of the node's outputs, then the node's own pre-hooks (gradients wrapped on their own
    devices)."""
    device = None
    extras = node._extras
    multi = buffer.__class__ is dict
    for output_nr, hooks in extras.tensor_pre_hooks.items():
        if multi:
            if output_nr in buffer:
                buffer[output_nr] = apply_tensor_hooks(hooks, buffer[output_nr], device, create_graph)
        elif output_nr == 0:
            buffer = apply_tensor_hooks(hooks, buffer, device, create_graph)
    for hook in list(extras.pre_hooks.values()):
        grads = (buffer,) if not multi else _by_output(node, buffer)
        originals = tuple(_as_tensor(g, device) for g in grads)
        result = hook(originals)
        if result is not None:
            _check_count(hook, result, len(grads))
            _check_results(hook, originals, result)
            values = [_as_engine_value(r, create_graph) for r in result]
            buffer = values[0] if not multi else {i: v for i, v in enumerate(values) if v is not None}
    return buffer


def _by_output(node, buffer):
    """A multi-output node's gradients, one per output in output order, None where none arrived (a custom
    Function knows how many outputs it has; another node's count ends at the last output that got one)."""
    meta = getattr(node, "_outputs_meta", None)
    count = len(meta) if meta else max(buffer) + 1
    return tuple(buffer.get(index) for index in range(count))


def _check_count(hook, result, expected):
    if len(result) != expected:
        name = getattr(hook, "__name__", type(hook).__name__)
        raise RuntimeError(f"hook '{name}' has returned an incorrect number of values (got {len(result)}, but "
                           f"expected {expected})")


def apply_node_post_hooks(node, grads, buffer, create_graph):
    """The node's hooks ``fn(grad_inputs, grad_outputs)``; each may replace ``grad_inputs``."""
    device = None  # each gradient is wrapped on its own array's device
    outputs = (buffer,) if buffer.__class__ is not dict else _by_output(node, buffer)
    # the hooks see (and may replace) one gradient per next_functions edge, PyTorch's layout (None for a wrapped
    # number's edge); the engine goes on with one per recorded edge
    public = graph.public_values(node, grads)
    changed = False
    for hook in list(node._extras.hooks.values()):
        originals = tuple(_as_tensor(g, device) for g in public)
        result = hook(originals, tuple(_as_tensor(g, device) for g in outputs))
        if result is not None:
            _check_count(hook, result, len(public))
            _check_results(hook, originals, result)
            public = [_as_engine_value(r, create_graph) for r in result]
            changed = True
    if changed:
        return graph.recorded_values(node, public, grads)
    return grads


def _check_results(hook, originals, results):
    """Each value a node hook returns: None, or a Tensor like the gradient it replaces."""
    for original, result in zip(originals, results):
        if result is not None:
            _check_hook_result(hook, original, result)
