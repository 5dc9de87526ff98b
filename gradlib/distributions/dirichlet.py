"""``torch.distributions.dirichlet`` as PyTorch's module path
(``from torch.distributions.dirichlet import Dirichlet``)."""
from ._more import Dirichlet
from .. import _homes

__all__ = ["Dirichlet"]


_homes.adopt(__name__, Dirichlet)
