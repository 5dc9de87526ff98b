"""Writing a source tensor into a tensor at positions: ``index_copy`` (whole slices along a dim), ``index_reduce``
(slices reduced into place with prod/mean/amax/amin), ``put`` (flat positions, optionally accumulating) and
``masked_scatter`` (the source's elements in order, where a mask holds). Their in-place forms (``index_copy_``,
``put_``, ...) are in ``gradlib/_tensor_methods_plumb.py``.

Positions are checked as PyTorch does (on a GPU the range checks are deferred to the next synchronization, see
``Backend.check_bounds``); nothing reads device data on the host.
"""
import warnings

from .._numpy_names import numpy_names
from .. import backends, dtypes
from ..backends import device_guard
from . import _dims, complex_support, shape as _shape
from ._args import require_tensor
from ._broadcast import broadcast_shapes
from ._op import Op, check_argument_devices, saved_sizes
from .gather_scatter import _check_range, check_index_arguments as _check_index_arguments
from .indexing import first_outside
from .scatter_reduce import ScatterReduceBackward0
from ..autograd.graph import keep_edges

__all__ = ["index_copy", "index_reduce", "put", "masked_scatter"]


class IndexCopyBackward0(Op):
    """``index_copy``: the source's slices replace the input's at ``index`` along a dim; the input's gradient is
    zero there, the source's is the incoming gradient read back at the same slices."""

    __slots__ = ("index",)

    @staticmethod
    def forward(ctx, xp, a, source, index):
        ctx.index = index
        out = a.copy()
        out[index] = source
        kept = xp.ones(a.shape, dtype=bool)
        kept[index] = False
        ctx.save_for_backward(kept)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (kept,) = P.saved(ctx)
        grad_a = P.where(kept, grad, 0.0) if ctx.needs_input_grad[0] else None
        grad_source = grad[ctx.index] if ctx.needs_input_grad[1] else None
        return grad_a, grad_source


class IndexReduceBackward0(ScatterReduceBackward0):
    """``index_reduce``: ``scatter_reduce`` of whole slices (the same forward and PyTorch's same gradients)."""

    node_name = "IndexReduceBackward0"
    __slots__ = ()
    saved_scalars = {'include_self': 'include_self', 'reduce': 'reduce'}


class PutBackward0(Op):
    """``put``: the source's elements written (or added) at flat positions of the input."""

    __slots__ = ("positions", "accumulate")
    saved_scalars = {'accumulate': 'accumulate'}

    @staticmethod
    def forward(ctx, xp, a, source, positions, accumulate):
        ctx.positions, ctx.accumulate = positions, accumulate
        out = a.copy()
        flat = out.reshape(-1)
        values = source.reshape(-1)
        if accumulate:
            backends.backend_of_array(out).scatter_add(flat, (positions,), values)
        else:
            flat[positions] = values
            kept = xp.ones(a.size, dtype=bool)
            kept[positions] = False
            ctx.save_for_backward(kept.reshape(a.shape))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        grad_a = grad
        if not ctx.accumulate and ctx.needs_input_grad[0]:
            (kept,) = P.saved(ctx)
            grad_a = P.where(kept, grad, 0.0)
        grad_source = None
        if ctx.needs_input_grad[1]:
            grad_source = P.reshape(P.reshape(grad, (-1,))[ctx.positions], ctx.input_shape(1))
        return grad_a, grad_source


