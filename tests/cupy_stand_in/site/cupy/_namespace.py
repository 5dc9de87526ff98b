"""The stand-in's namespaces: only names the real CuPy 14.2 wheel has (``cupy_names.json``), each backed by
NumPy's same-named object, with CuPy's own behaviour where it differs (overrides below)."""
import ast
import importlib
import json
import math
import os

import numpy

from . import _core, _devices, _dlpack, _events, _pool
from ._core import _NP, _new, call, ndarray, sync, unsupported

_NAMES_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "cupy_names.json")
with open(_NAMES_FILE) as _file:
    NAMES = json.load(_file)

UFUNCS = {}  # cupy ufunc name -> stand-in ufunc (operators and __array_ufunc__ look here)
MODULES = {}  # NumPy module name -> stand-in module (for __array_function__)
_current = _devices._current


def constant(kind):
    text = kind.split(":", 1)[1]
    try:
        return ast.literal_eval(text)
    except ValueError:
        return float(text)


def _numpy_object(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def populate(namespace, module_name, numpy_module, overrides):
    """Fill a module's globals with the names CuPy has: overrides first, then NumPy's objects (re-exported,
    wrapped as ufuncs or functions). Returns the names CuPy has that the stand-in does not emulate."""
    missing = set()
    modules = set()
    for name, kind in NAMES["modules"][module_name].items():
        if name in overrides:
            namespace[name] = overrides[name]
            continue
        found = getattr(numpy_module, name, None) if numpy_module is not None else None
        if kind == "numpy" or (kind.startswith("numpy:") and found is not None):
            namespace[name] = found
        elif kind.startswith("numpy:"):
            namespace[name] = _numpy_object(kind.split(":", 1)[1])
        elif kind.startswith("constant:"):
            namespace[name] = constant(kind)
        elif kind == "ufunc" and isinstance(found, numpy.ufunc):
            namespace[name] = UFUNCS[name] = _core.ufunc(found, name, _types(module_name, name))
        elif kind in ("function", "ufunc") and callable(found):
            namespace[name] = _core.function(found, name)
        elif kind == "module":
            modules.add(name)  # the stand-in's submodules replace these entries when imported
        else:
            missing.add(name)
    namespace["__getattr__"] = _missing_attribute(module_name, missing, modules)
    namespace["__all__"] = sorted(n for n in namespace if not n.startswith("_") and n in NAMES["modules"][module_name])
    return missing


def _types(module_name, name):
    """CuPy 14.2's loops of a ufunc (``ufunc_types`` in cupy_names.json), in its order."""
    return NAMES["ufunc_types"].get(f"{module_name}.{name}")


def _missing_attribute(module_name, missing, modules):
    def __getattr__(name):
        if name in modules:  # the import system probes submodules before importing them
            raise AttributeError(f"the CuPy stand-in does not emulate {module_name}.{name}")
        if name in missing:
            _events.record("stand-in", f"{module_name}.{name} exists in CuPy but the stand-in does not emulate it")
            raise AttributeError(f"the CuPy stand-in does not emulate {module_name}.{name}")
        if not name.startswith("_"):
            _events.record("refusal", f"AttributeError: module '{module_name}' has no attribute '{name}'", True)
        raise AttributeError(f"module '{module_name}' has no attribute '{name}'")
    return __getattr__


# ----- host <-> device -----------------------------------------------------------------------------------------------
def _host(obj, inputs):
    """Host data for an H2D copy: stand-in arrays inside lists are taken as device data (no sync)."""
    t = obj.__class__
    if t is ndarray:
        inputs.append(obj)
        return obj._a
    if t is list or t is tuple:
        return [_host(o, inputs) for o in obj]
    return obj


def asarray(a, dtype=None, order=None, *, blocking=False):
    if a.__class__ is ndarray:
        return a.astype(dtype, copy=False) if dtype is not None else a  # another device's array: unchanged
    inputs = []
    host = numpy.array(_host(a, inputs), dtype=dtype, order=order or "K", copy=True)
    _core.check_devices(inputs, "asarray")
    return _new(host, _current.stack[-1])


def array(obj, dtype=None, copy=True, order="K", subok=False, ndmin=0, *, blocking=False):
    if obj.__class__ is ndarray:  # a copy onto the current device (a peer copy when it is elsewhere: explicit)
        out = _new(numpy.array(obj._a, dtype=dtype, order=order, ndmin=ndmin, copy=True), _current.stack[-1])
        return out
    inputs = []
    host = numpy.array(_host(obj, inputs), dtype=dtype, order=order, ndmin=ndmin, copy=True)
    _core.check_devices(inputs, "array")
    return _new(host, _current.stack[-1])


def asnumpy(a, stream=None, order="C", out=None, *, blocking=True):
    if a.__class__ is ndarray:
        sync("cupy.asnumpy()")
        host = numpy.array(a._a, order=order, copy=True)
        if out is not None:
            out[...] = host
            return out
        return host
    return numpy.asarray(a, order=order)


def get_array_module(*args):
    import cupy
    for arg in args:
        if arg.__class__ is ndarray:
            return cupy
    return numpy


# ----- functions whose result size depends on the data: a sync each ------------------------------------------------
def _syncing(numpy_function, what, waits=None):
    """NumPy's function with CuPy's syncs: ``waits(*args, **kwargs)`` says how many (default one)."""
    def stand_in(*args, **kwargs):
        for _ in range(1 if waits is None else waits(*args, **kwargs)):
            sync(what)
        return call(numpy_function, args, kwargs)
    stand_in.__name__ = numpy_function.__name__
    return stand_in


def _argument(args, kwargs, position, name, default=None):
    return args[position] if len(args) > position else kwargs.get(name, default)


# Functions that read device data on the host inside CuPy 14.2 (their docstrings say "may synchronize"; the
# lines are marked "# synchronize!" in CuPy's source): name -> (what, number of syncs for the call's arguments).
_HIDDEN_SYNCS = {
    # cupy/_indexing/generate.py: (indices < 0).any(), then (indices > 0).any() after unravelling
    "unravel_index": ("cupy.unravel_index() checks the indices", lambda *a, **k: 2),
    "ravel_multi_index": ("cupy.ravel_multi_index(mode='raise') checks the indices",
                          lambda *a, **k: int(_argument(a, k, 2, "mode", "wrap") == "raise")),
    "ix_": ("cupy.ix_() of a boolean array (nonzero)",
            lambda *a, **k: sum(1 for x in a if getattr(x, "dtype", None) is not None and x.dtype.kind == "b")),
    "mask_indices": ("cupy.mask_indices() (nonzero)", lambda *a, **k: 1),
    "place": ("cupy.place() (nonzero)", lambda *a, **k: 1),  # cupy/_indexing/insert.py
    # cupy/_manipulation/add_remove.py: an index array or mask goes through nonzero
    "delete": ("cupy.delete() with index arrays (nonzero)",
               lambda *a, **k: int(not isinstance(_argument(a, k, 1, "indices"), (int, slice)))),
    # cupy/_statistics/histogram.py: (x < 0).any(), int(cupy.max(x))
    "bincount": ("cupy.bincount() reads the largest value", lambda *a, **k: 2),
    "histogram": ("cupy.histogram() reads the range or checks the bins", lambda *a, **k: 1),
    "histogram2d": ("cupy.histogram2d() reads the range or checks the bins", lambda *a, **k: 1),
    "histogramdd": ("cupy.histogramdd() reads the range or checks the bins", lambda *a, **k: 1),
    # cupy/_statistics/order.py: content.isnan(res).any() to warn about all-NaN slices
    "nanmin": ("cupy.nanmin() checks for all-NaN slices", lambda *a, **k: 1),
    "nanmax": ("cupy.nanmax() checks for all-NaN slices", lambda *a, **k: 1),
    # cupy/_statistics/meanvar.py: cupy.any(scl == 0.0) when weights are given
    "average": ("cupy.average(weights=...) checks the weights' sum",
                lambda *a, **k: int(_argument(a, k, 2, "weights") is not None)),
    # cupy/_math/misc.py: cupy.all(...) on the imaginary parts
    "real_if_close": ("cupy.real_if_close() looks at the imaginary parts",
                      lambda *a, **k: int(a[0].dtype.kind == "c")),
}


def where(condition, x=None, y=None):
    if x is None and y is None:
        sync("cupy.where(condition) (one argument)")
        return call(numpy.nonzero, (condition,), {})
    return call(numpy.where, (condition, x, y), {})


def shares_memory(a, b, max_work=None):
    """CuPy computes the answer on the device and reads it back with ``bool()``."""
    if a.__class__ is not ndarray or b.__class__ is not ndarray:
        return call(numpy.shares_memory, (a, b), {})
    sync("cupy.shares_memory()")
    return bool(numpy.shares_memory(a._a, b._a))


def may_share_memory(a, b, max_work=None):
    return bool(call(numpy.may_share_memory, (a, b), {}))


def _as_0d(numpy_function):
    def stand_in(*args, **kwargs):
        r = call(numpy_function, args, kwargs)
        return _new(numpy.asarray(r), _current.stack[-1]) if r.__class__ in (bool, int, float) else r
    stand_in.__name__ = numpy_function.__name__
    return stand_in


# ----- CuPy's documented differences ----------------------------------------------------------------------------------
def take(a, indices, axis=None, out=None, mode=None):
    """Out-of-range indices wrap around."""
    if indices.__class__ is _NP:
        unsupported(indices)
    kwargs = {"axis": axis, "mode": "wrap"}
    if out is not None:
        kwargs["out"] = out
    return call(numpy.take, (a, indices), kwargs)


def take_along_axis(a, indices, axis=-1):
    """Out-of-range indices wrap around."""
    if a.__class__ is not ndarray or indices.__class__ is not ndarray:
        unsupported(indices if a.__class__ is ndarray else a)
    if axis is None:
        size = a._a.size
    else:
        size = a._a.shape[axis]
    wrapped = _new(numpy.mod(indices._a, size) if size else indices._a, indices._dev)
    return call(numpy.take_along_axis, (a, wrapped), {"axis": axis})


def _sign_nan_is_zero(args, r):
    x = args[0]
    if isinstance(r, _NP) and r.dtype.kind in "fc":
        r[numpy.isnan(x)] = 0
        return r
    if isinstance(r, numpy.floating) and numpy.isnan(r):
        return r.dtype.type(0)
    return r


def matmul(a, b, out=None, **kwargs):
    if out is not None:
        kwargs["out"] = out
    return call(numpy.matmul, (a, b), kwargs)


class TypedUfunc(_core.ufunc):
    """A ufunc NumPy lacks, from a scalar function and CuPy's loop table (``types``: 'e->d', ...)."""

    def __init__(self, name, scalar_function, types):
        self._scalar = numpy.frompyfunc(scalar_function, 1, 1)
        self.name = self.__name__ = name
        self.nin, self.nout, self.nargs = 1, 1, 2
        self.types = list(types)
        self._post = None

    def _loop(self, dtype):
        for spec in self.types:
            source, result = spec.split("->")
            if numpy.can_cast(dtype, numpy.dtype(source), "safe"):
                return numpy.dtype(source), numpy.dtype(result)
        raise TypeError(f"Wrong type ({dtype}) of arguments for cupyx.scipy.special.{self.name}")

    def __call__(self, x, out=None, dtype=None):
        if x.__class__ is not ndarray:
            if x.__class__ is _NP or not isinstance(x, _core._SCALARS):
                unsupported(x)
            x = _new(numpy.asarray(x), _current.stack[-1])
        _core.check_devices([x] + ([out] if out is not None else []), self.name)
        source, result = self._loop(x.dtype)
        # asarray: on a 0-d array frompyfunc returns a Python scalar (CuPy's ufunc gives a 0-d array)
        values = (numpy.asarray(self._scalar(x._a.astype(source))).astype(result) if x._a.size
                  else numpy.empty(x.shape, result))
        if out is not None:
            out._a[...] = values
            return out
        return _new(numpy.asarray(values), _current.stack[-1])


ERF = TypedUfunc("erf", math.erf, _types("cupyx.scipy.special", "erf"))
ERFC = TypedUfunc("erfc", math.erfc, _types("cupyx.scipy.special", "erfc"))


def cupy_overrides():
    """The top-level functions where the stand-in does more than call NumPy's."""
    overrides = {
        "ndarray": ndarray, "asarray": asarray, "asanyarray": asarray, "array": array, "asnumpy": asnumpy,
        "get_array_module": get_array_module, "where": where, "shares_memory": shares_memory,
        "may_share_memory": may_share_memory, "take": take, "take_along_axis": take_along_axis, "matmul": matmul,
        "ufunc": _core.ufunc, "from_dlpack": _dlpack.from_dlpack,
        "get_default_memory_pool": _pool.get_default_memory_pool,
    }
    for name, what in (("nonzero", "cupy.nonzero()"), ("flatnonzero", "cupy.flatnonzero()"),
                       ("argwhere", "cupy.argwhere()"), ("unique", "cupy.unique()"), ("compress", "cupy.compress()"),
                       ("extract", "cupy.extract()")):
        overrides[name] = _syncing(getattr(numpy, name), what)
    for name, (what, waits) in _HIDDEN_SYNCS.items():
        overrides[name] = _syncing(getattr(numpy, name), what, waits)
    for name in ("array_equal", "array_equiv", "allclose", "count_nonzero"):
        overrides[name] = _as_0d(getattr(numpy, name))
    overrides["sign"] = UFUNCS["sign"] = _core.ufunc(numpy.sign, "sign", _types("cupy", "sign"), post=_sign_nan_is_zero)
    return overrides
