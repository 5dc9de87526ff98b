"""Padding layers: ZeroPad1d/2d, ConstantPad1d/2d, ReflectionPad1d/2d, ReplicationPad1d/2d (``F.pad`` with
PyTorch's arguments and reprs)."""
from .. import functional as F
from .module import Module

__all__ = ["ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
           "ReplicationPad1d", "ReplicationPad2d"]


def _widths(padding, count):
    return (padding,) * count if isinstance(padding, int) else tuple(padding)


class _PadNd(Module):
    mode = "constant"
    sides = 2

    def __init__(self, padding, value=0.0):
        super().__init__()
        self.padding = _widths(padding, self.sides)
        self.value = value

    def forward(self, input):
        if self.mode == "constant":
            return F.pad(input, self.padding, "constant", self.value)
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


class ConstantPad1d(_PadNd):
    """Pad the last dim with ``value``. Mirrors ``torch.nn.ConstantPad1d``.

    >>> import gradlib
    >>> gradlib.nn.ConstantPad1d(2, 3.5)
    ConstantPad1d(padding=(2, 2), value=3.5)
    """

    def __init__(self, padding, value):
        super().__init__(padding, value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad2d(ConstantPad1d):
    """Pad the last two dims with ``value`` (left, right, top, bottom). Mirrors ``torch.nn.ConstantPad2d``."""

    sides = 4


class ZeroPad1d(_PadNd):
    """Pad the last dim with zeros. Mirrors ``torch.nn.ZeroPad1d``."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)


class ZeroPad2d(ZeroPad1d):
    """Pad the last two dims with zeros (left, right, top, bottom). Mirrors ``torch.nn.ZeroPad2d``.

    >>> import gradlib
    >>> gradlib.nn.ZeroPad2d(1)(gradlib.ones(1, 1, 1)).tolist()
    [[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]
    """

    sides = 4


class ReflectionPad1d(_PadNd):
    """Pad the last dim by reflection. Mirrors ``torch.nn.ReflectionPad1d``."""

    mode = "reflect"

    def __init__(self, padding):
        super().__init__(padding)


class ReflectionPad2d(ReflectionPad1d):
    """Pad the last two dims by reflection. Mirrors ``torch.nn.ReflectionPad2d``."""

    sides = 4


class ReplicationPad1d(_PadNd):
    """Pad the last dim by repeating the edge. Mirrors ``torch.nn.ReplicationPad1d``."""

    mode = "replicate"

    def __init__(self, padding):
        super().__init__(padding)


class ReplicationPad2d(ReplicationPad1d):
    """Pad the last two dims by repeating the edges. Mirrors ``torch.nn.ReplicationPad2d``."""

    sides = 4
