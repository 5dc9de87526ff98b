"""``torch.distributions.poisson`` as PyTorch's module path
(``from torch.distributions.poisson import Poisson``)."""
from ._more import Poisson
from .. import _homes

__all__ = ["Poisson"]


_homes.adopt(__name__, Poisson)
