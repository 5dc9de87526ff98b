"""Every op of the registry with float16 and integer inputs, on each device: the output and gradient dtypes are
PyTorch 2.13's (tests/reference/torch_op_dtypes.json). CuPy's loops may differ from NumPy's (the stand-in runs
CuPy 14.2's loop tables), so a CUDA run shows that no library dtype leaks through. Where PyTorch refuses the
inputs, the device gives what the CPU gives (the same error class, or the same dtypes)."""
import json
import pathlib

import pytest

import gradlib
from op_registry import SAMPLES_BY_NAME
from reference.record_torch_shared import DTYPE_INPUTS, run_sample_dtypes

RECORDED = {key: record for file in sorted((pathlib.Path(__file__).parent / "reference").glob("torch_op_dtypes*.json"))
            for key, record in json.loads(file.read_text()).items()}
KEYS = sorted(RECORDED)
# PyTorch's CPU kernel averages int64 in integer arithmetic (its other integer types are not implemented).
NOT_MATCHED = {"avg_pool2d/int64", "avg_pool2d_pad/int64"}
# PyTorch's uint8 antialiased resampling is its own fixed-point kernel (measured: 681 of 4,168 pixels differ from
# its float64 kernel rounded, by up to 45); gradlib refuses uint8 there (NotImplementedError says so).
NOT_IMPLEMENTED = {"interpolate_bilinear_antialias/uint8", "interpolate_bicubic_antialias/uint8"}
# Integer division by a zero in the sample: PyTorch's CPU kernel raises ZeroDivisionError, its CUDA kernel does not
# check (that would wait for the device), and neither does gradlib's.
DIVIDES_BY_ZERO = {f"{name}/{dtype}" for name in ("div_floor", "div_trunc", "fmod", "remainder", "floor_divide")
                   for dtype in ("int64", "int32", "uint8")}

# PyTorch's CPU has no float16 kernel here (avg_pool3d, which local_response_norm and lp_pool3d use for 4D+; the
# margin losses),
# its CUDA one has; nor an integer max_pool1d without indices.
CPU_KERNEL_ONLY_MISSING = {"local_response_norm_4d/float16", "avg_pool3d/float16", "avg_pool3d_divisor/float16",
                           "avg_pool3d_pad_ceil/float16", "lp_pool3d/float16"} | {
    f"{name}/float16" for name in ("multi_margin_loss", "multi_margin_loss_none_1d", "multi_margin_loss_p2_weight_sum",
                                   "multilabel_margin_loss", "multilabel_margin_loss_1d_sum",
                                   "multilabel_margin_loss_none")} | {
    # max_pool1d without grad: PyTorch's CPU max_pool1d_impl has no integer version, its CUDA path has
    f"torchfn_max_pool/{dtype}" for dtype in ("int64", "int32", "uint8")}


def test_every_sample_and_dtype_is_recorded():
    assert KEYS == sorted(f"{name}/{dtype}" for name in SAMPLES_BY_NAME for dtype in DTYPE_INPUTS), \
        "run tests/reference/record_torch.py after editing op_registry.py"


def _run(name, dtype, device):
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)  # the tensors a sample makes itself go there too
    try:
        found = run_sample_dtypes(gradlib, SAMPLES_BY_NAME[name], dtype, device)
        if gradlib.device(device).type == "cuda" and "error" not in found:
            try:
                gradlib.cuda.synchronize(device)  # a check deferred on the GPU (bounds, factorization) raises here
            except Exception as error:
                found = {"error": type(error).__name__}
        return found
    finally:
        gradlib.set_default_device(previous)


@pytest.mark.parametrize("key", KEYS)
def test_dtypes_match_pytorch(key, device):
    name, dtype = key.split("/")
    expected = RECORDED[key]
    if "error" in expected:
        if device == "cpu":
            pytest.skip("PyTorch refuses these inputs; the devices are compared under --device cuda")
        if key in DIVIDES_BY_ZERO:
            pytest.skip("integer division by zero raises on the CPU only, as in PyTorch")
        if key in CPU_KERNEL_ONLY_MISSING:
            pytest.skip("PyTorch refuses this dtype on the CPU only (its CUDA kernel exists)")
        assert _run(name, dtype, device) == _run(name, dtype, "cpu")
        return
    if key in NOT_MATCHED:
        pytest.skip("PyTorch's CPU kernel averages int64 in integers; gradlib averages in floats")
    if key in NOT_IMPLEMENTED:
        assert _run(name, dtype, device) == {"error": "NotImplementedError"}
        return
    assert _run(name, dtype, device) == expected
