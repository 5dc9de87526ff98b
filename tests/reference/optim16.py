"""Optimizer, scheduler and swa_utils API edges found by the session-16 differential probe
(tools/probe_optim16.py), one representative case per class of difference, written once for gradlib and PyTorch:

- tensor hyper-parameters besides ``lr`` (``betas``, ``eps``, ``weight_decay``, ``momentum``, ``alpha``), and
  Adam's ValueErrors for mixed or foreach tensor betas;
- ``named_parameters()`` as ``params`` (groups with ``param_names``, in state dicts and reprs; the ValueErrors
  for named and unnamed params mixed);
- the optimizer's repr (a blank line between groups), its six hook tables, the step-hook message;
- ``state_dict()``/``load_state_dict()``: the optimizer's own state tensors handed out and kept (PyTorch does not
  copy them), a loaded group's keys in the saved order with ``params`` last, the flags ``__setstate__`` restores;
- complex parameters stepped as real views (PyTorch's ``_view_as_real``), ``fused=True`` refusing them;
- ``differentiable=True`` refusing an in-place step of a leaf that requires grad;
- a sparse step keeping no empty state (SGD without momentum);
- LBFGS: complex parameters as real views, ``ro``/``al``/``H_diag`` and the first step length as 0-d tensors of the
  parameters' dtype;
- ReduceLROnPlateau as an LRScheduler with state_dict/load_state_dict; LambdaLR/MultiplicativeLR/CyclicLR saving a
  callable object's fields; MultiStepLR's Counter; SWALR's state dict and message; CyclicLR filling a tensor lr.

``run(lib, key)`` answers JSON (floats as hex; tensors as dtype, shape, values) with the error class and message
and the warnings. Recorded by ``python tests/reference/record_torch.py optim16`` into ``torch_optim16.json``;
tests/test_optim16.py compares gradlib's answers (parameters within 4 ulps: PyTorch fuses multiply-adds).
"""
import copy
import json
import math
import pathlib
import warnings

FILE = pathlib.Path(__file__).parent / "torch_optim16.json"
_ENCODED = [{"T", "shape", "cls", "v", "rg"}, {"D", "items"}, {"L", "items"}, {"f"}, {"callable"}, {"obj"}]


