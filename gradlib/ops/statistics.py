"""Counting and order statistics: bincount, histc, searchsorted, bucketize, quantile, nanquantile, mode,
nansum, nanmean, aminmax, cov, corrcoef; variance and standard deviation: var, std, var_mean, std_mean.

bincount and histc (without bounds) size their output from the data and wait for the device, as PyTorch's do;
searchsorted and bucketize do not. quantile, mode, nansum, nanmean, cov and corrcoef are differentiable
compositions of sort, gather and arithmetic.
"""
import builtins
import math
import warnings as _warnings

from .._numpy_names import numpy_names
from .. import _creation, _tensor, backends, dtypes, return_types
from ..autograd import capture as _capture
from . import (arithmetic, comparison, elementwise, gather_scatter, indexing, join, rearrange, reduction, selection,
               shape, sorting, ternary)
from ._args import kernel_device, refuse_complex_number, require_tensor
from ._dims import expand_reduced, normalize_dim, normalize_dims
from ._op import Op, saved_sizes
from ..backends import numpy_backend as _numpy_backend
from . import complex_ops, complex_support

__all__ = ["bincount", "histc", "searchsorted", "bucketize", "quantile", "nanquantile", "mode", "nansum",
           "nanmean", "aminmax", "cov", "corrcoef", "var", "std", "var_mean", "std_mean"]


class Bincount(Op):
    __slots__ = ()
    differentiable = False

    @staticmethod
    def forward(ctx, xp, a, weights, length):
        # float32 weights sum in float32, any other dtype in float64 (PyTorch's two kernels)
        np_dtype = xp.int64 if weights is None else (xp.float32 if weights.dtype == xp.float32 else xp.float64)
        out = xp.zeros(length, dtype=np_dtype)
        values = xp.ones(a.shape, dtype=np_dtype) if weights is None else weights.astype(np_dtype)
        if a.size:
            backends.backend_of_array(out).scatter_add(out, a, values)
        return out


