"""Values on which NumPy, CuPy and PyTorch disagree, pinned to PyTorch's answer on every device: sign(NaN) and the
gradients built on it, erf's dtype on float16, integer scatter-add (CuPy's atomic add has no int64)."""
import pytest

import gradlib
from gradlib.backends import numpy_backend

NAN = float("nan")
INF = float("inf")


def _values(tensor):
    """Host values as reprs: NaN compares equal to NaN, and -0.0 differs from 0.0."""
    return [repr(v) for v in tensor.tolist()]


# ----- D6: sign(NaN) is 0 (PyTorch 2.13 and CuPy; NumPy says NaN) ----------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_sign_of_nan_is_zero(device, dtype):
    x = gradlib.tensor([NAN, -0.0, 0.0, 1.0, -2.0, INF, -INF], dtype=getattr(gradlib, dtype), device=device)
    assert _values(gradlib.sign(x)) == ["0.0", "0.0", "0.0", "1.0", "-1.0", "1.0", "-1.0"]
    assert x.sign().dtype == x.dtype


def test_abs_gradient_at_nan_is_zero(device):
    x = gradlib.tensor([NAN, 1.0, -2.0, 0.0], requires_grad=True, device=device)
    (grad,) = gradlib.autograd.grad(x.abs().sum(), x, create_graph=True)
    assert _values(grad) == ["0.0", "1.0", "-1.0", "0.0"]  # PyTorch 2.13: tensor([ 0.,  1., -1.,  0.])
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    assert _values(second) == ["0.0", "0.0", "0.0", "0.0"]


@pytest.mark.parametrize("ord, expected", [
    (1, ["0.0", "1.0", "-1.0", "0.0"]),
    (2, ["nan", "nan", "nan", "nan"]),
    (3, ["nan", "nan", "nan", "nan"]),
    (INF, ["0.0", "0.0", "-0.0", "0.0"]),
    (-INF, ["0.0", "0.0", "-0.0", "0.0"])])
def test_norm_gradient_with_nan_matches_pytorch(device, ord, expected):
    # Recorded from torch.linalg.vector_norm(torch.tensor([nan, 1., -2., 0.]), ord).backward() (PyTorch 2.13).
    x = gradlib.tensor([NAN, 1.0, -2.0, 0.0], requires_grad=True, device=device)
    gradlib.linalg.vector_norm(x, ord).backward()
    assert _values(x.grad) == expected


# ----- D4: erf keeps float16 (CuPy 14's erf returns float64 for float16, CuPy 13's and SciPy's float32) --------
@pytest.mark.parametrize("name", ["erf", "erfc", "gelu"])
def test_erf_family_keeps_float16(device, name):
    values = [-3.0, -0.5, 0.0, 0.25, 1.0, 2.5]
    function = gradlib.nn.functional.gelu if name == "gelu" else getattr(gradlib, name)
    x = gradlib.tensor(values, dtype=gradlib.float16, requires_grad=True, device=device)
    out = function(x)
    assert out.dtype is gradlib.float16
    out.sum().backward()
    assert x.grad.dtype is gradlib.float16
    reference = function(gradlib.tensor(values, dtype=gradlib.float32, device=device))
    assert out.float().tolist() == pytest.approx(reference.tolist(), abs=2e-3)


def test_backend_erf_casts_a_widened_result_back(monkeypatch):
    # What CuPy 14 does on a GPU, on the CPU: the library computes float16 in float64.
    widening = numpy_backend._erf
    monkeypatch.setattr(numpy_backend, "_erf", lambda array: widening(array.astype("float64")))
    x = gradlib.tensor([0.5, 1.0], dtype=gradlib.float16)
    assert gradlib.erf(x).dtype is gradlib.float16
    assert gradlib.nn.functional.gelu(x).dtype is gradlib.float16
