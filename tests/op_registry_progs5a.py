"""Registry samples of the ops added for the p55–p69 tutorial programs (tests/reference/progs5a.py records them
into ``torch_ops_progs5a.json`` and ``torch_op_dtypes_progs5a.json``): Tensor.unfold (overlapping, strided and
single windows; a last dim, a middle dim) and a 0-d index in gather/scatter on a vector
(repeat_interleave's samples are in op_registry_progs5b.py)."""
from op_registry import F, Sample


def _unfold(dim, size, step):
    def run(lib, a):
        return a.unfold(dim, size, step) * 1  # * 1: a view's values, compared after a copy
    return run


def _gather_0d(lib, a):
    return a.gather(0, lib.tensor(2))


def _scatter_0d(lib, a, src):
    return a.scatter(0, lib.tensor(1), src)


SAMPLES = [
    Sample("unfold_overlapping", _unfold(1, 3, 1), [F(2, 6)]),
    Sample("unfold_strided", _unfold(-1, 2, 3), [F(3, 8)]),
    Sample("unfold_middle_dim", _unfold(1, 2, 2), [F(2, 5, 3)]),
    Sample("unfold_one_window", _unfold(0, 4, 5), [F(4)]),
    Sample("gather_0d_index", _gather_0d, [F(5)]),
    Sample("scatter_0d_index", _scatter_0d, [F(4), F()]),
]
