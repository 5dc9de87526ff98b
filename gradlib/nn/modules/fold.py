"""``torch.nn.modules.fold`` as PyTorch's module path: the public home of ``Fold``, ``Unfold``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import Fold, Unfold

__all__ = ["Fold", "Unfold"]


_homes.adopt(__name__, Fold, Unfold)
