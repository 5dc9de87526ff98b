"""``multi_margin_loss`` and ``multilabel_margin_loss`` (re-exported by ``gradlib.nn.functional``): PyTorch's
argument checks around the nodes of ``gradlib/ops/margin_loss.py``; ``legacy_reduction``, PyTorch's mapping of
the deprecated ``size_average``/``reduce`` arguments."""
import warnings

from .. import dtypes
from ..autograd import grad_mode
from ..ops import margin_loss as _margin
from ..ops._args import refuse_integral, require_tensor
from ..ops._op import check_argument_devices

__all__ = ["multi_margin_loss", "multilabel_margin_loss", "legacy_reduction"]

_REDUCTIONS = ("none", "mean", "sum")


def legacy_reduction(size_average, reduce, reduction):
    """``reduction`` checked, or the one the deprecated ``size_average``/``reduce`` give (with PyTorch's
    warning)."""
    if size_average is None and reduce is None:
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{reduction} is not a valid value for reduction")
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
                  stacklevel=3)
    return reduction


def _check_scores(input):
    ndim = input.ndim
    if not ((ndim == 2 and input.shape[1] != 0) or (ndim == 1 and input.shape[0] != 0) or ndim == 0):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")


def _refuse_cpu_half(kernel, input):
    """PyTorch's CPU kernels of these losses have no float16 version (its CUDA ones have)."""
    if input.dtype is dtypes.float16 and input.device.type == "cpu":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Half\'')


def _check_long_target(target):
    if target.dtype is not dtypes.int64:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype.scalar_type}")


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """The multi-class hinge loss of (N, C) (or (C,)) scores and N class indices: per sample
    ``sum over j != y of weight[y] * max(0, margin - x[y] + x[j]) ** p / C``, then ``reduction``.

    Float inputs; ``target`` int64. Raises ValueError for ``p`` other than 1 and 2 or a weight that is not 1-d,
    RuntimeError for mismatched sizes or a target outside [0, C) (deferred on a GPU), NotImplementedError for
    integer scores. The node is ``MultiMarginLossBackward0``. Mirrors ``torch.nn.functional.multi_margin_loss``.

    >>> import gradlib
    >>> x = gradlib.tensor([[0.1, 0.2, 0.4, 0.8]], requires_grad=True)
    >>> gradlib.nn.functional.multi_margin_loss(x, gradlib.tensor([3]))
    tensor(0.3250, grad_fn=<MultiMarginLossBackward0>)
    """
    require_tensor("multi_margin_loss", input)
    reduction = legacy_reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    check_argument_devices("multi_margin_loss", ("self", input), ("target", target), ("weight", weight))
    _check_scores(input)
    unbatched = input.ndim <= 1
    frames = 1 if unbatched else input.shape[0]
    classes = (input.shape[0] if input.ndim == 1 else 1) if unbatched else input.shape[1]
    if target.dim() > 1 or target.numel() != frames:
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           f"samples (batch size). Expected target size [{frames}], but got {list(target.shape)}. "
                           f"Input has shape {list(input.shape)}.")
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got {list(weight.shape)}")
    if input.numel():  # PyTorch's kernel returns before its dtype checks on an empty batch
        refuse_integral("multi_margin_loss_cpu_kernel", input)
        _refuse_cpu_half("multi_margin_loss_cpu_kernel", input)
        _check_long_target(target)
    if weight is not None and weight.requires_grad and grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. "
                           "This input cannot have requires_grad True.")
    scores = input.reshape(frames, classes)
    if unbatched and reduction == "none":
        reduction = "none_0d"  # the node gives the 0-d loss itself (its grad_fn, as PyTorch's)
    return _margin.multi_margin_loss(scores, target.reshape(frames), weight, p, margin, reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """The multi-label hinge loss of (N, C) (or (C,)) scores and (N, C) targets, each row class indices ended
    by the first -1: per sample ``sum over targets t and non-targets k of max(0, 1 - (x[t] - x[k])) / C``, then
    ``reduction``. A target listed twice counts twice, as in PyTorch.

    Raises RuntimeError for mismatched sizes or a listed target outside [0, C) (deferred on a GPU),
    NotImplementedError for integer scores. The node is ``MultilabelMarginLossBackward0``. Mirrors
    ``torch.nn.functional.multilabel_margin_loss``.

    >>> import gradlib
    >>> x = gradlib.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> gradlib.nn.functional.multilabel_margin_loss(x, gradlib.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)
    """
    require_tensor("multilabel_margin_loss", input)
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_argument_devices("multilabel_margin_loss_forward", ("self", input), ("target", target))
    _check_scores(input)
    unbatched = input.ndim <= 1
    classes = (input.shape[0] if input.ndim == 1 else 1) if unbatched else input.shape[1]
    if unbatched:
        consistent = target.dim() <= 1 and target.numel() == classes
    else:
        consistent = target.dim() == 2 and tuple(target.shape) == tuple(input.shape)
    if not consistent:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: {list(input.shape)}")
    if input.numel():  # PyTorch's kernel returns before its dtype checks on an empty batch
        refuse_integral("multilabel_margin_loss_forward_out_frame", input)
        _refuse_cpu_half("multilabel_margin_loss_forward_out_frame", input)
        _check_long_target(target)
    frames = 1 if unbatched else input.shape[0]
    if unbatched and reduction == "none":
        reduction = "none_0d"
    return _margin.multilabel_margin_loss(input.reshape(frames, classes), target.reshape(frames, classes),
                                          reduction)
