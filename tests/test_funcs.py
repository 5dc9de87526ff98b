"""torch.func, torch.testing, torch.autograd.forward_ad and torch.distributions snippets print what PyTorch
printed (recorded by tests/reference/funcs.py into torch_funcs.json), on the device under test; and the
transforms' values agree with gradlib's own autograd where no recording is needed."""
import contextlib
import io
import json
import pathlib
import sys

import pytest

import gradlib
import gradlib.run
from device_text import without_device_suffix

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_funcs.json").read_text())
SNIPPETS = RECORDED["snippets"]


def _run(snippet):
    output = io.StringIO()
    was_installed = gradlib.run._FINDER in sys.meta_path
    gradlib.run.install()  # `from torch.func import vmap` as the runner maps it
    with contextlib.redirect_stdout(output):
        try:
            exec(snippet, {"torch": gradlib})
        except Exception as error:  # the snippet's printed error is what is compared
            print(f"{type(error).__name__}: {error}")
        finally:
            if not was_installed:
                gradlib.run.uninstall()
    return output.getvalue()


def test_there_are_snippets():
    assert len(SNIPPETS) >= 100


@pytest.mark.parametrize("snippet", sorted(SNIPPETS), ids=range(len(SNIPPETS)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    printed = without_device_suffix(_run(snippet), device)  # the snippets run on the default device
    expected = SNIPPETS[snippet].replace("<class 'torch.Tensor'>", "<class 'gradlib._tensor.Tensor'>")
    expected = expected.replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected
