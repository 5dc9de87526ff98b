"""Array kernels of ``gradlib.special``'s erfcx, ndtr's inverse and logarithm, Hurwitz's zeta and the regularized
incomplete gamma functions.

- erfcx(x) = exp(x^2) erfc(x): the backend's erfc times exp(x^2) on [0, 2.5), Laplace's continued fraction for
  erfc beyond (60 levels: full float64 accuracy from 2.5 on), and 2 exp(x^2) - erfcx(-x) below 0 (inf below
  -26.7, as PyTorch).
- ndtri: Cephes' three rational approximations (|y - 1/2| <= 3/8, then in z = sqrt(-2 log y) on [2, 8) and
  [8, 64)), PyTorch's method; log_ndtr: log(erfcx(-x / sqrt 2) / 2) - x^2 / 2 below -1, log1p(-erfc / 2) above.
- zeta(x, q) = sum_k (q + k)^-x: Cephes' direct sum to q + k > 9, then Euler-Maclaurin with 12 Bernoulli terms,
  each element stopping where PyTorch's loop stops; a negative non-integer q (integer x) through three values at
  positive arguments.
- igamma/igammac (P and Q): Cephes' power series of P, continued fraction of Q, series of Q for small x and
  Temme's uniform asymptotic expansion for large a near x (PyTorch's choice per element, each element's sums
  stopping where PyTorch's loops stop; the expansion keeps PyTorch's float32 pi in its last factor).
Every kernel computes in float64 and leaves the cast to the caller.
"""
import math

from . import _special_tables as tables
from .bessel import horner
from .. import backends
from .special import lgamma_of

__all__ = ["erfcx_array", "ndtri_array", "log_ndtr_array", "zeta_array", "igamma_array", "igammac_array"]

_MACHEP = 1.11022302462515654042e-16


def _lgamma(a):
    """lgamma of a float64 array on its backend (one kernel on CuPy, PyTorch's CPU bits on NumPy)."""
    return lgamma_of(backends.backend_of_array(a), a)
_INVERSE_SQRT_PI = 0.56418958354775628694807945156


def _erfcx_fraction(xp, x):
    """erfcx(x) for x >= 2.5: 1 / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))."""
    fraction = x
    for k in range(60, 0, -1):
        fraction = x + (k / 2) / fraction
    return _INVERSE_SQRT_PI / fraction


def _erfcx_positive(backend, x):
    """erfcx on x >= 0 (x already clamped there)."""
    xp = backend.xp
    near = xp.minimum(x, 2.5)
    far = xp.maximum(x, 2.5)
    return xp.where(x < 2.5, xp.exp(near * near) * backend.erfc(near), _erfcx_fraction(xp, far))


def erfcx_array(backend, x):
    """The scaled complementary error function exp(x^2) erfc(x)."""
    xp = backend.xp
    positive = _erfcx_positive(backend, xp.abs(xp.where(x != x, 0.0, x)))
    bounded = xp.maximum(x, -26.7)
    negative = 2.0 * xp.exp(bounded * bounded) - xp.where(x < -6.1, 0.0, positive)
    out = xp.where(x >= 0, positive, xp.where(x < -26.7, xp.inf, negative))
    return xp.where(x != x, x, out)


def ndtri_array(xp, y0):
    """The inverse of the standard normal CDF: -inf at 0, inf at 1, NaN outside [0, 1]."""
    inside = (y0 > 0) & (y0 < 1)
    y0_safe = xp.where(inside, y0, 0.5)
    upper = y0_safe > 1.0 - 0.13533528323661269189
    y = xp.where(upper, 1.0 - y0_safe, y0_safe)
    centered = y - 0.5
    square = centered * centered
    central = (centered + centered * (square * horner(square, tables.NDTRI_P0) / horner(square, tables.NDTRI_Q0))) \
        * 2.50662827463100050242
    tail_y = xp.minimum(y, 0.13533528323661269189)
    x = xp.sqrt(-2.0 * xp.log(tail_y))
    x0 = x - xp.log(x) / x
    z = 1.0 / x
    x1 = xp.where(x < 8.0, z * horner(z, tables.NDTRI_P1) / horner(z, tables.NDTRI_Q1),
                  z * horner(z, tables.NDTRI_P2) / horner(z, tables.NDTRI_Q2))
    tail = xp.where(upper, x0 - x1, x1 - x0)
    out = xp.where(y > 0.13533528323661269189, central, tail)
    out = xp.where(y0 == 0, -xp.inf, xp.where(y0 == 1, xp.inf, out))
    return xp.where(inside | (y0 == 0) | (y0 == 1), out, xp.nan)


