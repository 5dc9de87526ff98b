"""``torch.distributions.multinomial`` as PyTorch's module path: the public home of ``Multinomial``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import Multinomial

__all__ = ["Multinomial"]


_homes.adopt(__name__, Multinomial)
