"""Edge values pinned to PyTorch 2.13's answers (issue 14, classes 2, 5 and 7; values recorded from torch 2.13 CPU):
polygamma's poles, integer avg_pool2d, NaN sampling arguments, cholesky of NaN, sign's zero second derivative
under a NaN gradient, float16 celu."""
import pytest

import gradlib
import gradlib.nn.functional as F

NAN = float("nan")


def test_polygamma_at_poles_even_order_is_minus_inf(device):
    x = gradlib.tensor([0.0, -0.0, -1.0, -2.0], dtype=gradlib.float64, device=device)
    for n in (2, 4):
        assert gradlib.polygamma(n, x).tolist() == [-float("inf")] * 4
    assert gradlib.polygamma(3, x).tolist() == [float("inf")] * 4


def test_avg_pool2d_integer_truncates_and_keeps_dtype(device):
    x = gradlib.tensor([[[[-3, -2, 5, 7], [0, 0, 1, 1], [-7, 2, 3, 3], [1, 1, 1, 1]]]], device=device)
    out = F.avg_pool2d(x, 2)
    assert out.dtype == gradlib.int64
    assert out.tolist() == [[[[-1, 3], [0, 2]]]]
    assert F.avg_pool2d(x, 3, stride=2, padding=1).tolist() == [[[[0, 1], [0, 1]]]]
    assert F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False).tolist() == [[[[-1, 2], [0, 1]]]]
    assert F.avg_pool2d(x, 2, divisor_override=3).tolist() == [[[[-1, 4], [-1, 2]]]]
    assert F.avg_pool2d(x.to(gradlib.int32), 2).dtype == gradlib.int32


@pytest.mark.parametrize("call", [
    lambda d: gradlib.bernoulli(gradlib.tensor([0.5, NAN], device=d)),
    lambda d: gradlib.zeros(2, device=d).bernoulli_(gradlib.tensor([NAN, 0.5], device=d)),
])
def test_bernoulli_nan_probability_raises(device, call):
    with pytest.raises(RuntimeError, match=r"Expected p_in >= 0 && p_in <= 1"):
        call(device).tolist()


def test_bernoulli_nan_scalar_probability_raises(device):
    with pytest.raises(RuntimeError, match=r"bernoulli_ expects p to be in \[0, 1\], but got p=nan"):
        gradlib.zeros(2, device=device).bernoulli_(NAN)


@pytest.mark.parametrize("call", [
    lambda d: gradlib.normal(gradlib.zeros(2, device=d), gradlib.tensor([1.0, NAN], device=d)),
    lambda d: gradlib.normal(1.5, gradlib.tensor([NAN, 1.0], device=d)),
])
def test_normal_nan_std_tensor_raises(device, call):
    with pytest.raises(RuntimeError, match="normal expects all elements of std >= 0.0"):
        call(device).tolist()


@pytest.mark.parametrize("call", [
    lambda d: gradlib.normal(0.0, NAN, size=(2,), device=d),
    lambda d: gradlib.normal(gradlib.zeros(2, device=d), NAN),
    lambda d: gradlib.zeros(2, device=d).normal_(0.0, NAN),
])
def test_normal_nan_std_float_raises(device, call):
    with pytest.raises(RuntimeError, match="normal expects std >= 0.0, but found std nan"):
        call(device)


def test_cholesky_of_nan_raises(device):
    a = gradlib.tensor([[NAN, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 3.0]], dtype=gradlib.float64, device=device)
    with pytest.raises(RuntimeError, match="linalg.cholesky: The factorization could not be completed because "
                                           "the input is not positive-definite"):
        gradlib.linalg.cholesky(a).tolist()


@pytest.mark.parametrize("ord", [1, float("inf")])
def test_matrix_norm_second_derivative_at_nan_is_zero(device, ord):
    a = gradlib.tensor([[NAN, 1.0, 2.0], [3.0, -1.0, 0.0], [1.0, 2.0, 3.0]], dtype=gradlib.float64,
                       requires_grad=True, device=device)
    (grad,) = gradlib.autograd.grad(gradlib.linalg.matrix_norm(a, ord=ord) * 0.5, a, create_graph=True)
    (second,) = gradlib.autograd.grad((grad * -0.25).sum(), a)
    assert second.tolist() == [[0.0] * 3] * 3  # PyTorch 2.13: zeros (sign's backward is zeros_like)


def test_celu_float16_computes_in_float32(device):
    x = gradlib.tensor([-1.5, 0.0, 0.5, 65504.0], dtype=gradlib.float16, device=device)
    out = F.celu(x, alpha=0.5)
    assert out.dtype == gradlib.float16
    assert out.tolist() == [-0.47509765625, 0.0, 0.5, 65504.0]  # PyTorch 2.13; x / alpha overflowed before
