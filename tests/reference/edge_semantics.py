"""Edge semantics where PyTorch has its own rules (issue 14, classes 2, 5, 6 and 7): snippets run with ``torch``
bound to PyTorch (by ``record()``, called from ``record_torch.py edge_semantics``) and to gradlib (by
``tests/test_numpy_semantics.py``, ``test_range_checks.py``, ``test_module_contract.py``,
``test_half_precision.py``, through ``check()``). Each snippet leaves its observations in ``result`` or raises;
the class and message of the exception, the values, dtypes and shapes, and the categories of the warnings raised
are compared. The snippets are generated from compact tables, op by op and dtype by dtype.

Case names start with their class: ``numpy/`` (NumPy semantics where PyTorch has its own), ``range/`` (range
checks on indices and arguments), ``module/`` (the nn.Module contract), ``half/`` (float16 accumulation).

Left out on purpose: snippets calling ops gradlib does not have (``_MISSING_OPS``); ``take_along_dim`` with indices
out of range (PyTorch 2.13's CPU kernel reads outside the tensor: undefined values, where gradlib raises); messages
that print a Python set (``padding_mode``, ``padding`` strings of Conv2d: their order changes from run to run);
Python ints beyond int64 beside bool tensors and as both clamp bounds (PyTorch reads them as uint64, a dtype
gradlib does not have). ``KNOWN_DIFFERENCES`` lists the cases whose outcome differs on purpose, with the reason.
"""
import itertools
import json
import math
import pathlib
import re
import warnings

HERE = pathlib.Path(__file__).resolve().parent
RECORDING = HERE / "torch_edge_semantics.json"

INT_DTYPES = ("int8", "int16", "int32", "int64", "uint8")
CASES = {}


def _case(name, code):
    assert name not in CASES, name
    CASES[name] = code


# ----- class 2: NumPy semantics where PyTorch has its own ---------------------------------------------------------

# Integer division and remainder by zero (a tensor holding a zero, a Python 0, a 0-d tensor 0), both sides.
_DIVISIONS = {
    "floordiv": "a // b", "mod": "a % b", "fmod": "torch.fmod(a, b)", "remainder": "torch.remainder(a, b)",
    "floor_divide": "torch.floor_divide(a, b)", "div_floor": "torch.div(a, b, rounding_mode='floor')",
    "div_trunc": "torch.div(a, b, rounding_mode='trunc')", "div_none": "torch.div(a, b, rounding_mode=None)",
    "truediv": "a / b", "method_fmod": "a.fmod(b)", "method_remainder": "a.remainder(b)",
    "method_div_floor": "a.div(b, rounding_mode='floor')", "method_div_trunc": "a.divide(b, rounding_mode='trunc')",
    "ifloordiv": "a = a.clone(); a //= b; a", "imod": "a = a.clone(); a %= b; a", "fmod_": "a.clone().fmod_(b)",
    "remainder_": "a.clone().remainder_(b)", "div_floor_": "a.clone().div_(b, rounding_mode='floor')",
    "div_trunc_": "a.clone().div_(b, rounding_mode='trunc')", "floor_divide_": "a.clone().floor_divide_(b)",
}
_DIVISORS = {
    "tensor_zero": "torch.tensor([2, 0, -3, 0], dtype=torch.{dtype})",
    "python_zero": "0",
    "zero_d": "torch.tensor(0, dtype=torch.{dtype})",
    "nonzero": "torch.tensor([2, 3, -3, 4], dtype=torch.{dtype})",
    "python_neg": "-3",
    "python_float_zero": "0.0",
}
for _op, _expr in _DIVISIONS.items():
    for _dtype in INT_DTYPES + ("float32", "float64", "float16", "bool"):
        for _divisor, _divisor_code in _DIVISORS.items():
            if _dtype == "uint8" and "neg" in _divisor:
                continue
            if _dtype == "bool" and _divisor not in ("tensor_zero", "python_zero"):
                continue
            if _dtype.startswith("float") and _divisor not in ("tensor_zero", "python_zero", "python_neg"):
                continue
            _values = "[True, False, True, True]" if _dtype == "bool" else (
                "[7, 5, 0, 200]" if _dtype == "uint8" else "[7, -5, 0, 100]")
            _divisor_code = _divisor_code.format(dtype=_dtype)
            if _dtype == "bool" and _divisor == "tensor_zero":
                _divisor_code = "torch.tensor([True, False, True, False])"
            _statement = _expr.replace("a // b", "a // b")
            _setup = f"a = torch.tensor({_values}, dtype=torch.{_dtype}); b = {_divisor_code}\n"
            if ";" in _expr:
                *_pre, _last = _expr.split("; ")
                _code = _setup + "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
            else:
                _code = _setup + f"result = {{'out': {_expr}}}"
            _case(f"numpy/div_by_zero/{_op}/{_dtype}/{_divisor}", _code)
# A Python int or 0-d integer tensor divided by a tensor holding a zero.
for _op, _expr in {"rfloordiv": "5 // b", "rmod": "5 % b", "rtruediv": "5 / b",
                   "remainder_scalar": "torch.remainder(5, b)", "rfloordiv_neg": "-5 // b"}.items():
    for _dtype in INT_DTYPES + ("float32",):
        _case(f"numpy/div_by_zero/{_op}/{_dtype}",
              f"b = torch.tensor([2, 0, 3], dtype=torch.{_dtype})\nresult = {{'out': {_expr}}}")
# rounding_mode on floats: values and gradients (floor and trunc have zero gradient), bad modes.
for _mode in ("'floor'", "'trunc'", "None"):
    for _dtype in ("float32", "float64", "float16"):
        _case(f"numpy/div_rounding/{_mode.strip(chr(39))}/{_dtype}",
              f"a = torch.tensor([7., -7., 0.5, -0.5, 3., float('inf'), float('nan')], dtype=torch.{_dtype}, "
              f"requires_grad=True)\n"
              f"b = torch.tensor([2., 2., -3., 0., 0., 2., 1.], dtype=torch.{_dtype}, requires_grad=True)\n"
              f"out = torch.div(a, b, rounding_mode={_mode})\n"
              f"out.sum().backward()\n"
              f"result = {{'out': out, 'ga': a.grad, 'gb': b.grad, 'fn': out.grad_fn.name()}}")
    _case(f"numpy/div_rounding/{_mode.strip(chr(39))}/scalar_divisor",
          f"a = torch.tensor([7., -7.5], requires_grad=True)\nout = a.div(2, rounding_mode={_mode})\n"
          f"out.sum().backward()\nresult = {{'out': out, 'ga': a.grad}}")
    _case(f"numpy/div_rounding/{_mode.strip(chr(39))}/int_by_float",
          f"a = torch.tensor([7, -7])\nresult = {{'out': torch.div(a, 2.5, rounding_mode={_mode}), "
          f"'t': torch.div(a, torch.tensor([2, -2]), rounding_mode={_mode})}}")
_case("numpy/div_rounding/bad_mode", "torch.div(torch.ones(2), 2, rounding_mode='round')")
_case("numpy/div_rounding/bad_mode_int", "torch.div(torch.ones(2, dtype=torch.int64), 2, rounding_mode='x')")
_case("numpy/div_rounding/floor_divide_grad",
      "a = torch.tensor([7., -7.], requires_grad=True)\nresult = {'out': a // 2, 'rg': (a // 2).requires_grad}")
_case("numpy/div_rounding/fmod_grad",
      "a = torch.tensor([7., -7.], requires_grad=True)\nb = torch.tensor([2., 3.], requires_grad=True)\n"
      "torch.fmod(a, b).sum().backward()\nresult = {'ga': a.grad, 'gb': b.grad}")
_case("numpy/div_rounding/remainder_grad",
      "a = torch.tensor([7., -7.], requires_grad=True)\nb = torch.tensor([2., 3.], requires_grad=True)\n"
      "torch.remainder(a, b).sum().backward()\nresult = {'ga': a.grad, 'gb': b.grad}")
_case("numpy/div_rounding/double_backward",
      "a = torch.tensor([7., -7.], dtype=torch.float64, requires_grad=True)\n"
      "b = torch.tensor([2., 3.], dtype=torch.float64, requires_grad=True)\n"
      "g, = torch.autograd.grad(torch.div(a, b, rounding_mode=None).sum(), b, create_graph=True)\n"
      "g2, = torch.autograd.grad(g.sum(), b)\n"
      "gf, = torch.autograd.grad(torch.div(a, b, rounding_mode='floor').sum(), b, allow_unused=True)\n"
      "result = {'g': g, 'g2': g2, 'gf': gf}")

# Integer tensors to negative powers.
for _dtype in INT_DTYPES + ("bool",):
    _values = "[True, False]" if _dtype == "bool" else "[1, 2, 0]" if _dtype == "uint8" else "[1, -1, 2, 0]"
    for _name, _expr in {"pow_op": "a ** -1", "pow_fn": "torch.pow(a, -2)", "pow_method": "a.pow(-1)",
                         "pow_": "a.clone().pow_(-1)", "ipow": "a.clone().__ipow__(-3)",
                         "pow_zero": "a ** 0", "pow_pos": "a ** 3", "pow_float": "a ** -1.0",
                         "pow_0d_tensor": "a ** torch.tensor(-1)", "pow_tensor": "a ** torch.tensor(-2, dtype=a.dtype)",
                         "rpow": "2 ** a", "rpow_neg_base": "(-2) ** a", "float_power": "torch.float_power(a, -1)",
                         "pow_np_int": "a ** np.int64(-1)", "pow_large": "a ** 70"}.items():
        _case(f"numpy/int_pow/{_name}/{_dtype}",
              f"a = torch.tensor({_values}, dtype=torch.{_dtype})\nresult = {{'out': {_expr}}}")
_case("numpy/int_pow/scalar_base_tensor", "result = {'out': torch.pow(2, torch.tensor([-1, 0, 3]))}")
_case("numpy/int_pow/scalar_base_neg", "result = {'out': torch.pow(-3, torch.tensor([-1, 0, 3], dtype=torch.int8))}")

# Python ints out of the dtype's range: arithmetic wraps, comparisons, in-place ops, fills.
_OUT_OF_RANGE = ("300", "-1", "-129", "256", "2 ** 31", "2 ** 32 + 1", "2 ** 63 - 1", "2 ** 63", "-2 ** 63 - 1",
                 "1e10", "True")
