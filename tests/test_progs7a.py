"""The progs7a fixes (examples/programs/FIRST_RUN_progs7a.md) print what PyTorch printed for the same snippets
(recorded by tests/reference/progs7a.py into torch_progs7a.json), on the device under test: 0-d gradients are
tensors that in-place ops write (p124's d2l loop), ``nn.BatchNorm3d`` (p120's fast.ai ``conv`` helper),
``torch.utils.hooks.RemovableHandle`` (p120's printed hook handle)."""
import json
import pathlib
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.progs7a import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_progs7a.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_zero_dim_gradients_are_arrays_of_the_backend(device):
    # the storage of every gradient is an array of the device's backend, never a NumPy scalar (which in-place ops
    # cannot write and whose "views" are copies)
    x = gradlib.tensor(0.5, device=device, requires_grad=True)
    y = x * 3
    y.retain_grad()
    x.register_hook(lambda grad: seen.append(grad))
    seen = []
    (y * y.cos()).backward()
    grads = [x.grad, y.grad, seen[0], gradlib.autograd.grad((x * x).exp(), x)[0]]
    array_type = type(gradlib.ones(2, device=device)._array)
    assert [type(grad._array) for grad in grads] == [array_type] * 4
    assert all(grad.shape == () and grad.device == x.device for grad in grads)


def test_batchnorm3d_is_exported_and_refuses_other_ranks(device):
    assert gradlib.nn.BatchNorm3d.__module__ == gradlib.nn.BatchNorm2d.__module__
    bn = gradlib.nn.BatchNorm3d(2, device=device)
    with pytest.raises(ValueError, match=r"expected 5D input \(got 3D input\)"):
        bn(gradlib.ones(2, 2, 3, device=device))
    out = bn(gradlib.arange(4., device=device).reshape(1, 2, 2, 1, 1))
    assert gradlib.allclose(out.flatten().cpu(), gradlib.tensor([-1., 1., -1., 1.], device="cpu"), atol=1e-4) and str(out.device) == str(bn.weight.device)
