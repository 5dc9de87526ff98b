"""``torch.cpu``: the CPU as a device module (``torch.cpu.is_available()``, ``torch.cpu.amp``), for programs
that treat every device type alike.

>>> import gradlib
>>> gradlib.cpu.is_available(), gradlib.cpu.device_count(), gradlib.cpu.current_device()
(True, 1, 'cpu')
"""
from .amp.deprecated import cpu_amp as amp

__all__ = ["is_available", "device_count", "current_device", "synchronize", "amp"]


def is_available():
    """True: the CPU is always there."""
    return True


def device_count():
    """1, as ``torch.cpu.device_count()``."""
    return 1


def current_device():
    """``'cpu'``, as ``torch.cpu.current_device()``."""
    return "cpu"


def synchronize(device=None):
    """Nothing to wait for: CPU work is done when the call returns."""
