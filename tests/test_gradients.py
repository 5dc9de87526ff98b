"""Every op in the registry (tests/op_samples.py): gradients against finite differences in float64,
second derivatives where the op is twice differentiable, dtype preservation in float32, and coverage."""
import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck
from op_samples import nondifferentiable_ops, samples

SAMPLE_IDS = [sample[0] for sample in samples("cpu")]


def _sample(name, device):
    for sample in samples(device):
        if sample[0] == name:
            return sample
    raise KeyError(name)


@pytest.mark.parametrize("name", SAMPLE_IDS)
def test_gradcheck(name, device):
    _, function, inputs, _ = _sample(name, device)
    assert gradcheck(function, inputs)


@pytest.mark.parametrize("name", SAMPLE_IDS)
def test_gradgradcheck(name, device):
    _, function, inputs, twice = _sample(name, device)
    if not twice:
        pytest.skip("piecewise op: its second derivative is zero almost everywhere and undefined at ties")
    assert gradgradcheck(function, inputs)


@pytest.mark.parametrize("name", SAMPLE_IDS)
def test_float32_in_float32_out(name, device):
    _, function, inputs, _ = _sample(name, device)
    inputs32 = [t.detach().to(gradlib.float32).requires_grad_() for t in inputs]
    out = function(*inputs32)
    if name == "to_dtype":
        out = out.to(gradlib.float32)
    assert out.dtype is gradlib.float32
    out.sum().backward()
    for t in inputs32:
        assert t.grad is not None and t.grad.dtype is gradlib.float32 and t.grad.shape == t.shape


def test_registry_covers_every_op(device):
    """Walk the forward graph of every sample and the graph of its first derivative (create_graph=True)."""
    covered = set()
    for _, function, inputs, _ in samples(device):
        out = function(*inputs)
        seed = gradlib.ones_like(out).requires_grad_()  # so that every node of the backward graph records
        grads = gradlib.autograd.grad(out, inputs, seed, create_graph=True)
        stack = [out.grad_fn] + [g.grad_fn for g in grads]
        visited = set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in visited:
                continue
            visited.add(id(node))
            covered.add(type(node))
            stack.extend(child for child, _ in node.next_functions if child is not None)
    missing = [cls.__name__ for cls in gradlib.ops.ops_table
               if cls not in covered and cls.__name__ not in nondifferentiable_ops()]
    assert not missing, f"ops without a sample in tests/op_samples.py: {missing}"


def test_nondifferentiable_outputs_never_require_grad(device):
    x = gradlib.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = gradlib.tensor([1.0, 2.0, -3.0], requires_grad=True)
    results = [x == y, x != y, x < y, x <= y, x > y, x >= y, (x > 0) & (y > 0), (x > 0) | (y > 0),
               (x > 0) ^ (y > 0), (x > 0).all(), (x > 0).any(), x.isfinite(), ~(x > 0), x.max(0).indices]
    for result in results:
        assert not result.requires_grad and result.grad_fn is None


def test_max_dim_indices_are_int64(device):
    values, indices = gradlib.tensor([[1.0, 3.0], [4.0, 2.0]]).max(1)
    assert indices.dtype is gradlib.int64 and indices.tolist() == [1, 0]


def test_broadcast_gradient_reduces_to_input_shape(device):
    a = gradlib.ones(4, 1, 3, requires_grad=True)
    b = gradlib.ones(2, 1, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
    assert a.grad.tolist() == [[[2.0] * 3]] * 4
    assert b.grad.tolist() == [[12.0], [12.0]]


def test_repeated_indices_accumulate(device):
    x = gradlib.zeros(3, requires_grad=True)
    x[[0, 0, 0, 2]].sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 1.0]