def log_ndtr_array(backend, x):
    """log of the standard normal CDF, accurate far into the left tail."""
    xp = backend.xp
    t = x * 0.707106781186547524400844362104849039
    low = xp.minimum(t, -0.5)
    left = xp.log(erfcx_array(backend, -low) / 2.0) - low * low
    high = xp.maximum(t, -0.75)
    right = xp.log1p(-backend.erfc(high) / 2.0)
    return xp.where(x < -1.0, left, right)


# Cephes' (2k)! / B_2k for the Euler-Maclaurin terms of zeta
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
           -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15, 1.8152105401943546773e17,
           -7.1661652561756670113e18)


def _zeta_positive(xp, x, q):
    """Cephes' zeta(x, q) for q > 0: the direct sum until q + k > 9 (at most 11 terms), then Euler-Maclaurin, each
    element stopping where PyTorch's loops stop."""
    s = q ** -x
    a = q * 1.0
    b = xp.zeros(q.shape, dtype=q.dtype)
    broke = xp.zeros(q.shape, dtype=bool)
    finished = broke
    for i in range(11):
        go = ~finished & ((i < 9) | (a <= 9.0))
        a = xp.where(go, a + 1.0, a)
        b = xp.where(go, a ** -x, b)
        s = xp.where(go, s + b, s)
        hit = go & (-_MACHEP * s < b) & (b < _MACHEP * s)
        broke = broke | hit
        finished = finished | hit | ~go
    w = a
    tail = ~broke
    s = xp.where(tail, s + b * w / (x - 1.0) - 0.5 * b, s)
    factor = xp.ones(q.shape, dtype=q.dtype)
    k = 0.0
    for coefficient in _ZETA_A:
        factor = factor * (x + k)
        b = b / w
        term = factor * b / coefficient
        s = xp.where(tail, s + term, s)
        tail = tail & ~(xp.abs(term / s) < _MACHEP)
        k += 1.0
        factor = factor * (x + k)
        b = b / w
        k += 1.0
    return s


def zeta_array(xp, x, q):
    """Hurwitz's zeta(x, q): inf at x == 1, NaN for x < 1, inf at q a non-positive integer, NaN for q < 0 with a
    non-integer x (PyTorch's domain). A negative non-integer q = r - m (0 < r < 1, integer x) is summed as
    zeta(x, r) + (-1)^x (zeta(x, 1 - r) - zeta(x, m + 1 - r)): the terms below 0 and above it, for any m, where
    PyTorch sums its m terms one by one."""
    x, q = xp.broadcast_arrays(x, q)
    negative = (q < 0) & (q != xp.floor(q)) & (x == xp.floor(x))
    m = xp.where(negative, xp.ceil(-q), 0.0)
    r = xp.where(negative, q + m, 0.5)
    sign = xp.where(xp.remainder(x, 2.0) == 0, 1.0, -1.0)
    shifted = _zeta_positive(xp, x, r) + sign * (_zeta_positive(xp, x, 1.0 - r) - _zeta_positive(xp, x, m + 1.0 - r))
    out = xp.where(negative, shifted, _zeta_positive(xp, x, xp.where(q > 0, q, 1.0)))
    out = xp.where(negative & xp.isinf(x), xp.inf, out)  # a term with |q + k| < 1 is inf, as in PyTorch's sum
    out = xp.where((q != q) | (x != x), xp.nan, out)
    out = xp.where((q <= 0) & (x != xp.floor(x)), xp.nan, out)
    out = xp.where((q <= 0) & (q == xp.floor(q)), xp.inf, out)
    out = xp.where(x < 1.0, xp.nan, out)
    return xp.where(x == 1.0, xp.inf, out)


