"""``torch.distributions.independent`` as PyTorch's module path
(``from torch.distributions.independent import Independent``)."""
from ._more import Independent

__all__ = ["Independent"]
