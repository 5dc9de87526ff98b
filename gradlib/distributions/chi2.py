"""``torch.distributions.chi2`` as PyTorch's module path: the public home of ``Chi2``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import Chi2

__all__ = ["Chi2"]


_homes.adopt(__name__, Chi2)
