"""``torch.distributions.multivariate_normal`` as PyTorch's module path
(``from torch.distributions.multivariate_normal import MultivariateNormal``)."""
from ._more import MultivariateNormal
from .. import _homes

__all__ = ["MultivariateNormal"]


_homes.adopt(__name__, MultivariateNormal)
