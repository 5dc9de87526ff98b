"""Data types and PyTorch's type-promotion rules.

A :class:`dtype` names an element type the way PyTorch does (``gradlib.float32``)
and knows the NumPy/CuPy dtype that stores it. Promotion follows PyTorch's
``result_type``, not NumPy's: categories (bool < integer < floating) decide
first, then dimensioned tensors win over 0-d tensors, which win over Python
scalars, within the same category.
"""
import builtins as _builtins
import sys as _sys

import numpy as _np  # dtype descriptions only; no array work happens here

from . import _public_name

__all__ = [
    "dtype", "float16", "float32", "float64", "half", "float", "double", "bfloat16",
    "int8", "int16", "int32", "int64", "uint8", "short", "int", "long", "bool",
    "get_default_dtype", "set_default_dtype", "promote_types", "complex64", "complex128", "cfloat", "cdouble",
]

_BOOL, _INT, _FLOAT, _COMPLEX = 0, 1, 2, 3
INT_CATEGORY = _INT  # ``d.category == INT_CATEGORY``: an integer dtype (not bool)


class dtype:
    """An element type, e.g. ``gradlib.float32``.

    >>> import gradlib
    >>> gradlib.float64.is_floating_point
    True
    >>> gradlib.float32.itemsize
    4
    """
    __module__ = "gradlib"  # PyTorch's name (``torch.dtype``); gradlib/_homes.py

    __module__ = "gradlib"  # type() prints <class 'gradlib.X'>, as PyTorch's <class 'torch.X'>; pickles find it there

    __slots__ = ("name", "np", "category", "is_floating_point", "is_signed", "itemsize", "scalar_type",
                 "legacy_name", "c_type")

    def __init__(self, name, np_dtype, category, scalar_type, c_type):
        self.name = name
        self.np = _np.dtype(np_dtype)
        self.category = category
        self.is_floating_point = category == _FLOAT
        self.is_signed = self.np.kind in "fic"
        self.itemsize = self.np.itemsize
        #: how PyTorch's messages name it: the ScalarType ('Float'), the legacy tensor type ('FloatTensor') and
        #: the C++ type ('float')
        self.scalar_type = scalar_type
        self.legacy_name = scalar_type + "Tensor"
        self.c_type = c_type

    @property
    def is_complex(self):
        """Whether the dtype is complex (complex64, complex128), as ``torch.dtype.is_complex``."""
        return self.category == _COMPLEX

    def to_real(self):
        """The real dtype of a complex dtype's parts (complex64 -> float32); other dtypes are returned as they are
        (``torch.dtype.to_real``)."""
        return _TO_REAL.get(self.name, self)

    def to_complex(self):
        """The complex dtype whose parts are this float dtype (float64 -> complex128), as ``torch.dtype.to_complex``.
        Raises RuntimeError for a non-floating dtype, as PyTorch."""
        if self.category == _COMPLEX:
            return self
        found = _TO_COMPLEX.get(self.name)
        if found is None:
            raise RuntimeError(f"Unknown Complex ScalarType for {self.scalar_type}")
        return found

    def __repr__(self):
        return _public_name.PREFIX + self.name

    def __reduce__(self):
        return (_by_name, (self.name,))


float16 = half = dtype("float16", "float16", _FLOAT, "Half", "c10::Half")
float32 = float = dtype("float32", "float32", _FLOAT, "Float", "float")
float64 = double = dtype("float64", "float64", _FLOAT, "Double", "double")
uint8 = dtype("uint8", "uint8", _INT, "Byte", "unsigned char")
int8 = dtype("int8", "int8", _INT, "Char", "signed char")
int16 = short = dtype("int16", "int16", _INT, "Short", "short int")
int32 = int = dtype("int32", "int32", _INT, "Int", "int")
int64 = long = dtype("int64", "int64", _INT, "Long", "long int")
bool = dtype("bool", "bool", _BOOL, "Bool", "bool")
#: complex numbers, real and imaginary parts float32 / float64 (PyTorch's ``cfloat``/``cdouble``)
complex64 = cfloat = dtype("complex64", "complex64", _COMPLEX, "ComplexFloat", "c10::complex<float>")
complex128 = cdouble = dtype("complex128", "complex128", _COMPLEX, "ComplexDouble", "c10::complex<double>")
_TO_REAL = {"complex64": float32, "complex128": float64}
_TO_COMPLEX = {"float32": complex64, "float64": complex128, "float16": complex64, "bfloat16": complex64}



