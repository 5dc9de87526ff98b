"""ChainedScheduler and schedulers stepped back to back reproduce PyTorch's trajectories
(tests/reference/chained_schedulers.py): every scheduler's step() applies PyTorch's chainable form to the lr the
others left. Losses and final parameters within 1e-8, learning rates within 1e-12, and PyTorch's errors."""
import json
import pathlib

import pytest

import gradlib
from reference.chained_schedulers import RUNS, errors, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_chained_schedulers.json").read_text())


def _close(found, expected, tolerance):
    if isinstance(expected, list):
        return len(found) == len(expected) and all(_close(f, e, tolerance) for f, e in zip(found, expected))
    return abs(found - expected) <= tolerance * max(1.0, abs(expected))


def test_every_run_is_recorded():
    assert sorted(RECORDED["runs"]) == sorted(RUNS), "run: python tests/reference/record_torch.py chained_schedulers"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_trajectory_matches_pytorch(name, device):
    found = run(gradlib, name)  # on the device under test: the default device (conftest)
    expected = RECORDED["runs"][name]
    assert _close(found["lrs"], expected["lrs"], 1e-12), f"lrs {found['lrs']} != {expected['lrs']}"
    assert _close(found["losses"], expected["losses"], 1e-8)
    for key in expected["params"]:
        assert _close(found["params"][key], expected["params"][key], 1e-8), f"parameter {key}"


def test_errors_are_pytorchs():
    assert errors(gradlib) == RECORDED["errors"]


def test_state_dict_round_trip_continues_the_chain(device):
    s = gradlib.optim.lr_scheduler

    def make():
        optimizer = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(2))], lr=1.0)
        chained = s.ChainedScheduler([s.ConstantLR(optimizer, factor=0.5, total_iters=3),
                                      s.ExponentialLR(optimizer, gamma=0.8)])
        return optimizer, chained

    optimizer, chained = make()
    for _ in range(2):
        optimizer.step()
        chained.step()
    state, optimizer_state = chained.state_dict(), optimizer.state_dict()
    assert sorted(state) == ["_last_lr", "_schedulers"]
    expected = []
    for _ in range(3):
        optimizer.step()
        chained.step()
        expected.append(chained.get_last_lr()[0])
    resumed_optimizer, resumed = make()
    resumed_optimizer.load_state_dict(optimizer_state)
    resumed.load_state_dict(state)
    found = []
    for _ in range(3):
        resumed_optimizer.step()
        resumed.step()
        found.append(resumed.get_last_lr()[0])
    assert found == expected
    assert expected == pytest.approx([1.0 * 0.8 ** 3, 0.8 ** 4, 0.8 ** 5])