class MaskedScatterBackward0(Op):
    """``masked_scatter``: where the mask holds, the source's elements in row-major order. The input's gradient
    is zero there; the source's gets the gradient at the masked places in the same order (zero elsewhere)."""

    __slots__ = ("shape", "slot")
    saved_scalars = {'source_sym_sizes': saved_sizes(1)}
    saved_names = ('mask',)
    public_edges = keep_edges(0, 1)  # the mask gets no edge

    @staticmethod
    def forward(ctx, xp, a, source, mask):
        shape = broadcast_shapes(a.shape, mask.shape)
        mask = xp.broadcast_to(mask, shape)
        flat_mask = mask.reshape(-1)
        slot = xp.cumsum(flat_mask, dtype=xp.int64) - 1  # the source element each masked place reads
        count = source.size
        slot = xp.clip(slot, 0, max(count - 1, 0))
        ctx.shape = shape
        ctx.slot = slot  # an index array (read on both paths as an index, never differentiated)
        ctx.save_for_backward(mask)
        if not count:
            return xp.broadcast_to(a, shape).copy()
        taken = source.reshape(-1)[slot].reshape(shape)
        return xp.where(mask, taken, a)

    @staticmethod
    def backward(ctx, P, grad):
        (mask,) = P.saved(ctx)
        grad_a = P.where(mask, 0.0, grad) if ctx.needs_input_grad[0] else None
        grad_source = None
        if ctx.needs_input_grad[1]:
            source_shape = ctx.input_shape(1)
            count = 1
            for size in source_shape:
                count *= size
            if count:
                picked = P.reshape(P.where(mask, grad, 0.0), (-1,))
                grad_source = P.reshape(P.index_add((count,), (ctx.slot,), picked, True),
                                        source_shape)
            else:  # nothing was read from an empty source
                grad_source = P.reshape(P.reshape(grad, (-1,))[0:0], source_shape)
        return grad_a, grad_source


def _slice_index(xp, input, axis, index, like_device):
    """The advanced index of the slices ``index`` names along ``axis``: one array per dim, broadcasting to the
    source's shape."""
    parts = []
    with device_guard(like_device):
        for d in range(input.ndim):
            shape = [1] * input.ndim
            if d == axis:
                shape[d] = index.size
                parts.append(index.reshape(shape))
            else:
                shape[d] = input.shape[d]
                parts.append(xp.arange(input.shape[d]).reshape(shape))
    return tuple(parts)


@numpy_names
def index_copy(input, dim, index, source):
    """``input`` with the slices of ``source`` copied to the entries ``index`` (int64, 0-D or 1-D) of ``dim``, as
    ``torch.index_copy``. ``source`` has ``input``'s shape except along ``dim``, where it has one slice per
    index, and ``input``'s dtype. Raises IndexError for an index out of range (negative indices included), more
    than one index dim or a count of indices unlike ``source``'s size along ``dim``; RuntimeError for a
    non-int64 index, a dtype mismatch or slice shapes that differ (PyTorch's messages). Differentiable in
    ``input`` (zero at the copied slices) and ``source``.

    >>> import gradlib
    >>> gradlib.zeros(3, 2).index_copy(0, gradlib.tensor([2, 0]), gradlib.tensor([[1., 2.], [3., 4.]]))
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
    """
    require_tensor("index_copy", input)
    require_tensor("index_copy", index, "index", 3)
    require_tensor("index_copy", source, "source", 4)
    check_argument_devices("index_copy_", ("self", input), ("index", index), ("source", source))
    axis = _dims.normalize_dim(dim, max(input.ndim, 1))
    if input.ndim and source.ndim and input.ndim != source.ndim:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({source.ndim}), destination dimensionality ({input.ndim})")
    _check_slice_shapes(input, axis, source)
    if index.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index.ndim})")
    count = index.numel()
    source_size = source.shape[axis] if source.ndim > axis else 1
    if source.ndim and count != source_size:
        raise IndexError(f"index_copy_(): Number of indices ({count}) should be equal to source.size(dim) "
                         f"({source_size})")
    if index.dtype is not dtypes.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {index.dtype.scalar_type}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{input.dtype.scalar_type} and (source) {source.dtype.scalar_type}")
    size = input.shape[axis] if input.ndim else 1
    _check_range(input, index._array, size, f"index_copy(): index along dimension {axis}",
                 lambda value: IndexError(f"index_copy_(): index {value} is out of bounds for dimension {axis} "
                                          f"with size {size}"))
    xp = input._device._backend.xp
    if not input.ndim:  # its one element is the one slice
        return IndexCopyBackward0.apply(input, _shape.reshape(source, ()), ())
    shape = tuple(count if d == axis else n for d, n in enumerate(input.shape))
    if tuple(source.shape) != shape:  # a 0-d source or index: one slice
        source = _shape.reshape(source, shape)
    positions = _slice_index(xp, source, axis, index._array.reshape(-1), input._device)
    return IndexCopyBackward0.apply(input, source, positions)


