"""``ContinuousBernoulli`` (PyTorch's ``torch.distributions.continuous_bernoulli``)."""
import math

from .. import _creation, _type_info
from ..autograd import grad_mode
from ..nn import functional
from ..ops import construction, elementwise, selection
from . import _checks, constraints
from ._basic import _broadcast
from ._lazy_probs import LazyProbsLogits
from .exp_family import ExponentialFamily

__all__ = ["ContinuousBernoulli"]


def _clamp_probs(probs):
    eps = _type_info.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


class ContinuousBernoulli(LazyProbsLogits, ExponentialFamily):
    """The continuous Bernoulli distribution on [0, 1] with ``probs`` or ``logits``
    (``torch.distributions.ContinuousBernoulli``, Loaiza-Ganem and Cunningham 2019): density proportional to
    ``probs ** x (1 - probs) ** (1 - x)``; near ``probs = 1/2`` (inside ``lims``) PyTorch's Taylor expansions.
    ``rsample`` is the inverse CDF of ``rand``'s draws (PyTorch's numbers). ValueError: both or neither of
    probs/logits; with ``validate_args`` given, probs outside [0, 1] ("The parameter probs has invalid values").

    >>> import gradlib
    >>> d = ContinuousBernoulli(gradlib.tensor([0.2, 0.5]))
    >>> d.log_prob(gradlib.tensor([0.3, 0.3])), d.mean
    (tensor([0.1984, 0.0000]), tensor([0.3880, 0.5000]))
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    _mean_carrier_measure = 0
    has_rsample = True
    params = ("probs", "logits")

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = _broadcast(probs)
            if validate_args is not None and not bool(self.arg_constraints["probs"].check(self.probs).all()):
                raise ValueError("The parameter probs has invalid values")
            self.probs = _clamp_probs(self.probs)
            self._param = self.probs
        else:
            (self.logits,) = _broadcast(logits)
            self._param = self.logits
        self._lims = lims
        super().__init__(self._param.shape, (), validate_args)
        _checks.validate_parameters(self)

    def _probs_from_logits(self, logits):
        return _clamp_probs(elementwise.sigmoid(logits))

    @property
    def param_shape(self):
        return self._param.shape

    def _outside_unstable_region(self):
        return (self.probs <= self._lims[0]) | (self.probs > self._lims[1])

    def _cut_probs(self):
        return selection.where(self._outside_unstable_region(), self.probs,
                               self._lims[0] * _creation.ones_like(self.probs))

    def _cont_bern_log_norm(self):
        """log of the normalizing constant, with its Taylor expansion around 1/2."""
        cut = self._cut_probs()
        below_half = selection.where(cut <= 0.5, cut, _creation.zeros_like(cut))
        above_half = selection.where(cut >= 0.5, cut, _creation.ones_like(cut))
        log_norm = ((-cut).log1p() - cut.log()).abs().log() - selection.where(
            cut <= 0.5, (-2.0 * below_half).log1p(), (2.0 * above_half - 1.0).log())
        x = (self.probs - 0.5).pow(2)
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x
        return selection.where(self._outside_unstable_region(), log_norm, taylor)

    @property
    def mean(self):
        cut = self._cut_probs()
        mus = cut / (2.0 * cut - 1.0) + 1.0 / ((-cut).log1p() - cut.log())
        x = self.probs - 0.5
        taylor = 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * x.pow(2)) * x
        return selection.where(self._outside_unstable_region(), mus, taylor)

    @property
    def stddev(self):
        return self.variance.sqrt()

    @property
    def variance(self):
        cut = self._cut_probs()
        variances = (cut * (cut - 1.0) / (1.0 - 2.0 * cut).pow(2)
                     + 1.0 / ((-cut).log1p() - cut.log()).pow(2))
        x = (self.probs - 0.5).pow(2)
        taylor = 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x
        return selection.where(self._outside_unstable_region(), variances, taylor)

    def sample(self, sample_shape=()):
        u = _creation.rand(self._extended_shape(sample_shape), dtype=self.probs.dtype, device=self.probs.device)
        with grad_mode.no_grad():
            return self.icdf(u)

    def rsample(self, sample_shape=()):
        u = _creation.rand(self._extended_shape(sample_shape), dtype=self.probs.dtype, device=self.probs.device)
        return self.icdf(u)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        logits, value = construction.broadcast_tensors(self.logits, value)
        return (-functional.binary_cross_entropy_with_logits(logits, value, reduction="none")
                + self._cont_bern_log_norm())

    def cdf(self, value):
        _checks.validate_sample(self, value)
        cut = self._cut_probs()
        cdfs = (cut.pow(value) * (1.0 - cut).pow(1.0 - value) + cut - 1.0) / (2.0 * cut - 1.0)
        unbounded = selection.where(self._outside_unstable_region(), cdfs, value)
        return selection.where(value <= 0.0, _creation.zeros_like(value),
                               selection.where(value >= 1.0, _creation.ones_like(value), unbounded))

    def icdf(self, value):
        cut = self._cut_probs()
        inverse = (((-cut + value * (2.0 * cut - 1.0)).log1p() - (-cut).log1p())
                   / (cut.log() - (-cut).log1p()))
        return selection.where(self._outside_unstable_region(), inverse, value)

    def entropy(self):
        log_probs0 = (-self.probs).log1p()
        log_probs1 = self.probs.log()
        return self.mean * (log_probs0 - log_probs1) - self._cont_bern_log_norm() - log_probs0

    @property
    def _natural_params(self):
        return (self.logits,)

    def _log_normalizer(self, x):
        unstable_out = (x <= self._lims[0] - 0.5) | (x > self._lims[1] - 0.5)
        cut = selection.where(unstable_out, x, (self._lims[0] - 0.5) * _creation.ones_like(x))
        log_norm = cut.expm1().abs().log() - cut.abs().log()
        taylor = 0.5 * x + x.pow(2) / 24.0 - x.pow(4) / 2880.0
        return selection.where(unstable_out, log_norm, taylor)
