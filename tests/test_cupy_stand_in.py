"""The CuPy stand-in itself (tests/cupy_stand_in/): it refuses what CuPy refuses, emulates CuPy's differences,
flags wrong-device work and counts syncs at the right site. Imported from its folder, so these tests run in the
plain CPU suite too (the stand-in is then removed from sys.modules again)."""
import json
import operator
import os
import sys

import numpy
import pytest

import gradlib
from broken_cupy import forget_cuda_backend

STAND_IN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cupy_stand_in")
SITE = os.path.join(STAND_IN, "site")
with open(os.path.join(STAND_IN, "cupy_names.json")) as _file:
    NAMES = json.load(_file)
GRADLIB_DIR = os.path.dirname(os.path.abspath(gradlib.__file__))
IMPLICIT = "Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy array explicitly."


def _is_cupy_module(name):
    return name in ("cupy", "cupyx") or name.startswith(("cupy.", "cupyx."))


@pytest.fixture(scope="module")
def cp():
    """The stand-in's ``cupy`` (the one already loaded under --cupy-stand-in, else imported for this module)."""
    loaded = sys.modules.get("cupy")
    if loaded is not None and getattr(loaded, "__file__", "").startswith(SITE):
        yield loaded
        return
    saved = {name: module for name, module in sys.modules.items() if _is_cupy_module(name)}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, SITE)
    # gradlib's CUDA backend made here serves the stand-in: forget it afterwards, so that a run on a real GPU
    # goes on with real CuPy (and gets back the backend it had).
    with pytest.MonkeyPatch.context() as monkeypatch:
        forget_cuda_backend(monkeypatch)
        try:
            import cupy
            import cupyx  # noqa: F401
            yield cupy
        finally:
            sys.path.remove(SITE)
            for name in [n for n in sys.modules if _is_cupy_module(n)]:
                del sys.modules[name]
            sys.modules.update(saved)


@pytest.fixture
def events(cp):
    """The events recorded during the test (then removed again, so that a strict run does not judge them)."""
    from cupy import _events
    before = _events.events.copy()
    _events.events.clear()
    seen = []
    _events._listeners.append(seen.append)
    yield seen
    _events._listeners.remove(seen.append)
    _events.events.clear()
    _events.events.update(before)


def kinds(events, kind):
    return [e for e in events if e.kind == kind]


def in_gradlib(relative_path, source, **names):
    """Run ``source`` as if it were code in gradlib/<relative_path> (to check how sites are named)."""
    code = compile(source, os.path.join(GRADLIB_DIR, relative_path), "exec")
    scope = dict(names)
    exec(code, scope)
    return scope


# ----- refusals ----------------------------------------------------------------------------------------------------
def test_implicit_conversion_to_numpy_is_refused_and_recorded(cp, events):
    a = cp.ones(2)
    for convert in (numpy.asarray, numpy.array, lambda x: numpy.float64(1.0) + numpy.asarray(x)):
        with pytest.raises(TypeError, match=r"^Implicit conversion to a NumPy array is not allowed"):
            convert(a)
    assert kinds(events, "refusal")[0].what == f"TypeError: {IMPLICIT}"
    assert not isinstance(a, numpy.ndarray)


@pytest.mark.parametrize("call", [
    lambda cp, a, h: a + h, lambda cp, a, h: h + a, lambda cp, a, h: a.__iadd__(h), lambda cp, a, h: cp.add(a, h),
    lambda cp, a, h: cp.multiply(a, numpy.array(2.0)), lambda cp, a, h: cp.concatenate([a, h]),
    lambda cp, a, h: cp.where(a > 0, a, h), lambda cp, a, h: cp.matmul(a, h), lambda cp, a, h: numpy.maximum(a, h)],
    ids=["add", "radd", "iadd", "cupy.add", "0-d", "concatenate", "where", "matmul", "numpy.maximum"])
def test_numpy_arrays_are_refused(cp, events, call):
    with pytest.raises(TypeError, match=r"^Unsupported type <class 'numpy.ndarray'>$"):
        call(cp, cp.ones(2), numpy.ones(2))
    assert kinds(events, "refusal")


