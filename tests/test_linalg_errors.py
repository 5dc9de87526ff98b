"""Singular and non-positive-definite matrices raise PyTorch's LinAlgError (a RuntimeError). On the CPU with
PyTorch 2.13's words, LAPACK's info included; on CUDA the test runs on the device and the error (without the
info, which only cuSOLVER's status holds) arrives at the next synchronization instead of costing a sync per
call. det and slogdet of a singular matrix are 0 and (0, -inf), as in PyTorch."""
import math

import pytest

import gradlib
from device_text import device_name

S = "gradlib.tensor([[1., 2.], [2., 4.]])"
NOT_PD = "gradlib.tensor([[1., 2.], [2., 1.]])"
INV = "linalg.inv: {}The diagonal element {} is zero, the inversion could not be completed because the input matrix " \
      "is singular."
SOLVE = "torch.linalg.solve: {}The solver failed because the input matrix is singular."
CHOLESKY = "linalg.cholesky: {}The factorization could not be completed because the input is not positive-definite " \
           "(the leading minor of order {} is not positive-definite)."

CASES = [  # (name, code, PyTorch 2.13's message on the CPU, the start of gradlib's deferred message on CUDA)
    ("inv", f"gradlib.linalg.inv({S})", INV.format("", 2), "linalg.inv: The inversion could not be completed"),
    ("inv_3x3", "gradlib.linalg.inv(gradlib.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]))", INV.format("", 3),
     "linalg.inv:"),
    ("inv_zeros_float64", "gradlib.linalg.inv(gradlib.zeros(3, 3, dtype=gradlib.float64))", INV.format("", 1),
     "linalg.inv:"),
    ("inv_batch", f"gradlib.linalg.inv(gradlib.stack([gradlib.stack([gradlib.eye(2)] * 2), "
                  f"gradlib.stack([gradlib.eye(2), {S}])]))", INV.format("(Batch element 3): ", 2), "linalg.inv:"),
    ("solve", f"gradlib.linalg.solve({S}, gradlib.ones(2))", SOLVE.format(""), SOLVE.format("")),
    ("solve_batch", f"gradlib.linalg.solve(gradlib.stack([gradlib.eye(2), {S}]), gradlib.ones(2, 2))",
     SOLVE.format("(Batch element 1): "), SOLVE.format("")),
    ("cholesky", f"gradlib.linalg.cholesky({NOT_PD})", CHOLESKY.format("", 2),
     "linalg.cholesky: The factorization could not be completed because the input is not positive-definite."),
    ("cholesky_3", "gradlib.linalg.cholesky(gradlib.tensor([[1., 2., 0.], [2., 5., 0.], [0., 0., -1.]]))",
     CHOLESKY.format("", 3), "linalg.cholesky:"),
    ("cholesky_batch", "gradlib.linalg.cholesky(gradlib.stack([gradlib.eye(2), -gradlib.eye(2)]))",
     CHOLESKY.format("(Batch element 1): ", 1), "linalg.cholesky:"),
    ("cholesky_upper", f"gradlib.linalg.cholesky({NOT_PD}, upper=True)", CHOLESKY.format("", 2), "linalg.cholesky:"),
]


@pytest.mark.parametrize("name, code, message, deferred", CASES, ids=[case[0] for case in CASES])
def test_singular_or_not_positive_definite_raises(device, name, code, message, deferred):
    if device == "cpu":
        with pytest.raises(gradlib.linalg.LinAlgError) as caught:
            eval(code, {"gradlib": gradlib})
        assert str(caught.value) == message
    else:
        out = eval(code, {"gradlib": gradlib})  # queued: no error and no wait yet
        with pytest.raises(gradlib.linalg.LinAlgError) as caught:
            out.sum().item()
        assert str(caught.value).startswith(deferred)
        assert f"found on {device_name(device)} at this synchronization" in str(caught.value)
        gradlib.zeros(1).item()  # reported once
    assert isinstance(caught.value, RuntimeError) and type(caught.value).__name__ == "_LinAlgError"


def test_regular_matrices_and_singular_determinants(device):
    a = gradlib.tensor([[4.0, 2.0], [2.0, 2.0]])
    assert gradlib.linalg.inv(a).tolist() == [[0.5, -0.5], [-0.5, 1.0]]
    assert gradlib.linalg.solve(a, gradlib.tensor([2.0, 2.0])).tolist() == [0.0, 1.0]
    assert gradlib.linalg.cholesky(a).tolist() == [[2.0, 0.0], [1.0, 1.0]]
    singular = gradlib.tensor([[1.0, 2.0], [2.0, 4.0]])
    assert gradlib.linalg.det(singular).abs().item() == 0.0
    sign, logabsdet = gradlib.linalg.slogdet(singular)
    assert sign.abs().item() == 0.0 and logabsdet.item() == -math.inf
    x = gradlib.linalg.solve(a, gradlib.tensor([float("nan"), 1.0]))  # NaN in, NaN out: not an error
    assert all(math.isnan(value) for value in x.tolist())
