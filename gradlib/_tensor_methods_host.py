"""The named methods of ``Tensor`` about host memory and Python callables: ``pin_memory``/``is_pinned``,
``share_memory_``/``is_shared``, ``apply_`` and ``map_``, as PyTorch's CPU-only build has them.

gradlib's CPU tensors are NumPy arrays: page-locked (pinned) memory needs a CUDA device, so ``pin_memory()``
raises PyTorch's CPU-build error without one and ``is_pinned()`` is False (CuPy arrays live on the GPU, never
pinned either). ``share_memory_()`` marks the tensor's storage shared (``is_shared()`` True for it and for every
view of it), as PyTorch's does, but does not move the NumPy buffer into shared memory: gradlib has no process
pool that would read it there (README, coverage).
"""
import warnings
import weakref

from .backends import quiet as _quiet

__all__ = ["HostMemoryTensorMethods", "check_pin_memory_device"]

_SHARED = weakref.WeakValueDictionary()  # id -> root array (owner of the buffer) that share_memory_() marked


def _root(array):
    """The array owning ``array``'s buffer (NumPy's and CuPy's ``.base`` chain)."""
    while isinstance(getattr(array, "base", None), type(array)):
        array = array.base
    return array


#: the integer dtypes' ranges PyTorch's checked conversion of a Python number allows (an unsigned one takes the
#: negatives of its range too: -1 into uint8 is 255, as c10::overflows)
_INT_RANGES = {"uint8": (-255, 255), "int8": (-128, 127), "int16": (-2 ** 15, 2 ** 15 - 1),
               "int32": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1)}


def _host_number(value, dtype):
    """A Python number ``apply_``/``map_``'s callable returned, as PyTorch stores it in ``dtype`` (a NumPy dtype):
    bool and integer dtypes take ints (floats truncated; bool: any number's truth), checked against the range
    (RuntimeError "value cannot be converted to type int8 without overflow"); floating dtypes real numbers;
    complex dtypes any number; anything else is PyTorch's TypeError."""
    kind = dtype.kind
    if kind == "b":
        if isinstance(value, (float, complex)):
            return bool(value)
    elif kind in "c":
        if isinstance(value, (int, float, complex)):
            return value
        raise TypeError(f"must be real number, not {type(value).__name__}")
    elif kind == "f" or dtype.name == "bfloat16":
        if isinstance(value, (int, float)):
            return float(value)
        raise TypeError(f"must be real number, not {type(value).__name__}")
    if isinstance(value, float):  # checked before truncation against the true range (uint8: -0.5 overflows)
        low, high = _INT_RANGES.get(dtype.name, (0, 1))
        if not (0 if dtype.name == "uint8" else low) <= value <= high:  # NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
        value = int(value)
    if not isinstance(value, int) and not hasattr(value, "__index__"):
        raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
    value = value.__index__()
    if kind == "b":
        return bool(value)
    low, high = _INT_RANGES[dtype.name]
    if not low <= value <= high:
        raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")
    return value % 256 if dtype.name == "uint8" else value


def check_pin_memory_device(method, device):
    """PyTorch's DeprecationWarning for ``pin_memory(device)``/``is_pinned(device)``."""
    if device is not None:
        warnings.warn(f"The argument 'device' of Tensor.{method}() is deprecated. Please do not pass this argument.",
                      DeprecationWarning, stacklevel=3)


