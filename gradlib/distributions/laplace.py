"""``torch.distributions.laplace`` as PyTorch's module path
(``from torch.distributions.laplace import Laplace``)."""
from ._more import Laplace

__all__ = ["Laplace"]
