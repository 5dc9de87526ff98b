"""Array kernels of the Bessel and Airy functions of ``gradlib.special`` (i0, i0e, i1, i1e, the modified Bessel
functions I and K, J0/J1/Y0/Y1, Ai and the spherical j0).

Each is the Cephes approximation PyTorch's kernels use (coefficients in ``_special_tables.py``): Chebyshev series
summed by Clenshaw's recurrence for I and K on [0, 8] / (8, inf) and [0, 2] / (2, inf), rational functions for J
and Y on [0, 5] with Hankel's asymptotic form beyond, and for Ai the Maclaurin series near 0 with the asymptotic
rational forms outside [-2.09, 2.09]. Every kernel computes in float64 on the backend's array module and rounds
once to the input's dtype; both branches of a piecewise definition are evaluated on a clamped argument, so no
branch divides by 0 or overflows where its value is discarded.
"""
import math

from . import _special_tables as tables

__all__ = ["horner", "chebyshev_series", "i0e_array", "i0_array", "i1e_array", "i1_array", "k0_array", "k1_array",
           "k0e_array", "k1e_array", "j0_array", "j1_array", "y0_array", "y1_array", "airy_ai_array",
           "spherical_j0_array"]

_TWO_OVER_PI = 0.636619772367581343075535053490057448
_SQRT_TWO_OVER_PI = 0.797884560802865355879892119868763737
_QUARTER_PI = 0.785398163397448309615660845819875721
_THREE_QUARTER_PI = 2.356194490192344928846982537459627163


def horner(z, coefficients):
    """sum c_k z^(n-k) for the coefficients highest power first (Cephes' polevl)."""
    out = z * 0 + coefficients[0]
    for coefficient in coefficients[1:]:
        out = out * z + coefficient
    return out


def chebyshev_series(y, coefficients):
    """Clenshaw's sum of a Chebyshev series at y in [-2, 2] (Cephes' chbevl: the argument is twice the usual)."""
    b0 = y * 0 + coefficients[0]
    b1 = y * 0
    b2 = b1
    for coefficient in coefficients[1:]:
        b2 = b1
        b1 = b0
        b0 = y * b1 - b2 + coefficient
    return 0.5 * (b0 - b2)


def _small_large(xp, ax, limit):
    """ax clamped to [0, limit] and to [limit, inf]: the arguments of the two branches."""
    return xp.minimum(ax, limit), xp.maximum(ax, limit)


def _i_scaled(xp, ax, small_table, large_table):
    """exp(-x) I(x) / x^order for |x| <= 8 and exp(-x) sqrt(x) I(x) beyond, both without the final factor."""
    small, large = _small_large(xp, ax, 8.0)
    inner = chebyshev_series(small / 2.0 - 2.0, small_table)
    outer = chebyshev_series(32.0 / large - 2.0, large_table)
    return inner, outer, large


def i0e_array(xp, x):
    """exp(-|x|) I0(x)."""
    ax = xp.abs(x)
    inner, outer, large = _i_scaled(xp, ax, tables.I0_SMALL_CHEBYSHEV, tables.I0_LARGE_CHEBYSHEV)
    return xp.where(ax <= 8.0, inner, outer / xp.sqrt(large))


def i0_array(xp, x):
    """The modified Bessel function I0(x) (inf at +-inf: the large branch as exp(x) * (c / sqrt(x)))."""
    ax = xp.abs(x)
    inner, outer, large = _i_scaled(xp, ax, tables.I0_SMALL_CHEBYSHEV, tables.I0_LARGE_CHEBYSHEV)
    return xp.where(ax <= 8.0, xp.exp(ax) * inner, xp.exp(ax) * outer / xp.sqrt(large))


def i1e_array(xp, x):
    """exp(-|x|) I1(x), odd."""
    ax = xp.abs(x)
    inner, outer, large = _i_scaled(xp, ax, tables.I1_SMALL_CHEBYSHEV, tables.I1_LARGE_CHEBYSHEV)
    out = xp.where(ax <= 8.0, inner * ax, outer / xp.sqrt(large))
    return xp.where(x < 0, -out, out)


def i1_array(xp, x):
    """The modified Bessel function I1(x), odd."""
    ax = xp.abs(x)
    inner, outer, large = _i_scaled(xp, ax, tables.I1_SMALL_CHEBYSHEV, tables.I1_LARGE_CHEBYSHEV)
    out = xp.where(ax <= 8.0, xp.exp(ax) * ax * inner, xp.exp(ax) * outer / xp.sqrt(large))
    return xp.where(x < 0, -out, out)


