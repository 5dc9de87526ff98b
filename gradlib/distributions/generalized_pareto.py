"""``GeneralizedPareto`` (PyTorch's ``torch.distributions.generalized_pareto``)."""
import math

from .. import _creation
from ..ops import selection, shape
from . import _checks, constraints
from ._basic import Distribution, _broadcast

__all__ = ["GeneralizedPareto"]


class GeneralizedPareto(Distribution):
    """The generalized Pareto distribution with ``loc``, ``scale`` and ``concentration`` (the shape ξ; ξ = 0 the
    exponential tail) (``torch.distributions.GeneralizedPareto``): support ``[loc, loc - scale / ξ]`` for ξ < 0,
    else ``[loc, inf)``; ``rsample`` is the inverse CDF of ``rand``'s draws (PyTorch's numbers).

    >>> import gradlib
    >>> d = GeneralizedPareto(0., gradlib.tensor([1., 2.]), gradlib.tensor([0.5, 0.]))
    >>> d.log_prob(gradlib.tensor([1., 1.])), d.cdf(gradlib.tensor([1., 1.]))
    (tensor([-1.2164, -1.1931]), tensor([0.5556, 0.3935]))
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive, "concentration": constraints.real}
    has_rsample = True
    params = ("loc", "scale", "concentration")

    def __init__(self, loc, scale, concentration, validate_args=None):
        self.loc, self.scale, self.concentration = _broadcast(loc, scale, concentration)
        super().__init__(self.loc.shape, (), validate_args)
        _checks.validate_parameters(self)

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        lower = self.loc
        upper = selection.where(self.concentration < 0, lower - self.scale / self.concentration, math.inf)
        return constraints.interval(lower, upper)

    def _safe_concentration(self):
        eq_zero = self.concentration.isclose(_creation.zeros_like(self.concentration))
        return eq_zero, selection.where(eq_zero, _creation.ones_like(self.concentration), self.concentration)

    def _z(self, x):
        return (x - self.loc) / self.scale

    def rsample(self, sample_shape=()):
        u = _creation.rand(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        return self.icdf(u)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        z = self._z(value)
        eq_zero, safe = self._safe_concentration()
        y = 1 / safe + _creation.ones_like(z)
        where_nonzero = selection.where(y == 0, y, y * (safe * z).log1p())
        return -self.scale.log() - selection.where(eq_zero, z, where_nonzero)

    def log_survival_function(self, value):
        """log P(X > value)."""
        _checks.validate_sample(self, value)
        z = self._z(value)
        eq_zero, safe = self._safe_concentration()
        return selection.where(eq_zero, -z, -(safe * z).log1p() / safe)

    def log_cdf(self, value):
        """log P(X <= value)."""
        return (-self.log_survival_function(value).exp()).log1p()

    def cdf(self, value):
        return self.log_cdf(value).exp()

    def icdf(self, value):
        eq_zero, safe = self._safe_concentration()
        logu = (-value).log1p()
        where_nonzero = self.loc + self.scale / safe * (-safe * logu).expm1()
        return selection.where(eq_zero, self.loc - self.scale * logu, where_nonzero)

    @property
    def mean(self):
        valid = self.concentration < 1
        safe = selection.where(valid, self.concentration, 0.5)
        return selection.where(valid, self.loc + self.scale / (1 - safe), math.nan)

    @property
    def variance(self):
        valid = self.concentration < 0.5
        safe = selection.where(valid, self.concentration, 0.25)
        return selection.where(valid, self.scale ** 2 / ((1 - safe) ** 2 * (1 - 2 * safe)), math.nan)

    def entropy(self):
        return shape.broadcast_to(self.scale.log() + self.concentration + 1, tuple(self._batch_shape))

    @property
    def mode(self):
        return self.loc
