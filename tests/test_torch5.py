"""Issue 15's torch-level gaps (helper torch5) against PyTorch's recorded behaviour (tests/reference/
torch_torch5.json, cases in tests/reference/torch5_cases.py): autocast and GradScaler, torch.compile and the
backends flags, top-level math, optimizer state, small semantic differences; values, dtypes, errors, warnings, on
each device (``cpu/`` cases on the CPU only). Values and gradients of the math functions are checked by the op
registry (tests/op_registry_torch5.py)."""
import json
import math
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.serialize import serialize
from reference.torch5_cases import CASES
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_torch5.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py torch5"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    device_type = gradlib.device(device).type
    if name.startswith("cpu/") and device_type != "cpu":
        pytest.skip("CPU-only behaviour (CUDA autocast has its own op lists; tests/test_amp.py)")
    _DEVICE[0] = device
    expected = RECORDED[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib, "DEV": device_type}
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
    compare = _compare_half if name.startswith(HALF_PRECISION) else _compare
    for key in expected["result"]:
        compare(found[key], expected["result"][key], f"{name}.{key}")


#: cases whose values went through float16 products: PyTorch's CPU float16 GEMM and gradlib's (float32
#: accumulation, one rounding) may round a result to the neighbouring float16 (about 1e-3 relative)
HALF_PRECISION = ("amp/", "scaler/")


def _compare_half(found, expected, where):
    if isinstance(expected, dict) and "tensor" in expected:
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"], got["requires_grad"]) == (want["dtype"], want["shape"],
                                                                      want["requires_grad"]), where
        _close(got["values"], want["values"], where)
    elif isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found!r} != {expected!r}"
        for index, (f, e) in enumerate(zip(found, expected)):
            _compare_half(f, e, f"{where}[{index}]")
    else:
        _compare(found, expected, where)


def _close(found, expected, where):
    if isinstance(expected, list):
        assert len(found) == len(expected), where
        for f, e in zip(found, expected):
            _close(f, e, where)
        return
    assert math.isclose(found, expected, rel_tol=2e-3, abs_tol=1e-4), f"{where}: {found} != {expected}"
