"""Factories: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace, eye, rand, randn,
randint and the ``*_like`` forms. Each resolves dtype (PyTorch's defaults) and device, then makes the array on
that device directly."""
import collections.abc
import functools
import math
import operator
import sys
import warnings

from . import _formats, _layout, _memory_order, _tensor, dtypes
from .autograd import capture as _capture
from .autograd.grad_mode import state as _grad_state
from .backends import backend_for, backend_of_array, cpu_generator, cuda_available, numpy_backend
from .backends import quiet as _quiet
from .device import CPU, resolve
from .ops import _batching
from .ops._dims import size_arguments
from .random import source_for

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "arange", "linspace", "logspace", "eye",
           "rand", "randn", "randint", "zeros_like", "ones_like", "full_like", "empty_like", "rand_like",
           "randn_like", "randint_like"]

_REQUIRES_GRAD_ERROR = "Only Tensors of floating point and complex dtype can require gradients"


def _capturable(factory):
    """A factory that a capture for replay (gradlib.graphs) records: the replay calls it again, so ``zeros``
    makes new zeros and ``rand`` draws fresh numbers from the generator, as the eager step does."""

    @functools.wraps(factory)
    def made(*args, **kwargs):
        if not _capture.capturing():
            return factory(*args, **kwargs)
        recorder = _capture.recorder
        for value in args[:1]:
            if isinstance(value, _tensor.Tensor) and factory.__name__ in ("tensor", "as_tensor"):
                _capture.refuse(f"gradlib.{factory.__name__}(a tensor)", "use clone() or detach() instead")
        _capture.recorder = None  # one record for the whole factory (zeros_like calls zeros)
        try:
            result = factory(*args, **kwargs)
        finally:
            _capture.recorder = recorder
        recorder.record(functools.partial(_array_of, factory, kwargs), args, result._array)
        return result

    return made


def _array_of(factory, kwargs, *args):
    return factory(*args, **kwargs)._array


def _leaf(array, device, requires_grad):
    out = _tensor.wrap(array, device)
    if _grad_state.inference:
        out._is_inference = True
    if requires_grad:
        if not dtypes.floating_np(array.dtype) and array.dtype.kind != "c":
            raise RuntimeError(_REQUIRES_GRAD_ERROR)
        out._requires_grad = True
    return out


def _check_options(layout=None, pin_memory=False, memory_format=None):
    """PyTorch's layout=, pin_memory= and memory_format= (see gradlib._formats)."""
    _formats.check_layout(layout)
    if pin_memory:
        _formats.check_pin_memory(pin_memory, cuda_available)
    _formats.check_memory_format(memory_format)


def _size_argument(name, sizes, size):
    """``zeros(2, 3)``, ``zeros((2, 3))`` or ``zeros(size=(2, 3))``."""
    if size is None:
        return sizes
    if sizes:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    return (size,)


def factory_size(name, sizes, size):
    """A factory's size as PyTorch's argument parser reads it, as a tuple (negative sizes are left to the caller):
    ``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])``, ``f(torch.Size(...))``, ``f(size=(2, 3))``, a lone int-like (a
    NumPy integer, a 0-d integer tensor). Its TypeErrors, named after ``name``: a bool or float is no int, a lone
    non-sequence ("must be tuple of ints, not str"), a bad first item ("but found element of type bool at pos 0"),
    a later one ("failed to unpack the object at pos 2"), a keyword size that is not a sequence."""
    if size is not None:
        if sizes:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        if not isinstance(size, (tuple, list)):
            raise TypeError(f"{name}(): argument 'size' must be tuple of ints, not {_type_name(size)}")
        items, where = tuple(size), "argument 'size'"
    elif len(sizes) == 1 and not _int_like(sizes[0]):
        if not isinstance(sizes[0], (tuple, list)):
            raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                            f"{_type_name(sizes[0])}")
        items, where = tuple(sizes[0]), "argument 'size' (position 1)"
    else:
        if len(sizes) > 1 and isinstance(sizes[0], (tuple, list)):
            raise TypeError(f"{name}() takes 1 positional argument but {len(sizes)} were given")
        items, where = tuple(sizes), "argument 'size' (position 1)"
    for index, item in enumerate(items):
        if _int_like(item):
            continue
        if not index:
            raise TypeError(f"{name}(): {where} must be tuple of ints, but found element of type "
                            f"{_type_name(item)} at pos 0")
        raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {index + 1} with error "
                        f"\"type must be tuple of ints,but got {_type_name(item)}\"")
    return tuple(operator.index(item) for item in items)


def _int_like(value):
    """An int of PyTorch's int lists: a Python int (not a bool), a NumPy integer, a 0-d integer tensor (its value
    read on the host, as PyTorch's parser reads it)."""
    if value.__class__ is int:
        return True
    if isinstance(value, _tensor.Tensor):
        return value.dim() == 0 and value.dtype.category == dtypes.INT_CATEGORY
    if value.__class__ in dtypes.NUMPY_SCALAR_TYPES:
        return value.dtype.kind in "iu"
    return isinstance(value, int) and not isinstance(value, bool)


def _sizes_unchecked(size):
    if len(size) == 1 and hasattr(size[0], "__iter__"):
        size = tuple(size[0])
    return [s for s in size if isinstance(s, int)]


def _sizes(size, name=None):
    if len(size) == 1 and not isinstance(size[0], int) and not hasattr(size[0], "__iter__"):
        prefix = "" if name is None else f"{name}(): "
        raise TypeError(f"{prefix}argument 'size' (position 1) must be tuple of ints, not {type(size[0]).__name__}")
    size = size_arguments(size)
    for s in size:
        if not isinstance(s, int) or isinstance(s, bool):
            if hasattr(s, "__index__"):
                continue
            raise TypeError(f"size must be a sequence of ints, but got {type(s).__name__}")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")
    return tuple(int(s) for s in size)


