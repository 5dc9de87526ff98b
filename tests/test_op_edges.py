"""Values on which NumPy, CuPy and PyTorch disagree, pinned to PyTorch's answer on every device: sign(NaN) and the
gradients built on it, erf's dtype on float16, integer scatter-add (CuPy's atomic add has no int64)."""
import pytest

import gradlib

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
