"""``gradlib.cuda``: is CUDA usable here, how many GPUs, and waiting for them.

Never raises on a machine without CuPy or a GPU: it answers False / 0.
"""
from .backends import cuda_available, cuda_device_count

__all__ = ["is_available", "device_count", "synchronize", "current_device"]


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
