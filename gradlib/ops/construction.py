"""Building tensors from others: diag, diagflat, tril_indices, triu_indices, block_diag, cartesian_prod,
combinations, broadcast_tensors, broadcast_shapes, hstack, vstack, row_stack, column_stack, dstack,
atleast_1d/2d/3d, fliplr, flipud, rot90, take. Compositions of gradlib's differentiable ops (index arrays that
depend only on sizes are made on the host side of the size arithmetic, never from data)."""
import itertools
import math

from .. import _creation, _tensor, dtypes
from . import gather_scatter, grids, indexing, join, rearrange, shape
from ._dims import normalize_dim
from ._op import Op, check_argument_devices, saved_sizes

__all__ = ["diag", "diagflat", "tril_indices", "triu_indices", "block_diag", "cartesian_prod", "combinations",
           "broadcast_tensors", "broadcast_shapes", "hstack", "vstack", "row_stack", "column_stack", "dstack",
           "atleast_1d", "atleast_2d", "atleast_3d", "fliplr", "flipud", "rot90", "take"]


def diag(input, diagonal=0):
    """A 1-D input on the ``diagonal`` of a square matrix, or a 2-D input's ``diagonal`` (``torch.diag``).

    >>> import gradlib
    >>> gradlib.diag(gradlib.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    """
    if input.ndim == 1:
        return rearrange.diag_embed(input, diagonal)
    if input.ndim == 2:
        return DiagonalCopy.apply(input, diagonal, 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")


class DiagonalCopy(rearrange.DiagonalBackward0):
    """``diag`` of a matrix: its diagonal as a new tensor (PyTorch's ``diagonal_copy``), not a view."""

    __slots__ = ()
    saved_scalars = {'dim1': 'dim1', 'dim2': 'dim2', 'offset': 'offset', 'self_sym_sizes': saved_sizes()}
    node_name = "DiagonalBackward0_copy"
    is_view = False

    @staticmethod
    def forward(ctx, xp, a, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return xp.diagonal(a, offset, dim1, dim2).copy()


def diagflat(input, offset=0):
    """The flattened input on the ``offset`` diagonal of a square matrix (``torch.diagflat``).

    >>> import gradlib
    >>> gradlib.diagflat(gradlib.tensor([[1, 2]]))
    tensor([[1, 0],
            [0, 2]])
    """
    return rearrange.diag_embed(shape.reshape(input, (-1,)), offset)


def _triangle_indices(row, col, offset, upper, dtype, device):
    name = "triu_indices" if upper else "tril_indices"
    for position, (argument, value) in enumerate((("row", row), ("col", col), ("offset", offset)), 1):
        if isinstance(value, bool) or not isinstance(value, int):  # PyTorch's argument parser
            raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be int, not "
                            f"{type(value).__name__}")
    for argument, value in (("row", row), ("col", col)):
        if value < 0:
            raise RuntimeError(f"{argument} must be non-negative, got{value}")
    if dtype is not None and dtypes.as_dtype(dtype) not in (dtypes.int32, dtypes.int64):  # index types only
        suffix = "_cuda" if device is not None and "cuda" in str(device) else ""
        raise NotImplementedError(f'"{name}{suffix}" not implemented for \'{dtypes.as_dtype(dtype).scalar_type}\'')
    rows = []
    cols = []
    for i in range(row):
        for j in range(col):
            if (j - i >= offset) if upper else (j - i <= offset):
                rows.append(i)
                cols.append(j)
    return _creation.tensor([rows, cols], dtype=dtype or dtypes.int64, device=device).reshape(2, len(rows))


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, pin_memory=False,
                 requires_grad=False):
    """The (row, column) indices of the lower triangle of a ``row`` x ``col`` matrix, a 2 x N tensor
    (``torch.tril_indices``).

    >>> import gradlib
    >>> gradlib.tril_indices(3, 3)
    tensor([[0, 1, 1, 2, 2, 2],
            [0, 0, 1, 0, 1, 2]])
    """
    _creation._check_options(layout, pin_memory)
    out = _triangle_indices(row, col, offset, False, dtype, device)
    return out.requires_grad_() if requires_grad else out


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None, pin_memory=False,
                 requires_grad=False):
    """The (row, column) indices of the upper triangle (``torch.triu_indices``).

    >>> import gradlib
    >>> gradlib.triu_indices(2, 3)
    tensor([[0, 0, 0, 1, 1],
            [0, 1, 2, 1, 2]])
    """
    _creation._check_options(layout, pin_memory)
    out = _triangle_indices(row, col, offset, True, dtype, device)
    return out.requires_grad_() if requires_grad else out


