"""``torch.distributions.distribution`` as PyTorch's module path
(``from torch.distributions.distribution import Distribution``)."""
from ._basic import Distribution

__all__ = ["Distribution"]
