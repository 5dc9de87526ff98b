"""torch.bfloat16 on the CPU (helper bf16_8, issue 15) against PyTorch's recorded behaviour
(tests/reference/torch_bfloat16.json, cases in tests/reference/bfloat16_cases.py): storage through ml_dtypes,
rounding, promotion, printing, conversions, arithmetic bit for bit, reductions and products within one bf16
rounding, gradients, CPU autocast, random draws, serialization. Without ml_dtypes, and on CUDA (CuPy has no
bfloat16), making a bfloat16 tensor raises a TypeError that says so."""
import json
import math
import pathlib
import subprocess
import sys

import pytest

import gradlib
from reference.bfloat16_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, _compare_values, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_bfloat16.json").read_text())

#: PyTorch's own tolerance for bfloat16 results (torch.testing: rtol 1.6e-2, atol 1e-5)
BF16_RTOL = 1.6e-2


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py bfloat16"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    if gradlib.device(device).type != "cpu":
        pytest.skip("bfloat16 is CPU-only (CuPy has no bfloat16): test_cuda_refuses_bfloat16")
    _DEVICE[0] = "cpu"
    expected = RECORDED[name]
    scope = {"torch": gradlib}
    if "error" in expected:
        error_type, message = expected["error"]
        with pytest.raises(Exception) as caught:
            exec(CASES[name], scope)
        assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
        assert normalize(str(caught.value)) == normalize(message)
        return
    exec(CASES[name], scope)
    found = {key: _one_line(serialize(value)) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    compare = _compare_close if name.startswith("close/") else _compare
    for key in expected["result"]:
        compare(found[key], _one_line(expected["result"][key]), f"{name}.{key}")


def _one_line(value):
    """A serialized value with its tensor reprs' whitespace collapsed: ``dtype=gradlib.bfloat16`` is two
    characters longer than ``dtype=torch.bfloat16`` and may wrap onto its own line where PyTorch's does not."""
    if isinstance(value, dict) and "tensor" in value:
        tensor = dict(value["tensor"])
        tensor["repr"] = " ".join(tensor["repr"].split())
        return {"tensor": tensor}
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    if isinstance(value, dict):
        return {key: _one_line(item) for key, item in value.items()}
    if isinstance(value, str) and value.startswith(("tensor(", "Parameter")):
        return " ".join(value.split())
    return value


def _compare_close(found, expected, where):
    """Dtype, shape and printing layout exactly; values within one bfloat16 rounding (accumulation order)."""
    if isinstance(expected, dict) and "tensor" in expected:
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"], got["requires_grad"]) == (want["dtype"], want["shape"],
                                                                       want["requires_grad"]), where
        rtol = BF16_RTOL if want["dtype"] == "bfloat16" else 1e-5
        _compare_values(got["values"], want["values"], rtol, where)
        return
    if isinstance(expected, float):
        assert math.isclose(found, expected, rel_tol=BF16_RTOL), where
        return
    _compare(found, expected, where)
