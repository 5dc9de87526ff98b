"""The edge corpus: every op of the registry (and Tensor methods, nn.functional activations and losses) called
on edge inputs (0, ties, NaN, +-inf, constant input, empty tensor, zero-size dim, 0-d, each dtype, Python and
NumPy scalars on both sides, bad arguments), generated from the compact tables below.

PyTorch's outcome of each call is recorded by ``tests/reference/edge_corpus_record.py``
(``python tests/reference/record_torch.py edge_corpus`` writes ``tests/reference/torch_edge_corpus.json``): the
value with dtype and shape, the first and second derivatives of float64 inputs, or the exception class and
message. ``tests/test_edge_corpus.py`` compares gradlib outcome by outcome. This module imports neither torch
nor gradlib: the library is passed in as ``lib``.

``python -m tests.edge_corpus --report [--device cuda [--cupy-stand-in]] [--list CATEGORY]`` prints how many
calls fall in each category (same value, same error, ..., internal errors).
"""
import math
import operator

import numpy

try:
    import op_registry  # tests/ on sys.path (pytest, the recorder)
except ImportError:  # python -m tests.edge_corpus: the registry imports its sibling modules by name
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    import op_registry

nan = float("nan")
inf = float("inf")


# ----- inputs ---------------------------------------------------------------------------------------------------
class T:
    """A tensor input: ``values`` (a nested list or a scalar for a 0-d tensor) or ``shape`` (zeros, for empty
    tensors), ``dtype`` by name; float64 inputs require grad unless ``grad=False``."""

    def __init__(self, values=None, dtype="float64", shape=None, grad=None):
        self.values = values
        self.dtype = dtype
        self.shape = shape
        self.grad = dtype == "float64" if grad is None else grad

    def make(self, lib, device):
        dtype = getattr(lib, self.dtype)
        if self.shape is not None:
            tensor = lib.zeros(self.shape, dtype=dtype, device=device)
        else:
            tensor = lib.tensor(self.values, dtype=dtype, device=device)
        if self.grad:
            tensor.requires_grad_()
        return tensor

    def __repr__(self):
        body = f"shape={self.shape}" if self.shape is not None else repr(self.values)
        return f"T({body}, {self.dtype})"


class N:
    """A NumPy scalar argument (``numpy.float64(0.5)``)."""

    def __init__(self, dtype, value):
        self.dtype = dtype
        self.value = value

    def make(self, lib, device):
        return getattr(numpy, self.dtype)(self.value)

    def __repr__(self):
        return f"numpy.{self.dtype}({self.value!r})"


def _make(arg, lib, device):
    if isinstance(arg, (T, N)):
        return arg.make(lib, device)
    if isinstance(arg, list) and arg and all(isinstance(a, T) for a in arg):
        return [a.make(lib, device) for a in arg]
    return arg  # a Python scalar, string, None, list: passed as it is


class Case:
    def __init__(self, name, function, args, kwargs=None):
        self.name = name
        self.function = function
        self.args = args
        self.kwargs = kwargs or {}


# Edge values of float64 inputs (they require grad).
EDGES_1D = {
    "zero": T([0.0, -0.0, 0.0]),
    "kinks": T([-1.0, 0.0, 1.0, 2.0]),
    "ties": T([1.0, 3.0, 3.0, -2.0, -2.0]),
    "special": T([nan, inf, -inf, 0.0, 1.5]),
    "const": T([2.0, 2.0, 2.0]),
    "empty": T(shape=(0,)),
    "zsd03": T(shape=(0, 3)),
    "zsd20": T(shape=(2, 0)),
    "0d": T(0.5),
    "0d_zero": T(0.0),
}

# Each dtype (no gradients): values that are in range for the dtype.
DTYPES = {
    "bool": T([True, False, True], "bool"),
    "uint8": T([0, 1, 2, 255], "uint8"),
    "int8": T([-2, 0, 1, 127], "int8"),
    "int32": T([-2, 0, 1, 3], "int32"),
    "int64": T([-2, 0, 1, 3], "int64"),
    "float16": T([-1.5, 0.0, 0.5, 65504.0], "float16"),
    "float32": T([-1.5, 0.0, 0.5, 2.0], "float32"),
    "float64_nograd": T([-1.5, 0.0, 0.5, 2.0], "float64", grad=False),
}

# ----- op tables ------------------------------------------------------------------------------------------------


def _f(lib):
    return lib.nn.functional


UNARY = {
    "exp": lambda lib, x: lib.exp(x), "expm1": lambda lib, x: lib.expm1(x), "log": lambda lib, x: lib.log(x),
    "log1p": lambda lib, x: lib.log1p(x), "log2": lambda lib, x: lib.log2(x), "log10": lambda lib, x: lib.log10(x),
    "sqrt": lambda lib, x: lib.sqrt(x), "rsqrt": lambda lib, x: lib.rsqrt(x),
    "square": lambda lib, x: lib.square(x), "reciprocal": lambda lib, x: lib.reciprocal(x),
    "sin": lambda lib, x: lib.sin(x), "cos": lambda lib, x: lib.cos(x), "tan": lambda lib, x: lib.tan(x),
    "asin": lambda lib, x: lib.asin(x), "acos": lambda lib, x: lib.acos(x), "atan": lambda lib, x: lib.atan(x),
    "sinh": lambda lib, x: lib.sinh(x), "cosh": lambda lib, x: lib.cosh(x), "tanh": lambda lib, x: lib.tanh(x),
    "sigmoid": lambda lib, x: lib.sigmoid(x), "erf": lambda lib, x: lib.erf(x), "erfc": lambda lib, x: lib.erfc(x),
    "abs": lambda lib, x: lib.abs(x), "sign": lambda lib, x: lib.sign(x), "floor": lambda lib, x: lib.floor(x),
    "ceil": lambda lib, x: lib.ceil(x), "round": lambda lib, x: lib.round(x), "trunc": lambda lib, x: lib.trunc(x),
    "frac": lambda lib, x: lib.frac(x), "nan_to_num": lambda lib, x: lib.nan_to_num(x),
    "relu": lambda lib, x: lib.relu(x), "neg": lambda lib, x: -x,
    "clamp": lambda lib, x: lib.clamp(x, min=-1.0, max=1.0), "clamp_min0": lambda lib, x: x.clamp(min=0),
    "pow2": lambda lib, x: x ** 2, "pow3": lambda lib, x: x ** 3, "pow_half": lambda lib, x: x ** 0.5,
    "pow0": lambda lib, x: x ** 0, "pow_m1": lambda lib, x: x ** -1, "pow_1_5": lambda lib, x: x ** 1.5,
    "rpow2": lambda lib, x: 2 ** x, "rpow0": lambda lib, x: 0.0 ** x,
    "leaky_relu": lambda lib, x: _f(lib).leaky_relu(x, 0.2), "elu": lambda lib, x: _f(lib).elu(x),
    "selu": lambda lib, x: _f(lib).selu(x), "celu": lambda lib, x: _f(lib).celu(x, alpha=0.5),
    "gelu": lambda lib, x: _f(lib).gelu(x), "gelu_tanh": lambda lib, x: _f(lib).gelu(x, approximate="tanh"),
    "silu": lambda lib, x: _f(lib).silu(x), "softplus": lambda lib, x: _f(lib).softplus(x, beta=2.0),
    "mish": lambda lib, x: _f(lib).mish(x), "logsigmoid": lambda lib, x: _f(lib).logsigmoid(x),
    "hardtanh": lambda lib, x: _f(lib).hardtanh(x), "relu6": lambda lib, x: _f(lib).relu6(x),
    "isfinite": lambda lib, x: lib.isfinite(x), "logical_not": lambda lib, x: lib.logical_not(x),
    "m_exp": lambda lib, x: x.exp(), "m_abs": lambda lib, x: x.abs(), "m_sqrt": lambda lib, x: x.sqrt(),
    "clone": lambda lib, x: x.clone(), "square_via_mul": lambda lib, x: x * x,
}

# Ops taking two tensors (or a tensor and a scalar).
BINARY = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow,
    "eq": operator.eq, "lt": operator.lt, "ge": operator.ge,
    "and": operator.and_, "or": operator.or_, "xor": operator.xor,
}
BINARY_FUNCTIONS = {
    "atan2": lambda lib, a, b: lib.atan2(a, b), "hypot": lambda lib, a, b: lib.hypot(a, b),
    "fmax": lambda lib, a, b: lib.fmax(a, b), "fmin": lambda lib, a, b: lib.fmin(a, b),
    "maximum": lambda lib, a, b: lib.maximum(a, b), "minimum": lambda lib, a, b: lib.minimum(a, b),
    "remainder": lambda lib, a, b: lib.remainder(a, b), "fmod": lambda lib, a, b: lib.fmod(a, b),
    "div_trunc": lambda lib, a, b: lib.div(a, b, rounding_mode="trunc"),
    "div_floor": lambda lib, a, b: lib.div(a, b, rounding_mode="floor"),
    "add_alpha": lambda lib, a, b: lib.add(a, b, alpha=2), "sub_fn": lambda lib, a, b: lib.sub(a, b),
    "lerp_half": lambda lib, a, b: lib.lerp(a, b, 0.5), "pow_fn": lambda lib, a, b: lib.pow(a, b),
    "where_gt": lambda lib, a, b: lib.where(a > b, a, b),
    "mul_fn": lambda lib, a, b: lib.mul(a, b), "div_fn": lambda lib, a, b: lib.div(a, b),
}
BINARY_PAIRS = {
    "zeros": (T([0.0, 0.0, 1.0, -1.0]), T([0.0, 2.0, 0.0, 0.0])),
    "ties": (T([1.0, 2.0, -3.0]), T([1.0, 2.0, -3.0])),
    "special": (T([nan, inf, -inf, inf, 1.0]), T([1.0, inf, inf, 0.0, nan])),
    "empty_bcast": (T(shape=(0, 3)), T([1.0, 2.0, 3.0])),
    "empty_both": (T(shape=(0,)), T(shape=(0,))),
    "0d_0d": (T(0.0), T(-2.0)),
    "0d_1d": (T(2.0), T([0.0, -1.0, 3.0])),
    "bad_bcast": (T([1.0, 2.0]), T([1.0, 2.0, 3.0])),
}
# Dtype pairs: (left, right), no gradients.
DTYPE_PAIRS = {
    "int64_int64_zero": (T([7, -7, 0], "int64"), T([0, 2, 0], "int64")),
    "int64_int64": (T([7, -7, 5], "int64"), T([2, 2, -3], "int64")),
    "int32_float32": (T([7, -7, 5], "int32"), T([2.0, 0.0, -3.0], "float32")),
    "uint8_int8": (T([200, 1, 0], "uint8"), T([-1, 2, 3], "int8")),
    "bool_bool": (T([True, False, True], "bool"), T([True, True, False], "bool")),
    "bool_int64": (T([True, False, True], "bool"), T([2, 0, -1], "int64")),
    "float16_float32": (T([1.5, 65504.0, 0.0], "float16"), T([2.0, 2.0, 0.0], "float32")),
    "int64_0d_float64": (T([1, 2, 3], "int64"), T(0.5, grad=False)),
    "float16_0d_float64": (T([1.0, 2.0], "float16"), T(0.5, grad=False)),
    "uint8_0d_int64": (T([250, 3], "uint8"), T(10, "int64")),
}

# Scalars on either side of a tensor: (scalar, tensor-edge name).
SCALARS = {
    "int2": 2, "float2_5": 2.5, "zero_int": 0, "zero_float": 0.0, "true": True, "neg_int": -3,
    "big_int": 300, "np_f64": N("float64", 0.5), "np_f32": N("float32", 0.5), "np_i64": N("int64", 2),
    "np_bool": N("bool_", True),
}
SCALAR_TENSORS = {
    "f64": T([1.5, 0.0, -2.0]), "f32": T([1.5, 0.0, -2.0], "float32"), "f16": T([1.5, 0.0, -2.0], "float16"),
    "i64": T([3, 0, -2], "int64"), "u8": T([3, 0, 250], "uint8"), "b": T([True, False, True], "bool"),
}

