"""Weight normalization as one node, PyTorch's ``_weight_norm_interface`` (grad_fn
``WeightNormInterfaceBackward0``): w = v * g / ||v||, the norm over every dim of v but ``dim`` (kept as size-1
dims, so g has v's size at ``dim`` and 1 elsewhere).

Backward, with n = ||v|| and s = sum(grad * v) over the same dims:
grad_g = s / n, grad_v = (g / n) * (grad - v * s / n^2).
"""
from ._op import Op
from . import complex_support

__all__ = ["weight_norm_interface"]


class WeightNormInterfaceBackward0(Op):
    __slots__ = ("axes",)
    saved_names = ('v', 'g')
    # the norm is over every dim but ``dim``
    saved_scalars = {"dim": lambda node: next(d for d in range(len(node.input_shape(0))) if d not in node.axes)}
    promote = True

    @staticmethod
    def forward(ctx, xp, v, g, axes):
        ctx.axes = axes
        norm = xp.sqrt((v * v).sum(axis=axes, keepdims=True))
        ctx.save_for_backward(v, g)
        return v * (g / norm)

    @staticmethod
    def backward(ctx, P, grad):
        v, g = P.saved(ctx)
        axes = ctx.axes
        norm = P.sqrt(P.sum(v * v, axes, True))
        dot = P.sum(grad * v, axes, True)
        needs = ctx.needs_input_grad
        grad_v = (g / norm) * (grad - v * (dot / (norm * norm))) if needs[0] else None
        grad_g = dot / norm if needs[1] else None
        return grad_v, grad_g


def weight_norm_interface(v, g, dim):
    """The node for ``dim`` 0 or the last dim of ``v`` (where PyTorch uses its fused kernel)."""
    complex_support.check("weight_norm", v, g)
    axes = tuple(d for d in range(v.ndim) if d != dim % max(v.ndim, 1))
    return WeightNormInterfaceBackward0.apply(v, g, axes)
