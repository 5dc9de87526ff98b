"""``torch.distributions.distribution`` as PyTorch's module path
(``from torch.distributions.distribution import Distribution``)."""
from ._basic import Distribution
from .. import _homes

__all__ = ["Distribution"]


_homes.adopt(__name__, Distribution)
