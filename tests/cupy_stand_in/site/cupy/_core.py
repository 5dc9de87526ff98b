"""The stand-in's array: a NumPy array in "device memory", with CuPy's refusals, syncs and differences.

``ndarray`` wraps a NumPy array (``_a``) and a device id (``_dev``); it is not a ``numpy.ndarray`` subclass, so
NumPy code that meets it goes through ``__array__`` (refused, as CuPy refuses it) or through
``__array_ufunc__`` / ``__array_function__`` (dispatched to the stand-in, as CuPy does).

Every function of the namespaces runs through ``call``: it unwraps stand-in arrays, refuses NumPy arrays with
CuPy's message, runs NumPy, wraps the result on the current device (a view keeps its base's device) and flags
work whose arrays live on another device than the current one.
"""
import numpy

from . import _devices, _events

_namespace = _indexing = None  # this package's modules that import this one: set by cupy/__init__.py

try:  # NumPy 2: errstate is one context variable; setting it is ~30x cheaper than entering numpy.errstate
    from numpy._core._ufunc_config import _extobj_contextvar as _errstate_var
except ImportError:
    _errstate_var = None
with numpy.errstate(all="ignore"):
    _QUIET = _errstate_var.get() if _errstate_var is not None else None


class _Quiet:
    """``numpy.errstate(all="ignore")`` for the stand-in's every kernel (CuPy does not warn)."""
    __slots__ = ("_token",)

    def __enter__(self):
        self._token = _errstate_var.set(_QUIET)

    def __exit__(self, *exc):
        _errstate_var.reset(self._token)


def _quiet():
    return _Quiet() if _errstate_var is not None else numpy.errstate(all="ignore")


_record = _events.record
_current = _devices._current
_NP = numpy.ndarray
_GENERIC = numpy.generic
_SCALARS = (bool, int, float, complex, numpy.generic)
_IMPLICIT = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy "
             "array explicitly.")


def refuse(error):
    """Record a refusal, then raise it."""
    _record("refusal", f"{type(error).__name__}: {error}")
    raise error


def unsupported(value):
    refuse(TypeError(f"Unsupported type {type(value)}"))


class _Pointer:
    """``ndarray.data``: a ``MemoryPointer`` with the address of the first element."""

    __slots__ = ("ptr", "device_id", "_array")

    def __init__(self, array):
        self._array = array
        self.ptr = array._a.__array_interface__["data"][0]
        self.device_id = array._dev
        _live_buffers[self.ptr] = array

    @property
    def device(self):
        return _devices.Device(self.device_id)


class _Flags:
    __slots__ = ("c_contiguous", "f_contiguous", "owndata")

    def __init__(self, flags, owndata):
        self.c_contiguous = flags.c_contiguous
        self.f_contiguous = flags.f_contiguous
        self.owndata = owndata

    def __getitem__(self, name):
        return {"C_CONTIGUOUS": self.c_contiguous, "F_CONTIGUOUS": self.f_contiguous,
                "OWNDATA": self.owndata}[name]

    def __repr__(self):
        return f"  C_CONTIGUOUS : {self.c_contiguous}\n  F_CONTIGUOUS : {self.f_contiguous}\n  OWNDATA : {self.owndata}"


import weakref  # noqa: E402

from . import _pool  # noqa: E402

_live_buffers = weakref.WeakValueDictionary()  # data.ptr -> array, for NCCL's pointer arguments


def _root(array):
    """The object that owns ``array``'s memory (NumPy's base chain, followed to its end)."""
    while True:
        base = getattr(array, "base", None)
        if base is None:
            return array
        array = base


def _new(a, dev, base=None):
    if base is None and _devices.allocation_hook[0] is not None:
        _devices.allocation_hook[0](a)  # a new buffer: the memory pool's view of it (cupy/_capture.py)
    out = ndarray.__new__(ndarray)
    out._a = a
    out._dev = dev
    out._base = base
    if base is None:
        _pool.on_new(out, dev)  # the memory pool's byte counts (cupy/_pool.py)
    return out


def _wrap_result(r, inputs):
    """Wrap NumPy's result: the input itself, a view of an input (same device, its base), or a new array on the
    current device. NumPy scalars become 0-d arrays, as CuPy's reductions return them."""
    t = r.__class__
    if t is _NP:
        if r.base is not None and inputs:
            for x in inputs:
                if r is x._a:
                    return x, None
            owner = _root(r)
            for x in inputs:
                if _root(x._a) is owner:
                    return _new(r, x._dev, x._base if x._base is not None else x), x
        return _new(r, _current.stack[-1]), None
    if isinstance(r, _GENERIC):
        return _new(numpy.asarray(r), _current.stack[-1]), None
    if t is tuple or t is list or isinstance(r, tuple):
        return tuple(_wrap_result(e, inputs)[0] for e in r), None
    return r, None


