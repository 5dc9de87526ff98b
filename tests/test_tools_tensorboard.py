"""torch.utils.tensorboard.SummaryWriter on gradlib: the event files it writes are read back by tensorboard's own
EventAccumulator (scalars, sub-runs of add_scalars, histograms, images, text, hparams)."""
import os
import struct
import subprocess
import sys
import zlib

import pytest

import gradlib

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402

from gradlib.utils.tensorboard import SummaryWriter  # noqa: E402


def _read(path):
    accumulator = EventAccumulator(str(path), size_guidance={"images": 0, "histograms": 0, "scalars": 0})
    accumulator.Reload()
    return accumulator


def test_scalars_histograms_images_text_read_back(tmp_path, device):
    writer = SummaryWriter(str(tmp_path))
    for step in range(3):
        writer.add_scalar("Loss/train", gradlib.tensor(1.0 / (step + 1), device=device), step)
        writer.add_scalar("lr", 0.1 * step, step)
    writer.add_scalars("run", {"a": gradlib.tensor(1.5, device=device), "b": 2.5}, 7)
    values = gradlib.arange(100, dtype=gradlib.float32, device=device) / 10
    writer.add_histogram("weights", values, 0)
    writer.add_histogram("weights_auto", values, 1, bins="auto")
    image = gradlib.zeros(3, 4, 5, device=device)
    image[0, 1, 2] = 1.0
    writer.add_image("img", image, 0)
    writer.add_images("batch", gradlib.ones(2, 1, 4, 5, device=device), 0)
    writer.add_text("notes", "hello **world**", 2)
    writer.flush()
    writer.close()
    run = _read(tmp_path)
    assert [(e.step, round(e.value, 6)) for e in run.Scalars("Loss/train")] == [(0, 1.0), (1, 0.5), (2, 0.333333)]
    assert [round(e.value, 6) for e in run.Scalars("lr")] == [0.0, 0.1, 0.2]
    histogram = run.Histograms("weights")[0].histogram_value
    assert (histogram.num, histogram.min, histogram.max) == (100, 0.0, pytest.approx(9.9))
    assert histogram.sum == pytest.approx(495.0) and sum(histogram.bucket) == 100
    assert sum(run.Histograms("weights_auto")[0].histogram_value.bucket) == 100
    picture = run.Images("img")[0]
    assert (picture.width, picture.height) == (5, 4)
    pixels = _png_pixels(picture.encoded_image_string)
    assert pixels[1][2 * 3:2 * 3 + 3] == bytes([255, 0, 0]) and pixels[0][:3] == bytes([0, 0, 0])
    assert (run.Images("batch")[0].width, run.Images("batch")[0].height) == (10, 4)
    text = run.Tensors("notes/text_summary")[0]
    assert text.step == 2 and text.tensor_proto.string_val == [b"hello **world**"]
    for key, value in (("a", 1.5), ("b", 2.5)):
        sub = _read(tmp_path / f"run_{key}")
        assert [(e.step, e.value) for e in sub.Scalars("run")] == [(7, value)]


def _png_pixels(data):
    """The rows of an RGB PNG written with filter 0 (what gradlib writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width = 8, b"", None
    while position < len(data):
        length, = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, = struct.unpack(">I", body[:4])
        if kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 3 * width
    return [raw[row * stride + 1:(row + 1) * stride] for row in range(len(raw) // stride)]


def test_hparams_and_errors(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.1, "bsize": 4, "optim": "sgd"}, {"hparam/accuracy": 0.9}, run_name="trial")
    run = _read(tmp_path / "trial")
    assert run.Scalars("hparam/accuracy")[0].value == pytest.approx(0.9)
    assert set(run.summary_metadata) >= {"_hparams_/experiment", "_hparams_/session_start_info",
                                         "_hparams_/session_end_info"}
    writer = SummaryWriter(str(tmp_path / "e"))
    with pytest.raises(TypeError, match="hparam_dict and metric_dict should be dictionary."):
        writer.add_hparams([("lr", 0.1)], {})
    with pytest.raises(ValueError, match="value should be one of int, float, str, bool, or torch.Tensor"):
        writer.add_hparams({"lr": [0.1]}, {})
    with pytest.raises(AssertionError, match="size of input tensor and input format are different"):
        writer.add_image("x", gradlib.zeros(4, 5), 0)
    with pytest.raises(AssertionError, match="Tensor should contain one element"):
        writer.add_scalar("x", gradlib.zeros(2), 0)
    writer.close()


def test_default_log_dir_is_under_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    writer = SummaryWriter(comment="_lr0.1")
    assert writer.get_logdir().startswith("runs" + os.sep) and writer.get_logdir().endswith("_lr0.1")
    writer.close()
    assert len(os.listdir(writer.get_logdir())) == 1


def test_missing_tensorboard_raises_pytorchs_error():
    code = ("import sys; sys.modules['tensorboard'] = None\n"
            "try:\n    import gradlib.utils.tensorboard\n"
            "except ImportError as error:\n    print(type(error).__name__, error)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ModuleNotFoundError import of tensorboard halted; None in sys.modules"
