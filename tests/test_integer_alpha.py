"""add/sub with ``alpha`` on integer tensors wrap as PyTorch's kernels do (alpha converted to the result's integer
dtype, the product wrapping), for a tensor or a number ``other``, in place or not. NumPy refused the Python int
(``OverflowError: Python integer -1 out of bounds for uint8`` escaped). Expected values are PyTorch 2.13's
(printed by /tmp/al.py-style runs of torch.add/sub on the same inputs)."""
import pytest

import gradlib


def _u8(device, values):
    return gradlib.tensor(values, dtype=gradlib.uint8, device=device)


CASES = [
    (lambda d: gradlib.add(_u8(d, [0, 3, 100]), 1, alpha=-1), "uint8", [255, 2, 99]),
    (lambda d: gradlib.add(_u8(d, [0, 3, 100]), 3, alpha=-1), "uint8", [253, 0, 97]),
    (lambda d: gradlib.add(_u8(d, [0, 3, 100]), 200, alpha=2), "uint8", [144, 147, 244]),
    (lambda d: gradlib.add(_u8(d, [0, 3, 100]), _u8(d, [1, 1, 1]), alpha=-1), "uint8", [255, 2, 99]),
    (lambda d: gradlib.sub(_u8(d, [0, 3, 100]), _u8(d, [1, 2, 3]), alpha=-1), "uint8", [1, 5, 103]),
    (lambda d: gradlib.add(_u8(d, [0, 3, 100]), _u8(d, [1, 2, 3]), alpha=255), "uint8", [255, 1, 97]),
    (lambda d: gradlib.sub(_u8(d, [0, 3, 100]), 1, alpha=-1), "uint8", [1, 4, 101]),
    (lambda d: _u8(d, [0, 3, 100]).add_(_u8(d, [1, 1, 1]), alpha=-1), "uint8", [255, 2, 99]),
    (lambda d: _u8(d, [0, 3, 100]).sub_(_u8(d, [1, 1, 1]), alpha=-1), "uint8", [1, 4, 101]),
    (lambda d: gradlib.add(gradlib.tensor([1, -2, 127], dtype=gradlib.int8, device=d), 100, alpha=3), "int8",
     [45, 42, -85]),
    (lambda d: gradlib.add(gradlib.tensor([1000, -2, 30000], dtype=gradlib.int16, device=d),
                           gradlib.tensor([1, -2, 127], dtype=gradlib.int8, device=d), alpha=200), "int16",
     [1200, -402, -10136]),
]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_integer_alpha_wraps_as_pytorch(device, index):
    function, dtype, expected = CASES[index]
    result = function(device)
    assert str(result.dtype) == f"gradlib.{dtype}"
    assert result.tolist() == expected


def test_alpha_pytorch_refuses_is_refused(device):
    with pytest.raises(RuntimeError, match="value cannot be converted to type int8_t without overflow"):
        gradlib.add(gradlib.tensor([1, 2], dtype=gradlib.int8, device=device),
                    gradlib.tensor([1, 1], dtype=gradlib.int8, device=device), alpha=300)
