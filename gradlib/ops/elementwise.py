"""More elementwise functions: the rest of the math library and the activations.

Each op is one call to ``elementwise_op``: a forward formula on raw arrays and a backward formula written
against the primitives namespace ``P`` (so it is differentiable again under ``create_graph``). Edge cases are
chosen as PyTorch does: floor/ceil/round/trunc/sign have zero gradient; clamp passes the gradient where
min <= x <= max; nan_to_num passes it where x is finite.
"""
import math
import struct

from .. import _tensor, backends, dtypes
from . import arithmetic, selection
from ._args import require_tensor
from ._op import Op, iterator_device

__all__ = ["expm1", "log1p", "log2", "log10", "rsqrt", "square", "tan", "asin", "acos", "atan", "sinh", "cosh",
           "erf", "erfc", "floor", "ceil", "round", "trunc", "frac", "nan_to_num", "clamp", "clip", "leaky_relu",
           "elu", "selu", "gelu", "silu", "softplus", "mish", "logsigmoid", "hardtanh", "relu6", "celu"]


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
_SQRT2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946

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
LeakyReluBackward0 = elementwise_op(
    "LeakyReluBackward0", lambda xp, a, slope: xp.where(a > 0, a, a * slope),
    lambda P, g, a, slope: P.where(a > 0, g, g * slope))
EluBackward0 = elementwise_op(
    "EluBackward0", lambda xp, a, alpha, scale: scale * xp.where(a > 0, a, alpha * xp.expm1(xp.where(a > 0, 0, a))),
    # PyTorch: scale * alpha * exp(x) for x <= 0, and a second derivative of 0 at x = 0 (the exponent is held
    # at 0 there: same value, no derivative); -0. stays -0. in the value
    lambda P, g, a, alpha, scale: P.where(a > 0, g * scale, g * (scale * alpha) * P.exp(P.where(a < 0, a, 0.0))))
CeluBackward0 = elementwise_op(
    "CeluBackward0", lambda xp, a, alpha, inv: xp.where(a > 0, a, alpha * xp.expm1(xp.where(a > 0, 0, a) / alpha)),
    # as elu: the exponent is held at 0 for x >= 0 (second derivative 0 there, -0. stays -0.)
    lambda P, g, a, alpha, inv: P.where(a > 0, g, g * (alpha * inv) * P.exp(P.where(a < 0, a, 0.0) * inv)))


def float32_round(value):
    """``value`` rounded to the nearest float32 (PyTorch's kernels read some double parameters as float)."""
    return struct.unpack("f", struct.pack("f", value))[0]


GeluBackward0 = elementwise_op(
    "GeluBackward0", lambda xp, a: 0.5 * a * (1 + _erf(xp, a / _SQRT2)),
    lambda P, g, a: g * (0.5 * (1 + P.erf(a / _SQRT2)) + a * P.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)))


def _gelu_tanh_forward(xp, a):
    return 0.5 * a * (1 + xp.tanh(_SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)))


def _gelu_tanh_backward(P, g, a):
    inner = _SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)
    t = P.tanh(inner)
    return g * (0.5 * (1 + t) + 0.5 * a * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * a * a))


GeluTanhBackward0 = elementwise_op("GeluBackward0", _gelu_tanh_forward, _gelu_tanh_backward)


def _stable_sigmoid(xp, a):
    e = xp.exp(-xp.abs(a))
    return xp.where(a >= 0, 1 / (1 + e), e / (1 + e))


SiluBackward0 = elementwise_op(
    "SiluBackward0", lambda xp, a: a * _stable_sigmoid(xp, a),
    lambda P, g, a: g * (P.sigmoid(a) * (1 + a * (1 - P.sigmoid(a)))))


def _softplus_forward(xp, a, beta, threshold):
    scaled = a * beta
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): finite for any z; above the threshold PyTorch returns x.
    soft = (xp.maximum(scaled, 0) + xp.log1p(xp.exp(-xp.abs(scaled)))) / beta
    return xp.where(scaled > threshold, a, soft)


SoftplusBackward0 = elementwise_op(
    "SoftplusBackward0", _softplus_forward,
    lambda P, g, a, beta, threshold: _softplus_backward(P, g, a, beta, threshold))


