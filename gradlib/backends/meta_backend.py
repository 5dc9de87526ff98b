"""The meta device: tensors that know their shape and dtype and hold no data (PyTorch's ``device='meta'``).

A meta tensor's array is a ``MetaArray``: a NumPy array whose every element is one and the same zero (all its
strides are 0 over a one-element buffer), so ``torch.empty(10**12, device='meta')`` costs one element. Ops run
unchanged, written against NumPy as on the CPU: NumPy computes the result's shape and dtype (and the errors of
wrong shapes), and the ufunc / array-function hooks below throw the values away, handing back another
``MetaArray`` of the result's shape and dtype. Nothing of an op's size is made either: ufunc calls, reductions,
matmul, random draws, writes, indexing and the common NumPy functions are answered from the shapes (the dtype
from NumPy run on one element; ``meta_shapes``), NumPy's Python-written functions run on the meta arrays so their
inner calls reach the same hooks, and only the NumPy functions left (rare in ops) still compute over the
zero-strided arrays.

Data never leaves the meta device: copying out (``.cpu()``, ``.to('cpu')``, ``.tolist()``, printing values)
raises PyTorch's ``NotImplementedError: Cannot copy out of meta tensor; no data!``; ``Module.to_empty``
allocates fresh (uninitialized) storage on the target device instead. What the stand-in does not keep: a meta
tensor reports itself contiguous with C strides even after a transpose (PyTorch tracks the permuted strides).

>>> import gradlib
>>> x = gradlib.empty(2, 3, device='meta')
>>> (x @ gradlib.empty(3, 4, device='meta')).shape
gradlib.Size([2, 4])
>>> x.is_meta
True
"""
import contextlib
import functools
import inspect
import types

import numpy

from ..device import device
from . import meta_shapes
from .base import Backend


class _Flags:
    """What gradlib reads of a meta array's flags: it is laid out as a contiguous tensor of its shape."""

    c_contiguous = True
    writeable = True

    def __init__(self, ndim_over_one):
        self.f_contiguous = ndim_over_one <= 1


# PyTorch's refusal of an op whose output shape depends on the values (nonzero, mask indexing)
_NONZERO_MESSAGE = (
    "The register_meta function for torch.nonzero() raises unimplemented by default, as a correct "
    "data-independent implementation does not exist. This implementation returns a fake value, assuming "
    "all elements of the tensor are non-zero. To enable this registration, please set "
    "'torch.fx.experimental._config.meta_nonzero_assume_all_nonzero' to True.")


def _has_mask(index):
    """Whether an index holds a boolean array (its result's shape depends on the values)."""
    items = index if isinstance(index, tuple) else (index,)
    return any(isinstance(item, numpy.ndarray) and item.dtype == numpy.bool_ and item.ndim for item in items)


def _value_dependent(*args, **kwargs):
    raise NotImplementedError(_NONZERO_MESSAGE)


def meta_array(shape, dtype):
    """A ``MetaArray`` of ``shape`` and ``dtype``: one zero element seen through strides of 0."""
    buffer = numpy.zeros(1, dtype=dtype)
    shape = tuple(shape)
    view = numpy.lib.stride_tricks.as_strided(buffer, shape=shape, strides=(0,) * len(shape))
    return view.view(MetaArray)


def _plain(value):
    """A MetaArray seen as a plain ndarray (its zero-strided view), anything else as it is."""
    if isinstance(value, MetaArray):
        return value.view(numpy.ndarray)
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    return value


def _dataless(result):
    """``result`` (NumPy's answer) with its values dropped: arrays and NumPy scalars become MetaArrays."""
    if isinstance(result, numpy.ndarray):
        return meta_array(result.shape, result.dtype)
    if isinstance(result, numpy.generic):
        return meta_array((), result.dtype)
    if isinstance(result, tuple):
        return tuple(_dataless(item) for item in result)
    if isinstance(result, list):
        return [_dataless(item) for item in result]
    return result


def _shape_probe(shape):
    """An array of ``shape`` whose elements take no bytes: NumPy answers an indexing's shape from it for free."""
    return numpy.empty(shape, dtype=numpy.dtype([]))


def _first(value):
    """A one-element stand-in of ``value`` with its dtype (its first element, a 0-d array), or ``value`` itself when
    it is not an array (a Python number keeps its weak type)."""
    if isinstance(value, numpy.ndarray):
        return numpy.asarray(_plain(value)[(0,) * value.ndim])
    return value


