"""Elementwise arithmetic: add, sub, mul, div, neg, pow.

Python scalars stay scalars in the tensor's dtype (``float32 * 2.5`` is float32);
tensor operands follow PyTorch's promotion. Gradients are returned in the
broadcast output's shape; the engine reduces them to each input's shape.
"""
import math

from .. import _creation, _tensor, _tensor as _tensor_module, dtypes
from ..autograd.graph import FREED, FREED_MESSAGE, keep_edges, wrapped_number_edges
from ..device import CPU
from . import _casts, elementwise
from ._args import refuse_complex_number, require_operand, require_tensor
from ._op import Op
from ._primitives import scalar_power
from ._scalar_operand import NDARRAY as _NDARRAY, LastScalar
from . import complex_support

# ``tensor * 2`` and ``tensor / 2``: PyTorch keeps the Python number as a wrapped 0-d tensor, a saved value, so a
# second backward through the node without retain_graph raises its "second time" error. These nodes hold the
# number as an attribute and mark ``_saved`` with this empty record, which the engine frees like any other.
WRAPPED_SCALAR = ()

# a float operand as a 0-d array of the array's dtype, one per call site (``_scalar_operand``: same bytes, a cheaper
# NumPy call); each site tests the hit inline and asks ``operand`` otherwise
_MUL_FORWARD = LastScalar()
_MUL_BACKWARD = LastScalar()
_ADD_FORWARD = LastScalar()
_DIV_FORWARD = LastScalar()
_DIV_BACKWARD = LastScalar()

__all__ = ["add", "sub", "mul", "div", "neg", "pow", "rsub", "rdiv", "rpow", "true_divide", "multiply", "subtract",
           "negative", "remainder", "fmod", "floor_divide", "div_rounded"]


def _is_tensor(value):
    return isinstance(value, _tensor_module.Tensor)


_plain_scalar = dtypes.plain_scalar


def _float_remainder(xp, a, b):
    """PyTorch's floating remainder: fmod, moved by ``b`` where its sign differs from ``b``'s; a zero keeps fmod's
    sign (``-2. % 1`` is -0., ``2. % -1`` is 0.), where NumPy's remainder signs it as ``b``."""
    mod = xp.fmod(a, b)
    moved = (mod != 0) & ((b < 0) != (mod < 0))
    return xp.where(moved, mod + b, mod)


