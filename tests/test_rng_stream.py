"""gradlib's CPU random stream is PyTorch's, bit for bit (tests/reference/rng.py records PyTorch 2.13's draws in
torch_rng.json): every factory and in-place fill, several seeds, sizes and dtypes; mixed sequences of draws;
module initialization, shuffled DataLoader epochs, dropout and sampling; generator states that move between the
two libraries. On other devices (CuPy's stream, not PyTorch's) the same programs give the same shapes and
dtypes, and the same numbers again after the same seed."""
import json
import pathlib
import time

import numpy as np
import pytest

import gradlib
from reference import rng as cases

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_rng.json").read_text())


def _layout(observed):
    """What must agree on every device: dtypes and shapes (the values are PyTorch's on the CPU only)."""
    if isinstance(observed, dict):
        return {key: observed[key] for key in ("dtype", "shape") if key in observed}
    if isinstance(observed, list):
        return [_layout(item) for item in observed]
    return type(observed).__name__


def _check(device, observed, expected, again):
    if gradlib.device(device).type == "cpu":
        assert observed == expected
    else:
        assert _layout(observed) == _layout(expected)
        assert observed == again  # the same seed, the same numbers


@pytest.mark.parametrize("name", cases.draw_cases())
def test_draws_match_pytorch(device, name):
    observed = cases.observe_draw(gradlib, device, name)
    again = cases.observe_draw(gradlib, device, name)
    _check(device, observed, RECORDED["draws"][name], again)


@pytest.mark.parametrize("name", sorted(cases.PROGRAMS))
def test_programs_of_draws_match_pytorch(device, name):
    if name in ("samplers", "generator") and gradlib.device(device).type != "cpu":
        pytest.skip("host-side samplers and CPU generators: the CPU stream only")
    observed = json.loads(json.dumps(cases.observe_program(gradlib, device, name)))  # tuples as lists
    again = json.loads(json.dumps(cases.observe_program(gradlib, device, name)))
    _check(device, observed, RECORDED["programs"][name], again)
