"""``Timer``: time a statement with the standard library's ``timeit`` machinery, as
``torch.utils.benchmark.Timer`` does (warm-up, thread count, replicates, device synchronization)."""
import enum
import sys
import textwrap
import timeit

from .... import cuda
from . import common

__all__ = ["Timer", "timer", "Language"]


def timer():
    """The clock Timer reads by default: ``timeit.default_timer()`` after waiting for the accelerator
    (``torch.accelerator.synchronize()``, as PyTorch's ``timer``), so that queued GPU work is timed."""
    if cuda.is_available():  # gradlib's accelerator is CUDA
        cuda.synchronize()
    return timeit.default_timer()


class Language(enum.Enum):
    PYTHON = 0
    CPP = 1


def _clean(code):
    code = textwrap.dedent(code)
    return (code[1:] if code and code[0] == "\n" else code).rstrip()


class Timer:
    """Time ``stmt`` (a string run in a loop after ``setup``, with ``globals``) and return Measurements.

    Based on ``timeit.Timer`` (used inside), with PyTorch's additions: ``torch`` is in the globals unless given,
    the statement runs with ``num_threads`` threads (default 1), the default ``timer`` synchronizes the
    accelerator, and ``label``, ``sub_label``, ``description`` and ``env`` name the result for printing and
    ``Compare``. Mirrors ``torch.utils.benchmark.Timer``; C++ statements (``language='c++'``) and Callgrind are
    not available (``ValueError`` / ``NotImplementedError``).

    Errors (PyTorch's): ``ValueError`` for a non-string ``stmt`` or a ``global_setup`` in Python;
    ``NotImplementedError`` from ``repeat`` and ``autorange`` ("See `Timer.blocked_autorange.`").

    >>> import gradlib
    >>> from gradlib.utils.benchmark import Timer
    >>> t = Timer("x.mul(2)", globals={"x": gradlib.ones(8)}, label="mul", sub_label="[8]")
    >>> m = t.timeit(100)
    >>> m.number_per_run, len(m.times), m.title
    (100, 1, 'mul: [8]')
    """

    _timer_cls = timeit.Timer

    def __init__(self, stmt="pass", setup="pass", global_setup="", timer=timer, globals=None, label=None,
                 sub_label=None, description=None, env=None, num_threads=1, language=Language.PYTHON):
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        self._globals = dict(globals or {})
        if language in (Language.PYTHON, "py", "python"):
            self._globals.setdefault("torch", sys.modules[__name__.partition(".")[0]])  # gradlib itself (torch)
            self._language = Language.PYTHON
            if global_setup:
                raise ValueError(f"global_setup is C++ only, got `{global_setup}`. Most likely this code can "
                                 "simply be moved to `setup`.")
        elif language in (Language.CPP, "cpp", "c++"):
            raise NotImplementedError("gradlib's Timer times Python statements only (C++ timing needs PyTorch's "
                                      "compiled library)")
        else:
            raise ValueError(f"Invalid language `{language}`.")
        stmt = _clean(stmt)
        setup = _clean(setup)
        self._timer = self._timer_cls(stmt=stmt, setup=setup, timer=timer, globals=self._globals)
        self._task_spec = common.TaskSpec(stmt=stmt, setup=setup, global_setup=global_setup, label=label,
                                          sub_label=sub_label, description=description, env=env,
                                          num_threads=num_threads)

    def _timeit(self, number):
        # a zero time would break the statistics (division by the median)
        return max(self._timer.timeit(number), 1e-9)

    def timeit(self, number=1000000):
        """Run ``stmt`` ``number`` times (after a warm-up of ``number // 100``, at least 2) and return one
        Measurement of that block."""
        with common.set_torch_threads(self._task_spec.num_threads):
            self._timeit(number=max(int(number // 100), 2))
            return common.Measurement(number_per_run=number, raw_times=[self._timeit(number=number)],
                                      task_spec=self._task_spec)

    def repeat(self, repeat=-1, number=-1):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback=None):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _measurement_loop(self, number, stop_hook, min_run_time, max_run_time=None, callback=None):
        total = 0.0
        can_stop = False
        times = []
        with common.set_torch_threads(self._task_spec.num_threads):
            while total < min_run_time or not can_stop:
                spent = self._timeit(number)
                times.append(spent)
                total += spent
                if callback:
                    callback(number, spent)
                can_stop = stop_hook(times)
                if max_run_time and total > max_run_time:
                    break
        return times

    def _estimate_block_size(self, min_run_time):
        """The smallest power of ten of executions whose time dwarfs the loop's own overhead."""
        with common.set_torch_threads(self._task_spec.num_threads):
            overheads = sorted(self._timeit(0) for _ in range(5))
            overhead = overheads[2]
            number = 1
            while True:
                taken = self._timeit(number)
                if overhead / taken <= 1e-4 and taken >= min_run_time / 1000:
                    break
                if taken > min_run_time or number * 10 > 2147483647:
                    break
                number *= 10
        return number

    def blocked_autorange(self, callback=None, min_run_time=0.2):
        """Time blocks of a size that hides the timer's overhead until ``min_run_time`` seconds have run; one
        Measurement of all the blocks (``callback(number, time)`` after each)."""
        number = self._estimate_block_size(min_run_time)
        times = self._measurement_loop(number, lambda times: True, min_run_time=min_run_time, callback=callback)
        return common.Measurement(number_per_run=number, raw_times=times, task_spec=self._task_spec)

    def adaptive_autorange(self, threshold=0.1, *, min_run_time=0.01, max_run_time=10.0, callback=None):
        """Like ``blocked_autorange``, but go on until the IQR is under ``threshold`` of the median (with more
        than 3 blocks) or ``max_run_time`` has passed."""
        number = self._estimate_block_size(min_run_time=0.05)

        def stop_hook(times):
            if len(times) > 3:
                measurement = common.Measurement(number_per_run=number, raw_times=times, task_spec=self._task_spec)
                return measurement.meets_confidence(threshold=threshold)
            return False

        times = self._measurement_loop(number, stop_hook, min_run_time, max_run_time, callback=callback)
        return common.Measurement(number_per_run=number, raw_times=times, task_spec=self._task_spec)

    def collect_callgrind(self, number=100, *, repeats=None, collect_baseline=True, retain_out_file=False):
        raise NotImplementedError("collect_callgrind needs valgrind and PyTorch's compiled bindings; gradlib "
                                  "measures wall time only (blocked_autorange, adaptive_autorange, timeit)")

