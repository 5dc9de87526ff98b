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


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("size,align_corners", [((3, 5), False), ((9, 2), True), ((2, 9), False), ((7, 6), False)])
def test_antialias_interpolate_gradcheck(device, mode, size, align_corners):
    x = gradlib.rand(1, 2, 7, 6, dtype=gradlib.float64, device=device, requires_grad=True)
    fn = lambda t: gradlib.nn.functional.interpolate(t, size=size, mode=mode, antialias=True,  # noqa: E731
                                                     align_corners=align_corners)
    assert fn(x).device == x.device
    assert gradlib.autograd.gradcheck(fn, (x,))
    assert gradlib.autograd.gradgradcheck(fn, (x,))


def test_antialias_of_a_constant_image_is_constant(device):
    x = gradlib.full((1, 1, 9, 10), 3.0, device=device)
    for mode in ("bilinear", "bicubic"):
        y = gradlib.nn.functional.interpolate(x, size=(4, 3), mode=mode, antialias=True)
        assert gradlib.allclose(y, gradlib.full((1, 1, 4, 3), 3.0, device=device))
