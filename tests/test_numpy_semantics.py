"""Issue 14, class 2: NumPy's semantics never leak where PyTorch has its own. Integer division by zero, integer
tensors to negative powers, Python ints out of a dtype's range, bool arithmetic, NumPy scalars on either side,
uint8/bool masks and nested-list indices, writes to expanded tensors, NumPy's warnings and errors. Each case of
tests/reference/edge_semantics.py (``numpy/...``) is compared with PyTorch's recorded outcome: value, dtype,
shape, requires_grad and gradients, or the exception class and message, and no warning PyTorch does not give."""
import pytest

import gradlib
from edge_cases import RECORDED, check_case, check_recorded, names

NAMES = names("numpy/")


def test_every_case_is_recorded():
    check_recorded("numpy/")


def cpu_only(name, expected):
    """PyTorch's CUDA kernels do not check an integer divisor for zero (that would wait for the device); a mask
    assignment whose row count differs is checked on the device and raised at the next synchronization
    (gradlib.backends.deferred, tests/test_mask_indexing.py)."""
    return expected.get("error") == ["RuntimeError", "ZeroDivisionError"] or name == "numpy/shapes/mask_set_count"


@pytest.mark.parametrize("name", NAMES)
def test_numpy_semantics(name, device):
    if gradlib.device(device).type == "cuda" and cpu_only(name, RECORDED[name]):
        pytest.skip("checked on the CPU at the call; on CUDA not at all (division) or at the next synchronization")
    check_case(name, device)
