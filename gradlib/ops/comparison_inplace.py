"""The nodes of the in-place comparisons (``eq_``, ``gt_``, ``greater_``, ...) on tensors that require grad.

PyTorch writes the comparison's 0/1 into the tensor and records a node whose gradient is zero: ``GtBackward0``
against a Python number, ``GtBackward1`` against a tensor (an edge to each operand). Without a node the tensor
would keep its old history and pass the incoming gradient on as if it held its old values. ``recorded`` computes
the comparison out of place (every check and message of ``ops/comparison.py``) and wraps its result in that node.
"""
from ..autograd.grad_mode import no_grad
from .. import _tensor
from . import comparison
from ._op import Op

__all__ = ["recorded"]


class _InplaceComparison(Op):
    """A written comparison: the precomputed result (the last argument) in the tensor's dtype; zero gradients."""

    __slots__ = ()
    pointwise = True

    @staticmethod
    def forward(ctx, xp, a, *rest):
        return rest[-1].astype(a.dtype)

    @staticmethod
    def backward(ctx, P, grad):
        zeros = P.zeros_like(grad)
        return tuple(zeros if needed else None for needed in ctx.needs_input_grad)


class EqBackward0(_InplaceComparison):
    __slots__ = ()


class EqBackward1(_InplaceComparison):
    __slots__ = ()


class NeBackward0(_InplaceComparison):
    __slots__ = ()


class NeBackward1(_InplaceComparison):
    __slots__ = ()


class LtBackward0(_InplaceComparison):
    __slots__ = ()


class LtBackward1(_InplaceComparison):
    __slots__ = ()


class LeBackward0(_InplaceComparison):
    __slots__ = ()


class LeBackward1(_InplaceComparison):
    __slots__ = ()


class GtBackward0(_InplaceComparison):
    __slots__ = ()


class GtBackward1(_InplaceComparison):
    __slots__ = ()


class GeBackward0(_InplaceComparison):
    __slots__ = ()


class GeBackward1(_InplaceComparison):
    __slots__ = ()


_NODES = {"eq": (EqBackward0, EqBackward1), "ne": (NeBackward0, NeBackward1), "lt": (LtBackward0, LtBackward1),
          "le": (LeBackward0, LeBackward1), "gt": (GtBackward0, GtBackward1), "ge": (GeBackward0, GeBackward1)}


def recorded(name, input, other):
    """``comparison.<name>(input, other)`` as the recorded result of the in-place form: the 0/1 values in
    ``input``'s dtype behind the node PyTorch records."""
    with no_grad():
        result = getattr(comparison, name)(input, other)
    by_number, by_tensor = _NODES[name]
    if isinstance(other, _tensor.Tensor):
        return by_tensor.apply(input, other, result._array)
    return by_number.apply(input, result._array)
