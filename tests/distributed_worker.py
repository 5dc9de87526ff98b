"""One scenario of tests/test_distributed.py, run on every rank under ``mpiexec -n 2``.

    mpiexec -n 2 python tests/distributed_worker.py SCENARIO

Each rank checks its own results with ``assert`` and prints ``rank R: SCENARIO ok`` at the end; the test
reads those lines and the exit status.
"""
import datetime
import sys
import time

import numpy

import gradlib
import gradlib.distributed as dist
from gradlib import nn, optim
from gradlib.nn.parallel import DistributedDataParallel as DDP
from gradlib.utils.data import DataLoader, TensorDataset
from gradlib.utils.data.distributed import DistributedSampler

OPTIMIZERS = {
    "SGD": lambda params: optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True),
    "Adam": lambda params: optim.Adam(params, lr=0.01),
    "AdamW": lambda params: optim.AdamW(params, lr=0.01, weight_decay=0.1),
    "RMSprop": lambda params: optim.RMSprop(params, lr=0.01),
    "Adagrad": lambda params: optim.Adagrad(params, lr=0.1),
}
STEPS = 20


class WithUnused(nn.Module):
    """A network with a layer that forward never uses."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.unused = nn.Linear(2, 2)

    def forward(self, x):
        return self.net(x)


def model(seed, extra=False):
    gradlib.manual_seed(seed)
    net = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))
    return (WithUnused(net) if extra else net).double()


def dataset():
    rng = numpy.random.default_rng(0)
    x = gradlib.tensor(rng.standard_normal((16, 6)))
    y = gradlib.tensor(rng.standard_normal((16, 3)))
    return TensorDataset(x, y)


def run_plain(name, data):
    """The reference: one process, the full batch."""
    net = model(1)
    opt = OPTIMIZERS[name](net.parameters())
    x, y = data.tensors
    for _ in range(STEPS):
        opt.zero_grad()
        nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    return net


def run_ddp(name, data, micro_batches=1, **options):
    """Rank r trains on its half of every epoch (a DistributedSampler), starting from its own random init:
    DDP must replace it with rank 0's."""
    net = DDP(model(1 + dist.get_rank(), extra=options.pop("extra", False)), **options)
    opt = OPTIMIZERS[name](net.parameters())
    sampler = DistributedSampler(data, shuffle=True, seed=7)
    loader = DataLoader(data, batch_size=len(data) // dist.get_world_size(), sampler=sampler)
    for epoch in range(STEPS):
        sampler.set_epoch(epoch)
        for x, y in loader:
            opt.zero_grad()
            size = len(x) // micro_batches
            for part in range(micro_batches):
                xs, ys = x[part * size:(part + 1) * size], y[part * size:(part + 1) * size]
                if part < micro_batches - 1:
                    with net.no_sync():
                        (nn.functional.mse_loss(net(xs), ys) / micro_batches).backward()
                else:
                    (nn.functional.mse_loss(net(xs), ys) / micro_batches).backward()
            opt.step()
    return net.module


def largest_difference(a, b):
    return max(float((p - q).abs().max()) for p, q in zip(a.parameters(), b.parameters()))


def scenario_ddp():
    data = dataset()
    for name in OPTIMIZERS:
        gap = largest_difference(run_ddp(name, data), run_plain(name, data))
        print(f"rank {dist.get_rank()}: {name} 2-process vs 1-process max |diff| {gap:.3g}", flush=True)
        assert gap < 1e-10, (name, gap)
    for label, options in (("small buckets", {"bucket_cap_mb": 0.0005}),
                           ("no_sync accumulation", {"micro_batches": 2})):
        gap = largest_difference(run_ddp("Adam", data, **options), run_plain("Adam", data))
        print(f"rank {dist.get_rank()}: {label} max |diff| {gap:.3g}", flush=True)
        assert gap < 1e-10, (label, gap)
    small = DDP(model(1), bucket_cap_mb=0.0005)
    assert len(small._buckets) > 2
    # A parameter that never gets a gradient: an error, or zero with find_unused_parameters.
    x, y = data.tensors
    strict = DDP(model(1, extra=True))
    try:
        nn.functional.mse_loss(strict(x), y).backward()
        raise AssertionError("an unused parameter was not reported")
    except RuntimeError as error:
        assert "unused.weight" in str(error) and "find_unused_parameters" in str(error), error
    lenient = DDP(model(1, extra=True), find_unused_parameters=True)
    nn.functional.mse_loss(lenient(x), y).backward()
    assert float(lenient.module.unused.weight.grad.abs().sum()) == 0.0


class Strided(nn.Module):
    """A module whose parameter and buffer are non-contiguous views (a transpose, every other column)."""

    def __init__(self, rank):
        super().__init__()
        self.weight = nn.Parameter(gradlib.arange(6.).reshape(2, 3).t() + 10 * rank)
        self.storage = gradlib.arange(12.).reshape(3, 4) + 100 * rank
        self.register_buffer("running", self.storage[:, ::2])

    def forward(self, x):
        return x @ self.weight


def scenario_ddp_noncontiguous():
    """DDP copies rank 0's non-contiguous parameters and buffers (at construction, and buffers at every
    forward) into the same views on every rank."""
    rank = dist.get_rank()
    module = Strided(rank)
    assert not module.weight.is_contiguous() and not module.running.is_contiguous()
    net = DDP(module)
    assert module.weight.tolist() == [[0., 3.], [1., 4.], [2., 5.]], module.weight
    assert module.running.tolist() == [[0., 2.], [4., 6.], [8., 10.]], module.running
    assert module.storage[:, 1::2].tolist() == (gradlib.arange(12.).reshape(3, 4)[:, 1::2] + 100 * rank).tolist()
    with gradlib.no_grad():
        module.running.add_(rank + 1)  # the ranks' buffers drift apart; forward resynchronizes them
    net(gradlib.ones(1, 3)).sum().backward()
    assert module.running.tolist() == [[1., 3.], [5., 7.], [9., 11.]], module.running


def scenario_collectives():
    rank, world = dist.get_rank(), dist.get_world_size()
    assert world == 2
    for op, expected in ((dist.ReduceOp.SUM, [3., 30.]), (dist.ReduceOp.AVG, [1.5, 15.]),
                         (dist.ReduceOp.MAX, [2., 20.]), (dist.ReduceOp.MIN, [1., 10.]),
                         (dist.ReduceOp.PRODUCT, [2., 200.])):
        t = gradlib.tensor([1., 10.], dtype=gradlib.float64) * (rank + 1)
        dist.all_reduce(t, op=op)
        assert t.tolist() == expected, (op, t)
    scalar = gradlib.tensor(float(rank + 1))  # 0-d
    dist.all_reduce(scalar)
    assert scalar.item() == 3.0, scalar
    dist.all_reduce(scalar, op=dist.ReduceOp.AVG)
    assert scalar.item() == 3.0, scalar
    pair = [gradlib.zeros(()), gradlib.zeros(())]
    dist.all_gather(pair, gradlib.tensor(float(rank)))
    assert [p.item() for p in pair] == [0.0, 1.0]
    flags = gradlib.tensor([rank == 0, rank == 1, False, True])
    dist.all_reduce(flags)  # booleans: SUM is a logical or
    assert flags.tolist() == [True, True, False, True], flags
    flags = gradlib.tensor([rank == 0, True])
    dist.all_reduce(flags, op=dist.ReduceOp.MIN)  # and MIN a logical and
    assert flags.tolist() == [False, True], flags
    empty = gradlib.zeros(0, 3)
    dist.all_reduce(empty)
    dist.broadcast(empty, src=1)
    assert tuple(empty.shape) == (0, 3)
    ints = gradlib.tensor([rank, 5])
    dist.all_reduce(ints)
    assert ints.tolist() == [1, 10] and ints.dtype is gradlib.int64
    # a non-contiguous view: the result lands in the base tensor
    base = gradlib.arange(6.).reshape(2, 3) + rank
    view = base.t()
    dist.all_reduce(view)
    assert base.tolist() == [[1., 3., 5.], [7., 9., 11.]], base
    work = dist.all_reduce(gradlib.ones(2), async_op=True)
    assert work.wait() and work.is_completed()
    b = gradlib.full((2, 2), float(rank))
    dist.broadcast(b, src=1)
    assert b.tolist() == [[1., 1.], [1., 1.]]
    gathered = [gradlib.zeros(3, dtype=gradlib.int32) for _ in range(world)]
    dist.all_gather(gathered, gradlib.tensor([rank, rank * 2, 7], dtype=gradlib.int32))
    assert [g.tolist() for g in gathered] == [[0, 0, 7], [1, 2, 7]]
    out = gradlib.zeros(2)
    dist.reduce_scatter(out, [gradlib.tensor([1., 2.]) * (rank + 1), gradlib.tensor([3., 4.]) * (rank + 1)])
    assert out.tolist() == ([3., 6.] if rank == 0 else [9., 12.]), out
    dist.reduce_scatter(out, [gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.])], op=dist.ReduceOp.AVG)
    assert out.tolist() == ([1., 2.] if rank == 0 else [3., 4.]), out
    dist.barrier()
    sampler = DistributedSampler(range(10), shuffle=False)
    assert (sampler.num_replicas, sampler.rank) == (2, rank) and list(sampler) == list(range(rank, 10, 2))
    shuffled = [gradlib.tensor(list(DistributedSampler(range(9), seed=3)))]
    everyone = [gradlib.zeros(5, dtype=gradlib.int64) for _ in range(world)]
    dist.all_gather(everyone, shuffled[0])
    union = sorted(everyone[0].tolist() + everyone[1].tolist())
    assert set(union) == set(range(9)) and len(union) == 10, union  # one index repeated as padding


