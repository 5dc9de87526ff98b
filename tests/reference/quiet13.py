"""Paths where gradlib computes on arrays outside ``Op.apply`` and the engine (session 13, warn13): in-place
arithmetic, optimizers, casts, gradient clipping, nn layers, printing, reductions, linalg, each fed inf, NaN,
1e38 or 1e300 so that NumPy would warn ("overflow encountered in multiply", "invalid value encountered in cast").
PyTorch computes them without a word; gradlib must too, with PyTorch's values (or PyTorch's error).

Each case is ``function(lib, device)`` written once for gradlib and PyTorch, returning plain data (floats as
their ``repr``, so inf and NaN compare exactly). The recorder (``python tests/reference/record_torch.py quiet13``)
stores PyTorch's answer per case in ``torch_quiet13.json``: ``{"value": ...}`` or ``{"error": [class, message]}``,
and ``"warned"``: the warnings PyTorch itself gave (none, for every case here). tests/test_quiet_warnings.py
runs each case on gradlib under ``warnings.simplefilter("error")`` and with the default filter recording.
"""
import io
import json
import pathlib
import warnings

import numpy

FILE = pathlib.Path(__file__).parent / "torch_quiet13.json"
INF = float("inf")
NAN = float("nan")


def plain(value):
    """A result as plain data: tensors and numbers to nested lists of ``repr`` strings."""
    if hasattr(value, "detach") and hasattr(value, "tolist"):
        value = value.detach().cpu().tolist()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(float(value)) if isinstance(value, float) else value
    return repr(value)


def _param(lib, device, values=(INF, 1e38, -INF, 0.0)):
    p = lib.tensor(list(values), device=device, requires_grad=True)
    p.grad = lib.tensor([INF, 1e38, INF, 0.0], device=device)
    return p


# ----- optimizers: two steps on inf / 1e38 parameters and gradients ---------------------------------------------
OPTIMIZERS = {
    "sgd": ("SGD", dict(lr=1.0)),
    "sgd_momentum": ("SGD", dict(lr=1.0, momentum=0.9)),
    "sgd_nesterov": ("SGD", dict(lr=1.0, momentum=0.9, nesterov=True, weight_decay=0.1)),
    "adam": ("Adam", dict(lr=1.0)),
    "adamw": ("AdamW", dict(lr=1.0)),
    "adam_amsgrad": ("Adam", dict(lr=1.0, amsgrad=True)),
    "rmsprop": ("RMSprop", dict(lr=1.0)),
    "rmsprop_centered": ("RMSprop", dict(lr=1.0, centered=True, momentum=0.5)),
    "adagrad": ("Adagrad", dict(lr=1.0)),
    "adadelta": ("Adadelta", dict(lr=1.0)),
    "adamax": ("Adamax", dict(lr=1.0)),
    "nadam": ("NAdam", dict(lr=1.0)),
    "radam": ("RAdam", dict(lr=1.0)),
    "asgd": ("ASGD", dict(lr=1.0)),
    "rprop": ("Rprop", dict(lr=1.0)),
}


def _optimizer_case(name, kwargs):
    def case(lib, device):
        p = _param(lib, device)
        optimizer = getattr(lib.optim, name)([p], **kwargs)
        for _ in range(2):
            optimizer.step()
            p.grad = lib.tensor([INF, 1e38, INF, 0.0], device=device)
        return p
    return case


def _lbfgs(lib, device):
    p = lib.tensor([1e38, 2.0], device=device, requires_grad=True)
    optimizer = lib.optim.LBFGS([p], lr=1.0, max_iter=3)

    def closure():
        optimizer.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss
    optimizer.step(closure)
    return p


