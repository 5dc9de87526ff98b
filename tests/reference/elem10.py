"""Recorder section ``elem10`` (helper elem10): PyTorch's values, dtypes, gradients and errors of acosh/asinh/atanh,
deg2rad/rad2deg, ldexp, frexp, nextafter, gcd/lcm, rsub, the in-place forms and aliases, and the tensor questions
and factories (is_signed, is_nonzero, is_same_size, is_neg/resolve_neg, is_inference, typename, is_storage,
scalar_tensor, the deprecated range with its warning), at their edges: 0, +-1 for atanh, < 1 for acosh, +-inf,
NaN, integer, bool and float16 inputs, empty and 0-d tensors.

``python tests/reference/record_torch.py elem10`` writes ``torch_elem10.json`` ({case: serialized ``result``, or
the error class and message}), the registry files of tests/op_registry_elem10.py (``torch_ops_elem10.json``,
``torch_op_dtypes_elem10.json``, ``torch_grad_fn_names_elem10.json``) and their edge-corpus calls
(``torch_edge_corpus_elem10.json``). tests/test_elem10.py runs each case with gradlib bound to ``torch`` on the
device under test and compares.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
PATH = HERE / "torch_elem10.json"

_EDGES = "[0., -0., 1., -1., 0.5, -0.5, 0.999, 1.001, 2., -2., 1e-8, 1e300, float('inf'), float('-inf'), float('nan')]"
_GRAD_POINTS = "[0., 0.5, -0.5, 1., -1., 0.9, 1.5, 2., -3., 1e-8]"

UNARY = ("acosh", "asinh", "atanh", "deg2rad", "rad2deg", "arccosh", "arcsinh", "arctanh")
_DIFFERENTIABLE = ("acosh", "asinh", "atanh", "deg2rad", "rad2deg")


def _unary_cases():
    cases = {}
    for name in UNARY:
        for dtype in ("float64", "float32", "float16", "bfloat16"):
            cases[f"{name}/edges/{dtype}"] = f"result = {{'y': torch.{name}(torch.tensor({_EDGES}, dtype=torch.{dtype}))}}"
        cases[f"{name}/int64"] = f"result = {{'y': torch.{name}(torch.tensor([-3, -1, 0, 1, 2, 7]))}}"
        cases[f"{name}/int8"] = f"result = {{'y': torch.{name}(torch.tensor([-3, 0, 1, 100], dtype=torch.int8))}}"
        cases[f"{name}/uint8"] = f"result = {{'y': torch.{name}(torch.tensor([0, 1, 2, 255], dtype=torch.uint8))}}"
        cases[f"{name}/bool"] = f"result = {{'y': torch.{name}(torch.tensor([True, False]))}}"
        cases[f"{name}/empty"] = f"result = {{'y': torch.{name}(torch.zeros(0, 3))}}"
        cases[f"{name}/0d"] = f"result = {{'y': torch.{name}(torch.tensor(1.5, dtype=torch.float64))}}"
        cases[f"{name}/method"] = f"result = {{'y': torch.tensor([1.5, 3.]).{name}()}}"
        cases[f"{name}/inplace"] = (f"x = torch.tensor([1.5, 3.])\ny = x.{name}_()\nresult = {{'x': x, 'same': y is x}}")
        cases[f"{name}/inplace_function"] = (f"x = torch.tensor([1.5, 3.])\ny = torch.{name}_(x)\n"
                                             f"result = {{'x': x, 'same': y is x}}")
        cases[f"{name}/inplace_int"] = f"x = torch.tensor([1, 2])\nx.{name}_()\nresult = {{'x': x}}"
        cases[f"{name}/not_tensor"] = f"result = {{'y': torch.{name}([1.5])}}"
        cases[f"{name}/complex"] = (f"result = {{'y': torch.{name}(torch.tensor([1+1j, -2+0.5j, 0.5+0j, -2+0j, 2j, "
                                    f"complex(2, -0.0), 0j], dtype=torch.complex128))}}")
        cases[f"{name}/complex64"] = f"result = {{'y': torch.{name}(torch.tensor([1+1j, -0.5-2j]))}}"
    for name in _DIFFERENTIABLE:
        cases[f"{name}/grad"] = (f"x = torch.tensor({_GRAD_POINTS}, dtype=torch.float64, requires_grad=True)\n"
                                 f"y = torch.{name}(x)\n(g,) = torch.autograd.grad(y.sum(), x, create_graph=True)\n"
                                 f"(gg,) = torch.autograd.grad(g.sum(), x)\n"
                                 f"result = {{'y': y, 'g': g, 'gg': gg, 'name': y.grad_fn.name()}}")
        cases[f"{name}/grad_complex"] = (
            f"x = torch.tensor([1+1j, -2+0.5j, 0.3-0.7j], dtype=torch.complex128, requires_grad=True)\n"
            f"y = torch.{name}(x)\n(g,) = torch.autograd.grad(y.abs().sum(), x)\nresult = {{'y': y, 'g': g}}")
        cases[f"{name}/grad_float32"] = (f"x = torch.tensor([1.5, 0.5], requires_grad=True)\ny = torch.{name}(x)\n"
                                         f"y.sum().backward()\nresult = {{'g': x.grad}}")
        cases[f"{name}/grad_float16"] = (f"x = torch.tensor([1.5, 0.25], dtype=torch.float16, requires_grad=True)\n"
                                         f"y = torch.{name}(x)\ny.sum().backward()\nresult = {{'y': y, 'g': x.grad}}")
    return cases


_LDEXP = {
    "ldexp/values": "result = {'y': torch.ldexp(torch.tensor([1., 0.75, -3., 0., float('inf'), float('nan')]), "
                    "torch.tensor([3, -1, 2, 5, 1, 1]))}",
    "ldexp/float_exponent": "result = {'y': torch.ldexp(torch.tensor([1., 2.]), torch.tensor([2.5, -0.5]))}",
    "ldexp/int_int": "result = {'y': torch.ldexp(torch.tensor([1, 3], dtype=torch.int32), torch.tensor([2, 3], "
                     "dtype=torch.int32))}",
    "ldexp/bool_bool": "result = {'y': torch.ldexp(torch.tensor([True, False]), torch.tensor([True, True]))}",
    "ldexp/half_int": "result = {'y': torch.ldexp(torch.tensor([1., 3.], dtype=torch.float16), torch.tensor([20, 2]))}",
    "ldexp/half_double": "result = {'y': torch.ldexp(torch.tensor([1.], dtype=torch.float16), "
                         "torch.tensor([1.], dtype=torch.float64))}",
    "ldexp/overflow": "result = {'y': torch.ldexp(torch.tensor([3.]), torch.tensor([1030])), "
                      "'z': torch.ldexp(torch.tensor([3.]), torch.tensor([-1080])), "
                      "'w': torch.ldexp(torch.tensor([3.], dtype=torch.float64), torch.tensor([1030]))}",
    "ldexp/0d_other": "result = {'y': torch.ldexp(torch.tensor([3., 1.]), torch.tensor(2))}",
    "ldexp/broadcast": "result = {'y': torch.ldexp(torch.ones(2, 1), torch.arange(3))}",
    "ldexp/empty": "result = {'y': torch.ldexp(torch.ones(0, 2), torch.ones(2, dtype=torch.int64))}",
    "ldexp/bad_broadcast": "result = {'y': torch.ldexp(torch.ones(2), torch.ones(3))}",
    "ldexp/number_other": "result = {'y': torch.ldexp(torch.tensor([1.]), 2)}",
    "ldexp/complex": "result = {'y': torch.ldexp(torch.tensor([1+1j, -2+0.5j]), torch.tensor([1, 2]))}",
    "ldexp/grad": "a = torch.tensor([0.5, 2., -1.5], dtype=torch.float64, requires_grad=True)\n"
                  "b = torch.tensor([1., 2., -0.5], dtype=torch.float64, requires_grad=True)\ny = torch.ldexp(a, b)\n"
                  "ga, gb = torch.autograd.grad(y.sum(), (a, b), create_graph=True)\n"
                  "gga, ggb = torch.autograd.grad((ga * gb).sum(), (a, b))\n"
                  "result = {'y': y, 'ga': ga, 'gb': gb, 'gga': gga, 'ggb': ggb, 'name': y.grad_fn.name()}",
    "ldexp/grad_int_exponent": "a = torch.tensor([0.5, 2.], requires_grad=True)\n"
                               "y = torch.ldexp(a, torch.tensor([1, 2]))\ny.sum().backward()\nresult = {'g': a.grad}",
    "ldexp/grad_integer_exponents": "out = {}\nfor name, values in (('int64', [-1, 0, 3, 62, 63, 64, 1030]), "
                                    "('int32', [-1, 0, 3, 30, 31, 32, 33]), ('uint8', [0, 1, 3, 7, 8, 9, 200]), "
                                    "('int8', [-3, 1, 6, 7, 8, 100, 0])):\n"
                                    "    a = torch.ones(7, dtype=torch.float64, requires_grad=True)\n"
                                    "    y = torch.ldexp(a, torch.tensor(values, dtype=getattr(torch, name)))\n"
                                    "    out[name] = torch.autograd.grad(y.sum(), a)[0]\n"
                                    "a = torch.ones(3, dtype=torch.float16, requires_grad=True)\n"
                                    "out['half'] = torch.autograd.grad(torch.ldexp(a, torch.tensor([-1, 2, 20])).sum(), "
                                    "a)[0]\nresult = out",
    "ldexp/bool_exponent_grad": "a = torch.ones(2, requires_grad=True)\n"
                                "result = {'y': torch.ldexp(a, torch.tensor([True, False]))}",
    "ldexp/bool_exponent_no_grad": "a = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n"
                                   "    y = torch.ldexp(a, torch.tensor([True, False]))\nresult = {'y': y}",
    "ldexp/bool_exponents": "out = {}\nfor name in ('bool', 'uint8', 'int64', 'float16', 'float32', 'float64', "
                            "'complex64'):\n    try:\n        out[name] = torch.ldexp(torch.ones(2, dtype=getattr(torch, "
                            "name)), torch.tensor([True, False]))\n    except NotImplementedError as error:\n"
                            "        out[name] = str(error)\nresult = out",
    "ldexp/complex_grad_to_real_other": "c = torch.tensor([1+1j, 2-1j], dtype=torch.complex128, requires_grad=True)\n"
                                        "f = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)\n"
                                        "result = {'g': torch.autograd.grad(torch.ldexp(c, f).abs().sum(), (c, f))}",
    "ldexp/complex_grad_to_real_input": "c = torch.tensor([1+1j, 2-1j], dtype=torch.complex128)\n"
                                        "f = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)\n"
                                        "result = {'g': torch.autograd.grad(torch.ldexp(f, c).abs().sum(), (f,))}",
    "ldexp/complex_grad_complex_only": "c = torch.tensor([1+1j, 2-1j], dtype=torch.complex128, requires_grad=True)\n"
                                       "f = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)\n"
                                       "result = {'g': torch.autograd.grad(torch.ldexp(c, f).abs().sum(), (c,))}",
    "ldexp/inplace": "x = torch.tensor([1., 0.75])\ny = x.ldexp_(torch.tensor([3, -1]))\nresult = {'x': x, 'same': y is x}",
    "ldexp/inplace_function": "x = torch.tensor([1., 0.75])\ntorch.ldexp_(x, torch.tensor([3, -1]))\nresult = {'x': x}",
    "ldexp/inplace_float_exponent": "x = torch.tensor([1.])\nx.ldexp_(torch.tensor([1.5]))\nresult = {'x': x}",
    "ldexp/inplace_int": "x = torch.tensor([1, 2])\nx.ldexp_(torch.tensor([1, 2]))\nresult = {'x': x}",
    "ldexp/inplace_broadcast": "x = torch.tensor([1.])\nx.ldexp_(torch.ones(2))\nresult = {'x': x}",
}

_FREXP = {
    "frexp/values": "m, e = torch.frexp(torch.tensor([8., -3., 0., -0., 0.5, 1e-310, 1e300, float('inf'), "
                    "float('-inf'), float('nan')], dtype=torch.float64))\nresult = {'m': m, 'e': e}",
    "frexp/float32": "r = torch.frexp(torch.tensor([8., -3., 1e-40, 3e38]))\n"
                     "result = {'m': r.mantissa, 'e': r.exponent, 'type': type(r).__name__}",
    "frexp/float16": "m, e = torch.frexp(torch.tensor([1., 6e-8, 65504., -0.1], dtype=torch.float16))\n"
                     "result = {'m': m, 'e': e}",
    "frexp/bfloat16": "m, e = torch.frexp(torch.tensor([1., 3., -0.1], dtype=torch.bfloat16))\n"
                      "result = {'m': m, 'e': e}",
    "frexp/0d": "m, e = torch.frexp(torch.tensor(3.))\nresult = {'m': m, 'e': e}",
    "frexp/empty": "m, e = torch.frexp(torch.zeros(2, 0))\nresult = {'m': m, 'e': e}",
    "frexp/int": "result = {'y': torch.frexp(torch.tensor([1, 2]))}",
    "frexp/bool": "result = {'y': torch.frexp(torch.tensor([True]))}",
    "frexp/complex": "result = {'y': torch.frexp(torch.tensor([1+1j]))}",
    "frexp/not_tensor": "result = {'y': torch.frexp(1.5)}",
    "frexp/method": "m, e = torch.tensor([8., 0.3]).frexp()\nresult = {'m': m, 'e': e}",
    "frexp/repr": "result = {'r': repr(torch.frexp(torch.tensor([8., -3.])))}",
    "frexp/grad": "x = torch.tensor([0.5, 2., 3., 0., -5., 1e-310, 1e200], dtype=torch.float64, requires_grad=True)\n"
                  "r = torch.frexp(x)\nr.mantissa.sum().backward()\n"
                  "result = {'g': x.grad, 'e_grad': r.exponent.requires_grad, 'name': r.mantissa.grad_fn.name()}",
    "frexp/grad_float16": "x = torch.tensor([0.5, 3.], dtype=torch.float16, requires_grad=True)\n"
                          "torch.frexp(x).mantissa.sum().backward()\nresult = {'g': x.grad}",
}

_NEXTAFTER = {
    "nextafter/values": "a = torch.tensor([1., 1., 0., 0., -0., 2., float('inf'), float('nan'), 1., 1e-320], "
                        "dtype=torch.float64)\nb = torch.tensor([2., 0., 1., -1., 0., 2., 0., 1., float('nan'), 0.], "
                        "dtype=torch.float64)\nresult = {'y': torch.nextafter(a, b), 'd': torch.nextafter(a, b) - a}",
    "nextafter/float32": "result = {'y': torch.nextafter(torch.tensor([0., 1., -1., 3.4028234663852886e38]), "
                         "torch.tensor([1., 2., -2., float('inf')]))}",
    "nextafter/float16": "result = {'y': torch.nextafter(torch.tensor([0., 1., 65504.], dtype=torch.float16), "
                         "torch.tensor([1., 0., float('inf')], dtype=torch.float16))}",
    "nextafter/bfloat16": "result = {'y': torch.nextafter(torch.tensor([1., 0., -1., 0., 3.], dtype=torch.bfloat16), "
                          "torch.tensor([2., -1., -2., 0., 3.], dtype=torch.bfloat16))}",
    "nextafter/mixed": "result = {'a': torch.nextafter(torch.tensor([1.]), torch.tensor([2])), "
                       "'b': torch.nextafter(torch.tensor([1]), torch.tensor([2.])), "
                       "'c': torch.nextafter(torch.tensor([1.], dtype=torch.float16), torch.tensor([2.])), "
                       "'d': torch.nextafter(torch.tensor([1.]), torch.tensor([True])), "
                       "'e': torch.nextafter(torch.tensor([1.]), torch.tensor(2., dtype=torch.float64))}",
    "nextafter/int": "result = {'y': torch.nextafter(torch.tensor([1]), torch.tensor([2]))}",
    "nextafter/bool": "result = {'y': torch.nextafter(torch.tensor([True]), torch.tensor([False]))}",
    "nextafter/complex": "result = {'y': torch.nextafter(torch.tensor([1j]), torch.tensor([1j]))}",
    "nextafter/number": "result = {'y': torch.nextafter(torch.tensor([1.]), 2.)}",
    "nextafter/empty": "result = {'y': torch.nextafter(torch.zeros(0), torch.ones(1))}",
    "nextafter/grad": "a = torch.tensor([0.5, 2.], dtype=torch.float64, requires_grad=True)\n"
                      "b = torch.tensor([1., 1.], dtype=torch.float64, requires_grad=True)\ny = torch.nextafter(a, b)\n"
                      "ga, gb = torch.autograd.grad(y.sum(), (a, b))\n"
                      "result = {'ga': ga, 'gb': gb, 'name': y.grad_fn.name()}",
    "nextafter/grad_ties": "a = torch.tensor([1., 2., 0., 5., float('nan'), 1.], dtype=torch.float64, "
                           "requires_grad=True)\nb = torch.tensor([1., 3., 0., 4., 1., float('nan')], dtype=torch.float64, "
                           "requires_grad=True)\nga, gb = torch.autograd.grad(torch.nextafter(a, b).sum(), (a, b))\n"
                           "result = {'ga': ga, 'gb': gb}",
    "nextafter/inplace": "x = torch.tensor([1., 2.])\ny = x.nextafter_(torch.tensor([2., 0.]))\n"
                         "result = {'d': x - torch.tensor([1., 2.]), 'same': y is x}",
}

_INTEGERS = "torch.tensor([4, -6, 0, 0, 12, -2**63, 7, 2**62, -9])", "torch.tensor([6, 4, 0, 5, -18, 0, 1, 3, -6])"

_GCD_LCM = {}
for _name in ("gcd", "lcm"):
    _GCD_LCM.update({
        f"{_name}/int64": f"result = {{'y': torch.{_name}({_INTEGERS[0]}, {_INTEGERS[1]})}}",
        f"{_name}/int8": f"result = {{'y': torch.{_name}(torch.tensor([-6, -128, 100, 0], dtype=torch.int8), "
                         f"torch.tensor([-4, 2, 30, 0], dtype=torch.int8))}}",
        f"{_name}/uint8": f"result = {{'y': torch.{_name}(torch.tensor([6, 200, 0], dtype=torch.uint8), "
                          f"torch.tensor([100, 150, 3], dtype=torch.uint8))}}",
        f"{_name}/int32": f"result = {{'y': torch.{_name}(torch.tensor([12, -8], dtype=torch.int32), "
                          f"torch.tensor([18, 12], dtype=torch.int32))}}",
        f"{_name}/mixed": f"result = {{'y': torch.{_name}(torch.tensor([6], dtype=torch.uint8), "
                          f"torch.tensor([4], dtype=torch.int32)), 'z': torch.{_name}(torch.tensor([-6, 9], "
                          f"dtype=torch.int8), torch.tensor(4))}}",
        f"{_name}/broadcast": f"result = {{'y': torch.{_name}(torch.arange(6).reshape(2, 3), torch.tensor([4, 6, 9]))}}",
        f"{_name}/empty": f"result = {{'y': torch.{_name}(torch.zeros(0, dtype=torch.int64), torch.ones(1, "
                          f"dtype=torch.int64))}}",
        f"{_name}/0d": f"result = {{'y': torch.{_name}(torch.tensor(12), torch.tensor(18))}}",
        f"{_name}/float": f"result = {{'y': torch.{_name}(torch.tensor([1.]), torch.tensor([1.]))}}",
        f"{_name}/int_float": f"result = {{'y': torch.{_name}(torch.tensor([1]), torch.tensor([1.]))}}",
        f"{_name}/half": f"result = {{'y': torch.{_name}(torch.tensor([1.], dtype=torch.float16), "
                         f"torch.tensor([1], dtype=torch.int64))}}",
        f"{_name}/bool": f"result = {{'y': torch.{_name}(torch.tensor([True]), torch.tensor([True]))}}",
        f"{_name}/complex": f"result = {{'y': torch.{_name}(torch.tensor([1j]), torch.tensor([1j]))}}",
        f"{_name}/number": f"result = {{'y': torch.{_name}(torch.tensor([4]), 6)}}",
        f"{_name}/bad_broadcast": f"result = {{'y': torch.{_name}(torch.tensor([4, 5]), torch.tensor([6, 4, 1]))}}",
        f"{_name}/method": f"result = {{'y': torch.tensor([4, 6]).{_name}(torch.tensor([6, 4]))}}",
        f"{_name}/inplace": f"x = torch.tensor([4, 6])\ny = x.{_name}_(torch.tensor([6, 4]))\n"
                            f"result = {{'x': x, 'same': y is x}}",
        f"{_name}/inplace_function": f"x = torch.tensor([4, 6], dtype=torch.int32)\ntorch.{_name}_(x, "
                                    f"torch.tensor([6, 4]))\nresult = {{'x': x}}",
        f"{_name}/inplace_uint8": f"x = torch.tensor([6], dtype=torch.uint8)\nx.{_name}_(torch.tensor([-4]))\n"
                                 f"result = {{'x': x}}",
        f"{_name}/inplace_float": f"x = torch.tensor([6.])\nx.{_name}_(torch.tensor([4]))\nresult = {{'x': x}}",
        f"{_name}/requires_grad": f"x = torch.tensor([1.5], requires_grad=True)\n"
                                  f"result = {{'y': torch.{_name}(x, x)}}",
    })

_RSUB = {
    "rsub/tensor": "a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([5., 5.], requires_grad=True)\n"
                   "y = torch.rsub(a, b, alpha=2)\ny.sum().backward()\n"
                   "result = {'y': y, 'ga': a.grad, 'gb': b.grad, 'name': y.grad_fn.name(), "
                   "'next': [type(f).__name__ for f, _ in y.grad_fn.next_functions]}",
    "rsub/number": "a = torch.tensor([1., 2.], requires_grad=True)\ny = torch.rsub(a, 2.5, alpha=0.5)\n"
                   "y.sum().backward()\nresult = {'y': y, 'g': a.grad, 'name': y.grad_fn.name(), "
                   "'next': [type(f).__name__ for f, _ in y.grad_fn.next_functions]}",
    "rsub/number_default": "result = {'y': torch.rsub(torch.tensor([1., 2.]), 3)}",
    "rsub/int": "result = {'y': torch.rsub(torch.tensor([1, 2]), 2, alpha=2), 'z': torch.rsub(torch.tensor([1, 2]), 2.5)}",
    "rsub/int_float_alpha": "result = {'y': torch.rsub(torch.tensor([1, 2]), torch.tensor([1, 2]), alpha=1.5)}",
    "rsub/bool": "result = {'y': torch.rsub(torch.tensor([True]), torch.tensor([True]))}",
    "rsub/bool_number": "result = {'y': torch.rsub(torch.tensor([True]), 1)}",
    "rsub/number_first": "result = {'y': torch.rsub(2., torch.tensor([1.]))}",
    "rsub/mixed_dtypes": "result = {'y': torch.rsub(torch.tensor([1], dtype=torch.int32), torch.tensor([1.5], "
                         "dtype=torch.float64)), 'z': torch.rsub(torch.tensor([1.], dtype=torch.float16), 2.)}",
    "rsub/complex": "result = {'y': torch.rsub(torch.tensor([1+1j]), 2, alpha=2)}",
    "rsub/0d_empty": "result = {'y': torch.rsub(torch.tensor(1.), torch.zeros(0, 2))}",
}

_ALIASES = {
    f"{name}_/{kind}": f"x = {value}\ny = x.{name}_({argument})\nresult = {{'x': x, 'same': y is x}}"
    for name in ("greater", "greater_equal", "less", "less_equal", "not_equal")
    for kind, value, argument in (("float", "torch.tensor([1., 2., 3.])", "2."),
                                  ("tensor", "torch.tensor([1, 2, 3])", "torch.tensor([3, 2, 1])"),
                                  ("bool", "torch.tensor([True, False])", "True"))
}
_ALIASES.update({
    f"{name}_/{kind}": f"x = {value}\ny = x.{name}_({argument})\nresult = {{'x': x, 'same': y is x}}"
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor")
    for kind, value, argument in (("int", "torch.tensor([12, 10, -1])", "torch.tensor([10, 6, 3])"),
                                  ("number", "torch.tensor([12, 10], dtype=torch.uint8)", "3"),
                                  ("bool", "torch.tensor([True, False])", "True"),
                                  ("float", "torch.tensor([1., 2.])", "3"))
})
_ALIASES.update({
    "greater_/grad": "a = torch.tensor([1., 2.], requires_grad=True)\nx = a * 1\nx.greater_(1.5)\n"
                     "x.sum().backward()\nresult = {'x': x, 'g': a.grad, 'name': x.grad_fn.name()}",
    "sgn_/float": "x = torch.tensor([-2., 0., 3., float('nan'), -0.])\ny = x.sgn_()\nresult = {'x': x, 'same': y is x}",
    "sgn_/int": "x = torch.tensor([-2, 0, 3])\nx.sgn_()\nresult = {'x': x}",
    "sgn_/bool": "x = torch.tensor([True, False])\nx.sgn_()\nresult = {'x': x}",
    "sgn_/complex": "x = torch.tensor([3+4j, 0j, -1j])\nx.sgn_()\nresult = {'x': x}",
    "sgn_/grad": "a = torch.tensor([3+4j, 1-1j], requires_grad=True)\nx = a * 1\nx.sgn_()\n"
                 "x.abs().sum().backward()\nresult = {'x': x, 'g': a.grad, 'name': x.grad_fn.name()}",
    "i0_/float": "x = torch.tensor([0., 1., -2.])\ny = torch.i0_(x)\nresult = {'x': x, 'same': y is x}",
    "i0_/int": "x = torch.tensor([1, 2])\ntorch.i0_(x)\nresult = {'x': x}",
    "i0_/not_tensor": "result = {'y': torch.i0_(1.)}",
    "hardshrink/method": "x = torch.tensor([-1., 0.2, 0.7, -0.5, 0.5], requires_grad=True)\ny = x.hardshrink()\n"
                         "y.sum().backward()\nresult = {'y': y, 'z': x.hardshrink(0.6), 'w': x.hardshrink(lambd=0.1), "
                         "'g': x.grad, 'name': y.grad_fn.name()}",
    "hardshrink/function": "result = {'y': torch.hardshrink(torch.tensor([-1., 0.2]), 0.1)}",
    "hardshrink/int": "result = {'y': torch.tensor([1, 2]).hardshrink()}",
    "hardshrink/complex": "result = {'y': torch.tensor([1j]).hardshrink()}",
    "inplace_leaf": "x = torch.tensor([1.5], requires_grad=True)\nx.acosh_()",
    "inplace_grad": "a = torch.tensor([1.5, 3.], dtype=torch.float64, requires_grad=True)\nx = a * 1\nx.atanh_()\n"
                    "x.deg2rad_()\nx.sum().backward()\nresult = {'x': x, 'g': a.grad, 'name': x.grad_fn.name()}",
})

_QUESTIONS = {
    "is_signed": "result = {name: torch.tensor([1], dtype=getattr(torch, name)).is_signed() for name in ('bool', "
                 "'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64', "
                 "'complex64', 'complex128')}",
    "is_signed/function": "result = {'a': torch.is_signed(torch.tensor([1])), 'b': torch.is_signed(torch.tensor([True]))}",
    "is_signed/not_tensor": "result = {'y': torch.is_signed(1)}",
    "is_nonzero": "result = {'a': torch.is_nonzero(torch.tensor([0.])), 'b': torch.is_nonzero(torch.tensor([[2]])), "
                  "'c': torch.is_nonzero(torch.tensor(True)), 'd': torch.is_nonzero(torch.tensor([float('nan')])), "
                  "'e': torch.is_nonzero(torch.tensor([-0.])), 'f': torch.is_nonzero(torch.tensor([0j])), "
                  "'g': torch.tensor([3], dtype=torch.uint8).is_nonzero(), 'h': torch.is_nonzero(torch.tensor(1e-300, "
                  "dtype=torch.float64))}",
    "is_nonzero/many": "result = {'y': torch.is_nonzero(torch.tensor([1., 2.]))}",
    "is_nonzero/empty": "result = {'y': torch.is_nonzero(torch.tensor([]))}",
    "is_nonzero/empty_method": "result = {'y': torch.zeros(0, 3).is_nonzero()}",
    "is_nonzero/not_tensor": "result = {'y': torch.is_nonzero(1)}",
    "is_same_size": "result = {'a': torch.is_same_size(torch.zeros(2, 3), torch.ones(2, 3, dtype=torch.int64)), "
                    "'b': torch.zeros(1).is_same_size(torch.tensor(1.)), 'c': torch.is_same_size(torch.ones(2, 3), "
                    "torch.ones(2, 3).t()), 'd': torch.zeros(0).is_same_size(torch.zeros(0))}",
    "is_same_size/not_tensor": "result = {'y': torch.is_same_size(torch.zeros(1), 1)}",
    "is_neg": "x = torch.tensor([1., -2.])\nresult = {'a': torch.is_neg(x), 'b': (-x).is_neg(), "
              "'c': torch.resolve_neg(x) is x, 'd': x.resolve_neg() is x, 'e': torch.resolve_neg(-x)}",
    "is_neg/not_tensor": "result = {'y': torch.is_neg(1)}",
    "resolve_neg/not_tensor": "result = {'y': torch.resolve_neg([1.])}",
    "resolve_neg/grad": "x = torch.tensor([1., 2.], requires_grad=True)\ny = torch.resolve_neg(x)\n"
                        "result = {'same': y is x, 'rg': y.requires_grad}",
    "is_inference": "x = torch.ones(1)\nwith torch.inference_mode():\n    y = torch.ones(1)\n    z = x * 2\n"
                    "result = {'x': torch.is_inference(x), 'y': torch.is_inference(y), 'z': z.is_inference()}",
    "is_inference/not_tensor": "result = {'y': torch.is_inference(1)}",
    "typename": "result = {name: torch.typename(torch.tensor([1], dtype=getattr(torch, name))) for name in ('bool', "
                "'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64', "
                "'complex64', 'complex128')}",
    "typename/others": "result = {'int': torch.typename(1), 'float': torch.typename(3.5), 'none': torch.typename(None), "
                       "'list': torch.typename([1]), 'size': torch.typename(torch.Size([2])), "
                       "'param': torch.typename(torch.nn.Parameter(torch.ones(1))), "
                       "'grad': torch.typename(torch.ones(1, requires_grad=True)), "
                       "'module': torch.typename(torch.nn.Linear(1, 1)), 'cls': torch.typename(torch.nn.Linear), "
                       "'dtype': torch.typename(torch.float32), 'device': torch.typename(torch.device('cpu')), "
                       "'storage': torch.typename(torch.zeros(2).untyped_storage()), 'fn': torch.typename(len)}",
    "is_storage": "x = torch.zeros(2)\nresult = {'a': torch.is_storage(x.untyped_storage()), 'b': torch.is_storage(x), "
                  "'c': torch.is_storage(1), 'd': torch.is_storage(torch.zeros(1).storage()), "
                  "'e': torch.is_storage(None)}",
}

_FACTORIES = {
    "scalar_tensor": "result = {'a': torch.scalar_tensor(3), 'b': torch.scalar_tensor(True), "
                     "'c': torch.scalar_tensor(2.5, dtype=torch.float64), 'd': torch.scalar_tensor(3, dtype=torch.int64), "
                     "'e': torch.scalar_tensor(True, dtype=torch.bool), 'f': torch.scalar_tensor(3.7, dtype=torch.int32), "
                     "'g': torch.scalar_tensor(1e40, dtype=torch.float16), 'h': torch.scalar_tensor(torch.tensor(2)), "
                     "'i': torch.scalar_tensor(1+2j, dtype=torch.complex64), 'j': torch.scalar_tensor(s=-2), "
                     "'k': torch.scalar_tensor(float('nan')), 'l': torch.scalar_tensor(2.5, requires_grad=True), "
                     "'m': torch.scalar_tensor(-1, dtype=torch.uint8)}",
    "scalar_tensor/numpy": "import numpy\nresult = {'y': torch.scalar_tensor(numpy.float32(2.5)), "
                           "'z': torch.scalar_tensor(numpy.int64(3))}",
    "scalar_tensor/complex": "result = {'y': torch.scalar_tensor(1+2j)}",
    "scalar_tensor/overflow_float": "result = {'y': torch.scalar_tensor(1e40)}",
    "scalar_tensor/overflow_uint8": "result = {'y': torch.scalar_tensor(300, dtype=torch.uint8)}",
    "scalar_tensor/nan_int": "result = {'y': torch.scalar_tensor(float('nan'), dtype=torch.int64)}",
    "scalar_tensor/grad_int": "result = {'y': torch.scalar_tensor(2, requires_grad=True, dtype=torch.int64)}",
    "scalar_tensor/tensor": "result = {'y': torch.scalar_tensor(torch.tensor([2, 3]))}",
    "scalar_tensor/one_element": "result = {'y': torch.scalar_tensor(torch.tensor([2.]))}",
    "scalar_tensor/str": "result = {'y': torch.scalar_tensor('a')}",
    "scalar_tensor/none": "result = {'y': torch.scalar_tensor(None)}",
    "scalar_tensor/missing": "result = {'y': torch.scalar_tensor()}",
}
_RANGES = {
    "basic": "0, 3", "float_step": "0, 1, 0.3", "tenths": "0., 1., 0.1", "down": "3, 0, -1", "half_start": "0.5, 2",
    "int64": "0, 3, dtype=torch.int64", "int64_fraction": "0, 2.5, 1, dtype=torch.int64",
    "int_truncate": "0.7, 3.9, 1.5, dtype=torch.int32", "float16": "0, 2, 0.25, dtype=torch.float16",
    "uint8": "0, 2, dtype=torch.uint8", "float64": "-1, 1, 0.1, dtype=torch.float64", "single": "0, 0",
    "tiny": "0, 1e-15, 1e-16", "keywords": "start=0, end=2, step=0.5", "tensor_bound": "torch.tensor(1), 3",
    "requires_grad": "1, 4, requires_grad=True", "step_zero": "0, 3, 0", "inconsistent": "3, 0",
    "inconsistent_down": "0, 1, -1", "inf": "0, float('inf')", "nan": "0, float('nan')", "neg_inf": "float('-inf'), 0.5",
    "bool": "0, 3, dtype=torch.bool", "complex_dtype": "0, 2, dtype=torch.complex64", "complex_start": "1+1j, 3",
    "one_argument": "3", "no_argument": "", "end_only": "end=3", "string": "'a', 3",
}
_FACTORIES.update({
    f"range/{name}": f"result = {{'y': torch.range({arguments})}}" for name, arguments in _RANGES.items()
})
_FACTORIES["range/warning"] = ("import warnings\nwith warnings.catch_warnings(record=True) as caught:\n"
                               "    warnings.simplefilter('always')\n    y = torch.range(0, 2)\n"
                               "result = {'y': y, 'messages': [str(w.message) for w in caught], "
                               "'categories': [w.category.__name__ for w in caught]}")

CASES = {**_unary_cases(), **_LDEXP, **_FREXP, **_NEXTAFTER, **_GCD_LCM, **_RSUB, **_ALIASES, **_QUESTIONS,
         **_FACTORIES}


def run(lib, code):
    """Run one case with ``torch`` bound to ``lib`` (warnings off): its serialized ``result``, or the error."""
    import warnings
    try:
        from serialize import serialize  # the recorder: tests/reference/ on sys.path
    except ImportError:
        from reference.serialize import serialize  # the tests: tests/ on sys.path
    scope = {"torch": lib}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(code, scope)
        except Exception as error:
            return {"error": [type(error).__name__, str(error)]}
    return {"result": {key: serialize(value) for key, value in scope["result"].items()}}


def record_edge_corpus(torch):
    """The edge-corpus calls of tests/op_registry_elem10.py's samples, in ``torch_edge_corpus_elem10.json``."""
    import warnings
    from edge_corpus import CASES as CORPUS, run_case
    from op_registry_elem10 import SAMPLES
    prefixes = tuple(f"registry/{sample.name}/" for sample in SAMPLES)
    outcomes = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in CORPUS:
            if case.name.startswith(prefixes):
                torch.manual_seed(0)
                outcomes[case.name] = run_case(torch, case)
    (HERE / "torch_edge_corpus_elem10.json").write_text(json.dumps(outcomes, sort_keys=True, indent=0) + "\n")
    print(f"recorded {len(outcomes)} edge-corpus calls of the elem10 samples")


def record():
    import torch
    from record_torch_shared import record_registry_topic
    record_registry_topic(torch, "elem10", grad_fn_names=True)
    record_edge_corpus(torch)
    recorded = {name: run(torch, code) for name, code in CASES.items()}
    PATH.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} elem10 cases to {PATH.name}")


if __name__ == "__main__":
    record()
