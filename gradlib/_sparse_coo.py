"""Sparse COO tensors, as PyTorch's ``torch.sparse_coo``: ``indices`` (sparse_dim x nnz, int64) and ``values``
(nnz x dense dims), on the tensor's device. Duplicate entries are allowed (an *uncoalesced* tensor); they sum when
it is coalesced (``coalesce()``: sorted, unique indices), as in PyTorch.

Autograd and what a dense op meets: see ``gradlib/_sparse_base.py``. The matrix products and reductions are in
``gradlib/sparse``.

>>> import gradlib
>>> s = gradlib.sparse_coo_tensor([[0, 1, 1, 0], [2, 0, 2, 2]], [3., 4., 5., 6.], (3, 3))
>>> s.coalesce()
tensor(indices=tensor([[0, 1, 1],
                       [2, 0, 2]]),
       values=tensor([9., 4., 5.]),
       size=(3, 3), nnz=3, layout=gradlib.sparse_coo)
>>> s.to_dense()
tensor([[0., 0., 9.],
        [4., 0., 5.],
        [0., 0., 0.]])
"""
import numbers

from . import _creation, _formats, _sparse_base, _sparse_registry, _sparse_str, _tensor, dtypes
from .autograd import grad_mode
from .device import resolve
from .ops import _dims, _sparse_gradient, elementwise, gather_scatter, sparse_nodes
from .ops import complex_support
from .ops import shape as _shape

__all__ = ["SparseCooTensor", "sparse_coo_tensor", "from_dense", "linear_index", "unravel", "make_coo"]


def linear_index(indices, sizes):
    """The row-major position of each column of the raw index array ``indices`` among ``sizes`` (int64)."""
    if not len(sizes):
        return indices.sum(axis=0)  # no sparse dims: every entry is at position 0
    linear = indices[0]
    for dim in range(1, len(sizes)):
        linear = linear * sizes[dim] + indices[dim]
    return linear


def unravel(xp, linear, sizes):
    """The index array (len(sizes) x n) of the row-major positions ``linear``."""
    rows = []
    rest = linear
    for size in reversed(sizes):
        rows.append(rest % size)
        rest = rest // size
    if not rows:
        return xp.zeros((0, linear.shape[0]), dtype=linear.dtype)
    return xp.stack(rows[::-1])


def make_coo(indices, values, shape, coalesced):
    """A SparseCooTensor around the int64 index tensor ``indices`` and the dense ``values`` tensor."""
    out = _sparse_base.make_sparse(SparseCooTensor, shape, values._array.dtype, values._device)
    out._indices_t = indices
    out._values_t = values
    out._coalesced = coalesced
    return out


def _index_tensor(array, device):
    return _tensor.wrap(array, device)


