"""``torch.distributions.gamma`` spelled as PyTorch's module path (``from torch.distributions.gamma import Gamma``)."""
from ._more import Gamma
from .. import _homes

__all__ = ["Gamma"]


_homes.adopt(__name__, Gamma)
