"""Adadelta, Adamax, NAdam, RAdam, LBFGS and the schedulers OneCycleLR, LinearLR, CosineAnnealingWarmRestarts,
SequentialLR, CyclicLR reproduce PyTorch's trajectories (tests/reference/optim_extra.py): the same MLP and CNN
from identical weights and data in float64, losses, learning rates, momenta and final parameters within 1e-8;
plus state_dict round trips and PyTorch's argument errors."""
import copy
import json
import pathlib

import pytest

import gradlib
from reference.optim_extra import RUNS, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_optim_extra.json").read_text())
NAMES = [f"{kind}/{name}" for name in RUNS for kind in ("mlp", "cnn")]


def _close(found, expected, tolerance=1e-8):
    if isinstance(expected, list):
        return len(found) == len(expected) and all(_close(f, e, tolerance) for f, e in zip(found, expected))
    return abs(found - expected) <= tolerance * max(1.0, abs(expected))


def test_every_run_is_recorded():
    assert sorted(RECORDED) == sorted(NAMES), "run: python tests/reference/record_torch.py optim_extra"


@pytest.mark.parametrize("name", NAMES)
def test_trajectory_matches_pytorch(name, device):
    kind, run_name = name.split("/")
    found = run(gradlib, run_name, kind)  # on the device under test: the default device (conftest)
    expected = RECORDED[name]
    for step, (f, e) in enumerate(zip(found["losses"], expected["losses"])):
        assert _close(f, e), f"step {step}: loss {f} != {e}"
    assert len(found["losses"]) == len(expected["losses"])
    assert _close(found["lrs"], expected["lrs"], 1e-12), f"lrs {found['lrs']} != {expected['lrs']}"
    assert _close(found["momenta"], expected["momenta"], 1e-12)
    for key in expected["params"]:
        assert _close(found["params"][key], expected["params"][key]), f"parameter {key}"
    for key in ("func_evals", "n_iter"):
        assert found.get(key) == expected.get(key)


@pytest.mark.parametrize("cls, options", [
    ("Adadelta", {}), ("Adamax", {}), ("NAdam", {}), ("RAdam", {"decoupled_weight_decay": True,
                                                                  "weight_decay": 0.1}), ("Rprop", {})])
def test_state_dict_round_trip(cls, options, device):
    def make():
        gradlib.manual_seed(0)
        w = gradlib.nn.Parameter(gradlib.randn(3, device=device, dtype=gradlib.float64))
        return w, getattr(gradlib.optim, cls)([w], lr=0.1, **options)

    w, optimizer = make()
    for _ in range(3):
        optimizer.zero_grad()
        (w ** 2).sum().backward()
        optimizer.step()
    saved = optimizer.state_dict()
    assert saved["param_groups"][0]["params"] == [0] and saved["state"][0]["step"] == 3
    other_w, other = make()
    with gradlib.no_grad():
        other_w.copy_(w)
    # a deep copy, as a checkpoint written to disk: like PyTorch's, state_dict() hands out the optimizer's own
    # state tensors and load_state_dict keeps them where their dtype and device already fit (tests/test_optim16.py)
    other.load_state_dict(copy.deepcopy(saved))
    for optimizer_, param in ((optimizer, w), (other, other_w)):
        optimizer_.zero_grad()
        (param ** 2).sum().backward()
        optimizer_.step()
    assert w.tolist() == other_w.tolist()


def test_lbfgs_state_and_errors(device):
    w = gradlib.nn.Parameter(gradlib.tensor([3.0, -2.0], dtype=gradlib.float64, device=device))
    optimizer = gradlib.optim.LBFGS([w], line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = ((w - 1) ** 2).sum() + (w[0] * w[1]) ** 2
        loss.backward()
        return loss

    first = optimizer.step(closure)
    assert first.item() == pytest.approx(4.0 + 9.0 + 36.0)
    state = optimizer.state[w]
    assert state["n_iter"] >= 1 and state["func_evals"] >= 2 and len(state["old_dirs"]) <= 100
    with pytest.raises(ValueError, match="^LBFGS doesn't support per-parameter options \\(parameter groups\\)$"):
        gradlib.optim.LBFGS([{"params": [w]}, {"params": [gradlib.nn.Parameter(gradlib.ones(1))]}])
    bad = gradlib.optim.LBFGS([w], line_search_fn="armijo")
    with pytest.raises(RuntimeError, match="^only 'strong_wolfe' is supported$"):
        w.data.add_(1.0)
        bad.step(closure)


@pytest.mark.parametrize("make, message", [
    (lambda p: gradlib.optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5"),
    (lambda p: gradlib.optim.Adamax(p, betas=(1.0, 0.9)), "Invalid beta parameter at index 0: 1.0"),
    (lambda p: gradlib.optim.NAdam(p, momentum_decay=-1), "Invalid momentum_decay value: -1"),
    (lambda p: gradlib.optim.RAdam(p, lr=-1), "Invalid learning rate: -1"),
    (lambda p: gradlib.optim.Rprop(p, etas=(0.5, 1.0)), "Invalid eta values: 0.5, 1.0"),
    (lambda p: gradlib.optim.lr_scheduler.LinearLR(gradlib.optim.SGD(p, lr=1), start_factor=0),
     "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."),
    (lambda p: gradlib.optim.lr_scheduler.CosineAnnealingWarmRestarts(gradlib.optim.SGD(p, lr=1), T_0=0),
     "Expected positive integer T_0, but got 0"),
    (lambda p: gradlib.optim.lr_scheduler.OneCycleLR(gradlib.optim.SGD(p, lr=1), 1.0),
     "You must define either total_steps OR (epochs AND steps_per_epoch)"),
    (lambda p: gradlib.optim.lr_scheduler.CyclicLR(gradlib.optim.Adagrad(p), 0.1, 1.0),
     "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"),
    (lambda p: gradlib.optim.lr_scheduler.SequentialLR(
        gradlib.optim.SGD(p, lr=1), [gradlib.optim.lr_scheduler.StepLR(gradlib.optim.SGD(p, lr=1), 2)], [3]),
     "SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler StepLR at index 0 "
     "has SGD ("),
])
def test_errors_are_pytorchs(make, message):
    with pytest.raises(ValueError) as caught:
        make([gradlib.nn.Parameter(gradlib.ones(1))])
    assert str(caught.value).startswith(message)


def test_onecycle_refuses_steps_past_the_end():
    optimizer = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(1))], lr=1.0, momentum=0.9)
    scheduler = gradlib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=2)
    optimizer.step()  # scheduler steps after the optimizer's (PyTorch warns otherwise)
    scheduler.step()
    scheduler.step()
    with pytest.raises(ValueError, match="^Tried to step 3 times. The specified number of total steps is 2$"):
        scheduler.step()


def test_sequential_state_dict_round_trip():
    def make():
        optimizer = gradlib.optim.SGD([gradlib.nn.Parameter(gradlib.zeros(1))], lr=1.0)
        schedulers = gradlib.optim.lr_scheduler
        return schedulers.SequentialLR(optimizer, [schedulers.LinearLR(optimizer, 0.5, total_iters=2),
                                                   schedulers.ExponentialLR(optimizer, 0.5)], milestones=[2])

    first = make()
    first.optimizer.step()  # scheduler steps after the optimizer's (PyTorch warns otherwise)
    for _ in range(3):
        first.step()
    second = make()
    second.load_state_dict(first.state_dict())
    first.step()
    second.step()
    assert second.get_last_lr() == first.get_last_lr() == [0.25]
