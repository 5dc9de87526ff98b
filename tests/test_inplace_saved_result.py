"""An in-place op whose backward reads its own output (exp_, sqrt_, tanh_, sigmoid_, ...) saves the tensor it
wrote, as PyTorch's does: changing that tensor in place again before backward makes backward refuse with PyTorch's
message (it used to return a gradient from a private copy where PyTorch raises). The messages below are PyTorch
2.13's, with torch. read as gradlib."""
import pytest

import gradlib
from gradlib.autograd import gradcheck, gradgradcheck

SAVING_RESULT = [("sqrt_", "Sqrt"), ("exp_", "Exp"), ("tanh_", "Tanh"), ("sigmoid_", "Sigmoid"), ("rsqrt_", "Rsqrt")]


@pytest.mark.parametrize("method, node", SAVING_RESULT)
def test_a_second_in_place_change_makes_backward_refuse(device, method, node):
    a = gradlib.tensor([4.0, 9.0], device=device, requires_grad=True)
    b = a.clone()
    getattr(b, method)()
    b.mul_(2)
    with pytest.raises(RuntimeError) as caught:
        b.sum().backward()
    kind = "FloatTensor" if gradlib.device(device).type == "cpu" else "cuda.FloatTensor"
    assert str(caught.value).startswith(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[gradlib.{kind} [2]], which is output 0 of {node}, is at version 2; expected version 1 instead.")


@pytest.mark.parametrize("method, node", SAVING_RESULT)
def test_without_a_second_change_the_gradient_is_the_out_of_place_ones(device, method, node):
    x = gradlib.tensor([0.3, 1.7, 2.5], dtype=gradlib.float64, device=device, requires_grad=True)

    def in_place(t):
        return getattr(t.clone(), method)()

    assert gradcheck(in_place, (x,)) and gradgradcheck(in_place, (x,))
    expected, = gradlib.autograd.grad(getattr(gradlib, method[:-1])(x).sum(), x)
    got, = gradlib.autograd.grad(in_place(x).sum(), x)
    assert gradlib.equal(got, expected)


def test_the_saved_result_is_the_written_tensor_itself(device):
    b = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True).clone()
    b.exp_()
    assert b.grad_fn._saved_result.equal(b)
    b.add_(1)  # PyTorch: reading the saved result now raises too
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        b.grad_fn.next_functions[0][0]._saved_result