def _check_slice_shapes(input, axis, source):
    """PyTorch's comparison of the slices of ``input`` and ``source`` (their shapes without ``axis``)."""
    mine = [n for d, n in enumerate(input.shape) if d != axis]
    theirs = [n for d, n in enumerate(source.shape) if d != axis]
    if mine != theirs:
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                           f"slice shape: {_sizes_text(mine)} at dimension {axis} and source slice shape: "
                           f"{_sizes_text(theirs)} at dimension 0.")


def _sizes_text(sizes):
    return " ".join(str(n) for n in sizes)


_INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


@numpy_names
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """``input`` with the slices of ``source`` reduced into the entries ``index`` of ``dim`` with ``reduce``
    ('prod', 'mean', 'amax' or 'amin'), as ``torch.index_reduce`` (in beta in PyTorch, which warns once: so does
    gradlib). With ``include_self`` the original values take part, else a position receiving slices forgets
    them. Integer 'mean' rounds down. Raises RuntimeError for another ``reduce``, a non-integer index, dtypes
    that differ, a count of indices unlike ``source``'s size along ``dim`` or slice shapes that differ;
    IndexError for a multi-dim index or an index out of range. The gradients are PyTorch's (amax/amin share it
    evenly among ties; prod exact at zeros).

    >>> import gradlib
    >>> x = gradlib.ones(3, 2)
    >>> x.index_reduce(0, gradlib.tensor([0, 2, 0]), gradlib.tensor([[2., 3.], [4., 5.], [6., 7.]]), 'prod')
    tensor([[12., 21.],
            [ 1.,  1.],
            [ 4.,  5.]])
    """
    require_tensor("index_reduce", input)
    require_tensor("index_reduce", index, "index", 3)
    require_tensor("index_reduce", source, "source", 4)
    warnings.warn("index_reduce() is in beta and the API may change at any time.", UserWarning, stacklevel=2)
    if reduce not in _INDEX_REDUCTIONS:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
                           f"{reduce}.")
    check_argument_devices("index_reduce_", ("self", input), ("index", index), ("source", source))
    axis = _dims.normalize_dim(dim, max(input.ndim, 1))
    _check_index_arguments("index_reduce_", input, axis, index, source)
    _refuse_complex_kernels(input, reduce, include_self)  # the forward's kernel refuses before autograd does
    complex_support.check("index_reduce", input, source)
    size = input.shape[axis] if input.ndim else 1
    _check_range(input, index._array, size, f"index_reduce(): index along dimension {axis}",
                 lambda value: IndexError("index out of range in self"))
    xp = input._device._backend.xp
    count = index.numel()
    target = input if input.ndim else _shape.reshape(input, (1,))
    shape = tuple(count if d == axis else n for d, n in enumerate(target.shape))
    if tuple(source.shape) != shape:
        source = _shape.reshape(source, shape)
    with device_guard(input._device):  # the int64 copy of an int32 index is made on the input's GPU
        flat_index = index._array.reshape(-1).astype(xp.int64)
    positions = _slice_index(xp, source, axis, flat_index, input._device)
    with device_guard(input._device):
        positions = tuple(xp.broadcast_to(p, source.shape) for p in positions)
    out = IndexReduceBackward0.apply(target, source, positions, reduce, bool(include_self))
    return out if input.ndim else _shape.reshape(out, ())


