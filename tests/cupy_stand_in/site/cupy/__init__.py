"""A NumPy-backed stand-in for CuPy 14.2, for running gradlib's CUDA path in tests without a GPU.

It exposes only names the real wheel has (``tests/cupy_stand_in/cupy_names.json``), refuses what CuPy refuses,
emulates CuPy's documented differences, simulates CUPY_STAND_IN_DEVICES devices (default 2) and records
refusals, wrong-device work and device-to-host syncs in ``cupy._stand_in.events``. See
``tests/cupy_stand_in/README.md``.
"""
import sys as _sys

import numpy as _numpy

from . import _core, _dlpack, _events, _namespace
from . import _indexing  # noqa: E402
_core._namespace, _core._indexing = _namespace, _indexing
from . import _events as _stand_in  # cupy._stand_in.events, .record, .clear, .Event

__version__ = _namespace.NAMES["cupy_version"]

_core.ndarray.__dlpack__, _core.ndarray.__dlpack_device__ = _dlpack.dlpack, _dlpack.dlpack_device
_core._finish_ndarray(_namespace.NAMES["ndarray"])
_overrides = _namespace.cupy_overrides()
_namespace.populate(globals(), "cupy", _numpy, _overrides)
_namespace.MODULES["numpy"] = _sys.modules[__name__]

from . import cuda, fft, lib, linalg, random  # noqa: E402
from . import _capture  # noqa: E402
_capture.install(_core, _namespace, random, globals(), _overrides)
from .lib import stride_tricks as _stride_tricks  # noqa: E402,F401
