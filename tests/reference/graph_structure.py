"""The shape of the recorded graph as tutorials walk it (``grad_fn.next_functions``, recursively): for every
op-registry sample, with all of its float inputs requiring grad and with only the first one requiring grad, the
tree of node names, ``None`` edges and input numbers below each output. Written once for gradlib and PyTorch;
``python tests/reference/record_torch.py graph_structure`` writes ``torch_graph_structure.json`` and
tests/test_graph_structure.py compares gradlib's trees with it.

A tree is ``[name, [[child, input_nr], ...]]``; an ``AccumulateGrad`` node is ``["AccumulateGrad", i]`` where
``i`` is the index of its variable among the sample's inputs (``"other"`` for a parameter made inside the
call); an edge of an input that needs no gradient is ``[None, 0]``; a node met a second time is
``["#", k]`` (the k-th node met, pre-order), and a walk stops after ``LIMIT`` nodes (``"..."``)."""
import warnings

import numpy

try:
    from op_registry import SAMPLES, outputs_of  # as the recorder imports it
except ImportError:
    from ..op_registry import SAMPLES, outputs_of

LIMIT = 60


def node_name(node):
    """The node's name as printed: ``<MulBackward0 object at 0x...>`` -> ``'MulBackward0'``; a custom Function's
    ``<torch.autograd.function.MyBackward ...>`` is compared as gradlib's ``gradlib.autograd.function....``."""
    name = repr(node)[1:].split(" ")[0]
    if name.startswith("torch."):
        name = "gradlib." + name[len("torch."):]
    return name


def tree(root, variables=()):
    """``root``'s graph as nested lists (see the module docstring); ``variables`` are the tensors whose
    AccumulateGrad nodes are named by position."""
    if root is None:
        return None
    seen = {}
    # an explicit stack: (node, the list its tree goes into)
    top = []
    stack = [(root, top)]
    while stack:
        node, into = stack.pop()
        if node is None:
            into.append(None)
            continue
        if id(node) in seen:
            into.append(["#", seen[id(node)]])
            continue
        if len(seen) >= LIMIT:
            into.append("...")
            continue
        seen[id(node)] = len(seen)
        name = node_name(node)
        if name == "AccumulateGrad":
            variable = node.variable
            index = next((i for i, v in enumerate(variables) if v is variable), "other")
            into.append([name, index])
            continue
        edges = []
        into.append([name, edges])
        pending = []
        for child, number in node.next_functions:
            edge = []
            edges.append(edge)
            pending.append((child, edge))
            edge.append(number)
        # children are walked in order: the stack pops the first one first; each child's tree goes before its nr
        for child, edge in reversed(pending):
            stack.append((child, _Front(edge)))
    return top[0]


class _Front:
    """Puts a child's tree in front of its input_nr in an edge ``[input_nr]`` -> ``[tree, input_nr]``."""

    def __init__(self, edge):
        self.edge = edge

    def append(self, value):
        self.edge.insert(0, value)


def _first_only(inputs):
    """The inputs with only the first one that requires grad still requiring it (the others detached)."""
    kept = False
    out = []
    for tensor in inputs:
        if getattr(tensor, "requires_grad", False):
            if kept:
                tensor = tensor.detach()
            kept = True
        out.append(tensor)
    return out


def structures(lib):
    """{'all/<sample>' and 'first/<sample>': [tree per output]}."""
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sample in SAMPLES:
            for variant in ("all", "first"):
                inputs = sample.make_inputs(lib)
                if variant == "first":
                    if sum(getattr(t, "requires_grad", False) for t in inputs) < 2:
                        continue
                    inputs = _first_only(inputs)
                try:
                    outputs = outputs_of(sample.function(lib, *inputs))
                except Exception as error:  # noqa: BLE001 (the class is recorded and compared)
                    found[f"{variant}/{sample.name}"] = {"error": type(error).__name__}
                    continue
                found[f"{variant}/{sample.name}"] = [tree(getattr(o, "grad_fn", None), inputs) for o in outputs]
    return found


def _double(lib):
    class Double(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, y, scale):
            return x * y * scale

        @staticmethod
        def backward(ctx, grad):
            return grad, grad, None
    return Double


