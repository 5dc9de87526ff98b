"""Ordering by value: sort, argsort, msort, topk, kthvalue, median, unique, nonzero (and one-argument where).

The value-selecting ops (sort, topk, kthvalue, median over a dim) pick elements of the input at indices along a
dim; their gradient goes back to those positions (PyTorch's ``value_selecting_reduction_backward``), written with
the differentiable ``index_add`` primitive so it has a second derivative too. NaN sorts as the largest value, as
in PyTorch. unique and nonzero return as many elements as the data says: they wait for the device, as PyTorch's
do.
"""
from .._numpy_names import numpy_names
from .. import dtypes
from .. import return_types
from ._dims import normalize_dim
from ._op import Op, saved_sizes
from . import complex_support

__all__ = ["sort", "argsort", "msort", "topk", "kthvalue", "median", "nanmedian", "unique", "unique_consecutive",
           "nonzero", "argwhere", "where_nonzero"]


def _argsort(xp, a, axis, descending):
    """Stable argsort along ``axis`` (NaN last ascending, first descending); ties keep their order both ways."""
    if not descending:
        return xp.argsort(a, axis=axis, kind="stable")
    # Sorting the reversed array and reversing the result orders ties by their reversed position; mapping the
    # positions back restores ascending original order among ties.
    order = xp.flip(xp.argsort(xp.flip(a, axis), axis=axis, kind="stable"), axis)
    return (a.shape[axis] - 1) - order


def _along_axis(xp, indices, axis):
    """The advanced index that addresses ``indices`` along ``axis`` and every position of the other dims."""
    parts = []
    for d, size in enumerate(indices.shape):
        if d == axis:
            parts.append(indices)
        else:
            shape = [1] * indices.ndim
            shape[d] = size
            parts.append(xp.arange(size).reshape(shape))
    return tuple(parts)


class _ValueSelecting(Op):
    """Values taken from the input at integer positions along an axis; the gradient goes back to them."""

    __slots__ = ("index", "work_shape", "grad_shape")
    nondiff_outputs = (1,)

    def _take(ctx, xp, a, axis, indices, keepdim, shape):
        """Values of ``a`` (at least 1-d) at ``indices`` (keepdim form) along ``axis``, reshaped to ``shape``
        with the indices; remembers what backward needs."""
        values = xp.take_along_axis(a, indices, axis=axis)
        ctx.index = _along_axis(xp, indices, axis)
        ctx.work_shape = a.shape
        ctx.grad_shape = indices.shape
        return values.reshape(shape), indices.reshape(shape).astype(xp.int64)

    @staticmethod
    def backward(ctx, P, grad):
        grad = P.reshape(grad, ctx.grad_shape)
        out = P.index_add(ctx.work_shape, ctx.index, grad, True)
        return P.reshape(out, ctx.input_shape(0))


def _work(a, axis):
    """A 0-d input is sorted as one element along dim 0."""
    return a.reshape(1) if a.ndim == 0 else a


class SortBackward0(_ValueSelecting):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}
    output_format = "preserve"

    @staticmethod
    def forward(ctx, xp, a, axis, descending):
        work = _work(a, axis)
        indices = _argsort(xp, work, axis, descending)
        return _ValueSelecting._take(ctx, xp, work, axis, indices, True, a.shape)


class SortBackward1(SortBackward0):
    """``sort(stable=...)``: PyTorch's node for the overload with ``stable`` (gradlib's sort is always stable)."""

    __slots__ = ()


class Argsort(Op):
    __slots__ = ()
    differentiable = False

    @staticmethod
    def forward(ctx, xp, a, axis, descending):
        return _argsort(xp, _work(a, axis), axis, descending).reshape(a.shape).astype(xp.int64)


class TopkBackward0(_ValueSelecting):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, k, axis, largest):
        work = _work(a, axis)
        indices = _argsort(xp, work, axis, largest)
        indices = xp.take(indices, xp.arange(k), axis=axis)
        shape = list(work.shape)
        shape[axis] = k
        return _ValueSelecting._take(ctx, xp, work, axis, indices, True, a.shape if a.ndim == 0 else tuple(shape))


class KthvalueBackward0(_ValueSelecting):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, k, axis, keepdim):
        work = _work(a, axis)
        indices = xp.take(_argsort(xp, work, axis, False), xp.arange(k - 1, k), axis=axis)
        return _ValueSelecting._take(ctx, xp, work, axis, indices, keepdim, _reduced_shape(a, axis, keepdim))