class _Modulo(Op):
    """a mod b: d/da = 1, d/db = -round(a / b), rounding as the modulo does."""

    __slots__ = ()
    pointwise = True
    scalar_operands = True
    promote = True
    function = None  # the array module's modulo
    rounding = None  # the matching rounding of the quotient

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        if type(ctx).function == "remainder" and a.dtype.kind in "fc":
            return _float_remainder(xp, a, b)
        return getattr(xp, type(ctx).function)(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        # the rounded quotient as one op (div with rounding_mode), whose derivative is 0, not 0 * d(a/b) = NaN at
        # b = 0: the second derivative is PyTorch's
        return grad, -grad * P.div_rounded(a, b, type(ctx).rounding)


class RemainderBackward0(_Modulo):
    """Python-style modulo (the sign of the divisor) by a Python scalar (PyTorch's ``remainder.Scalar``)."""

    __slots__ = ()
    public_edges = keep_edges(0)  # remainder.Scalar: the number is no tensor, no edge
    function, rounding = "remainder", "floor"


class RemainderBackward1(RemainderBackward0):
    """Python-style modulo by a tensor (PyTorch's ``remainder.Tensor``)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    public_edges = None


class FmodBackward0(_Modulo):
    """C-style modulo (the sign of the dividend) by a Python scalar (PyTorch's ``fmod.Scalar``)."""

    __slots__ = ()
    public_edges = keep_edges(0)  # remainder.Scalar: the number is no tensor, no edge
    function, rounding = "fmod", "trunc"


class FmodBackward1(FmodBackward0):
    """C-style modulo by a tensor (PyTorch's ``fmod.Tensor``)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    public_edges = None


class DivRoundedBackward2(Op):
    """Division rounded toward zero or down (``div(rounding_mode='trunc' / 'floor')``): piecewise constant, so
    zero gradients. PyTorch names both div.Tensor_mode nodes DivBackward2, this one and the true division with
    ``rounding_mode=None`` (``DivBackward2`` below): ``node_name`` gives this class that printed name."""

    __slots__ = ()
    pointwise = True
    scalar_operands = True
    node_name = "DivBackward2"
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b, mode):
        if mode == "floor":
            return xp.floor_divide(a, b)  # floats as PyTorch's div_floor: inf // 2 is NaN, 7 // 0 is inf
        quotient = a / b
        out = xp.trunc(quotient)
        return out.astype(a.dtype) if a.dtype.kind in "iub" and b.dtype.kind in "iub" else out

    @staticmethod
    def backward(ctx, P, grad):
        return P.zeros_like(grad), P.zeros_like(grad)  # zeros even where the incoming gradient is infinite


class _NotDifferentiable:
    """PyTorch records these ops with a node that refuses backward (``derivative for aten::floor_divide is not
    implemented``); its name is ``NotImplemented``."""

    def name(self):
        return "torch::autograd::NotImplemented"  # PyTorch's C++ name; its type (and a tensor's repr) NotImplemented

    __slots__ = ()
    aten = None

    @staticmethod
    def backward(ctx, P, grad):
        raise RuntimeError(f"derivative for aten::{type(ctx).aten} is not implemented")


class FloorDivide(_NotDifferentiable, DivRoundedBackward2):
    """``floor_divide`` / ``//``: no derivative in PyTorch (``div(rounding_mode='floor')`` has zero gradients)."""

    __slots__ = ()
    node_name = "NotImplemented"
    aten = "floor_divide"


class RemainderScalarTensor(_NotDifferentiable, RemainderBackward0):
    """``scalar % tensor``: no derivative in PyTorch."""

    __slots__ = ()
    node_name = "NotImplemented"
    aten = "remainder"


def times_alpha(a, b, alpha):
    """``alpha * b`` as PyTorch's add/sub kernels compute it: in an integer result dtype, alpha converted to that
    dtype as C++ converts (wrapping: -1 is 255 in uint8; ``_check_alpha`` refused what PyTorch refuses) and the
    product wrapping, as integer arithmetic does. NumPy refuses a Python int its dtype cannot hold
    (``uint8 - 1 * -1`` raised its OverflowError)."""
    dtype = a.dtype if b.__class__ in (int, float, bool) else None
    if dtype is None:
        dtype = b.dtype if a.dtype == b.dtype else _promoted(a.dtype, b.dtype)
    if dtype.kind not in "iu" or alpha.__class__ is float or alpha.__class__ is complex:
        return alpha * b
    d = dtypes.from_np(dtype)
    alpha = dtypes.wrap_integer(int(alpha), d)  # (a Python int, or an integer scalar of the array module)
    if b.__class__ is int:
        return dtypes.wrap_integer(alpha * b, d)
    if b.dtype != dtype:
        b = b.astype(dtype)
    return alpha * b


def _promoted(first, second):
    return dtypes.promote_types(dtypes.from_np(first), dtypes.from_np(second)).np


class AddBackward0(Op):
    __slots__ = ("alpha",)
    saved_scalars = {"alpha": "alpha"}
    public_edges = wrapped_number_edges  # a Python number operand: (None, 0)
    pointwise = True
    scalar_operands = True
    promote = True
    operands = 2
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, b, alpha):
        ctx.alpha = alpha
        if alpha == 1:
            return a + b
        if a.dtype.kind == "b" and getattr(b, "dtype", None) == a.dtype:
            alpha = bool(alpha)  # bools add as bools: alpha is True or False (PyTorch)
        return a + times_alpha(a, b, alpha)

    @staticmethod
    def forward_low(ctx, xp, low, a, b, alpha):
        # PyTorch's kernel holds alpha in the half dtype (then a + alpha * b in float, rounded once); the node
        # keeps the alpha given (its gradient multiplies by it in float)
        out = AddBackward0.forward(ctx, xp, a, b, alpha if alpha == 1 else _casts.held_in(xp, alpha, low))
        ctx.alpha = alpha
        return out

    @staticmethod
    def backward(ctx, P, grad):
        if ctx.alpha == 1:
            return grad, grad
        return grad, grad * ctx.alpha


class SubBackward0(Op):
    __slots__ = ("alpha",)
    saved_scalars = {"alpha": "alpha"}
    public_edges = wrapped_number_edges  # a Python number operand: (None, 0)
    pointwise = True
    scalar_operands = True
    promote = True
    operands = 2
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, b, alpha):
        ctx.alpha = alpha
        if alpha == 1:
            return a - b
        return a - times_alpha(a, b, alpha)

    @staticmethod
    def forward_low(ctx, xp, low, a, b, alpha):
        # PyTorch's kernel holds alpha in the half dtype (then a - alpha * b in float, rounded once); the node
        # keeps the alpha given (its gradient multiplies by it in float)
        out = SubBackward0.forward(ctx, xp, a, b, alpha if alpha == 1 else _casts.held_in(xp, alpha, low))
        ctx.alpha = alpha
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return grad, -grad * ctx.alpha if ctx.alpha != 1 else -grad


