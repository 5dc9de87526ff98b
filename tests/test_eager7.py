"""Issue 16 item 1, this session's cuts of the eager hot path: each shortcut gives what the general path gives, bit
for bit, on every device."""
import numpy as np
import pytest

import gradlib


def _host(tensor):
    return tensor.detach().cpu().numpy()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("bias_shape", [(6,), (1, 6), (3, 1), (1,)])
def test_bias_gradient_is_the_batch_sum(dtype, bias_shape, device):
    # (N, C) + b: the engine sums the gradient over the broadcast axes; a (C,) bias takes the one-axis shortcut,
    # the others the general reduction, and both equal NumPy's sum over those axes
    rng = np.random.default_rng(0)
    x = gradlib.tensor(rng.standard_normal((3, 6)).astype(dtype), requires_grad=True, device=device)
    b = gradlib.tensor(rng.standard_normal(bias_shape).astype(dtype), requires_grad=True, device=device)
    upstream = rng.standard_normal((3, 6)).astype(dtype)
    (x + b).backward(gradlib.tensor(upstream, device=device))
    axes = tuple(axis for axis in range(2) if len(bias_shape) < 2 - axis or bias_shape[axis - 2 + len(bias_shape)]
                 == 1)
    expected = upstream.sum(axis=axes, keepdims=True).reshape(bias_shape)
    assert b.grad.shape == bias_shape and b.grad.dtype == b.dtype
    assert _host(b.grad).tobytes() == expected.tobytes()
    assert _host(x.grad).tobytes() == upstream.tobytes()


def test_bias_gradient_of_a_batched_input_sums_every_leading_axis(device):
    x = gradlib.ones(2, 3, 4, requires_grad=True, device=device)
    b = gradlib.ones(4, requires_grad=True, device=device)
    (x * 2 + b).sum().backward()
    assert _host(b.grad).tolist() == [6.0] * 4


def test_bias_gradient_under_create_graph_is_differentiable(device):
    x = gradlib.ones(3, 2, dtype=gradlib.float64, requires_grad=True, device=device)
    b = gradlib.tensor([1.0, 2.0], dtype=gradlib.float64, requires_grad=True, device=device)
    (grad_b,) = gradlib.autograd.grad(((x + b) ** 2).sum(), b, create_graph=True)
    assert _host(grad_b).tolist() == [12.0, 18.0]
    assert grad_b.grad_fn is not None
    (second,) = gradlib.autograd.grad(grad_b.sum(), b)
    assert _host(second).tolist() == [6.0, 6.0]


def test_bad_custom_gradient_shape_is_still_refused(device):
    class Wrong(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1

        @staticmethod
        def backward(ctx, grad):
            return gradlib.ones(3, 5, device=grad.device)  # (3, 5) for a (4,) input: not expandable

    a = gradlib.ones(4, requires_grad=True, device=device)
    with pytest.raises(RuntimeError, match=r"returned an invalid gradient at index 0 - got \[3, 5\] but expected "
                                           r"shape compatible with \[4\]"):
        Wrong.apply(a).sum().backward()


@pytest.mark.parametrize("needs", [(True, True), (False, True), (True, False)])
def test_mm_gradients_are_the_transposed_products(needs, device):
    rng = np.random.default_rng(1)
    a_host = rng.standard_normal((4, 3)).astype("float32")
    b_host = rng.standard_normal((3, 5)).astype("float32")
    upstream = rng.standard_normal((4, 5)).astype("float32")
    a = gradlib.tensor(a_host, requires_grad=needs[0], device=device)
    b = gradlib.tensor(b_host, requires_grad=needs[1], device=device)
    out = a @ b
    assert out.grad_fn.name() == "MmBackward0"
    out.backward(gradlib.tensor(upstream, device=device))
    if needs[0]:
        assert _host(a.grad).tobytes() == np.matmul(upstream, b_host.T).tobytes()
    else:
        assert a.grad is None
    if needs[1]:
        assert _host(b.grad).tobytes() == np.matmul(a_host.T, upstream).tobytes()
    else:
        assert b.grad is None


def test_mm_second_derivative_and_vmap_keep_the_general_formula(device):
    a = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=gradlib.float64, requires_grad=True, device=device)
    b = gradlib.tensor([[0.5, -1.0], [2.0, 1.0]], dtype=gradlib.float64, requires_grad=True, device=device)
    (grad_a,) = gradlib.autograd.grad((a @ b).pow(2).sum(), a, create_graph=True)
    assert grad_a.grad_fn is not None
    (second,) = gradlib.autograd.grad(grad_a.sum(), b)
    assert _host(second).tolist() == [[48.0, 4.0], [58.0, 4.0]]  # PyTorch 2.13
    batched = gradlib.func.vmap(gradlib.func.grad(lambda m: (m @ b).sum()))(
        gradlib.ones(3, 2, 2, dtype=gradlib.float64, device=device))
    assert _host(batched).tolist() == [[[-0.5, 3.0], [-0.5, 3.0]]] * 3
