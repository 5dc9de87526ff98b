"""Where a small-MLP training step spends its time, part by part, measured inside the running step.

    python -m benchmarks.step_parts               # gradlib and PyTorch (when installed), 3 rounds
    python -m benchmarks.step_parts --steps 500   # fewer steps per round

Each step (the suite's small MLP, 64-128-128-10, batch 32, SGD) is timed in five parts: forward (3 matmuls, 3
bias adds, 2 relus), cross_entropy, backward, the SGD update (``p -= lr * p.grad; p.grad = None`` under
no_grad) and dropping the graph. The figure per part is the median over the steps of the CPU time of this
thread (``time.thread_time``): on a shared machine other processes' work lengthens wall time but not this
thread's CPU time. One timer call (well under a microsecond) is included in each part.

Why in the running step, not each part alone: a part timed in a tight loop of its own runs with every cache
warm for it. In a real step it follows the other parts, and then costs more (gradlib's forward about 8 us more
after a backward pass than after another forward); the step's own parts are what issue 16's ratios are made of.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from . import workloads  # noqa: E402

PARTS = ("forward", "cross_entropy", "backward", "sgd", "free")


def _parts_of_step(lib, sizes=(64, 128, 128, 10), batch=32, lr=0.01):
    """The step of ``lib`` (gradlib or torch, which share the API), returning its five part times in seconds."""
    initial, host_inputs, labels, _ = workloads._mlp_data(sizes, batch)
    params = [lib.tensor(w.copy(), requires_grad=True) for w in initial]
    inputs = lib.tensor(host_inputs)
    targets = lib.tensor(labels)
    layers = len(sizes) - 1
    cross_entropy = lib.nn.functional.cross_entropy
    clock = time.thread_time

    def step():
        start = clock()
        h = inputs
        for i in range(layers):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < layers - 1:
                h = h.relu()
        forward = clock()
        loss = cross_entropy(h, targets)
        ce = clock()
        loss.backward()
        backward = clock()
        with lib.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
        sgd = clock()
        del loss, h
        free = clock()
        return forward - start, ce - forward, backward - ce, sgd - backward, free - sgd

    return step


def measure(libraries, steps, rounds=1, warmup=20):
    """``{library: [{part: microseconds}, ...]}``: per round, the median of each part over ``steps`` steps. The
    libraries take turns round by round."""
    runners = {name: _parts_of_step(__import__(name)) for name in libraries}
    for run in runners.values():
        for _ in range(warmup):
            run()
    results = {name: [] for name in libraries}
    for _ in range(rounds):
        for name, run in runners.items():
            samples = [run() for _ in range(steps)]
            medians = {part: statistics.median(sample[index] for sample in samples) * 1e6
                       for index, part in enumerate(PARTS)}
            medians["step"] = sum(medians.values())
            results[name].append(medians)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="steps per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per library, interleaved (default 3)")
    parser.add_argument("--libraries", nargs="*", default=None, help="default: gradlib and torch if installed")
    args = parser.parse_args(argv)
    libraries = args.libraries
    if libraries is None:
        libraries = ["gradlib"]
        try:
            import torch
            torch.set_num_threads(1)
            libraries.append("torch")
        except ImportError:
            pass
    lines = []
    results = measure(libraries, args.steps, args.rounds)
    for name, rounds in results.items():
        for medians in rounds:
            line = f"{name:8s} " + "  ".join(f"{part} {value:6.1f}" for part, value in medians.items()) + "  (us)"
            print(line, flush=True)
            lines.append(line)
    return lines


if __name__ == "__main__":
    main()
