"""``torch.mps``: Apple's Metal device, which gradlib does not have: ``is_available()`` is False and
``device_count()`` 0, so device-selection code picks another device; what would need the device raises
PyTorch's RuntimeError.

>>> import gradlib
>>> gradlib.mps.is_available(), gradlib.mps.device_count()
(False, 0)
"""

__all__ = ["is_available", "device_count", "synchronize", "empty_cache", "manual_seed", "seed"]


def is_available():
    """False: gradlib has no MPS backend."""
    return False


def device_count():
    """0: gradlib has no MPS backend."""
    return 0


def synchronize():
    """Raises PyTorch's RuntimeError: there is no MPS device to wait for."""
    raise RuntimeError("Cannot execute deviceSynchronize() without MPS backend.")


def empty_cache():
    """Raises PyTorch's RuntimeError: there is no MPS allocator."""
    raise RuntimeError("Cannot execute emptyCache() without MPS backend.")


def manual_seed(seed):
    """Does nothing, as PyTorch's ``torch.mps.manual_seed`` without MPS."""


def seed():
    """Does nothing, as PyTorch's ``torch.mps.seed`` without MPS."""
