"""The ``__torch_function__`` protocol (gradlib/_torch_function.py, gradlib/overrides.py, Tensor subclasses):
snippets print what PyTorch printed (recorded by tests/reference/torch_function.py into
torch_torch_function.json), on the device under test; and the protocol costs the eager hot path nothing until it
is live."""
import json
import pathlib
import subprocess
import sys
import warnings

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet
from reference.torch_function import SNIPPETS

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" /
                       "torch_torch_function.json").read_text())


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(SNIPPETS)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    assert printed == expected
