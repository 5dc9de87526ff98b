"""``Kumaraswamy`` (PyTorch's ``torch.distributions.kumaraswamy``)."""
import math

from .. import _creation
from ..ops import selection, special
from . import _checks, constraints
from ._basic import Uniform, _broadcast
from .gumbel import EULER_CONSTANT
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, PowerTransform

__all__ = ["Kumaraswamy"]


def _moments(a, b, n):
    """The n-th moment: ``b * B(1 + n / a, b)``."""
    arg1 = 1 + n / a
    log_value = special.lgamma(arg1) + special.lgamma(b) - special.lgamma(arg1 + b)
    return b * log_value.exp()


class Kumaraswamy(TransformedDistribution):
    """The Kumaraswamy distribution on [0, 1], ``(1 - (1 - u) ** (1 / c0)) ** (1 / c1)`` of a uniform draw (PyTorch's
    chain of transforms, so draws follow ``rand``'s stream) (``torch.distributions.Kumaraswamy``).

    >>> import gradlib
    >>> d = Kumaraswamy(gradlib.tensor([2., 0.5]), gradlib.tensor([3., 1.5]))
    >>> d.log_prob(gradlib.tensor([0.3, 0.6])), d.mean
    (tensor([ 0.3992, -0.7772]), tensor([0.4571, 0.2286]))
    """

    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True
    params = ("concentration1", "concentration0")

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = _broadcast(concentration1, concentration0)
        base = Uniform(_creation.full_like(self.concentration0, 0), _creation.full_like(self.concentration0, 1),
                       validate_args=validate_args)
        transforms = [PowerTransform(exponent=self.concentration0.reciprocal()), AffineTransform(loc=1.0, scale=-1.0),
                      PowerTransform(exponent=self.concentration1.reciprocal())]
        super().__init__(base, transforms, validate_args)
        _checks.validate_parameters(self)

    @property
    def mean(self):
        return _moments(self.concentration1, self.concentration0, 1)

    @property
    def mode(self):
        c1, c0 = self.concentration1, self.concentration0
        log_mode = c0.reciprocal() * (-c0).log1p() - (-c0 * c1).log1p()
        log_mode = selection.where((c0 < 1) | (c1 < 1), math.nan, log_mode)
        return log_mode.exp()

    @property
    def variance(self):
        return _moments(self.concentration1, self.concentration0, 2) - self.mean.pow(2)

    def entropy(self):
        t1 = 1 - self.concentration1.reciprocal()
        t0 = 1 - self.concentration0.reciprocal()
        h0 = special.digamma(self.concentration0 + 1) + EULER_CONSTANT
        return t0 + t1 * h0 - self.concentration1.log() - self.concentration0.log()
