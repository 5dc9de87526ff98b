"""The later torch.distributions (issue 15): Cauchy, HalfCauchy, Gumbel, Geometric, Weibull, Pareto, InverseGamma,
Kumaraswamy, NegativeBinomial, FisherSnedecor, VonMises, LowRankMultivariateNormal, LogisticNormal,
ContinuousBernoulli, OneHotCategoricalStraightThrough, ExponentialFamily, GeneralizedPareto, LKJCholesky, Wishart,
their KL pairs, and the later transforms. Written once for gradlib and PyTorch (``observe(lib, device)``), in
float64: printing, shapes, constraints, log_prob and its gradients in the parameters, cdf/icdf, entropy, moments,
expand, draws (values where the draw is built on rand/randn/cauchy_/exponential_/uniform_/multinomial, as
PyTorch's; shapes otherwise), rsample gradients, KL values and gradients, validation errors.
``python tests/reference/record_torch.py dist10`` writes ``torch_dist10.json``; tests/test_dist10.py compares."""
import json
import math
import pathlib


def _configs():
    """name -> (factory(D, params), parameter values, log_prob value, draws follow PyTorch's stream[, dtype])."""
    return {
        "cauchy": (lambda D, p: D.Cauchy(p[0], p[1]), [[0.0, 1.0, -2.0], [1.0, 2.0, 0.5]], [0.5, 0.5, 3.0], True),
        "cauchy_0d": (lambda D, p: D.Cauchy(p[0], p[1]), [0.3, 1.5], -1.0, True),
        "half_cauchy": (lambda D, p: D.HalfCauchy(p[0]), [[1.0, 2.0, 0.5]], [0.5, 3.0, 0.0], True),
        "gumbel": (lambda D, p: D.Gumbel(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]], [[0.5, 0.5], [-1.0, 4.0]], True),
        "geometric": (lambda D, p: D.Geometric(p[0]), [[0.2, 0.5, 1.0]], [3.0, 0.0, 0.0], True),
        "geometric_logits": (lambda D, p: D.Geometric(logits=p[0]), [[-1.0, 0.5]], [2.0, 5.0], True),
        "weibull": (lambda D, p: D.Weibull(p[0], p[1]), [[1.0, 2.0], [1.5, 0.5]], [0.5, 3.0], True),
        "pareto": (lambda D, p: D.Pareto(p[0], p[1]), [[1.0, 2.0], [3.0, 1.5]], [1.5, 3.0], True),
        "inverse_gamma": (lambda D, p: D.InverseGamma(p[0], p[1]), [[3.0, 1.5], [2.0, 1.0]], [0.5, 2.0], False),
        "kumaraswamy": (lambda D, p: D.Kumaraswamy(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]], [0.3, 0.6], True),
        "negative_binomial": (lambda D, p: D.NegativeBinomial(p[0], p[1]), [[3.0, 2.5], [0.2, 0.6]], [1.0, 4.0],
                              False),
        "negative_binomial_logits": (lambda D, p: D.NegativeBinomial(p[0], logits=p[1]), [[0.0, 4.0], [0.3, -1.0]],
                                     [0.0, 2.0], False),
        "fisher_snedecor": (lambda D, p: D.FisherSnedecor(p[0], p[1]), [[3.0, 5.0, 1.0], [6.0, 10.0, 2.0]],
                            [1.0, 2.0, 0.5], False),
        "von_mises": (lambda D, p: D.VonMises(p[0], p[1]), [[0.0, 1.0, -2.0], [2.0, 0.5, 5.0]], [0.5, -1.0, 3.0],
                      True),
        "lowrank_mvn": (lambda D, p: D.LowRankMultivariateNormal(p[0], p[1], p[2]),
                        [[[0.0, 1.0, -1.0], [0.5, 0.0, 0.2]], [[1.0, 0.0], [0.5, -1.0], [0.2, 0.3]],
                         [1.0, 2.0, 0.5]], [[1.0, -1.0, 0.0], [0.0, 0.5, 2.0]], True),
        "logistic_normal": (lambda D, p: D.LogisticNormal(p[0], p[1]), [[0.0, 1.0], [1.0, 0.5]], [0.2, 0.5, 0.3],
                            True),
        "logistic_normal_batch": (lambda D, p: D.LogisticNormal(p[0], p[1]), [[[0.0, 1.0], [0.5, -0.5]], [1.0, 0.5]],
                                  [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], True),
        "continuous_bernoulli": (lambda D, p: D.ContinuousBernoulli(p[0]), [[0.2, 0.5, 0.9, 0.4995]],
                                 [0.3, 0.3, 1.0, 0.7], True),
        "continuous_bernoulli_logits": (lambda D, p: D.ContinuousBernoulli(logits=p[0]), [[0.3, -2.0, 0.0005]],
                                        [0.0, 0.8, 0.5], True),
        "onehot_straight_through": (lambda D, p: D.OneHotCategoricalStraightThrough(probs=p[0]),
                                    [[[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]], [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], True),
        "generalized_pareto": (lambda D, p: D.GeneralizedPareto(p[0], p[1], p[2]),
                               [[0.0, 1.0, 0.5], [1.0, 2.0, 0.5], [0.5, 0.0, -0.25]], [1.0, 2.0, 1.0], True,
                               "float32"),  # PyTorch's log_prob refuses float64 (isclose with a float32 zero)
        "lkj_cholesky": (lambda D, p: D.LKJCholesky(3, p[0]), [[2.0, 0.5]],
                         [[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.6, 0.8]], False),
        "wishart": (lambda D, p: D.Wishart(p[0], covariance_matrix=p[1]), [4.0, [[2.0, 0.5], [0.5, 1.0]]],
                    [[5.0, 1.0], [1.0, 3.0]], False),
        "wishart_tril": (lambda D, p: D.Wishart(p[0], scale_tril=p[1]), [[3.0, 5.0], [[1.0, 0.0], [0.5, 2.0]]],
                         [[2.0, 0.3], [0.3, 4.0]], False),
        "cauchy_empty": (lambda D, p: D.Cauchy(p[0], p[1]), [[], []], [], True),
    }


