"""Registry samples of the nn gaps of issue 15 built by helper nn5a: adaptive max pooling, grid_sample /
affine_grid, conv3d and 3-d pooling, max_unpool, lp_pool, bilinear.

Recorded separately (``python tests/reference/record_torch.py nn5a`` writes ``torch_ops_nn5a.json``,
``torch_op_dtypes_nn5a.json`` and ``torch_grad_fn_names_nn5a.json``); ``op_registry.SAMPLES`` includes these, so
every generic test runs them.
"""
from op_registry import F, Sample


def _f(lib):
    return lib.nn.functional


SAMPLES = [
    # adaptive max pooling (windows overlap for 5 -> 3 and 7 -> 4; divisible sizes make disjoint windows)
    Sample("adaptive_max_pool2d", lambda lib, x: _f(lib).adaptive_max_pool2d(x, (3, 4)), [F(2, 2, 5, 7)]),
    Sample("adaptive_max_pool2d_indices", lambda lib, x: _f(lib).adaptive_max_pool2d(x, 2, return_indices=True),
           [F(3, 4, 6)]),
    Sample("adaptive_max_pool2d_none_upsample", lambda lib, x: _f(lib).adaptive_max_pool2d(x, (None, 5)),
           [F(1, 2, 3, 3)]),
    Sample("adaptive_max_pool1d", lambda lib, x: _f(lib).adaptive_max_pool1d(x, 3, True), [F(2, 3, 7)]),
]

#: op classes of these samples that never record a node
NONDIFFERENTIABLE = set()
