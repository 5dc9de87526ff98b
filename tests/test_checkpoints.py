"""gradlib.save / gradlib.load: refusals, shared storage, file objects, map_location, atomic writes."""
import io
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import tracemalloc

import pytest

import gradlib
from gradlib.serialization import CheckpointError

from checkpoint_crafted import FILES, crafted, pack, v1, v1_tensor, v2, v2_tensor
from device_text import device_name


def _crafted_cases():
    return list(FILES) + ["symlink to /dev/zero", "FIFO", "a directory"]


@pytest.fixture(scope="module")
def crafted_paths(tmp_path_factory):
    """The crafted files, written once: name -> path."""
    return dict(crafted(str(tmp_path_factory.mktemp("crafted"))))


@pytest.mark.parametrize("name", _crafted_cases())
def test_crafted_files_are_refused(crafted_paths, name):
    paths = crafted_paths
    if name not in paths:
        pytest.skip(f"{name}: not on this platform")
    with pytest.raises(CheckpointError, match="gradlib.load refused") as caught:
        gradlib.load(paths[name], map_location="cpu")
    assert isinstance(caught.value, RuntimeError)
    import pickle
    assert isinstance(caught.value, pickle.UnpicklingError)


@pytest.mark.parametrize("name, reason", [
    ("neighbour bytes (v2: offset past its storage)", r"bytes \[16, 32\) lie outside its storage of 16 bytes"),
    ("shape [-1]", r"negative size in its shape \[-1\]"),
    ("negative tensor index", "refers to storage -1"),
    ("unknown version 99", "unknown format version 99"),
    ("one blob x 1000 references (v1)", "storage 0 is used by 1000 tensors"),
    ("deep nesting (100000 lists)", "nests deeper than 100 levels"),
    ("dtype object", "unknown dtype 'object'"),
    ("symlink to /dev/zero", "not a regular file"),
    ("FIFO", "not a regular file"),
    ("bool tensor holding 2", "bytes other than 0 and 1"),
    ("zip of a pickle (torch.save)", "asks for the global .posix.system."),  # the restricted unpickler
])
def test_refusals_name_what_is_wrong(crafted_paths, name, reason):
    paths = crafted_paths
    if name not in paths:
        pytest.skip(f"{name}: not on this platform")
    with pytest.raises(CheckpointError, match=reason):
        gradlib.load(paths[name])


def _storages(buffer):
    import json
    import struct
    data = buffer.getvalue()
    (length,) = struct.unpack("<Q", data[8:16])
    assert len(data) == 16 + length + sum(s["nbytes"] for s in json.loads(data[16:16 + length])["storages"])
    return json.loads(data[16:16 + length])["storages"]


def test_one_storage_many_views_allocates_once(tmp_path):
    """A valid (version 2) file whose 1,000 tensors view one 80 kB storage: loading allocates the storage once."""
    path = tmp_path / "views.pt"
    path.write_bytes(v2([v2_tensor(0, [20000], [1])] * 1000, [80000]))
    tracemalloc.start()
    loaded = gradlib.load(path, map_location="cpu")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(loaded) == 1000 and peak < 5_000_000  # 1,000 copies would be 80 MB; the header's objects ~2 MB
    loaded[0][3] = 7.0
    assert loaded[999][3].item() == 7.0


def test_version_1_files_still_load(tmp_path):
    import numpy
    data = numpy.array([1.0, 2.0], dtype=numpy.float32).tobytes() + numpy.array([3], dtype=numpy.int64).tobytes()
    obj = {"__dict__": [["w", v1_tensor(0, [2], requires_grad=True)], ["n", v1_tensor(1, [], dtype="int64")]]}
    path = tmp_path / "v1.pt"
    path.write_bytes(v1(obj, [8, 8], data=data))
    loaded = gradlib.load(path)
    assert loaded["w"].tolist() == [1.0, 2.0] and loaded["w"].requires_grad and loaded["n"].item() == 3


def test_views_share_one_storage_and_share_again_when_loaded(tmp_path, device):
    x = gradlib.arange(12.0, device=device).reshape(3, 4)
    payload = {"x": x, "row": x[1], "column": x[:, 2], "t": x.t(), "slices": [x[i] for i in range(3)] * 4}
    alone, shared = io.BytesIO(), io.BytesIO()
    gradlib.save({"x": x}, alone)
    gradlib.save(payload, shared)
    assert _storages(alone) == _storages(shared) == [{"nbytes": 48, "device": str(x.device)}]
    shared.seek(0)
    loaded = gradlib.load(shared)
    assert loaded["t"].tolist() == x.t().tolist() and loaded["column"].tolist() == [2.0, 6.0, 10.0]
    assert loaded["x"].device == x.device
    loaded["row"][0] = 100.0
    assert loaded["x"][1, 0].item() == 100.0 and loaded["t"][0, 1].item() == 100.0
    assert loaded["slices"][4][0].item() == 100.0 and loaded["slices"][3][0].item() == 0.0
    loaded["column"][2] = -1.0
    assert loaded["x"][2, 2].item() == -1.0


