"""Recorder section ``sparse10``: sparse gradients (helper sparse10, issue 15). ``nn.Embedding(sparse=True)``,
``F.embedding(sparse=True)`` and ``EmbeddingBag(sparse=True)`` give their weight a sparse COO ``.grad``; how it
prints, accumulates (sparse + sparse, sparse + dense, in one backward and across backwards), coalesces, and what
SGD (with momentum, Nesterov, dampening), Adagrad and SparseAdam make of it over 20 steps; PyTorch's errors for
the optimizers and utilities that refuse sparse gradients. Written once for both libraries (``observe(lib)``);
``python tests/reference/record_torch.py sparse10`` writes ``torch_sparse10.json`` and tests/test_sparse10.py
demands gradlib reproduce it.

``exact`` entries (index order, nnz, printing) hold for the CPU: PyTorch's CPU kernel merges two sparse
gradients, its CUDA kernel concatenates them; ``dense`` entries hold on every device."""
import json
import pathlib

STEPS = 20


def _weight(lib, device, rows=5, columns=3):
    return lib.arange(rows * columns, dtype=lib.float64, device=device).reshape(rows, columns) / 7 - 1


def _describe(grad):
    """What a sparse gradient shows: its repr, indices, values, flags, and its coalesced and dense forms."""
    coalesced = grad.coalesce()
    return {"exact": {"repr": repr(grad), "indices": grad._indices().tolist(), "values": grad._values().tolist(),
                      "nnz": grad._nnz(), "is_coalesced": grad.is_coalesced()},
            "dense": {"is_sparse": grad.is_sparse, "dense": grad.to_dense().tolist(),
                      "coalesced_indices": coalesced.indices().tolist(),
                      "coalesced_values": coalesced.values().tolist(), "requires_grad": grad.requires_grad,
                      "grad_fn": grad.grad_fn is None, "layout": str(grad.layout).split(".")[-1]}}


def _dense_grad(grad):
    return {"dense": {"is_sparse": grad.is_sparse, "dense": grad.tolist()}, "exact": {}}


def _grad_of(grad):
    return _describe(grad) if grad.is_sparse else _dense_grad(grad)


