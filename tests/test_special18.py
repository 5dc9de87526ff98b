"""Differential fuzzing of torch.special and the math elementwise family against PyTorch (session 18, special18):
the cases the sweep of ``tools/fuzz_special18.py`` (46 unary functions x value sets with 0, -0., +-inf, NaN, the
poles and negative integers, huge and tiny numbers x float64/float32/float16 and integer dtypes, float64
gradients, the binary functions on pairs of value sets, the softmax family, round(decimals=) and PyTorch's errors:
2,263 cases under PyTorch 2.13 and gradlib) found answered differently, one class per cause, now PyTorch's: values
bit for bit, dtype, shape, warnings and, where PyTorch raises, the exception class and message.

The answers are PyTorch's, recorded in ``tests/reference/torch_special18.json`` by
``python tests/reference/record_torch.py special18`` from the expressions of ``tests/reference/special18.py``.
Every case outside ``KNOWN`` and ``GUARDS`` failed before this session's fixes. ``KNOWN`` lists the differences
gradlib does not follow, with the reason; they are checked to still differ (a fix moves the case to the fixed ones).
"""
import functools
import json
import math

import gradlib
import recorded_cases
from reference import special18

RECORDED = json.loads(special18.FILE.read_text())

_LIBM = ("the method is PyTorch's; the libm calls inside it round otherwise: PyTorch's CPU kernels call SLEEF's "
         "vectorized functions or glibc's, gradlib NumPy's SIMD implementations ({}): 1-2 ulps")
_FLOAT_KERNEL = ("PyTorch's CPU kernel evaluates {} in float arithmetic for float32 inputs (each step rounded to "
                 "float); gradlib evaluates in float64 and rounds once (more accurate, other last bits)")
KNOWN = {
    "known/bessel_float32": _FLOAT_KERNEL.format("the Cephes Bessel, Airy and modified Bessel approximations"),
    "known/bessel_libm_float64": _LIBM.format("bessel_y0/y1/j0/j1: log, sin, cos, sqrt; a few ulps near zeros"),
    "known/airy_float64": _LIBM.format("airy_ai: exp, sqrt, sin, cos"),
    "known/modified_bessel_exp": _LIBM.format("i0/i0e/i1/i1e and modified_bessel_*: exp and sqrt"),
    "known/erfcx_float32": _FLOAT_KERNEL.format("erfcx (2 exp(x^2) - erfcx(-x) below 0)"),
    "known/erfcx_float64": "erfcx: PyTorch's kernel is Steven G. Johnson's Faddeeva Chebyshev fits; gradlib computes "
                           "exp(x^2) erfc(x) below 2.5 and Laplace's continued fraction beyond (~1e-15 relative)",
    "known/zeta_pow": _LIBM.format("zeta's (q + k)^-x terms: C pow (correctly rounded in nearly all cases) against "
                                   "NumPy's power"),
    "known/zeta_negative_q": "zeta(x, q) for a negative non-integer q: PyTorch sums the 9 - q terms one by one; "
                             "gradlib sums three series at positive arguments (any q without a loop of -q steps): "
                             "1-2 ulps",
    "known/zeta_float32": "float32 zeta: PyTorch's CPU kernel is neither float arithmetic nor float64 rounded once "
                          "(87% of 2e4 sampled points equal the float64 value rounded); gradlib rounds the float64 value",
    "known/polygamma_zeta_float64": "polygamma(n >= 2) in float64 is PyTorch's formula now; its zeta differs in the "
                                    "last bits (known/zeta_pow, known/zeta_negative_q): 85-95% of sampled points "
                                    "equal, the rest 1-4 ulps",
    "known/polygamma_float32": "float32 polygamma(n >= 2): PyTorch's float kernel (expf(lgammaf(n + 1)) and its float "
                               "zeta) against gradlib's float64 zeta rounded times the factor: 1 ulp (95% equal for "
                               "n <= 3, fewer for larger n)",
    "known/polygamma_float16": "float16 polygamma: PyTorch computes in Half arithmetic (results flushed to 0 where "
                               "an intermediate underflows); gradlib computes in float64 and rounds once",
    "known/igamma_float64": "gammainc/gammaincc: PyTorch's helpers call glibc's scalar lgamma, pow and exp; "
                            "gradlib's lgamma is now SLEEF's (the vectorized kernel's) and its pow NumPy's: 1-10 ulps",
    "known/igamma_float32": _FLOAT_KERNEL.format("igamma's series and continued fraction"),
    "known/mvlgamma_sum_order": "mvlgamma with p >= 5: the lgammas are PyTorch's bit for bit; their sum over the last "
                                "dim is gradlib's sum kernel's order (PyTorch's sum keeps 4 accumulators): 1 ulp",
    "known/softmax_ulp": _LIBM.format("softmax/log_softmax: the vectorized exp and the sum's order"),
    "known/log_softmax_float16": "float16 log_softmax: PyTorch's half kernel rounds its max-shifted sum otherwise "
                                 "(0.0 against -4.5e-05 where one element dominates)",
    "known/logsumexp_float16": _LIBM.format("float16 logsumexp: exp and log of the float accumulation"),
    "known/erf_ulp": _LIBM.format("erf: SLEEF's erf_u10 against NumPy's/the backend's erf"),
    "known/erfc_ulp": _LIBM.format("erfc: SLEEF's erfc_u15"),
    "known/ndtr_erf_ulp": "ndtr is PyTorch's composite now; the erf underneath rounds otherwise (known/erf_ulp)",
    "known/expit_ulp": _LIBM.format("sigmoid's exp"),
    "known/sinc_float32": _LIBM.format("float32 sinc: sin of pi x"),
    "known/exp2_ulp": _LIBM.format("exp2"),
    "known/log1p_float32": _LIBM.format("float32 log1p/expm1"),
    "known/xlog1py_ulp": _LIBM.format("xlog1py's log1p"),
    "known/entr_float32": _LIBM.format("float32 entr's log"),
    "known/erfinv_ulp": "erfinv: PyTorch's rational approximation and Newton steps (Giles' method in its own "
                        "form) against gradlib's Halley/Newton polish: 1-3 ulps",
    "known/ndtri_float32": _FLOAT_KERNEL.format("ndtri's rational approximations"),
    "known/log_ndtr_float32": _FLOAT_KERNEL.format("log_ndtr (log(erfcx) in the tail)"),
    "known/digamma_float32": _LIBM.format("float32 digamma's log and tan"),
    "known/gradient_ulp": _LIBM.format("the derivative formulas' sin/cos/exp (sinc, i0, expit, ndtr, erfcx, ...)"),
}

