"""``torch.distributions.beta`` spelled as PyTorch's module path (``from torch.distributions.beta import Beta``)."""
from ._more import Beta

__all__ = ["Beta"]
