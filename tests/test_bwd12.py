"""cross_entropy's backward shortcut (bwd12): NllLossBackward0's dense case tells the LogSoftmaxBackward0 below it
the row sum of the gradient it hands on (one value per row, zeros elsewhere), so log_softmax's backward skips its
reduction. Compared here with the general formula (the reduction, the record switched off): the same gradient
bits on edge values and shapes, and the record is used only for that very array, without hooks in between."""
import numpy as np
import pytest

import gradlib
from gradlib.ops import nn_ops

F = gradlib.nn.functional


#: put on LogSoftmaxBackward0 in place of its ``_told_row_sum`` slot: what NllLossBackward0 tells is dropped, so
#: LogSoftmaxBackward0 takes its reduction (the general formula)
_TOLD_NOTHING = property(lambda node: None, lambda node, value: None)


def _bits(array):
    return array.dtype.str, array.shape, array.tobytes()


def _grad(logits, labels, device, dtype, seed=None, reduction="mean"):
    x = gradlib.tensor(logits, dtype=dtype, device=device, requires_grad=True)
    y = gradlib.tensor(labels, device=device)
    loss = F.cross_entropy(x, y, reduction=reduction)
    loss.backward(None if seed is None else gradlib.tensor(seed, dtype=dtype, device=device))
    assert loss.grad_fn.next_functions[0][0]._told_row_sum is None  # taken by log_softmax's backward: nothing held
    return _bits(x.grad.cpu().numpy())


def _cases():
    rng = np.random.default_rng(12)
    for classes in (1, 2, 7, 10, 17):
        logits = rng.standard_normal((5, classes)) * 30
        logits[0, 0] = -0.
        logits[1, -1] = np.inf
        logits[2, 0] = -np.inf
        logits[3, -1] = np.nan
        logits[4, 0] = 1e-40
        labels = rng.integers(0, classes, 5)
        yield logits, labels
    yield np.zeros((1, 3)), np.array([2])
    yield np.full((4, 3), 7.), np.array([0, 0, 2, 1])  # ties


@pytest.mark.parametrize("dtype", [gradlib.float32, gradlib.float64])
@pytest.mark.parametrize("seed", [None, 1., -0., 0., 2.5, np.inf, -np.inf, np.nan, 1e-40])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_same_bits_as_the_reduction(device, dtype, seed, reduction, monkeypatch):
    for logits, labels in _cases():
        shortcut = _grad(logits, labels, device, dtype, seed, reduction)
        with monkeypatch.context() as patch:
            patch.setattr(nn_ops.LogSoftmaxBackward0, "_told_row_sum", _TOLD_NOTHING)
            general = _grad(logits, labels, device, dtype, seed, reduction)
        assert shortcut == general, (logits.shape, seed)


def test_the_reduction_is_skipped_on_the_host(monkeypatch):
    """The point of the shortcut: cross_entropy's log_softmax backward makes no row reduction."""
    def refuse(*args):
        raise AssertionError("row reduction called")
    monkeypatch.setattr(nn_ops, "_ADD_REDUCE", refuse)
    x = gradlib.randn(8, 10, requires_grad=True)
    F.cross_entropy(x, gradlib.tensor([1, 2, 3, 4, 5, 6, 7, 0])).backward()
    assert x.grad.shape == (8, 10)


def _hooked(logits, labels, device, where):
    x = gradlib.tensor(logits, device=device, requires_grad=True)
    loss = F.cross_entropy(x, gradlib.tensor(labels, device=device))
    if where == "pre":  # on log_softmax's node, writing into the gradient it receives
        loss.grad_fn.next_functions[0][0].register_prehook(lambda grads: (grads[0].add_(1.), None)[1])
    elif where == "post":  # on the loss node, writing into the gradient it hands on
        loss.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (grad_inputs[0].add_(1.), None)[1])
    loss.backward()
    return x.grad.cpu().numpy()


@pytest.mark.parametrize("where", ["pre", "post"])
def test_a_gradient_changed_on_the_way_is_summed(device, where, monkeypatch):
    """A hook writing into the gradient (the record's array) in place: the rows are summed again, as the general
    formula sums what the hook left."""
    logits = np.arange(12.).reshape(3, 4) / 7
    labels = np.array([3, 0, 1])
    got = _hooked(logits, labels, device, where)
    with monkeypatch.context() as patch:
        patch.setattr(nn_ops.LogSoftmaxBackward0, "_told_row_sum", _TOLD_NOTHING)
        general = _hooked(logits, labels, device, where)
    assert _bits(got) == _bits(general)
    if where == "pre":  # d/dx of sum((g + 1) * log_softmax(x)): the shifted gradient, summed per row
        softmax = np.exp(logits - logits.max(1, keepdims=True))
        softmax /= softmax.sum(1, keepdims=True)
        shifted = np.eye(4)[labels] * (-1 / 3) + 1
        np.testing.assert_allclose(got, shifted - softmax * shifted.sum(1, keepdims=True), rtol=1e-12, atol=1e-12)


def test_a_second_consumer_and_second_order(device):
    """log_softmax's output used twice (its gradient a sum: not the recorded array), a retained graph run twice,
    create_graph's second order: each as the general formula gives."""
    logits = np.random.default_rng(5).standard_normal((6, 5))
    labels = np.array([0, 1, 2, 3, 4, 0])
    x = gradlib.tensor(logits, device=device, requires_grad=True)
    y = gradlib.tensor(labels, device=device)
    loss = F.cross_entropy(x, y)
    loss.backward(retain_graph=True)
    first = x.grad.clone()
    loss.backward()
    np.testing.assert_array_equal(x.grad.cpu().numpy(), 2 * first.cpu().numpy())
    (grad,) = gradlib.autograd.grad(F.cross_entropy(x, y), x, create_graph=True)
    np.testing.assert_array_equal(grad.detach().cpu().numpy(), first.cpu().numpy())
    assert gradlib.autograd.gradcheck(lambda t: F.cross_entropy(t, y), (x,))
    assert gradlib.autograd.gradgradcheck(lambda t: F.cross_entropy(t, y), (x,))
