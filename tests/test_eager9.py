"""Issue 16's small-MLP step, session 9: cross_entropy's one-pass common call (ops/_cross_entropy_rows.py) records
what the two nodes applied one by one record, bit for bit, and steps aside for every other call."""
import numpy as np
import pytest

import gradlib
from gradlib.nn import functional as F
from gradlib.ops import _cross_entropy_rows, nn_ops


def _logits(device, dtype, rows=6, classes=5, seed=0):
    rng = np.random.default_rng(seed)
    values = rng.standard_normal((rows, classes)) * 4
    return gradlib.tensor(values, dtype=dtype, device=device, requires_grad=True)


def _two_nodes(logits, labels, ignore_index=-100):
    """The general path: the two nodes applied one by one."""
    log_probs = nn_ops.LogSoftmaxBackward0.apply(logits, 1)
    return nn_ops.NllLossBackward0.apply(log_probs, labels._array, None, ignore_index, "mean")


def _bits(tensor):
    array = tensor.detach().cpu().numpy()
    return array.dtype, array.shape, array.tobytes()


@pytest.mark.parametrize("dtype", [gradlib.float32, gradlib.float64])
def test_one_pass_equals_the_two_nodes_bit_for_bit(device, dtype):
    logits = _logits(device, dtype)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    fused = F.cross_entropy(logits, labels)
    fused.backward(retain_graph=True)
    fused_grad = logits.grad
    logits.grad = None
    plain = _two_nodes(logits, labels)
    plain.backward(retain_graph=True)
    assert _bits(fused) == _bits(plain)
    assert _bits(fused_grad) == _bits(logits.grad)
    assert type(fused.grad_fn).__name__ == "NllLossBackward0"
    (softmax_node, nr), = fused.grad_fn.next_functions
    assert (type(softmax_node).__name__, nr) == ("LogSoftmaxBackward0", 0)
    assert softmax_node._saved_dim == 1
    assert type(softmax_node.next_functions[0][0]).__name__ == "AccumulateGrad"
    assert softmax_node.next_functions[0][0].variable is logits
    assert _bits(softmax_node._saved_result) == _bits(plain.grad_fn.next_functions[0][0]._saved_result)


def test_one_pass_is_taken_on_the_cpu_and_steps_aside_elsewhere(device):
    logits = _logits(device, gradlib.float32)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    taken = _cross_entropy_rows.log_softmax_nll(logits, labels._array, -100)
    assert (taken is not None) == (device == "cpu")
    assert _cross_entropy_rows.log_softmax_nll(logits, labels._array, 2) is None  # an ignore_index in range
    assert _cross_entropy_rows.log_softmax_nll(logits.double().T.contiguous().T, labels._array, -100) is None
    assert _cross_entropy_rows.log_softmax_nll(logits.half(), labels._array, -100) is None


def test_second_backward_and_create_graph_through_the_one_pass(device):
    logits = _logits(device, gradlib.float64)
    labels = gradlib.tensor([1, 1, 0, 4, 3, 2], device=device)
    loss = F.cross_entropy(logits, labels)
    (grad,) = gradlib.autograd.grad(loss, logits, create_graph=True)
    (second,) = gradlib.autograd.grad((grad * grad).sum(), logits)
    plain = _two_nodes(logits, labels)
    (plain_grad,) = gradlib.autograd.grad(plain, logits, create_graph=True)
    (plain_second,) = gradlib.autograd.grad((plain_grad * plain_grad).sum(), logits)
    assert _bits(grad) == _bits(plain_grad) and _bits(second) == _bits(plain_second)
    assert gradlib.autograd.gradcheck(lambda x: F.cross_entropy(x, labels), (logits,))
    assert gradlib.autograd.gradgradcheck(lambda x: F.cross_entropy(x, labels), (logits,))
    loss = F.cross_entropy(logits, labels)  # (the second derivative's walk freed the first graph's nodes)
    loss.backward(retain_graph=True)
    first = logits.grad.clone()
    loss.backward()
    assert _bits(logits.grad) == _bits(first * 2)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()


def test_labels_changed_after_the_forward_do_not_change_the_gradient(device):
    logits = _logits(device, gradlib.float32)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    loss = F.cross_entropy(logits, labels)
    expected = _two_nodes(logits, labels)
    labels.fill_(0)
    loss.backward()
    got = logits.grad
    logits.grad = None
    expected.backward()
    assert _bits(got) == _bits(logits.grad)


