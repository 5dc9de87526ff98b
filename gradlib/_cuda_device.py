"""``gradlib.cuda``'s device selection and device properties: ``device``/``device_of`` (context managers),
``set_device``, ``init``, ``get_device_properties``/``get_device_name``/``get_device_capability``, and the one
rule that turns an argument into a GPU index (PyTorch's ``torch.cuda._utils._get_device_index``).

Without CuPy these answer as the CPU-only build of PyTorch 2.13 does, exception classes and messages included:
queries raise ``AssertionError('Torch not compiled with CUDA enabled')`` (with gradlib's install hint as a note),
entering ``device(0)`` raises ``RuntimeError('PyTorch was compiled without CUDA support')``, and negative indices
are no-ops. With CuPy, the current GPU is CuPy's (``cupy.cuda.Device(i).use()``) and the properties are the CUDA
runtime's (``cupy.cuda.runtime.getDeviceProperties``).
"""
from . import backends
from .backends import cuda as _switches
from .device import device as _device

__all__ = ["device", "device_of", "set_device", "init", "get_device_properties", "get_device_name",
           "get_device_capability", "device_index"]


def _backend():
    """The CUDA backend (the registry's error where CUDA is not usable: PyTorch's AssertionError without CuPy)."""
    return backends.backend_for_type("cuda")


def _current_or_none():
    """The current GPU where CUDA is usable; None elsewhere (what PyTorch's CPU build answers for 'current')."""
    return backends.cuda_current_index() if backends.cuda_available() else None


def device_index(device, optional=False, allow_cpu=False):
    """The GPU index ``device`` names, by PyTorch's rule (``torch.cuda._utils._get_device_index``): an int as
    is; a string or ``gradlib.device`` of type ``'cuda'`` (ValueError "Expected a cuda device, but got: cpu"
    for another type, unless ``allow_cpu``: a CPU device is then -1); a ``gradlib.cuda.device``'s index; None or
    an index-less ``'cuda'`` is the current GPU when ``optional`` (ValueError otherwise).

    >>> import gradlib
    >>> gradlib._cuda_device.device_index("cuda:1"), gradlib._cuda_device.device_index(-1)
    (1, -1)
    """
    if isinstance(device, int):
        return device
    if isinstance(device, str):
        device = _device(device)
    if isinstance(device, _device):
        if allow_cpu:
            if device.type not in ("cuda", "cpu"):
                raise ValueError(f"Expected a cuda or cpu device, but got: {device}")
            if device.type == "cpu":
                return -1
        elif device.type != "cuda":
            raise ValueError(f"Expected a cuda device, but got: {device}")
        if device.index is not None:
            return device.index
    elif isinstance(device, _DeviceContext):
        return device.idx
    if optional:
        return _current_or_none()
    raise ValueError(f"Expected a torch.device with a specified index or an integer, but got:{device}")


def _exchange(index):
    """Make GPU ``index`` current and return the one that was (a negative index changes nothing and gives -1)."""
    if index < 0:
        return -1
    if not _switches.is_built():
        raise RuntimeError("PyTorch was compiled without CUDA support")
    backend = _backend()
    previous = backend.current_index()
    if index != previous:
        _check_index(backend, index)
        backend.set_current_index(index)
    return previous


def _check_index(backend, index):
    count = backend.device_count()
    if index >= count:
        raise RuntimeError(f"CUDA error: invalid device ordinal (GPU {index} of {count} visible GPUs)")


class device:
    """Context manager that makes a GPU current (mirrors ``torch.cuda.device``): ``with gradlib.cuda.device(1):``
    new CUDA tensors made without an index go to ``cuda:1``; the previous GPU is current again on exit.

    ``device``: an int, a ``'cuda:N'`` string or a ``gradlib.device``; a negative int is a no-op. Raises
    ValueError for a non-CUDA device; on entering, RuntimeError "PyTorch was compiled without CUDA support"
    without CuPy (as PyTorch's CPU build), and a RuntimeError for an index past the visible GPUs.

    >>> import gradlib
    >>> with gradlib.cuda.device(-1):  # a no-op everywhere
    ...     pass
    """

    def __init__(self, device):
        self.idx = device_index(device, optional=True)
        self.prev_idx = -1

    def __enter__(self):
        self.prev_idx = _exchange(self.idx)

    def __exit__(self, type, value, traceback):
        self.idx = _exchange(self.prev_idx) if self.prev_idx >= 0 else -1
        return False


