"""``torch.distributions.beta`` spelled as PyTorch's module path (``from torch.distributions.beta import Beta``)."""
from ._more import Beta
from .. import _homes

__all__ = ["Beta"]


_homes.adopt(__name__, Beta)
