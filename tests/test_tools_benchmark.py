"""torch.utils.benchmark on gradlib: Measurement reprs, Compare tables, unit helpers and errors against what
PyTorch printed for the same times (tests/reference/tools6.py), and Timer running real statements."""
import json
import pathlib
import sys

import pytest

import gradlib
from gradlib.utils import benchmark

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import tools6  # noqa: E402

RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_tools6.json").read_text())["benchmark"]
GOT = tools6.run_benchmark_cases(benchmark)


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_benchmark_prints_what_pytorch_prints(key):
    if key == "trim_sigfig":  # PyTorch rounds in float32 (3.1000001430511475); gradlib in float64
        assert GOT[key] == pytest.approx(RECORDED[key], rel=1e-6)
        return
    got, expected = GOT[key], RECORDED[key]
    if isinstance(expected, dict) and "median" in expected:
        for field in ("median", "mean", "iqr"):
            assert got[field] == pytest.approx(expected[field], rel=1e-9, abs=1e-15)
        got = {k: v for k, v in got.items() if k not in ("median", "mean", "iqr", "times")}
        expected = {k: v for k, v in expected.items() if k not in ("median", "mean", "iqr", "times")}
    assert got == expected


def test_timer_runs_on_the_device(device):
    x = gradlib.ones(16, 16, device=device)
    timer = benchmark.Timer(stmt="torch.mm(x, x).sum()", setup="y = 1", globals={"x": x}, label="mm",
                            sub_label="[16]", description="gradlib", num_threads=2)
    measurement = timer.blocked_autorange(min_run_time=0.01)
    assert measurement.number_per_run >= 1 and len(measurement.times) >= 1
    assert measurement.median > 0 and measurement.num_threads == 2
    assert repr(measurement).splitlines()[1:3] == ["mm: [16]", "gradlib"]
    adaptive = timer.adaptive_autorange(max_run_time=0.05)
    assert len(adaptive.times) >= 1
    calls = []
    timer.blocked_autorange(callback=lambda number, spent: calls.append(number), min_run_time=0.001)
    assert calls
    text = str(benchmark.Compare([measurement, adaptive]))
    assert "[" in text and "mm" in text and "2 threads:" in text and "Times are in" in text


def test_timer_restores_the_thread_count():
    gradlib.set_num_threads(3)
    benchmark.Timer("pass", num_threads=1).timeit(5)
    assert gradlib.get_num_threads() == 3


def test_timer_puts_torch_in_the_globals_and_measures_time():
    seen = []
    timer = benchmark.Timer("seen.append(torch)", globals={"seen": seen})
    timer.timeit(3)
    assert seen[-1] is gradlib
    slow = benchmark.Timer("time.sleep(0.002)", setup="import time").timeit(5)
    assert slow.median >= 0.0015


def test_measurement_merge_and_metadata():
    spec = benchmark.TaskSpec("f()", "pass", label="x")
    merged = benchmark.Measurement.merge([benchmark.Measurement(2, [4.0], spec, metadata={"a": 1}),
                                          benchmark.Measurement(1, [3.0], spec)])
    assert len(merged) == 1 and merged[0].times == [2.0, 3.0] and merged[0].metadata is None
