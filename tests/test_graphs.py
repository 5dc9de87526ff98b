"""gradlib.graphs: a captured step replays bit for bit what the eager step computes, and refuses what it cannot
replay with a message naming it."""
import numpy as np
import pytest

import gradlib
from gradlib import nn

STEPS = 100


def _optimizers():
    return {
        "SGD": lambda p: gradlib.optim.SGD(p, lr=0.05),
        "SGD momentum": lambda p: gradlib.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1),
        "SGD nesterov+decay": lambda p: gradlib.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
        "SGD maximize": lambda p: gradlib.optim.SGD(p, lr=0.01, maximize=True),
        "Adam": lambda p: gradlib.optim.Adam(p, lr=0.01, weight_decay=0.01),
        "Adam amsgrad": lambda p: gradlib.optim.Adam(p, lr=0.01, amsgrad=True),
        "AdamW": lambda p: gradlib.optim.AdamW(p, lr=0.01),
        "RMSprop": lambda p: gradlib.optim.RMSprop(p, lr=0.01),
        "RMSprop centered+momentum": lambda p: gradlib.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True,
                                                                     weight_decay=0.01),
        "Adagrad": lambda p: gradlib.optim.Adagrad(p, lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1),
    }


def _mlp():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.25), nn.Linear(16, 16), nn.Tanh(),
                         nn.Linear(16, 4))


def _cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 4, 3, padding=1), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(4 * 2 * 2, 3))


def _batches(shape, classes, count, seed=1):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(shape).astype(np.float32), rng.integers(0, classes, shape[0])) for _ in
            range(count)]


def _train(device, make_model, make_optimizer, batches, replay, zero_grad_to_none=True):
    """Train for len(batches) steps, eagerly or warm-up + capture + replays; returns losses and parameters."""
    gradlib.manual_seed(0)
    model = make_model().to(device)
    optimizer = make_optimizer(model.parameters())
    static_x = gradlib.zeros(*batches[0][0].shape, device=device)
    static_y = gradlib.zeros(batches[0][0].shape[0], dtype=gradlib.int64, device=device)

    def step():
        optimizer.zero_grad(set_to_none=zero_grad_to_none)
        loss = nn.functional.cross_entropy(model(static_x), static_y)
        loss.backward()
        optimizer.step()
        return loss

    def load(batch):
        static_x.copy_(gradlib.tensor(batch[0], device=device))
        static_y.copy_(gradlib.tensor(batch[1], device=device))

    gradlib.manual_seed(7)  # dropout's draws: the same sequence in both runs
    losses = []
    load(batches[0])
    losses.append(step().detach().cpu().numpy().copy())  # warm-up (the optimizer makes its state)
    if not replay:
        for batch in batches[1:]:
            load(batch)
            losses.append(step().detach().cpu().numpy().copy())
    else:
        graph = gradlib.graphs.StepGraph()
        load(batches[1])
        with gradlib.graphs.graph(graph):
            static_loss = step()
        losses.append(static_loss.detach().cpu().numpy().copy())
        for batch in batches[2:]:
            load(batch)
            graph.replay()
            losses.append(static_loss.detach().cpu().numpy().copy())
    state = [t.detach().cpu().numpy().copy() for t in model.state_dict().values()]
    grads = [p.grad.detach().cpu().numpy().copy() for p in model.parameters() if p.grad is not None]
    return np.array(losses), state, grads


def _assert_same(eager, replayed, device):
    exact = str(device).startswith("cpu")
    for a, b in zip([eager[0]] + eager[1] + eager[2], [replayed[0]] + replayed[1] + replayed[2]):
        if exact:
            assert np.array_equal(a, b), np.abs(a - b).max()
        else:
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert len(eager[1]) == len(replayed[1]) and len(eager[2]) == len(replayed[2])


@pytest.mark.parametrize("name", list(_optimizers()))
def test_mlp_replay_equals_eager_for_100_steps(device, name):
    batches = _batches((6, 8), 4, STEPS)
    make = _optimizers()[name]
    eager = _train(device, _mlp, make, batches, replay=False)
    replayed = _train(device, _mlp, make, batches, replay=True)
    assert len(replayed[0]) == STEPS
    _assert_same(eager, replayed, device)
    assert not np.array_equal(replayed[0][1], replayed[0][-1])  # the replays did train


