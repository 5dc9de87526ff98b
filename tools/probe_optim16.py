"""Differential probe of gradlib.optim against PyTorch 2.13: optimizers, lr schedulers and swa_utils.

Each case is a function ``case(lib)`` written once for both libraries; its answer (parameter values after a few
steps, state_dict contents and key order, param_groups, the error class and message, warnings, reprs) is made
JSON. Run it once under PyTorch and once under gradlib and compare::

    /tmp/benchvenv/bin/python tools/probe_optim16.py torch > /tmp/optim16_torch.json
    PYTHONPATH=. .venv/bin/python tools/probe_optim16.py gradlib > /tmp/optim16_gradlib.json
    python3 tools/probe_optim16.py diff /tmp/optim16_torch.json /tmp/optim16_gradlib.json

Floating-point values are compared within 4 ulps of the largest element: PyTorch's kernels fuse multiply-adds
(``addcdiv_``, ``add_(alpha=)``, ``lerp_``) which NumPy rounds twice, so the last bits of a trajectory differ.
Everything else (keys, orders, messages, reprs, warnings) must be equal; gradlib's module name is read as torch.

Differences left (session 16): ``capturable=True`` on the CPU (PyTorch's AssertionError at step; gradlib keeps it
for its own captured replays, gradlib.graphs); LBFGS float32 trajectories (dot products summed in another order,
amplified by the quasi-Newton scaling); CyclicLR triangular2 with momentum over 10 steps (the fused multiply-add
drift past 4 ulps); PyTorch's internal sparse-invariant warning in Adagrad; the step-hook message's address.
"""
import copy
import io
import json
import math
import pickle
import sys
import warnings

OPTIMIZERS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "Rprop",
              "ASGD", "SparseAdam", "LBFGS"]
DENSE = [n for n in OPTIMIZERS if n not in ("SparseAdam", "LBFGS")]
FLAGS = ["maximize", "foreach", "fused", "capturable", "differentiable", "amsgrad", "nesterov",
         "decoupled_weight_decay", "centered"]


_ENCODED = [{"T", "shape", "cls", "v", "rg"}, {"D", "items"}, {"L", "items"}, {"f"}, {"callable"}, {"obj"}]


def enc(value):
    """``value`` as JSON: tensors as dtype, shape and values (floats as hex), containers recursively."""
    name = type(value).__name__
    if hasattr(value, "detach") and hasattr(value, "dtype"):
        t = value.detach()
        out = {"T": str(t.dtype).split(".")[-1], "shape": list(t.shape), "cls": name}
        if t.is_complex():
            t = t.resolve_conj() if hasattr(t, "resolve_conj") else t
            vals = [[float(z.real).hex(), float(z.imag).hex()] for z in t.reshape(-1).tolist()]
        elif t.dtype.is_floating_point:
            vals = [float(v).hex() for v in t.double().reshape(-1).tolist()]
        else:
            vals = t.reshape(-1).tolist()
        out["v"] = vals
        out["rg"] = bool(value.requires_grad)
        return out
    if isinstance(value, dict) and set(value) in _ENCODED:  # already encoded
        return value
    if isinstance(value, dict):
        return {"D": type(value).__name__, "items": [[enc(k) if not isinstance(k, (str, int)) else k, enc(v)]
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
    out = []
    for g in opt.param_groups:
        out.append([[k, enc(v) if k != "params" else [ids.get(id(p), "?") if ids else "p" for p in v]]
                    for k, v in g.items()])
    return out


def quad(lib, dtype="float32", n=4):
    return lib.nn.Parameter(lib.tensor([1.5410, -0.2934, -2.1788, 0.5684][:n], dtype=getattr(lib, dtype)))


def loss_of(lib, p):
    return (p ** 2 * lib.arange(1.0, p.numel() + 1, dtype=p.dtype)).sum()


def train(lib, opt, params, steps=3, closure=False):
    for _ in range(steps):
        opt.zero_grad()
        if closure:
            def c():
                opt.zero_grad()
                loss = sum(loss_of(lib, p) for p in params)
                loss.backward()
                return loss
            opt.step(c)
        else:
            sum(loss_of(lib, p) for p in params).backward()
            opt.step()


def sd(opt):
    return enc(opt.state_dict())


CASES = {}


def case(name):
    def deco(fn):
        CASES[name] = fn
        return fn
    return deco


# ---- optimizers x options --------------------------------------------------------------------------------------
OPT_OPTIONS = {
    "SGD": [dict(lr=0.1), dict(lr=0.1, momentum=0.9), dict(lr=0.1, momentum=0.9, nesterov=True),
            dict(lr=0.1, momentum=0.9, dampening=0.5), dict(lr=0.1, weight_decay=0.1, maximize=True),
            dict(lr=0.1, nesterov=True), dict(lr=0.1, momentum=0.9, nesterov=True, dampening=0.1),
            dict(lr=0.1, foreach=True), dict(lr=0.1, fused=True), dict(lr=0.1, differentiable=True),
            dict(lr=0.1, fused=True, foreach=True), dict(lr=-0.1), dict(lr=0.1, momentum=-1),
            dict(lr=0.1, weight_decay=-1), dict()],
    "Adam": [dict(), dict(amsgrad=True), dict(weight_decay=0.1), dict(maximize=True), dict(foreach=True),
             dict(fused=True), dict(capturable=True), dict(differentiable=True), dict(fused=True, differentiable=True),
             dict(decoupled_weight_decay=True, weight_decay=0.1), dict(betas=(1.0, 0.9)), dict(betas=(0.9, -0.1)),
             dict(eps=-1.0), dict(lr=-1.0), dict(weight_decay=-0.1), dict(fused=True, capturable=True),
             dict(foreach=True, capturable=True)],
    "AdamW": [dict(), dict(amsgrad=True), dict(weight_decay=0.0), dict(fused=True), dict(lr=-1),
              dict(decoupled_weight_decay=False)],
    "RMSprop": [dict(), dict(centered=True), dict(momentum=0.5), dict(alpha=-0.1), dict(weight_decay=0.1),
                dict(capturable=True), dict(foreach=True), dict(maximize=True, centered=True, momentum=0.3)],
    "Adagrad": [dict(), dict(lr_decay=0.1), dict(initial_accumulator_value=0.5), dict(fused=True),
                dict(lr_decay=-1), dict(eps=-1), dict(maximize=True)],
    "Adadelta": [dict(), dict(rho=0.5), dict(rho=1.5), dict(weight_decay=0.1, maximize=True), dict(capturable=True),
                 dict(foreach=True), dict(lr=-1)],
    "Adamax": [dict(), dict(weight_decay=0.1), dict(betas=(1.0, 0.9)), dict(maximize=True), dict(capturable=True),
               dict(foreach=True)],
    "NAdam": [dict(), dict(momentum_decay=0.01), dict(decoupled_weight_decay=True, weight_decay=0.1),
              dict(momentum_decay=-1), dict(maximize=True), dict(capturable=True), dict(foreach=True)],
    "RAdam": [dict(), dict(decoupled_weight_decay=True, weight_decay=0.1), dict(maximize=True),
              dict(capturable=True), dict(betas=(0.9, 1.0))],
    "Rprop": [dict(), dict(etas=(0.3, 1.5)), dict(etas=(1.5, 0.3)), dict(step_sizes=(1e-3, 0.1)), dict(maximize=True),
              dict(capturable=True), dict(foreach=True)],
    "ASGD": [dict(), dict(lambd=0.1, alpha=0.5, t0=1), dict(weight_decay=0.1, maximize=True), dict(capturable=True),
             dict(foreach=True), dict(lr=-1)],
    "SparseAdam": [dict(), dict(betas=(1.0, 0.9)), dict(eps=-1), dict(maximize=True)],
    "LBFGS": [dict(), dict(history_size=2, max_iter=3), dict(line_search_fn="strong_wolfe"),
              dict(line_search_fn="bogus")],
}


def make_opt_case(name, options, index):
    def fn(lib):
        p = quad(lib)
        q = quad(lib, n=2)
        opt = getattr(lib.optim, name)([p, q], **options)
        out = {"groups": groups(opt, {id(p): 0, id(q): 1})}
        if name != "SparseAdam":
            train(lib, opt, [p, q], closure=name == "LBFGS")
            out["p"] = enc(p)
            out["q"] = enc(q)
            out["sd"] = sd(opt)
        return out
    CASES[f"opt/{name}/{index}/{sorted(options.items())}"] = fn


for _name, _list in OPT_OPTIONS.items():
    for _i, _o in enumerate(_list):
        make_opt_case(_name, _o, _i)


# ---- tensor-valued hyper-parameters ------------------------------------------------------------------------------
def make_tensor_hp_case(name, key, value_expr):
    def fn(lib):
        p = quad(lib)
        value = eval(value_expr, {"t": lib.tensor})
        opt = getattr(lib.optim, name)([p], **{key: value})
        train(lib, opt, [p])
        return {"p": enc(p), "groups": groups(opt), "sd": sd(opt)}
    CASES[f"tensor_hp/{name}/{key}={value_expr}"] = fn


for _name, _key, _expr in [
        ("Adam", "betas", "(t(0.9), t(0.999))"), ("Adam", "betas", "(t(0.9), 0.999)"), ("Adam", "eps", "t(1e-8)"),
        ("Adam", "weight_decay", "t(0.1)"), ("AdamW", "betas", "(t(0.9), t(0.999))"), ("SGD", "momentum", "t(0.9)"),
        ("SGD", "lr", "t([0.1, 0.2])"), ("Adam", "lr", "t([0.1, 0.2])"), ("SGD", "lr", "t(0.1)"),
        ("RMSprop", "alpha", "t(0.9)"), ("NAdam", "betas", "(t(0.9), t(0.999))"),
        ("RAdam", "betas", "(t(0.9), t(0.999))"), ("Adamax", "betas", "(t(0.9), t(0.999))"),
        ("Adam", "betas", "(t([0.9, 0.8]), t(0.999))"), ("Adam", "betas", "[0.9, 0.999]")]:
    make_tensor_hp_case(_name, _key, _expr)


def make_tensor_lr_flags(name, options):
    def fn(lib):
        p = quad(lib)
        opt = getattr(lib.optim, name)([p], lr=lib.tensor(0.01), **options)
        train(lib, opt, [p])
        return {"p": enc(p), "groups": groups(opt)}
    CASES[f"tensor_lr_flags/{name}/{sorted(options.items())}"] = fn


for _name, _o in [("Adam", dict(foreach=True)), ("Adam", dict(fused=True)), ("AdamW", dict(foreach=True)),
                  ("SGD", dict(foreach=True)), ("SGD", dict(fused=True)), ("Adam", dict(capturable=True)),
                  ("Adam", dict(foreach=True, capturable=True)), ("RMSprop", dict(foreach=True)),
                  ("Adagrad", dict(foreach=True)), ("NAdam", dict(foreach=True)), ("Adamax", dict(foreach=True)),
                  ("Adadelta", dict(foreach=True)), ("RAdam", dict(foreach=True)), ("ASGD", dict(foreach=True)),
                  ("Rprop", dict(foreach=True))]:
    make_tensor_lr_flags(_name, _o)


# ---- constructor validation ---------------------------------------------------------------------------------------
@case("ctor/empty_list")
def _(lib):
    lib.optim.SGD([], lr=0.1)


@case("ctor/empty_list_adam")
def _(lib):
    lib.optim.Adam([])


@case("ctor/tensor_not_iterable")
def _(lib):
    lib.optim.SGD(quad(lib), lr=0.1)


@case("ctor/tensor_not_iterable_double")
def _(lib):
    lib.optim.SGD(quad(lib, "float64"), lr=0.1)


@case("ctor/duplicate")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p, p], lr=0.1)
    return groups(opt)