def wrap_result(r, inputs=()):
    """Wrap a NumPy result (see ``_wrap_result``); flags wrong-device work unless it is a view."""
    out, view_of = _wrap_result(r, inputs)
    if view_of is None:
        check_devices(inputs)
    return out


def check_devices(inputs, what=None):
    """Flag work on arrays of another device than the current one (CuPy would run it on the current device)."""
    dev = _current.stack[-1]
    for x in inputs:
        if x._dev != dev:
            others = sorted({y._dev for y in inputs})
            _record("device", f"{what or 'kernel'} on arrays of device {others} while device {dev} is current")
            return


def _unwrap(x, inputs):
    t = x.__class__
    if t is ndarray:
        inputs.append(x)
        return x._a
    if t is _NP:
        unsupported(x)
    if t is list or t is tuple:
        if not x:
            return x
        items = [_unwrap(e, inputs) for e in x]
        return t(items)
    return x


def call(function, args, kwargs, inputs=None, name=None):
    """Run a NumPy ``function`` on unwrapped arguments and wrap its result (the path of every namespace function)."""
    if inputs is None:
        inputs = []
    args = [_unwrap(x, inputs) for x in args]
    if kwargs:
        out = kwargs.get("out")
        kwargs = {k: _unwrap(v, inputs) for k, v in kwargs.items()}
        if out is not None and out.__class__ is ndarray:
            with _quiet():
                function(*args, **kwargs)
            check_devices(inputs)
            return out
    with _quiet():
        r = function(*args, **kwargs)
    return wrap_result(r, inputs)


def _ufunc_arg(x, inputs):
    t = x.__class__
    if t is ndarray:
        inputs.append(x)
        return x._a
    if t is float or t is int or t is bool or t is complex or isinstance(x, _GENERIC):
        return x
    unsupported(x)


class ufunc:
    """A CuPy ufunc backed by NumPy's: arguments must be stand-in arrays or scalars (Python or NumPy)."""

    def __init__(self, numpy_ufunc, name=None, types=None, post=None):
        self._np = numpy_ufunc
        self.name = self.__name__ = name or numpy_ufunc.__name__
        self.nin = numpy_ufunc.nin
        self.nout = numpy_ufunc.nout
        self.nargs = numpy_ufunc.nargs
        self.types = types if types is not None else list(numpy_ufunc.types)
        self._post = post
        self._loops = {}  # input dtype chars -> CuPy's loop where it differs from NumPy's, else None

    def __repr__(self):
        return f"<ufunc '{self.name}'>"

    def __call__(self, *args, out=None, dtype=None, casting="same_kind", **kwargs):
        inputs = []
        args = [_ufunc_arg(x, inputs) for x in args]
        if dtype is not None:
            kwargs["dtype"] = dtype
        elif not kwargs and len(args) == self.nin:
            loop = self._cupy_loop(args)
            if loop is not None:
                return self._run_loop(loop, args, inputs, out)
        if out is not None:
            if isinstance(out, tuple):
                out = out[0]
            if out.__class__ is not ndarray:
                unsupported(out)
            inputs.append(out)
            with _quiet():
                r = self._np(*args, out=out._a, casting=casting, **kwargs)
                if self._post is not None:
                    out._a[...] = self._post(args, r)
            check_devices(inputs, self.name)
            return out
        with _quiet():
            r = self._np(*args, casting=casting, **kwargs)
            if self._post is not None:
                r = self._post(args, r)
        check_devices(inputs, self.name)
        if r.__class__ is tuple:
            return tuple(_new(numpy.asarray(e), _current.stack[-1]) for e in r)
        return _new(r if r.__class__ is _NP else numpy.asarray(r), _current.stack[-1])

    def _cupy_loop(self, args):
        """CuPy's loop for these array arguments when it differs from NumPy's (None: NumPy's does the same).
        CuPy runs the first of its ``types`` that every input casts to safely; NumPy may pick another loop,
        or have none (CuPy negates bools; its sign of a bool is int8). Python scalars are left to NumPy, whose
        weak-scalar rules CuPy 14 follows."""
        key = []
        for x in args:
            if x.__class__ is not _NP and not isinstance(x, _GENERIC):
                return None
            key.append(x.dtype.char)
        key = tuple(key)
        cache = self._loops
        if key not in cache:
            cache[key] = _choose_loop(self._np, self.types, key)
        return cache[key]

    def _run_loop(self, loop, args, inputs, out):
        """Run CuPy's ``loop`` ((input chars, output chars)): inputs cast to its types, NumPy's own loop for them
        where it has one, else the next wider signed one, cast to the loop's output types as C++ does."""
        sources, results = loop
        args = [numpy.asarray(x).astype(c, copy=False) for x, c in zip(args, sources)]
        with _quiet():
            if sources + "->" + results not in self._np.types:
                args = [x.astype("b") if x.dtype.char == "?" else x for x in args]
            r = self._np(*args)
            r = r if r.__class__ is tuple else (r,)
            r = tuple(numpy.asarray(e).astype(c, copy=False) for e, c in zip(r, results))
            if self._post is not None:
                r = (numpy.asarray(self._post(args, r[0])),) + r[1:]
        if out is not None:
            inputs.append(out)
            check_devices(inputs, self.name)
            out._a[...] = r[0]
            return out
        check_devices(inputs, self.name)
        wrapped = tuple(_new(e, _current.stack[-1]) for e in r)
        return wrapped if self.nout > 1 else wrapped[0]

    def reduce(self, *args, **kwargs):
        return call(self._np.reduce, args, kwargs)

    def accumulate(self, *args, **kwargs):
        return call(self._np.accumulate, args, kwargs)

    def outer(self, *args, **kwargs):
        return call(self._np.outer, args, kwargs)

    def reduceat(self, *args, **kwargs):
        return call(self._np.reduceat, args, kwargs)

    def at(self, a, indices, b=None):
        if a.__class__ is not ndarray:
            unsupported(a)
        key = _indexing.normalize(a, indices, "ufunc.at")
        inputs = [a]
        b = _unwrap(b, inputs) if b is not None else None
        check_devices(inputs, f"{self.name}.at")
        with _quiet():
            if b is None:
                self._np.at(a._a, key)
            else:
                self._np.at(a._a, key, b)


