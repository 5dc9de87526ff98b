"""``torch.distributions.log_normal`` as PyTorch's module path
(``from torch.distributions.log_normal import LogNormal``)."""
from ._more import LogNormal

__all__ = ["LogNormal"]
