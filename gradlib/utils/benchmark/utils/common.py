"""What a measurement is (``TaskSpec``, ``Measurement``) and the small helpers that print it, as
``torch.utils.benchmark.utils.common``: the same fields, statistics and printed layout.

The statistics are computed on the host from Python floats (the times a timer read), never on a device.
"""
import collections
import contextlib
import dataclasses
import math
import textwrap

from .... import _threads

__all__ = ["TaskSpec", "Measurement", "select_unit", "unit_to_english", "trim_sigfig", "ordered_unique",
           "set_torch_threads"]

_MAX_SIGNIFICANT_FIGURES = 4
_MIN_CONFIDENCE_INTERVAL = 25e-9  # 25 ns: no measurement is trusted below this spread
_IQR_WARN_THRESHOLD = 0.1
_IQR_GROSS_WARN_THRESHOLD = 0.25
_SKIP = "\0skip line\0"


@dataclasses.dataclass(init=True, repr=False, eq=True, frozen=True)
class TaskSpec:
    """What a Timer measures (everything but its globals): the statement, its setup and the labels that
    ``Compare`` groups by. Mirrors ``torch.utils.benchmark.utils.common.TaskSpec``."""
    stmt: str
    setup: str
    global_setup: str = ""
    label: str = None
    sub_label: str = None
    description: str = None
    env: str = None
    num_threads: int = 1

    @property
    def title(self):
        """The label (else the one-line statement), with the sub-label after a colon."""
        suffix = f": {self.sub_label}" if self.sub_label else ""
        if self.label is not None:
            return self.label + suffix
        if "\n" not in self.stmt:
            return self.stmt + suffix
        sub_label = f" ({self.sub_label})" if self.sub_label else ""
        return f"stmt:{sub_label}\n{textwrap.indent(self.stmt, '  ')}"

    def setup_str(self):
        if self.setup == "pass" or not self.setup:
            return ""
        if "\n" in self.setup:
            return f"setup:\n{textwrap.indent(self.setup, '  ')}"
        return f"setup: {self.setup}"

    def summarize(self):
        """The lines a Measurement prints above its numbers: title, description, setup."""
        sections = [self.title, self.description or "", self.setup_str()]
        return "\n".join(f"{section}\n" if "\n" in section else section for section in sections if section)


_TASKSPEC_FIELDS = tuple(field.name for field in dataclasses.fields(TaskSpec))


