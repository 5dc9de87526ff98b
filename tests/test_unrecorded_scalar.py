"""``t * 2.0``, ``lr * p.grad``, ``t + 1`` when nothing is recorded (grad mode off, or no gradient needed) take
``ops._op.apply_unrecorded_scalar``, apply's fast path without its questions. Each test compares it with
``cls.apply`` (the general path) on the same call: values bit for bit, dtype, strides, flags; the refusals
(views, layouts, dtypes, devices, vmap, capture) must end up in ``cls.apply``."""
import warnings

import numpy as np
import pytest

import gradlib
from gradlib.ops import _op, arithmetic

OPS = [(arithmetic.MulScalar, lambda t, s: t * s), (arithmetic.MulScalar, lambda t, s: s * t),
       (arithmetic.AddScalar, lambda t, s: t + s), (arithmetic.AddScalar, lambda t, s: s + t)]
SCALARS = [0.01, 2, -0.0, 0.0, 1e38, float("inf"), float("nan"), -3, True]


def _host(tensor):
    return tensor.detach().cpu().numpy()


def _same(result, expected):
    assert type(result) is gradlib.Tensor
    assert result.dtype == expected.dtype and result.shape == expected.shape
    assert result.stride() == expected.stride()
    assert result.requires_grad == expected.requires_grad and result.grad_fn is None
    assert result.is_inference() == expected.is_inference()
    assert result.device == expected.device
    a, b = _host(result), _host(expected)
    assert a.tobytes() == b.tobytes()


def _inputs(device):
    rng = np.random.default_rng(1)
    values = rng.standard_normal((4, 6)) * 1e3
    values[0, :4] = [0.0, -0.0, np.inf, np.nan]
    tensors = []
    for dtype in (gradlib.float32, gradlib.float64):
        t = gradlib.tensor(values, dtype=dtype, device=device)
        tensors += [t, t.t(), t[1:3], t.reshape(4, 1, 6), t[:0], t[0, 0], t.reshape(24)]
    tensors += [gradlib.tensor(values, dtype=gradlib.float16, device=device),
                gradlib.tensor([[1, 2], [3, 4]], device=device), gradlib.tensor([True, False], device=device)]
    return tensors


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
def test_matches_apply_under_no_grad(device, index, scalar):
    cls, operator = OPS[index]
    for tensor in _inputs(device):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # NumPy's overflow/invalid warnings stay silent, as PyTorch's
            with gradlib.no_grad():
                result = operator(tensor, scalar)
            expected = cls.apply(tensor, scalar)
        _same(result, expected)


def test_no_grad_on_a_tensor_requiring_grad(device):
    w = gradlib.randn(3, 4, device=device, requires_grad=True)
    with gradlib.no_grad():
        y = 0.5 * w
    assert not y.requires_grad and y.grad_fn is None
    assert np.array_equal(_host(y), _host(w) * np.float32(0.5))
    z = w * 0.5  # grad mode on: recorded as before
    assert z.requires_grad and type(z.grad_fn).__name__ == "MulBackward0"
    z.sum().backward()
    assert np.array_equal(_host(w.grad), np.full((3, 4), 0.5, np.float32))


def test_parameter_gives_a_plain_tensor(device):
    p = gradlib.nn.Parameter(gradlib.ones(2, 3, device=device))
    with gradlib.no_grad():
        y = p * 3.0
    assert type(y) is gradlib.Tensor and not y.requires_grad
    assert np.array_equal(_host(y), np.full((2, 3), 3.0, np.float32))


def test_inference_mode_marks_the_result(device):
    t = gradlib.ones(2, 3, device=device)
    with gradlib.inference_mode():
        y = t * 2.0
        z = t + 1
    assert y.is_inference() and z.is_inference()
    with gradlib.no_grad():
        assert not (t * 2.0).is_inference()


def test_taken_only_where_apply_would_record_nothing(device, monkeypatch):
    """The operators call the lean path exactly when no node is recorded, and it answers only plain CPU float
    tensors: counted by wrapping ``apply`` of the class."""
    calls = []
    real = arithmetic.MulScalar.apply

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(arithmetic.MulScalar, "apply", counting)
    t = gradlib.ones(3, 4, device=device)
    with gradlib.no_grad():
        t * 2.0
    assert len(calls) == (0 if device == "cpu" else 1)
    calls.clear()
    with gradlib.no_grad():
        t.t() * 2.0  # a view: the general path
        t.double().reshape(3, 1, 4) * 2.0  # a size-1 dim: the general path lays it out
    assert len(calls) == 2


def test_vmap_and_replay_capture_take_the_general_path():
    x = gradlib.randn(5, 3, device="cpu")  # the CPU's StepGraph; the lean path is the CPU's
    out = gradlib.func.vmap(lambda row: row * 2.0)(x)
    assert np.array_equal(_host(out), _host(x) * np.float32(2.0))

    w = gradlib.randn(3, requires_grad=True, device="cpu")
    data = gradlib.randn(3, device="cpu")

    def step():
        loss = (w * data).sum()
        loss.backward()
        with gradlib.no_grad():
            w.sub_(0.1 * w.grad)  # the lean path outside capture; recorded into the replay inside it
            w.grad = None
        return loss

    start = w.detach().clone()
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        step()
    with gradlib.no_grad():
        w.copy_(start)
    for _ in range(3):
        graph.replay()
    expected = start.numpy()
    for _ in range(3):
        expected = expected - np.float32(0.1) * data.numpy()
    assert np.array_equal(w.detach().numpy(), expected)


def test_the_profiler_sees_the_calls(device):
    from gradlib.autograd import profiler as autograd_profiler
    t = gradlib.ones(3, device=device)
    with autograd_profiler.profile() as prof:
        with gradlib.no_grad():
            (2.0 * t + 1) * 3
    assert [event.name for event in prof.function_events] == ["aten::mul", "aten::add", "aten::mul"]
    assert _op.apply_wrapped is False  # put back: the shortcut is taken again
