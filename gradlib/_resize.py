"""``Tensor.resize_`` and ``resize_as_``: give a tensor another shape in place, keeping its elements in order.

PyTorch's resize_ reinterprets the tensor's storage: a smaller size keeps the first elements (the memory stays
shared with the tensor's views), a larger one reallocates and leaves the new elements uninitialized (gradlib
fills them with zeros). Not differentiable: a tensor that requires grad is refused, as in PyTorch.
"""
import math

from .autograd import capture as _capture
from .backends import device_guard

__all__ = ["resize_", "resize_as_"]


def _sizes(sizes):
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    return tuple(int(size) for size in sizes)


def resize_(tensor, *sizes):
    """``tensor`` reshaped in place to ``sizes`` (its first elements in order; zeros beyond its old size), as
    ``torch.Tensor.resize_``. Raises RuntimeError for a tensor that requires grad, a negative size or a tensor
    that is not contiguous (PyTorch would keep its storage order, which gradlib does not track).

    >>> import gradlib
    >>> gradlib.arange(1., 7.).resize_(2, 3)
    tensor([[1., 2., 3.],
            [4., 5., 6.]])
    >>> gradlib.arange(4.).resize_(3)
    tensor([0., 1., 2.])
    """
    shape = _sizes(sizes)
    if tensor.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    if any(size < 0 for size in shape):  # PyTorch's words: its element count is computed unsigned
        raise RuntimeError("numel: integer multiplication overflow")
    array = tensor._array
    if tuple(array.shape) == shape:
        return tensor
    if not array.flags.c_contiguous:
        raise RuntimeError("resize_: gradlib resizes contiguous tensors only; call .contiguous() first")
    if _capture.recorder is not None:
        _capture.check_storage_swap(array, "resize_")
    flat = array.reshape(-1)
    count = math.prod(shape)
    if count <= flat.size:
        resized = flat[:count].reshape(shape)  # the same memory: views of the tensor still see it
    else:
        with device_guard(tensor._device):
            grown = tensor._device._backend.xp.zeros(count, dtype=array.dtype)
            grown[:flat.size] = flat
        resized = grown.reshape(shape)
    tensor._array = resized
    tensor._bump_version()
    return tensor


def resize_as_(tensor, other):
    """``resize_(tensor, other.shape)``, as ``torch.Tensor.resize_as_``.

    >>> import gradlib
    >>> gradlib.zeros(2, 3).resize_as_(gradlib.ones(3, 2)).shape
    gradlib.Size([3, 2])
    """
    return resize_(tensor, tuple(other.shape))
