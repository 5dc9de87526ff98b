"""The order in which backward delivers gradients: tensor hooks and post-accumulate-grad hooks on leaves and
intermediates, for graphs where the engine's order is visible (linear layers, whose node lists the bias first;
leaves beside other branches; a leaf used twice), and the names along the edges of linear's node
(``grad_fn.next_functions``, two levels). PyTorch runs a leaf's AccumulateGrad as soon as its gradient is complete.
Written once for gradlib and PyTorch; ``python tests/reference/record_torch.py engine_order`` writes
``torch_engine_order.json`` and tests/test_engine_order.py demands gradlib reproduce it."""


def _hooked(events, tensors, post=True):
    """Register, on each ``(name, tensor)``, a tensor hook (``'grad <name>'``) and, on leaves, a
    post-accumulate-grad hook (``'acc <name>'``)."""
    for name, tensor in tensors:
        tensor.register_hook(lambda grad, name=name: events.append(f"grad {name}"))
        if post and tensor.grad_fn is None:
            tensor.register_post_accumulate_grad_hook(lambda _, name=name: events.append(f"acc {name}"))


def _mlp(lib, device, bias=True, depth=2):
    lib.manual_seed(0)
    layers = []
    for index in range(depth):
        layers.append(lib.nn.Linear(3, 3, bias=bias))
        if index < depth - 1:
            layers.append(lib.nn.ReLU())
    model = lib.nn.Sequential(*layers).to(device)
    events = []
    _hooked(events, list(model.named_parameters()))
    x = lib.ones(4, 3, device=device, requires_grad=True)
    _hooked(events, [("input", x)])
    model(x).sum().backward()
    return events


def _mlp_intermediates(lib, device):
    lib.manual_seed(0)
    first = lib.nn.Linear(3, 3).to(device)
    second = lib.nn.Linear(3, 2).to(device)
    events = []
    _hooked(events, [("w1", first.weight), ("b1", first.bias), ("w2", second.weight), ("b2", second.bias)])
    x = lib.ones(4, 3, device=device)
    hidden = first(x)
    activated = hidden.relu()
    out = second(activated)
    _hooked(events, [("hidden", hidden), ("activated", activated), ("out", out)])
    out.sum().backward()
    return events


def _leaves(lib, device):
    a = lib.tensor([1.0, 2.0], device=device, requires_grad=True)
    b = lib.tensor([3.0, 4.0], device=device, requires_grad=True)
    c = lib.tensor([5.0, 6.0], device=device, requires_grad=True)
    d = lib.tensor([7.0, 8.0], device=device, requires_grad=True)
    events = []
    _hooked(events, [("a", a), ("b", b), ("c", c), ("d", d)])
    product = a * b
    _hooked(events, [("product", product)])
    branch = (c.sin() * 2).exp()
    _hooked(events, [("branch", branch)])
    ((product + branch) * d).sum().backward()
    return events


def _shared_leaf(lib, device):
    x = lib.tensor([0.5, 1.5], device=device, requires_grad=True)
    w = lib.tensor([2.0, 3.0], device=device, requires_grad=True)
    events = []
    _hooked(events, [("x", x), ("w", w)])
    (x * w + x.sin() * 3 + w).sum().backward()
    return events


def _names(node, depth):
    if node is None:
        return None
    entry = [node.name().rpartition("::")[2]]  # PyTorch's AccumulateGrad: 'torch::autograd::AccumulateGrad'
    if depth:
        entry.append([_names(child, depth - 1) for child, _ in node.next_functions])
    return entry


def _edges(lib, device, bias, shape):
    lib.manual_seed(0)
    layer = lib.nn.Linear(3, 2, bias=bias).to(device)
    x = lib.ones(*shape, device=device, requires_grad=True)
    hidden = (x * 2).relu()
    return _names(layer(hidden).grad_fn, 2)


CASES = {
    "mlp_two_layers": lambda lib, device: _mlp(lib, device),
    "mlp_three_layers": lambda lib, device: _mlp(lib, device, depth=3),
    "mlp_no_bias": lambda lib, device: _mlp(lib, device, bias=False),
    "mlp_intermediates": _mlp_intermediates,
    "leaves_and_branches": _leaves,
    "shared_leaf": _shared_leaf,
    "linear_edges": lambda lib, device: _edges(lib, device, True, (4, 3)),
    "linear_edges_no_bias": lambda lib, device: _edges(lib, device, False, (4, 3)),
}


def record():
    """PyTorch's orders (the recorder's 'engine_order' section)."""
    import json
    import pathlib

    import torch
    recorded = {name: case(torch, "cpu") for name, case in CASES.items()}
    path = pathlib.Path(__file__).resolve().parent / "torch_engine_order.json"
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} engine-order cases to {path.name}")
