"""``kl_divergence`` and ``register_kl`` (PyTorch's ``torch.distributions.kl``): one function per pair of
distribution types, the most specific registered pair chosen by the types' method resolution order."""
import math

from ..linalg import solve_triangular
from ..nn import functional
from ..ops import comparison, construction, elementwise, reduction, selection, shape, special
from . import _basic, _more, log_normal

__all__ = ["kl_divergence", "register_kl"]

#: (type of p, type of q) -> function(p, q), in registration order
_KL_REGISTRY = {}


def register_kl(type_p, type_q):
    """A decorator registering ``function(p, q)`` as ``kl_divergence`` for ``type_p`` and ``type_q``
    (``torch.distributions.register_kl``).

    >>> import gradlib
    >>> D = gradlib.distributions
    >>> class Mine(D.Normal):
    ...     pass
    >>> @D.register_kl(Mine, Mine)
    ... def _kl_mine(p, q):
    ...     return gradlib.tensor(7.)
    >>> D.kl_divergence(Mine(0., 1.), Mine(1., 1.))
    tensor(7.)
    """
    if not isinstance(type_p, type):
        raise TypeError(f"Expected type_p to be a Distribution subclass but got {type_p}")
    if not isinstance(type_q, type):
        raise TypeError(f"Expected type_q to be a Distribution subclass but got {type_q}")

    def decorator(function):
        _KL_REGISTRY[type_p, type_q] = function
        return function

    return decorator


def _lookup(type_p, type_q):
    best, best_rank = None, None
    for (registered_p, registered_q), function in _KL_REGISTRY.items():
        if issubclass(type_p, registered_p) and issubclass(type_q, registered_q):
            rank = (type_p.__mro__.index(registered_p), type_q.__mro__.index(registered_q))
            if best_rank is None or rank < best_rank:
                best, best_rank = function, rank
    return best


def kl_divergence(p, q):
    """KL(p || q) between two distributions (``torch.distributions.kl_divergence``), for the pairs registered: each
    of PyTorch's (each family with its own kind here; the later ones and the cross-family pairs in ``_kl_more`` and
    ``_kl_cross``; two ExponentialFamily members of one type by the Bregman divergence). Shape: the broadcast batch
    shape. Raises NotImplementedError for other pairs, as PyTorch.

    >>> import gradlib
    >>> from gradlib.distributions import Normal, kl_divergence
    >>> kl_divergence(Normal(0., 1.), Normal(1., 1.))
    tensor(0.5000)
    """
    function = _lookup(type(p), type(q))
    if function is None:
        raise NotImplementedError(f"No KL(p || q) is implemented for p type {type(p).__name__} and q type "
                                  f"{type(q).__name__}")
    return function(p, q)


@register_kl(_basic.Normal, _basic.Normal)
def _kl_normal_normal(p, q):
    ratio = (p.scale / q.scale) ** 2
    return 0.5 * (ratio + ((p.loc - q.loc) / q.scale) ** 2 - 1 - elementwise.log(ratio))


@register_kl(_basic.Categorical, _basic.Categorical)
def _kl_categorical_categorical(p, q):
    terms = p.probs * (p.logits - q.logits)
    terms = selection.where(comparison.eq(q.probs, 0), float("inf"), terms)
    terms = selection.where(comparison.eq(p.probs, 0), 0.0, terms)
    return reduction.sum(terms, -1)