_SCALAR_OPS = {
    "add": "a + s", "radd": "s + a", "sub": "a - s", "rsub": "s - a", "mul": "a * s", "floordiv": "a // s",
    "mod": "a % s", "eq": "a == s", "ne": "a != s", "lt": "a < s", "ge": "a >= s", "req": "s == a",
    "and": "a & s", "or": "a | s", "xor": "a ^ s", "lshift": "a << 1 if s is True else a + 0",
    "add_fn": "torch.add(a, s)", "add_alpha": "torch.add(a, 1, alpha=s)", "add_": "a.clone().add_(s)",
    "mul_": "a.clone().mul_(s)", "clamp": "torch.clamp(a, max=s)", "maximum_scalar": "torch.clamp(a, min=s)",
    "where": "torch.where(a > 2, a, s)", "masked_fill": "a.masked_fill(a > 2, s)", "fill_": "a.clone().fill_(s)",
    "setitem": "c = a.clone(); c[0] = s; c", "full": "torch.full((2,), s, dtype=a.dtype)",
    "tensor": "torch.tensor([s], dtype=a.dtype)", "eq_fn": "torch.eq(a, s)",
    "sub_": "a.clone().sub_(s)", "sub_fn": "torch.sub(a, s)", "mul_fn": "torch.mul(a, s)", "le": "a <= s",
    "gt": "a > s", "where_first": "torch.where(a > 2, s, a)", "clamp_both": "torch.clamp(a, -s if s is not True "
    "and isinstance(s, int) else 0, s)", "masked_fill_": "a.clone().masked_fill_(a > 2, s)",
    "setitem_mask": "c = a.clone(); c[a > 2] = s; c", "setitem_list": "c = a.clone(); c[[0]] = s; c",
    "full_like": "torch.full_like(a, s)", "iadd": "c = a.clone(); c += s; c", "isub": "c = a.clone(); c -= s; c", "isin": "torch.isin(a, s)"
    if False else "torch.gt(a, s)", "rem_fn": "torch.remainder(a, s)", "fmod_fn": "torch.fmod(a, s)",
}
for _dtype in INT_DTYPES + ("bool",):
    _values = "[True, False]" if _dtype == "bool" else "[0, 3, 100]" if _dtype == "uint8" else "[0, 3, -100]"
    for _scalar in _OUT_OF_RANGE:
        if _dtype == "bool" and "63" in _scalar:
            continue  # PyTorch reads an int beyond int64 as uint64, a dtype gradlib does not have
        for _op, _expr in _SCALAR_OPS.items():
            if _op == "clamp_both" and "63" in _scalar:
                continue  # two bounds beyond int64: PyTorch reads them as uint64, a dtype gradlib does not have
            if ";" in _expr:
                *_pre, _last = _expr.split("; ")
                _body = "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
            else:
                _body = f"result = {{'out': {_expr}}}"
            _case(f"numpy/int_range/{_op}/{_dtype}/{_scalar.replace(' ', '')}",
                  f"a = torch.tensor({_values}, dtype=torch.{_dtype}); s = {_scalar}\n" + _body)
_case("numpy/int_range/uint8_minus_one_wraps",
      "a = torch.tensor([0, 1], dtype=torch.uint8)\nresult = {'out': a - 1, 'neg': -a, 'inv': ~a, 'abs': a.abs()}")
_case("numpy/int_range/int8_overflow_wraps",
      "a = torch.tensor([127, -128], dtype=torch.int8)\nresult = {'add': a + 1, 'neg': -a, 'abs': a.abs(), "
      "'mul': a * 2, 'sum': a.sum(), 'cumsum': a.cumsum(0), 'prod': a.prod(), 'sum8': a.sum(dtype=torch.int8)}")
_case("numpy/int_range/int64_overflow_wraps",
      "a = torch.tensor([2 ** 62, -2 ** 63])\nresult = {'add': a + a, 'mul': a * 4, 'neg': -a, 'abs': a.abs()}")
_case("numpy/int_range/tensor_from_big_int", "torch.tensor([2 ** 64])")
_case("numpy/int_range/tensor_uint8_negative", "result = {'out': torch.tensor([-1, 256], dtype=torch.uint8)}")
_case("numpy/int_range/tensor_int8_wraps", "result = {'out': torch.tensor([200, -200], dtype=torch.int8)}")

# bool arithmetic.
_BOOL_OPS = {
    "add": "a + b", "sub": "a - b", "neg": "-a", "pos": "+a", "mul": "a * b", "truediv": "a / b",
    "floordiv": "a // b", "mod": "a % b", "pow": "a ** b", "and": "a & b", "or": "a | b", "xor": "a ^ b",
    "invert": "~a", "abs": "abs(a)", "add_int": "a + 1", "mul_int": "a * 2", "mul_float": "a * 1.5",
    "add_true": "a + True", "mul_true": "a * True", "sub_false": "a - False", "sum": "a.sum()", "prod": "a.prod()",
    "mean": "a.mean()", "cumsum": "a.cumsum(0)", "max": "a.max()", "min": "torch.min(a, b)",
    "maximum": "torch.maximum(a, b)", "sign": "torch.sign(a)", "square": "torch.square(a)", "sqrt": "torch.sqrt(a)",
    "exp": "torch.exp(a)", "lt": "a < b", "gt_int": "a > 0", "matmul": "a @ b", "dot": "torch.dot(a, b)",
    "mul_": "a.clone().mul_(b)", "add_": "a.clone().add_(b)", "sub_": "a.clone().sub_(b)",
    "lshift": "a << b", "rshift": "a >> b", "clamp": "a.clamp(0, 1)", "sum_dim": "a.sum(0)",
    "float_mul": "a * torch.tensor([2.5, 1.5, 0.5, 1.])", "int_add": "a + torch.tensor([1, 2, 3, 4])",
    "abs_fn": "torch.abs(a)", "neg_fn": "torch.neg(a)", "reciprocal": "torch.reciprocal(a)",
    "rsub_fn": "torch.rsub(a, b)", "lerp": "torch.lerp(a, b, 0.5)", "var": "a.var()", "argmax": "a.argmax()",
    "sort": "torch.sort(a).values", "topk": "torch.topk(a, 2).values", "cumprod": "a.cumprod(0)",
    "amax": "a.amax()", "any": "a.any()", "all": "a.all()", "count_nonzero": "torch.count_nonzero(a)",
}
for _op, _expr in _BOOL_OPS.items():
    _case(f"numpy/bool/{_op}", "a = torch.tensor([True, False, True, False]); "
                               "b = torch.tensor([True, True, False, False])\n" f"result = {{'out': {_expr}}}")

# NumPy scalars on either side of a tensor: a gradlib tensor in the graph, PyTorch's dtype.
_NP_SCALARS = ("np.float64(0.5)", "np.float32(0.5)", "np.float16(0.5)", "np.int64(2)", "np.int32(2)", "np.int8(2)",
               "np.uint8(2)", "np.bool_(True)")
_NP_OPS = {"mul": "s * x", "rmul": "x * s", "add": "s + x", "radd": "x + s", "sub": "s - x", "rsub": "x - s",
           "div": "s / x", "rdiv": "x / s", "pow": "s ** x", "rpow": "x ** s", "floordiv": "s // x",
           "mod": "s % x", "lt": "s < x", "rlt": "x < s", "eq": "s == x", "ge": "s >= x", "ne": "x != s",
           "matmul_like": "torch.mul(x, s)", "add_fn": "torch.add(s, x) if False else torch.add(x, s)",
           "where": "torch.where(x > 0, x, s)", "maximum": "torch.clamp(x, min=s)"}
_NP_TENSORS = {"float32": "torch.tensor([1., 2., 4.], requires_grad=True)",
               "float64": "torch.tensor([1., 2., 4.], dtype=torch.float64, requires_grad=True)",
               "float16": "torch.tensor([1., 2., 4.], dtype=torch.float16, requires_grad=True)",
               "int64": "torch.tensor([1, 2, 4])", "int32": "torch.tensor([1, 2, 4], dtype=torch.int32)",
               "uint8": "torch.tensor([1, 2, 4], dtype=torch.uint8)", "bool": "torch.tensor([True, False, True])"}
for _scalar in _NP_SCALARS:
    for _tname, _tcode in _NP_TENSORS.items():
        for _op, _expr in _NP_OPS.items():
            _case(f"numpy/np_scalar/{_op}/{_scalar}/{_tname}",
                  f"import numpy as np\nx = {_tcode}; s = {_scalar}\nout = {_expr}\n"
                  "grad = None\n"
                  "if out.requires_grad:\n    out.sum().backward()\n    grad = x.grad\n"
                  "result = {'out': out, 'type': type(out).__name__, 'grad': grad}")
_case("numpy/np_scalar/0d_array_left",
      "import numpy as np\nx = torch.tensor([1., 2.], requires_grad=True)\nout = np.float64(3) * x * np.float32(2)\n"
      "result = {'out': out, 'type': type(out).__name__, 'fn': out.grad_fn is not None}")
_case("numpy/np_scalar/inplace",
      "import numpy as np\nx = torch.tensor([1., 2.])\nx += np.float64(0.5)\nx *= np.int64(3)\ny = torch.tensor([1, 2])\n"
      "y += np.int64(2)\nresult = {'x': x, 'y': y}")
for _scalar in _NP_SCALARS:
    _case(f"numpy/np_scalar/setitem/{_scalar}",
          f"import numpy as np\nx = torch.zeros(3)\nx[0] = {_scalar}\nresult = {{'x': x}}")
    _case(f"numpy/np_scalar/setitem_int/{_scalar}",
          f"import numpy as np\nx = torch.zeros(3, dtype=torch.int64)\nx[1:] = {_scalar}\nresult = {{'x': x}}")
    _case(f"numpy/np_scalar/fill/{_scalar}",
          f"import numpy as np\nresult = {{'x': torch.zeros(3).fill_({_scalar}), 'i': torch.zeros(2, dtype=torch.int32)"
          f".fill_({_scalar}), 'full': torch.full((2,), {_scalar}), 'm': torch.zeros(2).masked_fill("
          f"torch.tensor([True, False]), {_scalar})}}")
    _case(f"numpy/np_scalar/index/{_scalar}",
          f"import numpy as np\nx = torch.arange(6.).reshape(3, 2)\nresult = {{'x': x[{_scalar}]}}")
    _case(f"numpy/np_scalar/tensor/{_scalar}",
          f"import numpy as np\nresult = {{'x': torch.tensor({_scalar}), 'l': torch.tensor([{_scalar}, {_scalar}])}}")
_case("numpy/np_scalar/int_tensor_times_np_float",
      "import numpy as np\nresult = {'out': torch.tensor([1, 2]) * np.float64(0.5), "
      "'half': torch.tensor([1, 2]) * np.float16(0.5)}")

