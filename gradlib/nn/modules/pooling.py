"""Pooling layers: max, average and adaptive-average pooling in 1, 2 and 3 spatial dims (PyTorch's arguments,
defaults and reprs; the Nd base classes are PyTorch's ``_MaxPoolNd``, ``_AvgPoolNd`` and ``_AdaptiveAvgPoolNd``),
and the home of the other pooling layers (``pooling_more``)."""
from .. import functional as F
from .module import Module
from .utils import _single
from ... import _homes
from .pooling_more import (AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, LPPool1d, LPPool2d, LPPool3d,
                           MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, _AdaptiveMaxPoolNd, _LPPoolNd, _MaxUnpoolNd)

__all__ = ["MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d", "AdaptiveAvgPool3d", "AvgPool3d", "MaxPool3d",
           "AdaptiveAvgPool2d", "AvgPool2d", "MaxPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "LPPool1d",
           "LPPool2d", "MaxUnpool1d", "MaxUnpool2d", "AdaptiveMaxPool3d", "LPPool3d", "MaxUnpool3d"]


class _MaxPoolNd(Module):
    """What MaxPool1d/2d/3d share: the arguments (``stride`` defaults to ``kernel_size``) and the repr."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """The maximum of each window of (N, C, L) or (C, L) (``F.max_pool1d``); with ``return_indices`` also the
    flat positions of the maxima (int64). Mirrors ``torch.nn.MaxPool1d``.

    >>> import gradlib
    >>> gradlib.nn.MaxPool1d(2)
    MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    """

    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                            self.return_indices)


class MaxPool2d(_MaxPoolNd):
    """The maximum of each window of (N, C, H, W) or (C, H, W) (``F.max_pool2d``); with ``return_indices`` also
    the flat positions of the maxima in each (H, W) plane (int64). Mirrors ``torch.nn.MaxPool2d``.

    >>> import gradlib
    >>> gradlib.nn.MaxPool2d(3, stride=2)
    MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    """

    def forward(self, input):
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                            self.return_indices)


class MaxPool3d(_MaxPoolNd):
    """The maximum of each window of (N, C, D, H, W) or (C, D, H, W) (``F.max_pool3d``). Mirrors
    ``torch.nn.MaxPool3d``.

    >>> import gradlib
    >>> gradlib.nn.MaxPool3d(2)
    MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    """

    def forward(self, input):
        return F.max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                            self.return_indices)


class _AvgPoolNd(Module):
    """What AvgPool1d/2d/3d share: the repr, and the arguments of the 2-d and 3-d ones (``stride`` defaults to
    ``kernel_size``; ``divisor_override`` replaces the window size as the divisor)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode, self.count_include_pad, self.divisor_override = ceil_mode, count_include_pad, divisor_override

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """The mean of each window of (N, C, L) or (C, L) (``F.avg_pool1d``); the sizes are kept as 1-tuples, as
    PyTorch's. Mirrors ``torch.nn.AvgPool1d``.

    >>> import gradlib
    >>> gradlib.nn.AvgPool1d(3, 2, 1)
    AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        Module.__init__(self)  # no divisor_override, as PyTorch's
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


class AvgPool2d(_AvgPoolNd):
    """The mean of each window of (N, C, H, W) or (C, H, W) (``F.avg_pool2d``; ``divisor_override`` replaces the
    window size as the divisor). Mirrors ``torch.nn.AvgPool2d``.

    >>> import gradlib
    >>> gradlib.nn.AvgPool2d(2)
    AvgPool2d(kernel_size=2, stride=2, padding=0)
    """

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class AvgPool3d(_AvgPoolNd):
    """The mean of each window of (N, C, D, H, W) or (C, D, H, W) (``F.avg_pool3d``). Mirrors
    ``torch.nn.AvgPool3d``.

    >>> import gradlib
    >>> gradlib.nn.AvgPool3d(2)
    AvgPool3d(kernel_size=2, stride=2, padding=0)
    """

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class _AdaptiveAvgPoolNd(Module):
    """What AdaptiveAvgPool1d/2d/3d share: ``output_size`` (an int, or a tuple with None for "keep this size")."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average pooling of (N, C, L) or (C, L) to ``output_size`` (``F.adaptive_avg_pool1d``). Mirrors
    ``torch.nn.AdaptiveAvgPool1d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveAvgPool1d(4)
    AdaptiveAvgPool1d(output_size=4)
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling of (N, C, H, W) or (C, H, W) to ``output_size`` (``F.adaptive_avg_pool2d``). Mirrors
    ``torch.nn.AdaptiveAvgPool2d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveAvgPool2d((1, 1))
    AdaptiveAvgPool2d(output_size=(1, 1))
    """

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """Average pooling of (N, C, D, H, W) or (C, D, H, W) to ``output_size`` (``F.adaptive_avg_pool3d``). Mirrors
    ``torch.nn.AdaptiveAvgPool3d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveAvgPool3d((2, None, 3))
    AdaptiveAvgPool3d(output_size=(2, None, 3))
    """

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


_homes.adopt(__name__,
              MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d,
              AdaptiveAvgPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, LPPool1d, LPPool2d, MaxUnpool1d, MaxUnpool2d,
              AdaptiveMaxPool3d, LPPool3d, MaxUnpool3d, _MaxPoolNd, _AvgPoolNd, _AdaptiveAvgPoolNd, _AdaptiveMaxPoolNd, _LPPoolNd, _MaxUnpoolNd)