def _infer_dtype(data):
    """PyTorch's dtype for Python data: bool, int64, or the default float (nested lists allowed)."""
    stack = [data]
    kind = dtypes.bool
    found = False
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
            continue
        if isinstance(item, _tensor.Tensor):
            kind = dtypes.promote_types(kind, item.dtype) if found else item.dtype
            found = True
            continue
        if item.__class__ in dtypes.NUMPY_SCALAR_TYPES:  # a NumPy scalar keeps its dtype (np.float64 too)
            found_kind = dtypes.from_np(item.dtype)
        else:
            found_kind = dtypes.scalar_dtype(item) if isinstance(item, (bool, int, float, complex)) else None
        if found_kind is None:
            backend = backend_of_array(item)
            if backend is not None or hasattr(item, "dtype"):
                found_kind = dtypes.from_np(item.dtype)
            elif item is None:
                raise RuntimeError("Could not infer dtype of NoneType")
            elif isinstance(item, str):  # PyTorch: a string alone is no data type, in a list one dim too many
                if item is data:
                    raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
                raise ValueError(f"too many dimensions '{type(item).__name__}'")
            elif _is_sequence(item):
                stack.extend(list(item))
                continue
            else:
                raise RuntimeError(f"Could not infer dtype of {_type_name(item)}")
        kind = dtypes.promote_types(kind, found_kind) if found else found_kind
        found = True
    return kind if found else dtypes.get_default_dtype()


def _type_name(value):
    """A type's name as CPython's ``tp_name`` (PyTorch's messages): module-qualified for a type compiled into a
    module other than builtins (``collections.OrderedDict``), the bare name for builtins and Python classes."""
    kind = type(value)
    heap_type = kind.__flags__ & (1 << 9)  # Py_TPFLAGS_HEAPTYPE: a class defined in Python
    return kind.__name__ if heap_type or kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _is_sequence(data):
    """Any other Python sequence PyTorch reads as a list: ``collections.deque``, ``range``, a class with
    ``__len__`` and ``__getitem__`` (not a string, bytes, a mapping, an array or a tensor)."""
    kind = type(data)
    return (hasattr(kind, "__getitem__") and hasattr(kind, "__len__") and not hasattr(data, "dtype")
            and not isinstance(data, (str, bytes, bytearray, collections.abc.Mapping, _tensor.Tensor)))


def _host_data(data):
    """Each tensor in a list (one element, any shape or device) becomes its number, as in PyTorch (more elements:
    PyTorch's ValueError); other sequences (a deque, a range) become lists."""
    if isinstance(data, _tensor.Tensor):
        if data.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return data._device._backend.to_numpy(data._array).reshape(()).item()
    if isinstance(data, (list, tuple)) or _is_sequence(data):
        return [_host_data(item) for item in data]
    return data


def _check_rectangular(data):
    """PyTorch's error for nested lists of unequal lengths (NumPy's speaks of an inhomogeneous shape)."""
    level, dim = [data], 0
    while level:
        if not isinstance(level[0], (list, tuple)):
            return  # numbers at this depth (a sequence among them is refused when converted)
        sequences = level
        expected = len(sequences[0])
        for item in level:
            if not isinstance(item, (list, tuple)):
                raise TypeError("not a sequence")
            if len(item) != expected:
                raise ValueError(f"expected sequence of length {expected} at dim {dim} (got {len(item)})")
        level = [child for item in sequences for child in item]
        dim += 1


def _warn_copy_construct(spelled):
    """PyTorch's UserWarning (each time) for a tensor given to ``torch.tensor`` or ``Tensor.new_tensor`` by the
    user's code (gradlib's own calls, such as ``sparse_coo_tensor``'s or the legacy constructors', give none, as
    PyTorch's C++ does not pass through ``torch.tensor``)."""
    from ._torch_function import TRANSPARENT  # the dispatch's frames, once a subclass or mode turned it on
    frame, level = sys._getframe(2), 3
    while frame is not None:  # past the wrappers: _capturable's (counted), the dispatch (hidden from warnings)
        if frame.f_code is tensor.__code__:
            level += 1
        elif frame.f_code.co_filename != TRANSPARENT and frame.f_globals.get("__name__") != "gradlib._torch_function":
            break
        frame = frame.f_back
    if frame is None or frame.f_globals.get("__name__", "").startswith("gradlib."):
        return
    warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                  f"sourceTensor.detach().clone().requires_grad_(True), rather than {spelled}(sourceTensor).",
                  UserWarning, stacklevel=level)

def copy_construct(data, dtype, device, requires_grad):
    """A new leaf from the Tensor ``data``: its values copied (to ``device``, as ``dtype`` where given)."""
    target_device = resolve(device) if device is not None else data._device
    out = data.detach().to(target_device, copy=True)
    if dtype is not None:
        out = out.to(dtype)
    return _leaf(out._array, out._device, requires_grad)


