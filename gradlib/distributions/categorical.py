"""``torch.distributions.categorical`` as PyTorch's module path
(``from torch.distributions.categorical import Categorical``)."""
from ._basic import Categorical
from .. import _homes

__all__ = ["Categorical"]


_homes.adopt(__name__, Categorical)
