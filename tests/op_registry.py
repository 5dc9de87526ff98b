"""The op registry: every public op once, with sample inputs, run by the generic tests on each device and by
``tests/reference/record_torch.py`` against PyTorch (``torch_ops.json``).

A sample is written once against a library ``lib`` (gradlib or torch, which share the API). Its inputs are
described, not stored: each ``Input`` draws deterministic values from a generator seeded by the sample's name,
so PyTorch and gradlib see identical data. Float inputs are float64 and require grad unless ``grad=False``.

Adding an op class without a sample here fails ``test_registry_covers_every_op``.
"""
import importlib
import math
import pathlib
import zlib

import numpy


class Input:
    """A sample input: ``kind`` 'float' (uniform in [low, high), optionally pushed away from zero), 'int'
    (integers in [low, high)), 'bool', 'spd' (a symmetric positive-definite matrix) or 'const' (``value``)."""

    def __init__(self, *shape, kind="float", low=-2.0, high=2.0, grad=True, away_from_zero=False, value=None,
                 transposed=False):
        self.shape = shape
        self.kind = kind
        self.low, self.high = low, high
        self.grad = grad and kind in ("float", "spd")
        self.away_from_zero = away_from_zero
        self.value = value
        self.transposed = transposed

    def array(self, rng):
        if self.kind == "const":
            return numpy.asarray(self.value)
        if self.kind == "int":
            return rng.integers(int(self.low), int(self.high), size=self.shape).astype(numpy.int64)
        if self.kind == "bool":
            return rng.random(self.shape) > 0.5
        if self.kind == "spd":
            size = self.shape[-1]
            base = rng.standard_normal(self.shape)
            return base @ numpy.swapaxes(base, -1, -2) + size * numpy.eye(size)
        values = rng.uniform(self.low, self.high, size=self.shape)
        if self.away_from_zero:
            values = numpy.sign(values + (values == 0)) * (numpy.abs(values) + 0.3)
        if self.transposed:
            values = numpy.ascontiguousarray(values.swapaxes(-1, -2)).swapaxes(-1, -2)
        return values


def F(*shape, **kwargs):
    return Input(*shape, **kwargs)


def P(*shape, **kwargs):
    """Positive floats in [0.5, 2)."""
    return Input(*shape, low=0.5, high=2.0, **kwargs)


def Z(*shape, **kwargs):
    """Floats with |x| >= 0.3 (no kinks of abs/relu/sign nearby)."""
    return Input(*shape, away_from_zero=True, **kwargs)


def I(*shape, high, low=0):
    return Input(*shape, kind="int", low=low, high=high)


def B(*shape):
    return Input(*shape, kind="bool")


class Sample:
    def __init__(self, name, function, inputs, twice=True, differentiable=True, exact_derivative=True):
        self.name = name
        self.function = function
        self.inputs = inputs
        self.twice = twice
        self.differentiable = differentiable
        # False where PyTorch's gradient is by design not the derivative (embedding's padding row)
        self.exact_derivative = exact_derivative

    def arrays(self):
        rng = numpy.random.default_rng(zlib.crc32(self.name.encode()))
        return [spec.array(rng) for spec in self.inputs]

    def make_inputs(self, lib, device="cpu", dtype=None):
        """The sample's inputs as ``lib`` tensors (float64 unless ``dtype`` says otherwise)."""
        tensors = []
        for spec, array in zip(self.inputs, self.arrays()):
            if spec.kind in ("float", "spd"):
                tensor = lib.tensor(array, dtype=dtype or lib.float64, device=device)
                if spec.transposed:
                    tensor = tensor.mT.contiguous().mT
                if spec.grad:
                    tensor.requires_grad_()
            elif spec.kind == "const":
                tensor = lib.tensor(array, device=device)
            else:
                tensor = lib.tensor(array, device=device)
            tensors.append(tensor)
        return tensors

    def cotangents(self, shapes):
        rng = numpy.random.default_rng(zlib.crc32((self.name + "/grad").encode()))
        return [rng.standard_normal(shape) for shape in shapes]


def outputs_of(result):
    """The tensors a sample returned (a tensor, a tuple, or a named tuple)."""
    if isinstance(result, (tuple, list)):
        return [r for r in result]
    return [result]


def _setitem(lib, a, v):
    out = a * 1
    out[1] = v * 2
    return out


def _inplace_on_view(lib, a, b):
    out = a * 1
    out[1:3].mul_(b)
    row = out[0]
    row += b
    return out * row.sum()


def _batch_norm(lib, x, w, b):
    running_mean = lib.zeros(3, dtype=x.dtype)
    running_var = lib.ones(3, dtype=x.dtype)
    out = lib.nn.functional.batch_norm(x, running_mean, running_var, w, b, training=True, momentum=0.2)
    return out, running_mean, running_var


def _batch_norm_eval(lib, x, w, b):
    running_mean = lib.tensor([0.1, -0.2, 0.3], dtype=x.dtype)
    running_var = lib.tensor([1.5, 0.5, 2.0], dtype=x.dtype)
    return lib.nn.functional.batch_norm(x, running_mean, running_var, w, b, training=False)


nnf = "nn.functional"


def _f(lib):
    return lib.nn.functional


