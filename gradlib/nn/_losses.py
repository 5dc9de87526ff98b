"""The loss functions (re-exported by ``gradlib.nn.functional``): nll_loss, cross_entropy, mse_loss, l1_loss,
smooth_l1_loss, huber_loss, binary_cross_entropy(_with_logits), kl_div, and those composed of differentiable ops:
margin_ranking_loss, hinge_embedding_loss, soft_margin_loss, multilabel_soft_margin_loss, cosine_embedding_loss,
triplet_margin_loss, poisson_nll_loss, gaussian_nll_loss. Formulas are PyTorch's composite definitions, so values,
gradients and second derivatives follow from the ops'."""
import math
import warnings

from .. import _autocast, _creation, _tensor, dtypes
from ..autograd import grad_mode
from ..backends import device_guard
from ..ops import activation, arithmetic, distance, more_math, nn_ops, selection, special
from ..ops import _broadcast, _cross_entropy_rows
from ..ops import loss as _loss
from ..ops._args import refuse_integral, require_tensor
from ..ops._op import check_argument_devices, check_tensor_iterator_devices, iterator_device
from ..ops.comparison import ne
from . import _margin_losses, functional
from ..ops import complex_support

_TENSOR = _tensor.Tensor
_INT64 = dtypes.int64.np

