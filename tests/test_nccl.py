"""The 'nccl' backend: a world of one on the GPU (``pytest --device cuda``), and on any machine what it says
when CuPy, a driver or libnccl is missing, the watchdog's device, and broadcasts split for CuPy's C int count.

Not marked cpu_only (unlike tests/test_distributed.py): under ``--device cuda`` these run, on a GPU or on the
CuPy stand-in.
"""
import threading
import time
import types

import pytest

import broken_cupy
import gradlib
import gradlib.distributed as dist
from gradlib import nn
from gradlib.distributed import nccl_backend
from gradlib.nn.parallel import DistributedDataParallel as DDP


@pytest.mark.filterwarnings("ignore")
def test_nccl_world_of_one_on_the_gpu(device):
    if gradlib.device(device).type != "cuda":
        pytest.skip("the nccl backend needs CUDA: run pytest --device cuda (a GPU, or --cupy-stand-in)")
    if not dist.is_nccl_available():
        pytest.skip("CuPy cannot load the NCCL library: pip install 'gradlib[cuda12]' (or cuda13)")
    dist.init_process_group("nccl")
    try:
        t = gradlib.tensor([1., 2.], device="cuda")
        dist.all_reduce(t, op=dist.ReduceOp.AVG)
        dist.broadcast(t, src=0)
        out = [gradlib.zeros(2, device="cuda")]
        dist.all_gather(out, t)
        dist.barrier()
        assert t.tolist() == [1., 2.] and out[0].tolist() == [1., 2.]
        with pytest.raises(RuntimeError, match="works on cuda tensors, but the tensor is on cpu"):
            dist.all_reduce(gradlib.ones(2, device="cpu"))
        net = DDP(nn.Linear(3, 1).to("cuda"))
        net(gradlib.ones(4, 3, device="cuda")).sum().backward()
        assert net.module.bias.grad.tolist() == [4.0]
    finally:
        dist.destroy_process_group()


@pytest.mark.filterwarnings("ignore")
def test_nccl_collectives_run_on_their_gpu_whichever_is_current(device):
    """The world of one's NCCL device is cuda:0; with cuda:1 current, buffers, the collectives and their copies
    back still run on cuda:0 (a strict stand-in run fails otherwise), and a module on another GPU is refused."""
    if gradlib.device(device).type != "cuda" or gradlib.cuda.device_count() < 2:
        pytest.skip("needs two CUDA devices (--device cuda or cuda:1 on a machine or stand-in with two)")
    if not dist.is_nccl_available():
        pytest.skip("CuPy cannot load the NCCL library: pip install 'gradlib[cuda12]' (or cuda13)")
    import cupy
    dist.init_process_group("nccl")
    try:
        t = gradlib.tensor([[1., 2.], [3., 4.]], device="cuda:0").T  # not contiguous: a buffer, copied back
        out = [gradlib.zeros(2, 2, device="cuda:0")]
        scattered = gradlib.zeros(2, 2, device="cuda:0")
        with cupy.cuda.Device(1):
            dist.all_reduce(t, op=dist.ReduceOp.AVG)
            dist.broadcast(t, src=0)
            dist.all_gather(out, t)
            dist.reduce_scatter(scattered, [t], op=dist.ReduceOp.AVG)
            assert gradlib.cuda.current_device() == 1
        assert t.tolist() == out[0].tolist() == scattered.tolist() == [[1., 3.], [2., 4.]]
        with pytest.raises(RuntimeError, match="^DistributedDataParallel: the module is on cuda:1, but this rank's "
                                               "NCCL device is cuda:0$"):
            DDP(nn.Linear(3, 1).to("cuda:1"))
    finally:
        dist.destroy_process_group()


def test_nccl_without_cupy_says_what_to_install(monkeypatch):
    broken_cupy.hide(monkeypatch)
    with pytest.raises(RuntimeError, match=r"^gradlib cannot use CUDA: CuPy is not installed.*gradlib\[cuda12\]"):
        dist.init_process_group("nccl")
    assert not dist.is_initialized() and not dist.is_nccl_available()


