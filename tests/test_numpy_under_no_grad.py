"""``Tensor.numpy()`` refuses a tensor that requires grad only while grad mode is on, as PyTorch's check
(``GradMode::is_enabled() && requires_grad``): under ``no_grad`` and inside an ``autograd.Function``'s forward
(the "Extending torch.func with autograd.Function" tutorial's ``x.cpu().numpy()``) it returns the data."""
import numpy
import pytest

import gradlib


def test_refused_with_grad_mode_on():
    x = gradlib.ones(2, device="cpu", requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad"):
        x.numpy()
    with gradlib.enable_grad(), pytest.raises(RuntimeError):
        x.numpy()


def test_allowed_under_no_grad_and_inference_mode():
    x = gradlib.ones(2, device="cpu", requires_grad=True)
    with gradlib.no_grad():
        assert x.numpy().tolist() == [1.0, 1.0]
    with gradlib.inference_mode():
        assert x.numpy().tolist() == [1.0, 1.0]
    assert x.numpy(force=True).tolist() == [1.0, 1.0]


def test_a_function_forward_may_compute_in_numpy(device):
    class NumpyExp(gradlib.autograd.Function):
        @staticmethod
        def forward(x):
            return gradlib.tensor(numpy.exp(x.cpu().numpy()), device=x.device)

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(output)

        @staticmethod
        def backward(ctx, grad):
            (result,) = ctx.saved_tensors
            return grad * result

    x = gradlib.tensor([0.0, 1.0], dtype=gradlib.float64, device=device, requires_grad=True)
    y = NumpyExp.apply(x)
    y.sum().backward()
    assert x.grad.tolist() == pytest.approx([1.0, numpy.e])