def _lbfgs_wolfe(lib, device):
    """The strong-Wolfe search after an inf gradient: a first step of 0 divides by 0 in the cubic interpolation,
    NaN in PyTorch's 0-d tensors (not Python's ZeroDivisionError)."""
    results = []
    for values in ([1e38, 2.0], [INF, 1.0], [1e10, 1e-10]):
        p = lib.tensor(values, device=device, requires_grad=True)
        optimizer = lib.optim.LBFGS([p], lr=1.0, max_iter=4, line_search_fn="strong_wolfe")

        def closure():
            optimizer.zero_grad()
            loss = (p * p * 1e30).sum()
            loss.backward()
            return loss
        optimizer.step(closure)
        results.append(p)
    return results


# ----- in-place arithmetic and writes, under no_grad ----------------------------------------------------------
def _inplace_case(code):
    def case(lib, device):
        p = _param(lib, device)
        zeros = lib.zeros(4, device=device)
        with lib.no_grad():
            exec(code, {"p": p, "lib": lib, "zeros": zeros, "INF": INF, "device": device})
        return p
    return case


INPLACE = {
    "isub": "p -= p.grad",
    "iadd": "p += p.grad",
    "imul": "p *= p.grad",
    "idiv_zeros": "p /= zeros",
    "iadd_scalar": "p += 1e38",
    "imul_scalar": "p *= 1e38",
    "add_alpha": "p.add_(p.grad, alpha=1e38)",
    "sub_": "p.sub_(p.grad)",
    "sub_alpha_scalar": "p.sub_(1e38, alpha=1e38)",
    "mul_scalar": "p.mul_(1e38)",
    "div_zero": "p.div_(0.0)",
    "div_tensor_zeros": "p.div_(zeros)",
    "addcmul_": "p.addcmul_(p.grad, p.grad, value=1e38)",
    "addcdiv_": "p.addcdiv_(p.grad, zeros)",
    "lerp_": "p.lerp_(p.grad, 0.5)",
    "clamp_": "p.clamp_(0, 1)",
    "clamp_float64_bound": "p.clamp_(lib.tensor([0.0, 1e300, 0.0, -1e300], dtype=lib.float64, device=device))",
    "copy_float64": "p.copy_(lib.tensor([1e300, -1e300, INF, 1.0], dtype=lib.float64, device=device))",
    "fill_tensor": "p.fill_(lib.tensor(1e300, dtype=lib.float64))",
    "index_add_": "p.index_add_(0, lib.tensor([0, 1, 1, 3], device=device), p.grad, alpha=1e38)",
    "scatter_add_": "p.scatter_add_(0, lib.tensor([1, 1, 2, 3], device=device), p.grad)",
    "masked_fill_": "p.masked_fill_(lib.tensor([True, False, True, False], device=device), INF)",
    "setitem_float64_tensor": "p[1:3] = lib.tensor([1e300, -1e300], dtype=lib.float64, device=device)",
    "setitem_index_float64": "p[lib.tensor([0, 3], device=device)] = "
                             "lib.tensor([1e300, 2.0], dtype=lib.float64, device=device)",
    "exp_": "p.exp_()",
    "sqrt_": "p.sqrt_()",
    "pow_": "p.pow_(2)",
}


def _half_inplace(code):
    def case(lib, device):
        h = lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float16, device=device)
        exec(code, {"h": h, "lib": lib, "INF": INF, "device": device})
        return h
    return case


HALF_INPLACE = {
    "half_copy_float64": "h.copy_(lib.tensor([1e300, 7e4, -7e4, 1.0], dtype=lib.float64, device=device))",
    "half_copy_float32": "h.copy_(lib.tensor([1e38, 7e4, -7e4, 1.0], device=device))",
    "half_mul_scalar": "h.mul_(1e5)",
    "half_add_tensor": "h.add_(lib.tensor([6e4, 6e4, 1.0, 1.0], dtype=lib.float16, device=device), alpha=2)",
    "half_setitem_float32": "h[:2] = lib.tensor([1e38, 7e4], device=device)",
    "half_index_add": "h.index_add_(0, lib.tensor([0, 0], device=device), "
                      "lib.tensor([6e4, 6e4], dtype=lib.float16, device=device))",
}


