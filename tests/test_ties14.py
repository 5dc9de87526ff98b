"""Ties, signed zeros and NaN as PyTorch picks them (session 14, ties14): fmax/fmin and clamp with number bounds keep
their first operand (the input) where the two compare equal (-0. against 0.), cummax/cummin give the value at the
index they report, unique counts each NaN apart, searchsorted/bucketize run PyTorch's binary search (NaN values and
boundaries), quantile's lower/higher/nearest return the order statistic itself and linear/midpoint go through lerp,
and nanquantile's messages are quantile()'s.

Values are PyTorch 2.13's, recorded bit for bit (floats by ``repr``: the sign of zero counts) in
``tests/reference/torch_ties14.json`` by ``python tests/reference/record_torch.py ties14`` from the cases in
``tests/reference/ties14.py``. ``FIXED`` are the cases gradlib answered differently before this session; the
sweep's other cases already agreed, except ``ties14.KNOWN_DIFFERENT``: where PyTorch's CPU answer at a tie is an
artifact of its kernel (SIMD lanes, quickselect, sorting NaN) rather than a rule gradlib could follow on every device.
"""
import json

import pytest

import gradlib
from reference import ties14

RECORDED = json.loads(ties14.FILE.read_text())

FIXED = (
    'fmax_zeros/float32', 'fmax_swapped/float32', 'fmax_minus_zeros/float32', 'fmax_0d', 'fmin_zeros/float32',
    'fmin_swapped/float32', 'fmin_minus_zeros/float32', 'fmin_0d', 'clamp_min0/float32', 'clamp_min0/float64',
    'clamp_min_minus0/float32', 'clamp_min_minus0/float64', 'clamp_max0/float32', 'clamp_max0/float64',
    'clamp_max_minus0/float32', 'clamp_max_minus0/float64', 'clip_min0/float32', 'clip_min0/float64',
    'clamp_min_fn/float32', 'clamp_min_fn/float64', 'clamp_max_fn/float32', 'clamp_max_fn/float64',
    'clamp_min_method_minus0/float32', 'clamp_min_method_minus0/float64', 'clamp_inplace_min0/float32',
    'clamp_inplace_min0/float64', 'clamp_min_inplace_minus0/float32', 'clamp_min_inplace_minus0/float64',
    'nanquantile_whole/float16', 'nanquantile_dim1/float16', 'nanquantile_lower/float16',
    'nanquantile_lower/float32', 'nanquantile_lower/float64', 'nanquantile_nearest/float16',
    'nanquantile_nearest/float32', 'nanquantile_nearest/float64', 'cummax_dim1/float32', 'cummax_dim1/float64',
    'cummin_dim1/float32', 'cummin_dim1/float64', 'cummax_dim0/float32', 'cummax_dim0/float64',
    'cummin_dim0/float32', 'cummin_dim0/float64', 'unique_nan', 'unique_zeros_minus_first', 'searchsorted',
    'quantile_error/interpolation', 'quantile_error/interpolation_quantile', 'quantile_error/q_range',
    'quantile_error/q_2d', 'quantile_error/dtype', 'quantile_error/dtype_half', 'quantile_midpoint_linear_large',
    'searchsorted_batched', 'unique_nan_inverse',
)

def _answer(name, device):
    return json.loads(json.dumps(ties14.run(gradlib, name, device)))


@pytest.mark.parametrize("name", FIXED)
def test_fixed_case_is_pytorchs(device, name):
    assert _answer(name, device) == RECORDED[name]


def _f64(device, values, grad=True):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=grad)


@pytest.mark.parametrize("op", ["maximum", "minimum"])
def test_maximum_minimum_split_ties_and_pass_gradcheck(device, op):
    """At x == y both get half (central differences agree); -0. against 0. is a known difference (KNOWN_DIFFERENT:
    PyTorch's answer depends on the tensor's length)."""
    function = getattr(gradlib, op)
    x = _f64(device, [1.0, 2.0, -0.0, 3.0, 0.5])
    y = _f64(device, [1.0, 1.0, 0.0, 4.0, 0.5])
    assert gradlib.autograd.gradcheck(function, (x, y))
    # off the ties (where the first derivative jumps, as PyTorch's)
    assert gradlib.autograd.gradgradcheck(function, (_f64(device, [-0.0, 2.0]), _f64(device, [0.5, 1.0])))


