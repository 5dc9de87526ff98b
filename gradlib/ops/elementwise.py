"""Elementwise functions of one tensor: exp, log, trigonometry, sqrt, abs, sign, reciprocal and the rest of the
math library (the nn.functional activations are in ``ops/activation.py``).

The hottest functions (exp ... reciprocal) keep a node class each; the rest are one call to ``elementwise_op``: a
forward formula on raw arrays and a backward formula written against the primitives namespace ``P`` (so it is
differentiable again under ``create_graph``). Integer inputs compute in the default float dtype, as PyTorch does.
Edge cases are chosen as PyTorch does: relu'(0) = 0, abs'(0) = 0 (sign), sqrt'(0) = inf; floor/ceil/round/trunc/
sign have zero gradient; clamp passes the gradient where min <= x <= max; nan_to_num passes it where x is finite.
"""
import math

from .. import _tensor, backends, dtypes
from . import arithmetic
from ._args import kernel_device, refuse_kernel, require_tensor
from ._op import Op, iterator_device
from ._primitives import sign_of

__all__ = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "sqrt", "abs", "sign", "reciprocal", "expm1",
           "log1p", "log2", "log10", "rsqrt", "square", "tan", "asin", "acos", "atan", "sinh", "cosh", "erf", "erfc",
           "floor", "ceil", "round", "trunc", "frac", "nan_to_num", "clamp", "clip"]


class ExpBackward0(Op):
    __slots__ = ()
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
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * (1 - out * out)


class SigmoidBackward0(Op):
    """sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow for large |x|."""

    __slots__ = ()
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
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

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.where(a < 0, 0, a)  # clamp_min(x, 0): -0. and NaN stay as they are (NumPy's maximum gives 0.)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return P.where(out <= 0, 0.0, grad)  # PyTorch's threshold_backward: a +0 gradient, NaN passes


class SqrtBackward0(Op):
    __slots__ = ()
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
    """|x|; the gradient is sign(x): 0 at 0 and at NaN, as in PyTorch."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.abs(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.sign(a)


class SignBackward0(Op):
    """sign(x): piecewise constant, so its gradient is zero everywhere."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        return sign_of(xp, a)

    @staticmethod
    def backward(ctx, P, grad):
        return P.zeros_like(grad)  # not grad * 0: a NaN or inf gradient still gives 0, as PyTorch's zeros_like


class ReciprocalBackward0(Op):
    __slots__ = ()
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
    require_tensor("relu", input)
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
    return SignBackward0.apply(input)


def reciprocal(input):
    """1 / x.

    >>> import gradlib
    >>> gradlib.reciprocal(gradlib.tensor([2., 4.]))
    tensor([0.5000, 0.2500])
    """
    return ReciprocalBackward0.apply(input)


def elementwise_op(name, forward, backward, save="input", int_to_float=True):
    """A node class for an elementwise function of one tensor with extra plain parameters.

    ``forward(xp, a, *params)`` returns the result; ``backward(P, grad, saved..., *params)`` returns the
    gradient, where ``saved`` is the input (``save="input"``), the output (``"output"``), both (``"both"``)
    or nothing (``None``).
    """

    def node_forward(ctx, xp, a, *params):
        ctx.params = params
        out = forward(xp, a, *params)
        if save == "input":
            ctx.save_for_backward(a)
        elif save == "output":
            ctx.save_for_backward(out)
        elif save == "both":
            ctx.save_for_backward(a, out)
        return out

    def node_backward(ctx, P, grad):
        saved = P.saved(ctx) if save else ()
        return backward(P, grad, *saved, *ctx.params)

    return type(name, (Op,), {"__slots__": ("params",), "int_to_float": int_to_float, "__module__": __name__,
                              "__doc__": f"Node of an elementwise op ({name}).",
                              "forward": staticmethod(node_forward), "backward": staticmethod(node_backward)})


def _erf(xp, a):
    return backends.backend_of_array(a).erf(a)


_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)

