"""A second backward through a graph whose saved values were freed raises PyTorch's error, including where the
only saved value is a Python number (PyTorch wraps ``x * 2``'s 2 as a saved 0-d tensor); nodes that save
nothing (``x + 2``, ``-x``, views) run again. The outcomes are PyTorch 2.13's for the same calls."""
import pytest

import gradlib

RAISES = "Trying to backward through the graph a second time"

CASES = {  # name: (function, PyTorch raises on the second backward)
    "mul_scalar": (lambda x: x * 2, True),
    "rmul_scalar": (lambda x: 2 * x, True),
    "mul_method_scalar": (lambda x: x.mul(2), True),
    "div_scalar": (lambda x: x / 2, True),
    "mul_tensor": (lambda x: x * x, True),
    "exp": (lambda x: x.exp(), True),
    "relu": (lambda x: x.relu(), True),
    "add_scalar": (lambda x: x + 2, False),
    "sub_scalar": (lambda x: x - 2, False),
    "neg": (lambda x: -x, False),
    "identity": (lambda x: x, False),
    "view": (lambda x: x.view(2, 1), False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_second_backward_as_pytorch(device, name):
    function, raises = CASES[name]
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = function(x).sum()
    y.backward()
    first = x.grad.clone()
    if raises:
        with pytest.raises(RuntimeError, match=RAISES):
            y.backward()
    else:
        y.backward()
        assert gradlib.equal(x.grad, 2 * first)


@pytest.mark.parametrize("name", ["mul_scalar", "div_scalar"])
def test_retain_graph_keeps_the_scalar(device, name):
    function, _ = CASES[name]
    x = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = function(x).sum()
    y.backward(retain_graph=True)
    first = x.grad.clone()
    y.backward()
    assert gradlib.equal(x.grad, 2 * first)
    assert gradlib.equal(y.grad_fn.next_functions[0][0]._saved_other, gradlib.tensor(2, device=device))


def test_cross_entropy_mean_over_probabilities_runs_twice(device):
    # PyTorch's div.Scalar (DivBackward1) keeps the number as a number: nothing freed, nothing refused
    logits = gradlib.tensor([[1.0, 2.0, 0.5]], device=device, requires_grad=True)
    target = gradlib.tensor([[0.2, 0.5, 0.3]], device=device)
    loss = gradlib.nn.functional.cross_entropy(logits, target)
    assert loss.grad_fn.name() == "DivBackward1"
    with pytest.raises(RuntimeError, match=RAISES):  # the log_softmax below it saved its result
        loss.backward()
        loss.backward()