def atleast_1d(*tensors):
    """Each tensor with at least 1 dim (``torch.atleast_1d``).

    >>> import gradlib
    >>> gradlib.atleast_1d(gradlib.tensor(1.))
    tensor([1.])
    """
    return _atleast(tensors, 1)


def atleast_2d(*tensors):
    """Each tensor with at least 2 dims (``torch.atleast_2d``): 0-d -> (1, 1), (n,) -> (1, n).

    >>> import gradlib
    >>> gradlib.atleast_2d(gradlib.tensor([1, 2])).shape
    gradlib.Size([1, 2])
    """
    return _atleast(tensors, 2)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dims (``torch.atleast_3d``): (n,) -> (1, n, 1), (m, n) -> (m, n, 1).

    >>> import gradlib
    >>> gradlib.atleast_3d(gradlib.ones(2, 3)).shape
    gradlib.Size([2, 3, 1])
    """
    return _atleast(tensors, 3)


def _atleast(tensors, ndim):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(_atleast_one(t, ndim) for t in tensors[0])
    if len(tensors) == 1:
        return _atleast_one(tensors[0], ndim)
    return tuple(_atleast_one(t, ndim) for t in tensors)


def _atleast_one(tensor, ndim):
    # PyTorch's steps (and so its grad_fn): a 0-d tensor is reshaped, others get unsqueezed
    if tensor.ndim >= ndim:
        return tensor
    if tensor.ndim == 0:
        return shape.reshape(tensor, (1,) * ndim)
    if ndim == 2:
        return shape.unsqueeze(tensor, 0)
    if tensor.ndim == 1:
        return shape.unsqueeze(shape.unsqueeze(tensor, 0), -1)
    return shape.unsqueeze(tensor, -1)


def hstack(tensors):
    """Join along dim 1 (dim 0 for 1-D tensors) (``torch.hstack``).

    >>> import gradlib
    >>> gradlib.hstack([gradlib.tensor([1, 2]), gradlib.tensor([3])])
    tensor([1, 2, 3])
    """
    tensors = atleast_1d(list(tensors))
    return join.cat(list(tensors), 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Join along dim 0 after making each at least 2-D (``torch.vstack``, ``torch.row_stack``).

    >>> import gradlib
    >>> gradlib.vstack([gradlib.tensor([1, 2]), gradlib.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    """
    return join.cat(list(atleast_2d(list(tensors))), 0)


row_stack = vstack


def dstack(tensors):
    """Join along dim 2 after making each at least 3-D (``torch.dstack``).

    >>> import gradlib
    >>> gradlib.dstack([gradlib.tensor([1, 2]), gradlib.tensor([3, 4])])
    tensor([[[1, 3],
             [2, 4]]])
    """
    return join.cat(list(atleast_3d(list(tensors))), 2)


def column_stack(tensors):
    """Columns side by side: 0-d and 1-D tensors become columns (``torch.column_stack``).

    >>> import gradlib
    >>> gradlib.column_stack([gradlib.tensor([1, 2]), gradlib.tensor([3, 4])])
    tensor([[1, 3],
            [2, 4]])
    """
    columns = [shape.reshape(t, (-1, 1)) if t.ndim <= 1 else t for t in tensors]
    return join.cat(columns, 1)


def broadcast_shapes(*shapes):
    """The shape the given shapes broadcast to (``torch.broadcast_shapes``); RuntimeError when they do not.

    >>> import gradlib
    >>> gradlib.broadcast_shapes((2, 1), (3,))
    gradlib.Size([2, 3])
    """
    shapes = [(s,) if isinstance(s, int) else s for s in shapes if s is not None]
    for given in shapes:
        if not isinstance(given, (tuple, list)):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a list of ints, got {given}")
    if not shapes:
        return _tensor.Size([])
    # PyTorch's _refs._broadcast_shapes: argument by argument, naming the first one that cannot broadcast
    common = [1] * max(len(given) for given in shapes)
    for index, given in enumerate(shapes):
        for dim in range(-1, -1 - len(given), -1):
            if given[dim] == common[dim]:
                continue
            if common[dim] == 1:
                if given[dim] < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[dim] = given[dim]
            if given[dim] != 1 and given[dim] != common[dim]:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {given[dim]} at {dim}! Mismatching "
                                   f"argument at index {index} had {given}; but expected shape should be "
                                   f"broadcastable to {common}")
    return _tensor.Size(common)


