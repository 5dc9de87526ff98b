"""gradlib.cuda.CUDAGraph / graph / make_graphed_callables (CuPy stream capture). They need CUDA: a GPU, or
``pytest --device cuda --cupy-stand-in``, whose stream capture records and replays like CUDA's and fails where
CUDA fails (a host sync, a cudaMalloc from a cold pool, work on another stream)."""
import numpy as np
import pytest

import gradlib
from gradlib import nn

needs_cuda = pytest.mark.skipif(not gradlib.cuda.is_available(),
                                reason="no usable CUDA (a GPU, or pytest --device cuda --cupy-stand-in)")
pytestmark = needs_cuda

STEPS = 100


@pytest.fixture
def cuda(device):
    """The device under test, made current: a CUDA graph captures on the current GPU's stream (as PyTorch's)."""
    name = device if str(device).startswith("cuda") else "cuda"
    with gradlib.backends.device_guard(gradlib.device(name)):
        yield name


def _host(tensor):
    return tensor.detach().cpu().numpy().copy()


def test_replay_reruns_the_captured_kernels_on_new_input_values(cuda):
    x = gradlib.tensor([1.0, 2.0, 3.0], device=cuda)
    with gradlib.cuda.side_stream():
        (x * 2).sin()  # warm-up on the capture stream: the pool caches the sizes the capture allocates
    graph = gradlib.cuda.CUDAGraph()
    with gradlib.cuda.graph(graph):
        y = (x * 2).sin()
    x.copy_(gradlib.tensor([0.5, 0.25, 0.0], device=cuda))
    graph.replay()
    assert np.allclose(_host(y), np.sin(2 * np.array([0.5, 0.25, 0.0])), atol=1e-6)
    x.copy_(gradlib.tensor([-1.0, 1.0, 2.0], device=cuda))
    graph.replay()
    assert np.allclose(_host(y), np.sin(2 * np.array([-1.0, 1.0, 2.0])), atol=1e-6)
    graph.reset()
    with pytest.raises(RuntimeError, match="was not captured"):
        graph.replay()


def _train(cuda, make_optimizer, batches, graphed, warmup=3):
    gradlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 4)).to(cuda)
    optimizer = make_optimizer(model.parameters())
    static_x = gradlib.zeros(*batches[0][0].shape, device=cuda)
    static_y = gradlib.zeros(batches[0][0].shape[0], dtype=gradlib.int64, device=cuda)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(static_x), static_y)
        loss.backward()
        optimizer.step()
        return loss

    def load(batch):
        static_x.copy_(gradlib.tensor(batch[0], device=cuda))
        static_y.copy_(gradlib.tensor(batch[1], device=cuda))

    losses = []
    with gradlib.cuda.side_stream():  # warm-up iterations on the capture stream (PyTorch's recipe)
        for batch in batches[:warmup]:
            load(batch)
            losses.append(_host(step()))
    if graphed:
        graph = gradlib.cuda.CUDAGraph()
        with gradlib.cuda.graph(graph):
            static_loss = step()  # recorded, not run: the parameters stay as they were
        for batch in batches[warmup:]:
            load(batch)
            graph.replay()
            losses.append(_host(static_loss))
    else:
        for batch in batches[warmup:]:
            load(batch)
            losses.append(_host(step()))
    return np.array(losses), [_host(t) for t in model.state_dict().values()], optimizer


