"""Differential cases of torch.special and the math elementwise family against PyTorch (session 18, special18):
lgamma/digamma/polygamma/mvlgamma, the error functions, the Bessel and Airy functions, ndtr/ndtri/log_ndtr,
xlogy/xlog1py, zeta, gammainc/gammaincc, sinc, logit/expit, entr, log_softmax/softmax/logsumexp and
round(decimals=), on edge values (0, -0., +-inf, NaN, poles, negative integers, huge, tiny) in every float dtype
and integers; float64 gradients; PyTorch's errors. special9 (tests/reference/special9.py) covers the Bessel and
orthogonal-polynomial grids; these cases are the sweep's (tools/fuzz_special18.py) bit-for-bit differences.

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
fuzz15's builders plus:

- ``V(kind, dtype="float64", grad=False)``: a 1-d tensor of the value set ``kind`` (``VALUES``) in ``dtype``;
- ``SP``: ``lib.special``.

Values are compared bit for bit (fuzz15's ``plain``: every element's ``repr``), with dtype, shape, warnings and,
where PyTorch raises, the exception class and message. ``python tests/reference/record_torch.py special18`` stores
PyTorch's answers in ``torch_special18.json``; tests/test_special18.py demands gradlib give the same on every
device.
"""
import math
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_special18.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.special18)

FILE = pathlib.Path(__file__).parent / "torch_special18.json"
INF = math.inf
NAN = math.nan

VALUES = {
    # signed zeros, the poles and integers, near 1 and 2 (lgamma ~ 0), the non-finite, tiny and huge
    "edge": [0.0, -0.0, 1.0, 2.0, -1.0, -2.0, 0.5, -0.5, 1.0000001, 0.9999999, 2.0000001, 1.9999999, 3.7, -3.7,
             1e-300, -1e-300, 5e-324, 1e-40, 1e-8, 1e15 + 0.5, 1e308, -1e308, 100.5, -100.5, INF, -INF, NAN],
    # a grid over the reflection, the polynomial and the Stirling ranges
    "grid": [-30.3, -20.5, -10.25, -7.9, -4.6, -3.2, -2.7, -1.6, -1.1, -0.9, -0.3, 0.1, 0.3, 0.6, 0.9, 1.1, 1.4,
             1.7, 2.2, 2.5, 2.9, 3.3, 4.1, 5.5, 6.9, 7.3, 9.4, 12.7, 17.1, 25.9, 33.3, 58.6, 171.5, 1000.25],
    # probabilities and the open interval (-1, 1) with its ends
    "unit": [0.0, -0.0, 1e-300, 1e-20, 1e-10, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999, 1 - 1e-12, 1.0,
             1.0000001, -0.1, -0.5, -0.999999, -1.0, -1.5, INF, -INF, NAN],
    # large and very large arguments
    "big": [5.0, 10.0, 25.0, 50.0, 88.5, 100.0, 700.0, 710.0, 1e3, 1e5, 1e10, 1e20, 1e100, 1e300, -5.0, -25.0,
            -700.0, -1e5],
    # the non-positive integers and negative half-integers
    "neg": [-0.5, -1.5, -2.5, -10.3, -20.7, -100.25, -170.5, -99999.5, -1.0, -2.0, -3.0, -50.0, -1e6],
    # next to lgamma's zeros (1, 2 and the first negative ones), where cancellation exposes the last bits
    "zeros": [1.0000000000000002, 0.9999999999999999, 2.0000000000000004, 1.9999999999999998, -2.4570247382208,
              -2.45702473822080, -2.4570248, -2.7476826467274, -2.7476826, -3.1436324160121, -3.9552942848586,
              -4.0393618397405, -4.9915446405600, -5.0083086085592],
    # small integers (for the integer dtypes)
    "int": [0, 1, 2, 3, 5, 10, -1, -2, -7, 20],
}


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    def V(kind, dtype="float64", grad=False):  # noqa: N802
        values = VALUES[kind]
        if dtype in ("int64", "int32", "int16", "int8", "uint8", "bool"):
            values = [int(v) for v in VALUES["int"]]
            if dtype == "uint8":
                values = [abs(v) for v in values]
            if dtype == "bool":
                values = [bool(v % 2) for v in values]
        x = lib.tensor(values, dtype=getattr(lib, dtype), device=device)
        return x.requires_grad_(True) if grad else x

    names.update(V=V, SP=lib.special, math=math)
    return names


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device))


