"""gradlib against PyTorch's recorded behaviour (tests/reference/torch_cases.json): values, gradients, dtypes,
reprs and error messages of every case in tests/reference/cases.py."""
import json
import math
import pathlib
import re

import pytest

import gradlib
from device_text import device_name, without_device_suffix
from reference.cases import CASES
from reference.serialize import serialize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_cases.json").read_text())


def normalize(text):
    """The one spelling difference: the module name (``torch.Size`` prints as ``gradlib.Size``)."""
    return text.replace("torch.", "gradlib.")


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run tests/reference/record_torch.py after editing cases.py"


def _compare(found, expected, where):
    if isinstance(expected, dict) and "tensor" in expected:
        assert isinstance(found, dict) and "tensor" in found, f"{where}: expected a tensor, got {found!r}"
        want, got = expected["tensor"], found["tensor"]
        assert got["dtype"] == want["dtype"], f"{where}: dtype"
        assert got["shape"] == want["shape"], f"{where}: shape"
        assert got["requires_grad"] == want["requires_grad"], f"{where}: requires_grad"
        tolerance = 1e-6 if want["dtype"] in ("float32", "float16") else 1e-12
        _compare_values(got["values"], want["values"], tolerance, where)
        if device_is_cpu():
            assert normalize(got["repr"]) == normalize(want["repr"]), f"{where}: repr"
        return
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found!r} != {expected!r}"
        for index, (f, e) in enumerate(zip(found, expected)):
            _compare(f, e, f"{where}[{index}]")
        return
    if isinstance(expected, str):
        assert normalize(without_device_suffix(found, _DEVICE[0])) == normalize(expected), where
        return
    if isinstance(expected, float):
        assert math.isclose(found, expected, rel_tol=1e-6), where
        return
    assert found == expected, where


def _compare_values(found, expected, tolerance, where):
    if isinstance(expected, list):
        assert len(found) == len(expected), where
        for f, e in zip(found, expected):
            _compare_values(f, e, tolerance, where)
        return
    if isinstance(expected, float) and (math.isnan(expected) or math.isinf(expected)):
        assert found == expected or (math.isnan(found) and math.isnan(expected)), where
        return
    assert math.isclose(found, expected, rel_tol=tolerance, abs_tol=tolerance), f"{where}: {found} != {expected}"


_DEVICE = ["cpu"]


def device_is_cpu():
    return _DEVICE[0] == "cpu"


def on_device(name, expected, device):
    """PyTorch's recording was made on the CPU; what PyTorch gives when the default device is ``device``:
    a CUDA tensor's type prints as ``torch.cuda.FloatTensor`` and a new tensor's device is the one under test."""
    if device == "cpu":
        return expected
    if "error" in expected:
        error_type, message = expected["error"]
        return {"error": [error_type, re.sub(r"\[torch\.(\w+Tensor) ", r"[torch.cuda.\1 ", message)]}
    if name == "device_repr":
        return {"result": dict(expected["result"], d=device_name(device))}
    return expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = on_device(name, RECORDED[name], device)
    scope = {"torch": gradlib}
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
        assert type(caught.value).__name__ == error_type or isinstance(caught.value, getattr(__builtins__, error_type, ())) , \
            f"expected {error_type}, got {type(caught.value).__name__}: {caught.value}"
        assert normalize(str(caught.value)) == normalize(message)
        return
    exec(CASES[name], scope)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")


def check_recorded_case(code, expected, device, name):
    """Run a recorded case's ``code`` with gradlib as ``torch`` on ``device`` (its default device) and compare its
    ``result`` dict, or the error it raises, with PyTorch's recording ``expected``."""
    _DEVICE[0] = device
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if "error" in expected:
            error_type, message = expected["error"]
            with pytest.raises(Exception) as caught:
                exec(code, scope)
            assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
            assert normalize(without_device_suffix(str(caught.value), device)) == normalize(message)
            return
        exec(code, scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")