class MedianBackward1(_ValueSelecting):
    """The lower median along a dim; a slice holding NaN gives NaN and the index of its first NaN."""

    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, axis, keepdim):
        work = _work(a, axis)
        order = _argsort(xp, work, axis, False)
        size = work.shape[axis]
        position = (size - 1) // 2
        if dtypes.floating_np(work.dtype):
            nan_count = xp.isnan(work).sum(axis=axis, keepdims=True)
            position = xp.where(nan_count > 0, size - nan_count, position)  # NaNs sort last: the first NaN
            indices = xp.take_along_axis(order, position, axis=axis)
        else:
            indices = xp.take(order, xp.arange(position, position + 1), axis=axis)
        return _ValueSelecting._take(ctx, xp, work, axis, indices, keepdim, _reduced_shape(a, axis, keepdim))


class NanmedianBackward1(_ValueSelecting):
    """The lower median of the non-NaN elements along a dim (NaN where all are NaN)."""

    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, axis, keepdim):
        work = _work(a, axis)
        order = _argsort(xp, work, axis, False)
        if dtypes.floating_np(work.dtype):
            count = work.shape[axis] - xp.isnan(work).sum(axis=axis, keepdims=True)
            position = xp.maximum(count - 1, 0) // 2
            indices = xp.take_along_axis(order, position, axis=axis)
        else:
            position = (work.shape[axis] - 1) // 2
            indices = xp.take(order, xp.arange(position, position + 1), axis=axis)
        return _ValueSelecting._take(ctx, xp, work, axis, indices, keepdim, _reduced_shape(a, axis, keepdim))


def _reduced_shape(a, axis, keepdim):
    if a.ndim == 0:
        return ()
    shape = list(a.shape)
    if keepdim:
        shape[axis] = 1
    else:
        del shape[axis]
    return tuple(shape)


class _EvenlyDistributed(Op):
    """A value of the whole tensor (median): the gradient is shared evenly among the elements equal to it
    (NaN counting as equal to a NaN result), PyTorch's ``evenly_distribute_backward``."""

    __slots__ = ()

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        mask = (a == out) | ((a != a) & (out != out))
        return grad * mask / mask.sum()


