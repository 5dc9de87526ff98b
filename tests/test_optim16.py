"""Optimizer, scheduler and swa_utils API edges with PyTorch 2.13's answers (tests/reference/optim16.py, found by
tools/probe_optim16.py): tensor hyper-parameters besides lr, named_parameters() groups, the repr and hooks,
state_dict/load_state_dict sharing and group order, complex parameters as real views, differentiable=True,
ReduceLROnPlateau's and the lambda schedulers' state dicts. Parameters are compared within 4 ulps (PyTorch fuses
multiply-adds, NumPy rounds them twice); everything else exactly."""
import json
import pathlib
import re

import pytest

import gradlib
from reference.optim16 import CASES, run, same

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_optim16.json").read_text())


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py optim16"


def _on_the_cpu(found):
    """``found`` as the CPU recording reads: under ``--device cuda[:N]`` the cases' tensors are made on the GPU, which
    reprs and the fused refusal name."""
    text = re.sub(r", device='cuda(:\d+)?'", "", json.dumps(found))
    return json.loads(text.replace(" and cuda\"", " and cpu\""))


@pytest.mark.parametrize("key", sorted(CASES))
def test_as_pytorch(key):
    found, expected = _on_the_cpu(run(gradlib, key)), RECORDED[key]
    assert same(found, expected), (found, expected)


def test_plain_optimizers_keep_the_class_step_loop():
    """Only an optimizer with a tensor hyper-parameter other than lr, a complex parameter or differentiable=True
    steps through the special path (an instance attribute): the plain loop stays as it was."""
    param = gradlib.nn.Parameter(gradlib.ones(2))
    assert "_step_groups" not in vars(gradlib.optim.Adam([param]))
    special = gradlib.optim.Adam([param], betas=(gradlib.tensor(0.9), gradlib.tensor(0.999)))
    assert "_step_groups" in vars(special)
    special.load_state_dict(gradlib.optim.Adam([param]).state_dict())  # float betas loaded: the plain loop again
    assert "_step_groups" not in vars(special)


def test_complex_state_is_the_complex_tensor_updated_in_place():
    param = gradlib.nn.Parameter(gradlib.tensor([1 + 2j, 3 - 1j], dtype=gradlib.complex64))
    optimizer = gradlib.optim.Adam([param], lr=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        (param * param.conj()).real.sum().backward()
        optimizer.step()
        if _ == 0:
            first = optimizer.state[param]["exp_avg"]
    assert optimizer.state[param]["exp_avg"] is first and first.dtype == gradlib.complex64
    assert list(optimizer.state) == [param] and param.grad is not None
