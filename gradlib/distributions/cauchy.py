"""``Cauchy`` (PyTorch's ``torch.distributions.cauchy``)."""
import math

from .. import _creation
from . import _checks, constraints
from ._basic import Distribution, _broadcast

__all__ = ["Cauchy"]


class Cauchy(Distribution):
    """The Cauchy (Lorentz) distribution with ``loc`` (median) and ``scale`` (half width at half maximum)
    (``torch.distributions.Cauchy``): no mean (NaN) nor variance (inf); ``rsample`` is ``loc + scale * eps`` with
    ``eps`` from ``Tensor.cauchy_``. ValueError for a non-positive scale (with ``validate_args``).

    >>> import gradlib
    >>> d = Cauchy(gradlib.tensor([0., 1.]), gradlib.tensor([1., 2.]))
    >>> d.log_prob(gradlib.tensor([0.5, 0.5])), d.cdf(gradlib.tensor([0.5, 0.5]))
    (tensor([-1.3679, -1.8985]), tensor([0.6476, 0.4220]))
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True
    params = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = _broadcast(loc, scale)
        super().__init__(self.loc.shape, (), validate_args)
        _checks.validate_parameters(self)

    @property
    def mean(self):
        return _creation.full(self._extended_shape(), math.nan, dtype=self.loc.dtype, device=self.loc.device)

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return _creation.full(self._extended_shape(), math.inf, dtype=self.loc.dtype, device=self.loc.device)

    def rsample(self, sample_shape=()):
        eps = _creation.empty(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + eps.cauchy_() * self.scale

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        return -math.log(math.pi) - self.scale.log() - (((value - self.loc) / self.scale) ** 2).log1p()

    def cdf(self, value):
        _checks.validate_sample(self, value)
        return ((value - self.loc) / self.scale).atan() / math.pi + 0.5

    def icdf(self, value):
        return (math.pi * (value - 0.5)).tan() * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()
