"""Backend registry: which array library serves which device.

>>> from gradlib.backends import backend_for
>>> from gradlib.device import device
>>> backend_for(device('cpu')).name
'numpy'
"""
from ..device import CPU as _CPU
from .cupy_backend import INSTALL_HINT, CupyBackend, import_cupy
from .numpy_backend import NumpyBackend

numpy_backend = NumpyBackend()
# The CPU device is served from the start: tensors wrapped on it without a lookup (from_numpy,
# cuda.get_rng_state) may be the first a program makes.
_CPU._backend = numpy_backend
_cupy_backend = None
_pending_seed = [None]


def cupy_backend():
    """The CuPy backend, created (and CuPy imported) on first use; gradlib's RuntimeError with the install
    hint (and CuPy's reason, when CuPy is there but cannot reach a GPU) otherwise."""
    global _cupy_backend
    if _cupy_backend is None:
        backend = CupyBackend()
        if backend.device_count() == 0:
            raise RuntimeError(f"gradlib cannot use CUDA: no CUDA GPU is visible. {INSTALL_HINT}")
        if _pending_seed[0] is not None:
            backend.manual_seed(_pending_seed[0])
        _cupy_backend = backend
    return _cupy_backend


def backend_for(device):
    """The backend serving ``device`` (cached on the device for the hot path)."""
    backend = device._backend
    if backend is None:
        backend = numpy_backend if device.type == "cpu" else cupy_backend()
        device._backend = backend
    return backend


def device_guard(device):
    """A context manager making ``device`` current, so kernels launch and arrays are allocated there: a CUDA
    device context on CUDA, a shared no-op on the CPU. Op.apply, the backward walk and optimizer steps enter it
    themselves; code that runs array functions outside them does too."""
    return backend_for(device).guard(device)


def backend_of_array(array):
    """The backend whose array type ``array`` is (NumPy unless it is a CuPy array)."""
    if isinstance(array, (numpy_backend.array_type, numpy_backend.xp.generic)):
        return numpy_backend
    if _cupy_backend is not None and isinstance(array, _cupy_backend.array_type):
        return _cupy_backend
    if type(array).__module__.startswith("cupy"):
        return cupy_backend()
    return None


def cuda_available():
    """True when CuPy imports and sees at least one GPU; never raises."""
    try:
        cupy_backend()
    except Exception:
        return False
    return True


def cuda_device_count():
    """The number of visible CUDA GPUs (0 when CuPy or a GPU is missing)."""
    if not cuda_available():
        return 0
    return _cupy_backend.device_count()


def cuda_current_index():
    """The index of the current CUDA device; raises the install hint without CUDA."""
    return cupy_backend().current_index()


def manual_seed_all(seed):
    """Seed every backend's generators, including CuPy's if it is ever loaded."""
    numpy_backend.manual_seed(seed)
    _pending_seed[0] = seed
    if _cupy_backend is not None:
        _cupy_backend.manual_seed(seed)


def manual_seed_cuda(seed):
    """Seed the CUDA generators only (now if CuPy is loaded, else when it is)."""
    _pending_seed[0] = seed
    if _cupy_backend is not None:
        _cupy_backend.manual_seed(seed)


__all__ = ["manual_seed_cuda", "backend_for", "device_guard", "backend_of_array", "numpy_backend", "cupy_backend", "cuda_available",
           "cuda_device_count", "manual_seed_all", "import_cupy"]