def _zero_gradient(P, grad, *params):
    """A piecewise constant op's gradient: zeros (PyTorch's zeros_like(grad)), not grad * 0, which is NaN where
    an infinite gradient arrives."""
    return P.zeros_like(grad)


def _clamp_backward(P, grad, a, low, high):
    """PyTorch's clamp_backward: the gradient where low <= x <= high (1 at the bounds), true zeros elsewhere."""
    if low is not None and high is not None:
        return P.where((a >= low) & (a <= high), grad, 0.0)
    if low is not None:
        return P.where(a >= low, grad, 0.0)
    return P.where(a <= high, grad, 0.0)


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
ErfcBackward0 = elementwise_op("ErfcBackward0", lambda xp, a: 1 - _erf(xp, a),
                               lambda P, g, a: g * (-_TWO_OVER_SQRT_PI * P.exp(-(a * a))))
FloorBackward0 = elementwise_op("FloorBackward0", lambda xp, a: xp.floor(a), _zero_gradient, save=None,
                                int_to_float=False)
CeilBackward0 = elementwise_op("CeilBackward0", lambda xp, a: xp.ceil(a), _zero_gradient, save=None,
                               int_to_float=False)
RoundBackward0 = elementwise_op("RoundBackward0", lambda xp, a, decimals: xp.round(a, decimals),
                                _zero_gradient, save=None, int_to_float=False)
TruncBackward0 = elementwise_op("TruncBackward0", lambda xp, a: xp.trunc(a), _zero_gradient, save=None,
                                int_to_float=False)
FracBackward0 = elementwise_op("FracBackward0", lambda xp, a: a - xp.trunc(a), lambda P, g: g, save=None)
NanToNumBackward0 = elementwise_op(
    "NanToNumBackward0", lambda xp, a, nan, posinf, neginf: xp.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf),
    lambda P, g, a, *params: g * P.isfinite(a), int_to_float=False)
ClampBackward1 = elementwise_op(
    "ClampBackward1", lambda xp, a, low, high: xp.clip(a, low, high),
    lambda P, g, a, low, high: _clamp_backward(P, g, a, low, high),
    int_to_float=False)
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
    return ErfBackward0.apply(input)


def erfc(input):
    """1 - erf(x).

    >>> import gradlib
    >>> gradlib.erfc(gradlib.tensor([0.]))
    tensor([1.])
    """
    return ErfcBackward0.apply(input)


def floor(input):
    """Round down (zero gradient).

    >>> import gradlib
    >>> gradlib.floor(gradlib.tensor([-1.5, 1.5]))
    tensor([-2.,  1.])
    """
    refuse_kernel("floor", "floor_vml_cpu", input, "b")
    return FloorBackward0.apply(input)


