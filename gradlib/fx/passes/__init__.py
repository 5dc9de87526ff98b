"""``torch.fx.passes``: analyses over GraphModules (``shape_prop``)."""
from . import shape_prop

__all__ = ["shape_prop"]
