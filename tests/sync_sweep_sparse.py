"""tests/test_sync_sweep.py's calls for the sparse-layout Tensor methods (``NO_WAIT``: never wait, in PyTorch neither;
``HOST_READS``: one wait, as PyTorch's) and the sparse registry samples that wait (``EXPECTED``). Each call gets the
sweep's operands x (3, 4) float leaf requiring grad, w (4, 2), v (4,), i (int64 index (3, 2)), m (bool mask (3, 4)).
A sparse tensor made with its size given and ``is_coalesced`` stated waits for nothing; coalescing one and
converting a dense tensor (the number of entries sizes the result) wait once, as PyTorch's coalesce and to_sparse."""
import gradlib


def _coo(x, v, i):
    """A coalesced 3x4 COO tensor with values from the leaf ``v`` (rows 0, 1, 2; columns 3, 1, 0)."""
    return gradlib.sparse_coo_tensor(i.t(), v[:3], (3, 4), is_coalesced=True)


def _uncoalesced(x, v, i):
    return gradlib.sparse_coo_tensor(i.t().flip(1), v[:3], (3, 4))


def _csr(x, v, i):
    crow = gradlib.tensor([0, 1, 2, 3], device=x.device)
    return gradlib.sparse_csr_tensor(crow, i[:, 1], v[:3], (3, 4))


NO_WAIT = {
    "is_sparse": lambda x, w, v, i, m: (x.is_sparse, _coo(x, v, i).is_sparse),
    "is_sparse_csr": lambda x, w, v, i, m: (x.is_sparse_csr, _csr(x, v, i).is_sparse_csr),
    "layout": lambda x, w, v, i, m: (x.layout, _coo(x, v, i).layout, _csr(x, v, i).layout),
    "sparse_dim": lambda x, w, v, i, m: (x.sparse_dim(), _coo(x, v, i).sparse_dim()),
    "dense_dim": lambda x, w, v, i, m: (x.dense_dim(), _coo(x, v, i).dense_dim()),
    "is_coalesced": lambda x, w, v, i, m: _uncoalesced(x, v, i).is_coalesced(),
    "indices": lambda x, w, v, i, m: _coo(x, v, i).indices(),
    "values": lambda x, w, v, i, m: _coo(x, v, i).values(),
    "crow_indices": lambda x, w, v, i, m: _csr(x, v, i).crow_indices(),
    "col_indices": lambda x, w, v, i, m: _csr(x, v, i).col_indices(),
    "to_dense": lambda x, w, v, i, m: (x.to_dense(), _coo(x, v, i).to_dense(), _csr(x, v, i).to_dense()),
}

HOST_READS = {  # the number of entries sizes the result
    "coalesce": lambda x, w, v, i, m: _uncoalesced(x, v, i).coalesce(),
    "to_sparse": lambda x, w, v, i, m: x.to_sparse(),
    "to_sparse_coo": lambda x, w, v, i, m: x.to_sparse_coo(),
    "to_sparse_csr": lambda x, w, v, i, m: x.to_sparse_csr(),
}

#: the registry samples that wait once in their forward: coalesce (directly, or in sparse.sum over a dim and
#: sparse.softmax) learns the number of unique indices, to_sparse the number of nonzeros, as PyTorch's do
EXPECTED = {(name, "forward"): 1 for name in (
    "sparse_coalesce_values", "sparse_mm_coalesced", "sparse_sum_dim0", "sparse_sum_dense_dim", "sparse_softmax_rows",
    "sparse_softmax_columns", "sparse_log_softmax", "dense_to_sparse", "dense_to_sparse_values")}
