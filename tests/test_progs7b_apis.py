"""What the p133-p147 programs needed (broadcast_shapes' errors, setup_context with default arguments, F.unfold's
IndexError, torch.optim.ASGD, torch.distributions.constraints and the constraint registry, serialization of
slices, einsum's errors) prints what PyTorch printed for the same snippet (recorded by tests/reference/progs7b.py
into torch_progs7b.json), on the device under test."""
import copy
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs7b.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 5


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    try:
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    finally:
        gradlib.set_printoptions(profile="default")
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_asgd_state_lives_on_the_device_and_a_loaded_state_continues_the_same(device):
    w = gradlib.nn.Parameter(gradlib.tensor([1.0, 2.0], device=device))
    opt = gradlib.optim.ASGD([w], lr=0.1, t0=0)
    for _ in range(3):
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
    state = opt.state[w]
    assert state["ax"].device == state["eta"].device == state["mu"].device == w.device
    assert state["step"].device.type == "cpu"
    assert not gradlib.equal(state["ax"].cpu(), w.detach().cpu())  # mu < 1 after t0: a running average
    twin = gradlib.nn.Parameter(w.detach().clone())
    other = gradlib.optim.ASGD([twin], lr=0.1, t0=0)
    other.load_state_dict(copy.deepcopy(opt.state_dict()))  # as a checkpoint: PyTorch's load shares the tensors
    for p, o in ((w, opt), (twin, other)):
        o.zero_grad()
        (p * p).sum().backward()
        o.step()
    assert gradlib.equal(w.detach().cpu(), twin.detach().cpu())
    assert gradlib.equal(opt.state[w]["ax"].cpu(), other.state[twin]["ax"].cpu())
