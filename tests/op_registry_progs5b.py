"""Registry samples of the ops added for the p70-p84 tutorial programs (issue 15, helper progs5b):
repeat_interleave with an int count (flattened and along a dim) and with a counts tensor (one count per slice,
one count for all, and with output_size); the in-place views (unsqueeze_, squeeze_ in its three forms, t_,
transpose_), whose nodes carry PyTorch's in-place names; index_fill with a number and with a 0-d value tensor.

Recorded separately (``python tests/reference/record_torch.py progs5b`` writes ``torch_ops_progs5b.json`` and
``torch_op_dtypes_progs5b.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import F, Sample

# Op classes that never record a node: the counts-to-indices step of repeat_interleave
NONDIFFERENTIABLE = {"RepeatInterleaveIndex"}


def _counts(lib, values, like):
    return lib.tensor(values, device=like.device)


SAMPLES = [
    # round with decimals= given: PyTorch's round.decimals overload (RoundBackward1; found by a judge batch)
    Sample("round_decimals", lambda lib, a: lib.round(a, decimals=1), [F(2, 3, low=-3, high=3)]),
    Sample("repeat_interleave_int_flat", lambda lib, a: lib.repeat_interleave(a, 2), [F(2, 3)]),
    Sample("repeat_interleave_int_dim", lambda lib, a: a.repeat_interleave(3, dim=-1), [F(2, 2, 2)]),
    Sample("repeat_interleave_counts", lambda lib, a: lib.repeat_interleave(a, _counts(lib, [2, 0, 1], a), dim=1),
           [F(2, 3)]),
    Sample("repeat_interleave_one_count", lambda lib, a: a.repeat_interleave(_counts(lib, 2, a), dim=0), [F(3, 2)]),
    Sample("repeat_interleave_output_size",
           lambda lib, a: lib.repeat_interleave(a, _counts(lib, [1, 3], a), dim=0, output_size=4), [F(2, 2)]),
]

SAMPLES += [
    Sample("unsqueeze_", lambda lib, a: (a * 1).unsqueeze_(1), [F(2, 3)]),
    Sample("squeeze_all_", lambda lib, a: (a * 1).squeeze_(), [F(1, 3, 1)]),
    Sample("squeeze_dim_", lambda lib, a: (a * 1).squeeze_(-1), [F(2, 1)]),
    Sample("squeeze_dims_", lambda lib, a: (a * 1).squeeze_((0, 2)), [F(1, 3, 1)]),
    Sample("t_", lambda lib, a: (a * 1).t_(), [F(2, 3)]),
    Sample("transpose_", lambda lib, a: (a * 1).transpose_(0, 2), [F(2, 3, 4)]),
]

SAMPLES += [
    Sample("index_fill", lambda lib, a: a.index_fill(1, _counts(lib, [0, 2, 2], a), -1.5), [F(2, 3)]),
    Sample("index_fill_value_tensor", lambda lib, a, v: lib.index_fill(a, 0, _counts(lib, [1], a), v.sum()),
           [F(2, 3), F(2)]),
]
