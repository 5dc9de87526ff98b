"""The op registry for tests: every public op with sample inputs, run by the generic tests.

Each sample is (id, function, input tensors); inputs are float64 and require grad unless marked. A sample
records which graph node classes it exercises, and ``test_registry_covers_every_op`` fails when an op class
in ``gradlib.ops.ops_table`` has no sample.
"""
import numpy

import gradlib

_random = numpy.random.default_rng(1234)


def make(*shape, low=-2.0, high=2.0, grad=True, device="cpu"):
    """A float64 tensor of distinct values (no ties, no zeros unless the range includes them by chance)."""
    values = _random.uniform(low, high, size=shape)
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=grad)


def positive(*shape, **kwargs):
    return make(*shape, low=0.5, high=2.0, **kwargs)


def away_from_zero(*shape, **kwargs):
    values = make(*shape, low=0.3, high=2.0, grad=False, **kwargs)
    signs = gradlib.tensor(_random.choice([-1.0, 1.0], size=shape), dtype=gradlib.float64, device=values.device)
    return (values * signs).detach().requires_grad_()


def samples(device):
    """(id, function, inputs, twice_differentiable) for every op, on ``device``."""
    m = lambda *s: make(*s, device=device)  # noqa: E731
    p = lambda *s: positive(*s, device=device)  # noqa: E731
    z = lambda *s: away_from_zero(*s, device=device)  # noqa: E731
    return [
        ("add", lambda a, b: a + b, (m(2, 3), m(3)), True),
        ("add_alpha", lambda a, b: gradlib.add(a, b, alpha=2.5), (m(2, 3), m(2, 1)), True),
        ("add_scalar", lambda a: 1.5 + a, (m(3),), True),
        ("add_0d", lambda a, b: a + b, (m(), m(2, 2)), True),
        ("sub", lambda a, b: a - b, (m(2, 3), m(1, 3)), True),
        ("sub_alpha", lambda a, b: gradlib.sub(a, b, alpha=3), (m(3), m(3)), True),
        ("rsub", lambda a: 2.0 - a, (m(4),), True),
        ("mul", lambda a, b: a * b, (m(2, 3), m(3)), True),
        ("mul_scalar", lambda a: a * 3.5, (m(2, 2),), True),
        ("div", lambda a, b: a / b, (m(2, 3), z(2, 1)), True),
        ("div_scalar", lambda a: a / 4.0, (m(3),), True),
        ("rdiv", lambda a: 2.0 / a, (z(3),), True),
        ("neg", lambda a: -a, (m(3),), True),
        ("pow_scalar", lambda a: a ** 3, (m(3),), True),
        ("pow_square", lambda a: a ** 2, (m(2, 2),), True),
        ("pow_fraction", lambda a: a ** 0.5, (p(3),), True),
        ("pow_zero", lambda a: a ** 0, (m(3),), True),
        ("pow_tensor", lambda a, b: a ** b, (p(2, 3), m(3)), True),
        ("rpow", lambda a: 2.0 ** a, (m(3),), True),
        ("exp", gradlib.exp, (m(3),), True),
        ("log", gradlib.log, (p(3),), True),
        ("sin", gradlib.sin, (m(3),), True),
        ("cos", gradlib.cos, (m(3),), True),
        ("tanh", gradlib.tanh, (m(3),), True),
        ("sigmoid", gradlib.sigmoid, (m(4),), True),
        ("relu", gradlib.relu, (z(4),), True),
        ("sqrt", gradlib.sqrt, (p(3),), True),
        ("abs", gradlib.abs, (z(4),), True),
        ("sign", gradlib.sign, (z(3),), True),
        ("reciprocal", gradlib.reciprocal, (z(3),), True),
        ("sum", lambda a: a.sum(), (m(2, 3),), True),
        ("sum_dim", lambda a: a.sum(1), (m(2, 3),), True),
        ("sum_dims_keepdim", lambda a: a.sum((0, 2), keepdim=True), (m(2, 3, 2),), True),
        ("sum_neg_dim", lambda a: a.sum(-1), (m(3, 2),), True),
        ("mean", lambda a: a.mean(), (m(2, 3),), True),
        ("mean_dim", lambda a: a.mean(0, keepdim=True), (m(2, 3),), True),
        ("max", lambda a: a.max(), (m(2, 3),), False),
        ("min", lambda a: a.min(), (m(2, 3),), False),
        ("max_dim", lambda a: a.max(1)[0], (m(2, 3),), False),
        ("min_dim_keepdim", lambda a: a.min(0, keepdim=True).values, (m(2, 3),), False),
        ("amax", lambda a: a.amax(1), (m(2, 3),), False),
        ("amin", lambda a: a.amin(0), (m(2, 3),), False),
        ("maximum", gradlib.maximum, (m(3), m(3)), False),
        ("minimum", gradlib.minimum, (m(2, 3), m(3)), False),
        ("where", lambda a, b: gradlib.where(a > b, a, b), (m(3), m(3)), False),
        ("where_scalar", lambda a: gradlib.where(a > 0, a, 0.5), (z(4),), False),
        ("norm", lambda a: a.norm(), (m(3),), True),
        ("norm_p1", lambda a: a.norm(p=1), (z(3),), True),
        ("norm_p3_dim", lambda a: a.norm(p=3, dim=1), (z(2, 3),), True),
        ("norm_inf", lambda a: a.norm(p=float("inf")), (m(3),), False),
        ("reshape", lambda a: a.reshape(3, 2), (m(2, 3),), True),
        ("view", lambda a: a.view(-1), (m(2, 3),), True),
        ("flatten", lambda a: a.flatten(), (m(2, 3),), True),
        ("transpose", lambda a: a.transpose(0, 1), (m(2, 3),), True),
        ("T", lambda a: a.T, (m(2, 3),), True),
        ("t", lambda a: a.t(), (m(2, 3),), True),
        ("permute", lambda a: a.permute(2, 0, 1), (m(2, 3, 2),), True),
        ("unsqueeze", lambda a: a.unsqueeze(1), (m(3),), True),
        ("squeeze", lambda a: a.squeeze(), (m(1, 3, 1),), True),
        ("squeeze_dim", lambda a: a.squeeze(0), (m(1, 3),), True),
        ("squeeze_dims", lambda a: a.squeeze((0, 2)), (m(1, 3, 1),), True),
        ("expand", lambda a: a.expand(2, 3), (m(3),), True),
        ("broadcast_to", lambda a: gradlib.broadcast_to(a, (2, 3)), (m(2, 1),), True),
        ("sum_to_size", lambda a: a.sum_to_size(1, 3), (m(2, 3),), True),
        ("clone", lambda a: a.clone(), (m(3),), True),
        ("cat", lambda a, b: gradlib.cat([a, b], dim=1), (m(2, 3), m(2, 1)), True),
        ("cat_neg_dim", lambda a, b: gradlib.cat((a, b), -1), (m(3), m(2)), True),
        ("stack", lambda a, b: gradlib.stack([a, b], dim=1), (m(2, 3), m(2, 3)), True),
        ("select", lambda a: a[1], (m(3, 2),), True),
        ("slice_step", lambda a: a[::2, 1:], (m(4, 3),), True),
        ("index_none_ellipsis", lambda a: a[None, ..., 0], (m(2, 3),), True),
        ("index_list_repeats", lambda a: a[[0, 0, 2]], (m(3, 2),), True),
        ("index_mask", lambda a: a[a > 0], (z(5),), True),
        ("index_tensor_2d", lambda a: a[gradlib.tensor([[0, 1], [1, 1]], device=device)], (m(3),), True),
        ("setitem", _setitem, (m(3), m()), True),
        ("inplace_on_view", _inplace_on_view, (m(4, 3), m(3)), True),
        ("matmul_mm", lambda a, b: a @ b, (m(2, 3), m(3, 2)), True),
        ("matmul_mv", lambda a, b: a @ b, (m(2, 3), m(3)), True),
        ("matmul_vm", lambda a, b: a @ b, (m(3), m(3, 2)), True),
        ("matmul_dot", lambda a, b: a @ b, (m(3), m(3)), True),
        ("matmul_batched", lambda a, b: a @ b, (m(2, 2, 3), m(3, 2)), True),
        ("matmul_batched_broadcast", lambda a, b: a @ b, (m(2, 1, 2, 3), m(3, 3, 2)), True),
        ("matmul_batched_vector", lambda a, b: a @ b, (m(2, 2, 3), m(3)), True),
        ("to_dtype", lambda a: a.to(gradlib.float64, copy=True), (m(3),), True),
        ("to_device", lambda a: a.to("cpu", copy=True), (m(3),), True),
    ]


def _setitem(a, v):
    out = a * 1
    out[1] = v * 2
    return out


def _inplace_on_view(a, b):
    out = a * 1
    out[1:3].mul_(b)  # rewrites out's history (CopySlices) and the view's (AsStridedBackward0)
    row = out[0]
    row += b
    return out * row.sum()


def nondifferentiable_ops():
    """Op classes that never record a node (their outputs never require grad), each with a check."""
    return {"Eq", "Ne", "Lt", "Le", "Gt", "Ge", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "All", "Any",
            "IsFinite", "LogicalNot"}
