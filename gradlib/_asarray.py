"""``torch.asarray`` (a tensor from any object, sharing memory where it can, as PyTorch does on the CPU) and
``torch.frombuffer`` (a 1-D tensor over the bytes of a Python buffer, sharing them)."""
import warnings

import numpy  # frombuffer makes CPU tensors only: NumPy reads the buffer

from . import _creation, _tensor, dtypes
from .backends import backend_of_array
from .device import resolve

__all__ = ["asarray", "frombuffer"]

_warned_read_only = [False]


def _alias_error(source, wanted):
    return ValueError(f"can't alias tensor with dtype '{source.scalar_type}' into dtype '{wanted.scalar_type}'.")


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """``obj`` (a tensor, a NumPy/CuPy array, a buffer, a sequence or a number) as a tensor, as
    ``torch.asarray``: a tensor or array of the requested dtype and device is shared (``copy=None``, the default;
    a tensor is returned itself), else converted; ``copy=True`` always copies and ``copy=False`` refuses to
    (ValueError, PyTorch's message, when a dtype or device change would need one). A buffer (bytes, bytearray,
    memoryview) is read as ``frombuffer`` does. ``requires_grad=True`` makes the result a leaf requiring grad.

    >>> import gradlib, numpy
    >>> a = numpy.array([1, 2, 3])
    >>> t = gradlib.asarray(a)
    >>> a[0] = 9
    >>> t
    tensor([9, 2, 3])
    """
    wanted = None if dtype is None else dtypes.as_dtype(dtype)
    target = None if device is None else resolve(device)
    if isinstance(obj, _tensor.Tensor):
        source_dtype, source_device = obj.dtype, obj._device
        shared = obj
    elif backend_of_array(obj) is not None:
        shared = _creation.as_tensor(obj)
        source_dtype, source_device = shared.dtype, shared._device
    elif isinstance(obj, (bytes, bytearray, memoryview)):
        shared = frombuffer(obj, dtype=wanted or dtypes.get_default_dtype())
        source_dtype, source_device = shared.dtype, shared._device
    else:
        out = _creation.tensor(obj, dtype=wanted, device=target)
        return out.requires_grad_() if requires_grad else out
    same = (wanted is None or wanted is source_dtype) and (target is None or target == source_device)
    if copy is False and not same:
        if wanted is not None and wanted is not source_dtype:
            raise _alias_error(source_dtype, wanted)
        raise ValueError(f"can't alias tensor from device '{source_device}' to '{target}'.")
    out = shared
    if not same:
        out = shared.to(device=target or source_device, dtype=wanted or source_dtype)
    elif copy:
        out = shared.clone()
    if isinstance(obj, _tensor.Tensor) and out is obj:
        return obj
    out = out.detach() if out.requires_grad and not isinstance(obj, _tensor.Tensor) else out
    if requires_grad:
        out.requires_grad_()
    return out


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D CPU tensor over the bytes of ``buffer`` (an object with the buffer protocol), sharing them, as
    ``torch.frombuffer``: ``count`` elements of ``dtype`` (-1: as many as fit) after ``offset`` bytes. A
    read-only buffer warns once, as PyTorch does (the tensor can still write to it). Raises ValueError, with
    PyTorch's messages, for an empty buffer or zero count, an offset outside the buffer, a length that is not a
    whole number of elements, or a count beyond the buffer.

    >>> import gradlib
    >>> gradlib.frombuffer(bytearray(b'\\x01\\x02\\x03'), dtype=gradlib.uint8)
    tensor([1, 2, 3], dtype=gradlib.uint8)
    """
    view = memoryview(buffer)
    dtype = dtypes.as_dtype(dtype)
    length = view.nbytes
    item = dtype.itemsize
    if length == 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    if count < 0:
        if (length - offset) % item:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({item})")
        count = (length - offset) // item
    elif offset + count * item > length:
        raise ValueError(f"requested buffer length ({count} * {item} bytes) after offset ({offset} bytes) must "
                         f"not be greater than actual buffer length ({length} bytes)")
    if view.readonly and not _warned_read_only[0]:
        _warned_read_only[0] = True
        warnings.warn("The given buffer is not writable, and PyTorch does not support non-writable tensors. This "
                      "means you can write to the underlying (supposedly non-writable) buffer using the tensor. You "
                      "may want to copy the buffer to protect its data or make it writable before converting it to "
                      "a tensor. This type of warning will be suppressed for the rest of this program.", UserWarning,
                      stacklevel=2)
    array = numpy.frombuffer(view.cast("B") if view.format != "B" else view, dtype=dtype.np, count=count,
                             offset=offset)
    out = _creation.from_numpy(array)
    if requires_grad:
        out.requires_grad_()
    return out