def _k_parts(xp, x, small_table, large_table):
    """The Chebyshev sums of K on (0, 2] (in x^2 - 2) and (2, inf) (in 8 / x - 2), on clamped arguments."""
    positive = xp.where(x > 0, x, 1.0)
    small, large = _small_large(xp, positive, 2.0)
    inner = chebyshev_series(small * small - 2.0, small_table)
    outer = chebyshev_series(8.0 / large - 2.0, large_table)
    return small, large, inner, outer


def _k_edges(xp, x, out):
    """K's values off (0, inf): inf at 0, NaN below (NaN stays NaN)."""
    return xp.where(x == 0, xp.inf, xp.where(x < 0, xp.nan, out))


def k0_array(xp, x, scaled=False):
    """The modified Bessel function K0(x), or exp(x) K0(x) when ``scaled``."""
    small, large, inner, outer = _k_parts(xp, x, tables.K0_SMALL_CHEBYSHEV, tables.K0_LARGE_CHEBYSHEV)
    near = inner - xp.log(0.5 * small) * i0_array(xp, small)
    far = outer / xp.sqrt(large)
    if scaled:
        near = near * xp.exp(small)
    else:
        far = xp.exp(-large) * outer / xp.sqrt(large)
    return _k_edges(xp, x, xp.where(x <= 2.0, near, far))


def k1_array(xp, x, scaled=False):
    """The modified Bessel function K1(x), or exp(x) K1(x) when ``scaled``."""
    small, large, inner, outer = _k_parts(xp, x, tables.K1_SMALL_CHEBYSHEV, tables.K1_LARGE_CHEBYSHEV)
    near = xp.log(0.5 * small) * i1_array(xp, small) + inner / small
    far = outer / xp.sqrt(large)
    if scaled:
        near = near * xp.exp(small)
    else:
        far = xp.exp(-large) * outer / xp.sqrt(large)
    return _k_edges(xp, x, xp.where(x <= 2.0, near, far))


def k0e_array(xp, x):
    return k0_array(xp, x, scaled=True)


def k1e_array(xp, x):
    return k1_array(xp, x, scaled=True)


def _hankel(xp, large, table, phase, squared_step, second):
    """P cos(x - phase) - (5 / x) Q sin(x - phase) (J) or P sin + (5 / x) Q cos (Y), times sqrt(2 / (pi x))."""
    w = 25.0 / (large * large) if squared_step else (5.0 / large) * (5.0 / large)
    p = horner(w, table["PP"]) / horner(w, table["PQ"])
    q = horner(w, table["QP"]) / horner(w, table["QQ"])
    angle = large - phase
    if second:
        value = p * xp.sin(angle) + 5.0 / large * q * xp.cos(angle)
    else:
        value = p * xp.cos(angle) - 5.0 / large * q * xp.sin(angle)
    return value * _SQRT_TWO_OVER_PI / xp.sqrt(large)


_J0 = {"PP": tables.J0_PP, "PQ": tables.J0_PQ, "QP": tables.J0_QP, "QQ": tables.J0_QQ}
_J1 = {"PP": tables.J1_PP, "PQ": tables.J1_PQ, "QP": tables.J1_QP, "QQ": tables.J1_QQ}
_Y0 = {"PP": tables.Y0_PP, "PQ": tables.Y0_PQ, "QP": tables.Y0_QP, "QQ": tables.Y0_QQ}
_Y1 = {"PP": tables.Y1_PP, "PQ": tables.Y1_PQ, "QP": tables.Y1_QP, "QQ": tables.Y1_QQ}


def j0_array(xp, x):
    """The Bessel function of the first kind J0(x), even."""
    ax = xp.abs(x)
    small, large = _small_large(xp, ax, 5.0)
    square = small * small
    near = (square - 5.78318596294678452118) * (square - 30.4712623436620863991) * horner(square, tables.J0_RP) \
        / horner(square, tables.J0_RQ)
    near = xp.where(small < 1e-5, 1.0 - square / 4.0, near)
    return xp.where(ax <= 5.0, near, _hankel(xp, large, _J0, _QUARTER_PI, True, False))


def j1_array(xp, x):
    """The Bessel function of the first kind J1(x), odd."""
    ax = xp.abs(x)
    small, large = _small_large(xp, ax, 5.0)
    square = small * small
    near = horner(square, tables.J1_RP) / horner(square, tables.J1_RQ) * small \
        * (square - 14.6819706421238932572) * (square - 49.2184563216946036703)
    out = xp.where(ax <= 5.0, near, _hankel(xp, large, _J1, _THREE_QUARTER_PI, False, False))
    return xp.where(x < 0, -out, out)


