"""Snippets of helper inplace9: PyTorch's top-level in-place functions (``torch.sin_(x)``: the Tensor method's
result, identity, version bump, grad_fn and gradient, the leaf error), Python numbers in the tensor positions of
the binary and ternary functions (``torch.add(2, x)``, ``torch.eq(1, x)``: result dtype or PyTorch's TypeError),
and Python's reflected operators with a number first (``2 ** x``, ``5 // x``, ``1 << x``, ``2 @ x``). Run with
``torch`` bound to PyTorch by ``inplace9.py`` (``python tests/reference/record_torch.py inplace9`` writes
``torch_inplace9.json``) and to gradlib by ``tests/test_inplace9.py``, with ``DEV`` the device under test. Each
snippet leaves its observations in ``result`` or raises. Fixed data only."""

#: (function, input values, extra arguments): the in-place table; ``torch.<name>(y<args>)`` on y = x * 1
INPLACE = (
    ("abs_", "[-1.5, 2., 0.5]", ""), ("acos_", "[0., 0.5, -0.25]", ""), ("arccos_", "[0., 0.5, -0.25]", ""),
    ("asin_", "[0., 0.5, -0.25]", ""), ("arcsin_", "[0., 0.5, -0.25]", ""), ("atan_", "[0., 1., -2.]", ""),
    ("arctan_", "[0., 1., -2.]", ""), ("ceil_", "[-1.5, 0.2, 2.]", ""),
    ("clamp_", "[-2., 0.5, 3.]", ", min=-1., max=1."), ("clip_", "[-2., 0.5, 3.]", ", -1., 1."),
    ("clamp_max_", "[-2., 0.5, 3.]", ", 1."), ("clamp_min_", "[-2., 0.5, 3.]", ", 0."),
    ("cos_", "[0., 1., -2.]", ""), ("cosh_", "[0., 1., -2.]", ""), ("erf_", "[0., 1., -2.]", ""),
    ("erfc_", "[0., 1., -2.]", ""), ("exp2_", "[0., 3., -1.]", ""), ("exp_", "[0., 1., -2.]", ""),
    ("expm1_", "[0., 1., -2.]", ""), ("fix_", "[-1.5, 2.7, 0.]", ""), ("floor_", "[-1.5, 2.7, 0.]", ""),
    ("frac_", "[-1.5, 2.75, 0.]", ""), ("log10_", "[1., 10., 0.5]", ""), ("log1p_", "[0., 1., 2.]", ""),
    ("log2_", "[1., 8., 0.5]", ""), ("log_", "[1., 2., 0.5]", ""), ("logit_", "[0.25, 0.5, 0.75]", ""),
    ("nan_to_num_", "[float('nan'), 1., float('inf')]", ", 0.5"), ("neg_", "[1., -2., 0.]", ""),
    ("negative_", "[1., -2., 0.]", ""), ("reciprocal_", "[2., -4., 0.5]", ""), ("relu_", "[-1., 2., 0.]", ""),
    ("round_", "[0.5, 1.5, 2.6]", ""), ("rsqrt_", "[4., 0.25, 1.]", ""), ("sigmoid_", "[0., 2., -1.]", ""),
    ("sin_", "[0., 1., -2.]", ""), ("sinc_", "[0., 0.5, -1.5]", ""), ("sinh_", "[0., 1., -2.]", ""),
    ("sqrt_", "[4., 2., 0.25]", ""), ("square_", "[3., -2., 0.]", ""), ("tan_", "[0., 1., -0.5]", ""),
    ("tanh_", "[0., 1., -2.]", ""), ("trunc_", "[-1.5, 2.7, 0.]", ""),
    ("xlogy_", "[0., 2., 1.5]", ", torch.tensor([0.5, 3., 2.], dtype=torch.float64, device=DEV)"),
    ("zero_", "[1., 2., 3.]", ""), ("fill_", "[1., 2., 3.]", ", 7."),
    ("index_put_", "[1., 2., 3.]", ", (torch.tensor([0, 2], device=DEV),), "
                                   "torch.tensor([9., 8.], dtype=torch.float64, device=DEV)"),
    ("addmv_", "[1., 2., 3.]", ", torch.eye(3, dtype=torch.float64, device=DEV), "
                               "torch.tensor([3., 4., 5.], dtype=torch.float64, device=DEV), beta=2., alpha=0.5"),
    ("celu_", "[-1., 2., 0.5]", ", 0.5"), ("selu_", "[-1., 2., 0.5]", ""),
    ("rrelu_", "[-1., 2., 0.5]", ", 0.25, 0.25"), ("threshold_", "[-1., 2., 0.5]", ", 0.5, 9."),
    ("dropout_", "[-1., 2., 0.5]", ", 0.5, False"), ("dropout_", "[-1., 2., 0.5]", ", 0., True"),
    ("alpha_dropout_", "[-1., 2., 0.5]", ", 0.5, False"), ("feature_alpha_dropout_", "[-1., 2., 0.5]", ", 0.5, False"),
    ("nn.functional.relu_", "[-1., 2., 0.]", ""), ("nn.functional.elu_", "[-1., 2., 0.]", ""),
    ("nn.functional.leaky_relu_", "[-1., 2., 0.]", ", 0.2"), ("nn.functional.hardtanh_", "[-2., 2., 0.5]", ""),
    ("nn.functional.threshold_", "[-1., 2., 0.5]", ", 0.5, 9."), ("nn.functional.celu_", "[-1., 2., 0.5]", ""),
    ("nn.functional.selu_", "[-1., 2., 0.5]", ""), ("nn.functional.rrelu_", "[-1., 2., 0.5]", ""),
)

