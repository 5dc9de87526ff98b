"""Sliding windows over one dim: ``Tensor.unfold(dimension, size, step)`` (a view, as PyTorch's) and its
gradient, which adds each window's gradient back where the window was read (overlapping windows accumulate).

``nn.functional.unfold`` (im2col over image patches) is a different function: see ``nn/_fold.py``.
"""
from ._args import require_tensor
from ._dims import normalize_dim
from ._op import Op, saved_int, saved_sizes

__all__ = ["unfold"]


def windows_array(xp, array, dim, size, step):
    """The windows of ``array`` along ``dim`` as a strided view: ``dim`` becomes the window count and a new last
    dim of ``size`` holds each window. A 0-d array counts as one element (its windows: shape ``(size,)``)."""
    if array.ndim == 0:
        return xp.lib.stride_tricks.as_strided(array, shape=(size,), strides=(0,))
    count = (array.shape[dim] - size) // step + 1
    shape = array.shape[:dim] + (count,) + array.shape[dim + 1:] + (size,)
    strides = array.strides[:dim] + (array.strides[dim] * step,) + array.strides[dim + 1:] + (array.strides[dim],)
    return xp.lib.stride_tricks.as_strided(array, shape=shape, strides=strides)


def windows_backward_array(xp, grad, input_shape, dim, size, step):
    """The input's gradient from the windows' ``grad``: each window's values added back where it was read."""
    out = xp.zeros(input_shape, dtype=grad.dtype)
    if not input_shape:
        return grad.reshape(()).copy() if size else out
    moved = xp.moveaxis(out, dim, -1)  # a view of ``out``: [..., length]
    windows = xp.moveaxis(grad, dim, -2)  # [..., count, size]
    count = windows.shape[-2]
    if size <= count:  # one strided slice per offset inside the window (the places of one offset are distinct)
        for offset in range(size):
            moved[..., offset:offset + step * (count - 1) + 1:step] += windows[..., offset]
    else:  # fewer windows than offsets: one slice per window
        for index in range(count):
            moved[..., index * step:index * step + size] += windows[..., index, :]
    return out


class UnfoldBackward0(Op):
    """``Tensor.unfold``: a view of the windows; the gradient goes back through ``UnfoldBackwardBackward0``."""

    __slots__ = ("dim", "size", "step")
    saved_scalars = {"dimension": saved_int("dim"), "self_sym_sizes": saved_sizes(), "size": "size", "step": "step"}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, dim, size, step):
        ctx.dim, ctx.size, ctx.step = dim, size, step
        return windows_array(xp, a, dim, size, step)

    @staticmethod
    def backward(ctx, P, grad):
        return P.unfold_backward(grad, tuple(ctx.input_shape(0)), ctx.dim, ctx.size, ctx.step)


class UnfoldBackwardBackward0(Op):
    """The windows' gradient added back into the input's shape; its own gradient is ``unfold`` again."""

    __slots__ = ("dim", "size", "step")

    @staticmethod
    def forward(ctx, xp, grad, input_shape, dim, size, step):
        ctx.dim, ctx.size, ctx.step = dim, size, step
        return windows_backward_array(xp, grad, input_shape, dim, size, step)

    @staticmethod
    def backward(ctx, P, grad):
        return P.unfold(grad, ctx.dim, ctx.size, ctx.step)


def _check(input, dimension, size, step):
    dim = normalize_dim(dimension, input.ndim)
    length = input.shape[dim] if input.ndim else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {length} but size is {size}")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return dim


def unfold(input, dimension, size, step):
    """The windows of ``size`` elements along ``dimension``, ``step`` apart, as a view of ``input`` (PyTorch's
    ``Tensor.unfold``): ``dimension`` becomes the number of windows, ``(length - size) // step + 1``, and a new
    last dim of ``size`` holds each window. Writing into the view writes into ``input``. The gradient adds each
    window's gradient back where it was read (overlapping windows accumulate); it is differentiable again.

    Raises IndexError for a dim out of range, RuntimeError when ``size`` exceeds the dim's length, ``size < 0``
    or ``step <= 0`` (PyTorch's messages). Any dtype; a 0-d tensor counts as one element.

    >>> import gradlib
    >>> gradlib.arange(7.).unfold(0, 3, 2)
    tensor([[0., 1., 2.],
            [2., 3., 4.],
            [4., 5., 6.]])
    """
    require_tensor("unfold", input)
    dim = _check(input, dimension, size, step)
    return UnfoldBackward0.apply(input, dim, size, step)


def unfold_backward(grad, input_shape, dim, size, step):
    """The differentiable gradient of ``unfold`` (the double-backward path of ``UnfoldBackward0``)."""
    return UnfoldBackwardBackward0.apply(grad, tuple(input_shape), dim, size, step)