def test_a_slice_saved_alone_stores_its_whole_storage_and_a_clone_only_its_bytes(tmp_path, device):
    """As torch.save (the serialization-semantics note): a view keeps its storage, all of it; clone() first to save
    only the slice."""
    big = gradlib.zeros(100, 1000, device=device)
    buffer = io.BytesIO()
    gradlib.save(big[3], buffer)
    assert len(buffer.getvalue()) > 400_000
    buffer.seek(0)
    loaded = gradlib.load(buffer)
    assert loaded.shape == (1000,) and loaded.untyped_storage().nbytes() == 400_000
    buffer = io.BytesIO()
    gradlib.save(big[3].clone(), buffer)
    assert len(buffer.getvalue()) < 4000 + 500
    buffer.seek(0)
    assert gradlib.load(buffer).untyped_storage().nbytes() == 4000


def test_storages_are_written_in_pieces(tmp_path, device, monkeypatch):
    """A device storage goes to the host a piece at a time (64 MiB; 40 bytes here)."""
    import gradlib.serialization as serialization
    monkeypatch.setattr(serialization, "_CHUNK", 40)
    x = gradlib.arange(100.0, device=device)
    path = tmp_path / "pieces.pt"
    gradlib.save({"x": x, "tail": x[90:]}, path)
    loaded = gradlib.load(path)
    assert loaded["x"].tolist() == x.tolist() and loaded["tail"].tolist() == x[90:].tolist()


def test_round_trip_of_every_kind_of_value(tmp_path, device):
    weight = gradlib.nn.Parameter(gradlib.randn(3, device=device))
    payload = {"p": weight, "g": gradlib.ones(2, device=device, requires_grad=True),
               "dtypes": [gradlib.float16, gradlib.bool], "floats": (float("inf"), -float("inf"), 1.5),
               ("tuple", 1): None, 3: "three", 'key with "quotes" and [[[ brackets': True,
               "empty": gradlib.zeros(0, 3, device=device), "flags": gradlib.tensor([True, False], device=device),
               "half": gradlib.tensor([1.5], dtype=gradlib.float16, device=device)}
    path = tmp_path / "all.pt"
    gradlib.save(payload, path)
    loaded = gradlib.load(path)
    assert isinstance(loaded["p"], gradlib.nn.Parameter) and loaded["p"].tolist() == weight.tolist()
    assert loaded["g"].requires_grad and loaded["g"].is_leaf
    assert loaded["dtypes"] == [gradlib.float16, gradlib.bool]
    assert loaded["floats"] == (float("inf"), -float("inf"), 1.5)
    assert loaded[("tuple", 1)] is None and loaded[3] == "three" and loaded['key with "quotes" and [[[ brackets']
    assert loaded["empty"].shape == (0, 3) and loaded["flags"].tolist() == [True, False]
    assert loaded["half"].dtype is gradlib.float16 and loaded["half"].device == weight.device


def test_one_tensor_saved_twice_loads_as_one_object(device):
    """Tied weights stay tied: PyTorch's pickle memo gives one object back for one tensor saved twice."""
    weight = gradlib.nn.Parameter(gradlib.randn(4, 2, device=device))
    other = gradlib.ones(3, device=device)
    buffer = io.BytesIO()
    gradlib.save({"embedding": weight, "output": weight, "lists": [other, (other, weight)], other: "key"}, buffer)
    buffer.seek(0)
    loaded = gradlib.load(buffer)
    assert loaded["embedding"] is loaded["output"] is loaded["lists"][1][1]
    assert loaded["lists"][0] is loaded["lists"][1][0] and loaded[loaded["lists"][0]] == "key"
    assert isinstance(loaded["output"], gradlib.nn.Parameter) and len(_storages(buffer)) == 2


def test_save_refuses_what_load_would_refuse(tmp_path):
    deep = []
    for _ in range(300):
        deep = [deep]
    with pytest.raises(ValueError, match="nested this deeply"):
        gradlib.save(deep, tmp_path / "deep.pt")
    assert list(tmp_path.iterdir()) == []


