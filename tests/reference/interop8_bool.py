"""Ops that give bool in PyTorch (issue 15, interop8): comparisons with every kind of operand and dtype mix,
logical and bitwise ops on bool, tests of values (isnan, isin, signbit ...), any/all with and without dim,
torch.equal, masks; written once for gradlib and PyTorch (``lib``). The record is the result's kind, dtype and
values, or the exception. Inputs: ``f`` float32 [1.5, -0., nan, inf], ``h`` float16, ``d`` float64, ``i`` int64
[1, 0, -2, 3], ``u`` uint8, ``b`` bool, ``s`` 0-d float32, ``k`` 0-d int64, ``m`` int32 [[1, 0], [2, 0]].
"""
import itertools

_OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
_OPERANDS = ("f", "h", "d", "i", "u", "b", "s", "k", "1", "1.5", "True", "np.float64(1.5)", "np.int64(1)",
             "np.float32(0.)", "np.bool_(True)", "lib.tensor(1.)", "lib.tensor(1)")

CASES = {}
for _op, _left in itertools.product(_OPERATORS, _OPERANDS):
    CASES[f"{_left} {_op} i"] = f"{_left} {_op} i"
    CASES[f"f {_op} {_left}"] = f"f {_op} {_left}"
for _op in _OPERATORS:
    CASES[f"m {_op} [[1, 0], [0, 0]]"] = f"m {_op} lib.tensor([[1, 0], [0, 0]])"
    CASES[f"b {_op} b"] = f"b {_op} b.flip(0)"
for _name in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal"):
    CASES[f"lib.{_name}(f, i)"] = f"lib.{_name}(f, i)"
    CASES[f"lib.{_name}(i, 2)"] = f"lib.{_name}(i, 2)"
    CASES[f"i.{_name}(1.5)"] = f"i.{_name}(1.5)"
for _name in ("logical_and", "logical_or", "logical_xor"):
    for _a, _b in (("f", "i"), ("b", "b"), ("u", "i"), ("s", "b"), ("h", "d")):
        CASES[f"lib.{_name}({_a}, {_b})"] = f"lib.{_name}({_a}, {_b})"
    CASES[f"f.{_name}(i)"] = f"f.{_name}(i)"