_ITERATIONS = 2000  # PyTorch's bound of the series and the continued fraction (Q's series, for x <= 1.1, is done
# long before _FIRST_STEPS: 1.1^64 / 64! is far below eps)
_MAXLOG = 7.09782712893383996843e2
_LANCZOS_G = 6.024680040776729583740234375
_FLOAT32_PI = 3.1415927410125732  # PyTorch's asymptotic series divides by sqrt(2 pi a) with pi in float32


def _lanczos_sum_expg_scaled(xp, a):
    """Boost's scaled Lanczos sum, a rational function evaluated in a (|a| <= 1) or in 1 / a."""
    big = xp.abs(a) > 1
    y = xp.where(big, 1.0 / xp.where(big, a, 1.0), a)
    small_ratio = horner(y, tables.IGAMMA_LANCZOS_NUM) / horner(y, tables.IGAMMA_LANCZOS_DENOM)
    big_ratio = horner(y, tables.IGAMMA_LANCZOS_NUM[::-1]) / horner(y, tables.IGAMMA_LANCZOS_DENOM[::-1])
    return xp.where(big, big_ratio, small_ratio)


def _prefactor(xp, a, x):
    """x^a e^-x / Gamma(a): directly far from a = x (0 where it underflows), through the Lanczos sum near it."""
    ax = a * xp.log(x) - x - _lgamma(a)
    far = xp.where(ax < -_MAXLOG, 0.0, xp.exp(xp.maximum(ax, -_MAXLOG)))
    fac = a + _LANCZOS_G - 0.5
    res = xp.sqrt(fac / math.e) / _lanczos_sum_expg_scaled(xp, a)
    moderate = res * xp.exp(a - x) * (x / fac) ** a
    numfac = (x - a - _LANCZOS_G + 0.5) / fac
    large = res * xp.exp(a * (xp.log1p(numfac) - numfac) + x * (0.5 - _LANCZOS_G) / fac)
    near = xp.where((a < 200) & (x < 200), moderate, large)
    return xp.where(xp.abs(a - x) > 0.4 * xp.abs(a), far, near)


def _asymptotic(backend, a, x, lower):
    """Temme's uniform asymptotic expansion of P (``lower``) or Q for large a near x, each element's sums
    stopping where PyTorch's do."""
    xp = backend.xp
    sign = -1.0 if lower else 1.0
    ratio = x / a
    sigma = (x - a) / a
    root = xp.sqrt(xp.maximum(-2.0 * (xp.log1p(sigma) - sigma), 0.0))
    eta = xp.where(ratio > 1, root, xp.where(ratio < 1, -root, 0.0))
    result = 0.5 * backend.erfc(sign * eta * xp.sqrt(a / 2.0))
    powers = [xp.ones(a.shape)]
    for _ in range(24):
        powers.append(eta * powers[-1])
    total = xp.zeros(a.shape)
    factor = xp.ones(a.shape)
    previous = xp.full(a.shape, xp.inf)
    going = xp.ones(a.shape, dtype=bool)
    for row in tables.IGAMMA_ASYMPTOTIC:
        ck = xp.zeros(a.shape) + row[0]
        summing = xp.ones(a.shape, dtype=bool)
        for n in range(1, 25):
            term = row[n] * powers[n]
            ck = xp.where(summing, ck + term, ck)
            summing = summing & ~(xp.abs(term) < _MACHEP * xp.abs(ck))
        term = ck * factor
        magnitude = xp.abs(term)
        going = going & ~(magnitude > previous)
        total = xp.where(going, total + term, total)
        going = going & ~(magnitude < _MACHEP * xp.abs(total))
        previous = magnitude
        factor = factor / a
    return result + sign * xp.exp(-0.5 * a * eta * eta) * total / xp.sqrt(2.0 * _FLOAT32_PI * a)


