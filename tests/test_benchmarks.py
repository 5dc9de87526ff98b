"""The CUDA side of the benchmark suite and the host-read counter that ci/gpu.sh runs on a GPU: they run
wherever CUDA is usable, the CuPy stand-in included (``pytest --device cuda --cupy-stand-in``)."""
import json
import pathlib
import subprocess
import sys

import pytest

import gradlib

ROOT = pathlib.Path(__file__).resolve().parents[1]

needs_cuda = pytest.mark.skipif(not gradlib.cuda.is_available(),
                                reason="no usable CUDA (a GPU, or pytest --device cuda --cupy-stand-in)")


@needs_cuda
def test_benchmark_suite_runs_on_cuda(tmp_path):
    output = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--device", "cuda", "--scale", "0.01", "--no-save",
                             "--json", str(output)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "| gradlib (median) | cupy (median) |" in result.stdout and "gradlib/cupy" in result.stdout
    workloads = [row["workload"] for row in json.loads(output.read_text())["rows"]]
    assert workloads[0].startswith("per-op overhead")
    assert "MLP step 4096-4096-4096-10, batch 1024" in workloads or "MLP step 512-512-512-10, batch 128" in workloads


@needs_cuda
def test_host_read_counter_charges_each_read_to_the_line_that_asked_for_it():
    import cupy

    from benchmarks.host_reads import HostReadCounter
    t = gradlib.tensor([1.5, 2.0], device="cuda")
    raw = cupy.asarray([3.0])
    with HostReadCounter(cupy) as counter:
        assert gradlib.equal(t, t)   # gradlib's own read (a bool() inside equal)
        t.sum().item()               # the caller's read, through a host API
        float(raw[0])                # this test's own read of a CuPy array
    places = {where.split(":")[0] for where, _ in counter.sites}
    assert places == {"explicit", "gradlib/ops/comparison.py", __file__}, counter.sites
    assert list(counter.gradlib_reads().values()) == [1] and sum(counter.sites.values()) == 3
    float(raw[0])
    assert sum(counter.sites.values()) == 3  # uninstalled: no longer counting


@needs_cuda
def test_training_steps_read_nothing_back_on_cupy_arrays(capsys):
    from benchmarks.host_reads import main
    assert main([]) == 0, capsys.readouterr().out
    assert "Total reads attributed to gradlib: 0" in capsys.readouterr().out


def test_sweep_runs_quickly_and_reports_eager_replayed_and_numpy(tmp_path):
    """The sweep's smoke run (CPU): every point checks the libraries computed the same loss, then times them."""
    from benchmarks import sweep
    results = sweep.main(["--quick", "--seconds", "0", "--results-dir", str(tmp_path)])
    written = (tmp_path / "sweep-cpu.md").read_text()
    assert [title for title, _, _ in results][0].startswith("MLP step 64-128-128-10 by batch size")
    for _, _, points in results:
        for _, times in points:
            assert {"gradlib", "replayed", "numpy"} <= set(times) and all(t > 0 for t in times.values())
    assert "| batch | gradlib | replayed | numpy" in written and "replayed/numpy" in written
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    sweep.plot(results, ["gradlib", "replayed", "numpy"], str(tmp_path / "sweep.png"))
    assert (tmp_path / "sweep.png").stat().st_size > 1000


def test_best_times_table_reports_minimums_and_their_ratios():
    """``--best``: each library's smallest time of the interleaved repetitions, and ratios of those."""
    from benchmarks.__main__ import format_table
    from benchmarks.harness import summarize
    stats = {"gradlib": summarize([3e-6, 9e-6, 5e-6, 7e-6]), "numpy": summarize([1e-6, 2e-6, 4e-6, 8e-6]),
             "torch": summarize([2e-6, 2e-6, 6e-6, 6e-6])}
    assert stats["gradlib"]["min"] == 3e-6
    rows = [{"workload": "w", "loss": 0.0, "stats": stats}]
    best = format_table(rows, ["gradlib", "numpy", "torch"], "min")
    assert "| gradlib (min) |" in best and "3.00 us (median 6.00 us)" in best
    assert "| 3.00x | 1.50x |" in best  # 3 / 1 and 3 / 2
    median = format_table(rows, ["gradlib", "numpy", "torch"])
    assert "| gradlib (median) |" in median and "| 2.00x | 1.50x |" in median  # 6 / 3 and 6 / 4


def test_step_parts_reports_each_part_of_the_running_step():
    from benchmarks import step_parts
    lines = step_parts.main(["--steps", "5", "--rounds", "2", "--libraries", "gradlib"])
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("gradlib ")
        for part in (*step_parts.PARTS, "step"):
            assert f" {part} " in line
    results = step_parts.measure(["gradlib"], steps=3)
    (medians,) = results["gradlib"]
    assert all(value > 0 for value in medians.values())
    assert abs(medians["step"] - sum(medians[part] for part in step_parts.PARTS)) < 1e-6
