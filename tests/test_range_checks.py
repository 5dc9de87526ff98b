"""Issue 14, class 5: indices and arguments out of range raise PyTorch's exception class and message instead of a
silent result (NumPy wraps negative indices, clamps nothing, divides by zero strides). Class targets of
cross_entropy/nll_loss, embedding, gather, index_select, one_hot, scatter, index_add and item access; probabilities
of binary_cross_entropy; beta/delta/label_smoothing; convolution and pooling strides, paddings, dilations, kernel
sizes and groups; layer sizes, negative sizes in factories and views; roll/movedim/tril/narrow/split arguments
(``range/...`` cases of tests/reference/edge_semantics.py). On CUDA an index out of range is reported at the next
synchronization (gradlib.backends.deferred, no wait at the op), as PyTorch's device-side assert: those cases run
on the CPU only."""
import pytest

import gradlib
from edge_cases import RECORDED, check_case, check_recorded, names

NAMES = names("range/")


def test_every_case_is_recorded():
    check_recorded("range/")


def deferred_on_cuda(name, expected):
    """Index ranges and probability ranges are device-side checks on CUDA (raised at the next sync)."""
    if "error" not in expected:
        return False
    message = expected["error"][1]
    deferred = ("should be between 0 and 1", "Target ", "Class values", "index out of range in self")
    return name.startswith("range/index/") or any(words in message for words in deferred)


@pytest.mark.parametrize("name", NAMES)
def test_range_checks(name, device):
    if gradlib.device(device).type == "cuda" and deferred_on_cuda(name, RECORDED[name]):
        pytest.skip("checked on the device and raised at the next synchronization (tests/test_index_bounds.py)")
    check_case(name, device)


@pytest.mark.parametrize("input, target, name", [([1.5, 0.5], [1.0, 0.0], "input"), ([0.5, 0.5], [-1.0, 0.0], "target"),
                                                 ([float("nan"), 0.5], [1.0, 0.0], "input")])
def test_binary_cross_entropy_range_on_every_device(input, target, name, device):
    """The CPU raises at the call; CUDA raises the same error at the next synchronization (no wait at the op)."""
    message = f"all elements of {name} should be between 0 and 1"
    input = gradlib.tensor(input, device=device)
    target = gradlib.tensor(target, device=device)
    if gradlib.device(device).type == "cpu":
        with pytest.raises(RuntimeError, match=message):
            gradlib.nn.functional.binary_cross_entropy(input, target)
        return
    loss = gradlib.nn.functional.binary_cross_entropy(input, target)
    with pytest.raises(RuntimeError, match=message):
        loss.item()
