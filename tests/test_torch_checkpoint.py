"""``gradlib.load`` of ``torch.save`` zip checkpoints: the recorded reference model, what the restricted unpickler
admits and refuses, and a fuzz of the archive, its pickle and its tensor descriptions (hypothesis)."""
import collections
import io
import json
import os
import pathlib
import sys
import zipfile

import numpy
import pytest

import gradlib
from gradlib.serialization import CheckpointError

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from device_text import device_name  # noqa: E402
from reference.checkpoints import FILES, outputs_of  # noqa: E402
from torch_pickles import Global, Parameter, Storage, Tensor, archive, dumps  # noqa: E402

REFERENCE = pathlib.Path(__file__).resolve().parent / "reference"
REFUSED = CheckpointError  # gradlib.load's refusal (a pickle.UnpicklingError and a RuntimeError)


def _floats(values):
    return numpy.arange(values, dtype=numpy.float32).tobytes()


def _load(data, **kwargs):
    return gradlib.load(io.BytesIO(data), **kwargs)


def test_reference_model_gives_pytorchs_outputs(device):
    """A state dict saved by torch.save loads into the same architecture with PyTorch's outputs (1e-6)."""
    state = gradlib.load(REFERENCE / FILES["zip"], map_location=device)
    assert all(str(value.device) == device_name(device) for value in state.values())
    output = outputs_of(gradlib, state, device)
    expected = json.loads((REFERENCE / FILES["outputs"]).read_text())["output"]
    numpy.testing.assert_allclose(output.cpu().numpy(), expected, rtol=0, atol=1e-6)
    assert state["1.num_batches_tracked"].dtype is gradlib.int64 and state["1.num_batches_tracked"].item() == 1


def test_checkpoint_dict_restores_values_dtypes_and_sharing(device):
    loaded = gradlib.load(REFERENCE / FILES["extras"], map_location=device)
    assert (loaded["epoch"], loaded["lr"], loaded["name"], loaded["flags"], loaded["pair"]) == (
        3, 0.5, "tiny", [True, None], (1, 2.5))
    assert loaded["dtype"] is gradlib.float64
    base = loaded["base"]
    assert base.dtype is gradlib.float64 and base.tolist() == numpy.arange(12.).reshape(3, 4).tolist()
    assert loaded["column"].tolist() == [2., 6., 10.] and loaded["transposed"].tolist() == base.t().tolist()
    base[1, 2] = -1.  # the four tensors shared one storage in PyTorch, and share memory again
    assert loaded["row"].tolist() == [4., 5., -1., 7.]
    assert loaded["column"].tolist() == [2., -1., 10.] and loaded["transposed"][2, 1].item() == -1.
    assert type(loaded["param"]) is gradlib.nn.Parameter and loaded["param"].requires_grad
    assert loaded["long"].dtype is gradlib.int64 and loaded["mask"].dtype is gradlib.bool
    assert loaded["half"].dtype is gradlib.float16 and loaded["scalar"].shape == () and loaded["empty"].shape == (0, 3)
    assert isinstance(loaded["model"], collections.OrderedDict) and len(loaded["model"]) == 13


def test_file_objects_and_map_location_forms(device):
    data = (REFERENCE / FILES["zip"]).read_bytes()
    plain = _load(data)
    assert all(value.device.type == "cpu" for value in plain.values())
    by_dict = _load(data, map_location={"cpu": device})
    seen = []
    by_callable = _load(data, map_location=lambda storage, location: seen.append(location) or storage.to(device))
    assert seen and set(seen) == {"cpu"}
    kept = _load(data, map_location=lambda storage, location: None)
    for key, value in plain.items():
        for other in (by_dict[key], by_callable[key]):
            assert str(other.device) == device_name(device) and other.cpu().tolist() == value.tolist()
        assert kept[key].device.type == "cpu"


def test_saved_locations(device):
    """Storages go back to the device they were saved on; a device gradlib lacks needs map_location."""
    def saved_on(location):
        return archive({"w": Tensor(Storage("0", numel=3, location=location), 0, (3,), (1,))}, {"0": _floats(3)})
    if gradlib.cuda.is_available():
        assert str(_load(saved_on("cuda:0"))["w"].device) == "cuda:0"
    else:
        with pytest.raises(REFUSED, match="Attempting to deserialize object on a CUDA device but gradlib.cuda"):
            _load(saved_on("cuda:0"))
    with pytest.raises(REFUSED, match="saved on device 'mps'"):
        _load(saved_on("mps"))
    assert str(_load(saved_on("mps"), map_location={"mps": device})["w"].device) == device_name(device)
    with pytest.raises(RuntimeError, match="map_location returned a gradlib.float32 tensor"):
        _load(saved_on("cpu"), map_location=lambda storage, location: storage.float())


