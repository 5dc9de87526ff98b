"""The nodes of the in-place views (``unsqueeze_``, ``squeeze_``, ``t_``, ``transpose_``/``swapaxes_``/
``swapdims_``): the same formulas as their out-of-place views in ``ops/shape.py``, under PyTorch's names for the
in-place versions (``UnsqueezeBackward1``, ``SqueezeBackward3/4/5``, ``TBackward1``, ``TransposeBackward1``),
which its messages print ("... which is output 0 of Unsqueeze1, is at version 1")."""
from . import shape
from ._op import saved_sizes

__all__ = ["inplace_view"]


class UnsqueezeBackward1(shape.UnsqueezeBackward0):
    __slots__ = ()


class SqueezeBackward3(shape.SqueezeBackward0):
    """squeeze_() of every size-1 dim."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}


class SqueezeBackward4(shape.SqueezeBackward0):
    """squeeze_(dim)."""

    __slots__ = ()


class SqueezeBackward5(shape.SqueezeBackward0):
    """squeeze_(dims)."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}


class TBackward1(shape.TBackward0):
    __slots__ = ()


class TransposeBackward1(shape.TransposeBackward0):
    __slots__ = ()


_IN_PLACE = {shape.UnsqueezeBackward0: UnsqueezeBackward1, shape.SqueezeBackward0: SqueezeBackward3,
             shape.SqueezeBackward1: SqueezeBackward4, shape.SqueezeBackward2: SqueezeBackward5,
             shape.TBackward0: TBackward1, shape.TransposeBackward0: TransposeBackward1}


def inplace_view(node):
    """The node of an out-of-place view, renamed as the in-place view's (the class changes, nothing else: the
    subclasses add no state). Other nodes (a view of a view that PyTorch also names as out of place) pass."""
    renamed = _IN_PLACE.get(type(node))
    if renamed is not None:
        node.__class__ = renamed
    return node
