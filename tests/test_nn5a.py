"""The nn gaps of issue 15 built by helper nn5a against PyTorch's recorded behaviour (tests/reference/torch_nn5a.json,
cases in tests/reference/nn5a_cases.py): module printing, values at edges, errors and grad_fn names, on each
device. Values, gradients and dtypes of the functions themselves are checked by the op registry
(tests/op_registry_nn5a.py)."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.nn5a_cases import CASES
from reference.serialize import serialize
from test_torch_reference import _DEVICE, _compare, normalize

RECORDED = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_nn5a.json").read_text())


#: index checks that a GPU queues (the error comes at the next synchronization, as PyTorch's device-side assert)
DEFERRED_ON_DEVICE = {"max_unpool2d_invalid_index", "max_unpool2d_negative_index"}


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(CASES), "run: python tests/reference/record_torch.py nn5a"


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_pytorch(name, device):
    _DEVICE[0] = device
    expected = RECORDED[name]
    previous = gradlib.get_default_device()
    gradlib.set_default_device(device)
    try:
        scope = {"torch": gradlib}
        if name in DEFERRED_ON_DEVICE and device != "cpu":
            # an index the GPU checks without waiting: no error now, PyTorch's CUDA assert at the next sync
            exec(CASES[name], scope)
            with pytest.raises(RuntimeError, match="out of range") as caught:
                gradlib.zeros(1, device=device).tolist()
            assert "device-side assert" in str(caught.value)
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




@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_gradients_every_mode(device, mode, padding_mode, align_corners):
    """First and second derivatives in input and grid, 2-D and 3-D, for every mode and padding mode (the registry
    compares a few of these combinations with PyTorch's values)."""
    gradlib.manual_seed(7)
    function = lambda x, g: gradlib.nn.functional.grid_sample(x, g, mode, padding_mode, align_corners)  # noqa: E731
    cases = (((2, 2, 3, 4), (2, 2, 3, 2)), ((1, 2, 2, 3, 2), (1, 2, 1, 2, 3)))
    if mode == "bicubic":  # 2-D only (PyTorch's); its second derivative is many small ops: a smaller input
        cases = (((2, 1, 2, 3), (2, 1, 2, 2)),)
    for shape, grid_shape in cases:
        x = gradlib.randn(*shape, dtype=gradlib.float64, device=device, requires_grad=True)
        grid = (gradlib.rand(*grid_shape, dtype=gradlib.float64, device=device) * 3 - 1.5).requires_grad_()
        assert gradlib.autograd.gradcheck(function, (x, grid))
        assert gradlib.autograd.gradgradcheck(function, (x, grid))


def test_grid_sample_refuses_mixed_devices(device):
    if device == "cpu":
        pytest.skip("needs a second device")
    x = gradlib.zeros(1, 1, 2, 2, device=device)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        gradlib.nn.functional.grid_sample(x, gradlib.zeros(1, 2, 2, 2, device="cpu"), align_corners=False)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        gradlib.nn.functional.grid_sample(gradlib.zeros(1, 1, 2, 2, device="cpu"), gradlib.zeros(1, 2, 2, 2, device=device),
                                          align_corners=False)


def test_spatial_transformer_learns_a_shift(device):
    """The Spatial Transformer pattern: affine_grid + grid_sample trained by SGD recovers a known translation."""
    gradlib.manual_seed(0)
    x = gradlib.randn(4, 1, 8, 8, device=device).cumsum(-1).cumsum(-2) / 8  # smooth images
    shift = gradlib.tensor([[[1., 0., 0.25], [0., 1., -0.125]]], device=device).expand(4, 2, 3)
    target = gradlib.nn.functional.grid_sample(
        x, gradlib.nn.functional.affine_grid(shift, x.shape, align_corners=False), align_corners=False)
    theta = gradlib.tensor([[1., 0., 0.], [0., 1., 0.]], device=device, requires_grad=True)
    optimizer = gradlib.optim.SGD([theta], lr=0.5)
    for _ in range(200):
        grid = gradlib.nn.functional.affine_grid(theta.expand(4, 2, 3), x.shape, align_corners=False)
        loss = (gradlib.nn.functional.grid_sample(x, grid, align_corners=False) - target).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert float((theta - shift[0]).abs().max()) < 0.02


def test_max_unpool_refuses_mixed_devices(device):
    if device == "cpu":
        pytest.skip("needs a second device")
    indices = gradlib.zeros(1, 1, 2, 2, dtype=gradlib.int64, device="cpu")
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        gradlib.nn.functional.max_unpool2d(gradlib.ones(1, 1, 2, 2, device=device), indices, 2)


def test_unpool_inverts_pool_in_an_autoencoder_step(device):
    """MaxPool2d(return_indices) -> MaxUnpool2d keeps each window's maximum in place and zeros elsewhere; the
    gradient reaches exactly the maxima (SegNet-style decoders)."""
    gradlib.manual_seed(1)
    x = gradlib.randn(2, 3, 6, 4, device=device, requires_grad=True)
    pooled, indices = gradlib.nn.MaxPool2d(2, return_indices=True)(x)
    restored = gradlib.nn.MaxUnpool2d(2)(pooled, indices, output_size=x.shape)
    kept = restored != 0
    assert int(kept.sum()) == pooled.numel()
    assert bool((restored[kept] == x.detach()[kept]).all())
    restored.sum().backward()
    assert bool((x.grad == kept.to(x.dtype)).all())


def _norm_call(name, x, w, b):
    F = gradlib.nn.functional
    if name == "layer":
        return F.layer_norm(x, (3,), w, b)
    if name == "group":
        return F.group_norm(x, 2, w, b)
    return F.batch_norm(x, None, None, w, b, training=name == "batch_train")


@pytest.mark.parametrize("name", ["layer", "group", "batch_train"])
@pytest.mark.parametrize("parameters", ["float16", "float32", "none"])
def test_half_norm_is_one_node_in_float32(device, name, parameters):
    """A float16 input runs one node under PyTorch's name (no ToCopyBackward0 at the end); its gradients are the
    float64 gradients rounded once to each input's dtype (within one float16 ulp: the node computes in float32),
    and float32 parameters keep float32 gradients (PyTorch's mixed-dtype kernels). Values: tests/reference
    torch_nn5a.json 'half_norms' (exactly PyTorch's). PyTorch's own float16 CPU backward kernels round
    intermediates to float16 and miss these by up to tens of ulps, so their gradients are not the reference."""
    x_half = (gradlib.arange(72., device=device).reshape(4, 6, 3).sin() * 3 + 1).half()
    g_half = gradlib.arange(72., device=device).reshape(4, 6, 3).cos().half()
    channels = 3 if name == "layer" else 6
    results = {}
    for wide in (False, True):
        x = (x_half.double() if wide else x_half.clone()).requires_grad_()
        params = []
        if parameters != "none":
            dtype = getattr(gradlib, parameters)
            params = [(gradlib.arange(channels, device=device) / 4 - 0.3).to(dtype),
                      (gradlib.arange(channels, device=device) / 7 + 0.1).to(dtype)]
            params = [(p.double() if wide else p).requires_grad_() for p in params]  # the same values
        y = _norm_call(name, x, *(params or [None, None]))
        (y * (g_half.double() if wide else g_half)).sum().backward()
        results[wide] = (y, [x.grad] + [p.grad for p in params])
    y, grads = results[False]
    assert y.dtype is gradlib.float16
    expected_name = {"layer": "NativeLayerNormBackward0", "group": "NativeGroupNormBackward0",
                     "batch_train": "NativeBatchNormBackward0"}[name]
    assert y.grad_fn.name() == expected_name and type(y.grad_fn)._impl_name == "Half" + expected_name
    expected_dtypes = [gradlib.float16] + [getattr(gradlib, parameters, None)] * len(grads[1:])
    assert [grad.dtype for grad in grads] == expected_dtypes
    for grad, truth in zip(grads, results[True][1]):
        rounded = truth.to(grad.dtype).double()
        ulp = rounded.abs().clamp(min=2 ** -14) * (2 ** -10 if grad.dtype is gradlib.float16 else 2 ** -23)
        worst = float(((grad.double() - rounded).abs() / ulp).max())
        # one rounding for float16; a float32 gradient is a float32 sum (a few ulps from the float64 one)
        assert worst <= (1 if grad.dtype is gradlib.float16 else 32), worst
