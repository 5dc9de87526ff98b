"""The nn.Module API and the layers added for issue 15 (nnapi8) against PyTorch's record
(tests/reference/nnapi8.py, torch_nnapi8.json): every public Module attribute, the overridable state-dict steps
(``_save_to_state_dict``/``_load_from_state_dict``, extra state), ``type``, ``set_submodule``, the device refusals,
duplicates in the named iterators; 3-D and circular padding layers; ``AdaptiveLogSoftmaxWithLoss``; ``F.conv_transpose3d`` and
``nn.ConvTranspose3d`` (values, gradients, PyTorch's initialization from the same random stream, errors)."""
import json
import math
import pathlib

import pytest

import gradlib
from gradlib import nn
from gradlib.autograd import gradcheck, gradgradcheck
from reference import nnapi8

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nnapi8.json").read_text())

#: Public ``torch.nn.Module`` attributes gradlib's Module lacks, with the reason (none since module16 added
#: share_memory and the deprecated register_backward_hook).
MODULE_NAME_EXCEPTIONS = {}


def _close(observed, recorded, path="r"):
    """Equal, floats within 1e-9 relative (float64 cases; float32 initial values within 1e-6)."""
    if isinstance(recorded, float) and isinstance(observed, (int, float)):
        assert math.isclose(observed, recorded, rel_tol=1e-6, abs_tol=1e-9), path
    elif isinstance(recorded, list):
        assert isinstance(observed, list) and len(observed) == len(recorded), path
        for index, (mine, theirs) in enumerate(zip(observed, recorded)):
            _close(mine, theirs, f"{path}[{index}]")
    elif isinstance(recorded, dict):
        assert isinstance(observed, dict) and sorted(observed) == sorted(recorded), path
        for key in recorded:
            _close(observed[key], recorded[key], f"{path}.{key}")
    else:
        assert observed == recorded, path


def test_module_has_pytorchs_attributes():
    mine = set(dir(nn.Module)) | {"_parameters", "_buffers", "_modules"}
    missing = sorted(name for name in RECORDED["module_names"] if name not in mine)
    assert missing == sorted(MODULE_NAME_EXCEPTIONS), missing


@pytest.mark.parametrize("name", sorted(nnapi8.CASES))
def test_case_matches_pytorch(name):
    observed = json.loads(json.dumps(nnapi8.observe(gradlib, name)))
    _close(observed, RECORDED["cases"][name])


def test_every_case_is_recorded():
    assert sorted(RECORDED["cases"]) == sorted(nnapi8.CASES)


def test_new_classes_live_at_pytorchs_paths():
    for cls in (nn.CircularPad1d, nn.CircularPad2d, nn.CircularPad3d, nn.ConstantPad3d, nn.ZeroPad3d,
                nn.ReflectionPad3d, nn.ReplicationPad3d):
        assert cls.__module__ == "gradlib.nn.modules.padding"
    assert nn.ConvTranspose3d.__module__ == "gradlib.nn.modules.conv"
    assert nn.AdaptiveLogSoftmaxWithLoss.__module__ == "gradlib.nn.modules.adaptive"
    assert gradlib.nn.modules.ConvTranspose3d is nn.ConvTranspose3d


@pytest.mark.parametrize("kwargs", [dict(), dict(stride=2, padding=1, output_padding=1),
                                    dict(stride=(1, 2, 1), dilation=(2, 1, 1), groups=2)])
def test_conv_transpose3d_gradcheck(kwargs, device):
    gradlib.manual_seed(0)
    x = gradlib.randn(1, 2, 2, 2, 2, dtype=gradlib.float64, device=device, requires_grad=True)
    w = gradlib.randn(2, 1, 2, 2, 2, dtype=gradlib.float64, device=device, requires_grad=True)
    b = gradlib.randn(kwargs.get("groups", 1), dtype=gradlib.float64, device=device, requires_grad=True)
    function = lambda x, w, b: nn.functional.conv_transpose3d(x, w, b, **kwargs)  # noqa: E731
    assert gradcheck(function, (x, w, b))
    assert gradgradcheck(function, (x, w, b))