def test_devices_and_sizes_become_gradlibs():
    loaded = _load(archive({"d": Global("torch", "device", "cpu"), "s": Global("torch", "Size", [2, 3])}))
    assert loaded == {"d": gradlib.device("cpu"), "s": gradlib.Size([2, 3])}


def test_legacy_torch_save_format_is_refused():
    with pytest.raises(Exception, match="(?i)pickle"):
        gradlib.load(REFERENCE / FILES["legacy"])


def test_no_code_runs_and_other_globals_are_refused(tmp_path):
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    for payload in ({"w": Evil()}, Global("builtins", "eval", "1+1"), Global("torch", "load", "x"),
                    Global("collections", "namedtuple", "P", "x")):
        with pytest.raises(REFUSED, match=r"global '(posix.system|builtins.eval|torch.load|collections.namedtuple)'"):
            _load(archive(payload))
    assert not marker.exists()
    with pytest.raises(REFUSED, match="complex64"):
        _load(archive({"w": Tensor(Storage("0", "ComplexFloatStorage", 2), 0, (2,), (1,))}, {"0": b"\0" * 16}))
    loaded = _load(archive({"w": Tensor(Storage("0", "BFloat16Storage", 2), 0, (2,), (1,))}, {"0": b"\0" * 4}))
    assert loaded["w"].dtype is gradlib.bfloat16 and loaded["w"].tolist() == [0.0, 0.0]  # the bfloat16 extra


