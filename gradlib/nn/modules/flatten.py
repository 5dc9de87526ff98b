"""``torch.nn.modules.flatten`` as PyTorch's module path: the public home of ``Flatten``, ``Unflatten``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import Flatten, Unflatten

__all__ = ["Flatten", "Unflatten"]


_homes.adopt(__name__, Flatten, Unflatten)