# Indexing: uint8/bool masks, ranges and nested lists (PyTorch's rules, not NumPy 2's).
_INDICES = {
    "list": "[0, 2]", "list_of_list": "[[0, 2]]", "list_mixed": "[0, [1]]", "list_slice": "[slice(None), 0]",
    "list_slice_list": "[slice(0, 2), [0, 1]]", "list_none": "[None, 0]", "list_ellipsis": "[Ellipsis, 1]",
    "list_bools": "[True, False, True]", "list_of_bool_lists": "[[True, False, True]]", "tuple": "(0, 2)",
    "tuple_lists": "([0, 1], [1, 2])", "list_two_lists": "[[0, 1], [1, 2]]", "list_tensor": "[torch.tensor(1)]",
    "list_of_tensors": "[torch.tensor([0, 1]), torch.tensor([1, 2])]", "range": "range(2)",
    "range_step": "range(0, 3, 2)", "tuple_range": "(range(2), 0)", "nested_3": "[[[0, 1]]]",
    "list_negative": "[-1, 0]", "empty_list": "[]", "list_of_empty": "[[]]", "uint8_mask": "torch.tensor([1, 0, 1], "
    "dtype=torch.uint8)", "bool_mask": "torch.tensor([True, False, True])", "bool_scalar": "True",
    "false_scalar": "False", "uint8_2d": "torch.tensor([[1, 0, 1, 0], [0, 0, 0, 1], [1, 1, 1, 1]], dtype=torch.uint8)",
    "int32_index": "torch.tensor([0, 2], dtype=torch.int32)", "int8_index": "torch.tensor([0, 2], dtype=torch.int8)",
    "np_array": "np.array([0, 2])", "np_bool": "np.array([True, False, True])", "np_int": "np.int64(1)",
    "float_list": "[0., 1.]", "float_tensor": "torch.tensor([0., 1.])", "list_of_tuples": "[(0, 1), (1, 2)]",
    "list_long": "list(range(3)) * 11", "tuple_bool_list": "(0, [True, False, True, False])",
    "string": "'a'", "float": "1.5",
}
for _name, _index in _INDICES.items():
    _case(f"numpy/index/get/{_name}",
          f"import numpy as np\nx = torch.arange(12.).reshape(3, 4).requires_grad_()\nout = x[{_index}]\n"
          "out.sum().backward()\nresult = {'out': out, 'grad': x.grad}")
    _case(f"numpy/index/set/{_name}",
          f"import numpy as np\nx = torch.arange(12.).reshape(3, 4)\nx[{_index}] = -1.\nresult = {{'x': x}}")
_case("numpy/index/uint8_mask_warns", "x = torch.arange(3.)\nresult = {'out': x[torch.tensor([1, 0, 1], "
      "dtype=torch.uint8)]}")
_case("numpy/index/set_none", "x = torch.zeros(3)\nx[0] = None")
_case("numpy/index/set_string", "x = torch.zeros(3)\nx[0] = 'a'")
_case("numpy/index/set_list", "x = torch.zeros(2, 3)\nx[0] = [1, 2, 3]\nresult = {'x': x}")
_case("numpy/index/set_object", "x = torch.zeros(3)\nx[0] = object()")
_case("numpy/index/set_np_array", "import numpy as np\nx = torch.zeros(3)\nx[:2] = np.array([1., 2.])\n"
      "result = {'x': x}")
_case("numpy/index/set_complex", "x = torch.zeros(3)\nx[0] = 1j")

# Writing to an expanded tensor (several elements share one memory location).
_EXPANDED_WRITES = {
    "add_": "e.add_(1)", "sub_": "e.sub_(1)", "mul_": "e.mul_(2)", "div_": "e.div_(2)", "pow_": "e.pow_(2)",
    "neg_": "e.neg_()", "exp_": "e.exp_()", "clamp_": "e.clamp_(0, 0.5)", "relu_": "e.relu_()",
    "iadd": "e += 1", "imul": "e *= 2", "copy_": "e.copy_(torch.zeros(2, 3))", "abs_": "e.abs_()",
    "zero_": "e.zero_()", "fill_": "e.fill_(5.)", "setitem_row": "e[0] = 5.", "setitem_all": "e[:] = 7.",
    "setitem_col": "e[:, 1] = 9.", "setitem_tensor": "e[0] = torch.tensor([1., 2., 3.])",
    "masked_fill_": "e.masked_fill_(torch.ones(2, 3, dtype=torch.bool), 3.)", "uniform_": "e.uniform_()",
    "setitem_mask": "e[e > 0] = 4.", "index_fill_": "e.index_fill_(1, torch.tensor([0]), 2.)",
    "sigmoid_": "e.sigmoid_()", "lerp_": "e.lerp_(torch.zeros(2, 3), 0.5)", "addcmul_": "e.addcmul_(e, e)",
    "normal_": "e.normal_()", "t_add_": "e.t().add_(1)", "row_add_": "e[0].add_(1)",
    "column_add_": "e[:, 0].add_(1)", "setitem_advanced": "e[[0]] = 5.", "setitem_element": "e[1, 2] = 8.",
    "transposed_row_add_": "e.t()[0].add_(1)", "unsqueeze_mul_": "e.unsqueeze(0).mul_(2)",
    "relu_inplace_fn": "torch.nn.functional.relu(e, inplace=True)", "dropout_inplace_eval":
    "torch.nn.functional.dropout(e, 0.5, training=False, inplace=True)", "zero_row": "e[1].zero_()", "sqrt_": "e.sqrt_()", "copy_broadcast": "e.copy_(torch.ones(3))",
}
for _name, _write in _EXPANDED_WRITES.items():
    _case(f"numpy/expanded/{_name}",
          f"base = torch.ones(1, 3)\ne = base.expand(2, 3)\n{_write}\n"
          "result = {'base': base if 'uniform' not in " + repr(_write) + " and 'normal' not in " + repr(_write)
          + " else base.shape}")
_case("numpy/expanded/broadcast_to_add_", "base = torch.ones(3)\ne = torch.broadcast_to(base, (2, 3))\ne.add_(1)")
_case("numpy/expanded/unique_elements_ok",
      "base = torch.ones(3, 1)\ne = base.expand(3, 1)\ne.add_(1)\nresult = {'base': base}")
_case("numpy/expanded/size1_stride0_ok",
      "base = torch.ones(1, 3)\ne = base.expand(1, 3)\ne.mul_(2)\nresult = {'base': base}")
_case("numpy/expanded/out_of_place_ok",
      "base = torch.ones(1, 3, requires_grad=True)\ne = base.expand(2, 3)\n(e * 2).sum().backward()\n"
      "result = {'g': base.grad}")

# In-place ops whose result dtype cannot be cast back (NumPy's ufunc casting TypeError never shows).
_INPLACE_CASTS = {"add_float": "a.add_(1.5)", "div_int": "a.div_(2)", "div_tensor": "a.div_(torch.tensor([2, 2]))",
                  "mul_float_tensor": "a.mul_(torch.tensor([1.5, 2.]))", "pow_float": "a.pow_(0.5)",
                  "exp_": "a.exp_()", "sigmoid_": "a.sigmoid_()", "relu_": "a.relu_()", "neg_": "a.neg_()",
                  "clamp_float": "a.clamp_(0.5)", "sub_float": "a.sub_(0.5)", "iadd_float": "a += 0.5",
                  "imul_float": "a *= 2.5", "itruediv": "a /= 2", "ifloordiv_float": "a //= 2.5",
                  "copy_float": "a.copy_(torch.tensor([1.5, 2.5]))", "fill_float": "a.fill_(2.7)",
                  "masked_fill_float": "a.masked_fill_(torch.tensor([True, False]), 2.7)",
                  "add_bool": "a.add_(True)", "add_int": "a.add_(3)", "setitem_float": "a[0] = 2.7",
                  "setitem_float_tensor": "a[0] = torch.tensor(2.7)", "tanh_": "a.tanh_()"}
for _dtype in ("int64", "uint8", "bool", "float16"):
    _values = "[True, False]" if _dtype == "bool" else "[1, 2]"
    for _name, _stmt in _INPLACE_CASTS.items():
        _case(f"numpy/inplace_cast/{_name}/{_dtype}",
              f"a = torch.tensor({_values}, dtype=torch.{_dtype})\n{_stmt}\nresult = {{'a': a}}")

# NumPy warnings never reach the user (PyTorch prints none); NumPy's errors come out as PyTorch's.
_QUIET = {
    "log0": "torch.log(torch.tensor([0., -1.]))", "div0": "torch.tensor([1., 0., -1.]) / 0",
    "sqrt_neg": "torch.sqrt(torch.tensor([-1.]))", "exp_overflow": "torch.exp(torch.tensor([1000.]))",
    "half_overflow": "torch.tensor([60000.], dtype=torch.float16) * 2",
    "half_sum_overflow": "torch.tensor([60000., 60000.], dtype=torch.float16) + 60000",
    "nan_to_int": "torch.tensor([float('nan'), float('inf')]).long()",
    "inf_to_int32": "torch.tensor([1e20]).int()", "acos": "torch.acos(torch.tensor([2.]))",
    "inf_times_zero": "torch.tensor([float('inf')]) * 0", "pow0neg": "torch.pow(torch.tensor([0.]), -1)",
    "reciprocal0": "torch.reciprocal(torch.tensor([0.]))", "log_neg": "torch.log2(torch.tensor([-2.]))",
    "rsqrt0": "torch.rsqrt(torch.tensor([0.]))",
    "mean_empty": "torch.zeros(0).mean()", "half_cast": "torch.tensor([1e6]).half()",
    "log1p": "torch.log1p(torch.tensor([-1., -2.]))", "float16_from_list": "torch.tensor([1e6], dtype=torch.float16)",
    "mse_inf": "torch.nn.functional.mse_loss(torch.tensor([1e200], dtype=torch.float64), torch.zeros(1, "
               "dtype=torch.float64))",
    "softmax_inf": "torch.softmax(torch.tensor([float('inf'), 1.]), 0)",
    "log_softmax_ninf": "torch.log_softmax(torch.tensor([-float('inf'), -float('inf')]), 0)",
    "grad_log0": "x = torch.tensor([0.], requires_grad=True); torch.log(x).backward(); x.grad",
    "grad_sqrt0": "x = torch.tensor([0.], requires_grad=True); torch.sqrt(x).backward(); x.grad",
    "grad_div0": "x = torch.tensor([1.], requires_grad=True); (x / 0).backward(); x.grad",
    "sigmoid_big": "torch.sigmoid(torch.tensor([-1000.]))", "cosh": "torch.cosh(torch.tensor([1000.]))",
    "var_one": "torch.tensor([1.]).var()", "std_one_dim": "torch.ones(1, 3).std(0)",
    "normalize_zero": "torch.nn.functional.normalize(torch.zeros(2, 3))",
    "int_div_true": "torch.tensor([1, 0]) / torch.tensor([0, 0])",
    "cumprod_overflow": "torch.tensor([1e30, 1e30, 1e30]).cumprod(0)", "prod_overflow": "torch.full((40,), 10.).prod()",
    "half_norm": "torch.tensor([300., 300.], dtype=torch.float16).norm()",

    "atan2": "torch.atan2(torch.tensor([0.]), torch.tensor([0.]))",
    "remainder_float0": "torch.remainder(torch.tensor([1.]), 0.)", "fmod_float0": "torch.fmod(torch.tensor([1.]), 0.)",
    "floordiv_float0": "torch.tensor([1., 0.]) // 0.", "bce_edge": "torch.nn.functional.binary_cross_entropy("
    "torch.tensor([0., 1.]), torch.tensor([1., 0.]))",
}
for _name, _expr in _QUIET.items():
    if ";" in _expr:
        *_pre, _last = _expr.split("; ")
        _body = "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
    else:
        _body = f"result = {{'out': {_expr}}}"
    _case(f"numpy/quiet/{_name}", _body)

