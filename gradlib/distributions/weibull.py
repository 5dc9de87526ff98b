"""``Weibull`` (PyTorch's ``torch.distributions.weibull``)."""
from .. import _creation
from ..ops import special
from . import _checks, constraints
from ._basic import _broadcast
from ._more import Exponential
from .gumbel import EULER_CONSTANT
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, PowerTransform

__all__ = ["Weibull"]


class Weibull(TransformedDistribution):
    """The two-parameter Weibull distribution, ``scale * E ** (1 / concentration)`` for ``E`` ~ Exponential(1)
    (``torch.distributions.Weibull``); draws follow ``exponential_``'s stream.

    >>> import gradlib
    >>> d = Weibull(gradlib.tensor([1., 2.]), gradlib.tensor([1.5, 0.5]))
    >>> d.log_prob(gradlib.tensor([0.5, 3.])), d.mean
    (tensor([-0.2947, -2.8138]), tensor([0.9027, 4.0000]))
    """

    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive
    params = ("scale", "concentration")

    def __init__(self, scale, concentration, validate_args=None):
        self.scale, self.concentration = _broadcast(scale, concentration)
        self.concentration_reciprocal = self.concentration.reciprocal()
        base = Exponential(_creation.ones_like(self.scale), validate_args=validate_args)
        transforms = [PowerTransform(exponent=self.concentration_reciprocal), AffineTransform(loc=0, scale=self.scale)]
        super().__init__(base, transforms, validate_args)
        _checks.validate_parameters(self)

    @property
    def mean(self):
        return self.scale * special.lgamma(1 + self.concentration_reciprocal).exp()

    @property
    def mode(self):
        return self.scale * ((self.concentration - 1) / self.concentration) ** self.concentration.reciprocal()

    @property
    def variance(self):
        return self.scale.pow(2) * (special.lgamma(1 + 2 * self.concentration_reciprocal).exp()
                                    - (2 * special.lgamma(1 + self.concentration_reciprocal)).exp())

    def entropy(self):
        return (EULER_CONSTANT * (1 - self.concentration_reciprocal)
                + (self.scale * self.concentration_reciprocal).log() + 1)
