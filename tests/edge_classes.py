"""Class sweeps of issue 14 beside the edge corpus: each class fixed for its pending calls (integer inputs that
PyTorch's nn kernels refuse, NaN through clamp-like activations, loss dtypes and targets, products and masked
gradients at zeros, inf and NaN) swept over more functions, dtypes and inputs than the corpus's examples, with
the corpus's machinery (``edge_corpus.Case``, ``run_case``, ``compare``, ``first_order_gradient``).

PyTorch's outcomes are recorded by ``tests/reference/edge_classes_record.py``
(``python tests/reference/record_torch.py edge_classes`` writes ``tests/reference/torch_edge_classes.json``):
the corpus outcome (value, first and second derivatives under ``create_graph``) and the first-order gradient
without it. ``tests/test_edge_classes.py`` compares on the device under test."""
from edge_corpus import Case, T, inf, nan

ACTIVATIONS = ("relu", "relu6", "elu", "selu", "celu", "leaky_relu", "gelu", "silu", "mish", "softplus", "softsign",
               "tanhshrink", "hardtanh", "hardswish", "hardsigmoid", "hardshrink", "softshrink", "logsigmoid",
               "sigmoid", "tanh", "glu", "rrelu", "softmin", "softmax", "log_softmax", "normalize", "dropout",
               "dropout1d", "layer_norm", "threshold", "prelu")

ACTIVATION_INPUTS = {
    "i64": T([-2, 0, 1, 3], "int64"),
    "bool": T([True, False, True, True], "bool"),
    "u8": T([0, 1, 2, 250], "uint8"),
    "f16_nan": T([nan, -1.0, 0.0, 2.0], "float16"),
    "f32_special": T([nan, inf, -inf, 0.0], "float32"),
    "f64_special": T([nan, inf, -inf, -0.0]),
    "f64_kinks": T([-3.0, -1.0, 0.0, 3.0]),
    "f64_big": T([-1e4, -20.0, 20.0, 1e4]),
    "f64_nan_wide": T([nan, -6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 20.0, -inf]),
}


def _activation(name):
    def call(lib, x):
        functional = lib.nn.functional
        function = getattr(functional, name)
        if name in ("softmin", "softmax", "log_softmax"):
            return function(x, dim=-1)
        if name == "threshold":
            return function(x, 0.5, 20.0)
        if name == "layer_norm":
            return function(x, x.shape[-1:])
        if name == "dropout":
            return function(x, 0.5, training=False)
        if name == "dropout1d":
            return function(x.reshape(1, 2, -1), 0.5, training=False)
        if name == "prelu":
            return function(x, lib.tensor([0.25], dtype=x.dtype))
        return function(x)
    return call


LOSSES = ("l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss", "binary_cross_entropy",
          "binary_cross_entropy_with_logits", "poisson_nll_loss", "kl_div", "hinge_embedding_loss",
          "multilabel_soft_margin_loss", "gaussian_nll_loss")

LOSS_INPUTS = {
    "f64_i64": (T([0.5, 0.2, 0.7, 0.1]), T([1, 0, 1, 0], "int64")),
    "i64_i64": (T([1, 0, 1, 0], "int64"), T([1, 0, 1, 1], "int64")),
    "f64_bool": (T([0.5, 0.2, 0.7, 0.1]), T([True, False, True, False], "bool")),
    "f32_f64": (T([0.5, 0.2, 0.7, 0.1], "float32", grad=False), T([1.0, 0.0, 1.0, 0.0])),
    "f64_f32": (T([0.5, 0.2, 0.7, 0.1]), T([1.0, 0.0, 1.0, 0.0], "float32")),
    "f64_special": (T([nan, inf, -inf, 0.0]), T([0.0, 1.0, 0.0, 1.0])),
    "f64_kinks": (T([1.0, -1.0, 0.5, 2.0]), T([0.0, 0.0, 0.5, 0.0])),
    "f16_f16": (T([0.5, 0.2, 0.7, 0.1], "float16"), T([1.0, 0.0, 1.0, 0.0], "float16")),
}


def _loss(name):
    def call(lib, x, t):
        function = getattr(lib.nn.functional, name)
        if name == "gaussian_nll_loss":
            return function(x, t, lib.ones_like(x))
        return function(x, t)
    return call


