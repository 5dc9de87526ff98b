"""``torch.distributions.bernoulli`` as PyTorch's module path
(``from torch.distributions.bernoulli import Bernoulli``)."""
from ._basic import Bernoulli

__all__ = ["Bernoulli"]