def bincount(input, weights=None, minlength=0):
    """How often each value 0..max occurs in a 1-D non-negative integer tensor (or the sum of ``weights`` at each),
    at least ``minlength`` long (``torch.bincount``). Waits for the device to size its output, as PyTorch's does.

    >>> import gradlib
    >>> gradlib.bincount(gradlib.tensor([0, 1, 1, 3]))
    tensor([1, 2, 0, 1])
    """
    # PyTorch's order: the integer kernel's dtype, minlength, an empty 1-D input (int64 zeros, weights or not),
    # then the dims and the values
    if input.dtype.is_floating_point or input.dtype.is_complex or input.dtype is dtypes.bool:
        raise NotImplementedError(f"\"bincount_{kernel_device(input)}\" not implemented for "
                                  f"'{input.dtype.scalar_type}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if input.ndim == 1 and input.numel() == 0:
        return _creation.zeros(minlength, dtype=dtypes.int64, device=input.device)
    if input.ndim != 1:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    length = minlength
    if input.numel():
        # the output's size depends on the data: one read of (min, max), the sync PyTorch makes too
        low, high = join.stack([reduction.amin(input), reduction.amax(input)]).tolist()
        if low < 0:
            raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
        length = max(high + 1, minlength)
    if weights is not None and weights.shape != input.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if weights is not None:  # PyTorch's two kernels: float32 weights sum in float32, any others in float64
        weights = weights.detach()
        if weights.dtype is not dtypes.float32:
            weights = weights.to(dtypes.float64)
    return Bincount.apply(input, weights, length)


class Histc(Op):
    __slots__ = ()
    differentiable = False

    @staticmethod
    def forward(ctx, xp, a, bins, low, high):
        out = xp.zeros(bins, dtype=a.dtype)
        flat = a.reshape(-1)
        inside = (flat >= low) & (flat <= high)
        width = (high - low) if high > low else 1.0
        position = xp.floor((flat.astype(xp.float64) - low) / width * bins).astype(xp.int64)
        position = xp.clip(position, 0, bins - 1)
        backends.backend_of_array(out).scatter_add(out, position, inside.astype(a.dtype))
        return out


def histc(input, bins=100, min=0, max=0):
    """A histogram of ``bins`` equal bins over [min, max] (the data's range when both are 0; values outside are
    ignored, ``max`` falls in the last bin), as ``torch.histc``. Reading the data's range waits for the device.

    >>> import gradlib
    >>> gradlib.histc(gradlib.tensor([1., 2., 1.]), bins=4, min=0, max=3)
    tensor([0., 2., 1., 0.])
    """
    # PyTorch's order: bins, min > max, the data's range (aminmax), its finiteness, the widened edges in the
    # input's dtype, linspace's dtype (no bool), then the histogram kernel's (floats only)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    low, high = float(min), float(max)
    if low > high:
        raise RuntimeError("torch.histc: max must be larger than min")
    from_data = low == high and input.numel()
    if from_data and input.dtype.is_complex:
        raise NotImplementedError(f"\"aminmax_{kernel_device(input)}\" not implemented for "
                                  f"'{input.dtype.scalar_type}'")
    if from_data:
        low, high = join.stack([reduction.amin(input), reduction.amax(input)]).tolist()  # the data's range: a sync
        low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)):  # PyTorch's check, before NumPy would warn on inf - inf
        raise RuntimeError(f"torch.histc: range of [{_c_number(low, from_data, input.dtype)}, "
                           f"{_c_number(high, from_data, input.dtype)}] is not finite")
    if low == high:
        low, high = low - 1, high + 1
    limits = {dtypes.uint8: (0, 255, "uint8_t"), dtypes.int8: (-128, 127, "int8_t")}.get(input.dtype)
    if limits and not (limits[0] <= low and high <= limits[1]):  # the edges in the input's dtype
        raise RuntimeError(f"value cannot be converted to type {limits[2]} without overflow")
    if input.dtype is dtypes.bool:
        raise NotImplementedError(f"\"linspace_{kernel_device(input)}\" not implemented for 'Bool'")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"\"histogram_{kernel_device(input)}\" not implemented for "
                                  f"'{input.dtype.scalar_type}'")
    return Histc.apply(input.detach(), int(bins), low, high)


def _c_number(value, computed, dtype=None):
    """``value`` as C++'s ostream writes a double; a NaN a float/double kernel computed is x86's default NaN,
    negative (a bfloat16 one, widened from its own bits, is positive)."""
    if math.isnan(value):
        widened = dtype is dtypes.bfloat16
        return "-nan" if (computed and not widened) or math.copysign(1.0, value) < 0 else "nan"
    return f"{value:g}"


class Searchsorted(Op):
    __slots__ = ()
    differentiable = False

    @staticmethod
    def forward(ctx, xp, boundaries, values, side, np_dtype):
        if boundaries.__class__ is _HOST_ARRAY and boundaries.ndim == 1 and not (
                _holds_nan(xp, boundaries) or _holds_nan(xp, values)):
            # NumPy's search answers as PyTorch's where no NaN takes part (asked only of host arrays: no sync)
            return xp.searchsorted(boundaries, values, side=side).astype(np_dtype)
        return _bisect(xp, boundaries, values, side == "right").astype(np_dtype)


def _holds_nan(xp, array):
    return array.dtype.kind not in "iub" and bool(xp.isnan(array).any())


_HOST_ARRAY = _numpy_backend.array_type


