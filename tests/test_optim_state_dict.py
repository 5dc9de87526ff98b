"""``optimizer.state_dict()`` prints what PyTorch prints (issue 15; the "Saving and loading models" tutorial):
every optimizer's param_groups carry PyTorch's keys (``foreach``, ``differentiable``, ``fused``, ``capturable``
as each PyTorch optimizer has them) in PyTorch's order, after one step on the fixed problem of
tests/reference/optim_state_dict.py; the constructors accept those keys and they survive load_state_dict."""
import json
import pathlib

import pytest

import gradlib
from reference.optim_state_dict import CASES, printed, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_optim_state_dict.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py optim_state_dict"


@pytest.mark.parametrize("name", sorted(CASES))
def test_param_groups_print_as_pytorch(name, device):
    assert printed(run(gradlib, name, device))["param_groups"] == RECORDED[name]["param_groups"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_param_groups_survive_load_state_dict(name, device):
    saved = run(gradlib, name, device).state_dict()
    kind, options = CASES[name]
    param = gradlib.nn.Parameter(gradlib.zeros(2, device=device))
    # other hyper-parameters than the saved ones: loading must bring back the saved ones, keys and order
    fresh = getattr(gradlib.optim, kind)([param], lr=0.5)
    fresh.load_state_dict(saved)
    assert str(fresh.state_dict()["param_groups"]) == RECORDED[name]["param_groups"]


def test_a_group_of_its_own_keeps_pytorchs_order(device):
    a = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    b = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    optimizer = gradlib.optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.5, "foreach": False}], lr=0.1)
    groups = optimizer.state_dict()["param_groups"]
    assert list(groups[0]) == ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach",
                               "capturable", "differentiable", "fused", "decoupled_weight_decay", "params"]
    assert list(groups[1])[:2] == ["lr", "foreach"] and groups[1]["foreach"] is False and groups[1]["params"] == [1]