@pytest.mark.parametrize("name, make", [
    ("SGD momentum nesterov", lambda p: gradlib.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adam capturable", lambda p: gradlib.optim.Adam(p, lr=0.01, capturable=True)),
    ("AdamW capturable amsgrad", lambda p: gradlib.optim.AdamW(p, lr=0.01, amsgrad=True, capturable=True)),
    ("RMSprop capturable", lambda p: gradlib.optim.RMSprop(p, lr=0.01, centered=True, capturable=True)),
    ("Adagrad capturable", lambda p: gradlib.optim.Adagrad(p, lr=0.1, lr_decay=0.01, capturable=True)),
])
def test_graphed_training_step_equals_eager_for_100_steps(cuda, name, make):
    rng = np.random.default_rng(3)
    batches = [(rng.standard_normal((6, 8)).astype(np.float32), rng.integers(0, 4, 6)) for _ in range(STEPS)]
    eager_losses, eager_state, eager_optimizer = _train(cuda, make, batches, graphed=False)
    graph_losses, graph_state, graph_optimizer = _train(cuda, make, batches, graphed=True)
    np.testing.assert_allclose(graph_losses, eager_losses, rtol=1e-5, atol=1e-6)
    for a, b in zip(eager_state, graph_state):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    for state in graph_optimizer.state.values():  # the step count lives on the device and was advanced there
        step = state.get("step")
        if step is not None:
            assert isinstance(step, gradlib.Tensor) and step.device.type == "cuda" and step.item() == STEPS


def test_capture_refuses_host_reads_and_python_step_counters(cuda):
    x = gradlib.ones(4, device=cuda)
    with gradlib.cuda.side_stream():
        x.sum()
    with pytest.raises(RuntimeError, match=r"Tensor.item\(\) .*cannot be captured"):
        with gradlib.cuda.graph(gradlib.cuda.CUDAGraph()):
            if x.sum() > 0:
                pass
    with pytest.raises(RuntimeError, match="boolean mask indexing .*cannot be captured"):
        with gradlib.cuda.graph(gradlib.cuda.CUDAGraph()):
            x[x > 0]
    w = gradlib.nn.Parameter(gradlib.ones(4, device=cuda))
    optimizer = gradlib.optim.Adam([w], lr=0.1)
    with gradlib.cuda.side_stream():
        (w * w).sum().backward()
        optimizer.step()
    with pytest.raises(RuntimeError, match="capture of step.. for an instance of Adam but param_groups' "
                                           "capturable is False"):
        with gradlib.cuda.graph(gradlib.cuda.CUDAGraph()):
            optimizer.step()
    assert gradlib.autograd.capture.recorder is None
    x + 1  # eager mode works again after the refused captures


def test_capture_needs_a_side_stream_and_a_warm_pool(cuda):
    graph = gradlib.cuda.CUDAGraph()
    with pytest.raises(RuntimeError, match="must be captured on a non-default stream"):
        graph.capture_begin()
    x = gradlib.ones(1234, device=cuda)
    with pytest.raises(Exception, match="cudaErrorStreamCapture") as error:
        with gradlib.cuda.graph(graph):
            x * 3.5  # never computed on the capture stream before: the pool must cudaMalloc
    assert type(error.value).__name__ == "CUDARuntimeError"
    with gradlib.cuda.graph(graph, capture_error_mode="relaxed"):  # relaxed mode allows the cudaMalloc
        y = x * 3.5
    graph.replay()
    assert _host(y)[0] == 3.5


def test_make_graphed_callables_module_and_function(cuda):
    gradlib.manual_seed(1)
    module = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 3)).to(cuda)
    reference = nn.Sequential(nn.Linear(5, 7), nn.ReLU(), nn.Linear(7, 3)).to(cuda)
    reference.load_state_dict(module.state_dict())
    sample = gradlib.zeros(4, 5, device=cuda, requires_grad=True)
    graphed = gradlib.cuda.make_graphed_callables(module, (sample,))
    assert graphed is module
    rng = np.random.default_rng(0)
    for _ in range(3):
        data = rng.standard_normal((4, 5)).astype(np.float32)
        x = gradlib.tensor(data, device=cuda, requires_grad=True)
        x_ref = gradlib.tensor(data, device=cuda, requires_grad=True)
        out = graphed(x)
        out_ref = reference(x_ref)
        np.testing.assert_allclose(_host(out), _host(out_ref), rtol=1e-5, atol=1e-6)
        (out * out).sum().backward()
        (out_ref * out_ref).sum().backward()
        np.testing.assert_allclose(_host(x.grad), _host(x_ref.grad), rtol=1e-5, atol=1e-6)
        for p, q in zip(module.parameters(), reference.parameters()):
            np.testing.assert_allclose(_host(p.grad), _host(q.grad), rtol=1e-5, atol=1e-6)  # accumulated

    def scale(a, b):
        return (a * b).tanh()

    a = gradlib.ones(3, device=cuda, requires_grad=True)
    b = gradlib.full((3,), 0.5, device=cuda)
    graphed_scale = gradlib.cuda.make_graphed_callables(scale, (a, b))
    u = gradlib.tensor([0.1, 0.2, 0.3], device=cuda, requires_grad=True)
    v = gradlib.tensor([2.0, 1.0, 0.0], device=cuda)
    result = graphed_scale(u, v)
    result.sum().backward()
    expected = np.tanh(np.array([0.2, 0.2, 0.0]))
    np.testing.assert_allclose(_host(result), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(_host(u.grad), (1 - expected ** 2) * np.array([2.0, 1.0, 0.0]), rtol=1e-5,
                               atol=1e-6)


def test_stand_in_capture_records_replays_and_fails_like_cuda(cuda):
    cupy = pytest.importorskip("cupy")
    if not hasattr(cupy, "_stand_in"):
        pytest.skip("checks the CuPy stand-in's emulation of stream capture")
    stream = cupy.cuda.Stream(non_blocking=True)
    a = cupy.ones(4, dtype=cupy.float32)
    with stream:
        a * 2 + 1  # warm: these sizes are cached for this stream
        stream.begin_capture()
        assert stream.is_capturing()
        a[...] = 5  # recorded, and undone at the end of the capture (a capture runs nothing)
        b = a * 2 + 1
        graph = stream.end_capture()
    assert not stream.is_capturing()
    assert float(a[0]) == 1.0 and np.isnan(float(b[0]))
    graph.launch()
    assert float(a[0]) == 5.0 and float(b[0]) == 11.0
    with stream:
        stream.begin_capture()
        with pytest.raises(Exception, match="cudaErrorStreamCaptureUnsupported.*host sync: float"):
            float(a.sum())
        with pytest.raises(Exception, match="cudaErrorStreamCaptureInvalidated"):
            stream.end_capture()
    with pytest.raises(Exception, match="null stream cannot capture"):
        cupy.cuda.Stream.null.begin_capture()
