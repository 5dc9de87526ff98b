"""``torch.distributions.exponential`` as PyTorch's module path
(``from torch.distributions.exponential import Exponential``)."""
from ._more import Exponential
from .. import _homes

__all__ = ["Exponential"]


_homes.adopt(__name__, Exponential)