@case("ctor/non_leaf")
def _(lib):
    p = quad(lib)
    lib.optim.SGD([p * 2], lr=0.1)


@case("ctor/non_tensor")
def _(lib):
    lib.optim.SGD([1.0], lr=0.1)


@case("ctor/set")
def _(lib):
    lib.optim.SGD({quad(lib)}, lr=0.1)


@case("ctor/generator")
def _(lib):
    m = lib.nn.Linear(2, 3)
    return groups(lib.optim.SGD(m.parameters(), lr=0.1))


@case("ctor/named_parameters")
def _(lib):
    lib.manual_seed(0)
    m = lib.nn.Linear(2, 3)
    opt = lib.optim.SGD(m.named_parameters(), lr=0.1)
    return {"groups": groups(opt), "sd": sd(opt)}


@case("ctor/named_parameters_adam_step")
def _(lib):
    lib.manual_seed(0)
    m = lib.nn.Linear(2, 3)
    opt = lib.optim.Adam(m.named_parameters(), lr=0.1)
    m(lib.ones(1, 2)).sum().backward()
    opt.step()
    return {"groups": groups(opt), "sd": sd(opt), "state_keys": [type(k).__name__ for k in opt.state]}


@case("ctor/named_group_dict")
def _(lib):
    lib.manual_seed(0)
    m = lib.nn.Linear(2, 3)
    opt = lib.optim.SGD([{"params": m.named_parameters(), "lr": 0.5}], lr=0.1)
    return {"groups": groups(opt), "sd": sd(opt)}


@case("ctor/mixed_named")
def _(lib):
    p = quad(lib)
    lib.optim.SGD([("a", p), quad(lib)], lr=0.1)


@case("ctor/dict_groups")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.SGD([{"params": p}, {"params": [q], "lr": 0.5, "momentum": 0.9}], lr=0.1)
    train(lib, opt, [p, q])
    return {"groups": groups(opt), "sd": sd(opt), "p": enc(p), "q": enc(q)}


@case("ctor/dict_groups_no_lr")
def _(lib):
    p = quad(lib)
    lib.optim.SGD([{"params": [p]}])


@case("ctor/sgd_no_lr_default")
def _(lib):
    p = quad(lib)
    return groups(lib.optim.SGD([p]))


@case("ctor/repr")
def _(lib):
    p, q = quad(lib), quad(lib)
    return [repr(lib.optim.SGD([p], lr=0.1)), repr(lib.optim.Adam([{"params": [p]}, {"params": [q], "lr": 1.0}])),
            repr(lib.optim.AdamW([p], lr=lib.tensor(0.1))), repr(lib.optim.LBFGS([p])),
            repr(lib.optim.Rprop([p])), repr(lib.optim.ASGD([p]))]


@case("ctor/repr_named")
def _(lib):
    lib.manual_seed(0)
    m = lib.nn.Linear(2, 3)
    return repr(lib.optim.SGD(m.named_parameters(), lr=0.1))


@case("ctor/nan_lr")
def _(lib):
    return groups(lib.optim.SGD([quad(lib)], lr=float("nan")))


@case("ctor/str_lr")
def _(lib):
    lib.optim.Adam([quad(lib)], lr="0.1")


@case("ctor/nesterov_bad")
def _(lib):
    lib.optim.SGD([quad(lib)], lr=0.1, nesterov=True, momentum=0.9, dampening=0.5)


@case("ctor/params_none")
def _(lib):
    lib.optim.SGD(None, lr=0.1)


