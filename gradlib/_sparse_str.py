"""PyTorch-identical printing of the sparse layouts (PyTorch's ``_tensor_str`` for sparse tensors): the inner
tensors one per line, then size, nnz, dtype, device, layout and the autograd suffix. Copies GPU data to the host."""
from . import _formats, _tensor_str, dtypes
from .device import get_default_device

__all__ = ["sparse_repr"]


def _body_text(tensor, indent):
    """One of the inner tensors of a sparse repr: its contents, or ``[]`` with its size when empty."""
    values = tensor._device._backend.to_numpy(tensor._array)
    if values.size == 0:
        return "[], size=" + str(tuple(values.shape))
    return _tensor_str._contents(values, indent, tensor.dtype.is_floating_point)


def sparse_repr(tensor, named):
    """The text of a sparse tensor: ``named`` is [(name, inner tensor)], printed one per line (PyTorch's
    _tensor_str for the sparse layouts), then size, nnz, dtype, device, layout and the autograd suffix."""
    indent = len("tensor(")
    suffixes = []
    device = tensor.device
    if device is not get_default_device() or (device.type == "cuda" and device.index != 0):
        suffixes.append(f"device='{device}'")
    suffixes.append("size=" + str(tuple(tensor._array.shape)))
    suffixes.append("nnz=" + str(tensor._nnz()))
    if tensor.dtype not in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool):
        suffixes.append("dtype=" + repr(tensor.dtype))
    lines = []
    for name, inner in named:
        prefix = name + "=tensor("
        lines.append(prefix + _body_text(inner, indent + len(prefix)) + ")")
    text = "tensor(" + (",\n" + " " * indent).join(lines)
    suffixes.append("layout=" + repr(tensor.layout))
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn=<{tensor.grad_fn.name()}>")
    elif tensor.requires_grad:
        suffixes.append("requires_grad=True")
    return _tensor_str._add_suffixes(text, suffixes, indent, force_newline=tensor.layout is _formats.sparse_coo)
