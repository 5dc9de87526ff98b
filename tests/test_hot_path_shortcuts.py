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
    assert grad._version == 1  # sum's gradient is expanded: copied into w's layout, as PyTorch (version 1)
    (w * 2).sum().backward()  # accumulated in place: the same tensor, its version bumped (PyTorch: 1, then 2)
    assert w.grad is grad and grad.tolist() == [[3.0, 3.0]] and grad._version == 2
    (w * 2).sum().backward()
    assert grad._version == 3


def test_a_leaf_with_hooks_takes_the_general_accumulation(device):
    x = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    seen = []
    x.register_hook(lambda grad: grad * 10)
    x.register_post_accumulate_grad_hook(lambda tensor: seen.append(tensor.grad.tolist()))
    (x * x).sum().backward()
    assert x.grad.tolist() == [20.0, 40.0] and seen == [[20.0, 40.0]]


def _matrices(dtype, device, seed=1):
    rng = np.random.default_rng(seed)
    a = gradlib.tensor(rng.standard_normal((3, 4)).astype(dtype), requires_grad=True, device=device)
    b = gradlib.tensor(rng.standard_normal((4, 2)).astype(dtype), requires_grad=True, device=device)
    return a, b


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_matmul_operator_shortcut_matches_matmul(dtype, device):
    """``a @ b`` of two float matrices goes straight to MmBackward0: the node, values and gradients of
    gradlib.matmul, bit for bit."""
    a, b = _matrices(dtype, device)
    out = a @ b
    assert out.grad_fn._saved_self is a and out.grad_fn._saved_mat2 is b
    out.sum().backward()
    c, d = _matrices(dtype, device)
    expected = gradlib.matmul(c, d)
    expected.sum().backward()
    assert type(out.grad_fn).__name__ == "MmBackward0" == type(expected.grad_fn).__name__
    assert out.dtype == expected.dtype and tuple(out.shape) == (3, 2)
    assert _bits(out) == _bits(expected)
    assert _bits(a.grad) == _bits(c.grad) and _bits(b.grad) == _bits(d.grad)


def test_matmul_operator_shortcut_leaves_other_calls_to_matmul(device):
    """What the shortcut does not take keeps matmul's answers: PyTorch's errors for mismatched shapes and
    dtypes, integer matrices, vectors, a Parameter operand, and CPU autocast's lowering."""
    a, b = _matrices("float32", device)
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(3x4 and 2x4\)"):
        a @ b.t().detach()
    with pytest.raises(RuntimeError, match="expected m1 and m2 to have the same dtype, but got: float != double"):
        a @ b.double()
    ints = gradlib.tensor([[1, 2], [3, 4]], device=device)
    assert (ints @ ints).tolist() == [[7, 10], [15, 22]]
    assert type((a @ b[:, 0]).grad_fn).__name__ == "MvBackward0"
    weight = gradlib.nn.Parameter(b.detach().clone())
    assert _bits(a @ weight) == _bits(gradlib.matmul(a, weight))
    assert a.__matmul__([[1.0]]) is NotImplemented
    if gradlib.device(device).type == "cpu":
        with gradlib.autocast("cpu", dtype=gradlib.float16):
            assert (a @ b).dtype == gradlib.float16 == gradlib.matmul(a, b).dtype


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_host_bounds_test_reads_signed_indices_as_unsigned(dtype):
    """The host backend's bounds test [0, high) is one reduction over the indices read as unsigned (a negative
    index is above every bound): the same verdicts as a min and a max, for every signed width and strided
    indices."""
    backend = gradlib.device("cpu")._backend

    class Refused(Exception):
        pass

    def refused(index, low, high):
        try:
            backend.check_bounds(np.asarray(index, dtype=dtype), low, high, "test", Refused)
        except Refused:
            return True
        return False

    assert not refused([0, 3, 9], 0, 10)
    assert refused([0, 10, 3], 0, 10)
    assert refused([0, -1, 3], 0, 10)
    assert refused([np.iinfo(dtype).min], 0, 10)
    assert refused([0], 0, 0)
    assert not refused([], 0, 0)
    assert refused(np.array([-1, 0, 5, 0], dtype=dtype)[::2], 0, 10)
    assert not refused(np.array([-1, 0, 5, 0], dtype=dtype)[1::2], 0, 10)
    assert refused([-2], -1, 10) and not refused([-1, 9], -1, 10)  # other lower bounds: the min and max
    assert refused([5], None, 5) and not refused([-7], None, 5)


@pytest.mark.parametrize("target", [[0, 1, -1, 3, 0], [0, 1, 4, 3, 0], [0, -100, 2, 3, -5]])
def test_cross_entropy_refuses_negative_targets_in_pytorchs_words(target):
    """On the host the bounds test raises at once (on CUDA it is deferred): negative targets other than
    ignore_index are named as PyTorch names them; ignored ones are skipped."""
    x = _logits("float32", "cpu")
    bad = next(value for value in target if value != -100 and not 0 <= value < 4)
    with pytest.raises(IndexError, match=f"Target {bad} is out of bounds."):
        F.cross_entropy(x, gradlib.tensor(target, device="cpu"))
    kept = gradlib.tensor([0, -100, 2, 3, -100], device="cpu")
    expected = F.nll_loss(F.log_softmax(x, 1), kept)
    assert _bits(F.cross_entropy(x, kept)) == _bits(expected)