@_capturable
def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor (always a copy) from Python data or an array.

    Python floats give the default dtype (float32), ints int64, bools bool; NumPy arrays keep theirs.

    >>> import gradlib
    >>> gradlib.tensor([[1., 2.], [3., 4.]])
    tensor([[1., 2.],
            [3., 4.]])
    >>> gradlib.tensor(3, dtype=gradlib.float64, requires_grad=True)
    tensor(3., dtype=gradlib.float64, requires_grad=True)
    """
    if pin_memory:
        _formats.check_pin_memory(pin_memory, cuda_available)
    if isinstance(data, _tensor.Tensor):
        _warn_copy_construct("torch.tensor")
        return copy_construct(data, dtype, device, requires_grad)
    if isinstance(data, range) or (isinstance(data, list) and any(isinstance(item, range) for item in data)):
        data = _ranges_as_lists(data)  # PyTorch reads a range as the list of its ints (torch.tensor(range(3)))
    target_device = resolve(device)
    backend = backend_for(target_device)
    array_backend = backend_of_array(data)
    explicit_dtype = dtype is not None
    if dtype is None:
        dtype = dtypes.from_np(data.dtype) if array_backend is not None else _infer_dtype(data)
    else:
        dtype = dtypes.as_dtype(dtype)
    backend.check_dtype(dtype)
    if array_backend is not None and array_backend is not backend and array_backend is not numpy_backend:
        data = array_backend.to_numpy(data)  # another device's library: through the host
    elif array_backend is None:
        data = _host_data(data)
        _check_rectangular(data)
        if explicit_dtype:  # an inferred dtype is complex where the data holds a complex number
            _refuse_complex_numbers(data, dtype)
        if dtype.category == dtypes.int64.category:
            data = _integer_data(data, dtype)
    quiet = _quiet.enter()  # a float too large for float16 becomes inf, as in PyTorch, without NumPy's warning
    try:
        with backend.guard(target_device):
            array = backend.xp.array(data, dtype=dtype.np)
    except OverflowError:  # a Python int the integer dtype cannot hold: PyTorch's words
        raise _overflow_error(data, dtype) from None
    finally:
        _quiet.leave(quiet)
    return _leaf(array, target_device, requires_grad)


def _ranges_as_lists(data):
    """``data`` with every range (at any depth of lists and tuples) replaced by the list of its ints."""
    if isinstance(data, range):
        return list(data)
    if isinstance(data, (list, tuple)):
        return [_ranges_as_lists(item) for item in data]
    return data


def _refuse_complex_numbers(data, dtype):
    """PyTorch's TypeError for a Python complex number given to a real dtype (NumPy would drop the imaginary part
    with a warning); bool takes it (nonzero is True)."""
    if dtype.is_complex or dtype.category == dtypes.bool.category:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, complex):
            if dtype.is_floating_point:
                raise TypeError("must be real number, not complex")
            raise TypeError("'complex' object cannot be interpreted as an integer")


def _overflow_error(data, dtype):
    """PyTorch's error for Python ints that do not fit: beyond int64 at all, or beyond ``dtype``."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, int) and not -2 ** 63 <= item < 2 ** 63:
            return ValueError("Overflow when unpacking long long")
    return RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")


def _integer_data(data, dtype):
    """Python data for an integer tensor, converted as PyTorch does: a number the dtype cannot hold is refused
    (uint8 takes negative ints down to -255, wrapped), an int beyond int64 cannot be read at all; NumPy would
    raise OverflowError for any out-of-range int and silently wrap floats."""
    xp = numpy_backend.xp
    try:
        host = xp.asarray(data)
    except OverflowError:
        raise ValueError("Overflow when unpacking long long") from None
    if host.dtype.kind == "O" or (host.dtype.kind == "u" and host.dtype.itemsize == 8):  # ints beyond int64
        raise ValueError("Overflow when unpacking long long")
    if host.size and host.dtype.kind in "if":
        low, high = dtypes.accepted_range(dtype, dtypes.floating_np(host.dtype))
        quiet = _quiet.enter()
        try:
            refused = bool(((host < low) | (host > high) | (host != host)).any())
        finally:
            _quiet.leave(quiet)
        if refused:
            raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
    quiet = _quiet.enter()
    try:
        return host.astype(dtype.np)
    finally:
        _quiet.leave(quiet)


@_capturable
def as_tensor(data, dtype=None, device=None):
    """Like ``tensor`` but shares memory with a Tensor or array when dtype and device already match.

    >>> import gradlib, numpy
    >>> a = numpy.array([1., 2.])
    >>> t = gradlib.as_tensor(a); a[0] = 5.; t
    tensor([5., 2.], dtype=gradlib.float64)
    """
    if isinstance(data, _tensor.Tensor):
        out = data
        if dtype is not None:
            out = out.to(dtypes.as_dtype(dtype))
        if device is not None:
            out = out.to(resolve(device))
        return out
    array_backend = backend_of_array(data)
    if array_backend is not None:
        source_device = array_backend.device_of(data)
        target_device = resolve(device) if device is not None else source_device
        wanted = dtypes.as_dtype(dtype) if dtype is not None else dtypes.from_np(data.dtype)
        if target_device is source_device and wanted.np == data.dtype:
            backend_for(source_device)
            return _tensor.wrap(data, source_device)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(array):
    """A CPU tensor sharing memory with a NumPy array (zero copy).

    >>> import gradlib, numpy
    >>> gradlib.from_numpy(numpy.arange(3))
    tensor([0, 1, 2])
    """
    if backend_of_array(array) is not numpy_backend:
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    dtypes.from_np(array.dtype)
    return _tensor.wrap(array, CPU)


def _quietly(maker):
    """``maker`` run in NumPy's quiet error state: a range whose values overflow the dtype (arange up to 1e39 in
    float32, logspace to 10**50) holds inf or NaN without NumPy's warning, as PyTorch's."""
    def quiet_maker(xp, size, np_dtype):
        quiet = _quiet.enter()
        try:
            return maker(xp, size, np_dtype)
        finally:
            _quiet.leave(quiet)
    return quiet_maker


def _make(maker, size, dtype, device, requires_grad):
    target_device = resolve(device)
    backend = backend_for(target_device)
    dtype = dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
    backend.check_dtype(dtype)
    with backend.guard(target_device):
        array = maker(backend.xp, _sizes(size), dtype.np)
    return _leaf(array, target_device, requires_grad)


@_capturable
def zeros(*sizes, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor of zeros.

    >>> import gradlib
    >>> gradlib.zeros(2, 3)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    """
    _check_options(layout, pin_memory)
    size = factory_size("zeros", sizes, size)
    if any(s < 0 for s in _sizes_unchecked(size)):
        raise RuntimeError("zeros: Dimension size must be non-negative.")
    _sizes(size, "zeros")
    return _make(lambda xp, s, d: xp.zeros(s, dtype=d), size, dtype, device, requires_grad)


@_capturable
def ones(*sizes, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor of ones.

    >>> import gradlib
    >>> gradlib.ones(2, 2, requires_grad=True)
    tensor([[1., 1.],
            [1., 1.]], requires_grad=True)
    """
    _check_options(layout, pin_memory)
    size = factory_size("ones", sizes, size)
    return _make(lambda xp, s, d: xp.ones(s, dtype=d), size, dtype, device, requires_grad)


@_capturable
def empty(*sizes, size=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, memory_format=None):
    """An uninitialized tensor, row-major or stored in ``memory_format``'s order (``gradlib.channels_last`` for 4
    sizes, ``channels_last_3d`` for 5: PyTorch's RuntimeError for another rank and for ``preserve_format``).

    >>> import gradlib
    >>> gradlib.empty(2, 3).shape
    gradlib.Size([2, 3])
    >>> gradlib.empty(10, 3, 32, 32, memory_format=gradlib.channels_last).stride()
    (3072, 1, 96, 3)
    """
    _check_options(layout, pin_memory)
    size = factory_size("empty", sizes, size)
    if memory_format is None or memory_format is _formats.contiguous_format:
        return _make(lambda xp, s, d: xp.empty(s, dtype=d), size, dtype, device, requires_grad)
    _formats.check_factory_format(memory_format, len(_sizes(size)))
    return _make(lambda xp, s, d: _layout.empty_strided(xp, s, _layout.format_strides(s, memory_format.name), d),
                 size, dtype, device, requires_grad)


def _check_fill_value(name, fill_value):
    if isinstance(fill_value, _tensor.Tensor) and fill_value.dim() == 0:
        return
    if not isinstance(fill_value, (bool, int, float, complex)) and not hasattr(fill_value, "__float__") or \
            isinstance(fill_value, _tensor.Tensor):
        raise TypeError(f"{name}(): argument 'fill_value' (position 2) must be Number, not {type(fill_value).__name__}")


@_capturable
def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as in PyTorch).

    >>> import gradlib
    >>> gradlib.full((2,), 7)
    tensor([7, 7])
    """
    _check_options(layout, pin_memory)
    if not isinstance(size, (tuple, list)):  # full's size is a sequence, even for one dim
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {_type_name(size)}")
    size = factory_size("full", (size,), None)
    _check_fill_value("full", fill_value)
    fill_value = dtypes.plain_scalar(fill_value)
    if dtype is None:
        if isinstance(fill_value, _tensor.Tensor) and fill_value.dim() == 0:  # a 0-d tensor: its number (host)
            fill_value = fill_value.item()
        dtype = dtypes.scalar_dtype(fill_value)
        dtypes.check_fits(fill_value, dtype)  # 1e300 as the default float32: PyTorch's overflow error
    else:
        dtype = dtypes.as_dtype(dtype)
        fill_value = dtypes.fill_number(fill_value, dtype)
        dtypes.check_fits(fill_value, dtype)  # PyTorch refuses a value the dtype cannot hold (1e300 in float32)
        if isinstance(fill_value, int) and dtype.category == dtypes.int64.category:
            fill_value = dtypes.wrap_integer(fill_value, dtype)
    return _make(lambda xp, s, d: xp.full(s, fill_value, dtype=d), size, dtype, device, requires_grad)


@_capturable
def arange(start=None, end=None, step=1, *, dtype=None, layout=None, device=None, requires_grad=False,
           pin_memory=False):
    """Values from ``start`` to ``end`` (exclusive) by ``step``; int64 for ints, else the default float.

    >>> import gradlib
    >>> gradlib.arange(5), gradlib.arange(0, 1, 0.25)
    (tensor([0, 1, 2, 3, 4]), tensor([0.0000, 0.2500, 0.5000, 0.7500]))
    """
    _check_options(layout, pin_memory)
    if dtype is dtypes.bool or getattr(dtype, "is_complex", False):  # PyTorch's arange has no such kernel
        suffix = "cpu" if device is None or "cuda" not in str(device) else "cuda"
        raise NotImplementedError(f'"arange_{suffix}" not implemented for \'{dtype.scalar_type}\'')
    if end is None:  # arange(5) and arange(end=5)
        start, end = 0, start
    elif start is None:
        start = 0
    start, end, step = (_range_scalar(v) for v in (start, end, step))
    if dtype is None:
        integral = all(isinstance(v, int) for v in (start, end, step))
        dtype = dtypes.int64 if integral else dtypes.get_default_dtype()
    if not (math.isfinite(start) and math.isfinite(end)):  # PyTorch's checks, in its order
        raise RuntimeError(f"unsupported range: {start:g} -> {end:g}")
    if getattr(dtype, "category", None) == dtypes.INT_CATEGORY:
        for value in (start, end, step):  # read as int64 first
            if value != value or not -2 ** 63 <= value < 2 ** 63:
                raise RuntimeError("value cannot be converted to type int64_t without overflow")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = max(0, math.ceil((end - start) / step))
    if count >= 2 ** 63 and dtype is not dtypes.int64:  # int64 counts in integers (_integer_arange)
        raise RuntimeError("invalid size, possible overflow?")
    if getattr(dtype, "category", None) == dtypes.INT_CATEGORY:
        start, end, step, count = _integer_arange(start, end, step, count, dtype)

    def make(xp, size, np_dtype):
        if getattr(dtype, "category", None) == dtypes.INT_CATEGORY:
            return (xp.arange(count, dtype=xp.int64) * step + start).astype(np_dtype)
        if not dtypes.floating_np(xp.dtype(np_dtype)):
            return (start + xp.arange(count, dtype=xp.float64) * step).astype(np_dtype)
        single = xp.dtype(np_dtype).itemsize < 8
        return _float_arange(xp, float(start), float(step), count, 8 if single else 4, single).astype(np_dtype)

    return _make(_quietly(make), (), dtype, device, requires_grad)


def _range_scalar(value):
    """An argument of arange as PyTorch's Scalar: a number (a 0-d tensor's or a NumPy scalar's value, read on the
    host as PyTorch's argument parser does), int for integral ones; a complex number cannot be read as a double."""
    if isinstance(value, _tensor.Tensor):
        value = value.item()
    elif value.__class__ in dtypes.NUMPY_SCALAR_TYPES:
        value = value.item()
    if isinstance(value, complex):
        raise RuntimeError("value cannot be converted to type double without overflow")
    return value


