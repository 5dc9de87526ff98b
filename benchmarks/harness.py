"""Interleaved timing: every library runs one repetition in turn (A B C A B C ...) after a warm-up,
so drifts in machine speed hit all of them alike; medians and spreads come from the same run."""
import os
import pathlib
import platform
import statistics
import time


def measure(candidates, repeats, warmup=3, inner=1, synchronize=None):
    """Time each ``candidates[name]()`` ``repeats`` times, interleaved; returns name -> list of seconds per call.

    ``synchronize`` (one function, or name -> function) waits for a candidate's queued device work; it runs
    inside each timed repetition, so asynchronous GPU work is counted where it was queued."""
    if not isinstance(synchronize, dict):
        synchronize = {name: synchronize for name in candidates}
    for _ in range(warmup):
        for function in candidates.values():
            function()
    for name in candidates:
        if synchronize.get(name):
            synchronize[name]()
    samples = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, function in candidates.items():
            wait = synchronize.get(name)
            start = time.perf_counter()
            for _ in range(inner):
                function()
            if wait:
                wait()
            samples[name].append((time.perf_counter() - start) / inner)
    return samples


def summarize(seconds):
    """Median, the interquartile spread and the best (smallest) time, in seconds."""
    ordered = sorted(seconds)
    quartiles = statistics.quantiles(ordered, n=4) if len(ordered) >= 4 else [ordered[0], 0, ordered[-1]]
    return {"median": statistics.median(ordered), "q1": quartiles[0], "q3": quartiles[-1], "min": ordered[0],
            "n": len(ordered)}


def gpu_description():
    """The GPU, its driver and the CUDA and CuPy versions, as CuPy reports them (a stand-in says so)."""
    import cupy
    runtime = cupy.cuda.runtime
    if is_stand_in(cupy):
        name = "no GPU"
    else:
        name = runtime.getDeviceProperties(0)["name"]
        name = name.decode() if isinstance(name, bytes) else str(name)
    parts = [name]
    for label, ask in (("driver API", "driverGetVersion"), ("CUDA runtime", "runtimeGetVersion")):
        try:
            version = getattr(runtime, ask)()
            parts.append(f"{label} {version // 1000}.{version % 1000 // 10}")
        except Exception:
            pass
    parts.append(f"CuPy {cupy.__version__}")
    if is_stand_in(cupy):
        parts.append("CuPy STAND-IN (NumPy on the CPU): these are not GPU timings")
    return ", ".join(parts)


def is_stand_in(cupy):
    """True when ``cupy`` is the test suite's NumPy-backed stand-in (tests/cupy_stand_in), not CuPy."""
    return hasattr(cupy, "_stand_in") or "cupy_stand_in" in str(getattr(cupy, "__file__", ""))


def machine_description():
    import numpy

    import gradlib
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = f"Python {platform.python_version()}, NumPy {numpy.__version__}, gradlib {gradlib.__version__}"
    try:
        import torch
        versions += f", PyTorch {torch.__version__}"
    except ImportError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, 1 thread per library; {versions}"