@case("ctor/group_not_dict_mixed")
def _(lib):
    p = quad(lib)
    lib.optim.SGD([{"params": [p]}, quad(lib)], lr=0.1)


@case("ctor/group_missing_params")
def _(lib):
    lib.optim.SGD([{"lr": 0.1}], lr=0.1)


@case("ctor/dup_across_groups")
def _(lib):
    p = quad(lib)
    lib.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


# ---- add_param_group -----------------------------------------------------------------------------------------
@case("add/not_dict")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    opt.add_param_group([quad(lib)])


@case("add/overlap")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    opt.add_param_group({"params": p})


@case("add/ok")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    opt.add_param_group({"params": q, "lr": 0.5})
    return groups(opt)


@case("add/named")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.Adam([("a", p)], lr=0.1)
    opt.add_param_group({"params": [("b", q)], "lr": 0.5})
    return {"groups": groups(opt), "sd": sd(opt)}


@case("add/named_mismatch")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.Adam([("a", p)], lr=0.1)
    opt.add_param_group({"params": [q], "lr": 0.5})


@case("add/named_mismatch2")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    opt.add_param_group({"params": [("b", q)], "lr": 0.5})


@case("add/empty")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    opt.add_param_group({"params": []})
    return groups(opt)


@case("add/set")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    opt.add_param_group({"params": {quad(lib)}})


@case("add/nonleaf")
def _(lib):
    opt = lib.optim.SGD([quad(lib)], lr=0.1)
    opt.add_param_group({"params": [quad(lib) * 2]})


@case("add/no_lr_required")
def _(lib):
    opt = lib.optim.SGD([quad(lib)])
    opt.add_param_group({"params": [quad(lib)]})
    return groups(opt)


@case("add/tensor_lr_foreach")
def _(lib):
    opt = lib.optim.Adam([quad(lib)], lr=0.1, foreach=True)
    opt.add_param_group({"params": [quad(lib)], "lr": lib.tensor(0.1)})
    return groups(opt)


@case("add/tensor_lr_2el")
def _(lib):
    opt = lib.optim.Adam([quad(lib)], lr=0.1)
    opt.add_param_group({"params": [quad(lib)], "lr": lib.tensor([0.1, 0.2])})
    return groups(opt)


# ---- zero_grad / sparse / complex / closure ----------------------------------------------------------------------
@case("zero_grad/set_to_none_false")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    loss_of(lib, p).backward()
    opt.zero_grad(set_to_none=False)
    return {"g": enc(p.grad), "gfn": p.grad.grad_fn is None}


@case("zero_grad/set_to_none_false_nonleaf_grad")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    with lib.enable_grad():
        p.grad = lib.ones(4, requires_grad=True) * 2
    opt.zero_grad(set_to_none=False)
    return {"g": enc(p.grad), "gfn": p.grad.grad_fn is None, "rg": p.grad.requires_grad}


@case("zero_grad/default")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    loss_of(lib, p).backward()
    opt.zero_grad()
    return p.grad is None


def make_sparse_case(name, options):
    def fn(lib):
        emb = lib.nn.Embedding(5, 2, sparse=True)
        with lib.no_grad():
            emb.weight.copy_(lib.arange(10.0).reshape(5, 2) / 10)
        opt = getattr(lib.optim, name)(emb.parameters(), **options)
        for _ in range(2):
            opt.zero_grad()
            emb(lib.tensor([1, 3, 1])).pow(2).sum().backward()
            opt.step()
        return {"w": enc(emb.weight), "sd": sd(opt)}
    CASES[f"sparse/{name}/{sorted(options.items())}"] = fn


for _name in OPTIMIZERS:
    if _name != "LBFGS":
        make_sparse_case(_name, {"lr": 0.1} if _name in ("SGD",) else {})
make_sparse_case("SGD", {"lr": 0.1, "momentum": 0.9})
make_sparse_case("SGD", {"lr": 0.1, "fused": True})
make_sparse_case("Adagrad", {"fused": True})
make_sparse_case("SGD", {"lr": 0.1, "weight_decay": 0.1})
make_sparse_case("SGD", {"lr": 0.1, "maximize": True})
make_sparse_case("Adagrad", {"weight_decay": 0.1})
make_sparse_case("Adagrad", {"maximize": True})


@case("sparse/dense_to_sparse_adam")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SparseAdam([p])
    loss_of(lib, p).backward()
    opt.step()


@case("sparse/lbfgs")
def _(lib):
    emb = lib.nn.Embedding(5, 2, sparse=True)
    opt = lib.optim.LBFGS(emb.parameters())

    def c():
        opt.zero_grad()
        loss = emb(lib.tensor([1, 3])).sum()
        loss.backward()
        return loss
    opt.step(c)


@case("sparse/sparse_adam_complex")
def _(lib):
    p = lib.nn.Parameter(lib.zeros(3, dtype=lib.complex64))
    lib.optim.SparseAdam([p])


def make_complex_case(name, options):
    def fn(lib):
        p = lib.nn.Parameter(lib.tensor([1 + 2j, -0.5 + 0.25j, 3 - 1j], dtype=lib.complex64))
        opt = getattr(lib.optim, name)([p], **options)
        for _ in range(3):
            opt.zero_grad()
            (p * p.conj()).real.sum().backward() if True else None
            opt.step()
        return {"p": enc(p), "sd": sd(opt)}
    CASES[f"complex/{name}/{sorted(options.items())}"] = fn


for _name in DENSE:
    make_complex_case(_name, {"lr": 0.1} if _name == "SGD" else {})
make_complex_case("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True})
make_complex_case("Adam", {"amsgrad": True})
make_complex_case("Adam", {"fused": True})
make_complex_case("Adagrad", {"fused": True})
make_complex_case("RMSprop", {"centered": True, "momentum": 0.5})
make_complex_case("SGD", {"lr": 0.1, "fused": True})


@case("complex/lbfgs")
def _(lib):
    p = lib.nn.Parameter(lib.tensor([1 + 2j, -0.5 + 0.25j], dtype=lib.complex64))
    opt = lib.optim.LBFGS([p], max_iter=3)

    def c():
        opt.zero_grad()
        loss = (p * p.conj()).real.sum()
        loss.backward()
        return loss
    opt.step(c)
    return {"p": enc(p)}


@case("closure/sgd")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)

    def c():
        opt.zero_grad()
        loss = loss_of(lib, p)
        loss.backward()
        return loss
    out = opt.step(c)
    return {"loss": enc(out), "p": enc(p), "none": enc(opt.step())}


@case("closure/lbfgs_none")
def _(lib):
    opt = lib.optim.LBFGS([quad(lib)])
    opt.step()


@case("closure/returns_float")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)

    def c():
        opt.zero_grad()
        loss_of(lib, p).backward()
        return 3.5
    return enc(opt.step(c))


@case("closure/positional_kw")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    loss_of(lib, p).backward()
    return enc(opt.step(closure=None))


# ---- hooks ----------------------------------------------------------------------------------------------------
@case("hooks/step")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    log = []
    h1 = opt.register_step_pre_hook(lambda o, a, k: log.append(("pre", len(a), sorted(k))))
    h2 = opt.register_step_post_hook(lambda o, a, k: log.append(("post", len(a), sorted(k))))
    loss_of(lib, p).backward()
    opt.step()
    h1.remove()
    opt.step()
    h2.remove()
    opt.step()
    return log


@case("hooks/step_pre_bad_return")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    opt.register_step_pre_hook(lambda o, a, k: 5)
    loss_of(lib, p).backward()
    opt.step()


@case("hooks/step_pre_replace")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    seen = []

    def c():
        seen.append(1)
        return lib.tensor(1.0)
    opt.register_step_pre_hook(lambda o, a, k: (a, {"closure": c}))
    loss_of(lib, p).backward()
    return {"out": enc(opt.step()), "seen": seen}