class MedianBackward0(_EvenlyDistributed):
    __slots__ = ()
    saved_names = ('self', 'result')

    @staticmethod
    def forward(ctx, xp, a):
        flat = a.reshape(-1)
        order = xp.argsort(flat, kind="stable")
        if dtypes.floating_np(flat.dtype):
            nan_count = xp.isnan(flat).sum()
            position = xp.where(nan_count > 0, flat.size - nan_count, (flat.size - 1) // 2)
        else:
            position = (flat.size - 1) // 2
        out = flat[order[position]] if flat.size else xp.full((), xp.nan, dtype=a.dtype)
        out = out.reshape(())
        ctx.save_for_backward(a, out)
        return out


class NanmedianBackward0(_EvenlyDistributed):
    __slots__ = ()
    saved_names = ('self', 'result')

    @staticmethod
    def forward(ctx, xp, a):
        flat = a.reshape(-1)
        order = xp.argsort(flat, kind="stable")
        if dtypes.floating_np(flat.dtype):
            count = flat.size - xp.isnan(flat).sum()
            position = xp.maximum(count - 1, 0) // 2
        else:
            position = (flat.size - 1) // 2
        out = flat[order[position]] if flat.size else xp.full((), xp.nan, dtype=a.dtype)
        out = out.reshape(())
        ctx.save_for_backward(a, out)
        return out


def _values_decide(name):
    """``Op.capture_check`` of an op whose output's size depends on the values (gradlib.graphs refuses it)."""
    return staticmethod(lambda arrays: name)


def _unique_flat(xp, flat):
    """(values, inverse, counts) of a 1-D array as PyTorch's sorted unique: a stable sort, a new value wherever
    one differs from the one before it, so each NaN is its own value (NaN != NaN; NumPy's ``unique`` merges
    them) and -0. and 0. are one, shown as the first of them in the input."""
    order = xp.argsort(flat, kind="stable")
    ordered = flat[order]
    starts = xp.concatenate([xp.ones(min(flat.size, 1), dtype=bool), ordered[1:] != ordered[:-1]])
    group = xp.cumsum(starts) - 1
    inverse = xp.empty(flat.shape, dtype=xp.int64)
    inverse[order] = group
    positions = xp.nonzero(starts)[0]
    counts = xp.diff(xp.concatenate([positions, xp.asarray([flat.size], dtype=positions.dtype)]))
    return ordered[positions], inverse, counts


class Unique2Backward0(Op):
    """unique: its values carry PyTorch's node, whose derivative is not implemented (backward raises)."""

    __slots__ = ()
    nondiff_outputs = (1, 2)
    capture_check = _values_decide("unique")

    @staticmethod
    def forward(ctx, xp, a, axis, return_inverse, return_counts):
        if axis is None:
            values, inverse, counts = _unique_flat(xp, a.reshape(-1))
            inverse = inverse.reshape(a.shape)
        elif a.shape[axis] == 0:
            return a.copy(), xp.zeros((0,), dtype=xp.int64), xp.zeros((0,), dtype=xp.int64)
        else:
            values, inverse, counts = xp.unique(a, return_inverse=True, return_counts=True, axis=axis)
            inverse = inverse.reshape(-1)
        return values, inverse.astype(xp.int64), counts.astype(xp.int64)

    @staticmethod
    def backward(ctx, P, grad):
        raise NotImplementedError("the derivative for '_unique2' is not implemented.")


class Nonzero(Op):
    __slots__ = ()
    differentiable = False
    capture_check = _values_decide("nonzero")

    @staticmethod
    def forward(ctx, xp, a):
        if a.ndim == 0:
            return xp.zeros((int(a != 0), 0), dtype=xp.int64)
        return xp.stack(xp.nonzero(a), axis=1).astype(xp.int64).reshape(-1, a.ndim)


class NonzeroTuple(Op):
    __slots__ = ()
    differentiable = False
    capture_check = _values_decide("nonzero(as_tuple=True), one-argument where")

    @staticmethod
    def forward(ctx, xp, a):
        if a.ndim == 0:
            return (xp.zeros((int(a != 0),), dtype=xp.int64),)
        return tuple(part.astype(xp.int64) for part in xp.nonzero(a))


# ----- public functions ------------------------------------------------------------------------------------------
@numpy_names
def sort(input, dim=-1, descending=False, stable=None):
    """``(values, indices)``: ``input`` sorted along ``dim`` (NaN largest), as PyTorch's ``torch.sort``.

    Always stable (``stable`` accepted for PyTorch's signature): equal elements keep their order, ascending and
    descending. ``values`` is differentiable (the gradient goes back to the positions ``indices`` name);
    ``indices`` is int64. Raises IndexError for a ``dim`` out of range.

    >>> import gradlib
    >>> gradlib.sort(gradlib.tensor([[3., 1., 2.]]), descending=True).indices
    tensor([[0, 2, 1]])
    """
    axis = normalize_dim(dim, input.ndim)  # the dim before the dtype, as PyTorch
    complex_support.check("sort", input)
    node = SortBackward0 if stable is None else SortBackward1
    values, indices = node.apply(input, axis, bool(descending))
    return return_types.sort(values, indices)


@numpy_names
def argsort(input, dim=-1, descending=False, stable=False):
    """The int64 indices that sort ``input`` along ``dim`` (``sort(...).indices``), as ``torch.argsort``.

    >>> import gradlib
    >>> gradlib.argsort(gradlib.tensor([3, 1, 2]))
    tensor([1, 2, 0])
    """
    axis = normalize_dim(dim, input.ndim)  # the dim before the dtype, as PyTorch
    complex_support.check("sort", input)
    return Argsort.apply(input, axis, bool(descending))


def msort(input):
    """``input`` sorted along dim 0 (``torch.msort``).

    >>> import gradlib
    >>> gradlib.msort(gradlib.tensor([[2., 1.], [0., 3.]]))
    tensor([[0., 1.],
            [2., 3.]])
    """
    complex_support.check("sort", input)
    return sort(input, 0).values


def _check_k(what, input, axis):
    size = input.shape[axis] if input.ndim else 1
    return size


@numpy_names
def topk(input, k, dim=-1, largest=True, sorted=True):
    """``(values, indices)`` of the ``k`` largest (``largest=False``: smallest) elements along ``dim``, as
    ``torch.topk``; NaN counts as largest. Raises RuntimeError('selected index k out of range') unless
    0 <= k <= size.

    >>> import gradlib
    >>> gradlib.topk(gradlib.tensor([1., 5., 3., 4.]), 2)
    gradlib.return_types.topk(
    values=tensor([5., 4.]),
    indices=tensor([1, 3]))
    """
    axis = normalize_dim(dim, input.ndim)  # the dim, then k, then the dtype, as PyTorch
    size = input.shape[axis] if input.ndim else 1
    k = int(k)
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    complex_support.check("topk", input)
    if input.dtype is dtypes.bool:
        raise RuntimeError(f"topk does not support bool dtypes on {'CPU' if input.device.type == 'cpu' else 'CUDA'}")
    if input.ndim == 0:  # a 0-d input is its own answer, k 0 or 1 (PyTorch's shortcut)
        k = 1
    values, indices = TopkBackward0.apply(input, k, axis, bool(largest))
    return return_types.topk(values, indices)


def _refuse_bool(kernel, input, empty_too=True):
    """PyTorch's selection kernels (median, nanmedian, kthvalue) have no bool version (an empty tensor's median
    over all elements returns before the kernel: ``empty_too=False``)."""
    if input.dtype is dtypes.bool and (empty_too or input.numel()):
        if input.device.type != "cpu":
            kernel = kernel.replace("_cpu", "_cuda")
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _check_reduction_dim(name, input, axis):
    if input.ndim and input.shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")


@numpy_names
def kthvalue(input, k, dim=-1, keepdim=False):
    """``(values, indices)``: the ``k``-th smallest element (1-based) along ``dim``, as ``torch.kthvalue``.
    Among equal values the index may differ from PyTorch's (whose CPU kernel selects, it does not sort).

    >>> import gradlib
    >>> gradlib.kthvalue(gradlib.tensor([4., 1., 3.]), 2).values
    tensor(3.)
    """
    axis = normalize_dim(dim, input.ndim)  # the dim and its size before the dtype, as PyTorch
    _check_reduction_dim("kthvalue", input, axis)
    size = input.shape[axis] if input.ndim else 1
    k = int(k)
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    if input.ndim:  # a 0-d input is its own answer, whatever its dtype (PyTorch returns before the kernel)
        complex_support.check("kthvalue", input)
        _refuse_bool("kthvalue_cpu", input)
    values, indices = KthvalueBackward0.apply(input, k, axis, bool(keepdim))
    return return_types.kthvalue(values, indices)


@numpy_names
def median(input, dim=None, keepdim=False):
    """The lower median (of the ``n`` values, the ``(n - 1) // 2``-th smallest), as ``torch.median``.

    Without ``dim``: a 0-d tensor (NaN if any element is NaN or the tensor is empty); its gradient is shared
    among the elements equal to it. With ``dim``: ``(values, indices)`` along it (NaN, and the first NaN's
    index, where a slice holds NaN).

    >>> import gradlib
    >>> gradlib.median(gradlib.tensor([4., 1., 3., 2.]))
    tensor(2.)
    >>> gradlib.median(gradlib.tensor([[4., 1., 3.]]), dim=1).indices
    tensor([2])
    """
    if dim is None:
        complex_support.check("median", input)
        _refuse_bool("median_cpu", input, empty_too=False)
        return MedianBackward0.apply(input)
    axis = normalize_dim(dim, input.ndim)  # the dim and its size before the dtype, as PyTorch
    _check_reduction_dim("median", input, axis)
    complex_support.check("median_dim", input)
    _refuse_bool("median_out", input)
    values, indices = MedianBackward1.apply(input, axis, bool(keepdim))
    return return_types.median(values, indices)


@numpy_names
def nanmedian(input, dim=None, keepdim=False):
    """``median`` ignoring NaN (NaN only where every element is NaN), as ``torch.nanmedian``.

    >>> import gradlib
    >>> gradlib.nanmedian(gradlib.tensor([4., float('nan'), 1., 3.]))
    tensor(3.)
    >>> gradlib.nanmedian(gradlib.tensor([[4., float('nan'), 1.]]), 1)
    gradlib.return_types.nanmedian(
    values=tensor([1.]),
    indices=tensor([2]))
    """
    if dim is None:
        complex_support.check("median", input)
        _refuse_bool("median_cpu", input, empty_too=False)
        return NanmedianBackward0.apply(input)
    axis = normalize_dim(dim, input.ndim)  # the dim and its size before the dtype, as PyTorch
    _check_reduction_dim("median", input, axis)  # PyTorch's message names median
    complex_support.check("median_dim", input)
    _refuse_bool("median_out", input)
    values, indices = NanmedianBackward1.apply(input, axis, bool(keepdim))
    return return_types.nanmedian(values, indices)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of ``input`` (or distinct slices along ``dim``), in ascending order, as
    ``torch.unique``; with ``return_inverse`` the int64 index of each element in them, with ``return_counts``
    how often each occurs (each NaN is a value of its own: NaN equals nothing). Waits for the device (the output's
    size depends on the data), as PyTorch's does.
    The values keep PyTorch's ``Unique2Backward0`` node, whose backward raises.

    >>> import gradlib
    >>> gradlib.unique(gradlib.tensor([3, 1, 3, 2]), return_counts=True)
    (tensor([1, 2, 3]), tensor([1, 1, 2]))
    """
    if input.dtype.is_complex:  # PyTorch's unique kernels have no complex version
        raise NotImplementedError(f'"{"unique" if dim is None else "unique_dim"}" not implemented for '
                                  f"'{input.dtype.scalar_type}'")
    axis = None if dim is None else _unique_dim(dim, input)
    values, inverse, counts = Unique2Backward0.apply(input, axis, return_inverse, return_counts)
    if dim is None and input.ndim == 0:
        inverse = inverse.reshape(())
    results = (values,) + ((inverse,) if return_inverse else ()) + ((counts,) if return_counts else ())
    return results[0] if len(results) == 1 else results


def _unique_dim(dim, input):
    """unique's and unique_consecutive's ``dim``: a 0-d input has none (PyTorch's IndexError), and no other dim
    may be of size 0."""
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    axis = normalize_dim(dim, input.ndim)
    if input.numel() == 0 and input.shape[axis] != 0:
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    return axis


class UniqueConsecutive(Op):
    __slots__ = ()
    differentiable = False
    capture_check = _values_decide("unique_consecutive")

    @staticmethod
    def forward(ctx, xp, a, axis):
        work = a.reshape(-1) if axis is None else xp.moveaxis(a, axis, 0)
        size = work.shape[0]
        if size == 0:
            values = work.copy() if axis is None else a.copy()  # no dim: the flat (0,) result
            inverse = xp.zeros(a.shape if axis is None else (0,), dtype=xp.int64)
            return values, inverse, xp.zeros((0,), dtype=xp.int64)
        changed = (work[1:] != work[:-1]).reshape(size - 1, work[0].size).any(axis=1)
        starts = xp.concatenate([xp.ones(1, dtype=bool), changed])
        inverse = xp.cumsum(starts) - 1
        positions = xp.nonzero(starts)[0]
        values = work[positions]
        bounds = xp.concatenate([positions, xp.asarray([size], dtype=positions.dtype)])
        counts = bounds[1:] - bounds[:-1]
        if axis is None:
            inverse = inverse.reshape(a.shape)
        else:
            values = xp.moveaxis(values, 0, axis)
        return values, inverse.astype(xp.int64), counts.astype(xp.int64)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapse runs of equal consecutive elements (or slices along ``dim``), as ``torch.unique_consecutive``.

    >>> import gradlib
    >>> gradlib.unique_consecutive(gradlib.tensor([1, 1, 2, 2, 1]))
    tensor([1, 2, 1])
    """
    if input.dtype.is_complex:  # PyTorch's unique kernels have no complex version
        raise NotImplementedError(f'"{"unique" if dim is None else "unique_dim"}" not implemented for '
                                  f"'{input.dtype.scalar_type}'")
    axis = None if dim is None else _unique_dim(dim, input)
    values, inverse, counts = UniqueConsecutive.apply(input, axis)
    results = (values,) + ((inverse,) if return_inverse else ()) + ((counts,) if return_counts else ())
    return results[0] if len(results) == 1 else results


def nonzero(input, *, as_tuple=False):
    """The indices of the nonzero elements: an int64 ``(n, ndim)`` tensor, or with ``as_tuple`` one 1-D tensor
    per dim, as ``torch.nonzero``. Waits for the device (the count depends on the data), as PyTorch's does.

    >>> import gradlib
    >>> gradlib.nonzero(gradlib.tensor([[0, 1], [2, 0]]))
    tensor([[0, 1],
            [1, 0]])
    >>> gradlib.tensor([0., 3., 4.]).nonzero(as_tuple=True)
    (tensor([1, 2]),)
    """
    if as_tuple:
        out = NonzeroTuple.apply(input)
        return out if isinstance(out, tuple) else (out,)
    return Nonzero.apply(input)


def argwhere(input):
    """``nonzero(input)`` (``torch.argwhere``).

    >>> import gradlib
    >>> gradlib.argwhere(gradlib.tensor([0, 3, 4]))
    tensor([[1],
            [2]])
    """
    return Nonzero.apply(input)


def where_nonzero(condition):
    """``torch.where(condition)``: ``nonzero(condition, as_tuple=True)``."""
    return nonzero(condition, as_tuple=True)
