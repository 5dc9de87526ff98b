"""``torch.distributions.half_normal`` as PyTorch's module path: the public home of ``HalfNormal``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import HalfNormal

__all__ = ["HalfNormal"]


_homes.adopt(__name__, HalfNormal)