_NUMPY_ERRORS = {
    "add_shapes": "torch.ones(2, 3) + torch.ones(4)", "mul_shapes": "torch.ones(2, 3) * torch.ones(2)",
    "matmul_shapes": "torch.ones(2, 3) @ torch.ones(2, 3)", "where_shapes": "torch.where(torch.ones(2) > 0, "
    "torch.ones(3), torch.ones(2))", "sum_axis": "torch.ones(2).sum(3)", "cat_shapes": "torch.cat([torch.ones(2, 3), "
    "torch.ones(2, 4)])", "stack_shapes": "torch.stack([torch.ones(2), torch.ones(3)])",
    "reshape": "torch.ones(6).reshape(4, 2)", "view": "torch.ones(6).view(5)", "expand": "torch.ones(2).expand(3)",
    "squeeze_dim": "torch.ones(2).squeeze(2)", "permute": "torch.ones(2, 3).permute(0, 0)",
    "transpose": "torch.ones(2, 3).transpose(0, 2)", "flip": "torch.ones(2).flip(1)",
    "int_float_inplace": "torch.tensor([1, 2]).add_(1.5)", "int_float_inplace_tensor": "torch.tensor([1, 2]).mul_("
    "torch.tensor([1.5, 2.]))", "bool_inplace_int": "torch.tensor([True]).add_(torch.tensor([2]))",
    "float_into_int_setitem": "x = torch.tensor([1, 2]); x[0] = 2.7; x",
    "complex_into_float": "torch.ones(2).add_(1j)",
    "item_many": "torch.ones(2).item()", "float_many": "float(torch.ones(2))", "int_many": "int(torch.ones(2))",
    "bool_many": "bool(torch.ones(2))", "index_many": "[1, 2][torch.tensor([0, 1])]",
    "mm_dtypes": "torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64)",
    "mm_int": "torch.ones(2, 2, dtype=torch.int64) @ torch.ones(2, 2)", "dot_dtypes": "torch.dot(torch.ones(2), "
    "torch.ones(2, dtype=torch.float64))", "bitwise_float": "torch.ones(2) & torch.ones(2)",
    "invert_float": "~torch.ones(2)", "lshift_float": "torch.ones(2) << 1", "logical_shapes": "torch.logical_and("
    "torch.ones(2), torch.ones(3))", "maximum_shapes": "torch.maximum(torch.ones(2), torch.ones(3))",
    "clamp_shapes": "torch.clamp(torch.ones(2), torch.ones(3))", "split_size0": "torch.ones(4).split(0)",
    "chunk0": "torch.ones(4).chunk(0)", "repeat_fewer": "torch.ones(2, 2).repeat(2)", "tile_neg": "torch.ones(2).repeat(-1)",
    "gather_dims": "torch.gather(torch.ones(2, 3), 1, torch.zeros(2, dtype=torch.int64))",
    "int_mean": "torch.tensor([1, 2]).mean()", "int_std": "torch.tensor([1, 2]).std()",
    "int_softmax": "torch.softmax(torch.tensor([1, 2]), 0)", "int_grad": "torch.tensor([1, 2], requires_grad=True)",
    "index_float": "torch.ones(3)[torch.tensor([0.5])]", "bool_mask_shape": "torch.ones(3)[torch.tensor([True, "
    "False])]", "bool_mask_set_shape": "x = torch.ones(3); x[torch.tensor([True, False])] = 1.; x",
    "setitem_shape": "x = torch.ones(3); x[:] = torch.ones(2); x", "unfold": "torch.ones(3).unfold(0, 5, 1)",
    "diagonal_dims": "torch.ones(3).diagonal()", "trace_1d": "torch.trace(torch.ones(3))",
    "outer_2d": "torch.outer(torch.ones(2, 2), torch.ones(2))", "cross_size": "torch.linalg.cross(torch.ones(2), "
    "torch.ones(2))", "kron_float_int": "torch.kron(torch.ones(2), torch.ones(2, dtype=torch.int64))",
    "einsum_bad": "torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(2, 3))",
    "flatten_range": "torch.ones(2, 3).flatten(1, 0)", "unflatten": "torch.ones(6).unflatten(0, (4, 2))",
    "tensor_ragged": "torch.tensor([[1, 2], [3]])", "tensor_string": "torch.tensor(['a'])",
    "tensor_none": "torch.tensor([None])", "tensor_object": "torch.tensor(object())",
    "zeros_float_size": "torch.zeros(2.5)", "ones_neg": "torch.ones(-1)", "arange_step0": "torch.arange(0, 5, 0)",
    "arange_sign": "torch.arange(0, 5, -1)", "linspace_neg": "torch.linspace(0, 1, -1)",
    "full_bad": "torch.full((2,), 'a')", "randint_empty": "torch.randint(5, 2, (3,))",
    "eye_neg": "torch.eye(-1)", "argsort_dim": "torch.ones(2).argsort(dim=2)",
    "cumsum_dim": "torch.ones(2).cumsum(3)", "sort_dim": "torch.ones(2).sort(dim=5)",
    "max_dim": "torch.ones(2).max(4)", "topk_k": "torch.ones(2).topk(3)", "kthvalue": "torch.ones(2).kthvalue(3)",
    "median_dim": "torch.ones(2).median(4)", "prod_dim": "torch.ones(2).prod(3)", "var_dim": "torch.ones(2).var(3)",
    "norm_p_str": "torch.ones(2).norm('x')", "index_select_float": "torch.ones(3).index_select(0, torch.tensor([0.]))",
    "index_select_2d": "torch.ones(3).index_select(0, torch.tensor([[0]]))",
    "masked_fill_float_mask": "torch.ones(2).masked_fill(torch.ones(2), 0.)",
    "where_int_cond": "torch.where(torch.tensor([1, 0]), torch.ones(2), torch.zeros(2))",
    "narrow_big": "torch.ones(3).narrow(0, 2, 5)", "select_big": "torch.ones(3).select(0, 5)",
    "index_big": "torch.ones(3)[5]", "index_neg_big": "torch.ones(3)[-4]", "slice_step0": "torch.ones(3)[::0]",
    "slice_neg_step": "torch.ones(3)[::-1]", "too_many_indices": "torch.ones(3)[0, 0]",
}
for _name, _expr in _NUMPY_ERRORS.items():
    if ";" in _expr:
        *_pre, _last = _expr.split("; ")
        _body = "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
    else:
        _body = f"result = {{'out': {_expr}}}"
    _case(f"numpy/errors/{_name}", _body)


# Shapes and operand types NumPy would answer in its own words (broadcast errors, casting TypeErrors,
# IndexErrors of its axes): PyTorch's class and message.
_SHAPE_SETUP = ("F = torch.nn.functional\nA = torch.ones(2, 3); B = torch.ones(4, 5); V = torch.ones(3)\n"
                "I = torch.zeros(2, 3, dtype=torch.int64)\n")
_SHAPES = {
    "mm": 'torch.mm(A, B)',
    "bmm": 'torch.bmm(torch.ones(2,2,3), torch.ones(3,3,2))',
    "mv": 'torch.mv(A, torch.ones(4))',
    "outer": 'torch.outer(A, V)',
    "cat": 'torch.cat([A, B])',
    "stack": 'torch.stack([A, B])',
    "where": 'torch.where(A > 0, A, B)',
    "masked_fill": 'A.masked_fill(torch.ones(4, dtype=torch.bool), 0.)',
    "gather": 'torch.gather(A, 1, torch.zeros(3, 3, dtype=torch.int64))',
    "scatter": 'A.scatter(1, torch.zeros(3, 4, dtype=torch.int64), 1.)',
    "scatter_add": 'A.scatter_add(1, torch.zeros(2, 3, dtype=torch.int64), torch.ones(1, 1))',
    "index_select": 'torch.index_select(A, 2, torch.tensor([0]))',
    "index_add": 'A.index_add(0, torch.tensor([0]), torch.ones(2, 3))',
    "ce": 'F.cross_entropy(A, torch.tensor([0, 1, 2]))',
    "ce_2d": 'F.cross_entropy(torch.ones(2, 3, 4), torch.zeros(2, 5, dtype=torch.int64))',
    "mse": 'F.mse_loss(A, B)',
    "l1": 'F.l1_loss(A, B)',
    "linear": 'F.linear(A, B)',
    "embedding": 'F.embedding(I, torch.ones(3))',
    "layer_norm": 'F.layer_norm(A, (2,))',
    "maximum": 'torch.maximum(A, B)',
    "lerp": 'torch.lerp(A, B, 0.5)',
    "addcmul": 'torch.addcmul(A, A, B)',
    "atan2": 'torch.atan2(A, B)',
    "clamp": 'torch.clamp(A, B)',
    "cosine": 'F.cosine_similarity(A, B)',
    "kl": "F.kl_div(A, B, reduction='batchmean')",
    "nll": 'F.nll_loss(A, torch.tensor([0]))',
    "expand": 'A.expand(3, 3)',
    "reshape": 'A.reshape(4)',
    "view": 'A.view(-1, 4)',
    "permute": 'A.permute(0, 1, 2)',
    "squeeze": 'A.squeeze(5)',
    "repeat": 'A.repeat(2)',
    "tile": 'A.tile((-1,))',
    "flip": 'A.flip(2)',
    "roll": 'A.roll(1, 5)',
    "narrow": 'A.narrow(2, 0, 1)',
    "split": 'A.split([1, 1], 1)',
    "chunk": 'A.chunk(2, 5)',
    "diagonal": 'V.diagonal()',
    "diag_embed": 'torch.diag_embed(V, dim1=5)',
    "pad": 'F.pad(A, (1, 1, 1, 1, 1, 1))',
    "sum_to_size": 'A.sum_to_size(3, 3)',
    "broadcast_to": 'torch.broadcast_to(A, (3, 3))',
    "masked_select": 'torch.masked_select(A, torch.ones(4, dtype=torch.bool))',
    "cumsum": 'A.cumsum(5)',
    "std": 'A.std(5)',
    "norm": 'A.norm(dim=5)',
    "softmax": 'A.softmax(5)',
    "logsumexp": 'torch.logsumexp(A, 5)',
    "amax": 'A.amax(5)',
    "unflatten": 'A.unflatten(5, (1, 3))',
    "conv_weight": 'F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 4))',
    "conv_input": 'F.conv2d(torch.ones(4, 4), torch.ones(1, 1, 2, 2))',
    "max_pool_input": 'F.max_pool2d(torch.ones(4), 2)',
    "avg_pool_input": 'F.avg_pool2d(torch.ones(4), 2)',
    "bn": 'F.batch_norm(torch.ones(2, 3), torch.zeros(4), torch.ones(4))',
    "group_norm": 'F.group_norm(torch.ones(2), 1)',
    "dot_2d": 'torch.dot(A, A)',
    "einsum_ops": "torch.einsum('ij->i', A, A)",
    "einsum_dims": "torch.einsum('ijk->i', A)",
    "setitem_bad": 'A.clone().__setitem__((slice(None), 0), torch.ones(3))',
    "setitem_adv": 'A.clone().__setitem__(torch.tensor([0, 1]), torch.ones(3, 3))',
    "index_adv_bcast": 'A[torch.tensor([0, 1]), torch.tensor([0, 1, 2])]',
    "mask_set_count": 'A.clone().__setitem__(A > 0, torch.ones(5))',
    "take_along": 'torch.take_along_dim(A, torch.zeros(3, 3, dtype=torch.int64), 1)',
    "t_3d": 'torch.ones(2, 3, 4).t()',
    "view_as": 'A.view_as(B)',
    "expand_as": 'A.expand_as(B)',
    "unsqueeze": 'A.unsqueeze(4)',
    "movedim": 'A.movedim(0, 5)',
    "one_hot": 'F.one_hot(torch.tensor([1.5]))',
    "type_error_add": 'A + "a"',
    "type_error_mul": 'A * [1, 2]',
    "type_error_matmul": 'A @ 2',
    "type_error_pow": 'A ** "a"',
    "add_none": 'A + None',
    "cmp_str": 'A < "a"',
    "eq_str": 'A == "a"',
}
for _name, _expr in _SHAPES.items():
    _case(f"numpy/shapes/{_name}", _SHAPE_SETUP + f"result = {{'out': {_expr}}}")


