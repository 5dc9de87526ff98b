"""The later torch.distributions (issue 15) against PyTorch's record (tests/reference/dist10.py,
torch_dist10.json): printing, shapes, constraints, log_prob and its gradients, cdf/icdf, entropy, moments, expand,
draws (values where PyTorch's stream is reproduced; shape and support for the gamma family), rsample gradients, KL
values and gradients, transforms, validation errors. Then float64 gradcheck/gradgradcheck of log_prob in the
parameters, draws inside the support, and the moments of large samples."""
import json
import math
import pathlib

import numpy as np
import pytest

import gradlib
from device_text import without_device_suffix
from gradlib.autograd import gradcheck, gradgradcheck
from reference import dist10

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_dist10.json").read_text())
D = gradlib.distributions


@pytest.fixture(scope="module")
def observed(request):
    device = request.config.getoption("--device")
    return json.loads(without_device_suffix(json.dumps(dist10.observe(gradlib, device)), device))


def _without_draw_values(record, device):
    """On a GPU the draws come from CuPy's stream, not PyTorch's: their values (and the rsample gradients, taken
    at them) are compared on the CPU only; shapes, dtypes and flags everywhere."""
    if str(device) == "cpu":
        return record
    record = json.loads(json.dumps(record))
    for key in ("sample", "rsample"):
        for part in ("values", "grads"):
            record.get(key, {}).pop(part, None)
    return record


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(actual, expected, where, rtol=1e-8, atol=1e-10):
    """Equal structure; floats within ``rtol``/``atol`` (NaN equals NaN), everything else exactly."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and sorted(actual) == sorted(expected), (where, actual, expected)
        for key in expected:
            _compare(actual[key], expected[key], f"{where}/{key}", rtol, atol)
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (where, actual, expected)
        if expected and all(_is_number(e) for e in expected) and any(isinstance(e, float) for e in expected):
            np.testing.assert_allclose(np.array(actual, dtype=float), np.array(expected, dtype=float), rtol=rtol,
                                       atol=atol, err_msg=where)
        else:
            for i, (a, e) in enumerate(zip(actual, expected)):
                _compare(a, e, f"{where}/{i}", rtol, atol)
    elif isinstance(expected, float):
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=where)
    else:
        assert actual == expected, (where, actual, expected)


@pytest.mark.parametrize("name", sorted(RECORDED["distributions"]))
def test_distribution_matches_pytorch(observed, device, name):
    expected = _without_draw_values(RECORDED["distributions"][name], device)
    actual = _without_draw_values(observed["distributions"][name], device)
    rtol = 1e-5 if name == "generalized_pareto" else 1e-8  # float32 there (PyTorch's log_prob refuses float64)
    _compare(actual, expected, name, rtol=rtol, atol=rtol * 1e-2)


@pytest.mark.parametrize("name", sorted(RECORDED["kl"]))
def test_kl_matches_pytorch(observed, name):
    _compare(observed["kl"][name], RECORDED["kl"][name], name)


@pytest.mark.parametrize("name", sorted(RECORDED["transforms"]))
def test_transform_matches_pytorch(observed, name):
    _compare(observed["transforms"][name], RECORDED["transforms"][name], name)


def test_exponential_family_matches_pytorch(observed):
    _compare(observed["exponential_family"], RECORDED["exponential_family"], "exponential_family")


def test_errors_and_constraints_match_pytorch(observed):
    assert observed["errors"] == RECORDED["errors"]
    _compare(observed["constraints"], RECORDED["constraints"], "constraints")


# float64 gradcheck and gradgradcheck of log_prob in the parameters, with edge values
GRADCHECKED = {
    "cauchy": (lambda p: D.Cauchy(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]], [0.5, 1.0]),
    "cauchy_0d": (lambda p: D.Cauchy(p[0], p[1]), [0.3, 1.5], 0.3),
    "half_cauchy": (lambda p: D.HalfCauchy(p[0]), [[1.0, 2.0]], [0.0, 3.0]),
    "gumbel": (lambda p: D.Gumbel(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]], [0.5, -1.0]),
    "geometric": (lambda p: D.Geometric(p[0]), [[0.2, 0.5]], [3.0, 0.0]),
    "weibull": (lambda p: D.Weibull(p[0], p[1]), [[1.0, 2.0], [1.5, 0.5]], [0.5, 3.0]),
    "pareto": (lambda p: D.Pareto(p[0], p[1]), [[1.0, 2.0], [3.0, 1.5]], [1.5, 3.0]),
    "inverse_gamma": (lambda p: D.InverseGamma(p[0], p[1]), [[3.0, 1.5], [2.0, 1.0]], [0.5, 2.0]),
    "kumaraswamy": (lambda p: D.Kumaraswamy(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]], [0.3, 0.6]),
    "negative_binomial": (lambda p: D.NegativeBinomial(p[0], p[1]), [[3.0, 2.5], [0.2, 0.6]], [1.0, 0.0]),
    "fisher_snedecor": (lambda p: D.FisherSnedecor(p[0], p[1]), [[3.0, 5.0], [6.0, 10.0]], [1.0, 2.0]),
    "von_mises": (lambda p: D.VonMises(p[0], p[1]), [[0.0, 1.0], [2.0, 5.0]], [0.5, 3.0]),
    "lowrank_mvn": (lambda p: D.LowRankMultivariateNormal(p[0], p[1], p[2]),
                    [[0.0, 1.0], [[1.0], [0.5]], [1.0, 2.0]], [1.0, -1.0]),
    "logistic_normal": (lambda p: D.LogisticNormal(p[0], p[1]), [[0.0, 1.0], [1.0, 0.5]], [0.2, 0.5, 0.3]),
    "continuous_bernoulli": (lambda p: D.ContinuousBernoulli(p[0]), [[0.2, 0.9]], [0.3, 1.0]),
    "continuous_bernoulli_logits": (lambda p: D.ContinuousBernoulli(logits=p[0]), [[0.3, -2.0]], [0.0, 0.8]),
    "generalized_pareto": (lambda p: D.GeneralizedPareto(p[0], p[1], p[2]), [[0.0, 1.0], [1.0, 2.0], [0.5, -0.25]],
                           [1.0, 2.0]),
    "lkj_cholesky": (lambda p: D.LKJCholesky(3, p[0]), [[2.0, 0.5]],
                     [[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.6, 0.8]]),
    "wishart": (lambda p: D.Wishart(p[0], scale_tril=p[1].tril()), [[3.0, 5.0], [[1.0, 0.0], [0.5, 2.0]]],
                [[2.0, 0.3], [0.3, 4.0]]),
}


@pytest.mark.parametrize("name", sorted(GRADCHECKED))
def test_log_prob_gradcheck(device, name):
    make, values, value = GRADCHECKED[name]
    params = [gradlib.tensor(v, dtype=gradlib.float64, device=device, requires_grad=True) for v in values]
    x = gradlib.tensor(value, dtype=gradlib.float64, device=device)

    def log_prob(*p):
        return make(p).log_prob(x)

    assert gradcheck(log_prob, params)
    assert gradgradcheck(log_prob, params)


def test_entropy_and_kl_gradcheck(device):
    def t(v):
        return gradlib.tensor(v, dtype=gradlib.float64, device=device, requires_grad=True)

    loc, scale = t([0.0, 1.0]), t([1.0, 2.0])
    assert gradgradcheck(lambda a, b: D.Gumbel(a, b).entropy() + D.Weibull(b, a.exp()).entropy(), [loc, scale])
    assert gradcheck(lambda a, b: D.kl_divergence(D.Gumbel(a, b), D.Normal(b, a.exp())), [loc, scale])
    probs = t([0.2, 0.4995, 0.9])
    assert gradgradcheck(lambda p: D.ContinuousBernoulli(p).entropy(), [probs])
    df = t(4.0)
    cov = t([[2.0, 0.5], [0.5, 1.0]])
    assert gradcheck(lambda n, c: D.Wishart(n, covariance_matrix=(c + c.mT) / 2).entropy(), [df, cov])


SUPPORTED = {
    "inverse_gamma": lambda d: D.InverseGamma(d(2.0), d(1.5)),
    "negative_binomial": lambda d: D.NegativeBinomial(d(3.0), d(0.4)),
    "fisher_snedecor": lambda d: D.FisherSnedecor(d(3.0), d(5.0)),
    "lkj_cholesky": lambda d: D.LKJCholesky(4, d(1.5)),
    "wishart": lambda d: D.Wishart(d(5.0), covariance_matrix=gradlib.tensor([[2.0, 0.5], [0.5, 1.0]],
                                                                             dtype=gradlib.float64, device=d.device)),
}


@pytest.mark.parametrize("name", sorted(SUPPORTED))
def test_gamma_family_draws_are_in_the_support_with_the_right_mean(device, name):
    """The gamma family's draws are not PyTorch's numbers: checked by support and sample mean instead."""
    class _D:
        def __init__(self, device):
            self.device = device

        def __call__(self, v):
            return gradlib.tensor(v, dtype=gradlib.float64, device=self.device)

    gradlib.manual_seed(0)
    d = SUPPORTED[name](_D(device))
    draws = d.sample((4000,))
    assert tuple(draws.shape) == (4000,) + tuple(d.batch_shape) + tuple(d.event_shape)
    assert bool(d.support.check(draws).all())
    if name != "lkj_cholesky":
        mean = draws.mean(0)
        spread = (d.variance / 4000).sqrt()
        assert bool(((mean - d.mean).abs() <= 6 * spread).all()), (mean, d.mean)


def test_von_mises_draws_follow_the_density(device):
    gradlib.manual_seed(0)
    d = D.VonMises(gradlib.tensor(1.0, dtype=gradlib.float64, device=device),
                   gradlib.tensor(2.0, dtype=gradlib.float64, device=device))
    draws = d.sample((20000,))
    assert bool(((draws >= -math.pi) & (draws < math.pi)).all())
    circular_mean = math.atan2(float(draws.sin().mean()), float(draws.cos().mean()))
    assert abs(circular_mean - 1.0) < 0.03
    assert abs(float(1 - draws.sub(1.0).cos().mean()) - float(d.variance)) < 0.02


def test_exponential_family_entropy_is_the_closed_form(device):
    """ExponentialFamily.entropy (Bregman, through autograd) equals the closed forms."""
    probs = gradlib.tensor([0.2, 0.7, 0.4995], dtype=gradlib.float64, device=device)
    d = D.ContinuousBernoulli(probs)
    np.testing.assert_allclose(D.ExponentialFamily.entropy(d).tolist(), d.entropy().tolist(), rtol=1e-6)
    w = D.Wishart(gradlib.tensor(4.0, dtype=gradlib.float64, device=device),
                  covariance_matrix=gradlib.tensor([[2.0, 0.5], [0.5, 1.0]], dtype=gradlib.float64, device=device))
    np.testing.assert_allclose(float(D.ExponentialFamily.entropy(w).detach()), float(w.entropy()), rtol=1e-9)