class SparseCooTensor(_sparse_base.SparseTensorBase):
    """A sparse tensor in COO layout (``layout=gradlib.sparse_coo``); make one with ``gradlib.sparse_coo_tensor``
    or ``dense.to_sparse()``."""

    __slots__ = ("_indices_t", "_coalesced")

    is_sparse = True
    is_sparse_csr = False

    @property
    def layout(self):
        return _formats.sparse_coo

    def sparse_dim(self):
        """How many leading dims the indices address."""
        return self._indices_t._array.shape[0]

    def dense_dim(self):
        """How many trailing dims each value has."""
        return self._values_t.ndim - 1

    def _nnz(self):
        """The number of stored entries (duplicates counted)."""
        return self._indices_t._array.shape[1]

    def is_coalesced(self):
        return self._coalesced

    def _indices(self):
        """The stored indices as they are (an uncoalesced tensor's too)."""
        return self._indices_t

    def _values(self):
        """The stored values as they are (in the graph when this tensor is)."""
        return self._values_t

    def indices(self):
        """The indices of a coalesced tensor (RuntimeError for an uncoalesced one, as PyTorch)."""
        if not self._coalesced:
            raise RuntimeError("Cannot get indices on an uncoalesced tensor, please call .coalesce() first")
        return self._indices_t

    def values(self):
        """The values of a coalesced tensor (RuntimeError for an uncoalesced one, as PyTorch)."""
        if not self._coalesced:
            raise RuntimeError("Cannot get values on an uncoalesced tensor, please call .coalesce() first")
        return sparse_nodes.name_step(sparse_nodes.ValuesBackward0, self._values_t)

    def _sparse_sizes(self):
        return self._array.shape[:self.sparse_dim()]

    def _with_values(self, values, copy_indices=False):
        if values is self._values_t and self._owns_values:  # a tensor made from a leaf is not a leaf
            values = sparse_nodes.name_step(sparse_nodes.SparseCooTensorWithDimsAndTensorsBackward0, values)
        indices = _shape.clone(self._indices_t) if copy_indices else self._indices_t
        return make_coo(indices, values, self._array.shape, self._coalesced)

    def _moved(self, values, device):
        return make_coo(self._indices_t.to(device), values, self._array.shape, self._coalesced)

    def _to_coo(self):
        return self

    def _gradient_from_values(self, grad_values):
        """A leaf's gradient from its values' gradient: on the coalesced pattern, as PyTorch's. Duplicate
        entries each received the gradient of their position, so the first of each is kept."""
        if self._coalesced:
            return make_coo(self._indices_t, grad_values, self._array.shape, True)
        backend = self._device._backend
        with backend.guard(self._device):
            linear = linear_index(self._indices_t._array, self._sparse_sizes())
            _, first = backend.xp.unique(linear, return_index=True)
            indices = self._indices_t._array[:, first]
        picked = grad_values[_index_tensor(first, self._device)]
        return make_coo(_index_tensor(indices, self._device), picked, self._array.shape, True)

    def to_sparse_csr(self, dense_dim=None):
        """This matrix in CSR layout (coalesced first)."""
        return _sparse_registry.CONVERSIONS["coo_to_csr"](self)

    def coalesce(self):
        """Sorted, unique indices; the values of duplicate indices summed (self when already coalesced).

        On CUDA this waits for the GPU to learn the number of unique indices, as PyTorch's coalesce does."""
        if self._coalesced:
            return self
        backend = self._device._backend
        xp = backend.xp
        sizes = self._sparse_sizes()
        with backend.guard(self._device):
            linear = linear_index(self._indices_t._array, sizes)
            unique, inverse = xp.unique(linear, return_inverse=True)
            indices = unravel(xp, unique, sizes)
        values = self._values_t
        summed = _creation.zeros((unique.shape[0],) + tuple(values.shape[1:]), dtype=values.dtype,
                                 device=self._device)
        summed = gather_scatter.index_add(summed, 0, _index_tensor(inverse.reshape(-1), self._device), values)
        summed = sparse_nodes.name_step(sparse_nodes.CoalesceBackward0, summed)
        return make_coo(_index_tensor(indices, self._device), summed, self._array.shape, True)

    def to_dense(self, dtype=None, *, masked_grad=None):
        """The dense tensor (duplicates summed); differentiable in the values.

        >>> import gradlib
        >>> gradlib.sparse_coo_tensor([[0, 1]], [2., 3.], (3,)).to_dense()
        tensor([2., 3., 0.])
        """
        if dtype is not None:
            raise RuntimeError("dtype argument is not supported by sparse_to_dense")
        sizes = self._sparse_sizes()
        values = self._values_t
        count = 1
        for size in sizes:
            count *= size
        with self._device._backend.guard(self._device):
            linear = linear_index(self._indices_t._array, sizes)
        flat = _creation.zeros((count,) + tuple(values.shape[1:]), dtype=values.dtype, device=self._device)
        flat = gather_scatter.index_add(flat, 0, _index_tensor(linear, self._device), values)
        dense = _shape.reshape(flat, self._array.shape)
        return sparse_nodes.name_step(sparse_nodes.ToDenseBackward0, dense)

    def t(self):
        """The transpose of a sparse matrix (indices' rows swapped; not coalesced)."""
        if self.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 sparse and 0 dense dimensions, but got "
                               f"{self.sparse_dim()} sparse and {self.dense_dim()} dense dimensions")
        return self.transpose(0, -1) if self.ndim == 2 else self

    def transpose(self, dim0, dim1):
        """Swap two sparse dims (not coalesced afterwards, as PyTorch)."""
        dim0 = _dims.normalize_dim(dim0, self.ndim)
        dim1 = _dims.normalize_dim(dim1, self.ndim)
        if max(dim0, dim1) >= self.sparse_dim():
            raise RuntimeError("transpose: sparse tensors can only transpose their sparse dims here")
        order = list(range(self.sparse_dim()))
        order[dim0], order[dim1] = order[dim1], order[dim0]
        shape = list(self._array.shape)
        shape[dim0], shape[dim1] = shape[dim1], shape[dim0]
        with self._device._backend.guard(self._device):
            indices = _tensor.wrap(self._indices_t._array[order], self._device)
        out = self._with_values(self._values_t)
        return make_coo(indices, out._values_t, tuple(shape), self._coalesced and dim0 == dim1)

    def zero_(self):
        """Drop every entry in place (nnz 0, coalesced), as PyTorch's sparse ``zero_`` (``zero_grad(set_to_none=
        False)`` on a sparse ``.grad``). A leaf that requires grad is refused under grad mode (PyTorch's
        RuntimeError) and stays a leaf that requires grad under no_grad."""
        if self.requires_grad and grad_mode.state.enabled:
            if self.is_leaf:
                raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
            raise _sparse_base.not_supported("aten::zero_", self._device)
        with self._device._backend.guard(self._device):
            xp = self._device._backend.xp
            indices = xp.zeros((self.sparse_dim(), 0), dtype=xp.int64)
            values = xp.zeros((0,) + tuple(self._values_t.shape[1:]), dtype=self._array.dtype)
        self._indices_t = _index_tensor(indices, self._device)
        self._values_t = _tensor.wrap(values, self._device)
        if self._owns_values:  # a leaf that requires grad keeps its own leaf of values
            self._values_t.requires_grad_()
        self._coalesced = True
        return self

    # ----- arithmetic ---------------------------------------------------------------------------------
    def _elementwise(self, values, coalesced=None):
        out = make_coo(self._indices_t, values, self._array.shape, self._coalesced if coalesced is None
                       else coalesced)
        return out

    def __neg__(self):
        return self._elementwise(-self._values_t)

    neg = __neg__

    def __mul__(self, other):
        if isinstance(other, numbers.Number) or (isinstance(other, _tensor.Tensor) and other.ndim == 0
                                                 and not _sparse_registry.is_sparse(other)):
            return self._elementwise(self._values_t * other)
        if isinstance(other, _tensor.Tensor) and not _sparse_registry.is_sparse(other):
            if tuple(other.shape) != self._array.shape or self.dense_dim():
                raise RuntimeError("mul(sparse, dense): gradlib multiplies a sparse tensor by a dense tensor of "
                                   "its own shape (no dense dims) or by a scalar")
            with self._device._backend.guard(self._device):
                rows = tuple(_index_tensor(self._indices_t._array[dim], self._device)
                             for dim in range(self.sparse_dim()))
            return self._elementwise(self._values_t * other[rows])
        raise _sparse_base.not_supported("aten::mul.Tensor", self._device)

    __rmul__ = __mul__
    mul = __mul__

    def __truediv__(self, other):
        if isinstance(other, numbers.Number) or (isinstance(other, _tensor.Tensor) and other.ndim == 0
                                                 and not _sparse_registry.is_sparse(other)):
            return self._elementwise(self._values_t / other)
        raise RuntimeError("div(sparse, tensor): gradlib divides a sparse tensor by a scalar only")

    div = __truediv__

    def __add__(self, other):
        if _sparse_registry.is_sparse(other):
            return _add_sparse(self, other)
        if isinstance(other, _tensor.Tensor):
            raise RuntimeError("add(sparse, dense) is not supported. Use add(dense, sparse) instead.")
        raise _sparse_base.not_supported("aten::add.Tensor", self._device)

    add = __add__

    def __radd__(self, other):
        if isinstance(other, _tensor.Tensor):  # dense + sparse is dense, as PyTorch
            return other + self.to_dense()
        raise _sparse_base.not_supported("aten::add.Tensor", self._device)

    def __sub__(self, other):
        if _sparse_registry.is_sparse(other):
            return _add_sparse(self, -other)
        return self.__add__(other)

    sub = __sub__

    def __rsub__(self, other):
        if isinstance(other, _tensor.Tensor):
            return other - self.to_dense()
        raise _sparse_base.not_supported("aten::sub.Tensor", self._device)

    def _unary(self, function):
        """A zero-preserving elementwise function of the coalesced values (as PyTorch coalesces first)."""
        coalesced = self.coalesce()
        return coalesced._elementwise(function(coalesced._values_t), True)

    def abs(self):
        return self._unary(elementwise.abs)

    def sqrt(self):
        return self._unary(elementwise.sqrt)

    def relu(self):
        return self._unary(elementwise.relu)

    def tanh(self):
        return self._unary(elementwise.tanh)

    def sin(self):
        return self._unary(elementwise.sin)

    def sign(self):
        return self._unary(elementwise.sign)

    def pow(self, exponent):
        if not isinstance(exponent, numbers.Number) or exponent <= 0:
            raise RuntimeError("pow(sparse, exponent): gradlib takes a positive scalar exponent (0 ** exponent "
                               "stays 0)")
        return self._unary(lambda values: values ** exponent)

    __pow__ = pow

    def square(self):
        return self.pow(2)

    def sum(self, dim=None, keepdim=False, dtype=None):
        """``gradlib.sparse.sum``: a dense scalar over everything, a sparse tensor over some dims."""
        return _sparse_registry.CONVERSIONS["sum"](self, dim, dtype)

    # ----- products -----------------------------------------------------------------------------------
    def __matmul__(self, other):
        return _sparse_registry.CONVERSIONS["mm"](self, other, "mm")

    def __rmatmul__(self, other):
        return _sparse_registry.CONVERSIONS["mm"](other, self, "mm")

    def matmul(self, other):
        return self.__matmul__(other)

    def mm(self, mat2):
        return self.__matmul__(mat2)

    def mv(self, vec):
        return self.__matmul__(vec)

    def __repr__(self):
        return _sparse_str.sparse_repr(self, [("indices", self._indices_t), ("values", self._values_t.detach())])

    __str__ = __repr__


