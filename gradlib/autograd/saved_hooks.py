"""Saved tensors: packing (``saved_tensors_hooks``), version checks and cycle-free saving of outputs.

``gradlib.autograd.graph.saved_tensors_hooks(pack, unpack)`` intercepts every tensor an op saves for
backward while the context is active on the same thread (the hooks are thread-local, as in PyTorch):
``pack(tensor)`` returns anything (e.g. a CPU copy), ``unpack(packed)`` turns it back into a tensor when
backward needs it.
"""
from .. import _tensor, backends
from . import grad_mode, graph, inference
from .graph import saved_tensors_hooks

_state = grad_mode.state  # .saved_hooks: this thread's (pack, unpack) pairs (thread-local, like grad mode)

__all__ = ["saved_tensors_hooks", "pack_saved", "unpack_saved", "hooks_active", "pack_op_saved",
           "saved_arrays"]


def hooks_active():
    return bool(_state.saved_hooks)


def saved_arrays(node):
    """A built-in op's saved arrays; raises if they were freed or changed in place since they were saved."""
    saved = node._saved
    if saved is graph.FREED:
        raise RuntimeError(graph.FREED_MESSAGE)
    info = node._saved_info
    if info == "packed":
        return unpack_op_saved(node, as_tensors=False)
    for index, entry in enumerate(info):
        if entry is not None and entry[1][0] != entry[2]:
            tensor = entry[0]
            output_nr = tensor._output_nr if tensor is not None else entry[3]
            owner = tensor._grad_fn if tensor is not None else node
            array = tensor._array if tensor is not None else saved[index]
            raise RuntimeError(graph.version_error(array, entry[1][0], entry[2], owner, output_nr))
    return saved


def _pack(tensor):
    pack_hook, unpack_hook = _state.saved_hooks[-1]
    with grad_mode.no_grad():
        return ("packed", pack_hook(tensor), unpack_hook)


def pack_saved(node, tensor, outputs):
    """What a custom Function's node keeps for one ``save_for_backward`` argument."""
    if tensor is None:
        return ("none",)
    inference.check_not_inference(tensor)
    if _state.saved_hooks:
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
        if kind == "input":
            raise RuntimeError(graph.version_error(item[1], counter[0], expected, None, item[1]._output_nr))
        raise RuntimeError(graph.version_error(item[1], counter[0], expected, node, item[4]))
    if kind == "input":
        return item[1]
    output = _tensor.wrap(item[1], item[5])
    output._grad_fn = node
    output._requires_grad = True
    output._output_nr = item[4]
    output._vc = counter
    return output


def pack_op_saved(ctx, outputs):
    """Built-in ops under ``saved_tensors_hooks``: pack each saved array as a tensor."""
    packed = [None] * len(ctx._saved)
    for index in _pack_order(ctx):
        array, info = ctx._saved[index], ctx._saved_info[index]
        if info is not None and info[0] is not None:
            tensor = info[0]
            inference.check_not_inference(tensor)
        else:
            backend = backends.backend_of_array(array)
            tensor = _tensor.wrap(backend.ensure_array(array), backend.device_of(array))
        packed[index] = _pack(tensor)
    ctx._saved = tuple(packed)
    ctx._saved_info = "packed"


def _pack_order(ctx):
    """The order in which PyTorch's node packs (and unpacks) its saved tensors: the op's ``pack_order`` (indices
    into its saved tuple; PyTorch saves the inputs by name in alphabetical order, the result last), else as
    saved."""
    order = getattr(type(ctx), "pack_order", None)
    return order if order is not None else range(len(ctx._saved))


def unpack_op_saved(ctx, as_tensors):
    """The arrays (or tensors) of a built-in op's packed saved values."""
    if ctx._saved == "freed":
        raise RuntimeError(graph.FREED_MESSAGE)
    tensors = [None] * len(ctx._saved)
    with grad_mode.no_grad():
        for index in _pack_order(ctx):
            _, packed, unpack_hook = ctx._saved[index]
            tensors[index] = unpack_hook(packed)
    if as_tensors:
        return tuple(tensors)
    return tuple(t._array for t in tensors)