_INPLACE_CASE = """\
x = torch.tensor({values}, dtype=torch.float64, device=DEV, requires_grad=True)
y = x * 1
before = y._version
r = torch.{name}(y{args})
result = {{'same': r is y, 'out': r.detach(), 'bump': y._version - before,
          'grad_fn': None if y.grad_fn is None else type(y.grad_fn).__name__, 'requires_grad': y.requires_grad}}
if y.requires_grad:
    result['grad'] = torch.autograd.grad(y.sum(), x)[0]
leaf = torch.tensor({values}, device=DEV, requires_grad=True)
try:
    torch.{name}(leaf{args32})
    result['leaf'] = 'written'
except RuntimeError as error:
    result['leaf'] = str(error)
try:
    torch.{name}([1., 2.]{args32})
    result['list'] = 'accepted'
except TypeError as error:
    result['list'] = str(error)
"""

#: in-place functions on an integer tensor (PyTorch's cast rule) and on a view (CopySlices)
_EXTRA = {
    "inplace_int/sin_": "x = torch.tensor([1, 2], device=DEV)\ntorch.sin_(x)\nresult = {'x': x}",
    "inplace_int/relu_": "x = torch.tensor([-1, 2], device=DEV)\nresult = {'r': torch.relu_(x), 'x': x}",
    "inplace_int/clamp_float": "x = torch.tensor([-1, 2], device=DEV)\ntorch.clamp_(x, 0.5)\nresult = {'x': x}",
    "inplace_int/abs_": "x = torch.tensor([-1, 2], device=DEV)\nresult = {'r': torch.abs_(x)}",
    "inplace_view/sin_": ("x = torch.tensor([[0., 1.], [2., 3.]], dtype=torch.float64, device=DEV, requires_grad=True)\n"
                          "y = x * 1\nv = y[0]\ntorch.sin_(v)\nresult = {'y': y, 'base_fn': type(y.grad_fn).__name__, "
                          "'grad': torch.autograd.grad(y.sum(), x)[0]}"),
    "inplace_saved/exp_": ("x = torch.tensor([0., 1.], dtype=torch.float64, device=DEV, requires_grad=True)\n"
                           "y = x * 1\nz = y * y\ntorch.exp_(y)\ntry:\n    z.sum().backward()\n    result = {'r': 'ran'}\n"
                           "except RuntimeError as error:\n    result = {'r': str(error).split('[')[0]}"),
    "inplace_nograd/sin_": ("x = torch.tensor([0., 1.], device=DEV, requires_grad=True)\nwith torch.no_grad():\n"
                            "    torch.sin_(x)\nresult = {'x': x, 'version': x._version}"),
    "inplace_identity/shared": "F = torch.nn.functional\nresult = {'celu': torch.celu_ is F.celu_, "
                               "'relu': torch.relu_ is F.relu_, 'selu': torch.selu_ is F.selu_, "
                               "'rrelu': torch.rrelu_ is F.rrelu_, 'threshold': torch.threshold_ is F.threshold_}",
}

