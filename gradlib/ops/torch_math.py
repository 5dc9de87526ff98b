"""Top-level math functions of issue 15: ``tensor_split``/``hsplit``/``vsplit``/``dsplit``, ``isin``,
``float_power``, ``copysign``, ``trapezoid``/``trapz``, ``cumulative_trapezoid``, ``renorm``, ``select_scatter``/
``slice_scatter``/``diagonal_scatter``, ``mvlgamma``, ``can_cast``, ``index_reduce``, ``special.xlog1py``.

Composed of gradlib's differentiable ops where PyTorch composes too (the splits, float_power, trapezoid,
mvlgamma, isin); one node with PyTorch's name where PyTorch has one (copysign, the *_scatter functions, xlog1py).
``renorm`` and ``index_reduce`` are compositions (``RenormBackward0`` and ``IndexReduceBackward0`` in PyTorch):
their values and gradients are PyTorch's, their last node is a mul and a scatter_reduce.
"""
import math

from .. import _creation, _tensor, dtypes
from .._numpy_names import numpy_names
from . import arithmetic, comparison, cumulative, elementwise, reduction, index_write, selection, special
from ._args import refuse_complex_number, require_tensor
from ._dims import normalize_dim
from ._op import Op, saved_int
from . import complex_support

__all__ = ["tensor_split", "hsplit", "vsplit", "dsplit", "isin", "float_power", "copysign", "trapezoid", "trapz",
           "cumulative_trapezoid", "renorm", "select_scatter", "slice_scatter", "diagonal_scatter", "mvlgamma",
           "can_cast", "index_reduce", "xlog1py"]


def _one_of(name, *values):
    """The one given of PyTorch's keyword spellings of the split points (``sections=``, ``indices=``, ...)."""
    given = [value for value in values if value is not None]
    if len(given) != 1:
        raise TypeError(f"{name}() missing required argument 'sections' or 'indices' (pass exactly one)")
    return given[0]


# ----- splitting ---------------------------------------------------------------------------------------------------
@numpy_names
def tensor_split(input, indices_or_sections=None, dim=0, *, sections=None, indices=None,
                 tensor_indices_or_sections=None):
    """Views of ``input`` along ``dim``: ``n`` near-equal parts (the first ``size % n`` one longer), or the parts
    between the given indices. An int, a list, a 0-d or 1-d int64 CPU tensor. Mirrors ``torch.tensor_split``.

    >>> import gradlib
    >>> [t.tolist() for t in gradlib.tensor_split(gradlib.arange(7), 3)]
    [[0, 1, 2], [3, 4], [5, 6]]
    """
    require_tensor("tensor_split", input)
    indices_or_sections = _one_of("tensor_split", indices_or_sections, sections, indices, tensor_indices_or_sections)
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    axis = normalize_dim(dim, input.ndim)
    if isinstance(indices_or_sections, _tensor.Tensor):
        if indices_or_sections.device.type != "cpu":
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be on cpu, but it's on "
                               f"{indices_or_sections.device}")
        if indices_or_sections.dtype is not dtypes.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{indices_or_sections.dtype.scalar_type}")
        if indices_or_sections.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {indices_or_sections.ndim} dims")
        indices_or_sections = indices_or_sections.tolist()  # a CPU tensor: no device read
    size = input.shape[axis]
    if isinstance(indices_or_sections, int):
        sections = indices_or_sections
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        base, extra = divmod(size, sections)
        bounds = []
        start = 0
        for part in range(sections):
            length = base + (1 if part < extra else 0)
            bounds.append((start, start + length))
            start += length
    else:
        cuts = [int(i) for i in indices_or_sections]
        bounds = []
        start = 0
        for cut in cuts + [size]:
            stop = cut if cut >= 0 else cut + size
            stop = min(max(stop, 0), size)
            bounds.append((min(start, size), max(stop, min(start, size))))
            start = stop
    prefix = (slice(None),) * axis
    return tuple(input[prefix + (slice(begin, end),)] for begin, end in bounds)


def _directional_split(name, input, indices_or_sections, dim, min_dims):
    require_tensor(name, input)
    if input.ndim < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor "
                           f"with {input.ndim} dimensions!")
    if isinstance(indices_or_sections, int) and not isinstance(indices_or_sections, bool):
        size = input.shape[dim]
        if indices_or_sections == 0 or size % indices_or_sections != 0:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                               f"dimension {size} is not divisible by the split_size {indices_or_sections}!")
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    """``tensor_split`` along dim 1 (dim 0 of a 1-D tensor); an int must divide the size. Mirrors ``torch.hsplit``.

    >>> import gradlib
    >>> [t.shape for t in gradlib.hsplit(gradlib.zeros(2, 4), 2)]
    [gradlib.Size([2, 2]), gradlib.Size([2, 2])]
    """
    require_tensor("hsplit", input)
    indices_or_sections = _one_of("hsplit", indices_or_sections, sections, indices)
    return _directional_split("hsplit", input, indices_or_sections, 0 if input.ndim == 1 else 1, 1)


def vsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    """``tensor_split`` along dim 0 of a tensor of 2 or more dims. Mirrors ``torch.vsplit``.

    >>> import gradlib
    >>> [t.tolist() for t in gradlib.vsplit(gradlib.tensor([[1, 2], [3, 4]]), [1])]
    [[[1, 2]], [[3, 4]]]
    """
    indices_or_sections = _one_of("vsplit", indices_or_sections, sections, indices)
    return _directional_split("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    """``tensor_split`` along dim 2 of a tensor of 3 or more dims. Mirrors ``torch.dsplit``.

    >>> import gradlib
    >>> [t.shape for t in gradlib.dsplit(gradlib.zeros(1, 2, 4), 2)]
    [gradlib.Size([1, 2, 2]), gradlib.Size([1, 2, 2])]
    """
    indices_or_sections = _one_of("dsplit", indices_or_sections, sections, indices)
    return _directional_split("dsplit", input, indices_or_sections, 2, 3)


# ----- membership and dtype questions -------------------------------------------------------------------------------
def isin(elements=None, test_elements=None, *, assume_unique=False, invert=False, element=None, test_element=None):
    """A bool tensor of ``elements``' shape: whether each is among ``test_elements`` (either may be a Python
    number; then the other's device). Mirrors ``torch.isin``.

    >>> import gradlib
    >>> gradlib.isin(gradlib.tensor([1, 2, 3]), gradlib.tensor([2, 5]))
    tensor([False,  True, False])
    """
    elements = element if elements is None else elements  # PyTorch's keyword of the number overloads
    test_elements = test_element if test_elements is None else test_elements
    for value in (elements, test_elements):  # PyTorch's isin has no bool or complex kernel
        if value.__class__ is bool or value.__class__ is complex:  # a number as PyTorch wraps it (complex: double)
            raise RuntimeError("Unsupported input type encountered for isin(): "
                               f"{'Bool' if value.__class__ is bool else 'ComplexDouble'}")
        if isinstance(value, _tensor.Tensor) and (value.dtype is dtypes.bool or value.dtype.is_complex):
            raise RuntimeError(f"Unsupported input type encountered for isin(): {value.dtype.scalar_type}")
    if not isinstance(elements, _tensor.Tensor):
        if not isinstance(test_elements, _tensor.Tensor):
            raise TypeError("isin() received an invalid combination of arguments: at least one of 'elements' and "
                            "'test_elements' must be a Tensor")
        elements = _creation.tensor(elements, device=test_elements.device)
    if not isinstance(test_elements, _tensor.Tensor):
        test_elements = _creation.tensor(test_elements, device=elements.device)
    flat = test_elements.detach().reshape(-1)
    found = comparison.eq(elements.detach().unsqueeze(-1), flat).any(-1) if flat.numel() else \
        _creation.zeros(elements.shape, dtype=dtypes.bool, device=elements.device)
    return comparison.logical_not(found) if invert else found


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow ``from_`` to ``to`` in an in-place op: never to a lower category
    (float to integer, integer to bool). Mirrors ``torch.can_cast``.

    >>> import gradlib
    >>> gradlib.can_cast(gradlib.float32, gradlib.int32), gradlib.can_cast(gradlib.int32, gradlib.float32)
    (False, True)
    """
    for value, name in ((from_, "from_"), (to, "to")):
        if not isinstance(value, dtypes.dtype):
            raise TypeError(f"can_cast(): argument '{name}' must be torch.dtype, not {type(value).__name__}")
    return from_.category <= to.category


# ----- elementwise ---------------------------------------------------------------------------------------------------
def float_power(input, exponent):
    """``input ** exponent`` in float64 (both operands are cast first). Mirrors ``torch.float_power``.

    >>> import gradlib
    >>> gradlib.float_power(gradlib.tensor([2]), 2)
    tensor([4.], dtype=gradlib.float64)
    """
    operands = (input, exponent)
    is_complex = any(value.dtype.is_complex if isinstance(value, _tensor.Tensor) else isinstance(value, complex)
                     for value in operands)
    wide = dtypes.complex128 if is_complex else dtypes.float64  # PyTorch computes in double or complex double
    if isinstance(input, _tensor.Tensor):
        input = input.to(wide)
    if isinstance(exponent, _tensor.Tensor):
        exponent = exponent.to(wide)
    elif not isinstance(input, _tensor.Tensor):
        raise TypeError("float_power(): at least one of 'input' and 'exponent' must be a Tensor")
    return arithmetic.pow(input, exponent)


def _sign_ratio(P, a, out):
    """result / input, 0 where the input is 0: PyTorch's copysign gradient (its masked_fill keeps the division's
    0/0 in the second derivative, as here)."""
    ratio = out / a
    return P.where(a == 0, 0.0, ratio)


class CopysignBackward0(Op):
    """|input| with the sign of ``other`` (a tensor: the sign bit, so -0.0 counts as negative). The gradient of
    ``input`` is ``grad * result / input`` (0 where input is 0), of ``other`` zero, as PyTorch's."""

    __slots__ = ()
    saved_names = ('self', 'result')
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, b):
        out = xp.copysign(a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        grad_a = grad * _sign_ratio(P, a, out) if ctx.needs_input_grad[0] else None
        b_shape = ctx.input_shape(1)
        grad_b = P.zeros_like(P.broadcast_to(grad, tuple(grad.shape))) if ctx.needs_input_grad[1] else None
        return grad_a, (P.sum_to(grad_b, b_shape) if grad_b is not None else None)


class CopysignBackward1(Op):
    """copysign(tensor, number)."""

    __slots__ = ()
    saved_names = ('self', 'result')
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, number):
        out = xp.copysign(a, a.dtype.type(number))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        return grad * _sign_ratio(P, a, out)


def copysign(input, other):
    """|input| with the sign of ``other`` (a tensor, broadcast, or a number); integers give floats. Mirrors
    ``torch.copysign``.

    >>> import gradlib
    >>> gradlib.copysign(gradlib.tensor([1., -2., 0.]), gradlib.tensor([-0., 1., -1.]))
    tensor([-1.,  2., -0.])
    """
    complex_support.check("copysign", input, other)
    require_tensor("copysign", input)
    refuse_complex_number("copysign", input, other)
    if isinstance(other, _tensor.Tensor):
        return CopysignBackward0.apply(input, other)
    return CopysignBackward1.apply(input, float(other))


class SpecialXlog1PyBackward0(Op):
    """x * log1p(y), 0 where x == 0 unless y is NaN; gradients log1p(y) and x / (1 + y) (PyTorch's formulas)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, x, y):
        ctx.save_for_backward(x, y)
        product = x * xp.log1p(y)
        return xp.where((x == 0) & (y == y), xp.zeros_like(product), product)

    @staticmethod
    def backward(ctx, P, grad):
        x, y = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_x = grad * P.log1p(y) if needs[0] else None  # PyTorch's formula: not masked where x == 0
        grad_y = grad * x / (y + 1) if needs[1] else None
        return grad_x, grad_y


def xlog1py(input, other):
    """``input * log1p(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN); either may be a Python number.
    Mirrors ``torch.special.xlog1py``.

    >>> import gradlib
    >>> gradlib.special.xlog1py(gradlib.tensor([0., 2.]), gradlib.tensor([-1., 1.]))
    tensor([0.0000, 1.3863])
    """
    complex_support.check("xlog1py", input, other)
    refuse_complex_number("xlog1py", input, other)
    if not isinstance(input, _tensor.Tensor):
        if not isinstance(other, _tensor.Tensor):
            raise TypeError("xlog1py(): at least one of 'input' and 'other' must be a Tensor")
        input = _creation.as_tensor_like(input, other)
    elif not isinstance(other, _tensor.Tensor):
        other = _creation.as_tensor_like(other, input)
    return SpecialXlog1PyBackward0.apply(input, other)


def mvlgamma(input, p):
    """The multivariate log-gamma of dimension ``p``: sum over i < p of lgamma(x - i / 2) plus
    p (p - 1) / 4 log(pi). Mirrors ``torch.mvlgamma`` / ``special.multigammaln``.

    >>> import gradlib
    >>> gradlib.mvlgamma(gradlib.tensor([2.5, 3.]), 2)
    tensor([0.8570, 1.5502])
    """
    complex_support.check("mvlgamma", input)
    require_tensor("mvlgamma", input)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    if input.dtype is dtypes.bool:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if not input.dtype.is_floating_point:
        input = input.to(dtypes.get_default_dtype())
    # PyTorch's: the offsets ascending (-(p - 1) / 2 ... 0), their lgammas summed, then the constant
    offsets = _creation.arange(-p * 0.5 + 0.5, 0.5, 0.5, dtype=input.dtype, device=input.device)[:p]
    terms = special.lgamma(input.unsqueeze(-1) + offsets)
    return reduction.sum(terms, -1) + p * (p - 1) * math.log(math.pi) / 4


# ----- integration -------------------------------------------------------------------------------------------------
def _refuse_number_x(name, x):
    if x is not None and not isinstance(x, _tensor.Tensor):
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, {type(x).__name__}), "
                        f"but expected one of:\n * (Tensor y, Tensor x, *, int dim = -1)\n * (Tensor y, *, Number dx "
                        f"= 1, int dim = -1)\n")


def _ends(y, axis):
    size = y.shape[axis]
    return y.narrow(axis, 1, size - 1), y.narrow(axis, 0, size - 1)


@numpy_names
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along ``dim``: spacing ``dx`` (default 1) or the sample points ``x``. Integers give
    floats. Mirrors ``torch.trapezoid`` (and ``torch.trapz``).

    >>> import gradlib
    >>> gradlib.trapezoid(gradlib.tensor([1., 2., 4.])), gradlib.trapezoid(gradlib.tensor([1., 2., 4.]), dx=2)
    (tensor(4.5000), tensor(9.))
    """
    require_tensor("trapezoid", y)
    _refuse_number_x("trapezoid", x)
    if x is not None and dx is not None:
        raise TypeError("trapezoid() received an invalid combination of arguments: pass x or dx, not both")
    x_tensor = isinstance(x, _tensor.Tensor)
    if y.ndim == 0:  # PyTorch reads the size: the dx overload before wrapping the dim, the x overload after
        raise IndexError(f"Dimension specified as {normalize_dim(dim, 0) if x_tensor else dim} but tensor has no "
                         "dimensions")
    axis = normalize_dim(dim, y.ndim)
    if y.shape[axis] == 0:  # PyTorch's zeros_like_except: y's dtype, no graph
        return _creation.zeros(y.shape[:axis] + y.shape[axis + 1:], dtype=y.dtype, device=y.device)
    if y.dtype is dtypes.bool or (x_tensor and x.dtype is dtypes.bool):
        raise RuntimeError("trapezoid: received a bool input for `x` or `y`, but bool is not supported" if x_tensor
                           else "trapezoid: received a bool input for `y`, but bool is not supported")
    if not x_tensor:
        spacing = 1 if (x is None and dx is None) else (dx if dx is not None else x)
        first = y.narrow(axis, 0, 1).squeeze(axis)
        last = y.narrow(axis, y.shape[axis] - 1, 1).squeeze(axis)
        return (reduction.sum(y, axis) - (first + last) * 0.5) * spacing
    if x.ndim == 1:
        if x.shape[0] != y.shape[axis]:
            raise RuntimeError(f"trapezoid: There must be one `x` value for each sample point")
        view = [1] * y.ndim
        view[axis] = x.shape[0] - 1
        steps = (x[1:] - x[:-1]).reshape(view)
    else:
        later, earlier = _ends(x, normalize_dim(dim, x.ndim))
        steps = later - earlier
    later, earlier = _ends(y, axis)
    return reduction.sum(steps * (later + earlier), axis) / 2.0


