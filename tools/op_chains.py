"""Per-op cost of the eager hot path, one op kind at a time: 200-op chains of ``y * 1.0001``, ``y + 0.001``,
``y.sin()`` and ``y * c`` (``c`` a constant tensor) on 3 float32 elements, forward alone and forward + backward,
the minimum of repeats, in microseconds per op. The library is gradlib, or PyTorch with ``--torch`` (one
thread). Complements ``benchmarks/hot_path.py`` (interleaved, mixed workloads) when a change touches one kind.

    python tools/op_chains.py            # gradlib
    python tools/op_chains.py --torch    # PyTorch, for comparison
"""
import argparse
import time

import numpy

import gradlib

LENGTH = 200


def _best(function, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best / LENGTH * 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch", action="store_true", help="time PyTorch instead of gradlib")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    lib = gradlib
    if args.torch:
        import torch as lib  # optional: the comparison only
        lib.set_num_threads(1)
    x = lib.tensor(numpy.array([0.5, -1.0, 2.0], dtype=numpy.float32), requires_grad=True)
    c = lib.tensor(numpy.array([1.0001, 0.9999, 1.0], dtype=numpy.float32))
    kinds = {"y * 1.0001": lambda y: y * 1.0001, "y + 0.001": lambda y: y + 0.001, "y.sin()": lambda y: y.sin(),
             "y * c": lambda y: y * c}
    for name, op in kinds.items():
        def forward(op=op):
            y = x
            for _ in range(LENGTH):
                y = op(y)
            return y

        def both(forward=forward):
            forward().sum().backward()
            x.grad = None

        both()  # warm-up (PyTorch's first backward starts its engine)
        ahead = _best(forward, args.repeats)
        total = _best(both, args.repeats)
        print(f"{name:11s} forward {ahead:.2f} us  forward+backward {total:.2f} us  backward {total - ahead:.2f} us")


if __name__ == "__main__":
    main()
