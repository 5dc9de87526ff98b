"""``gradlib.accelerator``: the current accelerator, which for gradlib is CUDA (through CuPy) or none.

Answers without raising on a machine without CuPy or a GPU, as ``torch.accelerator`` does.
"""
from . import backends, cuda
from .device import device

__all__ = ["is_available", "current_accelerator", "device_count", "current_device_index", "current_device_idx",
           "set_device_index", "synchronize"]


def is_available():
    """True when a CUDA GPU is usable.

    >>> import gradlib
    >>> gradlib.accelerator.is_available() == gradlib.cuda.is_available()
    True
    """
    return cuda.is_available()


def current_accelerator(check_available=False):
    """``device(type='cuda')`` when CUDA is usable, else None.

    >>> import gradlib
    >>> gradlib.accelerator.current_accelerator() in (None, gradlib.device('cuda'))
    True
    """
    if cuda.is_available():
        return device("cuda")
    return None


def device_count():
    """The number of CUDA GPUs (0 without one)."""
    return cuda.device_count()


def current_device_index():
    """The index of the current GPU (-1 without an accelerator, as PyTorch)."""
    if not cuda.is_available():
        return -1
    return cuda.current_device()


current_device_idx = current_device_index


def set_device_index(index):
    """Make GPU ``index`` current (a no-op without an accelerator)."""
    if cuda.is_available():
        backends.backend_for_type("cuda").set_current_index(int(index))


set_device_idx = set_device_index


def synchronize(device_index=None):
    """Wait for the current (or given) GPU's queued work; nothing to wait for without one."""
    if cuda.is_available():
        cuda.synchronize(None if device_index is None else f"cuda:{int(device_index)}" if isinstance(
            device_index, int) else device_index)