def gradients(lib, device="cpu"):
    """Scenario name -> what the weight's gradient shows."""
    out = {}
    F = lib.nn.functional
    tensor = lambda data: lib.tensor(data, device=device)  # noqa: E731
    index = tensor([[0, 1, 3], [3, 4, 0]])
    coefficients = lib.arange(18.0, dtype=lib.float64, device=device).reshape(2, 3, 3)

    emb = lib.nn.Embedding(5, 3, padding_idx=1, sparse=True, dtype=lib.float64, device=device)
    with lib.no_grad():
        emb.weight.copy_(_weight(lib, device))
    output = emb(index)
    out["grad_fn"] = {"dense": {"name": type(output.grad_fn).__name__}, "exact": {}}
    (output * coefficients).sum().backward()
    out["first"] = _describe(emb.weight.grad)
    (emb(index) * coefficients).sum().backward()  # the same indices: merged entry by entry (CPU)
    out["same_again"] = _describe(emb.weight.grad)
    kept = emb.weight.grad
    (emb(tensor([2, 0])) * 3).sum().backward()
    out["other_again"] = _describe(emb.weight.grad)
    out["same_object"] = {"dense": {"same": kept is emb.weight.grad}, "exact": {}}

    emb.weight.grad = None
    (emb(index).sum() + 2 * emb(tensor([2])).sum()).backward()  # two sparse gradients in one backward
    out["one_backward_two_lookups"] = _describe(emb.weight.grad)
    emb.weight.grad = None
    (emb(index).sum() + (emb.weight ** 2).sum()).backward()  # sparse + dense in one backward
    out["one_backward_sparse_dense"] = _grad_of(emb.weight.grad)
    emb.weight.grad = None
    emb(index).sum().backward()
    (emb.weight * 3).sum().backward()  # a dense gradient into a sparse .grad
    out["sparse_then_dense"] = _grad_of(emb.weight.grad)
    emb.weight.grad = None
    (emb.weight * 3).sum().backward()
    kept = emb.weight.grad
    emb(index).sum().backward()  # a sparse gradient into a dense .grad, in place
    out["dense_then_sparse"] = _grad_of(emb.weight.grad)
    out["dense_then_sparse"]["dense"]["same"] = kept is emb.weight.grad

    emb.zero_grad(set_to_none=False)
    out["zero_grad_in_place"] = _grad_of(emb.weight.grad)
    emb.weight.grad = None
    emb(index).sum().backward()
    emb.zero_grad(set_to_none=False)
    out["sparse_zeroed"] = _describe(emb.weight.grad)
    emb(tensor([4, 0])).sum().backward()
    out["after_zeroed"] = _describe(emb.weight.grad)
    emb.zero_grad()
    out["zero_grad_none"] = {"dense": {"none": emb.weight.grad is None}, "exact": {}}

    for name, lookup in (("empty", tensor([]).long()), ("all_padding", tensor([1, 1])), ("single", tensor([3])),
                         ("scalar_index", tensor(3)), ("matrix_index", tensor([[4, 4], [0, 2]]))):
        weight = lib.nn.Parameter(_weight(lib, device))
        F.embedding(lookup, weight, padding_idx=None if name == "scalar_index" else 1, sparse=True).sum().backward()
        out[name] = _describe(weight.grad)

    # PyTorch's CPU kernel merges two sparse gradients whose values are contiguous, concatenates otherwise (the
    # stride-0 gradient of sum()), and coalesces a concatenation with more entries than the dense numel
    for name, scale, lookups in (("sum_losses", None, ([0, 3, 3], [2, 0])),
                                 ("scaled_losses", 2.0, ([0, 3, 3], [2, 0])),
                                 ("sum_losses_grow", None, ([0, 1, 2, 3, 4, 4, 0, 2], [1, 3, 1, 0, 2, 2, 4, 3])),
                                 ("scaled_losses_grow", 2.0, ([0, 1, 2, 3, 4, 4, 0, 2], [1, 3, 1, 0, 2, 2, 4, 3]))):
        weight = lib.nn.Parameter(_weight(lib, device))
        for lookup in lookups:
            rows = F.embedding(tensor(lookup), weight, sparse=True)
            (rows.sum() if scale is None else (rows * scale).sum()).backward()
        out[name] = _describe(weight.grad)

    weight = lib.nn.Parameter(_weight(lib, device))
    loss = (F.embedding(index, weight, sparse=True) ** 2).sum()
    (grad,) = lib.autograd.grad(loss, weight)
    out["autograd_grad"] = _describe(grad)
    loss = (F.embedding(index, weight, sparse=True) ** 2).sum()
    loss.backward(create_graph=True)
    out["create_graph"] = _describe(weight.grad)

    weight = lib.nn.Parameter(_weight(lib, device))
    seen = []
    weight.register_hook(lambda grad: seen.append((grad.is_sparse, grad._nnz())))
    F.embedding(index, weight, sparse=True).sum().backward()
    out["hook_sees"] = {"dense": {"seen": [list(item) for item in seen]}, "exact": {}}

    bag_index = tensor([1, 2, 4, 4, 0, 3])
    offsets = tensor([0, 3, 5])
    for mode in ("sum", "mean"):
        for padding in (None, 0):
            weight = lib.nn.Parameter(_weight(lib, device))
            bags = F.embedding_bag(bag_index, weight, offsets, mode=mode, sparse=True, padding_idx=padding)
            (bags * lib.arange(9.0, dtype=lib.float64, device=device).reshape(3, 3)).sum().backward()
            out[f"bag_{mode}_{padding}"] = _describe(weight.grad)
    weight = lib.nn.Parameter(_weight(lib, device))
    per_sample = lib.linspace(0.5, 3.0, 6, dtype=lib.float64, device=device)
    F.embedding_bag(bag_index, weight, offsets, mode="sum", sparse=True, per_sample_weights=per_sample).sum().backward()
    out["bag_per_sample_weights"] = _describe(weight.grad)
    module = lib.nn.EmbeddingBag(5, 3, mode="sum", sparse=True, dtype=lib.float64, device=device)
    module(tensor([[0, 2], [2, 2]])).sum().backward()
    out["bag_module"] = {"dense": {"dense": module.weight.grad.to_dense().tolist(),
                                   "is_sparse": module.weight.grad.is_sparse, "repr": repr(module)}, "exact": {}}
    return out


