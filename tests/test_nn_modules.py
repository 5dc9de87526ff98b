"""Modules against PyTorch with PyTorch's own initialised weights (tests/reference/nn_modules.py): same
parameter names and shapes, same repr, and after loading the recorded state_dict the same outputs and input and
parameter gradients, on the device under test."""
import json
import math
import pathlib

import pytest

import gradlib
from reference.nn_modules import case, case_names, run

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nn_modules.json").read_text())


def _close(found, expected, where, rtol=1e-9, atol=1e-10):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: shape differs"
        for index, (f, e) in enumerate(zip(found, expected)):
            _close(f, e, f"{where}[{index}]", rtol, atol)
        return
    if expected is None:
        assert found is None or found == 0, where
        return
    assert math.isclose(found, expected, rel_tol=rtol, abs_tol=atol), f"{where}: {found} != {expected}"


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(case_names()), "run: python tests/reference/record_torch.py nn_modules"


@pytest.mark.parametrize("name", case_names())
def test_parameter_names_shapes_and_repr(name):
    module = case(name)["build"](gradlib.nn)
    expected = RECORDED[name]
    assert [[key, list(value.shape)] for key, value in module.state_dict().items()] == expected["shapes"]
    assert repr(module) == expected["repr"]


@pytest.mark.parametrize("name", case_names())
def test_matches_pytorch_with_its_weights(name, device):
    expected = RECORDED[name]
    found = run(gradlib, name, expected["state"], device)
    assert found["output_shapes"] == expected["output_shapes"]
    _close(found["outputs"], expected["outputs"], "outputs")
    _close(found["input_grads"], expected["input_grads"], "input grads")
    assert sorted(found["param_grads"]) == sorted(expected["param_grads"])
    for key, value in expected["param_grads"].items():
        _close(found["param_grads"][key], value, f"grad of {key}")


def test_parameter_list_and_dict_register_parameters(device):
    params = gradlib.nn.ParameterList([gradlib.nn.Parameter(gradlib.ones(2, device=device))])
    params.append(gradlib.zeros(3, device=device))
    params += [gradlib.nn.Parameter(gradlib.ones(1, device=device))]
    assert len(params) == 3 and type(params[1]) is gradlib.nn.Parameter and params[-1].shape == (1,)
    assert [name for name, _ in params.named_parameters()] == ["0", "1", "2"]
    table = gradlib.nn.ParameterDict({"a": gradlib.ones(2, device=device)})
    table.update({"b": gradlib.nn.Parameter(gradlib.zeros(1, device=device))})
    assert "a" in table and list(table) == ["a", "b"] and table.get("c") is None
    assert [name for name, _ in table.named_parameters()] == ["a", "b"]
    model = gradlib.nn.Module()
    model.weights = params
    model.table = table
    assert sorted(model.state_dict()) == ["table.a", "table.b", "weights.0", "weights.1", "weights.2"]
    assert table.pop("a").shape == (2,) and list(table.keys()) == ["b"]


def test_channel_dropout_zeroes_whole_channels(device):
    gradlib.manual_seed(0)
    x = gradlib.ones(4, 32, 3, 3, device=device, requires_grad=True)
    y = gradlib.nn.Dropout2d(0.5)(x)
    per_channel = y.reshape(4, 32, 9)
    assert bool((per_channel.amax(2) == per_channel.amin(2)).all()) and 0 < float((y == 0).float().mean()) < 1
    y.sum().backward()
    assert bool((x.grad.reshape(4, 32, 9) == per_channel.detach()).all())
    with pytest.raises(RuntimeError, match="^dropout1d: Expected 2D or 3D input, but received a 1D input"):
        gradlib.nn.functional.dropout1d(gradlib.ones(3, device=device))


def test_orthogonal_dirac_sparse_init(device):
    w = gradlib.nn.init.orthogonal_(gradlib.empty(4, 2, 3, device=device), gain=2.0)
    flat = w.reshape(4, 6)
    assert float((flat @ flat.T - 4 * gradlib.eye(4, device=device)).abs().max()) < 1e-5
    tall = gradlib.nn.init.orthogonal_(gradlib.empty(5, 3, device=device))
    assert float((tall.T @ tall - gradlib.eye(3, device=device)).abs().max()) < 1e-5
    conv = gradlib.nn.init.dirac_(gradlib.empty(4, 2, 3, 3, device=device), groups=2)
    assert conv.sum().item() == 4.0 and conv[0, 0, 1, 1].item() == 1.0 and conv[2, 0, 1, 1].item() == 1.0
    sparse = gradlib.nn.init.sparse_(gradlib.empty(10, 4, device=device), 0.3)
    assert (sparse == 0).sum(0).tolist() == [3, 3, 3, 3]
    with pytest.raises(ValueError, match="^Only tensors with 2 or more dimensions are supported$"):
        gradlib.nn.init.orthogonal_(gradlib.empty(3))
    with pytest.raises(ValueError, match="^Only tensors with 3, 4, or 5 dimensions are supported$"):
        gradlib.nn.init.dirac_(gradlib.empty(3, 3))
    with pytest.warns(FutureWarning, match="`nn.init.xavier_uniform` is now deprecated in favor of "
                                           "`nn.init.xavier_uniform_`."):
        gradlib.nn.init.xavier_uniform(gradlib.empty(2, 2))


def test_stack_dataset():
    from gradlib.utils.data import StackDataset
    assert StackDataset([1, 2], "ab")[1] == (2, "b") and StackDataset(x=[1, 2], y="ab")[0] == {"x": 1, "y": "a"}
    with pytest.raises(ValueError, match="^Size mismatch between datasets$"):
        StackDataset([1, 2], "abc")
