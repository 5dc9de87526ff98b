"""PyTorch's module path ``torch.distributions.relaxed_bernoulli``."""
from ._relaxed import LogitRelaxedBernoulli, RelaxedBernoulli
from .. import _homes

__all__ = ["LogitRelaxedBernoulli", "RelaxedBernoulli"]


_homes.adopt(__name__, RelaxedBernoulli)