def test_scalars_are_accepted_and_a_0d_numpy_value_fills(cp, events):
    a = cp.ones(3, dtype=cp.float32)
    assert (a * numpy.float32(2)).dtype == numpy.float32 and (numpy.float64(2) * a).__class__ is cp.ndarray
    a[0] = numpy.float64(5)
    a[1:] = numpy.array(7.0)
    assert a.tolist() == [5.0, 7.0, 7.0]
    with pytest.raises(ValueError, match="non-scalar numpy.ndarray cannot be used for fill"):
        a[...] = numpy.ones(3)
    with pytest.raises(TypeError, match="Unsupported type <class 'list'>"):
        a[...] = [1.0, 2.0, 3.0]
    assert len(kinds(events, "refusal")) == 2


def test_only_names_of_the_real_cupy(cp):
    import cupyx
    import cupyx.scipy.special
    for module, names in ((cp, NAMES["modules"]["cupy"]), (cp.linalg, NAMES["modules"]["cupy.linalg"]),
                          (cp.random, NAMES["modules"]["cupy.random"]), (cupyx, NAMES["modules"]["cupyx"]),
                          (cp.cuda, NAMES["modules"]["cupy.cuda"]), (cp.cuda.nccl, NAMES["modules"]["cupy.cuda.nccl"]),
                          (cupyx.scipy.special, NAMES["modules"]["cupyx.scipy.special"])):
        assert {n for n in vars(module) if not n.startswith("_")} <= set(names), module.__name__
    assert {n for n in dir(cp.ndarray) if not n.startswith("_")} <= set(NAMES["ndarray"])
    for name in ("frompyfunc", "errstate", "geomspace", "insert", "nditer"):  # NumPy has them, CuPy does not
        assert not hasattr(cp, name)
    with pytest.raises(AttributeError):
        cp.frompyfunc
    with pytest.raises(TypeError):
        operator.index(cp.asarray(1))  # cupy.ndarray has no __index__
    assert not hasattr(cp.ones(1), "__array_interface__")


# ----- CuPy's documented differences ---------------------------------------------------------------------------------
def test_out_of_range_integer_indices_wrap(cp):
    a = cp.arange(3) * 10
    index = cp.asarray([0, 5, -4])
    assert a[index].tolist() == [0, 20, 20]
    assert cp.take(a, index).tolist() == [0, 20, 20]
    assert cp.take_along_axis(a, index, axis=0).tolist() == [0, 20, 20]
    b = cp.zeros((2, 3))
    b[:, cp.asarray([4])] = 1.0
    assert b.tolist() == [[0, 1, 0], [0, 1, 0]]
    with pytest.raises(IndexError):
        a[3]  # a Python integer is checked on the host, as in CuPy


def test_linalg_does_not_raise_unless_errstate_raise(cp):
    import cupyx
    singular = cp.zeros((2, 2))
    assert numpy.isnan(cp.linalg.inv(singular).get()).all()
    batch = cp.stack([cp.eye(2), singular])
    assert cp.linalg.inv(batch).get()[0].tolist() == [[1, 0], [0, 1]] and numpy.isnan(cp.linalg.inv(batch).get()[1]).all()
    assert numpy.isnan(cp.linalg.cholesky(-cp.eye(2)).get()).all()
    with cupyx.errstate(linalg="raise"):
        with pytest.raises(numpy.linalg.LinAlgError):
            cp.linalg.solve(singular, cp.ones(2))
    assert numpy.isnan(cp.linalg.solve(singular, cp.ones(2)).get()).all()


