"""Elementwise math: exp, log, trigonometry, sqrt, abs, sign, reciprocal and the rest of the math library of one
tensor, and atan2/hypot (the nn.functional activations are in ``ops/activation.py``, clamp in ``ops/selection.py``).

The hottest functions (exp ... reciprocal) keep a node class each; the rest are one call to ``elementwise_op``: a
forward formula on raw arrays and a backward formula written against the primitives namespace ``P`` (so it is
differentiable again under ``create_graph``). Integer inputs compute in the default float dtype, as PyTorch does.
Edge cases are chosen as PyTorch does: relu'(0) = 0, abs'(0) = 0 (sign), sqrt'(0) = inf; floor/ceil/round/trunc/
sign have zero gradient; clamp passes the gradient where min <= x <= max; nan_to_num passes it where x is finite.
"""
import math

from .. import _creation, _tensor as _tensor_module, backends, dtypes
from . import arithmetic
from ._args import kernel_device, refuse_kernel, require_tensor
from ._op import Op, elementwise_op
from ._primitives import sign_of
from . import _scalar_operand
from . import complex_support
from ..backends import numpy_backend as _numpy_backend

__all__ = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "sqrt", "abs", "sign", "reciprocal", "expm1",
           "log1p", "log2", "log10", "rsqrt", "square", "tan", "asin", "acos", "atan", "sinh", "cosh", "erf", "erfc",
           "floor", "ceil", "round", "trunc", "frac", "nan_to_num", "atan2", "arctan2", "hypot"]


class ExpBackward0(Op):
    __slots__ = ()
    pointwise = True
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * out


