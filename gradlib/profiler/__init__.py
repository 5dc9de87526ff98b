"""``torch.profiler``: ``profile`` with ``schedule``, ``on_trace_ready`` and ``step()``, ``record_function``,
``ProfilerActivity``, ``tensorboard_trace_handler`` (pytorch.org's "PyTorch Profiler" recipe and "Profiling your
PyTorch Module" run unchanged). Events are gradlib's ops, named as PyTorch's kernels (``aten::addmm``), with host
times; see ``gradlib.autograd.profiler`` for how they are collected."""
import enum
import gzip
import json
import os
import socket
import time
import warnings

from .. import backends
from ..autograd import profiler as _autograd_profiler
from ..autograd import profiler_util as _profiler_util
from ..autograd.profiler import record_function

__all__ = ["profile", "schedule", "supported_activities", "tensorboard_trace_handler", "ProfilerAction",
           "ProfilerActivity", "kineto_available", "record_function"]


class ProfilerActivity(enum.Enum):
    """What a profiler records: CPU (ops on the host) or CUDA (kernels; gradlib times their launch on the
    host)."""
    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    """What a schedule tells the profiler to do at a step."""
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3
    DEVICE_STOPPED = 4


def kineto_available():
    return True


def supported_activities():
    """The activities this machine can profile: CPU, and CUDA when a GPU is present."""
    activities = {ProfilerActivity.CPU}
    if backends.cuda_available():
        activities.add(ProfilerActivity.CUDA)
    return activities


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """A schedule for ``profile(schedule=...)``: after ``skip_first`` steps, cycles of ``wait`` idle steps,
    ``warmup`` steps and ``active`` recorded steps (the last one saves: ``on_trace_ready`` runs), ``repeat``
    times (0: until the end). Returns ``step -> ProfilerAction``. Mirrors ``torch.profiler.schedule``.

    >>> from gradlib.profiler import schedule
    >>> [action.name for action in map(schedule(wait=1, warmup=1, active=2, repeat=1), range(5))]
    ['NONE', 'WARMUP', 'RECORD', 'RECORD_AND_SAVE', 'NONE']
    """
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError(f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), warmup={warmup} "
                             f"(need >= 0), active={active} (need > 0), repeat={repeat} (need >= 0), "
                             f"skip_first={skip_first} (need >= 0).")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results", stacklevel=2)

    def schedule_fn(step):
        if step < 0:
            raise AssertionError(f"Step must be non-negative. Got {step}.")
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait != 0:
            step += wait
        cycle = wait + warmup + active
        if repeat > 0 and step / cycle >= repeat:
            return ProfilerAction.NONE
        position = step % cycle
        if position < wait:
            return ProfilerAction.NONE
        if position < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if position < cycle - 1 else ProfilerAction.RECORD_AND_SAVE

    return schedule_fn


_WARNINGS_SHOWN = set()


def _warn_once(message):
    if message not in _WARNINGS_SHOWN:
        _WARNINGS_SHOWN.add(message)
        warnings.warn(message, UserWarning, stacklevel=4)


def _default_schedule(_):
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False, use_python_export=False):
    """An ``on_trace_ready`` that writes each saved trace as ``dir_name/<worker>.<time ns>.pt.trace.json``
    (``.gz`` with ``use_gzip``), the files TensorBoard's profiler plugin reads."""

    def handler_fn(prof):
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        name = f"{worker}.{time.time_ns()}.pt.trace.json" + (".gz" if use_gzip else "")
        prof.export_chrome_trace(os.path.join(dir_name, name))

    return handler_fn


