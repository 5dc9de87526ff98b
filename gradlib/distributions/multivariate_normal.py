"""``torch.distributions.multivariate_normal`` as PyTorch's module path
(``from torch.distributions.multivariate_normal import MultivariateNormal``)."""
from ._more import MultivariateNormal

__all__ = ["MultivariateNormal"]