REDUCTIONS = {
    "sum": lambda lib, x, **k: x.sum(**k), "mean": lambda lib, x, **k: x.mean(**k),
    "prod": lambda lib, x, **k: x.prod(**k), "max": lambda lib, x, **k: x.max(**k),
    "min": lambda lib, x, **k: x.min(**k), "amax": lambda lib, x, **k: x.amax(**k),
    "amin": lambda lib, x, **k: x.amin(**k), "argmax": lambda lib, x, **k: x.argmax(**k),
    "argmin": lambda lib, x, **k: lib.argmin(x, **k), "std": lambda lib, x, **k: x.std(**k),
    "var": lambda lib, x, **k: x.var(**k), "var_c0": lambda lib, x, **k: lib.var(x, correction=0, **k),
    "logsumexp": lambda lib, x, **k: lib.logsumexp(x, **k), "norm": lambda lib, x, **k: x.norm(**k),
    "norm_p1": lambda lib, x, **k: x.norm(p=1, **k), "norm_inf": lambda lib, x, **k: x.norm(p=inf, **k),
    "cumsum": lambda lib, x, **k: lib.cumsum(x, **k), "cumprod": lambda lib, x, **k: lib.cumprod(x, **k),
    "count_nonzero": lambda lib, x, **k: lib.count_nonzero(x, **k), "all": lambda lib, x, **k: x.all(**k),
    "any": lambda lib, x, **k: x.any(**k), "softmax": lambda lib, x, **k: lib.softmax(x, **k),
    "log_softmax": lambda lib, x, **k: lib.log_softmax(x, **k),
    "std_mean": lambda lib, x, **k: lib.std_mean(x, **k), "var_mean": lambda lib, x, **k: lib.var_mean(x, **k),
    "vector_norm": lambda lib, x, **k: lib.linalg.vector_norm(x, **k),
}
# cumsum/cumprod/softmax/log_softmax/logsumexp need a dim
NEEDS_DIM = {"cumsum", "cumprod", "softmax", "log_softmax", "logsumexp"}
REDUCTION_INPUTS_2D = {
    "ties": T([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]),
    "special": T([[nan, 1.0, 2.0], [inf, -inf, 0.0]]),
    "infs": T([[inf, inf, 1.0], [-inf, -inf, -inf]]),
    "const": T([[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]),
    "zeros": T([[0.0, 0.0, 1.0], [0.0, 2.0, 3.0]]),
    "zsd03": T(shape=(0, 3)),
    "zsd20": T(shape=(2, 0)),
    "int64": T([[1, -3, 3], [0, 2, 2]], "int64", grad=False),
    "bool": T([[True, False, True], [False, False, False]], "bool", grad=False),
    "float16": T([[1.0, 2.0, 65504.0], [0.5, 0.5, 0.0]], "float16"),
    "uint8": T([[1, 200, 200], [0, 3, 0]], "uint8"),
}
REDUCTION_DIMS_2D = {"all": {}, "d0": {"dim": 0}, "d1": {"dim": 1}, "dm1_keep": {"dim": -1, "keepdim": True},
                     "d2": {"dim": 2}, "dm3": {"dim": -3}, "tuple": {"dim": (0, 1)}}
REDUCTION_INPUTS_LOW = {
    "0d": T(1.5), "0d_int": T(4, "int64"), "1d_empty": T(shape=(0,)), "1d": T([1.0, -1.0, 1.0]),
}
REDUCTION_DIMS_LOW = {"all": {}, "d0": {"dim": 0}, "dm1": {"dim": -1}, "d1": {"dim": 1}, "dm2": {"dim": -2}}

SHAPE_OPS = {
    "flip0": lambda lib, x: lib.flip(x, [0]), "flip_m1": lambda lib, x: x.flip(-1),
    "flip_empty_dims": lambda lib, x: lib.flip(x, []),
    "roll1": lambda lib, x: lib.roll(x, 1), "roll1_d0": lambda lib, x: lib.roll(x, 1, 0),
    "roll_dm1": lambda lib, x: lib.roll(x, 2, -1),
    "transpose": lambda lib, x: x.transpose(0, -1), "t": lambda lib, x: x.t(), "T": lambda lib, x: x.T,
    "squeeze": lambda lib, x: x.squeeze(), "squeeze0": lambda lib, x: x.squeeze(0),
    "unsqueeze0": lambda lib, x: x.unsqueeze(0), "unsqueeze_m1": lambda lib, x: x.unsqueeze(-1),
    "unsqueeze_bad": lambda lib, x: x.unsqueeze(4), "reshape_m1": lambda lib, x: x.reshape(-1),
    "view_1": lambda lib, x: x.view(1, -1), "flatten": lambda lib, x: x.flatten(),
    "permute_rev": lambda lib, x: x.permute(*range(x.ndim - 1, -1, -1)),
    "movedim": lambda lib, x: lib.movedim(x, 0, -1), "expand": lambda lib, x: x.expand(2, *x.shape),
    "repeat": lambda lib, x: x.repeat(2, *([1] * x.ndim)), "tile": lambda lib, x: lib.tile(x, (2,)),
    "split1": lambda lib, x: lib.split(x, 1), "chunk2": lambda lib, x: lib.chunk(x, 2),
    "unbind": lambda lib, x: lib.unbind(x), "narrow": lambda lib, x: lib.narrow(x, 0, 0, 1),
    "tril": lambda lib, x: lib.tril(x), "triu": lambda lib, x: x.triu(1),
    "diagonal": lambda lib, x: lib.diagonal(x), "diag_embed": lambda lib, x: lib.diag_embed(x),
    "stack": lambda lib, x: lib.stack([x, x]), "stack_m1": lambda lib, x: lib.stack([x, x], -1),
    "cat": lambda lib, x: lib.cat([x, x]), "cat_m1": lambda lib, x: lib.cat([x, x], -1),
    "cat_single": lambda lib, x: lib.cat([x]), "select0": lambda lib, x: x[0], "slice": lambda lib, x: x[1:],
    "ellipsis_none": lambda lib, x: x[..., None], "index_list": lambda lib, x: x[[0, 0]],
    "mask_self": lambda lib, x: x[x > 0], "masked_fill": lambda lib, x: x.masked_fill(x > 0, -1.0),
    "gather0": lambda lib, x: lib.gather(x, 0, lib.zeros(x.shape, dtype=lib.int64)),
    "index_select0": lambda lib, x: lib.index_select(x, 0, lib.tensor([0, 0])),
    "take_along0": lambda lib, x: lib.take_along_dim(x, lib.zeros(x.shape, dtype=lib.int64), 0),
    "swapaxes": lambda lib, x: lib.swapaxes(x, 0, -1), "broadcast_to": lambda lib, x: lib.broadcast_to(x, (2, 3)),
    "unflatten": lambda lib, x: x.unflatten(0, (1, -1)), "sum_to_size": lambda lib, x: x.sum_to_size(1),
    "item": lambda lib, x: x.item(), "tolist": lambda lib, x: x.tolist(), "len": lambda lib, x: len(x),
    "size0": lambda lib, x: x.size(0), "size_m1": lambda lib, x: x.size(-1), "dim": lambda lib, x: x.dim(),
    "numel": lambda lib, x: x.numel(), "bool": lambda lib, x: bool(x), "float": lambda lib, x: float(x),
    "int": lambda lib, x: int(x), "iter": lambda lib, x: list(x), "contiguous": lambda lib, x: x.contiguous(),
    "to_float32": lambda lib, x: x.to(lib.float32), "long": lambda lib, x: x.long(),
    "one_hot": lambda lib, x: _f(lib).one_hot(x.long(), 3),
}
SHAPE_INPUTS = {
    "0d": T(2.5), "1d": T([1.0, -2.0, 3.0]), "2d": T([[1.0, 2.0, 3.0], [-4.0, 5.0, 0.0]]),
    "empty": T(shape=(0,)), "zsd03": T(shape=(0, 3)), "zsd20": T(shape=(2, 0)), "0d_int": T(1, "int64"),
}

LINALG = {
    "matmul": lambda lib, a, b: a @ b, "mm": lambda lib, a, b: lib.mm(a, b), "bmm": lambda lib, a, b: lib.bmm(a, b),
    "mv": lambda lib, a, b: lib.mv(a, b), "dot": lambda lib, a, b: lib.dot(a, b),
    "outer": lambda lib, a, b: lib.outer(a, b), "einsum_ij_jk": lambda lib, a, b: lib.einsum("ij,jk->ik", a, b),
    "tensordot1": lambda lib, a, b: lib.tensordot(a, b, dims=1),
}
LINALG_PAIRS = {
    "mat_mat": (T([[1.0, 2.0], [3.0, 4.0]]), T([[0.0, 1.0], [1.0, 0.0]])),
    "vec_vec": (T([1.0, 2.0]), T([3.0, -1.0])),
    "mat_vec": (T([[1.0, 2.0], [3.0, 4.0]]), T([1.0, -1.0])),
    "inner_zero": (T(shape=(2, 0)), T(shape=(0, 3))),
    "outer_zero": (T(shape=(0, 2)), T([[1.0, 2.0], [3.0, 4.0]])),
    "vec_empty": (T(shape=(0,)), T(shape=(0,))),
    "batch_zero": (T(shape=(0, 2, 2)), T(shape=(0, 2, 2))),
    "0d_0d": (T(2.0), T(3.0)),
    "0d_vec": (T(2.0), T([1.0, 2.0])),
    "mismatch": (T([[1.0, 2.0, 3.0]]), T([[1.0, 2.0]])),
    "int_int": (T([[1, 2], [3, 4]], "int64"), T([[1, 0], [0, 1]], "int64")),
    "int_float": (T([[1, 2], [3, 4]], "int64"), T([[1.0, 0.0], [0.0, 1.0]], grad=False)),
    "f32_f64": (T([[1.0, 2.0]], "float32"), T([[1.0], [2.0]])),
    "bool_bool": (T([[True, False]], "bool"), T([[True], [True]], "bool")),
    "f16_f16": (T([[1.0, 2.0]], "float16"), T([[1.0], [2.0]], "float16")),
}

LOSSES = {
    "mse": lambda lib, a, b: _f(lib).mse_loss(a, b),
    "mse_sum": lambda lib, a, b: _f(lib).mse_loss(a, b, reduction="sum"),
    "l1": lambda lib, a, b: _f(lib).l1_loss(a, b), "smooth_l1": lambda lib, a, b: _f(lib).smooth_l1_loss(a, b),
    "huber": lambda lib, a, b: _f(lib).huber_loss(a, b),
    "bce": lambda lib, a, b: _f(lib).binary_cross_entropy(lib.sigmoid(a), lib.sigmoid(b).detach()),
    "bce_logits": lambda lib, a, b: _f(lib).binary_cross_entropy_with_logits(a, lib.sigmoid(b).detach()),
    "kl_div": lambda lib, a, b: _f(lib).kl_div(a, b, reduction="batchmean"),
    "kl_div_log": lambda lib, a, b: _f(lib).kl_div(a, b, reduction="sum", log_target=True),
    "cosine_similarity": lambda lib, a, b: _f(lib).cosine_similarity(a, b, dim=-1),
    "mse_none": lambda lib, a, b: _f(lib).mse_loss(a, b, reduction="none"),
}
LOSS_PAIRS = {
    "equal": (T([[1.0, 2.0], [3.0, 4.0]]), T([[1.0, 2.0], [3.0, 4.0]], grad=False)),
    "zeros": (T([[0.0, 0.0], [0.0, 0.0]]), T([[0.0, 0.0], [0.0, 0.0]], grad=False)),
    "special": (T([[nan, inf], [-inf, 1.0]]), T([[0.0, 1.0], [2.0, 3.0]], grad=False)),
    "empty": (T(shape=(0, 2)), T(shape=(0, 2), grad=False)),
    "0d": (T(0.5), T(1.0, grad=False)),
    "shape_mismatch": (T([[1.0, 2.0]]), T([[1.0], [2.0]], grad=False)),
    "float32_64": (T([[1.0, 2.0]], "float32"), T([[1.0, 0.0]], grad=False)),
    "int_target": (T([[1.0, 2.0]]), T([[1, 0]], "int64")),
}

CLASSIFICATION = {
    "cross_entropy": lambda lib, x, t: _f(lib).cross_entropy(x, t),
    "cross_entropy_sum": lambda lib, x, t: _f(lib).cross_entropy(x, t, reduction="sum"),
    "cross_entropy_smooth": lambda lib, x, t: _f(lib).cross_entropy(x, t, label_smoothing=0.1),
    "nll_loss": lambda lib, x, t: _f(lib).nll_loss(x, t),
    "nll_loss_none": lambda lib, x, t: _f(lib).nll_loss(x, t, reduction="none"),
}
CLASSIFICATION_PAIRS = {
    "ok": (T([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), T([2, 0], "int64")),
    "ties": (T([[1.0, 1.0, 1.0], [5.0, 5.0, 0.0]]), T([1, 1], "int64")),
    "special": (T([[inf, 0.0, 1.0], [nan, 0.0, 0.0]]), T([0, 1], "int64")),
    "empty_batch": (T(shape=(0, 3)), T(shape=(0,), dtype="int64")),
    "zero_classes": (T(shape=(2, 0)), T([0, 0], "int64")),
    "1d_input": (T([1.0, 2.0, 3.0]), T(1, "int64")),
    "all_ignored": (T([[1.0, 2.0, 3.0]]), T([-100], "int64")),
    "float_target": (T([[1.0, 2.0, 3.0]]), T([0.0], grad=False)),
    "int32_target": (T([[1.0, 2.0, 3.0]]), T([1], "int32")),
    "bad_target_shape": (T([[1.0, 2.0, 3.0]]), T([[1]], "int64")),
}

NN_CALLS = {
    "linear_empty_batch": (lambda lib, x, w, b: _f(lib).linear(x, w, b), [T(shape=(0, 3)), T([[1.0, 2.0, 3.0]]),
                                                                       T([0.5])]),
    "linear_zero_in": (lambda lib, x, w: _f(lib).linear(x, w), [T(shape=(2, 0)), T(shape=(3, 0))]),
    "linear_zero_out": (lambda lib, x, w: _f(lib).linear(x, w), [T([[1.0, 2.0]]), T(shape=(0, 2))]),
    "linear_0d": (lambda lib, x, w: _f(lib).linear(x, w), [T(1.0), T([[1.0]])]),
    "linear_1d": (lambda lib, x, w, b: _f(lib).linear(x, w, b), [T([1.0, 2.0]), T([[1.0, 2.0]]), T([0.5])]),
    "linear_mismatch": (lambda lib, x, w: _f(lib).linear(x, w), [T([[1.0, 2.0]]), T([[1.0, 2.0, 3.0]])]),
    "conv2d_empty_batch": (lambda lib, x, w: _f(lib).conv2d(x, w), [T(shape=(0, 1, 3, 3)), T(shape=(2, 1, 2, 2))]),
    "conv2d_zero_out_ch": (lambda lib, x, w: _f(lib).conv2d(x, w),
                           [T([[[[1.0, 2.0], [3.0, 4.0]]]]), T(shape=(0, 1, 2, 2))]),
    "conv2d_kernel_too_big": (lambda lib, x, w: _f(lib).conv2d(x, w),
                              [T([[[[1.0, 2.0], [3.0, 4.0]]]]), T(shape=(1, 1, 3, 3))]),
    "conv2d_3d_input": (lambda lib, x, w: _f(lib).conv2d(x, w), [T([[[1.0, 2.0], [3.0, 4.0]]]),
                                                                  T([[[[1.0]]]])]),
    "conv2d_channels": (lambda lib, x, w: _f(lib).conv2d(x, w), [T([[[[1.0, 2.0], [3.0, 4.0]]]]),
                                                                  T(shape=(1, 2, 1, 1))]),
    "conv1d_empty_batch": (lambda lib, x, w: _f(lib).conv1d(x, w), [T(shape=(0, 1, 4)), T([[[1.0, -1.0]]])]),
    "max_pool2d_empty": (lambda lib, x: _f(lib).max_pool2d(x, 2), [T(shape=(0, 1, 4, 4))]),
    "max_pool2d_ties": (lambda lib, x: _f(lib).max_pool2d(x, 2), [T([[[[1.0, 1.0], [1.0, 1.0]]]])]),
    "avg_pool2d_empty": (lambda lib, x: _f(lib).avg_pool2d(x, 2), [T(shape=(0, 1, 4, 4))]),
    "adaptive_avg_pool2d_empty": (lambda lib, x: _f(lib).adaptive_avg_pool2d(x, 1), [T(shape=(0, 2, 3, 3))]),
    "layer_norm_const": (lambda lib, x: _f(lib).layer_norm(x, (3,)), [T([[2.0, 2.0, 2.0]])]),
    "layer_norm_empty": (lambda lib, x: _f(lib).layer_norm(x, (3,)), [T(shape=(0, 3))]),
    "layer_norm_bad_shape": (lambda lib, x: _f(lib).layer_norm(x, (4,)), [T([[2.0, 2.0, 2.0]])]),
    "group_norm_const": (lambda lib, x: _f(lib).group_norm(x, 1), [T([[[1.0, 1.0], [1.0, 1.0]]])]),
    "batch_norm_const": (lambda lib, x: _f(lib).batch_norm(x, None, None, training=True),
                         [T([[1.0, 2.0], [1.0, 2.0]])]),
    "batch_norm_one": (lambda lib, x: _f(lib).batch_norm(x, None, None, training=True), [T([[1.0, 2.0]])]),
    "batch_norm_empty_stats": (lambda lib, x: _batch_norm_stats(lib, x), [T(shape=(0, 3))]),
    "batch_norm_stats": (lambda lib, x: _batch_norm_stats(lib, x), [T([[1.0, 2.0, 3.0], [3.0, 2.0, 0.0]])]),
    "batch_norm_weight_size": (lambda lib, x: _f(lib).batch_norm(x, None, None, lib.ones(2, dtype=x.dtype),
                                                                 training=True), [T([[1.0, 2.0, 3.0]] * 2)]),
    "batch_norm_stats_size": (lambda lib, x: _f(lib).batch_norm(x, lib.zeros(2, dtype=x.dtype),
                                                                lib.ones(2, dtype=x.dtype), training=True),
                              [T([[1.0, 2.0, 3.0]] * 2)]),
    "normalize_zero": (lambda lib, x: _f(lib).normalize(x, dim=0), [T([0.0, 0.0])]),
    "normalize_empty": (lambda lib, x: _f(lib).normalize(x, dim=1), [T(shape=(0, 3))]),
    "embedding_empty": (lambda lib, w: _f(lib).embedding(lib.zeros(0, dtype=lib.int64), w),
                        [T([[1.0, 2.0], [3.0, 4.0]])]),
    "embedding_0d": (lambda lib, w: _f(lib).embedding(lib.tensor(1), w), [T([[1.0, 2.0], [3.0, 4.0]])]),
    "one_hot_empty": (lambda lib, t: _f(lib).one_hot(t, 3), [T(shape=(0,), dtype="int64")]),
    "one_hot_0d": (lambda lib, t: _f(lib).one_hot(t, 3), [T(2, "int64")]),
    "one_hot_empty_infer": (lambda lib, t: _f(lib).one_hot(t), [T(shape=(0,), dtype="int64")]),
    "pad_empty": (lambda lib, x: _f(lib).pad(x, (1, 1)), [T(shape=(0, 2))]),
    "pad_0d": (lambda lib, x: _f(lib).pad(x, (1, 1)), [T(1.0)]),
    "dropout_p0": (lambda lib, x: _f(lib).dropout(x, 0.0), [T([1.0, 2.0])]),
    "dropout_p1": (lambda lib, x: _f(lib).dropout(x, 1.0), [T([1.0, 2.0])]),
    "dropout_bad_p": (lambda lib, x: _f(lib).dropout(x, 1.5), [T([1.0, 2.0])]),
    "softmax_0d": (lambda lib, x: _f(lib).softmax(x, 0), [T(3.0)]),
    "softmax_int": (lambda lib, x: _f(lib).softmax(x, 0), [T([1, 2], "int64")]),
    "softmax_dtype": (lambda lib, x: _f(lib).softmax(x, 0, dtype=lib.float64), [T([1.0, 2.0], "float32")]),
    "log_softmax_infs": (lambda lib, x: _f(lib).log_softmax(x, 0), [T([-inf, -inf])]),
    "softmax_infs": (lambda lib, x: _f(lib).softmax(x, 0), [T([inf, 1.0])]),
}

# In-place operations on a copy of each SHAPE_INPUTS tensor (0-d, empty, zero-size dims, integer).
def _inplace(operation):
    def call(lib, x):
        y = x.detach().clone()
        result = operation(lib, y)
        return y if result is None else (result, y)
    return call


def _setitem(index, value):
    def operation(lib, y):
        y[index(y) if callable(index) else index] = value
    return operation


INPLACE_OPS = {
    "add_": lambda lib, y: y.add_(1), "mul_": lambda lib, y: y.mul_(2), "sub_tensor_": lambda lib, y: y.sub_(y),
    "zero_": lambda lib, y: y.zero_(), "fill_": lambda lib, y: y.fill_(3), "clamp_": lambda lib, y: y.clamp_(0, 1),
    "relu_": lambda lib, y: y.relu_(), "exp_": lambda lib, y: y.exp_(), "copy_": lambda lib, y: y.copy_(y * 2),
    "setitem_ellipsis": _setitem(Ellipsis, 1), "setitem_mask": _setitem(lambda y: y > 0, 0),
    "setitem_0": _setitem(0, 5), "masked_fill_": lambda lib, y: y.masked_fill_(y > 0, -1),
}


# nn modules on an empty batch, a batch of one and 0-d or wrongly shaped inputs (parameters drawn after
# manual_seed(0); the values of an empty output do not depend on them).
def _module(lib, factory, x, train=True):
    lib.manual_seed(0)
    module = factory(lib.nn).to(x.dtype)
    module.train(train)
    return module(x)


MODULE_CALLS = {
    "linear": lambda nn: nn.Linear(3, 2), "conv2d": lambda nn: nn.Conv2d(3, 2, 1),
    "batchnorm1d": lambda nn: nn.BatchNorm1d(3), "layernorm": lambda nn: nn.LayerNorm(3),
    "relu": lambda nn: nn.ReLU(), "flatten": lambda nn: nn.Flatten(), "dropout_eval": lambda nn: nn.Dropout(0.5),
    "softmax": lambda nn: nn.Softmax(dim=1), "maxpool2d": lambda nn: nn.MaxPool2d(1),
    "sequential": lambda nn: nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1)),
}
MODULE_INPUTS = {
    "empty_batch": {"linear": (0, 3), "conv2d": (0, 3, 2, 2), "batchnorm1d": (0, 3), "layernorm": (0, 3),
                    "relu": (0, 3), "flatten": (0, 3, 2), "dropout_eval": (0, 3), "softmax": (0, 3),
                    "maxpool2d": (0, 3, 2, 2), "sequential": (0, 3)},
    "zero_features": {"linear": (2, 0), "conv2d": (1, 0, 2, 2), "batchnorm1d": (2, 0), "layernorm": (2, 0),
                      "relu": (2, 0), "flatten": (2, 0, 3), "dropout_eval": (2, 0), "softmax": (2, 0),
                      "maxpool2d": (1, 3, 0, 2), "sequential": (2, 0)},
}