CASES = {
    # ----- fixed: lgamma is PyTorch's CPU kernel (SLEEF's lgamma_u1) bit for bit, float64 and float32 (gradlib's
    # Lanczos series was 1-1000+ ulps off in float64)
    "lgamma/edge_float64": "lib.lgamma(V('edge'))",
    "lgamma/grid_float64": "lib.lgamma(V('grid'))",
    "lgamma/neg_float64": "lib.lgamma(V('neg'))",
    "lgamma/big_float64": "lib.lgamma(V('big'))",
    "lgamma/unit_gammaln": "SP.gammaln(V('unit'))",
    "lgamma/0d": "lib.lgamma(T('float64', '0d'))",
    "lgamma/zeros_float64": "lib.lgamma(V('zeros'))",
    "lgamma/zeros_float32": "lib.lgamma(V('zeros', 'float32'))",
    "lgamma/method_float64": "V('grid').lgamma()",
    "guards/lgamma_float32_edge": "lib.lgamma(V('edge', 'float32'))",
    "guards/lgamma_float32_grid": "lib.lgamma(V('grid', 'float32'))",
    "guards/lgamma_float16_grid": "lib.lgamma(V('grid', 'float16'))",
    "guards/lgamma_int64": "lib.lgamma(V('int', 'int64'))",
    "guards/lgamma_grad": "GRAD(lib.lgamma, V('grid', grad=True))",
    # ----- fixed: mvlgamma sums PyTorch's ascending offsets -(p-1)/2 .. 0 and adds p(p-1)log(pi)/4 in its order;
    # a bool input is refused
    "mvlgamma/p1_edge": "lib.mvlgamma(V('edge'), 1)",
    "mvlgamma/p2_grid": "lib.mvlgamma(V('grid') + 30, 2)",
    "mvlgamma/p3_grid": "lib.mvlgamma(V('grid') + 30, 3)",
    "mvlgamma/p3_float32": "lib.mvlgamma(V('grid', 'float32') + 30, 3)",
    "mvlgamma/multigammaln_p2_edge": "SP.multigammaln(V('edge'), 2)",
    "mvlgamma/bool_refused": "lib.mvlgamma(V('int', 'bool'), 1)",
    "mvlgamma/special_bool_refused": "SP.multigammaln(V('int', 'bool'), 1)",
    "guards/mvlgamma_domain": "lib.mvlgamma(V('grid'), 2)",
    # ----- fixed: polygamma(n >= 2) is PyTorch's (+-1) exp(lgamma(n + 1)) zeta(n + 1, x) (gradlib summed its own
    # Hurwitz series; NaN at +inf, as PyTorch)
    "polygamma/n2_big": "lib.polygamma(2, V('big'))",
    "polygamma/n3_big": "lib.polygamma(3, V('big'))",
    "polygamma/n5_big": "SP.polygamma(5, V('big'))",
    "polygamma/n3_big_float32": "lib.polygamma(3, V('big', 'float32'))",
    "polygamma/n3_neg_float32": "lib.polygamma(3, V('neg', 'float32'))",
    "polygamma/n2_unit_float16": "lib.polygamma(2, V('unit', 'float16'))",
    "polygamma/n3_int64": "lib.polygamma(3, V('int', 'int64'))",
    "polygamma/grad_n1_big": "GRAD(lambda x: lib.polygamma(1, x), V('big', grad=True))",
    "polygamma/grad_n2_big": "GRAD(lambda x: lib.polygamma(2, x), V('big', grad=True))",
    # ----- fixed: an n that is not an int, a special.softmax/log_softmax without an int dim: PyTorch's parser's
    # TypeErrors (gradlib computed)
    "parser/polygamma_float_n": "lib.polygamma(1.5, V('grid'))",
    "parser/special_polygamma_bool_n": "SP.polygamma(True, V('grid'))",
    "parser/method_polygamma_float_n": "V('grid').polygamma(1.5)",
    "parser/softmax_missing_dim": "SP.softmax(V('grid'))",
    "parser/log_softmax_none_dim": "SP.log_softmax(V('grid'), None)",
    "parser/softmax_float_dim": "SP.softmax(V('grid'), 0.5)",
    "guards/softmax_axis": "SP.softmax(V('grid'), axis=0)",
    "parser/log_softmax_dtype_positional": "SP.log_softmax(V('grid'), 0, lib.float32)",
    "guards/softmax_dtype_positional": "SP.softmax(V('grid'), 0, lib.float32)",
    "guards/softmax_dtype_keyword": "SP.softmax(V('grid', 'float32'), dim=-1, dtype=lib.float64)",
    "guards/polygamma_negative_n": "lib.polygamma(-1, V('grid'))",
    # ----- fixed: float16 logit stores 1 - x and the quotient in float16 before the log (PyTorch's half kernel),
    # with eps too (inf where 1 - eps rounds to 1)
    "logit_half/plain_grid": "lib.logit(V('grid', 'float16'))",
    "logit_half/plain_unit": "lib.logit(V('unit', 'float16'))",
    "logit_half/eps_big": "lib.logit(V('big', 'float16'), eps=1e-6)",
    "logit_half/eps_unit": "lib.logit(V('unit', 'float16'), eps=1e-6)",
    "logit_half/special_eps": "SP.logit(V('grid', 'float16'), eps=0.25)",
    "guards/logit_float32_eps": "lib.logit(V('unit', 'float32'), eps=1e-6)",
    # ----- fixed: ndtr is PyTorch's composite (1 + erf(x * sqrt(1/2))) * 0.5 (gradlib divided by sqrt 2)
    "guards/ndtr_float16_grid": "SP.ndtr(V('grid', 'float16'))",
    "ndtr/float64_neg": "SP.ndtr(V('neg'))",
    # ----- fixed: the regularized incomplete gamma functions through the new lgamma
    "igamma/igammac_edge_unit": "lib.igammac(V('edge')[:8], V('unit')[:8].reshape(8, 1))",
    "igamma/gammaincc_big_edge": "SP.gammaincc(V('big')[:8], V('edge')[:8].reshape(8, 1))",
    # ----- fixed: shapes that do not broadcast are reported before a refused dtype (PyTorch's TensorIterator)
    "check_order/gammainc_complex": "SP.gammainc(V('grid'), T('complex64', 'vec'))",
    "guards/igammac_int_shapes": "lib.igammac(V('grid'), V('int', 'int64'))",
    "check_order/zeta_complex": "SP.zeta(V('grid'), T('complex64', 'vec'))",
    "guards/gammainc_complex_same_shape": "SP.gammainc(V('grid')[:5], T('complex64', 'vec'))",
}

