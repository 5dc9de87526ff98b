"""``torch.distributions.poisson`` as PyTorch's module path
(``from torch.distributions.poisson import Poisson``)."""
from ._more import Poisson

__all__ = ["Poisson"]
