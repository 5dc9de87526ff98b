"""torch.nn.attention (sdpa_kernel, the causal biases) and autograd.Function under vmap print what PyTorch printed
for the same snippet (recorded by tests/reference/fix6c.py into torch_fix6c.json), on the device under test: the
``vmap`` staticmethod, ``generate_vmap_rule=True`` with grad / jacrev / nested vmap, and PyTorch's refusals."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.fix6c import SNIPPETS
from reference.record_torch_shared import run_snippet

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_fix6c.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    if device != "cpu":  # a CausalBias prints its mask materialized on the CPU (PyTorch's default), as PyTorch
        printed = printed.replace(", device='cpu')", ")")
    expected = RECORDED[snippet].replace("torch.", "gradlib.").replace("pygradlib.org", "pytorch.org")
    assert printed == expected


def test_refusal_is_not_hidden_by_the_per_element_loop(device):
    """vmap's batched run falls back to one call per element on errors; PyTorch's refusal must still surface."""
    class Plain(gradlib.autograd.Function):
        @staticmethod
        def forward(x):
            return x + 1

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

    with pytest.raises(RuntimeError, match="does not have vmap support"):
        gradlib.vmap(Plain.apply)(gradlib.ones(2, 3, device=device))
