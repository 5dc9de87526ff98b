"""``HalfCauchy`` (PyTorch's ``torch.distributions.half_cauchy``)."""
import math

from .. import _creation
from ..ops import selection
from . import _checks, constraints
from .cauchy import Cauchy
from .transformed_distribution import TransformedDistribution
from .transforms import AbsTransform

__all__ = ["HalfCauchy"]


class HalfCauchy(TransformedDistribution):
    """``|x|`` for ``x`` ~ Cauchy(0, scale) (``torch.distributions.HalfCauchy``); prints as ``HalfCauchy()``.

    >>> import gradlib
    >>> HalfCauchy(gradlib.tensor([1., 2.])).log_prob(gradlib.tensor([0.5, 3.]))
    tensor([-0.6747, -2.3234])
    """

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    params = ()

    def __init__(self, scale, validate_args=None):
        super().__init__(Cauchy(0, scale, validate_args=False), AbsTransform(), validate_args)
        _checks.validate_parameters(self)

    @property
    def scale(self):
        return self.base_dist.scale

    @property
    def mean(self):
        return _creation.full(self._extended_shape(), math.inf, dtype=self.scale.dtype, device=self.scale.device)

    @property
    def mode(self):
        return _creation.zeros_like(self.scale)

    @property
    def variance(self):
        return self.base_dist.variance

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return selection.where(value >= 0, log_prob, -math.inf)

    def cdf(self, value):
        _checks.validate_sample(self, value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)
