"""``torch.sparse``: products and reductions of sparse tensors (``mm``, ``sum``, ``softmax``, ``log_softmax``).

Each is written with dense differentiable ops on the sparse tensor's values and indices (index_select,
index_add, scatter_reduce on the backend's ``xp``), so one code path serves the CPU and CUDA and gradients of
every order come from those ops. ``gradlib.sparse.mm(sparse, dense)`` gives a sparse leaf a sparse gradient on
its pattern (coalesced), ``gradlib.mm(sparse, dense)`` and ``sparse @ dense`` a dense one, as PyTorch.

>>> import gradlib
>>> adj = gradlib.tensor([[0., 1.], [1., 1.]]).to_sparse().requires_grad_()
>>> x = gradlib.tensor([[1., 2.], [3., 4.]], requires_grad=True)
>>> out = gradlib.sparse.mm(adj, x)
>>> out
tensor([[3., 4.],
        [4., 6.]], grad_fn=<SparseAddmmBackward0>)
>>> out.sum().backward()
>>> adj.grad
tensor(indices=tensor([[0, 1, 1],
                       [1, 0, 1]]),
       values=tensor([7., 3., 7.]),
       size=(2, 2), nnz=3, layout=gradlib.sparse_coo)
>>> x.grad
tensor([[1., 1.],
        [2., 2.]])
"""
from .. import _creation, _sparse_registry, _tensor, dtypes
from ..ops import _dims, elementwise, gather_scatter, linalg, nn_ops, reduction, scatter_reduce, sparse_nodes
from ..ops import shape as _shape
from ..ops._op import check_argument_devices
from .. import _sparse_coo
import gradlib as torch  # PyTorch's torch.sparse has a `torch` attribute (capsule networks call torch.sparse.torch.eye)
from ..ops import complex_support

__all__ = ["mm", "sum", "softmax", "log_softmax", "spmm", "addmm"]


def _require_sparse(name, value):
    if not _sparse_registry.is_sparse(value):
        if isinstance(value, _tensor.Tensor):
            raise RuntimeError(f"{name} expected sparse coordinate tensor layout but got Strided")
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(value).__name__}")


def _coo_dense_mm(sparse, dense, kind, named=True):
    """``sparse @ dense`` for a 2-D sparse matrix and a dense matrix or vector. ``kind`` is 'sparse'
    (``sparse.mm``: the sparse gradient) or 'mm' (``mm``/``@``: a sparse leaf's gradient is dense)."""
    sparse = sparse._to_coo()
    if sparse.sparse_dim() != 2 or sparse.dense_dim():
        raise RuntimeError(f"addmm: matrices expected, got {sparse.sparse_dim()}D sparse and "
                           f"{sparse.dense_dim()}D dense tensors")
    if not isinstance(dense, _tensor.Tensor):
        raise TypeError(f"mm(): argument 'mat2' (position 2) must be Tensor, not {type(dense).__name__}")
    if dense.ndim not in (1, 2) or (kind == "sparse" and dense.ndim != 2):
        if kind == "mm":
            raise RuntimeError("expand is unsupported for Sparse tensors")
        raise RuntimeError(f"addmm: matrices expected, got {dense.ndim}D tensor")
    if dense._device is not sparse._device:
        check_argument_devices("addmm", ("mat1", sparse), ("mat2", dense))
    if dense.dtype is not sparse.dtype:
        raise RuntimeError(f"expected scalar type {sparse.dtype.scalar_type} but found {dense.dtype.scalar_type}")
    rows, inner = sparse._array.shape
    if dense.shape[0] != inner:
        raise RuntimeError(f"addmm: Argument #3 (dense): Expected dim 0 size {inner}, got {dense.shape[0]}")
    vector = dense.ndim == 1
    if vector:
        dense = _shape.unsqueeze(dense, 1)
    values = sparse._values_t if kind == "sparse" else sparse._values_for_dense_gradient()
    indices = sparse._indices_t
    with indices._device._backend.guard(indices._device):
        row_index = _tensor.wrap(indices._array[0], indices._device)
        column_index = _tensor.wrap(indices._array[1], indices._device)
    picked = gather_scatter.index_select(dense, 0, column_index) * _shape.unsqueeze(values, 1)
    out = _creation.zeros((rows, dense.shape[1]), dtype=dense.dtype, device=dense._device)
    out = gather_scatter.index_add(out, 0, row_index, picked)
    if kind == "mm":
        shadow = sparse.dense_gradient_leaf()
        if shadow is not None:  # the sparse leaf's dense gradient, grad @ dense.T, comes through it
            out = out + linalg.matmul(shadow, dense)
    if vector:
        out = _shape.squeeze(out, 1)
    return _named(out, kind, vector) if named else out