def _bisect(xp, boundaries, values, right):
    """PyTorch's binary search, vectorized over the values (``log2(n)`` elementwise passes): move past the middle
    entry unless it is >= the value (> with ``right``). A NaN compares false either way, so a NaN value, or one
    searched past a NaN boundary, lands where PyTorch's does (NumPy's searchsorted orders NaN last instead)."""
    size = boundaries.shape[-1]
    low = xp.zeros(values.shape, dtype=xp.int64)
    high = xp.full(values.shape, size, dtype=xp.int64)
    if not size or not values.size:
        return low
    rows = boundaries if boundaries.ndim == 1 else boundaries.reshape(-1, size)
    flat_shape = values.shape if boundaries.ndim == 1 else (rows.shape[0], -1)
    for _ in range(size.bit_length()):
        middle = low + ((high - low) >> 1)
        at = xp.minimum(middle, size - 1)
        if boundaries.ndim == 1:
            middle_value = rows[at]
        else:
            middle_value = xp.take_along_axis(rows, at.reshape(flat_shape), axis=1).reshape(values.shape)
        past = ~(middle_value > values) if right else ~(middle_value >= values)
        active = low < high
        low = xp.where(active & past, middle + 1, low)
        high = xp.where(active & ~past, middle, high)
    return low


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value of ``input``, the index where it would be inserted into ``sorted_sequence`` (its last dim,
    rows matching ``input``'s leading dims) to keep it sorted: before equal entries, or after them with
    ``right=True`` / ``side='right'`` (``torch.searchsorted``). int64 (int32 with ``out_int32``). PyTorch's
    binary search, comparisons and all: a NaN value, or one searched past a NaN boundary, lands where PyTorch's does.

    >>> import gradlib
    >>> gradlib.searchsorted(gradlib.tensor([1, 3, 5, 7]), gradlib.tensor([3, 6, 9]))
    tensor([1, 3, 4])
    """
    # PyTorch's searchsorted_pre_check order: side, the sorter, a scalar value, the boundaries' dims; then an empty
    # input returns before the dtype dispatch
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side != "right":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of "
                               f"{side} while right was True")
        right = side == "right"
    if sorter is not None and sorter.ndim == 0 and sorted_sequence.ndim == 0:
        raise RuntimeError("ArrayRef: attempted to access back() of empty list")  # PyTorch's sizes().back()
    refuse_complex_number("searchsorted_out", sorted_sequence, input)
    scalar = not isinstance(input, _tensor.Tensor)
    if scalar:
        input = _creation.tensor(input, device=sorted_sequence.device)
    if input.ndim == 0 and sorted_sequence.ndim != 1:
        raise RuntimeError("torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({sorted_sequence.ndim}) and input value's "
                           f"dim(0) numel(1)")
    if sorted_sequence.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if sorted_sequence.ndim > 1 and tuple(sorted_sequence.shape[:-1]) != tuple(input.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           "dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(sorted_sequence.shape)} and input value tensor "
                           f"{list(input.shape)}")
    np_dtype = dtypes.int32.np if out_int32 else dtypes.int64.np
    out_dtype = dtypes.int32 if out_int32 else dtypes.int64
    if input.numel() == 0:
        return _creation.zeros(input.shape, dtype=out_dtype, device=input.device)
    if sorter is not None:
        sorted_sequence = gather_scatter.take_along_dim(sorted_sequence, sorter, -1)
    common = dtypes.promote_types(sorted_sequence.dtype, input.dtype)
    if common is dtypes.bool or common.is_complex:  # the common dtype: no bool or complex kernel
        raise NotImplementedError(f'"searchsorted_out_{kernel_device(input)}" not implemented for '
                                  f"'{common.scalar_type}'")
    return Searchsorted.apply(sorted_sequence.detach(), input.detach(), "right" if right else "left", np_dtype)


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value: boundaries[i-1] < x <= boundaries[i] (``right=True``: <= x <), as
    ``torch.bucketize`` (``searchsorted`` with the arguments swapped).

    >>> import gradlib
    >>> gradlib.bucketize(gradlib.tensor([3, 6, 9]), gradlib.tensor([1, 3, 5, 7]))
    tensor([1, 3, 4])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, input, q, dim, keepdim, interpolation, ignore_nan):
    # PyTorch's order: a number q's range, the interpolation, quantile_checks (non-empty, q's dims, the dtypes),
    # the dim, then a q tensor's values
    q_tensor = isinstance(q, _tensor.Tensor)
    if not q_tensor and not 0 <= q <= 1:
        raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q:g}")  # C++'s double, nanquantile's too
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    if input.numel() == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if q_tensor and q.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if input.dtype not in (dtypes.float32, dtypes.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")  # nanquantile's too
    if q_tensor and q.dtype is not input.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    q_values = q if q_tensor else _creation.tensor(q, dtype=input.dtype, device=input.device)
    if dim is None:
        work = shape.reshape(input, (-1,))
        axis = 0
    else:
        axis = normalize_dim(dim, input.ndim)
        work = input
    if q_tensor and q.numel() and q.device.type == "cpu":  # PyTorch reads the check on the CPU only
        in_range = comparison.all(comparison.bitwise_and(comparison.ge(q, 0), comparison.le(q, 1)))
        if not in_range.item():
            raise RuntimeError("quantile() q values must be in the range [0, 1]")
    if work.ndim == 0:
        work = shape.reshape(work, (1,))
    size = work.shape[axis]
    ordered = sorting.sort(work, axis).values  # NaN last
    nan = elementwise.abs(work) != elementwise.abs(work)
    nan_count = reduction.sum(nan, axis, keepdim=True)
    count = (size - nan_count) if ignore_nan else arithmetic.mul(nan_count * 0 + 1, size)
    last = arithmetic.sub(count, 1).clamp(min=0).to(work.dtype)
    q_flat = shape.reshape(q_values.to(work.dtype), (-1,))
    no_q = q_flat.shape[0] == 0
    if no_q:  # an empty q: the shape of one quantile's result, with 0 in front
        q_flat = _creation.zeros(1, dtype=work.dtype, device=work.device)
    results = []
    for index in range(q_flat.shape[0]):
        rank = last * q_flat[index]
        if not ignore_nan:  # a slice holding NaN takes its last (NaN) element, as PyTorch: NaN, gradient there
            rank = selection.where(comparison.gt(nan_count, 0), float(size - 1), rank)
        lower = rank.floor()
        upper = rank.ceil()
        if interpolation == "lower":
            upper = lower
        elif interpolation == "higher":
            lower = upper
        elif interpolation == "nearest":
            lower = upper = rank.round()
        low_values = gather_scatter.take_along_dim(ordered, lower.long(), axis)
        high_values = gather_scatter.take_along_dim(ordered, upper.long(), axis)
        # PyTorch's: lower/higher/nearest the order statistic itself (-0. stays -0.), linear/midpoint its lerp
        if interpolation == "midpoint":
            value = ternary.lerp(low_values, high_values, rank * 0 + 0.5)
        elif interpolation == "linear":
            value = ternary.lerp(low_values, high_values, rank - lower)
        else:
            value = low_values
        if ignore_nan:
            value = selection.where(comparison.eq(count, 0), float("nan"), value)
        if not keepdim or dim is None or input.ndim == 0:
            value = shape.squeeze(value, axis)
            if keepdim:  # dim None with keepdim: every dim of the input kept as 1
                value = shape.reshape(value, (1,) * input.ndim)
        results.append(value)
    if not q_tensor or q_values.ndim == 0:
        return results[0]
    stacked = join.stack(results, 0)
    return stacked[:0] if no_q else stacked


@numpy_names
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-quantiles (a number or a 1-D tensor in [0, 1]) of ``input`` (flattened unless ``dim``), as
    ``torch.quantile``: ``interpolation`` 'linear' (default), 'lower', 'higher', 'midpoint' or 'nearest'
    between the two order statistics around ``q * (n - 1)``; NaN where a slice holds NaN. Differentiable.

    >>> import gradlib
    >>> gradlib.quantile(gradlib.tensor([1., 2., 3., 4.]), gradlib.tensor([0.25, 0.5]))
    tensor([1.7500, 2.5000])
    """
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


@numpy_names
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """``quantile`` ignoring NaN (NaN only where a slice is all NaN), as ``torch.nanquantile``.

    >>> import gradlib
    >>> gradlib.nanquantile(gradlib.tensor([1., float('nan'), 3.]), 0.5)
    tensor(2.)
    """
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)


