"""Op.apply builds the saved values of unary and binary ops without SavedValue's ``__init__`` (its hot path):
each one must be what the constructor makes, every slot set, and a constant operand's unneeded value not kept."""
import pytest

import gradlib
from gradlib.autograd.saved_hooks import SavedValue


def _slots(value):
    return {name: getattr(value, name) for name in SavedValue.__slots__}


def _expected(value):
    return _slots(SavedValue(value.array, value.tensor, value.counter))


@pytest.mark.parametrize("dtype", [gradlib.float32, gradlib.float64])
def test_saved_values_are_the_constructors(device, dtype):
    x = gradlib.tensor([0.5, -1.0], device=device, dtype=dtype, requires_grad=True)
    c = gradlib.tensor([2.0, 3.0], device=device, dtype=dtype)
    w = gradlib.tensor([4.0, 5.0], device=device, dtype=dtype, requires_grad=True)
    unary = x.sin()
    (value,) = unary.grad_fn._saved
    assert value.tensor is x and _slots(value) == _expected(value)
    constant = x * c  # only c is read by x's gradient
    kept = constant.grad_fn._saved
    assert kept[0] is None and kept[1].tensor is c and _slots(kept[1]) == _expected(kept[1])
    both = x * w
    first, second = both.grad_fn._saved
    assert first.tensor is x and second.tensor is w
    assert _slots(first) == _expected(first) and _slots(second) == _expected(second)
    constant_first = c * w  # w's gradient reads c alone
    kept = constant_first.grad_fn._saved
    assert kept[0].tensor is c and kept[1] is None


def test_saved_values_check_versions_and_inference(device):
    x = gradlib.tensor([0.5, -1.0], device=device, requires_grad=True)
    c = gradlib.tensor([2.0, 3.0], device=device)
    out = (x * c).sum()
    c.add_(1.0)
    with pytest.raises(RuntimeError, match="is at version 1; expected version 0 instead"):
        out.backward()
    with gradlib.inference_mode():
        frozen = gradlib.tensor([1.0, 2.0], device=device)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        x * frozen
