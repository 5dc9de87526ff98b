"""Issue 15's nn gaps B (helper nn5b) against PyTorch's recorded behaviour (tests/reference/torch_nn5b.json,
cases in tests/reference/nn5b_cases.py): module full backward hooks, pruning, parametrizations, RMSNorm, Lazy
modules, margin losses, gumbel_softmax and CTC loss: values, gradients, printing, state_dict keys, errors and
warnings, on each device. Values and gradients of the functions themselves are also checked by the op registry
(tests/op_registry_nn5b.py)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.nn5b_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nn5b.json").read_text())

#: target checks a GPU makes without waiting for it: the error comes at the next synchronization (PyTorch's CUDA
#: kernels assert on the device)
DEFERRED_ON_GPU = {"multi_margin_loss_target_range", "multilabel_margin_loss_range",
                   "multilabel_margin_loss_range_after_end_bad"}


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py nn5b"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = RECORDED[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if "error" in expected and name in DEFERRED_ON_GPU and gradlib.device(device).type == "cuda":
            exec(CASES[name], scope)
            with pytest.raises(RuntimeError, match="device-side assert triggered"):
                gradlib.cuda.synchronize(device)
            return
        if "error" in expected:
            error_type, message = expected["error"]
            with pytest.raises(Exception) as caught:
                exec(CASES[name], scope)
            assert type(caught.value).__name__ == error_type, f"{type(caught.value).__name__}: {caught.value}"
            assert normalize(without_device_suffix(str(caught.value), device)) == normalize(message)
            return
        exec(CASES[name], scope)
    finally:
        gradlib.set_default_device(previous)
    found = {key: serialize(value) for key, value in scope["result"].items()}
    assert sorted(found) == sorted(expected["result"])
    for key in expected["result"]:
        _compare(found[key], expected["result"][key], f"{name}.{key}")


def test_weight_norm_node_on_empty_input(device):
    """PyTorch's fused kernel kills the process on an empty ``v`` (so nothing is recorded): gradlib's node
    gives an empty result and gradients of the inputs' shapes."""
    v = gradlib.zeros(0, 3, device=device, requires_grad=True)
    g = gradlib.ones(0, 1, device=device, requires_grad=True)
    y = gradlib._weight_norm(v, g, 0)
    assert y.shape == (0, 3) and y.grad_fn.name() == "WeightNormInterfaceBackward0"
    y.sum().backward()
    assert v.grad.shape == (0, 3) and g.grad.shape == (0, 1)
