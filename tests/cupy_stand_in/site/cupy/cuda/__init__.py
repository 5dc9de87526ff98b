"""``cupy.cuda``: stand-in devices, streams and events (see ``cupy._devices``)."""
import sys as _sys

from .. import _devices, _namespace
from .._devices import Device, Event, Stream, get_current_stream, get_elapsed_time
from .._pool import MemoryPool


def get_device_id():
    return _devices.current()


def is_available():
    return _devices.DEVICE_COUNT > 0


class MemoryPointer:
    """Only what ``ndarray.data`` gives (``ptr``, ``device_id``)."""


from .._capture import Graph  # noqa: E402

_overrides = {"Device": Device, "Event": Event, "Stream": Stream, "get_current_stream": get_current_stream, "Graph": Graph,
              "get_device_id": get_device_id, "is_available": is_available, "MemoryPointer": MemoryPointer,
              "MemoryPool": MemoryPool, "get_elapsed_time": get_elapsed_time}
_namespace.populate(globals(), "cupy.cuda", None, _overrides)

from . import runtime  # noqa: E402,F401
from . import nccl  # noqa: E402,F401
_this = _sys.modules[__name__]
