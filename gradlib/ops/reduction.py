"""Reductions: sum, mean, max, min, amax, amin, norm."""
import math

from .._numpy_names import numpy_names
from .. import _tensor, dtypes, return_types
from ..autograd.grad_mode import state as _grad_state
from . import complex_ops, selection
from ._args import require_tensor
from ._dims import expand_reduced, normalize_dim, normalize_dims
from ._op import Op, saved_sizes, saved_dims, saved_numel

__all__ = ["sum", "mean", "max", "min", "amax", "amin", "norm", "prod", "argmax", "argmin", "count_nonzero",
           "logsumexp"]


class SumBackward0(Op):
    """Sum of all elements."""

    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, dtype):
        return a.sum(dtype=dtype)

    @staticmethod
    def backward(ctx, P, grad):
        return P.broadcast_to(grad, ctx.input_shape(0))


class SumBackward1(Op):
    """Sum over ``dim`` (also ``sum_to_size``)."""

    __slots__ = ("axes", "keepdim")
    saved_scalars = {"dim": saved_dims("axes"), "keepdim": "keepdim", "self_sym_sizes": saved_sizes()}
    output_format = "contiguous"

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim, dtype):
        ctx.axes = axes
        ctx.keepdim = keepdim
        return a.sum(axis=axes, keepdims=keepdim, dtype=dtype)

    @staticmethod
    def backward(ctx, P, grad):
        return expand_reduced(P, grad, ctx.input_shape(0), ctx.axes, ctx.keepdim)


def mean_of(a, axes, keepdim):
    """The mean as PyTorch computes it: float16 accumulates in float32, and an empty reduction is NaN (NumPy's
    ``mean`` would also warn "Mean of empty slice")."""
    count = a.size if axes is None else math.prod(a.shape[axis] for axis in axes)
    accumulate = "float32" if dtypes.floating_np(a.dtype) and a.dtype.itemsize < 4 else None
    total = a.sum(axis=axes, keepdims=keepdim, dtype=accumulate)
    return (total / total.dtype.type(count)).astype(a.dtype, copy=False)


class MeanBackward0(Op):
    __slots__ = ()
    saved_scalars = {"self_sym_numel": saved_numel, "self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a):
        return mean_of(a, None, False)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        return P.broadcast_to(grad / math.prod(shape), shape)


class MeanBackward1(Op):
    __slots__ = ("axes", "keepdim")
    saved_scalars = {"dim": saved_dims("axes"), "keepdim": "keepdim", "self_sym_numel": saved_numel,
                     "self_sym_sizes": saved_sizes()}
    output_format = "contiguous"

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim):
        ctx.axes = axes
        ctx.keepdim = keepdim
        return mean_of(a, axes, keepdim)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        count = math.prod(shape[axis] for axis in ctx.axes)
        return expand_reduced(P, grad / count, shape, ctx.axes, ctx.keepdim)


class _ExtremumAll(Op):
    """max()/min() over all elements: the gradient is shared evenly among tied extremes, or among the NaNs when
    the result is NaN (PyTorch's evenly_distribute_backward)."""

    __slots__ = ()

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        mask = (a == out) | ((a != a) & (out != out))  # a NaN result comes from the NaNs (PyTorch)
        return P.where(mask, grad / mask.sum(), 0.0)  # zeros elsewhere, as PyTorch's masked_fill of zeros


class MaxBackward1(_ExtremumAll):
    __slots__ = ()
    saved_names = ('self', 'result')

    @staticmethod
    def forward(ctx, xp, a):
        out = a.max()
        ctx.save_for_backward(a, out)
        return out


class MinBackward1(_ExtremumAll):
    __slots__ = ()
    saved_names = ('self', 'result')

    @staticmethod
    def forward(ctx, xp, a):
        out = a.min()
        ctx.save_for_backward(a, out)
        return out