# ----- class 5: range checks on indices and arguments ------------------------------------------------------------

F = "torch.nn.functional"
# Index arguments out of range (negative where not allowed, too large): checked on the CPU; on CUDA the checks are
# deferred to the next synchronization (gradlib/backends/deferred.py), as PyTorch's device-side asserts.
_INDEX_CHECKS = {
    "cross_entropy": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}))",
    "cross_entropy_weight": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}), weight=torch.ones(3))",
    "cross_entropy_smoothing": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}), label_smoothing=0.1)",
    "cross_entropy_sum": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}), reduction='sum')",
    "cross_entropy_none": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}), reduction='none')",
    "cross_entropy_2d": "{F}.cross_entropy((torch.arange(6.).reshape(2, 3, 1) / 4), torch.tensor({t})[:, None])",
    "nll_loss": "{F}.nll_loss((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}))",
    "nll_loss_none": "{F}.nll_loss((torch.arange(6.).reshape(2, 3) / 4), torch.tensor({t}), reduction='none')",
    "embedding": "{F}.embedding(torch.tensor({t}), torch.arange(6.).reshape(3, 2))",
    "embedding_module": "torch.nn.Embedding(3, 2)(torch.tensor({t})).shape",
    "gather": "torch.gather((torch.arange(6.).reshape(2, 3) / 4), 1, torch.tensor({t})[:, None])",
    "index_select": "torch.index_select(torch.arange(6.).reshape(3, 2), 0, torch.tensor({t}))",
    "one_hot": "{F}.one_hot(torch.tensor({t}), 3)",
    "one_hot_inferred": "{F}.one_hot(torch.tensor({t}))",
    "scatter": "torch.zeros(2, 3).scatter(1, torch.tensor({t})[:, None], torch.ones(2, 1))",
    "scatter_add": "torch.zeros(2, 3).scatter_add(1, torch.tensor({t})[:, None], torch.ones(2, 1))",
    "scatter_value": "torch.zeros(2, 3).scatter(1, torch.tensor({t})[:, None], 1.0)",
    "index_add": "torch.zeros(3, 2).index_add(0, torch.tensor({t}), torch.ones(2, 2))",
    "index_copy": "torch.zeros(3, 2).index_copy(0, torch.tensor({t}), torch.ones(2, 2))",
    "index_fill": "torch.zeros(3, 2).index_fill(0, torch.tensor({t}), 1.0)",
    "getitem": "torch.zeros(3, 2)[torch.tensor({t})]",
    "setitem": "x = torch.zeros(3, 2); x[torch.tensor({t})] = 1.0; x",
}
_TARGETS = {"ok": "[0, 2]", "negative": "[-1, 0]", "too_large": "[3, 0]", "ignored": "[-100, 1]", "large": "[0, 7]",
            "negative_2": "[0, -2]"}
for _op, _template in _INDEX_CHECKS.items():
    for _target, _target_code in _TARGETS.items():
        _expr = _template.format(F=F, t=_target_code)
        if ";" in _expr:
            *_pre, _last = _expr.split("; ")
            _body = "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
        else:
            _body = f"result = {{'out': {_expr}}}"
        _case(f"range/index/{_op}/{_target}", "torch.manual_seed(0)\n" + _body)
_case("range/index/cross_entropy_ignore_index",
      "result = {'out': torch.nn.functional.cross_entropy(torch.zeros(2, 3), torch.tensor([5, 1]), ignore_index=5)}")
_case("range/index/embedding_padding_idx_large", "torch.nn.functional.embedding(torch.tensor([0]), torch.ones(3, 2), "
      "padding_idx=3)")
_case("range/index/embedding_padding_idx_negative", "torch.nn.functional.embedding(torch.tensor([0]), "
      "torch.ones(3, 2), padding_idx=-4)")
_case("range/index/embedding_module_padding_idx", "torch.nn.Embedding(3, 2, padding_idx=3)")
_case("range/index/embedding_module_padding_idx_negative", "torch.nn.Embedding(3, 2, padding_idx=-4)")
_case("range/index/embedding_float_indices", "torch.nn.functional.embedding(torch.tensor([0.]), torch.ones(3, 2))")
_case("range/index/one_hot_too_few_classes", "torch.nn.functional.one_hot(torch.tensor([0, 3]), 2)")
_case("range/index/one_hot_zero_classes", "torch.nn.functional.one_hot(torch.tensor([0]), 0)")
_case("range/index/one_hot_float", "torch.nn.functional.one_hot(torch.tensor([0.]), 2)")
_case("range/index/one_hot_int32", "torch.nn.functional.one_hot(torch.tensor([0], dtype=torch.int32), 2)")
_case("range/index/nll_loss_float_target", "torch.nn.functional.nll_loss(torch.randn(2, 3), torch.tensor([0., 1.]))")
_case("range/index/cross_entropy_batch_mismatch",
      "torch.nn.functional.cross_entropy(torch.randn(2, 3), torch.tensor([0, 1, 2]))")

