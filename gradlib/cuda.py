"""``gradlib.cuda``: is CUDA usable here, how many GPUs, and waiting for them.

Never raises on a machine without CuPy or a GPU: it answers False / 0.
"""
from . import _cuda_nvtx as nvtx
from . import _homes, _tensor, backends, dtypes
from ._cuda_device import (device, device_of, get_device_capability, get_device_name, get_device_properties, init,
                           set_device)
from ._cuda_memory import (empty_cache, max_memory_allocated, max_memory_cached, max_memory_reserved,
                           mem_get_info, memory_allocated, memory_cached, memory_reserved, memory_stats,
                           memory_stats_as_nested_dict, memory_summary, reset_accumulated_memory_stats,
                           reset_max_memory_allocated, reset_max_memory_cached, reset_peak_memory_stats,
                           set_per_process_memory_fraction)
from ._cuda_streams import (Event, Stream, StreamContext, current_stream, default_stream, is_current_stream_capturing,
                            set_stream, stream)
from ._legacy_types import CUDA_LEGACY_TYPES as _LEGACY_TYPES
from .backends import cuda_available, cuda_device_count
from .device import CPU, resolve
from .amp.deprecated import cuda_amp as amp
from .cuda_graphs import CUDAGraph, graph, graph_pool_handle, make_graphed_callables, side_stream
from .random import initial_seed_cuda as _initial_seed
from .random import manual_seed_cuda as manual_seed
from .random import seed_cuda as seed

manual_seed_all = manual_seed  # gradlib seeds every GPU's generator together
seed_all = seed

_homes.adopt(__name__, device, device_of, StreamContext)  # torch.cuda.device, ...: their home is this module

globals().update(_LEGACY_TYPES)  # gradlib.cuda.FloatTensor, ... (x.type(torch.cuda.FloatTensor))

__all__ = ["is_available", "is_initialized", "device_count", "synchronize", "current_device", "get_rng_state",
           "set_rng_state",
           "manual_seed", "manual_seed_all", "seed", "seed_all", "initial_seed", "CUDAGraph", "graph",
           "graph_pool_handle", "make_graphed_callables", "side_stream", "amp", "is_bf16_supported",
           "get_rng_state_all", "set_rng_state_all", "init", "device", "device_of", "set_device",
           "get_device_properties", "get_device_name", "get_device_capability", "memory_stats", "memory_allocated",
           "max_memory_allocated", "memory_reserved", "max_memory_reserved", "reset_peak_memory_stats",
           "reset_max_memory_allocated", "reset_max_memory_cached", "memory_cached", "max_memory_cached",
           "empty_cache", "mem_get_info", "memory_summary", "Stream", "Event", "StreamContext", "stream",
           "current_stream", "default_stream", "set_stream", "nvtx", "memory_stats_as_nested_dict",
           "reset_accumulated_memory_stats", "set_per_process_memory_fraction", "is_current_stream_capturing"]


def is_available():
    """True when CuPy is installed and sees a GPU.

    >>> import gradlib
    >>> isinstance(gradlib.cuda.is_available(), bool)
    True
    """
    return cuda_available()


def is_initialized():
    """Whether CUDA has been initialized: False until the first CUDA tensor or device call (``is_available`` and
    ``device_count`` do not initialize it), and always False without CuPy or a GPU. Mirrors
    ``torch.cuda.is_initialized``.

    >>> import gradlib
    >>> gradlib.cuda.is_initialized() in (True, False)
    True
    """
    return backends.cuda_initialized()


def is_bf16_supported(including_emulation=True):
    """False: gradlib has no bfloat16 dtype (NumPy has none), so no GPU supports it here; mirrors
    ``torch.cuda.is_bf16_supported`` (programs then pick float16, as nanoGPT does).

    >>> import gradlib
    >>> gradlib.cuda.is_bf16_supported()
    False
    """
    return False


def device_count():
    """The number of visible CUDA GPUs (0 without CuPy or a GPU)."""
    return cuda_device_count()


def current_device():
    """The index of the current CUDA device (raises the install hint without CUDA)."""
    return backends.cuda_current_index()


def synchronize(device=None):
    """Wait for all queued work on a CUDA device (for timing)."""
    backends.backend_for_type("cuda").synchronize(resolve("cuda" if device is None else device))


