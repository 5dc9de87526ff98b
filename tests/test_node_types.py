"""Graph nodes' types as PyTorch's: ``type(node).__name__``, ``__qualname__``, ``__module__`` and ``repr(type(node))``
(what torchviz labels nodes with and tutorials print) for every op-registry sample, the tutorial calls and the
nodes no sample ends in (tests/reference/node_types.py, recorded in torch_node_types.json). Where the graph still
ends in another node than PyTorch's (test_grad_fn_names.KNOWN_DIFFERENT) the type is checked to be built as
PyTorch's types are: its name for both names, module 'builtins'."""
import json
import pathlib

import pytest

import gradlib
from reference.node_types import node_types
from test_grad_fn_names import KNOWN_DIFFERENT

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_node_types.json").read_text())


def _as_gradlib(record):
    """A recorded type with ``torch`` in its module path read as ``gradlib`` (a custom Function's node)."""
    if record is None:
        return None
    name, qualname, module, text = record
    if module.startswith("torch."):
        module = "gradlib." + module[len("torch."):]
        text = text.replace("'torch.", "'gradlib.")
    return [name, qualname, module, text]


@pytest.fixture(scope="module")
def found():
    return node_types(gradlib)


def test_every_case_is_recorded(found):
    assert sorted(found) == sorted(RECORDED), "run: python tests/reference/record_torch.py node_types"


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_node_type_is_pytorchs(name, found):
    expected = [_as_gradlib(record) for record in RECORDED[name]]
    if name in KNOWN_DIFFERENT and found[name] != expected:
        for record in found[name]:  # another node than PyTorch's, but a type named as PyTorch names its types
            if record is not None:
                assert record[1:] == [record[0], "builtins", f"<class '{record[0]}'>"]
        return
    assert found[name] == expected


def test_two_classes_of_one_pytorch_node_stay_apart():
    """The type names are PyTorch's, the classes gradlib's: each is reachable under its own name (_impl_name)."""
    x = gradlib.ones(2, requires_grad=True)
    by_scalar, by_tensor = type((x * 2).grad_fn), type((x * x).grad_fn)
    assert by_scalar.__name__ == by_tensor.__name__ == "MulBackward0" and by_scalar is not by_tensor
    arithmetic = gradlib.ops.arithmetic
    assert getattr(arithmetic, by_scalar._impl_name) is by_scalar and by_scalar._impl_name == "MulScalar"
    assert by_scalar._impl_module == "gradlib.ops.arithmetic"
    leaf = type((x * 2).grad_fn.next_functions[0][0])
    assert repr(leaf) == "<class 'AccumulateGrad'>" and leaf is gradlib.autograd.graph.AccumulateGrad


def test_a_custom_functions_node_keeps_its_module():
    class Scale(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 3

        @staticmethod
        def backward(ctx, grad):
            return grad * 3
    kind = type(Scale.apply(gradlib.ones(2, requires_grad=True)).grad_fn)
    assert (kind.__name__, kind.__qualname__, kind.__module__) == ("ScaleBackward", "ScaleBackward",
                                                                   "gradlib.autograd.function")
    assert repr(kind) == "<class 'gradlib.autograd.function.ScaleBackward'>"
