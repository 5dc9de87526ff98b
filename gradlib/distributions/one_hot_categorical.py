"""``torch.distributions.one_hot_categorical`` as PyTorch's module path
(``from torch.distributions.one_hot_categorical import OneHotCategorical``)."""
from ._more import OneHotCategorical
from .. import _homes

__all__ = ["OneHotCategorical"]


_homes.adopt(__name__, OneHotCategorical)
