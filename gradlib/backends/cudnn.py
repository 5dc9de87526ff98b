"""``torch.backends.cudnn``'s switches, for programs that set them (``torch.backends.cudnn.benchmark = True``).

gradlib does not call cuDNN (its CUDA kernels are CuPy's), so ``is_available()`` is False, ``version()`` None, and
the flags (``benchmark``, ``deterministic``, ``enabled``, ``allow_tf32``) are kept with PyTorch's defaults and
change nothing.

>>> import gradlib
>>> gradlib.backends.cudnn.benchmark = True
>>> gradlib.backends.cudnn.is_available(), gradlib.backends.cudnn.version()
(False, None)
"""

__all__ = ["is_available", "version", "benchmark", "deterministic", "enabled", "allow_tf32"]

benchmark = False
deterministic = False
enabled = True
allow_tf32 = True


def is_available():
    """False: gradlib does not use cuDNN."""
    return False


def version():
    """None: gradlib does not use cuDNN."""
    return None
