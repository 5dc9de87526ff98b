"""The engine's two-edge path (``_walk``'s ``pair``: mm, add with a broadcast bias, an op whose first operand is
constant) gives what its general edge loop gives: the same gradient bits and dtypes, the same sharing rules
(add's ``(grad, grad)``: the first input borrows the array, the second gets its own), the same order and
buffering. The general loop is what anomaly mode and ``create_graph`` run, so each case runs three ways."""
import numpy as np
import pytest

import gradlib

pytestmark = pytest.mark.filterwarnings("ignore:Anomaly Detection has been enabled")


def _bits(tensor):
    array = tensor.detach().cpu().numpy()
    return array.dtype.str, array.shape, array.tobytes()


def _run(build, mode, device):
    """Leaves' gradients after ``build(leaves)``'s backward, through the fast path or a general one."""
    leaves, output, seed = build(device)
    if mode == "anomaly":
        with gradlib.autograd.detect_anomaly(check_nan=False):
            output.backward(seed)
    elif mode == "create_graph":
        output.backward(seed, create_graph=True)
    else:
        output.backward(seed)
    return leaves


def _leaf(values, device, dtype=gradlib.float32):
    return gradlib.tensor(values, dtype=dtype, device=device, requires_grad=True)


def _mlp(device):
    rng = np.random.default_rng(3)
    x = gradlib.tensor(rng.standard_normal((4, 3)).astype(np.float32), device=device)  # constant: mm's first edge
    w1, b1 = _leaf(rng.standard_normal((3, 5)), device), _leaf(rng.standard_normal(5), device)
    w2, b2 = _leaf(rng.standard_normal((5, 2)), device), _leaf(rng.standard_normal(2), device)
    out = (x @ w1 + b1).relu() @ w2 + b2
    seed = gradlib.tensor([[1.0, -0.0], [np.nan, 2.0], [-np.inf, 0.5], [3.0, -1.0]], device=device)
    return (w1, b1, w2, b2), out, seed


def _same_shape_add(device):  # (grad, grad) handed unreduced to both inputs
    a, b = _leaf([1.0, -2.0, 3.0], device), _leaf([0.5, 0.0, -1.0], device)
    return (a, b), a + b, gradlib.tensor([1.0, -0.0, 2.5], device=device)


def _add_to_itself(device):  # both edges to one node: the second gradient is summed into the first
    a = _leaf([[1.0, 2.0], [3.0, 4.0]], device)
    h = a * 2
    return (a,), h + h, gradlib.tensor([[1.0, 2.0], [-3.0, 0.25]], device=device)


def _mixed_dtypes(device):  # a float64 result: the float32 input's gradient is cast
    a = _leaf([[1.0, 2.0], [3.0, 4.0]], device)
    b = _leaf([0.1, 0.2], device, gradlib.float64)
    return (a, b), (a + b) @ gradlib.tensor([[1.0], [2.0]], dtype=gradlib.float64, device=device), \
        gradlib.tensor([[0.3], [-0.7]], dtype=gradlib.float64, device=device)


def _multi_output_child(device):  # an add whose inputs come from a node with several outputs
    a = _leaf([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], device)
    top, bottom = (a * 1.5).unbind(0)[:2]
    return (a,), top + bottom, gradlib.tensor([1.0, -2.0], device=device)


def _shared_input(device):  # the same leaf on both sides of mm
    a = _leaf([[1.0, 2.0], [3.0, 4.0]], device)
    return (a,), a @ a, gradlib.tensor([[1.0, 0.5], [-1.0, 2.0]], device=device)


CASES = [_mlp, _same_shape_add, _add_to_itself, _mixed_dtypes, _multi_output_child, _shared_input]


@pytest.mark.parametrize("build", CASES, ids=lambda case: case.__name__.strip("_"))
def test_pair_path_equals_the_general_loop(device, build):
    fast = [_bits(leaf.grad) for leaf in _run(build, "fast", device)]
    assert fast == [_bits(leaf.grad) for leaf in _run(build, "anomaly", device)]
    assert fast == [_bits(leaf.grad) for leaf in _run(build, "create_graph", device)]


def test_add_gives_each_input_its_own_gradient(device):
    (a, b), out, seed = _same_shape_add(device)
    out.backward(seed)
    a.grad.add_(1.0)  # in place: b's gradient must not move
    assert b.grad.tolist() == [1.0, -0.0, 2.5]
    assert a.grad.tolist() == [2.0, 1.0, 3.5]


def test_pair_path_node_with_hooks_and_retained_grads(device):
    """Hooks on the inputs of a two-edge node and a retained gradient: the same as without the pair path."""
    seen = []
    results = []
    for mode in ("fast", "anomaly"):
        (w1, b1, w2, b2), out, seed = _mlp(device)
        b2.register_hook(lambda grad: grad * 2)
        w2.register_hook(lambda grad: seen.append(grad.shape))
        out.retain_grad()
        _run(lambda _device: ((w1, b1, w2, b2), out, seed), mode, device)
        results.append([_bits(t.grad) for t in (w1, b1, w2, b2, out)])
    assert results[0] == results[1]
    assert seen == [(5, 2), (5, 2)]


def test_pair_path_second_order(device):
    results = []
    for mode in ("fast", "anomaly"):
        x = _leaf([[0.5, -1.0], [2.0, 0.25]], device, gradlib.float64)
        w = _leaf([[1.0, -2.0], [0.5, 3.0]], device, gradlib.float64)
        b = _leaf([0.1, -0.3], device, gradlib.float64)
        (gx,) = gradlib.autograd.grad(((x @ w + b) ** 2).sum(), x, create_graph=True)
        if mode == "anomaly":
            with gradlib.autograd.detect_anomaly(check_nan=False):
                gx.sum().backward()
        else:
            gx.sum().backward()
        results.append([_bits(t) for t in (gx, w.grad, b.grad)])
    assert results[0] == results[1]
    # sum(2 (xw + b) w^T) in b: 2 rows times 2 w.sum(0)
    assert b.grad.tolist() == (4 * w.detach().sum(0)).tolist()
