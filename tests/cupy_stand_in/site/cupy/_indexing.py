"""Indexing as CuPy does it: integer index arrays wrap around instead of raising (CuPy's documented
difference), a boolean mask costs a sync (the output size is read back to the host), NumPy arrays and lists as
indices are copied to the device (allowed), and ``a[idx] = value`` takes a NumPy value only when it is 0-d."""
import numpy

from . import _core
from ._core import _NP, ndarray, refuse, sync, unsupported

_SCATTER_ADD_TYPES = (numpy.int32, numpy.float16, numpy.float32, numpy.float64, numpy.uint32, numpy.uint64,
                      numpy.intc, numpy.uintc, numpy.ulonglong)


def normalize(a, key, what, inputs=None):
    """NumPy's key for ``a``: stand-in arrays unwrapped, integer arrays wrapped into range, masks recorded as
    syncs. Collects the stand-in index arrays in ``inputs`` (they take part in the kernel)."""
    if key.__class__ is not tuple:
        key = (key,)
    consumed = 0
    for k in key:
        if k is None or k is Ellipsis:
            continue
        kind = _array_kind(k)
        consumed += k.ndim if kind == "b" else 1
    out = []
    axis = 0
    for k in key:
        if k is None:
            out.append(k)
            continue
        if k is Ellipsis:
            out.append(k)
            axis += a._a.ndim - consumed
            continue
        t = k.__class__
        if t is slice or t is int or isinstance(k, numpy.integer):
            out.append(k)
            axis += 1
            continue
        if t is ndarray:
            if inputs is not None:
                inputs.append(k)
            k = k._a
        elif t is list or t is _NP:
            k = numpy.asarray(k)  # host indices: an explicit copy to the device in CuPy
        elif t is bool or isinstance(k, numpy.bool_):
            sync(f"boolean mask {what}")  # CuPy makes it a 0-d mask: its count of Trues is read back
            out.append(k)
            continue
        else:
            out.append(k)
            axis += 1
            continue
        if k.dtype.kind == "b":
            sync(f"boolean mask {what}")
            out.append(k)
            axis += k.ndim
            continue
        if k.dtype.kind in "iu" and axis < a._a.ndim:
            size = a._a.shape[axis]
            if size > 0:
                k = numpy.asarray(numpy.mod(k, size))  # a 0-d index stays an array: CuPy gathers, never a view
        out.append(k)
        axis += 1
    return tuple(out)


def _array_kind(k):
    t = k.__class__
    if t is ndarray:
        return k._a.dtype.kind
    if t is _NP:
        return k.dtype.kind
    if t is list:
        return numpy.asarray(k).dtype.kind
    return None


def _is_basic(key):
    for k in key:
        t = k.__class__
        if t is _NP or (t is not slice and t is not int and k is not None and k is not Ellipsis
                        and not isinstance(k, numpy.integer)):
            return False
    return True


def getitem(a, key):
    inputs = [a]
    nkey = normalize(a, key, "getitem", inputs)
    r = a._a[nkey]
    if isinstance(r, numpy.generic):
        r = a._a[nkey + (Ellipsis,)]  # CuPy returns a 0-d view, never a scalar
    if _is_basic(nkey):
        return _core._new(r, a._dev, a._base if a._base is not None else a)  # a view: no kernel, no device check
    if numpy.may_share_memory(r, a._a):  # NumPy takes a 0-d index array as an integer (a view); CuPy gathers
        r = r.copy()
    return _core.wrap_result(r, inputs)


def _value(value, inputs):
    t = value.__class__
    if t is ndarray:
        inputs.append(value)
        return value._a
    if t is _NP:
        if value.shape != ():
            refuse(ValueError("non-scalar numpy.ndarray cannot be used for fill"))
        return value.item()
    if t is bool or t is int or t is float or t is complex or isinstance(value, numpy.generic):
        return value
    unsupported(value)


def setitem(a, key, value):
    inputs = [a]
    nkey = normalize(a, key, "setitem", inputs)
    value = _value(value, inputs)
    _core.check_devices(inputs, "setitem")
    a._a[nkey] = value


def scatter_add(a, slices, value):
    """``cupyx.scatter_add``: repeated indices accumulate; atomicAdd's dtypes only."""
    if a.__class__ is not ndarray:
        unsupported(a)
    inputs = [a]
    nkey = normalize(a, slices, "scatter_add", inputs)
    if not _is_basic(nkey) and not issubclass(a.dtype.type, _SCATTER_ADD_TYPES):
        refuse(TypeError("cupy.add.at only supports int32, float16, float32, float64, uint32, uint64, as data type"))
    value = _value(value, inputs)
    _core.check_devices(inputs, "scatter_add")
    numpy.add.at(a._a, nkey, value)


def scatter(a, slices, value, numpy_ufunc):
    """``scatter_max`` / ``scatter_min``."""
    inputs = [a]
    nkey = normalize(a, slices, f"scatter_{numpy_ufunc.__name__}", inputs)
    value = _value(value, inputs)
    _core.check_devices(inputs, f"scatter_{numpy_ufunc.__name__}")
    numpy_ufunc.at(a._a, nkey, value)
