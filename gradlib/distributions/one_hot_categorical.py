"""``torch.distributions.one_hot_categorical`` as PyTorch's module path
(``from torch.distributions.one_hot_categorical import OneHotCategorical``)."""
from ._more import OneHotCategorical

__all__ = ["OneHotCategorical"]