SAMPLES = [
    # ----- arithmetic ------------------------------------------------------------------------------
    Sample("add", lambda lib, a, b: a + b, [F(2, 3), F(3)]),
    Sample("add_alpha", lambda lib, a, b: lib.add(a, b, alpha=2.5), [F(2, 3), F(2, 1)]),
    Sample("add_scalar", lambda lib, a: 1.5 + a, [F(3)]),
    Sample("add_0d", lambda lib, a, b: a + b, [F(), F(2, 2)]),
    Sample("add_empty", lambda lib, a, b: a + b, [F(0, 3), F(3)]),
    Sample("add_transposed", lambda lib, a, b: a + b, [F(3, 4, transposed=True), F(4)]),
    Sample("sub", lambda lib, a, b: a - b, [F(2, 3), F(1, 3)]),
    Sample("sub_alpha", lambda lib, a, b: lib.sub(a, b, alpha=3), [F(3), F(3)]),
    Sample("rsub", lambda lib, a: 2.0 - a, [F(4)]),
    Sample("mul", lambda lib, a, b: a * b, [F(2, 3), F(3)]),
    Sample("mul_scalar", lambda lib, a: a * 3.5, [F(2, 2)]),
    Sample("div", lambda lib, a, b: a / b, [F(2, 3), Z(2, 1)]),
    Sample("div_scalar", lambda lib, a: a / 4.0, [F(3)]),
    Sample("rdiv", lambda lib, a: 2.0 / a, [Z(3)]),
    Sample("div_trunc", lambda lib, a, b: lib.div(a, b, rounding_mode="trunc"), [F(4, low=-5, high=5), Z(4)],
           twice=False),
    Sample("div_floor", lambda lib, a, b: lib.div(a, b, rounding_mode="floor"), [F(4, low=-5, high=5), Z(4)],
           twice=False),
    Sample("div_mode_none", lambda lib, a, b: lib.div(a, b, rounding_mode=None), [F(2, 3), Z(2, 1)]),
    Sample("neg", lambda lib, a: -a, [F(3)]),
    Sample("pow_scalar", lambda lib, a: a ** 3, [F(3)]),
    Sample("pow_square", lambda lib, a: a ** 2, [F(2, 2)]),
    Sample("pow_fraction", lambda lib, a: a ** 0.5, [P(3)]),
    Sample("pow_zero", lambda lib, a: a ** 0, [F(3)]),
    Sample("pow_tensor", lambda lib, a, b: a ** b, [P(2, 3), F(3)]),
    Sample("rpow", lambda lib, a: 2.0 ** a, [F(3)]),
    Sample("atan2", lambda lib, a, b: lib.atan2(a, b), [F(3), Z(2, 3)]),
    Sample("hypot", lambda lib, a, b: lib.hypot(a, b), [Z(3), Z(3)]),
    Sample("fmax", lambda lib, a, b: lib.fmax(a, b), [F(4), F(4)], twice=False),
    Sample("fmin", lambda lib, a, b: lib.fmin(a, b), [F(2, 4), F(4)], twice=False),
    Sample("remainder", lambda lib, a, b: lib.remainder(a, b), [F(4, low=-5, high=5), Z(4)], twice=False),
    Sample("fmod", lambda lib, a, b: lib.fmod(a, b), [F(4, low=-5, high=5), Z(4)], twice=False),
    Sample("lerp_scalar", lambda lib, a, b: lib.lerp(a, b, 0.3), [F(3), F(3)]),
    Sample("lerp_tensor", lambda lib, a, b, w: lib.lerp(a, b, w), [F(3), F(3), F(3)]),
    Sample("addcmul", lambda lib, a, b, c: lib.addcmul(a, b, c, value=0.5), [F(3), F(3), F(2, 3)]),
    Sample("addcdiv", lambda lib, a, b, c: lib.addcdiv(a, b, c, value=2), [F(3), F(3), Z(3)]),
    Sample("maximum", lambda lib, a, b: lib.maximum(a, b), [F(3), F(3)], twice=False),
    Sample("minimum", lambda lib, a, b: lib.minimum(a, b), [F(2, 3), F(3)], twice=False),
    Sample("where", lambda lib, a, b: lib.where(a > b, a, b), [F(3), F(3)], twice=False),
    Sample("where_scalar", lambda lib, a: lib.where(a > 0, a, 0.5), [Z(4)], twice=False),
    # ----- unary -----------------------------------------------------------------------------------
    Sample("exp", lambda lib, a: lib.exp(a), [F(3)]),
    Sample("expm1", lambda lib, a: lib.expm1(a), [F(3)]),
    Sample("log", lambda lib, a: lib.log(a), [P(3)]),
    Sample("log1p", lambda lib, a: lib.log1p(a), [P(3)]),
    Sample("log2", lambda lib, a: lib.log2(a), [P(3)]),
    Sample("log10", lambda lib, a: lib.log10(a), [P(3)]),
    Sample("sqrt", lambda lib, a: lib.sqrt(a), [P(3)]),
    Sample("rsqrt", lambda lib, a: lib.rsqrt(a), [P(3)]),
    Sample("square", lambda lib, a: lib.square(a), [F(3)]),
    Sample("reciprocal", lambda lib, a: lib.reciprocal(a), [Z(3)]),
    Sample("sin", lambda lib, a: lib.sin(a), [F(3)]),
    Sample("cos", lambda lib, a: lib.cos(a), [F(3)]),
    Sample("tan", lambda lib, a: lib.tan(a), [F(3, low=-1, high=1)]),
    Sample("asin", lambda lib, a: lib.asin(a), [F(3, low=-0.9, high=0.9)]),
    Sample("acos", lambda lib, a: lib.acos(a), [F(3, low=-0.9, high=0.9)]),
    Sample("atan", lambda lib, a: lib.atan(a), [F(3)]),
    Sample("sinh", lambda lib, a: lib.sinh(a), [F(3)]),
    Sample("cosh", lambda lib, a: lib.cosh(a), [F(3)]),
    Sample("tanh", lambda lib, a: lib.tanh(a), [F(3)]),
    Sample("sigmoid", lambda lib, a: lib.sigmoid(a), [F(4)]),
    Sample("erf", lambda lib, a: lib.erf(a), [F(3)]),
    Sample("erfc", lambda lib, a: lib.erfc(a), [F(3)]),
    Sample("abs", lambda lib, a: lib.abs(a), [Z(4)]),
    Sample("sign", lambda lib, a: lib.sign(a), [Z(3)]),
    Sample("floor", lambda lib, a: lib.floor(a), [F(3, low=-3, high=3)]),
    Sample("ceil", lambda lib, a: lib.ceil(a), [F(3, low=-3, high=3)]),
    Sample("round", lambda lib, a: lib.round(a), [F(3, low=-3, high=3)]),
    Sample("trunc", lambda lib, a: lib.trunc(a), [F(3, low=-3, high=3)]),
    Sample("frac", lambda lib, a: lib.frac(a), [F(3, low=-3, high=3)]),
    Sample("nan_to_num", lambda lib, a: lib.nan_to_num(a / (a > -10)), [F(3)]),
    Sample("clamp", lambda lib, a: lib.clamp(a, min=-1.0, max=1.0), [Z(6, low=-3, high=3)], twice=False),
    Sample("clamp_min", lambda lib, a: a.clamp(min=0.5), [F(5)], twice=False),
    Sample("clip_tensor", lambda lib, a, lo: lib.clip(a, min=lo), [F(5), F(5)], twice=False),
    Sample("clamp_tensor_bounds", lambda lib, a, lo, hi: lib.clamp(a, lo, lo + hi * hi + 0.5),
           [F(6, low=-3, high=3), F(6), F(6)], twice=False),
    Sample("relu", lambda lib, a: lib.relu(a), [Z(4)]),
    Sample("leaky_relu", lambda lib, a: _f(lib).leaky_relu(a, 0.2), [Z(4)]),
    Sample("elu", lambda lib, a: _f(lib).elu(a, alpha=1.5), [Z(4)]),
    Sample("selu", lambda lib, a: _f(lib).selu(a), [Z(4)]),
    Sample("celu", lambda lib, a: _f(lib).celu(a, alpha=0.5), [Z(4)]),
    Sample("gelu", lambda lib, a: _f(lib).gelu(a), [F(4)]),
    Sample("gelu_tanh", lambda lib, a: _f(lib).gelu(a, approximate="tanh"), [F(4)]),
    Sample("silu", lambda lib, a: _f(lib).silu(a), [F(4)]),
    Sample("softplus", lambda lib, a: _f(lib).softplus(a, beta=2.0), [F(4)]),
    Sample("mish", lambda lib, a: _f(lib).mish(a), [F(4)]),
    Sample("logsigmoid", lambda lib, a: _f(lib).logsigmoid(a), [F(4)]),
    Sample("hardtanh", lambda lib, a: _f(lib).hardtanh(a), [Z(5, low=-3, high=3)]),
    Sample("relu6", lambda lib, a: _f(lib).relu6(a), [Z(5, low=-3, high=9)]),
    # ----- reductions ------------------------------------------------------------------------------
    Sample("sum", lambda lib, a: a.sum(), [F(2, 3)]),
    Sample("sum_dim", lambda lib, a: a.sum(1), [F(2, 3)]),
    Sample("sum_dims_keepdim", lambda lib, a: a.sum((0, 2), keepdim=True), [F(2, 3, 2)]),
    Sample("sum_neg_dim", lambda lib, a: a.sum(-1), [F(3, 2)]),
    Sample("sum_empty", lambda lib, a: a.sum(0), [F(0, 3)]),
    Sample("mean", lambda lib, a: a.mean(), [F(2, 3)]),
    Sample("mean_dim", lambda lib, a: a.mean(0, keepdim=True), [F(2, 3)]),
    Sample("prod", lambda lib, a: a.prod(), [Z(2, 3)]),
    Sample("prod_dim", lambda lib, a: a.prod(1, keepdim=True), [Z(2, 3)]),
    Sample("prod_one_zero", lambda lib, a: (a * lib.tensor([1.0, 0.0, 1.0], dtype=a.dtype)).prod(1), [Z(2, 3)],
           twice=False),
    Sample("prod_two_zeros", lambda lib, a: (a * lib.tensor([0.0, 0.0, 1.0], dtype=a.dtype)).prod(), [Z(3)],
           twice=False),
    Sample("max", lambda lib, a: a.max(), [F(2, 3)], twice=False),
    Sample("min", lambda lib, a: a.min(), [F(2, 3)], twice=False),
    Sample("max_dim", lambda lib, a: a.max(1), [F(2, 3)], twice=False),
    Sample("min_dim_keepdim", lambda lib, a: a.min(0, keepdim=True), [F(2, 3)], twice=False),
    Sample("amax", lambda lib, a: a.amax(1), [F(2, 3)], twice=False),
    Sample("amin", lambda lib, a: a.amin(0), [F(2, 3)], twice=False),
    Sample("argmax", lambda lib, a: a.argmax(1), [F(2, 3)], differentiable=False),
    Sample("argmin", lambda lib, a: lib.argmin(a), [F(2, 3)], differentiable=False),
    Sample("argmax_keepdim", lambda lib, a: a.argmax(-1, keepdim=True), [F(2, 3)], differentiable=False),
    Sample("count_nonzero", lambda lib, a: lib.count_nonzero(a * (a > 0), 1), [F(2, 3)], differentiable=False),
    Sample("var", lambda lib, a: a.var(), [F(2, 3)]),
    Sample("var_dim_correction", lambda lib, a: a.var(1, correction=0, keepdim=True), [F(2, 3)]),
    Sample("std", lambda lib, a: a.std(0), [F(3, 2)]),
    Sample("logsumexp", lambda lib, a: lib.logsumexp(a, 1), [F(2, 3)]),
    Sample("logsumexp_large", lambda lib, a: lib.logsumexp(a * 1e4, 0), [F(3)]),
    Sample("cumsum", lambda lib, a: lib.cumsum(a, 1), [F(2, 3)]),
    Sample("cumprod", lambda lib, a: lib.cumprod(a, 0), [Z(3, 2)]),
    Sample("norm", lambda lib, a: a.norm(), [F(3)]),
    Sample("norm_p1", lambda lib, a: a.norm(p=1), [Z(3)]),
    Sample("norm_p3_dim", lambda lib, a: a.norm(p=3, dim=1), [Z(2, 3)]),
    Sample("norm_inf", lambda lib, a: a.norm(p=float("inf")), [F(3)], twice=False),
    Sample("vector_norm", lambda lib, a: lib.linalg.vector_norm(a, ord=2, dim=(0, 1), keepdim=True), [F(2, 3)]),
    Sample("matrix_norm_fro", lambda lib, a: lib.linalg.matrix_norm(a), [F(2, 3, 3)]),
    Sample("matrix_norm_1", lambda lib, a: lib.linalg.matrix_norm(a, ord=1), [Z(3, 3)], twice=False),
    Sample("matrix_norm_inf", lambda lib, a: lib.linalg.matrix_norm(a, ord=float("inf")), [Z(3, 3)], twice=False),
    Sample("all_any", lambda lib, a: ((a > 0).all(1), (a > 0).any(), lib.all(a > -5)), [F(2, 3)],
           differentiable=False),
    # ----- shape -----------------------------------------------------------------------------------
    Sample("reshape", lambda lib, a: a.reshape(3, 2), [F(2, 3)]),
    Sample("view", lambda lib, a: a.view(-1), [F(2, 3)]),
    Sample("flatten", lambda lib, a: a.flatten(), [F(2, 3)]),
    Sample("unflatten", lambda lib, a: a.unflatten(1, (2, 3)), [F(2, 6)]),
    Sample("transpose", lambda lib, a: a.transpose(0, 1), [F(2, 3)]),
    Sample("swapaxes", lambda lib, a: lib.swapaxes(a, 0, -1), [F(2, 3, 2)]),
    Sample("T", lambda lib, a: a.T, [F(2, 3)]),
    Sample("mT", lambda lib, a: a.mT, [F(2, 2, 3)]),
    Sample("t", lambda lib, a: a.t(), [F(2, 3)]),
    Sample("permute", lambda lib, a: a.permute(2, 0, 1), [F(2, 3, 2)]),
    Sample("movedim", lambda lib, a: lib.movedim(a, 0, -1), [F(2, 3, 2)]),
    Sample("unsqueeze", lambda lib, a: a.unsqueeze(1), [F(3)]),
    Sample("squeeze", lambda lib, a: a.squeeze(), [F(1, 3, 1)]),
    Sample("squeeze_dim", lambda lib, a: a.squeeze(0), [F(1, 3)]),
    Sample("squeeze_dims", lambda lib, a: a.squeeze((0, 2)), [F(1, 3, 1)]),
    Sample("expand", lambda lib, a: a.expand(2, 3), [F(3)]),
    Sample("expand_as", lambda lib, a, b: a.expand_as(b), [F(2, 1), F(2, 3, grad=False)]),
    Sample("broadcast_to", lambda lib, a: lib.broadcast_to(a, (2, 3)), [F(2, 1)]),
    Sample("sum_to_size", lambda lib, a: a.sum_to_size(1, 3), [F(2, 3)]),
    Sample("repeat", lambda lib, a: a.repeat(2, 1, 2), [F(2, 3)]),
    Sample("tile", lambda lib, a: lib.tile(a, (2,)), [F(2, 3)]),
    Sample("flip", lambda lib, a: lib.flip(a, [0, 1]), [F(2, 3)]),
    Sample("roll", lambda lib, a: lib.roll(a, 1, 1), [F(2, 3)]),
    Sample("roll_flat", lambda lib, a: lib.roll(a, -2), [F(2, 3)]),
    Sample("cat", lambda lib, a, b: lib.cat([a, b], dim=1), [F(2, 3), F(2, 1)]),
    Sample("cat_neg_dim", lambda lib, a, b: lib.concat((a, b), -1), [F(3), F(2)]),
    Sample("stack", lambda lib, a, b: lib.stack([a, b], dim=1), [F(2, 3), F(2, 3)]),
    Sample("split", lambda lib, a: lib.split(a, 2, dim=1), [F(2, 5)]),
    Sample("split_sections", lambda lib, a: a.split([1, 3], 0), [F(4, 2)]),
    Sample("chunk", lambda lib, a: lib.chunk(a, 3, 0), [F(5, 2)]),
    Sample("unbind", lambda lib, a: lib.unbind(a, 1), [F(2, 3)]),
    Sample("narrow", lambda lib, a: lib.narrow(a, 1, 1, 2), [F(2, 4)]),
    Sample("tril", lambda lib, a: lib.tril(a, -1), [F(3, 3)]),
    Sample("triu", lambda lib, a: a.triu(1), [F(2, 3, 3)]),
    Sample("diagonal", lambda lib, a: lib.diagonal(a, 1), [F(3, 4)]),
    Sample("diagonal_dims", lambda lib, a: a.diagonal(0, -2, -1), [F(2, 3, 3)]),
    Sample("diag_embed", lambda lib, a: lib.diag_embed(a), [F(2, 3)]),
    Sample("diag_embed_offset", lambda lib, a: lib.diag_embed(a, -1), [F(3)]),
    Sample("clone", lambda lib, a: a.clone(), [F(3)]),
    Sample("to_dtype", lambda lib, a: a.to(lib.float64, copy=True), [F(3)]),
    Sample("to_device", lambda lib, a: a.to("cpu", copy=True), [F(3)]),
    # ----- indexing --------------------------------------------------------------------------------
    Sample("select", lambda lib, a: a[1], [F(3, 2)]),
    Sample("slice_step", lambda lib, a: a[::2, 1:], [F(4, 3)]),
    Sample("index_none_ellipsis", lambda lib, a: a[None, ..., 0], [F(2, 3)]),
    Sample("index_list_repeats", lambda lib, a: a[[0, 0, 2]], [F(3, 2)]),
    Sample("index_mask", lambda lib, a: a[a > 0], [Z(5)]),
    Sample("index_tensor_2d", lambda lib, a, i: a[i], [F(3), I(2, 2, high=3)]),
    Sample("index_combined", lambda lib, a: a[1:, [0, 2, 2]], [F(3, 4)]),
    Sample("setitem", _setitem, [F(3), F()]),
    Sample("inplace_on_view", _inplace_on_view, [F(4, 3), F(3)]),
    Sample("gather", lambda lib, a, i: lib.gather(a, 1, i), [F(3, 4), I(3, 2, high=4)]),
    Sample("gather_smaller", lambda lib, a, i: a.gather(0, i), [F(3, 4), I(2, 2, high=3)]),
    Sample("take_along_dim", lambda lib, a: lib.take_along_dim(a, a.argmax(1, keepdim=True), 1), [F(3, 4)]),
    Sample("index_select", lambda lib, a, i: lib.index_select(a, 1, i), [F(2, 4), I(5, high=4)]),
    Sample("masked_fill", lambda lib, a: a.masked_fill(a > 0.5, -1.0), [F(2, 3)]),
    Sample("masked_select", lambda lib, a, m: lib.masked_select(a, m), [F(2, 3), B(3)]),
    Sample("scatter", lambda lib, a, s: lib.scatter(a, 1, lib.tensor([[2, 0], [1, 3]]), s), [F(2, 4), F(2, 2)]),
    Sample("scatter_value", lambda lib, a: lib.scatter(a, 0, lib.tensor([[1, 0, 1]]), value=2.5), [F(2, 3)]),
    Sample("scatter_add", lambda lib, a, s: lib.scatter_add(a, 0, lib.tensor([[0, 1, 0], [0, 0, 1]]), s),
           [F(2, 3), F(2, 3)]),
    Sample("index_add", lambda lib, a, s: lib.index_add(a, 0, lib.tensor([0, 2, 0]), s, alpha=2),
           [F(3, 2), F(3, 2)]),
    # ----- linear algebra --------------------------------------------------------------------------
    Sample("matmul_mm", lambda lib, a, b: a @ b, [F(2, 3), F(3, 2)]),
    Sample("matmul_mv", lambda lib, a, b: a @ b, [F(2, 3), F(3)]),
    Sample("matmul_vm", lambda lib, a, b: a @ b, [F(3), F(3, 2)]),
    Sample("matmul_dot", lambda lib, a, b: a @ b, [F(3), F(3)]),
    Sample("matmul_batched", lambda lib, a, b: a @ b, [F(2, 2, 3), F(3, 2)]),
    Sample("matmul_batched_broadcast", lambda lib, a, b: a @ b, [F(2, 1, 2, 3), F(3, 3, 2)]),
    Sample("matmul_batched_vector", lambda lib, a, b: a @ b, [F(2, 2, 3), F(3)]),
    Sample("matmul_transposed", lambda lib, a, b: a @ b, [F(3, 3, transposed=True), F(3, 2)]),
    Sample("mm", lambda lib, a, b: lib.mm(a, b), [F(2, 3), F(3, 4)]),
    Sample("bmm", lambda lib, a, b: lib.bmm(a, b), [F(2, 2, 3), F(2, 3, 2)]),
    Sample("mv", lambda lib, a, b: lib.mv(a, b), [F(2, 3), F(3)]),
    Sample("dot", lambda lib, a, b: lib.dot(a, b), [F(3), F(3)]),
    Sample("outer", lambda lib, a, b: lib.outer(a, b), [F(3), F(2)]),
    Sample("einsum_matmul", lambda lib, a, b: lib.einsum("ij,jk->ik", a, b), [F(2, 3), F(3, 2)]),
    Sample("einsum_trace", lambda lib, a: lib.einsum("ii->", a), [F(3, 3)]),
    Sample("einsum_diagonal", lambda lib, a, b: lib.einsum("iij,j->i", a, b), [F(2, 2, 3), F(3)]),
    Sample("einsum_batch_outer", lambda lib, a, b: lib.einsum("bi,bj->bij", a, b), [F(2, 3), F(2, 2)]),
    Sample("einsum_implicit", lambda lib, a, b: lib.einsum("ij,jk", a, b), [F(2, 3), F(3, 2)]),
    Sample("tensordot", lambda lib, a, b: lib.tensordot(a, b, dims=([1, 2], [0, 1])), [F(2, 3, 2), F(3, 2, 2)]),
    Sample("inv", lambda lib, a: lib.linalg.inv(a), [Input(3, 3, kind="spd")]),
    Sample("det", lambda lib, a: lib.linalg.det(a), [F(2, 3, 3)]),
    Sample("det_rank_deficient", lambda lib, u, v: lib.linalg.det(u @ v), [F(2, 3, 2), F(2, 2, 3)]),
    Sample("slogdet", lambda lib, a: lib.linalg.slogdet(a), [F(3, 3)]),
    Sample("solve", lambda lib, a, b: lib.linalg.solve(a, b), [Input(3, 3, kind="spd"), F(3, 2)]),
    Sample("solve_vector", lambda lib, a, b: lib.linalg.solve(a, b), [Input(2, 3, 3, kind="spd"), F(2, 3)]),
    # Cholesky reads one triangle: symmetrize so finite differences see the function PyTorch differentiates.
    Sample("cholesky", lambda lib, a: lib.linalg.cholesky((a + a.mT) / 2), [Input(3, 3, kind="spd")]),
    # ----- nn.functional ---------------------------------------------------------------------------
    Sample("linear", lambda lib, x, w, b: _f(lib).linear(x, w, b), [F(2, 3), F(4, 3), F(4)]),
    # linear's node under PyTorch's name for each input rank and bias (ops/linalg.py _linear_node)
    Sample("linear_no_bias", lambda lib, x, w: _f(lib).linear(x, w), [F(2, 3), F(4, 3)]),
    Sample("linear_3d", lambda lib, x, w, b: _f(lib).linear(x, w, b), [F(2, 2, 3), F(4, 3), F(4)]),
    Sample("linear_3d_transposed", lambda lib, x, w, b: _f(lib).linear(x.transpose(0, 1), w, b),
           [F(2, 2, 3), F(4, 3), F(4)]),
    Sample("linear_1d_no_bias", lambda lib, x, w: _f(lib).linear(x, w), [F(3), F(4, 3)]),
    Sample("linear_3d_no_bias", lambda lib, x, w: _f(lib).linear(x, w), [F(2, 2, 3), F(4, 3)]),
    Sample("softmax", lambda lib, a: _f(lib).softmax(a, dim=1), [F(2, 4)]),
    Sample("softmax_dim0", lambda lib, a: lib.softmax(a, 0), [F(3, 2)]),
    Sample("log_softmax", lambda lib, a: _f(lib).log_softmax(a, dim=-1), [F(2, 4)]),
    Sample("log_softmax_extreme", lambda lib, a: _f(lib).log_softmax(a * 1e4, dim=-1), [F(2, 3)]),
    Sample("cross_entropy", lambda lib, a, t: _f(lib).cross_entropy(a, t), [F(4, 3), I(4, high=3)]),
    Sample("cross_entropy_weight_ignore",
           lambda lib, a, w: _f(lib).cross_entropy(a, lib.tensor([0, 2, -100, 1]), weight=w.detach(),
                                                   ignore_index=-100), [F(4, 3), P(3, grad=False)]),
    Sample("cross_entropy_smoothing", lambda lib, a, t: _f(lib).cross_entropy(a, t, label_smoothing=0.1),
           [F(4, 3), I(4, high=3)]),
    Sample("cross_entropy_smoothing_weight",
           lambda lib, a, t, w: _f(lib).cross_entropy(a, t, weight=w.detach(), label_smoothing=0.2), [F(4, 3),
                                                                                                   I(4, high=3),
                                                                                                   P(3, grad=False)]),
    Sample("cross_entropy_probabilities",
           lambda lib, a, p: _f(lib).cross_entropy(a, _f(lib).softmax(p, 1).detach(), label_smoothing=0.1),
           [F(3, 4), F(3, 4, grad=False)]),
    Sample("cross_entropy_spatial", lambda lib, a, t: _f(lib).cross_entropy(a, t, reduction="sum"),
           [F(2, 3, 2, 2), I(2, 2, 2, high=3)]),
    Sample("cross_entropy_none", lambda lib, a, t: _f(lib).cross_entropy(a, t, reduction="none"),
           [F(3, 4), I(3, high=4)]),
    Sample("nll_loss", lambda lib, a, t: _f(lib).nll_loss(a, t), [F(3, 4), I(3, high=4)]),
    Sample("mse_loss", lambda lib, a, b: _f(lib).mse_loss(a, b), [F(2, 3), F(2, 3)]),
    Sample("l1_loss", lambda lib, a, b: _f(lib).l1_loss(a, b, reduction="sum"), [Z(2, 3), F(2, 3, grad=False)]),
    Sample("smooth_l1_loss", lambda lib, a, b: _f(lib).smooth_l1_loss(a, b, beta=0.5),
           [F(6, low=-3, high=3), F(6, grad=False)], twice=False),
    Sample("mse_loss_none_target_grad", lambda lib, a, b: _f(lib).mse_loss(a, b, reduction="none"),
           [F(2, 3), F(2, 3)]),
    Sample("mse_loss_broadcast_sum", lambda lib, a, b: _f(lib).mse_loss(a, b, reduction="sum"), [F(2, 3), F(3)]),
    Sample("smooth_l1_loss_sum_target_grad", lambda lib, a, b: _f(lib).smooth_l1_loss(a, b, reduction="sum"),
           [F(6, low=-3, high=3), F(6)], twice=False),
    Sample("huber_loss", lambda lib, a, b: _f(lib).huber_loss(a, b, delta=0.7), [F(6, low=-3, high=3), F(6)],
           twice=False),
    Sample("huber_loss_none", lambda lib, a, b: _f(lib).huber_loss(a, b, reduction="none", delta=1.5),
           [F(2, 3, low=-4, high=4), F(2, 3, grad=False)], twice=False),
    Sample("binary_cross_entropy_weight_target_grad",
           lambda lib, p, t, w: _f(lib).binary_cross_entropy(p, t, weight=w.detach(), reduction="sum"),
           [F(2, 3, low=0.1, high=0.9), F(2, 3, low=0, high=1), P(3, grad=False)]),
    Sample("bce_with_logits_weights_target_grad",
           lambda lib, x, t, w, pw: _f(lib).binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw,
                                                                             reduction="none"),
           [F(2, 3), F(2, 3, low=0, high=1), P(2, 3, grad=False), P(3, grad=False)]),
    Sample("binary_cross_entropy", lambda lib, p, t: _f(lib).binary_cross_entropy(p, t),
           [F(4, low=0.1, high=0.9), F(4, low=0, high=1, grad=False)]),
    Sample("binary_cross_entropy_target", lambda lib, p, t: _f(lib).binary_cross_entropy(p, t, reduction="sum"),
           [F(4, low=0.1, high=0.9), F(4, low=0.1, high=0.9)]),
    Sample("binary_cross_entropy_with_logits",
           lambda lib, x, t, pw: _f(lib).binary_cross_entropy_with_logits(x, t, pos_weight=pw),
           [F(2, 3), F(2, 3, low=0, high=1, grad=False), P(3, grad=False)]),
    Sample("bce_with_logits_extreme", lambda lib, x: _f(lib).binary_cross_entropy_with_logits(
        x * 1e4, lib.tensor([1.0, 0.0, 1.0], dtype=x.dtype)), [Z(3)]),
    Sample("kl_div", lambda lib, a, b: _f(lib).kl_div(_f(lib).log_softmax(a, 1), _f(lib).softmax(b, 1),
                                                      reduction="batchmean"), [F(2, 3), F(2, 3)]),
    Sample("kl_div_log_target", lambda lib, a, b: _f(lib).kl_div(a, b, reduction="sum", log_target=True),
           [F(2, 3), F(2, 3)]),
    Sample("conv1d", lambda lib, x, w, b: _f(lib).conv1d(x, w, b, stride=2, padding=1), [F(2, 2, 7), F(3, 2, 3),
                                                                                          F(3)]),
    Sample("conv1d_same", lambda lib, x, w: _f(lib).conv1d(x, w, padding="same", dilation=2), [F(1, 2, 6),
                                                                                                F(2, 2, 2)]),
    Sample("conv2d", lambda lib, x, w, b: _f(lib).conv2d(x, w, b, padding=1), [F(2, 2, 4, 4), F(3, 2, 3, 3), F(3)]),
    Sample("conv2d_stride_dilation", lambda lib, x, w: _f(lib).conv2d(x, w, stride=2, dilation=2, padding=2),
           [F(1, 2, 6, 5), F(2, 2, 2, 3)]),
    Sample("conv2d_groups", lambda lib, x, w: _f(lib).conv2d(x, w, groups=2), [F(1, 4, 4, 4), F(4, 2, 3, 3)]),
    Sample("conv2d_same_even", lambda lib, x, w: _f(lib).conv2d(x, w, padding="same"), [F(1, 1, 4, 4),
                                                                                        F(2, 1, 2, 2)]),
    Sample("conv_transpose2d", lambda lib, x, w, b: _f(lib).conv_transpose2d(x, w, b, stride=2, padding=1,
                                                                             output_padding=1),
           [F(1, 2, 3, 3), F(2, 3, 3, 3), F(3)]),
    Sample("conv_transpose2d_groups", lambda lib, x, w: _f(lib).conv_transpose2d(x, w, groups=2),
           [F(1, 4, 2, 2), F(4, 1, 2, 2)]),
    Sample("max_pool2d", lambda lib, x: _f(lib).max_pool2d(x, 2), [F(2, 2, 4, 4)], twice=False),
    Sample("max_pool2d_stride_pad", lambda lib, x: _f(lib).max_pool2d(x, 3, stride=2, padding=1,
                                                                      return_indices=True),
           [F(1, 2, 5, 5)], twice=False),
    Sample("avg_pool2d", lambda lib, x: _f(lib).avg_pool2d(x, 2), [F(2, 2, 4, 4)]),
    Sample("avg_pool2d_pad", lambda lib, x: _f(lib).avg_pool2d(x, 3, stride=2, padding=1,
                                                               count_include_pad=False), [F(1, 1, 5, 5)]),
    Sample("adaptive_avg_pool2d", lambda lib, x: _f(lib).adaptive_avg_pool2d(x, (2, 3)), [F(1, 2, 5, 7)]),
    Sample("adaptive_avg_pool2d_1", lambda lib, x: _f(lib).adaptive_avg_pool2d(x, 1), [F(2, 2, 4, 4)]),
    Sample("layer_norm", lambda lib, x, w, b: _f(lib).layer_norm(x, (3,), w, b), [F(2, 3), F(3), F(3)]),
    Sample("layer_norm_2d", lambda lib, x: _f(lib).layer_norm(x, (2, 3)), [F(2, 2, 3)]),
    Sample("layer_norm_weight_only", lambda lib, x, w: _f(lib).layer_norm(x, (4,), w), [F(3, 4), F(4)]),
    Sample("layer_norm_bias_only_1d", lambda lib, x, b: _f(lib).layer_norm(x, (2, 3), None, b, eps=1e-3),
           [F(2, 3), F(2, 3)]),
    Sample("batch_norm", _batch_norm, [F(4, 3, 2), F(3), F(3)]),
    Sample("batch_norm_eval", _batch_norm_eval, [F(4, 3), F(3), F(3)]),
    Sample("group_norm", lambda lib, x, w, b: _f(lib).group_norm(x, 2, w, b), [F(2, 4, 3), F(4), F(4)]),
    Sample("embedding", lambda lib, w: _f(lib).embedding(lib.tensor([[0, 2], [2, 3]]), w), [F(4, 2)]),
    # padding_idx: by design the padding row gets no gradient although the output depends on it.
    Sample("embedding_padding_idx", lambda lib, w: _f(lib).embedding(lib.tensor([[0, 2], [2, 3]]), w,
                                                                      padding_idx=3), [F(4, 2)],
           exact_derivative=False),
    Sample("one_hot", lambda lib, t: _f(lib).one_hot(t, 4), [I(3, high=4)], differentiable=False),
    Sample("pad_constant", lambda lib, x: _f(lib).pad(x, (1, 2, 0, 1), value=0.5), [F(2, 3)]),
    Sample("pad_crop", lambda lib, x: _f(lib).pad(x, (-1, 1)), [F(2, 3)]),
    Sample("pad_reflect", lambda lib, x: _f(lib).pad(x, (2, 1), mode="reflect"), [F(1, 2, 4)]),
    Sample("pad_replicate", lambda lib, x: _f(lib).pad(x, (1, 2, 2, 0), mode="replicate"), [F(1, 1, 2, 3)]),
    Sample("pad_circular", lambda lib, x: _f(lib).pad(x, (1, 2), mode="circular"), [F(1, 2, 3)]),
    Sample("normalize", lambda lib, x: _f(lib).normalize(x, dim=1), [F(2, 3)]),
    Sample("cosine_similarity", lambda lib, a, b: _f(lib).cosine_similarity(a, b), [F(2, 3), F(2, 3)]),
    # activations with kernels of their own (gradlib/ops/activation.py) and the composed ones
    Sample("hardshrink", lambda lib, x: _f(lib).hardshrink(x, 0.7), [F(3, 4)], twice=False),
    Sample("softshrink", lambda lib, x: _f(lib).softshrink(x), [F(3, 4)], twice=False),
    Sample("hardsigmoid", lambda lib, x: _f(lib).hardsigmoid(x), [F(3, 4, low=-5, high=5)], twice=False),
    Sample("hardswish", lambda lib, x: _f(lib).hardswish(x), [F(3, 4, low=-5, high=5)]),
    Sample("threshold", lambda lib, x: _f(lib).threshold(x, 0.1, 20.0), [F(3, 4)], twice=False),
    Sample("glu", lambda lib, x: _f(lib).glu(x, 1), [F(2, 4, 3)]),
    Sample("prelu_channels", lambda lib, x, w: _f(lib).prelu(x, w), [F(2, 3, 4), F(3)]),
    Sample("prelu_shared", lambda lib, x, w: _f(lib).prelu(x, w), [F(5), F(1)]),
    Sample("rrelu_eval", lambda lib, x: _f(lib).rrelu(x, 0.1, 0.3), [F(3, 4)], twice=False),
    Sample("celu_alpha", lambda lib, x: _f(lib).celu(x, 0.7), [F(3, 4)]),
    Sample("softsign", lambda lib, x: _f(lib).softsign(x), [Z(3, 4)]),
    Sample("tanhshrink", lambda lib, x: _f(lib).tanhshrink(x), [F(3, 4)]),
    Sample("softmin", lambda lib, x: _f(lib).softmin(x, 1), [F(3, 4)]),
    # losses composed of ops (gradlib/nn/_losses.py)
    Sample("margin_ranking_loss", lambda lib, a, b: _f(lib).margin_ranking_loss(
        a, b, lib.tensor([1.0, -1.0, 1.0, -1.0], dtype=a.dtype), margin=0.2), [F(4), F(4)]),
    Sample("hinge_embedding_loss", lambda lib, x: _f(lib).hinge_embedding_loss(
        x, lib.tensor([1.0, -1.0, -1.0, 1.0], dtype=x.dtype), reduction="sum"), [F(4)]),
    Sample("soft_margin_loss", lambda lib, x: _f(lib).soft_margin_loss(x, lib.tensor([1.0, -1.0, 1.0], dtype=x.dtype)),
           [F(3)]),
    Sample("multilabel_soft_margin_loss", lambda lib, x, t: _f(lib).multilabel_soft_margin_loss(x, t),
           [F(2, 3), F(2, 3, low=0, high=1)]),
    Sample("cosine_embedding_loss", lambda lib, a, b: _f(lib).cosine_embedding_loss(
        a, b, lib.tensor([1.0, -1.0, 1.0], dtype=a.dtype), margin=-0.5), [F(3, 4), F(3, 4)]),
    Sample("triplet_margin_loss", lambda lib, a, p, n: _f(lib).triplet_margin_loss(a, p, n, margin=3.0),
           [F(3, 4), F(3, 4), F(3, 4)]),
    Sample("poisson_nll_loss", lambda lib, x, t: _f(lib).poisson_nll_loss(x, t), [F(2, 3), P(2, 3)]),
    Sample("poisson_nll_loss_rates_full", lambda lib, x: _f(lib).poisson_nll_loss(
        x, lib.tensor([[0.0, 2.0, 3.0]], dtype=x.dtype), log_input=False, full=True), [P(2, 3)]),
    Sample("gaussian_nll_loss", lambda lib, x, t, v: _f(lib).gaussian_nll_loss(x, t, v), [F(3, 2), F(3, 2),
                                                                                       P(3, 1)]),
    # resampling (gradlib/ops/upsample.py)
    Sample("interpolate_nearest_1d", lambda lib, x: _f(lib).interpolate(x, scale_factor=2.5), [F(1, 2, 3)]),
    Sample("interpolate_nearest_2d_size", lambda lib, x: _f(lib).interpolate(x, size=(5, 2)), [F(1, 1, 3, 4)]),
    Sample("interpolate_nearest_exact", lambda lib, x: _f(lib).interpolate(x, size=(4, 5), mode="nearest-exact"),
           [F(1, 1, 3, 3)]),
    Sample("interpolate_linear", lambda lib, x: _f(lib).interpolate(x, scale_factor=1.5, mode="linear"),
           [F(2, 1, 4)]),
    Sample("interpolate_linear_align_corners", lambda lib, x: _f(lib).interpolate(x, size=6, mode="linear",
                                                                                  align_corners=True), [F(1, 2, 3)]),
    Sample("interpolate_bilinear", lambda lib, x: _f(lib).interpolate(x, size=(4, 5), mode="bilinear"),
           [F(1, 2, 3, 3)]),
    Sample("interpolate_bilinear_align_corners_down",
           lambda lib, x: _f(lib).interpolate(x, scale_factor=0.6, mode="bilinear", align_corners=True),
           [F(1, 1, 5, 4)]),
    Sample("interpolate_nearest_3d", lambda lib, x: _f(lib).interpolate(x, scale_factor=(2, 1, 1.5)),
           [F(1, 1, 2, 2, 2)]),
    Sample("interpolate_nearest_exact_1d", lambda lib, x: _f(lib).interpolate(x, size=5, mode="nearest-exact"),
           [F(1, 2, 3)]),
    Sample("interpolate_nearest_exact_3d", lambda lib, x: _f(lib).interpolate(x, size=(3, 2, 3),
                                                                              mode="nearest-exact"),
           [F(1, 1, 2, 2, 2)]),
    Sample("interpolate_trilinear", lambda lib, x: _f(lib).interpolate(x, size=(3, 2, 3), mode="trilinear"),
           [F(1, 1, 2, 2, 2)]),
    Sample("interpolate_area", lambda lib, x: _f(lib).interpolate(x, size=(2, 2), mode="area"), [F(1, 1, 4, 5)]),
    Sample("pixel_shuffle", lambda lib, x: _f(lib).pixel_shuffle(x, 2), [F(2, 4, 2, 3)]),
    Sample("pixel_unshuffle", lambda lib, x: _f(lib).pixel_unshuffle(x, 2), [F(1, 2, 4, 2)]),
    Sample("conv_transpose1d", lambda lib, x, w, b: _f(lib).conv_transpose1d(x, w, b, stride=2, padding=1,
                                                                             output_padding=1),
           [F(2, 2, 4), F(2, 3, 3), F(3)]),
    # attention (gradlib/nn/_attention.py)
    Sample("sdpa", lambda lib, q, k, v: _f(lib).scaled_dot_product_attention(q, k, v), [F(2, 3, 4), F(2, 5, 4),
                                                                                       F(2, 5, 3)]),
    Sample("sdpa_causal_scale", lambda lib, q, k, v: _f(lib).scaled_dot_product_attention(q, k, v, is_causal=True,
                                                                                          scale=0.3),
           [F(2, 2, 4, 3), F(2, 2, 4, 3), F(2, 2, 4, 3)]),
    Sample("sdpa_bool_mask", lambda lib, q, k, v: _f(lib).scaled_dot_product_attention(
        q, k, v, attn_mask=lib.tensor([[True, False, True], [False, False, False]])), [F(1, 2, 4), F(1, 3, 4),
                                                                                        F(1, 3, 2)]),
    Sample("sdpa_float_mask", lambda lib, q, k, v, m: _f(lib).scaled_dot_product_attention(q, k, v, attn_mask=m),
           [F(2, 3, 4), F(2, 3, 4), F(2, 3, 4), F(3, 3)]),
]


