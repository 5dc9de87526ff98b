"""Behaviour of the nodes given PyTorch's names in issue 15 beyond the names themselves (test_grad_fn_names.py):
one node for all outputs of split/unbind, PyTorch's refusals and dtypes, on every device."""
import pytest

import gradlib


def _x(device, *shape):
    return gradlib.arange(float(gradlib.Size(shape).numel()), device=device).reshape(shape).sin().requires_grad_()


@pytest.mark.parametrize("pieces, name", [
    (lambda x: x.split(2), "SplitBackward0"),
    (lambda x: x.chunk(3), "SplitBackward0"),
    (lambda x: x.split([1, 4]), "SplitWithSizesBackward0"),
    (lambda x: x.unbind(0), "UnbindBackward0"),
])
def test_the_pieces_of_split_and_unbind_are_outputs_of_one_node(device, pieces, name):
    x = _x(device, 5, 3)
    parts = pieces(x)
    assert {id(part.grad_fn) for part in parts} == {id(parts[0].grad_fn)}
    assert parts[0].grad_fn.name() == name
    assert [part.output_nr for part in parts] == list(range(len(parts)))
    assert all(part._base is x for part in parts)
    # pieces without a gradient get zeros; the second derivative flows through the joined gradient
    loss = (parts[-1] ** 3).sum()
    (grad,) = gradlib.autograd.grad(loss, x, create_graph=True)
    expected = gradlib.zeros(5, 3, device=device, dtype=x.dtype)
    rows = parts[-1].shape[0] if len(parts[-1].shape) == 2 else 1
    expected[5 - rows:] = 3 * x.detach()[5 - rows:] ** 2
    assert gradlib.allclose(grad, expected)
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    expected[5 - rows:] = 6 * x.detach()[5 - rows:]
    assert gradlib.allclose(second, expected)


def test_changing_one_of_several_views_in_place_is_refused_as_in_pytorch(device):
    y = _x(device, 4, 2) * 1
    first, second = y.split(2)
    with pytest.raises(RuntimeError, match="^Output 1 of Split is a view and is being modified inplace. This view is "
                                           "the output of a function that returns multiple views"):
        second.mul_(2)
    column = y.unbind(1)[0]
    with pytest.raises(RuntimeError, match="^Output 0 of Unbind is a view"):
        column.add_(1)
    with gradlib.no_grad():  # nothing recorded: allowed
        first.mul_(2)


def test_bmm_is_its_own_node_with_pytorchs_errors(device):
    a, b = _x(device, 2, 2, 3), _x(device, 2, 3, 4)
    out = gradlib.bmm(a, b)
    assert out.grad_fn.name() == "BmmBackward0" and out.grad_fn._saved_mat2 is b
    assert gradlib.allclose(out, a @ b)
    with pytest.raises(RuntimeError, match="^expected scalar type Float but found Double$"):
        gradlib.bmm(a.detach(), b.detach().double())
    with pytest.raises(NotImplementedError, match="\"bmm\" not implemented for 'Bool'"):
        gradlib.bmm(a.detach().bool(), b.detach())


def test_cov_of_one_variable_is_zero_dim_as_in_pytorch(device):
    data = _x(device, 1, 5)
    assert gradlib.cov(data).shape == () and gradlib.cov(data).grad_fn.name() == "SqueezeBackward0"
    assert gradlib.allclose(gradlib.cov(data), gradlib.var(data[0]))


def test_masked_fill_casts_the_value_and_gives_a_tensor_value_its_gradient(device):
    x = _x(device, 2, 3)
    mask = gradlib.tensor([True, False, True], device=device)
    value = gradlib.tensor(7.0, device=device, dtype=gradlib.float64, requires_grad=True)
    out = x.masked_fill(mask, value)
    assert out.dtype is gradlib.float32 and out.grad_fn.name() == "MaskedFillBackward1"
    out.sum().backward()
    assert value.grad.item() == 4.0 and value.grad.dtype is gradlib.float64
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    integers = gradlib.tensor([1, 2, 3], device=device).masked_fill(mask, 2.7)
    assert integers.dtype is gradlib.int64 and integers.tolist() == [2, 2, 2]
    with pytest.raises(RuntimeError, match="The size of tensor a \\(2\\) must match the size of tensor b \\(3\\)"):
        x.masked_fill(gradlib.tensor([True, False], device=device), 1.0)