class LogBackward0(Op):
    __slots__ = ()
    pointwise = True
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.log(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad / a


class SinBackward0(Op):
    __slots__ = ()
    pointwise = True
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.sin(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.cos(a)


class CosBackward0(Op):
    __slots__ = ()
    pointwise = True
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.cos(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * -P.sin(a)


class TanhBackward0(Op):
    __slots__ = ()
    pointwise = True
    saved_names = ("result",)
    int_to_float = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * P.one_minus_square(out)


class SigmoidBackward0(Op):
    """sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow for large |x|."""

    __slots__ = ()
    pointwise = True
    saved_names = ("result",)
    int_to_float = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a):
        if a.dtype.kind == "c":  # 1 / (1 + exp(-z)), as PyTorch's complex kernel
            out = 1 / (1 + xp.exp(-a))
            ctx.save_for_backward(out)
            return out
        # exp of a non-positive number never overflows: use exp(-|x|) on both branches.
        e = xp.exp(-xp.abs(a))
        out = xp.where(a >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * (out * (1 - out))


class ReluBackward0(Op):
    """max(x, 0); the gradient at 0 is 0."""

    __slots__ = ()
    pointwise = True
    saved_names = ('result',)

    @staticmethod
    def forward(ctx, xp, a):
        # clamp_min(x, 0): -0. and NaN stay as they are. maximum (ten times faster than where on NumPy) gives NaN
        # and +0. for negatives, but the sign of its tied zeros is the library's choice: zeros are copied back.
        # Only a -0. can come out wrong (+0. against +0. is +0. either way), so on the host the copy (a compare
        # and an unvectorized masked pass) runs only where the input holds a -0. (_may_hold_minus_zero); CuPy's
        # arrays always take it (asking would sync).
        if a.ndim:
            if a.__class__ is _HOST_ARRAY:
                out = xp.maximum(a, _HOST_ZEROS.get(a.dtype, 0))
                if _may_hold_minus_zero(a):
                    xp.copyto(out, a, where=a == 0)
            else:
                out = xp.maximum(a, 0)
                xp.copyto(out, a, where=a == 0)
        else:  # NumPy's 0-d maximum is a scalar, which copyto cannot fill
            out = xp.where(a < 0, 0, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        if ctx._saved[0].unpack_hook is not None and not P.differentiable:
            # a saved_tensors_hooks unpack hook may give back any values, negatives too, which relu_backward's
            # mask (out != 0, for relu's own never-negative output) would pass: threshold_backward's own test
            return P.where(out <= 0, 0.0, grad)
        # PyTorch's threshold_backward: a +0 gradient, NaN passes; under create_graph its node,
        # ThresholdBackwardBackward0 (whose own test is threshold_backward's)
        return P.relu_backward(grad, out)


class ThresholdBackwardBackward0(Op):
    """relu's gradient under create_graph, a node of its own as in PyTorch: threshold_backward(grad, self, 0), that
    is ``where(self <= 0, 0, grad)`` for relu's result ``self``. Its inputs are the gradient and relu's result, so
    the gradient of a relu requires grad whenever relu's output does (PyTorch's ``ThresholdBackwardBackward0``, whose
    derivative for ``self`` is zero), not only when the incoming gradient does."""

    __slots__ = ()
    pointwise = True
    saved_names = ("self",)
    saved_scalars = {"threshold": lambda node: 0}

    @staticmethod
    def forward(ctx, xp, grad, out):
        ctx.save_for_backward(out)
        return xp.where(out <= 0, xp.zeros((), grad.dtype), grad)

    @staticmethod
    def backward(ctx, P, outer):
        (out,) = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_grad = P.where(out <= 0, 0.0, outer) if needs[0] else None
        grad_self = P.zeros_like(outer) if needs[1] else None
        return grad_grad, grad_self


class SqrtBackward0(Op):
    __slots__ = ()
    saved_names = ('result',)
    pointwise = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad / (2 * out)


class AbsBackward0(Op):
    """|x|; the gradient is sign(x): 0 at 0 and at NaN, as in PyTorch; for complex z, grad * z / |z| (sgn)."""

    __slots__ = ()
    saved_names = ('self',)
    pointwise = True
    complex_aware = True  # |z| is real: grad * sgn(z) is PyTorch's formula as it stands

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.abs(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        if a.dtype.kind == "c" if hasattr(a.dtype, "kind") else a.dtype.is_complex:
            return grad * P.sgn(a)
        return grad * P.sign(a)


class SignBackward0(Op):
    """sign(x): piecewise constant, so its gradient is zero everywhere."""

    __slots__ = ()
    pointwise = True

    @staticmethod
    def forward(ctx, xp, a):
        return sign_of(xp, a)

    @staticmethod
    def backward(ctx, P, grad):
        return P.zeros_like(grad)  # not grad * 0: a NaN or inf gradient still gives 0, as PyTorch's zeros_like


class ReciprocalBackward0(Op):
    __slots__ = ()
    saved_names = ('result',)
    pointwise = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = 1 / a
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * -(out * out)


def exp(input):
    """e to the power of each element.

    >>> import gradlib
    >>> gradlib.exp(gradlib.tensor([0., 1.]))
    tensor([1.0000, 2.7183])
    """
    return ExpBackward0.apply(input)


def log(input):
    """Natural logarithm.

    >>> import gradlib
    >>> gradlib.log(gradlib.tensor([1., 2.]))
    tensor([0.0000, 0.6931])
    """
    return LogBackward0.apply(input)


def sin(input):
    """Sine.

    >>> import gradlib
    >>> gradlib.sin(gradlib.tensor([0., 3.]))
    tensor([0.0000, 0.1411])
    """
    return SinBackward0.apply(input)


def cos(input):
    """Cosine.

    >>> import gradlib
    >>> gradlib.cos(gradlib.tensor([0.]))
    tensor([1.])
    """
    return CosBackward0.apply(input)


def tanh(input):
    """Hyperbolic tangent.

    >>> import gradlib
    >>> gradlib.tanh(gradlib.tensor([0., 1.]))
    tensor([0.0000, 0.7616])
    """
    return TanhBackward0.apply(input)


def sigmoid(input):
    """Logistic sigmoid, stable for large |x|.

    >>> import gradlib
    >>> gradlib.sigmoid(gradlib.tensor([0., 1e4, -1e4]))
    tensor([0.5000, 1.0000, 0.0000])
    """
    return SigmoidBackward0.apply(input)


def relu(input):
    """max(x, 0) elementwise; relu'(0) = 0.

    >>> import gradlib
    >>> gradlib.relu(gradlib.tensor([-1., 0., 2.]))
    tensor([0., 0., 2.])
    """
    if input.__class__ is _tensor_module.Tensor and dtypes.floating_np(input._array.dtype):
        return ReluBackward0.apply(input)  # the common call: a float tensor, nothing to check
    require_tensor("relu", input)
    if input.dtype.is_complex:
        raise NotImplementedError("clamp is not supported for complex types")
    if input.dtype.np.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return ReluBackward0.apply(input)


def sqrt(input):
    """Square root.

    >>> import gradlib
    >>> gradlib.sqrt(gradlib.tensor([4., 9.]))
    tensor([2., 3.])
    """
    return SqrtBackward0.apply(input)


def abs(input):
    """Absolute value; abs'(0) = 0.

    >>> import gradlib
    >>> gradlib.abs(gradlib.tensor([-1.5, 2.]))
    tensor([1.5000, 2.0000])
    """
    require_tensor("abs", input)
    if input.dtype.np.kind == "b":
        raise NotImplementedError(f'"abs_{kernel_device(input)}" not implemented for \'Bool\'')
    return AbsBackward0.apply(input)


def sign(input):
    """-1, 0 or 1 by the sign of each element; its gradient is zero. sign(NaN) is 0, as in PyTorch (NumPy
    gives NaN).

    >>> import gradlib
    >>> gradlib.sign(gradlib.tensor([-2., 0., 3., float('nan')]))
    tensor([-1.,  0.,  1.,  0.])
    """
    if isinstance(input, _tensor_module.Tensor) and input.dtype.is_complex:
        raise NotImplementedError("Unlike NumPy, gradlib.sign is not intended to support complex numbers. Please use "
                                  "gradlib.sgn instead.")
    return SignBackward0.apply(input)


def _refuse_complex_rounding(name, input):
    """PyTorch's refusal to round complex numbers (``floor is not supported for complex inputs``)."""
    if input.dtype.is_complex:
        raise NotImplementedError(f"{name} is not supported for complex inputs")


def reciprocal(input):
    """1 / x.

    >>> import gradlib
    >>> gradlib.reciprocal(gradlib.tensor([2., 4.]))
    tensor([0.5000, 0.2500])
    """
    return ReciprocalBackward0.apply(input)


def _erf(xp, a):
    return backends.backend_of_array(a).erf(a)


_HOST_ARRAY = _numpy_backend.array_type
_HOST_ZEROS = _scalar_operand.HOST_ZEROS
_MIN = _numpy_backend.xp.minimum.reduce
# A float's bits read as the signed integer of its width: -0. alone is the integer's least value (sign bit only)
_SIGNED_BITS = {_numpy_backend.xp.dtype(name): _numpy_backend.xp.dtype(bits)
                for name, bits in (("float16", "int16"), ("float32", "int32"), ("float64", "int64"))}
_LEAST = {bits: _numpy_backend.xp.iinfo(bits).min for bits in _SIGNED_BITS.values()}


def _may_hold_minus_zero(array):
    """False where the host array ``array`` (not 0-d) surely holds no -0.: the least of its float16/32/64 bits
    read as signed integers is not the sign bit alone. One vectorized pass, no temporary: the first least element
    (``argmin``) of a row-major array, where a 2-D (32, 128) float32 costs ~1.2 us against ~2.1 us for the
    reduction (``minimum.reduce``) that other layouts take, and no more on (256, 1024); on 256x1024 float32 about
    16 us, where the compare and the masked copy it saves cost about 60 us. True for other dtypes."""
    bits = _SIGNED_BITS.get(array.dtype)
    if bits is None:
        return True
    if not array.size:
        return False
    if array.flags.c_contiguous:
        flat = array.view(bits).reshape(-1)
        return flat[flat.argmin()] == _LEAST[bits]
    return _MIN(array.view(bits), axis=None) == _LEAST[bits]


_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)

def _zero_gradient(P, grad, *params):
    """A piecewise constant op's gradient: zeros (PyTorch's zeros_like(grad)), not grad * 0, which is NaN where
    an infinite gradient arrives."""
    return P.zeros_like(grad)


Expm1Backward0 = elementwise_op("Expm1Backward0", lambda xp, a: xp.expm1(a),
                                lambda P, g, out: g * (out + 1), save="output")
Log1PBackward0 = elementwise_op("Log1PBackward0", lambda xp, a: xp.log1p(a), lambda P, g, a: g / (a + 1))
Log2Backward0 = elementwise_op("Log2Backward0", lambda xp, a: xp.log2(a), lambda P, g, a: g / (a * _LN2))
Log10Backward0 = elementwise_op("Log10Backward0", lambda xp, a: xp.log10(a), lambda P, g, a: g / (a * _LN10))
RsqrtBackward0 = elementwise_op("RsqrtBackward0", lambda xp, a: 1 / xp.sqrt(a),
                                lambda P, g, out: g * (-0.5 * out * out * out), save="output")
TanBackward0 = elementwise_op("TanBackward0", lambda xp, a: xp.tan(a),
                              lambda P, g, out: g * (1 + out * out), save="output")
AsinBackward0 = elementwise_op("AsinBackward0", lambda xp, a: xp.arcsin(a),
                               lambda P, g, a: g / P.sqrt(1 - a * a))
AcosBackward0 = elementwise_op("AcosBackward0", lambda xp, a: xp.arccos(a),
                               lambda P, g, a: -g / P.sqrt(1 - a * a))
AtanBackward0 = elementwise_op("AtanBackward0", lambda xp, a: xp.arctan(a), lambda P, g, a: g / (1 + a * a))
SinhBackward0 = elementwise_op("SinhBackward0", lambda xp, a: xp.sinh(a), lambda P, g, a: g * P.cosh(a))
CoshBackward0 = elementwise_op("CoshBackward0", lambda xp, a: xp.cosh(a), lambda P, g, a: g * P.sinh(a))
ErfBackward0 = elementwise_op("ErfBackward0", _erf,
                              lambda P, g, a: g * (_TWO_OVER_SQRT_PI * P.exp(-(a * a))))
ErfcBackward0 = elementwise_op("ErfcBackward0", lambda xp, a: backends.backend_of_array(a).erfc(a),
                               lambda P, g, a: g * (-_TWO_OVER_SQRT_PI * P.exp(-(a * a))))
FloorBackward0 = elementwise_op("FloorBackward0", lambda xp, a: xp.floor(a), _zero_gradient, save=None,
                                int_to_float=False)
CeilBackward0 = elementwise_op("CeilBackward0", lambda xp, a: xp.ceil(a), _zero_gradient, save=None,
                               int_to_float=False)
RoundBackward0 = elementwise_op("RoundBackward0", lambda xp, a, decimals: xp.round(a, decimals),
                                _zero_gradient, save=None, int_to_float=False)
# PyTorch's round.decimals overload: its node whenever decimals= is given, 0 included
RoundBackward1 = elementwise_op("RoundBackward1", lambda xp, a, decimals: xp.round(a, decimals),
                                _zero_gradient, save=None, int_to_float=False)
TruncBackward0 = elementwise_op("TruncBackward0", lambda xp, a: xp.trunc(a), _zero_gradient, save=None,
                                int_to_float=False)
# the nodes of fill_ with a number and of zero_ (PyTorch's names): every element replaced, a zero gradient
FillBackward2 = elementwise_op("FillBackward2", lambda xp, a, value: xp.full_like(a, value), _zero_gradient,
                               save=None, int_to_float=False)
ZeroBackward0 = elementwise_op("ZeroBackward0", lambda xp, a: xp.zeros_like(a), _zero_gradient, save=None,
                               int_to_float=False)
FracBackward0 = elementwise_op("FracBackward0", lambda xp, a: a - xp.trunc(a), lambda P, g: g, save=None)
NanToNumBackward0 = elementwise_op(
    "NanToNumBackward0", lambda xp, a, nan, posinf, neginf: xp.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf),
    lambda P, g, a, *params: g * P.isfinite(a), int_to_float=False)
def expm1(input):
    """e^x - 1, accurate for small x.

    >>> import gradlib
    >>> gradlib.expm1(gradlib.tensor([1e-10, 1.]))
    tensor([1.0000e-10, 1.7183e+00])
    """
    return Expm1Backward0.apply(input)


def log1p(input):
    """log(1 + x), accurate for small x.

    >>> import gradlib
    >>> gradlib.log1p(gradlib.tensor([1e-10]))
    tensor([1.0000e-10])
    """
    return Log1PBackward0.apply(input)


def log2(input):
    """Base-2 logarithm.

    >>> import gradlib
    >>> gradlib.log2(gradlib.tensor([8.]))
    tensor([3.])
    """
    return Log2Backward0.apply(input)


def log10(input):
    """Base-10 logarithm.

    >>> import gradlib
    >>> gradlib.log10(gradlib.tensor([1., 10.]))
    tensor([0., 1.])
    """
    return Log10Backward0.apply(input)


def rsqrt(input):
    """1 / sqrt(x).

    >>> import gradlib
    >>> gradlib.rsqrt(gradlib.tensor([4.]))
    tensor([0.5000])
    """
    return RsqrtBackward0.apply(input)


def square(input):
    """x * x (recorded as ``x ** 2``, as PyTorch does).

    >>> import gradlib
    >>> gradlib.square(gradlib.tensor([3.]))
    tensor([9.])
    """
    return arithmetic.pow(input, 2)


def tan(input):
    """Tangent.

    >>> import gradlib
    >>> gradlib.tan(gradlib.tensor([0.]))
    tensor([0.])
    """
    return TanBackward0.apply(input)


def asin(input):
    """Arcsine.

    >>> import gradlib
    >>> gradlib.asin(gradlib.tensor([1.]))
    tensor([1.5708])
    """
    return AsinBackward0.apply(input)


def acos(input):
    """Arccosine.

    >>> import gradlib
    >>> gradlib.acos(gradlib.tensor([1.]))
    tensor([0.])
    """
    return AcosBackward0.apply(input)


def atan(input):
    """Arctangent.

    >>> import gradlib
    >>> gradlib.atan(gradlib.tensor([1.]))
    tensor([0.7854])
    """
    return AtanBackward0.apply(input)


def sinh(input):
    """Hyperbolic sine.

    >>> import gradlib
    >>> gradlib.sinh(gradlib.tensor([0.]))
    tensor([0.])
    """
    return SinhBackward0.apply(input)


def cosh(input):
    """Hyperbolic cosine.

    >>> import gradlib
    >>> gradlib.cosh(gradlib.tensor([0.]))
    tensor([1.])
    """
    return CoshBackward0.apply(input)


def erf(input):
    """The error function.

    >>> import gradlib
    >>> gradlib.erf(gradlib.tensor([0., 1.]))
    tensor([0.0000, 0.8427])
    """
    refuse_kernel("erf", "erf_vml_cpu", input, "c")
    return ErfBackward0.apply(input)


def erfc(input):
    """1 - erf(x), computed without the cancellation in the tails (as ``torch.erfc``).

    >>> import gradlib
    >>> gradlib.erfc(gradlib.tensor([0., 4.]))
    tensor([1.0000e+00, 1.5417e-08])
    """
    complex_support.check("erfc", input)
    return ErfcBackward0.apply(input)


def floor(input):
    """Round down (zero gradient).

    >>> import gradlib
    >>> gradlib.floor(gradlib.tensor([-1.5, 1.5]))
    tensor([-2.,  1.])
    """
    refuse_kernel("floor", "floor_vml_cpu", input, "b")
    _refuse_complex_rounding("floor", input)
    return FloorBackward0.apply(input)


def ceil(input):
    """Round up (zero gradient).

    >>> import gradlib
    >>> gradlib.ceil(gradlib.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    refuse_kernel("ceil", "ceil_vml_cpu", input, "b")
    _refuse_complex_rounding("ceil", input)
    return CeilBackward0.apply(input)


def round(input, *, decimals=None):
    """Round half to even to ``decimals`` places (default 0; zero gradient). The node is RoundBackward0 without
    ``decimals=`` and RoundBackward1 with it, as PyTorch's two overloads.

    >>> import gradlib
    >>> gradlib.round(gradlib.tensor([0.5, 1.5, 2.567]), decimals=0)
    tensor([0., 2., 3.])
    """
    if decimals is None:
        refuse_kernel("round", "round_vml_cpu", input, "bc")  # integers round to themselves
        return RoundBackward0.apply(input, 0)
    # PyTorch's decimals overload has no integer kernels at all (decimals=0 included)
    complex_support.check("round_decimals", input)
    refuse_kernel("round", "round_vml_cpu" if decimals == 0 else "round_cpu", input)
    return RoundBackward1.apply(input, decimals)


def trunc(input):
    """Round toward zero (zero gradient).

    >>> import gradlib
    >>> gradlib.trunc(gradlib.tensor([-1.7, 1.7]))
    tensor([-1.,  1.])
    """
    refuse_kernel("trunc", "trunc_vml_cpu", input, "b")
    _refuse_complex_rounding("trunc", input)
    return TruncBackward0.apply(input)


def frac(input):
    """x - trunc(x).

    >>> import gradlib
    >>> gradlib.frac(gradlib.tensor([1.25, -1.25]))
    tensor([ 0.2500, -0.2500])
    """
    refuse_kernel("frac", "frac_cpu", input, "iubc")
    return FracBackward0.apply(input)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """Replace NaN, +inf, -inf (by default with 0 and the dtype's largest/smallest values).

    >>> import gradlib
    >>> gradlib.nan_to_num(gradlib.tensor([float('nan'), 1.]))
    tensor([0., 1.])
    """
    complex_support.check("nan_to_num", input)
    if isinstance(input, _tensor_module.Tensor) and (input.dtype is dtypes.bfloat16 or input.dtype is dtypes.float16):
        # half floats compute in float32: their own limits, not float32's (which round to inf)
        limit = float.fromhex("0x1.fep127") if input.dtype is dtypes.bfloat16 else 65504.0
        posinf = limit if posinf is None else posinf
        neginf = -limit if neginf is None else neginf
    return NanToNumBackward0.apply(input, nan, posinf, neginf)


class Atan2Backward0(Op):
    __slots__ = ()
    saved_names = ('self', 'other')
    pointwise = True
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.arctan2(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        recip = 1 / (a * a + b * b)
        recip = P.where(recip == math.inf, 0.0, recip)  # (never -inf) PyTorch's mask: atan2(0, 0) has gradient (0, -0)
        return grad * b * recip, grad * -a * recip


class HypotBackward0(Op):
    __slots__ = ()
    saved_names = ('self', 'other', 'result')
    pointwise = True
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, b):
        out = xp.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, out = P.saved(ctx)
        return grad * a / out, grad * b / out


def atan2(input, other):
    """The angle of (other, input) in radians, elementwise.

    >>> import gradlib
    >>> gradlib.atan2(gradlib.tensor([1.]), gradlib.tensor([1.]))
    tensor([0.7854])
    """
    complex_support.check("atan2", input, other)
    require_tensor("atan2", input)
    require_tensor("atan2", other, "other", 2)
    return Atan2Backward0.apply(input, _creation.as_tensor_like(other, input))


arctan2 = atan2


def hypot(input, other):
    """sqrt(input^2 + other^2) without overflow.

    >>> import gradlib
    >>> gradlib.hypot(gradlib.tensor([3.]), gradlib.tensor([4.]))
    tensor([5.])
    """
    require_tensor("hypot", input)
    require_tensor("hypot", other, "other", 2)
    result = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)
    if not result.is_floating_point:  # no integer hypot kernel in PyTorch
        raise NotImplementedError(f'"hypot_cpu" not implemented for \'{result.scalar_type}\'')
    return HypotBackward0.apply(input, _creation.as_tensor_like(other, input))