class _ExtremumDim(Op):
    """max(dim)/min(dim): values and indices; the gradient goes to the returned index only."""

    __slots__ = ("axis", "keepdim")
    nondiff_outputs = (1,)

    @staticmethod
    def backward(ctx, P, grad):
        (hit,) = P.saved(ctx)
        if not ctx.keepdim:
            grad = P.expand_dims(grad, ctx.axis)
        return P.where(hit, grad, 0.0)  # zeros elsewhere (PyTorch scatters into zeros), even for an infinite grad

    @classmethod
    def _reduce(cls, ctx, xp, a, axis, keepdim, arg):
        ctx.axis = axis
        ctx.keepdim = keepdim
        if a.ndim == 0:
            indices = xp.zeros((), dtype=xp.int64)
            ctx.save_for_backward(xp.ones((), dtype=bool))
            return a.copy(), indices
        indices = arg(a, axis=axis, keepdims=True)
        values = xp.take_along_axis(a, indices, axis=axis)
        positions = xp.arange(a.shape[axis]).reshape((-1,) + (1,) * (a.ndim - axis - 1))
        ctx.save_for_backward(positions == indices)
        if not keepdim:
            values = values.squeeze(axis)
            indices = indices.squeeze(axis)
        return values, indices.astype(xp.int64)


class MaxBackward0(_ExtremumDim):
    __slots__ = ()
    saved_scalars = {'dim': 'axis', 'keepdim': 'keepdim', 'self_sym_sizes': saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, axis, keepdim):
        return MaxBackward0._reduce(ctx, xp, a, axis, keepdim, xp.argmax)


class MinBackward0(_ExtremumDim):
    __slots__ = ()
    saved_scalars = {'dim': 'axis', 'keepdim': 'keepdim', 'self_sym_sizes': saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, axis, keepdim):
        return MinBackward0._reduce(ctx, xp, a, axis, keepdim, xp.argmin)


class _ExtremumAxes(Op):
    """amax/amin over dims: the gradient is shared evenly among ties (as PyTorch)."""

    __slots__ = ("axes", "keepdim")
    output_format = "contiguous"

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        return extremum_gradient(P, grad, a, out, ctx.input_shape(0), ctx.axes, ctx.keepdim)


def extremum_gradient(P, grad, a, out, shape, axes, keepdim):
    """The gradient of an extremum ``out`` of ``a`` over ``axes`` (amax, amin, aminmax), shared evenly among
    the elements that tie for it, as PyTorch's."""
    out = expand_reduced(P, out, shape, axes, keepdim)
    mask = a == out
    count = expand_reduced(P, P.sum(mask, axes, True), shape, axes, True)
    return expand_reduced(P, grad, shape, axes, keepdim) * mask / count


class AmaxBackward0(_ExtremumAxes):
    __slots__ = ()
    saved_names = ('self', 'result')
    saved_scalars = {"dim": saved_dims("axes"), "keepdim": "keepdim"}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim):
        ctx.axes, ctx.keepdim = axes, keepdim
        out = a.max(axis=axes, keepdims=keepdim)
        ctx.save_for_backward(a, out)
        return out


class AminBackward0(_ExtremumAxes):
    __slots__ = ()
    saved_names = ('self', 'result')
    saved_scalars = {"dim": saved_dims("axes"), "keepdim": "keepdim"}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim):
        ctx.axes, ctx.keepdim = axes, keepdim
        out = a.min(axis=axes, keepdims=keepdim)
        ctx.save_for_backward(a, out)
        return out


class LinalgVectorNormBackward0(Op):
    """The p-norm over ``axes``: (sum |x|^p)^(1/p); the gradient at a zero norm is 0 (as PyTorch)."""

    __slots__ = ("ord", "axes", "keepdim")
    saved_names = ('self', 'result')
    saved_scalars = {'keepdim': 'keepdim'}

    @staticmethod
    def forward(ctx, xp, a, ord, axes, keepdim):
        ctx.ord, ctx.axes, ctx.keepdim = ord, axes, keepdim
        magnitude = xp.abs(a)
        if ord == math.inf:
            out = magnitude.max(axis=axes, keepdims=keepdim)
        elif ord == -math.inf:
            out = magnitude.min(axis=axes, keepdims=keepdim)
        elif ord == 2:
            out = xp.sqrt((magnitude * magnitude).sum(axis=axes, keepdims=keepdim))
        elif ord == 1:
            out = magnitude.sum(axis=axes, keepdims=keepdim)
        elif ord == 0:
            out = (a != 0).sum(axis=axes, keepdims=keepdim).astype(magnitude.dtype)
        else:
            out = (magnitude ** ord).sum(axis=axes, keepdims=keepdim) ** (1.0 / ord)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        shape = ctx.input_shape(0)
        ord, axes, keepdim = ctx.ord, ctx.axes, ctx.keepdim
        grad = expand_reduced(P, grad, shape, axes, keepdim)
        out = expand_reduced(P, out, shape, axes, keepdim)
        if ord == 0:  # PyTorch's norm_backward returns no gradient (undefined): the input gets None
            return None
        if ord == 1:
            return grad * _sign(P, a)
        if ord in (math.inf, -math.inf):
            # NaN elements count as the maximum (their sign, hence their gradient, is 0), as in PyTorch.
            mask = (P.abs(a) == out) | (a != a)
            count = expand_reduced(P, P.sum(mask, axes, True), shape, axes, True)
            return _sign(P, a) * (grad / count * mask)
        return p_norm_backward(P, grad, a, out, ord)


