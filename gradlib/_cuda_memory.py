"""``gradlib.cuda``'s memory figures (``memory_allocated``, ``memory_reserved``, their peaks, ``memory_stats``,
``memory_summary``, ``mem_get_info``, ``empty_cache``), read from CuPy's default memory pool.

How they differ from PyTorch's caching allocator: gradlib's CUDA arrays come from CuPy's memory pool, which
rounds each allocation up to 512 bytes and keeps freed blocks cached for reuse, as PyTorch's allocator does.
"Allocated" is the pool's ``used_bytes()`` (bytes in live arrays, 512-byte rounded: PyTorch also rounds, to 512
bytes) and "reserved" its ``total_bytes()`` (live plus cached blocks). CuPy's pool keeps no peak and no
cumulative counts: the peaks here are the highest values seen by these functions since the last
``reset_peak_memory_stats`` (call ``memory_allocated()`` or ``max_memory_allocated()`` right after the step
whose peak you want), and ``memory_stats`` holds only the keys listed there. Memory other libraries allocate
outside the pool (cuBLAS workspaces, cuFFT plans) is in neither figure, as in PyTorch.

Before CUDA is initialized (and always without CuPy), the figures are 0 and ``memory_stats()`` is empty, as in
PyTorch; the functions PyTorch's CPU build refuses are refused with its exception and message.
"""
import collections
import warnings

from . import backends
from ._cuda_device import device_index
from .backends import cuda as _switches

__all__ = ["memory_stats", "memory_stats_as_nested_dict", "reset_accumulated_memory_stats",
           "set_per_process_memory_fraction", "memory_allocated", "max_memory_allocated", "memory_reserved", "max_memory_reserved",
           "reset_peak_memory_stats", "reset_max_memory_allocated", "reset_max_memory_cached", "empty_cache",
           "mem_get_info", "memory_summary", "memory_cached", "max_memory_cached"]

_peaks = {}  # GPU index -> [allocated peak, reserved peak] seen since the last reset


def _backend():
    return backends.backend_for_type("cuda")


def memory_stats(device=None):
    """The memory pool's figures for a GPU, as a dict sorted by key (mirrors ``torch.cuda.memory_stats``; the
    keys PyTorch programs read): ``allocated_bytes.all.current``/``.peak`` and ``active_bytes.all.current``/
    ``.peak`` (bytes in live tensors), ``reserved_bytes.all.current``/``.peak`` (held by the pool),
    ``inactive_split_bytes.all.current`` (cached, free), ``num_alloc_retries`` and ``num_ooms`` (0: CuPy's pool
    does not count them). Empty before CUDA is initialized and without CuPy, as PyTorch's.

    ``device``: an int, ``'cuda:N'`` or a ``gradlib.device``; None (the default) is the current GPU. See the
    module docstring for how the peaks are sampled.

    >>> import gradlib
    >>> if not gradlib.cuda.is_initialized():
    ...     assert gradlib.cuda.memory_stats() == {}
    """
    if not backends.cuda_initialized():
        return collections.OrderedDict()
    backend = _backend()
    index = device_index(device, optional=True)
    used, held = backend.pool_bytes(index)
    peak = _peaks.setdefault(index, [0, 0])
    peak[0] = max(peak[0], used)
    peak[1] = max(peak[1], held)
    stats = {"allocated_bytes.all.current": used, "allocated_bytes.all.peak": peak[0],
             "active_bytes.all.current": used, "active_bytes.all.peak": peak[0],
             "reserved_bytes.all.current": held, "reserved_bytes.all.peak": peak[1],
             "inactive_split_bytes.all.current": held - used, "num_alloc_retries": 0, "num_ooms": 0}
    return collections.OrderedDict(sorted(stats.items()))


def memory_stats_as_nested_dict(device=None):
    """``memory_stats`` as nested dicts, split at the dots (mirrors ``torch.cuda.memory_stats_as_nested_dict``):
    ``{"allocated_bytes": {"all": {"current": ..., "peak": ...}}, ...}``. Empty before CUDA is initialized.

    >>> import gradlib
    >>> if gradlib.cuda.is_initialized():
    ...     nested = gradlib.cuda.memory_stats_as_nested_dict()
    ...     assert nested["allocated_bytes"]["all"]["current"] == gradlib.cuda.memory_allocated()
    """
    nested = {}
    for key, value in memory_stats(device).items():
        *parents, last = key.split(".")
        table = nested
        for part in parents:
            table = table.setdefault(part, {})
        table[last] = value
    return nested