def _one(storage_bytes, **tensor):
    spec = dict(offset=0, size=(3,), stride=(1,))
    spec.update(tensor)
    storage = Storage("0", numel=len(storage_bytes) // 4)
    return archive({"w": Tensor(storage, spec["offset"], spec["size"], spec["stride"])}, {"0": storage_bytes})


@pytest.mark.parametrize("spec, message", [
    (dict(size=(4,)), "reads element 3 of storage '0', which holds 3"),
    (dict(size=(2, 2), stride=(2, 1)), "reads element 3"),
    (dict(offset=1), "reads element 3"),
    (dict(offset=-1), "storage offset is -1"),
    (dict(size=(-1,)), "size is"),
    (dict(stride=(-1,)), "stride is"),
    (dict(size=(3,), stride=(1, 1)), "has size"),
    (dict(size=(0,), offset=9), "past the end"),
    (dict(size=(1,) * 65, stride=(1,) * 65), "at most 64"),
    (dict(size=(2.0,)), "size is"),
])
def test_tensor_descriptions_are_checked_against_their_storage(spec, message):
    with pytest.raises(REFUSED, match=message):
        _load(_one(_floats(3), **spec))


def test_a_tensor_may_end_exactly_at_its_storage_end():
    loaded = _load(_one(_floats(6), offset=3, size=(3,)))["w"]
    assert loaded.tolist() == [3., 4., 5.]
    loaded = _load(_one(_floats(6), size=(2, 3), stride=(0, 2)))["w"]  # zero strides, as expand saves them
    assert loaded.tolist() == [[0., 2., 4.], [0., 2., 4.]]


@pytest.mark.parametrize("name, build, message", [
    ("numel", lambda: archive({"w": Tensor(Storage("0", numel=4), 0, (3,), (1,))}, {"0": _floats(3)}),
     "should hold 4 float32"),
    ("missing record", lambda: archive({"w": Tensor(Storage("7", numel=3), 0, (3,), (1,))}, {"0": _floats(3)}),
     "no record data/7"),
    ("build on tensor", lambda: archive({"w": Tensor(Storage("0", numel=3), 0, (3,), (1,), state=(None, {"x": 1}))},
                                        {"0": _floats(3)}), "sets attributes on a tensor"),
    ("build on global", lambda: archive(pickled=b"\x80\x02ccollections\nCounter\n}U\x01xK\x01sb."), "sets attributes"),
    ("hooks", lambda: archive({"w": Tensor(Storage("0", numel=3), 0, (3,), (1,), hooks={1: 2})}, {"0": _floats(3)}),
     "backward hooks"),
    ("metadata", lambda: archive({"w": Tensor(Storage("0", numel=3), 0, (3,), (1,), metadata={"neg": True})},
                                 {"0": _floats(3)}), "metadata"),
    ("parameter state", lambda: archive({"w": Parameter(Tensor(Storage("0", numel=3), 0, (3,), (1,)), state={"a": 1})},
                                        {"0": _floats(3)}), "Python attributes"),
    ("int requires grad", lambda: archive({"w": Tensor(Storage("0", "LongStorage", itemsize=8, numel=1), 0, (1,),
                                                       (1,), requires_grad=True)}, {"0": b"\0" * 8}), "requires grad"),
    ("two dtypes", lambda: archive({"a": Tensor(Storage("0", numel=2), 0, (2,), (1,)),
                                    "b": Tensor(Storage("0", "IntStorage", numel=2), 0, (2,), (1,))},
                                   {"0": _floats(2)}), "described twice"),
    ("not a storage", lambda: archive(pickled=b"\x80\x02(X\x03\x00\x00\x00abctQ."), "not to a storage"),
    ("storage as tensor", lambda: archive({"w": Tensor(None, 0, (1,), (1,))}), "not a storage of the archive"),
    ("cycle", lambda: archive(pickled=b"\x80\x02]q\x00h\x00a."), "cycle"),
    ("deep", lambda: archive(pickled=b"\x80\x02" + b"]" * 150 + b"a" * 149 + b"."), "nested more than 100"),
    ("garbage pickle", lambda: archive(pickled=b"\x80\x02\xff."), r"unknown opcode b'\\xff' at byte 2"),
    ("wrong arguments", lambda: archive(pickled=dumps(Global("torch._utils", "_rebuild_tensor_v2", 1))), "malformed"),
    ("no stop", lambda: archive(pickled=b"\x80\x02K\x01"), "no STOP"),
    ("huge memo index", lambda: archive(pickled=b"\x80\x02K\x01r\xff\xff\xff\x7f."), "memo entry 2147483647"),
    ("huge bytes length", lambda: archive(pickled=b"\x80\x04\x8e" + (1 << 40).to_bytes(8, "little") + b"."),
     "runs past its end"),
    ("no pickle", lambda: archive({}, records={"data.pkl": None}), "no data.pkl"),
    ("version", lambda: archive({}, records={"version": b"99\n"}), "format version"),
    ("byteorder", lambda: archive({}, records={"byteorder": b"middle"}), "byteorder"),
    ("compressed", lambda: archive({"a": 1}, compression=zipfile.ZIP_DEFLATED), "compressed"),
    ("two folders", lambda: _appended(archive({}), "other/x", b"1"), "one folder"),
    ("not a zip", lambda: b"PK\x03\x04" + b"\0" * 100, "not a readable zip"),
    ("truncated", lambda: (REFERENCE / FILES["zip"]).read_bytes()[:3000], "not a readable zip"),
    ("bad device", lambda: archive({"d": Global("torch", "device", "tpu", 3)}), r"torch.device\('tpu', 3\)"),
    ("bool byte 2", lambda: archive({"m": Tensor(Storage("0", "BoolStorage", numel=2), 0, (2,), (1,))},
                                    {"0": b"\x01\x02"}), "bytes other than 0 and 1"),
    ("class itself", lambda: archive(pickled=b"\x80\x02ctorch\nTensor\n."), "class torch.Tensor"),
])
def test_crafted_archives_are_refused(name, build, message):
    with pytest.raises(REFUSED, match=message):
        _load(build())


def _appended(data, path, record):
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream, "a") as z:
        z.writestr(path, record)
    return stream.getvalue()


def test_duplicate_records_are_refused():
    with pytest.warns(UserWarning):
        data = _appended(archive({"a": 1}), "archive/data.pkl", dumps({"a": 2}))
    with pytest.raises(REFUSED, match="twice"):
        _load(data)


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_every_pickle_protocol_torch_save_can_write(protocol):
    storage = Storage("0", numel=6)
    obj = collections.OrderedDict(a=Tensor(storage, 0, (2, 3), (3, 1)), b=Tensor(storage, 1, (2,), (3,)),
                                  meta={"step": 3, "names": ["x", "y"], "set": {1, 2}})
    loaded = _load(archive(obj, {"0": _floats(6)}, protocol=protocol))
    assert loaded["a"].tolist() == [[0., 1., 2.], [3., 4., 5.]] and loaded["b"].tolist() == [1., 4.]
    assert loaded["meta"] == {"step": 3, "names": ["x", "y"], "set": {1, 2}}


def test_big_endian_archives_are_byteswapped():
    data = numpy.array([1.5, -2.0, 3.25], dtype=">f4").tobytes()
    storage = Storage("0", numel=3)
    loaded = _load(archive({"w": Tensor(storage, 0, (3,), (1,))}, {"0": data}, records={"byteorder": b"big"}))
    assert loaded["w"].tolist() == [1.5, -2.0, 3.25]