def _softplus_backward(P, g, a, beta, threshold):
    """PyTorch's softplus_backward (sigmoid(beta x) up to the threshold, 1 above), whose own derivative PyTorch
    masks with beta x < threshold: at beta x == threshold the sigmoid's argument is held constant (same
    value, zero derivative) so the second derivative there is 0, as PyTorch's softplus_double_backward."""
    scaled = a * beta
    held = P.where(scaled < threshold, scaled, scaled * 0 + threshold)
    return P.where(scaled > threshold, g, g * P.sigmoid(held))


def _mish_forward(xp, a):
    return a * xp.tanh(_softplus_forward(xp, a, 1.0, 20.0))


def _mish_backward(P, g, a):
    t = P.tanh(P.softplus(a))
    return g * (t + a * P.sigmoid(a) * (1 - t * t))


MishBackward0 = elementwise_op("MishBackward0", _mish_forward, _mish_backward)
LogSigmoidBackward0 = elementwise_op(
    "LogSigmoidBackward0", lambda xp, a: xp.minimum(a, 0) - xp.log1p(xp.exp(-xp.abs(a))),
    lambda P, g, a: g * P.sigmoid(-a))
HardtanhBackward0 = elementwise_op(
    "HardtanhBackward0", lambda xp, a, low, high: xp.clip(a, low, high).astype(a.dtype, copy=False),  # ints stay
    lambda P, g, a, low, high: P.where((a > low) & (a < high), g, 0.0), int_to_float=False)


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
    _refuse("floor", "floor_vml_cpu", input, "b")
    return FloorBackward0.apply(input)


