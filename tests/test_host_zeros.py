"""``ops._scalar_operand.HOST_ZEROS``: the 0-d zeros relu's NumPy kernels compare and clamp with instead of the
Python int 0. They must be +0. of exactly their dtype and unwritable (they are shared by every call), and relu must
give the bits it gives with the int (the definition: x where x >= 0, -0. or NaN, else +0.) in every float dtype."""
import numpy as np
import pytest

import gradlib
from gradlib.ops import _scalar_operand


def test_zeros_are_read_only_positive_zeros_of_their_dtype():
    assert set(_scalar_operand.HOST_ZEROS) == {np.dtype("float16"), np.dtype("float32"), np.dtype("float64")}
    for dtype, zero in _scalar_operand.HOST_ZEROS.items():
        assert zero.__class__ is np.ndarray and zero.dtype == dtype and zero.shape == ()
        assert not np.signbit(zero) and zero == 0
        with pytest.raises(ValueError):
            zero[()] = 1


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("shape", [(7,), (3, 40), (2, 3, 17)])
def test_relu_bits_against_the_definition(device, dtype, shape):
    rng = np.random.default_rng(3)
    values = rng.standard_normal(shape).astype(dtype)
    flat = values.reshape(-1)
    flat[:6] = [-0.0, 0.0, np.nan, -np.inf, np.inf, -1.0]
    x = gradlib.tensor(values, device=device, requires_grad=True)
    y = x.relu()
    grad = rng.standard_normal(shape).astype(dtype)
    y.backward(gradlib.tensor(grad, device=device))
    keep = (values >= 0) | np.isnan(values)  # -0. >= 0 holds: -0. stays -0.
    expected = np.where(keep, values, np.zeros((), dtype))
    assert y.detach().cpu().numpy().tobytes() == expected.tobytes()
    expected_grad = np.where((expected > 0) | np.isnan(expected), grad, np.zeros((), dtype))
    assert x.grad.cpu().numpy().tobytes() == expected_grad.tobytes()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
@pytest.mark.parametrize("where", [None, 0, 37, -1])
def test_relu_keeps_every_minus_zero(device, dtype, layout, where):
    """relu's forward asks whether its input may hold a -0. (the first least integer of a row-major input's bits,
    a reduction for other layouts) before it copies the zeros back: a -0. anywhere stays -0."""
    values = np.random.default_rng(5).standard_normal((9, 20)).astype(dtype)
    values[values == 0] = 1
    if where is not None:
        values.reshape(-1)[where] = -0.0
    x = gradlib.tensor(values, device=device)
    x = {"contiguous": x, "transposed": x.t(), "sliced": x[:, ::2]}[layout]
    host = {"contiguous": values, "transposed": values.T, "sliced": values[:, ::2]}[layout]
    expected = np.where(host >= 0, host, np.zeros((), dtype))
    assert x.relu().cpu().numpy().tobytes() == np.ascontiguousarray(expected).tobytes()
    assert np.signbit(x.relu().cpu().numpy()).sum() == np.signbit(expected).sum()
