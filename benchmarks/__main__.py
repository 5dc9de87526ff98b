"""Run the benchmark suite on the CPU with one thread per library and print a table of medians and ratios.

    python -m benchmarks                 # table on stdout, markdown written to benchmarks/results/
    python -m benchmarks --json out.json

The libraries are interleaved repetition by repetition after a warm-up; each workload first checks that all
libraries computed the same loss.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402


from .harness import machine_description, measure, summarize  # noqa: E402
from .workloads import WORKLOADS  # noqa: E402


def available_libraries():
    libraries = ["gradlib", "numpy"]
    try:
        import torch
        torch.set_num_threads(1)
        libraries.append("torch")
    except ImportError:
        pass
    return libraries


def run(scale, only=None):
    libraries = available_libraries()
    rows = []
    for name, (factory, kwargs, repeats) in WORKLOADS.items():
        if only and only not in name:
            continue
        steps, losses, per = factory(libraries, **kwargs)
        reference = losses["numpy"]
        for library, loss in losses.items():
            if abs(loss - reference) > 1e-3 * max(1.0, abs(reference)):
                raise SystemExit(f"{name}: {library} computed loss {loss}, NumPy {reference}; not timing")
        samples = measure(steps, repeats=max(3, int(repeats * scale)))
        stats = {library: summarize([s / per for s in values]) for library, values in samples.items()}
        rows.append({"workload": name, "loss": reference, "stats": stats})
    return rows, libraries


def format_table(rows, libraries):
    header = ["workload"] + [f"{lib} (median)" for lib in libraries] + ["gradlib/numpy"]
    if "torch" in libraries:
        header.append("gradlib/torch")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        stats = row["stats"]
        cells = [row["workload"]]
        for lib in libraries:
            s = stats[lib]
            cells.append(f"{_time(s['median'])} (IQR {_time(s['q1'])}-{_time(s['q3'])})")
        cells.append(f"{stats['gradlib']['median'] / stats['numpy']['median']:.2f}x")
        if "torch" in libraries:
            cells.append(f"{stats['gradlib']['median'] / stats['torch']['median']:.2f}x")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_chain(chain, count):
    lines = [f"{count:,}-op chain (y = y * c on 3 elements) | build | backward | free | memory per node",
             "|---|---|---|---|---|"]
    for library, row in chain.items():
        if "error" in row:
            lines.append(f"| {library} | failed: {row['error']} | | | |")
            continue
        lines.append(f"| {library} | {row['build_s']:.2f} s | {row['backward_s']:.2f} s | {row['free_s']:.2f} s | "
                     f"{row['bytes_per_node']:.0f} B |")
    lines[0] = "| " + lines[0] + " |"
    return "\n".join(lines)


def _time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e3:.2f} ms"


def main():
    parser = argparse.ArgumentParser(description="gradlib benchmarks (CPU, one thread)")
    parser.add_argument("--json", help="also write the raw figures to this JSON file")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of repetitions")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/latest-cpu.md")
    parser.add_argument("--only", help="run only the workloads whose name contains this text (no file written)")
    parser.add_argument("--chain-ops", type=int, default=10 ** 6, help="length of the chain workload (0 skips it)")
    args = parser.parse_args()
    rows, libraries = run(args.scale, args.only)
    if args.only:
        args.chain_ops, args.no_save = 0, True
    machine = machine_description()
    table = format_table(rows, libraries)
    if args.chain_ops:
        from .chain import main as chain_main
        import contextlib
        import io
        with contextlib.redirect_stdout(io.StringIO()):
            chain = chain_main(["--ops", str(args.chain_ops)])
        table += "\n\n" + format_chain(chain, args.chain_ops)
    print(f"Machine: {machine}\n")
    print(table)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({"machine": machine, "rows": rows}, indent=1))
    if not args.no_save:
        target = pathlib.Path(__file__).parent / "results" / "latest-cpu.md"
        stamp = datetime.date.today().isoformat()
        target.write_text(f"# CPU benchmark ({stamp})\n\nMachine: {machine}\n\nCommand: `python -m benchmarks`\n\n"
                          f"{table}\n")
        print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
