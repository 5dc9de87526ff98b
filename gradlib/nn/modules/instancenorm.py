"""``torch.nn.modules.instancenorm`` as PyTorch's module path: the public home of
``InstanceNorm1d``, ``InstanceNorm2d``, ``InstanceNorm3d``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, _InstanceNorm

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


_homes.adopt(__name__, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, _InstanceNorm)
