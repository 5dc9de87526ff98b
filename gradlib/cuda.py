"""``gradlib.cuda``: is CUDA usable here, how many GPUs, and waiting for them.

Never raises on a machine without CuPy or a GPU: it answers False / 0.
"""
from .backends import cuda_available, cuda_device_count

__all__ = ["is_available", "device_count", "synchronize", "current_device", "get_rng_state", "set_rng_state"]


def is_available():
    """True when CuPy is installed and sees a GPU.

    >>> import gradlib
    >>> isinstance(gradlib.cuda.is_available(), bool)
    True
    """
    return cuda_available()


def device_count():
    """The number of visible CUDA GPUs (0 without CuPy or a GPU)."""
    return cuda_device_count()


def current_device():
    """The index of the current CUDA device (raises the install hint without CUDA)."""
    from .backends import cuda_current_index
    return cuda_current_index()


def synchronize(device=None):
    """Wait for all queued work on a CUDA device (for timing)."""
    from .backends import cupy_backend
    from .device import resolve
    cupy_backend().synchronize(resolve("cuda" if device is None else device))


def get_rng_state(device="cuda"):
    """The state of a CUDA device's random generator as a uint8 CPU tensor (a device-to-host copy of a few
    megabytes, as in PyTorch); ``set_rng_state`` puts it back."""
    from ._tensor import wrap
    from .backends import cupy_backend
    from .device import CPU, resolve
    backend = cupy_backend()
    state = backend.get_rng_state(resolve(device))
    return wrap(backend.to_numpy(state.view(backend.xp.uint8)), CPU)


def set_rng_state(new_state, device="cuda"):
    """Restore a CUDA device's random generator from a ``get_rng_state`` tensor (a host-to-device copy)."""
    from .backends import cupy_backend
    from .device import resolve
    backend = cupy_backend()
    where = resolve(device)
    state = backend.asarray(new_state.cpu()._array.reshape(-1), None, where)
    backend.set_rng_state(where, state.view(backend.xp.int8))
