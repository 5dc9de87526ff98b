"""``torch.nn.modules.batchnorm`` as PyTorch's module path: the public home of
``BatchNorm1d``, ``BatchNorm2d``, ``BatchNorm3d``, ``LazyBatchNorm1d``, ``LazyBatchNorm2d``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .layers import BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm
from .lazy import LazyBatchNorm1d, LazyBatchNorm2d

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d"]


#: PyTorch's common base of the batch and instance norms; gradlib's instance norms derive from _BatchNorm
_NormBase = _BatchNorm

_homes.adopt(__name__, BatchNorm1d, BatchNorm2d, BatchNorm3d, LazyBatchNorm1d, LazyBatchNorm2d, _BatchNorm)
