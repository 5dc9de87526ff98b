"""What each common op packs under ``saved_tensors_hooks``: for each case the packs in order (shape, and whether
the packed tensor is the input ``x`` itself, another input, the op's output, or a new tensor), the unpacks in
backward's order, and what ``grad_fn._saved_*`` gives back (identity, requires_grad, is_leaf, grad_fn).
Written once for gradlib and PyTorch; ``python tests/reference/record_torch.py saved_hooks_table`` writes
``torch_saved_hooks_table.json`` and tests/test_saved_hooks_table.py demands gradlib reproduce it."""
import json
import pathlib


def _t(lib, device, shape, requires_grad, offset=0.0):
    """A deterministic float32 tensor of ``shape`` (values sin(0.37 k + offset))."""
    numel = 1
    for size in shape:
        numel *= size
    values = lib.arange(numel, dtype=lib.float32, device=device).reshape(shape)
    values = (values * 0.37 + offset).sin()
    return values.requires_grad_(requires_grad)


def _cases(lib, device):
    F = lib.nn.functional
    t = lambda shape, rg=True, offset=0.0: _t(lib, device, shape, rg, offset)  # noqa: E731

    def linear(x_rg, w_rg, b_rg, x_shape=(2, 4), bias=True):
        x = t(x_shape, x_rg)
        w = t((3, 4), w_rg, 1.0)
        b = t((3,), b_rg, 2.0) if bias else None
        return {"x": x, "w": w, "b": b}, lambda: F.linear(x, w, b)

    def one(shape, fn, rg=True):
        x = t(shape, rg)
        return {"x": x}, lambda: fn(x)

    def two(fn, shape_a=(2, 3), shape_b=(2, 3)):
        x = t(shape_a)
        y = t(shape_b, True, 0.5)
        return {"x": x, "y": y}, lambda: fn(x, y)

    cases = {
        "mul": lambda: two(lambda a, b: a * b),
        "mul_scalar": lambda: one((2, 3), lambda a: a * 2.0),
        "add": lambda: two(lambda a, b: a + b),
        "pow": lambda: one((2, 3), lambda a: a.pow(2)),
        "pow_tensor": lambda: two(lambda a, b: a.abs().pow(b)),
        "exp": lambda: one((2, 3), lambda a: a.exp()),
        "sin": lambda: one((2, 3), lambda a: a.sin()),
        "matmul": lambda: two(lambda a, b: a @ b, (2, 3), (3, 4)),
        "mm_nograd_b": lambda: (lambda x, y: ({"x": x, "y": y}, lambda: x @ y))(t((2, 3)), t((3, 4), False)),
        "relu": lambda: one((2, 3), lambda a: lib.relu(a)),
        "sigmoid": lambda: one((2, 3), lambda a: a.sigmoid()),
        "tanh": lambda: one((2, 3), lambda a: a.tanh()),
        "sum": lambda: one((2, 3), lambda a: a.sum()),
        "mean": lambda: one((2, 3), lambda a: a.mean()),
        "softmax": lambda: one((2, 3), lambda a: F.softmax(a, dim=1)),
        "log_softmax": lambda: one((2, 3), lambda a: F.log_softmax(a, dim=1)),
        "cross_entropy": lambda: (lambda x, target: ({"x": x}, lambda: F.cross_entropy(x, target)))(
            t((4, 3)), lib.tensor([0, 2, 1, 2], device=device)),
        "linear_all": lambda: linear(True, True, True),
        "linear_input_nograd": lambda: linear(False, True, True),
        "linear_weight_nograd": lambda: linear(True, False, True),
        "linear_bias_only": lambda: linear(False, False, True),
        "linear_nobias": lambda: linear(True, True, False, bias=False),
        "linear_3d": lambda: linear(True, True, True, x_shape=(2, 5, 4)),
        "linear_1d": lambda: linear(True, True, True, x_shape=(4,)),
        "conv2d": lambda: (lambda x, w: ({"x": x, "w": w}, lambda: F.conv2d(x, w)))(
            t((1, 2, 5, 5)), t((3, 2, 3, 3), True, 1.0)),
        "max_pool2d": lambda: one((1, 2, 4, 4), lambda a: F.max_pool2d(a, 2)),
        "batch_norm": lambda: (lambda x, w, b: ({"x": x, "w": w, "b": b}, lambda: F.batch_norm(
            x, None, None, w, b, training=True)))(t((4, 3)), t((3,), True, 1.0), t((3,), True, 2.0)),
        "layer_norm": lambda: (lambda x, w, b: ({"x": x, "w": w, "b": b}, lambda: F.layer_norm(
            x, (3,), w, b)))(t((4, 3)), t((3,), True, 1.0), t((3,), True, 2.0)),
        "dropout_eval": lambda: one((2, 3), lambda a: F.dropout(a, 0.5, training=False)),
        "dropout_p0": lambda: one((2, 3), lambda a: F.dropout(a, 0.0, training=True)),
    }
    return cases


def _describe(value, inputs, output):
    for name, tensor in inputs.items():
        if value is tensor:
            return name
    if value is output:
        return "output"
    return "new"


def _saved_attrs(node):
    return sorted(name for name in dir(node) if name.startswith("_saved_"))


def observe(lib, device, name):
    """Packs, unpacks and the saved attributes of case ``name``."""
    inputs, run = _cases(lib, device)[name]()
    events = []
    packed = []

    def pack(tensor):
        events.append(["pack", list(tensor.shape), _describe(tensor, inputs, None)])
        packed.append((events[-1], tensor))
        return tensor

    def unpack(tensor):
        events.append(["unpack", list(tensor.shape)])
        return tensor

    with lib.autograd.graph.saved_tensors_hooks(pack, unpack):
        out = run()
    for event, tensor in packed:
        if tensor is out:
            event[2] = "output"
    packed.clear()
    node = out.grad_fn
    if node is None:
        return {"events": events, "saved": {}, "plain": {}, "node": None}
    saved = {}
    for attr in _saved_attrs(node):
        value = getattr(node, attr)
        if hasattr(value, "shape") and hasattr(value, "requires_grad"):
            again = getattr(node, attr)
            saved[attr] = [list(value.shape), _describe(value, inputs, out), value.requires_grad, value.is_leaf,
                           value.grad_fn is not None, again is value]
    events.append(["backward"])
    out.sum().backward()
    # without hooks: the identities PyTorch keeps
    inputs, run = _cases(lib, device)[name]()
    out = run()
    plain = {}
    for attr in _saved_attrs(out.grad_fn):
        value = getattr(out.grad_fn, attr)
        if hasattr(value, "shape") and hasattr(value, "requires_grad"):
            plain[attr] = [list(value.shape), _describe(value, inputs, out), value.requires_grad]
    return {"events": events, "saved": saved, "plain": plain, "node": node.name()}


def names(lib):
    return list(_cases(lib, "cpu"))


def record():
    import torch
    recorded = {name: observe(torch, "cpu", name) for name in names(torch)}
    path = pathlib.Path(__file__).parent / "torch_saved_hooks_table.json"
    path.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} saved-tensor-hook cases to {path.name}")
