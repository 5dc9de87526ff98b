"""PyTorch's module path ``torch.distributions.relaxed_categorical``."""
from ._relaxed import ExpRelaxedCategorical, RelaxedOneHotCategorical
from .. import _homes

__all__ = ["ExpRelaxedCategorical", "RelaxedOneHotCategorical"]


_homes.adopt(__name__, RelaxedOneHotCategorical)