def _leaf(lib, *shape, grad=True, seed=0):
    rng = numpy.random.default_rng(seed)
    return lib.tensor(rng.standard_normal(shape), dtype=lib.float32, requires_grad=grad)


def _setitem(x):
    y = x * 1
    y[0] = 5.0
    return y


def _setitem_tensor(lib, x, v):
    y = x * 1
    y[1] = v
    return y


def _view_inplace(x, v):
    y = x * 1
    y[:, 1].mul_(v)
    return y


def _attention(lib, q, k, v):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    return lib.softmax(scores, dim=-1) @ v


def _mlp(lib):
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2))
    x = _leaf(lib, 5, 3, grad=False)
    loss = lib.nn.MSELoss()(model(x), _leaf(lib, 5, 2, grad=False, seed=1))
    return [loss], list(model.parameters())


def _cnn(lib):
    model = lib.nn.Sequential(lib.nn.Conv2d(1, 2, 3), lib.nn.BatchNorm2d(2), lib.nn.ReLU(), lib.nn.MaxPool2d(2),
                              lib.nn.Flatten(), lib.nn.Linear(8, 3))
    x = _leaf(lib, 2, 1, 6, 6, grad=False)
    loss = lib.nn.CrossEntropyLoss()(model(x), lib.tensor([0, 2]))
    return [loss], list(model.parameters())


def _cnn_avg_eval(lib):
    model = lib.nn.Sequential(lib.nn.Conv2d(1, 2, 3, bias=False), lib.nn.BatchNorm2d(2), lib.nn.AvgPool2d(2),
                              lib.nn.Dropout(0.5)).eval()
    out = model(_leaf(lib, 1, 1, 6, 6, grad=False)).mean()
    return [out], list(model.parameters())


def _cell(lib, cell):
    model = cell(3, 2)
    x = _leaf(lib, 4, 3, grad=False)
    out = model(x)
    return (list(out) if isinstance(out, tuple) else [out]), list(model.parameters())


def _mha(lib):
    model = lib.nn.MultiheadAttention(4, 2)
    x = _leaf(lib, 3, 1, 4, grad=False).float()
    out, weights = model(x, x, x)
    return [out, weights], list(model.parameters())


def _lstm(lib):
    model = lib.nn.LSTM(3, 2)
    out, (h, c) = model(_leaf(lib, 2, 1, 3, grad=False).float())
    return [out, h, c], list(model.parameters())


