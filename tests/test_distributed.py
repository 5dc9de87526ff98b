"""gradlib.distributed, DistributedDataParallel and DistributedSampler.

Multi-process behaviour runs under ``mpiexec -n 2`` (the launcher that ``gradlib[distributed]`` installs):
each test starts one scenario of tests/distributed_worker.py and reads what the ranks printed. In-process
tests cover a world of one and the errors raised before any communication.
"""
import os
import pathlib
import subprocess
import sys
import time

import pytest

import gradlib
import gradlib.distributed as dist
from gradlib import nn, optim
from gradlib.autograd.engine import queue_callback
from gradlib.distributed.mpi_backend import find_mpiexec
from gradlib.nn.parallel import DistributedDataParallel as DDP
from gradlib.utils.data.distributed import DistributedSampler


# Scenarios run as 'mpi' ranks in subprocesses on the CPU, whatever --device says.
cpu_ranks = pytest.mark.cpu_only(reason="runs 'mpi' ranks on the CPU in subprocesses; the 'nccl' backend is tested "
                                        "on CUDA in tests/test_nccl.py")

WORKER = pathlib.Path(__file__).parent / "distributed_worker.py"
NOT_INITIALIZED = "Default process group has not been initialized, please make sure to call init_process_group."


def _mpiexec():
    if not dist.is_mpi_available():
        pytest.skip("mpi4py with an MPI runtime is not installed: pip install 'gradlib[distributed]'")
    launcher = find_mpiexec()
    if launcher is None:
        pytest.skip("no mpiexec launcher found: pip install 'gradlib[distributed]'")
    return launcher


