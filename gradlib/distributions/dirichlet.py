"""``torch.distributions.dirichlet`` as PyTorch's module path
(``from torch.distributions.dirichlet import Dirichlet``)."""
from ._more import Dirichlet

__all__ = ["Dirichlet"]
