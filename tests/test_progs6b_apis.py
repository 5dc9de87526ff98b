"""What the p100-p114 programs needed (Python attributes on tensors, cholesky_inverse, RandomSampler drawing as it
goes, float() under no_grad without PyTorch's warning) prints what PyTorch printed for the same snippet (recorded
by tests/reference/progs6b.py into torch_progs6b.json), on the device under test."""
import json
import pathlib
import re

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs6b.json").read_text())

# A zero on a factor's diagonal is found on a GPU without waiting for it (as the linalg factorizations): the
# LinAlgError comes at the next synchronization without the element's position, so these run on the CPU only
# (test_cholesky_inverse_singular_is_reported_later_on_cuda covers the GPU).
CHECKED_LATER_ON_CUDA = {snippet for snippet in RECORDED if "_LinAlgError" in RECORDED[snippet]}


def test_there_are_snippets():
    assert len(RECORDED) >= 20


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and snippet in CHECKED_LATER_ON_CUDA:
        pytest.skip("a singular factor is reported at the next synchronization on a GPU (checked on the device)")
    try:
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    finally:
        gradlib.set_printoptions(profile="default")
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_cholesky_inverse_singular_is_reported_later_on_cuda(device):
    """On the CPU the zero's position is named at once; on a GPU the test runs on the device and the error is
    raised at the next synchronization (here ``.tolist()``), as gradlib's linalg factorizations do."""
    factor = gradlib.tensor([[1., 0.], [3., 0.]], device=device)
    if device == "cpu":
        with pytest.raises(gradlib.linalg.LinAlgError, match="The diagonal element 2 is zero"):
            gradlib.cholesky_inverse(factor)
        return
    with pytest.raises(gradlib.linalg.LinAlgError, match="cholesky_inverse: The inversion could not be completed"):
        gradlib.cholesky_inverse(factor).tolist()


def test_cholesky_inverse_is_the_inverse_and_its_gradient_matches_finite_differences(device):
    gen = gradlib.Generator().manual_seed(3)
    base = gradlib.randn(2, 4, 4, dtype=gradlib.float64, generator=gen, device="cpu").to(device)
    spd = base @ base.mT + 4 * gradlib.eye(4, dtype=gradlib.float64, device=device)
    for upper in (False, True):
        factor = gradlib.linalg.cholesky(spd, upper=upper)
        assert gradlib.allclose(gradlib.cholesky_inverse(factor, upper), gradlib.linalg.inv(spd))
        triangle = factor.detach().requires_grad_()
        keep = gradlib.triu if upper else gradlib.tril  # the gradient reads the whole factor: keep it triangular
        assert gradlib.autograd.gradcheck(lambda f: gradlib.cholesky_inverse(keep(f), upper=upper), (triangle,))


def test_tensor_attributes_do_not_leak_into_results_and_cost_nothing_unused(device):
    x = gradlib.ones(3, device=device)
    assert x.__dict__ == {}  # no attribute until one is set
    x.g = gradlib.zeros(3, device=device)
    assert not any(hasattr(y, "g") for y in (x + 1, x.clone(), x.detach(), x[:2], x.reshape(3), x.t()))
    with pytest.raises(AttributeError, match="'Tensor' object has no attribute 'h'"):
        x.h
    p = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    p.stats = [1, 2]
    assert p.stats == [1, 2] and type(p).__name__ == "Parameter"


def test_save_and_load_keep_tensor_attributes_and_refuse_bad_ones(device, tmp_path):
    x = gradlib.arange(3., device=device)
    x.g = gradlib.ones(2, device=device)
    x.tag = "w"
    path = tmp_path / "t.pt"
    gradlib.save([x, x], path)
    first, second = gradlib.load(path)
    assert first is second and first.tag == "w" and gradlib.equal(first.g, x.g) and first.g.device == x.device
    x.fn = len  # not plain data: the tensor is pickled, and loads only with weights_only=False
    gradlib.save(x, path)
    with pytest.raises(gradlib.serialization.CheckpointError, match="Weights only load failed"):
        gradlib.load(path)
    assert gradlib.load(path, weights_only=False).fn is len


def test_random_sampler_with_replacement_draws_as_it_goes():
    """minGPT's Trainer asks for 1e10 samples with replacement: iterating must not draw them all at once."""
    sampler = gradlib.utils.data.RandomSampler(range(5), replacement=True, num_samples=10 ** 12,
                                               generator=gradlib.Generator().manual_seed(0))
    it = iter(sampler)
    drawn = [next(it) for _ in range(100)]
    assert len(sampler) == 10 ** 12 and set(drawn) <= set(range(5)) and len(set(drawn)) == 5
    again = iter(gradlib.utils.data.RandomSampler(range(5), replacement=True, num_samples=10 ** 12,
                                                  generator=gradlib.Generator().manual_seed(0)))
    assert [next(again) for _ in range(100)] == drawn  # the same generator seed, the same draws
