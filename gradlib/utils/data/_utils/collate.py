"""``torch.utils.data._utils.collate`` as PyTorch's module path: ``default_collate`` and ``default_convert`` of
``gradlib/utils/data/collate.py``."""
from ..collate import default_collate, default_convert

__all__ = ["default_collate", "default_convert"]