def test_sign_erf_reductions_random(cp):
    import cupyx.scipy.special
    assert cp.sign(cp.asarray([numpy.nan, -2.0, 3.0])).tolist() == [0.0, -1.0, 1.0]
    assert cupyx.scipy.special.erf.types == ["e->d", "f->f", "d->d"]
    assert cupyx.scipy.special.erf(cp.ones(2, dtype=cp.float16)).dtype == numpy.float64
    assert cupyx.scipy.special.erf(cp.ones(2, dtype=cp.float32)).dtype == numpy.float32
    total = cp.arange(4.0).sum()
    assert total.__class__ is cp.ndarray and total.ndim == 0 and cp.argmax(cp.arange(3)).__class__ is cp.ndarray
    bit_generator = cp.random.XORWOW(7)
    assert callable(bit_generator.state) and bit_generator._state.dtype == numpy.int8
    generator = cp.random.Generator(bit_generator)
    saved = bit_generator._state.copy()
    first = generator.standard_normal(3, dtype=cp.float32).tolist()
    assert generator.standard_normal(3, dtype=cp.float32).tolist() != first
    bit_generator._state = saved
    assert generator.standard_normal(3, dtype=cp.float32).tolist() == first
    assert generator.integers(0, 5, size=4).dtype == numpy.int64


def test_views_write_through_and_name_their_base(cp):
    a = cp.zeros((3, 4))
    column = a[:, 1]
    column[...] = 2.0
    a.T[0] = 1.0
    assert a.get()[:, 1].tolist() == [2.0, 2.0, 2.0] and a.get()[:, 0].tolist() == [1.0, 1.0, 1.0]
    assert column.base is a and column.T.base is a and a.base is None and a.copy().base is None
    strided = cp.lib.stride_tricks.as_strided(a, shape=(2, 2), strides=(8, 8))
    assert strided.base is a and strided.data.ptr == a.data.ptr
    assert a[1].data.ptr - a.data.ptr == 32 and not column.flags.c_contiguous


def test_numpy_functions_dispatch_to_the_stand_in(cp):
    a = cp.arange(3.0)
    assert numpy.exp(a).__class__ is cp.ndarray
    assert numpy.concatenate([a, a]).__class__ is cp.ndarray
    assert numpy.linalg.norm(a).__class__ is cp.ndarray


def test_scatter_add_refuses_non_atomic_dtypes(cp, events):
    import cupyx
    target = cp.zeros(3, dtype=cp.float32)
    cupyx.scatter_add(target, cp.asarray([0, 0, 2]), 1.0)
    assert target.tolist() == [2.0, 0.0, 1.0]
    for dtype in (cp.int64, cp.int8, cp.bool_, cp.uint8):
        with pytest.raises(TypeError, match=r"^cupy.add.at only supports int32, float16, float32, float64, uint32, "
                                            r"uint64, as data type$"):
            cupyx.scatter_add(cp.zeros(3, dtype=dtype), cp.asarray([0]), 1)
    assert len(kinds(events, "refusal")) == 4


# ----- devices -----------------------------------------------------------------------------------------------------
def test_work_on_another_device_is_flagged(cp, events):
    assert cp.cuda.runtime.getDeviceCount() == int(os.environ.get("CUPY_STAND_IN_DEVICES", "2"))
    with cp.cuda.Device(1):
        a = cp.ones(2)
        assert cp.cuda.runtime.getDevice() == 1 and a.device.id == 1
        a + 1
    assert cp.cuda.runtime.getDevice() == 0 and not events
    view = a[0]
    assert view.device.id == 1 and not events  # a view launches no kernel
    result = a + 1
    assert result.device.id == 0  # CuPy allocates on the current device
    assert [e.what for e in events] == ["add on arrays of device [1] while device 0 is current"]
    copied = a.copy()  # a peer copy onto the current device is explicit: not flagged
    assert copied.device.id == 0 and len(events) == 1
    generator = cp.random.Generator(cp.random.XORWOW(0))
    with cp.cuda.Device(1), pytest.raises(RuntimeError, match="This Generator state is allocated in a different device"):
        generator.random(2)
    with pytest.raises(cp.cuda.runtime.CUDARuntimeError, match="invalid device ordinal"):
        cp.cuda.Device(9).use()