# {name: function of lib -> (outputs, variables)}: the variables' AccumulateGrad nodes are named by position
def _cases():
    def on(*shapes, grad=True):
        return lambda lib: [_leaf(lib, *shape, grad=grad, seed=i) for i, shape in enumerate(shapes)]

    def case(inputs, function):
        def run(lib):
            tensors = inputs(lib)
            outputs = function(lib, *tensors)
            return (list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]), tensors
        return run

    x, xy = on((3,)), on((3,), (3,))
    mixed = lambda lib: [_leaf(lib, 3), _leaf(lib, 3, grad=False, seed=1)]  # noqa: E731
    return {
        "mul_number": case(x, lambda lib, a: a * 2), "rmul_number": case(x, lambda lib, a: 2 * a),
        "add_number": case(x, lambda lib, a: a + 1), "radd_number": case(x, lambda lib, a: 1 + a),
        "sub_number": case(x, lambda lib, a: a - 1), "rsub_number": case(x, lambda lib, a: 1 - a),
        "div_number": case(x, lambda lib, a: a / 2), "rdiv_number": case(x, lambda lib, a: 2 / a),
        "pow_number": case(x, lambda lib, a: a ** 2), "rpow_number": case(x, lambda lib, a: 2 ** a),
        "add_alpha_number": case(x, lambda lib, a: lib.add(a, 2, alpha=3)),
        "mul_method_number": case(x, lambda lib, a: a.mul(2.5)), "div_floor_number":
            case(x, lambda lib, a: a.div(2, rounding_mode="floor")),
        "mul_bool": case(x, lambda lib, a: a * True), "mul_0d_tensor": case(x, lambda lib, a: a * lib.tensor(2.0)),
        "mul_int_tensor": case(x, lambda lib, a: a * lib.tensor([1, 2, 3])),
        "mul_const_tensor": case(mixed, lambda lib, a, b: a * b), "mul_const_first": case(mixed, lambda lib, a, b: b * a),
        "mul_both": case(xy, lambda lib, a, b: a * b), "sub_both": case(xy, lambda lib, a, b: a - b),
        "div_const_tensor": case(mixed, lambda lib, a, b: a / b), "rdiv_const_tensor": case(mixed, lambda lib, a, b: b / a),
        "fmod_number": case(x, lambda lib, a: a.fmod(2)), "remainder_number": case(x, lambda lib, a: a % 2),
        "clamp_numbers": case(x, lambda lib, a: a.clamp(0, 1)), "clamp_min_tensor":
            case(mixed, lambda lib, a, b: a.clamp(min=b)),
        "maximum_const": case(mixed, lambda lib, a, b: lib.maximum(a, b)),
        "where_tensor": case(mixed, lambda lib, a, b: lib.where(a > 0, a, b)),
        "where_number_other": case(x, lambda lib, a: lib.where(a > 0, a, 0.0)),
        "where_number_self": case(x, lambda lib, a: lib.where(a > 0, 1.0, a)),
        "masked_fill_number": case(x, lambda lib, a: a.masked_fill(a > 0, 1.0)),
        "lerp_number": case(xy, lambda lib, a, b: lib.lerp(a, b, 0.5)),
        "addcmul": case(on((3,), (3,), (3,)), lambda lib, a, b, c: a.addcmul(b, c, value=2)),
        "cat_partial": case(mixed, lambda lib, a, b: lib.cat([a, b, a])),
        "stack_partial": case(mixed, lambda lib, a, b: lib.stack([b, a])),
        "cat_only_constants_then_leaf": case(mixed, lambda lib, a, b: lib.cat([b, b, a])),
        "split": case(on((6, 2)), lambda lib, a: a.split(2)),
        "split_sizes": case(on((6, 2)), lambda lib, a: a.split([1, 5])),
        "chunk": case(on((6, 2)), lambda lib, a: a.chunk(3, dim=0)),
        "unbind": case(on((3, 2)), lambda lib, a: a.unbind(1)),
        "split_then_sum": case(on((6, 2)), lambda lib, a: a.split(2)[2].sum() + a.split(3)[0].sum()),
        "max_dim": case(on((3, 4)), lambda lib, a: a.max(dim=1)),
        "min_dim_values": case(on((3, 4)), lambda lib, a: a.min(1).values * 2),
        "sort": case(on((3, 4)), lambda lib, a: a.sort(1)), "topk": case(on((3, 4)), lambda lib, a: a.topk(2)),
        "view": case(on((2, 3)), lambda lib, a: a.view(6)), "reshape": case(on((2, 3)), lambda lib, a: a.reshape(3, 2)),
        "t": case(on((2, 3)), lambda lib, a: a.t()), "T": case(on((2, 3)), lambda lib, a: a.T),
        "transpose": case(on((2, 3)), lambda lib, a: a.transpose(0, 1)),
        "permute": case(on((2, 3, 4)), lambda lib, a: a.permute(2, 0, 1)),
        "expand": case(on((1, 3)), lambda lib, a: a.expand(4, 3)),
        "unsqueeze_squeeze": case(on((3,)), lambda lib, a: a.unsqueeze(0).squeeze()),
        "flatten": case(on((2, 3)), lambda lib, a: a.flatten()), "contiguous_t":
            case(on((2, 3)), lambda lib, a: a.t().contiguous()),
        "select": case(on((3, 4)), lambda lib, a: a[0]), "select_last": case(on((3, 4)), lambda lib, a: a[:, -1]),
        "slice": case(on((3, 4)), lambda lib, a: a[1:]), "slice_step": case(on((6,)), lambda lib, a: a[::2]),
        "slice_2d": case(on((3, 4)), lambda lib, a: a[1:, :2]),
        "index_list": case(on((3, 4)), lambda lib, a: a[[0, 2]]),
        "index_tensor": case(on((3, 4)), lambda lib, a: a[lib.tensor([2, 0])]),
        "index_mask": case(on((3, 4)), lambda lib, a: a[a > 0]),
        "index_none": case(on((3, 4)), lambda lib, a: a[None]),
        "index_ellipsis_int": case(on((3, 4)), lambda lib, a: a[..., 1]),
        "setitem_number": case(x, lambda lib, a: _setitem(a)),
        "setitem_tensor": case(on((2, 3), (3,)), lambda lib, a, v: _setitem_tensor(lib, a, v)),
        "setitem_const_tensor": case(lambda lib: [_leaf(lib, 2, 3), _leaf(lib, 3, grad=False, seed=1)],
                                     lambda lib, a, v: _setitem_tensor(lib, a, v)),
        "inplace_mul_number": case(x, lambda lib, a: a.clone().mul_(2)),
        "inplace_add_tensor": case(xy, lambda lib, a, b: a.clone().add_(b)),
        "inplace_relu": case(x, lambda lib, a: (a * 1).relu_()),
        "inplace_on_view": case(on((3, 3), (3,)), lambda lib, a, v: _view_inplace(a, v)),
        "inplace_on_view_number": case(on((3, 3)), lambda lib, a: _view_inplace(a, 2.0)),
        "custom_function": case(mixed, lambda lib, a, b: _double(lib).apply(a, b, 3.0)),
        "custom_function_both": case(xy, lambda lib, a, b: _double(lib).apply(a, b, 3.0).sum()),
        "sum": case(on((2, 3)), lambda lib, a: a.sum()), "sum_dim": case(on((2, 3)), lambda lib, a: a.sum(dim=1)),
        "sum_dim_keepdim": case(on((2, 3)), lambda lib, a: a.sum(0, keepdim=True)),
        "mean": case(on((2, 3)), lambda lib, a: a.mean()), "mean_dim": case(on((2, 3)), lambda lib, a: a.mean(1)),
        "matmul_2d": case(on((2, 3), (3, 4)), lambda lib, a, b: a @ b),
        "matmul_mv": case(on((2, 3), (3,)), lambda lib, a, b: a @ b),
        "matmul_dot": case(on((3,), (3,)), lambda lib, a, b: a @ b),
        "mse_loss": case(on((4,), (4,)), lambda lib, a, b: lib.nn.functional.mse_loss(a, b)),
        "cross_entropy": case(on((3, 4)), lambda lib, a: lib.nn.functional.cross_entropy(a, lib.tensor([0, 3, 1]))),
        "nll_log_softmax": case(on((3, 4)), lambda lib, a: lib.nn.functional.nll_loss(
            lib.nn.functional.log_softmax(a, dim=1), lib.tensor([0, 3, 1]))),
        "bce_with_logits": case(on((4,)), lambda lib, a: lib.nn.functional.binary_cross_entropy_with_logits(
            a, lib.tensor([0.0, 1.0, 1.0, 0.0], dtype=a.dtype))),
        "attention": case(on((2, 3, 4), (2, 5, 4), (2, 5, 3)), _attention),
        "mlp": _mlp, "cnn": _cnn, "cnn_avgpool_eval": _cnn_avg_eval,
        "rnn_cell": lambda lib: _cell(lib, lib.nn.RNNCell), "lstm_cell": lambda lib: _cell(lib, lib.nn.LSTMCell),
        "gru_cell": lambda lib: _cell(lib, lib.nn.GRUCell), "lstm": _lstm, "multihead_attention": _mha,
    }


def cases(lib):
    """{'case/<name>': [tree per output]} for the programs of ``_cases`` (the graphs tutorials print)."""
    found = {}
    for name, run in _cases().items():
        lib.manual_seed(0)
        outputs, variables = run(lib)
        found["case/" + name] = [tree(getattr(o, "grad_fn", None), variables) for o in outputs]
    return found


def record():
    import json
    import pathlib

    import torch
    recorded = structures(torch)
    recorded.update(cases(torch))
    path = pathlib.Path(__file__).resolve().parent / "torch_graph_structure.json"
    path.write_text(json.dumps(recorded, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {len(recorded)} graph structures to {path.name}")