# Arguments out of range.
_ARGUMENT_CHECKS = {
    "bce_input_above": "{F}.binary_cross_entropy(torch.tensor([1.5, 0.5]), torch.tensor([1., 0.]))",
    "bce_input_below": "{F}.binary_cross_entropy(torch.tensor([-0.1, 0.5]), torch.tensor([1., 0.]))",
    "bce_input_nan": "{F}.binary_cross_entropy(torch.tensor([float('nan'), 0.5]), torch.tensor([1., 0.]))",
    "bce_target_above": "{F}.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1.5, 0.]))",
    "bce_target_below": "{F}.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([-1., 0.]))",
    "bce_shape": "{F}.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1., 0., 1.]))",
    "bce_logits_ok": "{F}.binary_cross_entropy_with_logits(torch.tensor([5., -5.]), torch.tensor([1.5, -1.]))",
    "smooth_l1_negative_beta": "{F}.smooth_l1_loss(torch.ones(2), torch.zeros(2), beta=-1.)",
    "smooth_l1_zero_beta": "{F}.smooth_l1_loss(torch.ones(2), torch.zeros(2), beta=0.)",
    "huber_negative_delta": "{F}.huber_loss(torch.ones(2), torch.zeros(2), delta=-1.)",
    "huber_zero_delta": "{F}.huber_loss(torch.ones(2), torch.zeros(2), delta=0.)",
    "bad_reduction": "{F}.mse_loss(torch.ones(2), torch.zeros(2), reduction='avg')",
    "label_smoothing_above": "{F}.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5)",
    "label_smoothing_negative": "{F}.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=-0.1)",
    "conv2d_stride0": "{F}.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), stride=0)",
    "conv2d_padding_negative": "{F}.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), padding=-1)",
    "conv2d_dilation0": "{F}.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), dilation=0)",
    "conv2d_kernel_too_large": "{F}.conv2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3))",
    "conv2d_kernel_fits_padding": "{F}.conv2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), padding=1)",
    "conv2d_groups": "{F}.conv2d(torch.ones(1, 3, 4, 4), torch.ones(2, 1, 2, 2), groups=2)",
    "conv2d_groups0": "{F}.conv2d(torch.ones(1, 2, 4, 4), torch.ones(2, 1, 2, 2), groups=0)",
    "conv2d_channels": "{F}.conv2d(torch.ones(1, 3, 4, 4), torch.ones(2, 2, 2, 2))",
    "conv2d_input_3d_wrong": "{F}.conv2d(torch.ones(1, 4), torch.ones(1, 1, 2, 2))",
    "conv2d_bias_size": "{F}.conv2d(torch.ones(1, 1, 4, 4), torch.ones(2, 1, 2, 2), bias=torch.ones(3))",
    "conv1d_stride0": "{F}.conv1d(torch.ones(1, 1, 4), torch.ones(1, 1, 2), stride=0)",
    "conv1d_kernel_too_large": "{F}.conv1d(torch.ones(1, 1, 2), torch.ones(1, 1, 3))",
    "conv1d_padding_negative": "{F}.conv1d(torch.ones(1, 1, 4), torch.ones(1, 1, 2), padding=-1)",
    "conv_module_kernel0": "torch.nn.Conv2d(1, 1, 0)",
    "conv_module_stride0": "torch.nn.Conv2d(1, 1, 2, stride=0)",
    "conv_module_groups": "torch.nn.Conv2d(3, 2, 2, groups=2)",
    "conv_module_groups_out": "torch.nn.Conv2d(2, 3, 2, groups=2)",
    "conv_module_groups0": "torch.nn.Conv2d(2, 2, 2, groups=0)",
    "conv_module_same_stride": "torch.nn.Conv2d(1, 1, 3, padding='same', stride=2)",
    "max_pool2d_kernel_too_large": "{F}.max_pool2d(torch.ones(1, 1, 2, 2), 3)",
    "max_pool2d_stride0": "{F}.max_pool2d(torch.ones(1, 1, 4, 4), 2, stride=0)",
    "max_pool2d_kernel0": "{F}.max_pool2d(torch.ones(1, 1, 4, 4), 0)",
    "max_pool2d_padding_half": "{F}.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=2)",
    "max_pool2d_padding_negative": "{F}.max_pool2d(torch.ones(1, 1, 4, 4), 2, padding=-1)",
    "max_pool2d_dilation0": "{F}.max_pool2d(torch.ones(1, 1, 4, 4), 2, dilation=0)",
    "avg_pool2d_kernel_too_large": "{F}.avg_pool2d(torch.ones(1, 1, 2, 2), 3)",
    "avg_pool2d_stride0": "{F}.avg_pool2d(torch.ones(1, 1, 4, 4), 2, stride=0)",
    "avg_pool2d_padding_half": "{F}.avg_pool2d(torch.ones(1, 1, 4, 4), 2, padding=2)",
    "avg_pool2d_kernel0": "{F}.avg_pool2d(torch.ones(1, 1, 4, 4), 0)",
    "max_pool1d_kernel_too_large": "{F}.max_pool1d(torch.ones(1, 1, 2), 3)",
    "max_pool1d_stride0": "{F}.max_pool1d(torch.ones(1, 1, 4), 2, stride=0)",
    "avg_pool1d_kernel_too_large": "{F}.avg_pool1d(torch.ones(1, 1, 2), 3)",
    "adaptive_avg_pool2d_zero": "{F}.adaptive_avg_pool2d(torch.ones(1, 1, 4, 4), 0)",
    "adaptive_avg_pool2d_negative": "{F}.adaptive_avg_pool2d(torch.ones(1, 1, 4, 4), -1)",
    "max_pool_module_stride0": "torch.nn.MaxPool2d(2, stride=0)(torch.ones(1, 1, 4, 4))",
    "linear_in0": "m = torch.nn.Linear(0, 3); m(torch.ones(2, 0))",
    "linear_out0": "m = torch.nn.Linear(3, 0); m(torch.ones(2, 3))",
    "linear_negative": "torch.nn.Linear(-1, 3)",
    "linear_negative_out": "torch.nn.Linear(3, -2)",
    "linear_shape": "torch.nn.Linear(3, 2)(torch.ones(2, 4))",
    "bilinear_negative": "torch.nn.Embedding(-1, 2)",
    "dropout_above": "torch.nn.Dropout(p=1.5)",
    "dropout_negative": "torch.nn.Dropout(p=-0.1)",
    "dropout_fn_above": "{F}.dropout(torch.ones(2), p=1.5)",
    "dropout_fn_negative": "{F}.dropout(torch.ones(2), p=-0.5)",
    "batchnorm_zero": "torch.nn.BatchNorm1d(0)",
    "layernorm_shape": "{F}.layer_norm(torch.ones(2, 3), (4,))",
    "group_norm_groups": "{F}.group_norm(torch.ones(2, 4, 3), 3)",
    "group_norm_module": "torch.nn.GroupNorm(3, 4)",
    "zeros_negative": "torch.zeros(-1)", "zeros_negative_2d": "torch.zeros(2, -1)", "ones_negative": "torch.ones(-1)",
    "empty_negative": "torch.empty(-1)", "full_negative": "torch.full((-1,), 1.)", "rand_negative": "torch.rand(-1)",
    "randn_negative": "torch.randn(2, -1)", "randint_negative": "torch.randint(0, 5, (-1,))",
    "arange_sign": "torch.arange(0, -1)", "arange_negative_end": "torch.arange(-1)", "arange_step0": "torch.arange(0, 2, 0)",
    "linspace_negative": "torch.linspace(0, 1, -2)", "eye_negative": "torch.eye(-1)", "eye_m_negative": "torch.eye(2, -1)",
    "new_zeros_negative": "torch.ones(2).new_zeros(-1)", "zeros_like_ok": "torch.zeros_like(torch.ones(0))",
    "view_negative": "torch.ones(2).view(-2)", "reshape_two_unknown": "torch.ones(4).reshape(-1, -1)",
    "expand_negative": "torch.ones(1).expand(-2)", "repeat_negative": "torch.ones(2).repeat(-1)",
    "roll_mismatch": "torch.arange(6).reshape(2, 3).roll((1, 2), (0,))",
    "roll_mismatch_dims": "torch.arange(6).reshape(2, 3).roll((1,), (0, 1))",
    "roll_dim_range": "torch.arange(6).roll(1, 2)", "roll_no_dims_tuple": "torch.arange(6).roll((1, 2))",
    "roll_empty_shifts": "torch.arange(6).roll((), ())",
    "movedim_mismatch": "torch.ones(2, 3, 4).movedim((0, 1), (0,))",
    "movedim_repeat_source": "torch.ones(2, 3, 4).movedim((0, 0), (1, 2))",
    "movedim_repeat_destination": "torch.ones(2, 3, 4).movedim((0, 1), (2, 2))",
    "movedim_range": "torch.ones(2, 3).movedim(2, 0)", "movedim_negative_ok": "torch.ones(2, 3).movedim(-1, 0)",
    "tril_1d": "torch.tril(torch.ones(3))", "triu_1d": "torch.triu(torch.ones(3))", "tril_0d": "torch.tril(torch.tensor(1.))",
    "tril_method_1d": "torch.ones(3).tril()", "triu_large_diagonal": "torch.triu(torch.ones(2, 2), 5)",
    "diag_3d": "torch.diag(torch.ones(2, 2, 2))", "diagonal_same_dims": "torch.ones(2, 2).diagonal(0, 0, 0)",
    "diag_embed_ok": "torch.diag_embed(torch.ones(2))",
    "narrow_out": "torch.ones(3).narrow(0, 2, 2)", "narrow_negative_length": "torch.ones(3).narrow(0, 0, -1)",
    "narrow_start_out": "torch.ones(3).narrow(0, 4, 0)", "narrow_negative_start": "torch.ones(3).narrow(0, -1, 1)",
    "split_zero": "torch.ones(4).split(0)", "split_negative": "torch.ones(4).split(-1)",
    "split_sizes_sum": "torch.ones(4).split([1, 2])", "chunk_zero": "torch.ones(4).chunk(0)",
    "chunk_negative": "torch.ones(4).chunk(-1)", "squeeze_range": "torch.ones(2, 1).squeeze(2)",
    "unsqueeze_range": "torch.ones(2).unsqueeze(3)", "unsqueeze_negative_range": "torch.ones(2).unsqueeze(-3)",
    "transpose_range": "torch.ones(2, 3).transpose(0, 2)", "permute_length": "torch.ones(2, 3).permute(0)",
    "permute_repeat": "torch.ones(2, 3).permute(0, 0)", "flatten_order": "torch.ones(2, 3, 4).flatten(2, 1)",
    "flatten_range": "torch.ones(2, 3).flatten(0, 5)", "softmax_range": "torch.softmax(torch.ones(2), 1)",
    "cat_range": "torch.cat([torch.ones(2), torch.ones(2)], 1)", "cat_empty_list": "torch.cat([])",
    "stack_shapes": "torch.stack([torch.ones(2), torch.ones(3)])", "stack_range": "torch.stack([torch.ones(2)], 3)",
    "sum_repeated_dims": "torch.ones(2, 3).sum((0, 0))", "sum_range": "torch.ones(2).sum(1)",
    "mean_range": "torch.ones(2).mean(-2)", "max_range": "torch.ones(2).max(1)", "argmax_range": "torch.ones(2).argmax(1)",
    "cumsum_range": "torch.ones(2).cumsum(1)", "var_negative_correction": "torch.ones(3).var(correction=-1)",
    "pad_negative_too_much": "{F}.pad(torch.ones(1, 3), (-2, -2))", "pad_odd": "{F}.pad(torch.ones(1, 3), (1,))",
    "pad_reflect_too_large": "{F}.pad(torch.ones(1, 1, 3), (3, 3), mode='reflect')",
    "clamp_min_above_max": "torch.clamp(torch.arange(4.), 3, 1)", "clamp_none": "torch.clamp(torch.ones(2))",
    "normalize_p0": "{F}.normalize(torch.ones(2, 3), p=0)", "softplus_beta0": "{F}.softplus(torch.ones(2), beta=0)",
    "leaky_relu_negative": "{F}.leaky_relu(torch.ones(2), -0.5)", "elu_alpha_negative": "{F}.elu(torch.ones(2), alpha=-1.)",
    "hardtanh_min_above_max": "{F}.hardtanh(torch.ones(2), 2., 1.)", "threshold_ok": "{F}.threshold(torch.arange(3.), 1., 0.)",
    "topk_k_large": "torch.ones(3).topk(5)" if False else "torch.ones(3).kthvalue(5)" if False else "torch.ones(3)[3]",
    "index_negative_range": "torch.ones(3)[-4]", "select_dim_range": "torch.ones(3)[:, 0]",
    "multinomial_negative": "torch.ones(3).new_empty(-1)" if False else "torch.ones(3).new_ones(-1)",
}
_ARGUMENT_CHECKS.update({
    "avg_pool_module_stride0": "torch.nn.AvgPool2d(2, stride=0)(torch.ones(1, 1, 4, 4))",
    "avg_pool_module_too_large": "torch.nn.AvgPool2d(5)(torch.ones(1, 1, 4, 4))",
    "conv1d_module_stride0": "torch.nn.Conv1d(1, 1, 2, stride=0)",
    "conv1d_module_forward_stride0": "torch.nn.Conv1d(1, 1, 2, stride=0)(torch.ones(1, 1, 4))",
    "conv2d_module_too_large": "torch.nn.Conv2d(1, 1, 5)(torch.ones(1, 1, 4, 4))",
    "conv2d_module_channels": "torch.nn.Conv2d(2, 1, 2)(torch.ones(1, 3, 4, 4))",
    "layer_norm_module_shape": "torch.nn.LayerNorm(4)(torch.ones(2, 3))",
    "cross_entropy_module_smoothing": "torch.nn.CrossEntropyLoss(label_smoothing=2.)(torch.zeros(2, 3), "
                                      "torch.tensor([0, 1]))",
    "cross_entropy_module_target": "torch.nn.CrossEntropyLoss()(torch.zeros(2, 3), torch.tensor([0, 3]))",
    "nll_module_target": "torch.nn.NLLLoss()(torch.zeros(2, 3), torch.tensor([-1, 0]))",
    "bce_module_input": "torch.nn.BCELoss()(torch.tensor([2., 0.5]), torch.tensor([1., 0.]))",
    "smooth_l1_module_beta": "torch.nn.SmoothL1Loss(beta=-1.)(torch.ones(2), torch.zeros(2))",
    "softmax_module_dim": "torch.nn.Softmax(dim=5)(torch.ones(2, 3))",
    "flatten_module_order": "torch.nn.Flatten(2, 1)(torch.ones(2, 3, 4))",
    "unflatten_module_sizes": "torch.nn.Unflatten(1, (2, 2))(torch.ones(2, 3))",
    "embedding_module_forward_negative": "torch.nn.Embedding(3, 2)(torch.tensor([-1]))",
    "init_normal_negative_std": "torch.nn.init.normal_(torch.empty(2), std=-1.)",
    "init_uniform_reversed": "torch.nn.init.uniform_(torch.empty(2), 1., 0.)",
    "init_kaiming_1d": "torch.nn.init.kaiming_uniform_(torch.empty(2))",
    "init_kaiming_normal_1d": "torch.nn.init.kaiming_normal_(torch.empty(2))",
    "init_xavier_1d": "torch.nn.init.xavier_uniform_(torch.empty(2))",
    "init_xavier_normal_1d": "torch.nn.init.xavier_normal_(torch.empty(2))",
    "init_gain_unknown": "torch.nn.init.calculate_gain('swish')",
    "init_gain_negative_slope": "torch.nn.init.calculate_gain('leaky_relu', 'a')",
    "init_eye_3d": "torch.nn.init.eye_(torch.empty(2, 2, 2))",
    "init_kaiming_mode": "torch.nn.init.kaiming_uniform_(torch.empty(2, 2), mode='fan_mid')",
    "init_trunc_normal_reversed": "torch.nn.init.trunc_normal_(torch.empty(2), a=2., b=-2.)",
    "init_zero_element": "torch.nn.init.xavier_uniform_(torch.empty(0, 3))",
    "rand_like_int": "torch.rand_like(torch.ones(2, dtype=torch.int64))",
    "randn_int_dtype": "torch.randn(2, dtype=torch.int64)",
    "linear_module_input_1d_wrong": "torch.nn.Linear(3, 2)(torch.ones(4))",
    "bilinear_shapes": "torch.nn.Bilinear(2, 3, 4)(torch.ones(5, 2), torch.ones(5, 2))",
    "adaptive_module_negative": "torch.nn.AdaptiveAvgPool2d(-1)(torch.ones(1, 1, 4, 4))",
    "batchnorm_train_one_value": "torch.nn.BatchNorm1d(3)(torch.ones(1, 3))",
    "batchnorm_channels": "torch.nn.BatchNorm1d(3)(torch.ones(2, 4))",
    "groupnorm_channels": "torch.nn.GroupNorm(2, 4)(torch.ones(2, 6))",
})
for _name, _template in _ARGUMENT_CHECKS.items():
    _expr = _template.format(F=F)
    if ";" in _expr:
        *_pre, _last = _expr.split("; ")
        _body = "\n".join(_pre) + f"\nresult = {{'out': {_last}}}"
    else:
        _body = f"result = {{'out': {_expr}}}"
    if _expr.startswith("torch.nn.") and "(torch." not in _expr.split(")(")[0][len("torch.nn."):] and ")(" not in _expr:
        _body = _expr + "\nresult = {}"
    _case(f"range/argument/{_name}", _body)


