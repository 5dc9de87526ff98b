"""``torch.autograd.profiler``: ``profile`` (the legacy profiler), ``record_function``, and the collector both
profilers share (``gradlib.profiler.profile`` is built on it).

How ops are seen: while a collector is active, each built-in op class's ``apply`` and ``backward`` are replaced
by timing wrappers (and put back when the last collector stops), so an op call records one event named as
PyTorch names the kernel (``AddmmBackward0`` -> ``aten::addmm``, ``MseLossBackward0`` -> ``aten::mse_loss``) with
the host time around the call, its input shapes (``record_shapes``) and the bytes of the arrays it returned
(``profile_memory``), and the engine's run of a node records PyTorch's ``autograd::engine::evaluate_function:
AddmmBackward0`` around ``AddmmBackward0``. Nothing is checked on the op path when no profiler runs (but one
flag, ``ops._op.apply_wrapped``, in the shortcut of scalar operators that record nothing): the hot path is the
same code.
Times are host times: on a GPU an op's time is its launch, as PyTorch's CPU columns; nothing synchronizes.
"""
import inspect
import json
import re
import threading
import time
import traceback

from . import graph, profiler_util
from .profiler_util import EventList, FunctionEvent, FunctionEventAvg

__all__ = ["profile", "record_function", "EventList", "FunctionEvent", "FunctionEventAvg"]


class _State:
    collectors = []  # the active collectors, innermost last
    wrapped = {}  # op class -> its own apply, while wrapped
    lock = threading.Lock()


_local = threading.local()


def _aten_name(cls):
    """``aten::`` + the function PyTorch names the node ``cls`` after (ExpBackward0 -> aten::exp)."""
    name = getattr(cls, "node_name", None) or cls.__name__
    stem = re.sub(r"Backward\d*$", "", name)
    return "aten::" + re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", stem).lower()


