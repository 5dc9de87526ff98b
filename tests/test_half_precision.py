"""Issue 14, class 7: float16 reductions, norms, softmax, normalization layers and cumulative ops accumulate in
float32 and round the result once, as PyTorch's CPU kernels do (``float16([1, 2, 65504]).norm()`` is finite),
and their gradients match PyTorch's float16 ones (``half/...`` cases of tests/reference/edge_semantics.py)."""
import pytest

from edge_cases import check_case, check_recorded, names

NAMES = names("half/")


def test_every_case_is_recorded():
    check_recorded("half/")


@pytest.mark.parametrize("name", NAMES)
def test_half_precision(name, device):
    check_case(name, device)