__all__ = ["nll_loss", "cross_entropy", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "kl_div", "margin_ranking_loss", "hinge_embedding_loss",
           "soft_margin_loss", "multilabel_soft_margin_loss", "cosine_embedding_loss", "triplet_margin_loss",
           "triplet_margin_with_distance_loss",
           "poisson_nll_loss", "gaussian_nll_loss"]


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_target_shape(input, target):
    if tuple(input.shape) != tuple(target.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", stacklevel=3)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """The negative log-likelihood of class indices ``target`` under log-probabilities ``input`` (N, C, ...).

    >>> import gradlib
    >>> logp = gradlib.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> gradlib.nn.functional.nll_loss(logp, gradlib.tensor([0, 1]))
    tensor(0.3000)
    """
    complex_support.check("nll_loss", input)
    # PyTorch's _Reduction.get_enum: the reduction (or the deprecated size_average/reduce) is checked first
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        input, weight = _autocast.fp32(input, weight)
    require_tensor("nll_loss_nd", input)
    # PyTorch's nll_loss_nd checks the dims and the batch first, then its kernels the target's dims, its dtype
    # and the weight's length
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    if input.ndim == 1 and target.ndim == 1 and target.shape[0] != 1:
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.shape[0]}")
    target_batch = target.shape[0] if target.ndim else 0
    if input.ndim != 1 and input.shape[0] != target_batch:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target_batch}).")
    kernel = "nll_loss_forward" if input.ndim <= 2 else "_nll_loss2d_forward"  # PyTorch's, named in its error
    check_argument_devices(kernel, ("self", input), ("target", target), ("weight", weight))
    refuse_integral("nll_loss_out_frame", input)
    if input.ndim <= 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if target.dtype not in (dtypes.int64, dtypes.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype.scalar_type}")
    unbatched = input.ndim == 1
    if unbatched:
        input, target = input.unsqueeze(0), target.reshape(1)
    if input.ndim > 2 and tuple(target.shape) != (input.shape[0],) + tuple(input.shape[2:]):
        expected = [input.shape[0]] + list(input.shape[2:])
        raise RuntimeError(f"Expected target size {expected}, got {list(target.shape)}")
    if weight is not None and (weight.ndim != 1 or weight.numel() != input.shape[1]) and input.ndim <= 2:
        raise RuntimeError(f"weight tensor should be defined either for all {input.shape[1]} classes or no classes "
                           f"but got weight tensor of shape: {list(weight.shape)}")
    if weight is not None and weight.numel() != input.shape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if reduction not in ("none", "sum", "mean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    weights = None if weight is None else weight.detach()._array
    if input.ndim <= 2:
        losses = nn_ops.NllLossBackward0.apply(input, target._array, weights, ignore_index, reduction)
        return losses.squeeze(0) if unbatched and reduction == "none" else losses
    if input.ndim == 4:
        return nn_ops.NllLoss2DBackward0.apply(input, target._array, weights, ignore_index, reduction)
    # PyTorch's nll_loss_nd: other spatial ranks go through nll_loss2d on an (N, C, 1, -1) view
    flat_input = input.reshape(input.shape[0], input.shape[1], 1, -1)
    flat_target = target._array.reshape(target.shape[0], 1, -1)
    losses = nn_ops.NllLoss2DBackward0.apply(flat_input, flat_target, weights, ignore_index, reduction)
    return losses.view(tuple(target.shape)) if reduction == "none" else losses


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of logits ``input`` (N, C, ...) against class indices or class probabilities.

    >>> import gradlib
    >>> logits = gradlib.tensor([[2.0, 0.5, -1.0]])
    >>> gradlib.nn.functional.cross_entropy(logits, gradlib.tensor([0]))
    tensor(0.2413)
    """
    # PyTorch's _Reduction.get_enum: the reduction (or the deprecated size_average/reduce) is checked first
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if (weight is None and reduction == "mean" and label_smoothing.__class__ is float and label_smoothing <= 0.0
            and size_average is None and reduce is None and not _autocast.active and input.__class__ is _TENSOR
            and target.__class__ is _TENSOR):
        # the common call, (N, C) float logits and N int64 class indices on one device: the checks below pass,
        # so the two nodes are recorded directly (the same nodes, values and errors)
        array = input._array
        labels = target._array
        if (array.ndim == 2 and dtypes.floating_np(array.dtype) and labels.ndim == 1 and labels.dtype is _INT64
                and labels.shape[0] == array.shape[0] and input._device is target._device):
            loss = _cross_entropy_rows.log_softmax_nll(input, labels, ignore_index)  # both nodes in one pass
            if loss is not None:
                return loss
            log_probs = nn_ops.LogSoftmaxBackward0.apply(input, 1)
            return nn_ops.NllLossBackward0.apply(log_probs, labels, None, ignore_index, "mean")
    if _autocast.active:
        input, weight = _autocast.fp32(input, weight)
    require_tensor("cross_entropy_loss", input)
    # PyTorch's cross_entropy_loss: a target of the input's shape holds class probabilities, any other class indices
    probabilities = tuple(target.shape) == tuple(input.shape)
    if probabilities:
        if not target.dtype.is_floating_point:
            raise RuntimeError("Expected floating point type for target with class probabilities, got "
                               f"{target.dtype.scalar_type}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if input.ndim == 0:  # PyTorch's cross_entropy_loss_prob_target reads self.size(1) first
            raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
    dim = 0 if input.ndim == 1 else 1  # PyTorch's class dim (a 0-d input's log_softmax then raises IndexError)
    if probabilities and weight is not None and input.ndim and (weight.ndim != 1 or weight.numel() != input.shape[dim]):
        raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {input.shape[dim]} classes "
                           f"or no classes but got weight tensor of shape: {list(weight.shape)}")
    log_probs = functional.log_softmax(input, dim)
    classes = input.shape[dim]
    if probabilities:
        check_tensor_iterator_devices(input, target, weight)
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + _share(label_smoothing, classes)
        weighted = log_probs * target
        if weight is not None:
            shape = [1] * input.ndim
            shape[dim] = classes
            weighted = weighted * weight.reshape(shape)
        # PyTorch's order (each result ends in its nodes): -sum(dim) for 'none', -sum() for 'sum', and for 'mean'
        # -sum() divided by the number of samples through div.Scalar
        if reduction == "none":
            return -weighted.sum(dim)
        if reduction == "sum":
            return -weighted.sum()
        if reduction == "mean":
            if classes == 0:  # PyTorch fills the sum with NaN (no samples gives 0 / 0 below)
                return -(weighted.sum() * math.nan)
            samples = input.numel() // classes if input.ndim > 1 else 1
            return arithmetic.DivBackward1.apply(-weighted.sum(), samples)
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = nll_loss(log_probs, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0:
        return loss
    unbatched = input.ndim == 1
    if unbatched:
        log_probs, target = log_probs.unsqueeze(0), target.unsqueeze(0)
    keep = ne(target, ignore_index)
    if weight is not None:
        shape = [1] * log_probs.ndim
        shape[1] = classes
        smooth = -(log_probs * weight.reshape(shape)).sum(1)
    else:
        smooth = -log_probs.sum(1)
    smooth = selection.where(keep, smooth, 0.0)  # PyTorch's masked_fill: an ignored row gets no gradient (not 0 * inf)
    if reduction == "none":
        smooth = smooth.squeeze(0) if unbatched else smooth
    elif reduction == "sum":
        smooth = smooth.sum()
    elif weight is not None:
        smooth = smooth.sum() / (weight[selection.where(keep, target, 0)] * keep.to(smooth.dtype)).sum()
    else:
        smooth = smooth.sum() / keep.sum()
    return loss * (1 - label_smoothing) + smooth * (_share(label_smoothing, classes))


def _share(label_smoothing, classes):
    """label_smoothing / classes as PyTorch's C++ divides doubles: no classes give inf (the empty result then holds
    no element of it), not ZeroDivisionError."""
    return label_smoothing / classes if classes else math.inf


def _check_broadcast_devices(input, target):
    """PyTorch's elementwise losses broadcast input and target first (a 0-d CPU target then has dims, so it no
    longer joins a GPU kernel as a scalar), then run one TensorIterator kernel."""
    if input._device is not target._device:
        check_tensor_iterator_devices(input, target, cpu_scalars=1 if input.ndim == target.ndim == 0 else 0)


def _broadcast_then_reduction(input, target, reduction):
    """PyTorch's torch.broadcast_tensors(input, target) (its error), then _Reduction.get_enum(reduction)."""
    _broadcast.broadcast_shapes(tuple(input.shape), tuple(target.shape))
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error; with ``weight`` (the input's size) the weighted sum over the sum of the weights.

    >>> import gradlib
    >>> gradlib.nn.functional.mse_loss(gradlib.tensor([1., 2.]), gradlib.tensor([0., 0.]))
    tensor(2.5000)
    """
    require_tensor("mse_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    _check_target_shape(input, target)  # PyTorch warns of the sizes before the deprecated arguments
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        input, target = _autocast.fp32(input, target)
    _broadcast_then_reduction(input, target, reduction if weight is None else "none")  # PyTorch's order
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")  # before any kernel runs
    _check_broadcast_devices(input, target)
    _loss.check_float_result("mse_cpu", input, target)
    if weight is None:
        return _loss.mse_loss(input, target, reduction)
    difference = input - target
    return _weighted(difference * difference, weight, reduction)


def _weighted(loss, weight, reduction):
    """PyTorch's weighted elementwise losses: the loss times ``weight``; 'mean' divides by the weights' sum."""
    if weight is None:
        return _reduce(loss, reduction)
    if loss._device is not weight._device:
        check_tensor_iterator_devices(loss, weight, cpu_scalars=1 if loss.ndim == 0 else 0)
    loss = loss * weight
    if reduction == "mean":
        return loss.sum() / weight.sum()
    return _reduce(loss, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error; with ``weight`` (the input's size) the weighted sum over the sum of the weights.

    >>> import gradlib
    >>> gradlib.nn.functional.l1_loss(gradlib.tensor([1., -2.]), gradlib.tensor([0., 0.]))
    tensor(1.5000)
    """
    require_tensor("l1_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    _check_target_shape(input, target)  # PyTorch warns of the sizes before the deprecated arguments
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        input, target = _autocast.fp32(input, target)
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")  # before any kernel runs
    _check_broadcast_devices(input, target)
    return _weighted((input - target).abs(), weight, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Quadratic below ``beta`` (0.5 d^2 / beta), linear above (|d| - 0.5 beta).

    >>> import gradlib
    >>> gradlib.nn.functional.smooth_l1_loss(gradlib.tensor([0.5, 3.]), gradlib.tensor([0., 0.]))
    tensor(1.3125)
    """
    require_tensor("smooth_l1_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    # PyTorch's order: the size warning, the deprecated arguments, broadcast_tensors, the reduction, then beta
    _check_target_shape(input, target)
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        input, target = _autocast.fp32(input, target)
    _broadcast_then_reduction(input, target, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    _check_broadcast_devices(input, target)
    _loss.check_float_result("smooth_l1_cpu", input, target)
    if beta == 0:
        return _reduce((input - target).abs(), reduction)
    return _loss.smooth_l1_loss(input, target, reduction, beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """beta * smooth_l1 with beta = delta; with ``weight`` (``input``'s shape) each element's loss is weighted
    before the reduction, as in PyTorch 2.13."""
    if _autocast.active:
        input, target = _autocast.fp32(input, target)
    require_tensor("huber_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    # PyTorch's order: the size warning, broadcast_tensors, the weight's size or the reduction, then the kernel's
    # device and delta checks
    _check_target_shape(input, target)
    _broadcast_then_reduction(input, target, reduction if weight is None else "none")
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    check_argument_devices("_huber_loss", ("self", input), ("target", target))
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        out = _loss.huber_loss(input, target, reduction, delta)
        if out.dtype is not input.dtype and input.dtype.is_floating_point:  # PyTorch's kernel writes the input's dtype
            out = out.to(input.dtype)
        return out
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    weighted = smooth_l1_loss(input, target, reduction="none", beta=delta) * delta * weight
    return _reduce(weighted, reduction)


def _check_probabilities(tensor, name):
    """PyTorch's binary_cross_entropy kernel asserts 0 <= value <= 1 (NaN fails): at once on the CPU, at the next
    synchronization on CUDA (``gradlib.backends.deferred``; no wait here)."""
    array = tensor._array
    if not array.size:
        return
    error = RuntimeError(f"all elements of {name} should be between 0 and 1")
    backend = tensor._device._backend
    with device_guard(tensor._device):
        failed = ~((array >= 0) & (array <= 1)).all()
    backend.check(failed, lambda: error, error)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t log p + (1 - t) log(1 - p)) for probabilities ``input``; logs are clamped at -100 (as PyTorch).

    >>> import gradlib
    >>> gradlib.nn.functional.binary_cross_entropy(gradlib.tensor([0.8, 0.2]), gradlib.tensor([1., 0.]))
    tensor(0.2231)
    """
    # PyTorch's _Reduction.get_enum (or legacy_get_enum) comes before the size check
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        _autocast.refuse_on_cuda_bce(input)
        input, target, weight = _autocast.fp32(input, target, weight)
    require_tensor("binary_cross_entropy", input, attribute="size")  # PyTorch's Python code reads input.size first
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    check_tensor_iterator_devices(input, target, cpu_scalars=0)  # one TensorIterator kernel, no CPU scalars
    refuse_integral("binary_cross_entropy", input)
    if target.dtype is not input.dtype:  # PyTorch's kernel takes one dtype (no promotion)
        raise RuntimeError(f"Found dtype {target.dtype.scalar_type} but expected "
                           f"{input.dtype.scalar_type}")
    if weight is not None:  # expanded to the target's shape, then multiplied in
        check_tensor_iterator_devices(input, weight, cpu_scalars=1 if input.ndim == weight.ndim == 0 else 0)
    if weight is not None and weight.requires_grad and grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'binary_cross_entropy' is not differentiable with respect to argument "
                           "'weight'. This input cannot have requires_grad True.")
    _check_probabilities(input, "input")
    _check_probabilities(target, "target")
    _check_in_place_broadcast(input, weight)
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        weight = weight.expand(*input.shape)
    return _loss.binary_cross_entropy(input, target, reduction, weight)


def _check_in_place_broadcast(input, *factors):
    """PyTorch's kernels multiply the loss (the input's shape) by weight/pos_weight in place: a factor that
    broadcasts to more than that shape fails as the in-place op does."""
    for factor in factors:
        if factor is not None:
            shape = _broadcast.broadcast_shapes(tuple(input.shape), tuple(factor.shape))
            if shape != tuple(input.shape):
                raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast shape "
                                   f"{list(shape)}")


def _check_logits_loss_devices(input, target, weight, pos_weight):
    """The devices in the order of PyTorch's kernels: (pos_weight - 1) * target, log_sigmoid(input) times that in
    place, (1 - target) times input in place, the loss times weight in place."""
    tensors = [t for t in (input, target, weight, pos_weight) if t is not None]
    if all(t._device is input._device for t in tensors):
        return
    if pos_weight is not None:
        log_weight = target if iterator_device([pos_weight, target]) is target._device else pos_weight
        iterator_device([input, log_weight], outputs=1)
    iterator_device([target, input], outputs=1)
    if weight is not None:
        iterator_device([target, weight], outputs=1)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid + binary cross-entropy in one stable formula (finite for any logit).

    >>> import gradlib
    >>> gradlib.nn.functional.binary_cross_entropy_with_logits(gradlib.tensor([1e4, -1e4]), gradlib.tensor([1., 0.]))
    tensor(0.)
    """
    # PyTorch's _Reduction.get_enum (or legacy_get_enum) comes before the size check
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if _autocast.active:
        input, target, weight, pos_weight = _autocast.fp32(input, target, weight, pos_weight)
    # PyTorch's Python code reads input.size first
    require_tensor("binary_cross_entropy_with_logits", input, attribute="size")
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    _check_logits_loss_devices(input, target, weight, pos_weight)
    refuse_integral("log_sigmoid_cpu", input)
    complex_support.check("binary_cross_entropy_with_logits", input)
    if not target.dtype.is_floating_point:  # the loss is computed into the target's dtype
        raise RuntimeError(f"result type {input.dtype.scalar_type} can't be cast to the desired output "
                           f"type {target.dtype.scalar_type}")
    _check_in_place_broadcast(input, pos_weight, weight)
    loss = _loss.binary_cross_entropy_with_logits(input, target, reduction, weight, pos_weight)
    if loss.dtype != target.dtype:  # PyTorch computes (1 - target).mul_(input)...: the target's dtype
        loss = loss.to(target.dtype)
    return loss


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL(target || exp(input)) pointwise: target (log target - input); reduction 'batchmean' divides by N.

    >>> import gradlib
    >>> p = gradlib.tensor([[0.5, 0.5]])
    >>> gradlib.nn.functional.kl_div(gradlib.tensor([[0.25, 0.75]]).log(), p, reduction='batchmean')
    tensor(0.1438)
    """
    complex_support.check("kl_div", input, target)
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    elif reduction not in ("none", "mean", "sum", "batchmean"):  # PyTorch's _Reduction.get_enum, first
        raise ValueError(f"{reduction} is not a valid value for reduction")
    elif reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      stacklevel=2)
    if _autocast.active:
        input, target = _autocast.fp32(input, target)
    require_tensor("kl_div", input)
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    check_tensor_iterator_devices(target, input)  # PyTorch computes target * input (or target - input)
    if log_target:
        loss = target.exp() * (target - input)
    else:  # PyTorch's xlogy(t, t) - t x: a NaN input stays NaN where t = 0, and d/dt is NaN at t = 0 (0/0)
        loss = special.xlogy(target, target) - target * input
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim > 0 else 1)
    return _reduce(loss, reduction)


def _zero(like):
    return _creation.zeros((), dtype=like.dtype, device=like.device)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target (input1 - input2) + margin). Mirrors ``torch.nn.functional.margin_ranking_loss``.

    >>> import gradlib
    >>> F = gradlib.nn.functional
    >>> F.margin_ranking_loss(gradlib.tensor([1., 2.]), gradlib.tensor([2., 1.]), gradlib.tensor([1., 1.]))
    tensor(0.5000)
    """
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ")
    return _reduce(more_math.clamp_min(-target * (input1 - input2) + margin, 0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where target is 1, max(0, margin - x) where target is -1. Mirrors
    ``torch.nn.functional.hinge_embedding_loss``."""
    # PyTorch's _Reduction.get_enum (or legacy_get_enum) comes first
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    zero = _zero(input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        margin = int(margin)  # PyTorch fills the margin into the input's dtype
    margin_clamp = more_math.clamp_min(margin - input, 0)
    output_margin = selection.where(target != 1, margin_clamp, zero)
    output_self = selection.where(target != -1, input, zero)
    return _reduce(output_margin + output_self, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target x)). Mirrors ``torch.nn.functional.soft_margin_loss``."""
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    return _loss.soft_margin_loss(input, target, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t log sigmoid(x) + (1 - t) log sigmoid(-x)) averaged over the classes (last dim). Mirrors
    ``torch.nn.functional.multilabel_soft_margin_loss``."""
    complex_support.check("multilabel_soft_margin_loss", input, target)
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    loss = -(target * activation.logsigmoid(input) + (1 - target) * activation.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    if input.ndim == 0:  # PyTorch's input.size(-1)
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where target is -1 (cosine over the last
    dim, squared norms padded by 1e-12). Mirrors ``torch.nn.functional.cosine_embedding_loss``."""
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    # PyTorch's kernel checks the target's dims, and the inputs' against them, first
    if target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if (input1.ndim, input2.ndim) != (target.ndim + 1,) * 2:
        raise RuntimeError(f"{target.ndim}D target tensor expects {target.ndim + 1}D input tensors, but found inputs "
                           f"with sizes {list(input1.shape)} and {list(input2.shape)}.")
    if input1.ndim != input2.ndim:
        raise RuntimeError(f"cosine_embedding_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}")
    dim = input1.ndim - 1
    product = (input1 * input2).sum(dim)
    square1 = (input1 * input1).sum(dim) + 1e-12
    square2 = (input2 * input2).sum(dim) + 1e-12
    cos = product / (square1 * square2).sqrt()
    zero = _zero(cos)
    positive = selection.where(target == 1, 1 - cos, zero)
    negative = selection.where(target == -1, more_math.clamp_min(cos - margin, 0), zero)
    return _reduce(positive + negative, reduction)


def _check_triplet_dims(anchor, positive, negative):
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {anchor.ndim}D, positive {positive.ndim}D, and negative "
                           f"{negative.ndim}D inputs")


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)) with d the pairwise p-norm distance (with ``swap``, d(a, n) is
    min(d(a, n), d(p, n))). ValueError for a margin <= 0, RuntimeError for inputs of different numbers of dims.
    Mirrors ``torch.nn.functional.triplet_margin_loss``."""
    # PyTorch's _Reduction.get_enum (or legacy_get_enum) comes first
    reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet_dims(anchor, positive, negative)
    distance_positive = distance.pairwise_distance(anchor, positive, p, eps)
    distance_negative = distance.pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_negative = selection.minimum(distance_negative, distance.pairwise_distance(positive, negative, p, eps))
    return _reduce(more_math.clamp_min(margin + distance_positive - distance_negative, 0), reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)) with ``d = distance_function`` (any callable of two tensors returning
    one distance per row; ``pairwise_distance`` when None), ``swap`` as in ``triplet_margin_loss``.

    Inputs: three tensors of the same number of dims (``(N, D)`` or ``(D,)``); the loss has ``d``'s shape, then
    ``reduction`` ('mean', 'sum' or 'none'). Raises ValueError for another reduction or a margin <= 0 and
    RuntimeError for inputs of different numbers of dims, as PyTorch. Mirrors
    ``torch.nn.functional.triplet_margin_with_distance_loss``.

    >>> import gradlib
    >>> a, p, n = gradlib.tensor([[0., 0.]]), gradlib.tensor([[3., 4.]]), gradlib.tensor([[1., 0.]])
    >>> gradlib.nn.functional.triplet_margin_with_distance_loss(
    ...     a, p, n, distance_function=lambda x, y: (x - y).abs().sum(-1), margin=0.5)
    tensor(6.5000)
    """
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _check_triplet_dims(anchor, positive, negative)
    if distance_function is None:
        distance_function = distance.pairwise_distance
    distance_positive = distance_function(anchor, positive)
    distance_negative = distance_function(anchor, negative)
    if swap:
        distance_negative = selection.minimum(distance_negative, distance_function(positive, negative))
    return _reduce(more_math.clamp_min(margin + distance_positive - distance_negative, 0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """exp(x) - t x (``log_input``) or x - t log(x + eps), plus Stirling's term where t > 1 with ``full``.
    Mirrors ``torch.nn.functional.poisson_nll_loss``."""
    if size_average is not None or reduce is not None:  # PyTorch's deprecated spelling of reduction
        reduction = _margin_losses.legacy_reduction(size_average, reduce, reduction)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not a valid value for reduction")
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + selection.where(target <= 1, _zero(stirling), stirling)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log(max(var, eps)) + (x - t)^2 / max(var, eps)) (+ 0.5 log(2 pi) with ``full``); ``var`` may omit
    the last dim or be a float. ValueError for negative or wrongly sized variances. Mirrors
    ``torch.nn.functional.gaussian_nll_loss`` (its check of negative entries reads them, as PyTorch's)."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * _creation.ones(*input.shape, dtype=input.dtype, device=input.device)
    elif bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (input.ndim == var.ndim and sum(b for a, b in zip(input.shape, var.shape) if a != b) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    if not var.dtype.is_floating_point:  # PyTorch's clamp_(min=eps) of an integer clone
        raise RuntimeError(f"result type Float can't be cast to the desired output type {var.dtype.c_type}")
    # PyTorch clamps a clone in place under no_grad: the value is clamped, the gradient passes unchanged
    var = var + (var.detach().clamp(min=eps) - var.detach())
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)
