"""``cupy.lib.stride_tricks``: views of device memory (they keep their base's device)."""
import sys as _sys

import numpy as _numpy
import numpy.lib.stride_tricks as _np_stride_tricks

from .. import _namespace

_namespace.populate(globals(), "cupy.lib.stride_tricks", _np_stride_tricks, {"np": _numpy})
_namespace.MODULES["numpy.lib.stride_tricks"] = _sys.modules[__name__]
