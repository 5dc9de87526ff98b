"""conv2d forward+backward of a (32, 3, 32, 32) batch with 16 3x3 filters (padding 1): gradlib vs PyTorch.

    python -m benchmarks.conv2d
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy  # noqa: E402

import gradlib  # noqa: E402

from .harness import measure, summarize  # noqa: E402


def main():
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((32, 3, 32, 32)).astype(numpy.float32)
    w = rng.standard_normal((16, 3, 3, 3)).astype(numpy.float32)
    steps = {}
    libraries = [gradlib]
    try:
        import torch
        torch.set_num_threads(1)
        libraries.append(torch)
    except ImportError:
        pass
    for lib in libraries:
        tx = lib.tensor(x, requires_grad=True)
        tw = lib.tensor(w, requires_grad=True)

        def step(lib=lib, tx=tx, tw=tw):
            tx.grad = None
            tw.grad = None
            out = lib.nn.functional.conv2d(tx, tw, padding=1)
            out.sum().backward()
            return tw.grad

        steps[lib.__name__] = step
    results = {name: summarize(times)["median"] for name, times in measure(steps, repeats=15).items()}
    for name, seconds in results.items():
        print(f"{name:8s} {seconds * 1e3:7.2f} ms")
    if "torch" in results:
        print(f"gradlib/torch {results['gradlib'] / results['torch']:.2f}x")


if __name__ == "__main__":
    main()
