"""The other ways of cutting a tensor into pieces: ``split_with_sizes`` (``split`` with a list, by its own
name), the ``unsafe_`` forms of split/chunk/split_with_sizes (pieces that are copies, not views, recorded as
PyTorch's ``UnsafeSplitBackward0``/``UnsafeSplitWithSizesBackward0``), and ``unravel_index`` (flat positions to
coordinates)."""
from .. import _tensor, dtypes
from .._numpy_names import numpy_names
from ._args import require_tensor
from . import shape as _shape
from ._op import saved_int, saved_sizes

__all__ = ["split_with_sizes", "unsafe_split", "unsafe_chunk", "unsafe_split_with_sizes", "unravel_index"]


class UnsafeSplitBackward0(_shape.SplitBackward0):
    """``unsafe_split``/``unsafe_chunk``: the pieces of ``split`` as new tensors (changing one in place is
    allowed: nothing else sees its memory)."""

    node_name = "UnsafeSplitBackward0"
    __slots__ = ()
    saved_scalars = {"dim": saved_int("axis"), "self_sym_sizes": saved_sizes(),
                     "split_size": lambda node: node.sections[0]}
    is_view = False
    multiple_views = False

    @staticmethod
    def forward(ctx, xp, a, axis, sections):
        pieces = _shape.SplitBackward0.forward(ctx, xp, a, axis, sections)
        return tuple(piece.copy() for piece in pieces)


class UnsafeSplitWithSizesBackward0(UnsafeSplitBackward0):
    """``unsafe_split_with_sizes``."""

    node_name = "UnsafeSplitWithSizesBackward0"
    __slots__ = ()
    saved_scalars = {'dim': 'axis', 'split_sizes': 'sections', 'self_sym_sizes': saved_sizes()}


def _sections(input, split_sizes, dim):
    require_tensor("split_with_sizes", input)
    if input.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    axis = _shape.normalize_dim(dim, input.ndim)
    sizes = [int(size) for size in split_sizes]
    if any(size < 0 for size in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if sum(sizes) != input.shape[axis]:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {input.shape[axis]} (input "
                           f"tensor's size at dimension {axis}), but got split_sizes={sizes}")
    return axis, tuple(sizes)


@numpy_names
def split_with_sizes(input, split_sizes, dim=0):
    """Views of ``input``'s pieces of the given ``split_sizes`` along ``dim`` (a tuple), as
    ``torch.split_with_sizes``. Raises RuntimeError for a negative size or sizes not summing to the dim's
    length (PyTorch's messages).

    >>> import gradlib
    >>> [t.tolist() for t in gradlib.split_with_sizes(gradlib.arange(5), [2, 3])]
    [[0, 1], [2, 3, 4]]
    """
    axis, sizes = _sections(input, split_sizes, dim)
    return _shape.SplitWithSizesBackward0.apply(input, axis, sizes)


@numpy_names
def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """``split_with_sizes`` whose pieces are copies (``torch.unsafe_split_with_sizes``).

    >>> import gradlib
    >>> gradlib.unsafe_split_with_sizes(gradlib.arange(4.), [1, 3])[1]
    tensor([1., 2., 3.])
    """
    axis, sizes = _sections(input, split_sizes, dim)
    return UnsafeSplitWithSizesBackward0.apply(input, axis, sizes)


@numpy_names
def unsafe_split(input, split_size, dim=0):
    """``split`` into pieces of ``split_size`` (the last may be smaller) that are copies
    (``torch.unsafe_split``). TypeError for a list of sizes (that is ``unsafe_split_with_sizes``), as PyTorch.

    >>> import gradlib
    >>> [t.tolist() for t in gradlib.unsafe_split(gradlib.arange(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    if not isinstance(split_size, int):
        raise TypeError(f"unsafe_split(): argument 'split_size' (position 2) must be int, not "
                        f"{type(split_size).__name__}")
    pieces = _shape.split(input, split_size, dim)
    axis = _shape.normalize_dim(dim, input.ndim)
    return UnsafeSplitBackward0.apply(input, axis, tuple(piece.shape[axis] for piece in pieces))


@numpy_names
def unsafe_chunk(input, chunks, dim=0):
    """``chunk`` whose pieces are copies (``torch.unsafe_chunk``).

    >>> import gradlib
    >>> len(gradlib.unsafe_chunk(gradlib.arange(5), 3))
    3
    """
    pieces = _shape.chunk(input, chunks, dim)
    axis = _shape.normalize_dim(dim, input.ndim)
    return UnsafeSplitBackward0.apply(input, axis, tuple(piece.shape[axis] for piece in pieces))


def unravel_index(indices, shape):
    """The coordinates in a tensor of ``shape`` of the flat (row-major) positions ``indices`` (an integer
    tensor), as ``torch.unravel_index``: a tuple of int64 tensors of ``indices``' shape, one per dim. Positions
    wrap around as PyTorch's arithmetic does (-1 is the last element). Raises TypeError for a non-integer
    ``indices`` or shape, ValueError for a negative size, RuntimeError for a zero size.

    >>> import gradlib
    >>> gradlib.unravel_index(gradlib.tensor([4, 1, 11]), (3, 4))
    (tensor([1, 0, 2]), tensor([0, 1, 3]))
    """
    if not isinstance(indices, _tensor.Tensor):
        raise TypeError(f"expected 'indices' to be a tensor, but got {type(indices)}")
    if indices.dtype.is_floating_point or indices.dtype.is_complex or indices.dtype is dtypes.bool:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if not all(isinstance(size, int) for size in shape):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {shape}")
    if any(size < 0 for size in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    if any(size == 0 for size in shape):
        raise RuntimeError("ZeroDivisionError")
    flat = indices.to(dtypes.int64)
    coordinates = []
    step = 1
    for size in reversed(shape):
        coordinates.append((flat // step) % size)
        step *= size
    return tuple(reversed(coordinates))