class HostMemoryTensorMethods:
    """Named methods of ``Tensor`` about host memory and Python callables (the class inherits them)."""

    __slots__ = ()

    def is_pinned(self, device=None):
        """Whether the tensor lives in page-locked host memory (``torch.Tensor.is_pinned``): always False in
        gradlib, whose pinned memory would need a CUDA device. ``device`` is deprecated (DeprecationWarning).

        >>> import gradlib
        >>> gradlib.ones(2).is_pinned()
        False
        """
        check_pin_memory_device("is_pinned", device)
        return False

    def pin_memory(self, device=None):
        """A copy of the tensor for fast host-to-GPU copies (``torch.Tensor.pin_memory``). Without an accelerator,
        as in PyTorch's CPU-only build, raises ``RuntimeError('Cannot access accelerator device when none is
        available.')``; a tensor not on the CPU raises RuntimeError; ``device`` is deprecated (DeprecationWarning).
        With CUDA, gradlib returns a plain copy (``clone()``, differentiable): its NumPy memory is not page-locked
        (``is_pinned()`` stays False) and its host-to-GPU copies do not overlap computation, a difference in speed
        only.

        >>> import gradlib
        >>> try:
        ...     gradlib.ones(2).pin_memory()
        ... except RuntimeError as error:
        ...     print(error)
        Cannot access accelerator device when none is available.
        """
        from . import cuda
        check_pin_memory_device("pin_memory", device)
        if not cuda.is_available():
            raise RuntimeError("Cannot access accelerator device when none is available.")
        if self._device.type != "cpu":
            raise RuntimeError(f"cannot pin '{self.type()}' only dense CPU tensors can be pinned")
        return self.clone()

    def share_memory_(self):
        """Mark the storage shared between processes and return ``self`` (``torch.Tensor.share_memory_``);
        ``is_shared()`` is then True for this tensor and every view of its storage. The NumPy buffer stays
        where it is (module docstring).

        >>> import gradlib
        >>> x = gradlib.ones(3)
        >>> x.share_memory_() is x, x[1:].is_shared()
        (True, True)
        """
        if self._device.type == "cpu":
            root = _root(self._array)
            _SHARED[id(root)] = root
        return self

    def is_shared(self):
        """Whether the storage is shared between processes (``torch.Tensor.is_shared``): after
        ``share_memory_()`` on it or on another view of it; CUDA tensors are always shared, as in PyTorch.

        >>> import gradlib
        >>> gradlib.ones(2).is_shared()
        False
        """
        if self._device.type == "cuda":
            return True
        root = _root(self._array)
        return _SHARED.get(id(root)) is root

    def apply_(self, callable):
        """Replace every element ``x`` by ``callable(x)``, a Python number converted to the tensor's dtype
        (a float into an integer tensor truncates), and return ``self`` (``torch.Tensor.apply_``). CPU tensors
        only (TypeError otherwise); a tensor that requires grad raises RuntimeError, as in PyTorch. Runs Python
        once per element: slow, as PyTorch's.

        >>> import gradlib
        >>> gradlib.arange(3).apply_(lambda x: x / 2)
        tensor([0, 0, 1])
        """
        self._check_host_callable("apply_")
        return self._apply_each(lambda x, _: callable(x), None)

    def map_(self, other, callable):
        """Replace every element ``x`` of ``self`` by ``callable(x, y)``, ``y`` the element of ``other``
        broadcast to ``self``'s shape, and return ``self`` (``torch.Tensor.map_``; PyTorch's keyword is
        ``other``). ``other`` must have the
        same dtype (TypeError) and broadcast to ``self`` (RuntimeError); CPU tensors only (TypeError).

        >>> import gradlib
        >>> gradlib.arange(3.).map_(gradlib.ones(1), lambda a, b: a * 10 + b)
        tensor([ 1., 11., 21.])
        """
        self._check_host_callable("map_")
        if other.dtype is not self.dtype:
            expected = self.type()  # PyTorch names the dtypes without a legacy tensor type by their CPU type
            if self.dtype.is_complex or self.dtype.name in ("bool", "bfloat16"):
                expected = f"CPU{expected[len('torch.'):-len('Tensor')]}Type"
            raise TypeError(f"map_: expected {expected} for 'other' (got {other.type()})")
        return self._apply_each(callable, other.expand(self.shape)._array)

    def _check_host_callable(self, name):
        if self._device.type != "cpu":
            raise TypeError(f"{name} is only implemented on CPU tensors")
        if self._requires_grad:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                               f"var.detach().{name}() instead.")

    def _apply_each(self, callable, others):
        """PyTorch's CPU loop of apply_/map_: each element in order, read from memory and written back at once (an
        expanded tensor sees its own writes, as PyTorch's), converted as ``_host_number``."""
        array = self._array
        dtype = array.dtype
        other_values = None if others is None else others.ravel().tolist()
        if 0 not in array.strides or not array.size:
            values = array.ravel().tolist()
            if other_values is None:
                results = [_host_number(callable(x, None), dtype) for x in values]
            else:
                results = [_host_number(callable(x, y), dtype) for x, y in zip(values, other_values)]
            if results:
                token = _quiet.enter()  # 1e300 into float16 is inf, without NumPy's overflow warning
                try:
                    array[...] = self._device._backend.xp.asarray(results, dtype=dtype).reshape(array.shape)
                finally:
                    _quiet.leave(token)
        else:
            for position, index in enumerate(_indices(array.shape)):
                other = None if other_values is None else other_values[position]
                array[index] = _host_number(callable(array[index].item(), other), dtype)
        self._bump_version()
        return self


def _indices(shape):
    """Every index of ``shape`` in row-major order."""
    indices = [()]
    for size in shape:
        indices = [index + (i,) for index in indices for i in range(size)]
    return indices
