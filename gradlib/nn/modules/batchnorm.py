"""``torch.nn.modules.batchnorm`` as PyTorch's module path: the public home of
``BatchNorm1d``, ``BatchNorm2d``, ``BatchNorm3d``, ``LazyBatchNorm1d``, ``LazyBatchNorm2d``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import BatchNorm1d, BatchNorm2d, BatchNorm3d
from .lazy import LazyBatchNorm1d, LazyBatchNorm2d

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d"]


_homes.adopt(__name__, BatchNorm1d, BatchNorm2d, BatchNorm3d, LazyBatchNorm1d, LazyBatchNorm2d)