@pytest.mark.parametrize("op", ["fmax", "fmin"])
def test_fmax_fmin_keep_first_and_pass_gradcheck(device, op):
    assert _answer(f"{op}_zeros/float32", device) == RECORDED[f"{op}_zeros/float32"]
    function = getattr(gradlib, op)
    x = _f64(device, [-0.0, 2.0, -1.5, 3.0])
    y = _f64(device, [0.25, 1.0, 0.0, 4.0])
    assert gradlib.autograd.gradcheck(function, (x, y))
    assert gradlib.autograd.gradgradcheck(function, (x, y))


def test_clamp_keeps_minus_zero_and_passes_gradcheck(device):
    for name in ("clamp_min0/float64", "clamp_min_inplace_minus0/float64"):
        assert _answer(name, device) == RECORDED[name]
    x = _f64(device, [-0.0, -1.0, 0.5, 2.0, 0.75])
    low = _f64(device, [0.25, 0.0, 0.0, 0.0, -1.0])
    high = _f64(device, [1.0, 1.0, 1.0, 1.0, 0.0])
    assert gradlib.autograd.gradcheck(lambda a: a.clamp(min=0.25, max=1.0), (x,))
    assert gradlib.autograd.gradcheck(lambda a, b, c: a.clamp(b, c), (x, low, high))
    assert gradlib.autograd.gradgradcheck(lambda a, b, c: a.clamp(b, c), (x, low, high))


@pytest.mark.parametrize("op", ["cummax", "cummin"])
def test_cummax_cummin_value_at_index_and_pass_gradcheck(device, op):
    assert _answer(f"{op}_dim1/float64", device) == RECORDED[f"{op}_dim1/float64"]
    x = _f64(device, [[0.5, -1.0, 2.0, 1.5], [3.0, -2.0, 4.0, -3.0]])
    assert gradlib.autograd.gradcheck(lambda a: getattr(a, op)(dim=1).values, (x,))
    assert gradlib.autograd.gradgradcheck(lambda a: getattr(a, op)(dim=1).values, (x,))


def test_unique_counts_each_nan_apart(device):
    for name in ("unique_nan", "unique_zeros_minus_first", "unique_nan_inverse"):
        assert _answer(name, device) == RECORDED[name]


def test_searchsorted_batched_rows_with_nan(device):
    for name in ("searchsorted", "searchsorted_batched"):
        assert _answer(name, device) == RECORDED[name]


@pytest.mark.parametrize("interpolation", ["linear", "midpoint", "lower", "nearest"])
def test_quantile_order_statistic_and_lerp_pass_gradcheck(device, interpolation):
    for name in ("nanquantile_lower/float64", "nanquantile_nearest/float64", "quantile_midpoint_linear_large"):
        assert _answer(name, device) == RECORDED[name]
    x = _f64(device, [[0.5, -1.0, 2.0, 1.5], [3.0, -2.0, 4.0, -3.0]])
    q = gradlib.tensor([0.3, 0.5, 0.9], dtype=gradlib.float64, device=device)
    function = lambda a: gradlib.quantile(a, q, dim=1, interpolation=interpolation)  # noqa: E731
    assert gradlib.autograd.gradcheck(function, (x,))
    assert gradlib.autograd.gradgradcheck(function, (x,))


def test_every_other_case_of_the_sweep_is_pytorchs(device):
    """The whole sweep (tests/reference/ties14.py), not only the cases this session fixed: each case outside
    KNOWN_DIFFERENT answers as PyTorch did; a known difference that now agrees is taken off the list."""
    wrong = []
    stale = []
    for name in sorted(RECORDED):
        same = _answer(name, device) == RECORDED[name]
        if name in ties14.KNOWN_DIFFERENT:
            if same and device == "cpu":
                stale.append(name)
        elif not same:
            wrong.append(name)
    assert not wrong, f"differ from PyTorch 2.13: {wrong}"
    assert not stale, f"now as PyTorch's; remove from KNOWN_DIFFERENT: {stale}"
