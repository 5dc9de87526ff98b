"""Running reductions along a dim: cumsum, cumprod, cummax, cummin (values and indices) and logcumsumexp.

cumsum and cumprod are one node each over the array module's own scan; cummax, cummin and logcumsumexp are
inclusive scans written with ``log2(n)`` elementwise passes (Hillis and Steele), which run on any array module:
NumPy's and CuPy's ``ufunc.accumulate`` differ in what they support.
"""
import math

from .._numpy_names import numpy_names
from .. import return_types
from .. import _tensor
from . import reduction
from ._args import require_tensor
from ._dims import normalize_dim
from ._op import Op
from .sorting import _along_axis
from . import complex_support

__all__ = ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"]


def scan(xp, combine, a, axis):
    """The inclusive scan of ``a`` along ``axis`` with the associative elementwise ``combine``."""
    out = xp.moveaxis(a, axis, 0)
    size = out.shape[0]
    step = 1
    while step < size:
        out = xp.concatenate([out[:step], combine(out[step:], out[:-step])], axis=0)
        step *= 2
    return xp.moveaxis(out, 0, axis)


class _CumExtremum(Op):
    """Running max/min and the position it was last reached at (ties and NaN take the latest position, as
    PyTorch's kernel); the gradient of each value goes to that position, accumulating."""

    __slots__ = ("index",)
    nondiff_outputs = (1,)

    def _run(ctx, xp, a, axis, combine):
        if a.ndim == 0:
            ctx.index = ()
            return a.copy(), xp.zeros((), dtype=xp.int64)
        values = scan(xp, combine, a, axis) if a.size else a.copy()
        hit = (a == values) | (a != a)
        shape = [1] * a.ndim
        shape[axis] = a.shape[axis]
        positions = xp.where(hit, xp.arange(a.shape[axis]).reshape(shape), -1)
        indices = scan(xp, xp.maximum, positions, axis) if a.size else positions
        indices = indices.astype(xp.int64)
        ctx.index = _along_axis(xp, indices, axis)
        if a.dtype.kind not in "iub":  # the value at the index: -0. and 0. tie, the later one is PyTorch's value
            values = a[ctx.index]
        return values, indices

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        if not ctx.index:
            return grad
        return P.index_add(shape, ctx.index, grad, True)


class CummaxBackward0(_CumExtremum):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, axis):
        return _CumExtremum._run(ctx, xp, a, axis, xp.maximum)


class CumminBackward0(_CumExtremum):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, axis):
        return _CumExtremum._run(ctx, xp, a, axis, xp.minimum)


def _logcumsumexp_of(P, x, axis):
    if isinstance(x, _tensor.Tensor):
        return logcumsumexp(x, axis)
    return _logcumsumexp_array(P.xp, x, axis)


def _logcumsumexp_array(xp, a, axis):
    if a.ndim == 0 or not a.size:
        return a.copy()
    return scan(xp, xp.logaddexp, a, axis)


class LogcumsumexpBackward0(Op):
    """log(cumsum(exp(x))) without overflow; backward is PyTorch's: the positive and negative parts of the
    gradient, each summed in log space from the end."""

    __slots__ = ("axis",)
    saved_names = ('self', 'result')
    saved_scalars = {'dim': 'axis'}

    @staticmethod
    def forward(ctx, xp, a, axis):
        ctx.axis = axis
        out = _logcumsumexp_array(xp, a, axis)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        if len(ctx.input_shape(0)) == 0:
            return grad
        axis = ctx.axis
        lowest = float(-1.7976931348623157e308) if ctx.input_dtype(0).itemsize == 8 else -3.4028234663852886e38
        log_abs = P.log(P.abs(grad))
        floor = grad * 0 + lowest
        positive = P.where(grad > 0, log_abs, floor)
        negative = P.where(grad < 0, log_abs, floor)

        def reverse(x):
            return P.flip(_logcumsumexp_of(P, P.flip(x, (axis,)), axis), (axis,))

        return P.exp(reverse(positive - out) + a) - P.exp(reverse(negative - out) + a)