# Calls with bad arguments: wrong types, out-of-range dims, nonsense (each raises in PyTorch).
_x = T([1.0, 2.0])
_m = T([[1.0, 2.0], [3.0, 4.0]])
BAD_CALLS = {
    "matmul_str": (lambda lib, x: x @ "a", [_x]),
    "rmatmul_list": (lambda lib, x: [1.0, 2.0] @ x, [_x]),
    "add_str": (lambda lib, x: x + "a", [_x]),
    "radd_str": (lambda lib, x: "a" + x, [_x]),
    "add_none": (lambda lib, x: x + None, [_x]),
    "mul_list": (lambda lib, x: x * [1.0, 2.0], [_x]),
    "rmul_list": (lambda lib, x: [1.0, 2.0] * x, [_x]),
    "lt_str": (lambda lib, x: x < "a", [_x]),
    "eq_str": (lambda lib, x: x == "a", [_x]),
    "eq_none": (lambda lib, x: x == None, [_x]),  # noqa: E711
    "pow_str": (lambda lib, x: x ** "a", [_x]),
    "exp_list": (lambda lib: lib.exp([1.0, 2.0]), []),
    "exp_float": (lambda lib: lib.exp(1.0), []),
    "exp_none": (lambda lib: lib.exp(None), []),
    "exp_str": (lambda lib: lib.exp("a"), []),
    "sum_list": (lambda lib: lib.sum([1.0, 2.0]), []),
    "sum_dim_str": (lambda lib, x: x.sum(dim="a"), [_x]),
    "sum_dim_float": (lambda lib, x: x.sum(dim=0.5), [_x]),
    "sum_dim_dup": (lambda lib, x: x.sum(dim=(0, 0)), [_m]),
    "sum_bad_kw": (lambda lib, x: x.sum(axis_typo=0), [_x]),
    "mean_int": (lambda lib, x: x.mean(), [T([1, 2], "int64")]),
    "mean_bool": (lambda lib, x: x.mean(), [T([True, False], "bool")]),
    "std_int": (lambda lib, x: x.std(), [T([1, 2], "int64")]),
    "max_dim_str": (lambda lib, x: x.max("a"), [_x]),
    "cat_tensor": (lambda lib, x: lib.cat(x), [_m]),
    "cat_empty_list": (lambda lib: lib.cat([]), []),
    "cat_0d": (lambda lib, x: lib.cat([x, x]), [T(1.0)]),
    "cat_0d_and_1d": (lambda lib, x, y: lib.cat([x, y]), [T(1.0), T([2.0])]),
    "cat_bad_dim": (lambda lib, x: lib.cat([x, x], 2), [_x]),
    "cat_shape_mismatch": (lambda lib, x, y: lib.cat([x, y]), [_m, _x]),
    "cat_legacy_empty": (lambda lib, x, y: lib.cat([x, y]), [T(shape=(0,)), _m]),
    "cat_mixed_dtype": (lambda lib, x, y: lib.cat([x, y]), [T([1, 2], "int64"), _x]),
    "cat_list_of_lists": (lambda lib: lib.cat([[1.0], [2.0]]), []),
    "cat_none": (lambda lib, x: lib.cat([x, None]), [_x]),
    "stack_empty_list": (lambda lib: lib.stack([]), []),
    "stack_mismatch": (lambda lib, x, y: lib.stack([x, y]), [_x, T([1.0])]),
    "stack_0d": (lambda lib, x: lib.stack([x, x]), [T(1.0)]),
    "stack_bad_dim": (lambda lib, x: lib.stack([x, x], 3), [_x]),
    "transpose_bad": (lambda lib, x: x.transpose(0, 2), [_x]),
    "permute_short": (lambda lib, x: x.permute(0), [_m]),
    "permute_dup": (lambda lib, x: x.permute(0, 0), [_m]),
    "reshape_bad": (lambda lib, x: x.reshape(3), [_x]),
    "reshape_two_m1": (lambda lib, x: x.reshape(-1, -1), [_m]),
    "view_bad": (lambda lib, x: x.view(3, -1), [_m]),
    "expand_bad": (lambda lib, x: x.expand(3), [_x]),
    "expand_fewer": (lambda lib, x: x.expand(2), [_m]),
    "squeeze_bad": (lambda lib, x: x.squeeze(3), [_x]),
    "flip_bad": (lambda lib, x: x.flip(1), [_x]),
    "flip_dup": (lambda lib, x: x.flip(0, 0), [_m]),
    "roll_bad_dim": (lambda lib, x: x.roll(1, 2), [_x]),
    "softmax_bad_dim": (lambda lib, x: lib.softmax(x, 1), [_x]),
    "softmax_no_dim_str": (lambda lib, x: lib.softmax(x, "a"), [_x]),
    "cumsum_bad_dim": (lambda lib, x: lib.cumsum(x, 1), [_x]),
    "gather_bad_dim": (lambda lib, x: lib.gather(x, 1, lib.tensor([0])), [_x]),
    "gather_float_index": (lambda lib, x: lib.gather(x, 0, lib.tensor([0.0])), [_x]),
    "index_select_2d_index": (lambda lib, x: lib.index_select(x, 0, lib.tensor([[0]])), [_x]),
    "index_float": (lambda lib, x: x[lib.tensor([0.5])], [_x]),
    "index_str": (lambda lib, x: x["a"], [_x]),
    "index_too_many": (lambda lib, x: x[0, 0], [_x]),
    "index_out_of_range": (lambda lib, x: x[5], [_x]),
    "index_0d": (lambda lib, x: x[0], [T(1.0)]),
    "index_0d_none": (lambda lib, x: x[None], [T(1.0)]),
    "index_0d_ellipsis": (lambda lib, x: x[...], [T(1.0)]),
    "setitem_none": (lambda lib, x: x.detach().clone().__setitem__(0, None), [_x]),
    "setitem_str": (lambda lib, x: x.detach().clone().__setitem__(0, "a"), [_x]),
    "item_many": (lambda lib, x: x.item(), [_x]),
    "item_empty": (lambda lib, x: x.item(), [T(shape=(0,))]),
    "bool_many": (lambda lib, x: bool(x), [_x]),
    "len_0d": (lambda lib, x: len(x), [T(1.0)]),
    "iter_0d": (lambda lib, x: list(x), [T(1.0)]),
    "float_many": (lambda lib, x: float(x), [_x]),
    "int_empty": (lambda lib, x: int(x), [T(shape=(0,))]),
    "size_bad": (lambda lib, x: x.size(2), [_x]),
    "tensor_str": (lambda lib: lib.tensor("a"), []),
    "tensor_ragged": (lambda lib: lib.tensor([[1.0], [1.0, 2.0]]), []),
    "tensor_none": (lambda lib: lib.tensor(None), []),
    "tensor_mixed_list": (lambda lib: lib.tensor([1, 2.5, True]), []),
    "tensor_empty_list": (lambda lib: lib.tensor([]), []),
    "tensor_nested_empty": (lambda lib: lib.tensor([[], []]), []),
    "tensor_big_int": (lambda lib: lib.tensor([2 ** 63]), []),
    "tensor_of_tensors": (lambda lib: lib.tensor([lib.tensor(1.0), lib.tensor(2.0)]), []),
    "zeros_negative": (lambda lib: lib.zeros(-1), []),
    "zeros_float_size": (lambda lib: lib.zeros(2.5), []),
    "ones_str": (lambda lib: lib.ones("a"), []),
    "arange_zero_step": (lambda lib: lib.arange(0, 5, 0), []),
    "arange_wrong_sign": (lambda lib: lib.arange(0, 5, -1), []),
    "arange_empty": (lambda lib: lib.arange(0), []),
    "linspace_zero": (lambda lib: lib.linspace(0, 1, 0), []),
    "linspace_negative": (lambda lib: lib.linspace(0, 1, -1), []),
    "full_bool": (lambda lib: lib.full((2,), True), []),
    "eye_zero": (lambda lib: lib.eye(0), []),
    "grad_empty_outputs": (lambda lib, x: lib.autograd.grad([], x), [_x]),
    "grad_empty_inputs": (lambda lib, x: lib.autograd.grad((x * 2).sum(), []), [_x]),
    "grad_nonscalar": (lambda lib, x: lib.autograd.grad(x * 2, x), [_x]),
    "grad_no_grad_input": (lambda lib, x: lib.autograd.grad((x * 2).sum(), x), [T([1.0], grad=False)]),
    "grad_unused": (lambda lib, x, y: lib.autograd.grad((x * 2).sum(), y), [_x, T([1.0])]),
    "grad_unused_allowed": (lambda lib, x, y: lib.autograd.grad((x * 2).sum(), y, allow_unused=True),
                            [_x, T([1.0])]),
    "grad_bad_grad_outputs": (lambda lib, x: lib.autograd.grad(x * 2, x, lib.ones(3, dtype=lib.float64)), [_x]),
    "grad_str": (lambda lib, x: lib.autograd.grad("a", x), [_x]),
    "backward_nonscalar": (lambda lib, x: (x * 2).backward(), [_x]),
    "backward_no_grad": (lambda lib, x: (x * 2).sum().backward(), [T([1.0], grad=False)]),
    "backward_twice": (lambda lib, x: [y.backward() for y in [(x.exp()).sum()] * 2], [_x]),
    "hook_returns_int": (lambda lib, x: _hook_result(lib, x, lambda g: 1), [_x]),
    "hook_returns_wrong_shape": (lambda lib, x: _hook_result(lib, x, lambda g: g.sum()), [_x]),
    "hook_returns_none": (lambda lib, x: _hook_result(lib, x, lambda g: None), [_x]),
    "hook_returns_list": (lambda lib, x: _hook_result(lib, x, lambda g: [1.0, 2.0]), [_x]),
    "requires_grad_int": (lambda lib, x: x.requires_grad_(), [T([1, 2], "int64")]),
    "where_int_cond": (lambda lib, x: lib.where(lib.tensor([1, 0]), x, x), [_x]),
    "where_scalar_scalar": (lambda lib: lib.where(lib.tensor([True, False]), 1.0, 0.0), []),
    "masked_fill_int_mask": (lambda lib, x: x.masked_fill(lib.tensor([1, 0]), 0.0), [_x]),
    "masked_fill_tensor_value": (lambda lib, x: x.masked_fill(lib.tensor([True, False]), lib.tensor([1.0, 2.0])),
                                 [_x]),
    "clamp_no_bounds": (lambda lib, x: lib.clamp(x), [_x]),
    "clamp_min_gt_max": (lambda lib, x: lib.clamp(x, min=2.0, max=1.0), [T([0.0, 1.5, 3.0])]),
    "clamp_int_float_bound": (lambda lib, x: lib.clamp(x, min=0.5), [T([0, 1, 2], "int64")]),
    "norm_bad_p": (lambda lib, x: x.norm(p="a"), [_x]),
    "norm_int": (lambda lib, x: x.norm(), [T([3, 4], "int64")]),
    "norm_p0": (lambda lib, x: x.norm(p=0), [T([0.0, 2.0, -1.0])]),
    "logsumexp_int": (lambda lib, x: lib.logsumexp(x, 0), [T([1, 2], "int64")]),
    "prod_0d_dim0": (lambda lib, x: x.prod(dim=0), [T(3.0)]),
    "split_zero": (lambda lib, x: lib.split(x, 0), [_x]),
    "chunk_zero": (lambda lib, x: lib.chunk(x, 0), [_x]),
    "narrow_bad": (lambda lib, x: lib.narrow(x, 0, 1, 5), [_x]),
    "diagonal_1d": (lambda lib, x: lib.diagonal(x), [_x]),
    "tril_1d": (lambda lib, x: lib.tril(x), [_x]),
    "t_3d": (lambda lib, x: x.t(), [T([[[1.0]]])]),
    "einsum_bad": (lambda lib, x: lib.einsum("ij->i", x), [_x]),
    "einsum_mismatch": (lambda lib, x, y: lib.einsum("i,i->", x, y), [_x, T([1.0, 2.0, 3.0])]),
    "dot_2d": (lambda lib, x: lib.dot(x, x), [_m]),
    "dot_int_float": (lambda lib, x, y: lib.dot(x, y), [T([1, 2], "int64"), _x]),
    "mm_1d": (lambda lib, x: lib.mm(x, x), [_x]),
    "bmm_2d": (lambda lib, x: lib.bmm(x, x), [_m]),
    "to_str": (lambda lib, x: x.to("nonsense"), [_x]),
    "to_bad_device": (lambda lib, x: x.to("cpux"), [_x]),
    "type_conversion_int": (lambda lib, x: x.to(lib.int32), [T([1.7, -1.7])]),
    "uint8_from_negative": (lambda lib: lib.tensor([-1, 256], dtype=lib.uint8), []),
    "full_like_str": (lambda lib, x: lib.full_like(x, "a"), [_x]),
    "add_alpha_float_on_int": (lambda lib, x: lib.add(x, x, alpha=0.5), [T([1, 2], "int64")]),
    "div_int_true": (lambda lib, x: x / 2, [T([1, 2], "int64")]),
    "floordiv_int_zero": (lambda lib, x: x // 0, [T([1, 2], "int64")]),
    "mod_int_zero": (lambda lib, x: x % 0, [T([1, 2], "int64")]),
    "pow_int_neg": (lambda lib, x: x ** -1, [T([1, 2], "int64")]),
    "pow_int_tensor_neg": (lambda lib, x: x ** lib.tensor([-1, 2]), [T([1, 2], "int64")]),
    "neg_bool": (lambda lib, x: -x, [T([True], "bool")]),
    "sub_bool": (lambda lib, x: x - x, [T([True], "bool")]),
    "invert_float": (lambda lib, x: ~x, [_x]),
    "and_float": (lambda lib, x: x & x, [_x]),
    "inplace_expand": (lambda lib: lib.ones(1, 3).expand(2, 3).add_(1), []),
    "inplace_leaf": (lambda lib, x: x.add_(1), [_x]),
    "inplace_int_float": (lambda lib, x: x.add_(0.5), [T([1, 2], "int64")]),
    "inplace_bcast_out": (lambda lib, x, y: x.detach().clone().add_(y), [_x, _m]),
    "view_of_noncontiguous": (lambda lib, x: x.t().view(-1), [T([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])]),
    "numpy_requires_grad": (lambda lib, x: x.numpy(), [_x]),
}


# Public functions given something that is not a tensor where PyTorch wants one (each x each value below).
NOT_TENSOR_CALLS = {
    "sum": lambda lib, v: lib.sum(v), "mean": lambda lib, v: lib.mean(v), "max": lambda lib, v: lib.max(v),
    "argmax": lambda lib, v: lib.argmax(v), "prod": lambda lib, v: lib.prod(v), "std": lambda lib, v: lib.std(v),
    "logsumexp": lambda lib, v: lib.logsumexp(v, 0), "cumsum": lambda lib, v: lib.cumsum(v, 0),
    "softmax": lambda lib, v: lib.softmax(v, 0), "flip": lambda lib, v: lib.flip(v, [0]),
    "roll": lambda lib, v: lib.roll(v, 1), "transpose": lambda lib, v: lib.transpose(v, 0, 0),
    "reshape": lambda lib, v: lib.reshape(v, (-1,)), "squeeze": lambda lib, v: lib.squeeze(v),
    "unsqueeze": lambda lib, v: lib.unsqueeze(v, 0), "flatten": lambda lib, v: lib.flatten(v),
    "abs": lambda lib, v: lib.abs(v), "relu": lambda lib, v: lib.relu(v), "sigmoid": lambda lib, v: lib.sigmoid(v),
    "tanh": lambda lib, v: lib.tanh(v), "clamp": lambda lib, v: lib.clamp(v, 0.0),
    "F_relu": lambda lib, v: _f(lib).relu(v), "F_gelu": lambda lib, v: _f(lib).gelu(v),
    "F_softmax": lambda lib, v: _f(lib).softmax(v, 0), "F_log_softmax": lambda lib, v: _f(lib).log_softmax(v, 0),
    "add_first": lambda lib, v: lib.add(v, lib.ones(2)), "mul_second": lambda lib, v: lib.mul(lib.ones(2), v),
    "matmul_first": lambda lib, v: lib.matmul(v, lib.ones(2)),
    "matmul_second": lambda lib, v: lib.matmul(lib.ones(2), v),
    "maximum": lambda lib, v: lib.maximum(lib.ones(2), v),
    "where_cond": lambda lib, v: lib.where(v, lib.ones(2), lib.ones(2)),
    "stack": lambda lib, v: lib.stack([lib.ones(2), v]), "mse_loss": lambda lib, v: _f(lib).mse_loss(v, lib.ones(2)),
    "linear": lambda lib, v: _f(lib).linear(v, lib.ones(1, 2)), "dot": lambda lib, v: lib.dot(lib.ones(2), v),
    "gather_index": lambda lib, v: lib.gather(lib.ones(2), 0, v),
    "masked_fill_mask": lambda lib, v: lib.ones(2).masked_fill(v, 0.0),
    "clone": lambda lib, v: lib.clone(v), "exp_method_arg": lambda lib, v: lib.ones(2).add(v),
}
NOT_TENSOR_VALUES = {"list": [1.0, 2.0], "none": None, "str": "a", "float": 1.5}


def _registry_edge(spec, array, edge):
    """A registry sample's input under ``edge``: float inputs become zeros, ones (all tied), a NaN in the first
    element, or another dtype (no gradient); integer, bool and constant inputs stay as they are. ``empty_dim0``
    gives every input of at least one dim a first dim of size 0."""
    if edge == "empty_dim0" and spec.kind != "const":
        array = numpy.asarray(array)
        dtype = {"int": "int64", "bool": "bool"}.get(spec.kind, "float64")
        if array.ndim == 0:
            return T(array.tolist(), dtype, grad=spec.grad and dtype == "float64")
        return T(shape=(0,) + array.shape[1:], dtype=dtype, grad=spec.grad and dtype == "float64")
    if spec.kind not in ("float", "spd"):
        dtype = {"int": "int64", "bool": "bool"}.get(spec.kind)
        if dtype is None:  # 'const': the value's own dtype, as lib.tensor infers it
            return array.tolist()
        return T(array.tolist(), dtype, grad=False)
    array = numpy.array(array, dtype=numpy.float64)
    if edge == "zeros":
        return T(numpy.zeros_like(array).tolist(), grad=spec.grad)
    if edge == "ones":
        return T(numpy.ones_like(array).tolist(), grad=spec.grad)
    if edge == "nan_first":
        if array.size:
            array.reshape(-1)[0] = nan
        return T(array.tolist(), grad=spec.grad)
    if edge == "int64":
        return T(numpy.round(array).astype(numpy.int64).tolist(), "int64", grad=False)
    return T(array.tolist(), edge, grad=False)  # float32, float16


REGISTRY_EDGES = ("zeros", "ones", "nan_first", "float32", "float16", "int64", "empty_dim0")


def _registry_case(sample, edge):
    args = [_registry_edge(spec, array, edge) for spec, array in zip(sample.inputs, sample.arrays())]
    # a 'const' input is passed as a Python value to lib.tensor by the sample itself: wrap it back into a tensor
    specs = [(spec, arg) for spec, arg in zip(sample.inputs, args)]
    function = sample.function
    if any(spec.kind == "const" for spec, _ in specs):
        consts = [i for i, (spec, _) in enumerate(specs) if spec.kind == "const"]

        def function(lib, *tensors, _consts=tuple(consts), _function=sample.function):
            tensors = list(tensors)
            for index in _consts:
                tensors[index] = lib.tensor(tensors[index])
            return _function(lib, *tensors)
    return Case(f"registry/{sample.name}/{edge}", function, args)


def _batch_norm_stats(lib, x):
    """batch_norm in training mode and the running statistics it leaves."""
    running_mean = lib.zeros(x.shape[1], dtype=x.dtype) + 0.5
    running_var = lib.ones(x.shape[1], dtype=x.dtype) * 2
    out = _f(lib).batch_norm(x, running_mean, running_var, training=True, momentum=0.1)
    return out, running_mean, running_var


def _hook_result(lib, x, hook):
    """x.grad after a backward through a tensor hook that returns ``hook(grad)``."""
    y = x * 2
    y.register_hook(hook)
    y.sum().backward()
    return x.grad


def _cases():
    cases = []
    for op, function in UNARY.items():
        for edge, spec in {**EDGES_1D, **DTYPES}.items():
            cases.append(Case(f"unary/{op}/{edge}", function, [spec]))
    for op, function in BINARY.items():
        wrapped = (lambda fn: lambda lib, a, b: fn(a, b))(function)
        for edge, (a, b) in {**BINARY_PAIRS, **DTYPE_PAIRS}.items():
            cases.append(Case(f"binary/{op}/{edge}", wrapped, [a, b]))
        for scalar_name, scalar in SCALARS.items():
            for tensor_name, tensor in SCALAR_TENSORS.items():
                cases.append(Case(f"binary/{op}/{tensor_name}_{scalar_name}", wrapped, [tensor, scalar]))
                cases.append(Case(f"binary/{op}/{scalar_name}_{tensor_name}", wrapped, [scalar, tensor]))
    for op, function in BINARY_FUNCTIONS.items():
        for edge, (a, b) in {**BINARY_PAIRS, **DTYPE_PAIRS}.items():
            cases.append(Case(f"binfn/{op}/{edge}", function, [a, b]))
        for scalar_name in ("int2", "zero_float", "np_f64"):
            cases.append(Case(f"binfn/{op}/f64_{scalar_name}", function, [SCALAR_TENSORS["f64"],
                                                                          SCALARS[scalar_name]]))
    for op, function in REDUCTIONS.items():
        for edge, spec in REDUCTION_INPUTS_2D.items():
            for dims, kwargs in REDUCTION_DIMS_2D.items():
                if op in NEEDS_DIM and dims == "all":
                    continue
                if spec.dtype != "float64" and dims not in ("all", "d1"):
                    continue
                if op in NEEDS_DIM and dims == "tuple" and op != "logsumexp":
                    continue
                cases.append(Case(f"reduce/{op}/{edge}/{dims}", function, [spec], kwargs))
        for edge, spec in REDUCTION_INPUTS_LOW.items():
            for dims, kwargs in REDUCTION_DIMS_LOW.items():
                if op in NEEDS_DIM and dims == "all":
                    continue
                cases.append(Case(f"reduce/{op}/{edge}/{dims}", function, [spec], kwargs))
    for op, function in SHAPE_OPS.items():
        for edge, spec in SHAPE_INPUTS.items():
            cases.append(Case(f"shape/{op}/{edge}", function, [spec]))
    for op, function in LINALG.items():
        for edge, (a, b) in LINALG_PAIRS.items():
            cases.append(Case(f"linalg/{op}/{edge}", function, [a, b]))
    for op, function in LOSSES.items():
        for edge, (a, b) in LOSS_PAIRS.items():
            cases.append(Case(f"loss/{op}/{edge}", function, [a, b]))
    for op, function in CLASSIFICATION.items():
        for edge, (a, b) in CLASSIFICATION_PAIRS.items():
            cases.append(Case(f"loss/{op}/{edge}", function, [a, b]))
    for name, (function, args) in NN_CALLS.items():
        cases.append(Case(f"nn/{name}", function, args))
    for op, operation in INPLACE_OPS.items():
        for edge, spec in SHAPE_INPUTS.items():
            cases.append(Case(f"inplace/{op}/{edge}", _inplace(operation), [spec]))
    for name, factory in MODULE_CALLS.items():
        for edge, shapes in MODULE_INPUTS.items():
            train = name != "dropout_eval"
            function = (lambda factory, train: lambda lib, x: _module(lib, factory, x, train))(factory, train)
            cases.append(Case(f"module/{name}/{edge}", function, [T(shape=shapes[name])]))
        cases.append(Case(f"module/{name}/0d", function, [T(1.5)]))
    for name, (function, args) in BAD_CALLS.items():
        cases.append(Case(f"bad/{name}", function, args))
    for sample in op_registry.SAMPLES:
        for edge in REGISTRY_EDGES:
            cases.append(_registry_case(sample, edge))
    for name, function in NOT_TENSOR_CALLS.items():
        for value_name, value in NOT_TENSOR_VALUES.items():
            cases.append(Case(f"not_tensor/{name}/{value_name}", function, [value]))
    return cases


CASES = _cases()
CASES_BY_NAME = {case.name: case for case in CASES}
assert len(CASES_BY_NAME) == len(CASES), "case names must be unique"


# ----- running one case -----------------------------------------------------------------------------------------
def _is_tensor(value):
    return hasattr(value, "grad_fn") and hasattr(value, "dtype") and hasattr(value, "tolist")


def describe(value):
    """A JSON-able description of an op's result."""
    if _is_tensor(value):
        detached = value.detach()
        return {"tensor": {"values": detached.cpu().tolist(), "dtype": str(value.dtype).split(".")[-1],
                           "shape": list(value.shape), "requires_grad": bool(value.requires_grad)}}
    if isinstance(value, (tuple, list)):
        return [describe(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"python": type(value).__name__, "value": value}
    return {"other": type(value).__module__.split(".")[0] + "." + type(value).__name__}


def _error(error):
    """Class and message (without the C++ stack trace some PyTorch messages carry)."""
    return [type(error).__name__, str(error).split("\nException raised from ")[0]]


def _cotangent(lib, output, scale):
    count = output.numel()
    weights = lib.arange(count, dtype=output.dtype, device=output.device) * scale + 1.0
    return weights.reshape(output.shape)


def _outputs(result):
    if _is_tensor(result):
        return [result]
    if isinstance(result, (tuple, list)):
        found = []
        for item in result:
            found.extend(_outputs(item))
        return found
    return []


def _values(lib, tensor, grad):
    """A gradient's values; None (unused) is zeros. Adding to zeros materializes PyTorch's symbolic zero
    tensors (abs's second derivative)."""
    zeros = lib.zeros_like(tensor.detach())
    if grad is None:
        return zeros.cpu().tolist()
    return (zeros + grad.detach()).cpu().tolist()


def _gradients(lib, outputs, wanted, device="cpu"):
    """First and second derivatives: the gradient of sum(output * w1) w.r.t. the float64 inputs, then of
    sum(grad * w2). Unused inputs count as zero gradients."""
    loss = None
    for output in outputs:
        if output.requires_grad and output.dtype.is_floating_point:
            term = (output * _cotangent(lib, output, 0.5)).sum()
            loss = term if loss is None else loss + term
    if loss is None:
        return {}
    record = {}
    try:
        first = lib.autograd.grad(loss, wanted, create_graph=True, allow_unused=True)
        if device != "cpu":
            lib.cuda.synchronize(device)  # a deferred device-side error of the backward belongs here
    except Exception as error:
        if device != "cpu":
            _flush(lib, device)
        return {"grad_error": _error(error)}
    record["grad"] = [_values(lib, t, g) for t, g in zip(wanted, first)]
    loss2 = None
    for g in first:
        if g is not None and g.requires_grad:
            term = (g * _cotangent(lib, g, -0.25)).sum()
            loss2 = term if loss2 is None else loss2 + term
    if loss2 is None:
        record["grad2"] = [_values(lib, t, None) for t in wanted]
        return record
    try:
        second = lib.autograd.grad(loss2, wanted, allow_unused=True)
        if device != "cpu":
            lib.cuda.synchronize(device)
    except Exception as error:
        if device != "cpu":
            _flush(lib, device)
        record["grad2_error"] = _error(error)
        return record
    record["grad2"] = [_values(lib, t, g) for t, g in zip(wanted, second)]
    return record


def _flush(lib, device):
    """Drop device-side checks a failed call left queued, so that they do not surface in the next call."""
    try:
        lib.cuda.synchronize(device)
    except Exception:
        pass


def run_case(lib, case, device="cpu"):
    """The outcome of one case: {"error": [class, message]} or {"result": ..., "grad": ..., "grad2": ...}."""
    try:
        args = [_make(arg, lib, device) for arg in case.args]
    except Exception as error:  # a broken table entry, not an outcome
        raise RuntimeError(f"{case.name}: cannot build the inputs: {error!r}") from error
    wanted = [a for a in args if _is_tensor(a) and a.requires_grad]
    try:
        result = case.function(lib, *args, **case.kwargs)
        if device != "cpu":
            lib.cuda.synchronize(device)  # a deferred device-side error belongs to this call
        record = {"result": describe(result)}
    except Exception as error:
        if device != "cpu":
            _flush(lib, device)
        return {"error": _error(error)}
    if wanted:
        record.update(_gradients(lib, _outputs(result), wanted, device))
    return record


def first_order_gradient(lib, case, device="cpu"):
    """The gradient of the case's loss (as ``_gradients`` builds it) without ``create_graph``: the fast
    first-order path of every backward formula, which the corpus's own gradients (taken with ``create_graph`` for
    the second derivative) do not run. None where the case raises or has no float64 input that requires grad;
    {"grad_error": [class, message]} where the backward raises."""
    args = [_make(arg, lib, device) for arg in case.args]
    wanted = [a for a in args if _is_tensor(a) and a.requires_grad]
    if not wanted:
        return None
    try:
        outputs = _outputs(case.function(lib, *args, **case.kwargs))
    except Exception:
        return None
    loss = None
    for output in outputs:
        if output.requires_grad and output.dtype.is_floating_point:
            term = (output * _cotangent(lib, output, 0.5)).sum()
            loss = term if loss is None else loss + term
    if loss is None:
        return None
    try:
        grads = lib.autograd.grad(loss, wanted, allow_unused=True)
        if device != "cpu":
            lib.cuda.synchronize(device)
    except Exception as error:
        if device != "cpu":
            _flush(lib, device)
        return {"grad_error": _error(error)}
    return {"grad": [_values(lib, t, g) for t, g in zip(wanted, grads)]}


def compare_first_order(found, expected):
    """'' where the first-order gradient ``found`` is PyTorch's recorded one (or both raise the same class), else
    what differs."""
    if "grad_error" in expected or "grad_error" in found:
        want = expected.get("grad_error", [None])[0]
        got = found.get("grad_error", [None])[0]
        return "" if want == got else f"grad_error {found.get('grad_error')} vs PyTorch {expected.get('grad_error')}"
    if "grad" not in expected:
        return ""
    scale = max([1.0] + [abs(v) for v in _flat(expected["grad"]) if math.isfinite(v)])
    if _values_close(found["grad"], expected["grad"], (GRAD_TOLERANCE[0], GRAD_TOLERANCE[1] * scale)):
        return ""
    return f"grad {found['grad']!r:.300} != PyTorch {expected['grad']!r:.300}"


# ----- comparing ------------------------------------------------------------------------------------------------
TOLERANCES = {"float16": (2e-3, 2e-3), "float32": (2e-5, 1e-6), "float64": (1e-7, 1e-10)}
GRAD_TOLERANCE = (1e-6, 1e-9)
INTERNAL_ERRORS = {"IndexError", "AttributeError", "KeyError", "ZeroDivisionError", "AxisError",
                   "UFuncTypeError", "UnboundLocalError", "NameError", "AssertionError", "RecursionError",
                   "OverflowError", "ComplexWarning", "_UFuncNoLoopError", "_UFuncInputCastingError",
                   "_UFuncOutputCastingError", "UFuncNoLoopError"}

OK_CATEGORIES = ("same_value", "same_error", "same_class_other_wording", "device_specific")


def _values_close(found, expected, tolerance):
    if isinstance(expected, list):
        return isinstance(found, list) and len(found) == len(expected) and all(
            _values_close(f, e, tolerance) for f, e in zip(found, expected))
    if isinstance(found, list):
        return False
    if isinstance(expected, bool) or isinstance(found, bool):
        return found == expected and type(found) is type(expected)
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(found, float) and math.isnan(found)
    if isinstance(expected, float) and math.isinf(expected):
        return found == expected
    if isinstance(found, float) and (math.isnan(found) or math.isinf(found)):
        return False
    rel, absolute = tolerance
    return math.isclose(found, expected, rel_tol=rel, abs_tol=absolute)


def _flat(values):
    if isinstance(values, list):
        for item in values:
            yield from _flat(item)
    elif isinstance(values, (int, float)) and not isinstance(values, bool):
        yield float(values)


def _same_result(found, expected):
    """None when ``found`` matches ``expected`` (both ``describe`` outputs), else what differs."""
    if isinstance(expected, list):
        if not isinstance(found, list) or len(found) != len(expected):
            return f"expected {len(expected)} results, got {found!r:.200}"
        for index, (f, e) in enumerate(zip(found, expected)):
            problem = _same_result(f, e)
            if problem:
                return f"[{index}] {problem}"
        return None
    if "tensor" in expected:
        if not isinstance(found, dict) or "tensor" not in found:
            return f"expected a tensor, got {found!r:.200}"
        want, got = expected["tensor"], found["tensor"]
        for key in ("dtype", "shape", "requires_grad"):
            if got[key] != want[key]:
                return f"{key} {got[key]} != {want[key]}"
        tolerance = TOLERANCES.get(want["dtype"], (0.0, 0.0))
        if not _values_close(got["values"], want["values"], tolerance):
            return f"values {got['values']!r:.300} != {want['values']!r:.300}"
        return None
    if found != expected:
        if ("python" in expected and isinstance(found, dict) and found.get("python") == expected["python"]
                and _values_close(found["value"], expected["value"], TOLERANCES["float64"])):
            return None
        return f"{found!r:.200} != {expected!r:.200}"
    return None


def normalize_message(text):
    return text.replace("torch.", "gradlib.").replace("torch::", "gradlib::")


def is_internal(error_class):
    return error_class in INTERNAL_ERRORS or error_class.startswith("_")


def compare(found, expected, device="cpu"):
    """(category, detail) of gradlib's outcome ``found`` on ``device`` against PyTorch's ``expected`` (recorded on
    the CPU). Categories: same_value, same_error, same_class_other_wording, device_specific (an index error that
    PyTorch's CUDA kernels report as a device-side assert, or a result where PyTorch's CPU kernel refuses an integer
    division by zero: its CUDA kernels do not check), silent (a result where PyTorch raises),
    value_difference, internal_error (an IndexError, AttributeError, NumPy error ... where PyTorch gives another
    outcome), raises (a clear error where PyTorch computes), other_error_class."""
    if "error" in expected:
        want_class, want_message = expected["error"]
        if "error" not in found:
            if device != "cpu" and (want_class, want_message) == ("RuntimeError", "ZeroDivisionError"):
                return "device_specific", ""
            return "silent", f"PyTorch raises {want_class}: {want_message[:200]}"
        got_class, got_message = found["error"]
        if device != "cpu" and want_class == "IndexError" and got_class == "RuntimeError" \
                and "device-side assert" in got_message:
            return "device_specific", ""
        if got_class != want_class:
            if is_internal(got_class):
                return "internal_error", (f"{got_class}: {got_message[:200]} (PyTorch {want_class}: "
                                          f"{want_message[:200]})")
            return "other_error_class", f"{got_class}: {got_message[:200]} (PyTorch {want_class}: {want_message[:200]})"
        if normalize_message(got_message) == normalize_message(want_message):
            return "same_error", ""
        return "same_class_other_wording", f"{got_message[:200]!r} vs PyTorch {want_message[:200]!r}"
    if "error" in found:
        got_class, got_message = found["error"]
        kind = "internal_error" if is_internal(got_class) else "raises"
        return kind, f"{got_class}: {got_message[:300]}"
    problem = _same_result(found["result"], expected["result"])
    if problem:
        return "value_difference", problem
    for key in ("grad_error", "grad2_error"):
        if key in expected or key in found:
            if key not in found:
                return "silent", f"{key}: PyTorch raises {expected[key][0]}: {expected[key][1][:200]}"
            if key not in expected:
                got_class = found[key][0]
                kind = "internal_error" if is_internal(got_class) else "raises"
                return kind, f"{key}: {found[key][0]}: {found[key][1][:300]}"
            if found[key][0] != expected[key][0]:
                kind = "internal_error" if is_internal(found[key][0]) else "other_error_class"
                return kind, f"{key}: {found[key]} vs PyTorch {expected[key]}"
    for key in ("grad", "grad2"):
        if key in expected or key in found:
            if key not in found or key not in expected:
                return "value_difference", f"{key}: present in {'gradlib' if key in found else 'PyTorch'} only"
            # absolute tolerance relative to the gradient's largest finite entry (log_softmax(1e4 x)'s second
            # derivative is ~1e7 with rounding noise ~1e-8 where it should be 0)
            scale = max([1.0] + [abs(v) for v in _flat(expected[key]) if math.isfinite(v)])
            if not _values_close(found[key], expected[key], (GRAD_TOLERANCE[0], GRAD_TOLERANCE[1] * scale)):
                return "value_difference", f"{key} {found[key]!r:.300} != PyTorch {expected[key]!r:.300}"
    return "same_value", ""


# ----- deliberate and pending differences -----------------------------------------------------------------------
# name -> reason. Each reason is also in the README's "Deliberate differences from PyTorch".
_VAR_MEAN = ("var_mean/std_mean of a slice with infinities: gradlib's mean is mean()'s value (inf or -inf, as "
             "torch.mean gives); PyTorch's fused kernel returns NaN there (its Welford update)")
_LAPACK_NAN = ("inv/solve/slogdet/qr of a matrix holding NaN: gradlib returns LAPACK's result as it is (NaN where the "
               "NaN reached); PyTorch's is NaN throughout (slogdet's sign 0). Both are meaningless; making them "
               "agree would cost a check of every input")
_TIES = ("the index topk/kthvalue return among equal values: PyTorch's CPU kernels pick it with std::nth_element/"
         "std::partial_sort (topk) and a quickselect (kthvalue), whose order among ties is an artefact of the "
         "algorithm and of the C++ library (its CUDA kernels pick others); gradlib's follow a stable sort (the "
         "first of equal values first)")
_HALF_PROD = ("prod of float16 over all elements: PyTorch's CPU kernel multiplies in float16, so an intermediate "
              "product overflows to inf (inf * 0 = NaN); gradlib multiplies in float32 and rounds once, as PyTorch's "
              "CUDA kernel does")
_HALF_MATRIX_EXP = ("matrix_exp of float16: PyTorch's CPU kernel overflows in its degree-18 polynomial (inf and NaN "
                    "for matrices of norm about 1); gradlib computes it (float16 products accumulate in float32)")
_RENORM_HESSIAN = ("renorm's second derivative at slices left unscaled (norm <= maxnorm: zeros, or NaN): PyTorch's "
                   "double backward differentiates its norm_backward there too (NaN); gradlib's gradient there is the "
                   "incoming one, whose derivative is 0")
_LSTSQ_NAN = ("lstsq of a matrix holding NaN: PyTorch's CPU kernel fails an internal assert (\"please report a bug "
              "to PyTorch ... Argument 4 has illegal value\"), a RuntimeError that is its own bug; gradlib raises "
              "linalg.LinAlgError (a RuntimeError) saying the input holds non-finite values")
_MORE_DERIVATIVES = ("a second derivative PyTorch has no formula for (cdist, scatter_reduce('prod') with repeated "
                     "zeros, hardsigmoid, the CPU flash-attention kernel of sdpa, the margin losses): gradlib "
                     "differentiates its backward like any other graph instead of raising")
_DEGENERATE = ("derivatives of eigh, eigvalsh, svd, svdvals, matrix_norm(ord=2) and qr at a matrix with repeated "
               "eigenvalues or singular values, or of lower rank than its size (all ones): they depend on which "
               "basis of the repeated space LAPACK returns, or are 0/0 or c/0 by the last bit of rounding; NumPy's "
               "LAPACK and PyTorch's MKL return different bases and roundings (PyTorch's CPU and CUDA differ too)")
_DET_HESSIAN = ("det's second derivative at a singular matrix: PyTorch's double backward goes through the SVD's "
                "backward, NaN at repeated singular values; det is a polynomial and gradlib gives its exact Hessian; "
                "the float32 determinant of a singular product is rounding noise around 0 in both (LU's pivots)")
_SINC = ("sinc's second derivative at 0: PyTorch's masked_fill of (cos(pi x) - sinc(x)) / x differentiates to 0/0 "
         "= NaN; sinc is analytic there and gradlib gives the true -pi^2/3")
_PYTORCH_BUG = ("a PyTorch bug: pow(float64 tensor, True)'s backward fails an internal assert ('unknown ivalue tag "
                "4'); layer_norm and batch_norm with a bias and no weight fail their double backward ('Expected a proper "
                "Tensor but got None'); pixel_unshuffle returns an empty input unchanged (shape [0, 2, 4, 2] instead of "
                "[0, 8, 2, 1]), so pixel_shuffle's backward of an empty input fails its own shape check. gradlib "
                "computes these")
_WEIGHT_NORM_GRAD2 = ("a PyTorch bug: the double backward of _weight_norm's fused node (WeightNormInterfaceBackward0, "
                      "dim 0 or the last dim) is wrong (torch.autograd.gradgradcheck of torch._weight_norm(v, g, 0) "
                      "fails); gradlib's second derivative passes gradgradcheck (tests/test_gradients.py)")
_EMPTY_MEAN = ("multi_margin_loss's mean over an empty batch: PyTorch's CPU kernel returns memory it never wrote "
               "(0 or a tiny number), gradlib the mean of nothing, NaN, as mean() gives")
_NAN_VECTORIZED = ("the gradient of hardshrink/softshrink (and hardtanh/relu6) at NaN: PyTorch's CPU kernels pass "
                   "it in their scalar loop (tensors shorter than a vector, and tails) and give 0 in their "
                   "vectorized loop, so PyTorch's answer depends on the tensor's size and the NaN's position; "
                   "gradlib passes it always, as the value passes the NaN")
_FUSED_SDPA = ("sdpa's fused CPU kernels: with is_causal and a NaN in the query PyTorch's flash-attention kernel "
               "gives the NaN score weight 0 ([nan, 0, 0] where the value's first element is NaN; the softmax of a "
               "row holding NaN is NaN, as gradlib and PyTorch's math path give)")
_INDEX_FILL_EMPTY = ("index_fill into an empty dim: PyTorch fails inside its kernel (RuntimeError: setStorage ... out of "
                     "bounds for storage of size 0); gradlib names the index out of range (IndexError), as PyTorch "
                     "does for a dim that is not empty")
_GRID_NAN = ("grid_sample's second derivative with a NaN in the input: PyTorch's double backward multiplies each "
             "corner outside the input by a zero weight, so the NaN read at the clamped index reaches the grid's "
             "second gradient; gradlib masks such corners out (its first-order values and gradients agree)")
_VMAP_LOOP = ("vmap runs the function once per element (gradlib.func._vmap): an empty mapped dimension is refused "
              "(ValueError: no element to learn the outputs' shapes from) where PyTorch's batched rules run the "
              "function on the empty batch; and a NaN in one element stays in that element's second derivative, "
              "where PyTorch's batched matmul backward carries it into the other elements'")
_SPARSE_GRAD2 = ("second derivatives through sparse tensors (tests/op_registry_sparse.py): PyTorch's gradient of an "
                 "uncoalesced sparse tensor's values, and of the values behind a dense gradient (mm, @), is not "
                 "itself recorded under create_graph (it does not require grad), its sparse softmax backward has no "
                 "derivative (PyTorch's own gradgradcheck of sparse.softmax fails), its CSR products refuse a double "
                 "backward, and at an all-zero input to_sparse() keeps no entries where its double backward passes a "
                 "dense gradient; gradlib's sparse ops are dense differentiable ops on the values, so their second "
                 "derivatives are the function's (gradgradcheck passes in tests/test_gradients.py)")
_SPARSE_HALF = ("PyTorch's CPU sparse kernels lack float16 (sparse softmax, sparse + sparse) and float16/int64 CSR "
                "products (MKL); gradlib computes them as the float32 ones, as PyTorch's CUDA kernels do")
DELIBERATE = {
    **{f"registry/{name}/{edge}": _SPARSE_GRAD2 for name in (
        "dense_matmul_sparse", "sparse_csr_matmul", "sparse_log_softmax", "sparse_matmul_operator",
        "sparse_matmul_vector", "sparse_mm", "sparse_mm_coalesced", "sparse_mm_function", "spmm")
       for edge in ("zeros", "ones", "nan_first")},
    "registry/dense_to_sparse/zeros": _SPARSE_GRAD2,
    "registry/sparse_softmax_columns/ones": _SPARSE_GRAD2, "registry/sparse_softmax_columns/nan_first": _SPARSE_GRAD2,
    "registry/sparse_softmax_rows/nan_first": _SPARSE_GRAD2,
    **{f"registry/{name}/float16": _SPARSE_HALF for name in (
        "sparse_csr_matmul", "sparse_log_softmax", "sparse_scaled", "sparse_softmax_columns", "sparse_softmax_rows")},
    "registry/sparse_csr_matmul/int64": _SPARSE_HALF,
    "registry/index_fill_value_tensor/empty_dim0": _INDEX_FILL_EMPTY,
    "registry/grid_sample/nan_first": _GRID_NAN,
    "registry/grid_sample_3d/nan_first": _GRID_NAN,
    "registry/grid_sample_bicubic/nan_first": _GRID_NAN,
    "reduce/std_mean/infs/d1": _VAR_MEAN,
    "registry/func_vmap/empty_dim0": _VMAP_LOOP,
    "registry/func_vmap_grad/empty_dim0": _VMAP_LOOP,
    "reduce/std_mean/infs/dm1_keep": _VAR_MEAN,
    "reduce/var_mean/infs/d1": _VAR_MEAN,
    "reduce/var_mean/infs/dm1_keep": _VAR_MEAN,
    "registry/cdist/empty_dim0": _MORE_DERIVATIVES,
    "registry/cdist/nan_first": _MORE_DERIVATIVES,
    "registry/cdist/ones": _MORE_DERIVATIVES,
    "registry/cdist/zeros": _MORE_DERIVATIVES,
    "registry/cdist_p1_batched/empty_dim0": _MORE_DERIVATIVES,
    "registry/cdist_p1_batched/nan_first": _MORE_DERIVATIVES,
    "registry/cdist_p1_batched/ones": _MORE_DERIVATIVES,
    "registry/cdist_p1_batched/zeros": _MORE_DERIVATIVES,
    "registry/cdist_p3/empty_dim0": _MORE_DERIVATIVES,
    "registry/cdist_p3/nan_first": _MORE_DERIVATIVES,
    "registry/cdist_p3/ones": _MORE_DERIVATIVES,
    "registry/cdist_p3/zeros": _MORE_DERIVATIVES,
    "registry/inv/nan_first": _LAPACK_NAN,
    "registry/inverse/nan_first": _LAPACK_NAN, "registry/slogdet_top/nan_first": _LAPACK_NAN,
    "registry/logdet_spd/nan_first": _LAPACK_NAN, "registry/det_top/ones": _DET_HESSIAN,
    "registry/det_top/zeros": _DET_HESSIAN, "registry/index_reduce/zeros": _MORE_DERIVATIVES,
    "registry/matrix_exp/float16": _HALF_MATRIX_EXP, "registry/renorm/zeros": _RENORM_HESSIAN,
    "registry/renorm/nan_first": _RENORM_HESSIAN, "registry/matrix_exp_scaled/float16": _HALF_MATRIX_EXP,
    "registry/kthvalue/int64": _TIES,
    "registry/kthvalue/ones": _TIES,
    "registry/kthvalue/zeros": _TIES,
    "registry/lstsq/nan_first": _LSTSQ_NAN,
    "registry/qr/nan_first": _LAPACK_NAN,
    "registry/qr_complete_square/nan_first": _LAPACK_NAN,
    "registry/qr_wide/nan_first": _LAPACK_NAN,
    "registry/scatter_reduce_prod/zeros": _MORE_DERIVATIVES,
    "registry/index_reduce_prod/zeros": _MORE_DERIVATIVES,  # index_reduce('prod'): the same formula
    "registry/index_reduce_prod_without_self/zeros": _MORE_DERIVATIVES,
    "registry/slogdet/nan_first": _LAPACK_NAN,
    "registry/solve/nan_first": _LAPACK_NAN,
    "registry/topk/int64": _TIES,
    "registry/topk/ones": _TIES,
    "registry/topk/zeros": _TIES,
    "reduce/prod/float16/all": _HALF_PROD,
    "registry/solve_vector/nan_first": _LAPACK_NAN,
    "registry/solve_broadcast_column/nan_first": _LAPACK_NAN,
    "registry/solve_broadcast_matrix_batch/nan_first": _LAPACK_NAN,
    "registry/solve_broadcast_vector/nan_first": _LAPACK_NAN,
    "registry/solve_broadcast_both/nan_first": _LAPACK_NAN,
    "registry/hardsigmoid/empty_dim0": _MORE_DERIVATIVES,
    "registry/hardsigmoid/nan_first": _MORE_DERIVATIVES,
    "registry/hardsigmoid/ones": _MORE_DERIVATIVES,
    "registry/hardsigmoid/zeros": _MORE_DERIVATIVES,
    "registry/sdpa_causal_scale/ones": _MORE_DERIVATIVES,
    "registry/sdpa_causal_scale/zeros": _MORE_DERIVATIVES,
    "registry/sdpa_causal_scale/nan_first": _FUSED_SDPA,
    "registry/det/ones": _DET_HESSIAN,
    "registry/det/zeros": _DET_HESSIAN,
    "registry/det_rank_deficient/ones": _DET_HESSIAN,
    "registry/det_rank_deficient/zeros": _DET_HESSIAN,
    "registry/det_rank_deficient/float32": _DET_HESSIAN,
    "registry/sinc/ones": _SINC,
    "registry/sinc/zeros": _SINC,
    "binary/pow/true_f64": _PYTORCH_BUG,
    "registry/layer_norm_bias_only_1d/nan_first": _PYTORCH_BUG,
    "registry/layer_norm_bias_only_1d/ones": _PYTORCH_BUG,
    "registry/layer_norm_bias_only_1d/zeros": _PYTORCH_BUG,
    "registry/pixel_shuffle/empty_dim0": _PYTORCH_BUG,
    "registry/pixel_unshuffle/empty_dim0": _PYTORCH_BUG,
    # the torch.* spellings (tests/op_registry_torchfn10.py): native_batch_norm(x, None, bias, ...), pixel_unshuffle
    **{f"registry/torchfn_batch_norm/{edge}": _PYTORCH_BUG for edge in ("zeros", "ones", "nan_first")},
    "registry/torchfn_shuffles/empty_dim0": _PYTORCH_BUG,
    "registry/torchfn_piecewise/nan_first": _NAN_VECTORIZED,
    "registry/multi_margin_loss/zeros": _MORE_DERIVATIVES,
    "registry/multi_margin_loss/ones": _MORE_DERIVATIVES,
    "registry/multi_margin_loss/nan_first": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_none_1d/zeros": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_none_1d/ones": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_none_1d/nan_first": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_p2_weight_sum/zeros": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_p2_weight_sum/ones": _MORE_DERIVATIVES,
    "registry/multi_margin_loss_p2_weight_sum/nan_first": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss/zeros": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss/ones": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss/nan_first": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_1d_sum/zeros": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_1d_sum/ones": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_1d_sum/nan_first": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_none/zeros": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_none/ones": _MORE_DERIVATIVES,
    "registry/multilabel_margin_loss_none/nan_first": _MORE_DERIVATIVES,
    "registry/multi_margin_loss/empty_dim0": _EMPTY_MEAN,
    "registry/weight_norm_interface_dim0/ones": _WEIGHT_NORM_GRAD2,
    "registry/weight_norm_interface_dim0/nan_first": _WEIGHT_NORM_GRAD2,
    "registry/weight_norm_interface_last/ones": _WEIGHT_NORM_GRAD2,
    "registry/weight_norm_interface_last/nan_first": _WEIGHT_NORM_GRAD2,
    "registry/hardshrink/nan_first": _NAN_VECTORIZED,
    "registry/hardshrink_method/nan_first": _NAN_VECTORIZED,
    "registry/softshrink/nan_first": _NAN_VECTORIZED,
}

# Deliberate differences of second derivatives only: their first-order gradients must still be PyTorch's.
SECOND_ORDER_ONLY = (_MORE_DERIVATIVES, _DET_HESSIAN, _SINC, _SPARSE_GRAD2)

# Differences of the first-order (fast) gradient path only, against tests/reference/torch_edge_first_order.json
# (PyTorch's backward without create_graph); there the calls of DELIBERATE are compared too, except those whose
# reason concerns first derivatives or values (not SECOND_ORDER_ONLY).
FIRST_ORDER_DELIBERATE = {
    "registry/slogdet/ones": "slogdet's gradient at a singular matrix: PyTorch's first-order kernel returns the inf "
                             "and NaN of an unchecked LU solve; gradlib raises PyTorch's LinAlgError, as PyTorch "
                             "itself does under create_graph",
    "registry/slogdet/zeros": "slogdet's gradient at a singular matrix (as registry/slogdet/ones)",
}

# Differences that belong to issue-14 classes other work is fixing (1 gradient formulas, 2 NumPy semantics,
# 4 autograd, 5 range checks, 6 modules, 7 half precision): (class, what differs, the calls). The test asserts each
# listed call still differs, so the lists can only shrink; remove a call once it matches PyTorch. None is pending
# now: a new difference is fixed, or made deliberate with its reason here and in the README.
_PENDING_GROUPS = [
]


PENDING = {name: (issue_class, reason) for issue_class, reason, names in _PENDING_GROUPS for name in names.split()}

# Pending on CUDA only (the same call matches on the CPU).
#: calls whose PyTorch answer is one of many equally right ones: decompositions of the rank-deficient all-ones
#: matrix (the later columns of Q, U and V span the null space in any orthonormal basis, and the nuclear and spectral
#: norms are not differentiable there), so LAPACK's rounding, which differs with the CPU and the BLAS build, picks
#: the values and the gradients: they matched PyTorch's on one machine and not on another. Compared for outcome,
#: dtype and shape only (``without_values``), neither required to match nor to differ.
NOT_UNIQUE = {f"registry/{name}/ones": _DEGENERATE
              for name in ("qr", "qr_wide", "qr_complete_square", "svd", "svd_wide_full", "svdvals", "eigh",
                           "eigvalsh_upper", "matrix_norm_2", "matrix_norm_neg2", "matrix_norm_nuc")}


def without_values(outcome):
    """``outcome`` (a ``describe`` record) with every number of its tensors and gradients 0.0: what is left to
    compare is the outcome's kind, dtypes and shapes."""
    if isinstance(outcome, list):
        return [without_values(item) for item in outcome]
    if not isinstance(outcome, dict):
        return outcome
    out = {}
    for key, value in outcome.items():
        if key == "tensor":
            value = dict(value, values=_shape_of(value["values"]))
        elif key in ("grad", "grad2"):
            value = _shape_of(value)
        else:
            value = without_values(value)
        out[key] = value
    return out


def _shape_of(nested):
    """A nested list of the nesting of ``nested`` (a gradient's shape) with every number 0.0."""
    return [_shape_of(item) for item in nested] if isinstance(nested, list) else 0.0


PENDING_ON_CUDA = {
    # PyTorch's CPU max_pool1d without grad runs max_pool1d_impl, which has no integer version; its CUDA one runs
    # max_pool1d_with_indices
    "registry/torchfn_max_pool/int64": "PyTorch's CPU refuses integers, its CUDA computes",
    # not a gradlib difference: PyTorch's avg_pool3d (its local_response_norm of 4D+ inputs) has no float16 CPU
    # kernel, its CUDA one has; recorded on the CPU, so gradlib's CUDA result has no PyTorch value to match
    "registry/local_response_norm_4d/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/avg_pool3d/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/avg_pool3d_divisor/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/avg_pool3d_pad_ceil/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/lp_pool3d/float16": "PyTorch's CPU refuses float16 (its avg_pool3d), its CUDA computes",
    "registry/multi_margin_loss/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/multi_margin_loss_none_1d/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/multi_margin_loss_p2_weight_sum/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/multilabel_margin_loss/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/multilabel_margin_loss_1d_sum/float16": "PyTorch's CPU refuses float16, its CUDA computes",
    "registry/multilabel_margin_loss_none/float16": "PyTorch's CPU refuses float16, its CUDA computes",
}


# ----- the report -----------------------------------------------------------------------------------------------
def classify_all(lib, recorded, device="cpu"):
    """{case name: (category, detail)} for every recorded case; deliberate/pending cases get their own
    category when they differ."""
    outcomes = {}
    for case in CASES:
        expected = recorded[case.name]
        found = run_case(lib, case, device)
        category, detail = compare(found, expected, device)
        if category not in OK_CATEGORIES:
            if case.name in DELIBERATE:
                category = "deliberate"
            elif case.name in PENDING:
                category = f"pending_class_{PENDING[case.name][0]}"
            elif device != "cpu" and case.name in PENDING_ON_CUDA:
                category = f"pending_class_{PENDING_ON_CUDA[case.name][0]}"
        outcomes[case.name] = (category, detail)
    return outcomes


def _main(argv):
    import argparse
    import collections
    import json
    import pathlib
    import warnings
    parser = argparse.ArgumentParser(prog="python -m tests.edge_corpus")
    parser.add_argument("--report", action="store_true", help="print the count of each category")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--cupy-stand-in", action="store_true",
                        help="run CUDA on the NumPy-backed CuPy stand-in (tests/cupy_stand_in), without a GPU")
    parser.add_argument("--list", action="append", default=[], metavar="CATEGORY",
                        help="also list the cases of CATEGORY (repeatable; 'all' lists every non-ok case)")
    options = parser.parse_args(argv)
    if options.cupy_stand_in:
        import sys
        sys.path.insert(0, str(pathlib.Path(__file__).parent / "cupy_stand_in" / "site"))
    import gradlib
    recorded = json.loads((pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus.json").read_text())
    funcs = pathlib.Path(__file__).parent / "reference" / "torch_edge_corpus_funcs.json"  # tests/reference/funcs.py
    recorded.update(json.loads(funcs.read_text()))
    if options.device != "cpu":
        gradlib.set_default_device(options.device)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcomes = classify_all(gradlib, recorded, options.device)
    counts = collections.Counter(category for category, _ in outcomes.values())
    print(f"edge corpus: {len(outcomes)} calls on {options.device}")
    order = ["same_value", "same_error", "same_class_other_wording", "device_specific", "deliberate"]
    order += sorted(c for c in counts if c.startswith("pending"))
    order += ["silent", "value_difference", "internal_error", "raises", "other_error_class"]
    for category in order:
        print(f"  {category:28s} {counts.get(category, 0)}")
    for name, (category, detail) in sorted(outcomes.items()):
        if category in options.list or ("all" in options.list and category not in OK_CATEGORIES):
            print(f"{category:24s} {name}: {detail}")


if __name__ == "__main__":
    import sys
    _main(sys.argv[1:])