def test_paths_as_str_bytes_and_pathlike(tmp_path):
    for path in (str(tmp_path / "s.pt"), os.fsencode(tmp_path / "b.pt"), tmp_path / "p.pt"):
        gradlib.save(gradlib.ones(2), path)
        assert gradlib.load(path).tolist() == [1.0, 1.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pt", "p.pt", "s.pt"]


def test_file_objects(tmp_path, device):
    x = gradlib.arange(4.0, device=device)
    buffer = io.BytesIO()
    gradlib.save({"x": x}, buffer)
    buffer.seek(0)
    assert gradlib.load(buffer)["x"].tolist() == [0.0, 1.0, 2.0, 3.0]
    with open(tmp_path / "f.pt", "wb") as stream:
        stream.write(b"prefix")
        gradlib.save(x, stream)
    with open(tmp_path / "f.pt", "rb") as stream:
        stream.read(6)  # a checkpoint is read from the file object's position
        assert gradlib.load(stream).tolist() == [0.0, 1.0, 2.0, 3.0]

    class Unseekable(io.RawIOBase):
        def readable(self):
            return True

    with pytest.raises(io.UnsupportedOperation, match="seekable"):
        gradlib.load(Unseekable())


def test_map_location_forms(tmp_path, device):
    saved_on = gradlib.device(device_name(device))
    path = tmp_path / "m.pt"
    x = gradlib.arange(6.0, device=saved_on).reshape(2, 3)
    gradlib.save({"x": x, "row": x[1]}, path)
    location = str(saved_on)
    seen = []

    def record(storage, where):
        seen.append((storage.dtype, tuple(storage.shape), storage.device.type, where))
        return storage

    for map_location, expected in [("cpu", "cpu"), (gradlib.device("cpu"), "cpu"), ({location: "cpu"}, "cpu"),
                                   ({"elsewhere": "cpu"}, location), (lambda storage, where: None, location),
                                   (record, "cpu"), (None, location)]:
        loaded = gradlib.load(path, map_location=map_location)
        assert str(loaded["x"].device) == expected and loaded["row"].tolist() == [3.0, 4.0, 5.0]
        loaded["row"][0] = 9.0
        assert loaded["x"][1, 0].item() == 9.0
    assert seen == [(gradlib.uint8, (24,), "cpu", location)]
    with pytest.raises(TypeError, match="map_location should be"):
        gradlib.load(path, map_location=3)
    with pytest.raises(RuntimeError, match="expected the storage it was given"):
        gradlib.load(path, map_location=lambda storage, where: gradlib.zeros(3))


def test_load_onto_cuda(tmp_path, device, host_syncs):
    if gradlib.device(device).type != "cuda":
        pytest.skip("loads onto a CUDA device")
    path = tmp_path / "c.pt"
    x = gradlib.arange(6.0, device="cpu").reshape(2, 3)
    gradlib.save({"x": x, "t": x.t()}, path)
    with host_syncs() as syncs:
        loaded = gradlib.load(path, map_location="cuda")
        moved = gradlib.load(path, map_location={"cpu": "cuda:1"} if gradlib.cuda.device_count() > 1 else "cuda:0")
        called = gradlib.load(path, map_location=lambda storage, location: storage.cuda(0))
    assert syncs.count == 0
    assert loaded["x"].device == gradlib.device("cuda:0") and loaded["t"].tolist() == x.t().tolist()  # the current GPU
    assert (loaded["x"] + gradlib.ones(2, 3, device="cuda:0")).tolist() == (x + 1).tolist()
    assert moved["t"].device == moved["x"].device and called["t"].device == gradlib.device("cuda:0")
    assert str(moved["x"].device) == ("cuda:1" if gradlib.cuda.device_count() > 1 else "cuda:0")
    loaded["x"][0, 1] = 50.0
    assert loaded["t"][1, 0].item() == 50.0
    count = gradlib.cuda.device_count()
    with pytest.raises(CheckpointError, match=f"on CUDA device {count} but gradlib.cuda.device_count\\(\\) is {count}"):
        gradlib.load(path, map_location=f"cuda:{count}")


def test_load_onto_cuda_without_cuda_refuses(tmp_path):
    if gradlib.cuda.is_available():
        pytest.skip("needs a machine without CUDA")
    path = tmp_path / "c.pt"
    path.write_bytes(v2(v2_tensor(0, [2], [1]), [8], devices={0: "cuda:0"}))
    with pytest.raises(CheckpointError, match="is_available\\(\\) is False.*map_location"):
        gradlib.load(path)
    assert gradlib.load(path, map_location="cpu").tolist() == [0.0, 0.0]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_mode_is_what_open_wb_gives(tmp_path):
    previous = os.umask(0o027)
    try:
        gradlib.save(gradlib.ones(2), tmp_path / "new.pt")
        assert stat.S_IMODE(os.stat(tmp_path / "new.pt").st_mode) == 0o640
        existing = tmp_path / "existing.pt"
        existing.write_bytes(b"old")
        os.chmod(existing, 0o600)
        gradlib.save(gradlib.ones(2), existing)
        assert stat.S_IMODE(os.stat(existing).st_mode) == 0o600
    finally:
        os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="POSIX symlinks")
