"""Elementwise and small matrix functions composed from gradlib's differentiable ops: trace, diff, cross,
logaddexp, logaddexp2, logical_and/or/xor, clamp_min/clamp_max, signbit, heaviside, kron.

Where PyTorch records a node of its own (trace, linalg.cross, logaddexp2, clamp_min/clamp_max), so does gradlib,
with the same name; the others are compositions, whose gradients come from the ops they are made of and whose
``grad_fn`` is that of the last op, as in PyTorch.
"""
import math

from .._numpy_names import numpy_names
from .._warn_once import warn_once
from .. import _creation, _tensor, dtypes
from . import arithmetic, comparison, join, reduction, selection, shape
from ._args import require_tensor
from . import _op as _op_module
from ._op import Op, saved_int, saved_sizes
from . import complex_support

__all__ = ["trace", "diff", "cross", "linalg_cross", "logaddexp", "logaddexp2", "logical_and", "logical_or",
           "logical_xor", "clamp_min", "clamp_max", "signbit", "heaviside", "kron"]


def trace(input):
    """The sum of the main diagonal of a matrix (``torch.trace``).

    >>> import gradlib
    >>> gradlib.trace(gradlib.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    """
    require_tensor("trace", input)
    if input.dtype is dtypes.bool:  # PyTorch has no bool kernel (its dispatch comes before the shape check)
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return TraceBackward0.apply(input, reduction.reduce_dtype(input, None))


class TraceBackward0(Op):
    """The sum of the main diagonal, in ``sum``'s dtype (integers and bools give int64); the gradient is the
    incoming one on the diagonal."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, dtype):
        return xp.diagonal(a).sum(dtype=dtype)

    @staticmethod
    def backward(ctx, P, grad):
        rows, cols = ctx.input_shape(0)
        diagonal = P.broadcast_to(grad, (min(rows, cols),))
        return P.diag_embed(diagonal, 0, 0, 1, (rows, cols))


@numpy_names
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim``, after joining ``prepend`` and ``append`` (``torch.diff``);
    bools give ``!=`` of neighbours.

    >>> import gradlib
    >>> gradlib.diff(gradlib.tensor([1, 3, 6, 10]))
    tensor([2, 3, 4])
    """
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    parts = [p for p in (prepend, input, append) if p is not None]
    if len(parts) > 1:
        parts = [p if isinstance(p, _tensor.Tensor) else _creation.as_tensor_like(p, input) for p in parts]
        input = join.cat(parts, dim)
    for _ in range(n):
        size = input.shape[dim]
        if size == 0:
            break
        later = shape.narrow(input, dim, 1, size - 1)
        earlier = shape.narrow(input, dim, 0, size - 1)
        input = comparison.ne(later, earlier) if input.dtype is dtypes.bool else arithmetic.sub(later, earlier)
    return input


def _cross(roll, input, other, axis):
    """The cross product along ``axis`` from rolls (``roll`` is the array module's or the primitives')."""
    a1 = roll(input, -1, axis)
    a2 = roll(input, -2, axis)
    b1 = roll(other, -1, axis)
    b2 = roll(other, -2, axis)
    return a1 * b2 - a2 * b1


class LinalgCrossBackward0(Op):
    """The cross product of 3-vectors along ``axis`` (the inputs broadcast); PyTorch's gradients
    ``cross(other, grad)`` and ``cross(grad, input)``."""

    __slots__ = ("axis",)
    saved_names = ('self', 'other')
    saved_scalars = {"dim": saved_int("axis")}
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b, axis):
        ctx.axis = axis
        ctx.save_for_backward(a, b)
        return _cross(xp.roll, a, b, axis)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = _cross(P.roll, b, grad, ctx.axis) if needs[0] else None
        grad_b = _cross(P.roll, grad, a, ctx.axis) if needs[1] else None
        return grad_a, grad_b


