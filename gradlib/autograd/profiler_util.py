"""The profiler's events and their printed table, as ``torch.autograd.profiler_util``: ``FunctionEvent`` (one op
or ``record_function`` range), ``FunctionEventAvg`` (events grouped by name), ``EventList`` (``table``,
``key_averages``, ``export_chrome_trace``). Times are in microseconds, measured on the host around each call."""
import collections
import json
import os

__all__ = ["FunctionEvent", "FunctionEventAvg", "EventList"]

_DEFAULT_COLUMN_WIDTH = 12
_SPACING = 2


def _format_time(time_us):
    if time_us >= 1e6:
        return f"{time_us / 1e6:.3f}s"
    if time_us >= 1e3:
        return f"{time_us / 1e3:.3f}ms"
    return f"{time_us:.3f}us"


def _format_time_share(time_us, total_us):
    if total_us == 0:
        return "NaN"
    return f"{time_us * 100.0 / total_us:.2f}%"


def _format_memory(nbytes):
    for limit, unit in ((1024 ** 3, "GB"), (1024 ** 2, "MB"), (1024, "KB")):
        if abs(nbytes) >= limit:
            return f"{nbytes * 1.0 / limit:.2f} {unit}"
    return f"{nbytes} B"


class _Formatted:
    """The ``*_str`` spellings of the times (``cpu_time_total_str``: '1.234ms')."""

    @property
    def cpu_time(self):
        return 0.0 if self.count == 0 else self.cpu_time_total / self.count

    @property
    def cpu_time_str(self):
        return _format_time(self.cpu_time)

    @property
    def cpu_time_total_str(self):
        return _format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self):
        return _format_time(self.self_cpu_time_total)

    device_time_total = self_device_time_total = device_time = cuda_time = 0.0
    device_memory_usage = self_device_memory_usage = 0
    flops = 0
    node_id = -1
    is_async = False
    is_remote = False
    is_legacy = False
    overload_name = ""
    use_device = None


class FunctionEvent(_Formatted):
    """One profiled range: an op (``aten::addmm``) or a ``record_function`` block, with its host times
    (``time_range``, microseconds), children, input shapes and the bytes its outputs allocated."""

    def __init__(self, id, name, thread, start_us, end_us=None, input_shapes=None, stack=None,
                 is_user_annotation=False, sequence_nr=-1):
        self.id = id
        self.name = name
        # every step's range shares one row: ProfilerStep#3 -> ProfilerStep*
        self.key = "ProfilerStep*" if name.startswith("ProfilerStep#") else name
        self.thread = thread
        self.start_us = start_us
        self.end_us = end_us
        self.input_shapes = input_shapes if input_shapes is not None else []
        self.stack = stack if stack is not None else []
        self.is_user_annotation = is_user_annotation
        self.sequence_nr = sequence_nr
        self.cpu_children = []
        self.cpu_parent = None
        self.cpu_memory_usage = 0
        self.count = 1
        self.device_type = "CPU"

    @property
    def cpu_time_total(self):
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - sum(child.cpu_time_total for child in self.cpu_children)

    @property
    def self_cpu_memory_usage(self):
        return self.cpu_memory_usage - sum(child.cpu_memory_usage for child in self.cpu_children)

    def __repr__(self):
        return (f"<FunctionEvent id={self.id} name={self.name} overload_name= device_type=DeviceType.CPU "
                f"node_id=-1 cpu_time={self.cpu_time_str} start_us={self.start_us:.3f} end_us={self.end_us:.3f} "
                f"cpu_children={[child.id for child in self.cpu_children]} None_time=0.000us name={self.name} "
                f"thread={self.thread} input_shapes={self.input_shapes} cpu_memory_usage={self.cpu_memory_usage} "
                f"None_memory_usage=0 is_async=False is_remote=False seq_nr={self.sequence_nr} is_legacy=False>")


