"""``InverseGamma`` (PyTorch's ``torch.distributions.inverse_gamma``)."""
import math

from ..ops import selection, special
from . import _checks, constraints
from ._more import Gamma
from .transformed_distribution import TransformedDistribution
from .transforms import PowerTransform

__all__ = ["InverseGamma"]


class InverseGamma(TransformedDistribution):
    """``1 / X`` for ``X`` ~ Gamma(concentration, rate) (``torch.distributions.InverseGamma``); prints as
    ``InverseGamma()``. Draws come from gradlib's gamma sampler (reparametrized; not PyTorch's numbers).

    >>> import gradlib
    >>> d = InverseGamma(gradlib.tensor([3., 1.5]), gradlib.tensor([2., 1.]))
    >>> d.log_prob(gradlib.tensor([0.5, 2.])), d.mean
    (tensor([ 0.1589, -2.1121]), tensor([1., 2.]))
    """

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive
    has_rsample = True
    params = ()

    def __init__(self, concentration, rate, validate_args=None):
        base = Gamma(concentration, rate, validate_args=validate_args)
        super().__init__(base, PowerTransform(-base.rate.new_ones(())), validate_args)
        _checks.validate_parameters(self)

    @property
    def concentration(self):
        return self.base_dist.concentration

    @property
    def rate(self):
        return self.base_dist.rate

    @property
    def mean(self):
        result = self.rate / (self.concentration - 1)
        return selection.where(self.concentration > 1, result, math.inf)

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        result = self.rate.square() / ((self.concentration - 1).square() * (self.concentration - 2))
        return selection.where(self.concentration > 2, result, math.inf)

    def entropy(self):
        c = self.concentration
        return c + self.rate.log() + special.lgamma(c) - (1 + c) * special.digamma(c)
