"""What the p148-p162 programs needed (affine_grid's base grid and grid_sample's coordinates as PyTorch's CPU
kernels round them, grad_fn._raw_saved_* with SavedTensor.register_hooks, a backward formula's broadcast error,
non-reentrant checkpoint saving its inputs under the outer saved_tensors_hooks, torch.cuda.is_initialized,
devices never equal to strings, Tensor.is_pinned) prints what PyTorch printed for the same snippet (recorded by
tests/reference/progs8a.py into torch_progs8a.json), on the device under test; plus gradient checks of the
grid_sample paths the rounding changed."""
import json
import pathlib

import pytest

import gradlib
import gradlib.nn.functional as F
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs8a.json").read_text())
# snippets that print what only a machine without a GPU prints (is_available, a CPU tensor's device)
# and snippets drawing from a CPU torch.Generator() for tensors made on the default device
CPU_ONLY = ("torch.cuda.is_initialized()", "torch.Generator()")


def test_there_are_snippets():
    assert len(RECORDED) >= 7


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and any(word in snippet for word in CPU_ONLY):
        pytest.skip("prints what a machine without a GPU prints")
    gradlib.manual_seed(0)
    try:
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    finally:
        gradlib.set_printoptions(profile="default")
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
def test_planar_grid_sample_gradients_in_float64(align_corners, padding_mode, device):
    """The 2-D path's coordinate (a fused multiply-add in float64) keeps first and second derivatives right,
    including grid points exactly on cell centers away from the kinks."""
    generator = gradlib.Generator().manual_seed(1)
    image = gradlib.rand(1, 2, 4, 5, generator=generator, dtype=gradlib.float64, device="cpu").to(device)
    image.requires_grad_()
    grid = (gradlib.rand(1, 3, 2, 2, generator=generator, dtype=gradlib.float64, device="cpu") * 2.2 - 1.1).to(device)
    grid.requires_grad_()

    def sample(x, g):
        return F.grid_sample(x, g, padding_mode=padding_mode, align_corners=align_corners)

    assert gradlib.autograd.gradcheck(sample, (image, grid))
    assert gradlib.autograd.gradgradcheck(sample, (image, grid))
    theta = gradlib.tensor([[[0.87, 0.13, 0.031], [-0.11, 0.77, 0.043]]], dtype=gradlib.float64, device=device,
                           requires_grad=True)
    assert gradlib.autograd.gradcheck(lambda t: sample(image.detach(), F.affine_grid(t, (1, 2, 4, 5),
                                                                                     align_corners=align_corners)),
                                      (theta,))


def test_cuda_is_not_initialized_by_queries_on_a_machine_without_a_gpu(device):
    if device != "cpu":
        gradlib.zeros(1, device=device)
        assert gradlib.cuda.is_initialized()
        return
    gradlib.cuda.is_available()
    gradlib.cuda.device_count()
    assert gradlib.cuda.is_initialized() is (gradlib.cuda.is_available() and gradlib.cuda.is_initialized())


def test_is_pinned_device_argument_is_deprecated(device):
    with pytest.warns(DeprecationWarning, match="The argument 'device' of Tensor.is_pinned"):
        assert gradlib.ones(1, device=device).is_pinned("cuda") is False
