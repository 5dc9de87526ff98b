"""The engine's order is PyTorch's where it shows: a leaf's gradient lands (tensor hooks, then ``.grad``, then
post-accumulate-grad hooks) as soon as it is complete, before any other ready node runs, and linear's node lists
PyTorch's edges (bias, input, TBackward0 of the weight). Orders recorded from PyTorch in
torch_engine_order.json (tests/reference/engine_order.py)."""
import json
import pathlib

import numpy
import pytest

import gradlib
from reference.engine_order import CASES

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_engine_order.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py engine_order"


@pytest.mark.parametrize("name", sorted(CASES))
def test_order_is_pytorchs(name, device):
    assert CASES[name](gradlib, device) == RECORDED[name]


def _linear_inputs(device, shape, bias):
    rng = numpy.random.default_rng(3)
    x = gradlib.tensor(rng.standard_normal(shape), device=device, requires_grad=True)
    weight = gradlib.tensor(rng.standard_normal((2, shape[-1])), device=device, requires_grad=True)
    b = gradlib.tensor(rng.standard_normal(2), device=device, requires_grad=True) if bias else None
    return x, weight, b


@pytest.mark.parametrize("shape", [(4, 3), (2, 4, 3), (3,)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_gradients_follow_the_reordered_edges(device, shape, bias):
    """Each gradient reaches its own input (bias, input, weight through TBackward0), equal to the composed
    formula's, in the weight's contiguous layout."""
    x, weight, b = _linear_inputs(device, shape, bias)
    grad = gradlib.tensor(numpy.random.default_rng(4).standard_normal(shape[:-1] + (2,)), device=device)
    gradlib.nn.functional.linear(x, weight, b).backward(grad)
    found = [x.grad, weight.grad] + ([b.grad] if bias else [])
    reference = [t.detach().requires_grad_() for t in (x, weight) + ((b,) if bias else ())]
    out = reference[0] @ reference[1].mT
    if bias:
        out = out + reference[2]
    out.backward(grad)
    for got, expected in zip(found, reference):
        assert got.shape == expected.shape
        assert gradlib.allclose(got, expected.grad, rtol=1e-12, atol=1e-12)
    assert weight.grad.is_contiguous()


def test_linear_gradcheck_through_the_reordered_edges(device):
    x, weight, b = _linear_inputs(device, (3, 3), True)
    function = gradlib.nn.functional.linear
    assert gradlib.autograd.gradcheck(function, (x, weight, b))
    assert gradlib.autograd.gradgradcheck(function, (x, weight, b))


def test_linear_edges_skip_inputs_without_grad(device):
    x, weight, b = _linear_inputs(device, (4, 3), True)
    out = gradlib.nn.functional.linear(x.detach(), weight.detach(), b)
    edges = out.grad_fn.next_functions
    assert [edge[0] is None for edge in edges] == [False, True, True]
    out.sum().backward()
    assert b.grad.tolist() == [4.0, 4.0] and weight.grad is None