# ----- casts and creation ------------------------------------------------------------------------------------
CASTS = {
    "half": lambda lib, d: lib.tensor([1e38, 7e4, -7e4, INF, 1.0], device=d).half(),
    "to_float16": lambda lib, d: lib.tensor([1e300, 7e4, 1.0], dtype=lib.float64, device=d).to(lib.float16),
    "float_of_float64": lambda lib, d: lib.tensor([1e300, -1e300, 1.0], dtype=lib.float64, device=d).float(),
    "tensor_float32": lambda lib, d: lib.tensor([1e300, -1e300, 1.0], dtype=lib.float32, device=d),
    "tensor_float16": lambda lib, d: lib.tensor([1e38, 7e4], dtype=lib.float16, device=d),
    "as_tensor_float32": lambda lib, d: lib.as_tensor(numpy.array([1e300, 1.0]), dtype=lib.float32, device=d),
    "from_numpy_mul": lambda lib, d: lib.from_numpy(numpy.array([1e38, 2.0], dtype=numpy.float32)) * 10,
    "type_as_half": lambda lib, d: lib.tensor([1e38, 1.0], device=d).type_as(lib.zeros(1, dtype=lib.float16, device=d)),
    "to_int_finite": lambda lib, d: lib.tensor([3.7, -2.5], device=d).to(lib.int64),
    "nan_to_bool": lambda lib, d: lib.tensor([NAN, INF, 0.0], device=d).bool(),
}


# ----- gradient clipping, schedulers, nn layers ------------------------------------------------------------------
def _clip_norm(lib, device):
    p = _param(lib, device, (1.0, 2.0, 3.0, 4.0))
    total = lib.nn.utils.clip_grad_norm_([p], 1.0)
    return [total, p.grad]


def _clip_norm_big(lib, device):
    p = _param(lib, device, (1.0, 2.0, 3.0, 4.0))
    p.grad = lib.tensor([1e38, 1e38, 1.0, 0.0], device=device)
    total = lib.nn.utils.clip_grad_norm_([p], 1.0)
    return [total, p.grad]


def _clip_value(lib, device):
    p = _param(lib, device, (1.0, 2.0, 3.0, 4.0))
    lib.nn.utils.clip_grad_value_([p], 1.0)
    return p.grad


def _plateau(lib, device):
    p = _param(lib, device, (1.0, 2.0, 3.0, 4.0))
    optimizer = lib.optim.SGD([p], lr=1.0)
    scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=0)
    for metric in (INF, NAN, 1e308, INF):
        scheduler.step(metric)
    return optimizer.param_groups[0]["lr"]


def _batchnorm(lib, device):
    bn = lib.nn.BatchNorm1d(2).to(device)
    x = lib.tensor([[INF, 1e38], [1.0, 1e38], [2.0, -1e38]], device=device, requires_grad=True)
    y = bn(x)
    y.sum().backward()
    return [y, bn.running_mean, bn.running_var, x.grad]


def _layernorm(lib, device):
    ln = lib.nn.LayerNorm(3).to(device)
    x = lib.tensor([[1e38, 1e38, 1.0], [INF, 0.0, 1.0]], device=device, requires_grad=True)
    y = ln(x)
    y.sum().backward()
    return [y, x.grad]


def _softmaxes(lib, device):
    x = lib.tensor([[INF, 1.0, 0.0], [-INF, -INF, -INF], [1e38, -1e38, 0.0]], device=device)
    return [lib.softmax(x, 1), lib.log_softmax(x, 1)]


def _losses(lib, device):
    F = lib.nn.functional
    x = lib.tensor([1e38, INF, 0.0], device=device, requires_grad=True)
    t = lib.tensor([-1e38, 1.0, 0.0], device=device)
    losses = [F.mse_loss(x, t), F.l1_loss(x, t), F.smooth_l1_loss(x, t), F.huber_loss(x, t)]
    sum(losses[:1]).backward()
    return losses + [x.grad]


