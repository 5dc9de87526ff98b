"""The nn.functional activations: leaky_relu, elu, celu, selu, gelu, silu, softplus, mish, logsigmoid, hardtanh,
relu6, and those PyTorch implements as kernels of their own: hardshrink, softshrink, hardsigmoid, hardswish,
threshold, glu, prelu and rrelu (node names as PyTorch's ``grad_fn``). Backward formulas are written against the
primitives namespace ``P`` (differentiable again under ``create_graph``); the derivative at a kink is PyTorch's
(0 for hardshrink/softshrink at +-lambda, for hardsigmoid at +-3, for threshold at the threshold).
"""
import math
import struct

from .. import _autocast, _creation, _tensor, backends, dtypes
from ._args import kernel_device, refuse_kernel, require_tensor
from ._dims import normalize_dim
from ._op import Op, elementwise_op, saved_param
from ..autograd.graph import keep_edges
from . import complex_support

_SQRT2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def float32_round(value):
    """``value`` rounded to the nearest float32 (PyTorch's kernels read some double parameters as float)."""
    return struct.unpack("f", struct.pack("f", value))[0]


_ONE_SIXTH = float32_round(1.0 / 6.0)  # PyTorch's hardsigmoid backward multiplies by the float 1/6

__all__ = ["leaky_relu", "elu", "selu", "gelu", "silu", "softplus", "mish", "logsigmoid", "hardtanh", "relu6", "celu",
           "hardshrink", "softshrink", "hardsigmoid", "hardswish", "threshold", "glu", "prelu", "rrelu"]


LeakyReluBackward0 = elementwise_op(
    "LeakyReluBackward0", lambda xp, a, slope: xp.where(a > 0, a, a * slope),
    lambda P, g, a, slope: P.where(a > 0, g, g * slope), fused_backward=True,
    saved_scalars={"negative_slope": saved_param(0)})
EluBackward0 = elementwise_op(
    "EluBackward0", lambda xp, a, alpha, scale: scale * xp.where(a > 0, a, alpha * xp.expm1(xp.where(a > 0, 0, a))),
    # PyTorch: scale * alpha * exp(x) for x <= 0, and a second derivative of 0 at x = 0 (the exponent is held
    # at 0 there: same value, no derivative); -0. stays -0. in the value. NaN takes the positive branch's
    # gradient (PyTorch tests x <= 0) and stays NaN in the value.
    lambda P, g, a, alpha, scale: P.where(a <= 0, g * (scale * alpha) * P.exp(P.where(a < 0, a, 0.0)), g * scale), fused_backward=True,
    saved_scalars={"alpha": saved_param(0), "input_scale": lambda node: 1,
                   # elu's scale is PyTorch's int 1, selu's its float constant
                   "scale": lambda node: 1 if node.params[1] == 1 else node.params[1]})
CeluBackward0 = elementwise_op(
    "CeluBackward0", lambda xp, a, alpha, inv: xp.where(a > 0, a, alpha * xp.expm1(xp.where(a > 0, 0, a) / alpha)),
    # as elu: the exponent is held at 0 for x >= 0 (second derivative 0 there, -0. stays -0.)
    lambda P, g, a, alpha, inv: P.where(a <= 0, g * (alpha * inv) * P.exp(P.where(a < 0, a, 0.0) * inv), g), fused_backward=True,
    saved_scalars={"alpha": saved_param(0)})


GeluBackward0 = elementwise_op(
    "GeluBackward0", lambda xp, a: 0.5 * a * (1 + backends.backend_of_array(a).erf(a / _SQRT2)),
    lambda P, g, a: g * (0.5 * (1 + P.erf(a / _SQRT2)) + a * P.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)), fused_backward=True,
    saved_scalars={"approximate": lambda node: "none"})


def _gelu_tanh_forward(xp, a):
    return 0.5 * a * (1 + xp.tanh(_SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)))


