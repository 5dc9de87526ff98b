"""The eager hot path's shortcuts (issue 16 item 1) give what the general paths give, bit for bit: cross_entropy's
common call records the same two nodes as log_softmax then nll_loss, ``loss.backward()`` seeds the same gradient
as an explicit ``gradient=``, and the engine's direct accumulation into a leaf's ``.grad`` keeps the general
path's aliasing, versions and hooks."""
import numpy as np
import pytest

import gradlib

F = gradlib.nn.functional


def _logits(dtype, device, rows=5, classes=4, seed=0):
    values = np.random.default_rng(seed).standard_normal((rows, classes)).astype(dtype)
    return gradlib.tensor(values, requires_grad=True, device=device)


def _bits(tensor):
    return tensor.detach().cpu().numpy().tobytes()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ignore_index", [-100, 2])
def test_cross_entropy_common_call_matches_its_two_ops(dtype, ignore_index, device):
    target = gradlib.tensor([0, 2, 3, 1, 2], device=device)
    x = _logits(dtype, device)
    loss = F.cross_entropy(x, target, ignore_index=ignore_index)
    loss.backward()
    y = _logits(dtype, device)
    expected = F.nll_loss(F.log_softmax(y, 1), target, ignore_index=ignore_index)
    expected.backward()
    assert _bits(loss) == _bits(expected)
    assert _bits(x.grad) == _bits(y.grad)
    assert loss.dtype == expected.dtype and loss.shape == ()
    assert type(loss.grad_fn).__name__ == "NllLossBackward0"
    (node, _), = loss.grad_fn.next_functions
    assert node.name() == "LogSoftmaxBackward0"
    assert node.next_functions[0][0].variable is x


def test_cross_entropy_common_call_keeps_pytorchs_errors(device):
    x = _logits("float32", device)
    with pytest.raises(ValueError, match=r"Expected input batch_size \(5\) to match target batch_size \(2\)\."):
        F.cross_entropy(x, gradlib.tensor([0, 1], device=device))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Int"):
        F.cross_entropy(x, gradlib.tensor([0, 1, 2, 3, 0], dtype=gradlib.int32, device=device))
    if gradlib.device(device).type == "cpu":  # on CUDA the bounds test is deferred (backends.deferred)
        with pytest.raises(IndexError, match="Target 7 is out of bounds."):
            F.cross_entropy(x, gradlib.tensor([0, 1, 7, 3, 0], device=device))


def test_other_cross_entropy_calls_still_take_the_general_path(device):
    x = _logits("float64", device)
    target = gradlib.tensor([0, 2, 3, 1, 2], device=device)
    summed = F.cross_entropy(x, target, reduction="sum")
    smoothed = F.cross_entropy(x, target, label_smoothing=0.1)
    assert type(summed.grad_fn).__name__ == "NllLossBackward0"
    assert type(smoothed.grad_fn).__name__ == "AddBackward0"
    mean = F.cross_entropy(x, target)
    assert abs(summed.item() / 5 - mean.item()) < 1e-12


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_loss_backward_seed_is_one_of_the_loss_dtype(dtype, device):
    x = gradlib.tensor([1.5, -2.0], dtype=getattr(gradlib, dtype), requires_grad=True, device=device)
    (x * 3).sum().backward()
    y = gradlib.tensor([1.5, -2.0], dtype=getattr(gradlib, dtype), requires_grad=True, device=device)
    loss = (y * 3).sum()
    loss.backward(gradlib.ones((), dtype=loss.dtype, device=device))
    assert x.grad.dtype == x.dtype and _bits(x.grad) == _bits(y.grad)
    leaf = gradlib.tensor(2.0, requires_grad=True, device=device)
    leaf.backward()  # the seed itself becomes the leaf's .grad: a fresh array
    assert leaf.grad.tolist() == 1.0
    leaf.backward()
    assert leaf.grad.tolist() == 2.0


def test_loss_backward_still_refuses_what_needs_no_grad(device):
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad and does not have a "
                                           "grad_fn"):
        gradlib.tensor(1.0, device=device).backward()


def test_a_leaf_used_twice_gets_a_grad_of_its_own(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    b = gradlib.tensor([0.5], requires_grad=True, device=device)
    (x + x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    w = gradlib.tensor([[1.0, 2.0]], requires_grad=True, device=device)
    out = w + b  # add's gradient goes twice, once summed down to b's shape
    out.sum().backward()
    assert b.grad.tolist() == [2.0] and w.grad.tolist() == [[1.0, 1.0]]
    grad = w.grad
    assert grad._version == 0
    (w * 2).sum().backward()  # accumulated in place: the same tensor, its version bumped (PyTorch: 0, then 1)
    assert w.grad is grad and grad.tolist() == [[3.0, 3.0]] and grad._version == 1
    (w * 2).sum().backward()
    assert grad._version == 2


def test_a_leaf_with_hooks_takes_the_general_accumulation(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    seen = []
    x.register_hook(lambda grad: grad * 10)
    x.register_post_accumulate_grad_hook(lambda tensor: seen.append(tensor.grad.tolist()))
    (x * x).sum().backward()
    assert x.grad.tolist() == [20.0, 40.0] and seen == [[20.0, 40.0]]