@pytest.mark.parametrize("name", ["SGD momentum", "Adam"])
def test_cnn_with_batch_norm_replay_equals_eager_for_100_steps(device, name):
    batches = _batches((4, 1, 8, 8), 3, STEPS, seed=2)
    make = _optimizers()[name]
    eager = _train(device, _cnn, make, batches, replay=False)
    replayed = _train(device, _cnn, make, batches, replay=True)
    _assert_same(eager, replayed, device)  # state_dict: BatchNorm's running stats and batch count too


def test_zero_grad_in_place_is_replayed(device):
    batches = _batches((6, 8), 4, 20)
    make = _optimizers()["SGD momentum"]
    eager = _train(device, _mlp, make, batches, replay=False, zero_grad_to_none=False)
    replayed = _train(device, _mlp, make, batches, replay=True, zero_grad_to_none=False)
    _assert_same(eager, replayed, device)


def test_dropout_draws_fresh_numbers_on_every_replay(device):
    x = gradlib.ones(1000, device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        out = nn.functional.dropout(x, 0.5)
    seen = [out.cpu().numpy().copy()]
    for _ in range(3):
        graph.replay()
        seen.append(out.cpu().numpy().copy())
    for earlier, later in zip(seen, seen[1:]):
        assert not np.array_equal(earlier, later)
        assert set(np.unique(later)) <= {0.0, 2.0}


def test_static_outputs_are_written_in_place_and_inputs_read_in_place(device):
    w = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    x = gradlib.tensor([3.0, 4.0], device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        loss = (w * x).sum()
        loss.backward()
    grad = w.grad
    x.copy_(gradlib.tensor([10.0, 20.0], device=device))
    graph.replay()
    assert loss.item() == 50.0 and w.grad is grad and grad.tolist() == [10.0, 20.0]


def test_program_runs_without_tensors_or_a_backward_walk(device, monkeypatch):
    from gradlib.autograd import engine
    w = gradlib.ones(3, requires_grad=True, device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        (w.sin() * 2).sum().backward()
    monkeypatch.setattr(engine, "run_backward", None)
    monkeypatch.setattr(gradlib._tensor, "wrap", None)  # the replay builds no Tensor and walks no graph
    graph.replay()
    assert np.allclose(w.grad.cpu().numpy(), 2 * np.cos(np.ones(3)))


# ----- guard rails ---------------------------------------------------------------------------------------
def _capture(function):
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        function()
    return graph


@pytest.mark.parametrize("make, named", [
    (lambda x: x[x > 0], "boolean mask indexing"),
    (lambda x: gradlib.masked_select(x, x > 0), "boolean mask indexing"),
    (lambda x: x.sum().item(), "Tensor.item()"),
    (lambda x: bool(x.sum() > 0), "Tensor.item()"),
    (lambda x: float(x.sum()), "Tensor.item()"),
    (lambda x: x.tolist(), "Tensor.tolist()"),
    (lambda x: x.numpy(), "Tensor.numpy()"),
    (lambda x: gradlib.tensor(x), "gradlib.tensor(a tensor)"),
    (lambda x: gradlib.nonzero(x), "Nonzero (nonzero)"),
    (lambda x: gradlib.where(x > 0), "one-argument where"),
    (lambda x: gradlib.unique(x), "Unique2Backward0 (unique)"),
    (lambda x: gradlib.unique_consecutive(x), "unique_consecutive"),
    (lambda x: gradlib.allclose(x, x), "Tensor.item()"),
])
def test_data_dependent_work_is_refused_at_capture(device, make, named):
    x = gradlib.tensor([1.0, -2.0, 3.0], device=device)
    with pytest.raises(RuntimeError, match=r"gradlib\.graphs: .*cannot be captured") as error:
        _capture(lambda: make(x))
    assert named in str(error.value)
    assert gradlib.autograd.capture.recorder is None  # the failed capture left eager mode as it was


def test_anomaly_mode_hooks_and_higher_order_are_refused(device):
    w = gradlib.ones(2, requires_grad=True, device=device)
    with gradlib.autograd.set_detect_anomaly(True):
        with pytest.raises(RuntimeError, match="anomaly mode .*cannot be captured"):
            _capture(lambda: None)
    w.register_hook(lambda grad: grad)
    with pytest.raises(RuntimeError, match="a tensor hook on a leaf cannot be captured"):
        _capture(lambda: (w * 2).sum().backward())
    v = gradlib.ones(2, requires_grad=True, device=device)
    with pytest.raises(RuntimeError, match=r"backward\(create_graph=True\) cannot be captured"):
        _capture(lambda: (v * v).sum().backward(create_graph=True))
    with pytest.raises(RuntimeError, match="autograd.grad .*cannot be captured"):
        _capture(lambda: gradlib.autograd.grad((v * v).sum(), v))

    def retained():
        h = v * 2
        h.retain_grad()
        h.sum().backward()

    with pytest.raises(RuntimeError, match="hooks, retain_grad .*cannot be captured"):
        _capture(retained)
    with pytest.raises(RuntimeError, match="saved_tensors_hooks cannot be captured"):
        with gradlib.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            _capture(lambda: None)


def test_custom_function_and_optimizer_state_creation_are_refused(device):
    class Double(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    w = gradlib.ones(2, requires_grad=True, device=device)
    with pytest.raises(RuntimeError, match="custom autograd.Function Double cannot be captured"):
        _capture(lambda: Double.apply(w))
    optimizer = gradlib.optim.Adam([w])

    def first_step():
        (w * w).sum().backward()
        optimizer.step()

    with pytest.raises(RuntimeError, match=r"Adam.step\(\) creating its state .*warm-up"):
        _capture(first_step)


def test_replay_refuses_an_input_with_new_shape_dtype_or_storage(device):
    w = gradlib.ones(3, requires_grad=True, device=device)
    x = gradlib.ones(3, device=device)

    def step():
        w.grad = None
        (w * x).sum().backward()

    graph = _capture(step)
    graph.replay()
    x.data = gradlib.ones(4, device=device)
    with pytest.raises(RuntimeError, match=r"static input 1 .*captured with shape \[3\], dtype float32 .* now has "
                                           r"shape \[4\].*copy_\(new\)"):
        graph.replay()
    x.data = gradlib.ones(3, dtype=gradlib.float64, device=device)
    with pytest.raises(RuntimeError, match="now has shape \\[3\\], dtype float64"):
        graph.replay()
    x.data = gradlib.ones(3, device=device)
    with pytest.raises(RuntimeError, match="now has new storage"):
        graph.replay()


def test_replay_before_capture_and_nested_captures_are_refused(device):
    with pytest.raises(RuntimeError, match="nothing was captured"):
        gradlib.graphs.StepGraph().replay()
    outer = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(outer):
        with pytest.raises(RuntimeError, match="captures do not nest"):
            with gradlib.graphs.graph(gradlib.graphs.StepGraph()):
                pass
    outer.replay()


def test_requires_grad_set_during_capture_behaves_as_in_eager_mode(device):
    x = gradlib.tensor([1.0, 2.0], device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        x.requires_grad_()
        loss = (x * x).sum()
        loss.backward()
    assert x.requires_grad and x.grad.tolist() == [2.0, 4.0]
    with gradlib.no_grad():
        x.mul_(2)
    graph.replay()
    assert loss.item() == 20.0 and x.grad.tolist() == [4.0, 8.0]


def test_other_threads_run_eagerly_during_a_capture(device):
    import threading
    w = gradlib.ones(2, requires_grad=True, device=device)
    seen = {}

    def elsewhere():
        v = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
        (v * v).sum().backward()
        seen["grad"] = v.grad.tolist()
        seen["value"] = (v * 3).sum().item()  # a host read: fine on a thread that is not capturing

    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        loss = (w * w).sum()
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
        loss.backward()
    assert seen == {"grad": [2.0, 4.0], "value": 9.0}
    with gradlib.no_grad():
        w.mul_(2)
    graph.replay()
    assert loss.item() == 8.0 and w.grad.tolist() == [4.0, 4.0]
