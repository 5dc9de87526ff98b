"""``torch.distributions.gamma`` spelled as PyTorch's module path (``from torch.distributions.gamma import Gamma``)."""
from ._more import Gamma

__all__ = ["Gamma"]
