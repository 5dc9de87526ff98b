"""The fixes made so that PyTorch's own docstring examples run under gradlib (helper docex6; the examples
themselves: tests/test_docstring_examples.py), against PyTorch's recorded behaviour (tests/reference/torch_docex6.json,
cases in tests/reference/docex6_cases.py), on each device. Values, gradients and dtypes of the ops are checked by
the op registry (tests/op_registry_docex6.py)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.docex6_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_docex6.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py docex6"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = RECORDED[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if "error" in expected:
            error_type, message = expected["error"]
            with pytest.raises(Exception) as caught:
                exec(CASES[name], scope)
            assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
            assert normalize(without_device_suffix(str(caught.value), device)) == normalize(message)
            return
        exec(CASES[name], scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")
