"""The 'nccl' backend: a world of one on the GPU (``pytest --device cuda``), and what it says without CuPy.

Not marked cpu_only (unlike tests/test_distributed.py): under ``--device cuda`` these run, on a GPU or on the
CuPy stand-in.
"""
import sys

import pytest

import gradlib
import gradlib.distributed as dist
from gradlib import nn
from gradlib.nn.parallel import DistributedDataParallel as DDP


@pytest.mark.filterwarnings("ignore")
def test_nccl_world_of_one_on_the_gpu(device):
    if device != "cuda":
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


def test_nccl_without_cupy_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)
    with pytest.raises(RuntimeError, match=r"CuPy with NCCL is not available.*gradlib\[cuda12\]"):
        dist.init_process_group("nccl")
    assert not dist.is_initialized()
