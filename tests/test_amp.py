"""autocast's per-device op lists, its weight cache, thread-locality and the fast path outside it; GradScaler's
scale update on the device (PyTorch's recorded behaviour is compared in tests/test_torch5.py)."""
import threading

import pytest

import gradlib
from gradlib import _autocast
import gradlib.nn.functional as F


def _half_input(device):
    return gradlib.linspace(-1, 1, 6, device=device).reshape(2, 3)


def test_cuda_lists_differ_from_cpu_lists(device):
    """CUDA autocast runs softmax/log_softmax/layer_norm/group_norm in float32 and lowers mv and einsum; CPU
    autocast leaves them (PyTorch's autocast op lists, docs/amp.rst)."""
    device_type = gradlib.device(device).type
    a = _half_input(device)
    with gradlib.autocast(device_type, dtype=gradlib.float16):
        h = a @ gradlib.eye(3, device=device)
        found = {"softmax": F.softmax(h, -1).dtype, "log_softmax": F.log_softmax(h, -1).dtype,
                 "layer_norm": F.layer_norm(h, (3,)).dtype, "group_norm": F.group_norm(h[None], 1).dtype,
                 "mv": gradlib.mv(a, a[0]).dtype, "einsum": gradlib.einsum("ij,kj->ik", a, a).dtype,
                 "softmax_dtype": F.softmax(h, -1, dtype=gradlib.float16).dtype}
    low, high = gradlib.float16, gradlib.float32
    if device_type == "cuda":
        expected = {"softmax": high, "log_softmax": high, "layer_norm": high, "group_norm": high, "mv": low,
                    "einsum": low, "softmax_dtype": low}
    else:
        expected = {"softmax": low, "log_softmax": low, "layer_norm": low, "group_norm": low, "mv": high,
                    "einsum": high, "softmax_dtype": low}
    assert found == expected


def test_binary_cross_entropy_is_refused_under_cuda_autocast(device):
    device_type = gradlib.device(device).type
    p = gradlib.full((2,), 0.5, device=device)
    with gradlib.autocast(device_type, dtype=gradlib.float16):
        if device_type == "cuda":
            with pytest.raises(RuntimeError, match="unsafe to autocast"):
                F.binary_cross_entropy(p, p)
        else:
            assert F.binary_cross_entropy(p.half(), p).dtype is gradlib.float32


def _weight_cast(out):
    """The node behind linear's weight edge: MmBackward0 -> TBackward0 -> ToCopyBackward0, as in PyTorch."""
    transposed = out.grad_fn.next_functions[1][0]
    assert transposed.name() == "TBackward0"
    return transposed.next_functions[0][0]


def test_weight_cast_is_cached_inside_the_region_and_dropped_after(device):
    device_type = gradlib.device(device).type
    w = gradlib.ones(3, 3, device=device, requires_grad=True)
    x = gradlib.ones(2, 3, device=device)
    with gradlib.autocast(device_type, dtype=gradlib.float16):
        first = F.linear(x, w)
        second = F.linear(x * 2, w)
        assert _weight_cast(first) is _weight_cast(second)  # one ToCopy node
        assert len(_autocast.state.cache) == 1
        with gradlib.autocast(device_type, dtype=gradlib.float16, cache_enabled=False):
            third = F.linear(x, w)
        assert _weight_cast(third) is not _weight_cast(first)
    assert _autocast.state.cache == {} and _autocast.active == 0
    (first.sum() + second.sum()).backward()
    assert w.grad.dtype is gradlib.float32
    assert w.grad.tolist() == [[6.0] * 3] * 3


def test_autocast_is_thread_local(device):
    device_type = gradlib.device(device).type
    seen = []

    def other_thread():
        seen.append((gradlib.ones(2, 2, device=device) @ gradlib.ones(2, 2, device=device)).dtype)

    with gradlib.autocast(device_type, dtype=gradlib.float16):
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert gradlib.is_autocast_enabled(device_type)
    assert seen == [gradlib.float32]