#: calls whose tensor positions all hold numbers (PyTorch's arithmetic makes them 0-d tensors) and NumPy numbers
_ONLY_NUMBERS = {
    "add": "torch.add(2, 3)", "add_float": "torch.add(2, 3.5)", "add_complex": "torch.add(1j, 2)",
    "mul": "torch.mul(2., 3)", "sub_bool": "torch.sub(True, 1)", "div": "torch.div(1, 2)",
    "div_floor": "torch.div(7, 2, rounding_mode='floor')", "pow": "torch.pow(2, 3)", "remainder": "torch.remainder(5, 3)",
    "where": "torch.where(torch.tensor([True, False], device=DEV), 0., 1)",
    "where_int": "torch.where(torch.tensor([True, False], device=DEV), 0, 1)",
    "where_complex": "torch.where(torch.tensor([True, False], device=DEV), 1j, 1)", "eq": "torch.eq(1, 2)",
    "atan2": "torch.atan2(1., 2.)", "bitwise_and": "torch.bitwise_and(1, 2)", "floor_divide": "torch.floor_divide(5, 2)",
    "true_divide": "torch.true_divide(5, 2)", "xlogy": "torch.xlogy(2, 3)", "maximum": "torch.maximum(1, 2)",
    "clamp": "torch.clamp(1, 0, 2)", "lerp": "torch.lerp(1., 2., 0.5)",
    "add_numpy": "torch.add(numpy.float64(2), torch.ones(2, device=DEV))",
    "eq_numpy": "torch.eq(numpy.float64(2), torch.ones(2, device=DEV))",
    "mul_numpy_int": "torch.mul(torch.ones(2, dtype=torch.int32, device=DEV), numpy.int64(3))",
}
#: numbers beside tensors in the overloads' other parameters (0-d tensors for Number, keywords, rounding_mode)
_MIXED = {
    "clamp_0d_number": "torch.clamp(x, torch.tensor(0., device=DEV), 1.0)",
    "clamp_tensor_number": "torch.clamp(x, torch.zeros(3, device=DEV), 1.0)",
    "clamp_number_0d": "torch.clamp(x, 0., torch.tensor(1., device=DEV))",
    "clamp_keywords": "torch.clamp(x, min=torch.zeros(3, device=DEV), max=1.0)",
    "where_0d_number": "torch.where(x > 0, torch.tensor(0., device=DEV), 1.)",
    "lerp_0d_weight": "torch.lerp(x, x, torch.tensor(0.5, device=DEV))", "eq_0d_first": "torch.eq(x[0], 2)",
    "add_alpha": "torch.add(x, 2, alpha=3)", "sub_number_first_alpha": "torch.sub(2, x, alpha=2)",
    "div_number_first_floor": "torch.div(7, x, rounding_mode='floor')",
    "bucketize_right": "torch.bucketize(2, torch.tensor([1., 3.], device=DEV), right=True)",
    "isclose_positional": "torch.isclose(x, x, 1e-3, 1e-3, True)", "fmod_keyword": "torch.fmod(x, other=2)",
    "where_number_keyword": "torch.where(x > 0, x, other=0.)", "pow_number_first_keyword": "torch.pow(2, exponent=x)",
}
_EXTRA["number_mixed/table"] = ("x = torch.tensor([1.5, -2.0, 3.0], device=DEV)\nresult = {}\nfor key, call in "
                                + repr(_MIXED) + ".items():\n    try:\n        result[key] = eval(call)\n"
                                "    except Exception as error:\n        result[key] = [type(error).__name__, str(error)]\n")
