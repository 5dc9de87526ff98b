"""``LogNormal`` (PyTorch's ``torch.distributions.log_normal``)."""
from ..ops import elementwise
from . import constraints
from ._basic import Normal
from .transformed_distribution import TransformedDistribution
from .transforms import ExpTransform

__all__ = ["LogNormal"]


class LogNormal(TransformedDistribution):
    """``exp`` of a Normal(loc, scale) draw (``torch.distributions.LogNormal``): a TransformedDistribution of the
    Normal by ``ExpTransform``, with its moments and entropy in closed form; prints as ``LogNormal()``.

    >>> import gradlib
    >>> gradlib.distributions.LogNormal(0., 1.).log_prob(gradlib.tensor(2.))
    tensor(-1.8523)
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.positive

    params = ()

    def __init__(self, loc, scale, validate_args=None):
        super().__init__(Normal(loc, scale, validate_args=validate_args), ExpTransform(), validate_args)

    @property
    def loc(self):
        return self.base_dist.loc

    @property
    def scale(self):
        return self.base_dist.scale

    @property
    def mean(self):
        return elementwise.exp(self.loc + self.scale ** 2 / 2)

    @property
    def mode(self):
        return elementwise.exp(self.loc - self.scale ** 2)

    @property
    def variance(self):
        scale_sq = self.scale ** 2
        return elementwise.expm1(scale_sq) * elementwise.exp(2 * self.loc + scale_sq)

    def rsample(self, sample_shape=()):
        return elementwise.exp(self.base_dist.rsample(sample_shape))

    def entropy(self):
        return self.base_dist.entropy() + self.loc