def _named(out, kind, vector):
    if kind == "sparse":
        return sparse_nodes.name_step(sparse_nodes.SparseAddmmBackward0, out)
    return sparse_nodes.name_step(sparse_nodes.SparseMvBackward0 if vector else sparse_nodes.SparseMmBackward0, out)


def matrix_product(first, second, kind="mm"):
    """A product where either operand may be sparse: sparse @ dense directly, dense @ sparse as
    (sparse^T @ dense^T)^T, two dense matrices by ``gradlib.mm``."""
    if _sparse_registry.is_sparse(first):
        if _sparse_registry.is_sparse(second):
            raise RuntimeError("gradlib multiplies a sparse matrix by a dense one; convert one operand with "
                               ".to_dense()")
        return _coo_dense_mm(first, second, kind)
    if _sparse_registry.is_sparse(second):
        if not isinstance(first, _tensor.Tensor):
            raise TypeError(f"mm(): argument 'input' (position 1) must be Tensor, not {type(first).__name__}")
        if first.ndim == 1:
            return _coo_dense_mm(second._to_coo().t(), first, kind)
        product = _coo_dense_mm(second._to_coo().t(), _shape.t(first), kind, named=False)
        return _named(_shape.t(product), kind, False)
    return linalg.mm(first, second)


def mm(mat1, mat2, reduce="sum"):
    """The product of a sparse matrix and a dense one (``torch.sparse.mm``); two dense matrices give ``mm``.

    ``mat1`` sparse (COO or CSR, 2-D, no dense dims) and ``mat2`` dense (k x n, ``mat1``'s dtype and device)
    give a dense m x n matrix; a dense ``mat1`` and a sparse ``mat2`` work too. The gradient of a sparse leaf
    ``mat1`` is sparse, on its (coalesced) pattern; the gradient of ``mat2`` is ``mat1^T @ grad``. RuntimeError
    for mismatched sizes (PyTorch's addmm message), dtypes or devices.

    >>> import gradlib
    >>> s = gradlib.sparse_coo_tensor([[0, 1], [1, 0]], [2., 3.], (2, 2))
    >>> gradlib.sparse.mm(s, gradlib.ones(2, 1))
    tensor([[2.],
            [3.]])
    """
    if reduce != "sum":
        raise RuntimeError("gradlib.sparse.mm supports reduce='sum' only")
    return matrix_product(mat1, mat2, "sparse")


def spmm(input, mat2):
    """``torch.spmm``: ``gradlib.mm`` of a sparse and a dense matrix (a sparse leaf's gradient is dense, as
    PyTorch's).

    >>> import gradlib
    >>> gradlib.spmm(gradlib.eye(2).to_sparse(), gradlib.tensor([[1.], [2.]]))
    tensor([[1.],
            [2.]])
    """
    return matrix_product(input, mat2, "mm")


def addmm(mat, mat1, mat2, *, beta=1.0, alpha=1.0):
    """``beta * mat + alpha * (mat1 @ mat2)`` with a sparse ``mat1`` (``torch.sparse.addmm``).

    >>> import gradlib
    >>> gradlib.sparse.addmm(gradlib.ones(2, 1), gradlib.eye(2).to_sparse(), gradlib.ones(2, 1))
    tensor([[2.],
            [2.]])
    """
    return mat * beta + matrix_product(mat1, mat2, "sparse") * alpha


def sum(input, dim=None, dtype=None):
    """Sum of a sparse tensor (``torch.sparse.sum``): over every dim, a dense 0-d tensor; over some, a sparse
    tensor of the rest (coalesced), or a dense one when every sparse dim is summed. RuntimeError for a dense
    ``input`` (PyTorch's message), IndexError for a dim out of range.

    >>> import gradlib
    >>> s = gradlib.sparse_coo_tensor([[0, 1, 1], [2, 0, 2]], [3., 4., 5.], (2, 3))
    >>> gradlib.sparse.sum(s)
    tensor(12.)
    >>> gradlib.sparse.sum(s, 1)
    tensor(indices=tensor([[0, 1]]),
           values=tensor([3., 9.]),
           size=(2,), nnz=2, layout=gradlib.sparse_coo)
    """
    _require_sparse("coalesce", input)
    input = input._to_coo()
    values = input._values_t
    complex_support.check("sparse_sum", values)
    if dtype is not None:
        values = values.to(dtype)
    if dim is None:
        return reduction.sum(values)
    dims = _dims.normalize_dims(dim, input.ndim)
    sparse_dim = input.sparse_dim()
    summed_sparse = [d for d in dims if d < sparse_dim]
    summed_dense = [d - sparse_dim + 1 for d in dims if d >= sparse_dim]
    if summed_dense:
        values = reduction.sum(values, summed_dense)
    if len(summed_sparse) == sparse_dim:
        return reduction.sum(values, 0)
    if not summed_sparse:
        shape = tuple(n for d, n in enumerate(input.shape) if d not in dims)
        return _sparse_coo.make_coo(input._indices_t, values, shape, False).coalesce()
    kept = [d for d in range(sparse_dim) if d not in summed_sparse]
    with input._device._backend.guard(input._device):
        indices = _tensor.wrap(input._indices_t._array[kept], input._device)
    shape = tuple(n for d, n in enumerate(input.shape) if d not in dims)
    return _sparse_coo.make_coo(indices, values, shape, False).coalesce()


