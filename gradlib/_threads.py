"""``set_num_threads`` / ``get_num_threads``, as in PyTorch, for programs that set them (benchmarks and tutorials
often call ``torch.set_num_threads(1)``).

gradlib has no thread pool of its own: NumPy runs elementwise kernels on one thread and its BLAS (matmul) uses the
pool its library sized at start-up (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``); CuPy runs on the GPU. The
number set here is kept and reported back; it does not resize the BLAS pool (that would need ``threadpoolctl``).
"""
import os

__all__ = ["get_num_threads", "set_num_threads"]

_STATE = {"threads": None}


def set_num_threads(int):  # noqa: A002 (PyTorch's parameter name)
    """Record the number of CPU threads the program asks for (see the module's docstring for what it changes);
    RuntimeError, with PyTorch's wording, unless a positive int.

    >>> import gradlib
    >>> gradlib.set_num_threads(2)
    >>> gradlib.get_num_threads()
    2
    """
    value = int
    if isinstance(value, bool) or not isinstance(value, type(1)):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(value).__name__}")
    if value <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _STATE["threads"] = value


def get_num_threads():
    """The number last given to ``set_num_threads``, else the machine's CPU count (PyTorch's default is the
    number of cores).

    >>> import gradlib
    >>> gradlib.get_num_threads() > 0
    True
    """
    if _STATE["threads"] is not None:
        return _STATE["threads"]
    return os.cpu_count() or 1