def _add_sparse(first, second):
    """sparse + sparse, as PyTorch's kernels: on the CPU the two index lists merged as they are (equal heads
    summed; coalesced when both were) when both values are contiguous, else and on CUDA concatenated
    (``ops/_sparse_gradient.py``). Differentiable in both values."""
    if first._array.shape != second._array.shape:
        raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but self has size "
                           f"{list(first.shape)} while other has size {list(second.shape)}")
    second = second._to_coo()
    dtype = dtypes.promote_types(first.dtype, second.dtype)  # int + float sparse is float, as dense tensors
    if first.dtype is not dtype:
        first = make_coo(first._indices_t, first._values_t.to(dtype), first._array.shape, first._coalesced)
    if second.dtype is not dtype:
        second = make_coo(second._indices_t, second._values_t.to(dtype), second._array.shape, second._coalesced)
    if not second._nnz():
        return make_coo(first._indices_t, first._values_t, first._array.shape, first._coalesced)
    if not first._nnz():
        return make_coo(second._indices_t.to(first._device), second._values_t.to(first._device),
                        first._array.shape, second._coalesced)
    device = first._device
    second_values = second._values_t.to(device)
    merge = _sparse_gradient.merges(device, first._values_t._array, second_values._array)
    indices, first_at, second_at, count = _sparse_gradient.merged_layout(
        device, first._indices_t._array, second._indices_t.to(device)._array, first._sparse_sizes(), merge)
    values = first._values_t
    summed = _creation.zeros((count,) + tuple(values.shape[1:]), dtype=values.dtype, device=device)
    summed = gather_scatter.index_add(summed, 0, _index_tensor(first_at, device), values)
    summed = gather_scatter.index_add(summed, 0, _index_tensor(second_at, device), second_values)
    out = make_coo(_index_tensor(indices, device), summed, first._array.shape,
                   merge and first._coalesced and second._coalesced)
    if not merge and device.type != "cuda" and count > first._array.size:
        out = out.coalesce()  # PyTorch's bound on a concatenation's growth, aliased into the result, which
        out._coalesced = False  # does not keep the flag
    return out