def _softmax(input, dim, dtype, log):
    _require_sparse("_sparse_softmax", input)
    input = input._to_coo().coalesce()
    axis = _dims.normalize_dim(dim, input.ndim)
    values = input._values_t
    if dtype is not None:
        values = values.to(dtype)
    if not values.dtype.is_floating_point:
        name = "log_softmax" if log else "softmax"
        raise NotImplementedError(f"\"{name}\" not implemented for '{values.dtype.scalar_type}'")
    node = sparse_nodes.SparseLogSoftmaxBackward0 if log else sparse_nodes.SparseSoftmaxBackward0
    sparse_dim = input.sparse_dim()
    if axis >= sparse_dim:  # along a dense dim: the values' own softmax
        function = nn_ops.log_softmax if log else nn_ops.softmax
        out = function(values, axis - sparse_dim + 1)
    else:
        out = _grouped_softmax(input, values, axis, log)
    out = sparse_nodes.name_step(node, out)
    return _sparse_coo.make_coo(input._indices_t, out, tuple(input.shape), True)


def _grouped_softmax(input, values, axis, log):
    """Softmax of the stored entries that share every sparse index but ``axis`` (the others count as -inf)."""
    xp = input._device._backend.xp
    sizes = input._sparse_sizes()
    others = [d for d in range(len(sizes)) if d != axis]
    count = 1
    for d in others:
        count *= sizes[d]
    with input._device._backend.guard(input._device):
        if others:
            group = _sparse_coo.linear_index(input._indices_t._array[others], [sizes[d] for d in others])
        else:  # one sparse dim: every entry is in the one group
            group = xp.zeros(input._nnz(), dtype=xp.int64)
    group = _tensor.wrap(group, input._device)
    dense_shape = tuple(values.shape[1:])
    spread = _shape.reshape(group, (-1,) + (1,) * len(dense_shape)).expand(tuple(values.shape))
    floor = _creation.zeros((count,) + dense_shape, dtype=values.dtype, device=input._device)
    highest = scatter_reduce.scatter_reduce(floor, 0, spread, values.detach(), "amax", include_self=False)
    shifted = values - gather_scatter.index_select(highest, 0, group)  # a constant shift: the softmax is the same
    exps = elementwise.exp(shifted)
    totals = gather_scatter.index_add(_creation.zeros((count,) + dense_shape, dtype=values.dtype,
                                                      device=input._device), 0, group, exps)
    if log:
        return shifted - gather_scatter.index_select(elementwise.log(totals), 0, group)
    return exps / gather_scatter.index_select(totals, 0, group)


def softmax(input, dim, dtype=None):
    """Softmax of a sparse tensor along ``dim`` over its stored entries only (``torch.sparse.softmax``: missing
    entries count as -inf, so they stay missing); the result is coalesced, with ``input``'s pattern.

    >>> import gradlib
    >>> s = gradlib.sparse_coo_tensor([[0, 0, 1], [0, 2, 1]], [1., 1., 5.], (2, 3))
    >>> gradlib.sparse.softmax(s, 1).to_dense()
    tensor([[0.5000, 0.0000, 0.5000],
            [0.0000, 1.0000, 0.0000]])
    """
    return _softmax(input, dim, dtype, log=False)


def log_softmax(input, dim, dtype=None):
    """Log-softmax of a sparse tensor along ``dim`` over its stored entries (``torch.sparse.log_softmax``).

    >>> import gradlib
    >>> s = gradlib.sparse_coo_tensor([[0, 0]], [0., 0.], (1,))
    >>> gradlib.sparse.log_softmax(s.coalesce(), 0).values()
    tensor([0.])
    """
    return _softmax(input, dim, dtype, log=True)


_sparse_registry.CONVERSIONS["mm"] = matrix_product
_sparse_registry.CONVERSIONS["sum"] = lambda tensor, dim, dtype: sum(tensor, dim, dtype)