def enc(value):
    """``value`` as JSON: tensors as dtype, shape and values (floats as hex), containers recursively."""
    if hasattr(value, "detach") and hasattr(value, "dtype"):
        t = value.detach()
        out = {"T": str(t.dtype).split(".")[-1], "shape": list(t.shape), "cls": type(value).__name__}
        if t.is_complex():
            out["v"] = [[float(z.real).hex(), float(z.imag).hex()] for z in t.reshape(-1).tolist()]
        elif t.dtype.is_floating_point:
            out["v"] = [float(v).hex() for v in t.double().reshape(-1).tolist()]
        else:
            out["v"] = t.reshape(-1).tolist()
        out["rg"] = bool(value.requires_grad)
        return out
    if isinstance(value, dict) and set(value) in _ENCODED:
        return value
    if isinstance(value, dict):
        return {"D": type(value).__name__, "items": [[k if isinstance(k, (str, int)) else enc(k), enc(v)]
                                                      for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"L": type(value).__name__, "items": [enc(v) for v in value]}
    if isinstance(value, float):
        return {"f": value.hex()} if math.isfinite(value) else {"f": repr(value)}
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    if callable(value):
        return {"callable": type(value).__name__}
    return {"obj": type(value).__name__}


def groups(opt, ids=None):
    return [[[k, enc(v) if k != "params" else [ids.get(id(p), "?") if ids else "p" for p in v]]
             for k, v in g.items()] for g in opt.param_groups]


def quad(lib, dtype="float32", n=4):
    return lib.nn.Parameter(lib.tensor([1.5410, -0.2934, -2.1788, 0.5684][:n], dtype=getattr(lib, dtype)))


def loss_of(lib, p):
    return (p ** 2 * lib.arange(1.0, p.numel() + 1, dtype=p.dtype)).sum()


def train(lib, opt, params, steps=3):
    for _ in range(steps):
        opt.zero_grad()
        sum(loss_of(lib, p) for p in params).backward()
        opt.step()


CASES = {}


def case(name):
    def deco(fn):
        CASES[name] = fn
        return fn
    return deco


# ---- tensor hyper-parameters ---------------------------------------------------------------------------------
def _tensor_hp(name, key, expr):
    def fn(lib):
        p = quad(lib)
        opt = getattr(lib.optim, name)([p], **{key: eval(expr, {"t": lib.tensor})})
        train(lib, opt, [p])
        return {"p": enc(p), "groups": groups(opt), "sd": enc(opt.state_dict())}
    CASES[f"tensor_hp/{name}/{key}={expr}"] = fn


for _name, _key, _expr in [("Adam", "betas", "(t(0.9), t(0.999))"), ("Adam", "betas", "(t([0.9]), t(0.999))"),
                           ("Adam", "eps", "t(1e-8)"), ("Adam", "weight_decay", "t(0.1)"),
                           ("AdamW", "betas", "(t(0.8), t(0.99))"), ("SGD", "momentum", "t(0.9)"),
                           ("RMSprop", "alpha", "t(0.9)"), ("NAdam", "betas", "(t(0.9), t(0.999))"),
                           ("RAdam", "betas", "(t(0.9), t(0.999))"), ("Adamax", "betas", "(t(0.9), t(0.999))"),
                           ("Adam", "betas", "(t(0.9), 0.999)"), ("Adam", "betas", "(0.9, 1)"),
                           ("Adam", "betas", "(t([0.9, 0.8]), t(0.999))")]:
    _tensor_hp(_name, _key, _expr)


@case("tensor_hp/Adam/betas_foreach")
def _(lib):
    lib.optim.Adam([quad(lib)], betas=(lib.tensor(0.9), lib.tensor(0.999)), foreach=True)


@case("tensor_hp/Adam/betas_tensor_lr_float64")
def _(lib):
    p = quad(lib, "float64")
    opt = lib.optim.Adam([p], lr=lib.tensor(0.01, dtype=lib.float64),
                         betas=(lib.tensor(0.9, dtype=lib.float64), lib.tensor(0.99, dtype=lib.float64)))
    train(lib, opt, [p])
    return {"p": enc(p)}


# ---- named parameters ----------------------------------------------------------------------------------------
def _linear(lib):
    m = lib.nn.Linear(2, 3)
    with lib.no_grad():
        m.weight.copy_(lib.arange(6.0).reshape(3, 2) / 10)
        m.bias.copy_(lib.tensor([0.1, -0.2, 0.3]))
    return m


@case("named/sgd")
def _(lib):
    opt = lib.optim.SGD(_linear(lib).named_parameters(), lr=0.1)
    return {"groups": groups(opt), "sd": enc(opt.state_dict()), "repr": repr(opt)}


@case("named/adam_step_and_load")
def _(lib):
    m = _linear(lib)
    opt = lib.optim.Adam(m.named_parameters(), lr=0.1)
    m(lib.ones(1, 2)).sum().backward()
    opt.step()
    saved = opt.state_dict()
    unnamed = lib.optim.Adam(m.parameters(), lr=0.2)
    unnamed.load_state_dict(saved)
    return {"sd": enc(saved), "loaded": enc(unnamed.state_dict())}


@case("named/group_dict")
def _(lib):
    opt = lib.optim.SGD([{"params": _linear(lib).named_parameters(), "lr": 0.5}], lr=0.1)
    return groups(opt)


@case("named/mixed")
def _(lib):
    lib.optim.SGD([("a", quad(lib)), quad(lib)], lr=0.1)


@case("named/add_unnamed_group")
def _(lib):
    opt = lib.optim.Adam([("a", quad(lib))], lr=0.1)
    opt.add_param_group({"params": [quad(lib)], "lr": 0.5})


@case("named/add_named_group")
def _(lib):
    opt = lib.optim.Adam([quad(lib)], lr=0.1)
    opt.add_param_group({"params": [("b", quad(lib))], "lr": 0.5})


@case("named/add_named_ok")
def _(lib):
    opt = lib.optim.Adam([("a", quad(lib))], lr=0.1)
    opt.add_param_group({"params": [("b", quad(lib))], "lr": 0.5})
    return groups(opt)


# ---- repr, hooks -------------------------------------------------------------------------------------------------
@case("repr/two_groups")
def _(lib):
    return repr(lib.optim.Adam([{"params": [quad(lib)]}, {"params": [quad(lib)], "lr": 1.0}]))


@case("hooks/tables")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    return sorted(k for k in vars(opt) if "hook" in k)


@case("hooks/bad_pre_hook")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    opt.register_step_pre_hook(lambda o, a, k: 5)
    loss_of(lib, p).backward()
    try:
        opt.step()
    except RuntimeError as error:  # the function's address differs
        message = str(error)
        return [message[:message.index(" at ")], message[message.index(">"):]]


@case("pickle/state")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    opt.register_step_pre_hook(lambda *a: None)
    return sorted(opt.__getstate__())


# ---- state dicts -------------------------------------------------------------------------------------------------
@case("sd/shared_state")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    train(lib, opt, [p], 1)
    saved = opt.state_dict()
    again = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    again.load_state_dict(saved)
    return {"handed_out": saved["state"][0]["momentum_buffer"] is opt.state[p]["momentum_buffer"],
            "kept": again.state[p]["momentum_buffer"] is opt.state[p]["momentum_buffer"]}


@case("sd/load_float64_into_float32_casts")
def _(lib):
    p = quad(lib, "float64")
    opt = lib.optim.Adam([p])
    train(lib, opt, [p], 1)
    q = quad(lib)
    again = lib.optim.Adam([q])
    again.load_state_dict(opt.state_dict())
    return [enc(v) for v in again.state[q].values()]


@case("sd/loaded_group_order")
def _(lib):
    p, q = quad(lib), quad(lib, n=2)
    opt = lib.optim.Adam([{"params": [p], "lr": 0.1}, {"params": [q], "lr": 0.2}])
    train(lib, opt, [p, q], 1)
    saved = opt.state_dict()
    saved["param_groups"][0]["custom"] = 7
    del saved["param_groups"][0]["amsgrad"]
    again = lib.optim.Adam([{"params": [q], "lr": 0.3}, {"params": [p], "lr": 0.4}])
    again.load_state_dict(saved)
    return {"groups": groups(again, {id(p): "p", id(q): "q"}),
            "state": [[("p" if k is p else "q"), enc(v)] for k, v in again.state.items()]}


@case("sd/old_groups_without_flags")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    saved = opt.state_dict()
    for key in ("foreach", "maximize", "capturable", "differentiable", "fused", "decoupled_weight_decay"):
        saved["param_groups"][0].pop(key)
    opt.load_state_dict(saved)
    train(lib, opt, [p], 1)
    return {"groups": groups(opt), "p": enc(p)}


@case("sd/deepcopy_and_repr_tensor_betas")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], betas=(lib.tensor(0.9), lib.tensor(0.99)))
    train(lib, opt, [p], 1)
    other = copy.deepcopy(opt)
    twin = other.param_groups[0]["params"][0]
    train(lib, other, [twin], 1)
    return {"p": enc(twin), "repr": repr(other)}


