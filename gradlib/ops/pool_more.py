"""More pooling nodes on raw arrays: adaptive max pooling and max unpooling in 2 and 3 spatial dims (PyTorch's
``AdaptiveMaxPool2DBackward0``/``AdaptiveMaxPool3DBackward0``, ``MaxUnpool2DBackward0``/``MaxUnpool3DBackward0``).

Adaptive windows differ in size by at most one cell, so a window is read as its longest length with the indices
past its end clipped to its last cell: a repeated cell changes neither the maximum nor which cell is found first.
One gather builds every window at once (no Python loop over pixels); the gradient is an index_add at the found
cells, like max_pool2d's.
"""
from .. import dtypes
from . import conv as _conv
from ._op import Op

__all__ = ["AdaptiveMaxPool2DBackward0", "AdaptiveMaxPool3DBackward0", "MaxUnpool2DBackward0", "MaxUnpool3DBackward0"]


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


class _AdaptiveMaxPool(Op):
    """y, indices = adaptive max pooling of the last ``len(out_size)`` dims of ``x`` (nonempty, to nonzero sizes):
    ``indices`` are flat positions in each (H, W) plane or (D, H, W) volume (int64). The windows of every output
    cell are gathered at once as the product of the per-dim clipped windows. The gradient goes to each window's
    maximum (accumulating where windows overlap); under create_graph it is an index_add again."""

    __slots__ = ("arg", "disjoint")
    output_format = "suggested"
    nondiff_outputs = (1,)

    @staticmethod
    def forward(ctx, xp, x, out_size):
        dims = len(out_size)
        spatial = x.shape[-dims:]
        leading = x.shape[:-dims]
        volume = 1
        flat = 0
        for d in range(dims - 1, -1, -1):  # (O1, ..., Ok, L1, ..., Lk): window cells, flat in the volume
            cells = _clipped_windows(xp, spatial[d], out_size[d])
            shape = [1] * (2 * dims)
            shape[d], shape[dims + d] = cells.shape
            flat = flat + cells.reshape(shape) * volume
            volume *= spatial[d]
        flat = flat.reshape(tuple(out_size) + (-1,))
        windows = x.reshape(-1, volume)[:, flat]  # (planes, O1, ..., Ok, window cells)
        arg = window_argmax(xp, _conv._backend(x), windows)
        # the found cell's own value (not max(): of -0. and 0. it would return either, PyTorch the first)
        out = xp.take_along_axis(windows, arg[..., None], axis=-1)[..., 0]
        index = xp.take_along_axis(xp.broadcast_to(flat, windows.shape), arg[..., None], axis=-1)[..., 0]
        index = index.astype(xp.int64)
        ctx.arg = index
        ctx.disjoint = all(size % out == 0 for size, out in zip(spatial, out_size))
        shape = tuple(leading) + tuple(out_size)
        return out.reshape(shape), index.reshape(shape)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        xp = ctx.xp
        planes = ctx.arg.shape[0]
        volume = 1
        for size in shape[len(shape) - (ctx.arg.ndim - 1):]:
            volume *= size
        offsets = xp.arange(planes).reshape((-1,) + (1,) * (ctx.arg.ndim - 1)) * volume
        positions = (ctx.arg + offsets).reshape(-1)
        flat = P.index_add((planes * volume,), (positions,), P.reshape(grad, (-1,)), not ctx.disjoint)
        return P.reshape(flat, shape)


class AdaptiveMaxPool2DBackward0(_AdaptiveMaxPool):
    """adaptive_max_pool2d of (..., H, W) ``x`` to (OH, OW); indices flat in each (H, W) plane."""

    __slots__ = ()


class AdaptiveMaxPool3DBackward0(_AdaptiveMaxPool):
    """adaptive_max_pool3d of (..., D, H, W) ``x`` to (OD, OH, OW); indices flat in each (D, H, W) volume."""

    __slots__ = ()


class _MaxUnpool(Op):
    """y = max unpooling of ``x`` (..., *in_size) into zeros of (..., *out_size): each value written at its flat
    position in its plane or volume of ``out_size`` (a later write wins a repeated position, as PyTorch's CPU loop).
    Positions outside go to a spare slot that is cut off (the caller has already refused them on the host; a
    device raises at its next synchronization). The gradient reads ``grad`` at the positions (indexing again under
    create_graph)."""

    __slots__ = ("positions",)

    @staticmethod
    def forward(ctx, xp, x, indices, out_size):
        leading = x.shape[:x.ndim - len(out_size)]
        planes = 1
        for size in leading:
            planes *= size
        volume = 1
        for size in out_size:
            volume *= size
        flat_indices = indices.reshape(planes, x.size // planes if planes else 0)
        inside = (flat_indices >= 0) & (flat_indices < volume)
        positions = flat_indices + xp.arange(planes).reshape(-1, 1) * volume
        spare = planes * volume
        positions = xp.where(inside, positions, spare).reshape(-1)
        ctx.positions = positions
        out = xp.zeros(spare + 1, dtype=x.dtype)
        out[positions] = x.reshape(-1)
        return out[:spare].reshape(tuple(leading) + tuple(out_size))

    @staticmethod
    def backward(ctx, P, grad):
        flat = P.reshape(grad, (-1,))
        flat = P.cat([flat, P.zeros_like(flat[:1])], 0)  # the spare slot reads 0
        return P.reshape(flat[(ctx.positions,)], ctx.input_shape(0))


class MaxUnpool2DBackward0(_MaxUnpool):
    """max_unpool2d: (..., H, W) into (..., OH, OW) planes."""

    __slots__ = ()


class MaxUnpool3DBackward0(_MaxUnpool):
    """max_unpool3d: (..., D, H, W) into (..., OD, OH, OW) volumes."""

    __slots__ = ()