def _cross_entropy(lib, device):
    x = lib.tensor([[1e38, 0.0, -1e38], [INF, 1.0, 0.0]], device=device, requires_grad=True)
    loss = lib.nn.functional.cross_entropy(x, lib.tensor([1, 2], device=device))
    loss.backward()
    return [loss, x.grad]


def _bce(lib, device):
    x = lib.tensor([1e38, -1e38, 0.0], device=device)
    t = lib.tensor([0.0, 1.0, 0.5], device=device)
    return [lib.nn.functional.binary_cross_entropy_with_logits(x, t)]


# ----- helpers: assert_close, printing, item/tolist, gradcheck ---------------------------------------------------
def _assert_close(lib, device):
    x = lib.tensor([INF, NAN, 1e38, -INF], device=device)
    lib.testing.assert_close(x, x.clone(), equal_nan=True)
    return [lib.allclose(x, x, equal_nan=True), lib.isclose(x, x * 10).tolist()]


def _assert_close_fails(lib, device):
    x = lib.tensor([INF, 1e38, 1.0], device=device)
    try:
        lib.testing.assert_close(x, lib.tensor([1e38, INF, 1.0], device=device))
    except AssertionError as error:
        return str(error).splitlines()[0]
    return "passed"


def _printing(lib, device):
    """CPU tensors printed with the CPU as the default device (a CUDA default adds ``device='cpu'``)."""
    out = io.StringIO()
    default = lib.get_default_device()
    lib.set_default_device("cpu")
    try:
        for values, dtype in (([INF, NAN, 1e38], "float32"), ([1e38, 1e-38, -INF], "float32"),
                              ([6e4, INF, NAN, 1e-3], "float16"), ([1e300, 1e-300, NAN], "float64"),
                              ([[1e38, 1.0], [NAN, -1e38]], "float32")):
            print(repr(lib.tensor(values, dtype=getattr(lib, dtype))), file=out)
    finally:
        lib.set_default_device(default)
    return out.getvalue().replace(lib.__name__ + ".", "torch.")


def _item_tolist(lib, device):
    h = lib.tensor([6e4, INF, NAN], dtype=lib.float16, device=device)
    return [h[0].item(), h.tolist(), lib.tensor(1e38, device=device).item()]


def _gradcheck(lib, device):
    x = lib.tensor([1000.0, 1.0], dtype=lib.float64, device=device, requires_grad=True)
    return lib.autograd.gradcheck(lambda t: t.exp(), (x,), raise_exception=False)


# ----- reductions and linalg -------------------------------------------------------------------------------------
def _reductions(lib, device):
    x = lib.tensor([1e38, 1e38, 3e38, 1e38], device=device)
    return [x.sum(), x.mean(), x.var(), x.std(), x.norm(), lib.linalg.vector_norm(x), x.prod(), x.cumsum(0),
            lib.logsumexp(x, 0), x.sum(dtype=lib.float16)]


def _reductions_inf(lib, device):
    x = lib.tensor([INF, -INF, 1.0], device=device)
    return [x.sum(), x.mean(), x.var(), x.norm(), x.prod(), x.amax()]


def _linalg_values(lib, device):
    a = lib.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=lib.float64, device=device)
    sign, logabs = lib.linalg.slogdet(a)
    return [lib.linalg.det(a), sign, logabs, lib.linalg.matrix_rank(a), lib.linalg.cond(a)]


def _linalg_inv(lib, device):
    return lib.linalg.inv(lib.zeros(2, 2, dtype=lib.float64, device=device))


def _linalg_solve(lib, device):
    a = lib.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=lib.float64, device=device)
    return lib.linalg.solve(a, lib.ones(2, dtype=lib.float64, device=device))


def _linalg_cholesky(lib, device):
    return lib.linalg.cholesky(lib.tensor([[1.0, 2.0], [2.0, 1.0]], dtype=lib.float64, device=device))