def scenario_mismatch():
    rank = dist.get_rank()
    attempts = {
        "shape": lambda: dist.all_reduce(gradlib.zeros(3 + rank)),
        "dtype": lambda: dist.all_reduce(gradlib.zeros(3, dtype=gradlib.float32 if rank else gradlib.float64)),
        "collective": lambda: (dist.all_reduce if rank == 0 else dist.barrier)(*([gradlib.zeros(2)] if rank == 0 else [])),
        "op": lambda: dist.all_reduce(gradlib.zeros(2), op=dist.ReduceOp.MAX if rank else dist.ReduceOp.SUM),
        "src": lambda: dist.broadcast(gradlib.zeros(2), src=rank),
        "module": lambda: DDP(nn.Linear(3, 2 + rank)),
    }
    for label, attempt in attempts.items():
        try:
            attempt()
            raise AssertionError(f"{label}: the mismatch was not detected")
        except dist.DistBackendError as error:
            print(f"rank {rank}: {label}: {error}", flush=True)
    # Nothing was lost: the group still works.
    t = gradlib.ones(2)
    dist.all_reduce(t)
    assert t.tolist() == [2., 2.]


def scenario_dead_rank():
    if dist.get_rank() == 1:
        sys.exit(0)  # leaves without a word
    dist.all_reduce(gradlib.ones(2))  # rank 0 must fail within the timeout


def scenario_dead_rank_ddp():
    net = DDP(model(1))
    x, y = dataset().tensors
    nn.functional.mse_loss(net(x), y).backward()  # one good step together
    if dist.get_rank() == 1:
        sys.exit(0)
    nn.functional.mse_loss(net(x), y).backward()  # rank 0's gradient all-reduce must time out


def scenario_raising_rank():
    if dist.get_rank() == 1:
        raise ValueError("rank 1 broke")
    time.sleep(0.2)
    dist.all_reduce(gradlib.ones(2))  # never completes: the job is aborted first


if __name__ == "__main__":
    scenario = sys.argv[1]
    timeout = datetime.timedelta(seconds=float(sys.argv[2]) if len(sys.argv) > 2 else 60)
    dist.init_process_group("mpi", timeout=timeout)
    globals()[f"scenario_{scenario}"]()
    print(f"rank {dist.get_rank()}: {scenario} ok", flush=True)
    dist.destroy_process_group()
