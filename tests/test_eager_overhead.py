"""Eager-path economies (issue 16): an op with a constant operand keeps only what the needed gradient reads."""
import tracemalloc

import numpy as np

import gradlib


def _held_bytes_after(build):
    tracemalloc.start()
    try:
        result = build()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return result, held


def test_chain_of_products_with_a_constant_keeps_no_intermediates(device):
    size = 10_000  # 40 KB of float32 per intermediate
    x = gradlib.ones(size, requires_grad=True, device=device)
    c = gradlib.full((size,), 1.0001, device=device)

    def build():
        y = x
        for _ in range(200):
            y = y * c  # each node keeps c (shared), not its input y
        return y

    y, held = _held_bytes_after(build)
    # Saving y in every node held 200 x 40 KB = 8 MB; now only the last output and the nodes remain.
    assert held < 1_000_000, held
    y.sum().backward()
    expected = np.float32(1.0001) ** np.arange(1, 201, dtype=np.float32)[-1]
    assert np.allclose(x.grad.cpu().numpy(), np.full(size, 1.0001, np.float32) ** 200, rtol=1e-5)
    assert expected > 0


def test_constant_on_the_left_and_division_keep_what_their_gradient_reads(device):
    size = 10_000
    x = gradlib.ones(size, requires_grad=True, device=device)
    c = gradlib.full((size,), 2.0, device=device)

    def build():
        y = x
        for _ in range(100):
            y = c * y
            y = y / c   # d/dy (y / c) reads c only
        return y

    y, held = _held_bytes_after(build)
    assert held < 1_000_000, held
    y.sum().backward()
    assert np.array_equal(x.grad.cpu().numpy(), np.ones(size, np.float32))


def test_a_constant_divisor_still_gets_its_gradient_when_asked(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    c = gradlib.tensor([4.0, 8.0], device=device)
    (c / x).sum().backward()        # the divisor needs a gradient: both values kept
    assert x.grad.tolist() == [-4.0, -2.0]
    c.requires_grad_()
    x.grad = None
    (x * c).sum().backward()
    assert x.grad.tolist() == [4.0, 8.0] and c.grad.tolist() == [1.0, 2.0]


def test_saved_tensors_hooks_see_only_the_kept_values(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    c = gradlib.tensor([3.0, 5.0], device=device)
    packed = []

    def pack(tensor):
        packed.append(tensor.tolist())
        return tensor

    with gradlib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        y = x * c
    assert packed == [[3.0, 5.0]]
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 5.0]
