"""``torch.distributions.laplace`` as PyTorch's module path
(``from torch.distributions.laplace import Laplace``)."""
from ._more import Laplace
from .. import _homes

__all__ = ["Laplace"]


_homes.adopt(__name__, Laplace)
