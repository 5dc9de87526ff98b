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


def _constant_result(ctx, xp, a, *rest):
    """The precomputed comparison (the last argument), in the written tensor's dtype."""
    return rest[-1].astype(a.dtype)


def _zero_gradients(ctx, P, grad):
    zeros = P.zeros_like(grad)
    return tuple(zeros if needed else None for needed in ctx.needs_input_grad)


def _node(name):
    return type(name, (Op,), {"__slots__": (), "__module__": __name__, "pointwise": True,
                              "__doc__": f"Node of an in-place comparison ({name}): a zero gradient.",
                              "forward": staticmethod(_constant_result), "backward": staticmethod(_zero_gradients)})


EqBackward0, EqBackward1 = _node("EqBackward0"), _node("EqBackward1")
NeBackward0, NeBackward1 = _node("NeBackward0"), _node("NeBackward1")
LtBackward0, LtBackward1 = _node("LtBackward0"), _node("LtBackward1")
LeBackward0, LeBackward1 = _node("LeBackward0"), _node("LeBackward1")
GtBackward0, GtBackward1 = _node("GtBackward0"), _node("GtBackward1")
GeBackward0, GeBackward1 = _node("GeBackward0"), _node("GeBackward1")

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