@case("hooks/global")
def _(lib):
    from importlib import import_module
    mod = import_module(lib.__name__ + ".optim.optimizer")
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    log = []
    h1 = mod.register_optimizer_step_pre_hook(lambda o, a, k: log.append("gpre"))
    h2 = mod.register_optimizer_step_post_hook(lambda o, a, k: log.append("gpost"))
    opt.register_step_pre_hook(lambda o, a, k: log.append("pre"))
    opt.register_step_post_hook(lambda o, a, k: log.append("post"))
    loss_of(lib, p).backward()
    opt.step()
    h1.remove()
    h2.remove()
    return log


@case("hooks/state_dict")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    log = []
    opt.register_state_dict_pre_hook(lambda o: log.append("pre1"))
    opt.register_state_dict_pre_hook(lambda o: log.append("pre0"), prepend=True)

    def post(o, s):
        log.append("post")
        s["extra"] = 1
        return s
    opt.register_state_dict_post_hook(post)
    opt.register_state_dict_post_hook(lambda o, s: log.append("post0"), prepend=True)
    s = opt.state_dict()
    return {"log": log, "keys": list(s)}


@case("hooks/load_state_dict")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    loss_of(lib, p).backward()
    opt.step()
    s = opt.state_dict()
    log = []

    def pre(o, sd):
        log.append(("pre", sorted(sd)))
        sd["param_groups"][0]["lr"] = 0.5
        return sd
    opt.register_load_state_dict_pre_hook(pre)
    opt.register_load_state_dict_post_hook(lambda o: log.append("post"))
    opt.load_state_dict(s)
    return {"log": log, "lr": enc(opt.param_groups[0]["lr"]), "orig": enc(s["param_groups"][0]["lr"])}


@case("hooks/handles_attrs")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    opt.register_step_pre_hook(lambda *a: None)
    return sorted(k for k in vars(opt) if "hook" in k)


# ---- state dicts ----------------------------------------------------------------------------------------------
@case("sd/fresh")
def _(lib):
    p, q = quad(lib), quad(lib, n=2)
    opt = lib.optim.Adam([{"params": [p]}, {"params": [q], "lr": 0.5}], lr=0.1)
    return sd(opt)


@case("sd/after_steps_all")
def _(lib):
    out = {}
    for name in DENSE:
        p, q = quad(lib), quad(lib, n=2)
        opt = getattr(lib.optim, name)([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.01)
        train(lib, opt, [p, q], steps=2)
        out[name] = sd(opt)
    return out


@case("sd/lbfgs")
def _(lib):
    p = quad(lib)
    opt = lib.optim.LBFGS([p], max_iter=3)
    train(lib, opt, [p], steps=2, closure=True)
    return sd(opt)


def _fresh_load(lib, name, options):
    p = quad(lib)
    opt = getattr(lib.optim, name)([p], lr=0.01, **options)
    train(lib, opt, [p], 2)
    s = opt.state_dict()
    p2 = quad(lib)
    with lib.no_grad():
        p2.copy_(p)
    opt2 = getattr(lib.optim, name)([p2], lr=0.5)
    opt2.load_state_dict(copy.deepcopy(s))
    train(lib, opt, [p], 2)
    train(lib, opt2, [p2], 2)
    return {"p": enc(p), "p2": enc(p2), "g2": groups(opt2), "sd2": sd(opt2)}


for _name in DENSE:
    CASES[f"sd/fresh_load/{_name}"] = (lambda n: lambda lib: _fresh_load(lib, n, {}))(_name)


@case("sd/load_mismatch_groups")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.SGD([p, q], lr=0.1)
    opt2 = lib.optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1)
    opt2.load_state_dict(opt.state_dict())


@case("sd/load_mismatch_sizes")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.SGD([{"params": [p, q]}, {"params": [quad(lib)]}], lr=0.1)
    opt2 = lib.optim.SGD([{"params": [p]}, {"params": [q, quad(lib)]}], lr=0.1)
    opt2.load_state_dict(opt.state_dict())


@case("sd/load_group_order")
def _(lib):
    p, q = quad(lib), quad(lib, n=2)
    opt = lib.optim.Adam([{"params": [p], "lr": 0.1}, {"params": [q], "lr": 0.2}])
    train(lib, opt, [p, q], 1)
    s = opt.state_dict()
    opt2 = lib.optim.Adam([{"params": [q], "lr": 0.3}, {"params": [p], "lr": 0.4}])
    opt2.load_state_dict(s)
    return {"g": groups(opt2, {id(p): "p", id(q): "q"}),
            "state": [[("p" if k is p else "q"), enc(v)] for k, v in opt2.state.items()]}


@case("sd/load_shape_mismatch_state")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    train(lib, opt, [p], 1)
    s = opt.state_dict()
    opt2 = lib.optim.Adam([quad(lib, n=2)])
    opt2.load_state_dict(s)
    return {"sd": sd(opt2)}


@case("sd/load_dtype_cast")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    train(lib, opt, [p], 1)
    s = opt.state_dict()
    p2 = quad(lib, "float64")
    opt2 = lib.optim.Adam([p2])
    opt2.load_state_dict(s)
    return {"state": [enc(v) for v in opt2.state[p2].values()]}


@case("sd/load_missing_key")
def _(lib):
    opt = lib.optim.Adam([quad(lib)])
    opt.load_state_dict({"state": {}})


@case("sd/load_extra_group_key")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    s = opt.state_dict()
    s["param_groups"][0]["custom"] = 7
    del s["param_groups"][0]["amsgrad"]
    opt.load_state_dict(s)
    return groups(opt)


@case("sd/load_old_without_flags")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    s = opt.state_dict()
    for k in ("foreach", "maximize", "capturable", "differentiable", "fused", "decoupled_weight_decay"):
        s["param_groups"][0].pop(k)
    opt.load_state_dict(s)
    train(lib, opt, [p], 1)
    return {"groups": groups(opt), "p": enc(p)}


@case("sd/state_keyed_by_param")
def _(lib):
    p, q = quad(lib), quad(lib)
    opt = lib.optim.SGD([p, q], lr=0.1, momentum=0.9)
    loss_of(lib, p).backward()
    opt.step()
    return {"type": type(opt.state).__name__, "p_in": p in opt.state, "q_in": q in opt.state,
            "keys": [k is p for k in opt.state], "q_state": enc(opt.state[q]), "after": q in opt.state,
            "len": len(opt.state)}


@case("sd/state_dict_is_copy")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    train(lib, opt, [p], 1)
    s = opt.state_dict()
    s["param_groups"][0]["lr"] = 9.0
    same = s["state"][0]["momentum_buffer"] is opt.state[p]["momentum_buffer"]
    return {"lr": enc(opt.param_groups[0]["lr"]), "same_buf": same}


@case("sd/load_is_copy")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    train(lib, opt, [p], 1)
    s = opt.state_dict()
    opt.load_state_dict(s)
    same = s["state"][0]["momentum_buffer"] is opt.state[p]["momentum_buffer"]
    return {"same_buf": same}


@case("sd/named_round_trip")
def _(lib):
    lib.manual_seed(0)
    m = lib.nn.Linear(2, 2)
    opt = lib.optim.Adam(m.named_parameters(), lr=0.1)
    m(lib.ones(1, 2)).sum().backward()
    opt.step()
    s = opt.state_dict()
    opt2 = lib.optim.Adam(m.named_parameters(), lr=0.2)
    opt2.load_state_dict(s)
    opt3 = lib.optim.Adam(m.parameters(), lr=0.2)
    opt3.load_state_dict(s)
    return {"sd": enc(s), "sd2": sd(opt2), "sd3": sd(opt3)}


