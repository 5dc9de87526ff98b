"""Memory formats and strides as PyTorch's (issue 15, the channels-last tutorial): every snippet of
tests/reference/memory_formats.py prints what PyTorch 2.13 printed (torch_memory_formats.json), on the device
under test; gradients through channels-last tensors are checked in float64; gradlib._layout's rules are checked
directly at their edges."""
import json
import pathlib

import pytest

import gradlib
from gradlib import _layout, _tensor
from gradlib.autograd import gradcheck, gradgradcheck
from device_text import without_device_suffix
from reference.memory_formats import ALL
from reference.record_torch_shared import run_snippet

RECORDED = json.loads((pathlib.Path(__file__).resolve().parent / "reference" / "torch_memory_formats.json").read_text())
F = gradlib.nn.functional
CL = gradlib.channels_last


def test_every_snippet_is_recorded():
    assert sorted(RECORDED) == sorted(ALL)


def _prints_random_values(snippet):
    return "print(b.stride(), b)" in snippet or "randn_like(torch.empty(2, 3, 2, 2).transpose" in snippet


@pytest.mark.parametrize("snippet", ALL, ids=range(len(ALL)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and _prints_random_values(snippet):
        pytest.skip("the GPU's random numbers are not the CPU's (the layout is checked on the CPU)")
    printed = without_device_suffix(run_snippet(gradlib, snippet), device)
    assert printed == RECORDED[snippet].replace("torch.", "gradlib.")


def _channels_last(*shape, device="cpu"):
    x = gradlib.randn(*shape, dtype=gradlib.float64, device=device)
    return x.contiguous(memory_format=CL).requires_grad_()


@pytest.mark.parametrize("name, function", [
    ("add_contiguous", lambda x: x + gradlib.ones(x.shape, dtype=x.dtype, device=x.device)),
    ("mul_self", lambda x: x * x.sin()),
    ("relu_sigmoid", lambda x: F.relu(x) + gradlib.sigmoid(x)),
    ("conv2d", lambda x: F.conv2d(x, gradlib.ones(4, 3, 2, 2, dtype=x.dtype, device=x.device) / 7, padding=1)),
    ("batch_norm", lambda x: F.batch_norm(x, None, None, training=True)),
    ("max_pool2d", lambda x: F.max_pool2d(x, 2)),
    ("avg_pool2d", lambda x: F.avg_pool2d(x, 2)),
    ("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (2, 3))),
    ("global_average", lambda x: F.adaptive_avg_pool2d(x, 1)),
    ("clone_contiguous", lambda x: x.clone().contiguous() * 2),
    ("to_float64_channels_last", lambda x: x.to(gradlib.float64, memory_format=CL).contiguous()),
])
def test_gradients_through_channels_last_tensors(name, function, device):
    """Values and gradients do not depend on the layout: gradcheck/gradgradcheck in float64, and the same
    values as the row-major input gives."""
    gradlib.manual_seed(0)
    x = _channels_last(2, 3, 4, 4, device=device)
    row_major = x.detach().contiguous().requires_grad_()
    out, expected = function(x), function(row_major)
    assert gradlib.allclose(out, expected)
    weights = gradlib.randn(out.shape, dtype=out.dtype, device=device)
    grad, = gradlib.autograd.grad((out * weights).sum(), x)
    grad_row_major, = gradlib.autograd.grad((expected * weights).sum(), row_major)
    assert gradlib.allclose(grad, grad_row_major)
    assert gradcheck(function, (x,))  # (its finite differences perturb a row-major copy of x)
    if name not in ("max_pool2d",):
        assert gradgradcheck(function, (x,))


def test_leaf_gradient_follows_the_leaf_layout(device):
    x = _channels_last(2, 3, 4, 5, device=device)
    (x.sin() * gradlib.arange(5., device=device)).sum().backward()
    assert x.grad.stride() == x.stride() == (60, 1, 15, 3)
    assert gradlib.allclose(x.grad, x.detach().cos() * gradlib.arange(5., device=device))
    expanded = gradlib.ones(3, 1, device=device).expand(3, 4).detach().requires_grad_()
    (expanded * 2).sum().backward()
    assert expanded.grad.is_contiguous()


def test_elementwise_results_keep_saved_outputs_linked(device):
    """An op that saves its output (exp) saves the restrided array: changing the output in place is refused."""
    x = _channels_last(2, 3, 2, 2, device=device)
    y = x.exp()
    assert y.is_contiguous(memory_format=CL)
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("shape, strides, expected", [
    ((2, 3, 4, 5), (60, 1, 15, 3), "channels_last"),
    ((2, 3, 4, 5), (60, 20, 5, 1), "contiguous_format"),
    ((4, 1, 1, 1), (1, 1, 1, 1), "contiguous_format"),    # N111: ambiguous, contiguous by default
    ((1, 3, 1, 4), (12, 4, 4, 1), "contiguous_format"),   # 1C1W
    ((1, 4, 1, 3), (12, 1, 4, 4), "contiguous_format"),   # its transpose(1, 3): not channels-last either
    ((2, 3, 0, 5), (0, 1, 15, 3), "contiguous_format"),   # a size 0: never suggested channels-last
    ((2, 3, 4, 5, 6), (360, 1, 90, 18, 3), "channels_last_3d"),
])
def test_suggest_memory_format(shape, strides, expected):
    assert _layout.suggest_memory_format(shape, strides) == expected


@pytest.mark.parametrize("shape, strides, dense", [
    ((3, 4), (1, 3), True), ((3, 4), (8, 2), False), ((3, 4), (0, 1), False), ((0, 4), (9, 9), True),
    ((), (), True), ((5,), (2,), False), ((1,), (7,), True), ((2, 1, 3), (3, 99, 1), True),
])
def test_non_overlapping_and_dense(shape, strides, dense):
    assert _layout.is_non_overlapping_and_dense(shape, strides) is dense


def test_restrided_copies_only_when_the_memory_order_differs(device):
    xp = gradlib.backends.backend_for(gradlib.device(device)).xp
    x = gradlib.zeros(2, 3, 1, 1, device=device)._array
    same = _layout.restrided(xp, x, (3, 1, 3, 3))
    assert _layout.element_strides(same) == (3, 1, 3, 3) and same.base is not None  # a view: size-1 dims only
    y = gradlib.arange(24., device=device).reshape(2, 3, 2, 2)
    moved = _layout.restrided(xp, y._array, (12, 1, 6, 3))
    assert _layout.element_strides(moved) == (12, 1, 6, 3)
    assert gradlib.equal(_tensor.wrap(moved, y.device), y)


def test_module_to_channels_last_converts_only_4d_parameters(device):
    model = gradlib.nn.Sequential(gradlib.nn.Conv2d(3, 4, 3), gradlib.nn.Linear(4, 2)).to(device)
    model.to(memory_format=CL)
    assert model[0].weight.stride() == (27, 1, 9, 3) and model[1].weight.stride() == (4, 1)
    with pytest.raises(TypeError, match="memory_format"):
        gradlib.empty(2, 3, 4, 5, memory_format="channels_last")


def test_tutorial_half_convolution_on_the_device(device):
    """The tutorial's cuDNN block, on the device under test: a half-precision Conv2d converted to channels-last and
    an input moved, cast and converted in one ``to`` give a channels-last output; ``cuda()``/``to(device)`` and
    ``float()`` keep the layout."""
    model = gradlib.nn.Conv2d(8, 4, 3).to(device).half()
    model = model.to(memory_format=CL)
    data = gradlib.randint(1, 10, (2, 8, 4, 4), dtype=gradlib.float32, requires_grad=True)
    data = data.to(device=device, memory_format=CL, dtype=gradlib.float16)
    assert data.stride() == (128, 1, 32, 8) and data.grad_fn.name() == "ToCopyBackward0"
    out = model(data)
    assert out.is_contiguous(memory_format=CL) and out.dtype is gradlib.float16
    x = gradlib.empty(10, 3, 32, 32, memory_format=CL)
    assert x.to(device).stride() == x.float().stride() == x.cpu().stride() == (3072, 1, 96, 3)