@numpy_names
def mode(input, dim=-1, keepdim=False):
    """``(values, indices)``: the most frequent value along ``dim`` (the smallest among equally frequent ones)
    and the index of its last occurrence, as ``torch.mode``; the value's gradient goes to that index.

    >>> import gradlib
    >>> gradlib.mode(gradlib.tensor([1, 2, 2, 3, 3, 3]))
    gradlib.return_types.mode(
    values=tensor(3),
    indices=tensor(5))
    """
    axis = normalize_dim(dim, input.ndim)
    if input.ndim and input.shape[axis] == 0:
        raise IndexError(f"mode(): Expected reduction dim {axis} to have non-zero size.")
    if input.ndim and input.dtype.is_complex:  # a 0-d input is its own answer, whatever its dtype
        raise NotImplementedError(f"\"mode_{kernel_device(input)}\" not implemented for '{input.dtype.scalar_type}'")
    work = input if input.ndim else shape.reshape(input, (1,))
    data = work.detach()
    moved = shape.movedim(data, axis, -1)
    nan = comparison.ne(moved, moved)  # each NaN counts once (it equals nothing, as in PyTorch's run count)
    equal = comparison.eq(shape.unsqueeze(moved, -1), shape.unsqueeze(moved, -2))  # [..., i, j]: x_i == x_j
    counts = reduction.sum(equal, -1) + nan
    best = reduction.amax(counts, -1, keepdim=True)
    candidates = comparison.bitwise_and(comparison.eq(counts, best), ~nan)
    # the smallest most frequent number (NaN when only NaNs are), then its last position
    smallest = reduction.amin(selection.where(candidates, moved, math.inf), -1, keepdim=True)
    number_wins = comparison.gt(reduction.sum(candidates, -1, keepdim=True), 0)
    positions = _creation.arange(moved.shape[-1], device=input.device)
    hit = selection.where(number_wins, comparison.eq(moved, smallest), nan)
    index = reduction.amax(selection.where(hit, positions, positions * 0 - 1), -1, keepdim=True)
    index = shape.movedim(index, -1, axis)
    positions = gather_scatter._along_dim_index(work, axis, index, "gather")
    if not keepdim or input.ndim == 0:
        if _capture.capturing():  # the replay squeezes that replay's positions
            positions = _capture.recorder.call(_squeeze_parts, positions, axis)
        else:
            positions = _squeeze_parts(positions, axis)
        index = shape.squeeze(index, axis)
    values = indexing._getitem(work, positions, ModeBackward0)
    return return_types.mode(values, index)


