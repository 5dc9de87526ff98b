"""Printing as PyTorch 2.13 prints (session 16, print16): the cases of ``tests/reference/print16.py`` that the
differential sweep of ``tools/fuzz_print16.py`` (~4,400 cases; 7,100 with FUZZ_PRINT16_RANDOM=3000: every dtype
x shape x value kind x print option, format specs, module/optimizer/distribution reprs) found printed differently, one group per cause, each now
PyTorch's text character for character (``torch.``/``gradlib.`` read ``lib.``). The text is PyTorch's, recorded in
``tests/reference/torch_print16.json`` by ``python tests/reference/record_torch.py print16``.

``KNOWN`` lists differences the sweep found that gradlib does not follow, with the reason; each is checked to
still differ (a fix moves the case to the fixed ones). Left out of the sweep on purpose: reprs that print an object
address or a file path (``print(x.grad_fn)``, DataLoader, the ``torch.return_types`` module).
"""
import json
import re

import pytest

import gradlib
from reference import print16, print16_cases

RECORDED = json.loads(print16.FILE.read_text())

KNOWN = {
    "known/complex_neg_zero": "the sign of a zero in -z for complex z is PyTorch's CPU kernel detail, not printing: "
                              "its vectorized loop computes 0 - z (-(0+0j) is 0.+0.j) while its scalar tail and "
                              "NumPy negate (-0.-0.j); gradlib negates every element the same way",
    "known/buffer_is_a_tensor": "nn.Buffer is a marker object in gradlib (gradlib/nn/parameter.py), a Tensor in "
                                "PyTorch: its repr is an object address where PyTorch prints tensor([1., 1.]); "
                                "left to the nn.Module API work",
    "known/cpu_index_zero": "gradlib's devices are interned values and the CPU has one (gradlib/device.py _parse "
                            "drops index 0): device('cpu', 0) prints device(type='cpu') where PyTorch keeps a "
                            "distinct device(type='cpu', index=0) (unequal to device('cpu'))",
}


def _on_default_device(text):
    """The text without the device suffix PyTorch adds for a tensor off the current GPU (``--device cuda:1``: the
    cases make their tensors on the default device; the suffix itself is tested below)."""
    device = gradlib.get_default_device()
    if device.type == "cpu" or device.index in (None, 0):
        return text
    return re.sub(f",\\s*device='{device}'", "", text)


def _unwrapped(text):
    """The text with its suffixes on one line: the device suffix takes room, so PyTorch wraps the others sooner."""
    return re.sub(r",\n *(?=(size|dtype|requires_grad|grad_fn)=)", ", ", text)


@pytest.mark.parametrize("name", sorted(name for name in print16.CASES if name not in KNOWN))
def test_prints_as_pytorch(name):
    code = print16.CASES[name]
    if "bfloat16" in code and gradlib.get_default_device().type == "cuda":
        pytest.skip("gradlib has no bfloat16 on CUDA devices (CuPy has none)")
    text = _on_default_device(print16_cases.run_case(gradlib, code))
    if gradlib.get_default_device().index in (None, 0):
        assert text == RECORDED[name]
    else:
        assert _unwrapped(text) == _unwrapped(RECORDED[name])


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_differences_still_differ(name):
    assert print16_cases.run_case(gradlib, print16.CASES[name]) != RECORDED[name], (
        f"{name} now prints as PyTorch: move it out of KNOWN")


def test_every_case_recorded():
    assert set(RECORDED) == set(print16.CASES)


def test_device_suffix_comes_first_and_wraps_as_pytorch(device):
    x = gradlib.tensor([1.0, 2.0], dtype=gradlib.float16, device=device, requires_grad=True)
    # PyTorch names the device of a tensor off the current device (the CPU, or another GPU than cuda:0)
    suffix = "" if x.device.type == "cpu" or x.device.index == 0 else f"device='{x.device}', "
    text = f"tensor([1., 2.], {suffix}dtype=gradlib.float16, requires_grad=True)"
    if len(text.replace("gradlib.", "torch.")) > 80:  # PyTorch moves the last suffix to its own line
        text = text.replace(", requires_grad=True)", ",\n       requires_grad=True)")
    assert repr(x) == text


def test_printing_leaves_the_tensor_and_options_alone(device):
    x = gradlib.arange(24.0, device=device).reshape(4, 6)[:, ::2]
    before = x.tolist()
    gradlib.set_printoptions(edgeitems=0, threshold=2)
    try:
        assert repr(x).startswith("tensor([...], ") and repr(x).endswith("size=(4, 3))")
    finally:
        gradlib.set_printoptions(profile="default")
    assert x.tolist() == before and not x.is_contiguous()
    assert gradlib._tensor_str.get_printoptions()["edgeitems"] == 3
