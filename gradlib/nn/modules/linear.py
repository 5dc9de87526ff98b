"""``torch.nn.modules.linear`` as PyTorch's module path: the public home of
``Bilinear``, ``Identity``, ``Linear``, ``LazyLinear``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import Bilinear, Identity, Linear
from .lazy import LazyLinear

__all__ = ["Bilinear", "Identity", "Linear", "LazyLinear"]


_homes.adopt(__name__, Bilinear, Identity, Linear, LazyLinear)