def run_ranks(scenario, timeout_s=None, ranks=2, limit_s=120, script=WORKER):
    """Run one worker scenario (or another script with arguments) on ``ranks`` processes;
    (exit status, output of all ranks, seconds taken)."""
    command = [_mpiexec(), "-n", str(ranks), sys.executable, str(script)] + scenario.split()
    if timeout_s is not None:
        command.append(str(timeout_s))
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=limit_s, env=_launch_environment(),
                          stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def _launch_environment():
    """This environment without what this process's own MPI set up, with the repository importable."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PMI", "MPI", "HYDRA"))}
    environment["PYTHONPATH"] = str(WORKER.parent.parent) + os.pathsep + environment.get("PYTHONPATH", "")
    return environment


@pytest.fixture
def world_of_one():
    if not dist.is_mpi_available():
        pytest.skip("mpi4py with an MPI runtime is not installed: pip install 'gradlib[distributed]'")
    dist.init_process_group("mpi")
    yield
    dist.destroy_process_group()


# ----- two processes ------------------------------------------------------------------------------------
@cpu_ranks
def test_two_process_training_matches_one_process_full_batch():
    """20 steps on half-batches with DDP equal 20 full-batch steps in one process, to 1e-10 in float64,
    for every optimizer, with many small buckets and with no_sync() accumulation."""
    status, output, _ = run_ranks("ddp")
    assert status == 0, output
    for name in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "small buckets", "no_sync accumulation"):
        assert output.count(f"{name} ") >= 2 or output.count(name) >= 2, output
    assert "rank 0: ddp ok" in output and "rank 1: ddp ok" in output, output


@cpu_ranks
def test_ddp_broadcasts_noncontiguous_parameters_and_buffers():
    status, output, _ = run_ranks("ddp_noncontiguous")
    assert status == 0, output
    assert "rank 0: ddp_noncontiguous ok" in output and "rank 1: ddp_noncontiguous ok" in output, output


@cpu_ranks
def test_collectives_on_two_ranks():
    status, output, _ = run_ranks("collectives")
    assert status == 0, output
    assert "rank 0: collectives ok" in output and "rank 1: collectives ok" in output, output


@cpu_ranks
def test_mismatched_calls_are_detected_on_every_rank_and_the_group_survives():
    status, output, _ = run_ranks("mismatch")
    assert status == 0, output
    for rank in (0, 1):
        assert f"rank {rank}: mismatch ok" in output, output
        assert (f"rank {rank}: shape: [rank {rank}] all_reduce: the ranks' calls do not match "
                "(rank 0: all_reduce of shape [3] float32, op SUM; rank 1: all_reduce of shape [4] float32, op SUM)"
                ) in output, output
    assert "rank 0: all_reduce of shape [3] float64, op SUM; rank 1: all_reduce of shape [3] float32" in output
    assert "rank 0: all_reduce of shape [2] float32, op SUM; rank 1: barrier" in output
    assert "op SUM; rank 1: all_reduce of shape [2] float32, op MAX" in output
    assert "src 0; rank 1: broadcast of shape [2] float32, src 1" in output
    assert "DistributedDataParallel: the ranks' modules do not have the same parameters" in output
    assert "this rank has: weight [3, 3] gradlib.float32" in output, output


@cpu_ranks
@pytest.mark.parametrize("scenario", ["dead_rank", "dead_rank_ddp"])
def test_a_rank_that_leaves_makes_the_others_fail_within_the_timeout(scenario):
    status, output, elapsed = run_ranks(scenario, timeout_s=3)
    assert status != 0, output
    assert "timed out after 3 s: a peer rank died" in output, output
    assert "aborting all 2 ranks" in output, output
    assert elapsed < 60, elapsed


@cpu_ranks
def test_a_rank_that_raises_aborts_the_job():
    status, output, elapsed = run_ranks("raising_rank", timeout_s=60)
    assert status != 0, output
    assert "ValueError: rank 1 broke" in output and "rank 1 raised ValueError; aborting all 2 ranks" in output
    assert elapsed < 30, f"the job took {elapsed:.1f} s: rank 0 waited for its timeout instead of being aborted"


@cpu_ranks
def test_the_ddp_example_trains_on_two_processes():
    status, output, _ = run_ranks("--epochs 40", script=WORKER.parent.parent / "examples" / "train_ddp.py")
    assert status == 0, output
    assert "2 process(es), backend mpi:" in output and "training accuracy 1.000" in output, output


@cpu_ranks
def test_the_ddp_benchmark_runs():
    _mpiexec()
    done = subprocess.run([sys.executable, "-m", "benchmarks.ddp", "--repeats", "3", "--no-save"],
                          cwd=WORKER.parent.parent, capture_output=True, text=True, timeout=300,
                          env=_launch_environment(), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| small MLP 64-128-128-10, global batch 32 | 2 | 16 |" in done.stdout, done.stdout


# ----- bad setups, in this process ---------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda: dist.all_reduce(gradlib.ones(2)), lambda: dist.broadcast(gradlib.ones(2), 0), lambda: dist.barrier(),
    lambda: dist.all_gather([gradlib.ones(2)], gradlib.ones(2)), lambda: dist.get_rank(),
    lambda: dist.get_world_size(), lambda: DDP(nn.Linear(2, 2)), lambda: DistributedSampler(range(4)),
    lambda: dist.reduce_scatter(gradlib.ones(2), [gradlib.ones(2)]), lambda: dist.destroy_process_group()])
def test_using_the_group_before_init_process_group_raises(call):
    assert not dist.is_initialized()
    with pytest.raises(ValueError, match="^" + NOT_INITIALIZED.replace(".", r"\.") + "$"):
        call()


def test_missing_mpi4py_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "mpi4py", None)
    with pytest.raises(RuntimeError, match=r"mpi4py is not installed.*pip install 'gradlib\[distributed\]'.*mpiexec"):
        dist.init_process_group("mpi")
    assert not dist.is_initialized() and not dist.is_mpi_available()


def test_missing_mpi_runtime_says_what_to_install(monkeypatch):
    mpi4py = pytest.importorskip("mpi4py")
    monkeypatch.setitem(sys.modules, "mpi4py.MPI", None)
    monkeypatch.delattr(mpi4py, "MPI", raising=False)
    with pytest.raises(RuntimeError, match=r"found no usable MPI runtime.*gradlib\[distributed\]"):
        dist.init_process_group("mpi")
    assert not dist.is_initialized()


def test_unknown_backend_and_second_init_are_refused(world_of_one):
    with pytest.raises(ValueError, match="trying to initialize the default process group twice!"):
        dist.init_process_group("mpi")
    dist.destroy_process_group()
    with pytest.raises(ValueError, match="Invalid backend: 'gloo'.*'mpi'.*'nccl'"):
        dist.init_process_group("gloo")
    with pytest.raises(ValueError, match="world_size=4 was asked for, but the launcher started this process "
                                         "with world_size=1"):
        dist.init_process_group("mpi", world_size=4)
    dist.init_process_group("mpi")  # for the fixture's teardown


def test_local_argument_errors(world_of_one):
    gradlib.set_default_device("cpu")  # the 'mpi' backend's tensors (conftest restores the default)
    with pytest.raises(ValueError, match=r"tensor_list has 2 tensors; it needs one per rank \(world size 1\)"):
        dist.all_gather([gradlib.zeros(2), gradlib.zeros(2)], gradlib.ones(2))
    with pytest.raises(ValueError, match=r"tensor_list\[0\] has shape \[3\]"):
        dist.all_gather([gradlib.zeros(3)], gradlib.ones(2))
    with pytest.raises(TypeError, match="ReduceOp.AVG needs a floating point tensor, got gradlib.int64"):
        dist.all_reduce(gradlib.tensor([1, 2]), op=dist.ReduceOp.AVG)
    with pytest.raises(ValueError, match="src=1 is not a rank of this group"):
        dist.broadcast(gradlib.ones(1), src=1)
    with pytest.raises(TypeError, match="expected a gradlib Tensor, got list"):
        dist.all_reduce([1.0])
    with pytest.raises(ValueError, match="unknown reduce op"):
        dist.all_reduce(gradlib.ones(1), op=17)


def test_the_mpi_backend_takes_cpu_tensors_and_refuses_cuda_ones(world_of_one, device):
    t = gradlib.ones(2, device=device)
    if device == "cpu":
        dist.all_reduce(t)
        assert t.tolist() == [1., 1.]
        return
    with pytest.raises(RuntimeError, match="all_reduce: the 'mpi' backend works on cpu tensors, but the tensor is on "
                                           f"{t.device}: use backend='nccl' for CUDA tensors"):
        dist.all_reduce(t)


def test_world_of_one_collectives_and_versions(world_of_one):
    gradlib.set_default_device("cpu")  # the 'mpi' backend's tensors (conftest restores the default)
    t = gradlib.tensor([1., 2.])
    version = t._version
    dist.all_reduce(t, op=dist.ReduceOp.AVG)
    assert t.tolist() == [1., 2.] and t._version == version + 1
    assert (dist.get_rank(), dist.get_world_size(), dist.get_backend()) == (0, 1, "mpi")


def test_ddp_in_a_world_of_one_is_plain_training(world_of_one):
    gradlib.manual_seed(0)
    x, y = gradlib.randn(8, 4, dtype=gradlib.float64), gradlib.randn(8, 2, dtype=gradlib.float64)
    plain = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2)).double()
    wrapped = DDP(nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2)).double(), bucket_cap_mb=0.0001)
    wrapped.module.load_state_dict(plain.state_dict())
    assert list(wrapped.state_dict()) == ["module." + key for key in plain.state_dict()]
    for net in (plain, wrapped):
        opt = optim.Adam(net.parameters(), lr=0.1)
        for _ in range(5):
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
    for p, q in zip(plain.parameters(), wrapped.module.parameters()):
        assert gradlib.equal(p, q)


def test_ddp_starts_each_full_bucket_while_backward_is_still_running(world_of_one):
    """Buckets fill in reverse registration order; a full bucket's all-reduce starts before backward has
    produced the first layer's gradients, and buckets start in index order."""
    net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))
    model = DDP(net, bucket_cap_mb=64 * 4 / 2 ** 20)  # 64 floats: one or two parameters per bucket
    events = []
    backend = model.process_group.backend
    original = backend.all_reduce

    def logged_all_reduce(array, op):
        events.append(f"all_reduce {array.size}")
        return original(array, op)

    backend.all_reduce = logged_all_reduce
    try:
        net[0].weight.register_hook(lambda grad: events.append("first layer's weight gradient"))
        model(gradlib.ones(3, 4)).sum().backward()
    finally:
        del backend.all_reduce
    assert len(model._buckets) >= 3
    first_layer = events.index("first layer's weight gradient")
    assert any(e.startswith("all_reduce") for e in events[:first_layer]), events
    sizes = [int(e.split()[1]) for e in events if e.startswith("all_reduce")]
    assert sizes == [int(b.flat.size) for b in model._buckets], (sizes, events)