# ---- complex parameters ----------------------------------------------------------------------------------------
def _complex(name, options):
    def fn(lib):
        p = lib.nn.Parameter(lib.tensor([1 + 2j, -0.5 + 0.25j, 3 - 1j], dtype=lib.complex64))
        opt = getattr(lib.optim, name)([p], **options)
        for _ in range(3):
            opt.zero_grad()
            (p * p.conj()).real.sum().backward()
            opt.step()
        return {"p": enc(p), "sd": enc(opt.state_dict())}
    CASES[f"complex/{name}/{sorted(options.items())}"] = fn


for _name, _options in [("Adam", {}), ("Adam", {"amsgrad": True, "weight_decay": 0.1}), ("AdamW", {}),
                        ("RMSprop", {"centered": True, "momentum": 0.5}), ("Adagrad", {}), ("Adadelta", {}),
                        ("Adamax", {}), ("NAdam", {}), ("RAdam", {}), ("Rprop", {}), ("ASGD", {}),
                        ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}), ("Adam", {"fused": True}),
                        ("SGD", {"lr": 0.1, "fused": True}), ("Adagrad", {"fused": True})]:
    _complex(_name, _options)


@case("complex/mixed_with_real_and_tensor_betas")
def _(lib):
    p = lib.nn.Parameter(lib.tensor([1 + 2j, -0.5 + 0.25j], dtype=lib.complex64))
    q = quad(lib)
    opt = lib.optim.Adam([p, q], lr=0.1, betas=(lib.tensor(0.8), lib.tensor(0.9)))
    for _ in range(3):
        opt.zero_grad()
        ((p * p.conj()).real.sum() + loss_of(lib, q)).backward()
        opt.step()
    return {"p": enc(p), "q": enc(q), "state_keys": [k is p for k in opt.state]}


