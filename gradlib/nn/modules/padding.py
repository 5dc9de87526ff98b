"""Padding layers: ZeroPad1d/2d/3d, ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d and
CircularPad1d/2d/3d (``F.pad`` with PyTorch's arguments, reprs and, for the circular ones, input-rank errors)."""
from .. import functional as F
from .module import Module

__all__ = ["ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
           "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d", "CircularPad1d", "CircularPad2d", "CircularPad3d"]


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


class ConstantPad3d(ConstantPad1d):
    """Pad the last three dims with ``value`` (left, right, top, bottom, front, back). Mirrors
    ``torch.nn.ConstantPad3d``; input (C, D, H, W) or (N, C, D, H, W), any dtype.

    >>> import gradlib
    >>> gradlib.nn.ConstantPad3d((1, 0, 0, 0, 0, 1), 2.0)(gradlib.zeros(1, 1, 1, 1)).tolist()
    [[[[2.0, 0.0]], [[2.0, 2.0]]]]
    """

    sides = 6


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


class ZeroPad3d(ZeroPad1d):
    """Pad the last three dims with zeros (left, right, top, bottom, front, back). Mirrors ``torch.nn.ZeroPad3d``.

    >>> import gradlib
    >>> gradlib.nn.ZeroPad3d(1)(gradlib.ones(1, 1, 1, 1)).shape
    gradlib.Size([1, 3, 3, 3])
    """

    sides = 6


class ReflectionPad3d(ReflectionPad1d):
    """Pad the last three dims by reflection (each width below that dim's size, as ``F.pad`` checks). Mirrors
    ``torch.nn.ReflectionPad3d``; input (C, D, H, W) or (N, C, D, H, W).

    >>> import gradlib
    >>> gradlib.nn.ReflectionPad3d((1, 1, 0, 0, 0, 0))(gradlib.arange(2.).reshape(1, 1, 1, 2)).tolist()
    [[[[1.0, 0.0, 1.0, 0.0]]]]
    """

    sides = 6


class ReplicationPad3d(ReplicationPad1d):
    """Pad the last three dims by repeating the edges. Mirrors ``torch.nn.ReplicationPad3d``.

    >>> import gradlib
    >>> gradlib.nn.ReplicationPad3d((2, 0, 0, 0, 0, 0))(gradlib.arange(2.).reshape(1, 1, 1, 2)).tolist()
    [[[[0.0, 0.0, 0.0, 1.0]]]]
    """

    sides = 6


class _CircularPadNd(_PadNd):
    mode = "circular"
    #: the input ranks the layer takes (unbatched, batched), as PyTorch's ``_check_input_dim``
    ranks = (2, 3)

    def __init__(self, padding):
        super().__init__(padding)

    def forward(self, input):
        if input.dim() not in self.ranks:
            raise ValueError(f"expected {self.ranks[0]}D or {self.ranks[1]}D input (got {input.dim()}D input)")
        return F.pad(input, self.padding, "circular")


class CircularPad1d(_CircularPadNd):
    """Pad the last dim circularly (wrapping around). Mirrors ``torch.nn.CircularPad1d``: input (C, W) or
    (N, C, W), else ValueError ``expected 2D or 3D input (got kD input)``; each width at most the dim's size.

    >>> import gradlib
    >>> gradlib.nn.CircularPad1d((1, 2))(gradlib.arange(3.).reshape(1, 1, 3)).tolist()
    [[[2.0, 0.0, 1.0, 2.0, 0.0, 1.0]]]
    """


class CircularPad2d(_CircularPadNd):
    """Pad the last two dims circularly (left, right, top, bottom). Mirrors ``torch.nn.CircularPad2d``: input
    (C, H, W) or (N, C, H, W), else ValueError.

    >>> import gradlib
    >>> gradlib.nn.CircularPad2d(1)
    CircularPad2d((1, 1, 1, 1))
    """

    sides = 4
    ranks = (3, 4)


class CircularPad3d(_CircularPadNd):
    """Pad the last three dims circularly (left, right, top, bottom, front, back). Mirrors
    ``torch.nn.CircularPad3d``: input (C, D, H, W) or (N, C, D, H, W), else ValueError.

    >>> import gradlib
    >>> gradlib.nn.CircularPad3d(1)(gradlib.ones(1, 1, 1, 1, 1)).shape
    gradlib.Size([1, 1, 3, 3, 3])
    """

    sides = 6
    ranks = (4, 5)
