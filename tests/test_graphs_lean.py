"""gradlib.graphs' lean records (gradlib.autograd.capture_lean): on the CPU the replay runs common ops as closures
with fixed buffers; they give, replay after replay, the bits the eager formulas give (edge values included),
and a lean record that would not is left out at capture."""
import numpy as np
import pytest

import gradlib
from gradlib import nn
from gradlib.autograd import capture_lean

F = nn.functional


def _edge_values(rng, shape, edges=True):
    """Random values with -0., +0., NaN, +-inf and exact ties sprinkled in (``edges``)."""
    values = rng.standard_normal(shape).astype(np.float32)
    if not edges:
        return values
    flat = values.reshape(-1)
    picks = rng.choice(flat.size, size=min(flat.size, 12), replace=False)
    specials = np.array([-0.0, 0.0, np.nan, np.inf, -np.inf, 1.5, 1.5, -0.0, np.nan, 0.0, -2.0, -2.0],
                        dtype=np.float32)
    flat[picks] = specials[:picks.size]
    return values


def _run(device, shapes, params, step, replay, batches=4, seed=0, edges=True):
    """``step(inputs, params)`` (returns the tensors to compare) on ``batches`` batches of new input values,
    eagerly or captured on the first and replayed on the others; returns every output and .grad as arrays."""
    rng = np.random.default_rng(seed)
    data = [[_edge_values(rng, shape, edges) for shape in shapes] for _ in range(batches)]
    tensors = [gradlib.tensor(p, requires_grad=True, device=device) for p in params]
    inputs = [gradlib.zeros(*shape, device=device) for shape in shapes]
    seen = []

    def load(batch):
        for tensor, values in zip(inputs, batch):
            tensor.copy_(gradlib.tensor(values, device=device))

    def take(outputs):
        seen.append([o.detach().cpu().numpy().copy() for o in outputs] +
                    [t.grad.cpu().numpy().copy() for t in tensors])

    def full_step():
        for t in tensors:
            t.grad = None
        outputs = step(inputs, tensors)
        outputs[0].backward()
        return outputs

    if not replay:
        for batch in data:
            load(batch)
            take(full_step())
        return seen, None
    graph = gradlib.graphs.StepGraph()
    load(data[0])
    with gradlib.graphs.graph(graph):
        outputs = full_step()
    take(outputs)
    for batch in data[1:]:
        load(batch)
        graph.replay()
        take(outputs)
    return seen, graph


def _lean_names(graph):
    """The names of the lean closures in a replay program (their builders' names)."""
    return {function.__qualname__.split(".")[0] for function in graph._program.names.values()
            if getattr(function, "__module__", None) == capture_lean.__name__}


def _assert_bits(eager, replayed, device):
    assert len(eager) == len(replayed)
    for eager_step, replayed_step in zip(eager, replayed):
        for a, b in zip(eager_step, replayed_step):
            if str(device).startswith("cpu"):
                assert a.dtype == b.dtype and a.shape == b.shape
                assert np.array_equal(a.reshape(-1).view(np.uint8), b.reshape(-1).view(np.uint8)), (a, b)  # the bits: -0., NaN payloads
            else:
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _check(device, shapes, params, step, expected_lean, edges=True):
    eager, _ = _run(device, shapes, params, step, replay=False, edges=edges)
    replayed, graph = _run(device, shapes, params, step, replay=True, edges=edges)
    _assert_bits(eager, replayed, device)
    used = _lean_names(graph)
    if str(device).startswith("cpu"):
        assert set(expected_lean) <= used, used
    else:
        assert not used  # the lean records are for the CPU's NumPy (their check at capture reads values)
    return graph


def _weights(rng, *shape):
    return (rng.standard_normal(shape) * 0.5).astype(np.float32)


def test_relu_linear_matmul_add_log_softmax(device):
    rng = np.random.default_rng(3)
    params = [_weights(rng, 5, 6), _weights(rng, 6), _weights(rng, 4, 6), _weights(rng, 4)]

    def step(inputs, p):
        h = (inputs[0] @ p[0] + p[1]).relu()
        logits = F.linear(h, p[2], p[3])
        out = F.log_softmax(logits, 1)
        return (out.sum() + (h * 0.5).sum()), h, out

    graph = _check(device, [(7, 5)], params, step,
                   {"_relu_forward", "_relu_backward", "_matmul_backward", "_addmm_forward", "_addmm_backward",
                    "_log_softmax_forward", "_log_softmax_backward", "_mul_scalar_forward", "sum_to"}, edges=False)
    if str(device).startswith("cpu"):  # x @ W + b: the lean matmul and add records fused into one
        assert _count_fused(graph) == 1