@pytest.mark.parametrize("layer", [nn.CircularPad3d((1, 0, 2, 1, 0, 1)), nn.ReflectionPad3d((1, 1, 0, 1, 1, 0)),
                                   nn.ReplicationPad3d(1), nn.ConstantPad3d((0, 1, 1, 0, 2, 1), 1.5),
                                   nn.CircularPad1d(2), nn.CircularPad2d((0, 1, 2, 0))])
def test_padding_gradcheck(layer, device):
    gradlib.manual_seed(0)
    rank = {nn.CircularPad1d: 3, nn.CircularPad2d: 4}.get(type(layer), 5)
    x = gradlib.randn(*(1, 2, 2, 3, 3)[:rank], dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradcheck(layer, (x,))
    assert gradgradcheck(layer, (x,))


def test_adaptive_log_softmax_gradcheck(device):
    gradlib.manual_seed(0)
    layer = nn.AdaptiveLogSoftmaxWithLoss(4, 7, cutoffs=[2, 5], div_value=2.0, head_bias=True).double().to(device)
    target = gradlib.tensor([0, 6, 3, 1, 4], device=device)
    x = gradlib.randn(5, 4, dtype=gradlib.float64, device=device, requires_grad=True)
    weights = [layer.head.weight, layer.head.bias, layer.tail[1][0].weight]
    assert gradcheck(lambda x: layer(x, target).loss, (x,))
    assert gradgradcheck(lambda x: layer(x, target).output, (x,))
    # the parameters' gradients against central differences through the module
    loss = layer(x, target).loss
    grads = gradlib.autograd.grad(loss, weights)
    for weight, grad in zip(weights, grads):
        flat = weight.data.reshape(-1)
        for index in range(min(flat.numel(), 4)):
            saved = flat[index].item()
            flat[index] = saved + 1e-6
            up = layer(x, target).loss.item()
            flat[index] = saved - 1e-6
            down = layer(x, target).loss.item()
            flat[index] = saved
            assert math.isclose((up - down) / 2e-6, grad.reshape(-1)[index].item(), rel_tol=1e-5, abs_tol=1e-8)


def test_conv_transpose3d_layer_trains_on_the_device(device):
    gradlib.manual_seed(0)
    layer = nn.ConvTranspose3d(2, 3, 2, stride=2).to(device)
    x = gradlib.randn(1, 2, 2, 2, 2, device=device)
    layer(x).square().mean().backward()
    assert layer.weight.grad.device == layer.weight.device and layer.bias.grad.shape == (3,)
    state = layer.state_dict()
    fresh = nn.ConvTranspose3d(2, 3, 2, stride=2).to(device)
    assert repr(fresh.load_state_dict(state)) == "<All keys matched successfully>"
    assert gradlib.equal(fresh(x), layer(x))


def test_module_type_and_refusals_on_the_device(device):
    layer = nn.Linear(2, 2).to(device).type(gradlib.float64)
    assert layer.weight.dtype is gradlib.float64 and layer.weight.device.type == gradlib.device(device).type
    with pytest.raises(AssertionError, match="Torch not compiled with XPU enabled"):
        layer.xpu()
    assert layer.weight.device.type == gradlib.device(device).type  # nothing moved


def _record_prefix(module, state_dict, prefix, *rest):
    module.seen = prefix


def test_load_pre_hook_follows_copies_and_pickles():
    import copy
    import pickle
    layer = nn.Linear(1, 1)
    layer.register_load_state_dict_pre_hook(_record_prefix)
    for clone in (copy.deepcopy(layer), pickle.loads(pickle.dumps(layer))):
        clone.load_state_dict(layer.state_dict())
        assert clone.seen == "" and not hasattr(layer, "seen")
