"""batch_norm, group_norm, avg_pool2d, adaptive_avg_pool2d, conv_transpose1d/2d, spatial and probability-target
cross-entropy and flash attention are single nodes with PyTorch's grad_fn names (issue 15): for the argument
variants of tests/reference/fused_nodes.py, the output, the grad_fn name, the gradients and the running
statistics are PyTorch's (recorded in torch_fused_nodes.json), and each case passes gradcheck and gradgradcheck
in float64 on the device under test."""
import json
import pathlib

import pytest

import gradlib
from reference.fused_nodes import CASES, inputs, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_fused_nodes.json").read_text())


def _close(found, expected, tolerance=1e-10):
    if isinstance(expected, list):
        return isinstance(found, list) and len(found) == len(expected) and all(
            _close(f, e, tolerance) for f, e in zip(found, expected))
    if expected != expected:  # NaN
        return found != found
    return abs(found - expected) <= tolerance * max(1.0, abs(expected))


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py fused_nodes"


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_pytorch(name, device):
    found = run(gradlib, name)  # on the device under test: the default device (conftest)
    expected = RECORDED[name]
    assert found["name"] == expected["name"]
    assert _close(found["output"], expected["output"]), f"output {found['output']} != {expected['output']}"
    for index, (f, e) in enumerate(zip(found["grads"], expected["grads"])):
        assert _close(f, e), f"gradient {index}: {f} != {e}"
    assert len(found["grads"]) == len(expected["grads"])
    assert _close(found["stats"], expected["stats"]), f"running statistics {found['stats']} != {expected['stats']}"


# cases whose output depends on the input through running statistics updated without gradient (as in PyTorch):
# not a differentiable function of their inputs
STATEFUL = {"batch_norm_module_train_then_eval"}


@pytest.mark.parametrize("name", sorted(set(CASES) - STATEFUL))
def test_second_derivatives(name, device):
    function, _, grads, _ = CASES[name]
    tensors = inputs(gradlib, name)

    def of_differentiable(*differentiable):
        arguments = list(tensors)
        for index, tensor in zip(grads, differentiable):
            arguments[index] = tensor
        return function(gradlib, *arguments)

    differentiable = tuple(tensors[index] for index in grads)
    assert gradlib.autograd.gradcheck(of_differentiable, differentiable)
    assert gradlib.autograd.gradgradcheck(of_differentiable, differentiable)


def test_batch_norm_eval_refuses_running_statistics_changed_in_place(device):
    """Evaluation mode saves the running statistics (PyTorch's NativeBatchNormBackward0 does too): changing them
    before backward is refused with PyTorch's error."""
    x = gradlib.randn(4, 3, dtype=gradlib.float64, requires_grad=True)
    mean, var = gradlib.zeros(3, dtype=gradlib.float64), gradlib.ones(3, dtype=gradlib.float64)
    out = gradlib.nn.functional.batch_norm(x, mean, var, training=False)
    mean.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()


def test_batch_norm_training_output_is_the_only_differentiable_output(device):
    x = gradlib.randn(4, 3, 2, requires_grad=True)
    mean, var = gradlib.zeros(3), gradlib.ones(3)
    out = gradlib.nn.functional.batch_norm(x, mean, var, training=True)
    assert type(out.grad_fn).__name__ == "NativeBatchNormBackward0"
    assert not mean.requires_grad and not var.requires_grad
    # PyTorch's edges: the input, then (None, 0) for the absent weight and bias; none for the running statistics
    edges = out.grad_fn.next_functions
    assert edges[0][0] is not None and edges[1:] == ((None, 0), (None, 0))