def _squeeze_parts(parts, axis):
    return tuple(part.squeeze(axis) for part in parts)


class ModeBackward0(indexing.IndexBackward0):
    """``mode``'s values: the input at the chosen positions (found without recording), whose gradient goes
    back there."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}


@numpy_names
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum treating NaN as zero (``torch.nansum``).

    >>> import gradlib
    >>> gradlib.nansum(gradlib.tensor([1., float('nan'), 2.]))
    tensor(3.)
    """
    require_tensor("nansum", input)
    axes = tuple(range(input.ndim)) if dim is None or dim == () else normalize_dims(dim, input.ndim)
    complex_support.check("nansum", input)  # after the dims, as PyTorch
    input = reduction.half_to(input, dtype)
    np_dtype = reduction.reduce_dtype(input, dtype)
    return NansumBackward0.apply(input, axes, keepdim, np_dtype)


class NansumBackward0(Op):
    """The sum over ``axes`` with NaN taken as zero; NaN elements get no gradient."""

    __slots__ = ("axes", "keepdim")
    saved_names = ('self',)
    saved_scalars = {'dim': 'axes', 'keepdim': 'keepdim'}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim, dtype):
        ctx.axes, ctx.keepdim = axes, keepdim
        ctx.save_for_backward(a)
        return xp.nansum(a, axis=axes, keepdims=keepdim, dtype=dtype)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        grad = expand_reduced(P, grad, ctx.input_shape(0), ctx.axes, ctx.keepdim)
        return P.where(a != a, 0.0, grad)


