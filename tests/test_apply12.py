"""Session 12's update-path shortcuts against the general path (apply12): ``p -= u`` / ``p += u`` done inside
``inplace._plain_update``, ``Optimizer.step``'s state entries and hook snapshots, ``no_grad()``'s construction.
Each test fails if the shortcut diverges from what the general path does."""
import numpy as np
import pytest

import gradlib
from gradlib.autograd import inplace


def _pair(device, dtype=gradlib.float32):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 3)).astype(np.float64)
    b = rng.standard_normal((4, 3)).astype(np.float64)
    return (gradlib.tensor(a, dtype=dtype, device=device, requires_grad=True),
            gradlib.tensor(b, dtype=dtype, device=device))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("op", ["__isub__", "__iadd__"])
def test_plain_update_matches_general_path(device, dtype, op):
    p, u = _pair(device, getattr(gradlib, dtype))
    q = p.detach().clone()
    with gradlib.no_grad():
        version = p._version
        result = getattr(p, op)(u)
        expected = (q.sub_ if op == "__isub__" else q.add_)(u)  # the general in-place path
    assert result is p
    assert p._version == version + 1
    assert np.array_equal(p.detach().cpu().numpy(), expected.cpu().numpy())
    assert p.requires_grad and p.is_leaf


def test_plain_update_refusals_take_the_general_path(device):
    p, u = _pair(device)
    assert not inplace._plain_update(p, u, np.subtract)  # grad mode on, p requires grad: recorded (refused)
    with gradlib.no_grad():
        assert not inplace._plain_update(p, 1.0, np.subtract)  # not a tensor
        assert not inplace._plain_update(p, u[:2], np.subtract)  # another shape (broadcast)
        assert not inplace._plain_update(p[:2], u[:2], np.subtract)  # a view
        assert not inplace._plain_update(p, u.double(), np.subtract)  # another dtype
        e = gradlib.zeros(3, device=device).expand(4, 3)
        with pytest.raises(RuntimeError, match="unsupported operation"):
            e -= u  # an expanded tensor: PyTorch's refusal from the general path
        if device == "cpu":
            before = p.detach().clone()
            assert inplace._plain_update(p, u, np.subtract)
            assert np.array_equal(p.detach().numpy(), (before - u).numpy())


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_state_entries(device, momentum):
    p, u = _pair(device)
    opt = gradlib.optim.SGD([p], lr=0.1, momentum=momentum)
    p.grad = u.clone()
    version = p._version
    opt.step()
    assert p._version == version + 1
    assert (p in opt.state) == bool(momentum)  # PyTorch keeps no entry for a stateless parameter
    if momentum:
        buffer = opt.state[p]["momentum_buffer"]
        assert np.array_equal(buffer.cpu().numpy(), u.cpu().numpy())
        opt.step()
        assert opt.state[p]["momentum_buffer"] is buffer
    opt.zero_grad()
    assert p.grad is None


def test_sgd_deletes_an_empty_existing_entry(device):
    p, u = _pair(device)
    opt = gradlib.optim.SGD([p], lr=0.1)
    assert opt.state[p] == {}  # a defaultdict read enters an empty dict
    p.grad = u.clone()
    opt.step()
    assert p not in opt.state


def test_sgd_step_values_match_the_manual_update(device):
    p, u = _pair(device)
    q = p.detach().clone().requires_grad_()
    opt = gradlib.optim.SGD([p], lr=0.01)
    for _ in range(3):
        p.grad = u.clone()
        opt.step()
        with gradlib.no_grad():
            q -= 0.01 * u
    assert np.array_equal(p.detach().cpu().numpy(), q.detach().cpu().numpy())


def test_step_hooks_with_and_without_hooks(device):
    p, u = _pair(device)
    opt = gradlib.optim.SGD([p], lr=0.1)
    calls = []

    def pre(optimizer, args, kwargs):
        calls.append("pre")
        optimizer.register_step_post_hook(lambda *a: calls.append("late post"))  # registered during the step

    p.grad = u.clone()
    opt.step()  # no hooks: the shortcut
    assert calls == []
    handle = opt.register_step_pre_hook(pre)
    opt.step()
    assert calls == ["pre", "late post"]
    handle.remove()
    calls.clear()

    def step_registers(optimizer, args, kwargs):
        calls.append("global pre")

    global_handle = gradlib.optim.optimizer.register_optimizer_step_pre_hook(step_registers)
    try:
        opt.step()
    finally:
        global_handle.remove()
    assert calls == ["global pre", "late post"]


def test_no_grad_construction():
    manager = gradlib.no_grad()
    assert type(manager) is gradlib.no_grad
    with manager:
        assert not gradlib.is_grad_enabled()
    assert gradlib.is_grad_enabled()

    @gradlib.no_grad
    def f():
        return gradlib.is_grad_enabled()

    assert f() is False
    with gradlib.inference_mode():
        assert gradlib.is_inference_mode_enabled()
