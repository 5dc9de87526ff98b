"""PyTorch's module path ``torch.distributions.relaxed_categorical``."""
from ._relaxed import ExpRelaxedCategorical, RelaxedOneHotCategorical

__all__ = ["ExpRelaxedCategorical", "RelaxedOneHotCategorical"]
