"""The ``torch.*`` spellings of the nn.functional ops (helper torchfn10, gradlib/_torch_functional.py) against
PyTorch's recorded behaviour (tests/reference/torch_torchfn10.json, cases in tests/reference/torchfn10_cases.py):
argument parsing and its TypeErrors, native_* 3-tuples, integer reductions and modes, dropout draws, pdist; on
each device. Values, gradients and grad_fn names of the adapters are checked by the op registry
(tests/op_registry_torchfn10.py)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.serialize import serialize
from reference.torchfn10_cases import CASES
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_torchfn10.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py torchfn10"


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


def test_every_adapter_is_public():
    from gradlib import _torch_functional
    for name in _torch_functional.__all__:
        assert getattr(gradlib, name).__name__ == name
    assert gradlib.Tensor.prelu and gradlib.nn.functional.pdist