def _integer_arange(start, end, step, count, dtype):
    """PyTorch's arange for an integer dtype: start, end and step are first converted to integers (toward zero):
    ``arange(-1.5, 2.5, dtype=int32)`` is -1, 0, 1, 2, and a step below 1 is zero. int64 counts in integers too
    (``arange(2.5, dtype=int64)`` has 2 elements); the narrower types count the numbers as given. The values are
    computed in int64 and wrap into the dtype."""
    start, end, step = (int(v) for v in (start, end, step))
    if dtype is dtypes.int64:
        if step == 0:  # a step below 1 (the other types step by 0: arange(0, 3, 0.5, dtype=int32) is six zeros)
            raise ValueError("step must be nonzero")
        numerator = end - start + step - (1 if step > 0 else -1)
        quotient = abs(numerator) // abs(step)  # C++'s integer division truncates toward zero
        count = max(0, quotient if (numerator >= 0) == (step > 0) else -quotient)
    return start, end, step, count


def _spacing_steps(function, start, end, steps):
    """``steps`` of linspace/logspace as an int: a Python int or a one-element integer tensor (PyTorch's int
    argument); anything else gets PyTorch's TypeError for a non-matching call."""
    if steps.__class__ is not bool:
        try:
            return operator.index(steps)
        except TypeError:
            pass
    got = ", ".join("Tensor" if isinstance(v, _tensor.Tensor) else type(v).__name__ for v in (start, end, steps))
    extra = ", float base = 10.0" if function == "logspace" else ""
    overloads = "".join(
        f"\n * ({a} start, {b} end, int steps{extra}, *, Tensor out = None, torch.dtype dtype = None, "
        "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
        for a, b in (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))
    raise TypeError(f"{function}() received an invalid combination of arguments - got ({got}), but expected one of:"
                    f"{overloads}\n")


def _spacing_ends(function, start, end, dtype, device):
    """linspace/logspace's ends as numbers (a 0-d tensor read on the host, as PyTorch's Scalar) and the dtype: the
    default float, or the default complex where an end is complex; PyTorch's refusals of a tensor end with dims, of
    a complex end for a real dtype, and of bool (no kernel)."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, _tensor.Tensor) and value.dim() != 0:
            raise RuntimeError(f"{function} only supports 0-dimensional start and end tensors, but got {name} with "
                               f"{value.dim()} dimension(s).")
    start, end = (v.item() if isinstance(v, _tensor.Tensor) else v for v in (start, end))
    complex_ends = any(isinstance(dtypes.plain_scalar(v), complex) for v in (start, end))
    if dtype is not None:
        target = dtypes.as_dtype(dtype)
        if complex_ends and not target.is_complex:
            inferred = "c10::complex<double>" if dtypes.get_default_dtype() is dtypes.float64 else "c10::complex<float>"
            raise RuntimeError(f"torch.{function}(): inferred dtype {inferred} can't be safely cast to passed dtype "
                               f"{target.scalar_type}")
    else:
        target = dtypes.default_complex() if complex_ends else dtypes.get_default_dtype()
    return start, end, target


def _check_spacing(function, start, end, steps, target, device):
    """After the steps: the ends converted to the dtype once (PyTorch's overflow error for a value it cannot hold,
    NaN and inf for an integer dtype), and bool refused where the kernel runs (more than one step)."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if not target.is_complex:
        dtypes.check_fits(dtypes.plain_scalar(start), target)
        dtypes.check_fits(dtypes.plain_scalar(end), target)
    if target is dtypes.bool and steps > 1:
        suffix = "cpu" if device is None or "cuda" not in str(device) else "cuda"
        raise NotImplementedError(f'"{function}_{suffix}" not implemented for \'Bool\'')