def test_saving_through_a_symlink_replaces_its_target(tmp_path):
    target = tmp_path / "real.pt"
    gradlib.save(gradlib.zeros(1), target)
    link = tmp_path / "link.pt"
    link.symlink_to(target)
    gradlib.save(gradlib.ones(1), link)
    assert link.is_symlink() and gradlib.load(target).tolist() == [1.0]


_INTERRUPTED_SAVE = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    import gradlib, gradlib._checkpoint_io as io_module
    signum = getattr(signal, sys.argv[2])
    # Python's own SIGINT handler, even where the parent ignores SIGINT (a background job of a shell script, as
    # .ci/run's stand-in pass): a child inherits that and Python then keeps it ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    io_module.os.fsync = lambda fd: os.kill(os.getpid(), signum)  # the signal arrives mid-save
    gradlib.save({{"w": gradlib.zeros(1000)}}, sys.argv[1])
    print("saved")
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signame, returncode", [("SIGTERM", -signal.SIGTERM), ("SIGINT", -signal.SIGINT),
                                                 ("SIGKILL", -signal.SIGKILL)])
def test_interrupted_save_leaves_the_old_file_and_no_temporary(tmp_path, signame, returncode):
    path = tmp_path / "model.pt"
    gradlib.save({"w": gradlib.ones(2)}, path)
    script = _INTERRUPTED_SAVE.format(root=os.path.dirname(os.path.dirname(gradlib.__file__)))
    done = subprocess.run([sys.executable, "-c", script, str(path), signame], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == returncode, done.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert gradlib.load(path)["w"].tolist() == [1.0, 1.0]
    if signame == "SIGKILL":  # nothing can run on SIGKILL; the next save removes what it left
        assert len(names) == 2 and names[0].startswith(".model.pt.") and names[0].endswith(".gradlib-tmp")
        gradlib.save({"w": gradlib.zeros(2)}, path)
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]


def test_signal_handlers_are_restored_and_other_threads_save(tmp_path):
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    gradlib.save(gradlib.ones(2), tmp_path / "a.pt")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    errors = []

    def save_in_thread():
        try:
            gradlib.save(gradlib.ones(2), tmp_path / "b.pt")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=save_in_thread)
    thread.start()
    thread.join()
    assert errors == [] and gradlib.load(tmp_path / "b.pt").tolist() == [1.0, 1.0]


def test_a_live_saver_keeps_its_temporary(tmp_path):
    """Only temporaries of processes that are gone are removed: one of a live process (this one) stays."""
    from gradlib._checkpoint_io import _host
    live = tmp_path / f".model.pt.{_host()}-{os.getpid()}-0123abcd.gradlib-tmp"
    live.write_bytes(b"in progress")
    gradlib.save(gradlib.ones(2), tmp_path / "model.pt")
    assert live.exists()


def test_peak_memory_is_about_the_file_size(tmp_path):
    """Saving adds no copy of the data (CPU); loading allocates the data once."""
    state = {f"w{i}": gradlib.ones(256, 1024, device="cpu") for i in range(20)}  # 20 MiB
    path = tmp_path / "big.pt"
    tracemalloc.start()
    gradlib.save(state, path)
    save_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    loaded = gradlib.load(path)
    load_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = os.path.getsize(path)
    assert save_peak < 1_000_000 and load_peak < size * 1.05 + 1_000_000
    assert loaded["w3"].sum().item() == 256 * 1024


def test_header_bytes_are_checked_before_allocation(tmp_path):
    """A header describing 2**40 bytes of storage in a small file is refused without allocating them."""
    path = tmp_path / "huge.pt"
    path.write_bytes(pack({"version": 2, "storages": [{"nbytes": 2 ** 40, "device": "cpu"}],
                           "object": v2_tensor(0, [2 ** 38], [1])}, bytes(64)))
    with pytest.raises(CheckpointError, match="truncated or has trailing bytes"):
        gradlib.load(path)