def _from_tensors(indices, values, shape, device):
    """A COO tensor around a raw index array and a values tensor (kept in its graph): an embedding's sparse
    gradient under create_graph."""
    return make_coo(_index_tensor(indices, device), values, tuple(shape), indices.shape[1] <= 1)


def _from_arrays(indices, values, shape, device, coalesced):
    """A COO tensor around raw index and value arrays (a sparse gradient becoming a leaf's ``.grad``)."""
    return make_coo(_index_tensor(indices, device), _tensor.wrap(values, device), tuple(shape), coalesced)


def _as_index_tensor(indices, device):
    if isinstance(indices, _tensor.Tensor):
        indices = indices.detach()
        if indices.dtype is not dtypes.int64:
            indices = indices.to(dtypes.int64)
        return indices
    return _creation.tensor(indices, dtype=dtypes.int64, device=device)


def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, pin_memory=False,
                      requires_grad=False, check_invariants=None, is_coalesced=None):
    """A sparse COO tensor with ``values`` (nnz x dense dims) at ``indices`` (sparse_dim x nnz), as
    ``torch.sparse_coo_tensor``. ``size`` defaults to the smallest that holds the indices (read on the host, as
    PyTorch does). ``values`` given as a tensor is not copied; duplicates are kept until ``coalesce()``.

    Raises RuntimeError, in PyTorch's words, when the indices and values disagree on nnz, when ``size`` has
    another number of dims than the indices and values give, or when they are on different devices.

    >>> import gradlib
    >>> i = gradlib.tensor([[0, 1, 1], [2, 0, 2]])
    >>> gradlib.sparse_coo_tensor(i, gradlib.tensor([3., 4., 5.]), (2, 3))
    tensor(indices=tensor([[0, 1, 1],
                           [2, 0, 2]]),
           values=tensor([3., 4., 5.]),
           size=(2, 3), nnz=3, layout=gradlib.sparse_coo)
    """
    target = resolve(device) if device is not None else None
    if isinstance(values, _tensor.Tensor):
        if target is not None and values._device is not target:
            values = values.to(target)
        if dtype is not None:
            values = values.to(dtype)
    else:
        if target is None and isinstance(indices, _tensor.Tensor):
            target = indices._device
        values = _creation.tensor(values, dtype=dtype, device=target)
    indices = _as_index_tensor(indices, values._device if target is None else target)
    if target is not None and indices._device is not target:
        indices = indices.to(target)
    if indices._device is not values._device:
        raise RuntimeError(f"device of indices ({indices.device}) must match device of values ({values.device})")
    values_shape = tuple(values.shape)
    if not values_shape:
        raise RuntimeError(f"values has incorrect size, expected at least 1 dim, got {list(values_shape)}")
    sparse_dim = indices.shape[0] if indices.ndim else 0
    if size is not None:
        size = tuple(int(n) for n in size)
        if len(size) != sparse_dim + len(values_shape) - 1:
            raise RuntimeError(f"'len(size) == sparse_dim + dense_dim' is not satisfied: len(size) = {len(size)}, "
                               f"sparse_dim = {sparse_dim}, dense_dim = {len(values_shape) - 1}")
    if indices.ndim != 2:
        raise RuntimeError(f"indices must be sparse_dim x nnz, but got: {list(indices.shape)}")
    nnz = indices.shape[1]
    if nnz != values_shape[0]:
        raise RuntimeError(f"indices and values must have same nnz, but got nnz from indices: {nnz}, nnz from "
                           f"values: {values_shape[0]}")
    if size is None:
        if nnz:
            with indices._device._backend.guard(indices._device):
                highest = indices._device._backend.to_numpy(indices._array.max(axis=1))  # the host reads it
            size = tuple(int(n) + 1 for n in highest)
        else:
            size = (0,) * sparse_dim
        size = size + values_shape[1:]
    if values.requires_grad:
        values = sparse_nodes.SparseCooTensorWithDimsAndTensorsBackward0.apply(values)
    out = make_coo(indices, values, size, nnz <= 1 if is_coalesced is None else bool(is_coalesced))
    if requires_grad:
        if not out.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        out.requires_grad_()
    return out


