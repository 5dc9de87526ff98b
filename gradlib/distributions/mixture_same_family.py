"""``torch.distributions.mixture_same_family`` as PyTorch's module path: the public home of ``MixtureSameFamily``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import MixtureSameFamily

__all__ = ["MixtureSameFamily"]


_homes.adopt(__name__, MixtureSameFamily)
