"""Every seed tutorial runs with gradlib and prints what PyTorch prints (recorded in tests/reference/seeds/).

Lines that depend on random numbers (marked '~ ' in the recording) must have the same shape: the same text
with every number replaced; all other lines must match character for character (object addresses aside).
"""
import contextlib
import io
import pathlib
import re
import runpy

import pytest

from device_text import device_name, without_device_suffix

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples" / "seeds").glob("seed_*.py"))
NUMBER = re.compile(r"-?\d+(\.\d*)?(e[+-]\d+)?")
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def _shape_of(line):
    return re.sub(r"\s+", "", NUMBER.sub("<n>", ADDRESS.sub("<addr>", line)))


def _run(script):
    """(printed lines, the script's globals)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        namespace = runpy.run_path(str(script), run_name="__main__")
    return output.getvalue().splitlines(), namespace


def test_all_five_seeds_have_scripts():
    assert len(SCRIPTS) == 5


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_seed_prints_what_pytorch_prints(script, device):
    import gradlib
    gradlib.manual_seed(0)
    recorded = (ROOT / "tests" / "reference" / "seeds" / (script.stem + ".txt")).read_text().splitlines()
    printed, namespace = _run(script)
    # The scripts make their tensors on the default device, which the device under test sets (conftest.py).
    tensors = [value for value in namespace.values() if isinstance(value, gradlib.Tensor)]
    assert tensors and {str(t.device) for t in tensors} == {device_name(device)}
    printed = without_device_suffix("\n".join(printed), device).splitlines()
    assert len(printed) == len(recorded)
    for number, (line, expected) in enumerate(zip(printed, recorded), start=1):
        random_line = expected.startswith("~ ")
        expected = expected[2:].replace("torch.", "gradlib.")
        if random_line:
            assert _shape_of(line) == _shape_of(expected), f"line {number}"
        else:
            assert ADDRESS.sub("<addr>", line) == ADDRESS.sub("<addr>", expected), f"line {number}"