def _sign(P, a):
    """sign(a), or for complex numbers PyTorch's sgn(a) = a / |a| (the norms' gradients)."""
    kind = a.dtype
    if getattr(kind, "is_complex", False) or getattr(kind, "kind", None) == "c":
        return P.sgn(a)
    return P.sign(a)


def p_norm_backward(P, grad, a, out, ord):
    """PyTorch's norm_backward for a finite ``ord`` other than 0 and 1, mask for mask, so that the second
    derivative is PyTorch's too (NaN at a zero norm, where the masked branch's derivative is 0 / 0): ``grad``
    and the norm ``out`` broadcast against ``a`` (``vector_norm``, ``dist``)."""
    if ord == 2:
        return grad * P.where(out == 0, 0.0, a / out)
    if ord < 1:
        scaled = _sign(P, a) * P.where(a == 0, 0.0, P.pow_scalar(P.abs(a), ord - 1))
        return scaled * grad * P.pow_scalar(out, 1 - ord)
    if ord < 2:
        scaled = _sign(P, a) * P.pow_scalar(P.abs(a), ord - 1)
    else:
        scaled = a * P.pow_scalar(P.abs(a), ord - 2)
    return scaled * P.where(out == 0, 0.0, grad / P.pow_scalar(out, ord - 1))


def half_to(input, dtype):
    """A float16 input reduced into another dtype is cast first (the float16 path would round the result back)."""
    if dtype is not None and input.dtype is dtypes.float16 and dtypes.as_dtype(dtype) is not dtypes.float16:
        return input.to(dtype)
    return input


def reduce_dtype(input, dtype):
    if dtype is not None:
        wanted = dtypes.as_dtype(dtype)
        if not (wanted.is_floating_point or wanted.is_complex) and input._requires_grad and _grad_state.enabled:
            # an integer result cannot carry a gradient: PyTorch refuses to record it
            raise RuntimeError(f"Autograd not support dtype: {wanted.scalar_type}")
        return wanted.np
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        return dtypes.int64.np  # integer and bool sums are int64, as in PyTorch
    return None


@numpy_names
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum of elements, over all or over ``dim`` (int or tuple), keeping reduced dims if asked.

    >>> import gradlib
    >>> x = gradlib.tensor([[1., 2.], [3., 4.]])
    >>> gradlib.sum(x), gradlib.sum(x, dim=0), x.sum(1, keepdim=True).shape
    (tensor(10.), tensor([4., 6.]), gradlib.Size([2, 1]))
    """
    require_tensor("sum", input)
    input = half_to(input, dtype)
    np_dtype = reduce_dtype(input, dtype)
    if dim is None:
        return SumBackward0.apply(input, np_dtype)
    axes = normalize_dims(dim, input.ndim)
    return SumBackward1.apply(input, axes, keepdim, np_dtype)


def _require_float(name, input):
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(
            f"{name}(): could not infer output dtype. Input dtype must be either a floating point or complex "
            f"dtype. Got: {input.dtype.scalar_type}")


def require_float_statistic(input):
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError("std and var only support floating point and complex dtypes")


@numpy_names
def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean of elements (floating tensors only, as in PyTorch).

    >>> import gradlib
    >>> gradlib.mean(gradlib.tensor([[1., 2.], [3., 5.]]), dim=1)
    tensor([1.5000, 4.0000])
    """
    require_tensor("mean", input)
    if dtype is not None:
        wanted = dtypes.as_dtype(dtype)
        if not (wanted.is_floating_point or wanted.is_complex):  # PyTorch names the dtype= argument
            raise RuntimeError("mean(): could not infer output dtype. Optional dtype must be either a floating point "
                               f"or complex dtype. Got: {wanted.scalar_type}")
        input = input.to(dtype)
    _require_float("mean", input)
    if dim is None:
        return MeanBackward0.apply(input)
    return MeanBackward1.apply(input, normalize_dims(dim, input.ndim), keepdim)


def _check_nonempty(name, input, dim, specify_hint=True, normalized=True):
    """PyTorch's errors for reductions without an identity (max, min, amax, argmax ...): over all elements of an
    empty tensor, or over a dim of size 0. A zero-size dim that is not reduced is fine (``zeros(0, 3).max(1)``
    gives an empty result). Call after the dims were checked."""
    if input.numel() != 0:
        return
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        hint = " Specify the reduction dim with the 'dim' argument." if specify_hint else ""
        error = RuntimeError if specify_hint else IndexError
        raise error(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.{hint}")
    if input.ndim == 0:
        return
    for given in ((dim,) if isinstance(dim, int) else dim):
        axis = normalize_dim(given, input.ndim)
        if input.shape[axis] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {axis if normalized else given} to have non-zero "
                             "size.")


def _require_int_dim(name, dim, signatures):
    """PyTorch's TypeError for a tuple ``dim`` where the op takes one int."""
    if dim is not None and not isinstance(dim, int):
        raise TypeError(f"{name}() received an invalid combination of arguments - got (dim={type(dim).__name__}, "
                        f"), but expected one of:\n" + "".join(f" * {s}\n" for s in signatures))


_MAX_SIGNATURES = ("()", "(Tensor other)", "(int dim, bool keepdim = False)")


@numpy_names
def max(input, dim=None, keepdim=False, *, other=None):
    """The largest element; or with ``dim``, ``(values, indices)`` along it; or with a tensor, ``maximum``.

    With ties, ``max()`` shares the gradient evenly; ``max(dim)`` sends it to the returned index.

    >>> import gradlib
    >>> x = gradlib.tensor([[1., 5.], [7., 2.]])
    >>> gradlib.max(x)
    tensor(7.)
    >>> gradlib.max(x, dim=1).indices
    tensor([1, 0])
    """
    require_tensor("max", input)
    if other is not None:  # max(input, other=t): PyTorch's binary overload
        if dim is not None:
            raise TypeError("max() received an invalid combination of arguments: dim and other")
        return selection.maximum(input, other)
    if isinstance(dim, _tensor.Tensor):
        return selection.maximum(input, dim)
    _require_int_dim("max", dim, _MAX_SIGNATURES)
    if dim is None:
        _check_nonempty("max", input, dim)  # before the dtype, as PyTorch
        complex_ops.refuse_complex(input, "max_all")
        return MaxBackward1.apply(input)
    axis = normalize_dim(dim, input.ndim)  # PyTorch checks the dim and its size before the dtype
    _check_nonempty("max", input, dim)
    if input.dtype.is_complex:
        raise RuntimeError("max(): does not support complex input")
    values, indices = MaxBackward0.apply(input, axis, keepdim)
    return return_types.max(values, indices)


@numpy_names
def min(input, dim=None, keepdim=False, *, other=None):
    """The smallest element; or with ``dim``, ``(values, indices)`` along it; or with a tensor, ``minimum``.

    >>> import gradlib
    >>> gradlib.min(gradlib.tensor([[1., 5.], [7., 2.]]), dim=0).values
    tensor([1., 2.])
    """
    require_tensor("min", input)
    if other is not None:  # min(input, other=t): PyTorch's binary overload
        if dim is not None:
            raise TypeError("min() received an invalid combination of arguments: dim and other")
        return selection.minimum(input, other)
    if isinstance(dim, _tensor.Tensor):
        return selection.minimum(input, dim)
    _require_int_dim("min", dim, _MAX_SIGNATURES)
    if dim is None:
        _check_nonempty("min", input, dim)  # before the dtype, as PyTorch
        complex_ops.refuse_complex(input, "min_all")
        return MinBackward1.apply(input)
    axis = normalize_dim(dim, input.ndim)  # PyTorch checks the dim and its size before the dtype
    _check_nonempty("min", input, dim)
    if input.dtype.is_complex:
        raise RuntimeError("min(): does not support complex input")
    values, indices = MinBackward0.apply(input, axis, keepdim)
    return return_types.min(values, indices)


@numpy_names
def amax(input, dim=(), keepdim=False):
    """The largest values over ``dim`` (all dims when empty); ties share the gradient evenly.

    >>> import gradlib
    >>> gradlib.amax(gradlib.tensor([[1., 5.], [7., 2.]]), dim=0)
    tensor([7., 5.])
    """
    require_tensor("amax", input)
    axes = normalize_dims(dim, input.ndim)  # PyTorch checks the dims and their sizes before the dtype
    _check_nonempty("amax", input, dim, normalized=False)
    complex_ops.refuse_complex(input, "max_values_cpu")
    return AmaxBackward0.apply(input, axes, keepdim)


@numpy_names
def amin(input, dim=(), keepdim=False):
    """The smallest values over ``dim`` (all dims when empty).

    >>> import gradlib
    >>> gradlib.amin(gradlib.tensor([[1., 5.], [7., 2.]]), dim=1)
    tensor([1., 2.])
    """
    require_tensor("amin", input)
    axes = normalize_dims(dim, input.ndim)  # PyTorch checks the dims and their sizes before the dtype
    _check_nonempty("amin", input, dim, normalized=False)
    complex_ops.refuse_complex(input, "min_values_cpu")
    return AminBackward0.apply(input, axes, keepdim)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm over ``dim`` (all elements by default; 'fro' is the 2-norm).

    >>> import gradlib
    >>> gradlib.norm(gradlib.tensor([3., 4.]))
    tensor(5.)
    >>> gradlib.tensor([3., -4.]).norm(p=1)
    tensor(7.)
    """
    require_tensor("norm", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):  # the input's own dtype, before dtype=
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            + input.dtype.scalar_type)
    if dtype is not None:
        _check_norm_dtype(input.dtype, dtypes.as_dtype(dtype))
        input = input.to(dtype)
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
    axes = normalize_dims(dim, input.ndim)
    if input.numel() == 0 and (p < 0 or p == math.inf):
        _check_empty_inf_norm(input, dim, p)
    return LinalgVectorNormBackward0.apply(input, float(p), axes, keepdim)


def _check_norm_dtype(given, dtype):
    """linalg.vector_norm's checks of ``dtype=`` against the input's dtype ``given``, in PyTorch's words."""
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"linalg.vector_norm: dtype should be floating point or complex, but got "
                           f"{dtype.scalar_type}")
    if given.is_complex and not dtype.is_complex:
        raise RuntimeError(f"linalg.vector_norm: dtype should be complex for complex inputs, but got "
                           f"{dtype.scalar_type}")
    if dtype.is_complex and not given.is_complex:
        raise RuntimeError(f"linalg.vector_norm: dtype should be real for real inputs, but got {dtype.scalar_type}")
    if dtypes.promote_types(given, dtype) is not dtype:
        raise RuntimeError(f"linalg.vector_norm: the dtype of the input ({given.scalar_type}) should be convertible "
                           f"without narrowing to the specified dtype ({dtype.scalar_type})")


def _check_empty_inf_norm(input, dim, p):
    """max/min of |x| and negative powers have no identity: PyTorch refuses an inf-norm or a negative norm over
    nothing."""
    name = f"{float(p):g}"
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        raise RuntimeError(f"linalg.vector_norm cannot compute the {name} norm on an empty tensor because the "
                           "operation does not have an identity")
    if input.ndim == 0:
        return
    for given in ((dim,) if isinstance(dim, int) else dim):
        if input.shape[normalize_dim(given, input.ndim)] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {name} norm on the dimension {given}because "
                               "this dimension is empty and the operation does not have an identity")