# ----- class 6: the nn.Module contract ----------------------------------------------------------------------------

_OBSERVE = ("result = {'params': [n for n, _ in m.named_parameters()], 'buffers': [n for n, _ in m.named_buffers()], "
            "'modules': [n for n, _ in m.named_children()], 'state': sorted(m.state_dict())}")
_MODULES = {
    "linear": "m = torch.nn.Linear(2, 3)",
    "batchnorm": "m = torch.nn.BatchNorm1d(2)",
    "container": "m = torch.nn.Module()\nm.fc = torch.nn.Linear(1, 1)\nm.register_buffer('stat', torch.zeros(1))",
}
_VALUES = {"tensor": "torch.ones(3, 2)", "double": "torch.ones(3, 2, dtype=torch.float64)", "int": "3",
           "list": "[1.0]", "none": "None", "parameter": "torch.nn.Parameter(torch.ones(3, 2))",
           "module": "torch.nn.Linear(1, 1)", "buffer": "torch.nn.Buffer(torch.ones(1))", "string": "'x'",
           "long": "torch.ones(2, dtype=torch.int64)", "grad_tensor": "torch.ones(2, requires_grad=True) * 2"}
_TARGETS = {"linear": ("weight", "bias", "in_features", "new"), "batchnorm": ("running_mean", "weight", "momentum"),
            "container": ("fc", "stat", "training")}
for _module, _make in _MODULES.items():
    for _target in _TARGETS[_module]:
        for _value, _value_code in _VALUES.items():
            _case(f"module/setattr/{_module}/{_target}/{_value}",
                  f"{_make}\nm.{_target} = {_value_code}\n{_OBSERVE}\n"
                  f"result['kind'] = type(getattr(m, '{_target}')).__name__")
        _case(f"module/delattr/{_module}/{_target}",
              f"{_make}\ndel m.{_target}\n{_OBSERVE}\nresult['still'] = hasattr(m, '{_target}')")
    _case(f"module/delattr/{_module}/missing", f"{_make}\ndel m.missing")
    _case(f"module/getattr/{_module}/missing", f"{_make}\nm.missing")
_NAMES = {"dotted": "'a.b'", "empty": "''", "int": "3", "existing_param": "'weight'", "existing_attr": "'in_features'",
          "method": "'forward'", "training": "'training'", "fresh": "'extra'", "existing_buffer": "'extra2'",
          "none": "None"}
_REGISTRATIONS = {
    "register_buffer": ("torch.zeros(2)", "3", "None", "torch.nn.Parameter(torch.zeros(2))"),
    "register_parameter": ("torch.nn.Parameter(torch.zeros(2))", "torch.zeros(2)", "None", "3"),
    "add_module": ("torch.nn.Linear(1, 1)", "3", "None", "torch.zeros(2)"),
}
for _method, _values in _REGISTRATIONS.items():
    for _name, _name_code in _NAMES.items():
        for _index, _value_code in enumerate(_values):
            _case(f"module/{_method}/{_name}/{_index}",
                  f"m = torch.nn.Linear(2, 3)\nm.register_buffer('extra2', torch.ones(1))\n"
                  f"m.{_method}({_name_code}, {_value_code})\n{_OBSERVE}")
_case("module/setattr/before_init_parameter",
      "class M(torch.nn.Module):\n    def __init__(self):\n        self.w = torch.nn.Parameter(torch.ones(1))\n"
      "        super().__init__()\nM()")
_case("module/setattr/before_init_module",
      "class M(torch.nn.Module):\n    def __init__(self):\n        self.fc = torch.nn.Linear(1, 1)\n"
      "        super().__init__()\nM()")
_case("module/setattr/before_init_plain",
      "class M(torch.nn.Module):\n    def __init__(self):\n        self.size = 3\n        super().__init__()\n"
      "m = M()\n" + _OBSERVE + "\nresult['size'] = m.size")
_case("module/setattr/buffer_persistence",
      "m = torch.nn.Module()\nm.register_buffer('a', torch.ones(1), persistent=False)\nm.a = torch.zeros(1)\n"
      "m.b = torch.nn.Buffer(torch.ones(1), persistent=False)\n" + _OBSERVE)
_case("module/setattr/parameter_replaces_plain",
      "m = torch.nn.Module()\nm.w = 3\nm.w = torch.nn.Parameter(torch.ones(1))\n" + _OBSERVE)
_case("module/setattr/tensor_replaces_param_after_none",
      "m = torch.nn.Linear(2, 3)\nm.bias = None\nm.bias = torch.ones(3)")
_case("module/setattr/sequential_index",
      "m = torch.nn.Sequential(torch.nn.Linear(1, 1))\nm[0] = 3")


# ----- class 7: float16 accumulates in float32, as PyTorch's CPU kernels do ---------------------------------------

_HALF_INPUTS = {
    "near_max": "torch.tensor([1., 2., 65504.], dtype=torch.float16)",
    "big_rows": "torch.tensor([[60000., 30000., -20000.], [1000., 2000., 3000.]], dtype=torch.float16)",
    "many_tenths": "torch.full((5000,), 0.1, dtype=torch.float16)",
    "many_thousands": "torch.full((2, 100), 1000., dtype=torch.float16)",
    "spread": "((torch.arange(-12., 12.) + 0.5) * 311.7).reshape(4, 6).to(torch.float16)",
}
_HALF_OPS = {
    "sum": "x.sum()", "sum_dim": "x.sum(-1)", "mean": "x.mean()", "mean_dim": "x.mean(-1)", "var": "x.var()",
    "std": "x.std()", "var_dim": "x.var(-1)", "std_dim_unbiased0": "x.std(-1, correction=0)",
    "norm": "x.norm()", "norm_dim": "x.norm(dim=-1)", "norm_1": "x.norm(p=1)", "norm_3": "x.norm(p=3)",
    "norm_inf": "x.norm(p=float('inf'))", "vector_norm": "torch.linalg.vector_norm(x)",
    "softmax": "torch.softmax(x, -1)", "log_softmax": "torch.log_softmax(x, -1)",
    "logsumexp": "torch.logsumexp(x, -1)", "cumsum": "torch.cumsum(x, -1)", "prod": "(x / 1000).prod()",
    "cumprod": "torch.cumprod(x / 1000, -1)",
    "layer_norm": "torch.nn.functional.layer_norm(x, x.shape[-1:])",
    "normalize": "torch.nn.functional.normalize(x, dim=-1)",
    "mse_loss": "torch.nn.functional.mse_loss(x, torch.zeros_like(x))",
    "l1_loss": "torch.nn.functional.l1_loss(x, torch.zeros_like(x))",
    "sum_square": "(x * x).sum()",
    "amax": "x.amax()", "max": "x.max()", "sigmoid": "torch.sigmoid(x / 1000)", "tanh": "torch.tanh(x / 1000)",
    "exp": "torch.exp(x / 10000)", "matmul": "x.flatten()[None] @ x.flatten()[:, None] / 1000",
    "sum_dim0": "x.reshape(x.shape[0], -1).sum(0)", "mean_dims": "x.reshape(x.shape[0], -1).mean((0, 1))",
    "var_mean": "torch.var_mean(x)[0] + torch.var_mean(x)[1]", "std_mean": "torch.std_mean(x)[0]",
    "linalg_norm": "torch.linalg.norm(x)", "vector_norm_1": "torch.linalg.vector_norm(x, 1)",
    "softmax_float_out": "torch.softmax(x, -1, dtype=torch.float32)", "sum_float_out": "x.sum(dtype=torch.float32)",
    "cosine": "torch.nn.functional.cosine_similarity(x.reshape(1, -1), x.reshape(1, -1) + 1)",
    "kl_div": "torch.nn.functional.kl_div(torch.log_softmax(x.reshape(1, -1) / 1000, -1), "
              "torch.softmax(x.reshape(1, -1) / 2000, -1), reduction='batchmean')",
    "bce_logits": "torch.nn.functional.binary_cross_entropy_with_logits(x / 1000, torch.ones_like(x) / 2)",
    "mv": "x.reshape(x.shape[0], -1) @ torch.ones(x.reshape(x.shape[0], -1).shape[1], dtype=torch.float16)",
    "cumsum_dim0": "x.reshape(x.shape[0], -1).cumsum(0)", "logsumexp_all": "torch.logsumexp(x.flatten(), 0)",
    "amin": "x.amin()", "mean_keepdim": "x.mean(-1, keepdim=True)",
}
# Gradients are compared where PyTorch's own float16 backward arithmetic does not overflow (near_max and big_rows
# overflow in between, in an order of operations no other implementation reproduces).
_HALF_GRADS = ("many_tenths", "many_thousands", "spread")
for _input, _input_code in _HALF_INPUTS.items():
    for _op, _expr in _HALF_OPS.items():
        _case(f"half/{_op}/{_input}",
              f"x = {_input_code}.requires_grad_()\nout = {_expr}\nout.sum().backward()\n"
              + ("result = {'out': out, 'grad': x.grad}" if _input in _HALF_GRADS and not (
                _op.startswith("std") and _input.startswith("many"))  # constant input: std's kink (class 1)
               else "result = {'out': out}"))