def get_rng_state(device="cuda"):
    """The state of a CUDA device's random generator (PyTorch's ``torch.cuda.get_rng_state``), as a 1-D uint8
    CPU tensor: a copy that ``set_rng_state`` puts back, so the random numbers drawn after it repeat.

    ``device``: ``'cuda'`` (the current GPU, the default), ``'cuda:N'``, ``N`` or a ``gradlib.device``. The state
    is CuPy's XORWOW generator, one 48-byte cuRAND state per GPU thread: megabytes copied from the device (about
    13 MB on a 132-SM GPU; PyTorch's Philox state is 16 bytes), so save it once, not at every step. Raises
    gradlib's RuntimeError with the install hint where CUDA is not usable.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():  # a GPU (or pytest --device cuda --cupy-stand-in)
    ...     state = gradlib.cuda.get_rng_state()
    ...     first = gradlib.rand(3, device="cuda")
    ...     gradlib.cuda.set_rng_state(state)
    ...     assert gradlib.equal(gradlib.rand(3, device="cuda"), first)
    ...     assert state.dtype == gradlib.uint8 and state.device.type == "cpu" and state.dim() == 1
    """
    backend = backends.backend_for_type("cuda")
    state = backend.get_rng_state(resolve(device))
    return _tensor.wrap(backend.to_numpy(state.view(backend.xp.uint8)), CPU)


def initial_seed():
    """The seed the CUDA generators were last seeded with (``manual_seed``, ``seed``; mirrors
    ``torch.cuda.initial_seed``). Like PyTorch's, it initializes CUDA: AssertionError "Torch not compiled with CUDA
    enabled" without CuPy, as PyTorch's CPU build.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     gradlib.cuda.manual_seed(7)
    ...     assert gradlib.cuda.initial_seed() == 7
    """
    backends.backend_for_type("cuda")
    return _initial_seed()


def set_rng_state(new_state, device="cuda"):
    """Restore a CUDA device's random generator from a ``get_rng_state`` tensor (PyTorch's
    ``torch.cuda.set_rng_state``; a host-to-device copy).

    ``new_state``: a uint8 CPU tensor with as many elements as ``get_rng_state`` returns for that device (any
    shape). Raises, with PyTorch's messages, TypeError for anything else than a uint8 CPU tensor ("RNG state must
    be a torch.ByteTensor"), RuntimeError "RNG state is wrong size" for another size, and gradlib's RuntimeError
    with the install hint where CUDA is not usable. Where CUDA is not usable the state is accepted and dropped, as
    PyTorch queues it for a CUDA initialization that never comes (AttributeError for a non-tensor, as its
    ``new_state.clone()``). See ``get_rng_state`` for an example.
    """
    if not cuda_available():
        if not isinstance(new_state, _tensor.Tensor):
            raise AttributeError(f"'{type(new_state).__name__}' object has no attribute 'clone'")
        return
    if not isinstance(new_state, _tensor.Tensor):
        raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
    if new_state.dtype is not dtypes.uint8 or new_state.device.type != "cpu":
        raise TypeError("RNG state must be a torch.ByteTensor")
    backend = backends.backend_for_type("cuda")
    where = resolve(device)
    state = backend.asarray(new_state._array.reshape(-1), None, where)
    backend.set_rng_state(where, state.view(backend.xp.int8))


def get_rng_state_all():
    """The states of every GPU's random generator, one ``get_rng_state(i)`` per visible GPU (mirrors
    ``torch.cuda.get_rng_state_all``): an empty list without CuPy or a GPU, as PyTorch's CPU build.

    >>> import gradlib
    >>> len(gradlib.cuda.get_rng_state_all()) == gradlib.cuda.device_count()
    True
    """
    states = []
    for index in range(device_count()):
        states.append(get_rng_state(index))
    return states


def set_rng_state_all(new_states):
    """Restore every GPU's random generator from ``get_rng_state_all``'s list (mirrors
    ``torch.cuda.set_rng_state_all``): state ``i`` goes to GPU ``i``; ``set_rng_state``'s errors. Without CUDA
    the states are accepted and nothing is restored, as PyTorch's CPU build queues them for a GPU that never
    comes.

    >>> import gradlib
    >>> gradlib.cuda.set_rng_state_all(gradlib.cuda.get_rng_state_all())
    """
    if not is_available():
        return
    for index, state in enumerate(new_states):
        set_rng_state(state, index)
