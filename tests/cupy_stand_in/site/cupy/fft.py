"""``cupy.fft``: NumPy's on device arrays."""
import sys as _sys

import numpy as _numpy

from . import _namespace

_namespace.populate(globals(), "cupy.fft", _numpy.fft, {})
_namespace.MODULES["numpy.fft"] = _sys.modules[__name__]