@_capturable
def linspace(start, end, steps, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive.

    >>> import gradlib
    >>> gradlib.linspace(0, 1, 5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    _check_options(layout, pin_memory)
    steps = _spacing_steps("linspace", start, end, steps)
    start, end, target = _spacing_ends("linspace", start, end, dtype, device)
    _check_spacing("linspace", start, end, steps, target, device)  # 1e300 for float32 is an overflow error
    return _make(_quietly(lambda xp, s, d: linspace_array(xp, start, end, steps, d)), (), target, device,
                 requires_grad)


def _float_arange(xp, start, step, count, lanes, single):
    """PyTorch's CPU arange kernel for floats, to the last bit (its AVX2 build): values in float64; whole pairs
    of vectors (``lanes``: 4 doubles or 8 floats) start at ``start + step * i`` (rounded to float32 first when
    ``single``) and add ``j * step`` per lane, the rest are ``start + step * i``, each a fused multiply-add."""
    index = xp.arange(count, dtype=xp.int64)
    vectorized = index < count - count % (2 * lanes)
    lane = xp.where(vectorized, index % lanes, 0)
    base = fused_multiply_add(xp, xp.full(count, step), (index - lane).astype(xp.float64), xp.full(count, start))
    if single:
        base = xp.where(vectorized, base.astype(xp.float32).astype(xp.float64), base)
    return fused_multiply_add(xp, lane.astype(xp.float64), xp.full(count, step), base)


def linspace_array(xp, start, end, steps, np_dtype):
    """PyTorch's CPU linspace kernel, to the last bit (also the base grid of ``affine_grid``, ops/grid_sample.py): ``start`` and ``end`` are first converted to the output
    dtype; the step is computed in that dtype (float64 for integer outputs), and the first half of the values
    counts up from ``start`` (``start + step * i``), the second half down from ``end``
    (``end - step * (steps - 1 - i)``), each a fused multiply-add (PyTorch's kernels are compiled with FMA
    contraction), so both ends are exact."""
    if xp.dtype(np_dtype).kind == "c":
        return _complex_linspace(xp, start, end, steps, np_dtype)
    floating = dtypes.floating_np(xp.dtype(np_dtype))
    compute = np_dtype if floating else xp.float64
    first = xp.asarray(start).astype(np_dtype).astype(compute)
    last = xp.asarray(end).astype(np_dtype).astype(compute)
    if steps <= 1:
        return xp.full(steps, first, dtype=np_dtype)
    step = (last - first) / xp.asarray(steps - 1, dtype=compute)
    index = xp.arange(steps, dtype=xp.int64)
    lower = index < steps // 2
    counts = xp.where(lower, index, steps - 1 - index).astype(xp.float64)
    signed_step = xp.where(lower, step, -step).astype(xp.float64)
    origin = xp.where(lower, first, last).astype(xp.float64)
    if compute == xp.float64:
        values = fused_multiply_add(xp, signed_step, counts, origin)
    elif compute == xp.float32:  # an fma in float32: the product is exact in float64, the sum rounds once (to odd)
        values = _round_to_odd_sum(xp, signed_step * counts, origin)
    else:  # float16 arithmetic rounds each step to float16, the count too (c10::Half's operators)
        counts = xp.where(lower, index, steps - 1 - index).astype(compute)
        values = xp.where(lower, first + step * counts, last - step * counts)
    return values.astype(np_dtype)


def _complex_linspace(xp, start, end, steps, np_dtype):
    """linspace for a complex dtype: PyTorch's kernel in complex arithmetic of that dtype (no fused
    multiply-add): ``start + step * i`` for the first half, ``end - step * (steps - 1 - i)`` for the rest."""
    first = xp.asarray(start).astype(np_dtype)
    last = xp.asarray(end).astype(np_dtype)
    if steps <= 1:
        return xp.full(steps, first, dtype=np_dtype)
    real = first.real.dtype
    index = xp.arange(steps, dtype=xp.int64)
    lower = index < steps // 2
    counts = xp.where(lower, index, steps - 1 - index).astype(real)
    parts = []
    for low, high in ((first.real, last.real), (first.imag, last.imag)):  # a complex step times a real count: each
        step = (high - low) / xp.asarray(steps - 1, dtype=real)       # part alone (NaN stays in its part)
        parts.append(xp.where(lower, low + step * counts, high - step * counts).astype(real))
    return xp.stack(parts, axis=-1).view(np_dtype).reshape(steps)


def fused_multiply_add(xp, a, b, c):
    """``a * b + c`` in float64 with one rounding (as a fused multiply-add), from error-free transformations:
    the product's and the sum's exact rounding errors are added back (correct but for exact ties)."""
    def split(x):
        scaled = x * 134217729.0  # 2**27 + 1: Veltkamp's split into two 26-bit halves
        high = scaled - (scaled - x)
        return high, x - high
    product = a * b
    a_high, a_low = split(a)
    b_high, b_low = split(b)
    product_error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    total = product + c
    part = total - product
    sum_error = (product - (total - part)) + (c - part)
    return total + (product_error + sum_error)


def _round_to_odd_sum(xp, a, b):
    """``a + b`` in float64 rounded to odd (an inexact result gets an odd last bit), so that a later cast to a
    float of at most 51 bits rounds the exact sum once, correctly."""
    total = a + b
    part = total - a
    error = (a - (total - part)) + (b - part)
    even = (total.view(xp.int64) & 1) == 0
    toward = xp.where(error > 0, xp.inf, -xp.inf)
    return xp.where((error != 0) & even, xp.nextafter(total, toward), total)


@_capturable
def logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """``steps`` values from ``base ** start`` to ``base ** end``, the exponents evenly spaced (computed in float64,
    then cast: integer dtypes truncate, as PyTorch's). Mirrors ``torch.logspace``.

    >>> import gradlib
    >>> gradlib.logspace(0, 2, 3)
    tensor([  1.,  10., 100.])
    """
    _check_options(layout, pin_memory)
    steps = _spacing_steps("logspace", start, end, steps)
    start, end, target = _spacing_ends("logspace", start, end, dtype, device)
    _check_spacing("logspace", start, end, steps, target, device)
    return _make(_quietly(lambda xp, s, d: logspace_array(xp, start, end, steps, base, d)), (), target, device,
                 requires_grad)


def logspace_array(xp, start, end, steps, base, np_dtype):
    """PyTorch's CPU logspace, to the last bit for real dtypes: the ends are converted to the output dtype, their
    difference taken in it (in int for integers) and the step in float64; the first half of the exponents count up
    from ``start`` (``start + step * i``), the second half down from ``end``, each ``base ** exponent`` in float64
    (an integer output's base rounded to float32 first), then converted. One step gives ``base ** start``."""
    kind = xp.dtype(np_dtype).kind
    if steps == 1 or steps == 0:
        return xp.full(steps, float(base) ** dtypes.plain_scalar(start)).astype(np_dtype)
    index = xp.arange(steps, dtype=xp.int64)
    lower = index < steps // 2
    counts = xp.where(lower, index, index - (steps - 1))
    if kind == "c":  # complex: the exponents in the complex dtype
        first = xp.asarray(start).astype(np_dtype)
        last = xp.asarray(end).astype(np_dtype)
        step = (last - first) / xp.asarray(steps - 1, dtype=np_dtype)
        exponents = xp.where(lower, first, last) + step * counts.astype(np_dtype)
        return (xp.asarray(float(base), dtype=np_dtype) ** exponents).astype(np_dtype)
    if kind in "iu":
        first = xp.asarray(int(start)).astype(np_dtype)
        last = xp.asarray(int(end)).astype(np_dtype)
        difference = last.astype(xp.int64) - first.astype(xp.int64)
        base = float(xp.float32(base))
    else:
        first = xp.asarray(start).astype(np_dtype)
        last = xp.asarray(end).astype(np_dtype)
        difference = last - first
    step = difference.astype(xp.float64) / (steps - 1)
    exponents = xp.where(lower, first.astype(xp.float64), last.astype(xp.float64)) + step * counts
    return (float(base) ** exponents).astype(np_dtype)


@_capturable
def eye(n, m=None, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The identity matrix (``n`` x ``m``).

    >>> import gradlib
    >>> gradlib.eye(2)
    tensor([[1., 0.],
            [0., 1.]])
    """
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    _check_options(layout, pin_memory)
    return _make(lambda xp, s, d: xp.eye(n, n if m is None else m, dtype=d), (), dtype, device, requires_grad)


def _generator_for(device, generator=None):
    return source_for(generator, resolve(device))


def _cpu_stream(draw):
    """Whether ``draw`` is a method of PyTorch's CPU stream (gradlib's CPUGenerator)."""
    return isinstance(getattr(draw, "__self__", None), cpu_generator.CPUGenerator)


def _floating_draw(draw, size, np_dtype, kernel="check_uniform_bounds"):
    """Generators draw float32/float64 only: draw float32 and cast for other dtypes (float16). An integer dtype
    has no kernel in PyTorch (``kernel`` names it in the NotImplementedError). A complex dtype draws its real
    and imaginary parts as consecutive pairs of its real dtype, as PyTorch draws into ``view_as_real``; normal
    draws have standard deviation 1/sqrt(2) per part, so that E|z|^2 = 1."""
    if np_dtype.kind == "c":
        real = np_dtype.type(0).real.dtype
        shape = tuple(size) + (2,)
        if kernel != "normal_kernel_cpu":
            return _floating_draw(draw, shape, real, kernel).view(np_dtype).reshape(tuple(size))
        std = 1.0 / math.sqrt(2.0)  # PyTorch's std / std::sqrt(2), rounded as it rounds
        if real.itemsize == 4 and math.prod(shape) < 16 and _cpu_stream(draw):
            # PyTorch's scalar normal path computes in double and rounds the scaled value to float once
            parts = (draw(shape, dtype=numpy_backend.xp.float64) * std).astype(real)
        else:
            parts = _floating_draw(draw, shape, real, kernel)
            parts = parts * parts.dtype.type(std)
        return parts.view(np_dtype).reshape(tuple(size))
    if not dtypes.floating_np(np_dtype):
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{dtypes.from_np(np_dtype).scalar_type}'")
    if np_dtype.itemsize in (4, 8) or isinstance(getattr(draw, "__self__", None), cpu_generator.CPUGenerator):
        return draw(size, dtype=np_dtype)  # PyTorch's CPU stream rounds float16 as PyTorch does
    return draw(size, dtype="float32").astype(np_dtype)


@_capturable
def rand(*sizes, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """Uniform random numbers in [0, 1) (seed with ``gradlib.manual_seed``), generated on ``device``.

    >>> import gradlib
    >>> gradlib.rand(2, 3).shape
    gradlib.Size([2, 3])
    """
    _check_options(layout, pin_memory)
    size = factory_size("rand", sizes, size)
    source = _generator_for(device, generator)
    return _make(lambda xp, s, d: _floating_draw(source.random, s, d), size, dtype, device, requires_grad)


@_capturable
def randn(*sizes, size=None, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """Standard normal random numbers (mean 0, variance 1), generated on ``device``.

    >>> import gradlib
    >>> gradlib.randn(3, requires_grad=True).requires_grad
    True
    """
    _check_options(layout, pin_memory)
    size = factory_size("randn", sizes, size)
    source = _generator_for(device, generator)
    return _make(lambda xp, s, d: _floating_draw(source.standard_normal, s, d, "normal_kernel_cpu"), size, dtype,
                 device,
                 requires_grad)


@_capturable
def randint(low, high=None, size=None, *, generator=None, dtype=None, layout=None, device=None,
            requires_grad=False, pin_memory=False):
    """Random integers in [low, high) (int64 by default).

    >>> import gradlib
    >>> bool(((gradlib.randint(0, 10, (5,)) >= 0) & (gradlib.randint(0, 10, (5,)) < 10)).all())
    True
    """
    _check_options(layout, pin_memory)
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    source = _generator_for(device, generator)
    dtype = dtypes.int64 if dtype is None else dtype
    return _make(lambda xp, s, d: _integers(source, low, high, s, d), (tuple(size),), dtype, device, requires_grad)


def _integers(source, low, high, shape, np_dtype):
    """Integers in [low, high) of ``np_dtype``: PyTorch's CPU numbers (``random() % range + low``, the range's
    width and the dtype choosing 32 or 64 random bits), NumPy's/CuPy's draws elsewhere."""
    if isinstance(source, cpu_generator.CPUGenerator):
        return source.integers(low, high, shape, np_dtype)
    return source.integers(low, high, shape).astype(np_dtype)


def _like_strides(input, memory_format):
    """The strides of a ``*_like`` result: ``memory_format``'s, or for None and ``preserve_format`` the input's
    where it is dense, else those of the format its strides suggest (``gradlib._formats``)."""
    _formats.check_format_argument(memory_format)
    _formats.check_rank(memory_format, input.ndim)
    shape = tuple(input.shape)
    if _batching.active and _batching.has_batched((input,)):  # one element's view under vmap: no strides
        return _formats.target_strides(shape, _layout.contiguous_strides(shape), memory_format)
    return _formats.target_strides(shape, _layout.element_strides(input._array), memory_format)


def _in_memory_order(maker, strides):
    """``maker(xp, shape, np_dtype)`` made to fill an array of ``strides`` in memory order, as PyTorch's kernels
    write a new tensor (``rand_like`` of a channels-last tensor draws its numbers channels first): the array is
    made row-major in the dims' memory order, then seen in the logical order with ``strides``."""
    def made(xp, shape, np_dtype):
        if strides == _layout.contiguous_strides(shape):
            return maker(xp, shape, np_dtype)
        order = sorted(range(len(shape)), key=lambda dim: -strides[dim])
        array = maker(xp, tuple(shape[dim] for dim in order), np_dtype)
        array = array.transpose(tuple(order.index(dim) for dim in range(len(shape))))
        return _layout.restrided(xp, array, strides)

    return made


def _like(maker, input, dtype, device, requires_grad, memory_format):
    """A new tensor with ``input``'s shape (and its dtype and device unless given), made by ``maker(xp, shape,
    np_dtype)`` in the memory order of the strides it gets (``_like_strides``)."""
    strides = _like_strides(input, memory_format)
    return _make(_in_memory_order(maker, strides), (tuple(input.shape),), dtype or input.dtype,
                 device or input.device, requires_grad)


@_capturable
def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
               memory_format=None):
    """Zeros with ``input``'s shape, dtype and device; its strides where it is dense (``memory_format=``
    ``preserve_format``, the default), or ``memory_format``'s (see ``gradlib._formats``).

    >>> import gradlib
    >>> gradlib.zeros_like(gradlib.tensor([1, 2]))
    tensor([0, 0])
    >>> gradlib.zeros_like(gradlib.zeros(3, 4).t()).stride()
    (1, 4)
    """
    _check_options(layout, pin_memory)
    return _like(lambda xp, s, d: xp.zeros(s, dtype=d), input, dtype, device, requires_grad, memory_format)


