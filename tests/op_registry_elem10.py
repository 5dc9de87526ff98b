"""Registry samples of helper elem10's ops (gradlib/ops/elementwise_more.py, torch.rsub, Tensor.hardshrink): the
inverse hyperbolic functions, the angle conversions, ldexp/frexp/nextafter, gcd/lcm (integers: never
differentiable), and rsub's two nodes.

Recorded separately (``python tests/reference/record_torch.py elem10`` writes ``torch_ops_elem10.json``,
``torch_op_dtypes_elem10.json``, ``torch_grad_fn_names_elem10.json`` and the edge-corpus calls of these samples,
``torch_edge_corpus_elem10.json``); ``op_registry.SAMPLES`` includes these, so every generic test (PyTorch's values
and gradients, gradcheck and gradgradcheck in float64, dtypes, the edge corpus) runs them. Edge values, errors and
the non-op functions are in tests/test_elem10.py.
"""
from op_registry import F, I, Sample

SAMPLES = [
    Sample("acosh", lambda lib, a: lib.acosh(a), [F(2, 3, low=1.1, high=3.0)]),
    Sample("acosh_method_transposed", lambda lib, a: a.arccosh(), [F(3, 4, low=1.2, high=4.0, transposed=True)]),
    Sample("asinh", lambda lib, a: lib.asinh(a), [F(3, low=-3.0, high=3.0)]),
    Sample("asinh_0d", lambda lib, a: lib.arcsinh(a), [F()]),
    Sample("atanh", lambda lib, a: lib.atanh(a), [F(2, 3, low=-0.9, high=0.9)]),
    Sample("atanh_method", lambda lib, a: a.arctanh(), [F(4, low=-0.8, high=0.8)]),
    Sample("deg2rad", lambda lib, a: lib.deg2rad(a * 90), [F(2, 3)]),
    Sample("rad2deg", lambda lib, a: a.rad2deg(), [F(3, transposed=False)]),
    Sample("ldexp", lambda lib, a, b: lib.ldexp(a, b), [F(2, 3), F(3, low=-2.0, high=2.0)]),
    Sample("ldexp_int_exponent", lambda lib, a, e: a.ldexp(e), [F(2, 3), I(3, low=0, high=5)]),
    Sample("frexp", lambda lib, a: lib.frexp(a * 5), [F(2, 3)]),
    Sample("frexp_method", lambda lib, a: a.frexp()[0] * 2, [F(4, low=0.1, high=9.0)]),
    Sample("nextafter", lambda lib, a, b: lib.nextafter(a, b), [F(3), F(3)]),
    Sample("nextafter_broadcast", lambda lib, a, b: a.nextafter(b), [F(2, 3), F(3)]),
    Sample("gcd", lambda lib, a, b: lib.gcd(a, b), [I(2, 3, low=-30, high=30), I(3, low=0, high=30)],
           differentiable=False),
    Sample("lcm", lambda lib, a, b: a.lcm(b), [I(4, low=-12, high=12), I(4, low=-12, high=12)],
           differentiable=False),
    Sample("rsub_tensor", lambda lib, a, b: lib.rsub(a, b, alpha=2), [F(2, 3), F(3)]),
    Sample("rsub_tensor_alpha1", lambda lib, a, b: lib.rsub(a, b), [F(3), F(2, 3)]),
    Sample("rsub_number_alpha", lambda lib, a: lib.rsub(a, 2.5, alpha=0.5), [F(2, 2)]),
    Sample("hardshrink_method", lambda lib, a: a.hardshrink(0.3), [F(3, 4)], twice=False),
]

#: gcd and lcm compute on integers only: their results never require grad
NONDIFFERENTIABLE = ("Gcd", "Lcm")

_WHY = "tests/test_elem10.py: PyTorch's recorded nodes of in-place forms (names, values, zero gradients or errors)"
#: the nodes of in-place forms only: comparisons written in place (a zero gradient) and acosh_/asinh_/atanh_ of a
#: tensor that requires grad (PyTorch records them without a derivative)
COVERED_ELSEWHERE = {name: _WHY for name in (
    "EqBackward0", "EqBackward1", "NeBackward0", "NeBackward1", "LtBackward0", "LtBackward1", "LeBackward0",
    "LeBackward1", "GtBackward0", "GtBackward1", "GeBackward0", "GeBackward1", "AcoshBackward1", "AsinhBackward1",
    "AtanhBackward1")}
