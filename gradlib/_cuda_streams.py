"""CUDA streams and events with PyTorch's names and contract (``torch.cuda.Stream``, ``Event``,
``current_stream``, ``default_stream``, ``set_stream``, ``stream``/``StreamContext``), made of CuPy's
``cupy.cuda.Stream`` and ``cupy.cuda.Event``.

gradlib's kernels run on CuPy's current stream, so ``with gradlib.cuda.stream(s):`` queues the work of its body on
``s``, as in PyTorch; ``s.wait_stream(other)`` orders ``s`` after what ``other`` has queued, with an event and
without waiting on the host. ``synchronize()`` of a stream or event waits on the host (a sync, as PyTorch's);
``query()`` asks without waiting.

Without CuPy these answer as PyTorch's CPU-only build: ``Stream()`` raises RuntimeError "torch.cuda.Stream requires
CUDA support", ``Event()`` RuntimeError "Tried to instantiate dummy base class Event", ``current_stream()`` and
``default_stream()`` AssertionError "Torch not compiled with CUDA enabled", and ``stream(None)`` /
``set_stream(None)`` do nothing.
"""
from . import backends
from ._cuda_device import device as _device_context
from ._cuda_device import device_index
from .backends import cuda as _switches
from .device import device as _device

__all__ = ["Stream", "Event", "StreamContext", "stream", "current_stream", "default_stream", "set_stream",
           "is_current_stream_capturing"]

_CUDA_DEVICE_TYPE = 1  # PyTorch's DeviceType enum value of 'cuda' (Stream.device_type)


def _backend():
    return backends.backend_for_type("cuda")


class Stream:
    """A CUDA stream (mirrors ``torch.cuda.Stream``): a queue of GPU work that runs in order, independently of
    other streams.

    ``Stream(device=None, priority=0)``: a new stream on ``device`` (the current GPU by default); a lower
    ``priority`` runs first where the GPU schedules by priority. Attributes ``device``, ``device_index``,
    ``device_type``, ``cuda_stream`` (the ``cudaStream_t`` address; 0 for the default stream), ``priority``.
    Raises RuntimeError "torch.cuda.Stream requires CUDA support" without CuPy, as PyTorch's CPU build.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     side = gradlib.cuda.Stream()
    ...     side.wait_stream(gradlib.cuda.current_stream())
    ...     with gradlib.cuda.stream(side):
    ...         y = gradlib.ones(3, device="cuda") * 2
    ...     gradlib.cuda.current_stream().wait_stream(side)
    ...     assert y.tolist() == [2.0, 2.0, 2.0]
    """

    def __init__(self, device=None, priority=0):
        if not _switches.is_built():
            raise RuntimeError("torch.cuda.Stream requires CUDA support")
        backend = _backend()
        index = device_index(device, optional=True)
        with backend.guard(_device("cuda", index)):
            self._raw = backend.xp.cuda.Stream(non_blocking=False, priority=priority or None)
        self._index = index

    @classmethod
    def _of(cls, raw, index):
        """The Stream object around CuPy's stream ``raw`` of GPU ``index``."""
        made = cls.__new__(cls)
        made._raw = raw
        made._index = index
        return made

    @property
    def device(self):
        return _device("cuda", self._index)

    @property
    def device_index(self):
        return self._index

    @property
    def device_type(self):
        return _CUDA_DEVICE_TYPE

    @property
    def cuda_stream(self):
        return self._raw.ptr

    @property
    def priority(self):
        return self._raw.priority if self._raw.ptr else 0

    def _guard(self):
        return _backend().guard(self.device)

    def wait_event(self, event):
        """Make the work queued on this stream after now wait for ``event`` (no host wait)."""
        event.wait(self)

    def wait_stream(self, stream):
        """Make the work queued on this stream after now wait for all the work queued on ``stream`` so far (an
        event recorded there; no host wait)."""
        self.wait_event(stream.record_event())

    def record_event(self, event=None):
        """Record ``event`` (a new ``Event`` when None) on this stream and return it."""
        if event is None:
            event = Event()
        event.record(self)
        return event

    def query(self):
        """True when all the work queued on this stream has finished (asks without waiting)."""
        with self._guard():
            return bool(self._raw.done)

    def synchronize(self):
        """Wait on the host until all the work queued on this stream has finished."""
        with self._guard():
            self._raw.synchronize()

    def __enter__(self):
        """``with stream:``: ``gradlib.cuda.stream(stream)`` (as ``torch.Stream``'s context manager)."""
        context = StreamContext(self)
        context.__enter__()
        self.__dict__.setdefault("_contexts", []).append(context)
        return self

    def __exit__(self, type, value, traceback):
        self._contexts.pop().__exit__(type, value, traceback)

    def __eq__(self, other):
        if isinstance(other, Stream):
            return self.cuda_stream == other.cuda_stream and self._index == other._index
        return NotImplemented

    def __hash__(self):
        return hash((self.cuda_stream, self._index))

    def __repr__(self):
        return f"<torch.cuda.Stream device={self.device} cuda_stream={self.cuda_stream:#x}>"


