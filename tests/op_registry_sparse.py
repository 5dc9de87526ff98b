"""Registry samples of the sparse ops (issue 15, helper sparse7): every sparse op is differentiable in its values
and its dense operand, so each sample builds a sparse tensor from a float64 values input (indices constant) and
returns a dense tensor (or the values) for the generic tests: gradcheck and gradgradcheck in float64, PyTorch's
values, gradients and dtypes (``python tests/reference/record_torch.py sparse`` writes ``torch_ops_sparse.json``,
``torch_op_dtypes_sparse.json`` and ``torch_grad_fn_names_sparse.json``).

PyTorch's gradcheck of sparse inputs checks the gradient on the stored entries only (``masked`` semantics); these
samples differentiate with respect to the values tensor, which is the same thing.
"""
from op_registry import F, Sample

#: an uncoalesced 3x3 pattern (position (0, 2) twice)
INDICES = [[0, 1, 1, 0], [2, 0, 2, 2]]
#: the same entries coalesced
COALESCED = [[0, 1, 1], [2, 0, 2]]


# check_invariants: PyTorch validates the parts (the edge corpus's empty values would crash it otherwise)
def _coo(lib, values, indices=INDICES, size=(3, 3)):
    return lib.sparse_coo_tensor(lib.tensor(indices, device=values.device), values, size, check_invariants=True)


def _csr(lib, values):
    return lib.sparse_csr_tensor(lib.tensor([0, 1, 3, 3], device=values.device),
                                 lib.tensor([2, 0, 2], device=values.device), values, (3, 3),
                                 check_invariants=True)


def _masked(lib, x):
    mask = lib.tensor([[1., 0., 1.], [0., 1., 0.], [1., 1., 0.]], dtype=x.dtype, device=x.device)
    return x * mask


SAMPLES = [
    Sample("sparse_coo_to_dense", lambda lib, v: _coo(lib, v).to_dense(), [F(4)]),
    Sample("sparse_coo_to_dense_hybrid", lambda lib, v: _coo(lib, v, size=(3, 3, 2)).to_dense(), [F(4, 2)]),
    Sample("sparse_coalesce_values", lambda lib, v: _coo(lib, v).coalesce().values(), [F(4)]),
    Sample("sparse_mm", lambda lib, v, x: lib.sparse.mm(_coo(lib, v), x), [F(4), F(3, 2)]),
    Sample("sparse_mm_coalesced", lambda lib, v, x: lib.sparse.mm(_coo(lib, v).coalesce(), x), [F(4), F(3, 2)]),
    Sample("spmm", lambda lib, v, x: lib.spmm(_coo(lib, v, COALESCED), x), [F(3), F(3, 4)]),
    Sample("sparse_matmul_operator", lambda lib, v, x: _coo(lib, v) @ x, [F(4), F(3, 2)]),
    Sample("sparse_mm_function", lambda lib, v, x: lib.mm(_coo(lib, v), x), [F(4), F(3, 2)]),
    Sample("sparse_matmul_vector", lambda lib, v, x: lib.matmul(_coo(lib, v), x), [F(4), F(3)]),
    Sample("dense_matmul_sparse", lambda lib, x, v: x @ _coo(lib, v), [F(2, 3), F(4)]),
    Sample("sparse_sum_all", lambda lib, v: lib.sparse.sum(_coo(lib, v)), [F(4)]),
    Sample("sparse_sum_dim0", lambda lib, v: lib.sparse.sum(_coo(lib, v), 0).values(), [F(4)]),
    Sample("sparse_sum_dense_dim", lambda lib, v: lib.sparse.sum(_coo(lib, v, size=(3, 3, 2)), 2).values(),
           [F(4, 2)]),
    Sample("sparse_softmax_rows", lambda lib, v: lib.sparse.softmax(_coo(lib, v), 1).values(), [F(4)]),
    Sample("sparse_softmax_columns", lambda lib, v: lib.sparse.softmax(_coo(lib, v), 0).values(), [F(4)]),
    Sample("sparse_log_softmax", lambda lib, v: lib.sparse.log_softmax(_coo(lib, v), 1).values(), [F(4)]),
    Sample("dense_to_sparse", lambda lib, x: lib.sparse.mm(_masked(lib, x).to_sparse(), x), [F(3, 3)]),
    Sample("dense_to_sparse_values", lambda lib, x: _masked(lib, x).to_sparse().values(), [F(3, 3)]),
    Sample("sparse_csr_to_dense", lambda lib, v: _csr(lib, v).to_dense(), [F(3)]),
    Sample("sparse_csr_matmul", lambda lib, v, x: _csr(lib, v) @ x, [F(3), F(3, 2)]),
    Sample("sparse_scaled", lambda lib, v: (_coo(lib, v) * 2.5 / 2 - _coo(lib, v)).to_dense(), [F(4)]),
    Sample("dense_plus_sparse", lambda lib, x, v: x + _coo(lib, v), [F(3, 3), F(4)]),
]

