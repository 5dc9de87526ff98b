"""Values on which NumPy, CuPy and PyTorch disagree, pinned to PyTorch's answer on every device: sign(NaN) and the
gradients built on it, erf's dtype on float16, integer scatter-add (CuPy's atomic add has no int64)."""
import numpy
import pytest

import gradlib
from gradlib.backends import numpy_backend

NAN = float("nan")
INF = float("inf")


def _values(tensor):
    """Host values as reprs: NaN compares equal to NaN, and -0.0 differs from 0.0."""
    return [repr(v) for v in tensor.tolist()]


# ----- D6: sign(NaN) is 0 (PyTorch 2.13 and CuPy; NumPy says NaN) ----------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_sign_of_nan_is_zero(device, dtype):
    x = gradlib.tensor([NAN, -0.0, 0.0, 1.0, -2.0, INF, -INF], dtype=getattr(gradlib, dtype), device=device)
    assert _values(gradlib.sign(x)) == ["0.0", "0.0", "0.0", "1.0", "-1.0", "1.0", "-1.0"]
    assert x.sign().dtype == x.dtype


def test_abs_gradient_at_nan_is_zero(device):
    x = gradlib.tensor([NAN, 1.0, -2.0, 0.0], requires_grad=True, device=device)
    (grad,) = gradlib.autograd.grad(x.abs().sum(), x, create_graph=True)
    assert _values(grad) == ["0.0", "1.0", "-1.0", "0.0"]  # PyTorch 2.13: tensor([ 0.,  1., -1.,  0.])
    (second,) = gradlib.autograd.grad(grad.sum(), x)
    assert _values(second) == ["0.0", "0.0", "0.0", "0.0"]


@pytest.mark.parametrize("ord, expected", [
    (1, ["0.0", "1.0", "-1.0", "0.0"]),
    (2, ["nan", "nan", "nan", "nan"]),
    (3, ["nan", "nan", "nan", "nan"]),
    (INF, ["0.0", "0.0", "-0.0", "0.0"]),
    (-INF, ["0.0", "0.0", "-0.0", "0.0"])])
def test_norm_gradient_with_nan_matches_pytorch(device, ord, expected):
    # Recorded from torch.linalg.vector_norm(torch.tensor([nan, 1., -2., 0.]), ord).backward() (PyTorch 2.13).
    x = gradlib.tensor([NAN, 1.0, -2.0, 0.0], requires_grad=True, device=device)
    gradlib.linalg.vector_norm(x, ord).backward()
    assert _values(x.grad) == expected


# ----- D4: erf keeps float16 (CuPy 14's erf returns float64 for float16, CuPy 13's and SciPy's float32) --------
@pytest.mark.parametrize("name", ["erf", "erfc", "gelu"])
def test_erf_family_keeps_float16(device, name):
    values = [-3.0, -0.5, 0.0, 0.25, 1.0, 2.5]
    function = gradlib.nn.functional.gelu if name == "gelu" else getattr(gradlib, name)
    x = gradlib.tensor(values, dtype=gradlib.float16, requires_grad=True, device=device)
    out = function(x)
    assert out.dtype is gradlib.float16
    out.sum().backward()
    assert x.grad.dtype is gradlib.float16
    reference = function(gradlib.tensor(values, dtype=gradlib.float32, device=device))
    assert out.float().tolist() == pytest.approx(reference.tolist(), abs=2e-3)


def test_backend_erf_casts_a_widened_result_back(monkeypatch):
    # What CuPy 14 does on a GPU, on the CPU: the library computes float16 in float64.
    widening = numpy_backend._erf
    monkeypatch.setattr(numpy_backend, "_erf", lambda array: widening(array.astype("float64")))
    x = gradlib.tensor([0.5, 1.0], dtype=gradlib.float16)
    assert gradlib.erf(x).dtype is gradlib.float16
    assert gradlib.nn.functional.gelu(x).dtype is gradlib.float16