_DeviceContext = device  # the class, for ``device_index`` (whose argument is named ``device``)


class device_of(device):
    """Context manager that makes the GPU of a tensor current (mirrors ``torch.cuda.device_of``); a no-op for a
    tensor that is not on a GPU.

    >>> import gradlib
    >>> with gradlib.cuda.device_of(gradlib.zeros(2)):  # a CPU tensor: nothing changes
    ...     pass
    """

    def __init__(self, obj):
        super().__init__(obj.device.index if obj.is_cuda else -1)


def set_device(device):
    """Make a GPU current (mirrors ``torch.cuda.set_device``; prefer ``with gradlib.cuda.device(i)``). A negative
    index is a no-op. Raises ValueError for a non-CUDA device, a RuntimeError for an index past the visible GPUs,
    and, without CuPy, the AttributeError PyTorch's CPU build raises ("module 'torch._C' has no attribute
    '_cuda_setDevice'").

    >>> import gradlib
    >>> gradlib.cuda.set_device(-1)  # a no-op everywhere
    """
    index = device_index(device)
    if index < 0:
        return
    if not _switches.is_built():
        raise AttributeError("module 'torch._C' has no attribute '_cuda_setDevice'")
    backend = _backend()
    _check_index(backend, index)
    backend.set_current_index(index)


def init():
    """Initialize CUDA now rather than at the first CUDA tensor (mirrors ``torch.cuda.init``): afterwards
    ``is_initialized()`` is True. Raises AssertionError "Torch not compiled with CUDA enabled" without CuPy, as
    PyTorch's CPU build.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     gradlib.cuda.init()
    ...     assert gradlib.cuda.is_initialized()
    """
    _backend().current_index()


class _CudaDeviceProperties:
    """What ``get_device_properties`` returns (PyTorch's ``_CudaDeviceProperties``): ``name``, ``major``,
    ``minor`` (compute capability), ``total_memory`` (bytes) and ``multi_processor_count``."""

    __slots__ = ("name", "major", "minor", "total_memory", "multi_processor_count")

    def __init__(self, name, major, minor, total_memory, multi_processor_count):
        self.name = name
        self.major = major
        self.minor = minor
        self.total_memory = total_memory
        self.multi_processor_count = multi_processor_count

    def __repr__(self):
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // (1024 * 1024)}MB, "
                f"multi_processor_count={self.multi_processor_count})")


def get_device_properties(device=None):
    """The properties of a GPU (mirrors ``torch.cuda.get_device_properties``): an object with ``name``,
    ``major``, ``minor``, ``total_memory`` (bytes) and ``multi_processor_count``, read from the CUDA runtime.

    ``device``: an int, ``'cuda:N'`` or a ``gradlib.device``; None (the default) is the current GPU. Raises
    AssertionError "Invalid device id" for an index outside the visible GPUs, ValueError for a non-CUDA device,
    and AssertionError "Torch not compiled with CUDA enabled" without CuPy (PyTorch's CPU build).

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     properties = gradlib.cuda.get_device_properties(0)
    ...     assert properties.total_memory > 0 and properties.name == gradlib.cuda.get_device_name(0)
    """
    backend = _backend()
    index = device_index(device, optional=True)
    if index < 0 or index >= backend.device_count():
        raise AssertionError("Invalid device id")
    return _CudaDeviceProperties(**backend.device_properties(index))


def get_device_name(device=None):
    """The name of a GPU (mirrors ``torch.cuda.get_device_name``): ``get_device_properties(device).name``; the
    same arguments and errors.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     assert isinstance(gradlib.cuda.get_device_name(), str)
    """
    return get_device_properties(device).name


def get_device_capability(device=None):
    """The compute capability of a GPU as ``(major, minor)`` (mirrors ``torch.cuda.get_device_capability``); the
    arguments and errors of ``get_device_properties``.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     major, minor = gradlib.cuda.get_device_capability()
    """
    properties = get_device_properties(device)
    return properties.major, properties.minor
