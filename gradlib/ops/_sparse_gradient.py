"""Sparse COO gradients as the engine carries them, and PyTorch's sum of two COO tensors.

``nn.Embedding(sparse=True)`` (``EmbeddingBackward0`` with ``sparse``) gives its weight a sparse COO gradient, as
PyTorch's: indices = the looked-up rows in order (``padding_idx`` left out), values = the output gradient's rows,
not coalesced. On the engine's fast path gradients are raw arrays; a sparse one is a ``SparseGradient``: raw index
and value arrays that answer the few questions the walk asks of a gradient (``shape``, ``dtype``, ``+``), so the
walk itself does not change. Where gradients meet:

- sparse + sparse (two lookups of one weight in one backward, or ``.grad += grad``): PyTorch's CPU kernel
  (``add_out_sparse_cpu``) *merges* the two index lists as they are when both values are contiguous: a two-pointer
  walk that takes the smaller head, or both when the heads are equal (their values summed), without coalescing
  either; with a non-contiguous values tensor (the stride-0 gradient of a ``sum()``) it concatenates, and
  coalesces once nnz exceeds the dense numel. Its CUDA kernel always concatenates (no host read of nnz).
  ``merged_layout`` gives each, by the device and ``merge``.
- sparse + dense, dense + sparse: dense (the sparse one scattered into the dense one).

The leaf's ``.grad`` becomes a ``SparseCooTensor`` (``engine`` accumulates through ``accumulate_into``); under
``create_graph`` the gradient is a ``SparseCooTensor`` from the start (its values keep their graph).
"""
from .. import _sparse_registry

__all__ = ["SparseGradient", "merges", "merged_layout", "add_into_dense", "linear_of", "from_tensor"]


def linear_of(indices, sizes):
    """The row-major position of each column of the index array ``indices`` among the sparse ``sizes``."""
    if not len(sizes):
        return indices.sum(axis=0)
    linear = indices[0]
    for dim in range(1, len(sizes)):
        linear = linear * sizes[dim] + indices[dim]
    return linear


def _merge_positions(first, second):
    """PyTorch's CPU merge of two index lists (host ints): each entry's position in the result, and its length.
    The heads are compared; the smaller goes first, equal heads share one position."""
    first_positions = []
    second_positions = []
    i = j = count = 0
    n_first, n_second = len(first), len(second)
    while i < n_first or j < n_second:
        if i >= n_first:
            order = -1
        elif j >= n_second:
            order = 1
        else:
            order = (first[i] < second[j]) - (first[i] > second[j])
        if order >= 0:
            first_positions.append(count)
            i += 1
        if order <= 0:
            second_positions.append(count)
            j += 1
        count += 1
    return first_positions, second_positions, count


def merges(device, first_values, second_values):
    """Whether PyTorch's kernel merges two sparse tensors with these value arrays (else it concatenates)."""
    return device.type != "cuda" and first_values.flags.c_contiguous and second_values.flags.c_contiguous


def merged_layout(device, first_indices, second_indices, sizes, merge):
    """Where the entries of two COO index arrays (sparse_dim x nnz, on ``device``) go in their sum: (result
    indices, positions of the first's entries, positions of the second's, result nnz). ``merge``: PyTorch's CPU
    merge (equal heads share a position), else the concatenation. Both non-empty."""
    backend = device._backend
    xp = backend.xp
    n_first = first_indices.shape[1]
    n_second = second_indices.shape[1]
    with backend.guard(device):
        if not merge:
            indices = xp.concatenate([first_indices, second_indices], axis=1)
            first_positions = xp.arange(n_first, dtype=xp.int64)
            second_positions = xp.arange(n_first, n_first + n_second, dtype=xp.int64)
            return indices, first_positions, second_positions, n_first + n_second
        first_linear = linear_of(first_indices, sizes)
        second_linear = linear_of(second_indices, sizes)
        if n_first == n_second and bool((first_linear == second_linear).all()):
            same = xp.arange(n_first, dtype=xp.int64)  # the common case: the same batch twice
            return first_indices.copy(), same, same, n_first
        first_list, second_list, count = _merge_positions(first_linear.tolist(), second_linear.tolist())
        first_positions = xp.asarray(first_list, dtype=xp.int64)
        second_positions = xp.asarray(second_list, dtype=xp.int64)
        indices = xp.empty((first_indices.shape[0], count), dtype=first_indices.dtype)
        indices[:, first_positions] = first_indices
        indices[:, second_positions] = second_indices
        return indices, first_positions, second_positions, count