def test_loading_allocates_about_the_file_once(tmp_path):
    """One 8 MiB storage viewed by ten tensors: loading allocates it once (PyTorch: 1x the file), views share it
    (it was 2x: ZipExtFile.readinto reads a record whole, then copies)."""
    import tracemalloc
    numel = 2 << 20
    storage = Storage("0", numel=numel)
    views = {f"v{i}": Tensor(storage, i * 1000, (1000, 100), (100, 1)) for i in range(10)}
    path = tmp_path / "big.pt"
    path.write_bytes(archive(views, {"0": numpy.arange(numel, dtype=numpy.float32).tobytes()}))
    tracemalloc.start()
    try:
        loaded = gradlib.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < path.stat().st_size + (3 << 20)  # the storage, plus the 1 MiB pieces it is read in
    loaded["v9"][0, 0] = -1.
    assert loaded["v8"][10, 0].item() == -1. and loaded["v0"][90, 0].item() == -1.


# ----- fuzzing ------------------------------------------------------------------------------------------------
hypothesis = pytest.importorskip("hypothesis", reason="the fuzz tests need hypothesis (the 'test' extra)")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

FUZZ = settings(max_examples=1000, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
TRIED = collections.Counter()


def _outcome(data):
    """'accepted' or 'refused'; anything else propagates and fails the test. Accepted tensors are read whole."""
    try:
        result = gradlib.load(io.BytesIO(data))
    except REFUSED:
        return "refused"
    stack = [result]
    while stack:
        item = stack.pop()
        if isinstance(item, gradlib.Tensor):
            item.detach().numpy().sum()
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return "accepted"


EXTRAS = (REFERENCE / FILES["extras"]).read_bytes()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(EXTRAS) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_corrupted_bytes(changes):
    data = bytearray(EXTRAS)
    for position, value in changes:
        data[position] = value
    TRIED["bytes", _outcome(bytes(data))] += 1


def test_fuzz_every_truncation():
    for length in range(0, len(EXTRAS), 3):
        assert _outcome(EXTRAS[:length]) == "refused"
        TRIED["truncations", "refused"] += 1


_EXTRAS_ZIP = zipfile.ZipFile(io.BytesIO(EXTRAS))  # torch.save names the folder after the file
PICKLE = _EXTRAS_ZIP.read(_EXTRAS_ZIP.namelist()[0].split("/")[0] + "/data.pkl")
STORAGES = {info.filename.split("/", 2)[2]: _EXTRAS_ZIP.read(info)
            for info in _EXTRAS_ZIP.infolist() if "/data/" in info.filename}


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(PICKLE) - 1), st.integers(0, 255)), min_size=1, max_size=6),
       st.integers(0, len(PICKLE)))
def test_fuzz_pickle_mutations(changes, cut):
    """The pickle itself corrupted and cut, inside a well-formed archive (valid CRCs): the unpickler's side."""
    pickled = bytearray(PICKLE)
    for position, value in changes:
        pickled[position] = value
    TRIED["pickle", _outcome(archive(pickled=bytes(pickled[:cut] if cut > 4 else pickled), storages=STORAGES))] += 1


@FUZZ
@given(st.integers(0, 24), st.integers(-2, 30), st.lists(st.integers(-1, 5), min_size=0, max_size=3),
       st.lists(st.integers(-1, 6), min_size=0, max_size=3))
def test_fuzz_tensor_descriptions(numel, offset, size, stride):
    """Random offset/size/stride against a storage: accepted exactly when PyTorch's bounds hold, and then equal
    to NumPy's strided view of the storage."""
    values = numpy.arange(numel, dtype=numpy.float32)
    data = archive({"w": Tensor(Storage("0", numel=numel), offset, size, stride)}, {"0": values.tobytes()})
    valid = offset >= 0 and len(size) == len(stride) and min(size + stride + [0]) >= 0
    if valid and all(size):
        valid = offset + sum((n - 1) * s for n, s in zip(size, stride)) < numel
    elif valid:
        valid = offset <= numel
    outcome = _outcome(data)
    TRIED["descriptions", outcome] += 1
    assert outcome == ("accepted" if valid else "refused")
    if valid:
        expected = numpy.lib.stride_tricks.as_strided(values[offset:], size, [s * 4 for s in stride])
        assert _load(data)["w"].tolist() == expected.tolist()


def test_zz_report_fuzz_counts(capsys):
    """Prints how many inputs the fuzz tests tried (run with -s to see it)."""
    with capsys.disabled():
        print("\ntorch.save loader fuzz:", dict(sorted(TRIED.items())))