def _error(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001  (recorded: the class and message are the reference)
        message = str(error).split(" This could be because")[0]
        return [type(error).__name__, message]
    return None


def _sparse_param(lib, device, index=(1, 1, 3)):
    weight = lib.nn.Parameter(lib.ones(5, 2, dtype=lib.float64, device=device))
    lib.nn.functional.embedding(lib.tensor(list(index), device=device), weight, sparse=True).sum().backward()
    return weight


def errors(lib, device="cpu"):
    """PyTorch's refusals, as [class name, message] (None where it accepts)."""
    out = {}
    optim = lib.optim
    for name in ("Adam", "AdamW", "RMSprop", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop"):
        weight = _sparse_param(lib, device)
        out[name] = _error(lambda: getattr(optim, name)([weight], lr=0.1).step())
    weight = _sparse_param(lib, device)
    out["SGD_weight_decay"] = _error(lambda: optim.SGD([weight], lr=0.1, weight_decay=0.1).step())
    weight = _sparse_param(lib, device)
    out["Adagrad_weight_decay"] = _error(lambda: optim.Adagrad([weight], lr=0.1, weight_decay=0.1).step())
    dense = lib.zeros(2, dtype=lib.float64, device=device, requires_grad=True)
    dense.sum().backward()
    out["SparseAdam_dense_grad"] = _error(lambda: optim.SparseAdam([dense]).step())
    out["SparseAdam_sparse_param"] = _error(
        lambda: optim.SparseAdam([lib.zeros(2, device=device).to_sparse().requires_grad_()]))
    out["SparseAdam_complex_param"] = _error(
        lambda: optim.SparseAdam([lib.zeros(2, dtype=lib.complex64, device=device, requires_grad=True)]))
    for key, options in (("lr0", dict(lr=0.0)), ("lr", dict(lr=-1.0)), ("eps", dict(eps=0.0)),
                         ("beta0", dict(betas=(1.0, 0.5))), ("beta1", dict(betas=(0.5, 1.0)))):
        out["SparseAdam_" + key] = _error(
            lambda: optim.SparseAdam([lib.zeros(2, device=device, requires_grad=True)], **options))
    weight = _sparse_param(lib, device)
    out["SGD_fused"] = _error(lambda: optim.SGD([weight], lr=0.1, fused=True).step())
    out["Adagrad_fused"] = _error(lambda: optim.Adagrad([weight], lr=0.1, fused=True).step())
    out["clip_grad_norm_"] = _error(lambda: lib.nn.utils.clip_grad_norm_([weight], 1.0))
    out["clip_grad_norm_inf"] = _error(lambda: lib.nn.utils.clip_grad_norm_([weight], 1.0, norm_type="inf"))
    out["clip_grad_value_"] = _error(lambda: lib.nn.utils.clip_grad_value_([weight], 0.1))
    weight = lib.nn.Parameter(lib.ones(5, 2, dtype=lib.float64, device=device))
    lookup = lib.tensor([1, 1, 2], device=device)
    out["scale_grad_by_freq"] = _error(lambda: lib.nn.functional.embedding(
        lookup, weight, sparse=True, scale_grad_by_freq=True).sum().backward())
    out["bag_max_sparse"] = _error(lambda: lib.nn.functional.embedding_bag(
        lib.tensor([[1, 2]], device=device), weight, mode="max", sparse=True))
    out["bag_max_scale"] = _error(lambda: lib.nn.functional.embedding_bag(
        lib.tensor([[1, 2]], device=device), weight, mode="max", scale_grad_by_freq=True))
    out["grad_wrong_size"] = _error(lambda: setattr(lib.zeros(3, device=device, requires_grad=True), "grad",
                                                    lib.ones(4, device=device).to_sparse()))
    lookup = lib.tensor([[0, 2, 2], [4, 0, 3]], device=device)
    weights = lib.linspace(-2.0, 2.0, 15, dtype=lib.float64, device=device).reshape(5, 3).requires_grad_()
    function = lambda w: lib.nn.functional.embedding(lookup, w, sparse=True).sin()  # noqa: E731
    out["gradcheck_sparse"] = _error(lambda: lib.autograd.gradcheck(function, (weights,)))
    out["gradcheck_sparse_quiet"] = lib.autograd.gradcheck(function, (weights,), raise_exception=False)
    out["gradgradcheck_sparse"] = _error(lambda: lib.autograd.gradgradcheck(function, (weights,)))
    optimizer = optim.SparseAdam([lib.nn.Parameter(lib.ones(2, device=device))], lr=0.01)
    out["SparseAdam_repr"] = repr(optimizer)
    out["SparseAdam_state_dict"] = repr(optimizer.state_dict())
    return out


# optimizer name, options: the runs of ``trajectories``
RUNS = (("SparseAdam", {}), ("SparseAdam", {"lr": 0.05, "betas": (0.8, 0.9), "eps": 1e-6}),
        ("SparseAdam", {"lr": 0.02, "maximize": True}),
        ("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.05, "momentum": 0.9}),
        ("SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3}),
        ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}), ("SGD", {"lr": 0.1, "maximize": True}),
        ("Adagrad", {"lr": 0.1}), ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "initial_accumulator_value": 0.3}),
        ("Adagrad", {"lr": 0.1, "maximize": True, "eps": 1e-6}))


