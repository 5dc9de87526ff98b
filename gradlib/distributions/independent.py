"""``torch.distributions.independent`` as PyTorch's module path
(``from torch.distributions.independent import Independent``)."""
from ._more import Independent
from .. import _homes

__all__ = ["Independent"]


_homes.adopt(__name__, Independent)
