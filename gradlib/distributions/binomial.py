"""``torch.distributions.binomial`` as PyTorch's module path: the public home of ``Binomial``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import Binomial

__all__ = ["Binomial"]


_homes.adopt(__name__, Binomial)
