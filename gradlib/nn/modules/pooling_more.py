"""More pooling layers: AdaptiveMaxPool1d/2d/3d, MaxUnpool1d/2d/3d, LPPool1d/2d/3d (PyTorch's arguments and
reprs)."""
from .. import functional as F
from .module import Module

__all__ = ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
           "LPPool1d", "LPPool2d", "LPPool3d"]


class _AdaptiveMaxPoolNd(Module):
    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max pooling of (N, C, L) or (C, L) to ``output_size`` (``F.adaptive_max_pool1d``). Mirrors
    ``torch.nn.AdaptiveMaxPool1d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveMaxPool1d(3)
    AdaptiveMaxPool1d(output_size=3)
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max pooling of (N, C, H, W) or (C, H, W) to ``output_size`` (an int, or a pair whose None keeps that dim;
    ``F.adaptive_max_pool2d``). Mirrors ``torch.nn.AdaptiveMaxPool2d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveMaxPool2d((2, None))
    AdaptiveMaxPool2d(output_size=(2, None))
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """Max pooling of (N, C, D, H, W) or (C, D, H, W) to ``output_size`` (an int, or a triple whose None keeps that
    dim; ``F.adaptive_max_pool3d``); with ``return_indices`` also the flat positions of the maxima in each
    (D, H, W) volume. Mirrors ``torch.nn.AdaptiveMaxPool3d``.

    >>> import gradlib
    >>> gradlib.nn.AdaptiveMaxPool3d((2, None, 3), return_indices=True)
    AdaptiveMaxPool3d(output_size=(2, None, 3))
    """

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


def _ntuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


class _MaxUnpoolNd(Module):
    dims = 2

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = _ntuple(kernel_size, self.dims)
        self.stride = _ntuple(stride if stride is not None else kernel_size, self.dims)
        self.padding = _ntuple(padding, self.dims)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """The partial inverse of MaxPool1d (``F.max_unpool1d``); ``forward(input, indices, output_size=None)``.
    Mirrors ``torch.nn.MaxUnpool1d``.

    >>> import gradlib
    >>> gradlib.nn.MaxUnpool1d(3, stride=2, padding=1)
    MaxUnpool1d(kernel_size=(3,), stride=(2,), padding=(1,))
    """

    dims = 1

    def forward(self, input, indices, output_size=None):
        return F.max_unpool1d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class MaxUnpool2d(_MaxUnpoolNd):
    """The partial inverse of MaxPool2d (``F.max_unpool2d``); ``forward(input, indices, output_size=None)``.
    Mirrors ``torch.nn.MaxUnpool2d``.

    >>> import gradlib
    >>> gradlib.nn.MaxUnpool2d(2)
    MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))
    """

    def forward(self, input, indices, output_size=None):
        return F.max_unpool2d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class MaxUnpool3d(_MaxUnpoolNd):
    """The partial inverse of MaxPool3d (``F.max_unpool3d``); ``forward(input, indices, output_size=None)`` on
    (N, C, D, H, W) or (C, D, H, W). Mirrors ``torch.nn.MaxUnpool3d``.

    >>> import gradlib
    >>> gradlib.nn.MaxUnpool3d((2, 3, 1), 1, (0, 1, 0))
    MaxUnpool3d(kernel_size=(2, 3, 1), stride=(1, 1, 1), padding=(0, 1, 0))
    """

    dims = 3

    def forward(self, input, indices, output_size=None):
        return F.max_unpool3d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class _LPPoolNd(Module):
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """Power-average pooling over (N, C, L) or (C, L) (``F.lp_pool1d``). Mirrors ``torch.nn.LPPool1d``.

    >>> import gradlib
    >>> gradlib.nn.LPPool1d(1.5, 2, stride=1, ceil_mode=True)
    LPPool1d(norm_type=1.5, kernel_size=2, stride=1, ceil_mode=True)
    """

    def forward(self, input):
        return F.lp_pool1d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPoolNd):
    """Power-average pooling over (N, C, H, W) or (C, H, W) (``F.lp_pool2d``). Mirrors ``torch.nn.LPPool2d``.

    >>> import gradlib
    >>> gradlib.nn.LPPool2d(2, 3)
    LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)
    """

    def forward(self, input):
        return F.lp_pool2d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)


class LPPool3d(_LPPoolNd):
    """Power-average pooling over (N, C, D, H, W) or (C, D, H, W) (``F.lp_pool3d``). Mirrors
    ``torch.nn.LPPool3d``.

    >>> import gradlib
    >>> gradlib.nn.LPPool3d(1.5, (2, 2, 3), stride=1, ceil_mode=True)
    LPPool3d(norm_type=1.5, kernel_size=(2, 2, 3), stride=1, ceil_mode=True)
    """

    def forward(self, input):
        return F.lp_pool3d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)
