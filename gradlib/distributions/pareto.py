"""``Pareto`` (PyTorch's ``torch.distributions.pareto``)."""
from . import _checks, constraints
from ._basic import _broadcast
from ._more import Exponential
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, ExpTransform

__all__ = ["Pareto"]


class Pareto(TransformedDistribution):
    """The Pareto type I distribution, ``scale * exp(E)`` for ``E`` ~ Exponential(alpha)
    (``torch.distributions.Pareto``); support ``[scale, inf)``; the mean is inf for alpha <= 1 and the variance
    for alpha <= 2.

    >>> import gradlib
    >>> d = Pareto(gradlib.tensor([1., 2.]), gradlib.tensor([3., 1.5]))
    >>> d.log_prob(gradlib.tensor([1.5, 3.])), d.mean
    (tensor([-0.5232, -1.3013]), tensor([1.5000, 6.0000]))
    """

    arg_constraints = {"alpha": constraints.positive, "scale": constraints.positive}
    params = ("alpha", "scale")

    def __init__(self, scale, alpha, validate_args=None):
        self.scale, self.alpha = _broadcast(scale, alpha)
        base = Exponential(self.alpha, validate_args=validate_args)
        super().__init__(base, [ExpTransform(), AffineTransform(loc=0, scale=self.scale)], validate_args)
        _checks.validate_parameters(self)

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.greater_than_eq(self.scale)

    @property
    def mean(self):
        a = self.alpha.clamp(min=1)
        return a * self.scale / (a - 1)

    @property
    def mode(self):
        return self.scale

    @property
    def variance(self):
        a = self.alpha.clamp(min=2)
        return self.scale.pow(2) * a / ((a - 1).pow(2) * (a - 2))

    def entropy(self):
        return (self.scale / self.alpha).log() + (1 + self.alpha.reciprocal())
