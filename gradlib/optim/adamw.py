"""``torch.optim.adamw`` as PyTorch's module path: the public home of ``AdamW``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .algorithms import AdamW

__all__ = ["AdamW"]


_homes.adopt(__name__, AdamW)
