"""Writing many values into a tensor at once: ``index_put`` (``x[indices] = values`` as a function, optionally
accumulating) and ``scatter_reduce`` (sum, prod, mean, amax, amin of the values landing on each position).

Repeated positions are reduced without atomics other than addition: the values are sorted by target position, a
segmented scan reduces each run, and each run's last element is written (the others go to a spare slot). This
runs the same on NumPy and CuPy and never reads device data on the host.
"""
import math

from .._numpy_names import numpy_names
from .. import _tensor, backends, dtypes
from . import complex_support
from ._op import Op, check_argument_devices
from .gather_scatter import _along_dim_index, _sliced_source
from .indexing import _convert_index, _is_mask, _nonzero_positions

__all__ = ["index_put", "scatter_reduce"]

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")


def _flat_positions(xp, shape, positions):
    """Row-major flat index of each element addressed by the advanced index ``positions`` (one array per dim)."""
    arrays = xp.broadcast_arrays(*positions)
    flat = xp.zeros(arrays[0].shape, dtype=xp.int64)
    for size, array in zip(shape, arrays):
        flat = flat * size + array.astype(xp.int64) % max(size, 1)
    return flat.reshape(-1)


def segment_reduce(xp, size, flat, values, combine, identity):
    """``(reduced, touched)``: for each of ``size`` positions, ``combine`` of the ``values`` whose ``flat``
    position it is (``identity`` where none), and whether any landed there."""
    if not flat.size:
        return xp.full(size, identity, dtype=values.dtype), xp.zeros(size, dtype=bool)
    order = xp.argsort(flat, kind="stable")
    keys = flat[order]
    run = values.reshape(-1)[order]
    step = 1
    while step < keys.size:
        same = keys[step:] == keys[:-step]
        run = xp.concatenate([run[:step], xp.where(same, combine(run[step:], run[:-step]), run[step:])])
        step *= 2
    last = xp.concatenate([keys[1:] != keys[:-1], xp.ones(1, dtype=bool)])
    slot = xp.where(last, keys, size)
    reduced = xp.full(size + 1, identity, dtype=values.dtype)
    reduced[slot] = run
    touched = xp.zeros(size + 1, dtype=bool)
    touched[slot] = True
    return reduced[:size], touched[:size]


_COMBINE = {"sum": "add", "mean": "add", "prod": "multiply", "amax": "maximum", "amin": "minimum"}


def _identity(xp, reduce, np_dtype):
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtypes.floating_np(np_dtype):
        return -math.inf if reduce == "amax" else math.inf
    if np_dtype.kind == "b":
        return reduce == "amin"
    info = xp.iinfo(np_dtype)  # the dtype's limits: host metadata
    return info.min if reduce == "amax" else info.max


