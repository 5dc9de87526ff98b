"""The programs waiting in CI (issue 15, waits8), against PyTorch's record (tests/reference/waits8.py,
torch_waits8.json): host-memory Tensor methods and ``pin_memory=`` on a machine without an accelerator, CUDA
requests without CUDA (PyTorch's CPU build's AssertionError), ``nn.init.trunc_normal_`` draw for draw, and
``torch.__version__`` under ``python -m gradlib.run``."""
import json
import math
import pathlib
import subprocess
import sys
import tomllib

import pytest

import gradlib
from reference import waits8

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_waits8.json").read_text())


@pytest.mark.skipif(gradlib.cuda.is_available(), reason="pin_memory=True is PyTorch's CPU build's error only "
                                                        "without an accelerator")
def test_host_memory_methods_as_pytorch_cpu_build():
    assert waits8.host_memory(gradlib) == RECORDED["host_memory"]


def test_share_memory_marks_the_storage_not_the_tensor(device):
    x = gradlib.arange(6.0, device=device).view(2, 3)
    view = x[:, 1]
    assert x.share_memory_() is x
    assert view.is_shared() and x.t().is_shared()
    # a new storage is not shared on the CPU; CUDA tensors always are, as in PyTorch
    assert x.clone().is_shared() is gradlib.ones(2, device=device).is_shared() is (x.device.type == "cuda")


def test_apply_and_map_refuse_cuda_tensors(device):
    if gradlib.device(device).type != "cuda":
        pytest.skip("a CUDA tensor's refusal")
    with pytest.raises(TypeError, match="^apply_ is only implemented on CPU tensors$"):
        gradlib.ones(2, device=device).apply_(lambda x: x)
    with pytest.raises(TypeError, match="^map_ is only implemented on CPU tensors$"):
        gradlib.ones(2, device=device).map_(gradlib.ones(2, device=device), lambda a, b: a)


def test_apply_bumps_the_version_and_is_seen_by_views():
    x = gradlib.arange(4.0, device="cpu")
    view = x[2:]
    before = x._version
    x.apply_(lambda v: v + 1)
    assert x._version == before + 1 and view.tolist() == [3.0, 4.0]


@pytest.mark.skipif(gradlib.cuda.is_available(), reason="CUDA is usable here")
def test_cuda_requests_raise_pytorchs_cpu_build_error_with_the_install_hint():
    assert waits8.cuda_requests(gradlib) == RECORDED["cuda_requests"]
    with pytest.raises(AssertionError) as caught:
        gradlib.zeros(1, device="cuda")
    notes = " ".join(caught.value.__notes__)
    assert notes.startswith("gradlib cannot use CUDA: CuPy is not installed") and "gradlib[cuda12]" in notes


def test_trunc_normal_draws_pytorchs_values_on_the_cpu(device):
    if device != "cpu":
        pytest.skip("PyTorch's values on the CPU only: on a GPU it is inverse-CDF sampling from CuPy's stream")
    assert json.loads(json.dumps(waits8.trunc_normal(gradlib))) == RECORDED["trunc_normal"]


@pytest.mark.parametrize("kwargs", waits8.TRUNC_NORMAL, ids=range(len(waits8.TRUNC_NORMAL)))
def test_trunc_normal_stays_in_bounds_on_every_device(kwargs, device):
    w = gradlib.nn.init.trunc_normal_(gradlib.empty(2000, device=device), **kwargs)
    a, b = kwargs.get("a", -2.0), kwargs.get("b", 2.0)
    assert bool(((w >= a) & (w <= b)).all())
    if b - a > 0.5:  # enough spread for the mean to tell the distribution apart from a uniform one
        mean, std = kwargs.get("mean", 0.0), kwargs.get("std", 1.0)
        lo, hi = (a - mean) / std, (b - mean) / std
        pdf = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
        cdf = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2
        expected = mean + std * (pdf(lo) - pdf(hi)) / (cdf(hi) - cdf(lo))
        assert abs(w.mean().item() - expected) < 0.1 * max(std, b - a)


def test_torch_version_compares_as_pytorchs():
    assert waits8.versions(gradlib) == RECORDED["versions"]
    with pytest.raises(gradlib.torch_version.InvalidVersion):
        gradlib.torch_version.TorchVersion("2.13.0") < "not a version"


def test_torch_version_under_the_runner_and_gradlib_version_stays_gradlibs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert gradlib.__version__ == project == gradlib.version.GRADLIB
    code = ("import torch, gradlib; print(torch.__version__, torch.__version__ >= '2.0', "
            "torch.__version__ >= (2, 2), torch.__version__.split('+')[0], gradlib.__version__, torch.__name__, "
            "torch.nn is gradlib.nn, torch.version.cuda); torch.flag_set_by_program = 1; "
            "print(gradlib.flag_set_by_program); from torch import *; print(tensor([1]))")
    out = subprocess.run([sys.executable, "-m", "gradlib.run", "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"2.13.0+gradlib.{project} True True 2.13.0 {project} torch True None", "1",
                                       "tensor([1])"]


def test_poisson_draws_pytorchs_values_on_the_cpu(device):
    if device != "cpu":
        pytest.skip("PyTorch's values on the CPU only")
    assert waits8.poisson(gradlib) == RECORDED["poisson"]


def test_poisson_on_every_device(device):
    rates = gradlib.tensor([0.0, 0.5, 3.0, 12.0, 400.0], device=device, requires_grad=True)
    samples = gradlib.stack([gradlib.poisson(rates) for _ in range(400)])
    assert samples.dtype is gradlib.float32 and samples.device == rates.device
    assert samples.grad_fn is not None and bool((samples == samples.round()).all())
    mean = samples.mean(0).tolist()
    assert mean[0] == 0.0 and all(abs(m - r) < 4 * math.sqrt(r / 400) + 1e-6 for m, r in zip(mean[1:], [0.5, 3, 12, 400]))
    samples.sum().backward()
    assert rates.grad.tolist() == [0.0] * 5
    with pytest.raises(NotImplementedError, match="not implemented for 'Long'"):
        gradlib.poisson(gradlib.tensor([1, 2], device=device))


def test_make_tensor_and_gradgradcheck_draw_pytorchs_values(device):
    if device != "cpu":
        pytest.skip("PyTorch's values on the CPU only")
    assert waits8.test_helpers(gradlib) == RECORDED["test_helpers"]


def test_forward_tangents_require_grad_where_pytorchs_formulas_use_a_primal(device):
    recorded = RECORDED["forward_tangents"]
    seen = waits8.forward_tangents(gradlib)
    assert sorted(seen) == sorted(recorded)
    for expression, cases in recorded.items():
        for (requires_grad, values), (mine, my_values) in zip(cases, seen[expression]):
            assert mine == requires_grad, expression
            assert device != "cpu" or gradlib.allclose(  # the values are PyTorch's stream's on the CPU only
                gradlib.tensor(my_values, dtype=gradlib.float64), gradlib.tensor(values, dtype=gradlib.float64),
                rtol=1e-5, atol=1e-6), expression
