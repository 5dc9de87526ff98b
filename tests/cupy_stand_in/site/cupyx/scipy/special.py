"""``cupyx.scipy.special``: ``erf`` and ``erfc`` with CuPy 14.2's loops (float16 input gives float64), and the
special functions NumPy lacks that gradlib uses (``gammaln``, ``digamma``/``psi``, ``erfinv``, ``polygamma``), on
scalar code (``_scalar_special``) with CuPy 14.2's loop tables."""
import math as _math

import numpy as _numpy

from cupy import _capture, _core, _namespace

from . import _scalar_special


def _typed(name):
    return _namespace.TypedUfunc(name, getattr(_scalar_special, "digamma" if name == "psi" else name),
                                 _namespace._types("cupyx.scipy.special", name))


@_capture.capturable  # a kernel: a stream capture records it
def polygamma(n, x):
    """CuPy's: ``(-1)^(n+1) n! zeta(n + 1, x)``, digamma where n is 0 (broadcast over n and x)."""
    n_array = n._a if n.__class__ is _core.ndarray else _numpy.asarray(n)
    device = x._dev if x.__class__ is _core.ndarray else n._dev
    x_array = x._a if x.__class__ is _core.ndarray else _numpy.asarray(x)
    n_array, x_array = _numpy.broadcast_arrays(n_array, x_array)
    values = _numpy.empty(x_array.shape, dtype=_numpy.float64)
    for index in _numpy.ndindex(x_array.shape):
        order, value = int(n_array[index]), float(x_array[index])
        if order == 0:
            values[index] = _scalar_special.digamma(value)
        else:
            values[index] = ((-1.0) ** (order + 1) * float(_math.factorial(order))
                             * _scalar_special.zeta(order + 1.0, value))
    return _core._new(values, device)  # float64: CuPy's gamma(n + 1.0) makes it so


_namespace.populate(globals(), "cupyx.scipy.special", None, {
    "erf": _namespace.ERF, "erfc": _namespace.ERFC, "gammaln": _typed("gammaln"), "digamma": _typed("digamma"),
    "psi": _typed("psi"), "erfinv": _typed("erfinv"), "polygamma": polygamma})
