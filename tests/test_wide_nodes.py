"""A node with very many inputs (stack/cat of 10^5 tensors, one tensor summed in 10^5 places, grad() of 10^5
inputs): the engine's work is linear in a node's inputs, and nothing recurses.

Timed loosely, by ratio: the same work with 10^4 and with 10^5 inputs. Linear work takes about 10x longer for
10x the inputs; the quadratic engine (each gradient compared with all earlier ones of its node: 48 s here, 133 s
elsewhere for 10^5) took about 80x-100x. Python's garbage collector is off while timing (its passes over 10^5
live tensors add noise, not the engine's cost); a ratio under 40 passes under the loads this machine sees, and
an absolute bound of two minutes catches a run that is slow both times."""
import gc
import time

import pytest

import gradlib

WIDE = 10 ** 5
RATIO = 40
LOOSE_SECONDS = 120.0


def _leaves(device, count):
    values = gradlib.arange(count * 3, dtype=gradlib.float32, device=device).reshape(count, 3)
    return [row.detach().clone().requires_grad_() for row in values.unbind(0)]


def _assert_linear(work, device):
    """``work(leaves)`` timed for 10^4 and 10^5 leaves: the larger takes at most RATIO times as long."""
    times = []
    for count in (WIDE // 10, WIDE):
        leaves = _leaves(device, count)
        gc.collect()
        gc.disable()  # the engine's algorithm is timed, not Python's collector walking 10^5 live tensors
        try:
            start = time.perf_counter()
            work(leaves)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    small, large = times
    assert large < LOOSE_SECONDS, f"{WIDE} inputs took {large:.1f} s"
    assert large < RATIO * max(small, 0.01), f"10x the inputs took {large / small:.0f}x as long: quadratic again?"


@pytest.mark.parametrize("join", ["stack", "cat"])
def test_backward_through_a_node_with_100000_inputs_is_linear(device, join):
    weights = gradlib.arange(3, dtype=gradlib.float32, device=device) + 1

    def work(leaves):
        joined = getattr(gradlib, join)(leaves)
        (joined.reshape(len(leaves), 3) * weights).sum().backward()
        assert leaves[0].grad.tolist() == [1.0, 2.0, 3.0] and leaves[-1].grad.tolist() == [1.0, 2.0, 3.0]
        assert all(leaf.grad is not None for leaf in leaves)

    _assert_linear(work, device)


def test_one_gradient_handed_to_100000_inputs_is_copied_for_each(device):
    """stack([x] * n): one array per input, and none aliases another (the leaf's .grad is accumulated in
    place); several distinct leaves each borrow or copy correctly."""
    def work(leaves):
        x = leaves[0]
        gradlib.stack([x] * len(leaves)).sum().backward()
        assert x.grad.tolist() == [float(len(leaves))] * 3

    _assert_linear(work, device)
    a = gradlib.zeros(2, requires_grad=True, device=device)
    b = gradlib.zeros(2, requires_grad=True, device=device)
    c = gradlib.zeros(2, requires_grad=True, device=device)
    (a + b + c).sum().backward()  # AddBackward0 hands one array to both inputs
    a.grad.add_(10)
    b.grad.add_(20)
    assert c.grad.tolist() == [1.0, 1.0] and b.grad.tolist() == [21.0, 21.0] and a.grad.tolist() == [11.0, 11.0]


def test_one_tensor_used_100000_times_accumulates_linearly(device):
    def work(leaves):
        x = leaves[0]
        total = x * 1.0
        for _ in range(len(leaves) - 1):
            total = total + x * 1.0
        total.sum().backward()
        assert x.grad.tolist() == [float(len(leaves))] * 3

    _assert_linear(work, device)


def test_grad_and_backward_inputs_with_100000_inputs_are_linear(device):
    def work(leaves):
        grads = gradlib.autograd.grad(gradlib.stack(leaves).sum(), leaves)
        gradlib.stack(leaves).sum().backward(inputs=leaves)
        assert len(grads) == len(leaves) and grads[-1].tolist() == [1.0] * 3 and leaves[-1].grad.tolist() == [1.0] * 3

    _assert_linear(work, device)
