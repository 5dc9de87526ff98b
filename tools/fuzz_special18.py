"""Differential fuzzer of torch.special and the math elementwise family (session 18, special18): the same case
list under PyTorch and gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_special18.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_special18.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_special18.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: every function below x value set (tests/reference/special18.py's VALUES) x dtype, float64 gradients, the
binary functions against a second operand set, the softmax family x dims, round x decimals, and PyTorch's errors.
A differing value is classed "value-ulps<=2" (every element within 2 ulps of PyTorch's) apart from "value" (a
gross difference, a differing shape or dtype). The builders and the evaluation are tests/reference/special18.py's;
the cases that found a difference are copied there.
"""
import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import special18 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

UNARY = (
    "lib.lgamma({x})", "SP.gammaln({x})", "lib.digamma({x})", "SP.psi({x})", "lib.polygamma(1, {x})",
    "lib.polygamma(2, {x})", "lib.polygamma(3, {x})", "SP.polygamma(5, {x})", "lib.mvlgamma({x}, 1)",
    "SP.multigammaln({x}, 1)", "lib.erf({x})", "lib.erfc({x})", "lib.erfinv({x})", "SP.erfcx({x})", "lib.i0({x})",
    "SP.i0e({x})", "SP.i1({x})", "SP.i1e({x})", "SP.ndtr({x})", "SP.ndtri({x})", "SP.log_ndtr({x})",
    "lib.sinc({x})", "lib.logit({x})", "lib.logit({x}, eps=1e-6)", "SP.logit({x}, eps=0.25)", "SP.expit({x})",
    "SP.entr({x})", "SP.bessel_j0({x})", "SP.bessel_j1({x})", "SP.bessel_y0({x})", "SP.bessel_y1({x})",
    "SP.modified_bessel_i0({x})", "SP.modified_bessel_i1({x})", "SP.modified_bessel_k0({x})",
    "SP.modified_bessel_k1({x})", "SP.scaled_modified_bessel_k0({x})", "SP.scaled_modified_bessel_k1({x})",
    "SP.spherical_bessel_j0({x})", "SP.airy_ai({x})", "SP.exp2({x})", "SP.expm1({x})", "SP.log1p({x})",
    "SP.sinc({x})", "SP.erf({x})", "SP.erfc({x})", "SP.erfinv({x})",
)
DIFFERENTIABLE = ("lib.lgamma({x})", "lib.digamma({x})", "lib.polygamma(1, {x})", "lib.polygamma(2, {x})",
                  "lib.mvlgamma({x}, 1)", "lib.erf({x})", "lib.erfc({x})", "lib.erfinv({x})", "SP.erfcx({x})",
                  "lib.i0({x})", "SP.i0e({x})", "SP.i1({x})", "SP.i1e({x})", "SP.ndtr({x})", "SP.ndtri({x})",
                  "SP.log_ndtr({x})", "lib.sinc({x})", "lib.logit({x})", "lib.logit({x}, eps=1e-6)",
                  "SP.expit({x})", "SP.entr({x})", "SP.xlogy({x}, {x}.flip(0))", "SP.xlog1py({x}, {x}.flip(0))",
                  "lib.xlogy({x}, 2.5)", "lib.xlogy(0.5, {x})")
MVLGAMMA = ("lib.mvlgamma({x} + 30, {p})", "SP.multigammaln({x} + 30, {p})", "lib.mvlgamma({x}, {p})")
BINARY = ("lib.xlogy({x}, {y})", "SP.xlogy({x}, {y})", "SP.xlog1py({x}, {y})", "SP.zeta({x}, {y})",
          "SP.gammainc({x}, {y})", "SP.gammaincc({x}, {y})", "lib.igamma({x}, {y})", "lib.igammac({x}, {y})",
          "SP.xlogy({x}, 2)", "SP.xlog1py(0, {y})", "SP.zeta(2.0, {y})", "SP.zeta({x}, 1.0)")
SOFTMAX = ("SP.log_softmax({x}, {d})", "SP.softmax({x}, {d})", "SP.logsumexp({x}, {d})",
           "SP.log_softmax({x}, {d}, dtype=lib.float64)", "SP.softmax({x}, {d}, dtype=lib.float32)",
           "SP.logsumexp({x}, {d}, keepdim=True)")
ROUND = ("lib.round({x}, decimals={n})", "SP.round({x}, decimals={n})", "{x}.round(decimals={n})")
KINDS = ("edge", "grid", "unit", "big", "neg")
FLOATS = ("float64", "float32", "float16")
INTS = ("int64", "int32", "uint8", "bool")
ERRORS = (
    "lib.lgamma(T('complex64', 'vec'))", "lib.digamma(T('complex64', 'vec'))", "lib.polygamma(-1, V('grid'))",
    "lib.polygamma(1.5, V('grid'))", "lib.mvlgamma(V('grid'), 0)", "lib.mvlgamma(V('grid'), 2)",
    "lib.mvlgamma(V('int', 'int64'), 1)", "SP.zeta(T('complex64', 'vec'), 2.0)", "SP.gammainc(V('grid'), T('complex64', 'vec'))",
    "lib.erfinv(T('complex64', 'vec'))", "SP.i0e(T('complex64', 'vec'))", "SP.entr(T('complex64', 'vec'))",
    "lib.logit(T('complex64', 'vec'))", "SP.xlog1py(T('complex64', 'vec'), 2.0)", "SP.erfcx(T('complex64', 'vec'))",
    "SP.bessel_j0(T('complex64', 'vec'))", "SP.airy_ai(T('complex64', 'vec'))", "SP.log_ndtr(T('complex64', 'vec'))",
    "lib.round(T('complex64', 'vec'), decimals=1)", "lib.round(V('int', 'int64'), decimals=1)",
    "lib.round(V('int', 'int64'), decimals=-1)", "SP.logsumexp(V('grid'), 1)", "SP.softmax(V('grid'))",
    "SP.log_softmax(V('grid'), 0, dtype=lib.int64)", "lib.xlogy(2, 3)", "SP.multigammaln(V('grid'), -1)",
    "SP.gammainc(V('grid'), 2)", "SP.zeta(2, 3)", "SP.polygamma(2, V('int', 'int64'))",
    "lib.sinc(V('int', 'bool'))", "SP.i1(V('int', 'uint8'))", "lib.logit(V('int', 'int32'), eps=0.1)",
)