#: differences the sweep found and gradlib does not follow (tests/test_special18.py KNOWN gives each one's reason)
KNOWN_CASES = {
    "known/bessel_float32": "SP.bessel_y0(V('grid', 'float32'))",
    "known/bessel_libm_float64": "SP.bessel_y0(V('grid'))",
    "known/airy_float64": "SP.airy_ai(V('grid'))",
    "known/modified_bessel_exp": "lib.i0(V('grid'))",
    "known/erfcx_float32": "SP.erfcx(V('grid', 'float32'))",
    "known/erfcx_float64": "SP.erfcx(V('grid'))",
    "known/zeta_pow": "SP.zeta(V('big')[:8], V('big')[:8].reshape(8, 1))",
    "known/zeta_negative_q": "SP.zeta(2.0, V('grid')[:8].reshape(8, 1))",
    "known/zeta_float32": "SP.zeta(V('big', 'float32')[:8], V('big', 'float32')[:8].reshape(8, 1))",
    "known/polygamma_zeta_float64": "lib.polygamma(2, V('grid'))",
    "known/polygamma_float32": "SP.polygamma(5, V('grid', 'float32'))",
    "known/polygamma_float16": "lib.polygamma(3, V('grid', 'float16'))",
    "known/igamma_float64": "SP.gammainc(V('big')[:8], V('big')[:8].reshape(8, 1))",
    "known/igamma_float32": "SP.gammainc(V('big', 'float32')[:8], V('big', 'float32')[:8].reshape(8, 1))",
    "known/mvlgamma_sum_order": "lib.mvlgamma(V('grid') + 30, 5)",
    "known/softmax_ulp": "SP.softmax(V('edge', 'float32')[:12].reshape(3, 4), -1)",
    "known/log_softmax_float16": "SP.log_softmax(V('big', 'float16')[:12].reshape(3, 4), -1)",
    "known/logsumexp_float16": "SP.logsumexp(V('grid', 'float16')[:12].reshape(3, 4), 0)",
    "known/erf_ulp": "lib.erf(V('grid'))",
    "known/erfc_ulp": "lib.erfc(V('grid'))",
    "known/ndtr_erf_ulp": "SP.ndtr(V('grid'))",
    "known/expit_ulp": "SP.expit(V('grid', 'float32'))",
    "known/sinc_float32": "lib.sinc(V('grid', 'float32'))",
    "known/exp2_ulp": "SP.exp2(V('grid'))",
    "known/log1p_float32": "SP.log1p(V('grid', 'float32'))",
    "known/xlog1py_ulp": "SP.xlog1py(V('edge')[:8], V('edge')[:8].reshape(8, 1))",
    "known/entr_float32": "SP.entr(V('grid', 'float32'))",
    "known/erfinv_ulp": "lib.erfinv(V('unit'))",
    "known/ndtri_float32": "SP.ndtri(V('unit', 'float32'))",
    "known/log_ndtr_float32": "SP.log_ndtr(V('grid', 'float32'))",
    "known/digamma_float32": "lib.digamma(V('grid', 'float32'))",
    "known/gradient_ulp": "GRAD(lambda x: lib.sinc(x), V('grid', grad=True))",
}
CASES.update(KNOWN_CASES)


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