def test_nccl_without_a_driver_gives_the_install_hint(monkeypatch):
    broken_cupy.install(monkeypatch)
    with pytest.raises(RuntimeError) as caught:
        dist.init_process_group("nccl")
    assert type(caught.value) is RuntimeError
    assert str(caught.value).endswith(f"(CuPy says: {broken_cupy.NO_DRIVER})")
    assert not dist.is_initialized()


def test_nccl_library_missing_says_which_package_to_install(monkeypatch):
    """CuPy imports and sees a GPU but could not load libnccl.so.2 (``nccl.available`` is False)."""
    broken_cupy.install(monkeypatch, device_count=1, nccl_available=False)
    assert not dist.is_nccl_available()
    with pytest.raises(RuntimeError) as caught:
        dist.init_process_group("nccl")
    message = str(caught.value)
    assert message.startswith("NCCL library not found: pip install 'nvidia-nccl-cu12>=2.18.1,<3' (CUDA 12) or "
                              "'nvidia-nccl-cu13>=2.27.7,<3' (CUDA 13), or install gradlib's cuda12/cuda13 "
                              "extra."), message
    assert "built without NCCL" not in message
    assert not dist.is_initialized()


class _Device:
    """Records which thread made it current (``cupy.cuda.Device(i).use()``)."""

    def __init__(self):
        self.used_in = []

    def use(self):
        self.used_in.append(threading.current_thread().name)


def test_watchdog_thread_makes_its_rank_device_current():
    """A new thread's current CUDA device is 0: the watchdog must select its rank's before querying events."""
    device = _Device()
    watchdog = nccl_backend._Watchdog(60.0, 0, comm=None, device=device)
    try:
        deadline = time.monotonic() + 5
        while not device.used_in and time.monotonic() < deadline:
            time.sleep(0.01)
        assert device.used_in == ["gradlib-nccl-watchdog"]
    finally:
        watchdog.stop()
        watchdog._thread.join(5)


class _Communicator:
    """Records the arguments of every NCCL broadcast (CuPy's signature)."""

    def __init__(self):
        self.calls = []

    def broadcast(self, sendbuff, recvbuff, count, datatype, root, stream):
        self.calls.append((sendbuff, recvbuff, count, datatype, root, stream))


def _recording_backend():
    backend = object.__new__(nccl_backend.NcclBackend)
    stream = types.SimpleNamespace(ptr=99, record=lambda: None)
    backend.cupy = types.SimpleNamespace(cuda=types.SimpleNamespace(get_current_stream=lambda: stream))
    backend.comm = _Communicator()
    backend._types = {"float64": 8}
    backend._watchdog = types.SimpleNamespace(watch=lambda event, what: None)
    return backend


def _array(size, pointer=1000, itemsize=8):
    return types.SimpleNamespace(data=types.SimpleNamespace(ptr=pointer), size=size, itemsize=itemsize,
                                 dtype=types.SimpleNamespace(name="float64", kind="f"))


@pytest.mark.parametrize("size, pieces", [(7, [(1000, 3), (1024, 3), (1048, 1)]), (6, [(1000, 3), (1024, 3)]),
                                          (3, [(1000, 3)]), (0, [(1000, 0)])])
def test_broadcast_goes_in_pieces_of_at_most_max_count(monkeypatch, size, pieces):
    """CuPy 13.0-13.3 take broadcast's count as a C int: over _MAX_COUNT elements, several calls, each on the
    next piece of the buffer (here the limit is 3 and float64 items are 8 bytes)."""
    monkeypatch.setattr(nccl_backend, "_MAX_COUNT", 3)
    backend = _recording_backend()
    backend.broadcast(_array(size), src=1)
    assert backend.comm.calls == [(pointer, pointer, count, 8, 1, 99) for pointer, count in pieces]
