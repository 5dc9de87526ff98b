"""The relaxed (Concrete / Gumbel-softmax) distributions of ``torch.distributions``: ``RelaxedOneHotCategorical``
(``ExpRelaxedCategorical`` pushed through exp) and ``RelaxedBernoulli`` (``LogitRelaxedBernoulli`` pushed through
the sigmoid), with PyTorch's formulas: reparametrized samples (Gumbel noise added to the logits, divided by the
temperature) and log-densities. Draws come from gradlib's generators (PyTorch's numbers on the CPU).

>>> import gradlib
>>> from gradlib.distributions import RelaxedOneHotCategorical
>>> d = RelaxedOneHotCategorical(gradlib.tensor(0.5), probs=gradlib.tensor([0.2, 0.3, 0.5]))
>>> d.log_prob(gradlib.tensor([0.1, 0.2, 0.7]))
tensor(0.2764)
"""
from .. import _creation
from .. import _type_info
from ..ops import elementwise, reduction, shape, special
from . import constraints
from . import transforms
from ._basic import Categorical, Distribution, _as_tensor, _broadcast
from ._lazy_probs import LazyProbsLogits
from .transformed_distribution import TransformedDistribution

__all__ = ["ExpRelaxedCategorical", "RelaxedOneHotCategorical", "LogitRelaxedBernoulli", "RelaxedBernoulli"]


def _clamp_probs(probs):
    """PyTorch's ``clamp_probs``: into [eps, 1 - eps] of the dtype."""
    eps = _type_info.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


class ExpRelaxedCategorical(Distribution):
    """The log of a relaxed one-hot categorical draw (``torch.distributions.ExpRelaxedCategorical``): event shape
    ``(k,)``, reparametrized."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.independent(constraints.real, 1)

    has_rsample = True
    params = ()

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits)
        self.temperature = temperature
        super().__init__(self._categorical.batch_shape, tuple(self._categorical.param_shape[-1:]), validate_args)

    @property
    def param_shape(self):
        return self._categorical.param_shape

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def probs(self):
        return self._categorical.probs

    def rsample(self, sample_shape=()):
        size = self._extended_shape(sample_shape)
        logits = self.logits
        uniforms = _clamp_probs(_creation.rand(size, dtype=logits.dtype, device=logits.device))
        gumbels = -elementwise.log(-elementwise.log(uniforms))
        scores = (logits + gumbels) / self.temperature
        return scores - reduction.logsumexp(scores, -1, keepdim=True)

    def log_prob(self, value):
        k = self._categorical._num_events
        value = _as_tensor(value, self.logits)
        logits, value = _broadcast(self.logits, value)
        temperature = _as_tensor(self.temperature, logits)
        log_scale = (special.lgamma(_creation.full_like(temperature, float(k)))
                     - elementwise.log(temperature) * -(k - 1))
        score = logits - value * temperature
        score = reduction.sum(score - reduction.logsumexp(score, -1, keepdim=True), -1)
        return score + log_scale


class RelaxedOneHotCategorical(TransformedDistribution):
    """A point of the simplex near a one-hot vector, sharper as ``temperature`` falls: ``softmax((logits + g) /
    temperature)`` with Gumbel noise ``g`` (``torch.distributions.RelaxedOneHotCategorical``, the Gumbel-softmax).
    ``probs`` (normalized over the last dim) or ``logits``; ``rsample`` is differentiable in both and in the
    temperature. Raises ValueError unless exactly one of ``probs`` and ``logits`` is given.

    >>> import gradlib
    >>> d = gradlib.distributions.RelaxedOneHotCategorical(gradlib.tensor(1.0), logits=gradlib.zeros(2, 3))
    >>> d.rsample((4,)).shape, d
    (gradlib.Size([4, 2, 3]), RelaxedOneHotCategorical())
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.simplex

    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        base = ExpRelaxedCategorical(temperature, probs, logits, validate_args=validate_args)
        super().__init__(base, transforms.ExpTransform(), validate_args=validate_args)

    @property
    def temperature(self):
        return self.base_dist.temperature

    @property
    def logits(self):
        return self.base_dist.logits

    @property
    def probs(self):
        return self.base_dist.probs


class LogitRelaxedBernoulli(LazyProbsLogits, Distribution):
    """The logit of a relaxed Bernoulli draw (``torch.distributions.LogitRelaxedBernoulli``): ``(logit(u) +
    logits) / temperature`` for uniform ``u``."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.real

    params = ("probs", "logits")
    has_rsample = False  # as PyTorch's, though it has rsample (RelaxedBernoulli says True)

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self.temperature = temperature
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            scalar = isinstance(probs, (int, float))
            (self.probs,) = _broadcast(probs)
            self._param = self.probs
        else:
            scalar = isinstance(logits, (int, float))
            (self.logits,) = _broadcast(logits)
            self._param = self.logits
        super().__init__(() if scalar else tuple(self._param.shape), (), validate_args)

    @property
    def param_shape(self):
        return self._param.shape

    def rsample(self, sample_shape=()):
        size = self._extended_shape(sample_shape)
        probs = _clamp_probs(shape.expand(self.probs, size))
        uniforms = _clamp_probs(_creation.rand(size, dtype=probs.dtype, device=probs.device))
        return (elementwise.log(uniforms) - elementwise.log1p(-uniforms) + elementwise.log(probs)
                - elementwise.log1p(-probs)) / self.temperature

    def log_prob(self, value):
        value = _as_tensor(value, self._param)
        logits, value = _broadcast(self.logits, value)
        temperature = _as_tensor(self.temperature, logits)
        diff = logits - value * temperature
        return elementwise.log(temperature) + diff - 2 * elementwise.log1p(elementwise.exp(diff))


class RelaxedBernoulli(TransformedDistribution):
    """A value in (0, 1) near 0 or 1, sharper as ``temperature`` falls: ``sigmoid((logit(u) + logits) /
    temperature)`` (``torch.distributions.RelaxedBernoulli``, the binary Concrete distribution); ``rsample`` is
    differentiable. Raises ValueError unless exactly one of ``probs`` and ``logits`` is given.

    >>> import gradlib
    >>> d = gradlib.distributions.RelaxedBernoulli(gradlib.tensor(0.5), probs=gradlib.tensor([0.3, 0.9]))
    >>> d.log_prob(gradlib.tensor([0.2, 0.8]))
    tensor([-0.2528, -0.7660])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval

    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        base = LogitRelaxedBernoulli(temperature, probs, logits)
        super().__init__(base, transforms.SigmoidTransform(), validate_args=validate_args)

    @property
    def temperature(self):
        return self.base_dist.temperature

    @property
    def logits(self):
        return self.base_dist.logits

    @property
    def probs(self):
        return self.base_dist.probs

