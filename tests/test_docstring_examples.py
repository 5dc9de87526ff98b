"""PyTorch's own docstring examples run under gradlib and print what PyTorch printed for them (issue 15).

The blocks and PyTorch's output are in tests/reference/torch_docstring_examples.json (harvested by
tools/docstring_examples.py, recorded by tests/reference/docstring_examples.py); each block runs with ``torch``
mapped to gradlib by the runner's import hook (tests/docstring_examples_harness.py) on the device under test, and
its output is compared as tests/test_programs.py compares a program's: random lines by shape, the others as text
with numbers close. The blocks that still fail are listed in WAITING with the reason; the mark is strict, so a
block that starts passing must leave the list. docs/docstring_examples.md has the table per area.
"""
import importlib
import json
import os
import pathlib
import re

import pytest

import gradlib
import gradlib.run
from device_text import without_device_suffix
from docstring_examples_harness import reset, run_block
from docstring_examples_waiting import WAITING
from test_programs import ADDRESS, NUMBER, _join_wrapped, _on_cpu_terms, line_matches_recorded, lines_match

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_docstring_examples.json").read_text())
#: blocks that take over a second on one CPU core (large convolutions and transformers): kept out of the suite's
#: time budget, run with GRADLIB_SLOW_DOCSTRING_EXAMPLES=1 and by tools/docstring_examples.py
SLOW = {"nn:torch.nn.Transformer", "nn:torch.nn.TransformerDecoder", "nn:torch.nn.TransformerEncoder",
        "nn:torch.nn.TransformerDecoderLayer", "nn:torch.nn.TransformerEncoderLayer", "nn:torch.nn.Conv3d",
        "nn.functional:torch.nn.functional.conv3d", "nn:torch.nn.InstanceNorm3d", "nn:torch.nn.MaxPool3d",
        "nn:torch.nn.ConvTranspose2d", "nn:torch.nn.AvgPool3d"}
#: printed values that are rounding noise: an exact zero computed in floating point, whose last bits depend on the
#: LAPACK build and the CPU (the smallest singular value of a singular matrix). Compared by shape, as random lines.
ROUNDING_NOISE = {"linalg:torch.linalg.norm": ("tensor(1.8570e-16, dtype=torch.float64)",)}
RUN_SLOW = os.environ.get("GRADLIB_SLOW_DOCSTRING_EXAMPLES") == "1"
#: blocks that PyTorch's docs write for the CPU (NumPy interop, CPU generators, legacy constructors, which make
#: CPU tensors): run on the CPU only; so are the packed-sequence blocks, whose lengths and batch sizes PyTorch
#: keeps on the CPU (a lengths tensor made on a GPU default device is refused there too)
CPU_ONLY = ("numpy", "from_numpy", ".numpy()", "Generator(", "tolist", "FloatTensor(", "LongTensor(")
CPU_ONLY_AREAS = ("nn.utils.rnn",)


def compare(printed, recorded):
    """None when ``printed`` (text) matches the recorded lines, else what differs first.

    Line by line first. Where that fails and the block prints random numbers, their values can change more than a
    line's shape (a bincount's length, a mask's True/False, fixed or scientific notation and so where a tensor
    wraps): then the whole texts must agree with every number, True and False read as one token and runs of them
    as one, and each line that PyTorch printed the same under every seed must be printed, in order, as PyTorch
    printed it."""
    lines = _join_wrapped(printed.splitlines())
    expected = _join_wrapped(recorded, prefixed=True)
    problem = None
    for number, (line, want) in enumerate(zip(lines, expected), start=1):
        if not line_matches_recorded(line, want):
            problem = f"line {number}: {line.strip()[:70]!r} where PyTorch prints {want[2:].strip()[:70]!r}"
            break
    if problem is None and len(lines) != len(expected):
        problem = f"{len(lines)} lines where PyTorch prints {len(expected)}"
    if problem is None or not any(want.startswith("~ ") for want in expected):
        return problem
    if _loose(printed.replace("gradlib.", "torch.")) != _loose("\n".join(want[2:] for want in recorded)):
        return problem
    fixed = iter(line.replace("gradlib.", "torch.") for line in lines)
    for want in expected:
        if want.startswith("  ") and not any(lines_match(line, want[2:]) for line in fixed):
            return problem
    return None