class Event:
    """A CUDA event (mirrors ``torch.cuda.Event``): a marker in a stream, to order streams (``wait``), wait on
    the host (``synchronize``) or time GPU work (``elapsed_time``, with ``enable_timing=True``).

    The CUDA event is made at the first ``record``, on the recording stream's GPU (as PyTorch's); before it,
    ``query()`` is True and ``synchronize()``/``wait()`` do nothing. Raises RuntimeError "Tried to instantiate
    dummy base class Event" without CuPy, as PyTorch's CPU build.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     start, end = gradlib.cuda.Event(enable_timing=True), gradlib.cuda.Event(enable_timing=True)
    ...     start.record()
    ...     y = gradlib.ones(1000, device="cuda").sum()
    ...     end.record()
    ...     end.synchronize()
    ...     assert start.elapsed_time(end) >= 0.0
    """

    def __init__(self, enable_timing=False, blocking=False, interprocess=False, external=False):
        if not _switches.is_built():
            raise RuntimeError("Tried to instantiate dummy base class Event")
        self.enable_timing = enable_timing
        self.blocking = blocking
        self.interprocess = interprocess
        self._raw = None
        self._index = -1

    @property
    def cuda_event(self):
        return self._raw.ptr if self._raw is not None else 0

    @property
    def device(self):
        return _device("cuda", self._index) if self._raw is not None else None

    def record(self, stream=None):
        """Record the event on ``stream`` (the current stream by default); the stream's GPU must be the event's
        (RuntimeError otherwise)."""
        if stream is None:
            stream = current_stream()
        backend = _backend()
        if self._raw is None:
            with backend.guard(stream.device):
                self._raw = backend.xp.cuda.Event(block=self.blocking, disable_timing=not self.enable_timing,
                                                  interprocess=self.interprocess)
            self._index = stream.device_index
        elif self._index != stream.device_index:
            raise RuntimeError(f"Event device {self._index} does not match recording stream's device "
                               f"{stream.device_index}.")
        with backend.guard(stream.device):
            self._raw.record(stream._raw)

    def wait(self, stream=None):
        """Make the work queued on ``stream`` (the current stream by default) after now wait for this event."""
        if stream is None:
            stream = current_stream()
        if self._raw is None:
            return
        with _backend().guard(stream.device):
            stream._raw.wait_event(self._raw)

    def query(self):
        """True when the work before the event's record has finished (True for an event never recorded)."""
        if self._raw is None:
            return True
        with _backend().guard(self.device):
            return bool(self._raw.done)

    def synchronize(self):
        """Wait on the host until the work before the event's record has finished."""
        if self._raw is None:
            return
        with _backend().guard(self.device):
            self._raw.synchronize()

    def elapsed_time(self, end_event):
        """Milliseconds between this event's record and ``end_event``'s (both made with ``enable_timing=True``
        and recorded, and ``end_event`` finished: ``end_event.synchronize()`` first). RuntimeError with PyTorch's
        message otherwise."""
        if not (self.enable_timing and end_event.enable_timing):
            raise RuntimeError("Both events must be created with argument 'enable_timing=True'.")
        if self._raw is None or end_event._raw is None:
            raise RuntimeError("Both events must be recorded before calculating elapsed time.")
        backend = _backend()
        with backend.guard(self.device):
            return float(backend.xp.cuda.get_elapsed_time(self._raw, end_event._raw))

    def __repr__(self):
        if self._raw is not None:
            return f"<torch.cuda.Event {self.cuda_event:#x}>"
        return "<torch.cuda.Event uninitialized>"


