"""torch.special's Bessel, Airy, error-function, zeta, incomplete-gamma and orthogonal-polynomial functions (helper
special9) against PyTorch's recorded values (tests/reference/special9.py, torch_special9.json): every function on
grids through its branches and edges in float64 and float32, integer and Python-number operands, gradients and
node names, PyTorch's errors; gradcheck and gradgradcheck in float64 where PyTorch differentiates."""
import json
import math
import pathlib

import numpy as np
import pytest

import gradlib
from reference import special9

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_special9.json").read_text())
S = gradlib.special

# PyTorch's float64 kernels and gradlib's agree to a few ulps except where the methods differ in their last
# digits: the trigonometric forms of the polynomials at degree 12 and the incomplete gamma's prefactor at a = 150
_FLOAT64_RTOL = {"chebyshev": 1e-12, "gammainc": 1e-12}


def _float64_rtol(key):
    return next((tolerance for prefix, tolerance in _FLOAT64_RTOL.items() if key.startswith(prefix)), 1e-13)


def _close(observed, expected, rtol, atol=0.0):
    observed = np.asarray(observed, dtype=float)
    expected = np.asarray(expected, dtype=float)
    return np.isclose(observed, expected, rtol=rtol, atol=atol, equal_nan=True) | (observed == expected)


@pytest.fixture(scope="module")
def observed(device):
    return special9.values(gradlib, device)


@pytest.mark.parametrize("key", sorted(k for k in RECORDED["values"] if k.endswith("float64")))
def test_float64_values_match_pytorch(observed, key):
    good = _close(observed[key], RECORDED["values"][key], _float64_rtol(key))
    assert good.all(), [(i, observed[key][i], RECORDED["values"][key][i]) for i in np.nonzero(~good)[0]]


@pytest.mark.parametrize("key", sorted(k for k in RECORDED["values"] if k.endswith("float32")))
def test_float32_values_match_pytorch(observed, key):
    """gradlib computes in float64 and rounds once; PyTorch's float32 kernels round at every step. A float32 value
    matches PyTorch's float32 one to 4 float32 ulps of the function's scale, or is PyTorch's float64 value at the
    same float32 point, rounded (where PyTorch's own float32 arithmetic lost digits: near a zero of an
    oscillating function, a cancelling recurrence, the trigonometric forms at high degree, a subnormal)."""
    value = np.asarray(observed[key], dtype=float)
    torch32 = np.asarray(RECORDED["values"][key], dtype=float)
    torch64 = np.asarray(RECORDED["values"][key + "_points"], dtype=float)
    scale = np.nan_to_num(np.maximum(np.abs(torch64), 1.0), nan=1.0, posinf=1.0)
    good = _close(value, torch32, 4 * 1.2e-7, 4 * 1.2e-7 * scale) | _close(value, torch64, 2.4e-7, 1e-37)
    assert good.all(), [(i, value[i], torch32[i], torch64[i]) for i in np.nonzero(~good)[0]]


_FLOAT32_SCALARS = ("float32_i0", "chebyshev_number_x", "legendre_ints", "i0_ints")


def test_numbers_integers_and_top_level_names(device):
    observed = special9.scalars(gradlib, device)
    for key, expected in RECORDED["scalars"].items():
        if key == "dtypes":
            assert observed[key] == expected
            continue
        rtol, atol = (1e-6, 0) if key in _FLOAT32_SCALARS else (1e-13, 0)
        if key.startswith("chebyshev_huge"):
            # degree 10^7: cos(n acos x) of an argument near 10^7 differs in the last bit of acos (ulp 2e-9), and
            # 5000 recurrence steps accumulate rounding
            rtol, atol = 1e-11, 1e-8
        np.testing.assert_allclose(np.asarray(observed[key], dtype=float), np.asarray(expected, dtype=float),
                                   rtol=rtol, atol=atol, err_msg=key)


def test_gradients_and_node_names_match_pytorch(device):
    observed = special9.gradients(gradlib, device)
    for key, expected in RECORDED["gradients"].items():
        if isinstance(expected, bool):
            assert observed[key] is expected, key
            continue
        assert observed[key]["grad_fn"] == expected["grad_fn"]
        np.testing.assert_allclose(observed[key]["grad"], expected["grad"], rtol=1e-12, atol=0, err_msg=key)