def test_dropping_a_ddp_wrapper_removes_its_hooks(world_of_one):
    net = nn.Linear(3, 1)
    first = DDP(net)
    del first
    import gc
    gc.collect()
    second = DDP(net)
    reductions = []
    original = second.process_group.backend.all_reduce
    second.process_group.backend.all_reduce = lambda array, op: reductions.append(array.size) or original(array, op)
    try:
        second(gradlib.ones(2, 3)).sum().backward()
    finally:
        del second.process_group.backend.all_reduce
    assert reductions == [4] and net.bias.grad.tolist() == [2.0]
    assert len(net.weight._hooks.post_accumulate) == 1  # only the live wrapper's


def test_ddp_on_the_second_gpu_keeps_buckets_and_gradients_there(world_of_one, device):
    """Buckets, the hooks' copies and the end-of-backward averaging run on the module's GPU while cuda:0 is
    current (the 'mpi' world of one never moves data, so this is DDP's own device handling)."""
    if gradlib.device(device).type != "cuda" or gradlib.cuda.device_count() < 2:
        pytest.skip("needs two CUDA devices (--device cuda or cuda:1 on a machine or stand-in with two)")
    net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).to("cuda:1")
    model = DDP(net, bucket_cap_mb=16 * 4 / 2 ** 20)
    for _ in range(2):  # the second pass averages into existing gradients
        model(gradlib.ones(2, 3, device="cuda:1")).sum().backward()
    assert len(model._buckets) >= 2 and {b.flat.device.id for b in model._buckets} == {1}
    assert {p.grad._array.device.id for p in net.parameters()} == {1}
    assert net[2].bias.grad.tolist() == [4.0] and gradlib.cuda.current_device() == 0