# products, scans and masked formulas: each reduction over each dim of inputs with zeros, infinities and NaN
PRODUCT_INPUTS = {
    "one_zero": T([[2.0, 0.0, 3.0], [4.0, 5.0, 6.0]]),
    "two_zeros_row": T([[0.0, 2.0, 0.0], [4.0, 5.0, 6.0]]),
    "zero_and_inf": T([[inf, 2.0, 0.0], [1.0, -inf, 3.0]]),
    "nan_and_zero": T([[nan, 2.0, 3.0], [4.0, 0.0, 6.0]]),
    "nan_only": T([[nan, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "infs": T([[inf, -2.0, 1.0], [-inf, 0.5, inf]]),
    "zero_1d": T([2.0, 0.0, 3.0, 4.0]),
    "zeros_1d": T([2.0, 3.0, 0.0, 0.0]),
}
PRODUCTS = {
    "prod_all": lambda lib, x: x.prod(),
    "prod_d0": lambda lib, x: x.prod(0),
    "prod_dm1_keep": lambda lib, x: x.prod(-1, keepdim=True),
    "cumprod_d0": lambda lib, x: x.cumprod(0),
    "cumprod_dm1": lambda lib, x: x.cumprod(-1),
    "scatter_prod": lambda lib, x: lib.zeros(3, dtype=x.dtype).add(1.5).scatter_reduce(
        0, lib.tensor([0, 0, 2, 0][:x.shape[-1]]), x.reshape(-1)[:x.shape[-1]], "prod"),
    "scatter_prod_exclude": lambda lib, x: lib.zeros(3, dtype=x.dtype).add(1.5).scatter_reduce(
        0, lib.tensor([0, 0, 2, 0][:x.shape[-1]]), x.reshape(-1)[:x.shape[-1]], "prod", include_self=False),
}

# masked gradients at kinks: the function of each name at inputs that sit on its kink
KINKS = {
    "var_0d": (lambda lib, x: x.var(0), T(1.5)),
    "std_0d": (lambda lib, x: x.std(-1), T(1.5)),
    "var_mean_0d": (lambda lib, x: lib.var_mean(x, 0), T(1.5)),
    "var_const": (lambda lib, x: x.var(1), T([[2.0, 2.0], [1.0, 3.0]])),
    "std_const": (lambda lib, x: x.std(), T([2.0, 2.0, 2.0])),
    "logit_eps_edges": (lambda lib, x: lib.logit(x, 0.25), T([nan, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, -0.5])),
    "logit_edges": (lambda lib, x: lib.logit(x), T([nan, 0.0, 0.25, 0.5, 1.0, 1.5])),
    "dist_zero": (lambda lib, x: lib.dist(x, x.detach()), T([1.0, 2.0, 3.0])),
    "dist_p3_zero": (lambda lib, x: lib.dist(x, x.detach(), 3), T([1.0, 2.0, 3.0])),
    "dist_p1_5_zero": (lambda lib, x: lib.dist(x, x.detach(), 1.5), T([1.0, 2.0, 3.0])),
    "norm_zero": (lambda lib, x: x.norm(), T([0.0, 0.0])),
    "softplus_edges": (lambda lib, x: lib.nn.functional.softplus(x, 2.0, 10.0),
                       T([nan, inf, -inf, 5.0, 4.9, 0.0])),
    "cross_entropy_smooth_ignored": (lambda lib, x: lib.nn.functional.cross_entropy(
        x, lib.tensor([-100, -100]), label_smoothing=0.2), T([[1.0, 2.0], [0.5, 0.0]])),
    "cross_entropy_smooth_weight_ignored": (lambda lib, x: lib.nn.functional.cross_entropy(
        x, lib.tensor([-100, 1]), weight=lib.tensor([1.0, 2.0], dtype=x.dtype), label_smoothing=0.2),
        T([[1.0, 2.0], [0.5, 0.0]])),
    "einsum_diag_nan": (lambda lib, x: lib.einsum("ii->i", x), T([[nan, 1.0], [2.0, 3.0]])),
    "einsum_trace_nan": (lambda lib, x: lib.einsum("ii", x), T([[1.0, nan], [2.0, 3.0]])),
    "sdpa_bool_mask_nan": (lambda lib, x: lib.nn.functional.scaled_dot_product_attention(
        x, x.detach(), x.detach(), attn_mask=lib.tensor([[True, False], [False, False]])),
        T([[[nan, 1.0], [0.5, 2.0]]])),
    "amax_scatter_nan": (lambda lib, x: lib.zeros(2, dtype=x.dtype).scatter_reduce(
        0, lib.tensor([0, 0, 1]), x, "amax"), T([nan, 1.0, 2.0])),
    "qr_zeros": (lambda lib, x: lib.linalg.qr(x), T([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])),
    "qr_rank1": (lambda lib, x: lib.linalg.qr(x), T([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])),
    "det_nan_batch": (lambda lib, x: lib.linalg.det(x), T([[[nan, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 5.0]]])),
}

# integer inputs to interpolate: PyTorch resamples uint8 in some modes and refuses the other integer dtypes
INTERPOLATE_MODES = {
    "nearest_1d": ("nearest", (1, 2, 3)), "nearest_2d": ("nearest", (1, 2, 3, 4)),
    "nearest_3d": ("nearest", (1, 1, 2, 2, 3)), "nearest_exact_2d": ("nearest-exact", (2, 1, 3, 4)),
    "linear": ("linear", (1, 2, 3)), "bilinear_1c": ("bilinear", (1, 1, 3, 4)), "bilinear_2c": ("bilinear", (1, 2, 3, 4)),
    "trilinear": ("trilinear", (1, 1, 2, 2, 3)),
}
INTERPOLATE_DTYPES = ("uint8", "int8", "int32", "int64", "bool", "float32")


def _interpolate(mode, shape, dtype):
    count = 1
    for size in shape:
        count *= size

    def call(lib, x):
        values = (lib.arange(count) % 7).reshape(shape)
        values = values > 3 if dtype == "bool" else values.to(getattr(lib, dtype))
        return lib.nn.functional.interpolate(values, scale_factor=2, mode=mode)
    return call


CASES = []
CASES += [Case(f"interpolate/{key}/{dtype}", _interpolate(mode, shape, dtype), [T(0.0, grad=False)])
          for key, (mode, shape) in INTERPOLATE_MODES.items() for dtype in INTERPOLATE_DTYPES]
CASES += [Case(f"act/{name}/{key}", _activation(name), [value])
          for name in ACTIVATIONS for key, value in ACTIVATION_INPUTS.items()]
CASES += [Case(f"loss/{name}/{key}", _loss(name), list(values))
          for name in LOSSES for key, values in LOSS_INPUTS.items()]
CASES += [Case(f"product/{name}/{key}", function, [value])
          for name, function in PRODUCTS.items() for key, value in PRODUCT_INPUTS.items()]
CASES += [Case(f"kink/{name}", function, [value]) for name, (function, value) in KINKS.items()]
CASES_BY_NAME = {case.name: case for case in CASES}

# Where gradlib differs on purpose (the corpus's DELIBERATE reasons, or PyTorch's own inconsistencies).
_NAN_VECTORIZED = ("the gradient at NaN of a clamp-like function: PyTorch's CPU kernel passes it in its scalar loop "
                   "and gives 0 in its vectorized loop (12 float64 elements); gradlib passes it always (edge "
                   "corpus: _NAN_VECTORIZED)")
_NO_DOUBLE_BACKWARD = "no double backward in PyTorch (edge corpus: _MORE_DERIVATIVES)"
KNOWN = {
    "act/hardsigmoid/f64_special": _NO_DOUBLE_BACKWARD,
    "act/hardsigmoid/f64_kinks": _NO_DOUBLE_BACKWARD,
    "act/hardsigmoid/f64_big": _NO_DOUBLE_BACKWARD,
    "act/hardsigmoid/f64_nan_wide": _NO_DOUBLE_BACKWARD,
    "act/hardtanh/f64_nan_wide": _NAN_VECTORIZED,
    "act/relu6/f64_nan_wide": _NAN_VECTORIZED,
    "act/hardshrink/f64_nan_wide": _NAN_VECTORIZED,
    "act/softshrink/f64_nan_wide": _NAN_VECTORIZED,
    "act/gelu/f32_special": "gelu(inf) in float32: PyTorch's vectorized erf kernel gives NaN (float64 gives inf)",
    "act/mish/f64_big": ("mish's second derivative at 1e4: PyTorch's formula multiplies 0 by inf (NaN); gradlib's "
                         "gives the limit 0"),
    "loss/smooth_l1_loss/f64_bool": ("smooth_l1_loss with a bool target: PyTorch's double backward subtracts the "
                                     "bools and raises (its bug); gradlib gives the second derivative"),
    "loss/soft_margin_loss/f64_bool": ("soft_margin_loss with a bool target: PyTorch's first-order backward negates "
                                       "the bools and raises, its create_graph backward computes (its bug); gradlib "
                                       "computes both"),
    "kink/qr_rank1": ("qr's gradient at a rank-deficient matrix: ~1e14, rounding of R's zero diagonal decides it "
                      "(edge corpus: _DEGENERATE)"),
}
