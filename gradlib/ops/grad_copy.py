"""``CopyBackwards``: the copy PyTorch's AccumulateGrad makes of a leaf's first gradient under ``create_graph``.

With grad mode on (``backward(create_graph=True)``), AccumulateGrad never adopts the gradient it is handed as the
leaf's ``.grad``: it copies it into a new tensor laid out like the leaf (``empty_strided(...).copy_(grad)``), so the
``.grad`` shares no memory with the gradient (a user's ``grad_outputs`` tensor, a hook's result, the same
broadcast gradient handed to two leaves) and its version is 1 (the copy's write). The copy is differentiable: its
node is ``CopyBackwards`` (``name()`` ``torch::autograd::CopyBackwards``), whose ``next_functions`` are ``(None,
0)`` for the new tensor and the gradient's own edge. ``autograd/engine.py`` applies it.
"""
from .. import _formats, _layout
from ..autograd.graph import NO_EDGE
from . import shape
from ._op import Op

__all__ = ["CopyBackwards", "copy_for_grad"]


def _destination_first(node, edges):
    """PyTorch's copy_ node lists the destination (a new tensor: no edge) before the source."""
    return (NO_EDGE,) + tuple(edges)


class CopyBackwards(Op):
    """A leaf's first gradient copied into its ``.grad`` under create_graph (module docstring)."""

    node_name = "CopyBackwards"

    __slots__ = ()
    public_edges = _destination_first

    def name(self):
        return "torch::autograd::CopyBackwards"  # PyTorch's C++ name; its type (and a tensor's repr) CopyBackwards

    @staticmethod
    def forward(ctx, xp, grad, strides):
        out = _layout.empty_strided(xp, grad.shape, strides, grad.dtype)
        out[...] = grad
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return grad


def copy_for_grad(variable, grad):
    """``grad`` (a Tensor) copied into a new Tensor for the leaf ``variable``'s ``.grad``, as PyTorch's
    ``clone_obey_contract``: for a dense leaf, in its layout through ``CopyBackwards`` (version 1, the copy's
    write); for another (an expanded leaf), a row-major ``clone`` (CloneBackward0, version 0)."""
    array = variable._array
    strides = _layout.element_strides(array)
    if not _layout.is_non_overlapping_and_dense(array.shape, strides):
        return shape.clone(grad, memory_format=_formats.contiguous_format)
    copy = CopyBackwards.apply(grad, strides)
    copy._vc = [1]
    return copy
