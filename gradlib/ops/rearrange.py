"""Ops that copy values into a new arrangement: flip, roll, repeat, tile, repeat_interleave, and the matrix parts
tril, triu, diagonal, diag_embed (views and reshapes are in ``ops/shape.py``).
"""
from .. import _tensor
from .._numpy_names import numpy_names
from . import gather_scatter, shape
from ._args import kernel_device, require_tensor
from ._dims import normalize_dim
from ._op import Op, saved_int, saved_sizes, symint

__all__ = ["flip", "roll", "repeat", "tile", "tril", "triu", "diagonal", "diag_embed", "repeat_interleave"]


class FlipBackward0(Op):
    __slots__ = ("dims",)
    saved_scalars = {'dims': 'dims'}
    output_format = "preserve"

    @staticmethod
    def forward(ctx, xp, a, dims):
        ctx.dims = dims
        return xp.flip(a, dims).copy() if dims else a.copy()

    @staticmethod
    def backward(ctx, P, grad):
        return P.flip(grad, ctx.dims) if ctx.dims else grad


def _ints(values):
    """An int or ints (None: none) as PyTorch's node shows an int list."""
    if values is None:
        return ()
    return tuple(symint(value) for value in values) if isinstance(values, (tuple, list)) else (symint(values),)


class RollBackward0(Op):
    __slots__ = ("shifts", "dims")
    saved_scalars = {"dims": lambda node: _ints(node.dims), "shifts": lambda node: _ints(node.shifts)}

    @staticmethod
    def forward(ctx, xp, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return xp.roll(a, shifts, dims)

    @staticmethod
    def backward(ctx, P, grad):
        negated = tuple(-s for s in ctx.shifts) if isinstance(ctx.shifts, tuple) else -ctx.shifts
        return P.roll(grad, negated, ctx.dims)


class RepeatBackward0(Op):
    """``repeat``/``tile``: the input is tiled; its gradient sums the tiles."""

    __slots__ = ("reps",)
    saved_scalars = {'repeats': 'reps', 'self_sym_sizes': saved_sizes()}
    output_format = "contiguous"

    @staticmethod
    def forward(ctx, xp, a, reps):
        ctx.reps = reps
        return xp.tile(a, reps)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        lead = len(ctx.reps) - len(shape)
        full = (1,) * lead + tuple(shape)
        split = []
        for rep, size in zip(ctx.reps, full):
            split.extend((rep, size))
        summed = P.sum(P.reshape(grad, tuple(split)), tuple(range(0, 2 * len(full), 2)))
        return P.reshape(summed, shape)


class TrilBackward0(Op):
    __slots__ = ("diagonal",)
    saved_scalars = {"diagonal": saved_int("diagonal")}

    @staticmethod
    def forward(ctx, xp, a, diagonal):
        ctx.diagonal = diagonal
        return xp.tril(a, diagonal)

    @staticmethod
    def backward(ctx, P, grad):
        return P.tril(grad, ctx.diagonal)


class TriuBackward0(Op):
    __slots__ = ("diagonal",)
    saved_scalars = {"diagonal": saved_int("diagonal")}

    @staticmethod
    def forward(ctx, xp, a, diagonal):
        ctx.diagonal = diagonal
        return xp.triu(a, diagonal)

    @staticmethod
    def backward(ctx, P, grad):
        return P.triu(grad, ctx.diagonal)


def _writeable_diagonal(xp, a, offset, dim1, dim2):
    """``xp.diagonal`` as a view that in-place ops write through, as PyTorch's (NumPy's diagonal is read-only):
    the other dims in order, then the diagonal, whose stride steps along both dims at once."""
    dim1, dim2 = dim1 % a.ndim, dim2 % a.ndim
    start = [slice(None)] * a.ndim
    start[dim2 if offset >= 0 else dim1] = slice(abs(offset), None)
    a = a[tuple(start)]
    length = min(a.shape[dim1], a.shape[dim2])
    others = [d for d in range(a.ndim) if d not in (dim1, dim2)]
    shape = tuple(a.shape[d] for d in others) + (length,)
    strides = tuple(a.strides[d] for d in others) + (a.strides[dim1] + a.strides[dim2],)
    return xp.lib.stride_tricks.as_strided(a, shape=shape, strides=strides)


class DiagonalBackward0(Op):
    """A diagonal (a view); its gradient is embedded back on that diagonal."""

    __slots__ = ("offset", "dim1", "dim2")
    saved_scalars = {"dim1": saved_int("dim1"), "dim2": saved_int("dim2"), "offset": saved_int("offset"),
                     "self_sym_sizes": saved_sizes()}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return _writeable_diagonal(xp, a, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        return P.diag_embed(grad, ctx.offset, ctx.dim1, ctx.dim2, shape)


class DiagEmbedBackward0(Op):
    """Place the last dim of the input on a diagonal of a new pair of dims (zeros elsewhere)."""

    __slots__ = ("offset", "dim1", "dim2")
    saved_scalars = {"dim1": saved_int("dim1"), "dim2": saved_int("dim2"), "offset": saved_int("offset")}

    @staticmethod
    def forward(ctx, xp, a, offset, dim1, dim2, shape):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return embed_diagonal(xp, a, offset, dim1, dim2, shape)

    @staticmethod
    def backward(ctx, P, grad):
        return P.diagonal(grad, ctx.offset, ctx.dim1, ctx.dim2)


def embed_diagonal(xp, values, offset, dim1, dim2, shape):
    """Zeros of ``shape`` with ``values`` (diagonal as the last dim) on the ``offset`` diagonal of
    (dim1, dim2): the inverse of ``xp.diagonal``."""
    out = xp.zeros(shape, dtype=values.dtype)
    length = values.shape[-1]
    rows = xp.arange(length) + max(-offset, 0)
    cols = xp.arange(length) + max(offset, 0)
    # Move dim1, dim2 to the end so the diagonal can be written with advanced indexing.
    moved = xp.moveaxis(out, (dim1, dim2), (-2, -1))
    moved[..., rows, cols] = values
    return out


def _diagonal_shape(values_shape, offset, dim1, dim2):
    length = values_shape[-1] + abs(offset)
    batch = list(values_shape[:-1])
    ndim = len(batch) + 2
    dims = sorted((dim1 % ndim, dim2 % ndim))
    for dim in dims:
        batch.insert(dim, length)
    return tuple(batch)


def flip(input, dims):
    """Reverse the order of elements along ``dims``.

    >>> import gradlib
    >>> gradlib.flip(gradlib.arange(4), [0])
    tensor([3, 2, 1, 0])
    """
    require_tensor("flip", input)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    axes = tuple(normalize_dim(d, input.ndim) for d in dims)
    if len(set(axes)) != len(axes):
        repeated = next(d for d in axes if axes.count(d) > 1)
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    return FlipBackward0.apply(input, axes if input.ndim else ())  # a 0-d tensor takes dim 0/-1 and stays 0-d


def roll(input, shifts, dims=None):
    """Shift elements cyclically along ``dims`` (the flattened tensor when None).

    >>> import gradlib
    >>> gradlib.roll(gradlib.arange(4), 1)
    tensor([3, 0, 1, 2])
    """
    require_tensor("roll", input)
    shift_count = 1 if isinstance(shifts, int) else len(tuple(shifts))
    dim_count = 0 if dims is None else 1 if isinstance(dims, int) else len(tuple(dims))
    if shift_count == 0:
        raise RuntimeError("`shifts` required")
    if dims is None and shift_count == 1 and not isinstance(shifts, int):
        shifts = tuple(shifts)[0]
    if (dims is None and shift_count != 1) or (dims is not None and shift_count != dim_count):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {shift_count}, dims:{dim_count}")
    if dims is None:
        return RollBackward0.apply(input, shifts, None)  # the flattened tensor, rolled and shaped back
    if input.ndim == 0:
        given = dims if isinstance(dims, int) else tuple(dims)[0]
        raise IndexError(f"Dimension specified as {given} but tensor has no dimensions")
    if isinstance(dims, int):
        return RollBackward0.apply(input, shifts, normalize_dim(dims, input.ndim))
    return RollBackward0.apply(input, tuple(shifts), tuple(normalize_dim(d, input.ndim) for d in dims))


def repeat(input, *sizes):
    """Tile the tensor ``sizes`` times along each dim (PyTorch's ``Tensor.repeat``).

    >>> import gradlib
    >>> gradlib.tensor([1, 2]).repeat(2, 2)
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    """
    require_tensor("repeat", input)
    sizes = shape.int_sizes(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    lead = len(sizes) - input.ndim
    target = [size * (input.shape[index - lead] if index >= lead else 1) for index, size in enumerate(sizes)]
    if any(size < 0 for size in target):
        negative = next(size for size in target if size < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative}: {target}")
    return RepeatBackward0.apply(input, sizes)


def tile(input, dims):
    """Like ``repeat``, padding ``dims`` with ones on the left when it is shorter than the tensor's dims.

    >>> import gradlib
    >>> gradlib.tile(gradlib.tensor([[1, 2]]), (2,))
    tensor([[1, 2, 1, 2]])
    """
    require_tensor("tile", input)
    dims = tuple(dims)
    if len(dims) < input.ndim:
        dims = (1,) * (input.ndim - len(dims)) + dims
    return repeat(input, *dims)


def _check_matrix(name, input):
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def tril(input, diagonal=0):
    """The lower triangle of the last two dims (zeros above ``diagonal``).

    >>> import gradlib
    >>> gradlib.tril(gradlib.ones(2, 2))
    tensor([[1., 0.],
            [1., 1.]])
    """
    require_tensor("tril", input)
    _check_matrix("tril", input)
    return TrilBackward0.apply(input, diagonal)


def triu(input, diagonal=0):
    """The upper triangle of the last two dims.

    >>> import gradlib
    >>> gradlib.triu(gradlib.ones(2, 2))
    tensor([[1., 1.],
            [0., 1.]])
    """
    require_tensor("triu", input)
    _check_matrix("triu", input)
    return TriuBackward0.apply(input, diagonal)


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The ``offset`` diagonal of dims (dim1, dim2), as the last dim of the result.

    >>> import gradlib
    >>> gradlib.diagonal(gradlib.arange(9).reshape(3, 3))
    tensor([0, 4, 8])
    """
    require_tensor("diagonal", input)
    ndim = input.ndim
    axis1, axis2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
    if axis1 == axis2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return DiagonalBackward0.apply(input, offset, axis1, axis2)


def diag_embed(input, offset=0, dim1=-2, dim2=-1, shape=None):
    """Tensors whose (dim1, dim2) ``offset`` diagonals are the last dim of ``input``.

    >>> import gradlib
    >>> gradlib.diag_embed(gradlib.tensor([1., 2.]))
    tensor([[1., 0.],
            [0., 2.]])
    """
    require_tensor("diag_embed", input)
    ndim = input.ndim + 1
    axis1, axis2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
    if shape is None:
        shape = _diagonal_shape(tuple(input.shape), offset, axis1, axis2)
    return DiagEmbedBackward0.apply(input, offset, axis1, axis2, tuple(shape))


class RepeatInterleaveIndex(Op):
    """``repeat_interleave(repeats)``: position ``i`` repeated ``repeats[i]`` times. Without ``output_size`` the
    total and the smallest count are read on the host, in one transfer (PyTorch reads ``cumsum[-1].item()`` and
    ``(repeats >= 0).all().item()``); with it, nothing is read and the indices are made on the device."""

    __slots__ = ()
    differentiable = False
    capture_check = staticmethod(lambda arrays: "repeat_interleave without output_size")

    @staticmethod
    def forward(ctx, xp, repeats, output_size):
        ends = xp.cumsum(repeats)
        if output_size is None:
            output_size = 0
            if repeats.shape[0]:
                lowest, output_size = xp.stack((repeats.min(), ends[-1])).tolist()  # one read of both
                if lowest < 0:
                    raise RuntimeError("repeats can not be negative")
        positions = xp.arange(output_size, dtype=ends.dtype)
        return xp.searchsorted(ends, positions, side="right").astype(repeats.dtype)


_REPEAT_INTERLEAVE_SIGNATURES = (
    " * (Tensor input, Tensor repeats, int dim = None, *, int output_size = None)\n"
    " * (Tensor repeats, *, int output_size = None)\n"
    " * (Tensor input, int repeats, int dim = None, *, int output_size = None)\n")


def _repeat_index(repeats, output_size, kernel_of):
    if repeats.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    if repeats.dtype.scalar_type not in ("Int", "Long"):
        raise NotImplementedError(f'"repeat_interleave_{kernel_device(kernel_of)}" not implemented for '
                                  f"'{repeats.dtype.scalar_type}'")
    return RepeatInterleaveIndex.apply(repeats, output_size)


@numpy_names
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeat each element (or each slice along ``dim``) ``repeats`` times in place of the next one, as
    ``torch.repeat_interleave`` (``numpy.repeat``; not ``Tensor.repeat``, which tiles the whole tensor).

    ``repeats``: a Python int, or an int32/int64 tensor with one count per slice (or one count, 0-d or of size 1,
    for all). ``dim=None`` works on the flattened input and returns a 1-D tensor. ``repeat_interleave(repeats)``
    alone returns each position ``i`` repeated ``repeats[i]`` times (``repeats``' dtype). The output has the input's
    shape but for ``dim``, of size ``sum(repeats)``. A counts tensor is read on the host for the output's size
    (PyTorch waits for the device too) unless ``output_size`` says it; that size is then trusted, unchecked.
    The gradient sums each group of copies: an int count expands a view (``ViewBackward0`` of a clone), a
    counts tensor selects with ``index_select`` (``IndexSelectBackward0``), as PyTorch composes it.

    Raises RuntimeError for a negative count ("Repeats must be non-negative" for an int, "repeats can not be
    negative" for a tensor), for counts of a size other than the input's along ``dim`` or not 0-/1-D,
    NotImplementedError for counts of another dtype, IndexError for a ``dim`` out of range, TypeError for a
    count that is neither an int nor a tensor.

    >>> import gradlib
    >>> gradlib.tensor([1, 2, 3]).repeat_interleave(2)
    tensor([1, 1, 2, 2, 3, 3])
    >>> y = gradlib.tensor([[1, 2], [3, 4]])
    >>> gradlib.repeat_interleave(y, 3, dim=1)
    tensor([[1, 1, 1, 2, 2, 2],
            [3, 3, 3, 4, 4, 4]])
    >>> gradlib.repeat_interleave(y, gradlib.tensor([1, 2]), dim=0)
    tensor([[1, 2],
            [3, 4],
            [3, 4]])
    >>> gradlib.repeat_interleave(gradlib.tensor([1, 0, 2]))
    tensor([0, 2, 2])
    """
    if repeats is None:
        require_tensor("repeat_interleave", input, "repeats")
        return _repeat_index(input, output_size, input)
    require_tensor("repeat_interleave", input)
    is_count = not isinstance(repeats, (bool, _tensor.Tensor)) and hasattr(type(repeats), "__index__")
    if not (is_count or isinstance(repeats, _tensor.Tensor)):
        raise TypeError("repeat_interleave() received an invalid combination of arguments - got (Tensor, "
                        f"{type(repeats).__name__}), but expected one of:\n" + _REPEAT_INTERLEAVE_SIGNATURES)
    axis = normalize_dim(0 if dim is None else dim, input.ndim)
    flat = shape.flatten(input) if dim is None else input
    if is_count:
        repeats = repeats.__index__()
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
        sizes = list(flat.shape)
        expanded = shape.expand(shape.unsqueeze(flat, axis + 1), *(sizes[:axis + 1] + [repeats] + sizes[axis + 1:]))
        return shape.flatten(shape.clone(expanded), axis, axis + 1)
    if repeats.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    if repeats.ndim == 0 or repeats.shape[0] == 1:
        repeats = shape.expand(shape.reshape(repeats, (1,)), flat.shape[axis])
    elif repeats.shape[0] != flat.shape[axis]:
        raise RuntimeError("repeats must have the same size as input along dim, but got repeats.size(0) = "
                           f"{repeats.shape[0]} and input.size({axis}) = {flat.shape[axis]}")
    index = _repeat_index(repeats, output_size, input)
    return gather_scatter.index_select(flat, axis, index)