def ceil(input):
    """Round up (zero gradient).

    >>> import gradlib
    >>> gradlib.ceil(gradlib.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    _refuse("ceil", "ceil_vml_cpu", input, "b")
    return CeilBackward0.apply(input)


def round(input, *, decimals=0):
    """Round half to even (zero gradient).

    >>> import gradlib
    >>> gradlib.round(gradlib.tensor([0.5, 1.5, 2.567]), decimals=0)
    tensor([0., 2., 3.])
    """
    _refuse("round", "round_vml_cpu", input, "b")
    return RoundBackward0.apply(input, decimals)


def trunc(input):
    """Round toward zero (zero gradient).

    >>> import gradlib
    >>> gradlib.trunc(gradlib.tensor([-1.7, 1.7]))
    tensor([-1.,  1.])
    """
    _refuse("trunc", "trunc_vml_cpu", input, "b")
    return TruncBackward0.apply(input)


def frac(input):
    """x - trunc(x).

    >>> import gradlib
    >>> gradlib.frac(gradlib.tensor([1.25, -1.25]))
    tensor([ 0.2500, -0.2500])
    """
    _refuse("frac", "frac_cpu", input, "iub")
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
    return clamp_using(input, min, max, ClampBackward1, ClampBackward0)


def clamp_using(input, min, max, scalar_node, tensor_node):
    """``clamp`` recorded with ``scalar_node`` for Python-number bounds and ``tensor_node`` for tensor bounds
    (clamp_min and clamp_max record PyTorch's ClampMinBackward0/1 and ClampMaxBackward0/1)."""
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
            input = scalar_node.apply(input, min, None)
            min = None
        if not isinstance(max, _tensor.Tensor) and max is not None:
            input = scalar_node.apply(input, None, max)
            max = None
        return tensor_node.apply(*(t for t in (input, min, max) if t is not None), min is not None,
                                 max is not None)
    return scalar_node.apply(input, min, max)


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


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x where x > 0, else negative_slope * x.

    >>> import gradlib
    >>> gradlib.nn.functional.leaky_relu(gradlib.tensor([-1., 2.]), 0.1)
    tensor([-0.1000,  2.0000])
    """
    _refuse("leaky_relu", "leaky_relu_cpu", input, "iub")
    return _activation(LeakyReluBackward0, input, inplace, negative_slope)


def elu(input, alpha=1.0, inplace=False):
    """x where x > 0, else alpha (e^x - 1).

    >>> import gradlib
    >>> gradlib.nn.functional.elu(gradlib.tensor([-1., 2.]))
    tensor([-0.6321,  2.0000])
    """
    _refuse("elu", "elu_cpu", input, "iub")
    return _activation(EluBackward0, input, inplace, alpha, 1.0)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha (e^(x/alpha) - 1)).

    The gradient scales by 1 / float32(alpha), as PyTorch's (its derivative passes ``1.0 / alpha.toFloat()``).

    >>> import gradlib
    >>> gradlib.nn.functional.celu(gradlib.tensor([-1., 2.]), 0.5)
    tensor([-0.4323,  2.0000])
    """
    _refuse("celu", "elu_cpu", input, "iub")
    return _activation(CeluBackward0, input, inplace, alpha, 1.0 / float32_round(alpha))


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalizing constants.

    >>> import gradlib
    >>> gradlib.nn.functional.selu(gradlib.tensor([1.]))
    tensor([1.0507])
    """
    _refuse("selu", "elu_cpu", input, "iub")
    return _activation(EluBackward0, input, inplace, _SELU_ALPHA, _SELU_SCALE)


def gelu(input, approximate="none"):
    """x * Phi(x) (exact, with erf) or its tanh approximation (``approximate='tanh'``).

    >>> import gradlib
    >>> gradlib.nn.functional.gelu(gradlib.tensor([1.])), gradlib.nn.functional.gelu(gradlib.tensor([1.]), approximate='tanh')
    (tensor([0.8413]), tensor([0.8412]))
    """
    _refuse("gelu", "GeluKernelImpl", input, "iub")
    if approximate == "none":
        return GeluBackward0.apply(input)
    if approximate == "tanh":
        return GeluTanhBackward0.apply(input)
    raise RuntimeError(f"approximate argument must be either none or tanh.")


def silu(input, inplace=False):
    """x * sigmoid(x).

    >>> import gradlib
    >>> gradlib.nn.functional.silu(gradlib.tensor([1.]))
    tensor([0.7311])
    """
    _refuse("silu", "silu_cpu", input, "iub")
    return _activation(SiluBackward0, input, inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (stable for any x).

    >>> import gradlib
    >>> gradlib.nn.functional.softplus(gradlib.tensor([0., 1e4, -1e4]))
    tensor([6.9315e-01, 1.0000e+04, 0.0000e+00])
    """
    _refuse("softplus", "softplus_cpu", input, "iub")
    return SoftplusBackward0.apply(input, beta, threshold)


def mish(input, inplace=False):
    """x * tanh(softplus(x)).

    >>> import gradlib
    >>> gradlib.nn.functional.mish(gradlib.tensor([1.]))
    tensor([0.8651])
    """
    _refuse("mish", "mish_cpu", input, "iub")
    return _activation(MishBackward0, input, inplace)


def logsigmoid(input):
    """log(sigmoid(x)), stable for large |x|.

    >>> import gradlib
    >>> gradlib.nn.functional.logsigmoid(gradlib.tensor([-1e4, 0.]))
    tensor([-1.0000e+04, -6.9315e-01])
    """
    _refuse("log_sigmoid", "log_sigmoid_cpu", input, "iub")
    return LogSigmoidBackward0.apply(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """clamp(x, min_val, max_val) with zero gradient at and beyond the bounds.

    >>> import gradlib
    >>> gradlib.nn.functional.hardtanh(gradlib.tensor([-2., 0.5, 2.]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    require_tensor("hardtanh", input)
    if input.dtype.np.kind == "b":
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if input.dtype.np.kind == "u" and (min_val < 0 or max_val < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    return _activation(HardtanhBackward0, input, inplace, min_val, max_val)


def relu6(input, inplace=False):
    """min(max(x, 0), 6).

    >>> import gradlib
    >>> gradlib.nn.functional.relu6(gradlib.tensor([-1., 3., 9.]))
    tensor([0., 3., 6.])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


def _refuse(name, kernel, input, kinds):
    """PyTorch has no ``kernel`` for integer ('iu') or bool ('b') inputs: its NotImplementedError (gradlib would
    otherwise compute in floats). ``name`` is the function, for the error about a non-tensor ``input``."""
    require_tensor(name, input)
    if input.dtype.np.kind in kinds:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype.scalar_type}\'')


def _activation(node, input, inplace, *params):
    """``node`` applied to ``input``, or written back into it (``inplace=True``, as the ``*_`` methods)."""
    if inplace:
        return input._inplace(lambda x: node.apply(x, *params))
    return node.apply(input, *params)
