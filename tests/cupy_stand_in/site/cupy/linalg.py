"""``cupy.linalg``: NumPy's, except that a singular or non-positive-definite input does not raise. CuPy returns
NaN or garbage instead unless ``cupyx.errstate(linalg='raise')`` is active; the stand-in returns NaN."""
import numpy as _numpy

from . import _core, _namespace
from ._config import linalg_mode as _linalg_mode

import sys as _sys


def _checked(numpy_function):
    def stand_in(*args, **kwargs):
        inputs = []
        unwrapped = [_core._unwrap(x, inputs) for x in args]
        kwargs = {k: _core._unwrap(v, inputs) for k, v in kwargs.items()}
        _core.check_devices(inputs, f"linalg.{numpy_function.__name__}")
        if _linalg_mode() == "raise":
            _core.sync(f"cupy.linalg.{numpy_function.__name__} under errstate(linalg='raise')")
            with _numpy.errstate(all="ignore"):
                return _core.wrap_result(numpy_function(*unwrapped, **kwargs))
        try:
            with _numpy.errstate(all="ignore"):
                result = numpy_function(*unwrapped, **kwargs)
        except _numpy.linalg.LinAlgError:
            result = _nan_like(numpy_function, unwrapped)
        return _core.wrap_result(result)
    stand_in.__name__ = numpy_function.__name__
    return stand_in


def _nan_like(numpy_function, args):
    """Each failing matrix of a batch becomes NaN; the others get their answer."""
    a = args[0]
    batch = a.reshape((-1,) + a.shape[-2:])
    rest = [r.reshape((batch.shape[0],) + r.shape[a.ndim - 2:]) if hasattr(r, "ndim") and r.ndim >= a.ndim - 1
            and a.ndim > 2 else r for r in args[1:]]
    results = []
    for i, matrix in enumerate(batch):
        others = [r[i] if hasattr(r, "ndim") and a.ndim > 2 else r for r in rest]
        try:
            results.append(numpy_function(matrix, *others))
        except _numpy.linalg.LinAlgError:
            shape = numpy_function(_numpy.eye(matrix.shape[-1], dtype=matrix.dtype), *others).shape
            results.append(_numpy.full(shape, _numpy.nan, dtype=_numpy.result_type(matrix.dtype, _numpy.float32)))
    stacked = _numpy.stack(results)
    return stacked.reshape(a.shape[:-2] + stacked.shape[1:])


_overrides = {name: _checked(getattr(_numpy.linalg, name)) for name in ("inv", "solve", "cholesky")}
_namespace.populate(globals(), "cupy.linalg", _numpy.linalg, _overrides)
_namespace.MODULES["numpy.linalg"] = _sys.modules[__name__]
