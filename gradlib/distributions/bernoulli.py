"""``torch.distributions.bernoulli`` as PyTorch's module path
(``from torch.distributions.bernoulli import Bernoulli``)."""
from ._basic import Bernoulli
from .. import _homes

__all__ = ["Bernoulli"]


_homes.adopt(__name__, Bernoulli)