def from_dense(dense, sparse_dim=None):
    """``dense.to_sparse(sparse_dim)``: the nonzero entries (rows of the leading ``sparse_dim`` dims with a
    nonzero value), coalesced. Differentiable; on CUDA it waits for the number of nonzeros, as PyTorch."""
    ndim = dense.ndim
    sparse_dim = ndim if sparse_dim is None else sparse_dim
    if not 0 <= sparse_dim <= ndim:
        raise RuntimeError(f"sparse_dim must be in [0, {ndim}] (got {sparse_dim})")
    complex_support.check("to_sparse", dense)
    device = dense._device
    xp = device._backend.xp
    with device._backend.guard(device):
        mask = dense._array != 0
        if sparse_dim < ndim:
            mask = mask.any(axis=tuple(range(sparse_dim, ndim)))
        if sparse_dim:
            positions = xp.nonzero(mask)
            indices = xp.stack(positions).astype(xp.int64) if positions else None
        else:
            indices = xp.zeros((0, 1), dtype=xp.int64)
    if sparse_dim:
        rows = tuple(_index_tensor(row, device) for row in indices)
        values = dense[rows]
    else:
        values = _shape.reshape(dense, (1,) + tuple(dense.shape))
    values = sparse_nodes.name_step(sparse_nodes.ToSparseBackward1, values)
    return make_coo(_index_tensor(indices, device), values, tuple(dense.shape), True)


_sparse_registry.CLASSES.add(SparseCooTensor)
_sparse_registry.CONVERSIONS["to_sparse"] = from_dense
_sparse_registry.CONVERSIONS["coo_from_arrays"] = _from_arrays
_sparse_registry.CONVERSIONS["coo_from_tensors"] = _from_tensors
