"""Session 12's array work on the MLP step (arr12, issue 16).

relu's backward (``_primitives._array_relu_backward``) multiplies the gradient's bits, read as the integer of its
width, by ``out != 0`` (two array passes instead of four): its bits must stay PyTorch's threshold_backward,
``where(out <= 0, 0, grad)``, for every float dtype it serves, NaN/inf/-0./subnormal gradients, NaN outputs of
either sign (whose gradient passes: ``out > 0`` would drop it), 0-d, empty and non-contiguous arrays, on every
device mode."""
import json

import numpy as np
import pytest

import gradlib
from gradlib.backends import backend_for
from gradlib.ops._primitives import array_primitives

_UNSIGNED = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def _bits(array):
    array = np.ascontiguousarray(array)
    return array.view(_UNSIGNED[array.itemsize]).tolist()


def _threshold_backward(grad, out):
    """PyTorch's threshold_backward(grad, out, 0) in NumPy: +0. where out <= 0, grad's own bits elsewhere."""
    return np.where(out <= 0, np.zeros((), grad.dtype), grad)


def _relu_inputs(dtype):
    """(x, grad) pairs: specials in both, a random body with -0./+0. ties, every layout the backward may see."""
    info = np.finfo(dtype)
    specials = [np.nan, -np.nan, np.inf, -np.inf, -0.0, 0.0, -1.0, 2.0, float(info.smallest_subnormal),
                -float(info.smallest_subnormal), float(info.max), float(info.min)]
    x = np.array(specials * len(specials), dtype=dtype)
    grad = np.repeat(np.array(specials, dtype=dtype), len(specials))  # every (x, grad) pair once
    rng = np.random.default_rng(12)
    body = rng.standard_normal((37, 41)).astype(dtype)
    body.reshape(-1)[::5] = -0.0
    body.reshape(-1)[2::7] = 0.0
    body_grad = rng.standard_normal((37, 41)).astype(dtype)
    body_grad.reshape(-1)[::3] = -0.0
    body_grad.reshape(-1)[1::9] = np.nan
    return {"specials": (x, grad), "body": (body, body_grad), "transposed": (body.T, body_grad.T),
            "strided": (body[:, ::3], body_grad[::1, 1::3]), "0-d": (np.array(-0.0, dtype), np.array(5.0, dtype)),
            "0-d positive": (np.array(3.0, dtype), np.array(-np.nan, dtype)),
            "empty": (np.zeros((0, 4), dtype), np.zeros((0, 4), dtype))}


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_relu_backward_bits_are_threshold_backwards(device, dtype):
    for name, (x_host, grad_host) in _relu_inputs(dtype).items():
        x = gradlib.tensor(x_host, device=device, requires_grad=True)
        y = x.relu()
        y.backward(gradlib.tensor(grad_host, device=device))
        out = y.detach().cpu().numpy()
        got = x.grad.cpu().numpy()
        assert got.dtype == x_host.dtype and got.shape == x_host.shape, name
        assert _bits(got) == _bits(_threshold_backward(grad_host, out)), name


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_the_array_formula_on_non_contiguous_arrays(device, dtype):
    """The primitive itself on the device's arrays: views of any strides taken there, the result a new array of
    grad's shape and dtype, neither input written."""
    place = gradlib.device(device)
    backend = backend_for(place)
    prims = array_primitives(backend)
    views = {"as is": lambda a: a, "transposed": lambda a: a.T, "strided": lambda a: a[:, 1::3],
             "reversed": lambda a: a[::-1, ::-2]}
    for name, (x_host, grad_host) in _relu_inputs(dtype).items():
        out_host = np.where(x_host < 0, np.zeros((), dtype), x_host)  # relu's result, -0. and NaN kept
        with backend.guard(place):
            out_base, grad_base = backend.asarray(out_host, None, place), backend.asarray(grad_host, None, place)
        for how, view in views.items() if x_host.ndim == 2 else [("as is", views["as is"])]:
            out, grad = view(out_base), view(grad_base)
            with backend.guard(place):
                got = prims.relu_backward(grad, out)
            host = np.asarray(backend.to_numpy(got))
            assert host.dtype == dtype and host.shape == grad.shape, (name, how)
            assert _bits(host) == _bits(_threshold_backward(view(grad_host), view(out_host))), (name, how)
        assert _bits(backend.to_numpy(out_base)) == _bits(out_host), name  # not written
        assert _bits(backend.to_numpy(grad_base)) == _bits(grad_host), name


def test_relu_backward_bfloat16_bits():
    pytest.importorskip("ml_dtypes")
    for name, (x_host, grad_host) in _relu_inputs(np.float32).items():
        x = gradlib.tensor(x_host, device="cpu").bfloat16().requires_grad_()
        grad = gradlib.tensor(grad_host, device="cpu").bfloat16()
        y = x.relu()
        y.backward(grad)
        assert x.grad.dtype is gradlib.bfloat16 and x.grad.shape == x.shape, name
        want = _threshold_backward(grad._array, y.detach()._array)
        assert _bits(x.grad._array) == _bits(want), name
        assert _bits(x.grad._array) != _bits(grad._array) or not (x._array < 0).any(), name  # some were zeroed


def test_relu_backward_second_order_and_gradcheck(device):
    x = gradlib.tensor([-1.5, 0.5, 2.0, -3.0, 0.0], dtype=gradlib.float64, device=device, requires_grad=True)
    (grad,) = gradlib.autograd.grad((x.relu() * x).sum(), x, create_graph=True)
    assert grad.tolist() == [0.0, 1.0, 4.0, 0.0, 0.0]
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    assert second.tolist() == [0.0, 2.0, 2.0, 0.0, 0.0]
    leaf = gradlib.tensor([[-1.5, 0.5], [2.0, -3.0]], dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradlib.autograd.gradcheck(gradlib.relu, (leaf,))
    assert gradlib.autograd.gradgradcheck(gradlib.relu, (leaf,))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_relu_bits_match_pytorchs_recording(device, dtype):
    """Every (input, gradient) pair of specials: relu's output and gradient bits are PyTorch's, as recorded
    (tests/reference/relu_arr12.py, torch_relu_arr12.json)."""
    from reference import relu_arr12
    recorded = json.loads(relu_arr12.FILE.read_text())
    assert sorted(recorded) == sorted(relu_arr12.DTYPES), "run: python tests/reference/record_torch.py relu_arr12"
    assert relu_arr12.run(gradlib, dtype, device) == recorded[dtype]


def test_relu_backward_reads_an_unpack_hooks_values(device):
    """Under saved_tensors_hooks the unpacked result may hold negatives (here result - 2.5): PyTorch's
    threshold_backward zeroes the gradient wherever that value is <= 0 (torch 2.13 gives [0, 0, 0, 1]), which the
    mask ``out != 0`` of relu's own output would not. First order and create_graph alike."""
    for create_graph in (False, True):
        x = gradlib.tensor([-1.0, 0.0, 2.0, 3.0], device=device, requires_grad=True)
        with gradlib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t - 2.5):
            y = x.relu()
        (grad,) = gradlib.autograd.grad(y, x, gradlib.ones(4, device=device), create_graph=create_graph)
        assert grad.tolist() == [0.0, 0.0, 0.0, 1.0]