def test_trace_keeps_sums_dtypes(device):
    assert gradlib.trace(gradlib.arange(12, device=device).reshape(3, 4)).dtype is gradlib.int64
    half = gradlib.trace(gradlib.ones(3, 3, device=device, dtype=gradlib.float16))
    assert half.dtype is gradlib.float16 and half.item() == 3.0


@pytest.mark.parametrize("index, name", [
    ((0,), "SelectBackward0"), ((slice(1, None),), "SliceBackward0"), ((None, Ellipsis, 0), "SelectBackward0"),
    ((0, None), "UnsqueezeBackward0"), ((Ellipsis,), "AliasBackward0"), ((slice(None), 0), "SelectBackward0"),
    ((0, slice(0, 9)), "SelectBackward0"), ((slice(0, 3),), "AliasBackward0"), ((slice(-3, None),), "SliceBackward0"),
])
def test_basic_indexing_ends_in_pytorchs_last_step(device, index, name):
    assert _x(device, 3, 4)[index].grad_fn.name() == name


def test_scatter_refuses_a_source_of_another_dtype(device):
    x = _x(device, 2, 4)
    index = gradlib.tensor([[2, 0], [1, 3]], device=device)
    for function in (gradlib.scatter, gradlib.scatter_add):
        with pytest.raises(RuntimeError, match="^scatter\\(\\): Expected self.dtype to be equal to src.dtype$"):
            function(x, 1, index, gradlib.ones(2, 2, device=device, dtype=gradlib.float64))
    out = gradlib.scatter_add(x, 1, index, gradlib.ones(2, 2, device=device))
    assert out.grad_fn.name() == "ScatterAddBackward0"
    assert gradlib.allclose(out - x, gradlib.tensor([[1.0, 0, 1, 0], [0, 1, 0, 1]], device=device))


def test_diag_of_a_matrix_is_a_copy_and_rot90_records_one_node(device):
    matrix = gradlib.zeros(3, 3, device=device)
    diagonal = gradlib.diag(matrix)
    diagonal[0] = 5.0
    assert matrix[0, 0].item() == 0.0 and diagonal._base is None
    x = _x(device, 2, 3)
    for k in range(-1, 5):
        turned = gradlib.rot90(x, k)
        assert turned.grad_fn.name() == "Rot90Backward0"
        (grad,) = gradlib.autograd.grad((turned * gradlib.rot90(x.detach(), k)).sum(), x)
        assert gradlib.allclose(grad, x.detach())
    with pytest.raises(RuntimeError, match="^expected rotation dims to be different, but got dim0 = 1 and dim1 = -1$"):
        gradlib.rot90(x, 1, (1, -1))


def test_take_and_block_diag_are_single_nodes(device):
    x = _x(device, 3, 4)
    taken = gradlib.take(x, gradlib.tensor([[0, 5], [-1, 5]], device=device))
    assert taken.grad_fn.name() == "TakeBackward0"
    taken.sum().backward()
    assert x.grad.reshape(-1).tolist() == [1.0, 0, 0, 0, 0, 2.0, 0, 0, 0, 0, 0, 1.0]
    with pytest.raises(RuntimeError, match="^take\\(\\): Expected a long tensor for index, but got Int$"):
        gradlib.take(x, gradlib.tensor([1], dtype=gradlib.int32, device=device))
    row = gradlib.tensor([1, 2], dtype=gradlib.int32, device=device)
    scalar = gradlib.tensor(2.5, dtype=gradlib.float64, device=device, requires_grad=True)
    blocks = gradlib.block_diag(row, scalar)
    assert blocks.dtype is gradlib.float64 and blocks.grad_fn.name() == "BlockDiagBackward0"
    assert blocks.tolist() == [[1.0, 2.0, 0.0], [0.0, 0.0, 2.5]]
    (blocks * 3).sum().backward()
    assert scalar.grad.item() == 3.0