@_capturable
def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
              memory_format=None):
    """Ones with ``input``'s shape, dtype and device, laid out as ``zeros_like``'s."""
    _check_options(layout, pin_memory)
    return _like(lambda xp, s, d: xp.ones(s, dtype=d), input, dtype, device, requires_grad, memory_format)


@_capturable
def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
               memory_format=None):
    """Uninitialized, with ``input``'s shape, dtype and device, laid out as ``zeros_like``'s.

    >>> import gradlib
    >>> x = gradlib.empty(2, 3, 4, 5, memory_format=gradlib.channels_last)
    >>> gradlib.empty_like(x).stride(), gradlib.empty_like(x, memory_format=gradlib.contiguous_format).stride()
    ((60, 1, 15, 3), (60, 20, 5, 1))
    """
    _check_options(layout, pin_memory)
    return _like(lambda xp, s, d: xp.empty(s, dtype=d), input, dtype, device, requires_grad, memory_format)


@_capturable
def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
              memory_format=None):
    """``fill_value`` everywhere, with ``input``'s shape, dtype and device, laid out as ``zeros_like``'s."""
    _check_options(layout, pin_memory)
    _check_fill_value("full_like", fill_value)
    strides = _like_strides(input, memory_format)
    out = full(input.shape, fill_value, dtype=dtype or input.dtype, device=device or input.device,
               requires_grad=requires_grad)
    out._array = _layout.restrided(out._device._backend.xp, out._array, strides)  # a constant: order is moot
    return out


