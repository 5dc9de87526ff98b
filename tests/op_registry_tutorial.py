"""Registry samples of the ops added for tutorial programs (tests/reference/tutorial_apis.py records them into
``torch_ops_tutorial.json`` and ``torch_op_dtypes_tutorial.json``): F.embedding_bag in each mode, with offsets,
per-sample weights and a padding index, and Tensor.fill_diagonal_."""
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
    Sample("embedding_bag_per_sample_weights", _bag_weighted, [F(5, 3), F(3, 2)]),
    Sample("embedding_bag_include_last_offset", _bag_last_offset, [F(5, 2)]),
    Sample("fill_diagonal_", _fill_diagonal(False), [F(5, 3)]),
    Sample("fill_diagonal_wrap", _fill_diagonal(True), [F(5, 2)]),
]
