"""Interleaved timing: every library runs one repetition in turn (A B C A B C ...) after a warm-up,
so drifts in machine speed hit all of them alike; medians and spreads come from the same run."""
import os
import pathlib
import platform
import statistics
import time


def measure(candidates, repeats, warmup=3, inner=1, synchronize=None):
    """Time each ``candidates[name]()`` ``repeats`` times, interleaved; returns name -> list of seconds per call."""
    for _ in range(warmup):
        for function in candidates.values():
            function()
    if synchronize:
        synchronize()
    samples = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, function in candidates.items():
            start = time.perf_counter()
            for _ in range(inner):
                function()
            if synchronize:
                synchronize()
            samples[name].append((time.perf_counter() - start) / inner)
    return samples


def summarize(seconds):
    """Median and the interquartile spread, in seconds."""
    ordered = sorted(seconds)
    quartiles = statistics.quantiles(ordered, n=4) if len(ordered) >= 4 else [ordered[0], 0, ordered[-1]]
    return {"median": statistics.median(ordered), "q1": quartiles[0], "q3": quartiles[-1], "n": len(ordered)}


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
