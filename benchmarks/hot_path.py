"""The eager hot path, measured the way issue 16 item 1 was: gradlib, PyTorch (when installed) and hand-written NumPy
interleaved repetition by repetition, the minimum of the repetitions per library (on a shared machine the
minimum is the figure least disturbed by others' work), per op for the chains.

    python -m benchmarks.hot_path                 # every workload
    python -m benchmarks.hot_path chain MLP       # the workloads whose name contains one of these words
    python -m benchmarks.hot_path --repeats 5     # fewer repetitions (a smoke run)

Workloads: the 200-op chains of the suite (``per-op chain``, ``mixed chain``), ``y*c chain`` (200 products with a
constant tensor), the MLP steps and the CNN step of the suite, and ``cross_entropy`` alone ((32, 10) logits,
forward and backward). One line per workload, with gradlib/torch and gradlib/numpy ratios.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import time  # noqa: E402

import numpy  # noqa: E402

from . import workloads  # noqa: E402

_HOST = numpy.array([0.5, -1.0, 2.0], dtype=numpy.float32)
_CONSTANT = numpy.array([1.0001, 0.9999, 1.0], dtype=numpy.float32)


def _product_chain(libraries):
    steps = {}
    for name in libraries:
        lib = __import__(name)
        x = lib.tensor(_HOST, requires_grad=True)
        c = lib.tensor(_CONSTANT)

        def step(x=x, c=c):
            x.grad = None
            y = x
            for _ in range(workloads.CHAIN_LENGTH):
                y = y * c
            y.sum().backward()

        steps[name] = step
    return steps, workloads.CHAIN_LENGTH


def _cross_entropy(libraries):
    rng = numpy.random.default_rng(0)
    logits = rng.standard_normal((32, 10)).astype(numpy.float32)
    labels = rng.integers(0, 10, 32)
    steps = {}
    for name in libraries:
        lib = __import__(name)
        x = lib.tensor(logits, requires_grad=True)
        y = lib.tensor(labels)

        def step(x=x, y=y, lib=lib):
            x.grad = None
            lib.nn.functional.cross_entropy(x, y).backward()

        steps[name] = step
    return steps, 1


def _suite(factory, **kwargs):
    def make(libraries):
        steps, _, count = factory(set(libraries) | {"numpy"}, **kwargs)
        return steps, count
    return make


WORKLOADS = {
    "per-op chain": (_suite(workloads.per_op_overhead), 60),
    "mixed chain": (_suite(workloads.mixed_chain), 60),
    "y*c chain": (_product_chain, 60),
    "small MLP": (_suite(workloads.mlp_step, sizes=(64, 128, 128, 10), batch=32), 150),
    "cross_entropy": (_cross_entropy, 300),
    "large MLP": (_suite(workloads.mlp_step, sizes=(784, 1024, 1024, 10), batch=256), 8),
    "small CNN": (_suite(workloads.cnn_step), 20),
}


def measure(steps, count, repeats, warmup=3):
    """Seconds per op (per step over ``count``): the minimum of ``repeats`` interleaved repetitions."""
    for step in steps.values():
        for _ in range(warmup):
            step()
    best = {name: float("inf") for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            best[name] = min(best[name], (time.perf_counter() - start) / count)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="run the workloads whose name contains one of these words")
    parser.add_argument("--repeats", type=int, help="repetitions per workload (default: per workload)")
    args = parser.parse_args(argv)
    libraries = ["gradlib"]
    try:
        import torch
        torch.set_num_threads(1)
        libraries.append("torch")
    except ImportError:
        pass
    lines = []
    for name, (make, repeats) in WORKLOADS.items():
        if args.only and not any(word in name for word in args.only):
            continue
        steps, count = make(libraries)
        best = measure(steps, count, args.repeats or repeats)
        line = f"{name:14s} " + "  ".join(f"{library}={seconds * 1e6:.2f}us" for library, seconds in best.items())
        for other in ("torch", "numpy"):
            if other in best:
                line += f"  gradlib/{other}={best['gradlib'] / best[other]:.2f}x"
        print(line, flush=True)
        lines.append(line)
    return lines


if __name__ == "__main__":
    main()
