"""Registry samples of the ops added for tutorial programs (tests/reference/tutorial_apis.py records them into
``torch_ops_tutorial.json`` and ``torch_op_dtypes_tutorial.json``): F.embedding_bag in each mode, with offsets,
per-sample weights and a padding index, Tensor.fill_diagonal_, linalg.solve_triangular, cholesky_solve and
linalg.cond."""
from op_registry import F, Sample


def _bag(mode, **kwargs):
    def run(lib, weight):
        indices = lib.tensor([1, 2, 4, 4, 0, 3])
        offsets = lib.tensor([0, 3, 3, 5])  # the second bag is empty
        return lib.nn.functional.embedding_bag(indices, weight, offsets, mode=mode, **kwargs)
    return run


def _bag_weighted(lib, weight, per_sample_weights):
    return lib.nn.functional.embedding_bag(lib.tensor([[1, 2], [4, 0], [3, 3]]), weight, mode="sum",
                                           per_sample_weights=per_sample_weights)


def _bag_last_offset(lib, weight):
    return lib.nn.functional.embedding_bag(lib.tensor([1, 2, 4, 4, 0]), weight, lib.tensor([0, 2, 5]), mode="mean",
                                           include_last_offset=True)


def _fill_diagonal(wrap):
    def run(lib, a):
        out = a * 1
        out.fill_diagonal_(-2.5, wrap=wrap)
        return out * 1
    return run


SAMPLES = [
    Sample("embedding_bag_sum", _bag("sum"), [F(5, 3)]),
    Sample("embedding_bag_mean", _bag("mean"), [F(5, 3)]),
    Sample("embedding_bag_max", _bag("max"), [F(5, 3)]),
    Sample("embedding_bag_mean_padding", _bag("mean", padding_idx=4), [F(5, 3)]),
    Sample("embedding_bag_max_padding", _bag("max", padding_idx=4), [F(5, 3)]),
    # twice=False: the per_sample_weights gradient has no derivative in PyTorch; gradlib refuses it alike
    # (tests/test_tutorial_apis.py and the edge corpus check the refusal)
    Sample("embedding_bag_per_sample_weights", _bag_weighted, [F(5, 3), F(3, 2)], twice=False),
    Sample("embedding_bag_include_last_offset", _bag_last_offset, [F(5, 2)]),
    Sample("fill_diagonal_", _fill_diagonal(False), [F(5, 3)]),
    Sample("fill_diagonal_wrap", _fill_diagonal(True), [F(5, 2)]),
]


def _triangular(upper, left=True, unitriangular=False):
    def run(lib, a, b):
        well = a + 3 * lib.eye(3)  # a well-conditioned triangle
        return lib.linalg.solve_triangular(well, b if left else b.mT, upper=upper, left=left,
                                           unitriangular=unitriangular)
    return run


def _cholesky_solve(upper):
    def run(lib, b, a):
        well = a + 3 * lib.eye(3)
        factor = well.triu() if upper else well.tril()  # PyTorch's gradient reads the whole factor: keep it one
        return lib.cholesky_solve(b, factor, upper=upper)
    return run


SAMPLES += [
    Sample("solve_triangular_lower", _triangular(False), [F(3, 3), F(3, 2)]),
    Sample("solve_triangular_upper_batched", _triangular(True), [F(2, 3, 3), F(3, 2)]),
    Sample("solve_triangular_unit", _triangular(False, unitriangular=True), [F(3, 3), F(3, 2)]),
    Sample("solve_triangular_right", _triangular(True, left=False), [F(3, 3), F(3, 2)]),
    Sample("cholesky_solve_lower", _cholesky_solve(False), [F(3, 2), F(3, 3)]),
    Sample("cholesky_solve_upper", _cholesky_solve(True), [F(2, 3, 1), F(3, 3)]),
    Sample("cond", lambda lib, a: lib.linalg.cond(a + 3 * lib.eye(3)), [F(3, 3)]),
    Sample("cond_minus_2", lambda lib, a: lib.linalg.cond(a + 3 * lib.eye(3), -2), [F(3, 3)]),
]