def _lookups(step):
    """A deterministic batch of indices into 10 rows for ``step`` (a small LCG: the same in both libraries)."""
    state = 12345 + 977 * step
    rows = []
    for _ in range(6):
        state = (1103515245 * state + 12345) % (2 ** 31)
        rows.append(state % 10)
    return [rows[:3], rows[3:]]


def trajectories(lib, device="cpu"):
    """For each run: the embedding's weight after each of 20 steps of (lookup - target)^2, with a dense linear
    layer after it trained by the same optimizer family where it takes dense gradients (SGD, Adagrad)."""
    out = {}
    for number, (name, options) in enumerate(RUNS):
        emb = lib.nn.Embedding(10, 4, sparse=True, dtype=lib.float64, device=device)
        with lib.no_grad():
            emb.weight.copy_(lib.arange(40, dtype=lib.float64, device=device).reshape(10, 4).cos())
        target = lib.linspace(-1.0, 1.0, 24, dtype=lib.float64, device=device).reshape(2, 3, 4)
        optimizer = getattr(lib.optim, name)(emb.parameters(), **options)
        weights = []
        for step in range(STEPS):
            optimizer.zero_grad()
            lookups = lib.tensor(_lookups(step), device=device)
            loss = ((emb(lookups) - target) ** 2).sum()
            loss.backward()
            optimizer.step()
            weights.append(emb.weight.detach().tolist())
        state = optimizer.state[emb.weight]
        summary = {key: (value.to_dense().tolist() if getattr(value, "is_sparse", False) else value.tolist())
                   if hasattr(value, "tolist") else value for key, value in state.items()}
        layouts = {key: bool(getattr(value, "is_sparse", False)) for key, value in state.items()}
        out[f"{number}_{name}"] = {"weights": weights, "state": summary, "state_sparse": layouts}
    return out


def lbfgs(lib, device="cpu"):
    """LBFGS densifies a sparse gradient: the losses and weights of 3 steps."""
    weight = lib.nn.Parameter(lib.linspace(-1.0, 1.5, 10, dtype=lib.float64, device=device).reshape(5, 2))
    optimizer = lib.optim.LBFGS([weight], lr=0.5, max_iter=4)
    lookups = lib.tensor([1, 1, 3, 0], device=device)

    def closure():
        optimizer.zero_grad()
        loss = ((lib.nn.functional.embedding(lookups, weight, sparse=True) - 0.25) ** 2).sum()
        loss.backward()
        return loss
    losses = [optimizer.step(closure).item() for _ in range(3)]
    return {"losses": losses, "weight": weight.detach().tolist()}


def grad_scaler(lib, device="cpu"):
    """GradScaler unscales a sparse gradient's values and finds an inf among them (the step is then skipped)."""
    weight = lib.nn.Parameter(lib.ones(5, 2, device=device))
    optimizer = lib.optim.SGD([weight], lr=0.1)
    scaler = lib.amp.GradScaler(lib.empty(0, device=device).device.type, init_scale=4.0)
    lookups = lib.tensor([1, 1, 3], device=device)
    out = {}
    for name, factor in (("finite", 1.0), ("infinite", float("inf"))):
        optimizer.zero_grad()
        scaler.scale(lib.nn.functional.embedding(lookups, weight, sparse=True).sum() * factor).backward()
        scaler.unscale_(optimizer)
        grad = weight.grad
        scaler.step(optimizer)
        scaler.update()
        out[name] = {"values": grad._values().tolist(), "nnz": grad._nnz(), "weight": weight.detach().tolist(),
                     "scale": scaler.get_scale()}
    return out


def observe(lib, device="cpu"):
    return {"gradients": gradients(lib, device), "errors": errors(lib, device),
            "trajectories": trajectories(lib, device), "lbfgs": lbfgs(lib, device),
            "grad_scaler": grad_scaler(lib, device)}


def record():
    import torch
    path = pathlib.Path(__file__).parent / "torch_sparse10.json"
    path.write_text(json.dumps(observe(torch), indent=0, sort_keys=True) + "\n")
    print(f"wrote the sparse10 references to {path.name}")
