"""Run the benchmark suite with one thread per library and print a table of medians and ratios.

    python -m benchmarks                 # CPU: table on stdout, markdown written to benchmarks/results/
    python -m benchmarks --json out.json
    python -m benchmarks --device cuda   # gradlib on CuPy, hand-written CuPy, PyTorch CUDA eager

The libraries are interleaved repetition by repetition after a warm-up; each workload first checks that all
libraries computed the same loss. On CUDA each timed step ends by waiting for its library's queued GPU work.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402


from .harness import gpu_description, is_stand_in, machine_description, measure, summarize  # noqa: E402
from .workloads import CPU, REPLAYED, WORKLOADS, Target, cuda_workloads  # noqa: E402


def available_libraries(replay=True):
    libraries = ["gradlib", "numpy"]
    try:
        import torch
        torch.set_num_threads(1)
        libraries.append("torch")
    except ImportError:
        pass
    if replay:
        libraries.append(REPLAYED)  # gradlib's step captured once (gradlib.graphs.StepGraph) and replayed
    return libraries


def cuda_setup(replay=True):
    """The CUDA target, its libraries, workloads and per-library synchronizers, and a note on what was left out."""
    import gradlib
    if not gradlib.cuda.is_available():
        raise SystemExit("--device cuda: gradlib sees no usable CUDA GPU (CuPy missing or no GPU visible)")
    import cupy
    stream_wait = {"gradlib": gradlib.cuda.synchronize, "cupy": lambda: cupy.cuda.get_current_stream().synchronize()}
    libraries = ["gradlib", "cupy"]
    note = ""
    try:
        import torch
    except ImportError:
        note = "PyTorch is not installed: no torch column."
    else:
        if torch.cuda.is_available():
            torch.set_num_threads(1)
            # float32 arithmetic everywhere: CuPy does not use TF32 unless CUPY_TF32=1, so neither does PyTorch here
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            libraries.append("torch")
            stream_wait["torch"] = torch.cuda.synchronize
        else:
            note = "PyTorch sees no CUDA GPU: no torch column."
    if replay:
        libraries.append(REPLAYED)
    note = ("Each timed step ends by waiting for its library's GPU work (gradlib.cuda.synchronize, the CuPy stream's "
            "synchronize, torch.cuda.synchronize); float32 throughout (PyTorch's TF32 off). " + note).strip()
    target = Target("cuda", cupy, "cuda")
    return target, libraries, cuda_workloads(is_stand_in(cupy)), stream_wait, note


def run(scale, only=None, device="cpu", replay=True):
    """Check and time every workload; returns (rows, libraries, note)."""
    if device == "cpu":
        target, libraries, workloads, synchronize, note = CPU, available_libraries(replay), WORKLOADS, None, ""
    else:
        target, libraries, workloads, synchronize, note = cuda_setup(replay)
    rows = []
    for name, (factory, kwargs, repeats) in workloads.items():
        if only and only not in name:
            continue
        steps, losses, per = factory(libraries, target=target, **kwargs)
        reference = losses[target.hand]
        for library, loss in losses.items():
            if abs(loss - reference) > 1e-3 * max(1.0, abs(reference)):
                raise SystemExit(f"{name}: {library} computed loss {loss}, {target.hand} {reference}; not timing")
        samples = measure(steps, repeats=max(3, int(repeats * scale)), synchronize=synchronize)
        stats = {library: summarize([s / per for s in values]) for library, values in samples.items()}
        rows.append({"workload": name, "loss": reference, "stats": stats})
    return rows, libraries, note


def format_table(rows, libraries, statistic="median"):
    """Medians (or best times, ``statistic="min"``) per library, then gradlib's and the replayed step's ratios to
    hand-written code and PyTorch, of the same statistic."""
    hand = libraries[1]
    header = ["workload"] + [f"{lib} ({statistic})" for lib in libraries]
    ratios = [(mine, other) for mine in ("gradlib", REPLAYED) for other in (hand, "torch")
              if mine in libraries and other in libraries]
    header += [f"{mine}/{other}" for mine, other in ratios]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        stats = row["stats"]
        cells = [row["workload"]]
        for lib in libraries:
            s = stats.get(lib)
            if s is None:
                cells.append("-")
            elif statistic == "median":
                cells.append(f"{_time(s['median'])} (IQR {_time(s['q1'])}-{_time(s['q3'])})")
            else:
                cells.append(f"{_time(s[statistic])} (median {_time(s['median'])})")
        for mine, other in ratios:
            if mine in stats and other in stats:
                cells.append(f"{stats[mine][statistic] / stats[other][statistic]:.2f}x")
            else:
                cells.append("-")
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
    parser = argparse.ArgumentParser(description="gradlib benchmarks (one thread per library)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu",
                        help="cpu: gradlib, NumPy, PyTorch; cuda: gradlib on CuPy, CuPy, PyTorch CUDA")
    parser.add_argument("--json", help="also write the raw figures to this JSON file")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of repetitions")
    parser.add_argument("--no-save", action="store_true", help="do not write the results file (latest-<device>.md)")
    parser.add_argument("--results-dir", default=str(pathlib.Path(__file__).parent / "results"),
                        help="folder of the results file (default: benchmarks/results)")
    parser.add_argument("--only", help="run only the workloads whose name contains this text (no file written)")
    parser.add_argument("--chain-ops", type=int, default=None,
                        help="length of the chain workload (0 skips it; CPU only, default 10^6)")
    parser.add_argument("--best", action="store_true",
                        help="report each library's best (smallest) time of the interleaved repetitions and ratios "
                             "of best times, instead of medians (for a loaded machine)")
    parser.add_argument("--no-replay", action="store_true",
                        help="time eager steps only (no replayed column; for comparing with an older gradlib)")
    args = parser.parse_args()
    if args.chain_ops is None:
        args.chain_ops = 10 ** 6 if args.device == "cpu" else 0
    rows, libraries, note = run(args.scale, args.only, args.device, replay=not args.no_replay)
    if args.only:
        args.chain_ops, args.no_save = 0, True
    machine = machine_description()
    if args.device == "cuda":
        machine = f"{gpu_description()}; host {machine}{_torch_cuda()}"
    table = format_table(rows, libraries, "min" if args.best else "median")
    if args.chain_ops:
        from .chain import main as chain_main
        import contextlib
        import io
        with contextlib.redirect_stdout(io.StringIO()):
            chain = chain_main(["--ops", str(args.chain_ops)])
        table += "\n\n" + format_chain(chain, args.chain_ops)
    if note:
        table += f"\n\n{note}"
    print(f"Machine: {machine}\n")
    print(table)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({"machine": machine, "device": args.device, "rows": rows},
                                                      indent=1))
    if not args.no_save:
        target = pathlib.Path(args.results_dir) / f"latest-{args.device}.md"
        stamp = datetime.date.today().isoformat()
        title, command = ("CPU", "python -m benchmarks") if args.device == "cpu" else (
            "CUDA", "python -m benchmarks --device cuda")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title} benchmark ({stamp})\n\nMachine: {machine}\n\nCommand: `{command}`\n\n"
                          f"{table}\n")
        print(f"\nwrote {target}")


def _torch_cuda():
    """PyTorch's CUDA build and GPU, for the CUDA results' machine line ('' without PyTorch CUDA)."""
    try:
        import torch
    except ImportError:
        return ""
    if not torch.cuda.is_available():
        return ""
    return f" (CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}, {torch.cuda.get_device_name()})"


if __name__ == "__main__":
    main()
