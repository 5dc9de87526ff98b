"""``TransformedDistribution`` (PyTorch's ``torch.distributions.TransformedDistribution``): a base distribution
pushed through transforms, e.g. the tanh-squashed Gaussian of soft actor-critic policies.

>>> import gradlib
>>> from gradlib.distributions import Normal, TransformedDistribution
>>> from gradlib.distributions.transforms import TanhTransform
>>> d = TransformedDistribution(Normal(gradlib.tensor([0., 1.]), gradlib.tensor([1., 0.5])), [TanhTransform()])
>>> d, d.log_prob(gradlib.tensor([0.3, -0.5]))
(TransformedDistribution(), tensor([-0.8725, -4.7388]))
"""
from ..autograd import grad_mode
from ..ops import reduction
from . import _checks, constraints, transforms as _transforms
from ._basic import Distribution, _as_tensor

__all__ = ["TransformedDistribution"]


def _sum_rightmost(value, dims):
    if dims <= 0:
        return value
    return reduction.sum(value.reshape(tuple(value.shape[:value.ndim - dims]) + (-1,)), -1)


class TransformedDistribution(Distribution):
    """``y = t_n(... t_1(x))`` for ``x`` drawn from ``base_distribution``; ``log_prob(y)`` is the base's at the
    inverse image minus the transforms' log-Jacobians. ``transforms``: one Transform or a list. ``sample`` and
    ``rsample`` transform the base's draws; ``has_rsample`` is the base's. ``mean``, ``variance`` and ``entropy``
    raise NotImplementedError, as PyTorch's. Prints as ``TransformedDistribution()``.
    """

    params = ()

    def __init__(self, base_distribution, transforms, validate_args=None):
        if isinstance(transforms, _transforms.Transform):
            transforms = [transforms]
        elif isinstance(transforms, list):
            if not all(isinstance(t, _transforms.Transform) for t in transforms):
                raise ValueError("transforms must be a Transform or a list of Transforms")
        else:
            raise ValueError(f"transforms must be a Transform or list, but was {transforms}")
        self.base_dist = base_distribution
        self.transforms = transforms
        event_dim = max([len(base_distribution.event_shape)] + [t.event_dim for t in transforms])
        full = tuple(base_distribution.batch_shape) + tuple(base_distribution.event_shape)
        for transform in transforms:  # StickBreakingTransform adds one to the last dim
            full = tuple(transform.forward_shape(full))
        cut = len(full) - event_dim
        super().__init__(full[:cut], full[cut:], validate_args)

    @constraints.dependent_property(is_discrete=False)
    def support(self):
        """The last transform's codomain (the base's support without transforms), over the event dims."""
        if not self.transforms:
            return self.base_dist.support
        support = self.transforms[-1].codomain
        if len(self.event_shape) > support.event_dim:
            support = constraints.independent(support, len(self.event_shape) - support.event_dim)
        return support

    @property
    def has_rsample(self):
        return self.base_dist.has_rsample

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            x = self.base_dist.sample(sample_shape)
            for transform in self.transforms:
                x = transform(x)
            return x

    def rsample(self, sample_shape=()):
        x = self.base_dist.rsample(sample_shape)
        for transform in self.transforms:
            x = transform(x)
        return x

    def log_prob(self, value):
        y = _as_tensor(value, None if not hasattr(self.base_dist, "loc") else self.base_dist.loc)
        _checks.validate_sample(self, y)
        event_dim = len(self._event_shape)
        log_prob = 0.0
        for transform in reversed(self.transforms):
            x = transform.inv(y)
            log_prob = log_prob - _sum_rightmost(transform.log_abs_det_jacobian(x, y),
                                                 event_dim - transform.event_dim)
            y = x
        return log_prob + _sum_rightmost(self.base_dist.log_prob(y), event_dim - len(self.base_dist.event_shape))

    def _monotonize_cdf(self, value):
        """``value`` as a CDF of the output: flipped where the transforms reverse the order (their sign)."""
        sign = 1
        for transform in self.transforms:
            sign = sign * transform.sign
        if isinstance(sign, int) and sign == 1:
            return value
        return sign * (value - 0.5) + 0.5

    def cdf(self, value):
        """The base's CDF at the inverse image (PyTorch's; monotone transforms only)."""
        for transform in self.transforms[::-1]:
            value = transform.inv(value)
        if self._validate_args:
            _checks.validate_sample(self.base_dist, value)
        return self._monotonize_cdf(self.base_dist.cdf(value))

    def icdf(self, value):
        """The transforms applied to the base's quantile."""
        value = self.base_dist.icdf(self._monotonize_cdf(value))
        for transform in self.transforms:
            value = transform(value)
        return value

    @property
    def mean(self):
        raise NotImplementedError

    @property
    def variance(self):
        raise NotImplementedError

    def entropy(self):
        raise NotImplementedError