@register_kl(_basic.Bernoulli, _basic.Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    # PyTorch's index_put_ of inf where q cannot give p's outcome, then 0 where p never gives it
    t1 = p.probs * (functional.softplus(-q.logits) - functional.softplus(-p.logits))
    t1 = selection.where(comparison.eq(q.probs, 0), math.inf, t1)
    t1 = selection.where(comparison.eq(p.probs, 0), 0.0, t1)
    t2 = (1 - p.probs) * (functional.softplus(q.logits) - functional.softplus(p.logits))
    t2 = selection.where(comparison.eq(q.probs, 1), math.inf, t2)
    t2 = selection.where(comparison.eq(p.probs, 1), 0.0, t2)
    return t1 + t2


@register_kl(_basic.Uniform, _basic.Uniform)
def _kl_uniform_uniform(p, q):
    result = elementwise.log((q.high - q.low) / (p.high - p.low))
    outside = comparison.gt(q.low, p.low) | comparison.lt(q.high, p.high)
    return selection.where(outside, float("inf"), result)


@register_kl(_more.OneHotCategorical, _more.OneHotCategorical)
def _kl_onehot_onehot(p, q):
    return _kl_categorical_categorical(p._categorical, q._categorical)


@register_kl(_more.Independent, _more.Independent)
def _kl_independent_independent(p, q):
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError
    result = kl_divergence(p.base_dist, q.base_dist)
    dims = p.reinterpreted_batch_ndims
    if dims == 0:
        return result
    return reduction.sum(result.reshape(tuple(result.shape[:result.ndim - dims]) + (-1,)), -1)


@register_kl(_more.MultivariateNormal, _more.MultivariateNormal)
def _kl_mvn_mvn(p, q):
    if p.event_shape != q.event_shape:
        raise ValueError("KL-divergence between two Multivariate Normals with                          different "
                         "event shapes cannot be computed")
    p_tril, q_tril = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    half_term1 = (reduction.sum(elementwise.log(q_tril.diagonal(dim1=-2, dim2=-1)), -1)
                  - reduction.sum(elementwise.log(p_tril.diagonal(dim1=-2, dim2=-1)), -1))
    batch = construction.broadcast_shapes(tuple(q_tril.shape[:-2]), tuple(p_tril.shape[:-2]))
    n = p.event_shape[0]
    solved = solve_triangular(shape.expand(q_tril, batch + (n, n)), shape.expand(p_tril, batch + (n, n)),
                              upper=False)
    term2 = reduction.sum(solved ** 2, (-2, -1))
    term3 = _more._batch_mahalanobis(q_tril, q.loc - p.loc)
    return half_term1 + 0.5 * (term2 + term3 - n)


@register_kl(_more.Gamma, _more.Gamma)
def _kl_gamma_gamma(p, q):
    t1 = q.concentration * elementwise.log(p.rate / q.rate)
    t2 = special.lgamma(q.concentration) - special.lgamma(p.concentration)
    t3 = (p.concentration - q.concentration) * special.digamma(p.concentration)
    t4 = (q.rate - p.rate) * (p.concentration / p.rate)
    return t1 + t2 + t3 + t4


@register_kl(_more.Dirichlet, _more.Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    sum_p = reduction.sum(p.concentration, -1)
    sum_q = reduction.sum(q.concentration, -1)
    t1 = special.lgamma(sum_p) - special.lgamma(sum_q)
    t2 = reduction.sum(special.lgamma(p.concentration) - special.lgamma(q.concentration), -1)
    t3 = p.concentration - q.concentration
    t4 = special.digamma(p.concentration) - shape.unsqueeze(special.digamma(sum_p), -1)
    return t1 - t2 + reduction.sum(t3 * t4, -1)


@register_kl(_more.Beta, _more.Beta)
def _kl_beta_beta(p, q):
    sum_p = p.concentration1 + p.concentration0
    sum_q = q.concentration1 + q.concentration0
    t1 = special.lgamma(q.concentration1) + special.lgamma(q.concentration0) + special.lgamma(sum_p)
    t2 = special.lgamma(p.concentration1) + special.lgamma(p.concentration0) + special.lgamma(sum_q)
    t3 = (p.concentration1 - q.concentration1) * special.digamma(p.concentration1)
    t4 = (p.concentration0 - q.concentration0) * special.digamma(p.concentration0)
    t5 = (sum_q - sum_p) * special.digamma(sum_p)
    return t1 - t2 + t3 + t4 + t5


@register_kl(_more.Exponential, _more.Exponential)
def _kl_exponential_exponential(p, q):
    rate_ratio = q.rate / p.rate
    return -elementwise.log(rate_ratio) + rate_ratio - 1


@register_kl(_more.Laplace, _more.Laplace)
def _kl_laplace_laplace(p, q):
    scale_ratio = p.scale / q.scale
    loc_abs_diff = elementwise.abs(p.loc - q.loc)
    t1 = -elementwise.log(scale_ratio)
    t2 = loc_abs_diff / q.scale
    t3 = scale_ratio * elementwise.exp(-loc_abs_diff / p.scale)
    return t1 + t2 + t3 - 1


@register_kl(log_normal.LogNormal, log_normal.LogNormal)
def _kl_lognormal_lognormal(p, q):
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(_more.Poisson, _more.Poisson)
def _kl_poisson_poisson(p, q):
    return p.rate * (elementwise.log(p.rate) - elementwise.log(q.rate)) - (p.rate - q.rate)