@numpy_names
def cummax(input, dim):
    """``(values, indices)``: the running maximum along ``dim`` and where it was reached (the latest position
    among ties; NaN propagates), as ``torch.cummax``. The gradient of each value goes to its index.

    >>> import gradlib
    >>> gradlib.cummax(gradlib.tensor([1., 3., 2., 3.]), 0)
    gradlib.return_types.cummax(
    values=tensor([1., 3., 3., 3.]),
    indices=tensor([0, 1, 1, 3]))
    """
    axis = _scan_dim("cummax", dim, input.ndim, input.numel())  # the dim before the dtype, as PyTorch
    if input.ndim:  # a 0-d input is its own answer, whatever its dtype (PyTorch returns before the kernel)
        complex_support.check("cummax", input)
    values, indices = CummaxBackward0.apply(input, axis)
    return return_types.cummax(values, indices)


def _scan_dim(name, dim, ndim, numel=1):
    """cummax/cummin's dim: a 0-d input takes -1 or 0 only, with their own IndexError; an empty input returns
    before its dim is checked (PyTorch's early return)."""
    if ndim == 0 and dim.__class__ is int and dim not in (-1, 0):
        raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    if numel == 0 and dim.__class__ is int and not -ndim <= dim < ndim:
        return 0
    return normalize_dim(dim, ndim)


@numpy_names
def cummin(input, dim):
    """``(values, indices)``: the running minimum along ``dim`` (see ``cummax``), as ``torch.cummin``.

    >>> import gradlib
    >>> gradlib.cummin(gradlib.tensor([2., 1., 3.]), 0).values
    tensor([2., 1., 1.])
    """
    axis = _scan_dim("cummin", dim, input.ndim, input.numel())  # the dim before the dtype, as PyTorch
    if input.ndim:  # a 0-d input is its own answer, whatever its dtype (PyTorch returns before the kernel)
        complex_support.check("cummin", input)
    values, indices = CumminBackward0.apply(input, axis)
    return return_types.cummin(values, indices)


@numpy_names
def logcumsumexp(input, dim):
    """``log(cumsum(exp(input), dim))`` computed without overflow or underflow, as ``torch.logcumsumexp``
    (integer inputs raise PyTorch's NotImplementedError).

    >>> import gradlib
    >>> gradlib.logcumsumexp(gradlib.tensor([0., 0., 1000.]), 0)
    tensor([0.0000e+00, 6.9315e-01, 1.0000e+03])
    """
    axis = normalize_dim(dim, input.ndim)  # the dim before the dtype, as PyTorch
    if not input.dtype.is_floating_point:  # PyTorch's kernel has no integer version
        raise NotImplementedError(f'"logcumsumexp_out_cpu" not implemented for \'{input.dtype.scalar_type}\'')
    return LogcumsumexpBackward0.apply(input, axis)


class CumsumBackward0(Op):
    __slots__ = ("axis",)
    saved_scalars = {"dim": "axis"}
    output_format = "contiguous"

    @staticmethod
    def forward(ctx, xp, a, axis, np_dtype):
        ctx.axis = axis
        out = xp.cumsum(a, axis=axis, dtype=np_dtype)
        if out.dtype.kind in "fc":  # PyTorch's running sum starts from +0.: a leading -0. gives 0.
            out = out + xp.zeros((), dtype=out.dtype)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return P.flip(P.cumsum(P.flip(grad, (ctx.axis,)), ctx.axis), (ctx.axis,))


