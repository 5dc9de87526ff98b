"""Stand-in CUDA devices: CUPY_STAND_IN_DEVICES of them (default 2), a thread-local current device (0 in every
new thread, as in CUDA), and streams and events that are always complete (the work ran on the host)."""
import itertools
import os
import threading
import time

from . import _events

DEVICE_COUNT = int(os.environ.get("CUPY_STAND_IN_DEVICES", "2"))


class CUDARuntimeError(RuntimeError):
    """``cupy_backends.cuda.api.runtime.CUDARuntimeError``."""

    def __init__(self, status, message):
        self.status = status
        super().__init__(message)


def invalid_device():
    return CUDARuntimeError(101, "cudaErrorInvalidDevice: invalid device ordinal")


class _Current(threading.local):
    def __init__(self):
        self.stack = [0]


_current = _Current()


def current():
    """The current device id of this thread."""
    return _current.stack[-1]


def set_current(index):
    if not 0 <= index < DEVICE_COUNT:
        raise invalid_device()
    _current.stack[-1] = index


class Device:
    """``cupy.cuda.Device``: a context manager that makes the device current, restoring the previous one."""

    def __init__(self, device=None):
        if device is None:
            device = current()
        self._id = int(device)

    @property
    def id(self):
        return self._id

    @property
    def compute_capability(self):
        return "90"

    def use(self):
        set_current(self._id)

    def synchronize(self):
        _events.record("sync", "Device.synchronize()")

    def __enter__(self):
        if not 0 <= self._id < DEVICE_COUNT:
            raise invalid_device()
        _current.stack.append(self._id)
        return self

    def __exit__(self, *exc):
        _current.stack.pop()

    def __eq__(self, other):
        return isinstance(other, Device) and other._id == self._id

    def __hash__(self):
        return hash(("cuda", self._id))

    def __int__(self):
        return self._id

    def __repr__(self):
        return f"<CUDA Device {self._id}>"


_handles = itertools.count(0x7F0000001000, 0x100)


class Event:
    """``cupy.cuda.Event``: complete as soon as recorded (the stand-in's work is synchronous)."""

    def __init__(self, block=False, disable_timing=False, interprocess=False):
        self.ptr = next(_handles)
        self.device_id = current()
        self._timing = not disable_timing
        self._time = None  # when recorded (the stand-in's work is done by then)

    @property
    def done(self):
        self._check_thread_device("Event.done")
        return True

    def record(self, stream=None):
        self.device_id = current()
        self._time = time.perf_counter()

    def synchronize(self):
        self._check_thread_device("Event.synchronize()")
        _events.record("sync", "Event.synchronize()")

    def _check_thread_device(self, what):
        if current() != self.device_id:
            _events.record("device", f"{what} of an event of device {self.device_id} from a thread whose current "
                                     f"device is {current()} (CUDA creates a context on device {current()})")


def get_elapsed_time(start_event, end_event):
    """``cupy.cuda.get_elapsed_time``: milliseconds between two recorded events (cudaEventElapsedTime, which
    refuses events made with ``disable_timing=True`` and events never recorded)."""
    for event in (start_event, end_event):
        if not event._timing or event._time is None:
            raise CUDARuntimeError(400, "cudaErrorInvalidResourceHandle: invalid resource handle")
    return (end_event._time - start_event._time) * 1000.0


class Stream:
    """``cupy.cuda.Stream``: ``ptr`` 0 is the null stream of the device."""

    def __init__(self, null=False, non_blocking=False, ptds=False, priority=None):
        self.ptr = 0 if null else next(_handles)
        self.device_id = -1 if null else current()
        self._non_blocking = non_blocking
        self._priority = 0 if priority is None else int(priority)

    @property
    def is_non_blocking(self):
        return self._non_blocking

    @property
    def priority(self):
        return self._priority

    @property
    def done(self):
        return True

    def synchronize(self):
        _events.record("sync", "Stream.synchronize()")

    def record(self, event=None):
        event = Event() if event is None else event
        event.record(self)
        return event

    def wait_event(self, event):
        pass

    def use(self):
        _arm(self)
        _streams.current = self
        return self

    def __enter__(self):
        _arm(self)
        _streams.stack.append(self)
        return self

    def begin_capture(self, mode=None):
        from . import _capture
        _capture.begin_capture(self, mode)

    def end_capture(self):
        from . import _capture
        return _capture.end_capture(self)

    def is_capturing(self):
        from . import _capture
        return _capture.is_capturing(self)

    def __exit__(self, *exc):
        _streams.stack.pop()


allocation_hook = [None]          # called with each new buffer once a non-null stream was used (cupy/_capture.py)
armed_allocation_hook = [None]


def _arm(stream):
    if stream.ptr and allocation_hook[0] is None:
        allocation_hook[0] = armed_allocation_hook[0]


Stream.null = Stream(null=True)
Stream.ptds = Stream(null=True)


class _Streams(threading.local):
    def __init__(self):
        self.stack = []
        self.current = Stream.null


_streams = _Streams()


def get_current_stream(device_id=None):
    return _streams.stack[-1] if _streams.stack else _streams.current