class _ExtensionDtype(dtype):
    """A PyTorch dtype NumPy lacks, stored through an optional package that registers it with NumPy: bfloat16,
    stored as ``ml_dtypes.bfloat16`` (the ``bfloat16`` extra). Naming it needs nothing (nanoGPT's
    ``{'bfloat16': torch.bfloat16, ...}[dtype]``, a dtype check); the package is imported the first time a tensor
    of this dtype is made or converted to, and without it that raises TypeError naming the extra to install."""

    __slots__ = ()

    def __init__(self, name, itemsize, scalar_type, c_type):  # noqa: the np slot stays unset until first use
        self.name = name
        self.category = _FLOAT
        self.is_floating_point = True
        self.is_signed = True
        self.itemsize = itemsize
        self.scalar_type = scalar_type
        self.legacy_name = scalar_type + "Tensor"
        self.c_type = c_type

    @property
    def np(self):
        found = _extension_np.get(self.name)
        if found is None:
            found = _load_extension(self)
        return found

    def __reduce__(self):
        return (_by_name, (self.name,))


#: the NumPy dtypes of the extension dtypes loaded so far (name -> numpy.dtype)
_extension_np = {}
#: the same NumPy dtypes, for membership tests on an array's dtype
_EXTENSION_FLOATS = set()
#: the NumPy dtypes of the half floats seen so far whose ops compute in float32 and round back, as PyTorch's CPU
#: kernels do (bfloat16 once loaded, float16 once an op widened it): the engine's cheap gate (empty: no gradient
#: can be a half float yet, float32/float64 walks ask nothing more)
_LOW_FLOATS = set()


def floating_np(np_dtype):
    """Whether ``np_dtype`` stores a floating dtype: NumPy's kind ``'f'``, or an extension dtype (ml_dtypes'
    bfloat16 has kind ``'V'``)."""
    return np_dtype.kind == "f" or np_dtype in _EXTENSION_FLOATS


def is_low_float(np_dtype):
    """Whether ``np_dtype`` is a half float (float16, or the extension bfloat16) that ops compute in float32 and
    round back: the only floating dtypes two bytes wide."""
    return np_dtype.itemsize == 2 and (np_dtype.kind == "f" or np_dtype in _EXTENSION_FLOATS)


def is_low_extension(np_dtype):
    """Whether ``np_dtype`` is an extension float (bfloat16) that ops compute in float32 and round back."""
    return np_dtype in _EXTENSION_FLOATS


def _load_extension(d):
    """Import ml_dtypes (an optional package: the first bfloat16 tensor needs it) and register ``d``'s NumPy
    dtype, so that arrays of it map back to ``d``."""
    try:
        import ml_dtypes
    except ImportError:
        raise TypeError(f"gradlib stores {d.name} tensors with the ml_dtypes package (NumPy has no {d.name} "
                        f"element type), which is not installed: pip install 'gradlib[bfloat16]'") from None
    np_dtype = _np.dtype(getattr(ml_dtypes, d.name))
    _extension_np[d.name] = np_dtype
    _EXTENSION_FLOATS.add(np_dtype)
    _LOW_FLOATS.add(np_dtype)
    _FROM_NP[np_dtype] = d
    return np_dtype


#: PyTorch's brain float (8 exponent bits, 7 mantissa bits), stored with ml_dtypes (see ``_ExtensionDtype``)
bfloat16 = _ExtensionDtype("bfloat16", 2, "BFloat16", "c10::BFloat16")

_ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool, complex64, complex128)
_FROM_NP = {d.np: d for d in _ALL}
_NAMES = {d.name: d for d in _ALL}
_NAMES["bfloat16"] = bfloat16  # named (checkpoints, "bfloat16" strings) without ml_dtypes; stored with it


def _by_name(name):
    return bfloat16 if name == "bfloat16" else _NAMES[name]


