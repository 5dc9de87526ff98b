"""Hooks, anomaly detection, inference mode, saved-tensor hooks, checkpointing, memory reports, DOT export."""
import gc
import tracemalloc
import warnings
import weakref

import numpy
import pytest

import gradlib
from gradlib.utils.checkpoint import checkpoint
from gradlib.autograd import functional as F
from gradlib.utils import graph_report, live_graph_report, render_dot, to_dot


def test_leaf_hook_survives_without_graph_and_removes(device):
    x = gradlib.ones(2, requires_grad=True)
    calls = []
    handle = x.register_hook(lambda g: calls.append(1))
    gc.collect()
    (x * 2).sum().backward()
    handle.remove()
    (x * 2).sum().backward()
    assert calls == [1]


def test_hook_replacement_is_what_autograd_grad_returns(device):
    x = gradlib.ones(2, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g * 0 + 7)
    (g,) = gradlib.autograd.grad(y.sum(), y)
    assert g.tolist() == [7.0, 7.0]


def test_anomaly_names_op_and_shows_forward_traceback(device):
    x = gradlib.tensor([-1.0, 4.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with gradlib.autograd.detect_anomaly():
            y = x.sqrt()  # the line the traceback must show
            with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan values in its 0th output"):
                y.sum().backward()
    messages = [str(w.message) for w in caught]
    assert any("Traceback of forward call that caused the error" in m and "y = x.sqrt()" in m for m in messages)
    assert not gradlib.autograd.is_anomaly_enabled()


def test_anomaly_off_lets_nan_through(device):
    x = gradlib.tensor([-1.0], requires_grad=True)
    x.sqrt().sum().backward()
    assert x.grad.tolist()[0] != x.grad.tolist()[0]  # NaN


def test_inference_mode_decorator_and_flags(device):
    x = gradlib.ones(2, requires_grad=True)

    @gradlib.inference_mode()
    def run():
        assert gradlib.is_inference_mode_enabled() and not gradlib.is_grad_enabled()
        return x * 2, gradlib.zeros(2)

    out, made = run()
    assert out.is_inference() and made.is_inference() and not out.requires_grad
    assert not (x * 2).is_inference() and gradlib.is_grad_enabled()


def test_saved_tensors_hooks_offload_round_trip(device):
    packed = []

    def pack(t):
        packed.append(t)
        return t.cpu().clone()

    def unpack(t):
        return t.to(device)

    x = gradlib.tensor([1.0, 2.0, 3.0], requires_grad=True, device=device)
    with gradlib.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = (x.exp() * x).sum()
    y.backward()
    assert len(packed) == 3  # exp's output, and both factors of the product
    expected = (x.detach().exp() * (x.detach() + 1)).tolist()
    assert x.grad.tolist() == pytest.approx(expected)


def test_saved_tensors_hooks_reach_custom_functions(device):
    calls = []

    class Double(gradlib.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t * 2

        @staticmethod
        def backward(ctx, grad):
            (t,) = ctx.saved_tensors
            return grad * 2 + t * 0

    x = gradlib.ones(2, requires_grad=True)
    with gradlib.autograd.graph.saved_tensors_hooks(lambda t: calls.append("pack") or t,
                                                     lambda t: calls.append("unpack") or t):
        y = Double.apply(x)
    y.sum().backward()
    assert calls == ["pack", "unpack"] and x.grad.tolist() == [2.0, 2.0]


def test_checkpoint_gradients_equal_and_memory_smaller(device):
    w = gradlib.randn(64, 64, requires_grad=True)
    x = gradlib.randn(8, 64, requires_grad=True)

    def block(t):
        for _ in range(4):
            t = (t @ w).tanh()
        return t

    plain = block(x).sum()
    saved_plain = graph_report(plain).saved_bytes
    plain.backward()
    grads = (x.grad.clone(), w.grad.clone())
    x.grad = None
    w.grad = None
    checkpointed = checkpoint(block, x).sum()
    assert graph_report(checkpointed).saved_bytes < saved_plain / 4
    checkpointed.backward()
    assert bool(((x.grad - grads[0]).abs() < 1e-4).all())
    assert bool(((w.grad - grads[1]).abs() < 1e-4).all())


def test_checkpoint_replays_random_numbers(device):
    x = gradlib.ones(5, requires_grad=True)
    noise = []

    def noisy(t):
        sample = gradlib.randn(5, device=t.device)
        noise.append(sample)
        return t * sample

    checkpoint(noisy, x).sum().backward()
    assert noise[0].tolist() == noise[1].tolist() == x.grad.tolist()


def test_checkpoint_replays_dropout_masks(device):
    """y = dropout(x) * x, so dy/dx = 2 y / x only when backward's recomputation draws forward's mask."""
    x = gradlib.arange(1., 65., device=device).requires_grad_()
    seen = []

    def masked_square(t):
        out = gradlib.nn.functional.dropout(t, p=0.5, training=True) * t
        seen.append(out.detach())
        return out

    checkpoint(masked_square, x).sum().backward()
    assert seen[0].tolist() == seen[1].tolist()
    assert x.grad.tolist() == (2 * seen[0] / x.detach()).tolist()


def test_generator_state_save_and_restore(device):
    """The backend's get_rng_state / set_rng_state (what checkpoint uses): the state is a copy, so drawing
    after saving does not change it, and restoring it twice repeats the same numbers twice."""
    from gradlib.backends import backend_for
    from gradlib.device import resolve
    where = resolve(device)
    backend = backend_for(where)
    gradlib.manual_seed(3)
    gradlib.rand(7, device=device)
    state = backend.get_rng_state(where)
    first = gradlib.rand(4, device=device).tolist()
    gradlib.randn(1000, device=device)
    backend.set_rng_state(where, state)
    assert gradlib.rand(4, device=device).tolist() == first
    backend.set_rng_state(where, state)
    assert gradlib.rand(4, device=device).tolist() == first
    assert gradlib.rand(4, device=device).tolist() != first


def _train(steps, keep_graph_by_mistake, check_every):
    """A small regression loop; returns traced memory every ``check_every`` steps, the running total, and
    whether every step's graph was freed by the end of that step."""
    gradlib.manual_seed(0)
    w = gradlib.randn(16, 1, requires_grad=True)
    data = gradlib.randn(32, 16)
    target = data @ gradlib.ones(16, 1)
    total = 0.0
    reports = numpy.zeros((steps - 1) // check_every + 1, dtype=numpy.int64)  # preallocated: measuring adds nothing
    graphs_freed = True
    for step in range(steps):
        loss = ((data @ w - target) ** 2).mean()
        graph = weakref.ref(loss.grad_fn)
        loss.backward()
        with gradlib.no_grad():
            w -= 0.01 * w.grad
            w.grad = None
        total = total + (loss if keep_graph_by_mistake else loss.item())
        del loss
        graphs_freed = graphs_freed and graph() is None
        if step % check_every == 0:
            reports[step // check_every] = tracemalloc.get_traced_memory()[0]
    return reports.tolist(), total, graphs_freed


def test_training_memory_returns_to_baseline_every_step():
    """4,000 steps: each step's graph is freed by the end of the step (no garbage collector needed), no graph
    node is left alive, and traced memory is flat once CPython's free lists are full (they keep up to 2,000
    small tuples of each size for reuse, which tracemalloc counts: ~110 KB here)."""
    gc.collect()
    baseline_nodes = live_graph_report().nodes
    gc.disable()
    tracemalloc.start()
    try:
        memory, _, graphs_freed = _train(4000, keep_graph_by_mistake=False, check_every=1)
    finally:
        tracemalloc.stop()
        gc.enable()
    assert graphs_freed
    assert live_graph_report().nodes == baseline_nodes
    assert max(memory) - memory[0] < 256 * 1024
    assert max(memory[3000:]) - min(memory[3000:]) < 4096, "memory held after a step kept growing"


def test_graph_kept_alive_by_mistake_is_reported():
    gc.collect()
    baseline = live_graph_report().nodes
    _, total, graphs_freed = _train(50, keep_graph_by_mistake=True, check_every=50)
    report = live_graph_report()
    assert not graphs_freed
    assert report.nodes - baseline >= 50 * 4
    assert report.by_type.get("MeanBackward0", 0) >= 50
    del total


def test_to_dot_marks_leaves_and_shapes(device):
    w = gradlib.ones(3, 2, requires_grad=True)
    x = gradlib.ones(4, 3)
    dot = to_dot((x @ w).relu().sum(), params={"weight": w})
    assert dot.startswith("digraph {") and dot.rstrip().endswith("}")
    for expected in ("MmBackward0", "ReluBackward0", "SumBackward0", "weight\\n(3, 2) float32", "(4, 2) float32"):
        assert expected in dot


def test_to_dot_deep_graph_without_recursion(device):
    x = gradlib.ones(1, requires_grad=True)
    y = x
    for _ in range(20000):
        y = y * 1.0
    assert to_dot(y).count("MulBackward0") == 20000


def test_render_without_graphviz_says_how_to_install(tmp_path):
    try:
        import graphviz  # noqa: F401
        pytest.skip("graphviz is installed here")
    except ImportError:
        pass
    with pytest.raises(RuntimeError, match="pip install graphviz"):
        render_dot(gradlib.ones(1, requires_grad=True) * 2, str(tmp_path / "graph"))


def test_functional_strict_and_create_graph(device):
    x = gradlib.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function does not require gradients"):
        F.vjp(lambda t: gradlib.ones(2), x, gradlib.ones(2), strict=True)
    w = gradlib.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="independent of input 0"):  # requires grad, not through x
        F.vjp(lambda t: w * 2, x, gradlib.ones(2), strict=True)
    _, g = F.vjp(lambda t: (t ** 3).sum(), x.requires_grad_(), create_graph=True)
    assert g.requires_grad
    (second,) = gradlib.autograd.grad(g.sum(), x)
    assert second.tolist() == [6.0, 12.0]
