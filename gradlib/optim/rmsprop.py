"""``torch.optim.rmsprop`` as PyTorch's module path: the public home of ``RMSprop``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .algorithms import RMSprop

__all__ = ["RMSprop"]


_homes.adopt(__name__, RMSprop)
