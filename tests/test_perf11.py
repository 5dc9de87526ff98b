"""Issue 16's mixed chain, session 10: a Python float operand of mul/add/div computes as a cached 0-d array of the
array's dtype (gradlib/ops/_scalar_operand.py), giving the bytes the Python float gives, and only for NumPy
float32/float64 arrays."""
import numpy as np
import pytest

import gradlib
from gradlib.ops import arithmetic
from gradlib.ops._scalar_operand import LastScalar

_EDGE_FLOATS = [0.0, -0.0, 1.0001, 0.001, -3.3, 1 / 3, 1e300, -1e300, 1e-320, 5e-324, 3.4028235e38, 3.4028236e38,
                1e-46, 1.4e-45, float("inf"), float("-inf"), float("nan")]


def _edge_array(dtype):
    rng = np.random.default_rng(0)
    values = rng.standard_normal(40) * 10.0 ** rng.integers(-40, 40, 40)
    return np.concatenate([values, [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, 3e38]]).astype(dtype)


def _float32_midpoints(count=300):
    """Doubles halfway between neighbouring float32 values, and their neighbours: where a second rounding would
    show."""
    low = np.random.default_rng(1).standard_normal(count).astype(np.float32)
    high = np.nextafter(low, np.float32(np.inf))
    middle = (low.astype(np.float64) + high.astype(np.float64)) / 2
    return [float(value) for value in np.concatenate([middle, np.nextafter(middle, 0), np.nextafter(middle, np.inf)])]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_0d_operand_gives_the_bytes_of_the_python_float(dtype):
    array = _edge_array(dtype)
    with np.errstate(all="ignore"):
        for scalar in _EDGE_FLOATS + _float32_midpoints():
            cache = LastScalar()
            cache.operand(array, scalar)
            operand = cache.operand(array, scalar)  # the second call makes the array
            assert operand.__class__ is np.ndarray and operand.shape == () and operand.dtype == dtype
            for ufunc in (np.multiply, np.add, np.subtract, np.true_divide):
                for left, right, cached_left, cached_right in ((array, scalar, array, operand),
                                                               (scalar, array, operand, array)):
                    expected = ufunc(left, right)
                    got = ufunc(cached_left, cached_right)
                    assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes(), (ufunc, scalar)


def test_the_cache_takes_only_numpy_float_arrays_and_python_floats():
    cache = LastScalar()
    floats = np.ones(3, np.float32)
    for array, scalar in ((np.ones(3, np.float16), 0.5), (np.ones(3, np.int64), 0.5), (np.ones(3, np.complex64), 0.5),
                          (floats, 2), (floats, True), (floats, 0.5 + 1j), (floats.astype(">f4"), 0.5)):
        for _ in range(3):
            assert cache.operand(array, scalar) is scalar
    assert cache.entry == (None, None, None)

    class Other(np.ndarray):  # not NumPy's own array class (a stand-in's or a subclass's array)
        pass

    other = floats.view(Other)
    assert cache.operand(other, 0.5) is 0.5 and cache.operand(other, 0.5) is 0.5
    assert cache.entry == (None, None, None)


def test_the_array_comes_at_the_second_equal_float_and_never_for_the_other_zero_or_nan():
    cache = LastScalar()
    floats = np.ones(3, np.float32)
    first = 1.0001
    assert cache.operand(floats, first) is first  # seen once: no array yet
    second = float("1.0001")  # equal, another object
    operand = cache.operand(floats, second)
    assert operand.__class__ is np.ndarray and operand.dtype == np.float32 and not operand.flags.writeable
    assert cache.operand(floats, float("1.0001")) is operand
    assert cache.operand(floats.astype(np.float64), 1.0001) == 1.0001  # another dtype: seen once again
    zero = cache.operand(floats, 0.0)
    zero = cache.operand(floats, 0.0)
    assert zero.__class__ is np.ndarray and np.signbit(zero) == False  # noqa: E712
    negative = cache.operand(floats, -0.0)
    assert negative.__class__ is float  # -0. == 0., but not the same number: never the cached 0.
    nan = float("nan")
    assert cache.operand(floats, nan) is nan
    assert cache.operand(floats, float("nan")).__class__ is float  # another NaN object: not equal, seen anew


@pytest.mark.parametrize("dtype", [gradlib.float32, gradlib.float64])
def test_scalar_ops_match_the_uncached_kernels_bit_for_bit(device, dtype):
    """Each call site (mul, add, div forward; mul, div backward) repeated, so that the cached array is used, gives
    what NumPy gives with the Python float, forward and backward, on every device mode."""
    values = gradlib.tensor(_edge_array(np.float64)[:20], dtype=dtype, device=device, requires_grad=True)
    host = values.detach().cpu().numpy()
    with np.errstate(all="ignore"):
        for scalar in (1.0001, -0.0, 0.0, 1e300, float("nan"), 3.4028236e38, 1 / 3):
            for _ in range(3):
                product = values * scalar
                total = values + scalar
                quotient = values / scalar
                (grad,) = gradlib.autograd.grad((product + quotient).sum(), values)
                assert product.detach().cpu().numpy().tobytes() == (host * scalar).tobytes()
                assert total.detach().cpu().numpy().tobytes() == (host + scalar).tobytes()
                assert quotient.detach().cpu().numpy().tobytes() == (host / scalar).tobytes()
                ones = np.ones_like(host)
                assert grad.cpu().numpy().tobytes() == (ones * scalar + ones / scalar).tobytes()
    if values.device.type == "cpu":  # the cached arrays were used (on a GPU, or the stand-in's: the float itself)
        assert arithmetic._MUL_FORWARD.entry[0] == 1 / 3 and arithmetic._MUL_BACKWARD.entry[0] == 1 / 3
        assert arithmetic._DIV_FORWARD.entry[0] == 1 / 3 and arithmetic._ADD_FORWARD.entry[0] == 1 / 3


def test_create_graph_and_second_order_through_cached_sites(device):
    x = gradlib.tensor([0.5, -2.0, 3.0], dtype=gradlib.float64, device=device, requires_grad=True)
    for _ in range(3):
        y = (x * x * 1.5 + 0.25) / 4.0
        (g,) = gradlib.autograd.grad(y.sum(), x, create_graph=True)
        (gg,) = gradlib.autograd.grad((g * 2.0).sum(), x)
    np.testing.assert_allclose(g.detach().cpu().numpy(), x.detach().cpu().numpy() * 2 * 1.5 / 4.0, rtol=1e-15)
    np.testing.assert_allclose(gg.cpu().numpy(), np.full(3, 2 * 2 * 1.5 / 4.0), rtol=1e-15)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_node_class_runs_the_formula_its_backward_runs():
    """The engine's fast path calls ``_real_backward`` for a real gradient: it must be the formula ``backward``
    resolves to (unwrapped from the conjugation), also where a mixin's backward comes first in the MRO
    (FloorDivide, RemainderScalarTensor: their refusal, not their Op base's formula)."""
    import inspect

    import gradlib.ops  # noqa: F401  (every op module loaded)
    from gradlib.ops._op import Op

    checked = 0
    for cls in set(_all_subclasses(Op)):
        backward = inspect.getattr_static(cls, "backward").__func__
        real = inspect.getattr_static(cls, "_real_backward").__func__
        assert real is getattr(backward, "__wrapped__", backward), cls
        checked += 1
    assert checked > 300
    floor = gradlib.tensor([7.0, -7.0], requires_grad=True) // 2
    with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
        floor.sum().backward()