@case("sd/tensor_lr_round_trip")
def _(lib):
    p = quad(lib)
    lr = lib.tensor(0.01)
    opt = lib.optim.Adam([p], lr=lr)
    train(lib, opt, [p], 1)
    s = opt.state_dict()
    opt2 = lib.optim.Adam([p], lr=lib.tensor(0.5))
    opt2.load_state_dict(s)
    return {"sd": enc(s), "lr": enc(opt2.param_groups[0]["lr"]), "same": opt2.param_groups[0]["lr"] is lr}


@case("deepcopy")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    train(lib, opt, [p], 1)
    opt2 = copy.deepcopy(opt)
    p2 = opt2.param_groups[0]["params"][0]
    return {"sd": sd(opt2), "distinct": p2 is not p, "state_key": p2 in opt2.state, "type": type(opt2).__name__}


@case("pickle")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    train(lib, opt, [p], 1)
    opt2 = pickle.loads(pickle.dumps(opt))
    return {"sd": sd(opt2), "groups": groups(opt2)}


@case("pickle/adam_after_hooks")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], lr=0.1)
    train(lib, opt, [p], 1)
    opt2 = pickle.loads(pickle.dumps(opt))
    train(lib, opt2, opt2.param_groups[0]["params"], 1)
    return {"sd": sd(opt2)}


@case("getstate")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1)
    return sorted(opt.__getstate__())


# ---- lr schedulers ---------------------------------------------------------------------------------------------
SCHEDULERS = {
    "StepLR": ["StepLR(o, 2, gamma=0.5)", "StepLR(o, step_size=3)"],
    "MultiStepLR": ["MultiStepLR(o, [2, 2, 4], gamma=0.5)", "MultiStepLR(o, [4, 1])"],
    "ExponentialLR": ["ExponentialLR(o, 0.9)"],
    "CosineAnnealingLR": ["CosineAnnealingLR(o, 4)", "CosineAnnealingLR(o, 3, eta_min=0.01)"],
    "LambdaLR": ["LambdaLR(o, lambda e: 0.9 ** e)", "LambdaLR(o, [lambda e: 0.9 ** e, lambda e: 1 / (e + 1)])",
                 "LambdaLR(o, [lambda e: 1.0])"],
    "MultiplicativeLR": ["MultiplicativeLR(o, lambda e: 0.9)",
                         "MultiplicativeLR(o, [lambda e: 0.9, lambda e: 0.5])", "MultiplicativeLR(o, [lambda e: 0.9])"],
    "LinearLR": ["LinearLR(o)", "LinearLR(o, start_factor=0.5, end_factor=0.1, total_iters=3)",
                 "LinearLR(o, start_factor=0)", "LinearLR(o, start_factor=1.5)", "LinearLR(o, end_factor=2)"],
    "ConstantLR": ["ConstantLR(o)", "ConstantLR(o, factor=0.5, total_iters=2)", "ConstantLR(o, factor=1.5)"],
    "PolynomialLR": ["PolynomialLR(o)", "PolynomialLR(o, total_iters=3, power=2.0)"],
    "CosineAnnealingWarmRestarts": ["CosineAnnealingWarmRestarts(o, 2)", "CosineAnnealingWarmRestarts(o, 2, T_mult=2, eta_min=0.01)",
                                    "CosineAnnealingWarmRestarts(o, 0)", "CosineAnnealingWarmRestarts(o, 2, T_mult=1.5)",
                                    "CosineAnnealingWarmRestarts(o, 2.0)"],
    "CyclicLR": ["CyclicLR(o, 0.01, 0.1, step_size_up=2)",
                 "CyclicLR(o, 0.01, 0.1, step_size_up=2, mode='triangular2')",
                 "CyclicLR(o, 0.01, 0.1, step_size_up=2, mode='exp_range', gamma=0.9)",
                 "CyclicLR(o, [0.01, 0.02], [0.1, 0.2], step_size_up=2, step_size_down=1)",
                 "CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x)",
                 "CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, scale_mode='iterations')",
                 "CyclicLR(o, 0.01, 0.1, step_size_up=2, cycle_momentum=False)",
                 "CyclicLR(o, 0.01, 0.1, mode='bogus')",
                 "CyclicLR(o, [0.01], 0.1)"],
    "OneCycleLR": ["OneCycleLR(o, 0.1, total_steps=8)", "OneCycleLR(o, 0.1, total_steps=8, three_phase=True)",
                   "OneCycleLR(o, 0.1, total_steps=8, anneal_strategy='linear')",
                   "OneCycleLR(o, 0.1, total_steps=8, cycle_momentum=False)",
                   "OneCycleLR(o, [0.1, 0.2], epochs=2, steps_per_epoch=4)",
                   "OneCycleLR(o, 0.1)", "OneCycleLR(o, 0.1, total_steps=8, anneal_strategy='x')",
                   "OneCycleLR(o, 0.1, total_steps=8, pct_start=1.5)", "OneCycleLR(o, 0.1, total_steps=0)",
                   "OneCycleLR(o, 0.1, epochs=2, steps_per_epoch=0)",
                   "OneCycleLR(o, 0.1, total_steps=8, base_momentum=0.5, max_momentum=0.9, div_factor=10, final_div_factor=100)"],
    "SWALR": ["SWALR(o, swa_lr=0.05, anneal_epochs=3)", "SWALR(o, swa_lr=[0.05, 0.01], anneal_epochs=2, anneal_strategy='linear')",
              "SWALR(o, swa_lr=0.05, anneal_strategy='bogus')", "SWALR(o, swa_lr=0.05, anneal_epochs=-1)",
              "SWALR(o, swa_lr=0.05, anneal_epochs=0)", "SWALR(o, swa_lr=[0.05], anneal_epochs=2)"],
}
SCHED_OPTS = [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.1))]


def _sched_env(lib):
    env = dict(vars(lib.optim.lr_scheduler))
    env["SWALR"] = lib.optim.swa_utils.SWALR
    return env