class profile:
    """Profile a block of a program (``with profile(...) as prof:``, or ``start()``/``stop()``): every gradlib
    op becomes an event named as PyTorch's kernel (``aten::linear`` is ``aten::addmm`` here, one op), with its
    host time, its input shapes (``record_shapes``), the bytes its outputs allocated (``profile_memory``) and
    the program's frames (``with_stack``); ``record_function`` adds named ranges. With a ``schedule``, call
    ``prof.step()`` after each step: steps are ``ProfilerStep#N`` ranges, and ``on_trace_ready(prof)`` runs at
    the end of each active cycle. Mirrors ``torch.profiler.profile`` (no device kernel times, no FLOPs, no
    freed-memory accounting).

    >>> import gradlib
    >>> from gradlib.profiler import profile, ProfilerActivity
    >>> with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    ...     y = gradlib.ones(4, 3) @ gradlib.ones(3, 2)
    >>> print(prof.key_averages(group_by_input_shape=True).table(row_limit=1).splitlines()[1].split())
    ['Name', 'Self', 'CPU', '%', 'Self', 'CPU', 'CPU', 'total', '%', 'CPU', 'total', 'CPU', 'time', 'avg', '#', 'of', 'Calls', 'Input', 'Shapes']
    """

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None, post_processing_timeout_s=None):
        self.activities = set(activities) if activities else supported_activities()
        if use_cuda is not None:
            warnings.warn("`use_cuda` is deprecated, use `activities` argument instead", FutureWarning,
                          stacklevel=2)
            if use_cuda:
                self.activities.add(ProfilerActivity.CUDA)
        self.schedule = schedule if schedule is not None else _default_schedule
        self.record_steps = schedule is not None
        self.on_trace_ready = on_trace_ready
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_flops = with_flops
        self.acc_events = acc_events
        self._cycles = 0
        self.step_num = 0
        self.current_action = self.schedule(self.step_num)
        self._collector = None
        self._events = None
        self._step_range = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, exc_type, exc_value, traceback_):
        self.stop()
        return False

    def _recording(self, action):
        return action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)

    def _begin(self):
        if self._cycles and not self.acc_events:
            _warn_once("Warning: Profiler clears events at the end of each cycle. Only events from the current "
                       "cycle will be reported. To keep events across cycles, set acc_events=True.")
        self._cycles += 1
        self._collector = _autograd_profiler._Collector(self.record_shapes, self.profile_memory, self.with_stack)
        self._collector.start()

    def _save(self):
        self._close_step_range()
        self._collector.stop()
        events = self._collector.function_events()
        if self.acc_events and self._events is not None:
            events = _profiler_util.EventList(list(self._events) + list(events), profile_memory=self.profile_memory)
        self._events = events
        self._collector = None
        if self.on_trace_ready is not None:
            self.on_trace_ready(self)

    def _open_step_range(self):
        if self.record_steps:
            self._step_range = record_function(f"ProfilerStep#{self.step_num}")
            self._step_range.__enter__()

    def _close_step_range(self):
        if self._step_range is not None:
            self._step_range.__exit__(None, None, None)
            self._step_range = None

    def start(self):
        if self._recording(self.current_action):
            self._begin()
        self._open_step_range()

    def stop(self):
        if self._collector is not None:
            self._save()
        self._close_step_range()

    def step(self):
        """Signal the end of a training step: the schedule moves on (recording, saving, idling)."""
        self._close_step_range()
        previous = self.current_action
        self.step_num += 1
        self.current_action = self.schedule(self.step_num)
        if self._collector is not None and (previous == ProfilerAction.RECORD_AND_SAVE
                                            or not self._recording(self.current_action)):
            self._save()
        if self._collector is None and self._recording(self.current_action):
            self._begin()
        self._open_step_range()

    def events(self):
        """The recorded events (an EventList), in start order; None before any was saved."""
        return self._events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        """The events grouped by name (and input shapes, stack frames): an EventList of FunctionEventAvg."""
        if self._events is None:
            raise AssertionError("Profiler must be initialized before getting key averages")
        return self._events.key_averages(group_by_input_shape, group_by_stack_n, group_by_overload_name)

    def export_chrome_trace(self, path, use_python_export=False):
        """Write the events as a Chrome trace (JSON; gzip-compressed when ``path`` ends with ``.gz``)."""
        if self._events is None:
            raise AssertionError("Profiler must be initialized before exporting chrome trace")
        trace = _profiler_util.chrome_trace(self._events)
        if str(path).endswith(".gz"):
            with gzip.open(path, "wt") as stream:
                json.dump(trace, stream)
        else:
            with open(path, "w") as stream:
                json.dump(trace, stream)

    def export_stacks(self, path, metric="self_cpu_time_total"):
        """The events' stacks in the flame-graph text format (``frame;frame;... value``), one line per event."""
        with open(path, "w") as stream:
            for event in self._events or ():
                if event.stack:
                    stream.write(";".join(reversed(event.stack)) + f" {int(getattr(event, metric))}\n")