def broadcast_tensors(*tensors):
    """The tensors expanded to their common shape (views; ``torch.broadcast_tensors``).

    >>> import gradlib
    >>> a, b = gradlib.broadcast_tensors(gradlib.ones(2, 1), gradlib.zeros(3))
    >>> a.shape, b.shape
    (gradlib.Size([2, 3]), gradlib.Size([2, 3]))
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    target = ()
    for t in tensors:  # PyTorch's infer_size, tensor by tensor (its message, not broadcast_shapes')
        target = _infer_size(target, tuple(t.shape))
    return tuple(shape.expand(t, target) for t in tensors)


def _infer_size(a, b):
    """ATen's ``infer_size``: the broadcast of shapes ``a`` and ``b``, dims compared from the right; RuntimeError
    naming the first mismatching dim (counted in the result) otherwise."""
    ndim = max(len(a), len(b))
    result = [0] * ndim
    for i in range(ndim - 1, -1, -1):
        offset = ndim - 1 - i
        size_a = a[len(a) - 1 - offset] if len(a) - 1 - offset >= 0 else 1
        size_b = b[len(b) - 1 - offset] if len(b) - 1 - offset >= 0 else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            raise RuntimeError(f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) at "
                               f"non-singleton dimension {i}")
        result[i] = size_b if size_a == 1 else size_a
    return tuple(result)


def block_diag(*tensors):
    """The tensors (0-d, 1-D or 2-D) as blocks on the diagonal of a zero matrix (``torch.block_diag``).

    >>> import gradlib
    >>> gradlib.block_diag(gradlib.tensor([[1, 2]]), gradlib.tensor(3))
    tensor([[1, 2, 0],
            [0, 0, 3]])
    """
    for position, tensor in enumerate(tensors):
        if tensor.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input "
                               f"{position} has {tensor.ndim} dimensions")
    if not tensors:
        return _creation.zeros(1, 0)
    for position, tensor in enumerate(tensors):
        if tensor._device is not tensors[0]._device:
            raise RuntimeError(f"Input tensors must all be on the same device. Input 0 is on device "
                               f"{tensors[0].device} and input {position} is on device {tensor.device}.")
    result_dtype = tensors[0].dtype
    for tensor in tensors[1:]:
        result_dtype = dtypes.promote_types(result_dtype, tensor.dtype)
    return BlockDiagBackward0.apply(*tensors, result_dtype.np)


class BlockDiagBackward0(Op):
    """The blocks (a 0-d tensor as 1 x 1, a 1-D one as a row) on the diagonal of a zero matrix of their common
    dtype; each block's gradient is the incoming one at its place."""

    __slots__ = ("places",)

    @staticmethod
    def forward(ctx, xp, *arguments):
        *blocks, np_dtype = arguments
        sizes = [(block.shape[0] if block.ndim == 2 else 1, block.shape[-1] if block.ndim else 1) for block in blocks]
        out = xp.zeros((sum(h for h, _ in sizes), sum(w for _, w in sizes)), dtype=np_dtype)
        places = []
        row = column = 0
        for block, (height, width) in zip(blocks, sizes):
            out[row:row + height, column:column + width] = block.reshape(height, width)
            places.append((row, column, height, width))
            row += height
            column += width
        ctx.places = places
        return out

    @staticmethod
    def backward(ctx, P, grad):
        needs = ctx.needs_input_grad
        grads = []
        for index, (row, column, height, width) in enumerate(ctx.places):
            if needs[index]:
                block = grad[row:row + height, column:column + width]
                grads.append(P.reshape(block, ctx.input_shape(index)))
            else:
                grads.append(None)
        return tuple(grads)


