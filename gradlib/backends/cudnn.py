"""``torch.backends.cudnn``'s switches, for programs that set them (``torch.backends.cudnn.benchmark = True``).

gradlib does not call cuDNN (its CUDA kernels are CuPy's), so ``is_available()`` is False, ``version()`` None, and
the flags (``benchmark``, ``deterministic``, ``enabled``, ``allow_tf32``) are kept with PyTorch's defaults and
change nothing.

>>> import gradlib
>>> gradlib.backends.cudnn.benchmark = True
>>> gradlib.backends.cudnn.is_available(), gradlib.backends.cudnn.version()
(False, None)
"""

import contextlib

__all__ = ["is_available", "version", "benchmark", "deterministic", "enabled", "allow_tf32", "flags", "set_flags"]

benchmark = False
deterministic = False
enabled = True
allow_tf32 = True
_fp32_precision_now = "none"
_depthwise_kernel_now = "auto"


def is_available():
    """False: gradlib does not use cuDNN."""
    return False


def version():
    """None: gradlib does not use cuDNN."""
    return None


def set_flags(_enabled=None, _benchmark=None, _benchmark_limit=None, _deterministic=None, _allow_tf32=None,
              _fp32_precision="none", _depthwise_kernel=None):
    """Set the given switches (None leaves one as it is) and return the previous ones as PyTorch's
    ``torch.backends.cudnn.set_flags`` does: ``(enabled, benchmark, benchmark_limit, deterministic, allow_tf32,
    fp32_precision, depthwise_kernel)``, the limit None since cuDNN is not available.

    >>> import gradlib
    >>> previous = gradlib.backends.cudnn.set_flags(_allow_tf32=False)
    >>> len(previous), previous[4], gradlib.backends.cudnn.allow_tf32
    (7, True, False)
    >>> _ = gradlib.backends.cudnn.set_flags(*previous)
    """
    global enabled, benchmark, deterministic, allow_tf32, _fp32_precision_now, _depthwise_kernel_now
    previous = (enabled, benchmark, None, deterministic, allow_tf32, _fp32_precision_now, _depthwise_kernel_now)
    if _enabled is not None:
        enabled = _enabled
    if _benchmark is not None:
        benchmark = _benchmark
    if _deterministic is not None:
        deterministic = _deterministic
    if _allow_tf32 is not None:
        allow_tf32 = _allow_tf32
    if _fp32_precision is not None:
        _fp32_precision_now = _fp32_precision
    if _depthwise_kernel is not None:
        _depthwise_kernel_now = _depthwise_kernel
    return previous


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False, allow_tf32=True,
          fp32_precision="none", depthwise_kernel="auto"):
    """A context manager setting every switch (PyTorch's ``torch.backends.cudnn.flags``, whose defaults turn
    cuDNN off: ``enabled=False``) and restoring the previous values on exit; it yields None.

    >>> import gradlib
    >>> with gradlib.backends.cudnn.flags(allow_tf32=False):
    ...     print(gradlib.backends.cudnn.allow_tf32, gradlib.backends.cudnn.enabled)
    False False
    >>> gradlib.backends.cudnn.allow_tf32, gradlib.backends.cudnn.enabled
    (True, True)
    """
    previous = set_flags(enabled, benchmark, benchmark_limit, deterministic, allow_tf32, fp32_precision,
                         depthwise_kernel)
    try:
        yield
    finally:
        set_flags(*previous)