def from_np(np_dtype):
    """The gradlib dtype stored as the NumPy/CuPy dtype ``np_dtype``."""
    try:
        return _FROM_NP[np_dtype]
    except KeyError:
        found = _FROM_NP.get(_np.dtype(np_dtype))
        if found is None:
            raise _unconvertible(_np.dtype(np_dtype)) from None
        return found


#: NumPy's kinds no tensor holds in PyTorch either (dates, strings, objects, records, extended precision)
_REFUSED_KINDS = "MmSUOV"


def _unconvertible(np_dtype):
    """PyTorch's error for NumPy data it has no dtype for; gradlib's own for the unsigned types PyTorch has
    and gradlib does not (uint16/32/64). Data in the other byte order is PyTorch's ValueError."""
    if not np_dtype.isnative:
        return ValueError("given numpy array has byte order different from the native byte order. Conversion "
                          "between byte orders is currently not supported.")
    if np_dtype.kind in _REFUSED_KINDS or np_dtype.type in (_np.longdouble, _np.clongdouble):
        return TypeError(f"can't convert np.ndarray of type numpy.{np_dtype.type.__name__}. The only supported types "
                         "are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, "
                         "uint32, uint16, uint8, and bool.")
    return TypeError(f"gradlib has no dtype for arrays of type {np_dtype}")


def as_dtype(value):
    """Accept a gradlib dtype, a NumPy dtype, a dtype name or ``float``/``int``/``bool``."""
    if value.__class__ is dtype or value is bfloat16:
        return value
    if value is _builtins.float:
        return _default
    if value is _builtins.int:
        return int64
    if value is _builtins.bool:
        return bool
    if isinstance(value, str) and value in _NAMES:
        return _NAMES[value]
    if value == "bfloat16":
        return bfloat16
    return from_np(_np.dtype(value))


_default = float32


def get_default_dtype():
    """The dtype of floating tensors made from Python floats (``gradlib.float32`` unless changed).

    >>> import gradlib
    >>> gradlib.get_default_dtype()
    gradlib.float32
    """
    return _default


def set_default_dtype(d):
    """Set the default floating dtype (float32, float64, float16 or bfloat16), as ``torch.set_default_dtype``.

    >>> import gradlib
    >>> gradlib.set_default_dtype(gradlib.float64); gradlib.tensor([1.5]).dtype
    gradlib.float64
    >>> gradlib.set_default_dtype(gradlib.float32)
    """
    global _default
    d = as_dtype(d)
    d.np  # bfloat16 without ml_dtypes raises its TypeError (naming the extra) here
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default = d


def promote_types(type1, type2):
    """PyTorch's promotion of two dtypes: the higher category wins, else the wider type.

    >>> import gradlib
    >>> gradlib.promote_types(gradlib.int64, gradlib.float16)
    gradlib.float16
    """
    a, b = type1, type2
    if a is b:
        return a
    if _COMPLEX in (a.category, b.category):
        # complex wins; its parts are as wide as the wider float part (float64 + complex64 is complex128)
        parts = promote_types(a.to_real(), b.to_real())
        return complex128 if parts is float64 else complex64
    if a.category != b.category:
        return a if a.category > b.category else b
    if bfloat16 in (a, b):  # PyTorch's table: bfloat16 with float16 is float32; a wider float wins
        other = b if a is bfloat16 else a
        return float32 if other is float16 else other
    return _FROM_NP[_np.promote_types(a.np, b.np)]


def scalar_category(value):
    """The promotion category of a Python scalar (bool < int < float < complex)."""
    if value.__class__ is _builtins.bool:
        return _BOOL
    if isinstance(value, _builtins.int):
        return _INT
    if isinstance(value, _builtins.complex):
        return _COMPLEX
    return _FLOAT


def scalar_dtype(value):
    """The dtype a lone Python scalar gets as a tensor (bool, int64, the default float or its complex dtype)."""
    category = scalar_category(value)
    if category == _BOOL:
        return bool
    if category == _INT:
        return int64
    if category == _COMPLEX:
        return default_complex()
    return _default


def to_complex_np(np_dtype):
    """The NumPy complex dtype whose parts are the float dtype ``np_dtype`` (float32 -> complex64)."""
    return complex128.np if np_dtype.itemsize == 8 else complex64.np