_EXTRA["number_only/table"] = ("import numpy\nresult = {}\nfor key, call in " + repr(_ONLY_NUMBERS) + ".items():\n"
                               "    try:\n        result[key] = eval(call)\n"
                               "    except Exception as error:\n        result[key] = [type(error).__name__, str(error)]\n")

#: functions with a tensor in each position but one, which holds a Python number
NUMBER_FUNCTIONS = {
    2: ("add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder",
        "fmod", "pow", "float_power", "atan2", "arctan2", "hypot", "maximum", "minimum", "fmax", "fmin", "eq", "ne",
        "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal", "bitwise_and",
        "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift", "logical_and", "logical_or",
        "logical_xor", "xlogy", "special.xlogy", "special.xlog1py", "copysign", "heaviside", "logaddexp",
        "logaddexp2", "isclose", "allclose", "equal", "dist", "matmul", "mm", "mv", "dot", "outer", "ger", "inner",
        "kron", "cross", "bmm", "clamp_min", "clamp_max", "polar", "complex", "bucketize", "searchsorted", "isin"),
    3: ("where", "lerp", "addcmul", "addcdiv", "clamp", "clip"),
}
NUMBERS = {"bool": True, "int": 3, "float": 2.5, "complex": 1 + 1j}
DTYPES = ("float32", "int64", "bool")

_NUMBER_CASE = """\
function = torch
for part in {name!r}.split('.'):
    function = getattr(function, part)
result = {{}}
for dtype in {dtypes!r}:
    x = torch.tensor([1.5, -2.0, 3.0], device=DEV).to(getattr(torch, dtype))
    base = [torch.tensor([True, False, True], device=DEV), x, x] if {name!r} == 'where' else [x] * {count}
    for position in range({count}):
        for kind, number in {numbers!r}.items():
            args = list(base)
            args[position] = number
            key = dtype + '/' + str(position) + '/' + kind
            try:
                result[key] = function(*args)
            except Exception as error:
                result[key] = [type(error).__name__, str(error)]
"""

#: Python's operators with a number on the left (the reflected methods of Tensor)
OPERATORS = ("+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|", "^", "<", "<=", ">", ">=", "==", "!=")

_OPERATOR_CASE = """\
result = {{}}
for dtype in ('float32', 'int64', 'bool'):
    x = torch.tensor([1.5, -2.0, 3.0], device=DEV).to(getattr(torch, dtype))
    for kind, number in {numbers!r}.items():
        key = dtype + '/' + kind
        try:
            result[key] = eval('number {op} x')
        except Exception as error:
            result[key] = [type(error).__name__, str(error)]
"""


def _cases():
    cases = {}
    for name, values, args in INPLACE:
        key = "inplace/" + name + ("/" + args.replace(" ", "") if name.startswith("dropout_") else "")
        args32 = args.replace("dtype=torch.float64, ", "")
        cases[key] = _INPLACE_CASE.format(name=name, values=values, args=args, args32=args32)
    cases.update(_EXTRA)
    for count, names in NUMBER_FUNCTIONS.items():
        for name in names:
            cases["number/" + name] = _NUMBER_CASE.format(name=name, dtypes=DTYPES, count=count, numbers=NUMBERS)
    for op in OPERATORS:
        cases["operator/" + op] = _OPERATOR_CASE.format(op=op, numbers=NUMBERS)
    return cases


CASES = _cases()