@numpy_names
def trapz(y, x=None, *, dx=None, dim=-1):
    """``trapezoid`` under NumPy's older name (``torch.trapz``)."""
    _refuse_number_x("trapz", x)
    return trapezoid(y, x, dx=dx, dim=dim)


@numpy_names
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoidal rule along ``dim`` (one value fewer than ``y``). Mirrors
    ``torch.cumulative_trapezoid``.

    >>> import gradlib
    >>> gradlib.cumulative_trapezoid(gradlib.tensor([1., 2., 4.]))
    tensor([1.5000, 4.5000])
    """
    require_tensor("cumulative_trapezoid", y)
    _refuse_number_x("cumulative_trapezoid", x)
    x_tensor = isinstance(x, _tensor.Tensor)
    if x_tensor:
        axis = normalize_dim(dim, y.ndim)
    if y.dtype is dtypes.bool or (x_tensor and x.dtype is dtypes.bool):
        raise RuntimeError("cumulative_trapezoid: received a bool input for `x` or `y`, but bool is not supported"
                           if x_tensor else
                           "cumulative_trapezoid: received a bool input for `y`, but bool is not supported")
    if y.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if not x_tensor:
        axis = normalize_dim(dim, y.ndim)
    spacing = 1 if (x is None and dx is None) else (dx if dx is not None else x)
    if y.shape[axis] == 0:
        return y * (spacing / 2.0) if not x_tensor else (y * 0) / 2.0  # PyTorch's halving: a float result
    later, earlier = _ends(y, axis)
    if not x_tensor:
        return cumulative.cumsum((later + earlier) * (spacing / 2.0), axis)
    if x.ndim == 1:
        view = [1] * y.ndim
        view[axis] = x.shape[0] - 1
        steps = (x[1:] - x[:-1]).reshape(view)
    else:
        x_later, x_earlier = _ends(x, normalize_dim(dim, x.ndim))
        steps = x_later - x_earlier
    return cumulative.cumsum(steps * (later + earlier) / 2.0, axis)  # PyTorch halves before the sum


# ----- renorm --------------------------------------------------------------------------------------------------------
@numpy_names
def renorm(input, p, dim, maxnorm):
    """Each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled to norm ``maxnorm`` (by
    maxnorm / (norm + 1e-7), as PyTorch). Mirrors ``torch.renorm``.

    >>> import gradlib
    >>> gradlib.renorm(gradlib.tensor([[1., 2.], [3., 4.]]), 2, 0, 2.5)
    tensor([[1.0000, 2.0000],
            [1.5000, 2.0000]])
    """
    require_tensor("renorm", input)
    # PyTorch's order: p, maxnorm, the dims (meta function), the dim, then the norm's dtype check
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {float(maxnorm):g}")  # C++'s double
    if input.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} dimensions")
    axis = normalize_dim(dim, input.ndim)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{input.dtype.scalar_type}")
    others = tuple(d for d in range(input.ndim) if d != axis)
    # float16/bfloat16: the norm and the factor in float32, the factor rounded to the input's dtype (PyTorch's
    # accumulate type), then the product
    wide = input.dtype in (dtypes.float16, dtypes.bfloat16)

    def norms_of(tensor):
        if wide:
            tensor = tensor.to(dtypes.float32)
        return reduction.norm(tensor, p, others, keepdim=True) if others else elementwise.abs(tensor)

    # Only the scaled slices reach the norm (PyTorch's renorm_backward: where(norm > maxnorm, ..., grad)), so a
    # slice left alone (one holding NaN included) gets exactly the incoming gradient.
    scaled = norms_of(input.detach()) > maxnorm
    norms = norms_of(selection.where(scaled, input, 0.0))
    factor = maxnorm / (norms + 1e-7)
    if wide:
        factor = factor.to(input.dtype)
    return selection.where(scaled, input * factor, input)


# ----- *_scatter -----------------------------------------------------------------------------------------------------
class _EmbedScatter(Op):
    """``input`` with ``src`` written over a view of it (a basic index, or a diagonal); the gradient of ``input``
    is zero there, that of ``src`` the same view of the gradient."""

    __slots__ = ("index",)

    @staticmethod
    def forward(ctx, xp, a, src, index):
        ctx.index = index
        out = a.copy()
        out[index] = src
        return out

    @staticmethod
    def backward(ctx, P, grad):
        index = ctx.index
        part = grad[index]
        grad_input = None
        if ctx.needs_input_grad[0]:
            grad_input = grad - P.index_add(tuple(grad.shape), index, part, False)
        return grad_input, (part if ctx.needs_input_grad[1] else None)


class SelectScatterBackward0(_EmbedScatter):
    __slots__ = ()


class SliceScatterBackward0(_EmbedScatter):
    __slots__ = ()


class DiagonalScatterBackward0(Op):
    """``input`` with ``src`` written over its diagonal (``offset``, ``dim1``, ``dim2``)."""

    __slots__ = ("offset", "dim1", "dim2")
    saved_scalars = {"dim1": saved_int("dim1"), "dim2": saved_int("dim2"), "offset": saved_int("offset")}

    @staticmethod
    def forward(ctx, xp, a, src, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        out = a.copy()
        moved = xp.moveaxis(out, (dim1, dim2), (-2, -1))
        length = src.shape[-1]
        rows = xp.arange(length) + max(-offset, 0)
        cols = xp.arange(length) + max(offset, 0)
        moved[..., rows, cols] = src
        return out

    @staticmethod
    def backward(ctx, P, grad):
        part = P.diagonal(grad, ctx.offset, ctx.dim1, ctx.dim2)
        grad_input = None
        if ctx.needs_input_grad[0]:
            grad_input = grad - P.diag_embed(part, ctx.offset, ctx.dim1, ctx.dim2, tuple(grad.shape))
        return grad_input, (part if ctx.needs_input_grad[1] else None)


def _check_scatter_source(input, src, view_shape):
    if not isinstance(src, _tensor.Tensor):
        raise TypeError(f"expected Tensor as element 1 in argument 1, but got {type(src).__name__}")
    if tuple(src.shape) != tuple(view_shape):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(view_shape)}")
    if src.dtype is not input.dtype:
        src = src.to(input.dtype)
    return src


@numpy_names
def select_scatter(input, src, dim, index):
    """A copy of ``input`` with ``input.select(dim, index)`` replaced by ``src`` (of that shape). Mirrors
    ``torch.select_scatter``.

    >>> import gradlib
    >>> gradlib.select_scatter(gradlib.zeros(2, 2), gradlib.ones(2), 0, 0)
    tensor([[1., 1.],
            [0., 0.]])
    """
    complex_support.check("select_scatter", input, src)
    require_tensor("select_scatter", input)
    axis = normalize_dim(dim, input.ndim)
    size = input.shape[axis]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {dim}")
    position = (slice(None),) * axis + (index % size,)
    src = _check_scatter_source(input, src, input.shape[:axis] + input.shape[axis + 1:])
    return SelectScatterBackward0.apply(input, src, position)


@numpy_names
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """A copy of ``input`` with the slice ``start:end:step`` along ``dim`` replaced by ``src`` (of the slice's
    shape). Mirrors ``torch.slice_scatter``.

    >>> import gradlib
    >>> gradlib.slice_scatter(gradlib.zeros(4), gradlib.ones(2), start=2)
    tensor([0., 0., 1., 1.])
    """
    complex_support.check("slice_scatter", input, src)
    require_tensor("slice_scatter", input)
    axis = normalize_dim(dim, input.ndim)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    position = (slice(None),) * axis + (slice(start, end, step),)
    view_shape = tuple(range(input.shape[axis]))[slice(start, end, step)]
    src = _check_scatter_source(input, src, input.shape[:axis] + (len(view_shape),) + input.shape[axis + 1:])
    return SliceScatterBackward0.apply(input, src, position)


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """A copy of ``input`` with ``input.diagonal(offset, dim1, dim2)`` replaced by ``src`` (of that shape).
    Mirrors ``torch.diagonal_scatter``.

    >>> import gradlib
    >>> gradlib.diagonal_scatter(gradlib.zeros(2, 3), gradlib.ones(2), 1)
    tensor([[0., 1., 0.],
            [0., 0., 1.]])
    """
    require_tensor("diagonal_scatter", input)
    first = normalize_dim(dim1, input.ndim)
    second = normalize_dim(dim2, input.ndim)
    if first == second:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    view_shape = tuple(input.diagonal(offset, first, second).shape)
    src = _check_scatter_source(input, src, view_shape)
    return DiagonalScatterBackward0.apply(input, src, offset, first, second)


# ----- index_reduce --------------------------------------------------------------------------------------------------
# IndexReduceBackward0 with PyTorch's checks and beta warning: ops/index_write.py (kept importable from here)
index_reduce = index_write.index_reduce