#: cases gradlib already answered as PyTorch (neighbours of the fixed classes that must stay)
GUARDS = tuple(name for name in special18.CASES if name.startswith("guards/"))
FIXED = tuple(name for name in special18.CASES if name not in KNOWN and name not in GUARDS)
#: cases answered otherwise on a GPU by design (name prefix: reason)
_GAMMALN = ("CuPy's gammaln (one kernel, cephes' method) rounds the last bits otherwise than PyTorch's CPU kernel (SLEEF), as PyTorch's own CUDA kernel does")
#: cases answered otherwise on a GPU by design: lgamma and what is built on it (mvlgamma, igamma's prefactor)
ON_GPU = {"lgamma/": _GAMMALN, "mvlgamma/": _GAMMALN, "guards/mvlgamma_domain": _GAMMALN,
          "igamma/igammac_edge_unit": _GAMMALN, "igamma/gammaincc_big_edge": _GAMMALN}


_answer = functools.partial(recorded_cases.gradlib_answer, special18, gpu_skips=ON_GPU, gpu_words=recorded_cases.cpu_kernel_words)


(test_every_known_case_is_recorded_and_listed, test_fixed_case_is_pytorchs,
 test_known_case_still_differs) = recorded_cases.case_tests(special18, RECORDED, KNOWN, FIXED + GUARDS, _answer)


def _f64(device, values):
    return gradlib.tensor(values, dtype=gradlib.float64, device=device, requires_grad=True)


def test_gradients_of_the_changed_kernels(device):
    check = gradlib.autograd.gradcheck
    twice = gradlib.autograd.gradgradcheck
    x = _f64(device, [-3.7, -0.4, 0.3, 1.0, 1.6, 2.0, 2.9, 7.5, 25.0])
    assert check(gradlib.lgamma, (x,)) and twice(gradlib.lgamma, (x,))
    positive = _f64(device, [0.3, 1.0, 1.6, 2.9, 7.5, 25.0])
    for n in (2, 3, 5):
        assert check(lambda t: gradlib.polygamma(n, t), (positive,))
        assert twice(lambda t: gradlib.polygamma(n, t), (positive,))
    big = _f64(device, [3.1, 4.5, 12.0])
    for p in (1, 2, 3):
        assert check(lambda t: gradlib.mvlgamma(t, p), (big,)) and twice(lambda t: gradlib.mvlgamma(t, p), (big,))
    z = _f64(device, [-3.0, -0.5, 0.0, 0.7, 2.5])
    assert check(gradlib.special.ndtr, (z,)) and twice(gradlib.special.ndtr, (z,))
    assert check(lambda t: gradlib.special.softmax(t, 0), (z,)) and twice(lambda t: gradlib.special.log_softmax(t, 0),
                                                                          (z,))


def test_lgamma_edges_and_dtypes(device):
    t = gradlib.tensor([0.0, -0.0, -1.0, -2.0, 1.0, 2.0, math.inf, -math.inf, math.nan, 5e-324], dtype=gradlib.float64,
                       device=device)
    out = gradlib.lgamma(t).tolist()
    assert out[:4] == [math.inf] * 4 and out[4:6] == [0.0, 0.0] and out[6:8] == [math.inf, math.inf]
    assert math.isnan(out[8]) and out[9] == 744.4400719213812  # -log(5e-324)
    three = gradlib.lgamma(gradlib.tensor([3.0], dtype=gradlib.float64, device=device)).item()
    if recorded_cases.on_gpu(device):  # CuPy's gammaln: the last bits are its own
        assert abs(three - 0.6931471805599453) <= 4e-16
    else:
        assert three == 0.6931471805599453  # PyTorch's CPU kernel's bits
    assert gradlib.lgamma(gradlib.tensor([0.5], device=device)).dtype == gradlib.float32
    assert gradlib.lgamma(gradlib.tensor([3], device=device)).dtype == gradlib.float32
    assert gradlib.lgamma(gradlib.empty(0, 2, device=device)).shape == (0, 2)