@_capturable
def rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None, pin_memory=False):
    """Uniform random numbers with ``input``'s shape, dtype and device, laid out as ``zeros_like``'s and drawn in
    memory order (as PyTorch's)."""
    _check_options(layout, pin_memory)
    source = _generator_for(device or input.device, generator)
    return _like(lambda xp, s, d: _floating_draw(source.random, s, d), input, dtype, device, requires_grad,
                 memory_format)


@_capturable
def randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None, pin_memory=False):
    """Normal random numbers with ``input``'s shape, dtype and device, laid out as ``zeros_like``'s and drawn in
    memory order; a result that is not row-major draws one number at a time, as PyTorch's CPU kernel does."""
    _check_options(layout, pin_memory)
    source = _generator_for(device or input.device, generator)
    strides = _like_strides(input, memory_format)
    draw = source.standard_normal
    if isinstance(source, cpu_generator.CPUGenerator) and not _layout.is_contiguous(tuple(input.shape), strides):
        draw = functools.partial(_serial_normal, source)
    return _like(lambda xp, s, d: _floating_draw(draw, s, d, "normal_kernel_cpu"), input, dtype, device,
                 requires_grad, memory_format)


def _serial_normal(source, size, dtype):
    """PyTorch's CPU ``normal_`` of a tensor that is not row-major: one draw per element, in memory order."""
    return source.normal(size, dtype, contiguous=False)


@_capturable
def randint_like(input, low, high=None, *, generator=None, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=None, pin_memory=False):
    """Random integers with ``input``'s shape and device, laid out as ``zeros_like``'s."""
    _check_options(layout, pin_memory)
    if high is None:
        low, high = 0, low
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    source = _generator_for(device or input.device, generator)
    return _like(lambda xp, s, d: _integers(source, low, high, s, d), input, dtype, device, requires_grad,
                 memory_format)


def empty_in_order(shape, order, *, dtype=None, device=None, requires_grad=False):
    """An uninitialized tensor of ``shape`` laid out in memory in the dim order ``order`` (largest stride
    first): PyTorch's ``empty_like`` of a tensor with that layout (``preserve_format``)."""
    dense = empty(*(shape[dim] for dim in order), dtype=dtype, device=device)
    if _memory_order.is_identity(order):
        return dense.requires_grad_(requires_grad) if requires_grad else dense
    return _leaf(dense._array.transpose(_memory_order.inverse(order)), dense._device, requires_grad)


def _permuted(input, device):
    """Whether ``input`` is laid out in memory in another order than its dims (``t()``, ``permute``) and the
    result stays on its device: then a ``*_like`` draw follows that order, as PyTorch's ``empty_like``."""
    if device is not None and resolve(device) != input._device:
        return False
    return not _memory_order.is_identity(_memory_order.order_of(input))


def _like_in_memory_order(input, dtype, device, requires_grad, fill):
    out = empty_in_order(tuple(input.shape), _memory_order.order_of(input), dtype=dtype or input.dtype,
                         device=device or input.device)
    fill(out)  # a Tensor method (uniform_, normal_, random_): PyTorch's fill of a non-contiguous tensor
    return out.requires_grad_(requires_grad) if requires_grad else out


def as_tensor_like(value, like):
    """``value`` if it is a tensor, else a tensor of it on ``like``'s device (a Python float takes ``like``'s
    floating dtype)."""
    if isinstance(value, _tensor.Tensor):
        return value
    dtype = like.dtype if isinstance(value, float) and like.dtype.is_floating_point else None
    return tensor(value, dtype=dtype, device=like.device)
