"""What the p215-p226 programs needed (the CPU gamma family drawing PyTorch's numbers after a seed: Beta guides in
p220; torch.autograd.functional's strict-mode error for an output that does not require grad: p221) prints what
PyTorch printed for the same snippet (recorded by tests/reference/progs16.py into torch_progs16.json). The seeded
snippets compare PyTorch's CPU stream, so they run on the CPU only (a GPU draws from CuPy's stream)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs16.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 4


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if "manual_seed" in snippet and device != "cpu":
        pytest.skip("PyTorch's CPU random stream")
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_gamma_draws_keep_their_dtype_and_floor_on_every_device(device):
    alpha = gradlib.tensor([0.0, 1e-3, 0.5, 4.0, 300.0], device=device)
    for dtype in (gradlib.float32, gradlib.float64):
        draws = gradlib._standard_gamma(alpha.to(dtype))
        assert draws.dtype == dtype and draws.device == alpha.device
        assert bool((draws >= gradlib.finfo(dtype).tiny).all())
    x = gradlib.distributions.Dirichlet(gradlib.tensor([[0.01, 0.01], [5.0, 1.0]], device=device)).sample((3,))
    assert x.dtype == gradlib.float32 and bool((x < 1).all()) and bool((x > 0).all())
    assert gradlib.allclose(x.sum(-1), gradlib.ones(3, 2, device=device))