#: the samples recorded in torch_ops.json; the others have their own files (see op_registry_apis.py)
CORE_SAMPLES = SAMPLES
# every tests/op_registry_<topic>.py adds its SAMPLES (and NONDIFFERENTIABLE op names): a new module joins by existing
_EXTRA_REGISTRIES = [importlib.import_module(path.stem)
                     for path in sorted(pathlib.Path(__file__).parent.glob("op_registry_*.py"))]
SAMPLES = CORE_SAMPLES + [sample for module in _EXTRA_REGISTRIES for sample in module.SAMPLES]
#: op classes a float64 sample cannot reach (a module's COVERED_ELSEWHERE names the test that covers each)
COVERED_ELSEWHERE = {name: why for module in _EXTRA_REGISTRIES
                     for name, why in getattr(module, "COVERED_ELSEWHERE", {}).items()}


def nondifferentiable_ops():
    """Op classes that never record a node (their outputs never require grad)."""
    return {"Eq", "Ne", "Lt", "Le", "Gt", "Ge", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "All", "Any",
            "IsFinite", "LogicalNot", "ArgMax", "ArgMin", "CountNonzero", "BitwiseNot",
            # floor_divide and scalar % tensor: PyTorch records a node whose backward refuses (no derivative)
            "FloorDivide", "RemainderScalarTensor"}.union(
                *(getattr(module, "NONDIFFERENTIABLE", ()) for module in _EXTRA_REGISTRIES))


SAMPLES_BY_NAME = {sample.name: sample for sample in SAMPLES}
assert len(SAMPLES_BY_NAME) == len(SAMPLES), "sample names must be unique"
