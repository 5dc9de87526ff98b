"""DLPack: zero-copy exchange with the array library of each device (NumPy, CuPy), with gradlib itself, and with
PyTorch and JAX where they are installed; writes are visible both ways; PyTorch's refusals."""
import contextlib

import numpy
import pytest

import gradlib
from gradlib.utils.dlpack import DLDeviceType, from_dlpack, to_dlpack


def _xp(device):
    if device == "cpu":
        return numpy
    import cupy
    return cupy


def _host(array):
    return array.get() if hasattr(array, "get") else array


@pytest.fixture
def place(request, device):
    """The device string to test on: 'cpu', or each of two GPUs (the second skipped where there is one)."""
    if request.param == "cuda:1" and gradlib.cuda.device_count() < 2:
        pytest.skip("one GPU")
    return request.param


def pytest_generate_tests(metafunc):
    if "place" in metafunc.fixturenames:
        cpu = metafunc.config.getoption("--device") == "cpu"
        metafunc.parametrize("place", ["cpu"] if cpu else ["cuda:0", "cuda:1"], indirect=True)


def _current(xp, place):
    """The array library's work on ``place`` runs with it current (CuPy launches on the current GPU)."""
    return contextlib.nullcontext() if place == "cpu" else xp.cuda.Device(int(place[-1]))


def test_dlpack_device(place):
    t = gradlib.zeros(2, device=place)
    expected = (DLDeviceType.kDLCPU, 0) if place == "cpu" else (DLDeviceType.kDLCUDA, int(place[-1]))
    assert t.__dlpack_device__() == expected


def test_the_array_library_shares_memory_both_ways(device, place):
    xp = _xp(device)
    t = gradlib.arange(6., device=place).reshape(2, 3)
    a = xp.from_dlpack(t)
    assert a.shape == (2, 3) and a.dtype == numpy.float32
    with _current(xp, place):
        a[0, 0] = 50.
    assert t[0, 0].item() == 50.
    t[1, 2] = -1.
    assert _host(a)[1, 2] == -1.
    with _current(xp, place):
        b = xp.arange(4, dtype=xp.int32)
    u = gradlib.from_dlpack(b)
    assert u.dtype is gradlib.int32 and str(u.device) == place
    u.add_(10)
    assert _host(b).tolist() == [10, 11, 12, 13]
    with _current(xp, place):
        b[0] = -5
    assert u[0].item() == -5


def test_views_keep_their_strides(device, place):
    xp = _xp(device)
    t = gradlib.arange(12., device=place).reshape(3, 4).t()
    a = xp.from_dlpack(t)
    assert a.shape == (4, 3) and _host(a).tolist() == t.tolist()
    with _current(xp, place):
        a[3, 0] = 99.
    assert t[3, 0].item() == 99.


def test_gradlib_round_trips_share_memory(place):
    t = gradlib.tensor([1., 2., 3.], device=place)
    for u in (gradlib.from_dlpack(t), from_dlpack(to_dlpack(t))):
        u[0] = u[0] + 10
        assert str(u.device) == place
    assert t.tolist() == [21., 2., 3.]


def test_a_capsule_is_consumed_once(place):
    capsule = to_dlpack(gradlib.zeros(2, device=place))
    from_dlpack(capsule)
    with pytest.raises(Exception, match="consumed"):
        from_dlpack(capsule)


def test_pytorchs_refusals(place):
    with pytest.raises(BufferError, match=r"Can't export tensors that require gradient, use tensor.detach\(\)"):
        gradlib.zeros(2, device=place, requires_grad=True).__dlpack__()
    with pytest.raises(TypeError, match="stream must be ``int`` or ``none``"):
        gradlib.zeros(2, device=place).__dlpack__(stream="default")
    with pytest.raises(TypeError, match="__dlpack__ or a DLPack capsule"):
        gradlib.from_dlpack([1, 2])
    if place == "cpu":
        with pytest.raises(AssertionError, match="stream should be None on cpu."):
            gradlib.zeros(2).__dlpack__(stream=5)
    # a complex array is imported as PyTorch imports it (complex128), since gradlib has complex dtypes
    imported = gradlib.from_dlpack(numpy.array([1 + 2j, -3j]))
    assert imported.dtype is gradlib.complex128 and imported.tolist() == [1 + 2j, -3j]


def test_device_and_copy(device, place):
    source = numpy.arange(3.)
    copied = gradlib.from_dlpack(source, copy=True)
    copied[0] = 9.
    assert source[0] == 0.
    moved = gradlib.from_dlpack(source, device=place)
    assert str(moved.device) == place and moved.tolist() == [0., 1., 2.]
    if place != "cpu":
        with pytest.raises(ValueError, match="without copying"):
            gradlib.from_dlpack(source, device=place, copy=False)
        on_gpu = gradlib.zeros(2, device=f"cuda:{gradlib.cuda.current_device()}")
        shared = gradlib.from_dlpack(on_gpu, device="cuda", copy=False)  # 'cuda' is the current GPU: no copy
        shared[0] = 5.
        assert on_gpu[0].item() == 5. and shared.device == on_gpu.device


def test_version_counters_see_gradlib_writes_only(place):
    """gradlib's in-place writes bump the counter its graphs check; the other library's writes cannot."""
    x = gradlib.tensor([1., 2.], device=place, requires_grad=True)
    shared = x.detach()
    y = (x * shared).sum()  # saves ``shared`` for backward
    before = shared._version
    xp = _xp("cpu" if place == "cpu" else "cuda")
    xp_array = xp.from_dlpack(shared)
    with _current(xp, place):
        xp_array[0] = 100.  # invisible to gradlib's counter: backward uses the new value, unchecked
    assert shared._version == before
    y.backward()
    assert x.grad.tolist() == [100., 2.]
    shared.add_(1)  # a gradlib write is seen
    assert shared._version == before + 1
    z = (x * shared).sum()
    shared.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()


def test_pytorch_when_installed():
    torch = pytest.importorskip("torch")
    t = gradlib.arange(4.)
    u = torch.from_dlpack(t)
    u[0] = 7.
    assert t[0].item() == 7.
    v = torch.arange(3, dtype=torch.int64)
    w = gradlib.from_dlpack(v)
    w.add_(1)
    assert v.tolist() == [1, 2, 3]


def test_jax_when_installed():
    jnp = pytest.importorskip("jax.numpy")
    t = gradlib.from_dlpack(jnp.arange(3, dtype=jnp.float32))
    assert t.tolist() == [0., 1., 2.]
    assert jnp.from_dlpack(gradlib.tensor([1., 2.])).tolist() == [1., 2.]