def _op_classes():
    """Every built-in op class (subclasses of Node with their own ``apply``: gradlib.ops._op.Op's)."""
    found = []
    pending = list(graph.Node.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if isinstance(cls.__dict__.get("apply"), classmethod) and hasattr(cls, "_fast"):
            found.append(cls)
    return found


def _shape_of(value):
    shape = getattr(value, "shape", None)
    return list(shape) if shape is not None and hasattr(value, "_array") else []


def _output_bytes(out):
    items = out if isinstance(out, tuple) else (out,)
    return sum(item._array.nbytes for item in items if hasattr(item, "_array"))


def _timed_apply(original, name):
    function = original.__func__

    def apply(cls, *args):
        collector = _State.collectors[-1] if _State.collectors else None
        if collector is None:
            return function(cls, *args)
        event = collector.open(name, args)
        out = None
        try:
            out = function(cls, *args)
            return out
        finally:
            collector.close(event, out)

    apply.__name__ = "apply"
    apply.__doc__ = function.__doc__
    return classmethod(apply)


def _timed_backward(function, name):
    """``backward`` of the node class ``name`` that records PyTorch's two events for a node the engine runs:
    ``autograd::engine::evaluate_function: <name>`` around ``<name>`` (ops it calls nest inside)."""
    outer_name = "autograd::engine::evaluate_function: " + name

    def backward(ctx, P, grad):
        collector = _State.collectors[-1] if _State.collectors else None
        if collector is None:
            return function(ctx, P, grad)
        outer = collector.open(outer_name)
        inner = collector.open(name)
        try:
            return function(ctx, P, grad)
        finally:
            collector.close(inner)
            collector.close(outer)

    return staticmethod(backward)


def _wrap_ops():
    from ..ops import _op  # (here: the ops import autograd)
    _op.apply_wrapped = True  # the operators' shortcut that records nothing calls apply (the wrapper) instead
    for cls in _op_classes():
        if cls not in _State.wrapped:
            original_apply = cls.__dict__["apply"]
            original_backward = cls.__dict__.get("backward")  # None: inherited
            original_real = cls.__dict__.get("_real_backward")  # the engine's unconjugated call (Op)
            _State.wrapped[cls] = (original_apply, original_backward, original_real)
            cls.apply = _timed_apply(original_apply, _aten_name(cls))
            backward = inspect.getattr_static(cls, "backward")
            node_name = getattr(cls, "node_name", None) or cls.__name__
            cls.backward = _timed_backward(backward.__func__, node_name)
            cls._real_backward = cls.__dict__["backward"]  # the engine's fast path times the node too


def _unwrap_ops():
    from ..ops import _op
    for cls, (original_apply, original_backward, original_real) in _State.wrapped.items():
        cls.apply = original_apply
        if original_backward is None:
            del cls.backward
        else:
            cls.backward = original_backward
        if original_real is None:
            del cls._real_backward
        else:
            cls._real_backward = original_real
    _State.wrapped.clear()
    _op.apply_wrapped = False


class _Collector:
    """Records events while active: ``open``/``close`` around each op and ``record_function`` range."""

    def __init__(self, record_shapes=False, profile_memory=False, with_stack=False):
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.events = []
        self.next_id = 0
        self.origin = time.perf_counter_ns()

    def start(self):
        with _State.lock:
            if not _State.collectors:
                _wrap_ops()
            _State.collectors.append(self)

    def stop(self):
        with _State.lock:
            if self in _State.collectors:
                _State.collectors.remove(self)
            if not _State.collectors:
                _unwrap_ops()

    def _now_us(self):
        return (time.perf_counter_ns() - self.origin) / 1000.0

    def open(self, name, args=(), user=False):
        self.next_id += 1
        shapes = [_shape_of(arg) for arg in args] if self.record_shapes and not user else []
        stack = _python_stack() if self.with_stack and not user else []
        event = FunctionEvent(self.next_id, name, threading.get_ident(), self._now_us(), input_shapes=shapes,
                              stack=stack, is_user_annotation=user)
        open_events = getattr(_local, "stack", None)
        if open_events is None:
            open_events = _local.stack = []
        if open_events:
            event.cpu_parent = open_events[-1]
        open_events.append(event)
        return event

    def close(self, event, out=None):
        event.end_us = self._now_us()
        if self.profile_memory and out is not None:
            event.cpu_memory_usage += _output_bytes(out)
        open_events = _local.stack
        if open_events and open_events[-1] is event:
            open_events.pop()
        elif event in open_events:
            open_events.remove(event)
        parent = event.cpu_parent
        if parent is not None:
            parent.cpu_children.append(event)
            parent.cpu_memory_usage += event.cpu_memory_usage
        self.events.append(event)

    def function_events(self):
        """The closed events in start order, as an EventList."""
        ordered = sorted(self.events, key=lambda event: (event.start_us, event.id))
        return EventList(ordered, profile_memory=self.profile_memory)


def _python_stack():
    """The program's frames (file(line): function), innermost first, gradlib's own left out."""
    frames = [frame for frame in traceback.extract_stack()[:-3] if "/gradlib/" not in frame.filename]
    return [f"{frame.filename}({frame.lineno}): {frame.name}" for frame in reversed(frames)]


def _active():
    return _State.collectors[-1] if _State.collectors else None


class record_function:
    """Label a block (``with record_function("model_inference"):``) or a function (as a decorator) in the
    active profiler's events; does nothing when none runs. Mirrors ``torch.autograd.profiler.record_function``.

    >>> import gradlib
    >>> from gradlib.profiler import profile, record_function
    >>> with profile() as prof:
    ...     with record_function("block"):
    ...         y = gradlib.ones(2).exp()
    >>> [event.key for event in prof.key_averages()]
    ['block', 'aten::exp']
    """

    def __init__(self, name, args=None):
        self.name = name
        self.args = args
        self._event = None
        self._collector = None

    def __enter__(self):
        self._collector = _active()
        if self._collector is not None:
            self._event = self._collector.open(self.name, user=True)
        return self

    def __exit__(self, exc_type, exc_value, traceback_):
        if self._collector is not None and self._event is not None:
            self._collector.close(self._event)
        self._event = None
        self._collector = None
        return False

    def __call__(self, function):
        name = self.name

        def wrapped(*args, **kwargs):
            with record_function(name):
                return function(*args, **kwargs)

        wrapped.__name__ = getattr(function, "__name__", "wrapped")
        wrapped.__doc__ = getattr(function, "__doc__", None)
        wrapped.__wrapped__ = function
        return wrapped


class profile:
    """The legacy autograd profiler (``with torch.autograd.profiler.profile() as prof:``): records the ops run in
    the block; ``prof.key_averages().table(...)``, ``prof.function_events``, ``prof.export_chrome_trace(path)``,
    ``prof.self_cpu_time_total``. ``enabled=False`` records nothing. CUDA kernel times are not measured
    (``use_cuda``/``use_device`` are accepted; the CPU columns time each launch). Mirrors
    ``torch.autograd.profiler.profile``.

    >>> import gradlib
    >>> with gradlib.autograd.profiler.profile(record_shapes=True) as prof:
    ...     y = gradlib.ones(2, 3).relu()
    >>> [(event.key, event.input_shapes) for event in prof.key_averages(group_by_input_shape=True)][-1]
    ('aten::relu', [[2, 3]])
    """

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None,
                 post_processing_timeout_s=None, activity_filters=None):
        self.enabled = enabled
        self.use_device = use_device if use_device is not None else ("cuda" if use_cuda else None)
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_flops = with_flops
        self._collector = None
        self.function_events = None
        self.entered = False

    def __enter__(self):
        if not self.enabled:
            return self
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self.entered = True
        self._collector = _Collector(self.record_shapes, self.profile_memory, self.with_stack)
        self._collector.start()
        return self

    def __exit__(self, exc_type, exc_value, traceback_):
        if not self.enabled:
            return False
        self._collector.stop()
        self.function_events = self._collector.function_events()
        return False

    def _check_finish(self):
        if self.function_events is None:
            raise RuntimeError("Profiler didn't finish running")

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False, time_unit=None):
        self._check_finish()
        return self.function_events.table(sort_by, row_limit, max_src_column_width, max_name_column_width,
                                          max_shapes_column_width, header, top_level_events_only, time_unit)

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        self._check_finish()
        return self.function_events.key_averages(group_by_input_shape, group_by_stack_n, group_by_overload_name)

    def total_average(self):
        self._check_finish()
        return self.function_events.total_average()

    def export_chrome_trace(self, path, metadata=None, use_python_export=False):
        """Write the events as a Chrome trace; ``metadata`` (a dict) is added to the trace's top level."""
        self._check_finish()
        if metadata:
            trace = profiler_util.chrome_trace(self.function_events)
            trace.update(metadata)
            with open(path, "w") as stream:
                json.dump(trace, stream)
            return None
        return self.function_events.export_chrome_trace(path)

    @property
    def self_cpu_time_total(self):
        self._check_finish()
        return self.function_events.self_cpu_time_total

    def __str__(self):
        self._check_finish()
        return self.function_events.table()

    __repr__ = __str__

