"""Where gradlib is overhead-bound and where it is arithmetic-bound: one training step timed over a range of
sizes, eager and replayed (gradlib.graphs.StepGraph), against PyTorch eager and hand-written NumPy.

    python -m benchmarks.sweep                      # table on stdout, markdown in benchmarks/results/sweep-cpu.md
    python -m benchmarks.sweep --plot sweep.png     # and a plot (needs matplotlib: pip install gradlib[bench])
    python -m benchmarks.sweep --quick              # fewer points and repetitions (the smoke test's)

Sweeps: the MLP step (64-128-128-10) over the batch size 1..1024; the MLP step (W-W-W-10, batch 32) over the
width 32..4096; the mixed elementwise chain over its depth (time per op). Each point interleaves the libraries
(one thread each) and repeats until about ``--seconds`` of work per library, at least 3 times; the tables give
each library's best time (on a shared machine the median picks up other jobs' spikes and page-fault storms,
which hit large arrays hardest; the best time is the cost of the work itself).
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import datetime  # noqa: E402
import pathlib  # noqa: E402
import time  # noqa: E402

from .harness import machine_description, measure  # noqa: E402
from .workloads import REPLAYED, mixed_chain, mlp_step  # noqa: E402

ORDER = ("gradlib", REPLAYED, "numpy", "torch")


def sweeps(quick):
    """(title, parameter name, [(value, factory, kwargs)])."""
    batches = (1, 32, 1024) if quick else (1, 4, 16, 64, 256, 1024)
    widths = (32, 256) if quick else (32, 128, 512, 1024, 2048, 4096)
    depths = (8, 40) if quick else (8, 20, 40, 100, 200, 400, 1000)
    return [
        ("MLP step 64-128-128-10 by batch size", "batch",
         [(b, mlp_step, {"sizes": (64, 128, 128, 10), "batch": b}) for b in batches]),
        ("MLP step W-W-W-10, batch 32, by width W", "width",
         [(w, mlp_step, {"sizes": (w, w, w, 10), "batch": 32}) for w in widths]),
        ("mixed elementwise chain (3 elements) by depth, time per op", "depth",
         [(d, mixed_chain, {"length": d}) for d in depths]),
    ]


def libraries():
    found = ["gradlib", REPLAYED, "numpy"]
    try:
        import torch
        torch.set_num_threads(1)
        found.append("torch")
    except ImportError:
        pass
    return found


def run_point(factory, kwargs, names, seconds):
    steps, losses, per = factory(names, **kwargs)
    reference = losses["numpy"]
    for library, loss in losses.items():
        if abs(loss - reference) > 1e-3 * max(1.0, abs(reference)):
            raise SystemExit(f"{factory.__name__}{kwargs}: {library} computed loss {loss}, numpy {reference}")
    start = time.perf_counter()
    steps["numpy"]()
    once = max(time.perf_counter() - start, 1e-6)
    repeats = int(min(200, max(3, seconds / once)))
    samples = measure(steps, repeats=repeats, warmup=2)
    return {library: min(values) / per for library, values in samples.items()}


def format_sweep(title, parameter, points, names):
    header = [parameter] + [f"{name}" for name in names]
    ratios = [("gradlib", "torch"), (REPLAYED, "torch"), (REPLAYED, "numpy")]
    ratios = [(a, b) for a, b in ratios if a in names and b in names]
    header += [f"{a}/{b}" for a, b in ratios]
    lines = [f"**{title}** (best seconds per step{' per op' if parameter == 'depth' else ''})", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for value, times in points:
        cells = [str(value)] + [_time(times[name]) for name in names]
        cells += [f"{times[a] / times[b]:.2f}x" for a, b in ratios]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def plot(results, names, path):
    try:
        import matplotlib
    except ImportError:
        raise SystemExit("--plot needs matplotlib: pip install 'gradlib[bench]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    figure, axes = pyplot.subplots(1, len(results), figsize=(6 * len(results), 4.5))
    styles = {"gradlib": "o-", REPLAYED: "s-", "numpy": "^--", "torch": "d-"}
    labels = {"gradlib": "gradlib eager", REPLAYED: "gradlib replayed", "numpy": "hand-written NumPy",
              "torch": "PyTorch eager"}
    for axis, (title, parameter, points) in zip(axes, results):
        for name in names:
            axis.plot([v for v, _ in points], [t[name] for _, t in points], styles[name], label=labels[name])
        axis.set_xscale("log", base=2)
        axis.set_yscale("log")
        axis.set_xlabel(parameter)
        axis.set_ylabel("seconds per op" if parameter == "depth" else "seconds per step")
        axis.set_title(title, fontsize=9)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", help="write a plot of the sweeps to this file (PNG; needs matplotlib)")
    parser.add_argument("--quick", action="store_true", help="fewer points and repetitions")
    parser.add_argument("--seconds", type=float, default=None, help="work per library and point (default 0.5)")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/sweep-cpu.md")
    parser.add_argument("--results-dir", default=str(pathlib.Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    seconds = args.seconds if args.seconds is not None else (0.02 if args.quick else 0.5)
    names = [name for name in ORDER if name in libraries()]
    results = []
    for title, parameter, points in sweeps(args.quick):
        measured = [(value, run_point(factory, kwargs, names, seconds)) for value, factory, kwargs in points]
        results.append((title, parameter, measured))
    text = "\n\n".join(format_sweep(title, parameter, points, names) for title, parameter, points in results)
    machine = machine_description()
    print(f"Machine: {machine}\n\n{text}")
    if args.plot:
        plot(results, names, args.plot)
        print(f"\nwrote {args.plot}")
    if not args.no_save:
        target = pathlib.Path(args.results_dir) / "sweep-cpu.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        command = "python -m benchmarks.sweep" + (" --quick" if args.quick else "")
        target.write_text(f"# CPU sweep ({datetime.date.today().isoformat()})\n\nMachine: {machine}\n\n"
                          f"Command: `{command}`\n\n{text}\n")
        print(f"wrote {target}")
    return results


if __name__ == "__main__":
    main()
