"""3-D convolutions: Conv3d, ConvTranspose3d (PyTorch's arguments, defaults and reprs)."""
from .. import functional as F
from . import _conv_output_size
from .layers import _ConvNd

__all__ = ["Conv3d", "ConvTranspose3d"]


class Conv3d(_ConvNd):
    """3-D convolution layer over (N, C, D, H, W) or (C, D, H, W): weight (out_channels, in_channels / groups, KD,
    KH, KW), bias (out_channels,), both initialized as PyTorch's. ``padding_mode`` other than 'zeros' pads with
    ``F.pad`` in that mode first (as PyTorch). Mirrors ``torch.nn.Conv3d``.

    >>> import gradlib
    >>> gradlib.nn.Conv3d(2, 4, 3, stride=2, padding=1, padding_mode='replicate')
    Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1), padding_mode=replicate)
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, False, 0,
                         device, dtype, 3, padding_mode)

    def forward(self, input):
        return self._convolve(F.conv3d, input)


class ConvTranspose3d(_ConvNd):
    """Transposed 3-D convolution layer over (N, C_in, D, H, W) or (C_in, D, H, W) (``F.conv_transpose3d``):
    weight (in_channels, out_channels / groups, KD, KH, KW) and bias (out_channels,), initialized as PyTorch's
    from the same random stream. ``forward(input, output_size=None)``: ``output_size`` picks the output padding
    (ValueError outside the valid range). Only ``padding_mode='zeros'`` (ValueError otherwise, as PyTorch).
    Mirrors ``torch.nn.ConvTranspose3d``.

    >>> import gradlib
    >>> up = gradlib.nn.ConvTranspose3d(2, 4, 3, stride=2, padding=1, output_padding=1)
    >>> up
    ConvTranspose3d(2, 4, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1), output_padding=(1, 1, 1))
    >>> up(gradlib.ones(1, 2, 2, 3, 4)).shape
    gradlib.Size([1, 4, 4, 6, 8])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, True,
                         output_padding, device, dtype, 3)

    def forward(self, input, output_size=None):
        padding = _conv_output_size.output_padding(self, input, output_size, 3)
        return F.conv_transpose3d(input, self.weight, self.bias, self.stride, self.padding, padding, self.groups,
                                  self.dilation)