class CumprodBackward0(Op):
    """Cumulative product with PyTorch's exact gradient when there are zeros (no division by the input).

    First order, sync-free and O(n): before the first zero of a slice the gradient is
    sum_{j>=i} g_j out_j / x_i; at the first zero it is sum_{j>=i} g_j out'_j, with out' the cumprod with that
    zero replaced by 1; after it, 0. Under ``create_graph``, PyTorch's formulas: reversed_cumsum(g out) / x
    without zeros, else its O(n^2) polynomial formula, whose own derivative is the second derivative of cumprod
    everywhere."""

    __slots__ = ("axis",)
    saved_names = ('self', 'result')
    saved_scalars = {'dim': 'axis'}

    @staticmethod
    def forward(ctx, xp, a, axis, np_dtype):
        ctx.axis = axis
        out = xp.cumprod(a, axis=axis, dtype=np_dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        axis = ctx.axis
        shape = ctx.input_shape(0)
        if math.prod(shape) <= 1 or shape[axis] == 1:
            return grad
        if P.differentiable:
            # PyTorch's: without a zero anywhere in the input, reversed_cumsum(g * out) / x (NaN and inf spread
            # as in PyTorch); with one, the polynomial formula. The test is read on the host, as PyTorch's
            # is_zero.any().item(); the first-order path below needs no such read.
            if bool((a == 0).any()):
                return _cumprod_backward_polynomial(P, grad, a, axis, shape[axis])
            return _reversed_cumsum(P, grad * out, axis) / a
        zero = a == 0
        zeros_so_far = P.cumsum(zero, axis)
        before = zeros_so_far == 0
        first_zero = zero & (zeros_so_far == 1)
        # only the terms before the first zero enter (PyTorch masks the rest: inf * 0 there would be NaN)
        grad_before = _reversed_cumsum(P, P.where(before, grad * out, 0.0), axis) / P.where(before, a, 1.0)
        grad_first = _reversed_cumsum(P, grad * P.cumprod(P.where(first_zero, 1.0, a), axis), axis)
        return P.where(before, grad_before, P.where(first_zero, grad_first, 0.0))


def _reversed_cumsum(P, array, axis):
    return P.flip(P.cumsum(P.flip(array, (axis,)), axis), (axis,))


def _cumprod_backward_polynomial(P, grad, a, axis, size):
    """PyTorch's cumprod_backward under grad mode: for each k, sum_{j>=k} g_j prod_{i<=j, i!=k} x_i."""
    ones = P.ones_like(reduction.along(a, axis, 0, 1))
    pieces = []
    for k in range(size):
        if k == 0:
            omitted = P.cat([ones, P.cumprod(reduction.along(a, axis, 1, size), axis)], axis)
        else:
            until = P.prod(reduction.along(a, axis, 0, k), (axis,), True)
            if k == size - 1:
                omitted = until
            else:
                omitted = P.cat([until, until * P.cumprod(reduction.along(a, axis, k + 1, size), axis)], axis)
        pieces.append(P.sum(reduction.along(grad, axis, k, size) * omitted, (axis,), True))
    return P.cat(pieces, axis)


@numpy_names
def cumsum(input, dim, *, dtype=None):
    """Running sum along ``dim``.

    >>> import gradlib
    >>> gradlib.cumsum(gradlib.tensor([1., 2., 3.]), dim=0)
    tensor([1., 3., 6.])
    """
    require_tensor("cumsum", input)
    input = reduction.half_to(input, dtype)
    axis = normalize_dim(dim, input.ndim)
    if input.ndim == 0:  # a 0-d tensor stays 0-d
        return CumsumBackward0.apply(input.reshape(1), axis, reduction.reduce_dtype(input, dtype)).reshape(())
    return CumsumBackward0.apply(input, axis, reduction.reduce_dtype(input, dtype))


@numpy_names
def cumprod(input, dim, *, dtype=None):
    """Running product along ``dim``.

    >>> import gradlib
    >>> gradlib.cumprod(gradlib.tensor([1., 2., 3.]), dim=0)
    tensor([1., 2., 6.])
    """
    require_tensor("cumprod", input)
    input = reduction.half_to(input, dtype)
    axis = normalize_dim(dim, input.ndim)
    if input.ndim == 0:  # a 0-d tensor stays 0-d
        return CumprodBackward0.apply(input.reshape(1), axis, reduction.reduce_dtype(input, dtype)).reshape(())
    return CumprodBackward0.apply(input, axis, reduction.reduce_dtype(input, dtype))
