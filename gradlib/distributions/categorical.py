"""``torch.distributions.categorical`` as PyTorch's module path
(``from torch.distributions.categorical import Categorical``)."""
from ._basic import Categorical

__all__ = ["Categorical"]