class RsubBackward1(Op):
    """``scalar - tensor``."""

    __slots__ = ()
    saved_scalars = {"alpha": lambda node: 1}
    pointwise = True
    scalar_operands = True
    promote = True

    @staticmethod
    def forward(ctx, xp, a, scalar):
        return scalar - a

    @staticmethod
    def backward(ctx, P, grad):
        return -grad


class RsubScalarAlpha(Op):
    """``torch.rsub(tensor, number, alpha=a)``: ``number - a * tensor`` in one node, as PyTorch's."""

    __slots__ = ("alpha",)
    node_name = "RsubBackward1"
    saved_scalars = {"alpha": "alpha"}
    pointwise = True
    scalar_operands = True
    promote = True
    operands = 2

    @staticmethod
    def forward(ctx, xp, a, scalar, alpha):
        ctx.alpha = alpha
        return scalar - alpha * a

    @staticmethod
    def backward(ctx, P, grad):
        return -grad * ctx.alpha


class RsubBackward0(Op):
    """``torch.rsub(input, other, alpha=a)`` of two tensors: ``other - a * input``."""

    __slots__ = ("alpha",)
    saved_scalars = {"alpha": "alpha"}
    pointwise = True
    promote = True
    operands = 2

    @staticmethod
    def forward(ctx, xp, a, b, alpha):
        ctx.alpha = alpha
        if alpha == 1:
            return b - a
        return b - alpha * a

    @staticmethod
    def backward(ctx, P, grad):
        needs = ctx.needs_input_grad
        grad_input = (-grad * ctx.alpha if ctx.alpha != 1 else -grad) if needs[0] else None
        return grad_input, (grad if needs[1] else None)


class MulBackward0(Op):
    __slots__ = ()
    bfloat16_opmath_other = True  # PyTorch reads a one-element bfloat16 operand's original value in float32
    pointwise = True
    scalar_operands = True
    saved_names = ("self", "other")
    pack_order = (1, 0)
    promote = True
    saved_for_inputs = ((1,), (0,))  # d(a*b)/da reads b, d(a*b)/db reads a

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        if not needs[1] and b.shape == grad.shape:
            return grad * b, None  # y * c, c constant: one product (a was not kept)
        if not needs[0] and a.shape == grad.shape:
            return None, grad * a
        uniform = P.uniform_value(grad)
        if uniform is not None:
            # grad is one value broadcast (it came from a sum): scale the small factor, and reduce before
            # multiplying, instead of two full-size products.
            shape_a, shape_b = ctx.input_shape(0), ctx.input_shape(1)
            grad_a = P.broadcast_to(b * uniform, grad.shape) if needs[0] else None
            grad_b = P.sum_to(a if a.shape == grad.shape else P.broadcast_to(a, grad.shape), shape_b) * uniform \
                if needs[1] else None
            if needs[0] and shape_a != grad.shape:
                grad_a = P.sum_to(grad_a, shape_a)
            return grad_a, grad_b
        return (grad * b if needs[0] else None), (grad * a if needs[1] else None)


class MulScalar(Op):
    """``tensor * scalar``: saves only the scalar (named MulBackward0, as in PyTorch)."""

    node_name = "MulBackward0"

    __slots__ = ("scalar",)
    public_edges = wrapped_number_edges  # a Python number operand: (None, 0)
    bfloat16_opmath_other = True  # PyTorch reads a one-element bfloat16 operand's original value in float32
    pointwise = True
    scalar_operands = True
    saved_scalars = {"self": None, "other": "scalar"}
    promote = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, scalar):
        ctx.scalar = scalar
        ctx._saved = WRAPPED_SCALAR
        entry = _MUL_FORWARD.entry
        if scalar is entry[0] and a.__class__ is _NDARRAY and a.dtype is entry[1]:
            return a * entry[2]
        return a * _MUL_FORWARD.operand(a, scalar)

    @staticmethod
    def backward(ctx, P, grad):
        if ctx._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        scalar = ctx.scalar
        entry = _MUL_BACKWARD.entry
        if scalar is entry[0] and grad.__class__ is _NDARRAY and grad.dtype is entry[1]:
            return grad * entry[2]
        return grad * _MUL_BACKWARD.operand(grad, scalar)


