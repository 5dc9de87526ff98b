"""Gradients at kinks and edge values (issue 14, class 1): every case of ``reference/edge_grads.py`` (op x edge
input: 0, ties, constant inputs, domain edges) gives PyTorch's value, first and second derivative, read from
``reference/torch_edge_grads.json`` (recorded with ``python tests/reference/record_torch.py edge_grads``).
Zeros of values and first derivatives compare with their sign (atan2(0, 0)'s gradient is [0, -0]); NaN where
PyTorch has NaN. Smooth cases also
pass gradcheck/gradgradcheck in float64 (``test_smooth_cases_pass_gradcheck``)."""
import json
import math
import warnings

import pytest

import gradlib
from reference.edge_grads import CASES, RECORD, make_inputs, run

RECORDED = json.loads(RECORD.read_text())

# Where gradlib differs on purpose, with the reason.
DELIBERATE = {
    "det/rank0": "second derivative of det at the zero matrix: PyTorch's goes through the SVD's backward, NaN at "
                 "repeated singular values; gradlib's is det's Hessian, exact (first derivative and value compared)",
}

# Cases whose zero values may differ in sign only, with the reason.
UNSIGNED_ZERO_VALUES = {
    "det/singular": "det's value comes from NumPy's/CuPy's LU, which gives +0. where PyTorch's gives -0.",
    "det/rank1_3x3": "as det/singular",
    "det/batch": "as det/singular",
}


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run python tests/reference/record_torch.py edge_grads"


def _flatten(values):
    if isinstance(values, list):
        for value in values:
            yield from _flatten(value)
    else:
        yield values


def _shape(values):
    shape = []
    while isinstance(values, list):
        shape.append(len(values))
        values = values[0] if values else None
    return shape


def _same_number(got, expected, signed_zeros=True):
    if isinstance(expected, bool) or isinstance(got, bool):
        return got == expected
    if math.isnan(expected):
        return math.isnan(got)
    if math.isinf(expected):
        return got == expected
    if expected == 0 and got == 0 and signed_zeros:
        return math.copysign(1, got) == math.copysign(1, expected)
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)


def _zeros_for_none(values, like):
    """A missing gradient (None) is a gradient of zeros: PyTorch and gradlib may differ in which they give."""
    if values is not None:
        return values
    if like is None:
        return None
    return [0.0 for _ in _flatten(like)] if isinstance(like, list) else 0.0


def _compare(what, got, expected, signed_zeros=True):
    if got is None or expected is None:
        assert got is None and expected is None, f"{what}: got {got}, PyTorch {expected}"
        return
    assert _shape(got) == _shape(expected), f"{what}: shape {_shape(got)}, PyTorch {_shape(expected)}"
    flat_got = list(_flatten(got))
    flat_expected = list(_flatten(expected))
    for position, (a, b) in enumerate(zip(flat_got, flat_expected)):
        assert _same_number(a, b, signed_zeros), \
            f"{what}: element {position} is {a}, PyTorch {b} (got {got}, PyTorch {expected})"


def _compare_grads(what, got, expected, signed_zeros=True):
    if got is None and expected is None:
        return
    if got is None or expected is None:  # no second derivative at all on one side: all zeros on the other
        present = got if got is not None else expected
        for index, values in enumerate(present):
            if values is not None:
                assert all(v == 0 for v in _flatten(values)), f"{what}[{index}]: got {got}, PyTorch {expected}"
        return
    assert len(got) == len(expected)
    for index, (a, b) in enumerate(zip(got, expected)):
        like = a if a is not None else b
        _compare(f"{what}[{index}]", _zeros_for_none(a, like), _zeros_for_none(b, like), signed_zeros)


@pytest.mark.parametrize("name", sorted(CASES))
def test_edge_gradient_matches_pytorch(device, name):
    expected = RECORDED[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = run(gradlib, name, device)
    if "error" in expected and expected["error"][0] == "forward":
        assert got.get("error", [None])[:2] == expected["error"][:2], f"{name}: got {got}, PyTorch {expected}"
        return
    assert "error" not in got or got["error"] == expected.get("error"), f"{name}: gradlib raised {got['error']}"
    _compare(f"{name} value", got["value"], expected["value"], signed_zeros=name not in UNSIGNED_ZERO_VALUES)
    assert got["dtype"] == expected["dtype"]
    _compare_grads(f"{name} first derivative", got["first"], expected["first"])
    if "error" not in expected and name not in DELIBERATE:
        # the sign of a zero second derivative is left free: it follows the order of factors in a formula
        _compare_grads(f"{name} second derivative", got["second"], expected["second"], signed_zeros=False)


def _smooth(name):
    """Cases whose recorded value and derivatives are all finite and whose function is smooth at its inputs are
    checked numerically too: products, cumulative products and determinants at zeros and singular matrices are
    polynomials; ops with kinks (abs at 0, max at ties, clamp at its bounds, ...) are left out, since finite
    differences straddle the kink."""
    expected = RECORDED[name]
    if "error" in expected or expected.get("first") is None:
        return False
    numbers = list(_flatten([expected["value"], expected["first"], expected["second"]]))
    if not all(isinstance(n, (int, float)) and math.isfinite(n) for n in numbers if n is not None):
        return False
    return not any(word in name for word in KINKED)


# Ops and inputs with a kink at the recorded point, or whose PyTorch gradient is not the derivative there.
KINKED = ("abs", "sign", "relu", "ties", "clamp", "max", "min", "floor", "ceil", "round", "trunc", "frac", "fmod",
          "remainder", "l1", "huber", "hardtanh", "leaky", "elu", "kinks", "bounds", "nan_to_num", "norm/",
          "std", "bce/", "kl_div", "softplus", "cross_entropy", "nll", "chain", "where", "masked", "embedding",
          "div/zero_den", "self", "one_element", "max_pool", "relu6", "normalize", "cosine_similarity/zero")


@pytest.mark.parametrize("name", sorted(n for n in CASES if _smooth(n)))
def test_smooth_cases_pass_gradcheck(device, name):
    expression, inputs = CASES[name]
    tensors = make_inputs(gradlib, inputs, device)
    keys = [key for key in inputs if tensors[key].requires_grad]

    def function(*values):
        scope = dict(tensors, lib=gradlib, F=gradlib.nn.functional)
        scope.update(zip(keys, values))
        return eval(expression, scope)

    values = tuple(tensors[key] for key in keys)
    assert gradlib.autograd.gradcheck(function, values, eps=1e-6, atol=1e-5)
    assert gradlib.autograd.gradgradcheck(function, values, eps=1e-6, atol=1e-5)
