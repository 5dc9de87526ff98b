"""Counts of one small-MLP training step that do not depend on the machine's load: the Python bytecodes each
function runs, and (under callgrind) the instructions of the whole step. What issue 16's eager work is measured
with, before the wall-time ratios of ``benchmarks.hot_path`` on a quiet machine.

    python -m benchmarks.step_count bytecodes          # bytecodes of one step, per function (top 30)
    python -m benchmarks.step_count bytecodes --lines apply_unrecorded_scalar   # per line of one function
    OPENBLAS_NUM_THREADS=1 PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \\
        --toggle-collect=functools_reduce python -m benchmarks.step_count steps 30        # 'Collected' / 30
    ... python -m benchmarks.step_count steps 30 --library numpy    # the hand-written NumPy step, the floor
    ... python -m benchmarks.step_count steps 3 --model large [--library numpy]   # the 784-1024-1024-10 MLP

The step is the suite's small MLP (64-128-128-10, batch 32, SGD written out as ``p -= lr * p.grad`` under
no_grad), after 20 warm-up steps. ``steps`` runs its steps inside one ``functools.reduce`` call, so that
callgrind's ``--toggle-collect=functools_reduce`` counts them and nothing else (imports, set-up, warm-up).
``bytecodes`` counts ``sys.settrace`` opcode events, so it needs no valgrind; an op class's ``apply`` is
reported per class and grad mode (``apply:MmBackward0:grad``).
"""
import argparse
import collections
import functools
import linecache
import sys

from . import workloads

WARM_UP = 20


#: the suite's MLP steps: (layer sizes, batch, warm-up steps)
MODELS = {"small": ((64, 128, 128, 10), 32, WARM_UP), "large": ((784, 1024, 1024, 10), 256, 3)}


def small_mlp_step(library="gradlib", model="small"):
    """The suite's small-MLP step function of ``library`` ('gradlib' or 'numpy'), warmed up; ``model="large"``
    the suite's 784-1024-1024-10 MLP at batch 256 instead (three warm-up steps: each is ~330 million
    instructions, 92% of them sgemm's)."""
    sizes, batch, warm_up = MODELS[model]
    steps, _, _ = workloads.mlp_step(["gradlib"], sizes=sizes, batch=batch)
    step = steps[library]
    for _ in range(warm_up):
        step()
    return step


def run_steps(step, count):
    """``count`` calls of ``step`` inside one ``functools.reduce`` (callgrind's collection window)."""
    functools.reduce(lambda total, _: (step(), total)[1], range(count), 0)


def bytecodes(step, function=None):
    """Opcode events of one call of ``step``: ``{(name, file, first line): count}``, or with ``function`` (a code
    name) ``{line number: count}`` for that function's lines."""
    import gradlib
    counts = collections.Counter()
    files = {}

    def tracer(frame, event, arg):
        code = frame.f_code
        if function is not None and code.co_name != function:
            return None
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        if event == "opcode":
            if function is not None:
                counts[frame.f_lineno] += 1
                files[frame.f_lineno] = code.co_filename
                return tracer
            name = code.co_name
            if name == "apply" and "cls" in frame.f_locals:
                mode = "grad" if gradlib.is_grad_enabled() else "nograd"
                name = f"apply:{frame.f_locals['cls'].__name__}:{mode}"
            counts[(name, code.co_filename.rsplit("gradlib/", 1)[-1], code.co_firstlineno)] += 1
        return tracer

    sys.settrace(tracer)
    try:
        step()
    finally:
        sys.settrace(None)
    return counts, files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    count_parser = sub.add_parser("bytecodes", help="bytecodes of one step, per function")
    count_parser.add_argument("--lines", metavar="FUNCTION", help="per line of this function instead")
    count_parser.add_argument("--top", type=int, default=30)
    steps_parser = sub.add_parser("steps", help="run steps inside functools.reduce (for callgrind)")
    steps_parser.add_argument("count", type=int)
    steps_parser.add_argument("--library", choices=("gradlib", "numpy"), default="gradlib")
    steps_parser.add_argument("--model", choices=tuple(MODELS), default="small",
                              help="the suite's small MLP (default) or its 784-1024-1024-10 MLP")
    args = parser.parse_args(argv)

    if args.command == "steps":
        run_steps(small_mlp_step(args.library, args.model), args.count)
        return
    counts, files = bytecodes(small_mlp_step(), args.lines)
    print("total bytecodes", sum(counts.values()))
    if args.lines:
        for line in sorted(counts, key=lambda line: -1 if line is None else line):
            if line is None:  # opcodes with no line (a generator's or a comprehension's set-up)
                print(f"{counts[line]:6d}     - (no line)")
                continue
            print(f"{counts[line]:6d} {line:5d} {linecache.getline(files[line], line).rstrip()[:110]}")
        return
    for key, count in counts.most_common(args.top):
        print(f"{count:6d} {key[0]} ({key[1]}:{key[2]})")


if __name__ == "__main__":
    main()