def _refuse_complex_kernels(input, reduce, include_self):
    """PyTorch's index_reduce kernels have no complex version for positions that forget ``self`` nor for
    amax/amin (its maximum/minimum kernels)."""
    if not input.dtype.is_complex:
        return
    if not include_self:
        raise NotImplementedError(f"\"index_reduce_func_exclude_input_init\" not implemented for "
                                  f"'{input.dtype.scalar_type}'")
    if reduce in ("amax", "amin"):
        kernel = "maximum" if reduce == "amax" else "minimum"
        raise NotImplementedError(f"\"{kernel}_{input._device.type}\" not implemented for '{input.dtype.scalar_type}'")


def put(input, index, source, accumulate=False):
    """``input`` with the elements of ``source`` written at the flat (row-major) positions ``index`` (int64, any
    shape; negative counts from the end), as ``torch.put``; with ``accumulate`` they are added (repeats add up).
    Raises IndexError for a position out of range or element counts of ``index`` and ``source`` that differ,
    RuntimeError for a non-int64 index or a ``source`` of another dtype (PyTorch's messages).

    >>> import gradlib
    >>> gradlib.zeros(2, 2).put(gradlib.tensor([3, 0, 3]), gradlib.tensor([1., 2., 3.]), accumulate=True)
    tensor([[2., 0.],
            [0., 4.]])
    """
    require_tensor("put", input)
    require_tensor("put", index, "index", 2)
    require_tensor("put", source, "source", 3)
    check_argument_devices("put_", ("self", input), ("index", index), ("source", source))
    if index.dtype is not dtypes.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got {index.dtype.scalar_type}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{input.dtype.scalar_type} and source.dtype = {source.dtype.scalar_type}")
    if index.numel() != source.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source.numel()}, index.numel() = {index.numel()}")
    size = input.numel()
    if not size and index.numel():
        raise IndexError("put_(): Tried to put elements into an empty tensor")
    backend = input._device._backend
    xp = backend.xp
    flat = index._array.reshape(-1)
    backend.check_bounds(flat, -size, size, "put_(): index",
                         lambda: _put_range_error(flat, size))
    with device_guard(input._device):
        positions = xp.where(flat < 0, flat + size, flat)
    return PutBackward0.apply(input, source, positions, bool(accumulate))


def _put_range_error(flat, size):
    value = first_outside(flat, -size, size)
    return IndexError(f"out of range: tried to access index {value} on a tensor of {size} elements.")


def masked_scatter(input, mask, source):
    """``input`` with the elements of ``source``, in row-major order, copied to the places where the bool
    ``mask`` holds (``input`` and ``mask`` broadcast together), as ``torch.masked_scatter``. Raises RuntimeError
    for a mask that is not bool, a ``source`` of another dtype, or fewer source elements than places to fill (on
    a GPU at the next synchronization). Differentiable in ``input`` (zero where the mask holds) and ``source``
    (the gradient of the places each element went to, zero for elements not used).

    >>> import gradlib
    >>> gradlib.zeros(4).masked_scatter(gradlib.tensor([True, False, True, False]), gradlib.tensor([1., 2.]))
    tensor([1., 0., 2., 0.])
    """
    require_tensor("masked_scatter", input)
    require_tensor("masked_scatter", mask, "mask", 2)
    require_tensor("masked_scatter", source, "source", 3)
    check_argument_devices("masked_scatter_", ("self", input), ("mask", mask), ("source", source))
    if mask.dtype is not dtypes.bool:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype.scalar_type}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{input.dtype.scalar_type} and {source.dtype.scalar_type}")
    broadcast_shapes(input.shape, mask.shape)
    backend = input._device._backend
    with device_guard(input._device):
        failed = mask._array.sum() > source.numel()
    backend.check(failed, lambda: RuntimeError("Number of elements of source < number of ones in mask"),
                  RuntimeError("masked_scatter: Number of elements of source < number of ones in mask; PyTorch's "
                               "CUDA kernel stops here with 'device-side assert triggered'"))
    return MaskedScatterBackward0.apply(input, source, mask)