def _quantile(ordered, q):
    """The ``q`` quantile of sorted values, interpolated linearly (torch.quantile's default)."""
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclasses.dataclass(init=True, repr=False)
class Measurement:
    """The times of one Timer run: ``raw_times`` holds the seconds of each block of ``number_per_run``
    executions. ``times`` are per execution; ``median``, ``mean`` and ``iqr`` summarize them. The task's fields
    (``label``, ``stmt``, ``num_threads``...) read through. Mirrors ``torch.utils.benchmark.Measurement``,
    printing included.

    >>> from gradlib.utils.benchmark import Measurement, TaskSpec
    >>> m = Measurement(number_per_run=10, raw_times=[2e-5, 3e-5, 4e-5, 5e-5], task_spec=TaskSpec("f(x)", "pass"))
    >>> print("\\n".join(repr(m).splitlines()[1:]))
    f(x)
      Median: 3.50 us
      IQR:    1.50 us (2.75 to 4.25)
      4 measurements, 10 runs per measurement, 1 thread
      WARNING: Interquartile range is 42.9% of the median measurement.
               This suggests significant environmental influence.
    """
    number_per_run: int
    raw_times: list
    task_spec: TaskSpec
    metadata: dict = None  # the user's own payload

    def __post_init__(self):
        self._sorted_times = ()
        self._warnings = ()
        self._median = -1.0
        self._mean = -1.0
        self._p25 = -1.0
        self._p75 = -1.0

    def __getattr__(self, name):
        if name in _TASKSPEC_FIELDS:
            return getattr(self.task_spec, name)
        return super().__getattribute__(name)

    @property
    def times(self):
        return [t / self.number_per_run for t in self.raw_times]

    @property
    def median(self):
        self._lazy_init()
        return self._median

    @property
    def mean(self):
        self._lazy_init()
        return self._mean

    @property
    def iqr(self):
        self._lazy_init()
        return self._p75 - self._p25

    @property
    def significant_figures(self):
        """How many figures of the median the spread of the middle half of the times supports (1 to 4): what
        ``Compare.trim_significant_figures`` keeps."""
        self._lazy_init()
        count = len(self._sorted_times)
        middle = self._sorted_times[count // 4:math.ceil(3 * count / 4)]
        mean = sum(middle) / len(middle)
        std = math.sqrt(sum((t - mean) ** 2 for t in middle) / len(middle))
        confidence_interval = max(1.645 * std / math.sqrt(len(middle)), _MIN_CONFIDENCE_INTERVAL)
        figures = math.floor(math.log10(self._median / confidence_interval))
        return min(max(figures, 1), _MAX_SIGNIFICANT_FIGURES)

    @property
    def has_warnings(self):
        self._lazy_init()
        return bool(self._warnings)

    def _lazy_init(self):
        if not self.raw_times or self._sorted_times:
            return
        ordered = tuple(sorted(self.times))
        self._sorted_times = ordered
        self._median = _quantile(ordered, 0.5)
        self._mean = sum(ordered) / len(ordered)
        self._p25 = _quantile(ordered, 0.25)
        self._p75 = _quantile(ordered, 0.75)
        if not self.meets_confidence(_IQR_GROSS_WARN_THRESHOLD):
            self._add_warning("This suggests significant environmental influence.")
        elif not self.meets_confidence(_IQR_WARN_THRESHOLD):
            self._add_warning("This could indicate system fluctuation.")

    def _add_warning(self, message):
        relative_iqr = self.iqr / self.median * 100
        self._warnings += (f"  WARNING: Interquartile range is {relative_iqr:.1f}% "
                           f"of the median measurement.\n           {message}",)

    def meets_confidence(self, threshold=_IQR_WARN_THRESHOLD):
        return self.iqr / self.median < threshold

    @property
    def title(self):
        return self.task_spec.title

    @property
    def as_row_name(self):
        return self.sub_label or self.stmt or "[Unknown]"

    def __repr__(self):
        self._lazy_init()
        count = len(self._sorted_times)
        unit, scale = select_unit(self._median)
        threads = self.num_threads
        lines = [
            object.__repr__(self),
            self.task_spec.summarize(),
            f"  {'Median: ' if count > 1 else ''}{self._median / scale:.2f} {unit}",
            (f"  IQR:    {self.iqr / scale:.2f} {unit} ({self._p25 / scale:.2f} to {self._p75 / scale:.2f})"
             if count >= 4 else _SKIP),
            f"  {count} measurement{'s' if count > 1 else ''}, {self.number_per_run} runs "
            f"{'per measurement,' if count > 1 else ','} {threads} thread{'s' if threads > 1 else ''}",
            "\n".join(self._warnings),
        ]
        text = "\n".join(lines).strip()
        return "\n".join(line for line in text.splitlines() if line != _SKIP)

    @staticmethod
    def merge(measurements):
        """Replicates of one task (equal TaskSpecs) merged into one Measurement of per-run times
        (``number_per_run=1``); metadata is dropped."""
        grouped = collections.defaultdict(list)
        for measurement in measurements:
            grouped[measurement.task_spec].append(measurement)
        merged = []
        for task_spec, group in grouped.items():
            times = [t for measurement in group for t in measurement.times]
            merged.append(Measurement(number_per_run=1, raw_times=times, task_spec=task_spec, metadata=None))
        return merged


def select_unit(t):
    """``(unit, scale)`` that prints ``t`` seconds with one to three leading digits: ns, us, ms or s."""
    unit = {-3: "ns", -2: "us", -1: "ms"}.get(int(math.log10(t) // 3) if t > 0 else -4, "s")
    return unit, {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1}[unit]


def unit_to_english(u):
    return {"ns": "nanosecond", "us": "microsecond", "ms": "millisecond", "s": "second"}[u]


def trim_sigfig(x, n):
    """``x`` rounded to ``n`` significant figures (3.14159, 2 -> 3.1)."""
    if n != int(n):
        raise AssertionError("Number of significant figures must be an integer")
    magnitude = math.ceil(math.log10(abs(x)))
    scale = 10.0 ** (magnitude - n)
    return float(round(x / scale) * scale)


def ordered_unique(elements):
    return list(dict.fromkeys(elements))


@contextlib.contextmanager
def set_torch_threads(n):
    """Set ``gradlib.set_num_threads(n)`` for the block and restore the number before."""
    prior = _threads.get_num_threads()
    try:
        _threads.set_num_threads(n)
        yield
    finally:
        _threads.set_num_threads(prior)
