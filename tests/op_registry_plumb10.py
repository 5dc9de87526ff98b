"""Registry samples of the tensor plumbing ops of issue 15 (helper plumb10): index_copy, index_reduce (every
reduction, with and without self), put (writing and accumulating), masked_scatter, as_strided (disjoint and
overlapping windows, an offset), as_strided_ (AsStridedBackward1), as_strided_scatter, split_with_sizes and the
unsafe splits, and torch.gradient (composed as PyTorch's: CatBackward0 over DivBackward1/MulBackward1; its coordinate
spacing, whose graph PyTorch builds otherwise, is checked in tests/test_plumb10.py).

Recorded separately (``python tests/reference/record_torch.py plumb10`` writes ``torch_ops_plumb10.json``,
``torch_op_dtypes_plumb10.json`` and ``torch_grad_fn_names_plumb10.json``); ``op_registry.SAMPLES`` includes
these, so every generic test runs them.
"""
from op_registry import F, Sample


def _index(lib, values, like):
    return lib.tensor(values, device=like.device)


def _mask(lib, like):
    return lib.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, True]],
                      device=like.device)


SAMPLES = [
    Sample("index_copy", lambda lib, a, s: a.index_copy(0, _index(lib, [2, 0], a), s), [F(3, 4), F(2, 4)]),
    Sample("index_copy_dim1", lambda lib, a, s: lib.index_copy(a, -1, _index(lib, [1], a), s), [F(2, 3), F(2, 1)]),
    Sample("put", lambda lib, a, s: a.put(_index(lib, [[1, -1], [4, 0]], a), s), [F(2, 3), F(2, 2)]),
    Sample("put_accumulate", lambda lib, a, s: lib.put(a, _index(lib, [1, 5, 1], a), s, accumulate=True),
           [F(2, 3), F(3)]),
    Sample("masked_scatter", lambda lib, a, s: a.masked_scatter(_mask(lib, a), s), [F(3, 4), F(3, 3)]),
    Sample("masked_scatter_broadcast", lambda lib, a, s: lib.masked_scatter(a, _mask(lib, a), s), [F(4), F(8)]),
    Sample("as_strided", lambda lib, a: a.as_strided((2, 2), (1, 3), 1), [F(2, 3)]),
    Sample("as_strided_overlapping", lambda lib, a: lib.as_strided(a, (3, 3), (1, 1)), [F(6)]),
    Sample("as_strided_of_expanded", lambda lib, a: a.expand(3, 2).as_strided((2, 2), (1, 0)), [F(2)]),
    Sample("as_strided_", lambda lib, a: (a * 1).as_strided_((2, 2), (2, 1), 1), [F(6)]),
    Sample("as_strided_scatter", lambda lib, a, s: lib.as_strided_scatter(a, s, (2, 2), (1, 2), 1), [F(6), F(2, 2)],
           exact_derivative=False),
    Sample("as_strided_scatter_2d", lambda lib, a, s: a.as_strided_scatter(s, (3,), (2,)), [F(3, 2), F(3)],
           exact_derivative=False),  # PyTorch gives the input the written places' gradient
    Sample("split_with_sizes", lambda lib, a: a.split_with_sizes([1, 3], 1), [F(2, 4)]),
    Sample("unsafe_split", lambda lib, a: lib.unsafe_split(a, 2), [F(5, 2)]),
    Sample("unsafe_chunk", lambda lib, a: a.unsafe_chunk(2, -1), [F(2, 3)]),
    Sample("unsafe_split_with_sizes", lambda lib, a: a.unsafe_split_with_sizes([2, 1]), [F(3, 2)]),
    Sample("gradient", lambda lib, a: lib.gradient(a), [F(3, 4)]),
    Sample("gradient_edge_order_2", lambda lib, a: lib.gradient(a, spacing=0.5, dim=-1, edge_order=2), [F(2, 4)]),
]

for _reduce in ("prod", "mean", "amax", "amin"):
    for _self in (True, False):
        SAMPLES.append(Sample(
            f"index_reduce_{_reduce}{'' if _self else '_without_self'}",
            lambda lib, a, s, reduce=_reduce, include_self=_self: a.index_reduce(
                0, _index(lib, [0, 2, 0], a), s, reduce, include_self=include_self),
            [F(3, 2), F(3, 2)]))