for _arg in ("f", "i", "b", "u", "h", "s"):
    CASES[f"lib.logical_not({_arg})"] = f"lib.logical_not({_arg})"
    for _name in ("isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "signbit"):
        CASES[f"lib.{_name}({_arg})"] = f"lib.{_name}({_arg})"
    CASES[f"{_arg}.any()"] = f"{_arg}.any()"
    CASES[f"{_arg}.all()"] = f"{_arg}.all()"
    CASES[f"lib.any({_arg}, 0)"] = f"lib.any({_arg}.reshape(-1), 0)"
    CASES[f"{_arg}.bool()"] = f"{_arg}.bool()"
    CASES[f"{_arg}.ne(0)"] = f"{_arg}.ne(0)"
CASES.update({
    "m.any(dim=1)": "m.any(dim=1)", "m.all(dim=0)": "m.all(dim=0)", "m.any(1, keepdim=True)": "m.any(1, keepdim=True)",
    "m.all((0, 1))": "m.all((0, 1))", "lib.all(m, dim=1)": "lib.all(m, dim=1)", "u.all()": "u.all()",
    "u.any(0)": "u.any(0)", "empty.any()": "lib.zeros(0).any()", "empty.all()": "lib.zeros(0).all()",
    "empty.any(0)": "lib.zeros(0, 2).any(0)",
    "b & b": "b & b.flip(0)", "b | b": "b | b.flip(0)", "b ^ b": "b ^ b.flip(0)", "~b": "~b", "b & True": "b & True",
    "True | b": "True | b", "b ^ 1": "b ^ 1", "b & i": "b & i", "b.logical_not()": "b.logical_not()",
    "lib.bitwise_not(b)": "lib.bitwise_not(b)", "lib.bitwise_and(b, b)": "lib.bitwise_and(b, b)",
    "b & np.bool_(True)": "b & np.bool_(True)",
    "lib.isin(i, [0, 3])": "lib.isin(i, lib.tensor([0, 3]))", "lib.isin(i, 3)": "lib.isin(i, 3)",
    "lib.isin(f, i)": "lib.isin(f, i)", "lib.isin(i, k, invert=True)": "lib.isin(i, k, invert=True)",
    "lib.equal(f, f)": "lib.equal(f, f)", "lib.equal(i, i)": "lib.equal(i, i)", "lib.equal(i, f)": "lib.equal(i, i.float())",
    "lib.equal(b, b)": "lib.equal(b, b)", "lib.equal(shapes)": "lib.equal(i, i[:2])",
    "lib.isclose(f, f)": "lib.isclose(f, f)", "lib.isclose(f, f, equal_nan=True)": "lib.isclose(f, f, equal_nan=True)",
    "lib.allclose(d, d)": "lib.allclose(d, d)", "f.eq(f).all()": "f.eq(f).all()",
    "i > 0 masked_fill": "i.masked_fill(i > 0, 9)", "mask from int": "f.masked_fill(i.bool(), 0.)",
    "where(i > 0)": "lib.where(i > 0, i, -i)", "mask select": "f[i > 0]", "nonzero of bool": "(i > 0).nonzero()",
    "sum of bool": "(i > 0).sum()", "mean of bool float": "(i > 0).float().mean()", "bool + bool": "b + b",
    "bool * bool": "b * b", "bool + int": "b + 1", "bool + float": "b + 1.5", "bool - bool": "b - b",
    "lib.zeros_like(b)": "lib.zeros_like(b)", "lib.ones(2, dtype=bool)": "lib.ones(2, dtype=lib.bool)",
    "lib.tensor([True])": "lib.tensor([True, False])", "lib.full(bool)": "lib.full((2,), True)",
    "lib.empty(bool).dtype": "lib.empty(2, dtype=lib.bool).dtype", "lib.rand(2) > 2": "lib.rand(2) > 2",
    "argmax of bool": "b.argmax()", "max of bool": "b.max()", "cumsum of bool": "b.cumsum(0)",
    "bool.int()": "b.int()", "b.float()": "b.float()", "lib.logical_and(b, b, out)": "lib.logical_and(b, b)",
    "lib.lt(s, 2)": "lib.lt(s, 2)", "s > k": "s > k", "k == 1": "k == 1",
    "i.eq_(f) dtype": "i.clone().eq_(f)", "f.lt_(1)": "f.clone().lt_(1)", "b.logical_and_(b)": "b.clone().logical_and_(b)",
    "lib.maximum(b, b)": "lib.maximum(b, b)", "lib.where(b, b, False)": "lib.where(b, b, False)",
    "b.sum(dtype)": "b.sum()", "b.prod()": "b.prod()", "lib.stack([b, b])": "lib.stack([b, b])",
    "lib.cat([b, i])": "lib.cat([b, i])", "b.to(float)": "b.to(lib.float32)", "b.mul(2.5)": "b.mul(2.5)",
    "lib.hstack([b, b])": "lib.hstack([b, b])", "lib.vstack([b, b])": "lib.vstack([b, b])",
    "lib.dstack([b, b])": "lib.dstack([b, b])", "lib.column_stack([b, b])": "lib.column_stack([b, b])",
    "lib.cat([b, u])": "lib.cat([b, u])", "lib.cat([b2, b2], 1)": "lib.cat([b[None], b[None]], 1)",
    "lib.stack([b, b], 1)": "lib.stack([b, b], 1)", "lib.block_diag(b2, b2)": "lib.block_diag(b[None], b[None])",
    "lib.stack([i > 0, i < 0])": "lib.stack([i > 0, i < 0])", "b.repeat(2)": "b.repeat(2)",
    "b.unsqueeze(0).expand(2, 4)": "b.unsqueeze(0).expand(2, 4)", "b.flip(0)": "b.flip(0)",
    "lib.tensor([[True], [False]]).T": "lib.tensor([[True], [False]]).T", "b.clone()": "b.clone()",
    "b.reshape(2, 2)": "b.reshape(2, 2)", "b[None].transpose(0, 1)": "b[None].transpose(0, 1)",
    "lib.sign(b)": "lib.sign(b)", "lib.abs(b)": "lib.abs(b)", "(b == 1)": "b == 1", "(b == 1.)": "b == 1.",
})


def inputs(lib, device):
    import math
    kw = {"device": device}
    return {"f": lib.tensor([1.5, -0., math.nan, math.inf], **kw),
            "h": lib.tensor([1.5, 0., -1., 2.], dtype=lib.float16, **kw),
            "d": lib.tensor([1.5, 1., 3., -math.inf], dtype=lib.float64, **kw),
            "i": lib.tensor([1, 0, -2, 3], **kw), "u": lib.tensor([1, 0, 2, 255], dtype=lib.uint8, **kw),
            "b": lib.tensor([True, False, True, False], **kw), "s": lib.tensor(1.5, **kw), "k": lib.tensor(1, **kw),
            "m": lib.tensor([[1, 0], [2, 0]], dtype=lib.int32, **kw)}


def observe(lib, name, device="cpu"):
    import numpy as np
    scope = {"lib": lib, "np": np, **inputs(lib, device)}
    lib.manual_seed(0)
    try:
        value = eval(CASES[name], scope)
    except Exception as error:  # noqa: BLE001 - the error is the record
        return {"error": [type(error).__name__, str(error).replace(lib.__name__ + ".", "torch.")]}
    if isinstance(value, lib.Tensor):
        return {"kind": "Tensor", "dtype": str(value.dtype).replace(lib.__name__ + ".", ""),
                "values": value.cpu().tolist()}
    if isinstance(value, lib.dtype):
        return {"kind": "dtype", "values": str(value).replace(lib.__name__ + ".", "")}
    return {"kind": type(value).__name__, "values": value}


def record(torch):
    return {name: observe(torch, name) for name in CASES}
