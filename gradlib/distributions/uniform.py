"""``torch.distributions.uniform`` as PyTorch's module path
(``from torch.distributions.uniform import Uniform``)."""
from ._basic import Uniform
from .. import _homes

__all__ = ["Uniform"]


_homes.adopt(__name__, Uniform)
