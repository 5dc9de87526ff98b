"""``torch.distributions.uniform`` as PyTorch's module path
(``from torch.distributions.uniform import Uniform``)."""
from ._basic import Uniform

__all__ = ["Uniform"]
