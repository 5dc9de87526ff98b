"""The APIs the p55–p69 tutorial programs needed print what PyTorch printed for the same snippet (recorded by
tests/reference/progs5a.py into torch_progs5a.json), on the device under test; and a whole module of a program's
own class saved and loaded back (``torch.save(model, path)`` / ``torch.load(path, weights_only=False)``)."""
import io
import json
import pathlib
import pickle

import pytest

import gradlib
from device_text import without_device_suffix
from gradlib.serialization import CheckpointError
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs5a.json").read_text())


def _run(snippet):
    return run_snippet(gradlib, snippet)


def test_there_are_snippets():
    assert len(RECORDED) >= 30


@pytest.mark.parametrize("snippet", list(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(_run(snippet), device)  # the snippets run on the default device
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


class TinyNet(gradlib.nn.Module):
    """A program's own module class (pickled by reference to this test module)."""

    def __init__(self):
        super().__init__()
        self.body = gradlib.nn.Sequential(gradlib.nn.Linear(3, 4), gradlib.nn.ReLU())
        self.head = gradlib.nn.Linear(4, 2)
        self.register_buffer("steps", gradlib.tensor(7))

    def forward(self, x):
        return self.head(self.body(x))


def test_a_whole_module_saves_and_loads_with_weights_only_false(tmp_path, device):
    gradlib.manual_seed(0)
    model = TinyNet().to(device)
    model.tied = model.head.weight  # one tensor reached twice: loaded as one object again
    path = tmp_path / "model.pth"
    gradlib.save(model, path)
    loaded = gradlib.load(path, weights_only=False)
    assert type(loaded) is TinyNet and loaded is not model
    assert loaded.tied is loaded.head.weight
    assert isinstance(loaded.head.weight, gradlib.nn.Parameter) and loaded.head.weight.requires_grad
    assert loaded.steps.item() == 7 and loaded.head.weight.device == model.head.weight.device
    x = gradlib.randn(5, 3, device=device)
    assert gradlib.equal(loaded(x), model(x))
    on_cpu = gradlib.load(path, weights_only=False, map_location="cpu")
    assert on_cpu.head.bias.device == gradlib.device("cpu")


def test_a_pickled_module_is_refused_by_default_and_its_tensors_are_checked(tmp_path):
    path = tmp_path / "model.pth"
    gradlib.save(TinyNet(), path)
    for weights_only in (True, None):
        with pytest.raises(CheckpointError, match="Weights only load failed") as caught:
            gradlib.load(path, weights_only=weights_only)
        assert isinstance(caught.value, pickle.UnpicklingError)
    truncated = tmp_path / "truncated.pth"
    truncated.write_bytes(path.read_bytes()[:-3])  # the tensors' checkpoint after the pickle is cut short
    with pytest.raises(CheckpointError, match="truncated"):
        gradlib.load(truncated, weights_only=False)


def test_state_dicts_still_use_the_format_that_never_unpickles():
    buffer = io.BytesIO()
    gradlib.save(TinyNet().state_dict(), buffer)
    assert buffer.getvalue().startswith(b"GRADLIB1")
    buffer.seek(0)
    assert sorted(gradlib.load(buffer)) == sorted(TinyNet().state_dict())  # weights_only=True reads it


def test_type_as_takes_the_other_tensors_device_and_dtype(device):
    """PyTorch's ``self.to(other.options())``: the translation tutorial's ``torch.ones(1, 1).type_as(src.data)``
    puts the new token on ``src``'s device."""
    other = gradlib.tensor([1, 2], device=device)
    moved = gradlib.ones(1, 1, device="cpu").type_as(other)
    assert moved.device == other.device and moved.dtype == gradlib.int64
    same = gradlib.tensor([3], device=device)
    assert same.type_as(other) is same