@numpy_names
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the non-NaN elements (``torch.nanmean``; floating inputs only).

    >>> import gradlib
    >>> gradlib.nanmean(gradlib.tensor([1., float('nan'), 3.]))
    tensor(2.)
    """
    if not (input.dtype.is_floating_point or input.dtype.is_complex):  # the input's own dtype, before dtype=
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{input.dtype.scalar_type}")
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        if not (dtype.is_floating_point or dtype.is_complex):
            raise RuntimeError("nanmean(): could not infer output dtype. Optional dtype must be either a floating "
                               f"point or complex dtype. Got: {dtype.scalar_type}")
        complex_support.check("nansum", input)  # a complex input is refused whatever the dtype
        input = input.to(dtype)
    present = elementwise.abs(input) == elementwise.abs(input)
    return nansum(input, dim, keepdim) / reduction.sum(present, dim, keepdim)


@numpy_names
def aminmax(input, *, dim=None, keepdim=False):
    """``(min, max)`` of ``input`` (over ``dim``), as ``torch.aminmax``.

    >>> import gradlib
    >>> gradlib.aminmax(gradlib.tensor([3., 1., 2.])).max
    tensor(3.)
    """
    require_tensor("aminmax", input)
    if dim is not None:  # the dim and its size before the dtype, as PyTorch
        axis = normalize_dim(dim, input.ndim)
        if input.ndim and input.shape[axis] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {axis} to have non-zero size.")
    complex_support.check("aminmax", input)
    if dim is None:
        axes = tuple(range(input.ndim))
        if input.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
    else:
        axis = normalize_dim(dim, input.ndim)
        if input.ndim and input.shape[axis] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {axis} to have non-zero size.")
        axes = (axis,) if input.ndim else ()
    return return_types.aminmax(*AminmaxBackward0.apply(input, axes, keepdim))


class AminmaxBackward0(Op):
    """``(min, max)`` over ``axes``; each output's gradient is shared evenly among the elements tying for it."""

    __slots__ = ("axes", "keepdim")
    saved_names = ('self', 'min', 'max')
    # the node keeps the axes reduced: all of them without a dim (a vector's one axis reads as dim 0 then)
    saved_scalars = {"dim": lambda node: node.axes[0] if len(node.axes) == 1 else None, "keepdim": "keepdim"}
    multi_output = True
    num_outputs = 2

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim):
        ctx.axes, ctx.keepdim = axes, keepdim
        low = a.min(axis=axes, keepdims=keepdim)
        high = a.max(axis=axes, keepdims=keepdim)
        ctx.save_for_backward(a, low, high)
        return low, high

    @staticmethod
    def backward(ctx, P, grads):
        a, low, high = P.saved(ctx)
        total = None
        for grad, out in zip(grads, (low, high)):
            if grad is not None:
                part = reduction.extremum_gradient(P, grad, a, out, ctx.input_shape(0), ctx.axes, ctx.keepdim)
                total = part if total is None else total + part
        return total


