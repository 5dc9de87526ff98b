"""rsample of Gamma, Chi2, StudentT, Beta and Dirichlet by PyTorch's implicit reparameterization: the gradient
formulas against PyTorch's values on fixed samples (tests/reference/gamma_grads.py, torch_gamma_grads.json), the
gradient of each rsample equal to the formula at the sample drawn, Monte Carlo checks that the expected gradient
is the gradient of the mean, grad_fn names and the refused second derivative."""
import json
import pathlib

import numpy as np
import pytest

import gradlib
from reference import gamma_grads

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_gamma_grads.json").read_text())
D = gradlib.distributions


@pytest.mark.parametrize("dtype, tolerance", [("float64", 1e-12), ("float32", 1e-5)])
def test_gradient_formulas_match_pytorch_on_fixed_samples(device, dtype, tolerance):
    observed = gamma_grads.observe(gradlib, device, dtype)
    for key in ("standard_gamma_grad", "dirichlet_grad"):
        np.testing.assert_allclose(observed[key], RECORDED[dtype][key], rtol=tolerance, atol=0)


def test_standard_gamma_gradient_is_the_formula_at_the_sample(device):
    gradlib.manual_seed(0)
    alpha = gradlib.tensor([0.3, 1.0, 4.0, 12.0], dtype=gradlib.float64, device=device, requires_grad=True)
    sample = gradlib._standard_gamma(alpha)
    assert sample.grad_fn.name() == "StandardGammaBackward0"
    assert sample.grad_fn._saved_result.shape == alpha.shape and sample.grad_fn._saved_self is alpha
    sample.sum().backward()
    expected = gradlib._standard_gamma_grad(alpha.detach(), sample.detach())
    assert gradlib.equal(alpha.grad, expected)


def test_second_derivative_is_refused_as_pytorch(device):
    alpha = gradlib.tensor([2.0, 3.0], dtype=gradlib.float64, device=device, requires_grad=True)
    (grad,) = gradlib.autograd.grad(gradlib._standard_gamma(alpha).sum(), alpha, create_graph=True)
    assert grad.grad_fn.name() == "MulBackward0"
    with pytest.raises(NotImplementedError, match="^the derivative for '_standard_gamma_grad' is not implemented.$"):
        grad.sum().backward()


@pytest.mark.parametrize("make, name", [
    (lambda c, r: D.Gamma(c, r), "DivBackward0"), (lambda c, r: D.Chi2(c), "DivBackward0"),
    (lambda c, r: D.StudentT(c, 0.5, r), "AddBackward0"), (lambda c, r: D.Beta(c, r), "SelectBackward0"),
    (lambda c, r: D.Dirichlet(gradlib.stack([c, r], -1)), "_DirichletBackward")])
def test_rsample_is_differentiable_with_pytorchs_grad_fn(device, make, name):
    concentration = gradlib.tensor([2.0, 3.0], dtype=gradlib.float64, device=device, requires_grad=True)
    rate = gradlib.tensor([1.5, 0.5], dtype=gradlib.float64, device=device, requires_grad=True)
    distribution = make(concentration, rate)
    assert distribution.has_rsample
    value = distribution.rsample((3,))
    assert value.grad_fn.name() == name
    assert tuple(value.shape) == (3,) + tuple(distribution.batch_shape) + tuple(distribution.event_shape)
    value.sum().backward()
    assert concentration.grad is not None and bool(gradlib.isfinite(concentration.grad).all())
    assert not distribution.sample((2,)).requires_grad


def _mean_gradient(device, make, parameter, count=20000):
    gradlib.manual_seed(0)
    value = make(parameter).rsample((count,))
    (grad,) = gradlib.autograd.grad(value.mean(0).sum(), parameter)
    return grad


@pytest.mark.parametrize("alpha", [0.4, 1.5, 12.0])
def test_gamma_expected_gradient_is_the_gradient_of_the_mean(device, alpha):
    concentration = gradlib.tensor(alpha, dtype=gradlib.float64, device=device, requires_grad=True)
    rate = gradlib.tensor(2.0, dtype=gradlib.float64, device=device, requires_grad=True)
    grad = _mean_gradient(device, lambda c: D.Gamma(c, rate), concentration)
    assert abs(float(grad) - 0.5) < 0.02  # d(alpha / rate)/d alpha = 1 / rate


def test_dirichlet_and_beta_expected_gradients_are_the_gradients_of_the_mean(device):
    c = gradlib.tensor([1.0, 2.0, 3.0], dtype=gradlib.float64, device=device, requires_grad=True)
    gradlib.manual_seed(0)
    x = D.Dirichlet(c).rsample((20000,))
    (grad,) = gradlib.autograd.grad(x[:, 0].mean(), c)  # d(c0 / sum c)/dc = (1/6 - 1/36, -1/36, -1/36)
    np.testing.assert_allclose(grad.tolist(), [5 / 36, -1 / 36, -1 / 36], atol=0.01)
    a = gradlib.tensor(2.0, dtype=gradlib.float64, device=device, requires_grad=True)
    grad = _mean_gradient(device, lambda p: D.Beta(p, 3.0), a)
    assert abs(float(grad) - 3 / 25) < 0.01  # d(a / (a + b))/da = b / (a + b)^2


def test_chi2_and_student_t_expected_gradients(device):
    df = gradlib.tensor(5.0, dtype=gradlib.float64, device=device, requires_grad=True)
    grad = _mean_gradient(device, lambda p: D.Chi2(p), df)
    assert abs(float(grad) - 1.0) < 0.03  # E = df
    scale = gradlib.tensor(2.0, dtype=gradlib.float64, device=device, requires_grad=True)
    gradlib.manual_seed(1)
    value = D.StudentT(df, 0.0, scale).rsample((20000,))
    (grad,) = gradlib.autograd.grad((value ** 2).mean(), scale)  # E[y^2] = scale^2 df / (df - 2)
    assert abs(float(grad) - 2 * 2.0 * 5 / 3) < 0.4
