"""nn.utils.parametrizations.orthogonal against PyTorch's record (tests/reference/orthogonal.py,
torch_orthogonal.json): each map with and without trivialization on square, tall, wide and batched weights (the
original, the weight, the original's gradient and one SGD step), its errors, printing and assignment."""
import json
import pathlib

import numpy as np
import pytest

import gradlib
from reference import orthogonal as cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_orthogonal.json").read_text())


def _close(actual, expected, tolerance):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("name", cases.cases())
def test_orthogonal_matches_pytorch(device, name):
    observed = cases.observe(gradlib, device, name)
    expected = RECORDED[name]
    assert sorted(observed) == sorted(expected)
    if "error" in expected:
        assert observed["error"] == expected["error"]
        return
    assert observed["repr"] == expected["repr"]
    for key in ("weight", "original", "grad", "stepped"):
        if key in expected:
            _close(observed[key], expected[key], 1e-9)


def test_orthogonal_float32_matches_pytorch(device):
    observed = cases.observe(gradlib, device, "square/matrix_exp/True", "float32")
    for key, values in RECORDED["float32/square/matrix_exp/True"].items():
        if key == "repr":
            assert observed[key] == values
        else:
            _close(observed[key], values, 1e-5)


def test_orthogonal_errors_printing_and_assignment_match_pytorch(device):
    assert cases.observe_errors(gradlib, device) == RECORDED["errors"]


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4)])
@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder"])
def test_trained_weight_stays_orthogonal(device, shape, orthogonal_map):
    gradlib.manual_seed(0)
    module = gradlib.nn.Module()
    module.weight = gradlib.nn.Parameter(gradlib.randn(*shape, dtype=gradlib.float64, device=device))
    gradlib.nn.utils.parametrizations.orthogonal(module, orthogonal_map=orthogonal_map)
    optimizer = gradlib.optim.SGD(module.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        (module.weight * gradlib.ones(*shape, dtype=gradlib.float64, device=device)).sum().backward()
        optimizer.step()
    Q = module.weight
    if Q.shape[-2] < Q.shape[-1]:
        Q = Q.mT
    identity = gradlib.eye(Q.shape[-1], dtype=gradlib.float64, device=device)
    assert gradlib.allclose(Q.mT @ Q, identity.expand(Q.shape[:-2] + identity.shape), atol=1e-10)
    assert gradlib.nn.utils.parametrize.is_parametrized(module, "weight")


def test_householder_product_gradients(device):
    A = gradlib.randn(4, 3, dtype=gradlib.float64, device=device, requires_grad=True)
    tau = gradlib.rand(3, dtype=gradlib.float64, device=device, requires_grad=True)
    householder = gradlib.nn.utils._orthogonal.householder_product
    assert gradlib.autograd.gradcheck(householder, (A, tau))
    assert gradlib.autograd.gradgradcheck(householder, (A, tau))
