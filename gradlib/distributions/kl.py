"""``torch.distributions.kl`` as PyTorch's module path
(``from torch.distributions.kl import kl_divergence``)."""
from ._kl import kl_divergence, register_kl

__all__ = ["kl_divergence", "register_kl"]
