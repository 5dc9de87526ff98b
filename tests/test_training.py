"""Training with nn + optim reproduces PyTorch: the same MLP and CNN from identical weights and data, 20 steps
of each optimizer (with schedulers for some) in float64, losses and final parameters within 1e-8."""
import json
import pathlib

import pytest

import gradlib
from reference.training import OPTIMIZERS, train

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_training.json").read_text())
RUNS = [f"{kind}/{name}" for kind in ("mlp", "cnn") for name in OPTIMIZERS]


def _close(found, expected, tolerance=1e-8):
    if isinstance(expected, list):
        return len(found) == len(expected) and all(_close(f, e, tolerance) for f, e in zip(found, expected))
    return abs(found - expected) <= tolerance * max(1.0, abs(expected))


@pytest.mark.parametrize("run", RUNS)
def test_training_matches_pytorch(run, device):
    kind, name = run.split("/")
    found = train(gradlib, kind, name)
    expected = RECORDED[run]
    for step, (f, e) in enumerate(zip(found["losses"], expected["losses"])):
        assert _close(f, e), f"step {step}: loss {f} != {e}"
    for key in expected["params"]:
        assert _close(found["params"][key], expected["params"][key]), f"parameter {key}"