def test_ddp_refuses_a_module_without_trainable_parameters(world_of_one):
    with pytest.raises(RuntimeError, match="DistributedDataParallel is not needed when a module doesn't have any "
                                           "parameter that requires a gradient."):
        DDP(nn.ReLU())


def test_queue_callback_runs_after_every_gradient_and_only_during_backward():
    with pytest.raises(RuntimeError, match="Final callbacks can only be installed during backward pass."):
        queue_callback(lambda: None)
    a = gradlib.ones(2, requires_grad=True)
    b = gradlib.ones(2, requires_grad=True)
    seen = []
    a.register_post_accumulate_grad_hook(lambda p: queue_callback(lambda: seen.append(b.grad.tolist())))
    (a * b * 2).sum().backward()
    assert seen == [[2.0, 2.0]]


# ----- DistributedSampler ---------------------------------------------------------------------------------
def test_distributed_sampler_shares_are_disjoint_equal_and_reshuffled_per_epoch():
    shares = [list(DistributedSampler(range(10), num_replicas=3, rank=r, seed=4)) for r in range(3)]
    assert [len(s) for s in shares] == [4, 4, 4]
    assert set(sum(shares, [])) == set(range(10))  # all covered, two repeated as padding
    again = [list(DistributedSampler(range(10), num_replicas=3, rank=r, seed=4)) for r in range(3)]
    assert again == shares
    sampler = DistributedSampler(range(10), num_replicas=3, rank=0, seed=4)
    sampler.set_epoch(1)
    assert list(sampler) != shares[0]
    dropped = [list(DistributedSampler(range(10), num_replicas=3, rank=r, drop_last=True)) for r in range(3)]
    assert [len(s) for s in dropped] == [3, 3, 3] and len(set(sum(dropped, []))) == 9
    with pytest.raises(ValueError, match=r"Invalid rank 3, rank should be in the interval \[0, 2\]"):
        DistributedSampler(range(10), num_replicas=3, rank=3)


def test_a_dataloader_with_a_distributed_sampler_counts_this_ranks_batches():
    from gradlib.utils.data import DataLoader, TensorDataset
    data = TensorDataset(gradlib.arange(10))
    loader = DataLoader(data, batch_size=3, sampler=DistributedSampler(data, num_replicas=2, rank=1, shuffle=False))
    batches = [batch[0].tolist() for batch in loader]
    assert batches == [[1, 3, 5], [7, 9]] and len(loader) == 2
