"""``NegativeBinomial`` (PyTorch's ``torch.distributions.negative_binomial``)."""
from ..autograd import grad_mode
from ..nn import functional
from ..ops import elementwise, special
from . import _checks, constraints
from ._lazy_probs import LazyProbsLogits
from ._basic import Distribution, _broadcast
from ._more import Gamma, Poisson

__all__ = ["NegativeBinomial"]


class NegativeBinomial(LazyProbsLogits, Distribution):
    """The number of successes before ``total_count`` failures in Bernoulli(``probs``) trials
    (``torch.distributions.NegativeBinomial``), ``probs`` in [0, 1) or ``logits``; ``total_count`` may be real.
    Draws are Poisson of Gamma(total_count, exp(-logits)) draws, as PyTorch's (gradlib's gamma sampler: not PyTorch's
    numbers). ValueError: both or neither of probs/logits, and parameters outside their constraints.

    >>> import gradlib
    >>> d = NegativeBinomial(3., gradlib.tensor([0.2, 0.6]))
    >>> d.log_prob(gradlib.tensor([1., 4.])), d.mean
    (tensor([-1.1803, -2.0841]), tensor([0.7500, 4.5000]))
    """

    arg_constraints = {"total_count": constraints.greater_than_eq(0),
                       "probs": constraints.half_open_interval(0.0, 1.0), "logits": constraints.real}
    support = constraints.nonnegative_integer
    params = ("total_count", "probs", "logits")

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            self.total_count, self.probs = _broadcast(total_count, probs)
            self._param = self.probs
        else:
            self.total_count, self.logits = _broadcast(total_count, logits)
            self._param = self.logits
        self.total_count = self.total_count.type_as(self._param)
        super().__init__(self._param.shape, (), validate_args)
        _checks.validate_parameters(self)

    @property
    def param_shape(self):
        return self._param.shape

    @property
    def mean(self):
        return self.total_count * self.logits.exp()

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / elementwise.sigmoid(-self.logits)

    @property
    def _gamma(self):
        return Gamma(concentration=self.total_count, rate=(-self.logits).exp(), validate_args=False)

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            rate = self._gamma.sample(sample_shape)
            return Poisson(rate, validate_args=False).sample()

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        log_unnormalized = (self.total_count * functional.logsigmoid(-self.logits)
                            + value * functional.logsigmoid(self.logits))
        log_normalization = (-special.lgamma(self.total_count + value) + special.lgamma(1.0 + value)
                             + special.lgamma(self.total_count))
        log_normalization = log_normalization.masked_fill(self.total_count + value == 0.0, 0.0)
        return log_unnormalized - log_normalization
