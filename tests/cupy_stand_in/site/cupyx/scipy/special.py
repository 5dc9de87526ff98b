"""``cupyx.scipy.special``: ``erf`` and ``erfc`` with CuPy 14.2's loops (float16 input gives float64)."""
from cupy import _namespace

_namespace.populate(globals(), "cupyx.scipy.special", None, {"erf": _namespace.ERF, "erfc": _namespace.ERFC})
