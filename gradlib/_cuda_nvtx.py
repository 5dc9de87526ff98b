"""``gradlib.cuda.nvtx`` (mirrors ``torch.cuda.nvtx``): NVTX ranges and marks that name stretches of a program
in a profiler's timeline (Nsight Systems).

gradlib records no NVTX annotations: with CuPy the functions keep PyTorch's return values (the depth of the range
pushed or popped, counted per thread) and otherwise do nothing, so programs that annotate their steps run
unchanged. Without CuPy they raise PyTorch's CPU build's RuntimeError ("NVTX functions not installed. Are you sure
you have a CUDA build?").

>>> import gradlib
>>> if gradlib.cuda.is_available():
...     with gradlib.cuda.nvtx.range("step {}", 3):
...         pass
"""
import contextlib
import threading

from .backends import cuda as _switches

__all__ = ["range_push", "range_pop", "range_start", "range_end", "mark", "range"]


class _Depth(threading.local):
    def __init__(self):
        self.open = 0


_depth = _Depth()
_next_range_id = [0]


def _check(stub_name=None):
    """PyTorch's CPU build's errors: its stub raises the RuntimeError, except for the names it lacks."""
    if not _switches.is_built():
        if stub_name is not None:
            raise AttributeError(f"'_NVTXStub' object has no attribute '{stub_name}'")
        raise RuntimeError("NVTX functions not installed. Are you sure you have a CUDA build?")


def range_push(msg):
    """Open a nested range named ``msg``; returns its zero-based depth."""
    _check()
    _depth.open += 1
    return _depth.open - 1


def range_pop():
    """Close the innermost open range; returns its zero-based depth (-1 when none is open, as NVTX)."""
    _check()
    if not _depth.open:
        return -1
    _depth.open -= 1
    return _depth.open


def range_start(msg):
    """Open a range that may end in another thread; returns its id for ``range_end``."""
    _check("rangeStartA")
    _next_range_id[0] += 1
    return _next_range_id[0]


def range_end(range_id):
    """End the range ``range_start`` returned ``range_id`` for."""
    _check("rangeEnd")


def mark(msg):
    """An instantaneous event named ``msg``."""
    _check()


@contextlib.contextmanager
def range(msg, *args, **kwargs):
    """A context manager (and decorator) pushing ``msg.format(*args, **kwargs)`` on entry and popping it on
    exit."""
    range_push(msg.format(*args, **kwargs))
    try:
        yield
    finally:
        range_pop()
