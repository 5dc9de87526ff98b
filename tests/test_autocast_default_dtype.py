"""Autocast's default dtypes are PyTorch's: bfloat16 on the CPU (``torch.get_autocast_dtype('cpu')`` prints
torch.bfloat16 in PyTorch 2.13), float16 on CUDA; gradlib cannot store bfloat16 yet, so an enabled CPU region
left at the default refuses to start, and one given float16 computes in float16 on the device under test."""
import pytest

import gradlib


def test_default_autocast_dtypes_are_pytorchs():
    assert gradlib.get_autocast_dtype("cpu") is gradlib.bfloat16
    assert gradlib.get_autocast_dtype("cuda") is gradlib.float16
    with gradlib.autocast("cpu", enabled=False):
        assert gradlib.get_autocast_dtype("cpu") is gradlib.bfloat16 and not gradlib.is_autocast_enabled("cpu")
    with gradlib.autocast("cpu"):
        assert gradlib.get_autocast_dtype("cpu") is gradlib.bfloat16 and gradlib.is_autocast_enabled("cpu")
    assert gradlib.get_autocast_dtype("cpu") is gradlib.bfloat16


def test_an_explicit_float16_region_and_back(device):
    kind = gradlib.device(device).type
    model = gradlib.nn.Linear(4, 3).to(device)
    x = gradlib.ones(2, 4, device=device)
    with gradlib.autocast(kind, dtype=gradlib.float16):
        assert gradlib.get_autocast_dtype(kind) is gradlib.float16
        assert model(x).dtype is gradlib.float16
    assert gradlib.get_autocast_dtype(kind) is (gradlib.bfloat16 if kind == "cpu" else gradlib.float16)
    assert model(x).dtype is gradlib.float32