class FunctionEventAvg(_Formatted):
    """The events of one key (name, and input shapes or stack when grouped by them) added up."""

    def __init__(self):
        self.key = None
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.cpu_memory_usage = 0
        self.self_cpu_memory_usage = 0
        self.input_shapes = None
        self.stack = None
        self.cpu_parent = None
        self.is_user_annotation = False
        self.device_type = "CPU"

    def add(self, other):
        if self.key is None:
            self.key = other.key
            self.input_shapes = other.input_shapes
            self.stack = other.stack
            self.cpu_parent = other.cpu_parent
            self.is_user_annotation = other.is_user_annotation
        if other.key != self.key:
            raise AssertionError(f"Expected keys to match, but got {other.key} vs {self.key}")
        self.count += other.count
        self.cpu_time_total += other.cpu_time_total
        self.self_cpu_time_total += other.self_cpu_time_total
        self.cpu_memory_usage += other.cpu_memory_usage
        self.self_cpu_memory_usage += other.self_cpu_memory_usage
        return self

    def __iadd__(self, other):
        return self.add(other)

    def __repr__(self):
        shapes = self.input_shapes if self.input_shapes is not None else ""
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total_str} "
                f"cpu_time={self.cpu_time_total_str}  self_cuda_time=0.000us cuda_time=0.000us "
                f"input_shapes={shapes} cpu_memory_usage={self.cpu_memory_usage} cuda_memory_usage=0>")


class EventList(list):
    """A list of events with PyTorch's summaries: ``table(sort_by=..., row_limit=...)``, ``key_averages()``,
    ``total_average()``, ``self_cpu_time_total`` and ``export_chrome_trace(path)``."""

    def __init__(self, *args, use_device=None, profile_memory=False, with_flops=False):
        super().__init__(*args)
        self._use_device = use_device
        self._profile_memory = profile_memory
        self._with_flops = with_flops

    @property
    def self_cpu_time_total(self):
        return sum(event.self_cpu_time_total for event in self)

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False, time_unit=None):
        """The events as PyTorch prints them: Name, Self CPU %, Self CPU, CPU total %, CPU total, CPU time avg,
        (CPU Mem, Self CPU Mem with ``profile_memory``), # of Calls, (Input Shapes when recorded), sorted by the
        attribute ``sort_by`` (``"cpu_time_total"``, ``"self_cpu_memory_usage"``...), at most ``row_limit``
        rows, then the self CPU time total."""
        return _build_table(self, sort_by, header, row_limit, max_src_column_width, max_name_column_width,
                            max_shapes_column_width, self._profile_memory, top_level_events_only, time_unit)

    def key_averages(self, group_by_input_shapes=False, group_by_stack_n=0, group_by_overload_name=False):
        """One FunctionEventAvg per name (and per input shapes / top stack frames when asked), in first-seen
        order."""
        group_by_input_shape = group_by_input_shapes
        averages = collections.OrderedDict()
        for event in self:
            key = (event.key,)
            if group_by_input_shape:
                key += (str(event.input_shapes),)
            if group_by_stack_n > 0:
                key += tuple(event.stack[:group_by_stack_n])
            averages.setdefault(key, FunctionEventAvg()).add(event)
        for average in averages.values():  # what was not grouped by is not shown (PyTorch blanks it)
            average.stack = average.stack[:group_by_stack_n]
            if not group_by_input_shape:
                average.input_shapes = ""
        return EventList(averages.values(), use_device=self._use_device, profile_memory=self._profile_memory,
                         with_flops=self._with_flops)

    def total_average(self):
        total = FunctionEventAvg()
        for event in self:
            total.count += event.count
            total.cpu_time_total += event.cpu_time_total
            total.self_cpu_time_total += event.self_cpu_time_total
            total.cpu_memory_usage += event.cpu_memory_usage
            total.self_cpu_memory_usage += event.self_cpu_memory_usage
        total.key = "Total"
        return total

    def export_chrome_trace(self, path):
        """Write the events as a Chrome trace (JSON ``{"traceEvents": [...]}``: complete events ``"ph": "X"``
        with ``ts`` and ``dur`` in microseconds), readable by chrome://tracing, Perfetto and TensorBoard."""
        with open(path, "w") as stream:
            json.dump(chrome_trace(self), stream)