def _linalg_svd_inf(lib, device):
    return lib.linalg.svdvals(lib.tensor([[INF, 1.0], [1.0, 1.0]], dtype=lib.float64, device=device))


# ----- numbers a floating dtype cannot hold: PyTorch's overflow error (NumPy would warn and give inf) ------------
OVERFLOWING_NUMBERS = {
    "fill_": "lib.zeros(2, device=device).fill_(1e300)",
    "fill_half": "lib.zeros(2, dtype=lib.float16, device=device).fill_(65520.0)",
    "fill_inf_passes": "lib.zeros(2, device=device).fill_(INF)",
    "fill_grad": "lib.zeros(2, device=device, requires_grad=True).clone().fill_(1e300)",
    "setitem_slice": "lib.zeros(3, device=device).__setitem__(slice(0, 2), 1e300)",
    "setitem_half": "lib.zeros(3, dtype=lib.float16, device=device).__setitem__(0, 7e4)",
    "setitem_index": "lib.zeros(3, device=device).__setitem__(lib.tensor([0, 1], device=device), -1e300)",
    "full": "lib.full((2,), 1e300, device=device)",
    "full_half": "lib.full((2,), 7e4, dtype=lib.float16, device=device)",
    "full_like": "lib.full_like(lib.zeros(2, device=device), 1e300)",
    "new_full": "lib.zeros(2, device=device).new_full((2,), -1e300)",
    "masked_fill": "lib.zeros(2, device=device).masked_fill(lib.tensor([True, False], device=device), 1e300)",
    "masked_fill_": "lib.zeros(2, device=device).masked_fill_(lib.tensor([True, False], device=device), 1e300)",
    "index_fill": "lib.zeros(3, device=device).index_fill(0, lib.tensor([1], device=device), 1e300)",
    "scatter_value": "lib.zeros(3, device=device).scatter_(0, lib.tensor([0], device=device), 1e300)",
    "where_scalar": "lib.where(lib.tensor([True, False], device=device), lib.zeros(2, device=device), 1e300)",
    "clamp_max": "lib.zeros(2, device=device).clamp(max=1e300)",
    "add_alpha": "lib.zeros(2, device=device).add(1, alpha=1e300)",
    "add_alpha_": "lib.zeros(2, device=device).add_(lib.ones(2, device=device), alpha=1e300)",
    "add_alpha_float64": "lib.zeros(2, dtype=lib.float64, device=device).add(1, alpha=1e300)",
    "linspace_end": "lib.linspace(0, 1e300, 3, device=device)",
    "where_half_takes_inf": "lib.where(lib.tensor([True, False], device=device), "
                            "lib.zeros(2, dtype=lib.float16, device=device), 7e4)",
    "add_alpha_integral": "lib.zeros(2, dtype=lib.int32, device=device).add(1, alpha=1e300)",
    "lerp_weight": "lib.zeros(2, device=device).lerp(lib.ones(2, device=device), 1e300)",
    "lerp_weight_half": "lib.zeros(2, dtype=lib.float16, device=device).lerp("
                        "lib.ones(2, dtype=lib.float16, device=device), 1e300)",
    "addcmul_value": "lib.zeros(2, device=device).addcmul(lib.ones(2, device=device), lib.ones(2, device=device), "
                     "value=1e300)",
    "addcdiv_value_": "lib.zeros(2, device=device).addcdiv_(lib.ones(2, device=device), lib.ones(2, device=device), "
                      "value=-1e300)",
    "index_add_alpha": "lib.zeros(2, device=device).index_add(0, lib.tensor([0], device=device), "
                       "lib.ones(1, device=device), alpha=1e300)",
    "index_add_alpha_half": "lib.zeros(2, dtype=lib.float16, device=device).index_add(0, lib.tensor([0], "
                            "device=device), lib.ones(1, dtype=lib.float16, device=device), alpha=7e4)",
    "threshold": "lib.nn.functional.threshold(lib.zeros(2, device=device), 1e300, 0.0)",
    "hardtanh_half": "lib.nn.functional.hardtanh(lib.zeros(2, dtype=lib.float16, device=device), -7e4, 7e4)",
    "elu_alpha": "lib.nn.functional.elu(lib.zeros(2, device=device), 1e300)",
    "elu_alpha_half": "lib.nn.functional.elu(lib.tensor([-1.0, 1.0], dtype=lib.float16, device=device), 7e4)",
    "leaky_relu_slope": "lib.nn.functional.leaky_relu(lib.zeros(2, device=device), -1e300)",
    "uniform_span": "lib.zeros(2, device=device).uniform_(-3e38, 3e38)",
    "uniform_half_span": "lib.zeros(2, dtype=lib.float16, device=device).uniform_(-4e4, 4e4)",
    "uniform_to": "lib.zeros(2, device=device).uniform_(0, INF)",
    "uniform_from": "lib.zeros(2, device=device).uniform_(-1e300, 0)",
    "index_put_dtype": "lib.zeros(3, device=device).__setitem__(lib.tensor([0, 1], device=device), "
                       "lib.tensor([1e300, 1.0], dtype=lib.float64, device=device))",
    "index_put_dtype_list": "lib.zeros(3, device=device).__setitem__([0, 1], lib.tensor([1, 2], device=device))",
    "mask_put_casts": "lib.zeros(3, device=device).__setitem__(lib.tensor([True, False, True], device=device), "
                      "lib.tensor(2.0, dtype=lib.float64, device=device))",
}


