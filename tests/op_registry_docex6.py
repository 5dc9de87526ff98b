"""Registry samples of the ops fixed for PyTorch's docstring examples (helper docex6; recorded by
tests/reference/docex6.py into ``torch_ops_docex6.json`` and ``torch_op_dtypes_docex6.json``): linalg.solve with
batch dims that broadcast (B shared by a batch of A, A shared by a batch of B, a vector B under a batch of A); einsum's
sublist form."""
from op_registry import F, Input, Sample


def _solve(lib, a, b):
    return lib.linalg.solve(a, b)


SAMPLES = [
    Sample("solve_broadcast_column", _solve, [Input(2, 3, 3, kind="spd"), F(3, 1)]),
    Sample("solve_broadcast_matrix_batch", _solve, [Input(3, 3, kind="spd"), F(2, 3, 2)]),
    Sample("solve_broadcast_vector", _solve, [Input(2, 3, 3, kind="spd"), F(3)]),
    Sample("solve_broadcast_both", _solve, [Input(2, 1, 3, 3, kind="spd"), F(4, 3, 1)]),
]

NONDIFFERENTIABLE = set()


def _einsum_sublist(lib, a, b):
    return lib.einsum(a, [..., 0, 1], b, [..., 1, 2], [..., 0, 2])


SAMPLES.append(Sample("einsum_sublist_batched", _einsum_sublist, [F(3, 2, 5), F(3, 5, 4)]))
