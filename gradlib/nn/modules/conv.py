"""``torch.nn.modules.conv`` as PyTorch's module path: the public home of
``Conv3d``, ``ConvTranspose3d``, ``Conv1d``, ``Conv2d``, ``ConvTranspose1d``, ``ConvTranspose2d``, ``LazyConv1d``, ``LazyConv2d``, ``LazyConvTranspose1d``, ``LazyConvTranspose2d``
(their ``__module__``; see ``gradlib/_homes.py``).
"""
from ... import _homes
from .conv3d import Conv3d, ConvTranspose3d
from .layers import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, _ConvNd
from .lazy import LazyConv1d, LazyConv2d, LazyConvTranspose1d, LazyConvTranspose2d

__all__ = ["Conv3d", "ConvTranspose3d", "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "LazyConv1d", "LazyConv2d",
           "LazyConvTranspose1d", "LazyConvTranspose2d"]


_homes.adopt(__name__,
              Conv3d, ConvTranspose3d, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, LazyConv1d, LazyConv2d, LazyConvTranspose1d,
              LazyConvTranspose2d, _ConvNd)