def make_sched_case(expr, opt_name, opt_options, steps=10):
    def fn(lib):
        p, q = quad(lib), quad(lib, n=2)
        o = getattr(lib.optim, opt_name)([{"params": [p]}, {"params": [q], "lr": 0.05}], **opt_options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = eval(expr, {"o": o, **_sched_env(lib)})
        lrs = [enc(s.get_last_lr())]
        moms = []
        for _ in range(steps):
            train(lib, o, [p, q], 1)
            s.step()
            lrs.append(enc(s.get_last_lr()))
            moms.append([enc(g.get("momentum", g.get("betas"))) for g in o.param_groups])
        state = {k: enc(v) for k, v in s.state_dict().items()}
        return {"lrs": lrs, "moms": moms, "state": state, "state_keys": list(s.state_dict()),
                "groups": groups(o), "p": enc(p)}
    CASES[f"sched/{opt_name}/{expr}"] = fn


for _exprs in SCHEDULERS.values():
    for _expr in _exprs:
        for _on, _oo in SCHED_OPTS:
            make_sched_case(_expr, _on, _oo)


def make_sched_resume(expr):
    def fn(lib):
        p = quad(lib)
        o = lib.optim.SGD([p], lr=0.1, momentum=0.9)
        env = {"o": o, **_sched_env(lib)}
        s = eval(expr, env)
        for _ in range(3):
            o.step()
            s.step()
        state = s.state_dict()
        # resume: a new optimizer from the old state dict, scheduler with last_epoch
        o2 = lib.optim.SGD([p], lr=0.1, momentum=0.9)
        o2.load_state_dict(o.state_dict())
        env["o"] = o2
        out = {}
        try:
            s2 = eval(expr.replace("(o", "(o, last_epoch=2" if False else "(o"), env)
            s2.load_state_dict(state)
            lrs = []
            for _ in range(3):
                s.step()
                s2.step()
                lrs.append([enc(s.get_last_lr()), enc(s2.get_last_lr())])
            out["lrs"] = lrs
        except Exception as e:  # noqa: BLE001
            out["err_load"] = [type(e).__name__, str(e)]
        # last_epoch resumption without initial_lr: PyTorch's KeyError
        o3 = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
        try:
            eval(expr[:-1] + ", last_epoch=3)", {**env, "o": o3})
        except Exception as e:  # noqa: BLE001
            out["err_resume"] = [type(e).__name__, str(e)]
        # with initial_lr set (resumed from a state dict)
        o4 = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
        o4.load_state_dict(o.state_dict())
        try:
            s4 = eval(expr[:-1] + ", last_epoch=3)", {**env, "o": o4})
            out["resumed"] = [enc(s4.get_last_lr()), s4.last_epoch, enc(o4.param_groups[0]["lr"])]
            s4.step()
            out["resumed_step"] = enc(s4.get_last_lr())
        except Exception as e:  # noqa: BLE001
            out["err_resume4"] = [type(e).__name__, str(e)]
        return out
    CASES[f"sched_resume/{expr}"] = fn


for _expr in ["StepLR(o, 2, gamma=0.5)", "ExponentialLR(o, 0.9)", "CosineAnnealingLR(o, 4)",
              "LambdaLR(o, lambda e: 0.9 ** e)", "LinearLR(o)", "ConstantLR(o)", "PolynomialLR(o)",
              "MultiStepLR(o, [2, 4])", "CosineAnnealingWarmRestarts(o, 2)",
              "CyclicLR(o, 0.01, 0.1, step_size_up=2)", "OneCycleLR(o, 0.1, total_steps=20)",
              "MultiplicativeLR(o, lambda e: 0.9)", "SWALR(o, swa_lr=0.05, anneal_epochs=3)"]:
    make_sched_resume(_expr)


@case("sched/verbose")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.StepLR(o, 2, verbose=True)


@case("sched/verbose_false")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.StepLR(o, 2, verbose=False)


@case("sched/verbose_deprecated_str")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.ExponentialLR(o, 0.5, verbose="deprecated")


@case("sched/verbose_plateau")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.ReduceLROnPlateau(o, verbose=True)


@case("sched/get_last_lr_before_step")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.StepLR(o, 2)
    return enc([s.get_last_lr(), s.last_epoch, s.base_lrs, s._step_count])


@case("sched/epoch_arg")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.StepLR(o, 2)
    o.step()
    s.step(5)
    return enc([s.get_last_lr(), s.last_epoch])


@case("sched/not_optimizer")
def _(lib):
    lib.optim.lr_scheduler.StepLR(object(), 2)


@case("sched/lambda_wrong_count")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.LambdaLR(o, [lambda e: 1.0, lambda e: 1.0])


@case("sched/lambda_state_dict")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)

    class F:
        def __init__(self):
            self.k = 3

        def __call__(self, e):
            return 1.0
    s = lib.optim.lr_scheduler.LambdaLR(o, [F()])
    st = s.state_dict()
    return {"keys": list(st), "lambdas": enc(st["lr_lambdas"])}


@case("sched/lambda_load")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)

    class F:
        def __init__(self):
            self.k = 3

        def __call__(self, e):
            return 1.0 / self.k
    f = F()
    s = lib.optim.lr_scheduler.LambdaLR(o, [f])
    st = s.state_dict()
    f.k = 7
    st["lr_lambdas"][0]["k"] = 5
    s.load_state_dict(st)
    return f.k


@case("sched/sequential")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = L.SequentialLR(o, [L.ConstantLR(o, factor=0.5, total_iters=2), L.ExponentialLR(o, 0.9)], milestones=[3])
    lrs = []
    for _ in range(6):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    st = s.state_dict()
    return {"lrs": lrs, "keys": list(st), "sub": enc(st["_schedulers"]), "last_epoch": s.last_epoch}


@case("sched/sequential_bad_milestones")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    L.SequentialLR(o, [L.ConstantLR(o), L.ExponentialLR(o, 0.9)], milestones=[3, 4])


@case("sched/sequential_other_optimizer")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    o2 = lib.optim.SGD([quad(lib)], lr=0.1)
    L.SequentialLR(o, [L.ConstantLR(o), L.ExponentialLR(o2, 0.9)], milestones=[3])


@case("sched/sequential_empty")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    L.SequentialLR(o, [], milestones=[])


@case("sched/sequential_plateau")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    L.SequentialLR(o, [L.ConstantLR(o), L.ReduceLROnPlateau(o)], milestones=[3])


@case("sched/chained")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    s = L.ChainedScheduler([L.ConstantLR(o, factor=0.5, total_iters=2), L.ExponentialLR(o, 0.9)])
    lrs = []
    for _ in range(5):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    st = s.state_dict()
    return {"lrs": lrs, "keys": list(st), "sub": enc(st["_schedulers"])}


@case("sched/chained_with_plateau")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = L.ChainedScheduler([L.ExponentialLR(o, 0.9), L.ReduceLROnPlateau(o)])
    s.step()


@case("sched/chained_cyclic")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    s = L.ChainedScheduler([L.CyclicLR(o, 0.01, 0.1, step_size_up=2), L.ExponentialLR(o, 0.9)], optimizer=o)
    lrs = []
    for _ in range(5):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    return lrs


@case("sched/sequential_in_chained")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    seq = L.SequentialLR(o, [L.LinearLR(o, 0.5, total_iters=2), L.StepLR(o, 2)], milestones=[2])
    s = L.ChainedScheduler([seq, L.ExponentialLR(o, 0.9)])
    lrs = []
    for _ in range(6):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    return lrs


@case("sched/step_order_warning")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.StepLR(o, 2)
    s.step()
    return enc(s.get_last_lr())


@case("sched/get_lr_warning")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.StepLR(o, 2)
    return enc(s.get_lr())


PLATEAU = ["ReduceLROnPlateau(o)", "ReduceLROnPlateau(o, mode='max', patience=1, factor=0.5)",
           "ReduceLROnPlateau(o, patience=1, threshold_mode='abs', threshold=0.5)",
           "ReduceLROnPlateau(o, patience=0, cooldown=2, factor=0.5)",
           "ReduceLROnPlateau(o, patience=0, min_lr=[0.04, 0.03], factor=0.5)",
           "ReduceLROnPlateau(o, patience=0, min_lr=0.06, factor=0.5)",
           "ReduceLROnPlateau(o, patience=0, eps=0.02, factor=0.9)",
           "ReduceLROnPlateau(o, mode='max', threshold_mode='abs', patience=0)",
           "ReduceLROnPlateau(o, mode='bogus')", "ReduceLROnPlateau(o, threshold_mode='bogus')",
           "ReduceLROnPlateau(o, factor=1.0)", "ReduceLROnPlateau(o, min_lr=[0.1])"]


def make_plateau_case(expr):
    def fn(lib):
        p, q = quad(lib), quad(lib, n=2)
        o = lib.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)
        s = eval(expr, {"o": o, **_sched_env(lib)})
        out = []
        metrics = [5.0, 4.0, 4.0, 4.5, 3.9, 3.95, 3.99, 4.0, 2.0, 2.5, 3.0, 3.0, 3.0]
        for m in metrics:
            s.step(m)
            out.append(enc([s.get_last_lr(), s.num_bad_epochs, s.cooldown_counter, s.best]))
        st = s.state_dict()
        return {"seq": out, "keys": list(st), "state": enc({k: v for k, v in st.items() if k != "optimizer"}),
                "tensor_metric": enc((s.step(lib.tensor(1.0)), s.best)[1])}
    CASES[f"plateau/{expr}"] = fn


