"""float16/bfloat16 elementwise ops, composites, reductions and normalizations on the CPU, forward and backward,
as PyTorch's kernels compute them ("opmath": inputs widened to float32, the formula in float32, one rounding; a
Python scalar operand kept in float32/double). Run with ``lib`` bound to PyTorch by ``half14.py``
(``python tests/reference/record_torch.py half14`` writes ``torch_half14.json``) and to gradlib by
``tests/test_half14.py``. Values are exact (half values are exact float32 values), so results are compared bit
for bit. Fixed data only."""
import math

INF = math.inf
NAN = math.nan
#: forward inputs over several magnitudes: subnormals, 65504, infinities, nan, -0.
WIDE_X = [1.1, 2.7, 1000.3, 0.0007, -0.5, 3.0, -2.25, 6e-8, 65504.0, -0.0, INF, -INF, NAN, 1e-5, 0.1, -7.3,
          12.5, -300.7, 0.333, 5.96e-8, -1e-4, 40000.0, 0.0, 1.0]
WIDE_Y = [0.7, -1.3, 3.3, 0.0009, 2.5, -0.1, 7.7, 1e-7, 2.0, 5.0, 1.5, 0.5, 1.0, -2e-5, 0.3, 6.1,
          -0.03, 17.2, -4.4, 1e-3, 0.9, 1.7, -0.0, 0.25]
WIDE_Z = [0.2, 4.1, -0.6, 11.3, 0.05, -2.2, 0.013, 3.9, -1.1, 0.4, 2.6, -8.8, 0.77, 0.31, -0.45, 1.23,
          9.9, 0.002, -6.5, 0.66, 1.01, -0.07, 3.14, 0.5]
#: positive inputs for ops defined on (0, inf) and probabilities in (0, 1)
POS = [1.1, 2.7, 1000.3, 0.0007, 0.5, 3.0, 2.25, 6e-8, 65504.0, 0.0, 1e-5, 0.1, 7.3, 12.5, 300.7, 0.333]
UNIT = [0.1, 0.7, 0.33, 0.999, 0.5, 0.0007, 0.25, 0.9, 0.013, 0.66, 0.41, 0.88, 0.05, 0.3, 0.77, 0.6]
#: backward inputs (finite, several magnitudes) and the incoming gradient
FIN_X = [1.1, 2.7, 0.0007, -0.5, 3.0, -2.25, 0.1, -7.3, 12.5, 0.333, -1e-3, 1.7, -0.9, 4.4, 0.05, -3.3]
FIN_Y = [0.7, -1.3, 2.2, 5.5, -0.2, 0.45, 9.1, -4.4, 0.3, 1.9, -2.6, 0.01, 3.3, -0.75, 6.6, 0.15]
FIN_Z = [0.31, 1.7, -0.6, 2.3, 0.05, -1.2, 0.013, 3.9, -1.1, 0.4, 2.6, -0.8, 0.77, 0.21, -0.45, 1.23]
GRAD = [0.3, -1.1, 2.5, 0.7, -0.01, 1.9, 0.45, -3.3, 0.12, 1.0, -0.6, 2.2, 0.09, -0.77, 5.5, 0.4]


def _f(lib):
    return lib.nn.functional


