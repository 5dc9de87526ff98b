"""RelaxedOneHotCategorical and RelaxedBernoulli (with their bases ExpRelaxedCategorical and LogitRelaxedBernoulli)
against PyTorch's record (tests/reference/relaxed.py, torch_relaxed.json): log-densities and their gradients,
shapes, printing, errors; and the draws themselves: on the simplex / in (0, 1), differentiable, and at a low
temperature one-hot with PyTorch's category frequencies."""
import json
import pathlib

import numpy as np

import gradlib
from reference import relaxed

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_relaxed.json").read_text())
FLOATS = ("log_prob", "grad_param", "grad_T")


def test_relaxed_distributions_match_pytorch(device):
    observed = json.loads(json.dumps(relaxed.observe(gradlib, device)))
    assert sorted(observed) == sorted(RECORDED)
    assert observed["errors"] == RECORDED["errors"]
    for name, expected in RECORDED.items():
        if name == "errors":
            continue
        for key, value in expected.items():
            if key in FLOATS:
                np.testing.assert_allclose(observed[name][key], value, rtol=1e-12, atol=1e-14)
            else:
                assert observed[name][key] == value, (name, key)


def test_relaxed_one_hot_draws_are_on_the_simplex_and_one_hot_when_cold(device):
    gradlib.manual_seed(0)
    probs = gradlib.tensor([0.2, 0.3, 0.5], dtype=gradlib.float64, device=device)
    logits = gradlib.log(probs).requires_grad_()
    draws = gradlib.distributions.RelaxedOneHotCategorical(gradlib.tensor(0.05, device=device),
                                                          logits=logits).rsample((20000,))
    assert gradlib.allclose(draws.sum(-1), gradlib.ones(20000, dtype=gradlib.float64, device=device))
    frequencies = np.bincount(draws.argmax(-1).cpu().numpy(), minlength=3) / 20000
    np.testing.assert_allclose(frequencies, [0.2, 0.3, 0.5], atol=0.015)  # Gumbel-max: argmax ~ Categorical
    assert float(draws.detach().max(-1).values.mean()) > 0.95
    draws[:, 2].mean().backward()
    assert bool(gradlib.isfinite(logits.grad).all()) and float(logits.grad[2]) > 0


def test_relaxed_bernoulli_draws_are_in_the_unit_interval_with_the_right_mean_when_cold(device):
    gradlib.manual_seed(0)
    probs = gradlib.tensor([0.3, 0.8], dtype=gradlib.float64, device=device, requires_grad=True)
    draws = gradlib.distributions.RelaxedBernoulli(gradlib.tensor(0.05, device=device), probs=probs).rsample((20000,))
    assert bool(((draws > 0) & (draws < 1)).all())
    np.testing.assert_allclose(draws.mean(0).tolist(), [0.3, 0.8], atol=0.015)
    draws.sum().backward()
    assert bool((probs.grad > 0).all())
