"""``CopyBackwards``: the copy PyTorch's AccumulateGrad makes of a leaf's first gradient under ``create_graph``.

With grad mode on (``backward(create_graph=True)``), AccumulateGrad never adopts the gradient it is handed as the
leaf's ``.grad``: it copies it into a new tensor laid out like the leaf (``empty_strided(...).copy_(grad)``), so the
``.grad`` shares no memory with the gradient (a user's ``grad_outputs`` tensor, a hook's result, the same
broadcast gradient handed to two leaves) and its version is 1 (the copy's write). The copy is differentiable: its
node is ``CopyBackwards`` (``name()`` ``torch::autograd::CopyBackwards``), whose ``next_functions`` are ``(None,
0)`` for the new tensor and the gradient's own edge. ``autograd/engine.py`` applies it.

The same node is ``Tensor.copy_``'s into a tensor that is not a view (``copy_for_inplace``; a view's copy is
CopySlices of its base): its edges are the destination's (a zero gradient: every element is replaced) and the
source's (the gradient, which the engine sums to the source's shape and casts to its dtype). ``fill_`` with a 0-d
tensor value is the same step under PyTorch's name ``FillBackward3`` (``fill_for_inplace``).
"""
from .. import _formats, _layout
from ..autograd.graph import NO_EDGE
from . import shape
from ._op import Op

__all__ = ["CopyBackwards", "FillBackward3", "copy_for_grad", "copy_for_inplace", "fill_for_inplace"]


def _destination_first(node, edges):
    """PyTorch's copy_ node lists the destination (a new tensor: no edge; ``Tensor.copy_``: the destination's
    edge) before the source."""
    if len(edges) == 2:
        return tuple(edges)
    return (NO_EDGE,) + tuple(edges)


class CopyBackwards(Op):
    """A leaf's first gradient copied into its ``.grad`` under create_graph (module docstring)."""

    node_name = "CopyBackwards"

    __slots__ = ("into",)
    public_edges = _destination_first

    def name(self):
        return "torch::autograd::CopyBackwards"  # PyTorch's C++ name; its type (and a tensor's repr) CopyBackwards

    @staticmethod
    def forward(ctx, xp, first, second):
        if isinstance(second, tuple):  # AccumulateGrad's copy: (the gradient, the leaf's strides)
            ctx.into = False
            out = _layout.empty_strided(xp, first.shape, second, first.dtype)
            out[...] = first
            return out
        ctx.into = True  # Tensor.copy_: (the destination, the source, broadcast and cast into its dtype)
        if second.dtype.kind == "c" and first.dtype.kind == "b":
            second = second != 0  # true where either part is nonzero (the caller took the real part otherwise)
        out = _layout.empty_strided(xp, first.shape, _layout.element_strides(first), first.dtype)
        out[...] = second
        return out

    @staticmethod
    def backward(ctx, P, grad):
        if not ctx.into:
            return grad
        return (P.zeros_like(grad) if ctx.needs_input_grad[0] else None), grad


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


def copy_for_inplace(destination, source):
    """``destination.copy_(source)``'s new value with its graph (``destination`` not a view; ``source`` on its
    device, broadcastable to its shape): PyTorch's CopyBackwards node."""
    return CopyBackwards.apply(destination, source)


class FillBackward3(Op):
    """``destination.fill_(value)`` with a 0-d tensor ``value`` (not a view): every element replaced by the value;
    a zero gradient for the destination, the summed gradient for the value."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, destination, value):
        if value.dtype.kind == "c" and destination.dtype.kind == "b":
            value = value != 0
        out = _layout.empty_strided(xp, destination.shape, _layout.element_strides(destination), destination.dtype)
        out[...] = value
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return (P.zeros_like(grad) if ctx.needs_input_grad[0] else None), grad


def fill_for_inplace(destination, value):
    """``destination.fill_(value)``'s new value with its graph (``value`` a 0-d tensor on its device)."""
    return FillBackward3.apply(destination, value)
