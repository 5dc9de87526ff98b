"""Gradients at kinks and edge values (issue 14, class 1), run identically on PyTorch (``record()``, writing
``torch_edge_grads.json``) and gradlib (``tests/test_edge_grads.py``).

Every backward formula that divides by an input or output, takes ``log``/``sqrt``, raises to a power below 1,
or uses ``abs``/``sign``, ties or a product, evaluated at 0, at ties and on constant inputs: the value, the first
derivative and the second derivative (float64). The table is ``op x edge input``: each entry of ``CASES`` names
an expression in ``lib`` (torch or gradlib), ``F`` (``lib.nn.functional``) and the inputs; inputs whose name
starts with ``c`` are constants (no grad), ``i`` integer tensors.

    python tests/reference/record_torch.py edge_grads
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
RECORD = HERE / "torch_edge_grads.json"

INF = float("inf")
NAN = float("nan")

# Edge inputs of one elementwise argument, by name.
ZERO = [0.0, -0.0, 1.0, -1.0]
SMALL = [-2.0, -0.5, 0.0, 0.5, 2.0]
UNIT = [-1.0, 1.0, 0.0, 0.5]
CONST = [[1.5, 1.5, 1.5], [1.5, 1.5, 1.5]]

CASES = {}


def case(name, expression, **inputs):
    if name in CASES:
        raise ValueError(f"duplicate case {name}")
    CASES[name] = (expression, inputs)


# ----- unary elementwise at 0 and at the edges of their domains --------------------------------------------------
for fn in ["abs", "sign", "sqrt", "rsqrt", "log", "log2", "log10", "log1p", "exp", "expm1", "reciprocal", "sin",
           "cos", "tan", "tanh", "sigmoid", "relu", "asin", "acos", "atan", "sinh", "cosh", "erf", "erfc", "square",
           "frac", "floor", "ceil", "round", "trunc"]:
    case(f"{fn}/zero", f"lib.{fn}(x)", x=ZERO)
    case(f"{fn}/small", f"lib.{fn}(x)", x=SMALL)
for fn in ["asin", "acos", "log1p"]:
    case(f"{fn}/unit", f"lib.{fn}(x)", x=UNIT)
case("log1p/minus_one", "lib.log1p(x)", x=[-1.0, -1.0 + 1e-8])
case("sqrt/inf", "lib.sqrt(x)", x=[INF, 4.0])
case("rsqrt/inf", "lib.rsqrt(x)", x=[INF, 4.0])
case("log/inf", "lib.log(x)", x=[INF, 4.0])
case("reciprocal/inf", "lib.reciprocal(x)", x=[INF, -INF])
case("exp/neg_inf", "lib.exp(x)", x=[-INF, 0.0])
case("tanh/inf", "lib.tanh(x)", x=[INF, -INF])
case("sigmoid/inf", "lib.sigmoid(x)", x=[INF, -INF, 800.0, -800.0])
case("abs/nan_free_ties", "lib.abs(x) + lib.abs(x * 2)", x=ZERO)
case("nan_to_num/edges", "lib.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)", x=[NAN, INF, -INF, 2.0])

# ----- powers: exponents below 1, 0 and negative, bases at 0 -------------------------------------------------------
for exponent in [0, 0.0, 0.5, -0.5, 1, 1.5, 2, 2.5, 3, -1, -2, 1.0 / 3]:
    label = repr(exponent)[:6]
    case(f"pow_scalar/{label}", f"lib.pow(x, {exponent!r})", x=ZERO + [4.0, -4.0])
    case(f"rpow/{label}", f"lib.pow({exponent!r}, x)", x=[0.0, 1.0, -1.0, 2.0, 0.5, -0.5])
case("rpow/zero_base_neg", "lib.pow(0.0, x)", x=[-1.0, -0.5, 0.0, 0.5, 2.0])
case("pow/zero_zero", "lib.pow(x, y)", x=[0.0, 0.0, 0.0, 0.0, 0.0, 2.0, -2.0, 0.0],
     y=[0.0, 0.5, 1.0, 2.0, -1.0, 0.0, 0.5, -0.5])
case("pow/neg_base", "lib.pow(x, y)", x=[-2.0, -2.0, -1.0, -0.5], y=[2.0, 3.0, 0.5, -1.0])
case("pow/same", "lib.pow(x, x)", x=[0.0, 1.0, 2.0, 0.5])
case("pow/exponent_only", "lib.pow(c, y)", c=[0.0, 0.0, 0.0, 1.0, 2.0], y=[-1.0, 0.0, 2.0, 0.0, 0.5])
case("square_via_mul", "x * x", x=ZERO)

# ----- division by zero and by an output ---------------------------------------------------------------------------
case("div/zero_den", "lib.div(x, y)", x=[1.0, 0.0, -1.0, 2.0], y=[0.0, 0.0, 0.0, 4.0])
case("div/scalar_zero", "x / 0.0", x=[1.0, 0.0, -1.0])
case("rdiv/zero", "1.0 / x", x=[0.0, -0.0, 2.0])
case("div/same", "x / x", x=[0.0, 1.0, 2.0])
case("addcdiv/zero", "lib.addcdiv(x, y, z, value=0.5)", x=[1.0, 1.0, 1.0], y=[1.0, 0.0, 2.0], z=[0.0, 0.0, 4.0])
case("atan2/zero", "lib.atan2(x, y)", x=[0.0, 0.0, 1.0, -0.0, 0.0], y=[0.0, -0.0, 0.0, 0.0, 1.0])
case("hypot/zero", "lib.hypot(x, y)", x=[0.0, 0.0, 3.0], y=[0.0, 2.0, 0.0])
case("fmod/zero", "lib.fmod(x, y)", x=[1.0, 0.0, 5.5], y=[0.0, 0.0, 2.0])
case("remainder/zero", "lib.remainder(x, y)", x=[1.0, 0.0, 5.5, -5.5], y=[0.0, 0.0, 2.0, 2.0])
case("lerp/weight", "lib.lerp(x, y, z)", x=[0.0, 1.0, 2.0], y=[0.0, 1.0, 4.0], z=[0.0, 0.5, 1.0])
case("lerp/same", "lib.lerp(x, y, 0.5)", x=[0.0, 1.0, 2.0], y=[0.0, 1.0, 4.0])

# ----- ties: maximum/minimum/clamp/max/min/amax/amin/median-like ---------------------------------------------------
for fn in ["maximum", "minimum", "fmax", "fmin"]:
    case(f"{fn}/ties", f"lib.{fn}(x, y)", x=[1.0, 2.0, 0.0, -1.0], y=[1.0, 1.0, 0.0, 3.0])
    case(f"{fn}/self", f"lib.{fn}(x, x)", x=[1.0, 0.0])
case("clamp/bounds", "lib.clamp(x, -1.0, 1.0)", x=[-2.0, -1.0, 0.0, 1.0, 2.0])
case("clamp/min_gt_max", "lib.clamp(x, 1.0, -1.0)", x=[-2.0, 0.0, 2.0])
case("clamp/min_only", "lib.clamp(x, min=0.0)", x=[-1.0, 0.0, 1.0])
case("clamp/tensor_bounds", "lib.clamp(x, y, z)", x=[0.0, 1.0, 2.0, 3.0], y=[0.0, 1.0, 0.0, 4.0],
     z=[1.0, 1.0, 2.0, 5.0])
for fn in ["max", "min", "amax", "amin"]:
    case(f"{fn}/all_ties", f"lib.{fn}(x)", x=CONST)
    case(f"{fn}/some_ties", f"lib.{fn}(x)", x=[3.0, 1.0, 3.0, 2.0])
for fn in ["amax", "amin"]:
    case(f"{fn}/dim_ties", f"lib.{fn}(x, 1)", x=[[1.0, 1.0, 0.0], [2.0, 0.0, 2.0]])
    case(f"{fn}/dims_ties", f"lib.{fn}(x, (0, 1))", x=[[1.0, 1.0], [0.0, 1.0]])
case("max/dim_ties", "lib.max(x, 1)[0]", x=[[1.0, 1.0, 0.0], [2.0, 0.0, 2.0]])
case("min/dim_ties", "lib.min(x, 1)[0]", x=[[1.0, 1.0, 3.0], [0.0, 2.0, 0.0]])
case("max/binary_ties", "lib.max(x, y)", x=[1.0, 2.0, 0.0], y=[1.0, 1.0, 0.0])
case("relu/twice", "lib.relu(x) * lib.relu(x)", x=ZERO)

# ----- products: zeros, two zeros, dims --------------------------------------------------------------------------
for label, values in [("none", [2.0, 3.0, 4.0, 5.0]), ("one_zero", [2.0, 0.0, 3.0, 4.0]),
                      ("two_zeros", [2.0, 3.0, 0.0, 0.0]), ("all_zeros", [0.0, 0.0, 0.0]),
                      ("single", [0.0]), ("neg", [-2.0, 0.0, -3.0])]:
    case(f"prod/{label}", "lib.prod(x)", x=values)
    case(f"cumprod/{label}", "lib.cumprod(x, 0)", x=values)
case("prod/dim_zeros", "lib.prod(x, 1)", x=[[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 3.0]])
case("prod/dim0_keepdim", "lib.prod(x, 0, keepdim=True)", x=[[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 3.0]])
case("cumprod/dim1_zeros", "lib.cumprod(x, 1)", x=[[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.0, 2.0, 3.0]])
case("cumprod/zero_first", "lib.cumprod(x, 0)", x=[0.0, 2.0, 3.0])
case("cumprod/zero_last", "lib.cumprod(x, 0)", x=[2.0, 3.0, 0.0])
case("prod/0d", "lib.prod(x)", x=0.0)

# ----- statistics and norms: constant input, zeros, too few elements ----------------------------------------------
for fn in ["std", "var"]:
    case(f"{fn}/const", f"lib.{fn}(x)", x=CONST)
    case(f"{fn}/const_dim", f"lib.{fn}(x, 1)", x=CONST)
    case(f"{fn}/one_element", f"lib.{fn}(x)", x=[2.0])
    case(f"{fn}/one_element_dim", f"lib.{fn}(x, 0)", x=[[2.0, 3.0]])
    case(f"{fn}/correction0_const", f"lib.{fn}(x, correction=0)", x=[2.0, 2.0])
    case(f"{fn}/ones", f"x.{fn}()", x=[1.0, 1.0, 1.0])
    case(f"{fn}/zeros", f"lib.{fn}(x)", x=[0.0, 0.0, 0.0])
case("std_mean/const", "lib.std_mean(x)[0] + lib.std_mean(x)[1]", x=CONST)
case("var_mean/const", "lib.var_mean(x)[0] + lib.var_mean(x)[1]", x=CONST)
for label, p in [("2", "2"), ("1", "1"), ("3", "3"), ("0.5", "0.5"), ("0", "0"), ("inf", "float('inf')"),
                 ("-inf", "float('-inf')"), ("fro", "'fro'")]:
    case(f"norm/p{label}/zeros", f"lib.norm(x, {p})", x=[0.0, 0.0, 0.0])
    case(f"norm/p{label}/some_zero", f"lib.norm(x, {p})", x=[0.0, 3.0, -4.0])
    case(f"norm/p{label}/ties", f"lib.norm(x, {p})", x=[2.0, -2.0, 1.0])
for p in ["1.5", "2.5", "4"]:
    case(f"norm/p{p}/zeros", f"lib.norm(x, {p})", x=[0.0, 0.0, 0.0])
    case(f"norm/p{p}/some_zero", f"lib.norm(x, {p})", x=[0.0, 3.0, -4.0])
    case(f"vector_norm/p{p}/zero_row_keepdim", f"lib.linalg.vector_norm(x, {p}, dim=1, keepdim=True)",
         x=[[0.0, 0.0], [1.0, -2.0]])
case("norm/dim_zero_row", "lib.norm(x, dim=1)", x=[[0.0, 0.0], [3.0, 4.0]])
case("norm/inf_dim_ties", "lib.norm(x, float('inf'), dim=1)", x=[[1.0, -1.0], [3.0, 4.0]])
case("vector_norm/zeros", "lib.linalg.vector_norm(x)", x=[0.0, 0.0])
case("vector_norm/p3_zero", "lib.linalg.vector_norm(x, 3)", x=[0.0, 1.0, -2.0])
case("logsumexp/neg_inf", "lib.logsumexp(x, 0)", x=[-INF, -INF])
case("logsumexp/inf", "lib.logsumexp(x, 0)", x=[INF, 1.0])
case("logsumexp/ties", "lib.logsumexp(x, 0)", x=[1.0, 1.0, 1.0])

# ----- nn functional composites -----------------------------------------------------------------------------------
case("normalize/zero", "F.normalize(x, dim=1)", x=[[0.0, 0.0], [3.0, 4.0]])
case("normalize/p1_zero", "F.normalize(x, p=1.0, dim=1)", x=[[0.0, 0.0], [3.0, -4.0]])
case("cosine_similarity/zero", "F.cosine_similarity(x, y, dim=1)", x=[[0.0, 0.0], [1.0, 2.0]],
     y=[[1.0, 2.0], [0.0, 0.0]])
case("cosine_similarity/same", "F.cosine_similarity(x, x, dim=1)", x=[[1.0, 2.0], [3.0, 4.0]])
case("layer_norm/const", "F.layer_norm(x, (3,))", x=CONST)
case("group_norm/const", "F.group_norm(x, 1)", x=[[[1.0, 1.0], [1.0, 1.0]]])
case("batch_norm/const", "F.batch_norm(x, None, None, training=True)", x=[[1.0, 2.0], [1.0, 2.0]])
case("l1_loss/zero", "F.l1_loss(x, c)", x=[0.0, 1.0, 2.0], c=[0.0, 1.0, 3.0])
case("smooth_l1_loss/beta", "F.smooth_l1_loss(x, c, beta=1.0)", x=[0.0, 1.0, 2.0, -1.0], c=[0.0, 0.0, 0.0, 0.0])
case("smooth_l1_loss/beta0", "F.smooth_l1_loss(x, c, beta=0.0)", x=[0.0, 1.0, -1.0], c=[0.0, 0.0, 0.0])
case("huber_loss/delta", "F.huber_loss(x, c, delta=1.0)", x=[0.0, 1.0, 2.0, -1.0], c=[0.0, 0.0, 0.0, 0.0])
case("mse_loss/zero", "F.mse_loss(x, c)", x=[0.0, 1.0], c=[0.0, 1.0])
case("bce/edges", "F.binary_cross_entropy(x, c)", x=[0.0, 1.0, 0.0, 1.0, 0.5], c=[0.0, 1.0, 1.0, 0.0, 0.5])
case("bce/target", "F.binary_cross_entropy(x, y, reduction='sum')", x=[0.3, 0.0, 1.0, 0.5], y=[0.6, 1.0, 0.0, 0.5])
case("bce/weight", "F.binary_cross_entropy(x, c, weight=y)", x=[0.0, 0.3, 1.0], c=[1.0, 0.0, 1.0], y=[2.0, 0.5, 1.0])
case("bce_logits/inf", "F.binary_cross_entropy_with_logits(x, c)", x=[0.0, 50.0, -50.0], c=[0.0, 1.0, 0.5])
case("kl_div/zero_target", "F.kl_div(x, c, reduction='sum')", x=[-1.0, -2.0, 0.0], c=[0.0, 0.5, 0.0])
case("kl_div/log_target", "F.kl_div(x, y, reduction='sum', log_target=True)", x=[-1.0, 0.0], y=[-INF, 0.0])
case("softplus/threshold", "F.softplus(x, beta=1.0, threshold=20.0)", x=[20.0, 21.0, 0.0, -30.0])
case("softplus/beta", "F.softplus(x, beta=2.0, threshold=5.0)", x=[2.5, 3.0, 0.0])
case("logsigmoid/edges", "F.logsigmoid(x)", x=[0.0, 800.0, -800.0])
for fn in ["relu6", "hardtanh", "elu", "celu", "selu", "gelu", "silu", "mish", "leaky_relu"]:
    case(f"{fn}/kinks", f"F.{fn}(x)", x=[-1.0, 0.0, -0.0, 1.0, 6.0, 7.0])
case("gelu/tanh", "F.gelu(x, approximate='tanh')", x=[0.0, 1.0, -1.0])
case("leaky_relu/slope", "F.leaky_relu(x, 0.2)", x=[0.0, -0.0, -1.0])
case("hardtanh/bounds", "F.hardtanh(x, -0.5, 0.5)", x=[-0.5, 0.5, 0.0, 1.0])
case("softmax/inf", "F.softmax(x, 0)", x=[-INF, 0.0, 1.0])
case("log_softmax/ties", "F.log_softmax(x, 0)", x=[1.0, 1.0])
case("log_softmax/neg_inf", "F.log_softmax(x, 0)", x=[-INF, 0.0])
case("cross_entropy/ties", "F.cross_entropy(x, i)", x=[[1.0, 1.0], [0.0, 0.0]], i=[0, 1])
case("max_pool2d/ties", "F.max_pool2d(x, 2)", x=[[[[1.0, 1.0], [1.0, 0.0]]]])
case("cross_entropy/all_ignored", "F.cross_entropy(x, i, ignore_index=1)", x=[[1.0, 2.0], [0.5, 0.5]], i=[1, 1])
case("cross_entropy/zero_weight", "F.cross_entropy(x, i, weight=c)", x=[[1.0, 2.0], [0.5, 0.5]], i=[0, 1],
     c=[0.0, 0.0])
case("nll_loss/all_ignored", "F.nll_loss(x, i, ignore_index=0)", x=[[-1.0, -2.0]], i=[0])
case("cross_entropy/smoothing_ties", "F.cross_entropy(x, i, label_smoothing=0.2)", x=[[1.0, 1.0]], i=[0])
case("kl_div/batchmean_zero", "F.kl_div(x, c, reduction='batchmean')", x=[[-1.0, 0.0]], c=[[0.0, 1.0]])
case("normalize/pinf_zero", "F.normalize(x, p=float('inf'), dim=1)", x=[[0.0, 0.0], [1.0, -1.0]])
case("layer_norm/const_affine", "F.layer_norm(x, (3,), y, z)", x=[[2.0, 2.0, 2.0]], y=[1.0, 2.0, 3.0],
     z=[0.0, 0.0, 0.0])
case("group_norm/const_affine", "F.group_norm(x, 1, y, z)", x=[[[1.0, 1.0], [1.0, 1.0]]], y=[1.0, 2.0],
     z=[0.5, 0.5])
case("mse_loss/sum_ties", "F.mse_loss(x, y, reduction='sum')", x=[1.0, 2.0], y=[1.0, 2.0])
case("l1_loss/both", "F.l1_loss(x, y)", x=[1.0, 2.0, 0.0], y=[1.0, 3.0, 0.0])
case("silu/inf", "F.silu(x)", x=[INF, -INF, 0.0])
case("gelu/inf", "F.gelu(x)", x=[INF, -INF])
case("mish/inf", "F.mish(x)", x=[INF, -INF, 0.0])
case("softmax/ties_dim", "F.softmax(x, 1)", x=[[1.0, 1.0], [0.0, -INF]])
case("embedding/repeat", "F.embedding(i, x)", i=[0, 0, 1], x=[[1.0, 2.0], [3.0, 4.0]])
case("embedding/freq", "F.embedding(i, x, scale_grad_by_freq=True)", i=[0, 0, 1, 0], x=[[1.0, 2.0], [3.0, 4.0]])
case("embedding/freq_padding", "F.embedding(i, x, padding_idx=1, scale_grad_by_freq=True)", i=[[0, 1], [1, 0]],
     x=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
case("embedding/padding_inf_grad", "lib.sqrt(F.embedding(i, x, padding_idx=0))", i=[0, 1], x=[[0.0], [4.0]])

# ----- NaN and infinities reaching ties, masks and reductions ---------------------------------------------------
for fn in ["max", "min", "amax", "amin"]:
    case(f"{fn}/nan", f"lib.{fn}(x)", x=[1.0, NAN, 3.0, NAN])
    case(f"{fn}/inf_ties", f"lib.{fn}(x)", x=[INF, -INF, INF, 0.0])
for fn in ["amax", "amin"]:
    case(f"{fn}/dim_nan", f"lib.{fn}(x, 1)", x=[[1.0, NAN, 2.0], [3.0, 3.0, 0.0]])
case("max/dim_nan", "lib.max(x, 1)[0]", x=[[1.0, NAN, 2.0], [NAN, 3.0, NAN]])
case("min/dim_nan", "lib.min(x, 1)[0]", x=[[1.0, NAN, 2.0], [NAN, 3.0, NAN]])
for fn in ["maximum", "minimum", "fmax", "fmin"]:
    case(f"{fn}/nan", f"lib.{fn}(x, y)", x=[NAN, 1.0, NAN, INF], y=[1.0, NAN, NAN, INF])
case("clamp/nan", "lib.clamp(x, -1.0, 1.0)", x=[NAN, 0.5, INF, -INF])
case("clamp/tensor_nan", "lib.clamp(x, y, z)", x=[NAN, 0.5, 0.5], y=[0.0, NAN, 0.0], z=[1.0, 1.0, NAN])
case("relu/nan", "lib.relu(x)", x=[NAN, INF, -INF])
case("abs/nan", "lib.abs(x)", x=[NAN, INF, -INF])
case("norm/pinf/nan", "lib.norm(x, float('inf'))", x=[1.0, NAN, -3.0])
case("norm/p2/inf", "lib.norm(x)", x=[INF, 1.0])
case("prod/nan", "lib.prod(x)", x=[2.0, NAN, 0.0])
case("cumprod/inf", "lib.cumprod(x, 0)", x=[2.0, INF, 0.0, 3.0])
case("std/inf", "lib.std(x)", x=[1.0, INF])
case("softmax/all_neg_inf", "F.softmax(x, 0)", x=[-INF, -INF])
case("logsumexp/nan", "lib.logsumexp(x, 0)", x=[NAN, 1.0])
case("sqrt/neg", "lib.sqrt(x)", x=[-1.0, NAN])
case("log/neg", "lib.log(x)", x=[-1.0, NAN, 0.0])
case("sigmoid/nan", "lib.sigmoid(x)", x=[NAN])
case("max_pool2d/nan", "F.max_pool2d(x, 2)", x=[[[[1.0, NAN], [3.0, 0.0]]]])
case("where/nan_other", "lib.where(c > 0, x, y)", c=[1.0, 0.0, 1.0], x=[1.0, 2.0, NAN], y=[NAN, 3.0, 4.0])
case("masked_fill/nan", "x.masked_fill(c > 0, 0.0)", c=[1.0, 0.0], x=[NAN, 2.0])

# ----- an infinite gradient arriving at a piecewise op's flat or masked part (0, not 0 * inf) ---------------------
for label, inner in [("floor", "lib.floor(x)"), ("ceil", "lib.ceil(x - 1)"), ("round", "lib.round(x)"),
                     ("trunc", "lib.trunc(x)"), ("sign", "lib.sign(x) + 1"), ("clamp", "lib.clamp(x, 0.0, 1.0)"),
                     ("clamp_min", "lib.clamp(x, min=0.0)"), ("hardtanh", "F.hardtanh(x, 0.0, 1.0)"),
                     ("relu6", "F.relu6(x)"), ("relu", "lib.relu(x)"),
                     ("div_floor", "lib.div(x, 2.0, rounding_mode='floor')"), ("pow0", "lib.pow(x, 0) - 1"),
                     ("max_ties", "lib.max(x) * 0"), ("maximum", "lib.maximum(x, x * 0)"),
                     ("where", "lib.where(x > 0.5, x, x * 0)"), ("leaky_relu", "F.leaky_relu(x, 0.0)"),
                     ("masked_fill", "x.masked_fill(x < 0.5, 0.0)"), ("threshold_abs", "lib.abs(x) * 0")]:
    case(f"chain/sqrt_{label}", f"lib.sqrt({inner})", x=[-1.0, 0.2, 0.7, 2.0])

# ----- linear algebra at singular matrices -----------------------------------------------------------------------
case("det/singular", "lib.linalg.det(x)", x=[[1.0, 2.0], [2.0, 4.0]])
case("det/rank0", "lib.linalg.det(x)", x=[[0.0, 0.0], [0.0, 0.0]])
case("det/batch", "lib.linalg.det(x)", x=[[[1.0, 2.0], [2.0, 4.0]], [[2.0, 1.0], [1.0, 3.0]]])
case("det/1x1", "lib.linalg.det(x)", x=[[0.0]])
case("det/rank2_3x3", "lib.linalg.det(x)", x=[[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]])
case("det/rank1_3x3", "lib.linalg.det(x)", x=[[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 1.0, 1.0]])


def weights(lib, shape, device):
    """Distinct weights per output element, so a gradient wrong at one element shows."""
    count = 1
    for size in shape:
        count *= size
    return (lib.arange(count, dtype=lib.float64, device=device) * 0.5 + 1).reshape(shape)


def make_inputs(lib, inputs, device="cpu"):
    tensors = {}
    for key, values in inputs.items():
        if key.startswith("i"):
            tensors[key] = lib.tensor(values, dtype=lib.int64, device=device)
        else:
            tensors[key] = lib.tensor(values, dtype=lib.float64, device=device,
                                      requires_grad=not key.startswith("c"))
    return tensors


def _zeros(shape):
    """Nested lists of zeros of ``shape`` (PyTorch's lazy ZeroTensor holds no storage to list)."""
    if not shape:
        return 0.0
    return [_zeros(shape[1:]) for _ in range(shape[0])]


def _values(tensor):
    if tensor is None:
        return None
    if getattr(tensor, "_is_zerotensor", lambda: False)():
        return _zeros(tuple(tensor.shape))
    return tensor.detach().cpu().tolist()


def run(lib, name, device="cpu"):
    """The value, first and second derivatives (of ``(out * weights).sum()``, then of the weighted sum of the
    first derivatives) of one case; an exception is recorded as its class and message, with the stage."""
    expression, inputs = CASES[name]
    tensors = make_inputs(lib, inputs, device)
    wanted = [tensors[key] for key in inputs if tensors[key].requires_grad]
    scope = dict(tensors, lib=lib, F=lib.nn.functional)
    record = {}
    try:
        out = eval(expression, scope)
    except Exception as error:
        return {"error": ["forward", type(error).__name__, str(error)]}
    record["value"] = _values(out)
    record["dtype"] = str(out.dtype).split(".")[-1]
    if not out.requires_grad:
        record["first"] = record["second"] = None
        return record
    try:
        loss = (out * weights(lib, tuple(out.shape), device)).sum()
        first = lib.autograd.grad(loss, wanted, create_graph=True, allow_unused=True)
    except Exception as error:
        record["error"] = ["first", type(error).__name__, str(error)]
        return record
    record["first"] = [_values(g) for g in first]
    differentiable = [g for g in first if g is not None and g.requires_grad]
    if not differentiable:
        record["second"] = None
        return record
    try:
        total = sum((g * weights(lib, tuple(g.shape), device)).sum() for g in differentiable)
        second = lib.autograd.grad(total, wanted, allow_unused=True)
    except Exception as error:
        record["error"] = ["second", type(error).__name__, str(error)]
        return record
    record["second"] = [_values(g) for g in second]
    return record


def record():
    import torch
    recorded = {name: run(torch, name) for name in CASES}
    RECORD.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} edge-gradient cases to {RECORD.name}")


if __name__ == "__main__":
    record()