class DivScalar(Op):
    """``tensor / scalar`` (named DivBackward0, as in PyTorch)."""

    node_name = "DivBackward0"

    __slots__ = ("scalar",)
    public_edges = wrapped_number_edges  # a Python number operand: (None, 0)
    bfloat16_opmath_other = True  # PyTorch reads a one-element bfloat16 operand's original value in float32
    pointwise = True
    scalar_operands = True
    saved_scalars = {"self": None, "other": "scalar"}
    promote = True
    int_to_float = True

    #: PyTorch's div.Scalar (DivBackward1) keeps the scalar as a number, not a saved value: a second backward works
    wrapped = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, scalar):
        ctx.scalar = scalar
        if ctx.wrapped:
            ctx._saved = WRAPPED_SCALAR
        entry = _DIV_FORWARD.entry
        if scalar is entry[0] and a.__class__ is _NDARRAY and a.dtype is entry[1]:
            return a / entry[2]
        return a / _DIV_FORWARD.operand(a, scalar)

    @staticmethod
    def backward(ctx, P, grad):
        if ctx._saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        scalar = ctx.scalar
        entry = _DIV_BACKWARD.entry
        if scalar is entry[0] and grad.__class__ is _NDARRAY and grad.dtype is entry[1]:
            return grad / entry[2]
        return grad / _DIV_BACKWARD.operand(grad, scalar)


class DivBackward1(DivScalar):
    """``tensor / scalar`` through PyTorch's ``div.Scalar`` overload, which its C++ code calls (cross_entropy's mean
    over probability targets) and whose node is DivBackward1; Python's ``/`` gives DivBackward0."""

    __slots__ = ()
    wrapped = False
    public_edges = None  # div.Scalar: the number is no tensor, no edge


class DivBackward0(Op):
    __slots__ = ()
    bfloat16_opmath_other = True  # PyTorch reads a one-element bfloat16 operand's original value in float32
    pointwise = True
    scalar_operands = True
    saved_names = ("self", "other")
    pack_order = (1, 0)
    promote = True
    int_to_float = True
    saved_for_inputs = ((1,), (0, 1))

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = grad / b if needs[0] else None
        grad_b = -grad * ((a / b) / b) if needs[1] else None  # PyTorch's order: -grad * ((a / b) / b)
        return grad_a, grad_b


class NegBackward0(Op):
    __slots__ = ()
    pointwise = True

    @staticmethod
    def forward(ctx, xp, a):
        return -a

    @staticmethod
    def backward(ctx, P, grad):
        return -grad


class PowBackward0(Op):
    """``tensor ** scalar``: d/da a^p = p a^(p-1), 0 for p == 0; the powers PyTorch computes as sqrt, rsqrt,
    squares and reciprocals are computed so here too (``scalar_power``), which fixes the sign of infinities at
    -0 in the value and in every derivative."""

    __slots__ = ("exponent",)
    pointwise = True
    saved_names = ("self",)
    saved_scalars = {"exponent": "exponent"}
    promote = True

    @staticmethod
    def forward(ctx, xp, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        return scalar_power(xp, a, exponent)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        exponent = ctx.exponent
        if exponent == 0:
            return P.zeros_like(a)  # PyTorch's zeros_like(self), even where the incoming gradient is infinite
        if exponent == 2:
            return grad * (a * 2)
        return grad * (exponent * P.pow_scalar(a, exponent - 1))


class PowBackward1(Op):
    """``tensor ** tensor`` with PyTorch's masks: the base's gradient is 0 where the exponent is 0 (no 0 * inf
    at a zero base), the exponent's is 0 where the base is 0 and the exponent >= 0 (no 0 * log 0)."""

    __slots__ = ()
    pointwise = True
    saved_names = ("self", "exponent", "result")
    pack_order = (1, 0, 2)
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b):
        out = _integer_power(xp, a, b) if a.dtype.kind in "iu" else a ** b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, out = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = None
        grad_b = None
        if needs[0]:
            grad_a = P.where(b == 0, 0.0, grad * (b * P.power(a, b - 1)))
        if needs[1]:
            grad_b = grad * P.where((a == 0) & (P.real(b) >= 0), 0.0, out * P.log(a))  # Re(b): complex exponents
        return grad_a, grad_b