def chrome_trace(events):
    """The Chrome trace dictionary of ``events`` (FunctionEvents)."""
    pid = os.getpid()
    trace = []
    for index, event in enumerate(events):
        args = {"External id": event.id, "Ev Idx": index}
        if event.input_shapes:
            args["Input Dims"] = event.input_shapes
        trace.append({"ph": "X", "cat": "user_annotation" if event.is_user_annotation else "cpu_op",
                      "name": event.name, "pid": pid, "tid": event.thread, "ts": event.start_us,
                      "dur": event.cpu_time_total, "args": args})
    return {"schemaVersion": 1, "deviceProperties": [], "displayTimeUnit": "ms", "baseTimeNanoseconds": 0,
            "traceEvents": trace, "traceName": ""}


def _build_table(events, sort_by, header, row_limit, max_src_column_width, max_name_column_width,
                 max_shapes_column_width, profile_memory, top_level_events_only, time_unit):
    if len(events) == 0:
        return ""
    if sort_by is not None:
        events = sorted(events, key=lambda event: getattr(event, sort_by.replace("cuda", "device")), reverse=True)
    has_shapes = any(event.input_shapes for event in events)
    stacks = [event.stack for event in events if event.stack]
    name_width = max(len(event.key) for event in events) + 4
    if max_name_column_width is not None:
        name_width = min(name_width, max_name_column_width)
    shapes_width = max(len(str(event.input_shapes)) for event in events) + 4
    if max_shapes_column_width is not None:
        shapes_width = min(shapes_width, max_shapes_column_width)
    headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg"]
    if profile_memory:
        headers += ["CPU Mem", "Self CPU Mem"]
    headers.append("# of Calls")
    widths = [name_width] + [_DEFAULT_COLUMN_WIDTH] * (len(headers) - 1)
    directions = [">"] * len(headers)
    if has_shapes:
        headers.append("Input Shapes")
        widths.append(shapes_width)
        directions.append(">")
    if stacks:
        source_width = max(len(entry) for stack in stacks for entry in stack) + 4
        if max_src_column_width is not None:
            source_width = min(source_width, max_src_column_width)
        headers.append("Source Location")
        widths.append(source_width)
        directions.append("<")
    row_format = "".join("{: " + direction + str(width) + "}" + " " * _SPACING
                         for direction, width in zip(directions, widths))
    separator = "".join("-" * width + " " * _SPACING for width in widths)
    line_length = sum(width + _SPACING for width in widths) - _SPACING

    def timed(value_us, default):
        if time_unit == "s":
            return f"{value_us / 1e6:.3f}s"
        if time_unit == "ms":
            return f"{value_us / 1e3:.3f}ms"
        if time_unit == "us":
            return f"{value_us:.3f}us"
        return default

    total = sum(event.self_cpu_time_total for event in events)
    lines = []
    if header is not None:
        lines += ["=" * line_length, header]
    if top_level_events_only:
        lines += ["=" * line_length, "This report only display top-level ops statistics"]
    lines += [separator, row_format.format(*headers), separator]
    shown = 0
    for event in events:
        if shown == row_limit:
            break
        if top_level_events_only and event.cpu_parent is not None:
            continue
        shown += 1
        name = event.key
        if max_name_column_width is not None and len(name) >= max_name_column_width - 3:
            name = name[:max_name_column_width - 3] + "..."
        values = [name, _format_time_share(event.self_cpu_time_total, total),
                  timed(event.self_cpu_time_total, event.self_cpu_time_total_str),
                  _format_time_share(event.cpu_time_total, total),
                  timed(event.cpu_time_total, event.cpu_time_total_str), timed(event.cpu_time, event.cpu_time_str)]
        if profile_memory:
            values += [_format_memory(event.cpu_memory_usage), _format_memory(event.self_cpu_memory_usage)]
        values.append(event.count)
        if has_shapes:
            values.append(str(event.input_shapes)[:shapes_width])
        if stacks:
            values.append(_trim_path(event.stack[0], source_width) if event.stack else "")
        lines.append(row_format.format(*values))
        if stacks:
            blanks = [""] * (len(headers) - 1)
            for entry in event.stack[1:]:
                lines.append(row_format.format(*blanks, _trim_path(entry, source_width)))
            lines.append(row_format.format(*blanks, ""))
    lines.append(separator)
    lines.append(f"Self CPU time total: {timed(total, _format_time(total))}")
    return "\n".join(lines) + "\n"


def _trim_path(path, width):
    if len(path) > width:
        path = path[len(path) - width:]
        if len(path) > 3:
            path = "..." + path[3:]
    return path
