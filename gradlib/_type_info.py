"""``finfo`` and ``iinfo``: the numerical limits of gradlib's floating and integer dtypes, as ``torch.finfo`` and
``torch.iinfo`` (the values are the IEEE / two's-complement limits, the same on every backend)."""
import numpy  # the limits of a dtype, read on the host: no array is involved

from . import dtypes

__all__ = ["finfo", "iinfo"]


def _g(value):
    return f"{value:g}"


class finfo:
    """Limits of a floating dtype (the default dtype when none is given): ``bits``, ``eps`` (1 + eps is the next
    float after 1), ``max``, ``min``, ``tiny`` = ``smallest_normal``, ``resolution`` (10 ** -decimal digits) and
    ``dtype`` (its name); a complex dtype gives its parts' limits (``finfo(complex64).dtype`` is float32, as in
    PyTorch). TypeError for an integer or bool dtype, with PyTorch's wording.

    >>> import gradlib
    >>> gradlib.finfo(gradlib.float32).eps
    1.1920928955078125e-07
    >>> gradlib.finfo(gradlib.float16)
    finfo(resolution=0.001, min=-65504, max=65504, eps=0.000976562, smallest_normal=6.10352e-05, tiny=6.10352e-05, dtype=float16)
    """
    __module__ = "gradlib"  # PyTorch's name (``torch.finfo``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.X'>, as PyTorch's <class 'torch.X'>; pickles find it there

    def __init__(self, type=None):
        if type is None:
            type = dtypes.get_default_dtype()
        if not isinstance(type, dtypes.dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be gradlib.dtype, not {_name_of(type)}")
        if type.is_complex:  # the limits of its parts, as PyTorch's (finfo(complex64).dtype is float32)
            type = type.to_real()
        if not type.is_floating_point:
            raise TypeError("gradlib.finfo() requires a floating point input type. Use gradlib.iinfo to handle "
                            "'gradlib.finfo'")
        self.dtype = type.name
        if type.name == "bfloat16":  # NumPy has no bfloat16: its limits (8 exponent bits, 7 mantissa bits)
            self.bits, self.eps, self.max, self.resolution = 16, 2.0 ** -7, 3.3895313892515355e38, 0.01
            self.min = -self.max
            self.tiny = self.smallest_normal = 2.0 ** -126
            return
        limits = numpy.finfo(type.np)
        self.bits = limits.bits
        self.eps = float(limits.eps)
        self.max = float(limits.max)
        self.min = float(limits.min)
        self.tiny = self.smallest_normal = float(limits.smallest_normal)
        self.resolution = 10.0 ** -limits.precision

    def __repr__(self):
        return (f"finfo(resolution={_g(self.resolution)}, min={_g(self.min)}, max={_g(self.max)}, "
                f"eps={_g(self.eps)}, smallest_normal={_g(self.smallest_normal)}, tiny={_g(self.tiny)}, "
                f"dtype={self.dtype})")


class iinfo:
    """Limits of an integer dtype: ``bits``, ``max``, ``min`` and ``dtype`` (its name). TypeError for a floating
    dtype or bool, with PyTorch's wording.

    >>> import gradlib
    >>> gradlib.iinfo(gradlib.int32).max
    2147483647
    >>> gradlib.iinfo(gradlib.uint8)
    iinfo(min=0, max=255, dtype=uint8)
    """
    __module__ = "gradlib"  # PyTorch's name (``torch.iinfo``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.X'>, as PyTorch's <class 'torch.X'>; pickles find it there

    def __init__(self, type):
        if not isinstance(type, dtypes.dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be gradlib.dtype, not {_name_of(type)}")
        if type.name == "bool":
            raise TypeError("gradlib.bool is not supported by gradlib.iinfo")
        if type.is_floating_point:
            raise TypeError("gradlib.iinfo() requires an integer input type. Use gradlib.finfo to handle "
                            "'gradlib.iinfo'")
        limits = numpy.iinfo(type.np)
        self.bits = limits.bits
        self.max = int(limits.max)
        self.min = int(limits.min)
        self.dtype = type.name

    def __repr__(self):
        return f"iinfo(min={_g(self.min)}, max={_g(self.max)}, dtype={self.dtype})"


def _name_of(value):
    return type(value).__name__
