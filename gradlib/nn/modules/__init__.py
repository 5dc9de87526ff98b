"""``gradlib.nn.modules`` (``torch.nn.modules``): the module classes, each in the file of PyTorch's path.

Importing the package imports every module at PyTorch's path, so that each class names its public home
(``gradlib/_homes.py``) before any of them is printed or pickled.
"""
from . import (activation, batchnorm, channelshuffle, container, conv, distance, dropout, flatten, fold,  # noqa: F401
               instancenorm, linear, loss, module, normalization, padding, pixelshuffle, pooling, rnn, sparse,
               transformer, upsampling, utils)
from .module import Module

__all__ = ["Module"]