def _count_fused(graph):
    """How many records of the program are a matmul fused with the add after it."""
    return sum(getattr(function, "__qualname__", "").startswith("_product_then")
               for function in graph._program.names.values())


def test_matmul_then_add_fuses_only_where_the_product_is_used_once(device):
    """``x @ W + b`` and ``b + x @ W`` replay as one record each, writing the sum into the product's buffer
    (the operands' order kept); a product read twice, or followed by something else than an add, stays its
    own record."""
    rng = np.random.default_rng(12)
    params = [_weights(rng, 5, 6), _weights(rng, 6), _weights(rng, 6, 3)]

    def step(inputs, p):
        left = inputs[0] @ p[0] + p[1]
        right = p[1] + inputs[0] @ p[0]
        shared = inputs[0] @ p[0]
        twice = (shared + p[1]) * (shared + 1.0)
        return left.sum() + (right * 2.0).sum() + twice.sum() + (left @ p[2]).sum(), left, right, twice

    graph = _check(device, [(7, 5)], params, step, {"_matmul_backward", "sum_to"})
    if str(device).startswith("cpu"):
        assert _count_fused(graph) == 2, graph._program.source


def test_relu_of_edge_values_keeps_negative_zero_and_nan(device):
    def step(inputs, p):
        out = (inputs[0] * p[0]).relu()
        return (out * 1.0).sum(), out

    graph = _check(device, [(64,)], [np.ones(64, np.float32)], step, {"_relu_forward", "_relu_backward"})
    if str(device).startswith("cpu"):
        x = gradlib.tensor([-0.0, -1.0, np.nan, -np.inf, np.inf, 0.0], device=device)
        eager = x.relu().cpu().numpy()
        assert np.signbit(eager[0]) and not np.signbit(eager[1]) and np.isnan(eager[2])
        assert graph is not None


@pytest.mark.parametrize("bias, padding, stride", [(True, 1, 1), (False, 0, 1), (True, 2, 2)])
def test_conv2d_and_max_pool(device, bias, padding, stride):
    rng = np.random.default_rng(4)
    params = [_weights(rng, 3, 2, 3, 3)] + ([_weights(rng, 3)] if bias else [])

    def step(inputs, p):
        h = F.conv2d(inputs[0], p[0], p[1] if bias else None, stride=stride, padding=padding).relu()
        pooled = F.max_pool2d(h, 2)
        return pooled.sum() + (pooled * pooled).sum(), h, pooled

    _check(device, [(2, 2, 9, 9)], params, step,
           {"_conv_forward", "_conv_backward", "_max_pool_forward", "_max_pool_backward", "_relu_forward"})