def test_a_tensor_labelled_with_another_gpu_is_flagged_where_gradlib_made_it(cp, events, monkeypatch):
    import gradlib._tensor
    from cupy import _labels
    # gradlib makes every Tensor through gradlib._tensor.wrap (other modules look it up there when called)
    monkeypatch.setattr(gradlib._tensor, "wrap", gradlib._tensor.wrap)  # put back afterwards (no-op on the stand-in)
    _labels.install()
    with cp.cuda.Device(1):
        on_one = cp.ones(2)
    make = "t = wrap(a, device)"
    in_gradlib("_tensor.py", make, wrap=gradlib._tensor.wrap, a=on_one, device=gradlib.device("cuda:1"))
    in_gradlib("_creation.py", make, wrap=gradlib._tensor.wrap, a=on_one, device=gradlib.device("cuda:0"))
    in_gradlib("_creation.py", make, wrap=gradlib._tensor.wrap, a=numpy.ones(2), device=gradlib.device("cpu"))
    in_gradlib("_tensor.py", make, wrap=gradlib._tensor.wrap, a=on_one, device=gradlib.device("cuda"))  # no index
    assert [(e.kind, e.what, e.site) for e in events] == [
        ("device", "tensor labelled cuda:0 around an array on device 1", "gradlib/_creation.py:1 (<module>)"),
        ("device", "tensor labelled cuda around an array on device 1", "gradlib/_tensor.py:1 (<module>)")]


def test_nccl_world_of_one(cp, events):
    nccl = cp.cuda.nccl
    assert nccl.available and nccl.NCCL_FLOAT32 == 7 and nccl.NCCL_MIN == 3
    unique_id = nccl.get_unique_id()
    assert isinstance(unique_id, bytes) and len(unique_id) == 128
    comm = nccl.NcclCommunicator(1, unique_id, 0)
    source, target = cp.arange(4.0, dtype=cp.float32), cp.zeros(4, dtype=cp.float32)
    stream = cp.cuda.get_current_stream().ptr
    comm.allReduce(source.data.ptr, target.data.ptr, 4, nccl.NCCL_FLOAT32, nccl.NCCL_SUM, stream)
    assert target.tolist() == [0.0, 1.0, 2.0, 3.0]
    gathered = cp.zeros(4, dtype=cp.float32)
    comm.allGather(source[2:].data.ptr, gathered.data.ptr, 2, nccl.NCCL_FLOAT32, stream)
    assert gathered.tolist() == [2.0, 3.0, 0.0, 0.0]
    with pytest.raises(nccl.NcclError, match="not inside a live device array"):
        comm.broadcast(source.data.ptr, target.data.ptr, 8, nccl.NCCL_FLOAT32, 0, stream)
    comm.destroy()
    comm.abort()
    with pytest.raises(nccl.NcclError, match="destroyed"):
        comm.allReduce(source.data.ptr, target.data.ptr, 4, nccl.NCCL_FLOAT32, nccl.NCCL_SUM, stream)
    with pytest.raises(TypeError, match="expected bytes, got tuple"):
        nccl.NcclCommunicator(1, tuple(unique_id), 0)


# ----- syncs and their sites -----------------------------------------------------------------------------------------
def test_syncs_are_counted_at_their_site(cp, events):
    mask = cp.asarray([True, False])
    bool(mask[0])
    assert [(e.what, e.site) for e in kinds(events, "sync")] == [("bool()", "test/user code")]
    del events[:]
    in_gradlib("ops/fake_op.py", "def forward(x):\n    return bool(x.any())\nforward(m)\n", m=mask)
    assert [(e.what, e.site) for e in events] == [("bool()", "gradlib/ops/fake_op.py:2 (forward)")]
    del events[:]
    # a host API (Tensor.item) passes the sync on to its caller: the test here, so the sync is explicit
    scope = in_gradlib("_tensor.py", "class Tensor:\n    def item(self, x):\n        return x.item()\n")
    scope["Tensor"]().item(mask[0])
    assert [(e.what, e.site) for e in events] == [("ndarray.item()", "explicit: gradlib/_tensor.py:3 (Tensor.item)")]
    del events[:]
    for sync in (lambda: float(cp.ones(())), lambda: cp.asnumpy(mask), lambda: mask.get(), lambda: mask.tolist(),
                 lambda: cp.ones(2)[mask], lambda: cp.nonzero(mask), lambda: cp.where(mask),
                 lambda: cp.shares_memory(mask, mask), lambda: repr(mask)):
        sync()
    assert len(kinds(events, "sync")) == 9
    del events[:]
    cp.asarray(numpy.ones(3))  # host data to the device: a copy, no sync
    cp.ones(3).sum() * 2
    assert events == []