@numpy_names
def linalg_cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (``torch.linalg.cross``); the inputs broadcast.

    >>> import gradlib
    >>> gradlib.linalg.cross(gradlib.tensor([1., 0., 0.]), gradlib.tensor([0., 1., 0.]))
    tensor([0., 0., 1.])
    """
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if input.ndim == 0:  # (gradlib read input.shape[dim]: Python's IndexError 'tuple index out of range')
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[dim]} and "
                           f"{other.shape[dim]}")
    if input.dtype is not other.dtype:  # PyTorch's kernel takes one dtype (NumPy would promote)
        raise RuntimeError(f"expected scalar type {input.dtype.scalar_type} but found {other.dtype.scalar_type}")
    if input.dtype.name == "bool":  # NumPy's products take bools (as ints); PyTorch's cross kernel has no bool version
        raise NotImplementedError('"cross" not implemented for \'Bool\'')
    return LinalgCrossBackward0.apply(input, other, dim % input.ndim)


@numpy_names
def cross(input, other, dim=None):
    """``torch.cross``: the cross product along ``dim``; without ``dim``, the first dim of size 3 (with
    PyTorch's deprecation warning).

    >>> import gradlib
    >>> gradlib.cross(gradlib.tensor([[0., 1., 0.]]), gradlib.tensor([[0., 0., 1.]]), dim=1)
    tensor([[1., 0., 0.]])
    """
    if dim is None:
        warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                  "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
                  "that of linalg.cross in a future release.")
        sizes = [d for d, size in enumerate(input.shape) if size == 3]
        if not sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes[0]
    return linalg_cross(input, other, dim=dim)


class LogaddexpBackward0(Op):
    """``log(exp(a) + exp(b))``; its gradient is PyTorch's ``grad / (1 + exp(b - a))`` (and the mirror for ``b``),
    written with primitives so the second derivative is right at ties too (a kink-free formula, unlike one
    through ``maximum`` and ``abs``)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.logaddexp(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = grad / (P.exp(b - a) + 1) if needs[0] else None
        grad_b = grad / (P.exp(a - b) + 1) if needs[1] else None
        return grad_a, grad_b


def _require_float_result(kernel, input, other):
    result = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)
    if not result.is_floating_point:  # PyTorch has no integer kernel
        raise NotImplementedError(f'"{kernel}" not implemented for \'{result.scalar_type}\'')


def logaddexp(input, other):
    """``log(exp(input) + exp(other))`` without overflow (``torch.logaddexp``); tensors of a floating result type.

    Raises TypeError for a non-tensor argument and NotImplementedError for integer/bool operands (as PyTorch).

    >>> import gradlib
    >>> gradlib.logaddexp(gradlib.tensor([0., 1000.]), gradlib.tensor([1., 1000.]))
    tensor([   1.3133, 1000.6932])
    """
    complex_support.check("logaddexp", input, other)
    require_tensor("logaddexp", input)
    require_tensor("logaddexp", other, "other", 2)
    _require_float_result("logaddexp_cpu", input, other)
    return LogaddexpBackward0.apply(input, other)


def logaddexp2(input, other):
    """``log2(2**input + 2**other)`` (``torch.logaddexp2``).

    >>> import gradlib
    >>> gradlib.logaddexp2(gradlib.tensor([1.]), gradlib.tensor([1.]))
    tensor([2.])
    """
    complex_support.check("logaddexp2", input, other)
    require_tensor("logaddexp2", input)
    require_tensor("logaddexp2", other, "other", 2)
    _require_float_result("logaddexp2_cpu", input, other)
    return Logaddexp2Backward0.apply(input, other)


class Logaddexp2Backward0(Op):
    """``log2(2**a + 2**b)``; its gradient is PyTorch's ``grad / (1 + 2**(b - a))`` (and the mirror for ``b``)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.logaddexp2(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = grad / (P.exp((b - a) * _LN2) + 1) if needs[0] else None
        grad_b = grad / (P.exp((a - b) * _LN2) + 1) if needs[1] else None
        return grad_a, grad_b


_LN2 = math.log(2.0)


def _truth(value):
    return value if value.dtype is dtypes.bool else comparison.ne(value, 0)


def logical_and(input, other):
    """Elementwise AND of the truth values (nonzero) of two tensors, as bools (``torch.logical_and``).

    >>> import gradlib
    >>> gradlib.logical_and(gradlib.tensor([0, 1, 2]), gradlib.tensor([1., 1., 0.]))
    tensor([False,  True, False])
    """
    return comparison.bitwise_and(_truth(input), _truth(other))


def logical_or(input, other):
    """Elementwise OR of truth values (``torch.logical_or``).

    >>> import gradlib
    >>> gradlib.logical_or(gradlib.tensor([0, 1]), gradlib.tensor([0., 0.]))
    tensor([False,  True])
    """
    return comparison.bitwise_or(_truth(input), _truth(other))


def logical_xor(input, other):
    """Elementwise XOR of truth values (``torch.logical_xor``).

    >>> import gradlib
    >>> gradlib.logical_xor(gradlib.tensor([0, 1]), gradlib.tensor([1, 1]))
    tensor([ True, False])
    """
    return comparison.bitwise_xor(_truth(input), _truth(other))


class ClampMinBackward0(selection.ClampBackward1):
    """``clamp_min`` with a Python-number bound."""

    __slots__ = ()
    saved_names = ('self',)
    saved_scalars = {'min': lambda node: node.params[0]}


class ClampMinBackward1(selection.ClampBackward0):
    """``clamp_min`` with a tensor bound."""

    __slots__ = ()
    saved_names = ('self', 'min')
    saved_scalars = {}
    _raw_saved_max = _op_module._SavedAttribute("max", True)  # none here (ClampBackward0 has one)
    public_edges = None  # (self, the one bound)


class ClampMaxBackward0(selection.ClampBackward1):
    """``clamp_max`` with a Python-number bound."""

    __slots__ = ()
    saved_names = ('self',)
    saved_scalars = {'max': lambda node: node.params[1]}


class ClampMaxBackward1(selection.ClampBackward0):
    """``clamp_max`` with a tensor bound."""

    __slots__ = ()
    saved_names = ('self', 'max')
    saved_scalars = {}
    _raw_saved_min = _op_module._SavedAttribute("min", True)  # none here (ClampBackward0 has one)
    public_edges = None  # (self, the one bound)


def clamp_min(input, min):
    """``clamp(input, min=min)`` (``torch.clamp_min``).

    >>> import gradlib
    >>> gradlib.clamp_min(gradlib.tensor([1, 5]), 3)
    tensor([3, 5])
    """
    if isinstance(min, _tensor.Tensor):  # a tensor bound takes PyTorch's maximum kernel
        complex_support.check("clamp_min_tensor", input, min)
    return selection.clamp_using(input, min, None, ClampMinBackward0, ClampMinBackward1)


def clamp_max(input, max):
    """``clamp(input, max=max)`` (``torch.clamp_max``).

    >>> import gradlib
    >>> gradlib.clamp_max(gradlib.tensor([1, 5]), 3)
    tensor([1, 3])
    """
    if isinstance(max, _tensor.Tensor):  # a tensor bound takes PyTorch's minimum kernel
        complex_support.check("clamp_max_tensor", input, max)
    return selection.clamp_using(input, None, max, ClampMaxBackward0, ClampMaxBackward1)


class Signbit(Op):
    __slots__ = ()
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a: xp.signbit(a) if dtypes.floating_np(a.dtype) else a < 0)


def signbit(input):
    """True where the sign bit is set (negative numbers and -0.0) (``torch.signbit``).

    >>> import gradlib
    >>> gradlib.signbit(gradlib.tensor([-0., 0., -1., 1.]))
    tensor([ True, False,  True, False])
    """
    complex_support.check("signbit", input)
    return Signbit.apply(input)


def heaviside(input, values):
    """0 below zero, 1 above, ``values`` at zero (``torch.heaviside``; not differentiable, as PyTorch's).

    >>> import gradlib
    >>> gradlib.heaviside(gradlib.tensor([-1., 0., 2.]), gradlib.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
    """
    input = input.detach()
    values = values.detach()
    if input.dtype.is_complex or values.dtype.is_complex:
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    if input.dtype is not values.dtype:  # PyTorch's check: the dtypes equal, no promotion
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    positive = comparison.gt(input, 0).to(input.dtype)
    return selection.where(comparison.eq(input, 0), values.to(input.dtype), positive)


class KronView(shape.ViewBackward0):
    """kron's last step, reshaping the fresh product (PyTorch's ``_unsafe_view``: a reshape whose result is not a
    view of anything a user holds)."""

    __slots__ = ()
    node_name = "UnsafeViewBackward0"
    is_view = False


def kron(input, other):
    """The Kronecker product (``torch.kron``): the shapes multiply dim by dim (the shorter padded with ones).

    >>> import gradlib
    >>> gradlib.kron(gradlib.tensor([[1, 2], [3, 4]]), gradlib.tensor([1, 10]))
    tensor([[ 1, 10,  2, 20],
            [ 3, 30,  4, 40]])
    """
    ndim = max(input.ndim, other.ndim)
    a_shape = (1,) * (ndim - input.ndim) + tuple(input.shape)
    b_shape = (1,) * (ndim - other.ndim) + tuple(other.shape)
    a_spread = []
    b_spread = []
    for a_size, b_size in zip(a_shape, b_shape):
        a_spread += [a_size, 1]
        b_spread += [1, b_size]
    product = shape.reshape(input, a_spread) * shape.reshape(other, b_spread)
    return KronView.apply(product, tuple(a * b for a, b in zip(a_shape, b_shape)))
