"""Differential checks of ``gradlib.distributions`` against PyTorch (session 17, distrib17): the cases the sweep of
``tools/fuzz_distrib17.py`` (34 parameterizations of Normal, Uniform, Bernoulli, Categorical, Beta, Gamma,
Exponential, Laplace, Poisson, Binomial, LogNormal, Dirichlet, MultivariateNormal, OneHotCategorical,
RelaxedBernoulli, Independent, TransformedDistribution, MixtureSameFamily, StudentT, HalfNormal, Chi2, Cauchy,
Geometric, Gumbel, with valid and invalid parameters and validate_args None/True/False x log_prob at support edges
and outside, moments, entropy, cdf/icdf, shapes, expand, sample/rsample shapes for each sample_shape form, repr,
KL pairs, float64 gradients: ~4,500 cases under PyTorch 2.13 and gradlib) found answered differently, one class per
cause, now PyTorch's: values bit for bit, shapes, warnings, float64 gradients, exception classes and messages.

The answers are PyTorch's, recorded in ``tests/reference/torch_distrib17.json`` by
``python tests/reference/record_torch.py distrib17`` from the expressions of ``tests/reference/distrib17.py``.
``KNOWN`` lists the differences gradlib does not follow, with the reason; they are checked to still differ.
"""
import functools
import json
import re

import gradlib
import recorded_cases
from reference import distrib17

RECORDED = json.loads(distrib17.FILE.read_text())

_KERNEL = ("the distribution's formula is PyTorch's; the elementwise kernel underneath rounds differently in the "
           "last bit ({}): PyTorch's vectorized (SLEEF/its own) kernel against NumPy's libm; not a distributions "
           "matter")
KNOWN = {
    "known/float32_exp_ulp": _KERNEL.format("float32 exp, as in perplexity = exp(entropy)"),
    "known/float32_log1p_ulp": _KERNEL.format("float32 log1p, Exponential.icdf"),
    "known/float64_sqrt_ulp": _KERNEL.format("float64 sqrt: PyTorch's CPU sqrt(2.) is 1.414213562373095, one ulp "
                                             "below the correctly rounded value gradlib gives; stddev"),
    "known/float32_gammainc_ulp": _KERNEL.format("float32 gammainc (igamma), Gamma/Chi2 cdf"),
    "known/generalized_pareto_float64": "PyTorch 2.13's GeneralizedPareto fails in float64 ('Double did not match "
                                        "Float': a float32 constant meets the float64 parameters); gradlib computes "
                                        "in the parameters' dtype",
    "known/mvn_covariance_gradient": "the gradient w.r.t. covariance_matrix: PyTorch's Cholesky backward leaves "
                                     "rounding residue (~1e-17) off the diagonal where gradlib's gives exact 0",
}
#: cases answered otherwise on a GPU by design
ON_GPU = {
    "lgamma/float64_": "float64 lgamma on the GPU: CuPy's gammaln (one kernel, cephes' method) rounds the last bits "
                       "otherwise than PyTorch's CPU kernel (SLEEF), as PyTorch's own CUDA kernel does",
    "halfnormal_icdf/outside": "float64 erfinv on the GPU: CuPy's kernel rounds differently in the last bit",
    "halfnormal_icdf/grad": "float64 erfinv on the GPU: CuPy's kernel rounds differently in the last bit",
}
FIXED = tuple(name for name in distrib17.CASES if name not in KNOWN)


def _without_device(message):
    """A printed tensor in a message names its device, as PyTorch's does; the recorded run was on the CPU."""
    return re.sub(r", device='cuda:\d'", "", message)


_answer = functools.partial(recorded_cases.gradlib_answer, distrib17, gpu_skips=ON_GPU, gpu_words=_without_device)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(distrib17, RECORDED, KNOWN, FIXED, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_gradients_of_the_fixed_paths(device):
    D = gradlib.distributions
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    low, high = _f64(device, [0.0, -1.0]), _f64(device, [1.0, 2.0])
    assert check(lambda a, b: D.Uniform(a, b).stddev, (low, high))
    assert twice(lambda a, b: D.Uniform(a, b).stddev, (low, high))
    scale = _f64(device, [1.0, 2.0])
    q = gradlib.tensor([[0.1], [0.6]], dtype=gradlib.float64, device=device)
    assert check(lambda s: D.HalfNormal(s).icdf(q), (scale,))
    assert twice(lambda s: D.HalfNormal(s).icdf(q), (scale,))
    weights, loc = _f64(device, [0.3, 0.7]), _f64(device, [0.0, 1.0])
    x = gradlib.tensor([[-1.0], [0.25], [2.0]], dtype=gradlib.float64, device=device)
    assert check(lambda w, m, s: D.MixtureSameFamily(D.Categorical(w), D.Normal(m, s)).cdf(x), (weights, loc, scale))
    assert twice(lambda w, m, s: D.MixtureSameFamily(D.Categorical(w), D.Normal(m, s)).cdf(x),
                 (weights, loc, scale))
    p, r = _f64(device, [0.2, 0.4]), _f64(device, [0.5, 0.9])
    assert check(lambda a, b: D.kl_divergence(D.Bernoulli(a), D.Bernoulli(b)), (p, r))
    assert twice(lambda a, b: D.kl_divergence(D.Bernoulli(a), D.Bernoulli(b)), (p, r))
    df, sc = _f64(device, [1.0, 1.5, 3.0, 4.5]), _f64(device, [2.0, 2.0, 2.0, 0.5])
    assert check(lambda d, s: D.StudentT(d, 0.0, s).variance.nan_to_num(0.0, 0.0, 0.0), (df, sc))
    loc2 = _f64(device, [0.0, 1.0])
    tril = gradlib.tensor([[1.0, 0.0], [0.5, 2.0]], dtype=gradlib.float64, device=device, requires_grad=True)
    y = gradlib.tensor([[0.0, 0.0], [1.0, -1.0], [2.0, 0.5]], dtype=gradlib.float64, device=device)
    assert check(lambda m, t: D.MultivariateNormal(m, scale_tril=t.tril()).expand((3,)).log_prob(y), (loc2, tril))
    assert check(lambda m, s: D.Normal(m, s).log_prob(x), (loc2, scale))
    probs = _f64(device, [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])
    assert check(lambda pr: D.Multinomial(3, pr).entropy(), (probs,))
    # (no gradgradcheck: Categorical(probs).entropy()'s second derivative fails PyTorch's own gradgradcheck)


def test_validation_off_skips_the_sample_checks(device):
    D = gradlib.distributions
    d = D.Dirichlet(gradlib.tensor([[0.5, 1.0, 2.0]], device=device), validate_args=False)
    assert d.log_prob(gradlib.tensor([0.2, 0.3, 0.5], device=device)).shape == (1,)
    e = D.Exponential(gradlib.tensor([0.5], device=device), validate_args=False)
    assert e.cdf(gradlib.tensor([-1.0], device=device)).shape == (1,)
