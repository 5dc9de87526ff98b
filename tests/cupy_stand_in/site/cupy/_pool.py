"""``cupy.cuda.MemoryPool`` / ``cupy.get_default_memory_pool()`` for the stand-in: per-device byte counts of the
buffers the stand-in allocates, as CuPy's pool keeps them.

Every new buffer (an array that is not a view, ``_core._new``) counts its size rounded up to CuPy's 512-byte
allocation unit on its device until it is garbage collected: ``used_bytes()``. Freed blocks stay cached in the
pool, as CuPy's do: ``total_bytes()`` is the most the device ever had in use since the last ``free_all_blocks()``,
which gives the cached blocks back (total = used). CuPy's pool answers for the current device; so does this one.
"""
import weakref

from . import _devices

UNIT = 512  # CuPy's allocation unit (cupy/cuda/memory.pyx: _allocation_unit_size)

_used = {}    # device id -> bytes in live buffers
_total = {}   # device id -> bytes held by the pool (live + cached free blocks)
_live = {}  # id(weak reference) -> (the reference, device id, size), until its array is collected


def _release(ref):
    _, dev, size = _live.pop(id(ref))
    _used[dev] -= size


def on_new(array, dev):
    """Count a new buffer of ``dev`` (called by ``_core._new``); uncount it when it is collected."""
    size = (array._a.nbytes + UNIT - 1) // UNIT * UNIT
    if not size:
        return
    used = _used[dev] = _used.get(dev, 0) + size
    if used > _total.get(dev, 0):
        _total[dev] = used
    ref = weakref.ref(array, _release)
    _live[id(ref)] = (ref, dev, size)


class MemoryPool:
    """``cupy.cuda.MemoryPool``: the device memory pool; each method answers for the current device."""

    def __init__(self, allocator=None):
        self._limit = {}

    def used_bytes(self):
        return _used.get(_devices.current(), 0)

    def total_bytes(self):
        return _total.get(_devices.current(), 0)

    def free_bytes(self):
        return self.total_bytes() - self.used_bytes()

    def n_free_blocks(self):
        return 1 if self.free_bytes() else 0

    def free_all_blocks(self, stream=None):
        device = _devices.current()
        _total[device] = _used.get(device, 0)

    def get_limit(self):
        return self._limit.get(_devices.current(), 0)

    def set_limit(self, size=None, fraction=None):
        if fraction is not None:
            from .cuda import runtime
            size = int(fraction * runtime.PROPERTIES["totalGlobalMem"])
        self._limit[_devices.current()] = int(size or 0)


_default = MemoryPool()


def get_default_memory_pool():
    return _default
