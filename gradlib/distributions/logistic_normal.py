"""``LogisticNormal`` (PyTorch's ``torch.distributions.logistic_normal``)."""
from . import _checks, constraints
from ._basic import Normal
from ._more import Independent
from .transformed_distribution import TransformedDistribution
from .transforms import StickBreakingTransform

__all__ = ["LogisticNormal"]


class LogisticNormal(TransformedDistribution):
    """The logistic-normal distribution on the simplex: a Normal(loc, scale) vector of length K - 1 pushed through
    the StickBreakingTransform (``torch.distributions.LogisticNormal``): event shape ``(K,)``; ``base_dist`` is the
    Independent Normal, as PyTorch's. Draws follow ``randn``'s stream.

    >>> import gradlib
    >>> d = LogisticNormal(gradlib.tensor([0., 1.]), gradlib.tensor([1., 0.5]))
    >>> d.event_shape, d.log_prob(gradlib.tensor([0.2, 0.5, 0.3]))
    (gradlib.Size([3]), tensor(1.6430))
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.simplex
    has_rsample = True
    params = ()

    def __init__(self, loc, scale, validate_args=None):
        base = Normal(loc, scale, validate_args=validate_args)
        if not base.batch_shape:
            base = base.expand([1])
        super().__init__(Independent(base, 1), StickBreakingTransform(), validate_args)
        _checks.validate_parameters(self)

    @property
    def loc(self):
        return self.base_dist.base_dist.loc

    @property
    def scale(self):
        return self.base_dist.base_dist.scale