def _use_asymptotic(xp, a, x):
    relative = xp.abs(x - a) / a
    return ((a > 20) & (a < 200) & (relative < 0.3)) | ((a > 200) & (relative < 4.5 / xp.sqrt(a)))


_FIRST_STEPS = 64  # enough for every element with a < 20 or x < a / 2: the loops pause there once


def _p_series(xp, a, x):
    """Cephes' power series of P(a, x), sum x^n / (a+1)...(a+n): (step, start, finish)."""
    def step(state, active):
        r, c, total = state
        r = r + 1.0
        c = xp.where(active, c * x / r, c)
        total = xp.where(active, total + c, total)
        return (r, c, total), active & ~(c <= _MACHEP * total)

    def finish(state):
        return state[2] * _prefactor(xp, a, x) / a
    return step, (a * 1.0, xp.ones(a.shape), xp.ones(a.shape)), finish


def _q_fraction(xp, a, x):
    """Cephes' (Legendre's) continued fraction of Q(a, x), rescaled as it grows: (step, start, finish)."""
    def step(state, active):
        c, y, z, pkm2, pkm1, qkm2, qkm1, answer = state
        c = c + 1.0
        y = y + 1.0
        z = z + 2.0
        yc = y * c
        pk = pkm1 * z - pkm2 * yc
        qk = qkm1 * z - qkm2 * yc
        nonzero = qk != 0
        ratio = pk / xp.where(nonzero, qk, 1.0)
        change = xp.where(nonzero, xp.abs((answer - ratio) / ratio), 1.0)
        answer = xp.where(active & nonzero, ratio, answer)
        scale = xp.where(xp.abs(pk) > 4.503599627370496e15, 2.22044604925031308085e-16, 1.0)
        state = (c, y, z, pkm1 * scale, pk * scale, qkm1 * scale, qk * scale, answer)
        return state, active & ~(change <= _MACHEP)

    def finish(state):
        return state[-1] * _prefactor(xp, a, x)
    y = 1.0 - a
    z = x + y + 1.0
    return step, (xp.zeros(a.shape), y, z, xp.ones(a.shape), x + 1.0, x * 1.0, z * x, (x + 1.0) / (z * x)), finish


def _q_series(xp, a, x):
    """Q(a, x) for small x, 1 - x^a / Gamma(a+1) + x^a / Gamma(a) sum_n (-x)^n / (n! (a + n)): (step, start,
    finish)."""
    def step(state, active):
        n, factor, total = state
        n = n + 1.0
        factor = factor * -x / n
        term = factor / (a + n)
        total = xp.where(active, total + term, total)
        return (n, factor, total), active & ~(xp.abs(term) <= _MACHEP * xp.abs(total))

    def finish(state):
        log_x = xp.log(x)
        return -xp.expm1(a * log_x - _lgamma(1.0 + a)) \
            - xp.exp(a * log_x - _lgamma(a)) * state[2]
    return step, (0.0, xp.ones(a.shape), xp.zeros(a.shape)), finish


def _run_loops(backend, a, x, wanted):
    """P's series, Q's continued fraction and Q's series, each run where ``wanted`` (three masks) as PyTorch's
    per-element loops, vectorized: an element stops changing once converged. All three run ``_FIRST_STEPS``
    steps, then one read of the device says which still have elements going (PyTorch's kernels loop per element
    without a read); only those run on, to PyTorch's bound of 2000 steps (Q's series needs at most 60)."""
    xp = backend.xp
    loops = [_p_series(xp, a, x), _q_fraction(xp, a, x), _q_series(xp, a, x)]
    states = [start for _, start, _ in loops]
    actives = list(wanted)
    for _ in range(_FIRST_STEPS):
        for index, (step, _, _) in enumerate(loops):
            states[index], actives[index] = step(states[index], actives[index])
    going = backend.item(xp.any(actives[0]) * 1 + xp.any(actives[1]) * 2)  # the one read
    for index in (0, 1):
        if going & (1 << index):
            step = loops[index][0]
            for _ in range(_ITERATIONS - _FIRST_STEPS):
                states[index], actives[index] = step(states[index], actives[index])
    return [finish(state) for (_, _, finish), state in zip(loops, states)]