def test_errors_match_pytorch(device):
    observed = special9.errors(gradlib, device)
    kernel_suffix = "_cpu" if device == "cpu" else "_cuda"
    for key, expected in RECORDED["errors"].items():
        if "bfloat16" in key and device != "cpu":
            continue  # gradlib refuses bfloat16 tensors on the GPU when they are made (CuPy has no bfloat16)
        if expected is not None:
            expected = [expected[0], expected[1].replace("_cpu\"", kernel_suffix + "\"")]
        assert observed[key] == expected, key


def _f64(values, device, requires_grad=True):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=requires_grad)


_UNARY_POINTS = {"ndtri": [0.02, 0.3, 0.5, 0.8, 0.999]}


@pytest.mark.parametrize("name", special9.DIFFERENTIABLE)
def test_gradcheck_and_gradgradcheck(device, name):
    points = _UNARY_POINTS.get(name, [-9.5, -2.0, -0.4, 0.3, 1.7, 8.5, 12.0])
    x = _f64(points, device)
    function = getattr(S, name)
    assert gradlib.autograd.gradcheck(function, (x,))
    assert gradlib.autograd.gradgradcheck(function, (x,))


def test_gradcheck_edges(device):
    """0-d and empty inputs, 0 itself (i1/i1e's guard gives the limit 1/2)."""
    for name in ("i0", "i0e", "i1", "i1e", "erfcx", "log_ndtr"):
        function = getattr(S, name)
        assert gradlib.autograd.gradcheck(function, (_f64(0.7, device),))
        assert gradlib.autograd.gradcheck(function, (_f64([], device),))
        x = _f64([0.0], device)
        (grad,) = gradlib.autograd.grad(function(x).sum(), x)
        assert grad.shape == (1,)
    x = _f64([0.0, 1e-20], device)
    (grad,) = gradlib.autograd.grad(S.i1(x).sum(), x)
    assert grad.tolist() == [0.5, 0.5]


def test_zeta_and_incomplete_gamma_gradchecks(device):
    s = _f64([2.0, 3.5, 1.5], device, requires_grad=False)
    q = _f64([0.5, 2.5, 12.0], device)
    assert gradlib.autograd.gradcheck(lambda q: S.zeta(s, q), (q,))
    assert gradlib.autograd.gradgradcheck(lambda q: S.zeta(s, q), (q,))
    assert gradlib.autograd.gradcheck(lambda q: S.zeta(3.0, q), (q,))
    a = _f64([0.5, 2.5, 25.0], device, requires_grad=False)
    x = _f64([0.3, 4.0, 24.0], device)
    for function in (S.gammainc, S.gammaincc, gradlib.igamma, gradlib.igammac):
        assert gradlib.autograd.gradcheck(lambda x: function(a, x), (x,))
        assert gradlib.autograd.gradgradcheck(lambda x: function(a, x), (x,))


def test_nondifferentiable_results_and_inplace_methods(device):
    x = _f64([0.5, 2.0], device)
    for name in special9.UNARY:
        if name not in special9.DIFFERENTIABLE:
            assert not getattr(S, name)(x).requires_grad
    for name in special9.POLYNOMIALS:
        result = getattr(S, name)(x, 3)
        assert not result.requires_grad and result.dtype == gradlib.float64
    y = gradlib.tensor([0.5, 2.0], device=device)
    expected = S.i0(y)
    assert y.i0_() is y and gradlib.equal(y, expected)
    a = gradlib.tensor([1.0, 2.0], device=device)
    assert gradlib.equal(a.clone().igamma_(a), S.gammainc(a, a))
    assert gradlib.equal(a.clone().igammac_(a), S.gammaincc(a, a))


def test_large_degree_and_broadcasting(device):
    x = gradlib.tensor([[0.3], [1.2]], dtype=gradlib.float64, device=device)
    n = gradlib.tensor([0, 1, 2, 40], device=device)
    out = S.legendre_polynomial_p(x, n)
    assert out.shape == (2, 4)
    assert out[:, 0].tolist() == [1.0, 1.0] and out[:, 1].tolist() == [0.3, 1.2]
    assert math.isclose(out[0, 2].item(), (3 * 0.09 - 1) / 2, rel_tol=1e-15)
