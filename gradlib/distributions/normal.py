"""``torch.distributions.normal`` as PyTorch's module path
(``from torch.distributions.normal import Normal``)."""
from ._basic import Normal
from .. import _homes

__all__ = ["Normal"]


_homes.adopt(__name__, Normal)