class ProdBackward0(Op):
    """Product over ``axes`` (all when None), with PyTorch's prod_backward: where the input holds a zero anywhere,
    the product of the other elements of each slice, computed without division (with one zero in a slice only
    that position gets a gradient, with two none does); where it holds none, result / x, so that an infinite or
    NaN element makes the gradients NaN as in PyTorch. On the first-order path gradlib writes the second as
    (product of the others) * (x / x), which has the same values without reading the result, and picks between
    the two on the device (a ``where`` on a 0-d test), without PyTorch's sync on ``total_zeros``. Under
    ``create_graph`` it reads the test as PyTorch does, so that each formula is differentiated as PyTorch's
    (second derivatives at inf and NaN included)."""

    __slots__ = ("axes", "keepdim")
    saved_names = ('self', 'result')
    output_format = "contiguous"

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim, np_dtype):
        ctx.axes, ctx.keepdim = axes, keepdim
        out = a.prod(axis=axes, keepdims=keepdim, dtype=np_dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        shape = ctx.input_shape(0)
        axes = ctx.axes if ctx.axes is not None else tuple(range(len(shape)))
        grad = expand_reduced(P, grad, shape, axes, ctx.keepdim)
        if not len(shape) or not _numel(shape):
            return grad
        if P.differentiable and not bool((a == 0).any()):  # a host read, as PyTorch's total_zeros.item()
            return grad * (expand_reduced(P, out, shape, axes, ctx.keepdim) / a)
        # PyTorch's prod_safe_zeros_backward: products of the elements before and after each one, as cumprods,
        # so the second derivative is right at zeros too (two zeros: d2/dxi dxj = product of the rest)
        if ctx.axes is None:
            others = P.reshape(exclusive_products(P, P.reshape(a, (-1,)), 0), shape)
        else:
            others = exclusive_products(P, a, ctx.axes[0])
        if P.differentiable:
            return grad * others
        has_zero, ones, without_zero = _zero_branches(P, a)
        # x / x: 1, or NaN at inf and NaN (the denominator is 1 where this branch is not taken)
        result = grad * others * P.where(has_zero, ones, a / without_zero)
        if ctx.axes is None:  # PyTorch's first-order prod_backward: two zeros or more give zeros (inf and NaN too)
            xp = P.xp
            result = xp.where(xp.count_nonzero(a == 0) > 1, result.dtype.type(0), result)
        return result


def _zero_branches(P, a):
    """(a holds a zero anywhere: 0-d, ones like a, a where it holds none and ones where it does): prod's
    first-order gradient chooses its formula on the device, and the formula not taken reads only constants."""
    has_zero = P.sum(a == 0) > 0
    ones = P.ones_like(a)
    return has_zero, ones, P.where(has_zero, ones, a)


class ProdBackward1(ProdBackward0):
    """Product over one dim (PyTorch's ``prod.dim_int``)."""

    __slots__ = ()
    saved_names = ('self', 'result')
    saved_scalars = {'dim': lambda node: node.axes[0], 'keepdim': 'keepdim'}


class _ArgExtremum(Op):
    __slots__ = ()
    differentiable = False


class ArgMax(_ArgExtremum):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, axis, keepdim: _arg(xp.argmax, a, axis, keepdim))


class ArgMin(_ArgExtremum):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, axis, keepdim: _arg(xp.argmin, a, axis, keepdim))


class CountNonzero(Op):
    __slots__ = ()
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a, axes: (a != 0).sum(axis=axes).astype(xp.int64))


def _arg(function, a, axis, keepdim):
    if axis is None:
        out = function(a.reshape(-1))
        return out.reshape((1,) * a.ndim).astype("int64") if keepdim else out.astype("int64")
    return function(a, axis=axis, keepdims=keepdim).astype("int64")


class LogsumexpBackward0(Op):
    """log(sum(exp(x))) over ``axes``, computed as m + log(sum(exp(x - m))) with m the maximum."""

    __slots__ = ("axes", "keepdim")
    saved_names = ('self', 'result')
    saved_scalars = {"dim": saved_dims("axes"), "keepdim": "keepdim"}

    @staticmethod
    def forward(ctx, xp, a, axes, keepdim):
        ctx.axes, ctx.keepdim = axes, keepdim
        if a.size == 0:  # no maximum to subtract: sum(exp(empty)) is 0 and its log -inf, as in PyTorch
            peak = xp.zeros(tuple(1 if axis in axes else size for axis, size in enumerate(a.shape)), a.dtype)
        else:  # complex numbers: the largest real part (PyTorch's), so the imaginary part stays in (-pi, pi]
            peak = (a.real if a.dtype.kind == "c" else a).max(axis=axes, keepdims=True)
            peak = xp.where(xp.isfinite(peak), peak, 0)
        out = xp.log(xp.exp(a - peak).sum(axis=axes, keepdims=True)) + peak
        if not keepdim:
            out = out.squeeze(axes) if axes else out
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        shape = ctx.input_shape(0)
        out = expand_reduced(P, out, shape, ctx.axes, ctx.keepdim)
        return expand_reduced(P, grad, shape, ctx.axes, ctx.keepdim) * P.exp(a - out)


