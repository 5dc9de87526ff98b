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


def test_row_values_and_count_mismatch(device):
    # PyTorch 2.13: a row broadcast to every True is a fill; one row per True must match the count.
    x = gradlib.zeros(4, 2)
    x[gradlib.tensor([True, False, True, False])] = gradlib.tensor([[1.0], [2.0]])
    assert x.tolist() == [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0], [0.0, 0.0]]
    x[gradlib.tensor([False, True, False, False])] = gradlib.tensor([[5.0, 6.0]])
    assert x.tolist()[1] == [5.0, 6.0]
    message = "shape mismatch: value tensor of shape [3, 2] cannot be broadcast to indexing result of shape [2, 2]"
    if device == "cpu":
        with pytest.raises(RuntimeError) as caught:
            x[gradlib.tensor([True, False, True, False])] = gradlib.ones(3, 2)
        assert str(caught.value) == message
    else:  # found on the device, raised where the program next reads back
        x[gradlib.tensor([True, False, True, False])] = gradlib.ones(3, 2)
        with pytest.raises(RuntimeError, match=r"^shape mismatch: value tensor of shape \[3, 2\] cannot be broadcast"):
            x.tolist()


@pytest.mark.parametrize("index, axis", [
    ("(m01,)", 0), ("(0, m12)", 0), ("(slice(None), 0, m2)", 1), ("(0, slice(None), m2)", 0), ("(None, m01)", 1),
    ("(Ellipsis, m2)", 2), ("(m0, Ellipsis)", 0), ("(m0, slice(1, None), slice(None, None, 2))", 0),
    ("(slice(None), m12)", 1), ("(None, 0, slice(None), m2)", 0)])
def test_where_the_mask_result_lands(index, axis):
    # The count is read from the getitem's shape at this axis (NumPy's placement rules).
    import numpy
    from gradlib.ops.indexing import _mask_of, _mask_result_axis
    rng = numpy.random.default_rng(0)
    masks = {"m01": rng.random((2, 3)) < 0.5, "m12": rng.random((3, 4)) < 0.5, "m0": numpy.array([True, True]),
             "m2": numpy.array([True, False, True, True])}
    index = eval(index, masks)
    a = numpy.zeros((2, 3, 4))
    assert _mask_result_axis(index, a.ndim) == axis
    assert a[index].shape[axis] == int(_mask_of(index).sum())


@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 0), (2, 3, 2)])
def test_mask_positions_without_a_sync_match_nonzero(shape):
    import numpy
    from gradlib.backends import numpy_backend
    from gradlib.backends.base import Backend
    mask = numpy.random.default_rng(1).random(shape) < 0.4
    for candidate in (mask, numpy.ones(shape, bool), numpy.zeros(shape, bool)):
        found = Backend.mask_positions(numpy_backend, candidate, int(candidate.sum()))  # the device algorithm
        assert [positions.tolist() for positions in found] == [p.tolist() for p in candidate.nonzero()]


def test_mask_syncs_are_counted_once(device, host_syncs):
    # Under --cupy-stand-in each device-to-host wait is counted; elsewhere nothing is (s.active is False).
    x = gradlib.arange(12.0).reshape(3, 4).requires_grad_()
    mask = x.detach() > 4
    with host_syncs() as setitem:
        y = x * 1
        y[mask] = 0.0
        y[gradlib.tensor([True, False, False])] = gradlib.tensor(2.0)
        z = x.detach().clone()
        z[mask] = -1.0
    with host_syncs() as getitem:
        picked = x[mask]  # the output's size is the count: the one sync, as in PyTorch
        (grad,) = gradlib.autograd.grad((picked * picked).sum(), x, create_graph=True)
        grad.sum().backward()
    with host_syncs() as rows:
        w = x * 1
        w[gradlib.tensor([True, False, True])] = gradlib.ones(2, 4, requires_grad=True)
        w.sum().backward()
    if setitem.active:
        assert (setitem.count, getitem.count, rows.count) == (0, 1, 0), (setitem, getitem, rows)
    assert x.grad.tolist() == [[0.0] * 4, [1.0, 3.0, 3.0, 3.0], [2.0] * 4]  # PyTorch 2.13
