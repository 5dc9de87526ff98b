"""A node with very many inputs (stack/cat of 10^5 tensors, one tensor summed in 10^5 places): the engine's work
is linear in a node's inputs. Timed loosely: the quadratic engine took 48 s here (133 s elsewhere) for 10^5
inputs; linear takes well under a second."""
import time

import pytest

import gradlib

WIDE = 10 ** 5
LOOSE_SECONDS = 20.0


def _leaves(device, count):
    values = gradlib.arange(count * 3, dtype=gradlib.float32, device=device).reshape(count, 3)
    return [row.detach().clone().requires_grad_() for row in values.unbind(0)]


@pytest.mark.parametrize("join", ["stack", "cat"])
def test_backward_through_a_node_with_100000_inputs_is_linear(device, join):
    leaves = _leaves(device, WIDE)
    weights = gradlib.arange(3, dtype=gradlib.float32, device=device) + 1
    start = time.perf_counter()
    joined = getattr(gradlib, join)(leaves)
    (joined.reshape(WIDE, 3) * weights).sum().backward()
    elapsed = time.perf_counter() - start
    assert elapsed < LOOSE_SECONDS, f"{join} of {WIDE} tensors took {elapsed:.1f} s: quadratic again?"
    assert leaves[0].grad.tolist() == [1.0, 2.0, 3.0]
    assert leaves[-1].grad.tolist() == [1.0, 2.0, 3.0]
    assert all(leaf.grad is not None for leaf in leaves)


def test_one_gradient_handed_to_100000_inputs_is_copied_for_each(device):
    """stack([x] * n): one array per input, and none aliases another (the leaf's .grad is accumulated in
    place); several distinct leaves each borrow or copy correctly."""
    x = gradlib.ones(3, requires_grad=True, device=device)
    start = time.perf_counter()
    gradlib.stack([x] * WIDE).sum().backward()
    assert time.perf_counter() - start < LOOSE_SECONDS
    assert x.grad.tolist() == [float(WIDE)] * 3
    a = gradlib.zeros(2, requires_grad=True, device=device)
    b = gradlib.zeros(2, requires_grad=True, device=device)
    c = gradlib.zeros(2, requires_grad=True, device=device)
    (a + b + c).sum().backward()  # AddBackward0 hands one array to both inputs
    a.grad.add_(10)
    b.grad.add_(20)
    assert c.grad.tolist() == [1.0, 1.0] and b.grad.tolist() == [21.0, 21.0] and a.grad.tolist() == [11.0, 11.0]


def test_one_tensor_used_100000_times_accumulates_linearly(device):
    x = gradlib.ones(3, requires_grad=True, device=device)
    start = time.perf_counter()
    total = x * 1.0
    for _ in range(WIDE - 1):
        total = total + x * 1.0
    total.sum().backward()
    assert time.perf_counter() - start < LOOSE_SECONDS
    assert x.grad.tolist() == [float(WIDE)] * 3
