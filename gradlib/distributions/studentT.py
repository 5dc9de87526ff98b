"""``torch.distributions.studentT`` as PyTorch's module path: the public home of ``StudentT``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from .. import _homes
from ._extra import StudentT

__all__ = ["StudentT"]


_homes.adopt(__name__, StudentT)