def _check_cov_weights(name, weights, integral, observations):
    """PyTorch's checks of cov's weights; the value check (no negative weight) is deferred on a GPU."""
    if weights.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                           f"{weights.ndim} dimensions")
    if integral and weights.dtype.is_floating_point:
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} with "
                           f"{weights.dtype.scalar_type} dtype")
    if not integral and not weights.dtype.is_floating_point:
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got {name} with "
                           f"{weights.dtype.scalar_type} dtype")
    if weights.numel() != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the input "
                           f"but got {weights.numel()} != {observations}")
    error = RuntimeError(f"cov(): {name} cannot be negative")
    with backends.device_guard(weights._device):  # NaN fails too, as PyTorch's ge(0).all()
        failed = ~(weights._array >= 0).all()
    backends.backend_of_array(weights._array).check(failed, lambda: error, error)


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input`` (observations in columns; a 1-D input is
    one variable), as ``torch.cov``, with frequency weights ``fweights`` and observation weights ``aweights``.

    >>> import gradlib
    >>> gradlib.cov(gradlib.tensor([[1., 2., 4.], [0., 1., 1.]]))
    tensor([[2.3333, 0.6667],
            [0.6667, 0.3333]])
    """
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.ndim} dimensions")
    if input.dtype is dtypes.bool:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    data = input if input.ndim == 2 else shape.reshape(input, (1, -1))
    if not (data.dtype.is_floating_point or data.dtype.is_complex):
        data = data.to(dtypes.get_default_dtype())
    observations = data.shape[1]
    for name, given, integral in (("fweights", fweights, True), ("aweights", aweights, False)):
        if given is not None:
            _check_cov_weights(name, given, integral, observations)
    weights = None
    if fweights is not None:
        weights = fweights.to(data.dtype)
    if aweights is not None:
        weights = aweights.to(data.dtype) if weights is None else weights * aweights.to(data.dtype)
    if weights is not None:
        backend = backends.backend_of_array(weights._array)
        error = RuntimeError("cov(): weights sum to zero, can't be normalized")
        with backends.device_guard(weights._device):
            failed = weights._array.sum() == 0
        backend.check(failed, lambda: error, error)
    if weights is None:
        total = float(observations)
        mean = reduction.mean(data, 1, keepdim=True)
        norm = total - correction
        if norm <= 0:  # PyTorch warns and divides by zero
            _warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number "
                           "of observations. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                           "Correlation.cpp:129.)", UserWarning, stacklevel=3)
            norm = 0.0
        centered = data - mean
        out = (centered @ centered.mH) / norm  # mH: the conjugate for complex variables, as PyTorch
    else:
        total = reduction.sum(weights)
        mean = reduction.sum(data * weights, 1, keepdim=True) / total
        if aweights is None or correction == 0:
            norm = total - correction
        else:
            norm = total - correction * reduction.sum(weights * aweights.to(data.dtype)) / total
        centered = data - mean
        out = ((centered * weights) @ centered.mH) / norm
    return shape.squeeze(out)  # PyTorch squeezes every size-1 dim: one variable gives a 0-d tensor


def corrcoef(input):
    """Pearson's correlation coefficients of the rows of ``input`` (``torch.corrcoef``), clipped to [-1, 1].

    >>> import gradlib
    >>> gradlib.corrcoef(gradlib.tensor([[1., 2., 4.], [0., 1., 1.]]))
    tensor([[1.0000, 0.7559],
            [0.7559, 1.0000]])
    """
    if input.ndim > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.ndim} dimensions")
    covariance = cov(input)
    if covariance.ndim == 0:
        return covariance / covariance
    variances = rearrange.diagonal(covariance)
    spread = elementwise.sqrt(variances.real if variances.dtype.is_complex else variances)
    out = covariance / shape.unsqueeze(spread, 1) / shape.unsqueeze(spread, 0)
    if out.dtype.is_complex:  # PyTorch clips the real and imaginary parts each
        return complex_ops.complex(out.real.clamp(-1, 1), out.imag.clamp(-1, 1))
    return out.clamp(-1, 1)


class VarBackward0(Op):
    """Variance over ``axes`` with Bessel's ``correction``: d/dx = 2 (x - mean) / (N - correction); over all
    elements with N <= correction, PyTorch's grad * (NaN where x == mean, else inf)."""

    __slots__ = ("axes", "keepdim", "correction", "full")
    saved_names = ('self',)
    saved_scalars = {"dim": lambda node: None if node.full else tuple(node.axes), "keepdim": "keepdim"}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim, correction, full):
        ctx.axes, ctx.keepdim, ctx.correction, ctx.full = axes, keepdim, correction, full
        ctx.save_for_backward(a)
        return _variance(xp, a, axes, keepdim, correction)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return _var_backward(ctx, P, grad, a)


