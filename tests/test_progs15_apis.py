"""What the p203-p214 programs needed (``ctx.needs_input_grad`` readable in a custom Function's ``forward`` and
``setup_context``, and in a torch.library custom_op's ``setup_context``, as the "Custom Python Operators"
tutorial's numpy_mul reads it) prints what PyTorch printed for the same snippet (recorded by
tests/reference/progs15.py into torch_progs15.json), on the device under test."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs15.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 3


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def test_needs_input_grad_in_forward_is_the_nodes_tuple_and_gradcheck_passes():
    class Mul(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x, k, y):
            ctx.seen = ctx.needs_input_grad
            ctx.save_for_backward(x, y)
            return x * k * y

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            return (g * y * ctx.k_value if ctx.needs_input_grad[0] else None, None,
                    g * x * ctx.k_value if ctx.needs_input_grad[2] else None)

    def function(x, y):
        out = Mul.apply(x, 1.5, y)
        out.grad_fn.k_value = 1.5
        assert out.grad_fn.seen == out.grad_fn.needs_input_grad == (x.requires_grad, False, y.requires_grad)
        return out

    x = gradlib.randn(3, dtype=gradlib.float64, requires_grad=True)
    y = gradlib.randn(3, dtype=gradlib.float64, requires_grad=True)
    assert gradlib.autograd.gradcheck(function, (x, y))
    assert gradlib.autograd.gradcheck(function, (x, y.detach()))