class ScatterReduceBackward0(Op):
    """``scatter_reduce``: the gradients are PyTorch's ``scatter_reduce_backward`` (amax/amin share the gradient
    evenly among the values equal to the result; prod divides by the input, so zeros in ``src`` give
    non-finite gradients there)."""

    __slots__ = ("positions", "reduce", "include_self")
    saved_scalars = {'include_self': 'include_self', 'reduce': 'reduce'}

    @staticmethod
    def forward(ctx, xp, a, src, positions, reduce, include_self):
        ctx.positions, ctx.reduce, ctx.include_self = positions, reduce, include_self
        flat = _flat_positions(xp, a.shape, positions)
        combine = getattr(xp, _COMBINE[reduce])
        reduced, touched = segment_reduce(xp, a.size, flat, src, combine, _identity(xp, reduce, a.dtype))
        reduced = reduced.reshape(a.shape)
        touched = touched.reshape(a.shape)
        count = None
        if reduce == "mean":
            ones = xp.ones(src.shape, dtype=xp.int64)
            count, _ = segment_reduce(xp, a.size, flat, ones, xp.add, 0)
            count = count.reshape(a.shape) + (1 if include_self else 0)
            count = xp.maximum(count, 1)
        if include_self:
            combined = combine(a, reduced)
        else:
            combined = reduced
        if count is not None:
            if dtypes.floating_np(a.dtype):
                combined = combined / count.astype(a.dtype)
            else:
                combined = combined // count.astype(a.dtype)
        out = xp.where(touched, combined.astype(a.dtype), a)
        if reduce == "mean":
            ctx.save_for_backward(touched, count.astype(a.dtype))
        elif reduce == "sum":
            ctx.save_for_backward(touched)
        else:
            ctx.save_for_backward(touched, a, src, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        saved = P.saved(ctx)
        touched = saved[0]
        positions = ctx.positions
        reduce = ctx.reduce
        zero = grad * 0
        if reduce == "sum":
            grad_self, grad_src = grad, grad[positions]
        elif reduce == "mean":
            scaled = grad / saved[1]
            grad_self, grad_src = scaled, scaled[positions]
        elif reduce == "prod":
            grad_self, grad_src = _prod_gradients(ctx, P, grad, *saved)
        else:
            a, src, out = saved[1:]
            value = out[positions]
            # the masks are constants (ones_like, not out * 0 + 1, whose derivative would carry 0 * inf back)
            one = P.ones_like(out)
            self_is = P.where(a == out, one, 0.0)
            src_is = P.where(src == value, P.ones_like(value), 0.0)
            count = self_is + P.index_add(ctx.input_shape(0), positions, src_is, True)
            distributed = grad / count
            grad_self = self_is * distributed
            grad_src = src_is * distributed[positions]
        if not ctx.include_self:
            grad_self = P.where(touched, zero, grad_self)
        return grad_self, grad_src


def _prod_gradients(ctx, P, grad, touched, a, src, out):
    """PyTorch's scatter_reduce_backward for 'prod', exact at zeros: ``self`` gets grad times the product of the
    values that landed on it (no division by ``self``); a value of ``src`` gets grad * result / value, or, where
    it is the only zero among the values landing on its position, grad times the product of the others (its
    position reduced again with that zero replaced by 1); with two zeros its gradient is 0."""
    positions = ctx.positions
    ones = P.ones_like(a)
    landed = _scatter_prod(P, ctx, ones, src, True)  # the product of the values landing on each position
    grad_self = P.where(touched, grad * landed, grad)
    src_zero = src == 0
    zeros_landing = P.index_add(ctx.input_shape(0), positions, P.where(src_zero, P.ones_like(src), 0.0), True)
    single_zero = src_zero & (zeros_landing[positions] == 1)
    without_zero = _scatter_prod(P, ctx, a, P.where(single_zero, P.ones_like(src), src), ctx.include_self)
    grad_src = P.where(single_zero, (grad * without_zero)[positions],
                       (grad * out)[positions] / P.where(src_zero, P.ones_like(src), src))
    return grad_self, grad_src


def _scatter_prod(P, ctx, base, src, include_self):
    """scatter_reduce(base, src, 'prod') at the node's positions: raw arrays on the fast path, a differentiable
    node under ``create_graph``."""
    if P.differentiable:
        return ScatterReduceBackward0.apply(base, src, ctx.positions, "prod", include_self)
    xp = P.xp
    flat = _flat_positions(xp, base.shape, ctx.positions)
    reduced, touched = segment_reduce(xp, base.size, flat, src, xp.multiply, 1)
    reduced = reduced.reshape(base.shape)
    combined = base * reduced if include_self else reduced
    return xp.where(touched.reshape(base.shape), combined, base)


class IndexPutBackward0(Op):
    """``index_put(input, indices, values, accumulate)``: a copy of ``input`` with ``values`` written (or added)
    at ``indices``. Gradients: ``input`` gets the gradient except where overwritten, ``values`` gets it at the
    indices (summed back to its shape)."""

    __slots__ = ("index", "accumulate")
    saved_scalars = {'accumulate': 'accumulate'}

    @staticmethod
    def forward(ctx, xp, a, values, index, accumulate):
        ctx.index, ctx.accumulate = index, accumulate
        out = a.copy()
        target_shape = out[index].shape
        values = xp.broadcast_to(values, target_shape)
        if accumulate:
            backends.backend_of_array(a).scatter_add(out, index, values)
        else:
            out[index] = values
        return out

    @staticmethod
    def backward(ctx, P, grad):
        needs = ctx.needs_input_grad
        grad_self = None
        if needs[0]:
            if ctx.accumulate:
                grad_self = grad
            else:
                kept = P.index_add(ctx.input_shape(0), ctx.index, grad[ctx.index] * 0 + 1, False)
                grad_self = grad - grad * kept
        grad_values = grad[ctx.index] if needs[1] else None
        return grad_self, grad_values


def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``values`` put at ``indices`` (a tuple of index tensors, one per leading dim, as
    ``input[indices] = values`` takes them), added when ``accumulate`` (repeated indices then add up), as
    ``torch.index_put``. Raises RuntimeError when the dtypes differ (PyTorch's message), IndexError for indices
    out of range.

    >>> import gradlib
    >>> x = gradlib.zeros(3)
    >>> gradlib.index_put(x, (gradlib.tensor([0, 0, 2]),), gradlib.tensor([1., 2., 3.]), accumulate=True)
    tensor([3., 0., 3.])
    """
    if not isinstance(indices, (tuple, list)):
        raise TypeError("index_put(): argument 'indices' must be tuple of Tensors")
    if not isinstance(values, _tensor.Tensor):
        raise TypeError(f"index_put(): argument 'values' must be Tensor, not {type(values).__name__}")
    if values.dtype is not input.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{input.dtype.scalar_type} for the destination and "
                           f"{values.dtype.scalar_type} for the source.")
    if values._device is not input._device:
        check_argument_devices("index_put_", ("self", input), ("values", values))
    index = _convert_index(input, tuple(slice(None) if part is None else part for part in indices))
    if any(_is_mask(part) and part.ndim for part in index):
        with input._device._backend.guard(input._device):
            index = _nonzero_positions(index)  # the mask's positions: PyTorch's nonzero in index_put_ (a sync)
    return IndexPutBackward0.apply(input, values, index, bool(accumulate))


@numpy_names
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """``input`` with the ``src`` values reduced into the positions ``index`` names along ``dim`` (as
    ``scatter``), as ``torch.scatter_reduce``: ``reduce`` is 'sum', 'prod', 'mean', 'amax' or 'amin'; with
    ``include_self`` the original value takes part, else positions receiving values forget it. Integer 'mean'
    rounds down, as PyTorch. Raises RuntimeError for another ``reduce``, dtypes that differ or indices out of
    range (on a GPU at the next synchronization).

    >>> import gradlib
    >>> x = gradlib.tensor([1., 2., 3.])
    >>> x.scatter_reduce(0, gradlib.tensor([0, 0, 2]), gradlib.tensor([5., 6., 7.]), 'amax')
    tensor([6., 2., 7.])
    """
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    check_argument_devices("scatter_reduce_two", ("self", input), ("index", index), ("src", src))
    if src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.dtype is not dtypes.int64:
        raise RuntimeError("scatter(): Expected dtype int64 for index")
    complex_support.check("scatter_reduce_" + reduce if reduce in ("amax", "amin") else "scatter_reduce", input, src)
    positions = _along_dim_index(input, dim, index, "scatter_reduce")
    return ScatterReduceBackward0.apply(input, _sliced_source(src, index), positions, reduce, bool(include_self))
