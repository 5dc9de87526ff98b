"""What the p70-p84 programs needed (Module.apply's order, in-place views, repeat_interleave, tanh's gradient,
whole-module save/load) prints what PyTorch printed for the same snippet (recorded by tests/reference/progs5b.py
into torch_progs5b.json), on the device under test."""
import json
import pathlib
import re

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs5b.json").read_text())


def _run(snippet):
    try:
        return run_snippet(gradlib, snippet)
    finally:
        gradlib.set_printoptions(profile="default")


def test_there_are_snippets():
    assert len(RECORDED) >= 25


# An index out of range is checked on a GPU without waiting for it (PyTorch's CUDA kernels assert on the device):
# the error comes at the next synchronization, in other words, so these run on the CPU only.
CHECKED_LATER_ON_CUDA = {"torch.ones(2, 3).index_fill(0, torch.tensor([5]), 1)"}


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and snippet in CHECKED_LATER_ON_CUDA:
        pytest.skip("an index out of range raises at the next synchronization on a GPU (a device-side check)")
    printed = without_device_suffix(_run(snippet), device)  # the snippets run on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed = printed.replace('_cuda" not implemented', '_cpu" not implemented')  # PyTorch's kernel names
        printed = re.sub(r"device=cuda:\d+\) of size", "device=cpu) of size", printed)  # a storage's last line
        printed = re.sub(r" \(cuda:\d+\)\]", "]", printed)  # a ParameterList's line names a CUDA device
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_bfloat16_is_stored_on_the_cpu_and_refused_on_cuda(device):
    """PyTorch stores bfloat16; gradlib stores it on the CPU with ml_dtypes (the bfloat16 extra). CuPy cannot, so on
    CUDA every way of making one raises TypeError, leaving the default dtype alone (tests/test_bfloat16.py has
    the rest)."""
    if gradlib.device(device).type == "cpu":
        assert gradlib.zeros(2, dtype=gradlib.bfloat16, device=device).dtype is gradlib.bfloat16
        assert gradlib.nn.Linear(2, 2).to(device).to(gradlib.bfloat16).weight.dtype is gradlib.bfloat16
    else:
        message = "gradlib has no bfloat16 tensors on CUDA"
        with pytest.raises(TypeError, match=message):
            gradlib.zeros(2, dtype=gradlib.bfloat16, device=device)
        with pytest.raises(TypeError, match=message):
            gradlib.ones(2, device=device).to(gradlib.bfloat16)
        with pytest.raises(TypeError, match=message):
            gradlib.nn.Linear(2, 2).to(device).to(gradlib.bfloat16)
    assert gradlib.get_default_dtype() is gradlib.float32
    assert gradlib.dtypes.as_dtype("bfloat16") is gradlib.bfloat16 and repr(gradlib.bfloat16) == "gradlib.bfloat16"
