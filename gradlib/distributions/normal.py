"""``torch.distributions.normal`` as PyTorch's module path
(``from torch.distributions.normal import Normal``)."""
from ._basic import Normal

__all__ = ["Normal"]
