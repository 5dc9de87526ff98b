"""``cupyx`` of the CuPy stand-in: ``scatter_add`` (atomicAdd's dtypes only), ``errstate``/``seterr``/``geterr``."""
from cupy import _capture, _indexing, _namespace
from cupy._config import errstate, geterr, seterr


@_capture.capturable  # a kernel: a stream capture records it (and a graph launch runs it again)
def scatter_add(a, slices, value):
    """``a[slices] += value`` where repeated indices accumulate (CuPy: int32, float16, float32, float64, uint32,
    uint64 only)."""
    _indexing.scatter_add(a, slices, value)


_overrides = {"scatter_add": scatter_add, "errstate": errstate, "geterr": geterr, "seterr": seterr}
_namespace.populate(globals(), "cupyx", None, _overrides)

from . import scipy  # noqa: E402,F401
