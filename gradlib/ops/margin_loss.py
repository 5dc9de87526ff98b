"""Multi-class margin losses as one node each, with PyTorch's grad_fn names: ``MultiMarginLossBackward0``
(``multi_margin_loss``) and ``MultilabelMarginLossBackward0`` (``multilabel_margin_loss``).

Both work on (N, C) scores (a 1-d input is one sample) and give one loss per sample, reduced by ``reduction``.
Forward builds 0/1 masks from the integer targets; they are saved with the scores, so the backward formula is
written with elementwise ops and sums only (the primitives ``P``) and serves ``create_graph`` too:

- multi margin, target y: z_j = margin - x_y + x_j, h_j = z_j where z_j > 0 (else 0, NaN too) for j != y, loss = sum_j w_y h_j^p / C;
  d/dx_j = p h_j^(p-1) [z_j > 0] w_y / C (j != y), d/dx_y = -(sum of those).
- multilabel margin, targets t_1..t_m (the entries before the first -1): z_mk = 1 - x_{t_m} + x_k for every
  non-target k, loss = sum_mk max(z_mk, 0) / C; d/dx_k = sum_m [z_mk > 0] / C, d/dx_{t_m} -= sum_k [z_mk > 0] / C.
"""
from ..backends import backend_of_array
from ._op import REDUCTIONS, Op
from ..autograd.graph import keep_edges
from . import complex_support

__all__ = ["multi_margin_loss", "multilabel_margin_loss"]


def _saved_reduction(node):
    """PyTorch's ``_saved_reduction`` enum value ('none_0d' is 'none' of a 0-d input)."""
    return REDUCTIONS["none" if node.reduction == "none_0d" else node.reduction]


def _reduce_grad(P, grad, reduction, count):
    """The gradient of each sample's loss from the gradient of the reduced loss (a column, to broadcast)."""
    if reduction in ("none", "none_0d"):
        return P.reshape(grad, (-1, 1))
    if reduction == "mean":
        return grad / count
    return grad


def _reduced(xp, per_sample, reduction):
    """The reduced loss; with "none" the per-sample losses, a 0-d one for an unbatched input ("none_0d")."""
    if reduction == "none_0d":
        return per_sample.reshape(())
    if reduction == "mean":
        return per_sample.mean() if per_sample.size else xp.asarray(xp.nan, dtype=per_sample.dtype)
    if reduction == "sum":
        return per_sample.sum()
    return per_sample


class MultiMarginLossBackward0(Op):
    __slots__ = ("p", "margin", "reduction", "count")
    saved_scalars = {'margin': 'margin', 'p': 'p', 'reduction': _saved_reduction}
    cpu_scalars = 0
    public_edges = keep_edges(0)  # the target and weight get no edge

    @staticmethod
    def forward(ctx, xp, x, target, weight, p, margin, reduction):
        classes = x.shape[1]
        onehot = (xp.arange(classes)[None, :] == target[:, None]).astype(x.dtype)
        picked = xp.where(onehot > 0, x, 0).sum(axis=1, keepdims=True)  # x[y] (a NaN elsewhere stays out)
        z = margin - picked + x
        hinge = xp.where(z > 0, z, 0) * (1 - onehot)  # a NaN margin term counts 0, as PyTorch's "if (z > 0)"
        scale = onehot.sum(axis=1, keepdims=True) / classes  # 1 / C per sample
        if weight is not None:
            scale = scale * weight[target][:, None]
        ctx.p, ctx.margin, ctx.reduction, ctx.count = p, margin, reduction, x.shape[0]
        ctx.save_for_backward(x, onehot, scale)
        per_sample = ((hinge if p == 1 else hinge * hinge) * scale).sum(axis=1)
        return _reduced(xp, per_sample, reduction)

    @staticmethod
    def backward(ctx, P, grad):
        x, onehot, scale = P.saved(ctx)
        picked = P.sum(P.where(onehot > 0, x, 0 * x), 1, True)
        z = ctx.margin - picked + x
        others = 1 - onehot
        if ctx.p == 1:
            slope = P.where(z > 0, others, 0 * others)
        else:
            slope = 2 * P.where(z > 0, z, 0 * others) * others  # +0 where the hinge is off, as PyTorch
        dz = slope * scale * _reduce_grad(P, grad, ctx.reduction, ctx.count)
        grad_x = dz - onehot * P.sum(dz, 1, True)
        return (grad_x,) + (None,) * (len(ctx.needs_input_grad) - 1)


def multi_margin_loss(input, target, weight, p, margin, reduction):
    """The node on (N, C) ``input`` and N class indices (checked here, on the host; deferred on a GPU)."""
    complex_support.check("multi_margin_loss", input)
    backend = backend_of_array(target._array)
    classes = input.shape[1]
    backend.check_bounds(target._array, 0, classes, "multi_margin_loss: target",
                         lambda: RuntimeError("target out of range"))
    return MultiMarginLossBackward0.apply(input, target, weight, p, margin, reduction)


class MultilabelMarginLossBackward0(Op):
    __slots__ = ("reduction", "count")
    saved_scalars = {"reduction": _saved_reduction}
    cpu_scalars = 0
    public_edges = keep_edges(0)  # the target and weight get no edge

    @staticmethod
    def forward(ctx, xp, x, target, reduction):
        classes = x.shape[1]
        valid = xp.cumprod(target != -1, axis=1).astype(bool)  # the entries before the first -1
        safe = xp.where(valid, target, 0)
        onehot = (safe[:, :, None] == xp.arange(classes)[None, None, :]) & valid[:, :, None]  # (N, M, C)
        is_target = onehot.any(axis=1)
        pairs = (valid[:, :, None] & ~is_target[:, None, :]).astype(x.dtype) / classes  # 1/C per (t_m, k) pair
        onehot = onehot.astype(x.dtype)
        picked = xp.where(onehot > 0, x[:, None, :], 0).sum(axis=2, keepdims=True)
        z = 1 - picked + x[:, None, :]
        hinge = xp.where(z > 0, z, 0) * pairs
        ctx.reduction, ctx.count = reduction, x.shape[0]
        ctx.save_for_backward(x, onehot, pairs)
        return _reduced(xp, hinge.sum(axis=(1, 2)), reduction)

    @staticmethod
    def backward(ctx, P, grad):
        x, onehot, pairs = P.saved(ctx)
        spread = P.expand_dims(x, 1) + 0 * onehot
        picked = P.sum(P.where(onehot > 0, spread, 0 * spread), 2, True)
        z = 1 - picked + P.expand_dims(x, 1)
        dz = P.where(z > 0, pairs, 0 * pairs) * P.expand_dims(_reduce_grad(P, grad, ctx.reduction, ctx.count), -1)
        grad_x = P.sum(dz, 1, False) - P.sum(onehot * P.sum(dz, 2, True), 1, False)
        return grad_x, None


def multilabel_margin_loss(input, target, reduction):
    """The node on (N, C) ``input`` and (N, C) targets (class indices, -1 ends each row's list)."""
    complex_support.check("multilabel_margin_loss", input)
    backend = backend_of_array(target._array)
    # every entry, those after the first -1 too, must be -1 or a class (PyTorch checks them all)
    backend.check_bounds(target._array, -1, input.shape[1], "multilabel_margin_loss: target",
                         lambda: RuntimeError("argument #2 'target' is out of range"))
    return MultilabelMarginLossBackward0.apply(input, target, reduction)
