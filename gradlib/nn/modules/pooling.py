"""1-D pooling layers: MaxPool1d, AvgPool1d, AdaptiveAvgPool1d (PyTorch's arguments and reprs)."""
from .. import functional as F
from .module import Module
from ... import _homes
from .conv3d import AdaptiveAvgPool3d, AvgPool3d, MaxPool3d
from .layers import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .pooling_more import (AdaptiveMaxPool1d, AdaptiveMaxPool2d, LPPool1d, LPPool2d, MaxUnpool1d, MaxUnpool2d,
                           _AdaptiveMaxPoolNd, _LPPoolNd, _MaxUnpoolNd)

__all__ = ["MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d", "AdaptiveAvgPool3d", "AvgPool3d", "MaxPool3d",
           "AdaptiveAvgPool2d", "AvgPool2d", "MaxPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "LPPool1d",
           "LPPool2d", "MaxUnpool1d", "MaxUnpool2d"]


def _one(value):
    return (value,) if isinstance(value, int) else tuple(value)


class MaxPool1d(Module):
    """The maximum of each window of (N, C, L). Mirrors ``torch.nn.MaxPool1d``.

    >>> import gradlib
    >>> gradlib.nn.MaxPool1d(2)
    MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                            self.return_indices)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool1d(Module):
    """The mean of each window of (N, C, L). Mirrors ``torch.nn.AvgPool1d``.

    >>> import gradlib
    >>> gradlib.nn.AvgPool1d(3, 2, 1)
    AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = _one(kernel_size)
        self.stride = _one(stride if stride is not None else kernel_size)
        self.padding = _one(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool1d(Module):
    """Average pooling of (N, C, L) to ``output_size``. Mirrors ``torch.nn.AdaptiveAvgPool1d``."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


_homes.adopt(__name__,
              AdaptiveAvgPool3d, AvgPool3d, MaxPool3d, AdaptiveAvgPool2d, AvgPool2d, MaxPool2d, AdaptiveMaxPool1d,
              AdaptiveMaxPool2d, LPPool1d, LPPool2d, MaxUnpool1d, MaxUnpool2d, _AdaptiveMaxPoolNd, _LPPoolNd,
              _MaxUnpoolNd)
