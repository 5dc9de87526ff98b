"""``torch.nn.modules.pixelshuffle`` as PyTorch's module path: the public home of ``PixelShuffle``, ``PixelUnshuffle``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .sampling import PixelShuffle, PixelUnshuffle

__all__ = ["PixelShuffle", "PixelUnshuffle"]


_homes.adopt(__name__, PixelShuffle, PixelUnshuffle)