def current_stream(device=None):
    """The stream gradlib's CUDA work is queued on now, for ``device`` (the current GPU by default; mirrors
    ``torch.cuda.current_stream``). AssertionError "Torch not compiled with CUDA enabled" without CuPy.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     assert gradlib.cuda.current_stream() == gradlib.cuda.default_stream()
    """
    backend = _backend()
    index = device_index(device, optional=True)
    with backend.guard(_device("cuda", index)):
        return Stream._of(backend.xp.cuda.get_current_stream(), index)


def default_stream(device=None):
    """The default (null) stream of ``device`` (the current GPU by default; mirrors
    ``torch.cuda.default_stream``); its ``cuda_stream`` is 0. AssertionError "Torch not compiled with CUDA
    enabled" without CuPy.

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     assert gradlib.cuda.default_stream().cuda_stream == 0
    """
    backend = _backend()
    index = device_index(device, optional=True)
    return Stream._of(backend.xp.cuda.Stream.null, index)


def set_stream(stream):
    """Make ``stream`` the current stream, and its GPU the current GPU (mirrors ``torch.cuda.set_stream``; prefer
    ``with gradlib.cuda.stream(s)``). None does nothing.

    >>> import gradlib
    >>> gradlib.cuda.set_stream(None)
    """
    if stream is None:
        return
    backend = _backend()
    backend.set_current_index(stream.device_index)
    with backend.guard(stream.device):
        stream._raw.use()


class StreamContext:
    """Context manager that makes a stream current, and its GPU current, restoring both on exit (mirrors
    ``torch.cuda.StreamContext``; ``gradlib.cuda.stream(s)`` makes one). ``StreamContext(None)`` does nothing, as
    does any StreamContext where CUDA is not usable.

    >>> import gradlib
    >>> with gradlib.cuda.stream(None):
    ...     pass
    """

    def __init__(self, stream):
        self.stream = stream
        current = device_index(None, optional=True)
        self.idx = -1 if current is None else current
        self.src_prev_stream = None
        self.dst_prev_stream = None

    def __enter__(self):
        target = self.stream
        if target is None or self.idx == -1:
            return
        self.src_prev_stream = current_stream(None)
        if self.src_prev_stream.device != target.device:
            with _device_context(target.device):
                self.dst_prev_stream = current_stream(target.device)
        set_stream(target)

    def __exit__(self, type, value, traceback):
        target = self.stream
        if target is None or self.idx == -1:
            return
        if self.src_prev_stream.device != target.device:
            set_stream(self.dst_prev_stream)
        set_stream(self.src_prev_stream)


def stream(stream):
    """A ``StreamContext`` for ``stream`` (mirrors ``torch.cuda.stream``): ``with gradlib.cuda.stream(s):`` queues
    the body's CUDA work on ``s``. ``stream(None)`` does nothing.

    >>> import gradlib
    >>> with gradlib.cuda.stream(None):
    ...     x = gradlib.ones(2)
    """
    return StreamContext(stream)


def is_current_stream_capturing():
    """Whether the current stream is capturing a CUDA graph (mirrors ``torch.cuda.is_current_stream_capturing``;
    see ``gradlib.cuda.graph``). Without CuPy, PyTorch's CPU build's RuntimeError ("Tried to instantiate dummy base
    class _cuda_isCurrentStreamCapturing").

    >>> import gradlib
    >>> if gradlib.cuda.is_available():
    ...     assert not gradlib.cuda.is_current_stream_capturing()
    """
    if not _switches.is_built():
        raise RuntimeError("Tried to instantiate dummy base class _cuda_isCurrentStreamCapturing")
    backend = _backend()
    with backend.guard(_device("cuda", backend.current_index())):
        raw = backend.xp.cuda.get_current_stream()
        return bool(raw.ptr) and bool(raw.is_capturing())
