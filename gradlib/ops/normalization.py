"""Layer normalization as one node, NativeLayerNormBackward0 (PyTorch's grad_fn for layer_norm).

Forward: xhat = (x - mean) / sqrt(var + eps) over the normalized (trailing) dims, then xhat * weight + bias.
Backward (written against the primitives ``P``, so it is differentiable again; mean and rstd are recomputed from x there so that
second derivatives see their dependence on x):
grad_x = rstd (g w - mean(g w) - xhat mean(g w xhat)), grad_weight = sum(g xhat), grad_bias = sum(g) over the
leading dims.
"""
from ._op import Op

__all__ = ["layer_norm"]


class NativeLayerNormBackward0(Op):
    __slots__ = ("axes", "eps", "count")
    promote = True

    @staticmethod
    def forward(ctx, xp, x, weight, bias, axes, eps):
        ctx.axes, ctx.eps = axes, eps
        count = 1
        for axis in axes:
            count *= x.shape[axis]
        ctx.count = count
        mean = x.mean(axis=axes, keepdims=True)
        centered = x - mean
        variance = (centered * centered).mean(axis=axes, keepdims=True)
        out = centered * (1 / xp.sqrt(variance + eps))
        if weight is not None:
            out = out * weight
        if bias is not None:
            out = out + bias
        ctx.save_for_backward(x, *(() if weight is None else (weight,)))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, *weight = P.saved(ctx)
        weight = weight[0] if weight else None
        axes, count = ctx.axes, ctx.count
        leading = tuple(range(x.ndim - len(axes)))
        mean = P.sum(x, axes, True) / count
        centered = x - mean
        rstd = 1 / P.sqrt(P.sum(centered * centered, axes, True) / count + ctx.eps)
        xhat = centered * rstd
        needs = ctx.needs_input_grad
        grad_x = grad_weight = grad_bias = None
        if needs[0]:
            scaled = grad if weight is None else grad * weight
            grad_x = rstd * (scaled - P.sum(scaled, axes, True) / count
                             - xhat * (P.sum(scaled * xhat, axes, True) / count))
        if len(needs) > 1 and needs[1] and weight is not None:
            grad_weight = P.sum(grad * xhat, leading, False) if leading else grad * xhat
        bias_index = 2 if weight is not None else 1
        if len(needs) > bias_index and needs[bias_index]:
            grad_bias = P.sum(grad, leading, False) if leading else grad
        if weight is None:
            return (grad_x, grad_bias) if len(needs) > 1 else grad_x
        return (grad_x, grad_weight, grad_bias) if len(needs) > 2 else (grad_x, grad_weight)


def layer_norm(input, normalized_dims, weight, bias, eps):
    """The node over the last ``normalized_dims`` dims (``nn.functional.layer_norm`` checks the arguments)."""
    axes = tuple(range(input.ndim - normalized_dims, input.ndim))
    return NativeLayerNormBackward0.apply(input, weight, bias, axes, eps)
