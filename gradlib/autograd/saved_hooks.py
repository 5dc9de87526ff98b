"""Saved tensors: packing (``saved_tensors_hooks``), version checks and cycle-free saving of outputs.

``gradlib.autograd.graph.saved_tensors_hooks(pack, unpack)`` intercepts every tensor an op saves for
backward while the context is active: ``pack(tensor)`` returns anything (e.g. a CPU copy), ``unpack(packed)``
turns it back into a tensor when backward needs it.
"""
from . import grad_mode
from .graph import FREED_MESSAGE

__all__ = ["saved_tensors_hooks", "save_on_cpu", "pack_saved", "unpack_saved", "hooks_active", "pack_op_saved"]

_stack = []


def hooks_active():
    return bool(_stack)


class saved_tensors_hooks:
    """Context manager: every tensor saved for backward inside goes through ``pack_hook``/``unpack_hook``.

    >>> import gradlib
    >>> packed = []
    >>> def pack(t):
    ...     packed.append(t.shape)
    ...     return t.detach().clone()
    >>> x = gradlib.ones(3, requires_grad=True)
    >>> with gradlib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    ...     y = (x * x).sum()
    >>> y.backward(); packed, x.grad
    ([gradlib.Size([3]), gradlib.Size([3])], tensor([2., 2., 2.]))
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        _stack.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        _stack.pop()
        return False


def _pack(tensor):
    pack_hook, unpack_hook = _stack[-1]
    with grad_mode.no_grad():
        return ("packed", pack_hook(tensor), unpack_hook)


def pack_saved(node, tensor, outputs):
    """What a custom Function's node keeps for one ``save_for_backward`` argument."""
    from .inference import check_not_inference
    if tensor is None:
        return ("none",)
    check_not_inference(tensor)
    if _stack:
        return _pack(tensor)
    counter = tensor._vc
    if counter is None:
        counter = tensor._vc = [0]
    for index, output in enumerate(outputs):
        if output is tensor:
            return ("output", tensor._array, counter, counter[0], index, tensor._device)
    return ("input", tensor, counter, counter[0])


def unpack_saved(node, index, item):
    """The tensor back from ``pack_saved``'s record, refusing one changed in place since it was saved."""
    from .._tensor import wrap
    kind = item[0]
    if kind == "none":
        return None
    if kind == "plain":
        return item[1]
    if kind == "packed":
        with grad_mode.no_grad():
            return item[2](item[1])
    counter, expected = item[2], item[3]
    if counter[0] != expected:
        from .graph import version_error
        if kind == "input":
            raise RuntimeError(version_error(item[1], counter[0], expected, None, item[1]._output_nr))
        raise RuntimeError(version_error(item[1], counter[0], expected, node, item[4]))
    if kind == "input":
        return item[1]
    output = wrap(item[1], item[5])
    output._grad_fn = node
    output._requires_grad = True
    output._output_nr = item[4]
    output._vc = counter
    return output


def pack_op_saved(ctx, outputs):
    """Built-in ops under ``saved_tensors_hooks``: pack each saved array as a tensor."""
    from .._tensor import wrap
    from .inference import check_not_inference
    packed = [None] * len(ctx._saved)
    for index in _pack_order(ctx):
        array, info = ctx._saved[index], ctx._saved_info[index]
        if info is not None and info[0] is not None:
            tensor = info[0]
            check_not_inference(tensor)
        else:
            from ..backends import backend_of_array
            backend = backend_of_array(array)
            tensor = wrap(backend.ensure_array(array), backend.device_of(array))
        packed[index] = _pack(tensor)
    ctx._saved = tuple(packed)
    ctx._saved_info = "packed"


def _pack_order(ctx):
    """The order in which PyTorch's node packs (and unpacks) its saved tensors: the op's ``pack_order`` (indices
    into its saved tuple; PyTorch saves the inputs by name in alphabetical order, the result last), else as
    saved."""
    order = getattr(type(ctx), "pack_order", None)
    return order if order is not None else range(len(ctx._saved))


class save_on_cpu(saved_tensors_hooks):
    """``saved_tensors_hooks`` that keep every tensor saved for backward on the CPU and copy it back to its
    device when backward needs it (``torch.autograd.graph.save_on_cpu``): GPU memory for host memory and two
    copies per saved tensor. ``pin_memory`` is accepted (gradlib's host copies are plain NumPy arrays).

    >>> import gradlib
    >>> x = gradlib.ones(3, requires_grad=True)
    >>> with gradlib.autograd.graph.save_on_cpu(pin_memory=True):
    ...     y = (x * x).sum()
    >>> y.backward(); x.grad
    tensor([2., 2., 2.])
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack(tensor):
            return tensor.device, tensor.cpu()

        def unpack(packed):
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack, unpack)


def unpack_op_saved(ctx, as_tensors):
    """The arrays (or tensors) of a built-in op's packed saved values."""
    if ctx._saved == "freed":
        raise RuntimeError(FREED_MESSAGE)
    tensors = [None] * len(ctx._saved)
    with grad_mode.no_grad():
        for index in _pack_order(ctx):
            _, packed, unpack_hook = ctx._saved[index]
            tensors[index] = unpack_hook(packed)
    if as_tensors:
        return tuple(tensors)
    return tuple(t._array for t in tensors)
