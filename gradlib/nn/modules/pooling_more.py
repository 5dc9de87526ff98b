"""More pooling layers: AdaptiveMaxPool1d, AdaptiveMaxPool2d (PyTorch's arguments and reprs)."""
from .. import functional as F
from .module import Module

__all__ = ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d"]


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