def default_complex():
    """The complex dtype Python complex numbers get: complex128 under a float64 default, else complex64
    (PyTorch's default complex dtype follows the default float dtype)."""
    return complex128 if _default is float64 else complex64


_result_cache = {}


def result_type(a_dtype, a_zero_dim, b_dtype, b_zero_dim):
    """PyTorch's result dtype of a binary op on two tensors, given their dtypes and whether each is 0-d."""
    key = (a_dtype, a_zero_dim, b_dtype, b_zero_dim)
    found = _result_cache.get(key)
    if found is not None:
        return found
    if a_zero_dim == b_zero_dim:
        found = promote_types(a_dtype, b_dtype)
    else:
        dim_dtype, zero_dtype = (b_dtype, a_dtype) if a_zero_dim else (a_dtype, b_dtype)
        # A 0-d tensor only matters when its category is higher than the dimensioned one's; a complex one beside
        # floats takes the floats' width (PyTorch's combine_categories: float32 with a 0-d complex128 is complex64)
        found = zero_dtype if zero_dtype.category > dim_dtype.category else dim_dtype
        if found is zero_dtype and zero_dtype.category == _COMPLEX and dim_dtype.category == _FLOAT:
            found = complex128 if dim_dtype is float64 else complex64
    _result_cache[key] = found
    return found


def result_type_scalar(t_dtype, value):
    """PyTorch's result dtype of a tensor op with a Python scalar: the scalar never widens within a category."""
    category = scalar_category(value)
    if category <= t_dtype.category:
        return t_dtype
    if category == _INT:
        return int64
    if category == _COMPLEX:
        # a complex number beside a float tensor keeps its width (float64 * 1j is complex128)
        return complex128 if t_dtype is float64 else default_complex()
    return _default


_NUMPY_SCALARS = {}


def plain_scalar(value):
    """A NumPy scalar (``np.float32(0.5)``, ``np.int64(2)``, ``np.bool_(True)``) as the Python scalar of its kind,
    which is how PyTorch treats it in an op: ``float32_tensor * np.float64(2)`` stays float32. Anything else is
    returned as it is."""
    kind = _NUMPY_SCALARS.get(value.__class__)
    if kind is None:
        if not isinstance(value, _np.generic):
            return value
        kind = _NUMPY_SCALARS[value.__class__] = value.dtype.kind
    if kind == "b":
        # PyTorch reads np.bool_ as a float scalar: bool_tensor * np.bool_(True) is float32
        return _builtins.float(value)
    if kind in "iufc":
        return value.item()
    return value


#: the Python ints PyTorch's argument parser turns into a Scalar (an int64, or a uint64 above it)
SCALAR_INT_LOW = -(1 << 63)
SCALAR_INT_HIGH = (1 << 64) - 1


def check_scalar_int(value):
    """PyTorch's OverflowError for a Python int operand no Scalar holds (below -2**63, above 2**64 - 1), whatever
    the tensor's dtype: ``float_tensor * 2**64`` is refused, not computed, and ``int64_tensor * 2**70`` never wraps
    to 0."""
    if value < SCALAR_INT_LOW:
        raise OverflowError("can't convert negative int to unsigned")
    if value > SCALAR_INT_HIGH:
        raise OverflowError("int too big to convert")


def wrap_integer(value, d):
    """A Python int as the integer dtype ``d`` stores it (two's complement wrap-around), as PyTorch's kernels read
    an out-of-range scalar (``uint8_tensor + 300`` adds 44). NumPy would raise OverflowError instead. A
    complex (or floating) ``d`` holds the int as it is."""
    if d.category != _INT:
        return value
    info = _iinfo(d)
    if info[0] <= value <= info[1]:
        return value
    if value < -(1 << 63):
        raise OverflowError("can't convert negative int to unsigned")
    span = info[1] - info[0] + 1
    return (value - info[0]) % span + info[0]