def _expression_case(code):
    def case(lib, device):
        scope = {"lib": lib, "device": device, "INF": INF}
        result = eval(code, scope)
        return "done" if result is None else result
    return case


RANGES = {
    "arange_overflow": "lib.arange(0, 1e39, 1e38, device=device)",
    "arange_half": "lib.arange(0.0, 7e4, 1e4, dtype=lib.float16, device=device)",
    "linspace_overflow": "lib.linspace(-3e38, 3e38, 5, device=device)",
    "logspace_overflow": "lib.logspace(0, 50, 3, device=device)",
    "logspace_float64": "lib.logspace(0, 400, 3, dtype=lib.float64, device=device)",
    "normal_big": "lib.zeros(3, device=device).normal_(1e300, 1.0)",
    "multinomial_big_weights": "lib.multinomial(lib.tensor([0.0, 3e38, 3e38], device=device), 1).shape",
    "random_beyond_int64": "lib.empty(3, device=device).random_(0, 10 ** 40)",
    "histc_not_finite": "lib.histc(lib.tensor([INF, 1.0], device=device), bins=2)",
    "histc_not_finite_max": "lib.histc(lib.tensor([1.0, 2.0], device=device), bins=2, min=0, max=INF)",
    "batch_norm_eps_zero": "lib.nn.functional.batch_norm(lib.ones(2, 1, device=device), None, None, training=True, "
                           "eps=0.0)",
    "batch_norm_eps_negative": "lib.nn.functional.batch_norm(lib.ones(2, 1, device=device), "
                               "lib.zeros(1, device=device), lib.ones(1, device=device), eps=-1.0)",
}


def _embedding_max_norm(lib, device):
    """embedding's in-place renorm of the rows it reads: a row of 1e38 has an inf norm and becomes 0."""
    weight = lib.tensor([[1e38, 1e38], [3.0, 4.0], [0.5, 0.0]], device=device)
    rows = lib.nn.functional.embedding(lib.tensor([0, 1, 2], device=device), weight, max_norm=1.0)
    return [rows, weight]


def _make_tensor_wide(lib, device):
    """testing.make_tensor over a range wider than the dtype's largest value: half the range drawn and doubled
    (uniform_ refuses the span); seeded, on the CPU generator (PyTorch's stream)."""
    lib.manual_seed(0)
    return [lib.testing.make_tensor((4,), dtype=lib.float32, device="cpu", low=-3e38, high=3e38),
            lib.testing.make_tensor((3,), dtype=lib.float16, device="cpu", low=-6e4, high=6e4)]