for _expr in PLATEAU:
    make_plateau_case(_expr)


@case("plateau/load")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0)
    for m in (3.0, 4.0, 5.0):
        s.step(m)
    s2 = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=5)
    s2.load_state_dict(s.state_dict())
    return enc([s2.patience, s2.best, s2.num_bad_epochs, s2.last_epoch, s2._last_lr])


@case("plateau/last_lr_before")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o)
    return enc(s.get_last_lr())


@case("plateau/epoch_warning")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o)
    s.step(1.0, epoch=3)
    return s.last_epoch


@case("plateau/isinstance")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.ReduceLROnPlateau(o)
    return isinstance(s, lib.optim.lr_scheduler.LRScheduler)


@case("cyclic/adam_no_momentum")
def _(lib):
    o = lib.optim.Adam([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=2)
    lrs = []
    for _ in range(4):
        o.step()
        s.step()
        lrs.append([enc(s.get_last_lr()), enc(o.param_groups[0]["betas"])])
    return lrs


@case("cyclic/sgd_no_momentum")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1)


@case("cyclic/state_dict_scale_fn")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    s = lib.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 1.0)
    st = s.state_dict()
    return {"keys": list(st), "state": enc({k: v for k, v in st.items() if k != "_scale_fn_ref"})}


@case("onecycle/adam_betas")
def _(lib):
    o = lib.optim.Adam([quad(lib)], lr=0.1, betas=(0.8, 0.99))
    s = lib.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=6, three_phase=True)
    out = []
    for _ in range(6):
        o.step()
        s.step()
        out.append([enc(s.get_last_lr()), enc(o.param_groups[0]["betas"])])
    return {"out": out, "groups": groups(o)}


@case("onecycle/no_momentum")
def _(lib):
    o = lib.optim.Adagrad([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=6)


@case("onecycle/too_many_steps")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1, momentum=0.9)
    s = lib.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=2)
    for _ in range(4):
        o.step()
        s.step()


@case("warm_restarts/fractional")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 2, T_mult=2, eta_min=0.001)
    out = []
    for e in [0.0, 0.5, 1.25, 2.0, 2.5, 5.9, 6.0, 10.0, 3.0]:
        o.step()
        s.step(e)
        out.append(enc([s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch]))
    return out


@case("warm_restarts/negative_epoch")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 2)
    s.step(-1)


@case("warm_restarts/bad_tmult")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 2, T_mult=0)


@case("warm_restarts/eta_min_str")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 2, eta_min="a")


@case("sched/tensor_lr_schedulers")
def _(lib):
    L = lib.optim.lr_scheduler
    out = {}
    for expr in ["CyclicLR(o, 0.01, 0.1, step_size_up=2)", "OneCycleLR(o, 0.1, total_steps=8)",
                 "ReduceLROnPlateau(o, patience=0)", "SWALR(o, swa_lr=0.05, anneal_epochs=2)",
                 "CosineAnnealingWarmRestarts(o, 2)", "PolynomialLR(o)", "ConstantLR(o)", "MultiplicativeLR(o, lambda e: 0.5)"]:
        lr = lib.tensor(0.1)
        o = lib.optim.SGD([quad(lib)], lr=lr, momentum=0.9)
        try:
            s = eval(expr, {"o": o, **_sched_env(lib)})
            vals = []
            for i in range(3):
                o.step()
                s.step(5.0) if "Plateau" in expr else s.step()
                vals.append(enc(s.get_last_lr()))
            out[expr] = [vals, o.param_groups[0]["lr"] is lr, enc(o.param_groups[0]["lr"])]
        except Exception as e:  # noqa: BLE001
            out[expr] = [type(e).__name__, str(e)]
    return out


# ---- swa_utils --------------------------------------------------------------------------------------------------
def _swa_model(lib):
    lib.manual_seed(0)
    m = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.Linear(4, 2))
    with lib.no_grad():
        for i, prm in enumerate(m.parameters()):
            prm.copy_(lib.linspace(-1, 1, prm.numel()).reshape(prm.shape) * (i + 1))
    return m


def _bump(lib, m, k):
    with lib.no_grad():
        for prm in m.parameters():
            prm.add_(0.1 * k)
        m[1].running_mean.add_(0.5 * k)
        m[1].num_batches_tracked.add_(1)


def make_swa_case(expr):
    def fn(lib):
        m = _swa_model(lib)
        su = lib.optim.swa_utils
        avg = eval(expr, {"m": m, **vars(su)})
        for k in range(3):
            _bump(lib, m, k + 1)
            avg.update_parameters(m)
        return {"sd": enc(avg.state_dict()), "n": enc(avg.n_averaged), "keys": list(avg.state_dict()),
                "rg": [p.requires_grad for p in avg.parameters()],
                "repr": repr(avg)}
    CASES[f"swa/{expr}"] = fn


for _expr in ["AveragedModel(m)", "AveragedModel(m, use_buffers=True)",
              "AveragedModel(m, multi_avg_fn=get_ema_multi_avg_fn(0.9))",
              "AveragedModel(m, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True)",
              "AveragedModel(m, avg_fn=get_ema_avg_fn(0.8))",
              "AveragedModel(m, avg_fn=lambda a, c, n: a + (c - a) / (n + 1))",
              "AveragedModel(m, multi_avg_fn=get_swa_multi_avg_fn())",
              "AveragedModel(m, avg_fn=get_swa_avg_fn(), use_buffers=True)"]:
    make_swa_case(_expr)


@case("swa/forward")
def _(lib):
    m = _swa_model(lib)
    avg = lib.optim.swa_utils.AveragedModel(m)
    avg.eval()
    return enc(avg(lib.ones(2, 3)))


@case("swa/n_averaged")
def _(lib):
    m = _swa_model(lib)
    avg = lib.optim.swa_utils.AveragedModel(m)
    return enc([avg.n_averaged, avg.module is m, list(dict(avg.named_buffers()))])


@case("update_bn")
def _(lib):
    m = _swa_model(lib)
    lib.manual_seed(1)
    data = [lib.randn(5, 3) for _ in range(3)]
    lib.optim.swa_utils.update_bn(data, m)
    bn = m[1]
    return enc([bn.running_mean, bn.running_var, bn.num_batches_tracked, bn.momentum, m.training])


@case("update_bn/tuples")
def _(lib):
    m = _swa_model(lib)
    lib.manual_seed(1)
    data = [(lib.randn(5, 3), lib.zeros(5)) for _ in range(2)]
    m.eval()
    lib.optim.swa_utils.update_bn(data, m)
    return enc([m[1].running_mean, m.training, m[1].momentum])


@case("update_bn/no_bn")
def _(lib):
    m = lib.nn.Linear(3, 2)
    lib.optim.swa_utils.update_bn([lib.ones(2, 3)], m)
    return m.training


@case("swalr/not_float")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=1.5)


@case("swalr/wrong_count")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    lib.optim.swa_utils.SWALR(o, swa_lr=[0.05, 0.1])


# ---- user subclasses (tutorials) -----------------------------------------------------------------------------------
def _custom_optimizer(lib):
    class MySGD(lib.optim.Optimizer):
        def __init__(self, params, lr=0.1, momentum=0.5):
            if lr < 0:
                raise ValueError("bad lr")
            super().__init__(params, dict(lr=lr, momentum=momentum))

        @lib.no_grad()
        def step(self, closure=None):
            loss = None
            if closure is not None:
                with lib.enable_grad():
                    loss = closure()
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    state = self.state[p]
                    if len(state) == 0:
                        state["buf"] = lib.zeros_like(p)
                        state["step"] = 0
                    state["step"] += 1
                    state["buf"].mul_(group["momentum"]).add_(p.grad)
                    p.add_(state["buf"], alpha=-group["lr"])
            return loss
    return MySGD


