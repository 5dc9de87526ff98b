"""Data-parallel training with DistributedDataParallel: every process trains on its share of each epoch and the
gradients are averaged across processes, so N processes take the same steps as one process on the full batch.

    mpiexec -n 2 python examples/train_ddp.py                  # CPU: the 'mpi' backend, one process per core
    mpiexec -n 2 python examples/train_ddp.py --backend nccl   # CUDA: one GPU per rank (cuda:<local rank>)
    python examples/train_ddp.py                               # a world of one

Needs ``pip install 'gradlib[distributed]'`` (mpi4py and MPICH's mpiexec); the data are made here (three
interleaved spirals), so nothing is downloaded.
"""
import argparse
import math
import sys
import time

import numpy

import gradlib
import gradlib.distributed as dist
from gradlib import nn
from gradlib.nn.parallel import DistributedDataParallel as DDP
from gradlib.utils.data import DataLoader, DistributedSampler, TensorDataset


def spirals(points_per_class=400, classes=3, seed=0):
    """Three noisy interleaved spirals in the plane: (x of shape (N, 2), labels of shape (N,))."""
    rng = numpy.random.default_rng(seed)
    radius = numpy.tile(numpy.linspace(0.05, 1.0, points_per_class), classes)
    labels = numpy.repeat(numpy.arange(classes), points_per_class)
    angle = labels * (2 * math.pi / classes) + radius * 4.0 + rng.normal(0, 0.15, radius.size)
    x = numpy.stack([radius * numpy.sin(angle), radius * numpy.cos(angle)], axis=1)
    return x.astype(numpy.float32), labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("mpi", "nccl"), default="mpi")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=120, help="global batch, split across the ranks")
    args = parser.parse_args()

    dist.init_process_group(args.backend)
    rank, world = dist.get_rank(), dist.get_world_size()
    device = "cuda" if args.backend == "nccl" else "cpu"
    if args.batch_size % world:
        sys.exit(f"--batch-size {args.batch_size} must divide evenly among {world} ranks")

    x, labels = spirals()
    data = TensorDataset(gradlib.tensor(x, device=device), gradlib.tensor(labels, device=device))
    sampler = DistributedSampler(data, shuffle=True, seed=0)  # this rank's share of each epoch
    loader = DataLoader(data, batch_size=args.batch_size // world, sampler=sampler)

    gradlib.manual_seed(rank)  # deliberately different on each rank: DDP starts everyone from rank 0's weights
    model = DDP(nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3)).to(device))
    optimizer = gradlib.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = nn.CrossEntropyLoss()

    steps, start = 0, time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        sampler.set_epoch(epoch)
        total = gradlib.zeros((), device=device)
        for batch_x, batch_y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(batch_x), batch_y)
            loss.backward()
            optimizer.step()
            total += loss.detach()
            steps += 1
        if epoch % 10 == 0 or epoch == args.epochs:
            dist.all_reduce(total, op=dist.ReduceOp.AVG)  # the mean over ranks, for printing
            if rank == 0:
                print(f"epoch {epoch:3d}  mean loss {total.item() / len(loader):.4f}", flush=True)
    elapsed = time.perf_counter() - start

    with gradlib.no_grad():
        accuracy = (model(data.tensors[0]).argmax(1) == data.tensors[1]).float().mean()
    dist.all_reduce(accuracy, op=dist.ReduceOp.MIN)  # every rank holds the same model: min == max
    if rank == 0:
        print(f"{world} process(es), backend {args.backend}: {1e3 * elapsed / steps:.2f} ms per step, "
              f"training accuracy {accuracy.item():.3f}")
    dist.destroy_process_group()
    if args.epochs >= 40 and accuracy.item() < 0.9:
        sys.exit("training accuracy below 0.9: something is wrong")


if __name__ == "__main__":
    main()