class StdBackward0(Op):
    """Standard deviation: sqrt of the variance, with PyTorch's mask: the gradient is 0 where the result is 0
    (constant input), not 0 * inf."""

    __slots__ = ("axes", "keepdim", "correction", "full")
    saved_names = ('self', 'result')
    saved_scalars = {"dim": lambda node: None if node.full else tuple(node.axes), "keepdim": "keepdim"}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim, correction, full):
        ctx.axes, ctx.keepdim, ctx.correction, ctx.full = axes, keepdim, correction, full
        out = xp.sqrt(_variance(xp, a, axes, keepdim, correction))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        grad_var = P.where(out == 0, 0.0, grad / (out * 2))
        return _var_backward(ctx, P, grad_var, a)


def _variance(xp, a, axes, keepdim, correction):
    centered = a - a.mean(axis=axes, keepdims=True)
    # With count <= correction this divides by zero: NaN or inf, as PyTorch gives.
    denominator = builtins.max(_count(a.shape, axes) - correction, 0)
    if centered.dtype.kind == "c":  # |z - mean|^2: the variance of complex numbers is real
        squares = centered.real * centered.real + centered.imag * centered.imag
    else:
        squares = centered * centered
    return squares.sum(axis=axes, keepdims=keepdim) / squares.dtype.type(denominator)


def _var_backward(ctx, P, grad, a):
    """PyTorch's var_backward for the gradient ``grad`` of the variance."""
    shape = ctx.input_shape(0)
    count = _count(shape, ctx.axes)
    dof = count - ctx.correction
    if ctx.input_dtype(0) == dtypes.float16.np:  # the mean in float32, rounded once, as PyTorch's
        mean = P.cast(P.sum(P.cast(a, dtypes.float32.np), ctx.axes, True) / count, ctx.input_dtype(0))
    else:
        mean = P.sum(a, ctx.axes, True) / count
    mean = expand_reduced(P, mean, shape, ctx.axes, True)
    grad = expand_reduced(P, grad, shape, ctx.axes, ctx.keepdim)
    if (ctx.full or not shape) and dof <= 0:  # PyTorch's test: all elements, or a 0-d input (any dim)
        zero = a * 0
        return grad * P.where(a == mean, zero + math.nan, zero + math.inf)
    scale = 2.0 / dof if dof else math.copysign(math.inf, 2.0)
    return scale * grad * (a - mean)


def _count(shape, axes):
    return math.prod(shape[axis] for axis in axes)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    if unbiased is None:
        return 1
    return 1 if unbiased else 0


@numpy_names
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over ``dim`` with ``correction`` (1 by default: the unbiased estimate).

    >>> import gradlib
    >>> gradlib.var(gradlib.tensor([1., 2., 3., 4.])), gradlib.var(gradlib.tensor([1., 2., 3., 4.]), correction=0)
    (tensor(1.6667), tensor(1.2500))
    """
    require_tensor("var", input)
    if isinstance(unbiased, (int, tuple, list)) and not isinstance(unbiased, bool) and dim is None:
        dim, unbiased = unbiased, None
    reduction.require_float_statistic(input)
    axes = normalize_dims(dim, input.ndim)
    return VarBackward0.apply(input, axes, keepdim, _correction(unbiased, correction), dim is None)


@numpy_names
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation: sqrt(var).

    >>> import gradlib
    >>> gradlib.std(gradlib.tensor([1., 2., 3., 4.]))
    tensor(1.2910)
    """
    require_tensor("std", input)
    if isinstance(unbiased, (int, tuple, list)) and not isinstance(unbiased, bool) and dim is None:
        dim, unbiased = unbiased, None
    reduction.require_float_statistic(input)
    axes = normalize_dims(dim, input.ndim)
    return StdBackward0.apply(input, axes, keepdim, _correction(unbiased, correction), dim is None)


@numpy_names
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over ``dim``."""
    require_tensor("var_mean", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError("var_mean only support floating point and complex dtypes")
    return var(input, dim, unbiased, keepdim, correction=correction), reduction.mean(input, dim, keepdim)


@numpy_names
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over ``dim``."""
    require_tensor("std_mean", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError("std_mean only support floating point and complex dtypes")
    return std(input, dim, unbiased, keepdim, correction=correction), reduction.mean(input, dim, keepdim)
