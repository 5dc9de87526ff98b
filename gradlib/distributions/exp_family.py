"""``torch.distributions.exp_family`` as PyTorch's module path: the public home of ``ExponentialFamily`` (defined in
``_basic``, the base of Normal and Bernoulli there)."""
from .. import _homes
from ._basic import ExponentialFamily

__all__ = ["ExponentialFamily"]


_homes.adopt(__name__, ExponentialFamily)