def _lbfgs_closure(lib, opt, p):
    def closure():
        opt.zero_grad()
        loss = (p * p.conj()).real.sum() if p.is_complex() else loss_of(lib, p)
        loss.backward()
        return loss
    return closure


@case("lbfgs/complex")
def _(lib):
    p = lib.nn.Parameter(lib.tensor([1 + 2j, -0.5 + 0.25j], dtype=lib.complex128))
    opt = lib.optim.LBFGS([p], lr=0.1, max_iter=2)  # away from the minimum: values, not round-off
    opt.step(_lbfgs_closure(lib, opt, p))
    return {"p": enc(p), "d": enc(opt.state[p]["d"])}


@case("lbfgs/state_types")
def _(lib):
    p = quad(lib, "float64")
    opt = lib.optim.LBFGS([p], max_iter=3)
    for _ in range(2):
        opt.step(_lbfgs_closure(lib, opt, p))
    state = opt.state[p]
    return {key: (type(value).__name__ if not isinstance(value, list)
                  else [type(item).__name__ for item in value if item is not None])
            for key, value in state.items()}


@case("lbfgs/first_step_float32")
def _(lib):
    p = quad(lib)
    opt = lib.optim.LBFGS([p], max_iter=1)
    opt.step(_lbfgs_closure(lib, opt, p))
    return {"p": enc(p), "t": enc(opt.state[p]["t"])}


# ---- differentiable, sparse --------------------------------------------------------------------------------------
@case("differentiable/sgd")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, differentiable=True)
    train(lib, opt, [p], 1)


@case("differentiable/adam")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], differentiable=True)
    train(lib, opt, [p], 1)


@case("differentiable/no_grad_params")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, differentiable=True)
    loss_of(lib, p).backward()
    p.requires_grad_(False)
    opt.step()
    return enc(p)


@case("sparse/sgd_no_state")
def _(lib):
    emb = lib.nn.Embedding(5, 2, sparse=True)
    with lib.no_grad():
        emb.weight.copy_(lib.arange(10.0).reshape(5, 2) / 10)
    opt = lib.optim.SGD(emb.parameters(), lr=0.1)
    emb(lib.tensor([1, 3, 1])).pow(2).sum().backward()
    opt.step()
    return {"w": enc(emb.weight), "sd": enc(opt.state_dict())}


# ---- schedulers ----------------------------------------------------------------------------------------------------
def _plateau(expr):
    def fn(lib):
        p, q = quad(lib), quad(lib, n=2)
        o = lib.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)
        s = eval(expr, {"o": o, **vars(lib.optim.lr_scheduler)})
        seq = []
        for m in [5.0, 4.0, 4.0, 4.5, 3.9, 3.95, 3.99, 4.0, 2.0, 2.5, 3.0, 3.0, 3.0]:
            s.step(m)
            seq.append(enc([s.get_last_lr(), s.num_bad_epochs, s.cooldown_counter, s.best]))
        state = s.state_dict()
        return {"seq": seq, "keys": list(state), "state": enc(state),
                "is_lr_scheduler": isinstance(s, lib.optim.lr_scheduler.LRScheduler)}
    CASES[f"plateau/{expr}"] = fn


for _expr in ["ReduceLROnPlateau(o)", "ReduceLROnPlateau(o, mode='max', patience=1, factor=0.5)",
              "ReduceLROnPlateau(o, patience=0, cooldown=2, factor=0.5)",
              "ReduceLROnPlateau(o, patience=0, min_lr=[0.04, 0.03], factor=0.5)",
              "ReduceLROnPlateau(o, patience=0, eps=0.02, factor=0.9)",
              "ReduceLROnPlateau(o, mode='max', threshold_mode='abs', patience=0)"]:
    _plateau(_expr)


@case("plateau/load")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0)
    for m in (3.0, 4.0, 5.0):
        s.step(m)
    again = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=5, mode="max")
    again.load_state_dict(s.state_dict())
    return enc([again.patience, again.best, again.num_bad_epochs, again.last_epoch, again._last_lr, again.mode,
                again.mode_worse])


@case("plateau/tensor_lr")
def _(lib):
    lr = lib.tensor(0.1)
    o = lib.optim.SGD([quad(lib)], lr=lr)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0)
    for m in (3.0, 4.0, 5.0):
        s.step(m)
    return {"same": o.param_groups[0]["lr"] is lr, "lr": enc(lr), "last": enc(s.get_last_lr())}


