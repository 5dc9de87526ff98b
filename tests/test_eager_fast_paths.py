"""The eager hot path's shortcuts (issue 16) give what the general path gives: Op.apply's fast path (CPU float
tensors of one dtype, plain arguments), the engine's inline nodes, matmul/add/mul's early dispatch, and relu's
where-free kernels. Expected values are PyTorch 2.13's (written out here; the signs of zeros matter)."""
import math

import numpy as np
import pytest

import gradlib


def _signbits(tensor):
    return np.signbit(tensor.detach().cpu().numpy()).tolist()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_relu_keeps_minus_zero_and_nan_and_its_gradient_is_where(device, dtype):
    dtype = getattr(gradlib, dtype)
    values = [-0.0, math.nan, -1.0, 2.0, -math.inf, 0.0, math.inf]
    x = gradlib.tensor([values, values], dtype=dtype, device=device, requires_grad=True)
    y = x.relu()
    row = y.detach().cpu().numpy()[1].tolist()
    assert row[0] == 0 and math.isnan(row[1]) and row[2:] == [0.0, 2.0, 0.0, 0.0, math.inf]
    assert _signbits(y)[1] == [True, False, False, False, False, False, False]  # relu(-0.) is -0.
    grads = [-1.0, -2.0, math.nan, -0.0, math.inf, -3.0, -0.0]
    y.backward(gradlib.tensor([grads, grads], dtype=dtype, device=device))
    got = x.grad.cpu().numpy()[0].tolist()
    # threshold_backward: +0. where the output is 0 (whatever the gradient), the gradient itself elsewhere
    assert got == [0.0, -2.0, 0.0, -0.0, 0.0, 0.0, -0.0]
    assert _signbits(x.grad)[0] == [False, True, False, True, False, False, True]
    assert x.grad.dtype is dtype


def test_relu_of_a_zero_dim_tensor_and_of_integers(device):
    x = gradlib.tensor(-0.0, device=device, requires_grad=True)
    y = x.relu()
    assert _signbits(y) is True
    y.backward(gradlib.tensor(-5.0, device=device))
    assert x.grad.item() == 0.0 and _signbits(x.grad) is False
    assert gradlib.tensor([-3, 0, 4], device=device).relu().tolist() == [0, 0, 4]


def test_relu_gradient_of_a_broadcast_gradient(device):
    x = gradlib.tensor([[-1.0, 2.0], [3.0, -0.0]], device=device, requires_grad=True)
    x.relu().sum().backward()  # the gradient reaching relu is one value broadcast (a view)
    assert x.grad.tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_relu_twice_differentiable(device):
    x = gradlib.tensor([-1.0, 0.5, 2.0], dtype=gradlib.float64, device=device, requires_grad=True)
    (grad,) = gradlib.autograd.grad((x.relu() * x).sum(), x, create_graph=True)
    assert grad.tolist() == [0.0, 1.0, 4.0]
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    assert second.tolist() == [0.0, 2.0, 2.0]


def test_fast_path_results_equal_the_general_paths(device):
    """The same op through apply's fast path (float32 tensors, Python scalars) and through its general path
    (a float64 operand, a NumPy scalar, an integer tensor): the same values, dtypes and grad_fn names."""
    a = gradlib.tensor([[1.5, -2.0], [0.25, 3.0]], device=device, requires_grad=True)
    b = gradlib.tensor([0.5, -1.0], device=device, requires_grad=True)
    fast = [a * 2.5, a + b, a - b, a * b, a / 4, a @ a, a.sin(), (a + b) * 3]
    general = [a * np.float32(2.5), a + b.double(), a - b.double(), a * b.double(), a / np.float64(4),
               a.double() @ a.double(), a.double().sin(), (a + b.double()) * 3]
    for one, other in zip(fast, general):
        assert one.dtype is gradlib.float32
        assert one.grad_fn.name() == other.grad_fn.name()
        assert np.allclose(one.detach().cpu().numpy(), other.detach().cpu().numpy())
    integers = gradlib.tensor([1, 2], device=device) * 3
    assert integers.dtype is gradlib.int64 and integers.tolist() == [3, 6]
    assert ((gradlib.tensor([1, 2], device=device) + 0.5) * 2).tolist() == [3.0, 5.0]


def test_fast_path_gradients_through_a_diamond_and_a_shared_operand(device):
    x = gradlib.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
    c = gradlib.tensor([2.0, 2.0, 2.0], device=device)
    y = x * c
    z = y.sin() + y * y + x * x  # y reaches the sum along three edges, x along two
    z.sum().backward()
    expected = 2 * np.cos(2 * np.arange(1, 4)) + 8 * np.arange(1, 4) + 2 * np.arange(1, 4)
    assert np.allclose(x.grad.cpu().numpy(), expected)


def test_a_view_written_through_its_base_is_refreshed_before_an_op(device):
    base = gradlib.zeros(2, 3, device=device)
    row = base[0]
    with gradlib.no_grad():
        base.add_(1.0)
    assert (row * 2.0).tolist() == [2.0, 2.0, 2.0]
    assert (row + row).tolist() == [2.0, 2.0, 2.0]


def test_mixed_devices_and_dtypes_still_refused_in_pytorchs_words(device):
    a = gradlib.ones(2, device=device)
    with pytest.raises(RuntimeError, match="The size of tensor a"):
        a + gradlib.ones(3, device=device)
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        gradlib.mul(a, [1.0, 2.0])
    with pytest.raises(RuntimeError, match="mat1 and mat2 shapes cannot be multiplied|size mismatch|shapes"):
        gradlib.ones(2, 3, device=device) @ gradlib.ones(2, 3, device=device)