#: (p factory, q factory) -> KL
def _kl_pairs():
    return {
        "cauchy_cauchy": (lambda D, p: D.Cauchy(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                          lambda D, q: D.Cauchy(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "gumbel_gumbel": (lambda D, p: D.Gumbel(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                          lambda D, q: D.Gumbel(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "geometric_geometric": (lambda D, p: D.Geometric(p[0]), [[0.2, 0.7]], lambda D, q: D.Geometric(q[0]),
                                [[0.5, 0.3]]),
        "pareto_pareto": (lambda D, p: D.Pareto(p[0], p[1]), [[1.0, 2.0], [3.0, 1.5]],
                          lambda D, q: D.Pareto(q[0], q[1]), [[0.5, 3.0], [2.0, 1.0]]),
        "cb_cb": (lambda D, p: D.ContinuousBernoulli(p[0]), [[0.2, 0.5, 0.9]],
                  lambda D, q: D.ContinuousBernoulli(q[0]), [[0.6, 0.3, 0.4995]]),
        "lowrank_lowrank": (lambda D, p: D.LowRankMultivariateNormal(p[0], p[1], p[2]),
                            [[0.0, 1.0, -1.0], [[1.0], [0.5], [0.2]], [1.0, 2.0, 0.5]],
                            lambda D, q: D.LowRankMultivariateNormal(q[0], q[1], q[2]),
                            [[0.5, 0.0, 0.2], [[1.0, 0.3], [-0.5, 1.0], [0.2, 0.1]], [0.5, 1.0, 1.5]]),
        "mvn_lowrank": (lambda D, p: D.MultivariateNormal(p[0], p[1]), [[0.0, 1.0], [[2.0, 0.5], [0.5, 1.0]]],
                        lambda D, q: D.LowRankMultivariateNormal(q[0], q[1], q[2]),
                        [[0.5, 0.0], [[1.0], [0.5]], [1.0, 2.0]]),
        "lowrank_mvn": (lambda D, p: D.LowRankMultivariateNormal(p[0], p[1], p[2]),
                        [[0.5, 0.0], [[1.0], [0.5]], [1.0, 2.0]],
                        lambda D, q: D.MultivariateNormal(q[0], q[1]), [[0.0, 1.0], [[2.0, 0.5], [0.5, 1.0]]]),
        "beta_cb": (lambda D, p: D.Beta(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]],
                    lambda D, q: D.ContinuousBernoulli(q[0]), [[0.3, 0.7]]),
        "cb_exponential": (lambda D, p: D.ContinuousBernoulli(p[0]), [[0.3, 0.7]],
                           lambda D, q: D.Exponential(q[0]), [[2.0, 0.5]]),
        "cb_normal": (lambda D, p: D.ContinuousBernoulli(p[0]), [[0.3, 0.7]],
                      lambda D, q: D.Normal(q[0], q[1]), [[0.0, 1.0], [1.0, 2.0]]),
        "cb_uniform": (lambda D, p: D.ContinuousBernoulli(p[0]), [[0.3, 0.7]],
                       lambda D, q: D.Uniform(q[0], q[1]), [[-1.0, 0.5], [2.0, 3.0]]),
        "exponential_gumbel": (lambda D, p: D.Exponential(p[0]), [[2.0, 0.5]],
                               lambda D, q: D.Gumbel(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "gamma_gumbel": (lambda D, p: D.Gamma(p[0], p[1]), [[2.0, 0.5], [1.0, 3.0]],
                         lambda D, q: D.Gumbel(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "gumbel_normal": (lambda D, p: D.Gumbel(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                          lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "normal_gumbel": (lambda D, p: D.Normal(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                          lambda D, q: D.Gumbel(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "pareto_exponential": (lambda D, p: D.Pareto(p[0], p[1]), [[1.0, 2.0, 1.0], [3.0, 0.5, 1.0]],
                               lambda D, q: D.Exponential(q[0]), [[2.0, 0.5, 1.0]]),
        "pareto_gamma": (lambda D, p: D.Pareto(p[0], p[1]), [[1.0, 2.0], [3.0, 0.5]],
                         lambda D, q: D.Gamma(q[0], q[1]), [[2.0, 0.5], [1.0, 3.0]]),
        "pareto_normal": (lambda D, p: D.Pareto(p[0], p[1]), [[1.0, 2.0], [3.0, 1.5]],
                          lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "uniform_cb": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, 0.0], [0.6, 0.5]],
                       lambda D, q: D.ContinuousBernoulli(q[0]), [[0.3, 0.7]]),
        "uniform_gumbel": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, -1.0], [0.6, 2.0]],
                           lambda D, q: D.Gumbel(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "uniform_pareto": (lambda D, p: D.Uniform(p[0], p[1]), [[1.5, 0.5], [2.5, 3.0]],
                           lambda D, q: D.Pareto(q[0], q[1]), [[1.0, 1.0], [2.0, 3.0]]),
        "gumbel_uniform_infinite": (lambda D, p: D.Gumbel(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                                    lambda D, q: D.Uniform(q[0], q[1]), [[-1.0, 0.5], [2.0, 3.0]]),
        "normal_pareto_infinite": (lambda D, p: D.Normal(p[0], p[1]), [[0.0], [1.0]],
                                   lambda D, q: D.Pareto(q[0], q[1]), [[1.0], [2.0]]),
        "weibull_weibull_transformed": (lambda D, p: D.Weibull(p[0], p[1]), [[1.0, 2.0], [1.5, 0.5]],
                                        lambda D, q: D.Weibull(q[0], q[1]), [[1.0, 2.0], [1.5, 0.5]]),
        "half_normal_half_normal": (lambda D, p: D.HalfNormal(p[0]), [[1.0, 2.0]],
                                    lambda D, q: D.HalfNormal(q[0]), [[0.5, 3.0]]),
        "kumaraswamy_kumaraswamy_missing": (lambda D, p: D.Kumaraswamy(p[0], p[1]), [[1.0, 2.0], [1.5, 0.5]],
                                            lambda D, q: D.Kumaraswamy(q[0], q[1]), [[1.0, 2.5], [1.5, 0.5]]),
        # PyTorch's cross-family pairs among the first distributions
        "binomial_binomial": (lambda D, p: D.Binomial(p[0], p[1]), [[5.0, 6.0], [0.3, 0.6]],
                              lambda D, q: D.Binomial(q[0], q[1]), [[5.0, 4.0], [0.5, 0.2]]),
        "binomial_binomial_smaller_p": (lambda D, p: D.Binomial(p[0], p[1]), [[3.0], [0.3]],
                                        lambda D, q: D.Binomial(q[0], q[1]), [[5.0], [0.5]]),
        "bernoulli_poisson": (lambda D, p: D.Bernoulli(p[0]), [[0.3, 0.8]], lambda D, q: D.Poisson(q[0]),
                              [[0.5, 2.0]]),
        "beta_exponential": (lambda D, p: D.Beta(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]],
                             lambda D, q: D.Exponential(q[0]), [[2.0, 0.5]]),
        "beta_gamma": (lambda D, p: D.Beta(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]],
                       lambda D, q: D.Gamma(q[0], q[1]), [[2.0, 0.5], [1.0, 3.0]]),
        "beta_normal": (lambda D, p: D.Beta(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]],
                        lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "beta_uniform": (lambda D, p: D.Beta(p[0], p[1]), [[2.0, 0.5], [3.0, 1.5]],
                         lambda D, q: D.Uniform(q[0], q[1]), [[-0.5, 0.1], [2.0, 3.0]]),
        "exponential_gamma": (lambda D, p: D.Exponential(p[0]), [[2.0, 0.5]],
                              lambda D, q: D.Gamma(q[0], q[1]), [[2.0, 0.5], [1.0, 3.0]]),
        "exponential_normal": (lambda D, p: D.Exponential(p[0]), [[2.0, 0.5]],
                               lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "gamma_exponential": (lambda D, p: D.Gamma(p[0], p[1]), [[2.0, 0.5], [1.0, 3.0]],
                              lambda D, q: D.Exponential(q[0]), [[2.0, 0.5]]),
        "gamma_normal": (lambda D, p: D.Gamma(p[0], p[1]), [[2.0, 0.5], [1.0, 3.0]],
                         lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "laplace_normal": (lambda D, p: D.Laplace(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                           lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "normal_laplace": (lambda D, p: D.Normal(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                           lambda D, q: D.Laplace(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "uniform_beta": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, 0.0, -0.5], [0.6, 0.5, 0.5]],
                         lambda D, q: D.Beta(q[0], q[1]), [[2.0, 0.5, 1.0], [3.0, 1.5, 1.0]]),
        "uniform_exponential": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, -1.0], [0.6, 2.0]],
                                lambda D, q: D.Exponential(q[0]), [[2.0, 0.5]]),
        "uniform_gamma": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, -1.0], [0.6, 2.0]],
                          lambda D, q: D.Gamma(q[0], q[1]), [[2.0, 0.5], [1.0, 3.0]]),
        "uniform_normal": (lambda D, p: D.Uniform(p[0], p[1]), [[0.1, -1.0], [0.6, 2.0]],
                           lambda D, q: D.Normal(q[0], q[1]), [[0.5, -1.0], [2.0, 0.5]]),
        "laplace_gamma_infinite": (lambda D, p: D.Laplace(p[0], p[1]), [[0.0, 1.0], [1.0, 2.0]],
                                   lambda D, q: D.Gamma(q[0], q[1]), [[2.0, 0.5], [1.0, 3.0]]),
        "poisson_binomial_infinite": (lambda D, p: D.Poisson(p[0]), [[0.5, 2.0]],
                                      lambda D, q: D.Binomial(q[0], q[1]), [[5.0, 4.0], [0.5, 0.2]]),
        "wishart_wishart_bregman": (lambda D, p: D.Wishart(p[0], covariance_matrix=p[1]),
                                    [4.0, [[2.0, 0.5], [0.5, 1.0]]],
                                    lambda D, q: D.Wishart(q[0], covariance_matrix=q[1]),
                                    [3.0, [[1.0, 0.2], [0.2, 1.5]]]),
    }


def _transforms(lib, T, t):
    """name -> (transform, input)."""
    D = lib.distributions
    return {
        "power": (T.PowerTransform(t([2.0, 0.5])), t([1.5, 3.0])),
        "power_negative": (T.PowerTransform(t(-1.0)), t([1.5, 3.0])),
        "softplus": (T.SoftplusTransform(), t([-2.0, 0.0, 3.0])),
        "reshape": (T.ReshapeTransform((2, 3), (3, 2)), t([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]])),
        "independent": (T.IndependentTransform(T.ExpTransform(), 1), t([[0.5, -1.0], [2.0, 0.0]])),
        "lower_cholesky": (T.LowerCholeskyTransform(), t([[0.5, 2.0], [-1.0, 0.3]])),
        "positive_definite": (T.PositiveDefiniteTransform(), t([[0.5, 2.0], [-1.0, 0.3]])),
        "corr_cholesky": (T.CorrCholeskyTransform(), t([0.3, -0.2, 0.5])),
        "cat": (T.CatTransform([T.ExpTransform(), T.AffineTransform(1.0, 2.0)], dim=0, lengths=[2, 1]),
                t([0.5, -1.0, 2.0])),
        "cat_last": (T.CatTransform([T.ExpTransform(), T.SoftplusTransform()], dim=-1, lengths=[1, 2]),
                     t([[0.5, -1.0, 2.0], [0.0, 1.0, -0.5]])),
        "stack": (T.StackTransform([T.ExpTransform(), T.SigmoidTransform()], dim=1),
                  t([[0.5, -1.0], [2.0, 0.3]])),
        "cdf": (T.CumulativeDistributionTransform(D.Normal(t(0.5), t(2.0))), t([-1.0, 0.5, 3.0])),
        "identity": (T.identity_transform, t([1.0, -2.0])),
        "compose_power_affine": (T.ComposeTransform([T.PowerTransform(t(3.0)), T.AffineTransform(0.5, -2.0)]),
                                 t([0.5, 2.0])),
        "compose_stick_breaking": (T.ComposeTransform([T.ExpTransform(), T.StickBreakingTransform()]),
                                   t([0.5, -1.0])),
        "tanh": (T.TanhTransform(), t([0.5, -2.0])),
        "abs": (T.AbsTransform(), t([0.5, -2.0])),
        "affine_event": (T.AffineTransform(t([1.0, 2.0]), t([2.0, -0.5]), event_dim=1), t([0.5, -2.0])),
    }


def _try(function):
    try:
        return function()
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": type(error).__name__}


def _values(tensor):
    if isinstance(tensor, dict):
        return tensor
    return {"values": tensor.detach().tolist(), "shape": list(tensor.shape), "dtype": str(tensor.dtype).split(".")[-1]}


def _grads(lib, params):
    return [None if p.grad is None else p.grad.tolist() for p in params]


def _observe_distribution(lib, device, make, values, value, stream, dtype="float64"):
    f64 = getattr(lib, dtype)
    D = lib.distributions
    params = [lib.tensor(v, dtype=f64, device=device, requires_grad=True) for v in values]
    d = make(D, params)
    x = lib.tensor(value, dtype=f64, device=device)
    record = {"repr": repr(d).replace("torch.", "gradlib."), "batch": list(d.batch_shape),
              "event": list(d.event_shape), "has_rsample": d.has_rsample,
              "support": _try(lambda: repr(d.support).replace("torch.", "gradlib."))}
    log_prob = d.log_prob(x)
    record["log_prob"] = _values(log_prob)
    if log_prob.numel():
        log_prob.sum().backward(retain_graph=True)
    record["grad_log_prob"] = _grads(lib, params)
    for name in ("mean", "mode", "variance", "stddev"):
        record[name] = _try(lambda: _values(getattr(d, name)))
    record["entropy"] = _try(lambda: _values(d.entropy()))
    record["cdf"] = _try(lambda: _values(d.cdf(x)))
    record["icdf"] = _try(lambda: _values(d.icdf(lib.tensor(0.3, dtype=f64, device=device))))
    expanded = d.expand((2,) + tuple(d.batch_shape))
    record["expand"] = {"batch": list(expanded.batch_shape), "event": list(expanded.event_shape),
                        "log_prob": _values(expanded.log_prob(x))}
    lib.manual_seed(0)
    draw = d.sample((3,))
    record["sample"] = {"shape": list(draw.shape), "dtype": str(draw.dtype).split(".")[-1],
                        "requires_grad": draw.requires_grad}
    if stream:
        record["sample"]["values"] = draw.tolist()
    if d.has_rsample:
        for p in params:
            p.grad = None
        lib.manual_seed(1)
        drawn = d.rsample((4,))
        record["rsample"] = {"shape": list(drawn.shape), "requires_grad": drawn.requires_grad}
        if stream:
            (drawn * drawn.new_ones(drawn.shape).cumsum(-1)).sum().backward(retain_graph=True)
            record["rsample"]["values"] = drawn.tolist()
            record["rsample"]["grads"] = _grads(lib, params)
    return record


def _observe_kl(lib, device, make_p, p_values, make_q, q_values):
    f64 = lib.float64
    D = lib.distributions
    p_params = [lib.tensor(v, dtype=f64, device=device, requires_grad=True) for v in p_values]
    q_params = [lib.tensor(v, dtype=f64, device=device, requires_grad=True) for v in q_values]
    try:
        kl = D.kl_divergence(make_p(D, p_params), make_q(D, q_params))
    except NotImplementedError as error:
        return {"error": ["NotImplementedError", str(error)]}
    record = {"kl": _values(kl)}
    finite = kl.detach().isfinite()
    if kl.requires_grad:
        (kl * finite).nan_to_num(0.0).sum().backward()
    record["grads_p"] = _grads(lib, p_params)
    record["grads_q"] = _grads(lib, q_params)
    return record


def _observe_transform(lib, transform, x):
    y = transform(x)
    record = {"repr": repr(transform), "y": _values(y), "inv": _try(lambda: _values(transform.inv(y))),
              "ladj": _try(lambda: _values(transform.log_abs_det_jacobian(x, y))),
              "forward_shape": _try(lambda: list(transform.forward_shape(tuple(x.shape)))),
              "inverse_shape": _try(lambda: list(transform.inverse_shape(tuple(y.shape)))),
              "bijective": transform.bijective, "event_dim": _try(lambda: transform.event_dim),
              "domain": _try(lambda: repr(transform.domain)), "codomain": _try(lambda: repr(transform.codomain)),
              "domain_event_dim": _try(lambda: transform.domain.event_dim),
              "codomain_event_dim": _try(lambda: transform.codomain.event_dim),
              "inv_domain": _try(lambda: repr(transform.inv.domain))}
    sign = _try(lambda: transform.sign)
    record["sign"] = sign if isinstance(sign, (int, dict)) else _values(sign)
    return record


def _errors(lib, device):
    D = lib.distributions
    T = D.transforms

    def t(v):
        return lib.tensor(v, dtype=lib.float64, device=device)

    attempts = {
        "cauchy_scale": lambda: D.Cauchy(t([0.0]), t([-1.0])),
        "cauchy_value_nan": lambda: D.Cauchy(t([0.0]), t([1.0])).log_prob(t([math.nan])),
        "cauchy_value_shape": lambda: D.Cauchy(t([0.0, 1.0]), t([1.0, 1.0])).log_prob(t([1.0, 2.0, 3.0])),
        "cauchy_value_number": lambda: D.Cauchy(t([0.0]), t([1.0])).log_prob(0.5),
        "half_cauchy_scale": lambda: D.HalfCauchy(t([0.0, 1.0])),
        "half_cauchy_value": lambda: D.HalfCauchy(t([1.0])).log_prob(t([-1.0])),
        "gumbel_scale": lambda: D.Gumbel(t(0.0), t(-2.0)),
        "geometric_both": lambda: D.Geometric(t(0.5), t(0.0)),
        "geometric_zero": lambda: D.Geometric(t([0.0, 0.5])),
        "geometric_above_one": lambda: D.Geometric(t([1.5])),
        "geometric_value": lambda: D.Geometric(t([0.5])).log_prob(t([1.5])),
        "weibull_value": lambda: D.Weibull(t([1.0]), t([2.0])).log_prob(t([-1.0])),
        "weibull_concentration": lambda: D.Weibull(t([1.0]), t([0.0])),
        "pareto_value": lambda: D.Pareto(t([2.0]), t([1.0])).log_prob(t([1.0])),
        "pareto_alpha": lambda: D.Pareto(t([2.0]), t([-1.0])),
        "inverse_gamma_rate": lambda: D.InverseGamma(t([2.0]), t([-1.0])),
        "kumaraswamy_value": lambda: D.Kumaraswamy(t([2.0]), t([1.0])).log_prob(t([1.5])),
        "negative_binomial_probs": lambda: D.NegativeBinomial(t([2.0]), t([1.0])),
        "negative_binomial_count": lambda: D.NegativeBinomial(t([-2.0]), t([0.5])),
        "negative_binomial_value": lambda: D.NegativeBinomial(t([2.0]), t([0.5])).log_prob(t([0.5])),
        "fisher_df": lambda: D.FisherSnedecor(t([0.0]), t([1.0])),
        "von_mises_concentration": lambda: D.VonMises(t([0.0]), t([-1.0])),
        "lowrank_loc_0d": lambda: D.LowRankMultivariateNormal(t(0.0), t([[1.0]]), t([1.0])),
        "lowrank_factor_shape": lambda: D.LowRankMultivariateNormal(t([0.0, 1.0]), t([[1.0], [0.5], [0.1]]),
                                                                    t([1.0, 1.0])),
        "lowrank_diag_shape": lambda: D.LowRankMultivariateNormal(t([0.0, 1.0]), t([[1.0], [0.5]]), t([1.0])),
        "lowrank_diag_negative": lambda: D.LowRankMultivariateNormal(t([0.0, 1.0]), t([[1.0], [0.5]]),
                                                                     t([1.0, -1.0])),
        "lowrank_value_shape": lambda: D.LowRankMultivariateNormal(t([0.0, 1.0]), t([[1.0], [0.5]]),
                                                                   t([1.0, 1.0])).log_prob(t([1.0, 2.0, 3.0])),
        "logistic_normal_value": lambda: D.LogisticNormal(t([0.0]), t([1.0])).log_prob(t([0.3, 0.3])),
        "continuous_bernoulli_both": lambda: D.ContinuousBernoulli(t(0.5), t(0.0)),
        "continuous_bernoulli_probs": lambda: D.ContinuousBernoulli(t([1.5]), validate_args=True),
        "continuous_bernoulli_value": lambda: D.ContinuousBernoulli(t([0.3])).log_prob(t([1.5])),
        "generalized_pareto_scale": lambda: D.GeneralizedPareto(t(0.0), t(-1.0), t(0.5)),
        "generalized_pareto_value": lambda: D.GeneralizedPareto(t(0.0), t(1.0), t(-0.5)).log_prob(t(3.0)),
        "lkj_dim": lambda: D.LKJCholesky(1, t(1.0)),
        "lkj_concentration": lambda: D.LKJCholesky(2, t(-1.0)),
        "lkj_value": lambda: D.LKJCholesky(2, t(1.0)).log_prob(t([[1.0, 0.0], [0.5, 0.5]])),
        "wishart_two_matrices": lambda: D.Wishart(t(3.0), covariance_matrix=t([[1.0, 0.0], [0.0, 1.0]]),
                                                  scale_tril=t([[1.0, 0.0], [0.0, 1.0]])),
        "wishart_df": lambda: D.Wishart(t(0.5), covariance_matrix=t([[1.0, 0.0], [0.0, 1.0]])),
        "wishart_vector": lambda: D.Wishart(t(3.0), covariance_matrix=t([1.0, 1.0])),
        "wishart_value": lambda: D.Wishart(t(3.0), covariance_matrix=t([[1.0, 0.0], [0.0, 1.0]])).log_prob(
            t([[1.0, 2.0], [2.0, 1.0]])),
        "kl_cb_gamma_missing": lambda: D.kl_divergence(D.ContinuousBernoulli(t(0.3)), D.Gamma(t(1.0), t(1.0))),
        "kl_expfamily_cross": lambda: D.kl_divergence(D.ContinuousBernoulli(t(0.3)),
                                                      D.Wishart(t(3.0), covariance_matrix=t([[1.0]]))),
        "reshape_sizes": lambda: T.ReshapeTransform((2, 3), (4,)),
        "reshape_shape": lambda: T.ReshapeTransform((2, 3), (6,)).forward_shape((3, 2)),
        "cat_lengths": lambda: T.CatTransform([T.ExpTransform()], lengths=[1, 2]),
        "cat_size": lambda: T.CatTransform([T.ExpTransform(), T.ExpTransform()])(t([1.0, 2.0, 3.0])),
        "stack_size": lambda: T.StackTransform([T.ExpTransform()])(t([1.0, 2.0])),
        "stack_not_transform": lambda: T.StackTransform([1.0]),
        "corr_cholesky_shape": lambda: T.CorrCholeskyTransform().forward_shape((4,)),
        "independent_too_few": lambda: T.IndependentTransform(T.ExpTransform(), 2)(t([1.0])),
    }
    recorded = {}
    for key, attempt in attempts.items():
        try:
            attempt()
            recorded[key] = None
        except Exception as error:  # noqa: BLE001 - the error is the record
            recorded[key] = [type(error).__name__, str(error).replace("torch.", "gradlib.")]
    return recorded


def _exponential_family(lib, device):
    """ExponentialFamily's Bregman entropy of each PyTorch member (NotImplementedError where a member has no
    carrier measure), and the Bregman KL of two Normals and of two Gammas, called directly."""
    D = lib.distributions

    def t(v):
        return lib.tensor(v, dtype=lib.float64, device=device)

    members = {"normal": D.Normal(t([0.0, 1.0]), t([1.0, 2.0])), "gamma": D.Gamma(t([2.0, 0.5]), t([1.0, 3.0])),
               "exponential": D.Exponential(t([2.0, 0.5])), "bernoulli": D.Bernoulli(t([0.3, 0.8])),
               "beta": D.Beta(t([2.0, 0.5]), t([3.0, 1.5])), "dirichlet": D.Dirichlet(t([[2.0, 0.5, 1.0]])),
               "poisson": D.Poisson(t([0.5, 2.0])), "chi2": D.Chi2(t([3.0]))}
    recorded = {name: [isinstance(d, D.ExponentialFamily), _try(lambda: _values(D.ExponentialFamily.entropy(d)))]
                for name, d in members.items()}
    bregman = D.kl.__dict__.get("_kl_expfamily_expfamily") or lib.distributions._kl_more._kl_expfamily_expfamily
    recorded["kl_normal"] = _values(bregman(members["normal"], D.Normal(t([0.5, -1.0]), t([2.0, 0.5]))))
    recorded["kl_gamma"] = _values(bregman(members["gamma"], D.Gamma(t([1.0, 2.0]), t([2.0, 0.5]))))
    return recorded


def _constraints(lib, device):
    C = lib.distributions.constraints
    t = lambda v: lib.tensor(v, dtype=lib.float64, device=device)  # noqa: E731
    cat = C.cat([C.positive, C.unit_interval], dim=-1, lengths=[2, 1])
    stack = C.stack([C.real, C.positive], dim=0)
    return {"corr_cholesky_repr": repr(C.corr_cholesky),
            "corr_cholesky_check": C.corr_cholesky.check(t([[[1.0, 0.0], [0.6, 0.8]], [[1.0, 0.0], [0.5, 0.5]]]))
            .tolist(),
            "cat": [repr(cat), cat.event_dim, cat.is_discrete, cat.check(t([[1.0, 2.0, 0.5], [-1.0, 2.0, 1.5]])).tolist()],
            "stack": [repr(stack), stack.event_dim, stack.check(t([[1.0, -2.0], [0.5, -1.0]])).tolist()],
            "multinomial": [repr(C.multinomial(3)), C.multinomial(3).check(t([[1.0, 2.0], [2.0, 2.0], [-1.0, 0.0]]))
                            .tolist()],
            "mixture": repr(C.MixtureSameFamilyConstraint(C.real)),
            "registry": _registry(lib, t)}


def _registry(lib, t):
    """biject_to and transform_to of the later constraints: the transform printed and applied."""
    D = lib.distributions
    C = D.constraints
    x = t([[0.5, -1.0, 0.3], [0.2, 0.1, -0.4], [1.0, 0.0, 2.0]])
    cases = {"corr_cholesky": (C.corr_cholesky, x[0]), "cat": (C.cat([C.positive, C.unit_interval], 0, [2, 1]), x[0]),
             "stack": (C.stack([C.positive, C.real, C.interval(-1.0, 1.0)], 0), x[0]),
             "lower_cholesky": (C.lower_cholesky, x), "positive_definite": (C.positive_definite, x),
             "positive_semidefinite": (C.positive_semidefinite, x), "independent": (C.independent(C.positive, 1), x[0])}
    recorded = {}
    for name, (constraint, value) in cases.items():
        for registry in ("biject_to", "transform_to"):
            try:
                transform = getattr(D, registry)(constraint)
                recorded[f"{registry}/{name}"] = [repr(transform), transform(value).tolist()]
            except NotImplementedError as error:
                recorded[f"{registry}/{name}"] = ["NotImplementedError", str(error)]
    return recorded


def observe(lib, device):
    import warnings
    recorded = {"distributions": {}, "kl": {}, "transforms": {}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, config in _configs().items():
            recorded["distributions"][name] = _observe_distribution(lib, device, *config)
        for name, (make_p, p_values, make_q, q_values) in _kl_pairs().items():
            recorded["kl"][name] = _observe_kl(lib, device, make_p, p_values, make_q, q_values)
    T = lib.distributions.transforms

    def t(v):
        return lib.tensor(v, dtype=lib.float64, device=device)

    for name, (transform, x) in _transforms(lib, T, t).items():
        recorded["transforms"][name] = _observe_transform(lib, transform, x)
    recorded["exponential_family"] = _exponential_family(lib, device)
    recorded["errors"] = _errors(lib, device)
    recorded["constraints"] = _constraints(lib, device)
    return recorded


def record():
    import torch
    path = pathlib.Path(__file__).parent / "torch_dist10.json"
    path.write_text(json.dumps(observe(torch, "cpu"), indent=0, sort_keys=True) + "\n")
    print(f"wrote the later distributions to {path.name}")