class Factor:
    """A callable object as lr_lambda: its fields are saved."""

    def __init__(self):
        self.k = 3

    def __call__(self, epoch):
        return 1.0 / self.k


@case("lambda/state_dict")
def _(lib):
    o = lib.optim.SGD([{"params": [quad(lib)]}, {"params": [quad(lib)]}], lr=0.1)
    s = lib.optim.lr_scheduler.LambdaLR(o, [Factor(), lambda e: 0.5])
    o.step()
    s.step()
    state = s.state_dict()
    return {"keys": list(state), "lambdas": enc(state["lr_lambdas"])}


@case("lambda/load")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    f = Factor()
    s = lib.optim.lr_scheduler.LambdaLR(o, [f])
    state = s.state_dict()
    state["lr_lambdas"][0]["k"] = 5
    s.load_state_dict(state)
    return [f.k, list(state)]


@case("multiplicative/state_dict")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.MultiplicativeLR(o, Factor())
    o.step()
    s.step()
    state = s.state_dict()
    return {"keys": list(state), "state": enc(state), "lr": enc(s.get_last_lr())}


@case("multistep/counter")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.MultiStepLR(o, [4, 2, 2], gamma=0.5)
    lrs = []
    for _ in range(5):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    s.step(3)
    lrs.append(enc(s.get_last_lr()))
    return {"lrs": lrs, "milestones": enc(s.state_dict()["milestones"])}


@case("cyclic/scale_fn_state")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    plain = lib.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x)
    o2 = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    obj = lib.optim.lr_scheduler.CyclicLR(o2, 0.01, 0.1, step_size_up=2, scale_fn=Factor())
    return [plain.state_dict()["_scale_fn_custom"], obj.state_dict()["_scale_fn_custom"]]


@case("cyclic/tensor_lr")
def _(lib):
    lr = lib.tensor(0.1)
    o = lib.optim.SGD([quad(lib)], lr=lr, momentum=0.9)
    s = lib.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=2)
    values = []
    for _ in range(3):
        o.step()
        s.step()
        values.append(enc(s.get_last_lr()))
    return {"values": values, "same": o.param_groups[0]["lr"] is lr, "lr": enc(lr)}


@case("swalr/state_dict")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=3)
    o.step()
    s.step()
    state = s.state_dict()
    again = lib.optim.swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=5, anneal_strategy="linear")
    again.load_state_dict(state)
    return {"keys": list(state), "func": again.anneal_func(0.5), "epochs": again.anneal_epochs}


@case("swalr/wrong_count")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.swa_utils.SWALR(o, swa_lr=[0.05, 0.1])


def run(lib, key):
    """The answer of case ``key`` under ``lib`` (gradlib or torch): its value, or its error, and its warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = {"value": enc(CASES[key](lib))}
        except Exception as error:  # noqa: BLE001 - the answer is the error
            result = {"error": [type(error).__name__, str(error)]}
    result["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
    # gradlib names its own module where PyTorch says torch (dtypes, classes in messages)
    return json.loads(json.dumps(result).replace("gradlib", "torch"))


def _close(a, b):
    """Hex floats ``a`` and ``b`` within 4 ulps (float32 spacing) of the largest element of ``b``."""
    import numpy
    try:
        x = numpy.array([float.fromhex(v) for v in a])
        y = numpy.array([float.fromhex(v) for v in b])
    except (TypeError, ValueError):
        return a == b
    if x.shape != y.shape:
        return False
    if not len(x):
        return True
    scale = numpy.nanmax(numpy.abs(y)) if numpy.isfinite(y).any() else 0.0
    ok = (numpy.isnan(x) & numpy.isnan(y)) | (x == y) | (numpy.abs(x - y) <= 4 * numpy.spacing(numpy.float32(scale)))
    return bool(ok.all())


def same(a, b):
    """Whether answers ``a`` and ``b`` agree: exactly, but tensor values within 4 ulps (PyTorch fuses
    multiply-adds which NumPy rounds twice)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if "T" in a and "T" in b:
            if {k: v for k, v in a.items() if k != "v"} != {k: v for k, v in b.items() if k != "v"}:
                return False
            va, vb = a["v"], b["v"]
            if va and isinstance(va[0], list):
                return _close([z for pair in va for z in pair], [z for pair in vb for z in pair])
            return _close(va, vb) if va and isinstance(va[0], str) else va == vb
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def record():
    import torch
    recorded = {key: run(torch, key) for key in CASES}
    FILE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {FILE.name}: {len(recorded)} cases")