def test_ignored_and_out_of_range_targets_take_the_general_formula(device):
    logits = _logits(device, gradlib.float32)
    labels = gradlib.tensor([0, -100, 2, 2, 1, 3], device=device)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    assert logits.grad[1].abs().sum().item() == 0  # the ignored row gets no gradient
    assert _bits(loss) == _bits(_two_nodes(logits, labels))
    if device == "cpu":  # a device reports it at the next synchronization (Backend.check_bounds)
        with pytest.raises(IndexError, match="Target 7 is out of bounds."):
            F.cross_entropy(logits, gradlib.tensor([0, 7, 2, 2, 1, 3], device=device))
        with pytest.raises(IndexError, match="Target -3 is out of bounds."):
            F.cross_entropy(logits, gradlib.tensor([0, -3, 2, 2, 1, 3], device=device))


def test_without_grad_and_in_inference_mode(device):
    logits = _logits(device, gradlib.float32)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    expected = _bits(F.cross_entropy(logits, labels))
    with gradlib.no_grad():
        loss = F.cross_entropy(logits, labels)
    assert loss.grad_fn is None and not loss.requires_grad and _bits(loss) == expected
    with gradlib.inference_mode():
        loss = F.cross_entropy(logits, labels)
    assert loss.is_inference() and loss.grad_fn is None and _bits(loss) == expected
    loss = F.cross_entropy(logits.detach(), labels)
    assert loss.grad_fn is None and _bits(loss) == expected


def test_saved_tensor_hooks_and_anomaly_mode_see_the_two_nodes(device):
    logits = _logits(device, gradlib.float32)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    packed = []

    def pack(tensor):
        packed.append(tuple(tensor.shape))
        return tensor

    with gradlib.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        loss = F.cross_entropy(logits, labels)
    assert packed and (6, 5) in packed
    loss.backward()
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"), gradlib.autograd.detect_anomaly():
        anomalous = F.cross_entropy(logits, labels)
    assert _bits(anomalous) == _bits(loss)


def test_one_pass_constants_are_read_only_and_shared_per_shape(device):
    """Session 11: the one-pass call keeps its index rows, scale and mask per (rows, dtype) as read-only arrays;
    calls of other shapes and dtypes get their own, and the results stay those of the two nodes."""
    if device != "cpu":
        pytest.skip("the one-pass call runs on the CPU only")
    for rows in (6, 3, 6, 1):
        for dtype in (gradlib.float32, gradlib.float64):
            logits = _logits(device, dtype, rows=rows, seed=rows)
            labels = gradlib.tensor([row % 5 for row in range(rows)], device=device)
            loss = F.cross_entropy(logits, labels)
            index, target = loss.grad_fn.index
            scale, keep = (value.array for value in loss.grad_fn._saved)
            assert not (index.flags.writeable or scale.flags.writeable or keep.flags.writeable)
            assert scale.dtype == logits._array.dtype and keep.dtype == bool and index.tolist() == list(range(rows))
            with pytest.raises(ValueError, match="read-only"):
                scale[0] = 2
            again = F.cross_entropy(logits, labels)
            assert again.grad_fn.index[0] is index and again.grad_fn._saved[0].array is scale
            assert again.grad_fn.index[1] is not target  # the labels are copied per call
            plain = _two_nodes(logits, labels)
            loss.backward()
            got = logits.grad
            logits.grad = None
            plain.backward()
            assert _bits(loss) == _bits(plain) and _bits(got) == _bits(logits.grad)


def test_dense_nll_backward_refuses_a_freed_graph_and_matches_create_graph(device):
    """The dense NllLossBackward0 skips unpacking its saved constants, not the refusal of a freed graph; its
    first-order gradient equals the create_graph formula's (which reads the saved scale and mask)."""
    logits = _logits(device, gradlib.float64)
    labels = gradlib.tensor([0, 4, 2, 2, 1, 3], device=device)
    loss = F.cross_entropy(logits, labels)
    log_probs = loss.grad_fn.next_functions[0][0]
    (first,) = gradlib.autograd.grad(loss, logits, retain_graph=True)
    (graphed,) = gradlib.autograd.grad(loss, logits, create_graph=True)
    assert _bits(first) == _bits(graphed)
    loss.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()  # NllLossBackward0 runs first: its own check refuses
    assert type(log_probs).__name__ == "LogSoftmaxBackward0"