def _edges(xp, a, x, out, at_zero_a, at_zero_x, at_infinite_a, at_infinite_x):
    """PyTorch's special cases, tested in its order (the last ``where`` is its first test)."""
    out = xp.where((a != a) | (x != x), xp.nan, out)
    out = xp.where(xp.isinf(x), at_infinite_x, out)
    out = xp.where(xp.isinf(a), xp.where(xp.isinf(x), xp.nan, at_infinite_a), out)
    out = xp.where(x == 0, at_zero_x, out)
    out = xp.where(a == 0, xp.where(x > 0, at_zero_a, xp.nan), out)
    return xp.where((x < 0) | (a < 0), xp.nan, out)


def _regular(xp, a, x):
    """a and x moved to 1 where the edges decide, so no branch meets 0, inf or a negative."""
    regular = (a > 0) & (x > 0) & xp.isfinite(a) & xp.isfinite(x)
    return regular, xp.where(regular, a, 1.0), xp.where(regular, x, 1.0)


def _q_choice(xp, a, x):
    """PyTorch's choice for Q off the asymptotic region: the continued fraction, Q's series, or 1 - P's series."""
    use_fraction = (x > 1.1) & (x >= a)
    use_series_of_q = ((x <= 0.5) & ~(-0.4 / xp.log(x) < a)) | ((x > 0.5) & (x <= 1.1) & ~(x * 1.1 < a))
    return use_fraction, use_series_of_q, ~use_fraction & ~use_series_of_q


def igammac_array(backend, a, x):
    """The regularized upper incomplete gamma function Q(a, x)."""
    xp = backend.xp
    a, x = xp.broadcast_arrays(a, x)
    regular, a_safe, x_safe = _regular(xp, a, x)
    asymptotic = _use_asymptotic(xp, a_safe, x_safe)
    looped = regular & ~asymptotic
    use_fraction, use_series_of_q, use_series_of_p = _q_choice(xp, a_safe, x_safe)
    series, fraction, series_of_q = _run_loops(
        backend, a_safe, x_safe, (looped & use_series_of_p, looped & use_fraction, looped & use_series_of_q))
    out = xp.where(use_fraction, fraction, xp.where(use_series_of_q, series_of_q, 1.0 - series))
    out = xp.where(asymptotic, _asymptotic(backend, a_safe, x_safe, False), out)
    return _edges(xp, a, x, out, 0.0, 1.0, 1.0, 0.0)


def igamma_array(backend, a, x):
    """The regularized lower incomplete gamma function P(a, x): P's series, or 1 - Q where x > max(a, 1)."""
    xp = backend.xp
    a, x = xp.broadcast_arrays(a, x)
    regular, a_safe, x_safe = _regular(xp, a, x)
    asymptotic = _use_asymptotic(xp, a_safe, x_safe)
    looped = regular & ~asymptotic
    complement = (x_safe > 1.0) & (x_safe > a_safe)
    use_fraction, use_series_of_q, use_series_of_p = _q_choice(xp, a_safe, x_safe)
    series, fraction, series_of_q = _run_loops(
        backend, a_safe, x_safe, (looped & (~complement | use_series_of_p), looped & complement & use_fraction,
                                  looped & complement & use_series_of_q))
    upper = xp.where(use_fraction, fraction, xp.where(use_series_of_q, series_of_q, 1.0 - series))
    out = xp.where(complement, 1.0 - upper, series)
    out = xp.where(asymptotic, _asymptotic(backend, a_safe, x_safe, True), out)
    return _edges(xp, a, x, out, 1.0, 0.0, 0.0, 1.0)
