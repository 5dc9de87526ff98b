"""Modules against PyTorch with PyTorch's own initialised weights (tests/reference/nn_modules.py): same
parameter names and shapes, same repr, and after loading the recorded state_dict the same outputs and input and
parameter gradients, on the device under test."""
import json
import math
import pathlib

import pytest

import gradlib
from reference.nn_modules import case, case_names, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nn_modules.json").read_text())


def _close(found, expected, where, rtol=1e-9, atol=1e-10):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: shape differs"
        for index, (f, e) in enumerate(zip(found, expected)):
            _close(f, e, f"{where}[{index}]", rtol, atol)
        return
    if expected is None:
        assert found is None or found == 0, where
        return
    assert math.isclose(found, expected, rel_tol=rtol, abs_tol=atol), f"{where}: {found} != {expected}"


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(case_names()), "run: python tests/reference/record_torch.py nn_modules"


@pytest.mark.parametrize("name", case_names())
def test_parameter_names_shapes_and_repr(name):
    module = case(name)["build"](gradlib.nn)
    expected = RECORDED[name]
    assert [[key, list(value.shape)] for key, value in module.state_dict().items()] == expected["shapes"]
    assert repr(module) == expected["repr"]


@pytest.mark.parametrize("name", case_names())
def test_matches_pytorch_with_its_weights(name, device):
    expected = RECORDED[name]
    found = run(gradlib, name, expected["state"], device)
    assert found["output_shapes"] == expected["output_shapes"]
    _close(found["outputs"], expected["outputs"], "outputs")
    _close(found["input_grads"], expected["input_grads"], "input grads")
    assert sorted(found["param_grads"]) == sorted(expected["param_grads"])
    for key, value in expected["param_grads"].items():
        _close(found["param_grads"][key], value, f"grad of {key}")