def ceil(input):
    """Round up (zero gradient).

    >>> import gradlib
    >>> gradlib.ceil(gradlib.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    refuse_kernel("ceil", "ceil_vml_cpu", input, "b")
    return CeilBackward0.apply(input)


def round(input, *, decimals=0):
    """Round half to even (zero gradient).

    >>> import gradlib
    >>> gradlib.round(gradlib.tensor([0.5, 1.5, 2.567]), decimals=0)
    tensor([0., 2., 3.])
    """
    refuse_kernel("round", "round_vml_cpu", input, "b")
    return RoundBackward0.apply(input, decimals)


def trunc(input):
    """Round toward zero (zero gradient).

    >>> import gradlib
    >>> gradlib.trunc(gradlib.tensor([-1.7, 1.7]))
    tensor([-1.,  1.])
    """
    refuse_kernel("trunc", "trunc_vml_cpu", input, "b")
    return TruncBackward0.apply(input)


def frac(input):
    """x - trunc(x).

    >>> import gradlib
    >>> gradlib.frac(gradlib.tensor([1.25, -1.25]))
    tensor([ 0.2500, -0.2500])
    """
    refuse_kernel("frac", "frac_cpu", input, "iub")
    return FracBackward0.apply(input)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """Replace NaN, +inf, -inf (by default with 0 and the dtype's largest/smallest values).

    >>> import gradlib
    >>> gradlib.nan_to_num(gradlib.tensor([float('nan'), 1.]))
    tensor([0., 1.])
    """
    return NanToNumBackward0.apply(input, nan, posinf, neginf)


def clamp(input, min=None, max=None):
    """Limit values to [min, max] (scalars or tensors; either may be None).

    >>> import gradlib
    >>> gradlib.clamp(gradlib.tensor([-2., 0.5, 3.]), min=-1, max=1)
    tensor([-1.0000,  0.5000,  1.0000])
    """
    require_tensor("clamp", input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    min, max = dtypes.plain_scalar(min), dtypes.plain_scalar(max)
    if input.dtype is dtypes.bool and all(bound is None or bound.__class__ is bool for bound in (min, max)):
        kernel = "clamp_scalar" if min is not None and max is not None else (
            "clamp_min_scalar" if min is not None else "clamp_max_scalar")
        device = "cpu" if input.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"{kernel}_{device}" not implemented for \'Bool\'')
    wanted = input.dtype
    for bound in (min, max):
        if isinstance(bound, (bool, int, float)):
            wanted = dtypes.result_type_scalar(wanted, bound)
    for bound in (min, max):
        if isinstance(bound, (int, float)):
            dtypes.check_fits(bound, wanted)  # PyTorch converts a bound once, refusing what the dtype cannot hold
    if wanted.category == dtypes.int64.category:
        min = dtypes.wrap_integer(min, wanted) if min.__class__ is int else min
        max = dtypes.wrap_integer(max, wanted) if max.__class__ is int else max
    if wanted is not input.dtype:  # an integer tensor with float bounds: PyTorch's default float, not float64
        input = input.to(wanted)
    if isinstance(min, _tensor.Tensor) or isinstance(max, _tensor.Tensor):
        bounds = [bound for bound in (min, max) if isinstance(bound, _tensor.Tensor)]
        if any(bound._device is not input._device for bound in bounds):
            iterator_device([input] + bounds, cpu_scalars=0)  # clamp's TensorIterator takes no CPU scalar
        if not isinstance(min, _tensor.Tensor) and min is not None:
            input = ClampBackward1.apply(input, min, None)
            min = None
        if not isinstance(max, _tensor.Tensor) and max is not None:
            input = ClampBackward1.apply(input, None, max)
            max = None
        return ClampBackward0.apply(*(t for t in (input, min, max) if t is not None), min is not None,
                                    max is not None)
    return ClampBackward1.apply(input, min, max)


class ClampBackward0(Op):
    """clamp with tensor bounds (either may be absent), with PyTorch's gradients: the input's where
    min <= x <= max (1 at the bounds), min's where x < min < max, max's where x > max or max < min."""

    __slots__ = ("has",)
    promote = True
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, a, *rest):
        has_min, has_max = rest[-2:]
        bounds = list(rest[:-2])
        low = bounds.pop(0) if has_min else None
        high = bounds.pop(0) if has_max else None
        ctx.has = (has_min, has_max)
        out = a
        if low is not None:
            out = xp.maximum(out, low)
        if high is not None:
            out = xp.minimum(out, high)
        ctx.save_for_backward(*(t for t in (a, low, high) if t is not None))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        saved = list(P.saved(ctx))
        has_min, has_max = ctx.has
        a = saved.pop(0)
        low = saved.pop(0) if has_min else None
        high = saved.pop(0) if has_max else None
        if low is not None and high is not None:
            grads = [P.where((a >= low) & (a <= high), grad, 0.0),
                     P.where((a < low) & (low < high), grad, 0.0),
                     P.where((a > high) | (high < low), grad, 0.0)]
        elif low is not None:
            grads = [P.where(a >= low, grad, 0.0), P.where(a < low, grad, 0.0)]
        else:
            grads = [P.where(a <= high, grad, 0.0), P.where(a > high, grad, 0.0)]
        return tuple(grads)


clip = clamp
