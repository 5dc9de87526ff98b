"""Checkpointing and module/optimizer hooks print what PyTorch printed for the same snippet (recorded by
tests/reference/fix6b.py into torch_fix6b.json), on the device under test."""
import json
import pathlib
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.fix6b import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_fix6b.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and "numpy()" in snippet:
        pytest.skip("numpy() of a tensor made on the default device: the CPU's (a CUDA tensor is refused)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected
