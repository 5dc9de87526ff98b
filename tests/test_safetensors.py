"""gradlib.utils.safetensors: the file PyTorch wrote loads with PyTorch's outputs; round trips on each device;
files exchanged with safetensors.numpy; safetensors.torch's refusals (shared memory, non-contiguous)."""
import json
import pathlib
import struct
import sys

import numpy
import pytest

import gradlib
from gradlib.utils import safetensors as gst

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from device_text import device_name  # noqa: E402
from reference.checkpoints import FILES, outputs_of  # noqa: E402

REFERENCE = pathlib.Path(__file__).resolve().parent / "reference"


def test_missing_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "safetensors", None)
    monkeypatch.setitem(sys.modules, "safetensors.numpy", None)
    with pytest.raises(ImportError, match=r"pip install 'gradlib\[safetensors\]'"):
        gst.save({"x": gradlib.zeros(1)})


safetensors_numpy = pytest.importorskip("safetensors.numpy", reason="the safetensors extra is not installed")


def test_file_written_by_pytorch_gives_pytorchs_outputs(device):
    state = gst.load_file(REFERENCE / FILES["safetensors"], device=device)
    from_pt = gradlib.load(REFERENCE / FILES["zip"])
    assert sorted(state) == sorted(from_pt)
    for key, value in state.items():
        assert str(value.device) == device_name(device) and value.dtype is from_pt[key].dtype
        assert value.cpu().tolist() == from_pt[key].tolist()
    output = outputs_of(gradlib, state, device)
    expected = json.loads((REFERENCE / FILES["outputs"]).read_text())["output"]
    numpy.testing.assert_allclose(output.cpu().numpy(), expected, rtol=0, atol=1e-6)


def _sample(device):
    return {"w": gradlib.randn(3, 4, device=device), "h": gradlib.tensor([0.5, -1.], dtype=gradlib.float16,
                                                                       device=device),
            "n": gradlib.tensor(7, device=device), "b": gradlib.tensor([True, False], device=device),
            "u": gradlib.tensor([255, 0], dtype=gradlib.uint8, device=device),
            "e": gradlib.zeros(0, 3, dtype=gradlib.int64, device=device)}


def test_round_trip_on_the_device(device, tmp_path):
    tensors = _sample(device)
    path = tmp_path / "t.safetensors"
    gst.save_file(tensors, path, metadata={"format": "pt"})
    for loaded in (gst.load_file(path, device=device), gst.load(gst.save(tensors))):
        assert sorted(loaded) == sorted(tensors)
        for key, value in tensors.items():
            assert loaded[key].dtype is value.dtype and loaded[key].shape == value.shape
            assert loaded[key].cpu().tolist() == value.cpu().tolist()
    on_device = gst.load_file(path, device=device)
    assert all(str(value.device) == device_name(device) for value in on_device.values())
    on_device["w"].add_(1)  # writable, as PyTorch's loaded tensors are


def test_files_exchanged_with_safetensors_numpy(tmp_path):
    path = tmp_path / "g.safetensors"
    tensors = _sample("cpu")
    gst.save_file(tensors, path)
    arrays = safetensors_numpy.load_file(str(path))
    for key, value in tensors.items():
        numpy.testing.assert_array_equal(arrays[key], value.numpy())
    safetensors_numpy.save_file({"a": numpy.arange(6, dtype=numpy.int32).reshape(2, 3)}, str(path))
    assert gst.load_file(path)["a"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_shared_and_non_contiguous_tensors_are_refused_as_safetensors_torch_refuses(device):
    base = gradlib.zeros(4, device=device)
    with pytest.raises(RuntimeError, match=r"Some tensors share memory.*\[\{'[ab]', '[ab]'\}\]"):
        gst.save({"a": base, "b": base[:2]})
    assert len(gst.save({"a": base[:2], "b": base[2:]})) > 0  # disjoint slices of one storage are fine
    with pytest.raises(ValueError, match="non contiguous tensor: `t`"):
        gst.save({"t": gradlib.zeros(2, 3, device=device).t()})
    with pytest.raises(ValueError, match="expected gradlib.Tensor"):
        gst.save({"x": numpy.zeros(2)})


def _raw_file(dtype, shape, data):
    header = json.dumps({"x": {"dtype": dtype, "shape": shape, "data_offsets": [0, len(data)]}}).encode()
    return struct.pack("<Q", len(header)) + header + data


def test_dtypes_gradlib_lacks_are_refused_by_name(tmp_path):
    path = tmp_path / "c64.safetensors"
    path.write_bytes(_raw_file("C64", [2], b"\0" * 16))
    with pytest.raises(TypeError, match="'x' is complex64, which gradlib has no dtype for"):
        gst.load_file(path)
    path = tmp_path / "bf16.safetensors"  # bfloat16 is stored with the bfloat16 extra (ml_dtypes)
    path.write_bytes(_raw_file("BF16", [2], b"\0\x3f\x80\xbf"))
    assert gst.load_file(path)["x"].tolist() == [0.5, -1.0] and gst.load(path.read_bytes())["x"].dtype is \
        gradlib.bfloat16
    with pytest.raises(TypeError, match="gradlib has no dtype"):
        gst.load(_raw_file("U16", [2], b"\0" * 4))


def test_save_model_keeps_tied_weights_once(device, tmp_path):
    def model():
        net = gradlib.nn.Sequential(gradlib.nn.Linear(3, 3), gradlib.nn.Linear(3, 3)).to(device)
        net[1].weight = net[0].weight
        return net
    source, target = model(), model()
    path = tmp_path / "tied.safetensors"
    with pytest.raises(RuntimeError, match="share memory"):
        gst.save_file(source.state_dict(), path)
    gst.save_model(source, path)
    assert sorted(gst.load_file(path)) == ["0.bias", "0.weight", "1.bias"]
    missing, unexpected = gst.load_model(target, path, device=device)
    assert (missing, unexpected) == (set(), [])
    assert target[1].weight is target[0].weight
    assert target[0].weight.tolist() == source[0].weight.tolist()