def _choose_loop(numpy_ufunc, types, chars):
    """CuPy's loop (input chars, output chars) for inputs of dtype ``chars``, or None when NumPy computes the same
    output dtypes (or CuPy has no loop either: then NumPy's error stands in for CuPy's)."""
    for spec in types:
        sources, results = spec.split("->")
        if len(sources) == len(chars) and all(numpy.can_cast(c, s) for c, s in zip(chars, sources)):
            break
    else:
        return None
    try:
        found = numpy_ufunc.resolve_dtypes(tuple(numpy.dtype(c) for c in chars) + (None,) * numpy_ufunc.nout)
    except Exception:  # NumPy refuses what CuPy computes (the negative of a bool)
        return sources, results
    if tuple(d.char for d in found[len(chars):]) == tuple(results):
        return None
    return sources, results


def function(numpy_function, name=None):
    """A CuPy function backed by NumPy's same-named one."""
    def stand_in(*args, **kwargs):
        return call(numpy_function, args, kwargs)
    stand_in.__name__ = stand_in.__qualname__ = name or numpy_function.__name__
    stand_in.__doc__ = f"Stand-in for cupy.{stand_in.__name__} (NumPy's, on device arrays)."
    return stand_in


def sync(what):
    _record("sync", what)


def _should_use_rop(other):
    """CuPy's rule (``_should_use_rop`` in core.pyx): an operand whose ``__array_ufunc__`` is None, or one of higher
    ``__array_priority__`` without ``__array_ufunc__``, gets the operation through its reflected method."""
    try:
        return other.__array_ufunc__ is None
    except AttributeError:
        return ndarray.__array_priority__ < getattr(other, "__array_priority__", 0)


def _op(ufunc_name, reflected=False, inplace=False):
    def method(self, other):
        u = _namespace.UFUNCS[ufunc_name]
        if not reflected and not isinstance(other, ndarray) and _should_use_rop(other):
            return NotImplemented  # Python then asks other's reflected method, as CuPy calls it
        if inplace:
            return u(self, other, out=self)
        return u(other, self) if reflected else u(self, other)
    method.__name__ = ufunc_name
    return method


def _unary(ufunc_name):
    def method(self):
        return _namespace.UFUNCS[ufunc_name](self)
    return method


