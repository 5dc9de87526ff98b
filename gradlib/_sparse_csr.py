"""Sparse CSR matrices, as PyTorch's ``torch.sparse_csr``: ``crow_indices`` (rows + 1, the running count of entries
before each row), ``col_indices`` and ``values`` (nnz each), on the tensor's device. The basics: construction
(``gradlib.sparse_csr_tensor``, ``to_sparse_csr()``), conversion to COO and dense, printing, and products with a
dense matrix (through COO). Autograd as for COO (``gradlib/_sparse_base.py``).

>>> import gradlib
>>> c = gradlib.tensor([[0., 2.], [3., 4.]]).to_sparse_csr()
>>> c.crow_indices(), c.col_indices()
(tensor([0, 1, 3]), tensor([1, 0, 1]))
>>> c @ gradlib.ones(2, 1)
tensor([[2.],
        [7.]])
"""
from . import _creation, _formats, _sparse_base, _sparse_coo, _sparse_registry, _sparse_str, _tensor, dtypes
from .device import resolve
from .ops import sparse_nodes
from .ops import complex_support

__all__ = ["SparseCsrTensor", "sparse_csr_tensor", "coo_to_csr", "from_dense_csr"]


def make_csr(crow, col, values, shape):
    """A SparseCsrTensor around int64 ``crow`` and ``col`` tensors and the dense ``values`` tensor."""
    out = _sparse_base.make_sparse(SparseCsrTensor, shape, values._array.dtype, values._device)
    out._crow_t = crow
    out._col_t = col
    out._values_t = values
    return out