@case("custom/optimizer")
def _(lib):
    p = quad(lib)
    opt = _custom_optimizer(lib)([p])
    log = []
    opt.register_step_post_hook(lambda o, a, k: log.append("post"))
    train(lib, opt, [p])
    s = opt.state_dict()
    opt2 = _custom_optimizer(lib)([p], lr=0.5)
    opt2.load_state_dict(s)
    return {"p": enc(p), "sd": enc(s), "repr": repr(opt), "log": log, "groups2": groups(opt2),
            "defaults": enc(opt.defaults)}


@case("custom/scheduler")
def _(lib):
    class Warmup(lib.optim.lr_scheduler.LRScheduler):
        def __init__(self, optimizer, warmup, last_epoch=-1):
            self.warmup = warmup
            super().__init__(optimizer, last_epoch)

        def get_lr(self):
            return [base * min(1.0, (self.last_epoch + 1) / self.warmup) for base in self.base_lrs]
    p = quad(lib)
    o = lib.optim.SGD([p], lr=0.1)
    s = Warmup(o, 3)
    lrs = [enc(s.get_last_lr())]
    for _ in range(5):
        o.step()
        s.step()
        lrs.append(enc(s.get_last_lr()))
    return {"lrs": lrs, "state": enc(s.state_dict())}


@case("custom/old_scheduler_chainable")
def _(lib):
    class Half(lib.optim.lr_scheduler._LRScheduler):
        def get_lr(self):
            if self.last_epoch == 0:
                return [g["lr"] for g in self.optimizer.param_groups]
            return [g["lr"] * 0.5 for g in self.optimizer.param_groups]
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = Half(o)
    out = []
    for _ in range(3):
        o.step()
        s.step()
        out.append(enc(s.get_last_lr()))
    return out


@case("sched/add_group_after")
def _(lib):
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = lib.optim.lr_scheduler.StepLR(o, 1, 0.5)
    o.add_param_group({"params": [quad(lib)], "lr": 0.2})
    o.step()
    s.step()


@case("sched/sequential_load")
def _(lib):
    L = lib.optim.lr_scheduler
    o = lib.optim.SGD([quad(lib)], lr=0.1)
    s = L.SequentialLR(o, [L.LinearLR(o, 0.5, total_iters=2), L.ExponentialLR(o, 0.9)], milestones=[2])
    for _ in range(3):
        o.step()
        s.step()
    st = s.state_dict()
    o2 = lib.optim.SGD([quad(lib)], lr=0.1)
    s2 = L.SequentialLR(o2, [L.LinearLR(o2, 0.5, total_iters=2), L.ExponentialLR(o2, 0.9)], milestones=[2])
    s2.load_state_dict(st)
    out = []
    for _ in range(3):
        o2.step()
        s2.step()
        out.append(enc(s2.get_last_lr()))
    return {"keys": list(st), "out": out, "sub": enc(st["_schedulers"])}


@case("sd/string_keys")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=0.1, momentum=0.9)
    train(lib, opt, [p], 1)
    s = copy.deepcopy(opt.state_dict())
    s["state"] = {"0": s["state"][0]}
    opt.load_state_dict(s)
    return [str(type(k).__name__) for k in opt.state]


@case("step/no_grads")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    opt.step()
    return {"p": enc(p), "sd": sd(opt)}


@case("zero_grad/after_step_state")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p])
    train(lib, opt, [p], 1)
    opt.zero_grad(set_to_none=False)
    return enc(p.grad)


@case("param_groups/lr_int")
def _(lib):
    p = quad(lib)
    opt = lib.optim.SGD([p], lr=1)
    train(lib, opt, [p], 1)
    return {"p": enc(p), "g": groups(opt)}


@case("adam/amsgrad_state_dict_load_non_amsgrad")
def _(lib):
    p = quad(lib)
    opt = lib.optim.Adam([p], amsgrad=True)
    train(lib, opt, [p], 1)
    opt2 = lib.optim.Adam([p])
    opt2.load_state_dict(opt.state_dict())
    train(lib, opt2, [p], 1)
    return {"p": enc(p), "g": groups(opt2)}


# ---- driver -----------------------------------------------------------------------------------------------------
def run_case(lib, fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out_stream = io.StringIO()
        old = sys.stdout
        sys.stdout = out_stream
        try:
            result = {"value": enc(fn(lib))}
        except Exception as e:  # noqa: BLE001
            result = {"error": [type(e).__name__, str(e)]}
        finally:
            sys.stdout = old
    result["warnings"] = [[w.category.__name__, str(w.message)] for w in caught]
    result["stdout"] = out_stream.getvalue()
    return result


def _close(a, b):
    """a, b: lists of hex floats; within 4 ulps of the largest element (float32 if told)."""
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
    both_nan = numpy.isnan(x) & numpy.isnan(y)
    scale = numpy.nanmax(numpy.abs(y)) if numpy.isfinite(y).any() else 0.0
    tol = 4 * numpy.spacing(numpy.float32(scale)) if True else 0
    ok = both_nan | (x == y) | (numpy.abs(x - y) <= tol)
    return bool(ok.all())


def first_diff(a, b, path=""):
    """The path of the first difference of ``a`` and ``b`` with both leaves."""
    if same(a, b):
        return None
    if isinstance(a, dict) and isinstance(b, dict) and "T" not in a and "f" not in a:
        if list(a) != list(b):
            return f"{path} keys {list(a)} != {list(b)}"
        for k in a:
            found = first_diff(a[k], b[k], f"{path}.{k}")
            if found:
                return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_diff(x, y, f"{path}[{i}]")
            if found:
                return found
    return f"{path}:\n      torch  : {json.dumps(a)[:700]}\n      gradlib: {json.dumps(b)[:700]}"


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        if "T" in a and "T" in b:
            if {k: v for k, v in a.items() if k != "v"} != {k: v for k, v in b.items() if k != "v"}:
                return False
            va, vb = a["v"], b["v"]
            if va and isinstance(va[0], list):
                return _close([z for pair in va for z in pair], [z for pair in vb for z in pair])
            if va and isinstance(va[0], str):
                return _close(va, vb)
            return va == vb
        if "f" in a and "f" in b:
            return _close([a["f"]], [b["f"]]) if a["f"].startswith(("0x", "-0x")) else a == b
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def diff(torch_file, gradlib_file):
    t = json.load(open(torch_file))
    # gradlib names its own module where PyTorch says torch (dtypes, classes in messages)
    g = json.loads(open(gradlib_file).read().replace("gradlib", "torch"))
    bad = 0
    for key in t:
        if key not in g:
            print("MISSING", key)
            bad += 1
            continue
        if not same(t[key], g[key]):
            bad += 1
            print("=" * 100)
            print(key)
            for field in ("error", "warnings", "stdout", "value"):
                if not same(t[key].get(field), g[key].get(field)):
                    print(f"  {field}: {first_diff(t[key].get(field), g[key].get(field))}")
    print(f"{bad} of {len(t)} cases differ")


def main():
    if sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
        return
    lib = __import__(sys.argv[1])
    selected = sys.argv[2:]
    out = {}
    for key, fn in CASES.items():
        if selected and not any(key.startswith(s) for s in selected):
            continue
        out[key] = run_case(lib, fn)
    json.dump(out, sys.stdout, indent=None)


if __name__ == "__main__":
    main()
