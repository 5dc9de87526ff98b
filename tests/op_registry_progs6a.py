"""Registry samples of the ops added or changed for the p85–p99 tutorial programs (tests/reference/progs6a.py
records them into ``torch_ops_progs6a.json``, ``torch_op_dtypes_progs6a.json`` and
``torch_grad_fn_names_progs6a.json``): pairwise_distance's NormBackward1 (p = 2, 1, 3, inf; a broadcast row, 1-D
inputs, keepdim), triplet_margin_with_distance_loss (the default distance, a custom one, swap), and copies into
the channels-last order (clone, contiguous and Tensor.to with memory_format)."""
from op_registry import F, Sample


def _pairwise(p=2.0, keepdim=False, eps=1e-6):
    def run(lib, a, b):
        return lib.nn.functional.pairwise_distance(a, b, p=p, eps=eps, keepdim=keepdim)
    return run


def _triplet(swap=False, custom=False, reduction="mean"):
    def run(lib, a, p, n):
        distance = (lambda x, y: (x - y).abs().sum(-1)) if custom else None
        return lib.nn.functional.triplet_margin_with_distance_loss(a, p, n, distance_function=distance, margin=0.7,
                                                                    swap=swap, reduction=reduction)
    return run


def _clone_channels_last(lib, a):
    return a.clone(memory_format=lib.channels_last) * 1  # * 1: the values, compared after a row-major copy


def _contiguous_channels_last(lib, a):
    return a.contiguous(memory_format=lib.channels_last).sin()


def _to_channels_last(lib, a):
    return a.to(memory_format=lib.channels_last).exp()


def _to_channels_last_3d(lib, a):
    return a.to(a.dtype, memory_format=lib.channels_last_3d) * 2


SAMPLES = [
    Sample("pairwise_distance_p2", _pairwise(), [F(4, 3), F(4, 3)]),
    Sample("pairwise_distance_p1_row", _pairwise(p=1.0), [F(4, 3, away_from_zero=True), F(3, grad=False)]),
    Sample("pairwise_distance_p3_keepdim", _pairwise(p=3.0, keepdim=True), [F(2, 5), F(2, 5)]),
    Sample("pairwise_distance_inf", _pairwise(p=float("inf")), [F(3, 4), F(3, 4)]),
    Sample("pairwise_distance_1d", _pairwise(eps=0.01), [F(5), F(5)]),
    Sample("triplet_with_distance_default", _triplet(), [F(4, 3), F(4, 3), F(4, 3)]),
    Sample("triplet_with_distance_custom_swap", _triplet(swap=True, custom=True, reduction="sum"),
           [F(3, 4, away_from_zero=True), F(3, 4, grad=False), F(3, 4)], twice=False),
    Sample("clone_channels_last", _clone_channels_last, [F(2, 3, 2, 2)]),
    Sample("contiguous_channels_last", _contiguous_channels_last, [F(1, 2, 3, 2)]),
    Sample("to_channels_last", _to_channels_last, [F(2, 2, 1, 3)]),
    Sample("to_channels_last_3d", _to_channels_last_3d, [F(1, 2, 2, 1, 2)]),
]