def test_max_pool_ties_and_nan_windows(device):
    x = np.zeros((1, 1, 4, 4), np.float32)  # all ties: the first maximum of each window wins
    x[0, 0, 2:, 2:] = [[np.nan, 1.0], [np.nan, 2.0]]  # two NaNs in a window: the last one wins

    w = gradlib.tensor(np.ones((1, 1, 4, 4), np.float32), requires_grad=True, device=device)
    static_x = gradlib.tensor(np.ones((1, 1, 4, 4), np.float32), device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        pooled, indices = F.max_pool2d(static_x * w, 2, return_indices=True)
        pooled.sum().backward()
    static_x.copy_(gradlib.tensor(x, device=device))
    graph.replay()
    replay_grad, replay_indices = w.grad.cpu().numpy().copy(), indices.cpu().numpy().copy()
    w2 = gradlib.tensor(np.ones((1, 1, 4, 4), np.float32), requires_grad=True, device=device)
    eager_pooled, eager_indices = F.max_pool2d(gradlib.tensor(x, device=device) * w2, 2, return_indices=True)
    eager_pooled.sum().backward()
    assert np.array_equal(replay_indices, eager_indices.cpu().numpy())
    assert replay_indices.reshape(-1).tolist() == [0, 2, 8, 14]
    assert np.array_equal(replay_grad, w2.grad.cpu().numpy(), equal_nan=True)
    assert np.array_equal(pooled.detach().cpu().numpy(), eager_pooled.detach().cpu().numpy(), equal_nan=True)


def test_overlapping_pooling_keeps_the_formulas(device):
    """Overlapping windows accumulate in backward: that backward stays the formula, which reads what the
    forward left in its node, so the forward stays the formula too."""
    def step(inputs, p):
        pooled = F.max_pool2d((inputs[0] * p[0]).relu(), 3, stride=2)
        return pooled.sum(), pooled

    graph = _check(device, [(1, 2, 7, 7)], [np.ones((1, 2, 7, 7), np.float32)], step, {"_relu_forward"})
    assert "_max_pool_forward" not in _lean_names(graph) and "_max_pool_backward" not in _lean_names(graph)


def test_a_lean_record_that_differs_from_the_formula_is_left_out(device, monkeypatch):
    """The capture runs each lean record on the capture's arrays and keeps it only if it gives the formula's
    bits: a builder gone wrong (here, ReLU off by one) costs speed, never correctness."""
    xp_relu = capture_lean.FORWARD["ReluBackward0"]

    def wrong(ctx, xp, arrays, result):
        lean = xp_relu(ctx, xp, arrays, result)
        if lean is None:
            return None
        function, positions = lean
        return (lambda a: function(a) + 1), positions

    monkeypatch.setitem(capture_lean.FORWARD, "ReluBackward0", wrong)
    rng = np.random.default_rng(5)

    def step(inputs, p):
        out = (inputs[0] @ p[0]).relu()
        return out.sum(), out

    graph = _check(device, [(3, 4)], [_weights(rng, 4, 4)], step, {"_relu_backward", "_matmul_forward"})
    assert "wrong" not in {f.__qualname__.split(".")[0] for f in graph._program.names.values()
                              if callable(f) and hasattr(f, "__qualname__")}  # (graph nodes are callable too)


def test_buffers_are_not_shared_with_what_the_user_holds(device):
    """A replay writes its results into the captured step's tensors (copies out of its buffers): results the
    user copied out of an earlier replay keep their values."""
    rng = np.random.default_rng(6)
    w = gradlib.tensor(_weights(rng, 4, 4), requires_grad=True, device=device)
    x = gradlib.tensor(_weights(rng, 2, 4), device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        h = (x @ w).relu()
        h.sum().backward()
    first = h.detach().clone()
    x.copy_(gradlib.tensor(_weights(rng, 2, 4), device=device))
    graph.replay()
    assert not np.array_equal(first.cpu().numpy(), h.detach().cpu().numpy())
    assert np.array_equal(h.detach().cpu().numpy(), np.maximum(x.cpu().numpy() @ w.detach().cpu().numpy(), 0))


def test_replay_prints_no_numpy_warnings_as_eager_mode(device):
    """Eager ops run with NumPy's floating-point warnings off (PyTorch prints none); so do the replay and the
    capture's checks of the lean records."""
    import warnings
    w = gradlib.tensor([1.0, 2.0], requires_grad=True, device=device)
    x = gradlib.tensor([[np.inf, -np.inf], [1.0, 2.0]], device=device)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = gradlib.graphs.StepGraph()
        with gradlib.graphs.graph(graph):
            w.grad = None
            loss = F.log_softmax((x @ w.reshape(2, 1)).relu(), 0).sum()
            loss.backward()
        graph.replay()
    assert np.isnan(loss.item())


def test_cross_entropy_targets_are_read_at_each_replay_and_checked(device):
    """nll_loss's lean records read the targets of each replay (ignored ones included) and a class index out
    of range still raises PyTorch's IndexError."""
    rng = np.random.default_rng(8)
    w = gradlib.tensor(_weights(rng, 5, 4), requires_grad=True, device=device)
    x = gradlib.tensor(_weights(rng, 6, 5), device=device)
    y = gradlib.tensor([0, 1, 2, 3, 1, 0], device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        loss = F.cross_entropy(x @ w, y, ignore_index=2)
        loss.backward()
    for targets in ([3, 3, 2, 0, 1, 2], [2, 2, 2, 2, 2, 1]):
        y.copy_(gradlib.tensor(targets, device=device))
        graph.replay()
        w2 = gradlib.tensor(w.detach().cpu().numpy(), requires_grad=True, device=device)
        eager = F.cross_entropy(x @ w2, gradlib.tensor(targets, device=device), ignore_index=2)
        eager.backward()
        _assert_bits([[eager.detach().cpu().numpy(), w2.grad.cpu().numpy()]],
                     [[loss.detach().cpu().numpy(), w.grad.cpu().numpy()]], device)
    if str(device).startswith("cpu"):
        assert {"_nll_forward", "_nll_backward"} <= _lean_names(graph)
        y.copy_(gradlib.tensor([0, 1, 7, 3, 1, 0], device=device))
        with pytest.raises(IndexError, match="Target 7 is out of bounds."):
            graph.replay()


def test_backward_twice_with_retain_graph_runs_both_forwards(device, monkeypatch):
    """A node whose backward is recorded once lean (reading its lean forward's state) and once as the formula
    (reading the node) gets both forwards in the replay."""
    lean_nll = capture_lean.BACKWARD["NllLossBackward0"]
    calls = []

    def once(*args):
        calls.append(1)
        return lean_nll(*args) if len(calls) == 1 else None  # the second backward: the formula

    monkeypatch.setitem(capture_lean.BACKWARD, "NllLossBackward0", once)
    rng = np.random.default_rng(9)
    w = gradlib.tensor(_weights(rng, 5, 4), requires_grad=True, device=device)
    x = gradlib.tensor(_weights(rng, 6, 5), device=device)
    y = gradlib.tensor([0, 1, 2, 3, 1, 0], device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        loss = F.cross_entropy(x @ w, y)
        loss.backward(retain_graph=True)
        loss.backward()
    if str(device).startswith("cpu"):
        assert len(calls) == 2 and "_both" in {f.__qualname__.split(".")[0] for f in graph._program.names.values()
                                               if callable(f) and hasattr(f, "__qualname__")}
    y.copy_(gradlib.tensor([3, 2, 1, 0, 0, 1], device=device))
    graph.replay()
    w2 = gradlib.tensor(w.detach().cpu().numpy(), requires_grad=True, device=device)
    eager = F.cross_entropy(x @ w2, y)
    eager.backward(retain_graph=True)
    eager.backward()
    _assert_bits([[eager.detach().cpu().numpy(), w2.grad.cpu().numpy()]],
                 [[loss.detach().cpu().numpy(), w.grad.cpu().numpy()]], device)


def test_hand_written_sgd_update_is_one_record_and_equals_eager(device):
    """``p -= lr * p.grad`` under no_grad: the product and the in-place update replay as one record."""
    rng = np.random.default_rng(10)
    initial = _weights(rng, 4, 3)
    x_values = [_weights(rng, 5, 4) for _ in range(4)]

    def train(replay):
        w = gradlib.tensor(initial, requires_grad=True, device=device)
        x = gradlib.zeros(5, 4, device=device)

        def step():
            w.grad = None
            loss = (x @ w).relu().sum()
            loss.backward()
            with gradlib.no_grad():
                for p in [w]:
                    p -= 0.1 * p.grad
            return loss

        losses = []
        graph = None
        for values in x_values:
            x.copy_(gradlib.tensor(values, device=device))
            if not replay:
                losses.append(step().item())
            elif graph is None:
                graph = gradlib.graphs.StepGraph()
                with gradlib.graphs.graph(graph):
                    loss = step()
                losses.append(loss.item())
            else:
                graph.replay()
                losses.append(loss.item())
        return losses, w.detach().cpu().numpy(), graph

    eager_losses, eager_w, _ = train(False)
    replay_losses, replay_w, graph = train(True)
    assert eager_losses == replay_losses and np.array_equal(eager_w, replay_w)
    if str(device).startswith("cpu"):
        assert "_scaled_update" in {f.__qualname__.split(".")[0] for f in graph._program.names.values()
                                    if callable(f) and hasattr(f, "__qualname__")}


@pytest.mark.parametrize("keep_grad", [True, False])
def test_scaled_update_scales_in_place_only_a_gradient_nothing_else_reads(device, keep_grad):
    """``p -= lr * p.grad`` scales the gradient where it lies (no buffer of its own) only when nothing else
    reads it: a ``.grad`` kept after the step (a static output) or read again in the step keeps its values."""
    rng = np.random.default_rng(13)
    initial = _weights(rng, 4, 3)
    x_values = [_weights(rng, 5, 4) for _ in range(3)]

    def train(replay):
        w = gradlib.tensor(initial, requires_grad=True, device=device)
        x = gradlib.zeros(5, 4, device=device)
        seen = []

        def step():
            w.grad = None
            loss = (x @ w).relu().sum()
            loss.backward()
            norm = None
            with gradlib.no_grad():
                for p in [w]:
                    p -= 0.1 * p.grad
                    if keep_grad:
                        norm = (p.grad * p.grad).sum()  # the gradient read again after the update
                    else:
                        p.grad = None
            return loss, norm

        graph = None
        for values in x_values:
            x.copy_(gradlib.tensor(values, device=device))
            if not replay:
                loss, norm = step()
            elif graph is None:
                graph = gradlib.graphs.StepGraph()
                with gradlib.graphs.graph(graph):
                    loss, norm = step()
            else:
                graph.replay()
            seen.append([loss.detach().cpu().numpy().copy(), w.detach().cpu().numpy().copy()])
            if keep_grad:
                seen[-1] += [norm.cpu().numpy().copy(), w.grad.cpu().numpy().copy()]
        return seen, graph

    eager, _ = train(False)
    replayed, graph = train(True)
    _assert_bits(eager, replayed, device)
    if str(device).startswith("cpu"):
        in_place = any(getattr(f, "__qualname__", "").endswith("update_in_place")
                       for f in graph._program.names.values())
        assert in_place is not keep_grad


def test_cross_entropy_lean_records_all_ignored_negative_targets_and_scaled_loss(device):
    """The lean nll records (one bounds test on the targets read as unsigned, the count of kept rows, the
    gradient put at flat positions) give eager mode's bits with every row ignored (NaN loss, zero gradient),
    with a loss scaled before backward (the incoming gradient is not 1), and refuse a negative class index
    with PyTorch's IndexError."""
    rng = np.random.default_rng(11)
    w = gradlib.tensor(_weights(rng, 5, 4), requires_grad=True, device=device)
    x = gradlib.tensor(_weights(rng, 6, 5), device=device)
    y = gradlib.tensor([0, 1, 2, 3, 1, 0], device=device)
    graph = gradlib.graphs.StepGraph()
    with gradlib.graphs.graph(graph):
        w.grad = None
        loss = F.cross_entropy(x @ w, y, ignore_index=3) * -2.5
        loss.backward()
    for targets in ([3, 3, 3, 3, 3, 3], [1, 3, 0, 2, 2, 1], [0, 0, 0, 0, 0, 0]):
        y.copy_(gradlib.tensor(targets, device=device))
        graph.replay()
        w2 = gradlib.tensor(w.detach().cpu().numpy(), requires_grad=True, device=device)
        eager = F.cross_entropy(x @ w2, gradlib.tensor(targets, device=device), ignore_index=3) * -2.5
        eager.backward()
        _assert_bits([[eager.detach().cpu().numpy(), w2.grad.cpu().numpy()]],
                     [[loss.detach().cpu().numpy(), w.grad.cpu().numpy()]], device)
        if targets[0] == 3:
            assert np.isnan(loss.item()) and not w.grad.cpu().numpy().any()
    if str(device).startswith("cpu"):
        assert {"_nll_forward", "_nll_backward"} <= _lean_names(graph)
        y.copy_(gradlib.tensor([0, 1, -1, 3, 1, 0], device=device))
        with pytest.raises(IndexError, match="Target -1 is out of bounds."):
            graph.replay()
        y.copy_(gradlib.tensor([0, 1, 4, 3, 1, 0], device=device))
        with pytest.raises(IndexError, match="Target 4 is out of bounds."):
            graph.replay()


def test_relu_backward_of_edge_gradients_gives_the_formulas_bits(device):
    """ReLU's lean backward (the gradient's bits times ``out != 0``) on gradients with NaN, +-inf, -0. and
    negatives, at clipped and kept positions alike: +0. where the output is zero (NaN included), the
    gradient's own bits elsewhere."""
    def step(inputs, p):
        out = (inputs[0] * p[0]).relu()
        return (out * inputs[1]).sum(), out

    _check(device, [(96,), (96,)], [np.ones(96, np.float32)], step, {"_relu_forward", "_relu_backward"})


def test_relu_writes_into_an_input_nothing_else_reads(device):
    """ReLU's lean records write into their input where nothing else reads it (the product of x @ W + b
    and of h @ W2 forward, the matmul's input gradient backward); a pre-activation read again keeps
    its values, and every output and gradient keeps eager mode's bits."""
    rng = np.random.default_rng(14)
    params = [_weights(rng, 5, 6), _weights(rng, 6), _weights(rng, 6, 3)]

    def step(inputs, p):
        h = (inputs[0] @ p[0] + p[1]).relu()
        pre = inputs[0] @ p[0] - p[1]
        g = pre.relu() * pre
        return (h @ p[2]).relu().sum() + g.sum(), h, pre, g

    graph = _check(device, [(7, 5)], params, step, {"_relu_forward", "_relu_backward"})
    if str(device).startswith("cpu"):
        names = [getattr(f, "__qualname__", "") for f in graph._program.names.values()]
        assert sum(name.endswith("relu_in_place") for name in names) == 2, graph._program.source  # not pre's
        assert sum(name.endswith("relu_backward_in_place") for name in names) >= 1
