"""``Gumbel`` (PyTorch's ``torch.distributions.gumbel``)."""
import math

from .. import _creation, _type_info
from . import _checks, constraints
from ._basic import Uniform, _broadcast
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, ExpTransform

__all__ = ["Gumbel"]

EULER_CONSTANT = 0.57721566490153286060


class Gumbel(TransformedDistribution):
    """The Gumbel (type I extreme value) distribution with ``loc`` and ``scale`` (``torch.distributions.Gumbel``):
    PyTorch's ``loc - scale * log(-log(u))`` of a Uniform(tiny, 1 - eps) draw, so draws follow ``rand``'s stream.

    >>> import gradlib
    >>> d = Gumbel(gradlib.tensor([0., 1.]), gradlib.tensor([1., 2.]))
    >>> d.log_prob(gradlib.tensor([0.5, 0.5])), d.mean
    (tensor([-1.1065, -1.7272]), tensor([0.5772, 2.1544]))
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    params = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = _broadcast(loc, scale)
        info = _type_info.finfo(self.loc.dtype)
        base = Uniform(_creation.full_like(self.loc, info.tiny), _creation.full_like(self.loc, 1 - info.eps),
                       validate_args=validate_args)
        transforms = [ExpTransform().inv, AffineTransform(loc=0, scale=-_creation.ones_like(self.scale)),
                      ExpTransform().inv, AffineTransform(loc=loc, scale=-self.scale)]
        super().__init__(base, transforms, validate_args)
        _checks.validate_parameters(self)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        y = (self.loc - value) / self.scale
        return y - y.exp() - self.scale.log()

    @property
    def mean(self):
        return self.loc + self.scale * EULER_CONSTANT

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return math.pi / math.sqrt(6) * self.scale

    @property
    def variance(self):
        return self.stddev.pow(2)

    def entropy(self):
        return self.scale.log() + (1 + EULER_CONSTANT)
