"""relu's forward on the host copies tied zeros back only where the input has a zero (session 11, big11): with or
without zeros, on every layout and device, its bits are PyTorch's ``clamp_min(x, 0)``: negatives give +0., -0.
stays -0., NaN stays the same NaN; the node saves its output as before."""
import numpy as np
import pytest

import gradlib
from gradlib.ops.elementwise import _may_hold_minus_zero


def _bits(array):
    array = np.ascontiguousarray(array)
    return array.view({2: np.uint16, 4: np.uint32, 8: np.uint64}[array.itemsize]).tolist()


def _expected(array):
    return np.where(array < 0, array.dtype.type(0), array)  # +0. for negatives, the element itself elsewhere


def _inputs(dtype):
    rng = np.random.default_rng(11)
    plain = rng.standard_normal((64, 40)).astype(dtype)  # no zero at all: the host skips the copy
    with_zeros = plain.copy()
    with_zeros.reshape(-1)[::7] = -0.0  # ties in the vector body and in the tail
    with_zeros.reshape(-1)[3::11] = 0.0
    special = np.array([np.nan, -np.nan, np.inf, -np.inf, 1e-40, -1e-40, -0.0, 0.0, -1.0, 2.0] * 9, dtype=dtype)
    return {"no zeros": plain, "zeros": with_zeros, "special": special, "transposed no zeros": plain.T,
            "transposed zeros": with_zeros.T, "strided": with_zeros[:, ::3], "all -0.": -np.zeros(100, dtype),
            "empty": np.zeros((0, 5), dtype)}


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_relu_forward_bits_with_and_without_zeros(device, dtype):
    for name, array in _inputs(dtype).items():
        x = gradlib.tensor(array, device=device, requires_grad=True)
        y = x.relu()
        got = y.detach().cpu().numpy()
        assert got.shape == array.shape and got.dtype == array.dtype, name
        assert _bits(got) == _bits(_expected(array)), name
        assert y.grad_fn.name() == "ReluBackward0", name
        assert _bits(y.grad_fn._saved_result.detach().cpu().numpy()) == _bits(got), name


def test_relu_forward_nan_payloads_on_the_host():
    array = np.array([0x7FC00001, 0xFFC00002, 0x7FC12345, 0xFFC54321] * 5, dtype=np.uint32).view(np.float32)
    got = gradlib.tensor(array, device="cpu").relu().numpy()
    assert _bits(got) == _bits(array)  # maximum hands the NaN operand back as it is, as clamp_min does


def test_relu_without_zeros_is_twice_differentiable(device):
    x = gradlib.tensor([-1.5, 0.5, 2.0, -3.0], dtype=gradlib.float64, device=device, requires_grad=True)
    (grad,) = gradlib.autograd.grad((x.relu() * x).sum(), x, create_graph=True)
    assert grad.tolist() == [0.0, 1.0, 4.0, 0.0]
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    assert second.tolist() == [0.0, 2.0, 2.0, 0.0]
    assert gradlib.autograd.gradcheck(gradlib.relu, (x.detach().requires_grad_(),))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_the_host_copies_back_exactly_where_a_minus_zero_is(dtype):
    info = np.finfo(dtype)
    values = np.array([1.0, -1.0, np.inf, -np.inf, np.nan, -np.nan, 0.0, info.smallest_subnormal,
                       -info.smallest_subnormal, info.min, info.tiny], dtype=dtype)
    assert not _may_hold_minus_zero(values) and not _may_hold_minus_zero(values.reshape(1, -1).T)
    assert not _may_hold_minus_zero(np.zeros((0, 4), dtype))
    for place in range(values.size):  # one -0. anywhere: in the vector body, in the tail, behind a stride
        held = np.concatenate([values] * 5)
        held[5 * place] = -0.0
        assert _may_hold_minus_zero(held) and _may_hold_minus_zero(held.reshape(5, -1).T)
    strided = np.concatenate([values, [-0.0]]).astype(dtype)
    assert _may_hold_minus_zero(strided[1::2]) != _may_hold_minus_zero(strided[::2])  # 12 elements: -0. is odd
    assert _may_hold_minus_zero(np.array([-3, 0, 4]))  # other dtypes always copy (harmless: zeros onto zeros)