def reset_accumulated_memory_stats(device=None):
    """Reset the cumulative counters (mirrors ``torch.cuda.reset_accumulated_memory_stats``): CuPy's pool keeps
    none, so there is nothing to reset on CUDA. Without CuPy, the AttributeError of PyTorch's CPU build ("module
    'torch._C' has no attribute '_cuda_resetAccumulatedMemoryStats'").

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     gradlib.cuda.reset_accumulated_memory_stats()
    """
    if not _switches.is_built():
        raise AttributeError("module 'torch._C' has no attribute '_cuda_resetAccumulatedMemoryStats'")
    device_index(device, optional=True)


def set_per_process_memory_fraction(fraction, device=None):
    """Cap the memory pool of a GPU at ``fraction`` of its total memory (mirrors
    ``torch.cuda.set_per_process_memory_fraction``; CuPy's ``MemoryPool.set_limit(fraction=...)``): an allocation
    beyond it raises CuPy's out-of-memory error. ``fraction``: a float in [0, 1] (TypeError "Invalid type for
    fraction argument, must be `float`", ValueError "Invalid fraction value: ... Allowed range: 0~1"). Without
    CuPy, AssertionError "Torch not compiled with CUDA enabled".

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     gradlib.cuda.set_per_process_memory_fraction(1.0)
    """
    backend = _backend()
    if device is None:
        device = backend.current_index()
    index = device_index(device)
    if not isinstance(fraction, float):
        raise TypeError("Invalid type for fraction argument, must be `float`")
    if fraction < 0 or fraction > 1:
        raise ValueError(f"Invalid fraction value: {fraction}. Allowed range: 0~1")
    backend.limit_pool(index, fraction)


def memory_allocated(device=None):
    """Bytes in live CUDA tensors on a GPU (mirrors ``torch.cuda.memory_allocated``): CuPy's pool
    ``used_bytes()``, each array rounded up to 512 bytes. 0 before CUDA is initialized and without CuPy.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     before = gradlib.cuda.memory_allocated()
    ...     x = gradlib.empty(1024, device="cuda")
    ...     assert gradlib.cuda.memory_allocated() - before == 4096
    """
    return memory_stats(device).get("allocated_bytes.all.current", 0)


def max_memory_allocated(device=None):
    """The highest ``memory_allocated`` seen since the last ``reset_peak_memory_stats`` (mirrors
    ``torch.cuda.max_memory_allocated``; CuPy's pool keeps no peak, see the module docstring). 0 without CuPy.

    >>> import gradlib
    >>> gradlib.cuda.max_memory_allocated() >= gradlib.cuda.memory_allocated()
    True
    """
    return memory_stats(device).get("allocated_bytes.all.peak", 0)


def memory_reserved(device=None):
    """Bytes the memory pool holds on a GPU, in use or cached for reuse (mirrors ``torch.cuda.memory_reserved``):
    CuPy's pool ``total_bytes()``. 0 before CUDA is initialized and without CuPy.

    >>> import gradlib
    >>> gradlib.cuda.memory_reserved() >= gradlib.cuda.memory_allocated()
    True
    """
    return memory_stats(device).get("reserved_bytes.all.current", 0)


def max_memory_reserved(device=None):
    """The highest ``memory_reserved`` seen since the last ``reset_peak_memory_stats`` (mirrors
    ``torch.cuda.max_memory_reserved``). 0 without CuPy.

    >>> import gradlib
    >>> gradlib.cuda.max_memory_reserved() >= gradlib.cuda.memory_reserved()
    True
    """
    return memory_stats(device).get("reserved_bytes.all.peak", 0)


def reset_peak_memory_stats(device=None):
    """Start the peaks over from the current figures (mirrors ``torch.cuda.reset_peak_memory_stats``). Without
    CuPy, the AttributeError of PyTorch's CPU build ("module 'torch._C' has no attribute
    '_cuda_resetPeakMemoryStats'").

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     gradlib.cuda.reset_peak_memory_stats()
    ...     assert gradlib.cuda.max_memory_allocated() == gradlib.cuda.memory_allocated()
    """
    if not _switches.is_built():
        raise AttributeError("module 'torch._C' has no attribute '_cuda_resetPeakMemoryStats'")
    backend = _backend()
    index = device_index(device, optional=True)
    _peaks[index] = list(backend.pool_bytes(index))


def reset_max_memory_allocated(device=None):
    """``reset_peak_memory_stats`` with PyTorch's FutureWarning (mirrors ``torch.cuda.reset_max_memory_allocated``).

    >>> import gradlib, warnings
    >>> if gradlib.cuda.is_available():
    ...     with warnings.catch_warnings():
    ...         warnings.simplefilter("ignore", FutureWarning)
    ...         gradlib.cuda.reset_max_memory_allocated()
    """
    warnings.warn("torch.cuda.reset_max_memory_allocated now calls torch.cuda.reset_peak_memory_stats, "
                  "which resets /all/ peak memory stats.", FutureWarning, stacklevel=2)
    return reset_peak_memory_stats(device=device)