# ----- B4: integer and bool scatter-add (CUDA's atomicAdd in released CuPy: int32, uint32, uint64, floats) ------
def test_int64_index_add_beyond_32_bits(device):
    big = 2 ** 40 + 7
    x = gradlib.zeros(3, dtype=gradlib.int64, device=device)
    out = x.index_add(0, gradlib.tensor([1, 1, 1], device=device), gradlib.tensor([big, big, -2 ** 62], device=device))
    assert out.tolist() == [0, -4611683819404132338, 0]  # PyTorch 2.13 (wraps like int64 addition)
    rows = gradlib.zeros(2, 2, dtype=gradlib.int64, device=device)
    out = rows.index_add(1, gradlib.tensor([1, 1], device=device), gradlib.full((2, 2), 2 ** 33, device=device))
    assert out.tolist() == [[0, 17179869184], [0, 17179869184]]


@pytest.mark.parametrize("dtype, expected", [("int64", [300, 0, 1]), ("int32", [300, 0, 1]), ("int16", [300, 0, 1]),
                                             ("int8", [44, 0, 1]), ("uint8", [44, 0, 1])])
def test_integer_scatter_add_and_index_add_with_repeats(device, dtype, expected):
    # PyTorch 2.13: three 100s into one int8/uint8 slot wrap to 44.
    dtype = getattr(gradlib, dtype)
    x = gradlib.zeros(3, dtype=dtype, device=device)
    src = gradlib.tensor([100, 100, 100, 1], dtype=dtype, device=device)
    index = gradlib.tensor([0, 0, 0, 2], device=device)
    assert x.index_add(0, index, src).tolist() == expected
    assert x.scatter_add(0, index, src).tolist() == expected
    if dtype.is_signed:
        negative = gradlib.tensor([-3, 5, -7, 1], dtype=dtype, device=device)
        assert x.index_add(0, index, negative).tolist() == [-5, 0, 1]


def test_bool_scatter_accumulates_as_or(device):
    from gradlib.ops.indexing import index_add_into
    values = gradlib.tensor([True, False, False, True, True], device=device)
    index = gradlib.tensor([0, 0, 1, 2, 2], device=device)._array
    out = index_add_into((4,), (index,), values, True)
    assert out.dtype is gradlib.bool and out.tolist() == [True, False, True, False]


class _AtomicOnlyCupyx:
    """cupyx as released CuPy has it: scatter_add refuses what atomicAdd lacks."""

    @staticmethod
    def scatter_add(target, index, values):
        if target.dtype.name not in ("int32", "float16", "float32", "float64", "uint32", "uint64"):
            raise TypeError("cupy.add.at only supports int32, float16, float32, float64, uint32, uint64, as data "
                            "type")
        numpy.add.at(target, index, values)


@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "int8", "uint8", "uint16", "uint32", "uint64", "bool",
                                   "float16", "float32", "float64"])
def test_cupy_scatter_add_reduces_every_dtype_to_atomic_adds(dtype):
    # CupyBackend.scatter_add's dtype routing, run on NumPy arrays with a cupyx that refuses as CuPy does.
    from gradlib.backends.cupy_backend import CupyBackend
    backend = CupyBackend.__new__(CupyBackend)
    backend.xp, backend._cupyx = numpy, _AtomicOnlyCupyx()
    rng = numpy.random.default_rng(0)
    info = numpy.iinfo(dtype) if dtype not in ("bool", "float16", "float32", "float64") else None
    if info is not None:
        values = rng.integers(info.min, info.max, size=(50, 3), dtype=dtype, endpoint=True)
    else:
        values = (rng.random((50, 3)) * 100).astype(dtype) if dtype != "bool" else rng.random((50, 3)) < 0.2
    index = (rng.integers(0, 4, size=50),)
    target = numpy.ones((4, 3), dtype=dtype)
    expected = target.copy()
    with numpy.errstate(over="ignore"):
        numpy.add.at(expected, index, values)
    backend.scatter_add(target, index, values)
    numpy.testing.assert_array_equal(target, expected)
