"""PyTorch's module path ``torch.distributions.relaxed_bernoulli``."""
from ._relaxed import LogitRelaxedBernoulli, RelaxedBernoulli

__all__ = ["LogitRelaxedBernoulli", "RelaxedBernoulli"]
