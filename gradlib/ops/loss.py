"""Loss nodes PyTorch implements as kernels of their own (its ``grad_fn`` names them): mse_loss,
smooth_l1_loss, huber_loss, binary_cross_entropy, binary_cross_entropy_with_logits, soft_margin_loss.

Forward formulas and gradients are PyTorch's kernels' (``aten/src/ATen/native/Loss*.cpp``): BCE clamps its logs
at -100 and its gradient's denominator at 1e-12; the logits loss uses log_sigmoid. Backward formulas are written
against the primitives ``P`` so the gradient is differentiable again. ``reduction`` is 'none', 'mean' or 'sum'.
"""
from .. import dtypes
from ..autograd import grad_mode
from . import nn_ops
from ._args import refuse_kernel
from ._broadcast import broadcast_shapes
from ._op import Op, saved_reduction
from ..autograd.graph import keep_edges
from . import complex_support
from . import reduction as reduction_ops

__all__ = ["mse_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "soft_margin_loss"]

_EPSILON = nn_ops._BCE_EPSILON  # PyTorch's EPSILON, a float: 1e-12 rounded to float32


def _reduce(xp, loss, reduction):
    if reduction == "mean":
        return reduction_ops.mean_of(loss, None, False)  # an empty loss is NaN without NumPy's warning
    if reduction == "sum":
        return loss.sum()
    return loss


def _scale(grad, reduction, count):
    return grad / max(count, 1) if reduction == "mean" else grad  # an empty input has an empty gradient


class _ElementwiseLoss(Op):
    """Base of the loss nodes. The public functions check devices in PyTorch's order first; here up to three 0-d
    CPU tensors (a scalar target beside a 0-d input, scalar weights) may join a GPU kernel."""

    __slots__ = ("reduction", "count", "param")
    saved_scalars = {"reduction": saved_reduction}
    promote = True
    operands = 2  # input and target; weights are cast to the input's dtype by the public functions
    cpu_scalars = 3


class MseLossBackward0(_ElementwiseLoss):
    saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, xp, input, target, reduction):
        ctx.reduction = reduction
        difference = input - target
        ctx.count = difference.size
        ctx.save_for_backward(input, target)
        return _reduce(xp, difference * difference, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        input, target = P.saved(ctx)
        norm = 2.0 / max(ctx.count, 1) if ctx.reduction == "mean" else 2.0  # an empty input has an empty gradient
        needs = ctx.needs_input_grad
        # each side from its own difference, as PyTorch's mse_loss_backward(grad, target, self): a tie gives +0
        grad_input = norm * (input - target) * grad if needs[0] else None
        grad_target = norm * (target - input) * grad if needs[1] else None
        return grad_input, grad_target


class SmoothL1LossBackward0(_ElementwiseLoss):
    saved_names = ('self', 'target')
    saved_scalars = {"beta": "param", "reduction": saved_reduction}
    @staticmethod
    def forward(ctx, xp, input, target, reduction, beta):
        ctx.reduction, ctx.param = reduction, beta
        difference = xp.abs(input - target)
        ctx.count = difference.size
        ctx.save_for_backward(input, target)
        loss = xp.where(difference < beta, 0.5 * difference * difference / beta, difference - 0.5 * beta)
        return _reduce(xp, loss, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        input, target = P.saved(ctx)
        beta = ctx.param
        x = input - target
        scaled = _scale(grad, ctx.reduction, ctx.count)
        # PyTorch's second derivative is (|x| < beta) / beta: 0 at NaN, where x is held (same value)
        held = P.where(P.abs(x) < beta, x, P.detach(x))
        grad_input = P.where(x <= -beta, -scaled, P.where(x >= beta, scaled, held * scaled / beta))
        return grad_input, -grad_input


class HuberLossBackward0(_ElementwiseLoss):
    saved_names = ('self', 'target')
    saved_scalars = {"delta": lambda node: node.param[0], "reduction": saved_reduction}
    @staticmethod
    def forward(ctx, xp, input, target, reduction, delta, refusal):
        ctx.reduction, ctx.param = reduction, (delta, refusal)
        difference = xp.abs(input - target)
        ctx.count = difference.size
        ctx.save_for_backward(input, target)
        loss = xp.where(difference < delta, 0.5 * difference * difference, delta * (difference - 0.5 * delta))
        return _reduce(xp, loss, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        delta, refusal = ctx.param
        if refusal is not None:  # PyTorch's huber_loss_backward takes the target in the input's dtype only
            raise RuntimeError(refusal)
        input, target = P.saved(ctx)
        x = input - target
        scaled = _scale(grad, ctx.reduction, ctx.count)
        held = P.where(P.abs(x) < delta, x, P.detach(x))  # PyTorch's second derivative is |x| < delta (0 at NaN)
        grad_input = P.where(x <= -delta, -delta * scaled, P.where(x >= delta, delta * scaled, held * scaled))
        return grad_input, -grad_input


class BinaryCrossEntropyBackward0(_ElementwiseLoss):
    """loss = (t - 1) max(log1p(-p), -100) - t max(log p, -100), times ``weight`` (non-differentiable); the
    gradient (p - t) / max((1 - p) p, eps) is finite at p = 0 and 1."""

    public_edges = keep_edges(0, 1)  # the weights get no edge

    saved_names = ('self', 'target', 'weight')
    @staticmethod
    def forward(ctx, xp, input, target, weight, reduction):
        ctx.reduction = reduction
        ctx.count = input.size
        ctx.save_for_backward(input, target, *(() if weight is None else (weight,)))
        log_p = xp.maximum(xp.log(input), -100)
        log_not_p = xp.maximum(xp.log1p(-input), -100)
        loss = (target - 1) * log_not_p - target * log_p
        if weight is not None:
            loss = loss * weight
        return _reduce(xp, loss, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        input, target, *weight = P.saved(ctx)
        weight = weight[0] if weight else None
        grad_input = grad_target = None
        if ctx.needs_input_grad[0]:
            if P.differentiable:  # a node whose backward is PyTorch's binary_cross_entropy_double_backward
                grad_input = nn_ops.BinaryCrossEntropyBackwardBackward0.apply(grad * P.ones_like(input), input,
                                                                              target)
            else:
                grad_input = (input - target) / P.maximum((1 - input) * input, _EPSILON) * grad
            if weight is not None:
                grad_input = grad_input * weight
            grad_input = _scale(grad_input, ctx.reduction, ctx.count)
        if ctx.needs_input_grad[1]:
            grad_target = -(P.log(input) - P.log(1 - input)) * grad  # -logit(p) * grad: -0. at p = 1/2, as PyTorch
            if weight is not None:
                grad_target = grad_target * weight
            grad_target = _scale(grad_target, ctx.reduction, ctx.count)
        return grad_input, grad_target, None


class BinaryCrossEntropyWithLogitsBackward0(_ElementwiseLoss):
    """loss = (1 - t) x - (1 + (pos_weight - 1) t) log_sigmoid(x), times ``weight`` (both non-differentiable)."""

    public_edges = keep_edges(0, 1)  # the weights get no edge

    saved_names = ('self', 'target')
    @staticmethod
    def forward(ctx, xp, input, target, weight, pos_weight, reduction):
        ctx.reduction, ctx.param = reduction, (weight is not None, pos_weight is not None)
        ctx.count = input.size
        ctx.save_for_backward(input, target, *(w for w in (weight, pos_weight) if w is not None))
        log_sigmoid = xp.minimum(input, 0) - xp.log1p(xp.exp(-xp.abs(input)))
        if pos_weight is not None:
            log_weight = (pos_weight - 1) * target + 1
            loss = (1 - target) * input - log_weight * log_sigmoid
        else:
            loss = (1 - target) * input - log_sigmoid
        if weight is not None:
            loss = loss * weight
        return _reduce(xp, loss, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        input, target, *constants = P.saved(ctx)
        has_weight, has_pos_weight = ctx.param
        weight = constants.pop(0) if has_weight else None
        pos_weight = constants.pop(0) if has_pos_weight else None
        grad_input = grad_target = None
        if ctx.needs_input_grad[0]:
            if pos_weight is not None:
                weighted_target = pos_weight * target
                grad_input = (weighted_target + 1 - target) * P.sigmoid(input) - weighted_target
            else:
                grad_input = P.sigmoid(input) - target
            grad_input = grad_input * grad
            if weight is not None:
                grad_input = grad_input * weight
            grad_input = _scale(grad_input, ctx.reduction, ctx.count)
        if ctx.needs_input_grad[1]:
            if pos_weight is not None:
                grad_target = (P.log(1 - P.sigmoid(input)) - pos_weight * P.log(P.sigmoid(input))) * grad
            else:
                grad_target = -input * grad
            if weight is not None:
                grad_target = grad_target * weight
            grad_target = _scale(grad_target, ctx.reduction, ctx.count)
        return grad_input, grad_target, None, None


class SoftMarginLossBackward0(_ElementwiseLoss):
    """loss = log(1 + exp(-t x)); gradient -t z / (1 + z) with z = exp(-t x) (PyTorch's kernel)."""

    public_edges = keep_edges(0)  # the target gets no edge

    saved_names = ('self', 'target')
    @staticmethod
    def forward(ctx, xp, input, target, reduction, out_np=None):
        ctx.reduction = reduction
        ctx.count = input.size
        ctx.save_for_backward(input, target)
        if out_np is None:
            return _reduce(xp, xp.log1p(xp.exp(-input * target)), reduction)
        # a target of a wider dtype: PyTorch's kernel writes each in-place step into the input's dtype
        # (neg_out(output, input).mul_(target).exp_().log1p_()), and so the result
        def rounded(array):
            return array.astype(out_np).astype(array.dtype)
        loss = rounded(xp.log1p(rounded(xp.exp(rounded(-input * target)))))
        return _reduce(xp, loss, reduction).astype(out_np)

    @staticmethod
    def backward(ctx, P, grad):
        input, target = P.saved(ctx)
        z = P.exp(-target * input)
        scaled = _scale(grad, ctx.reduction, ctx.count)
        grad_input = -target * z / (1 + z) * scaled if ctx.needs_input_grad[0] else None
        grad_target = -input * z / (1 + z) * scaled if ctx.needs_input_grad[1] else None
        return grad_input, grad_target


def soft_margin_loss(input, target, reduction):
    complex_support.check("soft_margin_loss", input, target)
    _check_reduction(reduction)
    if getattr(target, "requires_grad", False) and grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. "
                           "This input cannot have requires_grad True.")
    if not (input.dtype.is_floating_point or input.dtype.is_complex):  # PyTorch computes neg(input).mul_(target)
        # .exp_() in the input's dtype
        if input.dtype is dtypes.bool:
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                               "invert a mask, use the `~` or `logical_not()` operator instead.")
        raise RuntimeError(f"result type Float can't be cast to the desired output type {input.dtype.scalar_type}")
    if hasattr(target, "shape") and tuple(target.shape) != tuple(input.shape):
        # the kernel writes in place into a tensor of the input's shape: a target broadcasting it larger is refused
        shape = list(broadcast_shapes(tuple(input.shape), tuple(target.shape)))
        if shape != list(input.shape):
            raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast shape {shape}")
    out_np = None
    if hasattr(target, "dtype") and dtypes.promote_types(input.dtype, target.dtype) is not input.dtype:
        result = dtypes.promote_types(input.dtype, target.dtype)
        if result.is_complex and not input.dtype.is_complex:  # the in-place output cannot hold it
            raise RuntimeError(f"result type {result.scalar_type} can't be cast to the desired output type "
                               f"{input.dtype.scalar_type}")
        out_np = input.dtype.np
    return SoftMarginLossBackward0.apply(input, target, reduction, out_np)


def _check_float(kernel, *tensors):
    for tensor in tensors:
        refuse_kernel(kernel, kernel, tensor)


def check_float_result(kernel, input, target):
    """PyTorch's NotImplementedError where the loss kernel's dtype, input and target promoted, is integral or bool
    (an integer input beside a floating target computes in the floating dtype)."""
    result = input.dtype
    if hasattr(target, "dtype") and hasattr(target, "ndim"):
        result = dtypes.result_type(input.dtype, input.ndim == 0, target.dtype, target.ndim == 0)
    if result.np.kind in "iub":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{result.scalar_type}\'')


def _bool_as(target, input):
    """A bool target in the input's dtype (its values, promoted as PyTorch's kernel does), so the backward's
    ``input - target`` is not the bool subtraction PyTorch refuses."""
    if getattr(target, "dtype", None) is dtypes.bool:
        return target.to(input.dtype)
    return target


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def mse_loss(input, target, reduction):
    """The MseLossBackward0 node (checks of shapes and devices are ``nn.functional.mse_loss``'s)."""
    complex_support.check("mse_loss", input, target)
    _check_reduction(reduction)
    check_float_result("mse_cpu", input, target)
    return MseLossBackward0.apply(input, _bool_as(target, input), reduction)


def smooth_l1_loss(input, target, reduction, beta):
    complex_support.check("smooth_l1_loss", input, target)
    _check_reduction(reduction)
    check_float_result("smooth_l1_cpu", input, target)
    return SmoothL1LossBackward0.apply(input, _bool_as(target, input), reduction, beta)


def huber_loss(input, target, reduction, delta):
    complex_support.check("huber_loss", input, target)
    _check_reduction(reduction)
    check_float_result("huber_cpu", input, target)
    if not input.dtype.is_floating_point:  # the kernel writes the input's dtype
        result = dtypes.result_type(input.dtype, input.ndim == 0, target.dtype, target.ndim == 0)
        raise RuntimeError(f"result type {result.scalar_type} can't be cast to the desired output type "
                           f"{input.dtype.scalar_type}")
    target_dtype = getattr(target, "dtype", input.dtype)
    refusal = None
    if target_dtype is not input.dtype:
        refusal = f"Found dtype {target_dtype.scalar_type} but expected {input.dtype.scalar_type}"
    return HuberLossBackward0.apply(input, target, reduction, delta, refusal)


def binary_cross_entropy(input, target, reduction, weight=None):
    complex_support.check("binary_cross_entropy", input, target, weight)
    _check_reduction(reduction)
    _check_float("binary_cross_entropy", input)
    weights = None if weight is None else weight.detach().to(input.dtype)  # not differentiable (PyTorch's)
    return BinaryCrossEntropyBackward0.apply(input, target, weights, reduction)


def binary_cross_entropy_with_logits(input, target, reduction, weight=None, pos_weight=None):
    complex_support.check("binary_cross_entropy_with_logits", input, target)
    _check_reduction(reduction)
    _check_float("log_sigmoid_cpu", input)
    weights = None if weight is None else weight.detach().to(input.dtype)  # neither is differentiable (PyTorch)
    pos_weights = None if pos_weight is None else pos_weight.detach().to(input.dtype)
    return BinaryCrossEntropyWithLogitsBackward0.apply(input, target, weights, pos_weights, reduction)