def check_fits(value, d):
    """PyTorch's refusal of a Python number that dtype ``d`` cannot hold, where it converts the number once
    (fill_, full, masked_fill, clamp, where, add's alpha, item assignment): ``value cannot be converted to type
    int8_t without overflow``. uint8 takes -255..255 (a negative int wraps), as PyTorch does. A floating dtype
    refuses a finite number beyond its largest (1e300 for float32, 65519. for float16: c10's checked_convert);
    inf and NaN pass."""
    if value.__class__ is _builtins.bool:
        return
    if d.category == _FLOAT:
        high = _FLOAT_MAX.get(d.name)
        if high is not None and isinstance(value, (_builtins.int, _builtins.float)) and not -high <= value <= high \
                and value == value and value not in _INFINITIES:
            raise RuntimeError(f"value cannot be converted to type {d.c_type} without overflow")
        return
    if d.category != _INT:
        return
    low, high = accepted_range(d, isinstance(value, _builtins.float))
    if isinstance(value, _builtins.float):
        if not (low <= value <= high):  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {_C_NAMES[d.name]} without overflow")
        return
    if isinstance(value, _builtins.int):
        if value < -(1 << 63):
            raise OverflowError("can't convert negative int to unsigned")
        if not low <= value <= high:
            raise RuntimeError(f"value cannot be converted to type {_C_NAMES[d.name]} without overflow")


def fill_number(value, d):
    """A Python number as PyTorch's Scalar converts it into dtype ``d`` where an op writes it (full, fill_): an
    int below int64 cannot be read ("can't convert negative int to unsigned"); a complex number goes into a real
    dtype only without an imaginary part (its real part), else it overflows the C type ("c10::Half", "int8_t");
    a bool dtype takes any number's truth. Other range checks are ``check_fits``'s."""
    if value.__class__ is _builtins.int and value < -(1 << 63):
        raise OverflowError("can't convert negative int to unsigned")
    if d.category == _BOOL:
        return _builtins.bool(value)
    if value.__class__ is _builtins.complex and d.category != _COMPLEX:
        if value.imag != 0:
            name = _C_NAMES.get(d.name) or d.c_type
            raise RuntimeError(f"value cannot be converted to type {name} without overflow")
        value = value.real
    if d is complex64 and value.__class__ in (_builtins.int, _builtins.float) and value == value \
            and value not in _INFINITIES and not -_FLOAT_MAX["float32"] <= value <= _FLOAT_MAX["float32"]:
        raise RuntimeError("value cannot be converted to type c10::complex<float> without overflow")
    return value


#: the largest finite value of the floating dtypes a Python float can exceed
_FLOAT_MAX = {"float16": 65504.0, "bfloat16": _builtins.float.fromhex("0x1.fep127"),
              "float32": _builtins.float.fromhex("0x1.fffffep127")}
_INFINITIES = (_builtins.float("inf"), _builtins.float("-inf"))


def check_scalar_fits(value, d, opmath=False):
    """``check_fits`` for an op's scalar argument, asked only of a float beyond float16's range (the common
    case is one comparison). ``opmath``: the kernel computes float16, bfloat16 and float32 in float32 (lerp's
    weight, addcmul's value, threshold, elu's alpha): the value must fit float32 ("type float"); none for
    float64."""
    if value.__class__ is not _builtins.float or -65504.0 <= value <= 65504.0:
        return
    if opmath:
        if d.category == _FLOAT and d.name != "float64":
            check_fits(value, float32)
        return
    check_fits(value, d)


def float_max(d):
    """The largest finite value of floating dtype ``d`` (as a Python float)."""
    return _FLOAT_MAX.get(d.name, _sys.float_info.max)


def accepted_range(d, floating=False):
    """The Python numbers PyTorch converts into integer dtype ``d`` without an overflow error: the dtype's range,
    and for uint8 also negative ints down to -255 (they wrap)."""
    low, high = _iinfo(d)
    if d.np.kind == "u" and not floating:
        low = -high
    return low, high


def _iinfo(d):
    info = _np.iinfo(d.np)
    return _builtins.int(info.min), _builtins.int(info.max)


_C_NAMES = {"int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t", "uint8": "uint8_t"}


#: NumPy's scalar classes (``np.float64``, ``np.bool_``, ...): ops turn them into Python scalars (``plain_scalar``)
NUMPY_SCALAR_TYPES = frozenset(t for t in _np.sctypeDict.values() if _np.dtype(t).kind in "biufc")