for _input, _input_code in list(_HALF_INPUTS.items())[1:2] + list(_HALF_INPUTS.items())[4:]:
    for _train in (True, False):
        _case(f"half/batch_norm/{_input}/{'train' if _train else 'eval'}",
              f"x = {_input_code}.reshape(-1, 3 if x_rows == 3 else x.shape[-1]) if False else {_input_code}\n"
              f"x = x.reshape(x.shape[0], -1).requires_grad_()\n"
              "mean = torch.zeros(x.shape[1], dtype=torch.float16); var = torch.ones(x.shape[1], dtype=torch.float16)\n"
              f"out = torch.nn.functional.batch_norm(x, mean, var, training={_train})\nout.sum().backward()\n"
              "result = {'out': out, 'grad': x.grad, 'mean': mean, 'var': var}")
        _case(f"half/group_norm/{_input}/{_train}",
              f"x = {_input_code}.reshape(2, -1, 3).requires_grad_()\n"
              "out = torch.nn.functional.group_norm(x, 1)\nout.sum().backward()\n"
              "result = {'out': out, 'grad': x.grad}") if not _train else None
_HALF_LAYERS = {
    "conv2d": "torch.nn.functional.conv2d(x, torch.full((1, 1, 3, 3), 0.01, dtype=torch.float16))",
    "conv2d_big": "torch.nn.functional.conv2d(x * 100, torch.full((1, 1, 3, 3), 1., dtype=torch.float16))",
    "avg_pool2d": "torch.nn.functional.avg_pool2d(x * 1000, 4)",
    "adaptive_avg_pool2d": "torch.nn.functional.adaptive_avg_pool2d(x * 1000, 1)",
    "max_pool2d": "torch.nn.functional.max_pool2d(x, 2)",
    "linear": "torch.nn.functional.linear(x.reshape(8, 8), torch.full((2, 8), 0.01, dtype=torch.float16))",
    "linear_big": "torch.nn.functional.linear(x.reshape(8, 8) * 100, torch.full((2, 8), 100., dtype=torch.float16))",
    "mm": "x.reshape(8, 8) @ x.reshape(8, 8).t()", "bmm": "torch.bmm(x.reshape(2, 4, 8), x.reshape(2, 8, 4))",
    "einsum": "torch.einsum('ij,ij->i', x.reshape(8, 8), x.reshape(8, 8))",
    "dot": "torch.dot(x.flatten(), x.flatten())",
}
for _name, _expr in _HALF_LAYERS.items():
    _case(f"half/layers/{_name}",
          "x = (torch.arange(64.).reshape(1, 1, 8, 8) * 7.3).to(torch.float16).requires_grad_()\n"
          f"out = {_expr}\nout.sum().backward()\nresult = {{'out': out, 'grad': x.grad}}")
_case("half/batchnorm_module_train",
      "m = torch.nn.BatchNorm1d(3).half()\n"
      "x = torch.tensor([[60000., 30000., -20000.], [1000., 2000., 3000.]], dtype=torch.float16)\n"
      "out = m(x)\nresult = {'out': out, 'mean': m.running_mean, 'var': m.running_var}")
_case("half/nll_loss",
      "x = torch.log_softmax(torch.tensor([[600., 300., -200.], [10., 20., 30.]], dtype=torch.float16), 1)\n"
      "result = {'out': torch.nn.functional.nll_loss(x, torch.tensor([0, 2]))}")
_case("half/cross_entropy",
      "x = torch.tensor([[60000., 30000., -20000.], [1000., 2000., 3000.]], dtype=torch.float16, "
      "requires_grad=True)\nout = torch.nn.functional.cross_entropy(x, torch.tensor([0, 2]))\nout.backward()\n"
      "result = {'out': out, 'grad': x.grad}")
_case("half/linear_module",
      "m = torch.nn.Linear(3, 2).half()\nwith torch.no_grad():\n    m.weight.fill_(300.)\n    m.bias.fill_(1.)\n"
      "x = torch.full((4, 3), 30., dtype=torch.float16)\nout = m(x)\nresult = {'out': out}")
_case("half/layer_norm_module",
      "m = torch.nn.LayerNorm(3).half()\n"
      "x = torch.tensor([[60000., 30000., -20000.], [1000., 2000., 3000.]], dtype=torch.float16)\n"
      "out = m(x)\nresult = {'out': out}")


# Ops gradlib does not have: their snippets are left out (the tables stay as PyTorch's API lists them).
_MISSING_OPS = ("torch.rsub(", ".sort(", "torch.sort(", "topk(", "kthvalue(", "median(", ".select(", "torch.trace(",
                ".unfold(", "torch.kron(", "logical_and(", "linalg.cross(", "argsort(", "<<", ">>", ".abs_(",
                ".addcmul_(", ".lerp_(", ".normal_(", ".uniform_(", ".sqrt_(", ".index_fill_(", "float_power(",
                ".index_copy(", ".index_fill(", "max_pool1d(", "avg_pool1d(", ".threshold(", "torch.diag(")
for _name in [name for name, code in CASES.items() if any(op in code for op in _MISSING_OPS)]:
    del CASES[_name]


# Deliberate differences: case name -> why gradlib's outcome differs from PyTorch's (the tests expect the difference).
KNOWN_DIFFERENCES = {}


# ----- recording and checking -------------------------------------------------------------------------------------

def run(torch, code):
    """Run one snippet with ``torch`` bound to ``torch``; return its outcome as JSON-able data."""
    scope = {"torch": torch}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, scope)
        except Exception as error:  # the class and message are the spec
            outcome = {"error": [type(error).__name__, str(error)]}
        else:
            outcome = {"result": {key: _serialize(value) for key, value in scope.get("result", {}).items()}}
    outcome["warnings"] = sorted({warning.category.__name__ for warning in caught})
    return outcome


def _serialize(value):
    if hasattr(value, "grad_fn") and hasattr(value, "tolist") and hasattr(value, "dtype"):
        detached = value.detach()
        return {"tensor": {"values": detached.cpu().tolist(), "dtype": str(value.dtype).split(".")[-1],
                           "shape": list(value.shape), "requires_grad": bool(value.requires_grad)}}
    if type(value).__name__ == "dtype":
        return {"dtype": str(value).split(".")[-1]}
    if type(value).__name__ == "Size":
        return list(value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [_serialize(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _serialize(item) for key, item in value.items()}
    raise TypeError(f"cannot serialize {type(value)}")


def record(torch=None):
    """Record PyTorch's outcome of every case (``record_torch.py edge_semantics``; needs PyTorch)."""
    if torch is None:
        import torch  # the recorder's dependency only: the tests never call record()
    recorded = {name: run(torch, code) for name, code in CASES.items()}
    RECORDING.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(recorded)} edge-semantics cases to {RECORDING.name}")


def recorded():
    return json.loads(RECORDING.read_text())


def normalize(text, device="cpu"):
    """PyTorch's spelling of gradlib's names; on a GPU a tensor type prints as ``torch.cuda.FloatTensor``."""
    text = re.sub(r"\bgradlib\b", "torch", text)
    if device != "cpu":
        text = re.sub(r"torch\.cuda\.(\w+Tensor)", r"torch.\1", text)
        text = re.sub(r'_cuda(_?)"', r'_cpu\1"', text)  # PyTorch's kernel names: "abs_cuda" / "abs_cpu"
        text = re.sub(r"device='cuda:\d+'|cuda:\d+", "cpu", text)
    return text


def check(torch, name, expected, device="cpu"):
    """Run case ``name`` with gradlib (``torch``) and assert its outcome is the recorded one."""
    found = run(torch, CASES[name])
    if "error" in expected:
        assert "error" in found, f"{name}: PyTorch raises {expected['error']}, gradlib returns {found['result']}"
        assert found["error"][0] == expected["error"][0], f"{name}: {found['error']} != {expected['error']}"
        assert normalize(found["error"][1], device) == expected["error"][1], \
            f"{name}: message {found['error'][1]!r} != {expected['error'][1]!r}"
    else:
        assert "result" in found, f"{name}: gradlib raises {found['error']}, PyTorch returns {expected['result']}"
        _compare(found["result"], expected["result"], name)
    unexpected = set(found["warnings"]) - set(expected["warnings"]) - {"UserWarning", "DeprecationWarning"}
    assert not unexpected, f"{name}: warnings {sorted(unexpected)} (PyTorch: {expected['warnings']})"


def _compare(found, expected, where):
    if isinstance(expected, dict) and "tensor" in expected:
        assert isinstance(found, dict) and "tensor" in found, f"{where}: expected a tensor, got {found!r}"
        want, got = expected["tensor"], found["tensor"]
        assert (got["dtype"], got["shape"]) == (want["dtype"], want["shape"]), \
            f"{where}: {got['dtype']}{got['shape']} != {want['dtype']}{want['shape']}"
        assert got["requires_grad"] == want["requires_grad"], f"{where}: requires_grad"
        # float16: four units in the last place (a 1-ulp difference in a product propagates into its gradient)
        tolerance = {"float16": 4e-3, "float32": 1e-6}.get(want["dtype"], 1e-12)
        _compare_values(got["values"], want["values"], tolerance, where)
        return
    if isinstance(expected, dict):
        assert isinstance(found, dict) and sorted(found) == sorted(expected), f"{where}: {found!r} != {expected!r}"
        for key in expected:
            _compare(found[key], expected[key], f"{where}.{key}")
        return
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found!r} != {expected!r}"
        for index, (item, want) in enumerate(zip(found, expected)):
            _compare(item, want, f"{where}[{index}]")
        return
    if isinstance(expected, str):
        assert isinstance(found, str) and normalize(found) == expected, f"{where}: {found!r} != {expected!r}"
        return
    if isinstance(expected, float):
        assert isinstance(found, (int, float)) and math.isclose(found, expected, rel_tol=1e-6), \
            f"{where}: {found!r} != {expected!r}"
        return
    assert found == expected and type(found) is type(expected), f"{where}: {found!r} != {expected!r}"


def _compare_values(found, expected, tolerance, where):
    if isinstance(expected, list):
        assert isinstance(found, list) and len(found) == len(expected), f"{where}: {found} != {expected}"
        for item, want in zip(found, expected):
            _compare_values(item, want, tolerance, where)
        return
    if isinstance(expected, bool) or isinstance(expected, int):
        assert found == expected and type(found) is type(expected), f"{where}: {found!r} != {expected!r}"
        return
    if math.isnan(expected) or math.isinf(expected):
        assert found == expected or (math.isnan(found) and math.isnan(expected)), f"{where}: {found} != {expected}"
        return
    assert math.isclose(found, expected, rel_tol=tolerance, abs_tol=tolerance), f"{where}: {found} != {expected}"