def reset_max_memory_cached(device=None):
    """``reset_peak_memory_stats`` with PyTorch's FutureWarning (mirrors ``torch.cuda.reset_max_memory_cached``).

    >>> import gradlib, warnings
    >>> if gradlib.cuda.is_available():
    ...     with warnings.catch_warnings():
    ...         warnings.simplefilter("ignore", FutureWarning)
    ...         gradlib.cuda.reset_max_memory_cached()
    """
    warnings.warn("torch.cuda.reset_max_memory_cached now calls torch.cuda.reset_peak_memory_stats, "
                  "which resets /all/ peak memory stats.", FutureWarning, stacklevel=2)
    return reset_peak_memory_stats(device=device)


def memory_cached(device=None):
    """``memory_reserved`` under its old name, with PyTorch's FutureWarning (``torch.cuda.memory_cached``).

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     assert gradlib.cuda.memory_cached() == gradlib.cuda.memory_reserved()
    """
    warnings.warn("`torch.cuda.memory_cached` has been renamed to `torch.cuda.memory_reserved`", FutureWarning,
                  stacklevel=2)
    return memory_reserved(device=device)


def max_memory_cached(device=None):
    """``max_memory_reserved`` under its old name, with PyTorch's FutureWarning (``torch.cuda.max_memory_cached``).

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     assert gradlib.cuda.max_memory_cached() == gradlib.cuda.max_memory_reserved()
    """
    warnings.warn("`torch.cuda.max_memory_cached` has been renamed to `torch.cuda.max_memory_reserved`",
                  FutureWarning, stacklevel=2)
    return max_memory_reserved(device=device)


def empty_cache():
    """Give the memory pool's cached, unused blocks back to the driver on every GPU (mirrors
    ``torch.cuda.empty_cache``; CuPy's ``free_all_blocks``): ``memory_reserved`` falls to ``memory_allocated``,
    and other processes (``nvidia-smi``) see the memory free. Does nothing before CUDA is initialized or without
    CuPy.

    >>> import gradlib
    >>> gradlib.cuda.empty_cache()
    """
    if backends.cuda_initialized():
        _backend().release_cached_memory()


def mem_get_info(device=None):
    """``(free, total)`` bytes of a GPU as the driver sees them (mirrors ``torch.cuda.mem_get_info``;
    ``cudaMemGetInfo``): memory the pool holds, other processes' and the CUDA context's are not free.
    AssertionError "Torch not compiled with CUDA enabled" without CuPy.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     free, total = gradlib.cuda.mem_get_info()
    ...     assert 0 <= free <= total
    """
    backend = _backend()
    if device is None:
        device = backend.current_index()
    return backend.memory_info(device_index(device, optional=True))


def _size(count):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.2f} {unit}"
        count /= 1024.0


def memory_summary(device=None, abbreviated=False):
    """A printable table of the memory pool's figures for a GPU (mirrors ``torch.cuda.memory_summary``, with the
    rows CuPy's pool can fill: allocated, active, reserved and cached-free memory, current and peak). Without
    CuPy, PyTorch's CPU build's KeyError ('allocated_bytes.all.current').

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     assert "Allocated memory" in gradlib.cuda.memory_summary()
    """
    stats = memory_stats(device)
    rows = [("Allocated memory", stats["allocated_bytes.all.current"], stats["allocated_bytes.all.peak"]),
            ("Active memory", stats["active_bytes.all.current"], stats["active_bytes.all.peak"]),
            ("GPU reserved memory", stats["reserved_bytes.all.current"], stats["reserved_bytes.all.peak"]),
            ("Non-releasable memory", stats["inactive_split_bytes.all.current"], None)]
    index = device_index(device, optional=True)
    rule = "|" + "=" * 75 + "|"
    line = "|" + "-" * 75 + "|"
    lines = [rule, "|{:^75}|".format(f"PyTorch CUDA memory summary, device ID {index}"), line,
             "|{:^75}|".format("CuPy memory pool (peaks sampled; see gradlib.cuda.memory_stats)"), rule,
             "|        Metric         | Cur Usage  | Peak Usage |" + " " * 26 + "|", line]
    for name, current, peak in rows:
        shown = "" if peak is None else _size(peak)
        lines.append(f"| {name:<21} | {_size(current):>10} | {shown:>10} |" + " " * 26 + "|")
    lines.append(line)
    lines.append(f"| {'Allocations retried':<21} | {stats['num_alloc_retries']:>10} |" + " " * 39 + "|")
    lines.append(f"| {'Out-of-memory errors':<21} | {stats['num_ooms']:>10} |" + " " * 39 + "|")
    lines.append(rule)
    return "\n".join(lines) + "\n"