def y0_array(xp, x):
    """The Bessel function of the second kind Y0(x): -inf at 0, NaN below."""
    positive = xp.where(x > 0, x, 1.0)
    small, large = _small_large(xp, positive, 5.0)
    square = small * small
    near = horner(square, tables.Y0_YP) / horner(square, tables.Y0_YQ) \
        + _TWO_OVER_PI * xp.log(small) * j0_array(xp, small)
    out = xp.where(x <= 5.0, near, _hankel(xp, large, _Y0, _QUARTER_PI, True, True))
    return xp.where(x == 0, -xp.inf, xp.where(x < 0, xp.nan, out))


def y1_array(xp, x):
    """The Bessel function of the second kind Y1(x): -inf at 0, NaN below."""
    positive = xp.where(x > 0, x, 1.0)
    small, large = _small_large(xp, positive, 5.0)
    square = small * small
    near = small * (horner(square, tables.Y1_YP) / horner(square, tables.Y1_YQ)) \
        + _TWO_OVER_PI * (j1_array(xp, small) * xp.log(small) - 1.0 / small)
    out = xp.where(x <= 5.0, near, _hankel(xp, large, _Y1, _THREE_QUARTER_PI, False, True))
    return xp.where(x == 0, -xp.inf, xp.where(x < 0, xp.nan, out))


def _airy_maclaurin(xp, x):
    """Ai(x) = c1 f(x) - c2 g(x) with f, g the two Maclaurin series in x^3 (|x| <= 2.09: 25 terms are plenty)."""
    cube = x * x * x
    f = x * 0 + 1.0
    g = x * 1.0
    m = f
    n = g
    k = 1.0
    for _ in range(25):
        m = m * cube / ((k + 1) * (k + 2))
        n = n * cube / ((k + 2) * (k + 3))
        k += 3.0
        f = f + m
        g = g + n
    return 0.355028053887817239260 * f - 0.258819403792806798405 * g


def airy_ai_array(xp, x):
    """The Airy function Ai(x): oscillating below -2.09, decaying above 2.09 (0 beyond 103.892), NaN at +-inf."""
    finite = xp.isfinite(x)
    negative = xp.minimum(xp.where(finite, x, 0.0), -2.09)
    zeta = -2.0 * negative * xp.sqrt(-negative) / 3.0
    z = 1.0 / zeta
    zz = z * z
    t = zeta + 0.25 * math.pi
    oscillating = 0.564189583547756286948 / xp.sqrt(xp.sqrt(-negative)) * (
        xp.sin(t) * (1.0 + zz * horner(zz, tables.AIRY_AFN) / horner(zz, tables.AIRY_AFD))
        - xp.cos(t) * (z * horner(zz, tables.AIRY_AGN) / horner(zz, tables.AIRY_AGD)))
    positive = xp.clip(xp.where(finite, x, 2.09), 2.09, 103.892)
    zeta_p = 2.0 * positive * xp.sqrt(positive) / 3.0
    decaying = 0.564189583547756286948 * (horner(1.0 / zeta_p, tables.AIRY_AN) / horner(1.0 / zeta_p, tables.AIRY_AD)) \
        / (2.0 * xp.sqrt(xp.sqrt(positive)) * xp.exp(zeta_p))
    central = _airy_maclaurin(xp, xp.clip(xp.where(finite, x, 0.0), -2.09, 2.09))
    out = xp.where(x < -2.09, oscillating, xp.where(x >= 2.09, decaying, central))
    out = xp.where(x > 103.892, 0.0, out)
    return xp.where(xp.isinf(x), xp.nan, out)


def spherical_j0_array(xp, x):
    """The spherical Bessel function j0(x) = sin(x) / x: its Taylor polynomial below 0.5 in magnitude, 0 at +-inf."""
    square = x * x
    series = 1.0 + square * (-1.0 / 6.0 + square * (1.0 / 120.0 + square * (-1.0 / 5040.0 + square * (
        1.0 / 362880.0 + square * (-1.0 / 39916800.0 + square * (1.0 / 6227020800.0))))))
    safe = xp.where((xp.abs(x) < 0.5) | xp.isinf(x), 1.0, x)
    out = xp.where(xp.abs(x) < 0.5, series, xp.sin(safe) / safe)
    return xp.where(xp.isinf(x), 0.0, out)