class SparseCsrTensor(_sparse_base.SparseTensorBase):
    """A sparse matrix in CSR layout (``layout=gradlib.sparse_csr``); make one with ``gradlib.sparse_csr_tensor``
    or ``dense.to_sparse_csr()``."""

    __slots__ = ("_crow_t", "_col_t")

    is_sparse = False  # PyTorch's is_sparse means COO
    is_sparse_csr = True
    _type_infix = "sparse_csr"

    @property
    def layout(self):
        return _formats.sparse_csr

    def crow_indices(self):
        """Row pointers: entries of row i are at ``crow[i]:crow[i + 1]``."""
        return self._crow_t

    def col_indices(self):
        """The column of each entry."""
        return self._col_t

    def values(self):
        return sparse_nodes.name_step(sparse_nodes.ValuesBackward0, self._values_t)

    def _nnz(self):
        return self._col_t._array.shape[0]

    def sparse_dim(self):
        return 2

    def dense_dim(self):
        return self._values_t.ndim - 1

    def _row_indices(self):
        """The row of each entry (no host sync: a search of the row pointers)."""
        xp = self._device._backend.xp
        with self._device._backend.guard(self._device):
            positions = xp.arange(self._nnz(), dtype=xp.int64)
            rows = xp.searchsorted(self._crow_t._array[1:], positions, side="right").astype(xp.int64)
        return rows

    def _to_coo(self):
        xp = self._device._backend.xp
        with self._device._backend.guard(self._device):
            indices = xp.stack([self._row_indices(), self._col_t._array])
        values = self._values_t
        if self._owns_values:  # a tensor made from a leaf is not a leaf
            values = sparse_nodes.name_step(sparse_nodes.SparseCooTensorWithDimsAndTensorsBackward0, values)
        return _sparse_coo.make_coo(_tensor.wrap(indices, self._device), values, self._array.shape, True)

    def to_sparse_csr(self, dense_dim=None):
        return self

    def to_dense(self, dtype=None, *, masked_grad=None):
        """The dense matrix; differentiable in the values."""
        return self._to_coo().to_dense(dtype)

    def _with_values(self, values, copy_indices=False):
        if values is self._values_t and self._owns_values:
            values = sparse_nodes.name_step(sparse_nodes.SparseCsrTensorBackward0, values)
        crow, col = self._crow_t, self._col_t
        if copy_indices:
            crow, col = crow.clone(), col.clone()
        return make_csr(crow, col, values, self._array.shape)

    def _moved(self, values, device):
        return make_csr(self._crow_t.to(device), self._col_t.to(device), values, self._array.shape)

    def _gradient_from_values(self, grad_values):
        return make_csr(self._crow_t, self._col_t, grad_values, self._array.shape)

    def __matmul__(self, other):
        return _sparse_registry.CONVERSIONS["mm"](self, other, "mm")

    def __rmatmul__(self, other):
        return _sparse_registry.CONVERSIONS["mm"](other, self, "mm")

    def matmul(self, other):
        return self.__matmul__(other)

    def mm(self, mat2):
        return self.__matmul__(mat2)

    def __mul__(self, other):
        return coo_to_csr(self._to_coo() * other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return coo_to_csr(self._to_coo() / other)

    def __neg__(self):
        return self._with_values(-self._values_t)

    def __repr__(self):
        return _sparse_str.sparse_repr(self, [("crow_indices", self._crow_t), ("col_indices", self._col_t),
                                              ("values", self._values_t.detach())])

    __str__ = __repr__


def coo_to_csr(coo):
    """A 2-D COO tensor in CSR layout (coalesced first; differentiable in the values)."""
    if coo.sparse_dim() != 2:
        raise RuntimeError(f"to_sparse_csr: expected a 2-D sparse matrix, got {coo.sparse_dim()} sparse dims")
    coo = coo.coalesce()
    device = coo._device
    xp = device._backend.xp
    rows_count = coo._array.shape[0]
    with device._backend.guard(device):
        rows = coo._indices_t._array[0]
        crow = xp.searchsorted(rows, xp.arange(rows_count + 1, dtype=xp.int64), side="left").astype(xp.int64)
        col = coo._indices_t._array[1].copy()
    return make_csr(_tensor.wrap(crow, device), _tensor.wrap(col, device), coo._values_t, coo._array.shape)


def from_dense_csr(dense, dense_dim=None):
    """``dense.to_sparse_csr()`` of a matrix."""
    if dense.ndim != 2:
        raise RuntimeError(f"to_sparse_csr: gradlib converts matrices (2-D), got a {dense.ndim}-D tensor")
    return coo_to_csr(_sparse_coo.from_dense(dense))


def _index(value, device):
    if isinstance(value, _tensor.Tensor):
        return value.detach().to(dtypes.int64)
    return _creation.tensor(value, dtype=dtypes.int64, device=device)


def sparse_csr_tensor(crow_indices, col_indices, values, size=None, *, dtype=None, layout=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A sparse CSR matrix (``torch.sparse_csr_tensor``): row pointers ``crow_indices`` (rows + 1), column
    indices and values (nnz each). ``size`` defaults to (rows, largest column + 1), read on the host.
    RuntimeError when the lengths disagree.

    >>> import gradlib
    >>> gradlib.sparse_csr_tensor([0, 2, 3], [0, 1, 1], [1., 2., 3.], (2, 2)).to_dense()
    tensor([[1., 2.],
            [0., 3.]])
    """
    if layout is not None and layout is not _formats.sparse_csr:
        raise RuntimeError(f"sparse_csr_tensor: expected layout gradlib.sparse_csr, got {layout!r}")
    target = resolve(device) if device is not None else None
    complex_support.check("sparse_compressed_tensor", values)
    if isinstance(values, _tensor.Tensor):
        if target is not None:
            values = values.to(target)
        if dtype is not None:
            values = values.to(dtype)
    else:
        values = _creation.tensor(values, dtype=dtype, device=target)
    crow = _index(crow_indices, values._device).to(values._device)
    col = _index(col_indices, values._device).to(values._device)
    if crow.ndim != 1 or col.ndim != 1:
        raise RuntimeError("crow_indices and col_indices must be 1-D (gradlib's CSR tensors have no batch dims)")
    if col.shape[0] != values.shape[0]:
        raise RuntimeError(f"col_indices and values must have the same number of elements, but got "
                           f"{col.shape[0]} and {values.shape[0]}, respectively")
    if size is None:
        columns = 0
        if col.shape[0]:
            with col._device._backend.guard(col._device):
                columns = int(col._device._backend.to_numpy(col._array.max())) + 1
        size = (crow.shape[0] - 1, columns) + tuple(values.shape[1:])
    size = tuple(int(n) for n in size)
    if size[0] != crow.shape[0] - 1:
        raise RuntimeError(f"crow_indices.size(-1) must be equal to size[0] + 1 = {size[0] + 1}, but got "
                           f"{crow.shape[0]}")
    if values.requires_grad:
        values = sparse_nodes.SparseCsrTensorBackward0.apply(values)
    out = make_csr(crow, col, values, size)
    if requires_grad:
        if not out.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        out.requires_grad_()
    return out


_sparse_registry.CLASSES.add(SparseCsrTensor)
_sparse_registry.CONVERSIONS["to_sparse_csr"] = from_dense_csr
_sparse_registry.CONVERSIONS["coo_to_csr"] = coo_to_csr