def _kl_div_warning(lib, device):
    """kl_div's reduction='mean': PyTorch's UserWarning (gradlib must give it too), for inputs holding -inf."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = lib.nn.functional.kl_div(lib.tensor([-INF, 0.0], device=device), lib.tensor([0.0, 1.0], device=device))
        lib.nn.KLDivLoss(reduction="batchmean")(lib.tensor([[0.0]], device=device), lib.tensor([[1.0]], device=device))
    return [loss, [f"{w.category.__name__}: {w.message}" for w in caught]]


def _log_normal(lib, device):
    """exp of a normal draw past float64's range: inf (C's exp), not Python's OverflowError."""
    return lib.zeros(3, device=device).log_normal_(1000.0, 1.0)


def _random_warning(lib, device):
    """PyTorch's UserWarning for a random_ range a float dtype cannot count exactly (the one warning here that
    PyTorch gives: gradlib must give it too, word for word)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        lib.empty(3, device=device).random_(0, 2 ** 40)
        lib.empty(3, dtype=lib.float16, device=device).random_(-5000, 5)
        lib.empty(3, device=device).random_(0, 2 ** 24 + 1)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


CASES = {}
CASES.update({"optim_" + key: _optimizer_case(*spec) for key, spec in OPTIMIZERS.items()})
CASES["optim_lbfgs"] = _lbfgs
CASES["optim_lbfgs_strong_wolfe"] = _lbfgs_wolfe
CASES.update({"inplace_" + key: _inplace_case(code) for key, code in INPLACE.items()})
CASES.update({"inplace_" + key: _half_inplace(code) for key, code in HALF_INPLACE.items()})
CASES.update({"cast_" + key: function for key, function in CASTS.items()})
CASES.update({"overflow_" + key: _expression_case(code) for key, code in OVERFLOWING_NUMBERS.items()})
CASES.update({"range_" + key: _expression_case(code) for key, code in RANGES.items()})
CASES.update({
    "clip_grad_norm_inf": _clip_norm, "clip_grad_norm_big": _clip_norm_big, "clip_grad_value_inf": _clip_value,
    "scheduler_plateau": _plateau, "nn_batchnorm": _batchnorm, "nn_layernorm": _layernorm,
    "nn_softmaxes": _softmaxes, "nn_losses": _losses, "nn_cross_entropy": _cross_entropy, "nn_bce": _bce,
    "assert_close": _assert_close, "assert_close_fails": _assert_close_fails, "printing": _printing,
    "item_tolist": _item_tolist, "gradcheck_overflow": _gradcheck, "reductions_big": _reductions,
    "reductions_inf": _reductions_inf, "linalg_singular_values": _linalg_values, "linalg_inv_singular": _linalg_inv,
    "linalg_solve_singular": _linalg_solve, "linalg_cholesky_indefinite": _linalg_cholesky,
    "linalg_svdvals_inf": _linalg_svd_inf, "sampling_log_normal_overflow": _log_normal,
    "sampling_random_warning": _random_warning, "nn_embedding_max_norm": _embedding_max_norm,
    "nn_kl_div_warning": _kl_div_warning, "testing_make_tensor_wide": _make_tensor_wide,
})


def run(lib, name, device=None):
    """``{"value": ...}`` or ``{"error": [class name, message]}`` for one case (warnings are the caller's)."""
    try:
        return {"value": plain(CASES[name](lib, device))}
    except Exception as error:  # the class and message are the spec
        return {"error": [type(error).__name__, str(error)]}


def record():
    import torch
    recorded = {}
    for name in CASES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            answer = run(torch, name)
        answer["warned"] = sorted({str(w.message) for w in caught})
        recorded[name] = answer
    FILE.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {FILE.name}: {len(recorded)} cases")
