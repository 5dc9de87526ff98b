"""A Python float operand of a CPU float32/float64 kernel as a 0-d array of the array's dtype, kept from one call
to the next: ``y * 1.0001`` in a loop, ``lr * p.grad`` per parameter, and their gradients.

Why: NumPy's binary ufunc given a Python float resolves the weak-scalar promotion and converts the number at every
call, about 2,700 of the 6,400 instructions of a 3-element float32 product; with a 0-d array of the same dtype the
call costs 3,700. The bytes are the same: NumPy rounds the Python float to the array's dtype once either way
(``tests/test_perf11.py``: float32 rounding midpoints and their neighbours, subnormals, +-0, +-inf, NaN and
overflow, for multiply/add/subtract/true_divide both ways round; 35,000 doubles when the change was made).

One ``LastScalar`` per call site (MulScalar's forward and backward, AddScalar's forward, DivScalar's forward and
backward) keeps its last float: the site tests ``scalar is entry[0]`` and the array's class and dtype inline
(``entry`` is one tuple, swapped whole, so another thread never reads a half-written one) and calls
``operand`` otherwise. ``operand`` answers the Python float itself for anything but a NumPy float32/float64
array and a float operand (CuPy arrays, the CuPy stand-in's, other dtypes, ints); it makes the 0-d array at the
second call with an equal nonzero float (a value seen once is not worth an array; -0. == 0. and NaN never equals
itself, so neither is taken for another), and then keeps it.
"""
from ..backends import numpy_backend as _numpy_backend

__all__ = ["LastScalar", "NDARRAY", "HOST_ZEROS"]

NDARRAY = _numpy_backend.array_type  #: NumPy's array class: the only arrays given a 0-d operand
_XP = _numpy_backend.xp
_FLOATS = (_XP.dtype("float32"), _XP.dtype("float64"))


def _zero(name):
    zero = _XP.zeros((), name)
    zero.flags.writeable = False
    return zero


#: 0 as a 0-d array of each NumPy float dtype, for the Python int 0 a kernel compares or clamps with (relu's
#: ``maximum(a, 0)`` and ``out != 0``): for NumPy arrays only (``HOST_ZEROS.get(a.dtype, 0)`` after a class test;
#: CuPy takes no NumPy operand). The same bytes as with the int, without its conversion at every call: ~0.6 us of
#: a (32, 128) float32 ``maximum``'s 3 us, ~0.3 us of a compare's 1.2 us.
HOST_ZEROS = {_XP.dtype(name): _zero(name) for name in ("float16", "float32", "float64")}


class LastScalar:
    """The last Python float one call site computed with, as a read-only 0-d array (``entry``: the float, the
    dtype, the array)."""

    __slots__ = ("entry", "seen")

    def __init__(self):
        self.entry = (None, None, None)
        self.seen = None  # the float of the last call that made no array yet

    def operand(self, array, scalar):
        """What to compute ``array`` with in place of ``scalar``: the cached 0-d array, or ``scalar`` itself."""
        if scalar.__class__ is not float or array.__class__ is not NDARRAY:
            return scalar
        dtype = array.dtype
        if dtype is not _FLOATS[0] and dtype is not _FLOATS[1]:
            return scalar
        entry = self.entry
        if dtype is entry[1] and scalar == entry[0] and scalar != 0.0:  # an equal float, another object
            self.entry = (scalar, dtype, entry[2])
            return entry[2]
        seen = self.seen
        if seen is None or not (scalar is seen or (scalar == seen and scalar != 0.0)):
            self.seen = scalar
            return scalar
        value = _XP.array(scalar, dtype)
        value.flags.writeable = False
        self.entry = (scalar, dtype, value)
        self.seen = None
        return value
