"""cross_entropy and nll_loss skip ignored targets as PyTorch's kernels do: a row whose target is ignored adds
nothing to the loss and gets a zero gradient even where its log-probabilities are -inf (masked logits), so the
loss stays finite (tests/reference/cross_entropy_edges.py, recorded in torch_cross_entropy_edges.json). The
replayed step (gradlib.graphs, whose CPU records are the lean nll_loss closures) gives eager mode's bits."""
import json
import math
import pathlib

import numpy as np
import pytest

import gradlib
from reference.cross_entropy_edges import CASES, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_cross_entropy_edges.json").read_text())
F = gradlib.nn.functional


def _flat(values):
    if isinstance(values, list):
        return [item for value in values for item in _flat(value)]
    return [values]


def _close(found, expected, tolerance):
    found, expected = _flat(found), _flat(expected)
    assert len(found) == len(expected)
    for f, e in zip(found, expected):
        assert not math.isnan(f) and not math.isnan(e)
        assert abs(f - e) <= tolerance * max(1.0, abs(e)), (f, e)


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py cross_entropy_edges"


@pytest.mark.parametrize("dtype, tolerance", [("float64", 1e-12), ("float32", 2e-6)])
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_pytorch(name, dtype, tolerance, device):
    found = run(gradlib, name, dtype)  # on the device under test: the default device (conftest)
    _close(found["loss"], RECORDED[name]["loss"], tolerance)
    _close(found["grad"], RECORDED[name]["grad"], tolerance)


def test_replayed_step_with_masked_ignored_rows_equals_eager(device):
    rng = np.random.default_rng(21)
    initial = (rng.standard_normal((5, 4)) * 0.5).astype(np.float32)
    x_values = [rng.standard_normal((6, 5)).astype(np.float32) for _ in range(3)]
    mask = np.zeros((6, 4), np.float32)
    mask[[0, 3], 0] = -np.inf  # rows 0 and 3: class 0 masked out
    targets = [[-100, 1, 2, -100, 3, 0], [1, 1, 2, -100, 3, -100], [-100, -100, -100, -100, -100, -100]]

    def train(replay):
        w = gradlib.tensor(initial, requires_grad=True, device=device)
        x = gradlib.zeros(6, 5, device=device)
        y = gradlib.zeros(6, dtype=gradlib.int64, device=device)
        bias = gradlib.tensor(mask, device=device)
        seen = []
        graph = None

        def step():
            w.grad = None
            loss = F.cross_entropy(x @ w + bias, y)
            loss.backward()
            return loss

        for values, target in zip(x_values, targets):
            x.copy_(gradlib.tensor(values, device=device))
            y.copy_(gradlib.tensor(target, device=device))
            if not replay:
                loss = step()
            elif graph is None:
                graph = gradlib.graphs.StepGraph()
                with gradlib.graphs.graph(graph):
                    loss = step()
            else:
                graph.replay()
            seen.append((loss.detach().cpu().numpy().copy(), w.grad.cpu().numpy().copy()))
        return seen

    eager, replayed = train(False), train(True)
    for (eager_loss, eager_grad), (loss, grad) in zip(eager, replayed):
        if str(device).startswith("cpu"):
            assert eager_loss.tobytes() == loss.tobytes() and eager_grad.tobytes() == grad.tobytes()
        else:
            np.testing.assert_allclose(loss, eager_loss, rtol=1e-6, equal_nan=True)
            np.testing.assert_allclose(grad, eager_grad, rtol=1e-6, atol=1e-7)
    assert np.isfinite(eager[0][0]) and np.isfinite(eager[1][0])  # masked rows ignored: finite loss
    assert np.isnan(eager[2][0]) and not eager[2][1].any()         # every row ignored: NaN, zero gradient
