"""Backend registry: which array library serves which device type.

``BACKENDS`` is the one table from a device type to the class of its backend (see ``base.Backend`` for the
interface). A backend is created the first time its device type is used (CuPy is imported then), and
``gradlib.device`` accepts exactly the device types listed here. A new backend is one module with a ``Backend``
subclass plus one line in this table (or ``register_backend``).

>>> from gradlib.backends import backend_for
>>> from gradlib.device import device
>>> backend_for(device('cpu')).name
'numpy'
"""
from ..device import CPU as _CPU
from . import cuda, cudnn, mps  # torch.backends.cuda / cudnn / mps, for programs that ask
from .cupy_backend import INSTALL_HINT, CupyBackend, import_cupy
from .meta_backend import MetaArray, MetaBackend
from .numpy_backend import NumpyBackend

#: device type -> backend class, in the order device errors list them
BACKENDS = {"cpu": NumpyBackend, "cuda": CupyBackend, "meta": MetaBackend}

numpy_backend = NumpyBackend()
# The CPU device is served from the start: tensors wrapped on it without a lookup (from_numpy,
# cuda.get_rng_state) may be the first a program makes.
_CPU._backend = numpy_backend
_loaded = {"cpu": numpy_backend}  # device type -> its backend, once created
_pending_seed = None  # the last manual_seed, for backends created after it
_pending_type_seeds = {}  # device type -> a later seed of that type only (manual_seed_cuda)


def register_backend(device_type, backend_class):
    """Serve ``device_type`` with ``backend_class`` (a ``Backend`` subclass, created on first use)."""
    BACKENDS[device_type] = backend_class


def device_types():
    """The device types gradlib knows, e.g. ``('cpu', 'cuda')``."""
    return tuple(BACKENDS)


def backend_for_type(device_type):
    """The backend of ``device_type``, created on first use; its RuntimeError (CUDA: the install hint, and
    CuPy's reason when CuPy is there but cannot reach a GPU) when it cannot serve here."""
    backend = _loaded.get(device_type)
    if backend is None:
        backend = BACKENDS[device_type]()
        backend.check_usable()
        seed = _pending_type_seeds.get(device_type, _pending_seed)
        if seed is not None:
            backend.manual_seed(seed)
        _loaded[device_type] = backend
    return backend


def cupy_backend():
    """The CUDA backend (CuPy), created on first use (``backend_for_type('cuda')``)."""
    return backend_for_type("cuda")


def backend_for(device):
    """The backend serving ``device`` (cached on the device for the hot path)."""
    backend = device._backend
    if backend is None:
        backend = backend_for_type(device.type)
        device._backend = backend
    return backend


def device_guard(device):
    """A context manager making ``device`` current, so kernels launch and arrays are allocated there: a CUDA
    device context on CUDA, a shared no-op on the CPU. Op.apply, the backward walk and optimizer steps enter it
    themselves; code that runs array functions outside them does too."""
    return backend_for(device).guard(device)


def _switch_guard(guard, device):
    """Leave ``guard`` (an entered device guard, or None) and enter ``device``'s; returns the entered guard (None
    on the CPU, which needs none). The backward walk and its capture use it when consecutive nodes run on
    different devices."""
    if guard is not None:
        guard.__exit__(None, None, None)
    backend = device._backend
    if not backend.needs_guard:
        return None
    guard = backend.guard(device)
    guard.__enter__()
    return guard


def loaded_array_types():
    """The array classes of the backends in use (NumPy's, and CuPy's once CUDA was used)."""
    return tuple(backend.array_type for backend in _loaded.values())


def backend_of_array(array):
    """The backend whose array ``array`` is (None for anything else): the created backends are asked first, then
    a backend not created yet is created if ``array`` comes from its array library."""
    if isinstance(array, (numpy_backend.array_type, numpy_backend.xp.generic)) and not isinstance(array, MetaArray):
        return numpy_backend  # a meta array is a NumPy subclass: the meta backend owns it
    for backend in _loaded.values():
        if backend.owns(array):
            return backend
    library = type(array).__module__.partition(".")[0]
    for device_type, backend_class in BACKENDS.items():
        if backend_class.array_library == library and device_type not in _loaded:
            return backend_for_type(device_type)
    return None


def available(device_type):
    """True when the backend of ``device_type`` can serve here (CUDA: CuPy imports and sees a GPU); never
    raises."""
    try:
        backend_for_type(device_type)
    except Exception:
        return False
    return True


def cuda_available():
    """True when CuPy imports and sees at least one GPU; never raises."""
    return available("cuda")


def cuda_device_count():
    """The number of visible CUDA GPUs (0 when CuPy or a GPU is missing)."""
    if not available("cuda"):
        return 0
    return backend_for_type("cuda").device_count()


def cuda_initialized():
    """Whether CUDA work has begun (a CUDA tensor, guard, generator or device query): False until then, and
    without CuPy or a GPU."""
    backend = _loaded.get("cuda")
    return backend is not None and getattr(backend, "initialized", True)


def cuda_current_index():
    """The index of the current CUDA device; raises the install hint without CUDA."""
    return backend_for_type("cuda").current_index()


def manual_seed_all(seed):
    """Seed every backend's generators, including those created later."""
    global _pending_seed
    _pending_seed = seed
    _pending_type_seeds.clear()
    for backend in _loaded.values():
        backend.manual_seed(seed)


def manual_seed_cuda(seed):
    """Seed the CUDA generators only (now if CuPy is loaded, else when it is)."""
    _pending_type_seeds["cuda"] = seed
    backend = _loaded.get("cuda")
    if backend is not None:
        backend.manual_seed(seed)


__all__ = ["BACKENDS", "register_backend", "device_types", "backend_for_type", "backend_for", "device_guard",
           "backend_of_array", "available", "numpy_backend", "cupy_backend", "cuda_available", "cuda_device_count",
           "cuda_current_index", "cuda_initialized", "manual_seed_all", "manual_seed_cuda", "import_cupy"]