def generate():
    cases = {}
    for template in UNARY:
        for kind in KINDS:
            for dt in FLOATS:
                cases[f"unary/{template}/{kind}/{dt}"] = template.format(x=f"V('{kind}', '{dt}')")
        for dt in INTS:
            cases[f"unary/{template}/int/{dt}"] = template.format(x=f"V('int', '{dt}')")
        cases[f"unary/{template}/empty"] = template.format(x="T('float32', 'empty')")
        cases[f"unary/{template}/0d"] = template.format(x="T('float64', '0d')")
    for template in DIFFERENTIABLE:
        for kind in KINDS:
            x = f"V('{kind}', grad=True)"
            cases[f"grad/{template}/{kind}"] = f"GRAD(lambda x: {template.format(x='x')}, {x})"
    for template in MVLGAMMA:
        for p in (1, 2, 3, 5):
            for kind in ("grid", "big", "edge"):
                for dt in ("float64", "float32"):
                    cases[f"mvlgamma/{template}/{p}/{kind}/{dt}"] = template.format(x=f"V('{kind}', '{dt}')", p=p)
    for template in BINARY:
        for kx in KINDS:
            for ky in KINDS:
                for dt in ("float64", "float32"):
                    x = f"V('{kx}', '{dt}')[:8]"
                    y = f"V('{ky}', '{dt}')[:8].reshape(8, 1)"
                    cases[f"binary/{template}/{kx}/{ky}/{dt}"] = template.format(x=x, y=y)
        cases[f"binary/{template}/int"] = template.format(x="V('int', 'int64')", y="V('int', 'int64')")
        cases[f"binary/{template}/f16"] = template.format(x="V('grid', 'float16')[:10]", y="V('unit', 'float16')[:10]")
    for template in SOFTMAX:
        for kind in ("edge", "grid", "big"):
            for dt in ("float64", "float32", "float16"):
                for d in (0, -1):
                    cases[f"softmax/{template}/{kind}/{dt}/{d}"] = template.format(
                        x=f"V('{kind}', '{dt}')[:12].reshape(3, 4)", d=d)
        cases[f"softmax/{template}/empty"] = template.format(x="T('float32', 'zero_mid')", d=1)
        cases[f"softmax/{template}/int"] = template.format(x="V('int', 'int64')", d=0)
    for template in ROUND:
        for kind in ("edge", "grid", "big", "unit"):
            for dt in FLOATS:
                for n in (0, 1, 2, 3, -1, -2, 10, 400, -400):
                    cases[f"round/{template}/{kind}/{dt}/{n}"] = template.format(x=f"V('{kind}', '{dt}')", n=n)
    for i, expression in enumerate(ERRORS):
        cases[f"errors/{i}"] = expression
    return cases


def _floats(value):
    """The numbers of a plain answer ([dtype, shape, values] lists of reprs), flattened, or None."""
    out = []

    def walk(v):
        if isinstance(v, list):
            for item in v:
                walk(item)
        elif isinstance(v, str):
            try:
                out.append(float(v))
            except ValueError:
                out.append(v)
        else:
            out.append(v)
    walk(value)
    return out


_SPACING = {"float64": 2.0 ** -52, "float32": 2.0 ** -23, "float16": 2.0 ** -10, "bfloat16": 2.0 ** -7}


def value_class(t, g):
    """'value-ulps<=2' where dtype and shape agree and every element is within 2 ulps, else 'value'."""
    if not (isinstance(t, list) and isinstance(g, list) and len(t) == 3 and len(g) == 3 and t[:2] == g[:2]):
        return "value"
    eps = _SPACING.get(t[0])
    a, b = _floats(t[2]), _floats(g[2])
    if eps is None or len(a) != len(b):
        return "value"
    for x, y in zip(a, b):
        if x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y)):
            continue
        if not (isinstance(x, float) and isinstance(y, float)) or not (math.isfinite(x) and math.isfinite(y)):
            return "value"
        if abs(x - y) > 2 * eps * max(2.0 ** math.floor(math.log2(abs(x))) if x else 0.0, 2.0 ** -1022):
            return "value"
    return "value-ulps<=2"


def _op(name):
    parts = name.split("/")
    return "/".join(parts[:2])


if __name__ == "__main__":
    main(generate, R.evaluate, value_class=value_class, group=lambda name, expression, c: c + " " + _op(name))
