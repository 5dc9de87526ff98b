"""``torch.distributions.exponential`` as PyTorch's module path
(``from torch.distributions.exponential import Exponential``)."""
from ._more import Exponential

__all__ = ["Exponential"]
