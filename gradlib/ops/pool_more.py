"""More pooling nodes on raw arrays: adaptive max pooling (PyTorch's ``AdaptiveMaxPool2DBackward0``).

Adaptive windows differ in size by at most one cell, so a window is read as its longest length with the indices
past its end clipped to its last cell: a repeated cell changes neither the maximum nor which cell is found first.
One gather builds every window at once (no Python loop over pixels); the gradient is an index_add at the found
cells, like max_pool2d's.
"""
from .. import dtypes
from . import conv as _conv
from ._op import Op

__all__ = ["AdaptiveMaxPool2DBackward0", "MaxUnpool2DBackward0"]


def _clipped_windows(xp, size, out_size):
    """(out_size, longest window) cell indices along one dim, each window's tail clipped to its last cell."""
    longest = max(end - start for start, end in _conv._windows(size, out_size))
    starts, ends = _conv._window_bounds(xp, size, out_size)
    return xp.minimum(starts + xp.arange(longest).reshape(1, -1), ends - 1)


def window_argmax(xp, backend, windows):
    """The offset of each window's maximum along the last dim: the first maximum, or the last NaN where the window
    holds NaN (PyTorch's CPU kernels: ``if (val > max || isnan(val))``)."""
    arg = xp.argmax(windows, axis=-1)
    if dtypes.floating_np(windows.dtype):
        nan = windows != windows
        if backend.may_be_any(nan):
            last = windows.shape[-1] - 1
            last_nan = last - xp.argmax(nan[..., ::-1], axis=-1)
            arg = xp.where(nan.any(axis=-1), last_nan, arg)
    return arg


class AdaptiveMaxPool2DBackward0(Op):
    """y, indices = adaptive_max_pool2d(x) for (..., H, W) ``x`` (nonempty planes) and a nonzero (OH, OW):
    ``indices`` are flat positions in each (H, W) plane (int64). The gradient goes to each window's maximum (accumulating where windows
    overlap); under create_graph it is an index_add again."""

    __slots__ = ("arg", "disjoint")
    output_format = "suggested"
    nondiff_outputs = (1,)

    @staticmethod
    def forward(ctx, xp, x, out_hw):
        *leading, h, w = x.shape
        rows = _clipped_windows(xp, h, out_hw[0])
        cols = _clipped_windows(xp, w, out_hw[1])
        flat = rows[:, None, :, None] * w + cols[None, :, None, :]  # (OH, OW, KH, KW)
        flat = flat.reshape(out_hw[0], out_hw[1], -1)
        windows = x.reshape(-1, h * w)[:, flat]  # (planes, OH, OW, KH * KW)
        arg = window_argmax(xp, _conv._backend(x), windows)
        out = windows.max(axis=-1)
        index = xp.take_along_axis(xp.broadcast_to(flat, windows.shape), arg[..., None], axis=-1)[..., 0]
        index = index.astype(xp.int64)
        ctx.arg = index
        ctx.disjoint = h % out_hw[0] == 0 and w % out_hw[1] == 0
        shape = tuple(leading) + tuple(out_hw)
        return out.reshape(shape), index.reshape(shape)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        h, w = shape[-2:]
        xp = ctx.xp
        planes = ctx.arg.shape[0]
        positions = (ctx.arg + xp.arange(planes).reshape(-1, 1, 1) * (h * w)).reshape(-1)
        flat = P.index_add((planes * h * w,), (positions,), P.reshape(grad, (-1,)), not ctx.disjoint)
        return P.reshape(flat, shape)


class MaxUnpool2DBackward0(Op):
    """y = max_unpool2d(x, indices): zeros of (..., OH, OW) with each value of ``x`` (..., H, W) written at its
    flat position in its (OH, OW) plane (a later write wins a repeated position, as PyTorch's CPU loop). Positions
    outside the plane go to a spare slot that is cut off (the caller has already refused them on the host; a
    device raises at its next synchronization). The gradient reads ``grad`` at the positions (indexing again under
    create_graph)."""

    __slots__ = ("positions",)

    @staticmethod
    def forward(ctx, xp, x, indices, out_hw):
        leading = x.shape[:-2]
        planes = 1
        for size in leading:
            planes *= size
        volume = out_hw[0] * out_hw[1]
        flat_indices = indices.reshape(planes, x.size // planes if planes else 0)
        inside = (flat_indices >= 0) & (flat_indices < volume)
        positions = flat_indices + xp.arange(planes).reshape(-1, 1) * volume
        spare = planes * volume
        positions = xp.where(inside, positions, spare).reshape(-1)
        ctx.positions = positions
        out = xp.zeros(spare + 1, dtype=x.dtype)
        out[positions] = x.reshape(-1)
        return out[:spare].reshape(tuple(leading) + tuple(out_hw))

    @staticmethod
    def backward(ctx, P, grad):
        flat = P.reshape(grad, (-1,))
        flat = P.cat([flat, P.zeros_like(flat[:1])], 0)  # the spare slot reads 0
        return P.reshape(flat[(ctx.positions,)], ctx.input_shape(0))