def add_into_dense(device, dense, indices, values, alpha=None):
    """``dense += alpha * sparse`` in place on the raw array ``dense`` (repeated indices accumulate, in entry
    order as PyTorch's CPU kernel)."""
    backend = device._backend
    with backend.guard(device):
        if alpha is not None:
            values = values * alpha
        if indices.shape[1]:
            backend.scatter_add(dense, tuple(indices), values.astype(dense.dtype, copy=False))
    return dense


class SparseGradient:
    """A sparse COO gradient on the engine's fast path: raw ``indices`` (sparse_dim x nnz, int64) and ``values``
    (nnz x dense dims) arrays on ``device``, of the dense ``shape``. NumPy and CuPy defer to it in ``+``."""

    __slots__ = ("indices", "values", "shape", "device", "coalesced")
    __array_ufunc__ = None  # ndarray + SparseGradient: NumPy hands the sum to __radd__
    __array_priority__ = 1000  # CuPy's rule for the same
    base = None  # never a view: the engine may keep it as a leaf's .grad

    def __init__(self, indices, values, shape, device, coalesced=None):
        self.indices = indices
        self.values = values
        self.shape = tuple(shape)
        self.device = device
        self.coalesced = indices.shape[1] <= 1 if coalesced is None else coalesced

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def ndim(self):
        return len(self.shape)

    def sparse_sizes(self):
        return self.shape[:self.indices.shape[0]]

    def copy(self):
        return SparseGradient(self.indices.copy(), self.values.copy(), self.shape, self.device, self.coalesced)

    def dense(self):
        """The dense array (duplicates summed)."""
        backend = self.device._backend
        with backend.guard(self.device):
            out = backend.xp.zeros(self.shape, dtype=self.values.dtype)
        return add_into_dense(self.device, out, self.indices, self.values)

    def __add__(self, other):
        if other.__class__ is SparseGradient:
            return self.plus(other)
        return other + self.dense()  # a dense result, as PyTorch's sparse + dense in the engine

    def __radd__(self, other):
        return other + self.dense()

    def plus(self, other):
        """``self + other`` of two sparse gradients (see the module docstring)."""
        if not other.indices.shape[1]:
            return SparseGradient(self.indices, self.values, self.shape, self.device, self.coalesced)
        if not self.indices.shape[1]:
            return SparseGradient(other.indices, other.values, self.shape, self.device, other.coalesced)
        merge = merges(self.device, self.values, other.values)
        indices, first, second, count = merged_layout(self.device, self.indices, other.indices,
                                                      self.sparse_sizes(), merge)
        backend = self.device._backend
        with backend.guard(self.device):
            values = backend.xp.zeros((count,) + self.values.shape[1:], dtype=self.values.dtype)
            values[first] = self.values
            values[second] += other.values.astype(values.dtype, copy=False)
        total = SparseGradient(indices, values, self.shape, self.device,
                               merge and self.coalesced and other.coalesced)
        if not merge and self.device.type != "cuda" and count > _numel(self.shape):
            total = from_tensor(total.tensor().coalesce())  # PyTorch's bound on a concatenation's growth,
            total.coalesced = False  # aliased into the result, which does not keep the flag
        return total

    def tensor(self):
        """The ``SparseCooTensor`` of this gradient (sharing its arrays)."""
        return _sparse_registry.CONVERSIONS["coo_from_arrays"](self.indices, self.values, self.shape, self.device,
                                                               self.coalesced)


def _numel(shape):
    count = 1
    for size in shape:
        count *= size
    return count


def from_tensor(sparse):
    """The ``SparseGradient`` of a COO tensor (a hook's replacement of a sparse gradient), sharing its arrays."""
    return SparseGradient(sparse._indices_t._array, sparse._values_t._array, tuple(sparse.shape), sparse._device,
                          sparse._coalesced)
