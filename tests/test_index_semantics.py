"""Indexing follows PyTorch's rules where NumPy's (and CuPy's) differ, on every device: ints (and 0-d index
tensors) select before the index arrays apply, so ``x[0, :, idx]`` keeps the sliced dim first; a Python bool adds a
dim (size 1 or 0) rather than being a mask. Expected values: PyTorch 2.13."""
import pytest

import gradlib

T = gradlib.tensor


def _x(device):
    return gradlib.arange(24.0, device=device).reshape(2, 3, 4)


@pytest.mark.parametrize("index, expected", [
    (lambda d: (0, slice(None), [0, 2]), [[0.0, 2.0], [4.0, 6.0], [8.0, 10.0]]),
    (lambda d: (1, slice(None), T([3, 0], device=d)), [[15.0, 12.0], [19.0, 16.0], [23.0, 20.0]]),
    (lambda d: (Ellipsis, 1, T([1, 0], device=d)), [[5.0, 4.0], [17.0, 16.0]]),
    (lambda d: (T(1, device=d), slice(None), [0, 2]), [[12.0, 14.0], [16.0, 18.0], [20.0, 22.0]]),
    (lambda d: (0, T([True, False, True], device=d), 1), [1.0, 9.0]),
    (lambda d: (1, slice(None), T([True, False, False, True], device=d)), [[12.0, 15.0], [16.0, 19.0], [20.0, 23.0]]),
    (lambda d: (0, True, 1, [2, 0]), [6.0, 4.0]),
], ids=["int_slice_list", "int_slice_tensor", "ellipsis_int_tensor", "0d_tensor_slice_list", "int_mask_int",
        "int_slice_mask", "int_bool_int_list"])
def test_ints_select_before_index_arrays(index, expected, device):
    assert _x(device)[index(device)].tolist() == expected


def test_setitem_and_gradient_place_dims_as_pytorch(device):
    y = _x(device)
    y[0, :, [0, 2]] = T([-1.0, -2.0], device=device)
    assert y[0].tolist() == [[-1.0, 1.0, -2.0, 3.0], [-1.0, 5.0, -2.0, 7.0], [-1.0, 9.0, -2.0, 11.0]]
    y = _x(device)
    y[1, :, T([True, False, False, True], device=device)] = T([-1.0, -2.0], device=device)
    assert y[1].tolist() == [[-1.0, 13.0, 14.0, -2.0], [-1.0, 17.0, 18.0, -2.0], [-1.0, 21.0, 22.0, -2.0]]
    w = _x(device).requires_grad_()
    (w[0, :, [0, 2]] * T([1.0, 10.0], device=device)).sum().backward()
    assert w.grad[0].tolist() == [[1.0, 0.0, 10.0, 0.0]] * 3 and w.grad[1].abs().sum().item() == 0


def test_python_bools_add_a_dim(device):
    x = _x(device)
    assert x[True].shape == (1, 2, 3, 4) and x[False].shape == (0, 2, 3, 4)
    assert x[0, True].shape == (1, 3, 4) and x[:, None, True, 1].shape == (2, 1, 1, 4)
    assert x[True].tolist() == [x.tolist()] and x[T(True, device=device)].shape == (1, 2, 3, 4)
    y = x.clone()
    y[True] = 1.0
    assert y.tolist() == gradlib.ones(2, 3, 4).tolist()
    y[0, True, 1] = T([5.0, 6.0, 7.0, 8.0], device=device)
    assert y[0, 1].tolist() == [5.0, 6.0, 7.0, 8.0]
    v = T(2.0, device=device, requires_grad=True)
    z = x.requires_grad_() * 1
    z[False] = v  # writes nothing and records nothing, as PyTorch
    assert z.tolist() == x.tolist() and z.grad_fn.name() == "MulBackward0"
