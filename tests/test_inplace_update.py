"""``p -= lr * g`` and ``p += g`` (an optimizer's update) take one ufunc into the storage where nothing else is to
decide (CPU float tensors of one dtype and shape): the values, the version counter and every refusal are the
general path's, on every device."""
import pytest

import gradlib


def test_update_writes_in_place_and_bumps_the_version(device):
    p = gradlib.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
    g = gradlib.tensor([0.5, 0.5, 1.0], device=device)
    storage = p.data_ptr()
    before = p._version
    with gradlib.no_grad():
        p -= 2 * g
        p += g
    assert p.tolist() == [0.5, 1.5, 2.0]
    assert p._version == before + 2 and p.data_ptr() == storage and p.requires_grad and p.grad_fn is None


def test_update_of_a_saved_tensor_is_refused_at_backward(device):
    a = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    c = gradlib.tensor([3.0, 4.0], device=device)
    out = (a * c).sum()
    c -= gradlib.tensor([1.0, 1.0], device=device)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.backward()


def test_update_of_a_leaf_that_requires_grad_is_refused_under_grad_mode(device):
    p = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        p -= gradlib.tensor([1.0, 1.0], device=device)


def test_update_records_a_node_when_grad_is_needed(device):
    a = gradlib.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = a * 1.0
    y += gradlib.tensor([1.0, 1.0], device=device, requires_grad=True)
    assert y.grad_fn.name() == "AddBackward0"
    y.sum().backward()
    assert a.grad.tolist() == [1.0, 1.0]


def test_other_operands_take_the_general_path(device):
    p = gradlib.zeros(2, 3, device=device)
    p += gradlib.ones(3, device=device)  # broadcast
    p -= gradlib.ones(2, 3, device=device, dtype=gradlib.float64)  # another dtype
    assert p.tolist() == [[0.0] * 3] * 2 and p.dtype is gradlib.float32
    with pytest.raises(RuntimeError, match="unsupported operation"):
        expanded = gradlib.zeros(1, 3, device=device).expand(2, 3)
        expanded += gradlib.ones(2, 3, device=device)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        q = gradlib.zeros(3, device=device)
        q += gradlib.ones(2, 3, device=device)
