"""Issue 15's top-level math beyond the registry samples (tests/op_registry_torch5.py) and the recorded cases
(tests/test_torch5.py): edges decided on purpose, in-place forms under autograd, autocast of the fused products."""
import math
import warnings

import pytest

import gradlib
from gradlib.ops import products


def test_beta_zero_ignores_nan_input_and_gives_it_a_zero_gradient(device):
    bias = gradlib.full((3,), float("nan"), device=device, requires_grad=True)
    a = gradlib.ones(2, 2, device=device)
    b = gradlib.ones(2, 3, device=device)
    out = gradlib.addmm(bias, a, b, beta=0)
    assert out.tolist() == [[2.0] * 3] * 2
    out.sum().backward()
    assert bias.grad.tolist() == [0.0, 0.0, 0.0]


def test_inplace_product_records_the_old_value(device):
    x = gradlib.tensor([[1.0, 2.0], [3.0, 4.0]], device=device, requires_grad=True)
    y = x * 1
    y.addmm_(x, x, beta=2.0)
    y.sum().backward()
    # d/dx of sum(2 x + x @ x): 2 + row sums of x^T-products
    expected = 2 + (gradlib.ones(2, 2, device=device) @ x.detach().T + x.detach().T @ gradlib.ones(2, 2, device=device))
    assert x.grad.tolist() == expected.tolist()
    assert y.grad_fn.name() == "AddmmBackward0"


def test_matrix_exp_batches_need_different_squarings(device):
    a = gradlib.tensor([[[0.0, 1e-3], [0.0, 0.0]], [[0.0, 20.0], [-20.0, 0.0]]], dtype=gradlib.float64, device=device)
    out = gradlib.matrix_exp(a)
    assert out[0].tolist() == [[1.0, 1e-3], [0.0, 1.0]]
    expected = [[math.cos(20), math.sin(20)], [-math.sin(20), math.cos(20)]]
    for row, want in zip(out[1].tolist(), expected):
        assert row == pytest.approx(want, abs=1e-12)


def test_chain_matmul_warns_once(device):
    products._WARNED.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradlib.chain_matmul(gradlib.eye(2, device=device), gradlib.eye(2, device=device))
        gradlib.chain_matmul(gradlib.eye(2, device=device), gradlib.eye(2, device=device))
    assert [str(w.message)[:36] for w in caught] == ["torch.chain_matmul is deprecated and"]


def test_fused_products_autocast(device):
    device_type = gradlib.device(device).type
    m = gradlib.ones(2, 2, device=device)
    v = gradlib.ones(2, device=device)
    with gradlib.autocast(device_type, dtype=gradlib.float16):
        found = {"addmm": gradlib.addmm(v, m, m).dtype, "baddbmm": gradlib.baddbmm(m, m[None], m[None]).dtype,
                 "addmv": gradlib.addmv(v, m, v).dtype}
    low = gradlib.float16
    assert found == {"addmm": low, "baddbmm": low,
                     "addmv": low if device_type == "cuda" else gradlib.float32}


def test_scatter_views_are_copies(device):
    a = gradlib.zeros(2, 3, device=device)
    out = gradlib.select_scatter(a, gradlib.ones(3, device=device), 0, 1)
    out[0, 0] = 5.0
    assert a.tolist() == [[0.0] * 3] * 2 and out[1].tolist() == [1.0] * 3


def test_tensor_split_parts_are_views(device):
    x = gradlib.arange(6.0, device=device)
    first, second = gradlib.tensor_split(x, 2)
    first[0] = 10.0
    assert x[0].item() == 10.0 and second._base is not None


def test_pytorch_keyword_spellings(device):
    x = gradlib.arange(6.0, device=device).reshape(2, 3)
    assert [t.shape for t in gradlib.tensor_split(x, sections=3, axis=1)] == [(2, 1)] * 3
    assert [t.shape for t in x.tensor_split(indices=[1])] == [(1, 3), (1, 3)]
    assert [t.shape for t in gradlib.hsplit(x, indices=[2])] == [(2, 2), (2, 1)]
    assert gradlib.isin(element=1.0, test_elements=x).item() is True
    assert gradlib.renorm(x, 2, axis=0, maxnorm=1.0).shape == (2, 3)
    assert gradlib.linalg.matrix_power(input=gradlib.eye(2, device=device), n=3).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    with pytest.raises(TypeError, match="sections"):
        gradlib.tensor_split(x)


def test_float_of_a_tensor_requiring_grad_warns_once(device):
    from gradlib import _tensor_methods_torch5
    _tensor_methods_torch5._WARNED.clear()
    x = gradlib.tensor([1.5, 2.0], device=device, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert float(x[0]) == 1.5 and float(x[1]) == 2.0 and int(x[0]) == 1 and float(x[0].detach()) == 1.5
    assert [str(w.message) for w in caught] == [
        "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
        "Consider using tensor.detach() first. (Triggered internally at "
        "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)"]  # PyTorch's suffix
    assert caught[0].category is UserWarning


def test_scatter_of_a_larger_src_gives_src_its_gradient(device):
    """PyTorch 2.13 raises at backward here ("Function ScatterBackward0 returned an invalid gradient at index 1 -
    got [2, 2] but expected shape compatible with [4, 5]"); gradlib gives the gradient: the incoming one at the
    elements the index reads, zero elsewhere (README, deliberate differences)."""
    base = gradlib.zeros(3, 4, device=device, requires_grad=True)
    src = gradlib.arange(20.0, device=device).reshape(4, 5).requires_grad_()
    index = gradlib.tensor([[0, 1], [2, 0]], device=device)
    out = base.scatter(0, index, src)
    weights = gradlib.arange(12.0, device=device).reshape(3, 4)
    (out * weights).sum().backward()
    expected = gradlib.zeros(4, 5)
    expected[0, 1], expected[1, 0], expected[1, 1] = 5.0, 8.0, 1.0
    assert src.grad.tolist() == expected.tolist()
    assert base.grad.tolist() == [[0.0, 0.0, 2.0, 3.0], [4.0, 0.0, 6.0, 7.0], [0.0, 9.0, 10.0, 11.0]]
