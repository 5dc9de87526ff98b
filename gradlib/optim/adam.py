"""``torch.optim.adam`` as PyTorch's module path: the public home of ``Adam``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .algorithms import Adam

__all__ = ["Adam"]


_homes.adopt(__name__, Adam)