def _gelu_tanh_backward(P, g, a):
    inner = _SQRT_2_OVER_PI * (a + 0.044715 * a * a * a)
    t = P.tanh(inner)
    return g * (0.5 * (1 + t) + 0.5 * a * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * a * a))


GeluTanhBackward0 = elementwise_op("GeluTanhBackward0", _gelu_tanh_forward, _gelu_tanh_backward,
                                   node_name="GeluBackward0", fused_backward=True,
                                   saved_scalars={"approximate": lambda node: "tanh"})


def _stable_sigmoid(xp, a):
    e = xp.exp(-xp.abs(a))
    return xp.where(a >= 0, 1 / (1 + e), e / (1 + e))


def _silu(xp, a):
    if a.dtype.kind == "c":  # PyTorch's complex kernel: x / (1 + exp(-x)) (|x| is no order on complex numbers)
        return a / (1 + xp.exp(-a))
    return a * _stable_sigmoid(xp, a)


SiluBackward0 = elementwise_op(
    "SiluBackward0", _silu,
    lambda P, g, a: g * (P.sigmoid(a) * (1 + a * (1 - P.sigmoid(a)))), fused_backward=True)


def _softplus_forward(xp, a, beta, threshold):
    scaled = a * beta
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): finite for any z; above the threshold PyTorch returns x.
    soft = (xp.maximum(scaled, 0) + xp.log1p(xp.exp(-xp.abs(scaled)))) / beta
    return xp.where(scaled > threshold, a, soft)


SoftplusBackward0 = elementwise_op(
    "SoftplusBackward0", _softplus_forward,
    lambda P, g, a, beta, threshold: _softplus_backward(P, g, a, beta, threshold), fused_backward=True,
    saved_scalars={"beta": saved_param(0), "threshold": saved_param(1)})


def _softplus_backward(P, g, a, beta, threshold):
    """PyTorch's softplus_backward (sigmoid(beta x) up to the threshold, 1 above), whose own derivative PyTorch
    masks with beta x < threshold: at beta x == threshold the sigmoid's argument is held constant (same
    value, zero derivative) so the second derivative there is 0, as PyTorch's softplus_double_backward."""
    scaled = a * beta
    held = P.where(scaled >= threshold, float(threshold), scaled)  # a constant (scaled * 0 is NaN at inf); NaN stays
    return P.where(scaled > threshold, g, g * P.sigmoid(held))


def _mish_forward(xp, a):
    return a * xp.tanh(_softplus_forward(xp, a, 1.0, 20.0))


def _mish_backward(P, g, a):
    t = P.tanh(P.softplus(a))
    return g * (t + a * P.sigmoid(a) * (1 - t * t))


MishBackward0 = elementwise_op("MishBackward0", _mish_forward, _mish_backward, fused_backward=True)
LogSigmoidBackward0 = elementwise_op(
    "LogSigmoidBackward0", lambda xp, a: xp.minimum(a, 0) - xp.log1p(xp.exp(-xp.abs(a))),
    lambda P, g, a: g * P.sigmoid(-a), fused_backward=True)
HardtanhBackward0 = elementwise_op(
    "HardtanhBackward0", lambda xp, a, low, high: xp.clip(a, low, high).astype(a.dtype, copy=False),  # ints stay
    # PyTorch's mask is x <= min or x >= max: NaN passes the gradient through (and stays NaN in the value), as
    # PyTorch's scalar kernel (its vectorized loop gives 0 there, see the README)
    lambda P, g, a, low, high: P.where((a <= low) | (a >= high), 0.0, g), int_to_float=False, fused_backward=True,
    saved_scalars={"max_val": saved_param(1), "min_val": saved_param(0)})


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x where x > 0, else negative_slope * x.

    >>> import gradlib
    >>> gradlib.nn.functional.leaky_relu(gradlib.tensor([-1., 2.]), 0.1)
    tensor([-0.1000,  2.0000])
    """
    complex_support.check("leaky_relu", input)
    refuse_kernel("leaky_relu", "leaky_relu_cpu", input, "iub")
    dtypes.check_scalar_fits(negative_slope, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error
    return _activation(LeakyReluBackward0, input, inplace, negative_slope)


def elu(input, alpha=1.0, inplace=False):
    """x where x > 0, else alpha (e^x - 1).

    >>> import gradlib
    >>> gradlib.nn.functional.elu(gradlib.tensor([-1., 2.]))
    tensor([-0.6321,  2.0000])
    """
    complex_support.check("elu", input)
    refuse_kernel("elu", "elu_cpu", input, "iub")
    dtypes.check_scalar_fits(alpha, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error
    return _activation(EluBackward0, input, inplace, alpha, 1.0)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha (e^(x/alpha) - 1)).

    The gradient scales by 1 / float32(alpha), as PyTorch's (its derivative passes ``1.0 / alpha.toFloat()``).

    >>> import gradlib
    >>> gradlib.nn.functional.celu(gradlib.tensor([-1., 2.]), 0.5)
    tensor([-0.4323,  2.0000])
    """
    complex_support.check("celu", input)
    refuse_kernel("celu", "elu_cpu", input, "iub")
    return _activation(CeluBackward0, input, inplace, alpha, 1.0 / float32_round(alpha))


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalizing constants.

    >>> import gradlib
    >>> gradlib.nn.functional.selu(gradlib.tensor([1.]))
    tensor([1.0507])
    """
    complex_support.check("selu", input)
    refuse_kernel("selu", "elu_cpu", input, "iub")
    return _activation(EluBackward0, input, inplace, _SELU_ALPHA, _SELU_SCALE)


def gelu(input, approximate="none"):
    """x * Phi(x) (exact, with erf) or its tanh approximation (``approximate='tanh'``).

    >>> import gradlib
    >>> gradlib.nn.functional.gelu(gradlib.tensor([1.])), gradlib.nn.functional.gelu(gradlib.tensor([1.]), approximate='tanh')
    (tensor([0.8413]), tensor([0.8412]))
    """
    complex_support.check("gelu", input)
    refuse_kernel("gelu", "GeluKernelImpl", input, "iub")
    if approximate == "none":
        return GeluBackward0.apply(input)
    if approximate == "tanh":
        return GeluTanhBackward0.apply(input)
    raise RuntimeError("approximate argument must be either none or tanh.")


def silu(input, inplace=False):
    """x * sigmoid(x).

    >>> import gradlib
    >>> gradlib.nn.functional.silu(gradlib.tensor([1.]))
    tensor([0.7311])
    """
    complex_support.check("silu", input)
    refuse_kernel("silu", "silu_cpu", input, "iub")
    return _activation(SiluBackward0, input, inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (stable for any x).

    >>> import gradlib
    >>> gradlib.nn.functional.softplus(gradlib.tensor([0., 1e4, -1e4]))
    tensor([6.9315e-01, 1.0000e+04, 0.0000e+00])
    """
    complex_support.check("softplus", input)
    refuse_kernel("softplus", "softplus_cpu", input, "iub")
    return SoftplusBackward0.apply(input, beta, threshold)


def mish(input, inplace=False):
    """x * tanh(softplus(x)).

    >>> import gradlib
    >>> gradlib.nn.functional.mish(gradlib.tensor([1.]))
    tensor([0.8651])
    """
    complex_support.check("mish", input)
    refuse_kernel("mish", "mish_cpu", input, "iub")
    return _activation(MishBackward0, input, inplace)


def logsigmoid(input):
    """log(sigmoid(x)), stable for large |x|.

    >>> import gradlib
    >>> gradlib.nn.functional.logsigmoid(gradlib.tensor([-1e4, 0.]))
    tensor([-1.0000e+04, -6.9315e-01])
    """
    complex_support.check("logsigmoid", input)
    refuse_kernel("log_sigmoid", "log_sigmoid_cpu", input, "iub")
    return LogSigmoidBackward0.apply(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """clamp(x, min_val, max_val) with zero gradient at and beyond the bounds.

    >>> import gradlib
    >>> gradlib.nn.functional.hardtanh(gradlib.tensor([-2., 0.5, 2.]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    complex_support.check("hardtanh", input)
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    require_tensor("hardtanh", input)
    if input.dtype.np.kind == "b":
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if input.dtype.np.kind == "u" and (min_val < 0 or max_val < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    dtypes.check_scalar_fits(min_val, input.dtype)  # a bound the dtype cannot hold: PyTorch's overflow error
    dtypes.check_scalar_fits(max_val, input.dtype)
    return _activation(HardtanhBackward0, input, inplace, min_val, max_val)


def relu6(input, inplace=False):
    """min(max(x, 0), 6).

    >>> import gradlib
    >>> gradlib.nn.functional.relu6(gradlib.tensor([-1., 3., 9.]))
    tensor([0., 3., 6.])
    """
    complex_support.check("relu6", input)
    return hardtanh(input, 0.0, 6.0, inplace)


def _activation(node, input, inplace, *params):
    """``node`` applied to ``input``, or written back into it (``inplace=True``, as the ``*_`` methods)."""
    if inplace:
        return _written(input, node, *params)
    return node.apply(input, *params)


def _written(input, node, *params):
    """``node`` applied to ``input`` and written back into it, the node under PyTorch's name for the in-place
    activation where it has one (``elu_`` records EluBackward1: the same formula; the class changes, nothing
    else), also inside a view's CopySlices."""
    def compute(x):
        result = node.apply(x, *params)
        renamed = _IN_PLACE_NAMES.get(node)
        if renamed is not None and result._grad_fn is not None:
            result._grad_fn.__class__ = renamed
        return result

    return input._inplace(compute)


def _inside(a, lambd):
    """PyTorch's shrink mask, -lambd <= x <= lambd: False for NaN, so NaN stays NaN in the value and passes its
    gradient (PyTorch's scalar kernel; its vectorized loop gives 0 there, see the README)."""
    return (a >= -lambd) & (a <= lambd)


HardshrinkBackward0 = elementwise_op(
    "HardshrinkBackward0", lambda xp, a, lambd: xp.where(_inside(a, lambd), a.dtype.type(0), a),
    lambda P, g, a, lambd: P.where(_inside(a, lambd), 0.0, g), int_to_float=False,
    saved_scalars={"lambd": saved_param(0)})
SoftshrinkBackward0 = elementwise_op(
    "SoftshrinkBackward0",
    lambda xp, a, lambd: xp.where(a > lambd, a - lambd,
                                  xp.where(a < -lambd, a + lambd, xp.where(a == a, a.dtype.type(0), a))),
    lambda P, g, a, lambd: P.where(_inside(a, lambd), 0.0, g), int_to_float=False, fused_backward=True,
    saved_scalars={"lambd": saved_param(0)})
HardsigmoidBackward0 = elementwise_op(
    "HardsigmoidBackward0", lambda xp, a: xp.clip(a / 6 + 0.5, 0, 1).astype(a.dtype, copy=False),
    # PyTorch's kernel: grad / 6 inside (-3, 3), else a zero (not grad * 0: +0. for a negative or NaN gradient)
    lambda P, g, a: P.where((a > -3) & (a < 3), g * _ONE_SIXTH, 0.0), int_to_float=False, fused_backward=True)
HardswishBackward0 = elementwise_op(
    "HardswishBackward0", lambda xp, a: a * xp.clip(a + 3, 0, 6).astype(a.dtype, copy=False) / 6,
    lambda P, g, a: P.where(a <= -3, g * 0, P.where(a < 3, g * (a / 3 + 0.5), g)), int_to_float=False, fused_backward=True)
ThresholdBackward0 = elementwise_op(
    # PyTorch's test is x <= threshold: NaN stays NaN and passes its gradient
    "ThresholdBackward0",
    lambda xp, a, threshold, value: xp.where(a <= threshold, value, a).astype(a.dtype, copy=False),
    lambda P, g, a, threshold, value: P.where(a <= threshold, 0.0, g), int_to_float=False, fused_backward=True,
    saved_scalars={"threshold": saved_param(0)})


def _float_only(name, input):
    refuse_kernel(name, "hardshrink_cpu" if name == "hardshrink" else "softshrink_check", input)


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0. Float inputs only (NotImplementedError otherwise, as PyTorch's kernel).
    Mirrors ``torch.nn.functional.hardshrink``.

    >>> import gradlib
    >>> gradlib.nn.functional.hardshrink(gradlib.tensor([-1., 0.2, 0.7]))
    tensor([-1.0000,  0.0000,  0.7000])
    """
    complex_support.check("hardshrink", input)
    _float_only("hardshrink", input)
    return HardshrinkBackward0.apply(input, lambd)


def softshrink(input, lambd=0.5):
    """x - lambd where x > lambd, x + lambd where x < -lambd, else 0 (RuntimeError for lambd < 0).
    Mirrors ``torch.nn.functional.softshrink``.

    >>> import gradlib
    >>> gradlib.nn.functional.softshrink(gradlib.tensor([-1., 0.2, 0.7]))
    tensor([-0.5000,  0.0000,  0.2000])
    """
    complex_support.check("softshrink", input)
    _float_only("softshrink", input)
    if lambd < 0:
        kind = "Double" if input.dtype == dtypes.float64 else "Float"
        bound = "1.79769e+308" if kind == "Double" else "3.40282e+38"
        raise RuntimeError(f"lambda must be in range [0, {bound}] for input dtype {kind}, but found {lambd:g}")
    return SoftshrinkBackward0.apply(input, lambd)


def hardsigmoid(input, inplace=False):
    """clamp(x / 6 + 1/2, 0, 1). Mirrors ``torch.nn.functional.hardsigmoid``.

    >>> import gradlib
    >>> gradlib.nn.functional.hardsigmoid(gradlib.tensor([-4., 0., 1.5, 4.]))
    tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """
    complex_support.check("hardsigmoid", input)
    refuse_kernel("hardsigmoid", f"hardsigmoid_{kernel_device(input)}", input)
    if inplace:
        return input._inplace(HardsigmoidBackward0.apply)
    return HardsigmoidBackward0.apply(input)


def hardswish(input, inplace=False):
    """x * clamp(x + 3, 0, 6) / 6. Mirrors ``torch.nn.functional.hardswish``.

    >>> import gradlib
    >>> gradlib.nn.functional.hardswish(gradlib.tensor([-4., 1., 4.]))
    tensor([-0.0000,  0.6667,  4.0000])
    """
    complex_support.check("hardswish", input)
    refuse_kernel("hardswish", f"hardswish_{kernel_device(input)}", input)
    if inplace:
        return input._inplace(HardswishBackward0.apply)
    return HardswishBackward0.apply(input)


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value (integers stay integers; NotImplementedError for bool, as PyTorch).
    Mirrors ``torch.nn.functional.threshold``.

    >>> import gradlib
    >>> gradlib.nn.functional.threshold(gradlib.tensor([1, 2, 3]), 1, 9)
    tensor([9, 2, 3])
    """
    complex_support.check("threshold", input)
    refuse_kernel("threshold", f"threshold_{kernel_device(input)}", input, "b")
    dtypes.check_scalar_fits(threshold, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error
    dtypes.check_scalar_fits(value, input.dtype, opmath=True)
    if input.dtype.category == dtypes.INT_CATEGORY:  # PyTorch converts both to the integer dtype first
        threshold, value = (_as_integer(v, input.dtype) for v in (threshold, value))
    if inplace:
        return _written(input, ThresholdBackward0, threshold, value)
    return ThresholdBackward0.apply(input, threshold, value)


def _as_integer(number, dtype):
    """A threshold or value as an integer kernel reads it: checked (PyTorch's overflow error), truncated toward
    zero, wrapped (uint8's -1 is 255)."""
    number = dtypes.plain_scalar(number)
    if number.__class__ not in (int, float):
        return number
    dtypes.check_fits(number, dtype)
    return dtypes.wrap_integer(int(number), dtype)


def _halves(a, axis):
    half = a.shape[axis] // 2
    first = (slice(None),) * axis + (slice(0, half),)
    second = (slice(None),) * axis + (slice(half, None),)
    return a[first], a[second]


class GluBackward0(Op):
    """glu(x) = a * sigmoid(b), where a and b are the halves of x along ``dim``."""

    __slots__ = ("axis",)
    saved_names = ('self',)
    saved_scalars = {'dim': 'axis'}

    @staticmethod
    def forward(ctx, xp, x, axis):
        ctx.axis = axis
        ctx.save_for_backward(x)
        a, b = _halves(x, axis)
        return a * (1 / (1 + xp.exp(-b)))

    @staticmethod
    def backward(ctx, P, grad):
        (x,) = P.saved(ctx)
        a, b = _halves(x, ctx.axis)
        gate = P.sigmoid(b)
        grad_a = grad * gate
        grad_b = grad * a * gate * (1 - gate)
        return P.cat((grad_a, grad_b), ctx.axis)


def glu(input, dim=-1):
    """The gated linear unit: a * sigmoid(b) with a, b the two halves of ``input`` along ``dim``.
    RuntimeError for a 0-d input or an odd size. Mirrors ``torch.nn.functional.glu``.

    >>> import gradlib
    >>> gradlib.nn.functional.glu(gradlib.tensor([[1., 2., 0., 100.]]))
    tensor([[0.5000, 2.0000]])
    """
    if input.dim() == 0:  # PyTorch's Python check, before the kernel's (input.dim(): its AttributeError)
        raise RuntimeError("glu does not support scalars because halving size must be even")
    axis = normalize_dim(dim, input.ndim)
    if input.shape[axis] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size {input.shape[axis]}")
    complex_support.check("glu", input)
    refuse_kernel("glu", f"glu_{kernel_device(input)}", input)
    return GluBackward0.apply(input, axis)


class PreluKernelBackward0(Op):
    """prelu: x where x > 0, else weight * x (``weight`` already shaped to broadcast over the channel dim)."""

    __slots__ = ()
    saved_names = ('self',)
    promote = True

    @staticmethod
    def forward(ctx, xp, x, weight):
        ctx.save_for_backward(x, weight)
        return xp.where(x > 0, x, weight * x)

    @staticmethod
    def backward(ctx, P, grad):
        # PyTorch's first derivative takes x > 0 as the positive side, its second x >= 0: at x = 0 the factors
        # weight and x are held (same value, no derivative), so the cross second derivative there is 0
        x, weight = P.saved(ctx)
        positive = x > 0
        at_zero = x == 0
        if ctx.needs_input_grad[0]:
            grad_x = P.where(positive, grad, P.where(at_zero, P.detach(weight), weight) * grad)
        else:
            grad_x = None
        if ctx.needs_input_grad[1]:
            grad_weight = P.where(positive, grad * 0, P.where(at_zero, P.detach(x), x) * grad)
        else:
            grad_weight = None
        return grad_x, grad_weight


def prelu(input, weight):
    """x where x > 0, else weight * x, with one weight shared or one per channel (dim 1; inputs of fewer than
    two dims have one channel). RuntimeError when the weight count matches neither. Mirrors
    ``torch.nn.functional.prelu``.

    >>> import gradlib
    >>> gradlib.nn.functional.prelu(gradlib.tensor([[-1., 2.], [-2., -4.]]), gradlib.tensor([0.5, 0.25]))
    tensor([[-0.5000,  2.0000],
            [-1.0000, -1.0000]])
    """
    if _autocast.active:
        input, weight = _autocast.lower(input, weight)
    if isinstance(input, _tensor.Tensor) and isinstance(weight, _tensor.Tensor) and input.dtype is not weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {input.dtype.scalar_type} and "
                           f"{weight.dtype.scalar_type}")
    complex_support.check("prelu", input, weight)
    refuse_kernel("prelu", f"prelu_{kernel_device(input)}", input)
    count = weight.numel()
    channels = input.shape[1] if input.ndim >= 2 else 1
    if count != 1 and count != channels:
        raise RuntimeError("Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                           f"{count} and channel size = {channels}.")
    if count == 1:
        shaped = weight.reshape(())
    else:
        shaped = weight.reshape((channels,) + (1,) * (input.ndim - 2))
    return PreluKernelBackward0.apply(input, shaped)


class RreluWithNoiseBackward0(Op):
    """rrelu: x where x > 0, else slope * x, the slope a tensor broadcast against x (per element while
    training, one value otherwise); the slope gets no gradient."""

    __slots__ = ()
    saved_names = ('self',)
    public_edges = keep_edges(0)  # the slope (noise) gets no edge

    @staticmethod
    def forward(ctx, xp, x, noise):
        ctx.save_for_backward(x, noise)
        return xp.where(x > 0, x, x * noise)

    @staticmethod
    def backward(ctx, P, grad):
        x, noise = P.saved(ctx)
        return P.where(x > 0, grad, grad * noise), None


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False, generator=None):
    """Randomized leaky ReLU: while training each negative element gets a slope drawn from U(lower, upper);
    otherwise the slope is (lower + upper) / 2; ``generator`` draws the slopes. RuntimeError when lower > upper.
    Mirrors ``torch.nn.functional.rrelu``.

    >>> import gradlib
    >>> gradlib.nn.functional.rrelu(gradlib.tensor([-3., 2.]), 0.1, 0.3)
    tensor([-0.6000,  2.0000])
    """
    complex_support.check("rrelu", input)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    # PyTorch's rrelu_with_noise kernel, and leaky_relu's outside training, take floating-point tensors only
    refuse_kernel("rrelu", "rrelu_with_noise_cpu" if training else f"leaky_relu_{kernel_device(input)}", input)
    if training:
        slope = _creation.rand(*input.shape, dtype=input.dtype, device=input.device, generator=generator)
        slope = slope * (upper - lower) + lower
    else:
        slope = _creation.full((), (lower + upper) / 2, dtype=input.dtype, device=input.device)
    if inplace:
        return _written(input, RreluWithNoiseBackward0, slope)
    return RreluWithNoiseBackward0.apply(input, slope)


# PyTorch's nodes of the in-place activations: the out-of-place formulas under their own names
class LeakyReluBackward1(LeakyReluBackward0):
    __slots__ = ()
    saved_names = (None,)  # PyTorch's in-place node keeps the result; this one the input's values


class EluBackward1(EluBackward0):
    __slots__ = ()
    saved_names = (None,)  # PyTorch's in-place node keeps the result; this one the input's values


class CeluBackward1(CeluBackward0):
    __slots__ = ()
    saved_names = (None,)  # PyTorch's in-place node keeps the result; this one the input's values


class ThresholdBackward1(ThresholdBackward0):
    __slots__ = ()


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    __slots__ = ()
    saved_names = (None,)  # PyTorch's in-place node keeps the result and the noise; this one the input's values


_IN_PLACE_NAMES = {LeakyReluBackward0: LeakyReluBackward1, EluBackward0: EluBackward1, CeluBackward0: CeluBackward1,
                   ThresholdBackward0: ThresholdBackward1, RreluWithNoiseBackward0: RreluWithNoiseBackward1}