def _result_dtypes(function, small):
    with numpy.errstate(all="ignore"):  # the values are meaningless: 0 / 0 warns of nothing
        result = function(*small)
    return [item.dtype for item in result] if isinstance(result, tuple) else numpy.asarray(result).dtype


def _matmul_shape(a, b):
    """The shape of ``a @ b`` (NumPy's rules), or None where NumPy itself should answer (and raise)."""
    if not a or not b:
        return None
    left, right = ((1,) + a if len(a) == 1 else a), (b + (1,) if len(b) == 1 else b)
    if left[-1] != right[-2]:
        return None
    try:
        batch = numpy.broadcast_shapes(left[:-2], right[:-2])
    except ValueError:
        return None
    return batch + (() if len(a) == 1 else (a[-2],)) + (() if len(b) == 1 else (b[-1],))


def _call_shapes(ufunc, inputs, kwargs):
    """A ufunc call on meta arrays answered from the shapes alone (the broadcast shape; the dtype from one element
    of each input), storing nothing; None where NumPy itself should answer (empty inputs, mismatched shapes...)."""
    arrays = [item for item in inputs if isinstance(item, numpy.ndarray)]
    where = kwargs.get("where", True)
    if any(item.size == 0 for item in arrays) or isinstance(where, numpy.ndarray):
        return None
    shapes = [numpy.shape(item) for item in inputs]
    if ufunc.signature is None:
        try:
            shape = numpy.broadcast_shapes(*shapes)
        except ValueError:
            return None
        small = [_first(item) for item in inputs]
    elif ufunc is numpy.matmul and len(shapes) == 2:
        shape = _matmul_shape(*shapes)
        if shape is None:
            return None
        small = [numpy.zeros((1,) * min(len(item_shape), 2), dtype=numpy.asarray(_first(item)).dtype)
                 for item, item_shape in zip(inputs, shapes)]
    else:
        return None
    dtypes = _result_dtypes(functools.partial(ufunc, **kwargs), small)
    if isinstance(dtypes, list):
        return tuple(meta_array(shape, dtype) for dtype in dtypes)
    return meta_array(shape, dtypes)


class MetaArray(numpy.ndarray):
    """The array of a meta tensor (see the module docstring): NumPy computes, the values are dropped."""

    _gradlib_meta = True  # what the CPU backend's ``owns`` tells it apart by

    @property
    def flags(self):
        return _Flags(sum(size > 1 for size in self.shape))

    @property
    def strides(self):
        """The strides in bytes of a C-contiguous array of this shape: what the tensor reports (``stride()``,
        view checks), not the zeros that NumPy walks."""
        strides = []
        step = self.itemsize
        for size in reversed(self.shape):
            strides.append(step)
            step *= max(size, 1)
        return tuple(reversed(strides))

    def __getitem__(self, index):
        if _has_mask(index):
            raise NotImplementedError(_NONZERO_MESSAGE)
        if isinstance(index, numpy.ndarray) or isinstance(index, (tuple, list)) and any(
                isinstance(item, (numpy.ndarray, list)) for item in index):
            # advanced indexing makes a new array: its shape from an array of zero-byte elements, stored nowhere
            return meta_array(_shape_probe(self.shape)[_plain(index)].shape, self.dtype)
        return _dataless(_plain(self)[_plain(index)])

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        if out is not None:
            # written in place: the shapes are checked, nothing is written (NumPy runs only to raise its error)
            answer = self.__array_ufunc__(ufunc, method, *inputs, **kwargs)
            answers = answer if isinstance(answer, tuple) else (answer,)
            if len(answers) != len(out) or any(
                    numpy.broadcast_shapes(item.shape, target.shape) != target.shape
                    or not numpy.can_cast(item.dtype, target.dtype, kwargs.get("casting", "same_kind"))
                    for item, target in zip(answers, out)):
                kwargs["out"] = tuple(_plain(item) for item in out)
                getattr(ufunc, method)(*_plain(inputs), **kwargs)
            return out[0] if len(out) == 1 else out
        if method == "__call__":
            shapes = _call_shapes(ufunc, inputs, kwargs)
        else:
            shapes = meta_shapes.reduce_or_accumulate(ufunc, method, inputs, kwargs)
        if shapes is not None:
            return shapes
        return _dataless(getattr(ufunc, method)(*_plain(inputs), **kwargs))

    def __array_function__(self, func, types, args, kwargs):
        answer = meta_shapes.array_function(func, args, kwargs)
        if answer is not None:
            return None if answer is True else answer
        implementation = getattr(func, "_implementation", None)
        if implementation is not None and not isinstance(implementation, numpy.ufunc) and \
                inspect.isfunction(implementation):
            # written in Python: run it on the meta arrays, its NumPy calls come back to these hooks
            return _dataless(implementation(*args, **kwargs))
        if "out" in kwargs and kwargs["out"] is not None:
            out = kwargs["out"]
            func(*_plain(args), **{key: _plain(value) for key, value in kwargs.items()})
            return out
        result = func(*_plain(args), **{key: _plain(value) for key, value in kwargs.items()})
        return _dataless(result)

    def __setitem__(self, index, value):
        target = _plain(self)[_plain(index)]
        if not isinstance(target, numpy.ndarray) or numpy.shape(value) == target.shape:
            return  # nothing is stored: the shapes agree
        try:
            numpy.broadcast_to(_plain(value), target.shape)  # a view: checks the shapes without writing
        except ValueError:
            _plain(self)[_plain(index)] = _plain(value)  # NumPy's own error

    def repeat(self, repeats, axis=None):
        return meta_array(_shape_probe(self.shape).repeat(_plain(repeats), axis).shape, self.dtype)

    def astype(self, dtype, *args, **kwargs):
        return meta_array(self.shape, dtype)

    def copy(self, order="C"):
        return meta_array(self.shape, self.dtype)

    def tolist(self):
        raise NotImplementedError("Cannot copy out of meta tensor; no data!")

    def item(self, *args):
        raise NotImplementedError("Cannot copy out of meta tensor; no data!")