def cartesian_prod(*tensors):
    """All combinations of one element from each 1-D tensor, one per row (``torch.cartesian_prod``).

    >>> import gradlib
    >>> gradlib.cartesian_prod(gradlib.tensor([1, 2]), gradlib.tensor([3, 4]))
    tensor([[1, 3],
            [1, 4],
            [2, 3],
            [2, 4]])
    """
    for tensor in tensors:
        if tensor.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(tensor.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grid_list = grids.meshgrid(*tensors, indexing="ij")
    return join.stack([shape.reshape(g, (-1,)) for g in grid_list], 1)


def combinations(input, r=2, with_replacement=False):
    """The ``r``-element combinations of a 1-D tensor's elements, one per row, in order
    (``torch.combinations``, itertools' order).

    >>> import gradlib
    >>> gradlib.combinations(gradlib.tensor([1, 2, 3]))
    tensor([[1, 2],
            [1, 3],
            [2, 3]])
    """
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    size = input.shape[0]
    chooser = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    picks = list(chooser(range(size), r))
    if r == 0:  # PyTorch: an empty vector outside the graph
        return _creation.zeros(0, dtype=input.dtype, device=input.device)
    index = _creation.tensor(picks, dtype=dtypes.int64, device=input.device).reshape(len(picks), r)
    return join.stack([gather_scatter.index_select(input, 0, index[:, column]) for column in range(r)], 1)


def fliplr(input):
    """Reverse the columns (dim 1) (``torch.fliplr``; at least 2-D).

    >>> import gradlib
    >>> gradlib.fliplr(gradlib.tensor([[1, 2], [3, 4]]))
    tensor([[2, 1],
            [4, 3]])
    """
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return rearrange.flip(input, (1,))


def flipud(input):
    """Reverse the rows (dim 0) (``torch.flipud``; at least 1-D).

    >>> import gradlib
    >>> gradlib.flipud(gradlib.tensor([[1, 2], [3, 4]]))
    tensor([[3, 4],
            [1, 2]])
    """
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return rearrange.flip(input, (0,))


def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second
    (``torch.rot90``).

    >>> import gradlib
    >>> gradlib.rot90(gradlib.arange(4).reshape(2, 2))
    tensor([[1, 3],
            [0, 2]])
    """
    dims = tuple(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == input.ndim:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    first, second = (normalize_dim(d, input.ndim) for d in dims)
    return Rot90Backward0.apply(input, k % 4, first, second)


def _rotated(flip, swapaxes, a, k, first, second):
    """``a`` turned ``k`` (0 to 3) quarter turns from ``first`` towards ``second``, in PyTorch's steps (``flip``
    copies on the forward path)."""
    if k == 0:
        return a
    if k == 1:
        return swapaxes(flip(a, (second,)), first, second)
    if k == 2:
        return flip(a, (first, second))
    return swapaxes(flip(a, (first,)), first, second)


class Rot90Backward0(Op):
    """``rot90``: a rotated copy (transposed strides for odd ``k``, as PyTorch's); the gradient turns back."""

    __slots__ = ("k", "dims")
    saved_scalars = {"dims": "dims", "k": "k"}

    @staticmethod
    def forward(ctx, xp, a, k, first, second):
        ctx.k, ctx.dims = k, (first, second)
        if k == 0:
            return a.copy()  # PyTorch: a contiguous clone
        return _rotated(lambda array, axes: xp.flip(array, axes).copy(), xp.swapaxes, a, k, first, second)

    @staticmethod
    def backward(ctx, P, grad):
        return _rotated(P.flip, P.swapaxes, grad, (4 - ctx.k) % 4, *ctx.dims)


def take(input, index):
    """The elements of the flattened ``input`` at ``index`` (in ``index``'s shape; negative indices count from the
    end) (``torch.take``). IndexError for an index out of range (on a GPU at the next synchronization).

    >>> import gradlib
    >>> gradlib.take(gradlib.tensor([[1, 2], [3, 4]]), gradlib.tensor([[0, 3]]))
    tensor([[1, 4]])
    """
    check_argument_devices("take", ("self", input), ("index", index))
    if index.dtype is not dtypes.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {index.dtype.scalar_type}")
    count = input.numel()
    if not count and index.numel():
        raise IndexError("take(): tried to take from an empty tensor")
    positions = index._array
    backend = input._device._backend
    backend.check_bounds(positions, -count, count, "take(): index",
                         lambda: IndexError(f"out of range: tried to access index "
                                            f"{indexing.first_outside(positions, -count, count)} on a tensor "
                                            f"of {count} elements."))
    with backend.guard(input._device):
        wrapped = positions % max(count, 1)  # negative indices count from the end
    return TakeBackward0.apply(input, wrapped)


class TakeBackward0(Op):
    """``take``: the flattened input at ``positions`` (in their shape); the gradient adds back there."""

    __slots__ = ("positions",)

    @staticmethod
    def forward(ctx, xp, a, positions):
        ctx.positions = positions
        return a.reshape(-1)[positions]

    @staticmethod
    def backward(ctx, P, grad):
        shape_ = ctx.input_shape(0)
        flat = P.index_add((math.prod(shape_),), (ctx.positions,), grad, True)
        return P.reshape(flat, shape_)
