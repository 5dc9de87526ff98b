"""Data-parallel step time on the CPU: DistributedDataParallel with 1 and 2 processes (``mpiexec``), and the
share of each step that communication costs.

    python -m benchmarks.ddp            # needs pip install 'gradlib[distributed]'

For each workload and process count, one thread per process, interleaved repetitions on every rank:
- *step*: a DDP training step (forward, backward with the bucketed gradient all-reduce, SGD update) on
  this rank's share of the global batch;
- *no communication*: the same step inside ``no_sync()`` (identical arithmetic, no all-reduce);
- *communication share*: (step - no communication) / step, the time communication adds to a step;
- *all-reduce alone*: one all-reduce of a buffer as large as all the gradients.
The markdown table goes to ``benchmarks/results/ddp-cpu.md``.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from .harness import machine_description, measure, summarize  # noqa: E402

WORKLOADS = [("MLP 784-1024-1024-10, global batch 256", (784, 1024, 1024, 10), 256),
             ("small MLP 64-128-128-10, global batch 32", (64, 128, 128, 10), 32)]


def worker(repeats):
    import gradlib
    import gradlib.distributed as dist
    from gradlib import nn
    from gradlib.nn.parallel import DistributedDataParallel as DDP

    dist.init_process_group("mpi")
    rank, world = dist.get_rank(), dist.get_world_size()
    rows = []
    for name, sizes, batch in WORKLOADS:
        gradlib.manual_seed(0)
        layers = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
        model = DDP(nn.Sequential(*layers[:-1]))
        optimizer = gradlib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        gradlib.manual_seed(1 + rank)
        x = gradlib.randn(batch // world, sizes[0])
        y = gradlib.randint(0, sizes[-1], (batch // world,))
        total = sum(p.numel() for p in model.parameters())
        flat = gradlib.zeros(total)
        backend = dist.process_group.default_group().backend

        def step():
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()

        def local_step():
            with model.no_sync():
                step()

        def all_reduce_alone():
            request = backend.all_reduce(flat._array, dist.ReduceOp.SUM)
            while not request.test():
                pass

        samples = measure({"step": step, "local": local_step, "allreduce": all_reduce_alone}, repeats)
        stats = {key: summarize(value) for key, value in samples.items()}
        rows.append({"workload": name, "processes": world, "batch_per_rank": batch // world,
                     "gradient_floats": total, **{key: stats[key]["median"] for key in stats}})
    if rank == 0:
        print("RESULT " + json.dumps(rows), flush=True)
    dist.destroy_process_group()


def launch(processes, repeats):
    from gradlib.distributed.mpi_backend import find_mpiexec
    launcher = find_mpiexec()
    if launcher is None:
        sys.exit("no mpiexec found: pip install 'gradlib[distributed]'")
    done = subprocess.run([launcher, "-n", str(processes), sys.executable, "-m", "benchmarks.ddp", "--worker",
                           "--repeats", str(repeats)], capture_output=True, text=True,
                          cwd=pathlib.Path(__file__).parent.parent)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.exit(f"mpiexec -n {processes} failed:\n{done.stdout}\n{done.stderr}")


def format_table(rows):
    single = {row["workload"]: row["step"] for row in rows if row["processes"] == 1}
    lines = ["| workload | processes | batch per rank | step | no communication | communication share | "
             "all-reduce alone | samples/s | vs 1 process |", "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        batch = row["batch_per_rank"] * row["processes"]
        share = max(row["step"] - row["local"], 0.0) / row["step"]
        speedup = single[row["workload"]] / row["step"]
        lines.append(f"| {row['workload']} | {row['processes']} | {row['batch_per_rank']} | "
                     f"{1e3 * row['step']:.3f} ms | {1e3 * row['local']:.3f} ms | {100 * share:.0f}% | "
                     f"{1e3 * row['allreduce']:.3f} ms | {batch / row['step']:,.0f} | {speedup:.2f}x |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    if args.worker:
        return worker(args.repeats)
    rows = launch(1, args.repeats) + launch(2, args.repeats)
    rows.sort(key=lambda row: (row["workload"], row["processes"]))
    table = format_table(rows)
    machine = machine_description()
    print(f"Machine: {machine}\n\n{table}")
    if not args.no_save:
        target = pathlib.Path(__file__).parent / "results" / "ddp-cpu.md"
        stamp = datetime.date.today().isoformat()
        target.write_text(f"# DistributedDataParallel on the CPU ({stamp})\n\nMachine: {machine}\n\n"
                          f"Command: `python -m benchmarks.ddp` (mpiexec -n 1 and -n 2, one thread per process)\n\n"
                          f"{table}\n")
        print(f"\nwrote {target}")


if __name__ == "__main__":
    main()