#: a complex number as the printer writes it (``-2.3075+1.3909j``, ``0.+1.j``): one token, so a random complex
#: value's signs are values too
_REAL = r"(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|inf|nan"
_COMPLEX = rf"(?<![A-Za-z_.])[-+]?(?:{_REAL})[-+](?:{_REAL})j(?![A-Za-z_\d])"
_TOKEN = re.compile(rf"{_COMPLEX}|{NUMBER.pattern}|\bTrue\b|\bFalse\b")


def _loose(text):
    text = re.sub(r"\s+", "", _TOKEN.sub("N", ADDRESS.sub("0x", text)))
    return re.sub(r"N(,N)+", "N+", text)


def test_compare_can_fail():
    assert compare("tensor([1., 2.])\n", ["  tensor([1., 2.])"]) is None
    assert compare("tensor([1., 5.])\n", ["  tensor([1., 2.])"]).startswith("line 1")
    assert compare("tensor([0.5, 0.25])\n", ["~ tensor([0.1, 0.75])"]) is None
    assert compare("", ["  tensor(1.)"]) == "0 lines where PyTorch prints 1"
    # random values may change a line's shape, never the text around them or the lines that are not random
    assert compare("tensor([2, 0])\ntensor(True)\n3\n", ["~ tensor([0, 1, 1])", "~ tensor(False)", "  3"]) is None
    # a random complex value is one token whatever its signs
    assert compare("tensor([[0.1778+0.0000j, 0.0741-0.1815j]])\n",
                   ["~ tensor([[ 2.1793+0.0000j, -2.3075+1.3909j]])"]) is None
    assert compare("tensor([2, 0])\ntensor(True)\n7\n", ["~ tensor([0, 1, 1])", "~ tensor(False)", "  3"])
    assert compare("tensor([2, 0])\nTrue\n3\n", ["~ tensor([0, 1, 1])", "~ tensor(False)", "  3"])


def test_rounding_noise_names_recorded_lines():
    for key, lines in ROUNDING_NOISE.items():
        assert set(lines) <= {line[2:] for line in RECORDED[key]["printed"]}, key


def test_every_waiting_block_is_recorded():
    assert sorted(set(WAITING) - set(RECORDED)) == []


def test_every_slow_block_is_recorded():
    assert sorted(SLOW - set(RECORDED)) == []


def _params():
    for key in sorted(RECORDED):
        marks = [pytest.mark.xfail(reason=WAITING[key], strict=True)] if key in WAITING else []
        if key in SLOW and not RUN_SLOW:
            marks.append(pytest.mark.skip(reason="over a second: GRADLIB_SLOW_DOCSTRING_EXAMPLES=1 runs it"))
        yield pytest.param(key, marks=marks, id=key)


@pytest.fixture(scope="module")
def importer():
    was_installed = gradlib.run._FINDER in __import__("sys").meta_path
    gradlib.run.install()
    yield importlib.import_module
    if not was_installed:
        gradlib.run.uninstall()


@pytest.mark.parametrize("key", _params())
def test_docstring_example_prints_what_pytorch_prints(key, device, importer):
    block = RECORDED[key]
    source = "".join(example["source"] for example in block["examples"])
    if device != "cpu" and (any(word in source for word in CPU_ONLY) or block["area"] in CPU_ONLY_AREAS):
        pytest.skip("written for CPU tensors (NumPy interop, a CPU generator, host lists, legacy constructors, "
                    "packed-sequence lengths)")
    gradlib.manual_seed(0)
    try:
        printed = run_block(importer, block["area"], block["examples"])
    finally:
        reset(gradlib, device)
    recorded = [("~ " + line[2:]) if line[2:] in ROUNDING_NOISE.get(key, ()) else line for line in block["printed"]]
    problem = compare(_on_cpu_terms(without_device_suffix(printed, device), device), recorded)
    assert problem is None, problem
