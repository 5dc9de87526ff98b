"""Activation nodes PyTorch implements as kernels of their own: hardshrink, softshrink, hardsigmoid, hardswish,
threshold, glu, prelu and rrelu (node names as PyTorch's ``grad_fn``). Backward formulas are written against the
primitives namespace ``P`` (differentiable again under ``create_graph``); the derivative at a kink is PyTorch's
(0 for hardshrink/softshrink at +-lambda, for hardsigmoid at +-3, for threshold at the threshold).
"""
from .. import _creation
from .. import dtypes
from ._args import kernel_device, refuse_dtype
from ._op import Op
from .elementwise import elementwise_op, float32_round

_ONE_SIXTH = float32_round(1.0 / 6.0)  # PyTorch's hardsigmoid backward multiplies by the float 1/6

__all__ = ["hardshrink", "softshrink", "hardsigmoid", "hardswish", "threshold", "glu", "prelu", "rrelu"]


def _inside(a, lambd):
    """PyTorch's shrink mask, -lambd <= x <= lambd: False for NaN, so NaN stays NaN in the value and passes its
    gradient (PyTorch's scalar kernel; its vectorized loop gives 0 there, see the README)."""
    return (a >= -lambd) & (a <= lambd)


HardshrinkBackward0 = elementwise_op(
    "HardshrinkBackward0", lambda xp, a, lambd: xp.where(_inside(a, lambd), a.dtype.type(0), a),
    lambda P, g, a, lambd: P.where(_inside(a, lambd), 0.0, g), int_to_float=False)
SoftshrinkBackward0 = elementwise_op(
    "SoftshrinkBackward0",
    lambda xp, a, lambd: xp.where(a > lambd, a - lambd,
                                  xp.where(a < -lambd, a + lambd, xp.where(a == a, a.dtype.type(0), a))),
    lambda P, g, a, lambd: P.where(_inside(a, lambd), 0.0, g), int_to_float=False)
HardsigmoidBackward0 = elementwise_op(
    "HardsigmoidBackward0", lambda xp, a: xp.clip(a / 6 + 0.5, 0, 1).astype(a.dtype, copy=False),
    lambda P, g, a: g * ((a > -3) & (a < 3)) * _ONE_SIXTH, int_to_float=False)
HardswishBackward0 = elementwise_op(
    "HardswishBackward0", lambda xp, a: a * xp.clip(a + 3, 0, 6).astype(a.dtype, copy=False) / 6,
    lambda P, g, a: P.where(a <= -3, g * 0, P.where(a < 3, g * (a / 3 + 0.5), g)), int_to_float=False)
ThresholdBackward0 = elementwise_op(
    # PyTorch's test is x <= threshold: NaN stays NaN and passes its gradient
    "ThresholdBackward0",
    lambda xp, a, threshold, value: xp.where(a <= threshold, value, a).astype(a.dtype, copy=False),
    lambda P, g, a, threshold, value: P.where(a <= threshold, 0.0, g), int_to_float=False)


def _float_only(name, input):
    refuse_dtype(name, "hardshrink_cpu" if name == "hardshrink" else "softshrink_check", input)


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0. Float inputs only (NotImplementedError otherwise, as PyTorch's kernel).
    Mirrors ``torch.nn.functional.hardshrink``.

    >>> import gradlib
    >>> gradlib.nn.functional.hardshrink(gradlib.tensor([-1., 0.2, 0.7]))
    tensor([-1.0000,  0.0000,  0.7000])
    """
    _float_only("hardshrink", input)
    return HardshrinkBackward0.apply(input, lambd)


def softshrink(input, lambd=0.5):
    """x - lambd where x > lambd, x + lambd where x < -lambd, else 0 (RuntimeError for lambd < 0).
    Mirrors ``torch.nn.functional.softshrink``.

    >>> import gradlib
    >>> gradlib.nn.functional.softshrink(gradlib.tensor([-1., 0.2, 0.7]))
    tensor([-0.5000,  0.0000,  0.2000])
    """
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
    refuse_dtype("hardsigmoid", f"hardsigmoid_{kernel_device(input)}", input)
    if inplace:
        return input._inplace(HardsigmoidBackward0.apply)
    return HardsigmoidBackward0.apply(input)


def hardswish(input, inplace=False):
    """x * clamp(x + 3, 0, 6) / 6. Mirrors ``torch.nn.functional.hardswish``.

    >>> import gradlib
    >>> gradlib.nn.functional.hardswish(gradlib.tensor([-4., 1., 4.]))
    tensor([-0.0000,  0.6667,  4.0000])
    """
    refuse_dtype("hardswish", f"hardswish_{kernel_device(input)}", input)
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
    refuse_dtype("threshold", f"threshold_{kernel_device(input)}", input, "b")
    if inplace:
        return input._inplace(lambda x: ThresholdBackward0.apply(x, threshold, value))
    return ThresholdBackward0.apply(input, threshold, value)


def _halves(a, axis):
    half = a.shape[axis] // 2
    first = (slice(None),) * axis + (slice(0, half),)
    second = (slice(None),) * axis + (slice(half, None),)
    return a[first], a[second]


class GluBackward0(Op):
    """glu(x) = a * sigmoid(b), where a and b are the halves of x along ``dim``."""

    __slots__ = ("axis",)

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
    refuse_dtype("glu", f"glu_{kernel_device(input)}", input)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    axis = dim + input.ndim if dim < 0 else dim
    if input.shape[axis] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size {input.shape[axis]}")
    return GluBackward0.apply(input, axis)


class PreluKernelBackward0(Op):
    """prelu: x where x > 0, else weight * x (``weight`` already shaped to broadcast over the channel dim)."""

    __slots__ = ()
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
    refuse_dtype("prelu", f"prelu_{kernel_device(input)}", input)
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
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    # PyTorch's rrelu_with_noise kernel, and leaky_relu's outside training, take floating-point tensors only
    refuse_dtype("rrelu", "rrelu_with_noise_cpu" if training else f"leaky_relu_{kernel_device(input)}", input)
    if training:
        slope = _creation.rand(*input.shape, dtype=input.dtype, device=input.device, generator=generator)
        slope = slope * (upper - lower) + lower
    else:
        slope = _creation.full((), (lower + upper) / 2, dtype=input.dtype, device=input.device)
    if inplace:
        return input._inplace(lambda x: RreluWithNoiseBackward0.apply(x, slope))
    return RreluWithNoiseBackward0.apply(input, slope)
