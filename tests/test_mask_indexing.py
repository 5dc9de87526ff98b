"""Boolean masks without extra device syncs. Counting a mask's Trues is a device-to-host sync on CuPy:
``x[mask] = scalar`` needs none (a ``where``, PyTorch's masked_fill), and ``x[mask]`` with a graph counts once in
forward, keeping integer positions for every backward. Values and gradients are PyTorch 2.13's."""
import pytest

import gradlib

NAN = float("nan")


def _no_masks(index):
    return all(getattr(part, "dtype", None) is None or part.dtype.kind != "b" for part in index)


def test_setitem_mask_scalar_is_a_where(device):
    x = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x.clone()
    y[x > 2] = 0.5
    assert y.grad_fn.index is None  # filled by a where: no positions were computed
    y.sum().backward()
    assert y.tolist() == [[1.0, 2.0], [0.5, 0.5]]
    assert x.grad.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_setitem_row_mask_with_a_0d_tensor_value(device):
    x = gradlib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    value = gradlib.tensor(7.0, requires_grad=True)
    y = x * 1
    y[gradlib.tensor([True, False])] = value
    cotangent = gradlib.tensor([[1.0, NAN, 2.0], [3.0, 4.0, 5.0]])
    (y * cotangent).sum().backward()
    assert y.tolist() == [[7.0, 7.0, 7.0], [4.0, 5.0, 6.0]]
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [3.0, 4.0, 5.0]]  # zeros even where the cotangent is NaN
    assert repr(value.grad.item()) == "nan"


def test_setitem_mask_without_graph(device):
    z = gradlib.arange(6).reshape(2, 3)
    z[z % 2 == 0] = 9
    assert z.tolist() == [[9, 1, 9], [3, 9, 5]]
    z = gradlib.arange(6.0).reshape(2, 3)
    z[gradlib.tensor([False, True])] = gradlib.tensor(2.5, dtype=gradlib.float64)
    assert z.tolist() == [[0.0, 1.0, 2.0], [2.5, 2.5, 2.5]] and z.dtype is gradlib.float32
    z = gradlib.zeros(3, dtype=gradlib.bool)
    z[gradlib.tensor([True, False, True])] = 1
    assert z.tolist() == [True, False, True]
    z = gradlib.zeros(2, 2)
    z[gradlib.tensor([True, False])] = gradlib.tensor([5.0, 6.0])  # a row value, not a fill
    assert z.tolist() == [[5.0, 6.0], [0.0, 0.0]]


def test_getitem_mask_keeps_positions_for_backward(device):
    x = gradlib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = x[x > 2.5] ** 2
    assert _no_masks(y.grad_fn.next_functions[0][0].index)
    (grad,) = gradlib.autograd.grad(y.sum(), x, create_graph=True)
    assert y.tolist() == [9.0, 16.0, 25.0, 36.0]
    assert grad.tolist() == [[0.0, 0.0, 6.0], [8.0, 10.0, 12.0]]
    (second,) = gradlib.autograd.grad((grad * grad).sum(), x)
    assert second.tolist() == [[0.0, 0.0, 24.0], [32.0, 40.0, 48.0]]


def test_getitem_mask_with_a_slice(device):
    x = gradlib.arange(12.0).reshape(3, 4).requires_grad_()
    y = x[1:, gradlib.tensor([True, False, True, True])]
    y.sum().backward()
    assert y.tolist() == [[4.0, 6.0, 7.0], [8.0, 10.0, 11.0]]
    assert x.grad.tolist() == [[0.0] * 4, [1.0, 0.0, 1.0, 1.0], [1.0, 0.0, 1.0, 1.0]]


def test_setitem_mask_with_values_counts_once(device):
    x = gradlib.zeros(4, requires_grad=True)
    value = gradlib.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    y[gradlib.tensor([True, False, True, False])] = value
    assert _no_masks(y.grad_fn.index)
    (y * gradlib.arange(4.0)).sum().backward()
    assert y.tolist() == [1.0, 0.0, 2.0, 0.0]
    assert x.grad.tolist() == [0.0, 1.0, 0.0, 3.0] and value.grad.tolist() == [0.0, 2.0]


def test_masked_select_gradient(device):
    x = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    gradlib.masked_select(x, gradlib.tensor([False, True])).sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0], [0.0, 1.0]]