class ndarray:
    """``cupy.ndarray`` on a NumPy array: see the module docstring."""

    __slots__ = ("_a", "_dev", "_base", "__weakref__")
    __array_priority__ = 100
    __hash__ = None

    def __init__(self, shape, dtype=float, memptr=None, strides=None, order="C"):
        self._a = numpy.empty(shape, dtype=dtype, order=order)
        self._dev = _current.stack[-1]
        self._base = None

    # ----- attributes ------------------------------------------------------------------------------------------
    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    strides = property(lambda self: self._a.strides)
    base = property(lambda self: self._base)
    device = property(lambda self: _devices.Device(self._dev))
    data = property(lambda self: _Pointer(self))

    @property
    def flags(self):
        return _Flags(self._a.flags, self._base is None)

    @property
    def T(self):
        return wrap_result(self._a.T, [self])

    @property
    def mT(self):
        return wrap_result(numpy.swapaxes(self._a, -1, -2), [self])

    @property
    def real(self):
        return wrap_result(self._a.real, [self])

    @property
    def imag(self):
        return wrap_result(self._a.imag, [self])

    def __len__(self):
        if self._a.ndim == 0:
            raise TypeError("len() of unsized object")
        return self._a.shape[0]

    def __iter__(self):
        if self._a.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self._a.shape[0]))

    # ----- host transfers (each one a sync) ----------------------------------------------------------------------
    def get(self, stream=None, order="C", out=None, blocking=True):
        sync("ndarray.get()")
        if out is not None:
            out[...] = self._a
            return out
        return numpy.array(self._a, order=order, copy=True)

    def set(self, arr, stream=None):
        if not isinstance(arr, _NP):
            refuse(TypeError("Only numpy.ndarray can be set to cupy.ndarray"))
        if self.dtype != arr.dtype:
            refuse(TypeError(f"{arr.dtype} array cannot be set to {self.dtype} array"))
        if self.shape != arr.shape:
            refuse(ValueError(f"Shape mismatch. Old shape: {self.shape}, new shape: {arr.shape}"))
        self._a[...] = arr

    def item(self, *args):
        sync("ndarray.item()")
        return self._a.item(*args)

    def tolist(self):
        sync("ndarray.tolist()")
        return self._a.tolist()

    def __bool__(self):
        sync("bool()")
        return bool(self._a)

    def __float__(self):
        sync("float()")
        return float(self._a)

    def __int__(self):
        sync("int()")
        return int(self._a)

    def __complex__(self):
        sync("complex()")
        return complex(self._a)

    def __repr__(self):
        sync("repr()")
        return repr(self._a)

    def __str__(self):
        sync("str()")
        return str(self._a)

    def __format__(self, spec):
        sync("format()")
        return format(self._a, spec)

    def __reduce__(self):
        sync("pickle")
        return (_rebuild, (numpy.array(self._a), self._dev))

    def __array__(self, dtype=None, copy=None):
        refuse(TypeError(_IMPLICIT))

    # ----- NumPy's protocols: dispatch to the stand-in, as CuPy does ----------------------------------------------
    def __array_ufunc__(self, ufunc_, method, *inputs, **kwargs):
        if "out" in kwargs:
            out = kwargs["out"]
            if len(out) != 1:
                raise ValueError("The 'out' parameter must have exactly one array value")
            kwargs["out"] = out[0]
        func = _namespace.UFUNCS.get(ufunc_.__name__)
        if func is None:
            return NotImplemented
        if method != "__call__":
            func = getattr(func, method, None)
            if func is None:
                return NotImplemented
        if ufunc_.__name__ in ("greater", "greater_equal", "less", "less_equal", "equal", "not_equal"):
            inputs = tuple(x.item() if isinstance(x, _NP) and x.ndim == 0 else x for x in inputs)
        return func(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        module = _namespace.MODULES.get(func.__module__.replace("numpy._core", "numpy").replace(
            "numpy.lib._stride_tricks_impl", "numpy.lib.stride_tricks"))
        found = getattr(module, func.__name__, None) if module is not None else None
        if found is None or found is func:
            return NotImplemented
        for t in types:
            if not issubclass(t, (ndarray, _NP)):
                return NotImplemented
        return found(*args, **kwargs)

    # ----- indexing ----------------------------------------------------------------------------------------------
    def __getitem__(self, key):
        return _indexing.getitem(self, key)

    def __setitem__(self, key, value):
        _indexing.setitem(self, key, value)

    # ----- copies, views, casts ----------------------------------------------------------------------------------
    def copy(self, order="C"):
        # CuPy copies across devices on purpose (a peer copy onto the current device): not flagged
        return _new(numpy.array(self._a, order=order, copy=True), _current.stack[-1])

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        with _devices.Device(self._dev):
            return self.copy()

    def astype(self, dtype, order="K", casting=None, subok=None, copy=True):
        r = self._a.astype(dtype, order=order, copy=copy)
        if r is self._a:
            return self
        check_devices([self], "astype")
        return _new(r, _current.stack[-1])

    def view(self, *args, **kwargs):
        return wrap_result(self._a.view(*args, **kwargs), [self])

    def fill(self, value):
        if isinstance(value, _NP):
            if value.shape != ():
                refuse(ValueError("non-scalar numpy.ndarray cannot be used for fill"))
            value = value.item()
        elif value.__class__ is ndarray:
            unsupported(value)
        check_devices([self], "fill")
        self._a.fill(value)

    def nonzero(self):
        sync("ndarray.nonzero()")
        return call(numpy.nonzero, (self,), {})

    def take(self, indices, axis=None, out=None):
        return _namespace.take(self, indices, axis=axis, out=out)

    def scatter_add(self, slices, value):
        _indexing.scatter_add(self, slices, value)

    def ptp(self, axis=None, out=None, keepdims=False):
        return call(numpy.ptp, (self,), {"axis": axis, "out": out, "keepdims": keepdims})

    def scatter_max(self, slices, value):
        _indexing.scatter(self, slices, value, numpy.maximum)

    def scatter_min(self, slices, value):
        _indexing.scatter(self, slices, value, numpy.minimum)

    def __getattr__(self, name):
        if not name.startswith("_"):
            _record("refusal", f"AttributeError: 'cupy.ndarray' object has no attribute '{name}'", True)
        raise AttributeError(f"'cupy.ndarray' object has no attribute '{name}'")

    def dot(self, b, out=None):
        return call(numpy.dot, (self, b), {} if out is None else {"out": out})

    # ----- operators ---------------------------------------------------------------------------------------------
    __add__, __radd__, __iadd__ = _op("add"), _op("add", True), _op("add", inplace=True)
    __sub__, __rsub__, __isub__ = _op("subtract"), _op("subtract", True), _op("subtract", inplace=True)
    __mul__, __rmul__, __imul__ = _op("multiply"), _op("multiply", True), _op("multiply", inplace=True)
    __truediv__, __rtruediv__ = _op("true_divide"), _op("true_divide", True)
    __itruediv__ = _op("true_divide", inplace=True)
    __floordiv__, __rfloordiv__ = _op("floor_divide"), _op("floor_divide", True)
    __ifloordiv__ = _op("floor_divide", inplace=True)
    __mod__, __rmod__, __imod__ = _op("remainder"), _op("remainder", True), _op("remainder", inplace=True)
    __pow__, __rpow__, __ipow__ = _op("power"), _op("power", True), _op("power", inplace=True)
    __and__, __rand__, __iand__ = _op("bitwise_and"), _op("bitwise_and", True), _op("bitwise_and", inplace=True)
    __or__, __ror__, __ior__ = _op("bitwise_or"), _op("bitwise_or", True), _op("bitwise_or", inplace=True)
    __xor__, __rxor__, __ixor__ = _op("bitwise_xor"), _op("bitwise_xor", True), _op("bitwise_xor", inplace=True)
    __lshift__, __rlshift__ = _op("left_shift"), _op("left_shift", True)
    __ilshift__ = _op("left_shift", inplace=True)
    __rshift__, __rrshift__ = _op("right_shift"), _op("right_shift", True)
    __irshift__ = _op("right_shift", inplace=True)
    __lt__, __le__, __gt__, __ge__ = _op("less"), _op("less_equal"), _op("greater"), _op("greater_equal")
    __eq__, __ne__ = _op("equal"), _op("not_equal")
    __neg__, __pos__, __abs__, __invert__ = _unary("negative"), _unary("positive"), _unary("absolute"), _unary(
        "invert")

    def __matmul__(self, other):
        return _namespace.matmul(self, other)

    def __rmatmul__(self, other):
        return _namespace.matmul(other, self)

    def __divmod__(self, other):
        return _namespace.UFUNCS["divmod"](self, other)

    def __rdivmod__(self, other):
        return _namespace.UFUNCS["divmod"](other, self)


def _rebuild(host, dev):
    with _devices.Device(dev):
        return _new(host, dev)


def _generic_method(name):
    def method(self, *args, **kwargs):
        return call(getattr(self._a, name), args, kwargs, [self])
    method.__name__ = name
    return method


def _finish_ndarray(names):
    """Give ndarray NumPy's other methods that CuPy has, and drop public names CuPy lacks."""
    for name, kind in names.items():
        if name.startswith("_") or name in vars(ndarray):
            continue
        if kind == "method" and callable(getattr(_NP, name, None)):
            setattr(ndarray, name, _generic_method(name))
    for name in list(vars(ndarray)):
        if not name.startswith("_") and name not in names:
            delattr(ndarray, name)


ndarray.__module__ = "cupy"