class PowBackward2(Op):
    """``scalar ** tensor``: d/db s^b = s^b log(s); for s = 0 it is 0 where b >= 0 (PyTorch's mask) and
    -inf where b < 0; a negative base has a NaN logarithm."""

    __slots__ = ("base",)
    output_format = "contiguous"  # PyTorch's pow(Scalar, Tensor) result is row-major whatever the exponent's layout
    saved_names = ("exponent", "result")
    saved_scalars = {"self": "base"}
    promote = True

    @staticmethod
    def forward(ctx, xp, base, b):
        out = _integer_power(xp, base, b) if b.dtype.kind in "iu" else base ** b
        ctx.base = base
        ctx.save_for_backward(b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        b, out = P.saved(ctx)
        base = ctx.base
        if base == 0:
            return grad * P.where(P.real(b) >= 0, 0.0, out * -math.inf)
        log_base = math.log(base) if base > 0 else math.nan
        return grad * (out * log_base)


def _integer_power(xp, base, exponent):
    """``base ** exponent`` for integers as PyTorch computes it: a negative exponent gives 1 for a base of 1,
    +-1 for -1, and 0 otherwise (NumPy refuses negative integer exponents; CuPy's kernel has its own rule)."""
    if exponent.dtype.kind == "u":
        return base ** exponent
    out = base ** xp.maximum(exponent, 0)
    odd = (exponent & 1) == 1
    reciprocal = xp.where(base == 1, 1, xp.where(base == -1, xp.where(odd, -1, 1), 0))
    return xp.where(exponent < 0, reciprocal, out).astype(out.dtype, copy=False)


def add(input, other, *, alpha=1):
    """``input + alpha * other``, broadcasting, with PyTorch's type promotion.

    >>> import gradlib
    >>> gradlib.add(gradlib.tensor([1., 2.]), gradlib.tensor([10., 20.]), alpha=2)
    tensor([21., 42.])
    """
    if alpha.__class__ is int and alpha == 1 and isinstance(input, _tensor_module.Tensor):
        if isinstance(other, _tensor_module.Tensor):  # the common cases first, without the general checks
            return AddBackward0.apply(input, other, 1)
        if other.__class__ is float or other.__class__ is int:
            return AddScalar.apply(input, other)
    require_operand("add", input, "input", 1)
    require_operand("add", other)
    if not _is_tensor(input):
        if alpha == 1:
            input, other = other, input
        else:  # number + alpha * tensor: the number as PyTorch's wrapped 0-d tensor, in the result's dtype
            input = _wrapped_first(input, other)
    _check_alpha(input, other, alpha)
    if not _is_tensor(other):
        return AddBackward0.apply(input, other, alpha) if alpha != 1 else _add_scalar(input, other)
    return AddBackward0.apply(input, other, alpha)


def _check_alpha(input, other, alpha):
    """PyTorch refuses a float ``alpha`` for integral inputs (NumPy would compute in floats), and an integer
    ``alpha`` the integer dtype cannot hold."""
    if alpha.__class__ is bool:
        result = input.dtype if not _is_tensor(other) else dtypes.promote_types(input.dtype, other.dtype)
        if not _is_tensor(other):
            result = dtypes.result_type_scalar(input.dtype, other)
        if result is not dtypes.bool:
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if alpha.__class__ is int and alpha != 1:
        dtypes.check_scalar_int(alpha)  # beyond any Scalar: PyTorch's OverflowError, whatever the dtype
        if input.dtype.category == dtypes.int64.category:
            dtypes.check_fits(alpha, input.dtype)
    if alpha.__class__ is float and not -65504.0 <= alpha <= 65504.0:  # may overflow a float dtype (and NaN)
        if _is_tensor(other):
            result = dtypes.result_type(input.dtype, input._array.ndim == 0, other.dtype, other._array.ndim == 0)
        else:
            result = dtypes.result_type_scalar(input.dtype, other)
        if result.is_floating_point:  # an integral result refuses any float alpha below, in PyTorch's words
            dtypes.check_fits(alpha, result)  # alpha=1e300 for float32: PyTorch's overflow error
    if _is_tensor(other):
        other_inexact = other.dtype.is_floating_point or other.dtype.is_complex
    else:
        other_inexact = isinstance(other, (float, complex))
    inexact = input.dtype.is_floating_point or input.dtype.is_complex or other_inexact
    if isinstance(alpha, float) and not inexact:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")


def check_subtraction(input, other):
    """PyTorch's refusal of bools in subtraction (NumPy refuses in other words; CuPy computes a xor)."""
    input_bool = _is_bool(input)
    other_bool = _is_bool(other)
    if input_bool and other_bool:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if input_bool or other_bool:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")


def _is_bool(value):
    if value.__class__ is float:  # the common operand of optimizers' in-place updates, first
        return False
    if isinstance(value, _tensor_module.Tensor):
        return value._array.dtype.kind == "b"
    return isinstance(value, bool)


def _add_scalar(tensor, scalar):
    return AddScalar.apply(tensor, scalar)


class AddScalar(AddBackward0):
    """``tensor + scalar`` (named AddBackward0, as in PyTorch)."""

    node_name = "AddBackward0"

    __slots__ = ()
    saved_scalars = {"alpha": lambda node: 1}  # tensor + number: alpha is 1

    @staticmethod
    def forward(ctx, xp, a, scalar):
        entry = _ADD_FORWARD.entry
        if scalar is entry[0] and a.__class__ is _NDARRAY and a.dtype is entry[1]:
            return a + entry[2]
        return a + _ADD_FORWARD.operand(a, scalar)

    @staticmethod
    def backward(ctx, P, grad):
        return grad


def sub(input, other, *, alpha=1):
    """``input - alpha * other``.

    >>> import gradlib
    >>> gradlib.sub(gradlib.tensor([5., 5.]), gradlib.tensor([1., 2.]))
    tensor([4., 3.])
    """
    require_operand("sub", input, "input", 1)
    require_operand("sub", other)
    if not _is_tensor(input):
        return rsub(other, input, alpha=alpha)
    check_subtraction(input, other)
    _check_alpha(input, other, alpha)
    return SubBackward0.apply(input, other, alpha)


def rsub(input, other, alpha=1):
    """``other - alpha * input`` (``torch.rsub``; what ``2 - x`` calls): ``other`` a tensor (node RsubBackward0) or
    a number (RsubBackward1), broadcast and promoted as subtraction; PyTorch's errors for bools and for a float
    ``alpha`` with integers.

    >>> import gradlib
    >>> 2 - gradlib.tensor([1., 2.])
    tensor([1., 0.])
    >>> gradlib.rsub(gradlib.tensor([1., 2.]), gradlib.tensor([5., 5.]), alpha=2)
    tensor([3., 1.])
    """
    require_tensor("rsub", input)
    require_operand("rsub", other)
    check_subtraction(other, input)
    if alpha != 1:
        _check_alpha(input, other, alpha)
    if _is_tensor(other):
        return RsubBackward0.apply(input, other, alpha)
    if alpha != 1:
        return RsubScalarAlpha.apply(input, other, alpha)
    return RsubBackward1.apply(input, other)


def mul(input, other):
    """Elementwise product, broadcasting.

    >>> import gradlib
    >>> gradlib.mul(gradlib.tensor([1., 2.]), 3)
    tensor([3., 6.])
    """
    if isinstance(input, _tensor_module.Tensor):  # the common cases first, without the general checks
        if isinstance(other, _tensor_module.Tensor):
            return MulBackward0.apply(input, other)
        if other.__class__ is float or other.__class__ is int:
            return MulScalar.apply(input, other)
    require_operand("mul", input, "input", 1)
    require_operand("mul", other)
    if not _is_tensor(input):
        input, other = other, input
    if not _is_tensor(other):
        return MulScalar.apply(input, other)
    return MulBackward0.apply(input, other)


_TRUE_DIVISION = object()  # no rounding_mode given (DivBackward0); an explicit None is PyTorch's div.Tensor_mode


def div(input, other, *, rounding_mode=_TRUE_DIVISION):
    """True division (integers divide to the default float dtype, as in PyTorch), or rounded with
    ``rounding_mode`` 'trunc' / 'floor' (zero gradient). With a rounding mode, integer operands keep their dtype
    and a zero integer divisor raises ``RuntimeError: ZeroDivisionError`` on the CPU (PyTorch's CPU kernel; NumPy
    returns 0); another mode raises RuntimeError.

    >>> import gradlib
    >>> gradlib.div(gradlib.tensor([1, 2]), 4), gradlib.div(gradlib.tensor([-7., 7.]), 2, rounding_mode='trunc')
    (tensor([0.2500, 0.5000]), tensor([-3.,  3.]))
    """
    require_operand("div", input, "input", 1)
    require_operand("div", other)
    if rounding_mode is not _TRUE_DIVISION:
        if rounding_mode is not None:
            return div_rounded(input, other, rounding_mode)
        if _is_tensor(input) and _is_tensor(other):
            return DivBackward2.apply(input, other)
        if not _is_tensor(input):
            return DivBackward2.apply(_wrapped_first(input, other), other)
        return DivBackward2.apply(input, _creation.as_tensor_like(dtypes.plain_scalar(other), input))
    if not _is_tensor(input):
        return DivBackward0.apply(_wrapped_first(input, other), other)
    if not _is_tensor(other):
        return DivScalar.apply(input, other)
    return DivBackward0.apply(input, other)


class DivBackward2(DivBackward0):
    """``div(a, b, rounding_mode=None)``: true division, under the name PyTorch's ``div.Tensor_mode`` gives it."""

    __slots__ = ()
    saved_scalars = {"rounding_mode": lambda node: None}


def _wrapped_first(number, tensor):
    """A number given as a function's first operand (``torch.div(2.5, x)``, ``torch.add(2, x, alpha=2)``): the 0-d
    tensor PyTorch's argument parser wraps it in, on the tensor's device: in the result's dtype where that is a
    float or complex, else int64 or bool (the division of an integer tensor computes in floats). The operator
    ``2.5 / x`` is ``rdiv`` instead: a reciprocal times the number, as PyTorch's ``__rtruediv__``."""
    number = _plain_scalar(number)
    dtype = dtypes.result_type_scalar(tensor.dtype, number)
    if dtype.is_floating_point or dtype.is_complex:
        if number.__class__ is int:
            number = float(number)  # an int beyond int64 (PyTorch's uint64 number) is read as a float
    else:
        dtype = dtypes.scalar_dtype(number)  # int64 or bool: a true division computes in floats
    return _creation.tensor(number, dtype=dtype, device=tensor.device)


def rdiv(input, other):
    """``other / input`` for a scalar ``other``: computed as ``reciprocal(input) * other``, as in PyTorch."""
    return mul(elementwise.reciprocal(input), other)


def neg(input):
    """``-input``.

    >>> import gradlib
    >>> gradlib.neg(gradlib.tensor([1., -2.]))
    tensor([-1.,  2.])
    """
    if input.dtype is dtypes.bool:  # CuPy would return the bools unchanged, NumPy refuses in other words
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    return NegBackward0.apply(input)


def pow(input, exponent):
    """``input ** exponent`` for tensor or scalar base and exponent.

    >>> import gradlib
    >>> gradlib.pow(gradlib.tensor([1., 2., 3.]), 2)
    tensor([1., 4., 9.])
    """
    require_operand("pow", input, "input", 1)
    require_operand("pow", exponent, "exponent", 2)
    if not _is_tensor(input):
        return rpow(exponent, input)
    exponent = dtypes.plain_scalar(exponent)
    if input.dtype is dtypes.bool and (exponent.dtype is dtypes.bool if _is_tensor(exponent) else False):
        raise NotImplementedError('"pow" not implemented for \'Bool\'')
    if _is_tensor(exponent):
        return PowBackward1.apply(input, exponent)
    if isinstance(exponent, int) and exponent < 0 and not input.dtype.is_floating_point and not input.dtype.is_complex:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if exponent.__class__ is bool and input.dtype is dtypes.bool:  # PyTorch: bool ** bool scalar stays bool
        return PowBackward0.apply(input, int(exponent)).to(dtypes.bool)
    if exponent.__class__ is int:
        dtypes.check_fits(exponent, input.dtype)  # uint8 ** 300: PyTorch converts the exponent to uint8 first
    return PowBackward0.apply(input, exponent)


def rpow(input, base):
    """``base ** input`` for a scalar ``base``.

    >>> import gradlib
    >>> 2 ** gradlib.tensor([1., 3.])
    tensor([2., 8.])
    """
    if base.__class__ is bool and input.dtype is dtypes.bool:
        raise NotImplementedError('"pow" not implemented for \'Bool\'')
    return PowBackward2.apply(base, input)


true_divide = div
multiply = mul
subtract = sub
negative = neg


def _is_floating(value):
    if isinstance(value, _tensor.Tensor):
        return value.dtype.is_floating_point
    return isinstance(value, float)


def _wrapped(scalar, tensor):
    """A Python int beside an integer tensor, as the kernel reads it (two's complement in the tensor's dtype)."""
    if scalar.__class__ is int and isinstance(tensor, _tensor.Tensor) and tensor.dtype.category == \
            dtypes.int64.category:
        return dtypes.wrap_integer(scalar, tensor.dtype)
    return scalar


def check_integer_division(input, other, kernel):
    """PyTorch's integer division kernels (``kernel``: div_floor, div_trunc, remainder, fmod): two bool operands
    have no kernel, and on the CPU a zero divisor raises (NumPy would return 0). PyTorch's CUDA kernels do not
    check, and neither does gradlib there: checking would wait for the device."""
    if _is_floating(input) or _is_floating(other):
        return
    if _is_bool(input) and _is_bool(other):
        raise NotImplementedError(f'"{kernel}_cpu" not implemented for \'Bool\'')
    if isinstance(other, _tensor.Tensor):
        if other._device is CPU and other._array.size and (other._array == 0).any():
            raise RuntimeError("ZeroDivisionError")
    else:
        if other.__class__ is int and isinstance(input, _tensor.Tensor) and input.dtype is not dtypes.bool:
            other = dtypes.wrap_integer(other, input.dtype)  # as the kernel reads it: int8 // 256 divides by 0
        if other != 0 or (isinstance(input, _tensor.Tensor) and input._device is not CPU):
            return
        raise RuntimeError("ZeroDivisionError")


def remainder(input, other):
    """Python's modulo (result has the divisor's sign). Integer operands: a zero divisor raises
    ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch; two bools raise NotImplementedError.

    >>> import gradlib
    >>> gradlib.remainder(gradlib.tensor([-3., 3.]), 2)
    tensor([1., 1.])
    """
    complex_support.check("remainder", input, other)
    other, input = _wrapped(_plain_scalar(other), input), _plain_scalar(input)
    refuse_complex_number("remainder", input, other)
    if isinstance(other, _tensor.Tensor) and isinstance(input, (bool, int, float)):  # remainder.Scalar_Tensor
        check_integer_division(input, other, "remainder")
        return RemainderScalarTensor.apply(_creation.as_tensor_like(input, other), other)
    require_tensor("remainder", input)
    check_integer_division(input, other, "remainder")
    node = RemainderBackward1 if isinstance(other, _tensor.Tensor) else RemainderBackward0
    return node.apply(input, _creation.as_tensor_like(other, input))


def fmod(input, other):
    """C's modulo (result has the dividend's sign). Integer operands: a zero divisor raises
    ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch; two bools raise NotImplementedError.

    >>> import gradlib
    >>> gradlib.fmod(gradlib.tensor([-3., 3.]), 2)
    tensor([-1.,  1.])
    """
    complex_support.check("fmod", input, other)
    require_tensor("fmod", input)
    other = _wrapped(_plain_scalar(other), input)
    refuse_complex_number("fmod", input, other)
    check_integer_division(input, other, "fmod")
    node = FmodBackward1 if isinstance(other, _tensor.Tensor) else FmodBackward0
    return node.apply(input, _creation.as_tensor_like(other, input))


def div_rounded(input, other, rounding_mode, node=DivRoundedBackward2):
    """``div`` with ``rounding_mode`` 'trunc' or 'floor' (integers stay integers; zero gradients). Integer
    operands: a zero divisor raises ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch."""
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    complex_support.check("div_" + rounding_mode, input, other)
    other, input = _wrapped(_plain_scalar(other), input), _plain_scalar(input)
    refuse_complex_number("div_" + rounding_mode, input, other)
    check_integer_division(input, other, "div_" + rounding_mode)
    if not isinstance(input, _tensor.Tensor):
        input = _creation.as_tensor_like(input, other)
    return node.apply(input, _creation.as_tensor_like(other, input), rounding_mode)


def floor_divide(input, other):
    """Division rounded down. Integer operands: a zero divisor raises ``RuntimeError: ZeroDivisionError`` on the
    CPU, as in PyTorch.

    >>> import gradlib
    >>> gradlib.floor_divide(gradlib.tensor([7, -7]), 2)
    tensor([ 3, -4])
    """
    return div_rounded(input, other, "floor", FloorDivide)
