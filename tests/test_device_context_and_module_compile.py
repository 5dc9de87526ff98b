"""Two PyTorch 2 idioms of the recipes ("Changing default device", "Introduction to torch.compile"):
``with torch.device(...)`` as a context manager for the default device, and ``Module.compile()``. Expected
behaviour and messages are PyTorch 2.13's."""
import pytest

import gradlib


def test_device_as_context_manager_sets_the_default_device_inside(device):
    before = gradlib.get_default_device()
    chosen_type = gradlib.device(device).type
    with gradlib.device(device) as chosen:
        assert chosen == gradlib.device(device)
        assert gradlib.ones(1).device.type == chosen_type
        with gradlib.device("cpu"):
            assert gradlib.zeros(1).device.type == "cpu"
        assert gradlib.get_default_device().type == chosen_type
    assert gradlib.get_default_device() == before


def test_device_context_restores_on_an_exception():
    before = gradlib.get_default_device()
    with pytest.raises(ValueError):
        with gradlib.device("cpu"):
            raise ValueError("inside")
    assert gradlib.get_default_device() == before


def test_module_compile_returns_none_and_keeps_results(device):
    gradlib.manual_seed(0)
    layer = gradlib.nn.Linear(3, 2).to(device)
    x = gradlib.randn(4, 3, device=device)
    expected = layer(x)
    assert layer.compile() is None and layer.compile(mode="reduce-overhead", fullgraph=True) is None
    assert gradlib.equal(layer(x), expected)
    assert type(layer) is gradlib.nn.Linear and list(layer.state_dict()) == ["weight", "bias"]


def test_module_compile_checks_arguments_as_pytorch():
    layer = gradlib.nn.Linear(3, 2)
    with pytest.raises(RuntimeError, match="^Unrecognized mode=bogus, should be one of: default, lite, "
                                           "reduce-overhead, max-autotune-no-cudagraphs, max-autotune$"):
        layer.compile(mode="bogus")
    with pytest.raises(gradlib.compiler.InvalidBackend, match="^Invalid backend: 'nope'"):
        layer.compile(backend="nope")
