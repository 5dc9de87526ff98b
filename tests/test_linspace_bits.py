"""linspace and float arange bit for bit against PyTorch 2.13's CPU kernels (recorded by
tests/reference/gaps6a.py into torch_gaps6a.json): the step in the output dtype, the two halves filled from
either end with fused multiply-adds, arange's vector lanes. On both devices (the same array code runs there)."""
import json
import pathlib

import numpy
import pytest

import gradlib

REFERENCE = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_gaps6a.json").read_text())


def _bits(tensor):
    array = tensor.cpu().numpy()
    if array.dtype.kind == "f":
        width = {2: numpy.uint16, 4: numpy.uint32, 8: numpy.uint64}[array.itemsize]
        return [format(int(value), "x") for value in array.view(width)]
    return array.tolist()


def _arguments(key):
    *numbers, dtype = key.split(",")
    return [float(n) if any(c in n for c in ".e") else int(n) for n in numbers], getattr(gradlib, dtype)


@pytest.mark.parametrize("key", sorted(REFERENCE["linspace"]))
def test_linspace_bits(device, key):
    (start, end, steps), dtype = _arguments(key)
    assert _bits(gradlib.linspace(start, end, steps, dtype=dtype, device=device)) == REFERENCE["linspace"][key]


@pytest.mark.parametrize("key", sorted(REFERENCE["arange"]))
def test_float_arange_bits(device, key):
    (start, end, step), dtype = _arguments(key)
    assert _bits(gradlib.arange(start, end, step, dtype=dtype, device=device)) == REFERENCE["arange"][key]


def test_linspace_endpoints_and_defaults(device):
    values = gradlib.linspace(-1, 1, 33, device=device)
    assert values.dtype == gradlib.float32 and values[0].item() == -1.0 and values[-1].item() == 1.0
    assert values[16].item() == 0.0
    assert gradlib.linspace(0, 1, 0, device=device).shape == (0,)
    assert gradlib.linspace(2.5, 7, 1, device=device).tolist() == [2.5]
