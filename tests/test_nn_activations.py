"""Activation functions and modules: PyTorch's errors, in-place forms and the random slopes of rrelu (values and
gradients against PyTorch are in tests/test_gradients.py and tests/test_nn_modules.py)."""
import pytest

import gradlib

F = gradlib.nn.functional
nn = gradlib.nn

ERRORS = [
    (lambda: F.glu(gradlib.randn(2, 3)), RuntimeError, "Halving dimension must be even, but dimension 1 is size 3"),
    (lambda: F.glu(gradlib.tensor(1.0)), RuntimeError, "glu does not support scalars because halving size must be "
                                                       "even"),
    (lambda: F.prelu(gradlib.randn(2, 3), gradlib.randn(2)), RuntimeError,
     "Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 3."),
    (lambda: F.prelu(gradlib.randn(3), gradlib.randn(3)), RuntimeError,
     "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 1."),
    (lambda: nn.Softmax2d()(gradlib.randn(2, 2)), ValueError, "Softmax2d: expected input to be 3D or 4D, got 2D "
                                                              "instead"),
    (lambda: F.hardshrink(gradlib.tensor([1, 2])), NotImplementedError,
     "\"hardshrink_cpu\" not implemented for 'Long'"),
    (lambda: F.softshrink(gradlib.tensor([1, 2])), NotImplementedError,
     "\"softshrink_check\" not implemented for 'Long'"),
    (lambda: F.softshrink(gradlib.randn(2, dtype=gradlib.float64), -1), RuntimeError,
     "lambda must be in range [0, 1.79769e+308] for input dtype Double, but found -1"),
    (lambda: F.softshrink(gradlib.randn(2), -0.5), RuntimeError,
     "lambda must be in range [0, 3.40282e+38] for input dtype Float, but found -0.5"),
    (lambda: F.rrelu(gradlib.randn(2), 0.5, 0.2), RuntimeError,
     "Lower bound should be less than or equal to the upper bound"),
    (lambda: nn.Hardtanh(2, 1), AssertionError, "max_val (1) must be greater than min_val (2)"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_are_pytorchs(index):
    function, error, message = ERRORS[index]
    with pytest.raises(error) as caught:
        function()
    assert str(caught.value) == message


def test_inplace_forms_write_into_the_input(device):
    x = gradlib.tensor([-1.0, 2.0], device=device)
    assert F.threshold(x, 0.0, 5.0, inplace=True) is x and x.tolist() == [5.0, 2.0]
    y = gradlib.tensor([-4.0, 1.0], device=device)
    nn.Hardswish(inplace=True)(y)
    assert y.tolist() == pytest.approx([0.0, 2.0 / 3.0])
    z = gradlib.tensor([-2.0, 3.0], device=device)
    F.celu_(z, 2.0)
    assert z.tolist() == pytest.approx([2.0 * (gradlib.tensor(-1.0).exp().item() - 1), 3.0])


def test_rrelu_draws_slopes_in_bounds_while_training(device):
    gradlib.manual_seed(0)
    module = nn.RReLU(0.1, 0.3)
    x = gradlib.full((2000,), -1.0, device=device, requires_grad=True)
    y = module(x)
    slopes = -y.detach()
    assert 0.1 <= float(slopes.min()) and float(slopes.max()) <= 0.3 and float(slopes.std()) > 0.03
    y.sum().backward()
    assert bool((x.grad == slopes).all()), "the gradient uses the slopes drawn in forward"
    module.eval()
    assert module(gradlib.tensor([-1.0], device=device)).tolist() == pytest.approx([-0.2])


def test_prelu_learns_its_slopes(device):
    module = nn.PReLU(2).to(device)
    x = gradlib.tensor([[-1.0, -2.0], [3.0, -4.0]], device=device)
    module(x).sum().backward()
    assert module.weight.grad.tolist() == [-1.0, -6.0]
