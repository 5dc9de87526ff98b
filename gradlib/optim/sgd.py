"""``torch.optim.sgd`` as PyTorch's module path: the public home of ``SGD``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from .algorithms import SGD

__all__ = ["SGD"]


_homes.adopt(__name__, SGD)