def test_region_is_left_on_an_exception(device):
    device_type = gradlib.device(device).type
    with pytest.raises(ValueError):
        with gradlib.autocast(device_type, dtype=gradlib.float16):
            raise ValueError("boom")
    assert not gradlib.is_autocast_enabled(device_type) and _autocast.active == 0


def test_cpu_autocast_default_is_bfloat16():
    x = gradlib.ones(2, 2, device="cpu")
    with gradlib.autocast("cpu"):  # PyTorch's CPU default, bfloat16 (stored with ml_dtypes)
        assert (x @ x).dtype is gradlib.bfloat16
    with gradlib.autocast("cpu", enabled=False):  # a disabled region changes nothing
        assert not gradlib.is_autocast_enabled("cpu")
    assert gradlib.cuda.is_bf16_supported() is False


def test_deprecated_spellings_warn_and_work(device):
    with pytest.warns(FutureWarning, match="torch.amp.autocast\\('cpu', args...\\)"):
        region = gradlib.cpu.amp.autocast(dtype=gradlib.float16)
    with region:
        assert (gradlib.ones(1, 1) @ gradlib.ones(1, 1)).dtype in (gradlib.float16, gradlib.float32)
    with pytest.warns(FutureWarning):
        scaler = gradlib.cuda.amp.GradScaler(enabled=False)
    assert scaler.get_scale() == 1.0 and gradlib.GradScaler is gradlib.amp.GradScaler


def test_scaler_update_grows_and_backs_off_on_the_device(device):
    w = gradlib.nn.Parameter(gradlib.ones(2, device=device))
    opt = gradlib.optim.SGD([w], lr=0.0)
    device_type = gradlib.device(device).type
    scaler = gradlib.amp.GradScaler(device_type, init_scale=4.0, growth_factor=3.0, backoff_factor=0.25,
                                    growth_interval=2)
    scales = []
    for step in range(5):
        opt.zero_grad()
        scaler.scale(w.sum() * (float("nan") if step == 3 else 1.0)).backward()
        scaler.step(opt)
        scaler.update()
        scales.append(scaler.get_scale())
        assert scaler._scale.device == w.device
    assert scales == [4.0, 12.0, 12.0, 3.0, 3.0]


def test_matmul_outside_autocast_pays_no_cast(device):
    a = gradlib.ones(2, 2, device=device, dtype=gradlib.float16)
    b = gradlib.ones(2, 2, device=device, requires_grad=True)
    assert _autocast.active == 0
    with pytest.raises(RuntimeError, match="same dtype|mat1 and mat2|expected"):
        a @ b  # no autocast: PyTorch refuses mixed dtypes in matmul, and so does gradlib


def test_custom_fwd_and_bwd_follow_the_forward_autocast_state(device):
    device_type = gradlib.device(device).type
    seen = {}

    class Product(gradlib.autograd.Function):
        @staticmethod
        @gradlib.amp.custom_fwd(device_type=device_type)
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a @ b

        @staticmethod
        @gradlib.amp.custom_bwd(device_type=device_type)
        def backward(ctx, grad):
            a, b = ctx.saved_tensors
            seen["backward_autocast"] = gradlib.is_autocast_enabled(device_type)
            return (grad @ b.mT).to(a.dtype), (a.mT @ grad).to(b.dtype)

    a = gradlib.ones(2, 3, device=device, requires_grad=True)
    b = gradlib.ones(3, 2, device=device, requires_grad=True)
    with gradlib.autocast(device_type, dtype=gradlib.float16):
        out = Product.apply(a, b)
    assert out.dtype is gradlib.float16
    out.float().sum().backward()
    assert seen == {"backward_autocast": True} and a.grad.dtype is gradlib.float32
    with pytest.raises(ValueError, match="Expected `device_type` of type `str`"):
        gradlib.amp.custom_fwd(device_type=0)
