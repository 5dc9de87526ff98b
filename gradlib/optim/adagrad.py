"""``torch.optim.adagrad`` as PyTorch's module path: the public home of ``Adagrad``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .algorithms import Adagrad

__all__ = ["Adagrad"]


_homes.adopt(__name__, Adagrad)
