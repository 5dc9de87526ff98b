"""``optimizer.state_dict()`` prints what PyTorch prints (issue 15; the "Saving and loading models" tutorial):
every optimizer's param_groups carry PyTorch's keys (``foreach``, ``differentiable``, ``fused``, ``capturable``
as each PyTorch optimizer has them) in PyTorch's order, after one step on the fixed problem of
tests/reference/optim_state_dict.py; the constructors accept those keys and they survive load_state_dict."""
import copy
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_state_prints_as_pytorch(name, device):
    optimizer = run(gradlib, name, device)
    found = printed(optimizer)["state"]
    target = gradlib.device(device)
    if target.type != "cpu":  # the buffers live on the parameter's device; PyTorch was recorded on the CPU
        # (the CPU step prints device='cpu' under a CUDA default device, as PyTorch's; its device: test below)
        found = found.replace(f", device='{target.type}:{target.index or 0}'", "").replace(", device='cpu'", "")
    assert found == RECORDED[name]["state"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_step_is_a_float32_cpu_tensor_unless_capturable(name, device):
    for state in run(gradlib, name, device).state.values():
        if "step" in state:
            step = state["step"]
            assert isinstance(step, gradlib.Tensor) and step.dtype == gradlib.float32
            assert step.device == gradlib.device("cpu") and step.dim() == 0 and step.item() == 1.0


def test_capturable_step_stays_on_the_device_and_loaded_steps_go_where_pytorch_puts_them(device):
    param = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    param.grad = gradlib.ones(2, device=device)
    capturable = gradlib.optim.Adam([param], lr=0.1, capturable=True)
    capturable.step()
    assert capturable.state[param]["step"].device == param.device
    plain = gradlib.optim.Adam([param], lr=0.1)
    plain.load_state_dict(capturable.state_dict())  # group capturable=True is loaded too: stays on the device
    assert plain.state[param]["step"].device == param.device
    saved = gradlib.optim.Adam([param], lr=0.1)
    saved.step()
    again = gradlib.optim.Adam([param], lr=0.1)
    again.load_state_dict(saved.state_dict())
    step = again.state[param]["step"]
    # PyTorch's load_state_dict keeps a non-capturable step tensor as saved: the same tensor (state_dict() hands
    # out the optimizer's own), so both optimizers count on it
    assert step.device == gradlib.device("cpu") and step is saved.state[param]["step"]
    again.step()
    assert step.item() == 2.0 and saved.state[param]["step"].item() == 2.0


def test_a_plain_number_step_from_an_older_state_dict_still_loads(device):
    param = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    param.grad = gradlib.ones(2, device=device)
    reference = gradlib.optim.Adam([param], lr=0.1)
    reference.step()
    saved = copy.deepcopy(reference.state_dict())  # a checkpoint's copy: state_dict() shares the state, as PyTorch's
    saved["state"][0]["step"] = 1  # as gradlib saved it before
    reloaded = gradlib.optim.Adam([param], lr=0.1)
    reloaded.load_state_dict(saved)
    expected = param.detach().clone()
    reference.step()
    expected, param.data = param.detach().clone(), expected
    reloaded.step()
    assert gradlib.equal(param.detach(), expected)
    assert reloaded.state[param]["step"].dtype == gradlib.float32 and reloaded.state[param]["step"].item() == 2.0


def test_sgd_without_momentum_keeps_no_state_and_state_is_a_defaultdict(device):
    param = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    param.grad = gradlib.ones(2, device=device)
    optimizer = gradlib.optim.SGD([param], lr=0.1)
    optimizer.step()
    assert len(optimizer.state) == 0 and optimizer.state_dict()["state"] == {}
    assert optimizer.state[param] == {}  # PyTorch's defaultdict(dict)
    momentum = gradlib.optim.SGD([param], lr=0.1, momentum=0.9)
    momentum.step()
    assert list(momentum.state[param]) == ["momentum_buffer"]


def test_nadam_mu_product_is_a_cpu_tensor_and_an_old_float_still_loads(device):
    param = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    param.grad = gradlib.ones(2, device=device)
    optimizer = gradlib.optim.NAdam([param], lr=0.1)
    optimizer.step()
    mu_product = optimizer.state[param]["mu_product"]
    assert isinstance(mu_product, gradlib.Tensor) and mu_product.device == gradlib.device("cpu")
    saved = copy.deepcopy(optimizer.state_dict())  # a checkpoint's copy: state_dict() shares the state
    saved["state"][0]["mu_product"] = mu_product.item()  # as gradlib saved it before
    again = gradlib.optim.NAdam([param], lr=0.1)
    again.load_state_dict(saved)
    optimizer.step()
    again.step()
    assert again.state[param]["mu_product"].item() == optimizer.state[param]["mu_product"].item()