def _shape(size):
    return (size,) if isinstance(size, int) else tuple(size)


def _filled(size, fill_value=None, dtype=None, **ignored):
    if dtype is None:
        dtype = numpy.float64 if fill_value is None else numpy.asarray(fill_value).dtype
    return meta_array(_shape(size), numpy.dtype(dtype))


def _filled_like(a, fill_value=0, dtype=None, shape=None, **ignored):
    return meta_array(a.shape if shape is None else _shape(shape), numpy.dtype(a.dtype if dtype is None else dtype))


# the array factories, answered without allocating their size
_FACTORIES = {
    "empty": lambda size, dtype=None, **ignored: _filled(size, None, dtype),
    "zeros": lambda size, dtype=None, **ignored: _filled(size, None, dtype),
    "ones": lambda size, dtype=None, **ignored: _filled(size, None, dtype),
    "full": _filled,
    "empty_like": lambda a, dtype=None, shape=None, **ignored: _filled_like(a, 0, dtype, shape),
    "zeros_like": lambda a, dtype=None, shape=None, **ignored: _filled_like(a, 0, dtype, shape),
    "ones_like": lambda a, dtype=None, shape=None, **ignored: _filled_like(a, 0, dtype, shape),
    "full_like": _filled_like,
    "arange": meta_shapes.arange,
    "linspace": meta_shapes.linspace,
    "eye": meta_shapes.eye,
    # shapes that depend on the values
    "nonzero": _value_dependent,
    "flatnonzero": _value_dependent,
    "argwhere": _value_dependent,
    "unique": _value_dependent,
    "extract": _value_dependent,
}


def _dropping(function):
    """``function`` (a NumPy function or a random generator's method) with its array results made data-less."""
    @functools.wraps(function)
    def call(*args, **kwargs):
        return _dataless(function(*args, **kwargs))
    return call


def _drawing_nothing(function):
    """A random generator's method (one that takes ``size``) answered from the shapes: a ``MetaArray`` of the
    draw's shape, its dtype from a one-element draw; nothing of the draw's size is made."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return _dropping(function)
    if "size" not in signature.parameters:
        return _dropping(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        out = arguments.pop("out", None)
        size = arguments.pop("size", None)
        arrays = [value for value in arguments.values() if isinstance(value, numpy.ndarray)]
        if any(array.size == 0 for array in arrays):
            return _dataless(function(*args, **kwargs))
        if out is not None:
            shape = out.shape
        elif size is not None:
            shape = _shape(size)
        else:
            shape = numpy.broadcast_shapes(*(array.shape for array in arrays))
        drawn = function(**{name: _first(value) for name, value in arguments.items()}, size=(1,))
        return out if out is not None else meta_array(shape, drawn.dtype)
    return call


class _MetaGenerator:
    """A meta device's random generator: NumPy's, whose draws are answered by shape and dtype alone."""

    def __init__(self, generator):
        self._namespace = generator

    def __getattr__(self, name):
        value = getattr(self._namespace, name)
        if callable(value) and not isinstance(value, type):
            value = _drawing_nothing(value)
        setattr(self, name, value)
        return value


class _MetaNamespace:
    """The meta device's array module: NumPy's names, whose functions hand back ``MetaArray``s (op code and the
    factories call it as ``xp``). Types, dtypes, constants and ufuncs are NumPy's own (a ufunc given a MetaArray
    already answers with one, through ``MetaArray.__array_ufunc__``)."""

    def __init__(self, namespace, factories=None):
        self._namespace = namespace
        for name, factory in (factories or {}).items():
            setattr(self, name, factory)

    def __getattr__(self, name):
        value = getattr(self._namespace, name)
        if isinstance(value, types.ModuleType):
            value = _MetaNamespace(value)
        elif callable(value) and not isinstance(value, (type, numpy.ufunc)):
            value = _dropping(value)
        setattr(self, name, value)  # found once
        return value


class MetaBackend(Backend):
    """The meta device's backend: NumPy's array module over data-less ``MetaArray``s."""

    name = "meta"
    xp = _MetaNamespace(numpy, _FACTORIES)
    array_type = MetaArray
    array_library = None  # its arrays are NumPy's; ``owns`` tells them apart by class

    def __init__(self):
        self.needs_guard = False
        # random ops on meta tensors draw values that are dropped: a generator of their own, so they leave the
        # CPU's random stream where it was (as PyTorch's meta kernels do)
        self._generator = _MetaGenerator(numpy.random.Generator(numpy.random.PCG64(0)))

    def owns(self, array):
        return isinstance(array, MetaArray)

    def device_of(self, array):
        return device("meta")

    def asarray(self, data, dtype, device):
        shape = numpy.shape(data)
        if dtype is None:
            dtype = getattr(data, "dtype", None)
            if dtype is None:
                dtype = numpy.asarray(data).dtype
        return meta_array(shape, dtype)

    def to_numpy(self, array):
        raise NotImplementedError("Cannot copy out of meta tensor; no data!")

    def item(self, array):
        raise RuntimeError("Tensor.item() cannot be called on meta tensors")

    def copy_between_devices(self, array, device):
        return meta_array(array.shape, array.dtype)

    def ensure_array(self, value):
        if isinstance(value, MetaArray):
            return value
        return _dataless(value) if isinstance(value, (numpy.ndarray, numpy.generic)) else meta_array(
            (), numpy.asarray(value).dtype)

    def may_be_any(self, mask):
        return True

    def mask_positions(self, mask, count):
        raise NotImplementedError(_NONZERO_MESSAGE)

    def scatter_add(self, target, index, values):
        numpy.add.at(_plain(target), _plain(index), _plain(values))

    def storage_offset(self, array):
        return 0

    def data_ptr(self, array):
        return 0

    def view_positions(self, view, base):
        return None

    def check_bounds(self, index, low, high, what, error):
        """Index values are unknown on the meta device: nothing to check (as PyTorch's meta kernels)."""

    def check(self, failed, error, deferred):
        """Values are unknown on the meta device: no value check fails."""

    def _erf(self, array):
        return meta_array(array.shape, array.dtype)

    @staticmethod
    def _address(array):
        return 0

    def guard(self, device):
        return _NO_GUARD

    def generator(self, device):
        return self._generator

    def new_generator(self, device, seed):
        return _MetaGenerator(numpy.random.Generator(numpy.random.PCG64(seed)))

    def manual_seed(self, seed):
        """Meta tensors draw no values worth seeding."""

    def get_rng_state(self, device):
        return self._generator._namespace.bit_generator.state

    def set_rng_state(self, device, state):
        self._generator._namespace.bit_generator.state = state


_NO_GUARD = contextlib.nullcontext()
