"""The nn / nn.functional names added for tutorial programs (helper nnmore4) against PyTorch's recorded behaviour
(tests/reference/torch_nnmore.json, cases in tests/reference/nnmore_cases.py): module printing, state_dict keys,
running statistics, values, gradients, errors, warnings and grad_fn names, on each device. Values and gradients
of the functions themselves are checked by the op registry (tests/op_registry_nnmore.py)."""
import json
from math import sqrt as math_sqrt
import pathlib

import pytest

import gradlib
from reference.nnmore_cases import CASES
from test_torch_reference import check_recorded_case

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nnmore.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py nnmore"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    check_recorded_case(CASES[name], RECORDED[name], device, name)


_SELU_ALPHA = 1.7580993408473766


@pytest.mark.parametrize("feature", [False, True])
def test_alpha_dropout_draws(device, feature):
    """A kept unit is a * x + a * alpha * p, a dropped one a * alpha * (p - 1) (PyTorch's _dropout_impl); the
    share dropped is about p; the gradient is a on kept units and 0 on dropped ones; feature dropout drops whole
    (sample, channel) rows; a standard normal input keeps zero mean and unit variance."""
    p = 0.3
    a = 1 / math_sqrt((_SELU_ALPHA ** 2 * p + 1) * (1 - p))
    gradlib.manual_seed(3)
    x = gradlib.randn(200, 50, 40, dtype=gradlib.float64, device=device, requires_grad=True)
    function = gradlib.nn.functional.feature_alpha_dropout if feature else gradlib.nn.functional.alpha_dropout
    y = function(x, p, True)
    assert y.grad_fn.name() == "AddBackward0"
    y.backward(gradlib.ones_like(y))
    dropped_value = a * _SELU_ALPHA * (p - 1)
    dropped = (x.grad == 0)
    assert bool(((y - dropped_value).abs() < 1e-12)[dropped].all())
    assert bool(((y - (a * x + a * _SELU_ALPHA * p)).abs() < 1e-12)[~dropped].all())
    assert bool(((x.grad - a).abs() < 1e-12)[~dropped].all())
    share = dropped.double().mean().item()
    assert abs(share - p) < (0.03 if feature else 0.005)
    if feature:
        assert bool((dropped == dropped[:, :, :1]).all())
    assert abs(y.mean().item()) < 0.05 and abs(y.var().item() - 1) < 0.05


def test_alpha_dropout_modules_train_and_eval(device):
    gradlib.manual_seed(0)
    x = gradlib.randn(4, 6, 5, device=device)
    for module in (gradlib.nn.AlphaDropout(0.4), gradlib.nn.FeatureAlphaDropout(0.4)):
        assert module(x).shape == x.shape and not bool((module(x) == x).all())
        assert module.eval()(x) is x