def _numel(shape):
    count = 1
    for size in shape:
        count *= size
    return count


def along(array, axis, start, stop):
    index = [slice(None)] * array.ndim
    index[axis] = slice(start, stop)
    return array[tuple(index)]


def exclusive_products(P, a, axis):
    """For each element, the product of the others along ``axis`` (no division: exact with zeros)."""
    size = a.shape[axis]
    ones = P.ones_like(along(a, axis, 0, 1))
    before = P.cumprod(P.cat([ones, along(a, axis, 0, size - 1)], axis), axis)
    after = P.flip(P.cumprod(P.cat([ones, P.flip(along(a, axis, 1, size), (axis,))], axis), axis), (axis,))
    return before * after


@numpy_names
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product of elements (over one ``dim``); correct gradients with zeros.

    >>> import gradlib
    >>> gradlib.prod(gradlib.tensor([[1., 2.], [3., 4.]]), dim=1)
    tensor([ 2., 12.])
    """
    require_tensor("prod", input)
    _require_int_dim("prod", dim, ("(*, gradlib.dtype dtype = None)",
                                   "(int dim, bool keepdim = False, *, gradlib.dtype dtype = None)"))
    input = half_to(input, dtype)
    np_dtype = reduce_dtype(input, dtype)
    if dim is None:
        return ProdBackward0.apply(input, None, False, np_dtype)
    axis = normalize_dim(dim, input.ndim)  # a 0-d tensor takes dim 0 and -1 and stays 0-d
    axes = (axis,) if input.ndim else ()
    return ProdBackward1.apply(input, axes, keepdim, np_dtype)


def _arg_axis(name, input, dim):
    """argmax/argmin's axis (None: all), with PyTorch's errors for a tuple dim, bool input and empty dims."""
    if dim is not None and not isinstance(dim, int):
        raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
    axis = None if dim is None else normalize_dim(dim, input.ndim)
    if input.dtype == dtypes.bool:
        raise RuntimeError(f"{name}(): does not support bool input")
    _check_nonempty(name, input, dim, specify_hint=False)
    return axis


@numpy_names
def argmax(input, dim=None, keepdim=False):
    """Index of the largest value (of the flattened tensor when ``dim`` is None).

    >>> import gradlib
    >>> gradlib.argmax(gradlib.tensor([[1., 5.], [7., 2.]]), dim=1)
    tensor([1, 0])
    """
    require_tensor("argmax", input)
    if input.dtype.is_complex:
        raise RuntimeError("argmax(): does not support complex input")
    if input.dtype is dtypes.bool:  # before the dim, as PyTorch
        raise RuntimeError("argmax(): does not support bool input")
    axis = _arg_axis("argmax", input, dim)
    return ArgMax.apply(input, axis, keepdim)


@numpy_names
def argmin(input, dim=None, keepdim=False):
    """Index of the smallest value (of the flattened tensor when ``dim`` is None).

    >>> import gradlib
    >>> gradlib.argmin(gradlib.tensor([3., 1., 2.]))
    tensor(1)
    """
    require_tensor("argmin", input)
    if input.dtype.is_complex:
        raise RuntimeError("argmin(): does not support complex input")
    if input.dtype is dtypes.bool:  # before the dim, as PyTorch
        raise RuntimeError("argmin(): does not support bool input")
    axis = _arg_axis("argmin", input, dim)
    return ArgMin.apply(input, axis, keepdim)


@numpy_names
def count_nonzero(input, dim=None):
    """Number of nonzero elements (over ``dim``).

    >>> import gradlib
    >>> gradlib.count_nonzero(gradlib.tensor([0., 1., 2.]))
    tensor(2)
    """
    require_tensor("count_nonzero", input)
    return CountNonzero.apply(input, None if dim is None else normalize_dims(dim, input.ndim))


@numpy_names
def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(x))) over ``dim``, without overflow.

    >>> import gradlib
    >>> gradlib.logsumexp(gradlib.tensor([1e4, 1e4]), dim=0)
    tensor(10000.6934)
    """
    require_tensor("logsumexp", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        input = input.to(dtypes.get_default_dtype())
    return LogsumexpBackward0.apply(input, normalize_dims(dim, input.ndim), keepdim)