# name -> (fn(lib, x, y, z), inputs) with inputs "wide" (x, y, z from WIDE_*), "pos" (x from POS), "unit"
# (x from UNIT, y, z from WIDE_Y/WIDE_Z); each case runs forward on those and backward on FIN_* (POS/UNIT for
# "pos"/"unit") where ``grad`` is True.
ELEMENTWISE = {
    # binary with a Python scalar (kept in float32/double by PyTorch)
    "add_scalar": (lambda lib, x, y, z: x + 3.3, "wide"),
    "radd_scalar": (lambda lib, x, y, z: 0.7 + x, "wide"),
    "sub_scalar": (lambda lib, x, y, z: x - 3.3, "wide"),
    "rsub_scalar": (lambda lib, x, y, z: 0.3 - x, "wide"),
    "mul_scalar": (lambda lib, x, y, z: x * 0.3, "wide"),
    "div_scalar": (lambda lib, x, y, z: x / 3.3, "wide"),
    "rdiv_scalar": (lambda lib, x, y, z: 3.3 / x, "wide"),
    "add_int": (lambda lib, x, y, z: x + 3, "wide"),
    "mul_int": (lambda lib, x, y, z: x * 7, "wide"),
    "div_int": (lambda lib, x, y, z: x / 7, "wide"),
    "pow_float": (lambda lib, x, y, z: x ** 1.7, "pos"),
    "pow_half": (lambda lib, x, y, z: x ** 0.5, "pos"),
    "pow_two": (lambda lib, x, y, z: x ** 2, "wide"),
    "pow_neg": (lambda lib, x, y, z: x ** -1.3, "pos"),
    "rpow": (lambda lib, x, y, z: 2.3 ** x, "wide"),
    "add_alpha": (lambda lib, x, y, z: lib.add(x, y, alpha=0.3), "wide"),
    "sub_alpha": (lambda lib, x, y, z: lib.sub(x, y, alpha=1.7), "wide"),
    "add_scalar_alpha": (lambda lib, x, y, z: lib.add(x, 1.1, alpha=0.3), "wide"),
    # 64 elements: PyTorch's vectorized loop (alpha held in the dtype, a + alpha * b in float); a tail of fewer
    # elements than a vector takes its scalar loop, which rounds alpha * b first (a known difference)
    "add_alpha_vec": (lambda lib, x, y, z: lib.add(x, y, alpha=0.3), "vec"),
    "sub_alpha_vec": (lambda lib, x, y, z: lib.sub(x, y, alpha=1.7), "vec"),
    "add_scalar_alpha_vec": (lambda lib, x, y, z: lib.add(x, 1.1, alpha=0.3), "vec"),
    # binary with a tensor
    "add": (lambda lib, x, y, z: x + y, "wide"),
    "mul": (lambda lib, x, y, z: x * y, "wide"),
    "div": (lambda lib, x, y, z: x / y, "wide"),
    "pow_tensor": (lambda lib, x, y, z: x.abs() ** y, "wide"),
    "atan2": (lambda lib, x, y, z: lib.atan2(x, y), "wide"),
    "hypot": (lambda lib, x, y, z: lib.hypot(x, y), "wide"),
    "xlogy": (lambda lib, x, y, z: lib.xlogy(x, y.abs()), "wide"),
    "xlogy_scalar": (lambda lib, x, y, z: lib.xlogy(x, 3.3), "wide"),
    "maximum": (lambda lib, x, y, z: lib.maximum(x, y), "wide"),
    # ternary and composites
    "addcmul": (lambda lib, x, y, z: lib.addcmul(x, y, z, value=0.3), "wide"),
    "addcmul_self": (lambda lib, x, y, z: lib.addcmul(x, x, x, value=0.3), "wide"),
    "addcdiv": (lambda lib, x, y, z: lib.addcdiv(x, y, z, value=0.3), "wide"),
    "lerp_scalar": (lambda lib, x, y, z: lib.lerp(x, y, 0.3), "wide"),
    "lerp_tensor": (lambda lib, x, y, z: lib.lerp(x, y, z), "wide"),
    "clamp_float": (lambda lib, x, y, z: lib.clamp(x, -0.33, 2.7), "wide"),
    "clamp_min": (lambda lib, x, y, z: lib.clamp(x, min=0.1), "wide"),
    "where_scalar": (lambda lib, x, y, z: lib.where(x > 0, x, 0.3), "wide"),
    "nan_to_num": (lambda lib, x, y, z: lib.nan_to_num(x, nan=0.3, posinf=1.1, neginf=-2.7), "wide"),
    # unary
    "exp": (lambda lib, x, y, z: lib.exp(x), "wide"),
    "expm1": (lambda lib, x, y, z: lib.expm1(x), "wide"),
    "log": (lambda lib, x, y, z: lib.log(x), "pos"),
    "log1p": (lambda lib, x, y, z: lib.log1p(x), "pos"),
    "log2": (lambda lib, x, y, z: lib.log2(x), "pos"),
    "sqrt": (lambda lib, x, y, z: lib.sqrt(x), "pos"),
    "rsqrt": (lambda lib, x, y, z: lib.rsqrt(x), "pos"),
    "reciprocal": (lambda lib, x, y, z: lib.reciprocal(x), "wide"),
    "sin": (lambda lib, x, y, z: lib.sin(x), "wide"),
    "cos": (lambda lib, x, y, z: lib.cos(x), "wide"),
    "tanh": (lambda lib, x, y, z: lib.tanh(x), "wide"),
    "sigmoid": (lambda lib, x, y, z: lib.sigmoid(x), "wide"),
    "erf": (lambda lib, x, y, z: lib.erf(x), "wide"),
    "erfc": (lambda lib, x, y, z: lib.erfc(x), "wide"),
    "erfinv": (lambda lib, x, y, z: lib.erfinv(x), "unit"),
    "square": (lambda lib, x, y, z: lib.square(x), "wide"),
    "abs": (lambda lib, x, y, z: lib.abs(x), "wide"),
    # activations
    "silu": (lambda lib, x, y, z: _f(lib).silu(x), "wide"),
    "gelu": (lambda lib, x, y, z: _f(lib).gelu(x), "wide"),
    "gelu_tanh": (lambda lib, x, y, z: _f(lib).gelu(x, approximate="tanh"), "wide"),
    "mish": (lambda lib, x, y, z: _f(lib).mish(x), "wide"),
    "softplus": (lambda lib, x, y, z: _f(lib).softplus(x), "wide"),
    "softplus_beta": (lambda lib, x, y, z: _f(lib).softplus(x, beta=1.7, threshold=5.0), "wide"),
    "elu": (lambda lib, x, y, z: _f(lib).elu(x, alpha=0.7), "wide"),
    "selu": (lambda lib, x, y, z: _f(lib).selu(x), "wide"),
    "celu": (lambda lib, x, y, z: _f(lib).celu(x, alpha=1.3), "wide"),
    "hardswish": (lambda lib, x, y, z: _f(lib).hardswish(x), "wide"),
    "hardsigmoid": (lambda lib, x, y, z: _f(lib).hardsigmoid(x), "wide"),
    "hardtanh": (lambda lib, x, y, z: _f(lib).hardtanh(x, -0.3, 2.1), "wide"),
    "logsigmoid": (lambda lib, x, y, z: _f(lib).logsigmoid(x), "wide"),
    "leaky_relu": (lambda lib, x, y, z: _f(lib).leaky_relu(x, 0.3), "wide"),
    "relu6": (lambda lib, x, y, z: _f(lib).relu6(x), "wide"),
    "softsign": (lambda lib, x, y, z: _f(lib).softsign(x), "wide"),
    "tanhshrink": (lambda lib, x, y, z: _f(lib).tanhshrink(x), "wide"),
    "softshrink": (lambda lib, x, y, z: _f(lib).softshrink(x, 0.3), "wide"),
    "hardshrink": (lambda lib, x, y, z: _f(lib).hardshrink(x, 0.3), "wide"),
    "threshold": (lambda lib, x, y, z: _f(lib).threshold(x, 0.3, 1.1), "wide"),
    "rrelu_eval": (lambda lib, x, y, z: _f(lib).rrelu(x, training=False), "wide"),
    "prelu": (lambda lib, x, y, z: _f(lib).prelu(x, lib.tensor([0.3], dtype=x.dtype)), "wide"),
}

#: reductions and normalizations: forward on the finite inputs (several magnitudes), backward too
REDUCTIONS = {
    "sum": lambda lib, x, y, z: x.sum(),
    "mean": lambda lib, x, y, z: x.mean(),
    "var": lambda lib, x, y, z: x.var(),
    "std": lambda lib, x, y, z: x.std(),
    "norm": lambda lib, x, y, z: x.norm(),
    "softmax": lambda lib, x, y, z: lib.softmax(x.reshape(4, 4), dim=1),
    "log_softmax": lambda lib, x, y, z: lib.log_softmax(x.reshape(4, 4), dim=1),
    "layer_norm": lambda lib, x, y, z: _f(lib).layer_norm(x.reshape(4, 4), (4,), y[:4], z[:4]),
    "group_norm": lambda lib, x, y, z: _f(lib).group_norm(x.reshape(2, 4, 2), 2, y[:4], z[:4]),
    "batch_norm_train": lambda lib, x, y, z: _f(lib).batch_norm(x.reshape(4, 4), None, None, y[:4], z[:4],
                                                               training=True),
    "batch_norm_eval": lambda lib, x, y, z: _f(lib).batch_norm(x.reshape(4, 4), y[:4].detach().abs() + 0.5,
                                                              z[:4].detach(),
                                                              y[4:8], z[4:8], training=False),
    "cumsum": lambda lib, x, y, z: x.cumsum(0),
    "logsumexp": lambda lib, x, y, z: lib.logsumexp(x.reshape(4, 4), dim=1),
    "cross_entropy": lambda lib, x, y, z: _f(lib).cross_entropy(x.reshape(4, 4), lib.tensor([0, 3, 1, 2])),
    "mse_loss": lambda lib, x, y, z: _f(lib).mse_loss(x, y),
}

#: ops whose backward is not defined for the sample (forward compared only)
NO_GRAD = {"maximum", "where_scalar", "nan_to_num", "clamp_float", "clamp_min", "rrelu_eval", "hardshrink",
           "threshold"}

DTYPES = ("float16", "bfloat16")


def _values(tensor):
    return tensor.detach().float().tolist()


def _inputs(lib, dtype, kind, forward, device):
    if kind == "vec":
        wide = WIDE_X + WIDE_Y + WIDE_Z
        values = (wide[:64], wide[4:68], wide[8:72]) if forward else (FIN_X * 4, FIN_Y * 4, FIN_Z * 4)
    elif forward:
        x = {"wide": WIDE_X, "pos": POS, "unit": UNIT}[kind]
        values = (x, WIDE_Y[:len(x)], WIDE_Z[:len(x)])
    else:
        x = {"wide": FIN_X, "pos": [v for v in POS if 1e-4 < v < 1000], "unit": UNIT}[kind]
        values = (x, FIN_Y[:len(x)], FIN_Z[:len(x)])
    return [lib.tensor(v, dtype=dtype, device=device, requires_grad=not forward) for v in values]


def _run(fn, lib, dtype, kind, backward, device="cpu"):
    try:
        x, y, z = _inputs(lib, dtype, kind, not backward, device)
        out = fn(lib, x, y, z)
        if not backward:
            return {"out": _values(out)}
        grad = lib.tensor((GRAD * 8)[:out.numel()], dtype=dtype, device=device).reshape(out.shape)
        out.backward(grad)
        return {"out": _values(out), "grads": [None if t.grad is None else _values(t.grad) for t in (x, y, z)]}
    except Exception as error:  # recorded, compared by class
        return {"error": type(error).__name__}


def keys():
    """Every case's key, ``dtype/phase/name`` (phase: forward, backward or reduction)."""
    found = []
    for name in DTYPES:
        for case in ELEMENTWISE:
            found.append(f"{name}/forward/{case}")
            if case not in NO_GRAD:
                found.append(f"{name}/backward/{case}")
        found.extend(f"{name}/reduction/{case}" for case in REDUCTIONS)
    return found


def run_one(lib, key, device="cpu"):
    """One case's record: ``{"out": values}`` (forward), ``{"out", "grads"}`` (backward), or ``{"error"}``."""
    name, phase, case = key.split("/")
    dtype = getattr(lib, name)
    if phase == "reduction":
        return _run(REDUCTIONS[case], lib, dtype, "wide", True, device)
    fn, kind = ELEMENTWISE[case]
    return _run(fn, lib, dtype, kind, phase == "backward", device)


def run(lib):
    """Every case on float16 and bfloat16: ``{dtype/phase/name: record}``."""
    return {key: run_one(lib, key) for key in keys()}
