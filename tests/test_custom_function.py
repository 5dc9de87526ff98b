"""Custom autograd Functions (beyond the PyTorch reference cases): the Legendre example, once_differentiable,
non-tensor arguments, outputs that alias inputs, freed saved tensors."""
import json
import pathlib
import runpy

import pytest

import gradlib
from gradlib.autograd.function import once_differentiable

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_legendre_example_reaches_pytorchs_final_loss(device):
    recorded = json.loads((ROOT / "tests" / "reference" / "custom_function.json").read_text())
    fit = runpy.run_path(str(ROOT / "examples" / "custom_function.py"), run_name="test")["fit"]
    loss, a, b, c, d = fit(device=device, verbose=False)
    assert loss == pytest.approx(recorded["loss"], rel=1e-6)
    for name, value in zip("abcd", (a, b, c, d)):
        assert value == pytest.approx(recorded[name], rel=1e-6, abs=1e-6), name


class Square(gradlib.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        assert not gradlib.is_grad_enabled()
        return grad * 2 * x


def test_once_differentiable_runs_backward_without_grad(device):
    x = gradlib.tensor([3.0], requires_grad=True)
    (g,) = gradlib.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == [6.0] and not g.requires_grad


def test_saved_tensors_freed_after_backward(device):
    x = gradlib.tensor([3.0], requires_grad=True)
    y = Square.apply(x)
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_gradcheck_of_custom_function(device):
    class Sine(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x, scale):
            ctx.save_for_backward(x)
            ctx.scale = scale
            return x.sin() * scale

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * x.cos() * ctx.scale, None

    x = gradlib.randn(4, dtype=gradlib.float64, requires_grad=True)
    assert gradlib.autograd.gradcheck(lambda t: Sine.apply(t, 2.5), (x,))
    assert gradlib.autograd.gradgradcheck(lambda t: Sine.apply(t, 2.5), (x,))


def test_output_returned_unchanged_is_a_new_tensor(device):
    class Identity(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad * 3

    x = gradlib.ones(2, requires_grad=True)
    y = Identity.apply(x)
    assert y is not x and y.grad_fn.name() == "IdentityBackward"
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_function_without_grad_inputs_records_nothing(device):
    y = Square.apply(gradlib.ones(2))
    assert y.grad_fn is None and not y.requires_grad


def test_forward_must_be_implemented():
    class Empty(gradlib.autograd.Function):
        pass

    with pytest.raises(NotImplementedError, match="You must implement the forward function"):
        Empty.apply(gradlib.ones(1))
