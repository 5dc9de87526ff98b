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

__all__ = ["HostMemoryTensorMethods", "check_pin_memory_device"]

_SHARED = weakref.WeakValueDictionary()  # id -> root array (owner of the buffer) that share_memory_() marked


def _root(array):
    """The array owning ``array``'s buffer (NumPy's and CuPy's ``.base`` chain)."""
    while isinstance(getattr(array, "base", None), type(array)):
        array = array.base
    return array


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
        values = [callable(x) for x in self._array.ravel().tolist()]
        return self._write_values(values)

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
            raise TypeError(f"map_: expected {self.type()} for 'other' (got {other.type()})")
        others = other.expand(self.shape)._array.ravel().tolist()
        values = [callable(x, y) for x, y in zip(self._array.ravel().tolist(), others)]
        return self._write_values(values)

    def _check_host_callable(self, name):
        if self._device.type != "cpu":
            raise TypeError(f"{name} is only implemented on CPU tensors")
        if self._requires_grad:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                               f"var.detach().{name}() instead.")

    def _write_values(self, values):
        from . import autograd
        from ._tensor import wrap
        xp = self._device._backend.xp if self._device._backend is not None else None
        if xp is None:
            from .backends import backend_for
            xp = backend_for(self._device).xp
        array = xp.asarray(values).astype(self._array.dtype).reshape(self._array.shape)
        with autograd.no_grad():
            self.copy_(wrap(array, self._device))
        return self