@pytest.mark.parametrize("call, syncs", [
    (lambda cp: cp.unravel_index(cp.asarray([3, 5]), (2, 3)), 2),  # (indices < 0).any(), (indices > 0).any()
    (lambda cp: cp.ravel_multi_index((cp.asarray([1]), cp.asarray([2])), (2, 3), mode="raise"), 1),
    (lambda cp: cp.ravel_multi_index((cp.asarray([1]), cp.asarray([2])), (2, 3)), 0),  # CuPy's default: 'wrap'
    (lambda cp: cp.bincount(cp.asarray([0, 2])), 2),  # (x < 0).any(), int(cupy.max(x))
    (lambda cp: cp.nanmax(cp.ones(3)), 1), (lambda cp: cp.average(cp.ones(3), weights=cp.ones(3)), 1),
    (lambda cp: cp.average(cp.ones(3)), 0), (lambda cp: cp.place(cp.ones(3), cp.ones(3) > 0, cp.zeros(1)), 1),
    (lambda cp: cp.delete(cp.ones(3), 1), 0), (lambda cp: cp.delete(cp.ones(3), cp.asarray([1])), 1),
    (lambda cp: cp.ix_(cp.asarray([True, False]), cp.asarray([0])), 1),
    (lambda cp: cp.ones(3)[True], 1),  # a 0-d mask in CuPy (cupy/_core/_routines_indexing.pyx)
], ids=["unravel_index", "ravel_multi_index_raise", "ravel_multi_index", "bincount", "nanmax", "average_weights",
        "average", "place", "delete_int", "delete_array", "ix_mask", "python_bool_index"])
def test_library_functions_that_read_the_device_are_syncs(cp, events, call, syncs):
    # CuPy 14.2's own host reads (its docstrings: "may synchronize"; its source: "# synchronize!")
    call(cp)
    assert len(kinds(events, "sync")) == syncs


def test_ufuncs_run_cupys_loops(cp):
    # CuPy 14.2 runs the first of its loops (ufunc.types) that the inputs cast to safely, where NumPy may
    # choose another loop or refuse: a bool negated is itself, a bool difference a xor, the sign of a bool int8
    b = cp.asarray([True, False])
    assert (-b).dtype == bool and (-b).tolist() == [True, False]
    assert (cp.asarray([True, True, False]) - cp.asarray([True, False, True])).tolist() == [False, True, True]
    assert cp.sign(b).dtype == numpy.int8 and cp.sign(b).tolist() == [1, 0]
    assert cp.sign(cp.asarray([float("nan"), -2.0])).tolist() == [0.0, -1.0]  # CuPy: sign(NaN) is 0
    assert cp.sqrt(cp.asarray([4], dtype=numpy.int8)).dtype == numpy.float16
    assert cp.negative.types == NAMES["ufunc_types"]["cupy.negative"]
    import cupyx.scipy.special
    assert cupyx.scipy.special.erf(cp.ones(2, dtype=numpy.float16)).dtype == numpy.float64
    out = cp.zeros(2, dtype=bool)
    cp.negative(b, out=out)
    assert out.tolist() == [True, False]


def test_host_syncs_fixture(device, host_syncs):
    x = gradlib.ones(3, device=device)
    with host_syncs() as none:
        y = (x * 2).sum()
    with host_syncs() as one:
        bool(y > 0)
    assert none.count == 0
    assert one.count == (1 if one.active and gradlib.device(device).type == "cuda" else 0)
