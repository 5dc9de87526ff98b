"""Losses composed of differentiable ops (re-exported by ``gradlib.nn.functional``): margin_ranking_loss,
hinge_embedding_loss, soft_margin_loss, multilabel_soft_margin_loss, cosine_embedding_loss,
triplet_margin_loss, poisson_nll_loss, gaussian_nll_loss. Formulas are PyTorch's composite definitions, so values,
gradients and second derivatives follow from the ops'."""
import math

from .. import _creation
from ..ops import elementwise, loss, selection

__all__ = ["margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss", "multilabel_soft_margin_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "poisson_nll_loss", "gaussian_nll_loss"]


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _zero(like):
    return _creation.zeros((), dtype=like.dtype, device=like.device)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target (input1 - input2) + margin). Mirrors ``torch.nn.functional.margin_ranking_loss``.

    >>> import gradlib
    >>> F = gradlib.nn.functional
    >>> F.margin_ranking_loss(gradlib.tensor([1., 2.]), gradlib.tensor([2., 1.]), gradlib.tensor([1., 1.]))
    tensor(0.5000)
    """
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ")
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where target is 1, max(0, margin - x) where target is -1. Mirrors
    ``torch.nn.functional.hinge_embedding_loss``."""
    zero = _zero(input)
    if not input.dtype.is_floating_point:
        margin = int(margin)  # PyTorch fills the margin into the input's dtype
    margin_clamp = (margin - input).clamp(min=0)
    output_margin = selection.where(target != 1, margin_clamp, zero)
    output_self = selection.where(target != -1, input, zero)
    return _reduce(output_margin + output_self, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target x)). Mirrors ``torch.nn.functional.soft_margin_loss``."""
    return loss.soft_margin_loss(input, target, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t log sigmoid(x) + (1 - t) log sigmoid(-x)) averaged over the classes (last dim). Mirrors
    ``torch.nn.functional.multilabel_soft_margin_loss``."""
    loss = -(target * elementwise.logsigmoid(input) + (1 - target) * elementwise.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.ndim - 1
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where target is -1 (cosine over the last
    dim, squared norms padded by 1e-12). Mirrors ``torch.nn.functional.cosine_embedding_loss``."""
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
    negative = selection.where(target == -1, (cos - margin).clamp(min=0), zero)
    return _reduce(positive + negative, reduction)


def _pairwise_distance(x1, x2, p, eps):
    return (x1 - x2 + eps).norm(p, dim=-1)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)) with d the pairwise p-norm distance (with ``swap``, d(a, n) is
    min(d(a, n), d(p, n))). ValueError for a margin <= 0. Mirrors ``torch.nn.functional.triplet_margin_loss``."""
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    distance_positive = _pairwise_distance(anchor, positive, p, eps)
    distance_negative = _pairwise_distance(anchor, negative, p, eps)
    if swap:
        distance_negative = selection.minimum(distance_negative, _pairwise_distance(positive, negative, p, eps))
    return _reduce((margin + distance_positive - distance_negative).clamp(min=0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """exp(x) - t x (``log_input``) or x - t log(x + eps), plus Stirling's term where t > 1 with ``full``.
    Mirrors ``torch.nn.functional.poisson_nll_loss``."""
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
