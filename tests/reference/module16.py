"""nn.Module's machinery beyond forward (session 16, module16): attribute rules, hooks, state dicts, traversal,
conversion and the containers, as PyTorch 2.13 has them.

Each case is ``function(lib)``, written once for gradlib and PyTorch. ``run(lib, name)`` calls it under
``warnings.simplefilter("always")`` and keeps what it returns (as plain data: tensors as dtype, values,
requires_grad and class; other objects by class name and repr), what it printed, the error it raised (class and
message) and the warnings it gave (category and message), with ``torch.`` written as ``gradlib.``.
``python tests/reference/record_torch.py module16`` writes ``torch_module16.json``; tools/probe_module16.py runs
every case under both libraries and prints the differences.
"""
import contextlib
import io
import json
import pathlib
import warnings
from collections import OrderedDict

FILE = pathlib.Path(__file__).parent / "torch_module16.json"


def _spelled(text):
    return text.replace("torch.", "gradlib.").replace("torch Tensor", "gradlib Tensor")


def plain(value):
    """A case's result as JSON-able data, the same for both libraries."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return _spelled(value) if isinstance(value, str) else value
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict) and type(value) in (dict, OrderedDict):
        return {"dict": type(value).__name__, "items": [[plain(k), plain(v)] for k, v in value.items()],
                "metadata": plain(getattr(value, "_metadata", None))}
    if hasattr(value, "grad_fn") and hasattr(value, "tolist"):
        return {"tensor": type(value).__name__, "dtype": _spelled(str(value.dtype)),
                "values": value.detach().tolist(), "requires_grad": value.requires_grad}
    if type(value).__name__ == "dtype":
        return _spelled(str(value))
    return {"object": type(value).__name__, "repr": _spelled(repr(value))}


def _net(lib):
    nn = lib.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)
            self.register_buffer("steps", lib.zeros(1, dtype=lib.int64))
            self.register_buffer("scratch", lib.ones(2), persistent=False)

        def forward(self, x):
            return self.fc(x)

    lib.manual_seed(0)
    return Net()


def _tied(lib):
    nn = lib.nn
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False))
    model[1].weight = model[0].weight
    return model


def _keys(mapping):
    return list(mapping.keys())


# ----- attribute rules --------------------------------------------------------------------------------------
def _assign(lib, target, value):
    net = _net(lib)
    values = {"param": lambda: lib.nn.Parameter(lib.ones(2)), "module": lambda: lib.nn.ReLU(),
              "tensor": lambda: lib.ones(2), "none": lambda: None, "int": lambda: 3}
    targets = {"param": ("fc", "weight"), "buffer": (None, "steps"), "module": (None, "fc")}
    owner_name, name = targets[target]
    owner = net if owner_name is None else getattr(net, owner_name)
    setattr(owner, name, values[value]())
    return [_keys(owner._parameters), _keys(owner._buffers), _keys(owner._modules), name in owner.__dict__,
            plain(getattr(owner, name))]


def _delete(lib, name):
    net = _net(lib)
    delattr(net, name)
    return [_keys(net._parameters), _keys(net._buffers), _keys(net._modules), hasattr(net, name),
            _keys(net.state_dict())]


def _delete_missing(lib):
    del _net(lib).nothing


def _register(lib, method, name, value="default"):
    nn = lib.nn
    net = _net(lib)
    net.plain_attribute = 1
    default = {"register_parameter": lambda: nn.Parameter(lib.ones(1)), "register_buffer": lambda: lib.ones(1),
               "add_module": lambda: nn.ReLU(), "register_module": lambda: nn.ReLU()}[method]
    getattr(net, method)(name, default() if value == "default" else value)
    return [_keys(net._parameters), _keys(net._buffers), _keys(net._modules)]


def _nonpersistent(lib):
    net = _net(lib)
    return [_keys(net.state_dict()), [name for name, _ in net.named_buffers()]]


def _dir(lib):
    names = dir(_net(lib))
    return [name in names for name in ("fc", "steps", "scratch", "forward", "training", "state_dict")] + \
        [names == sorted(names)]


def _getattr_missing(lib):
    return lib.nn.Linear(1, 1).foo


def _getattr_missing_custom(lib):
    return _net(lib).foo


def _buffer_assign_param(lib):
    net = _net(lib)
    net.steps = lib.nn.Parameter(lib.ones(1))
    return [_keys(net._parameters), _keys(net._buffers)]


def _setattr_before_init(lib, value):
    nn = lib.nn

    class Early(nn.Module):
        def __init__(self):
            self.x = {"param": nn.Parameter(lib.ones(1)), "module": nn.ReLU(), "tensor": lib.ones(1)}[value]
            super().__init__()

    return Early().x


def _register_before_init(lib, method):
    nn = lib.nn

    class Early(nn.Module):
        def __init__(self):
            getattr(self, method)("x", {"register_parameter": None, "register_buffer": None,
                                        "add_module": nn.ReLU()}[method])

    Early()


# ----- hooks ---------------------------------------------------------------------------------------------
def _forward_hooks(lib):
    nn = lib.nn
    log = []
    layer = nn.Identity()
    layer.register_forward_pre_hook(lambda m, args: log.append(("pre", len(args))))
    layer.register_forward_pre_hook(lambda m, args, kwargs: (log.append(("pre_kw", sorted(kwargs))),
                                                             ((args[0] * 2,), kwargs))[1], with_kwargs=True)
    layer.register_forward_pre_hook(lambda m, args: log.append(("prepended",)), prepend=True)
    layer.register_forward_hook(lambda m, args, out: out + 1)
    layer.register_forward_hook(lambda m, args, kwargs, out: (log.append(("post_kw", sorted(kwargs))), out * 10)[1],
                                with_kwargs=True)
    layer.register_forward_hook(lambda m, args, out: log.append(("first", out.tolist())), prepend=True)
    out = layer(lib.ones(1))
    return [log, plain(out)]


def _pre_hook_single_return(lib):
    layer = lib.nn.Identity()
    layer.register_forward_pre_hook(lambda m, args: args[0] + 1)
    return layer(lib.ones(1))


def _pre_hook_kwargs_bad_return(lib):
    layer = lib.nn.Identity()
    layer.register_forward_pre_hook(lambda m, args, kwargs: args, with_kwargs=True)
    return layer(lib.ones(1))


def _always_call(lib):
    nn = lib.nn
    log = []

    class Boom(nn.Module):
        def forward(self, x):
            raise ValueError("boom")

    layer = Boom()
    layer.register_forward_hook(lambda m, args, out: log.append(("always", out)), always_call=True)
    layer.register_forward_hook(lambda m, args, out: log.append(("never", out)))
    try:
        layer(lib.ones(1))
    except ValueError as error:
        log.append(str(error))
    return log


def _always_call_raising(lib):
    nn = lib.nn

    class Boom(nn.Module):
        def forward(self, x):
            raise ValueError("boom")

    def hook(module, args, out):
        raise KeyError("hook")

    layer = Boom()
    layer.register_forward_hook(hook, always_call=True)
    layer(lib.ones(1))


def _handles(lib):
    layer = lib.nn.Identity()
    first = layer.register_forward_hook(lambda m, a, o: None)
    second = layer.register_forward_pre_hook(lambda m, a: None)
    ids = [second.id - first.id, len(layer._forward_hooks), len(layer._forward_pre_hooks)]
    first.remove()
    first.remove()
    with second:
        pass
    return ids + [len(layer._forward_hooks), len(layer._forward_pre_hooks), type(first).__name__]


def _full_backward_hooks(lib):
    nn = lib.nn
    log = []

    class Two(nn.Module):
        def forward(self, x, y, flag):
            return x * 2, y * 3

    layer = Two()
    layer.register_full_backward_pre_hook(lambda m, grad_out: (log.append(("pre", [plain(g) for g in grad_out])),
                                                               (grad_out[0] * 10, grad_out[1]))[1])
    layer.register_full_backward_hook(lambda m, grad_in, grad_out: (
        log.append(("full", [plain(g) for g in grad_in], [plain(g) for g in grad_out])),
        (grad_in[0] + 1, None))[1])
    x = lib.ones(2, requires_grad=True)
    y = lib.ones(2)
    a, b = layer(x, y, True)
    (a.sum() + b.sum()).backward()
    return [log, plain(x.grad), a.grad_fn.name()]


def _full_backward_wrong_count(lib):
    layer = lib.nn.Identity()
    layer.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    x = lib.ones(2, requires_grad=True)
    layer(x).sum().backward()


def _full_backward_no_grad_input(lib):
    layer = lib.nn.Linear(2, 1)
    log = []
    layer.register_full_backward_hook(lambda m, gi, go: log.append([plain(g) for g in gi]))
    layer(lib.ones(1, 2)).sum().backward()
    return log


def _old_backward_hook(lib):
    nn = lib.nn
    log = []
    lib.manual_seed(0)
    layer = nn.Linear(2, 1)
    layer.register_backward_hook(lambda m, gi, go: log.append(len(gi)))
    layer(lib.ones(1, 2, requires_grad=True)).sum().backward()
    return log


def _mixed_backward_hooks(lib):
    layer = lib.nn.Identity()
    layer.register_full_backward_hook(lambda m, gi, go: None)
    layer.register_backward_hook(lambda m, gi, go: None)


def _mixed_backward_hooks_reverse(lib):
    layer = lib.nn.Identity()
    layer.register_backward_hook(lambda m, gi, go: None)
    layer.register_full_backward_hook(lambda m, gi, go: None)


def _global_hooks(lib):
    nn = lib.nn
    module = nn.modules.module
    log = []
    with _fresh_global_backward_kind(lib):
        return _global_hooks_run(lib, module, log)


def _global_hooks_run(lib, module, log):
    nn = lib.nn
    handles = [module.register_module_forward_pre_hook(lambda m, args: log.append(("gpre", type(m).__name__))),
               module.register_module_forward_hook(lambda m, args, out: log.append(("gpost", type(m).__name__))),
               module.register_module_full_backward_hook(lambda m, gi, go: log.append(("gback", type(m).__name__))),
               module.register_module_full_backward_pre_hook(lambda m, go: log.append(("gbpre", type(m).__name__)))]
    try:
        layer = nn.Identity()
        layer.register_forward_pre_hook(lambda m, args: log.append(("pre",)))
        layer.register_forward_hook(lambda m, args, out: log.append(("post",)))
        layer(lib.ones(1, requires_grad=True)).sum().backward()
    finally:
        for handle in handles:
            handle.remove()
    layer(lib.ones(1))
    return log


def _global_forward_hook_replaces(lib):
    module = lib.nn.modules.module
    handle = module.register_module_forward_hook(lambda m, args, out: out * 5)
    try:
        return lib.nn.Identity()(lib.ones(1))
    finally:
        handle.remove()


def _global_always_call(lib):
    nn = lib.nn
    module = nn.modules.module
    log = []

    class Boom(nn.Module):
        def forward(self, x):
            raise ValueError("boom")

    handle = module.register_module_forward_hook(lambda m, args, out: log.append(out), always_call=True)
    try:
        Boom()(lib.ones(1))
    except ValueError:
        log.append("raised")
    finally:
        handle.remove()
    return log


def _state_dict_hooks(lib):
    nn = lib.nn
    log = []
    layer = nn.Linear(1, 1)
    layer.register_state_dict_pre_hook(lambda m, prefix, keep_vars: log.append(("pre", prefix, keep_vars)))
    layer._register_state_dict_hook(lambda m, sd, prefix, meta: log.append(("post", prefix, _keys(sd),
                                                                            sorted(meta))))
    model = nn.Sequential(layer)
    keys = _keys(model.state_dict(prefix="top."))
    return [log, keys]


def _state_dict_post_hook_public(lib):
    nn = lib.nn
    layer = nn.Linear(1, 1)
    layer.register_state_dict_post_hook(lambda m, sd, prefix, meta: sd.pop(prefix + "bias"))
    return _keys(layer.state_dict())


def _state_dict_hook_returns(lib):
    layer = lib.nn.Linear(1, 1)
    layer._register_state_dict_hook(lambda m, sd, prefix, meta: {"x": 1})
    return plain(layer.state_dict())


def _load_post_hook(lib):
    nn = lib.nn
    log = []
    layer = nn.Linear(1, 1)

    def hook(module, incompatible):
        log.append(repr(incompatible))
        incompatible.missing_keys.clear()

    layer.register_load_state_dict_post_hook(hook)
    result = layer.load_state_dict({"weight": lib.ones(1, 1)})
    return [log, repr(result)]


def _load_post_hook_strict(lib):
    layer = lib.nn.Linear(1, 1)
    layer.register_load_state_dict_post_hook(lambda m, incompatible: None)
    layer.load_state_dict({"weight": lib.ones(1, 1), "extra": lib.ones(1)})


def _load_pre_hook(lib):
    nn = lib.nn
    log = []
    layer = nn.Linear(1, 1)

    def hook(module, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        log.append((type(module).__name__, prefix, sorted(local_metadata), strict))
        state_dict[prefix + "bias"] = lib.full((1,), 7.0)

    layer.register_load_state_dict_pre_hook(hook)
    nn.Sequential(layer).load_state_dict({"0.weight": lib.ones(1, 1)})
    return [log, plain(layer.bias)]


def _load_from_state_dict_override(lib):
    nn = lib.nn

    class Renamed(nn.Linear):
        def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
            if prefix + "w" in state_dict:
                state_dict[prefix + "weight"] = state_dict.pop(prefix + "w")
            super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing, unexpected, errors)

    layer = Renamed(1, 1)
    result = layer.load_state_dict({"w": lib.full((1, 1), 3.0), "bias": lib.zeros(1)})
    return [repr(result), plain(layer.weight)]


# ----- state_dict / load_state_dict ---------------------------------------------------------------------------
def _load(lib, state, strict=True, **kwargs):
    net = _net(lib)
    source = {k: v for k, v in net.state_dict().items()}
    source.update(state(lib))
    for key in [k for k, v in source.items() if v is None]:
        del source[key]
    result = net.load_state_dict(source, strict=strict, **kwargs)
    return [repr(result), type(result).__name__, list(result.missing_keys), list(result.unexpected_keys),
            plain(net.fc.weight)]


def _load_missing_unexpected(lib):
    return {"fc.bias": None, "steps": None, "extra": lib.ones(1), "fc.extra": lib.ones(1)}


def _load_size_mismatch(lib):
    return {"fc.weight": lib.ones(3, 2), "fc.bias": None, "extra": lib.ones(1)}


def _load_fields(lib):
    net = _net(lib)
    result = net.load_state_dict({"fc.weight": lib.ones(2, 2)}, strict=False)
    return [result.missing_keys, result.unexpected_keys, result._fields, tuple(result) == (result[0], result[1]),
            str(result)]


def _load_matched(lib):
    net = _net(lib)
    result = net.load_state_dict(net.state_dict())
    return [repr(result), str(result), bool(result), len(result)]


def _load_assign(lib):
    net = _net(lib)
    weight = net.fc.weight
    new = lib.full((2, 2), 5.0, dtype=lib.float64)
    result = net.load_state_dict({"fc.weight": new, "fc.bias": lib.zeros(2), "steps": lib.ones(1, dtype=lib.int64)},
                                 assign=True)
    return [repr(result), net.fc.weight is weight, net.fc.weight is new, type(net.fc.weight).__name__,
            net.fc.weight.requires_grad, plain(net.fc.weight)]


def _load_other_dtype(lib):
    net = _net(lib).double()
    net.load_state_dict({"fc.weight": lib.ones(2, 2), "fc.bias": lib.zeros(2, dtype=lib.float16),
                         "steps": lib.ones(1, dtype=lib.int32)})
    return [plain(net.fc.weight), plain(net.fc.bias), plain(net.steps)]


def _load_not_mapping(lib):
    _net(lib).load_state_dict([("fc.weight", lib.ones(2, 2))])


def _load_not_tensor(lib):
    _net(lib).load_state_dict({"fc.weight": [[1.0, 1.0], [1.0, 1.0]], "fc.bias": lib.zeros(2),
                               "steps": lib.zeros(1, dtype=lib.int64)})


def _state_dict_prefix_keep_vars(lib):
    net = _net(lib)
    kept = net.state_dict(keep_vars=True)
    detached = net.state_dict(prefix="p.")
    return [_keys(detached), kept["fc.weight"] is net.fc.weight, detached["p.fc.weight"].requires_grad,
            type(kept["fc.weight"]).__name__, type(detached["p.fc.weight"]).__name__, type(detached).__name__]


def _state_dict_metadata(lib):
    net = _net(lib)
    state = net.state_dict()
    return [list(state._metadata.items()), type(state._metadata).__name__]


def _state_dict_destination(lib):
    net = _net(lib)
    destination = OrderedDict(existing=1)
    out = net.state_dict(destination=destination)
    return [out is destination, _keys(out)]


def _state_dict_positional(lib):
    net = _net(lib)
    return _keys(net.state_dict(None, "pre."))


def _tied_state_dict(lib):
    model = _tied(lib)
    state = model.state_dict()
    return [_keys(state), state["0.weight"].data_ptr() == state["1.weight"].data_ptr(),
            [name for name, _ in model.named_parameters()], len(list(model.parameters()))]


def _tied_load(lib):
    model = _tied(lib)
    result = model.load_state_dict({"0.weight": lib.ones(2, 2), "1.weight": lib.full((2, 2), 2.0)})
    return [repr(result), plain(model[0].weight), model[0].weight is model[1].weight]


def _load_none_param(lib):
    nn = lib.nn
    layer = nn.Linear(1, 1)
    layer.bias = None
    return [_keys(layer.state_dict()), repr(layer.load_state_dict({"weight": lib.ones(1, 1)}))]


def _load_shape_0d(lib):
    layer = lib.nn.Linear(1, 1)
    layer.load_state_dict({"weight": lib.ones(1, 1), "bias": lib.tensor(2.0)})


# ----- traversal ---------------------------------------------------------------------------------------------
def _shared_tree(lib):
    nn = lib.nn
    shared = nn.Linear(1, 1)
    inner = nn.Sequential(shared, nn.ReLU())
    model = nn.Sequential(inner, shared, inner)
    model.register_buffer("b", lib.ones(1))
    return model


def _named_modules(lib, **kwargs):
    return [name for name, _ in _shared_tree(lib).named_modules(**kwargs)]


def _named_modules_memo(lib):
    model = _shared_tree(lib)
    memo = {model[0]}
    return [[name for name, _ in model.named_modules(memo=memo)], len(memo)]


def _named_params(lib, **kwargs):
    return [name for name, _ in _shared_tree(lib).named_parameters(**kwargs)]


def _named_bufs(lib, **kwargs):
    nn = lib.nn
    model = nn.Sequential(nn.BatchNorm1d(1), nn.BatchNorm1d(1))
    model.register_buffer("own", lib.ones(1))
    model.register_buffer("empty", None)
    return [name for name, _ in model.named_buffers(**kwargs)]


def _children_order(lib):
    model = _shared_tree(lib)
    return [[type(m).__name__ for m in model.children()], [name for name, _ in model.named_children()],
            [type(m).__name__ for m in model.modules()], len(list(model.modules(remove_duplicate=False)))
            if False else None]


def _get_submodule_errors(lib, target):
    return repr(_shared_tree(lib).get_submodule(target))


def _get_parameter(lib, target):
    return plain(_net(lib).get_parameter(target))


def _get_buffer(lib, target):
    return plain(_net(lib).get_buffer(target))


def _apply_order(lib):
    order = []
    model = _shared_tree(lib)
    out = model.apply(lambda m: order.append(type(m).__name__))
    return [order, out is model]


def _zero_grad(lib, set_to_none):
    layer = lib.nn.Linear(2, 1)
    layer(lib.ones(1, 2)).sum().backward()
    result = layer.zero_grad(set_to_none=set_to_none)
    return [result, plain(layer.weight.grad)]


def _requires_grad(lib):
    layer = lib.nn.Linear(1, 1)
    out = layer.requires_grad_(False)
    return [out is layer, [p.requires_grad for p in layer.parameters()]]


def _requires_grad_buffer(lib):
    net = _net(lib)
    net.requires_grad_()
    return [net.scratch.requires_grad, net.fc.weight.requires_grad]


def _train_eval(lib):
    nn = lib.nn
    model = nn.Sequential(nn.Dropout(), nn.Sequential(nn.BatchNorm1d(1)))
    out = model.eval()
    modes = [m.training for m in model.modules()]
    back = model.train()
    return [out is model, modes, back is model, [m.training for m in model.modules()]]


def _train_not_bool(lib):
    lib.nn.Linear(1, 1).train(1)


def _conversions(lib, method):
    nn = lib.nn
    model = nn.Sequential(nn.Linear(1, 1), nn.BatchNorm1d(1))
    model.register_buffer("idx", lib.zeros(1, dtype=lib.int64))
    model.register_buffer("mask", lib.zeros(1, dtype=lib.bool))
    weight = model[0].weight
    out = getattr(model, method)() if method != "to" else model.to(lib.float64)
    return [out is model, model[0].weight is weight, type(model[0].weight).__name__,
            [str(t.dtype) for t in model.state_dict().values()]]


def _to_device(lib):
    layer = lib.nn.Linear(1, 1)
    weight = layer.weight
    out = layer.to("cpu")
    out2 = layer.to(device="cpu", dtype=lib.float64)
    return [out is layer, out2 is layer, layer.weight is weight, str(layer.weight.dtype)]


def _to_int_dtype(lib):
    lib.nn.Linear(1, 1).to(lib.int32)


def _share_memory(lib):
    layer = lib.nn.Linear(1, 1)
    return [layer.share_memory() is layer, layer.weight.is_shared()]


def _extra_repr(lib):
    nn = lib.nn

    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Sequential(nn.Linear(1, 2), nn.ModuleList([nn.ReLU(), nn.Tanh()]))

        def extra_repr(self):
            return "scale=2,\nshift=1"

    return [repr(Scaled()), repr(nn.Sequential()), repr(nn.ModuleDict()), repr(nn.Module())]


def _parameters_recurse(lib):
    model = _shared_tree(lib)
    return [len(list(model.parameters(recurse=False))), len(list(model.parameters())),
            len(list(model.buffers(recurse=False)))]


# ----- containers --------------------------------------------------------------------------------------------
def _seq(lib):
    nn = lib.nn
    return nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid(), nn.Identity())


def _seq_ops(lib, op):
    nn = lib.nn
    seq = _seq(lib)
    if op == "slice":
        out = seq[1:3]
    elif op == "neg":
        out = seq[-1]
    elif op == "append":
        out = seq.append(nn.ELU())
    elif op == "insert":
        out = seq.insert(1, nn.ELU())
    elif op == "insert_neg":
        out = seq.insert(-1, nn.ELU())
    elif op == "extend":
        out = seq.extend([nn.ELU(), nn.GELU()])
    elif op == "pop":
        out = seq.pop(1)
    elif op == "add":
        out = seq + nn.Sequential(nn.ELU())
    elif op == "iadd":
        seq += nn.Sequential(nn.ELU())
        out = None
    elif op == "mul":
        out = nn.Sequential(nn.ReLU(), nn.Tanh()) * 2
    elif op == "rmul":
        out = 2 * nn.Sequential(nn.ReLU())
    elif op == "del":
        del seq[1]
        out = None
    elif op == "del_slice":
        del seq[0:2]
        out = None
    elif op == "setitem":
        seq[-2] = nn.ELU()
        out = None
    elif op == "index_error":
        out = seq[4]
    elif op == "add_list":
        out = seq + [nn.ELU()]
    elif op == "mul_zero":
        out = seq * 0
    elif op == "mul_float":
        out = seq * 1.5
    elif op == "insert_bad":
        out = seq.insert(1, 3)
    elif op == "insert_out":
        out = seq.insert(9, nn.ELU())
    elif op == "ordered":
        out = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh())]))
    elif op == "pop_neg":
        out = seq.pop(-1)
    elif op == "len_iter":
        del seq[0]
        out = [len(seq), [type(m).__name__ for m in seq], _keys(seq._modules)]
    elif op == "not_module":
        out = nn.Sequential(nn.ReLU(), 3)
    elif op == "str_index":
        out = seq["0"]
    return [plain(out), repr(seq), _keys(seq._modules)]


def _mlist(lib, op):
    nn = lib.nn
    items = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()])
    if op == "insert_neg":
        out = items.insert(-1, nn.ELU())
    elif op == "slice":
        out = items[1:]
    elif op == "iadd":
        items += [nn.ELU()]
        out = None
    elif op == "add":
        out = items + nn.ModuleList([nn.ELU()])
    elif op == "setitem":
        items[-1] = nn.ELU()
        out = None
    elif op == "setitem_bad":
        items[0] = 3
        out = None
    elif op == "delitem":
        del items[0]
        out = None
    elif op == "pop":
        out = items.pop(0)
    elif op == "index_error":
        out = items[5]
    elif op == "extend_bad":
        out = items.extend(nn.ReLU())
    elif op == "append_ret":
        out = items.append(nn.ELU()) is items
    elif op == "not_module":
        out = nn.ModuleList([3])
    elif op == "insert_big":
        out = items.insert(10, nn.ELU())
    return [plain(out), repr(items), _keys(items._modules)]


def _mdict(lib, op):
    nn = lib.nn
    items = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
    if op == "update_dict":
        out = items.update({"c": nn.ELU(), "a": nn.GELU()})
    elif op == "update_pairs":
        out = items.update([("z", nn.ELU()), ("b", nn.GELU())])
    elif op == "pop":
        out = items.pop("b")
    elif op == "pop_missing":
        out = items.pop("zz")
    elif op == "keys":
        out = [list(items.keys()), [type(v).__name__ for v in items.values()], list(items), len(items)]
    elif op == "int_key":
        items[1] = nn.ReLU()
        out = None
    elif op == "getitem_missing":
        out = items["zz"]
    elif op == "update_bad":
        out = items.update(3)
    elif op == "update_bad_pair":
        out = items.update([("a", nn.ReLU(), 3)])
    elif op == "contains":
        out = ["a" in items, "zz" in items, 1 in items]
    elif op == "clear":
        out = items.clear()
    elif op == "int_key_init":
        out = nn.ModuleDict({1: nn.ReLU()})
    elif op == "not_module":
        items["c"] = 3
        out = None
    return [plain(out), repr(items), _keys(items._modules)]


def _plist(lib, op):
    nn = lib.nn
    items = nn.ParameterList([lib.ones(2), nn.Parameter(lib.zeros(1, dtype=lib.float64))])
    if op == "types":
        out = [type(p).__name__ for p in items] + [p.requires_grad for p in items]
    elif op == "append":
        out = items.append(lib.ones(3)) is items
    elif op == "setitem":
        items[0] = lib.full((1,), 2.0)
        out = type(items[0]).__name__
    elif op == "slice":
        out = items[0:1]
    elif op == "extend":
        out = items.extend([lib.ones(1)]) is items
    elif op == "names":
        out = [name for name, _ in items.named_parameters()]
    elif op == "plain_object":
        items.append("text")
        out = items[2]
    elif op == "iadd":
        items += [lib.ones(1)]
        out = len(items)
    return [plain(out), repr(items)]


def _pdict(lib, op):
    nn = lib.nn
    items = nn.ParameterDict({"w": lib.ones(2), "b": nn.Parameter(lib.zeros(1))})
    if op == "types":
        out = [type(p).__name__ for p in items.values()] + list(items.keys())
    elif op == "setitem":
        items["c"] = lib.ones(1, dtype=lib.float64)
        out = type(items["c"]).__name__
    elif op == "update":
        out = items.update({"z": lib.ones(1)})
    elif op == "pop":
        out = items.pop("w")
    elif op == "missing":
        out = items["zz"]
    elif op == "names":
        out = [name for name, _ in items.named_parameters()]
    elif op == "int_key":
        items[1] = lib.ones(1)
        out = None
    elif op == "get":
        out = [plain(items.get("zz")), items.get("zz", 5)]
    elif op == "or":
        out = items | nn.ParameterDict({"q": lib.ones(1)})
    return [plain(out), repr(items)]


def _registration_hooks(lib):
    nn = lib.nn
    module = nn.modules.module
    log = []
    handles = [
        module.register_module_parameter_registration_hook(
            lambda m, name, value: (log.append(("param", type(m).__name__, name)),
                                    None if value is None else nn.Parameter(value * 2))[1]),
        module.register_module_buffer_registration_hook(
            lambda m, name, value: (log.append(("buffer", type(m).__name__, name)), None)[1]),
        module.register_module_module_registration_hook(
            lambda m, name, value: (log.append(("module", type(m).__name__, name)),
                                    nn.Tanh() if isinstance(value, nn.ReLU) else None)[1])]
    try:
        seq = nn.Sequential(nn.ReLU())
        seq.extra = nn.ReLU()
        seq.register_buffer("b", lib.ones(1))
        seq.w = nn.Parameter(lib.ones(1))
        seq.register_parameter("none", None)
        layer = nn.Linear(1, 1)
    finally:
        for handle in handles:
            handle.remove()
    return [log, repr(seq), plain(seq.w), type(seq.w).__name__]


def _old_backward_tuple_output(lib):
    nn = lib.nn
    log = []

    class Split(nn.Module):
        def forward(self, x):
            return x * 2, x * 3

    layer = Split()
    layer.register_backward_hook(lambda m, gi, go: log.append([len(gi), len(go)]))
    a, b = layer(lib.ones(2, requires_grad=True))
    (a.sum() + b.sum()).backward()
    return log


def _old_backward_replaces(lib):
    nn = lib.nn

    class Double(nn.Module):
        def forward(self, x):
            return x * 2

    layer = Double()
    layer.register_backward_hook(lambda m, gi, go: (gi[0] * 0 + 7, None))
    x = lib.ones(2, requires_grad=True)
    layer(x).sum().backward()
    return plain(x.grad)


@contextlib.contextmanager
def _fresh_global_backward_kind(lib):
    """PyTorch remembers for the process whether the global backward hooks are full ones: a case starts and
    leaves that record empty (gradlib keeps it in ``nn.modules._global_hooks``)."""
    module = lib.nn.modules.module
    holder = getattr(module, "_global_hooks", module)
    holder._global_is_full_backward_hook = None
    try:
        yield
    finally:
        holder._global_is_full_backward_hook = None


def _global_old_backward(lib, then_full=False, alive=False):
    nn = lib.nn
    module = nn.modules.module
    log = []
    with _fresh_global_backward_kind(lib):
        handle = module.register_module_backward_hook(lambda m, gi, go: log.append((type(m).__name__, len(gi))))
        try:
            x = lib.ones(2, requires_grad=True)
            layer = nn.Tanh()
            out = layer(x) if alive else nn.Tanh()(x)  # a module gone before backward: PyTorch's RuntimeError
            out.sum().backward()
            if then_full:
                module.register_module_full_backward_hook(lambda m, gi, go: None)
        finally:
            handle.remove()
    return log


def _global_full_then_old(lib):
    module = lib.nn.modules.module
    with _fresh_global_backward_kind(lib):
        module.register_module_full_backward_hook(lambda m, gi, go: None).remove()
        module.register_module_backward_hook(lambda m, gi, go: None)


def _hook_raises_after_forward(lib):
    nn = lib.nn
    log = []
    layer = nn.Identity()

    def bad(module, args, out):
        raise ValueError("hook failed")

    layer.register_forward_hook(lambda m, a, out: log.append(("always", plain(out))), always_call=True)
    layer.register_forward_hook(bad)
    layer.register_forward_hook(lambda m, a, out: log.append(("late_always", plain(out))), always_call=True)
    try:
        layer(lib.ones(1))
    except ValueError as error:
        log.append(str(error))
    return log


def _always_call_kwargs(lib):
    nn = lib.nn
    log = []

    class Boom(nn.Module):
        def forward(self, x, scale=1):
            raise ValueError("boom")

    layer = Boom()
    layer.register_forward_hook(lambda m, a, kw, out: log.append((sorted(kw), out)), always_call=True,
                                with_kwargs=True)
    try:
        layer(lib.ones(1), scale=2)
    except ValueError:
        pass
    return log


def _extra_state(lib):
    nn = lib.nn

    class Stateful(nn.Module):
        def __init__(self):
            super().__init__()
            self.count = 0

        def get_extra_state(self):
            return {"count": self.count}

        def set_extra_state(self, state):
            self.count = state["count"]

    model = nn.Sequential(Stateful())
    state = model.state_dict()
    model[0].count = 5
    result = model.load_state_dict({"0._extra_state": {"count": 3}})
    return [_keys(state), plain(state["0._extra_state"]), model[0].count, repr(result)]


def _load_metadata_version(lib):
    nn = lib.nn
    seen = []

    class Versioned(nn.Linear):
        _version = 3

        def _load_from_state_dict(self, state_dict, prefix, local_metadata, *rest):
            seen.append(dict(local_metadata))
            super()._load_from_state_dict(state_dict, prefix, local_metadata, *rest)

    layer = Versioned(1, 1)
    state = layer.state_dict()
    first = dict(state._metadata[""])
    layer.load_state_dict(state)
    plain_dict = dict(state)
    layer.load_state_dict(plain_dict)
    return [first, seen]


def _modules_no_dup(lib):
    model = _shared_tree(lib)
    return [len(list(model.modules())), len(list(model.modules(remove_duplicate=False)))
            if hasattr(model.modules, "__call__") else None]


def _setattr_param_over_plain(lib):
    net = _net(lib)
    net.plain = 1
    net.plain = lib.nn.Parameter(lib.ones(1))
    return ["plain" in net.__dict__, _keys(net._parameters)]


def _delattr_then_assign_tensor(lib):
    net = _net(lib)
    del net.fc
    net.fc = lib.ones(1)
    return ["fc" in net.__dict__, _keys(net._modules), plain(net.fc)]


def _buffer_assign_nonpersistent(lib):
    net = _net(lib)
    net.scratch = lib.zeros(3)
    return [_keys(net.state_dict()), plain(net.scratch)]


def _register_buffer_param_name(lib):
    net = _net(lib)
    net.fc.register_buffer("weight", lib.ones(1))


def _register_parameter_over_buffer(lib):
    net = _net(lib)
    net.register_parameter("steps", lib.nn.Parameter(lib.ones(1)))


def _hook_kwargs_forward(lib):
    nn = lib.nn

    class Scale(nn.Module):
        def forward(self, x, scale=1.0):
            return x * scale

    layer = Scale()
    layer.register_forward_pre_hook(lambda m, args, kwargs: (args, {"scale": kwargs.get("scale", 1.0) * 3}),
                                    with_kwargs=True)
    layer.register_forward_hook(lambda m, args, kwargs, out: out + kwargs["scale"], with_kwargs=True)
    return [plain(layer(lib.ones(1))), plain(layer(lib.ones(1), scale=2.0))]


def _state_dict_pre_hook_module(lib):
    nn = lib.nn
    log = []
    model = nn.Sequential(nn.Linear(1, 1))
    handle = model.register_state_dict_pre_hook(lambda m, prefix, keep_vars: log.append(prefix))
    model.state_dict()
    handle.remove()
    model.state_dict()
    return log


def _zero_grad_no_grad(lib):
    layer = lib.nn.Linear(1, 1)
    layer.zero_grad()
    return plain(layer.weight.grad)


def _old_backward_warnings(lib, kind):
    nn = lib.nn
    log = []

    class Odd(nn.Module):
        def forward(self, x, flag=None):
            if kind == "dict":
                return {"a": x * 2}
            if kind == "nested":
                return (x * 2).sum(), x.exp()
            return x * 2

    layer = Odd()
    layer.register_backward_hook(lambda m, gi, go: log.append((len(gi), len(go))))
    x = lib.ones(2, requires_grad=True)
    out = layer(x, 3) if kind == "flag" else layer(x)
    total = out["a"].sum() if kind == "dict" else out[0] + out[1].sum() if kind == "nested" else out.sum()
    total.backward()
    return log


def _global_pre_and_kwargs(lib):
    nn = lib.nn
    module = nn.modules.module
    log = []

    class Scale(nn.Module):
        def forward(self, x, scale=1.0):
            return x * scale

    handles = [module.register_module_forward_pre_hook(lambda m, args: (args[0] + 1,)),
               module.register_module_forward_hook(lambda m, args, kwargs, out: (log.append(sorted(kwargs)),
                                                                                 out * 2)[1], with_kwargs=True)]
    try:
        layer = Scale()
        layer.register_forward_pre_hook(lambda m, args: log.append(plain(args[0])))
        out = layer(lib.ones(1), scale=3.0)
    finally:
        for handle in handles:
            handle.remove()
    return [log, plain(out)]


def _more(lib, op):
    nn = lib.nn
    lib.manual_seed(0)
    if op == "seq_slice_names":
        seq = nn.Sequential(OrderedDict([("a", nn.ReLU()), ("b", nn.Tanh()), ("c", nn.ELU())]))
        return [_keys(seq[1:]._modules), _keys(seq[::2]._modules), type(seq[1:]).__name__]
    if op == "mlist_slice_names":
        items = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.ELU()])
        return [_keys(items[1:]._modules), type(items[1:]).__name__, _keys(items[::-1]._modules)]
    if op == "extra_state_missing_setter":
        class Half(nn.Module):
            def get_extra_state(self):
                return 1
        return Half().load_state_dict({"_extra_state": 1})
    if op == "extra_state_missing_getter":
        class Half(nn.Module):
            def set_extra_state(self, state):
                pass
        return _keys(Half().state_dict())
    if op == "post_hook_returns":
        layer = nn.Linear(1, 1)
        layer.register_state_dict_post_hook(lambda m, sd, prefix, meta: {})
        return layer.state_dict()
    if op == "load_post_hook_returns":
        layer = nn.Linear(1, 1)
        layer.register_load_state_dict_post_hook(lambda m, incompatible: 1)
        return layer.load_state_dict(layer.state_dict())
    if op == "load_pre_hook_public":
        log = []
        layer = nn.Linear(1, 1)
        layer.register_load_state_dict_pre_hook(lambda m, sd, prefix, meta, strict, missing, unexpected, errors:
                                                log.append((type(m).__name__, prefix, strict, list(missing))))
        layer.load_state_dict(layer.state_dict(), strict=False)
        return log
    if op == "load_pre_hook_private":
        log = []
        layer = nn.Linear(1, 1)
        layer._register_load_state_dict_pre_hook(lambda *args: log.append(len(args)))
        layer._register_load_state_dict_pre_hook(lambda *args: log.append(("with", len(args))), with_module=True)
        layer.load_state_dict(layer.state_dict())
        return log
    if op == "hooks_container_order":
        log = []
        model = nn.Sequential(nn.Identity(), nn.Identity())
        for index, child in enumerate([model, model[0], model[1]]):
            child.register_forward_pre_hook((lambda i: lambda m, a: log.append(("pre", i)))(index))
            child.register_forward_hook((lambda i: lambda m, a, o: log.append(("post", i)))(index))
        model(lib.ones(1))
        return log
    if op == "full_backward_twice":
        log = []
        layer = nn.Linear(1, 1)
        layer.register_full_backward_hook(lambda m, gi, go: log.append(plain(go[0])))
        x = lib.ones(1, 1, requires_grad=True)
        (layer(x) * 2 + layer(x) * 3).sum().backward()
        return log
    if op == "full_backward_nontensor_output":
        layer = nn.Identity()
        layer.register_full_backward_hook(lambda m, gi, go: None)
        return type(layer([1, 2])).__name__
    if op == "full_backward_pre_wrong":
        layer = nn.Identity()
        layer.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
        layer(lib.ones(1, requires_grad=True)).sum().backward()
    if op == "full_backward_no_grad_mode":
        log = []
        layer = nn.Linear(1, 1)
        layer.register_full_backward_hook(lambda m, gi, go: log.append(1))
        with lib.no_grad():
            out = layer(lib.ones(1, 1, requires_grad=True))
        return [out.requires_grad, out.grad_fn is None, log]
    if op == "buffer_class":
        net = _net(lib)
        net.extra = nn.Buffer(lib.ones(1), persistent=False)
        net.other = nn.Buffer(lib.zeros(1))
        return [_keys(net._buffers), _keys(net.state_dict()), type(net.extra).__name__]
    if op == "property_attribute_error":
        class Prop(nn.Module):
            @property
            def thing(self):
                return self.missing_inner
        return Prop().thing
    if op == "to_tensor":
        layer = nn.Linear(1, 1)
        layer.to(lib.ones(1, dtype=lib.float64))
        return str(layer.weight.dtype)
    if op == "type_method":
        net = _net(lib)
        net.type(lib.float64)
        return [str(t.dtype) for t in net.state_dict().values()] + [str(net.scratch.dtype)]
    if op == "named_parameters_tied_prefix":
        model = _tied(lib)
        return [[n for n, _ in model.named_parameters(prefix="m", remove_duplicate=False)],
                [n for n, _ in model.named_parameters(prefix="m")]]
    if op == "state_dict_half_int_buffer":
        net = _net(lib).half()
        return [str(t.dtype) for t in net.state_dict().values()]
    if op == "load_strict_nested_message":
        model = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.BatchNorm1d(2)))
        state = model.state_dict()
        state["1.0.running_mean"] = lib.zeros(3)
        del state["0.bias"]
        state["1.0.foo"] = lib.zeros(1)
        return model.load_state_dict(state)
    if op == "load_unexpected_only_repr":
        layer = nn.Linear(1, 1)
        state = dict(layer.state_dict(), extra=lib.ones(1))
        return repr(layer.load_state_dict(state, strict=False))
    if op == "load_none_buffer":
        net = _net(lib)
        net.steps = None
        return [_keys(net.state_dict()), repr(net.load_state_dict(dict(net.state_dict(), steps=lib.ones(1)),
                                                                 strict=False))]
    if op == "load_buffer_into_param_grad":
        layer = nn.Linear(1, 1)
        layer.load_state_dict({"weight": lib.ones(1, 1, requires_grad=True), "bias": lib.zeros(1)})
        return [layer.weight.requires_grad, layer.weight.grad_fn is None, type(layer.weight).__name__]
    if op == "load_assign_keeps_param":
        layer = nn.Linear(1, 1)
        layer.weight.requires_grad_(False)
        layer.load_state_dict({"weight": lib.ones(1, 1), "bias": lib.zeros(1)}, assign=True)
        return [type(layer.weight).__name__, layer.weight.requires_grad, type(layer.bias).__name__,
                layer.bias.requires_grad]
    if op == "getattr_in_forward_typo":
        class Typo(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(1, 1)

            def forward(self, x):
                return self.fcc(x)
        return Typo()(lib.ones(1, 1))
    if op == "setattr_param_on_module_name":
        net = _net(lib)
        net.fc = nn.Parameter(lib.ones(1))
        return [_keys(net._parameters), _keys(net._modules)]
    if op == "delattr_plain_then_getattr":
        net = _net(lib)
        net.value = 3
        del net.value
        return net.value
    if op == "moduledict_update_moduledict":
        items = nn.ModuleDict({"a": nn.ReLU()})
        items.update(nn.ModuleDict({"c": nn.Tanh(), "b": nn.ELU()}))
        items.update(OrderedDict([("z", nn.GELU())]))
        return _keys(items)
    if op == "moduledict_items":
        items = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Tanh()})
        return [[k, type(v).__name__] for k, v in items.items()] + [type(items.keys()).__name__]
    if op == "parameterdict_repr_mixed":
        items = nn.ParameterDict({"w": lib.ones(2, 3), "n": "plain", "i": lib.ones(1, dtype=lib.float64)})
        return [repr(items), type(items["n"]).__name__]
    if op == "parameterlist_int_tensor":
        return nn.ParameterList([lib.ones(1, dtype=lib.int64)])
    if op == "sequential_forward_kwargs":
        return nn.Sequential(nn.ReLU())(lib.ones(1), extra=1)
    if op == "modulelist_call":
        return nn.ModuleList([nn.ReLU()])(lib.ones(1))
    if op == "table_types":
        model = nn.Sequential(nn.BatchNorm1d(1))
        return [type(model._modules).__name__, type(model[0]._parameters).__name__,
                type(model[0]._buffers).__name__, type(model._forward_hooks).__name__,
                type(model._forward_pre_hooks).__name__, type(model._backward_hooks).__name__,
                repr(model._modules), str(nn.Sequential()._modules)]
    if op == "table_types_after_del":
        model = nn.Sequential(nn.ReLU(), nn.Tanh(), nn.ELU())
        del model[0]
        items = nn.ModuleList([nn.ReLU(), nn.Tanh()])
        del items[0]
        return [repr(model._modules), repr(items._modules)]
    if op == "parameter_int_no_grad":
        return [plain(nn.Parameter(lib.ones(1, dtype=lib.int64), requires_grad=False))]
    if op == "parameter_bool":
        return nn.Parameter(lib.ones(1, dtype=lib.bool))
    if op == "module_forward_missing":
        return nn.Module()(lib.ones(1))
    raise AssertionError(op)


_MORE = ("seq_slice_names", "mlist_slice_names", "extra_state_missing_setter", "extra_state_missing_getter",
         "post_hook_returns", "load_post_hook_returns", "load_pre_hook_public", "load_pre_hook_private",
         "hooks_container_order", "full_backward_twice", "full_backward_nontensor_output", "full_backward_pre_wrong",
         "full_backward_no_grad_mode", "buffer_class", "property_attribute_error", "to_tensor", "type_method",
         "named_parameters_tied_prefix", "state_dict_half_int_buffer", "load_strict_nested_message",
         "load_unexpected_only_repr", "load_none_buffer", "load_buffer_into_param_grad", "load_assign_keeps_param",
         "getattr_in_forward_typo", "setattr_param_on_module_name", "delattr_plain_then_getattr",
         "moduledict_update_moduledict", "moduledict_items", "parameterdict_repr_mixed", "parameterlist_int_tensor",
         "sequential_forward_kwargs", "modulelist_call", "module_forward_missing", "table_types",
         "table_types_after_del", "parameter_int_no_grad", "parameter_bool")


def _more2(lib, op):
    import copy
    import pickle
    nn = lib.nn
    lib.manual_seed(0)
    if op == "deepcopy_hooks":
        log = []
        layer = nn.Linear(1, 1)
        layer.register_forward_hook(lambda m, a, o: log.append(m is layer))
        clone = copy.deepcopy(layer)
        clone(lib.ones(1, 1))
        layer(lib.ones(1, 1))
        return [log, clone.weight is layer.weight, len(clone._forward_hooks)]
    if op == "pickle_state_dict":
        net = _net(lib)
        state = pickle.loads(pickle.dumps(net.state_dict()))
        return [_keys(state), type(state).__name__, sorted(state._metadata)]
    if op == "state_dict_order":
        class Mixed(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Parameter(lib.ones(1))
                self.register_buffer("b", lib.ones(1))
                self.c = nn.Parameter(lib.ones(1))
                self.child = nn.Linear(1, 1)
                self.d = nn.Parameter(lib.ones(1))
        return _keys(Mixed().state_dict())
    if op == "shared_buffers":
        norm = nn.BatchNorm1d(1)
        model = nn.Sequential(norm, norm)
        return [[n for n, _ in model.named_buffers(remove_duplicate=False)], [n for n, _ in model.named_buffers()],
                _keys(model.state_dict())]
    if op == "modulelist_extend_generator":
        items = nn.ModuleList()
        items.extend(nn.ReLU() for _ in range(2))
        return [_keys(items._modules), repr(items)]
    if op == "modulelist_add_list":
        return nn.ModuleList([nn.ReLU()]) + [nn.Tanh()]
    if op == "modulelist_setitem_neg_out":
        items = nn.ModuleList([nn.ReLU()])
        items[-3] = nn.Tanh()
    if op == "moduledict_setitem_existing":
        items = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Tanh()})
        items["a"] = nn.ELU()
        return _keys(items)
    if op == "moduledict_del":
        items = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Tanh()})
        del items["a"]
        return [_keys(items), "a" in items]
    if op == "parameterdict_setdefault":
        items = nn.ParameterDict({"a": lib.ones(1)})
        first = items.setdefault("b", lib.zeros(1))
        return [type(first).__name__, list(items.keys()), plain(items.copy()["b"]), type(items.copy()).__name__]
    if op == "parameterdict_fromkeys":
        items = nn.ParameterDict().fromkeys(["x", "y"], lib.ones(1))
        return [list(items.keys()), [type(v).__name__ for v in items.values()]]
    if op == "parameterlist_setitem_neg":
        items = nn.ParameterList([lib.ones(1), lib.ones(2)])
        items[-1] = lib.zeros(3)
        return [[tuple(p.shape) for p in items], [name for name, _ in items.named_parameters()]]
    if op == "apply_not_callable":
        return nn.Linear(1, 1).apply(3)
    if op == "requires_grad_not_bool":
        layer = nn.Linear(1, 1)
        layer.requires_grad_(0)
        return [p.requires_grad for p in layer.parameters()]
    if op == "full_backward_wrong_shape":
        layer = nn.Identity()
        layer.register_full_backward_hook(lambda m, gi, go: (lib.ones(3),))
        layer(lib.ones(2, requires_grad=True)).sum().backward()
    if op == "always_call_replaces":
        class Boom(nn.Module):
            def forward(self, x):
                raise ValueError("boom")
        layer = Boom()
        layer.register_forward_hook(lambda m, a, o: lib.ones(1), always_call=True)
        return layer(lib.ones(1))
    if op == "pre_hook_returns_list":
        layer = nn.Identity()
        layer.register_forward_pre_hook(lambda m, args: [args[0] * 3])
        return layer(lib.ones(1))
    if op == "forward_hook_kwargs_not_passed":
        log = []

        class Scale(nn.Module):
            def forward(self, x, scale=1.0):
                return x * scale

        layer = Scale()
        layer.register_forward_hook(lambda m, args, out: log.append(len(args)))
        layer.register_forward_pre_hook(lambda m, args: log.append(len(args)))
        layer(lib.ones(1), scale=2.0)
        return log
    if op == "state_dict_keep_vars_buffers":
        norm = nn.BatchNorm1d(1)
        state = norm.state_dict(keep_vars=True)
        return [state["running_mean"] is norm.running_mean, state["weight"] is norm.weight]
    if op == "load_strict_false_size_mismatch_extra":
        layer = nn.Linear(2, 2)
        return layer.load_state_dict({"weight": lib.ones(3, 3)}, strict=False)
    if op == "load_into_non_persistent":
        net = _net(lib)
        return repr(net.load_state_dict(dict(net.state_dict(), scratch=lib.zeros(2)), strict=False))
    if op == "get_submodule_on_param":
        return _net(lib).get_submodule("fc.weight.x")
    if op == "set_submodule_errors":
        model = nn.Sequential(nn.Linear(1, 1))
        out = []
        for target, module in (("", nn.ReLU()), ("0.weight", nn.ReLU()), ("9.x", nn.ReLU()), ("0", 3)):
            try:
                model.set_submodule(target, module)
                out.append("ok")
            except Exception as error:
                out.append([type(error).__name__, _spelled(str(error))])
        return out
    if op == "modules_generator":
        model = _shared_tree(lib)
        return [type(model.modules()).__name__, type(model.parameters()).__name__, type(model.children()).__name__]
    if op == "train_returns_child_modes":
        model = nn.Sequential(nn.Dropout())
        model[0].eval()
        return [model.training, model[0].training, model.train(False) is model, model[0].training]
    raise AssertionError(op)


_MORE2 = ("deepcopy_hooks", "pickle_state_dict", "state_dict_order", "shared_buffers", "modulelist_extend_generator",
          "modulelist_add_list", "modulelist_setitem_neg_out", "moduledict_setitem_existing", "moduledict_del",
          "parameterdict_setdefault", "parameterdict_fromkeys", "parameterlist_setitem_neg", "apply_not_callable",
          "requires_grad_not_bool", "full_backward_wrong_shape", "always_call_replaces", "pre_hook_returns_list",
          "forward_hook_kwargs_not_passed", "state_dict_keep_vars_buffers", "load_strict_false_size_mismatch_extra",
          "load_into_non_persistent", "get_submodule_on_param", "set_submodule_errors", "modules_generator",
          "train_returns_child_modes")


def _more3(lib, op):
    nn = lib.nn
    lib.manual_seed(0)
    if op == "backward_prepend":
        log = []
        layer = nn.Identity()
        layer.register_full_backward_hook(lambda m, gi, go: log.append("first"))
        layer.register_full_backward_hook(lambda m, gi, go: log.append("prepended"), prepend=True)
        layer.register_full_backward_pre_hook(lambda m, go: log.append("pre"))
        layer.register_full_backward_pre_hook(lambda m, go: log.append("pre_prepended"), prepend=True)
        layer(lib.ones(1, requires_grad=True)).sum().backward()
        return log
    if op == "forward_hook_handle_removed_during_call":
        log = []
        layer = nn.Identity()
        handles = []

        def remover(m, args, out):
            log.append("remover")
            handles[1].remove()

        handles.append(layer.register_forward_hook(remover))
        handles.append(layer.register_forward_hook(lambda m, a, o: log.append("second")))
        layer(lib.ones(1))
        layer(lib.ones(1))
        return log
    if op == "hook_on_child_called_twice":
        log = []
        shared = nn.Linear(1, 1)
        shared.register_full_backward_hook(lambda m, gi, go: log.append(plain(go[0])))
        x = lib.ones(1, 1, requires_grad=True)
        shared(shared(x)).sum().backward()
        return len(log)
    if op == "backward_hook_kwargs_tensor":
        log = []

        class Add(nn.Module):
            def forward(self, x, y=None):
                return x + y

        layer = Add()
        layer.register_full_backward_hook(lambda m, gi, go: log.append([g is None for g in gi]))
        x = lib.ones(1, requires_grad=True)
        y = lib.ones(1, requires_grad=True)
        layer(x, y=y).sum().backward()
        return [log, plain(y.grad)]
    if op == "state_dict_hooks_prepend_order":
        log = []
        layer = nn.Linear(1, 1)
        layer.register_state_dict_pre_hook(lambda m, p, k: log.append("a"))
        layer.register_state_dict_post_hook(lambda m, sd, p, meta: log.append("post"))
        layer._register_state_dict_hook(lambda m, sd, p, meta: log.append("private_post"))
        layer.state_dict()
        return log
    if op == "load_post_hook_handle":
        log = []
        layer = nn.Linear(1, 1)
        handle = layer.register_load_state_dict_post_hook(lambda m, k: log.append(1))
        layer.load_state_dict(layer.state_dict())
        handle.remove()
        layer.load_state_dict(layer.state_dict())
        return log
    if op == "load_post_hook_children":
        log = []
        model = nn.Sequential(nn.Linear(1, 1), nn.Linear(1, 1))
        for index, child in enumerate([model, model[0], model[1]]):
            child.register_load_state_dict_post_hook((lambda i: lambda m, k: log.append(i))(index))
        state = model.state_dict()
        del state["1.bias"]
        model.load_state_dict(state, strict=False)
        return log
    raise AssertionError(op)


_MORE3 = ("backward_prepend", "forward_hook_handle_removed_during_call", "hook_on_child_called_twice",
          "backward_hook_kwargs_tensor", "state_dict_hooks_prepend_order", "load_post_hook_handle",
          "load_post_hook_children")


def _cases():
    cases = {}
    for target in ("param", "buffer", "module"):
        for value in ("param", "module", "tensor", "none", "int"):
            cases[f"assign/{target}/{value}"] = (lambda t, v: lambda lib: _assign(lib, t, v))(target, value)
    for name in ("fc", "steps", "scratch", "training"):
        cases[f"delattr/{name}"] = (lambda n: lambda lib: _delete(lib, n))(name)
    cases["delattr/missing"] = _delete_missing
    for method in ("register_parameter", "register_buffer", "add_module", "register_module"):
        for label, name in (("dot", "a.b"), ("empty", ""), ("attribute", "plain_attribute"), ("method", "forward"),
                            ("existing_param", "fc" if method != "register_parameter" else "x"),
                            ("existing_buffer", "steps"), ("existing_module", "fc"), ("int", 3),
                            ("training", "training")):
            cases[f"{method}/{label}"] = (lambda m, n: lambda lib: _register(lib, m, n))(method, name)
        cases[f"{method}/bad_value"] = (lambda m: lambda lib: _register(lib, m, "fine", 3))(method)
        cases[f"{method}/none"] = (lambda m: lambda lib: _register(lib, m, "fine", None))(method)
    cases["register_parameter/non_leaf"] = lambda lib: _register(
        lib, "register_parameter", "fine", lib.nn.Parameter(lib.ones(1)) * 2)
    cases["register_parameter/tensor"] = lambda lib: _register(lib, "register_parameter", "fine", lib.ones(1))
    cases["buffer/nonpersistent"] = _nonpersistent
    cases["buffer/assign_parameter"] = _buffer_assign_param
    cases["dir"] = _dir
    cases["getattr/missing"] = _getattr_missing
    cases["getattr/missing_custom"] = _getattr_missing_custom
    for value in ("param", "module", "tensor"):
        cases[f"setattr_before_init/{value}"] = (lambda v: lambda lib: _setattr_before_init(lib, v))(value)
    for method in ("register_parameter", "register_buffer", "add_module"):
        cases[f"register_before_init/{method}"] = (lambda m: lambda lib: _register_before_init(lib, m))(method)

    cases["hooks/forward"] = _forward_hooks
    cases["hooks/pre_single_return"] = _pre_hook_single_return
    cases["hooks/pre_kwargs_bad_return"] = _pre_hook_kwargs_bad_return
    cases["hooks/always_call"] = _always_call
    cases["hooks/always_call_raising"] = _always_call_raising
    cases["hooks/handles"] = _handles
    cases["hooks/full_backward"] = _full_backward_hooks
    cases["hooks/full_backward_wrong_count"] = _full_backward_wrong_count
    cases["hooks/full_backward_no_grad_input"] = _full_backward_no_grad_input
    cases["hooks/old_backward"] = _old_backward_hook
    cases["hooks/mixed_full_then_old"] = _mixed_backward_hooks
    cases["hooks/mixed_old_then_full"] = _mixed_backward_hooks_reverse
    cases["hooks/global"] = _global_hooks
    cases["hooks/global_forward_replaces"] = _global_forward_hook_replaces
    cases["hooks/global_always_call"] = _global_always_call
    cases["hooks/state_dict"] = _state_dict_hooks
    cases["hooks/state_dict_post_public"] = _state_dict_post_hook_public
    cases["hooks/state_dict_hook_returns"] = _state_dict_hook_returns
    cases["hooks/load_post"] = _load_post_hook
    cases["hooks/load_post_strict"] = _load_post_hook_strict
    cases["hooks/load_pre"] = _load_pre_hook
    cases["hooks/load_from_state_dict_override"] = _load_from_state_dict_override

    cases["load/missing_unexpected_strict"] = lambda lib: _load(lib, _load_missing_unexpected)
    cases["load/missing_unexpected_loose"] = lambda lib: _load(lib, _load_missing_unexpected, strict=False)
    cases["load/size_mismatch_strict"] = lambda lib: _load(lib, _load_size_mismatch)
    cases["load/size_mismatch_loose"] = lambda lib: _load(lib, _load_size_mismatch, strict=False)
    cases["load/fields"] = _load_fields
    cases["load/matched"] = _load_matched
    cases["load/assign"] = _load_assign
    cases["load/other_dtype"] = _load_other_dtype
    cases["load/not_mapping"] = _load_not_mapping
    cases["load/not_tensor"] = _load_not_tensor
    cases["load/none_param"] = _load_none_param
    cases["load/shape_0d"] = _load_shape_0d
    cases["state_dict/prefix_keep_vars"] = _state_dict_prefix_keep_vars
    cases["state_dict/metadata"] = _state_dict_metadata
    cases["state_dict/destination"] = _state_dict_destination
    cases["state_dict/positional"] = _state_dict_positional
    cases["state_dict/tied"] = _tied_state_dict
    cases["load/tied"] = _tied_load

    cases["named_modules/default"] = lambda lib: _named_modules(lib)
    cases["named_modules/all"] = lambda lib: _named_modules(lib, remove_duplicate=False)
    cases["named_modules/prefix"] = lambda lib: _named_modules(lib, prefix="m")
    cases["named_modules/memo"] = _named_modules_memo
    cases["named_parameters/default"] = lambda lib: _named_params(lib)
    cases["named_parameters/all"] = lambda lib: _named_params(lib, remove_duplicate=False)
    cases["named_parameters/prefix"] = lambda lib: _named_params(lib, prefix="m")
    cases["named_parameters/flat"] = lambda lib: _named_params(lib, recurse=False)
    cases["named_buffers/default"] = lambda lib: _named_bufs(lib)
    cases["named_buffers/flat"] = lambda lib: _named_bufs(lib, recurse=False)
    cases["named_buffers/prefix"] = lambda lib: _named_bufs(lib, prefix="x")
    cases["children_order"] = _children_order
    for label, target in (("ok", "0.0"), ("missing", "0.9"), ("not_module", "0.0.weight"), ("empty", "")):
        cases[f"get_submodule/{label}"] = (lambda t: lambda lib: _get_submodule_errors(lib, t))(target)
    for label, target in (("ok", "fc.bias"), ("missing", "fc.nope"), ("buffer", "steps"), ("module", "fc"),
                          ("no_module", "gone.weight")):
        cases[f"get_parameter/{label}"] = (lambda t: lambda lib: _get_parameter(lib, t))(target)
    for label, target in (("ok", "steps"), ("missing", "nope"), ("param", "fc.weight"), ("nonpersistent", "scratch")):
        cases[f"get_buffer/{label}"] = (lambda t: lambda lib: _get_buffer(lib, t))(target)
    cases["apply"] = _apply_order
    cases["zero_grad/none"] = lambda lib: _zero_grad(lib, True)
    cases["zero_grad/zeros"] = lambda lib: _zero_grad(lib, False)
    cases["requires_grad_"] = _requires_grad
    cases["requires_grad_/buffers"] = _requires_grad_buffer
    cases["train_eval"] = _train_eval
    cases["train/not_bool"] = _train_not_bool
    for method in ("half", "double", "float", "bfloat16", "to"):
        cases[f"convert/{method}"] = (lambda m: lambda lib: _conversions(lib, m))(method)
    cases["convert/to_device"] = _to_device
    cases["convert/int_dtype"] = _to_int_dtype
    cases["share_memory"] = _share_memory
    cases["extra_repr"] = _extra_repr
    cases["parameters/recurse"] = _parameters_recurse

    for op in ("slice", "neg", "append", "insert", "insert_neg", "extend", "pop", "add", "iadd", "mul", "rmul", "del",
               "del_slice", "setitem", "index_error", "add_list", "mul_zero", "mul_float", "insert_bad", "insert_out",
               "ordered", "pop_neg", "len_iter", "not_module", "str_index"):
        cases[f"sequential/{op}"] = (lambda o: lambda lib: _seq_ops(lib, o))(op)
    for op in ("insert_neg", "slice", "iadd", "add", "setitem", "setitem_bad", "delitem", "pop", "index_error",
               "extend_bad", "append_ret", "not_module", "insert_big"):
        cases[f"modulelist/{op}"] = (lambda o: lambda lib: _mlist(lib, o))(op)
    for op in ("update_dict", "update_pairs", "pop", "pop_missing", "keys", "int_key", "getitem_missing",
               "update_bad", "update_bad_pair", "contains", "clear", "int_key_init", "not_module"):
        cases[f"moduledict/{op}"] = (lambda o: lambda lib: _mdict(lib, o))(op)
    for op in ("types", "append", "setitem", "slice", "extend", "names", "plain_object", "iadd"):
        cases[f"parameterlist/{op}"] = (lambda o: lambda lib: _plist(lib, o))(op)
    for op in ("types", "setitem", "update", "pop", "missing", "names", "int_key", "get", "or"):
        cases[f"parameterdict/{op}"] = (lambda o: lambda lib: _pdict(lib, o))(op)
    cases["hooks/registration"] = _registration_hooks
    cases["hooks/old_backward_tuple_output"] = _old_backward_tuple_output
    cases["hooks/old_backward_replaces"] = _old_backward_replaces
    cases["hooks/global_old_backward"] = _global_old_backward
    cases["hooks/global_old_then_full"] = lambda lib: _global_old_backward(lib, then_full=True, alive=True)
    cases["hooks/global_old_backward_alive"] = lambda lib: _global_old_backward(lib, alive=True)
    cases["hooks/global_full_then_old"] = _global_full_then_old
    cases["hooks/global_pre_and_kwargs"] = _global_pre_and_kwargs
    for kind in ("dict", "nested", "flag"):
        cases[f"hooks/old_backward_warns/{kind}"] = (lambda k: lambda lib: _old_backward_warnings(lib, k))(kind)
    cases["hooks/raises_after_forward"] = _hook_raises_after_forward
    cases["hooks/always_call_kwargs"] = _always_call_kwargs
    cases["hooks/kwargs_forward"] = _hook_kwargs_forward
    cases["hooks/state_dict_pre_module"] = _state_dict_pre_hook_module
    cases["state_dict/extra_state"] = _extra_state
    cases["load/metadata_version"] = _load_metadata_version
    cases["modules/duplicates"] = _modules_no_dup
    cases["setattr/param_over_plain"] = _setattr_param_over_plain
    cases["setattr/tensor_after_delattr"] = _delattr_then_assign_tensor
    cases["setattr/nonpersistent_buffer"] = _buffer_assign_nonpersistent
    cases["register_buffer/param_name"] = _register_buffer_param_name
    cases["register_parameter/buffer_name"] = _register_parameter_over_buffer
    cases["zero_grad/no_grad"] = _zero_grad_no_grad
    for op in _MORE:
        cases[f"more/{op}"] = (lambda o: lambda lib: _more(lib, o))(op)
    for op in _MORE2:
        cases[f"more2/{op}"] = (lambda o: lambda lib: _more2(lib, o))(op)
    for op in _MORE3:
        cases[f"more3/{op}"] = (lambda o: lambda lib: _more3(lib, o))(op)
    return cases


CASES = _cases()


def run(lib, name):
    """One case's answer: ``value`` or ``error``, ``printed`` and ``warnings`` (category, message)."""
    answer = {}
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            answer["value"] = plain(CASES[name](lib))
        except Exception as error:  # the class and message are the spec
            answer["error"] = [type(error).__name__, _spelled(str(error))]
    answer["printed"] = _spelled(printed.getvalue())
    answer["warnings"] = [[w.category.__name__, _spelled(str(w.message))] for w in caught]
    return answer


def collect(lib):
    return {name: run(lib, name) for name in CASES}


def record():
    import torch
    recorded = collect(torch)
    FILE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases in {FILE.name}")
