"""Scalar special functions behind the stand-in's ``cupyx.scipy.special`` ufuncs that NumPy lacks (gammaln,
digamma/psi, erfinv, zeta), written on Python floats (``math``), independently of gradlib: values as SciPy's and
CuPy's (cephes) to about 1e-14 relative; at the poles SciPy's conventions (gammaln inf, digamma NaN at the
non-positive integers and -inf at 0)."""
import math
import statistics

_NORMAL = statistics.NormalDist()


def gammaln(x):
    if math.isnan(x):
        return x
    if math.isinf(x):  # SciPy's gammaln(+-inf) is inf
        return math.inf
    if x <= 0 and x == math.floor(x):
        return math.inf
    return math.lgamma(x)


def digamma(x):
    if math.isnan(x):
        return x
    if x == 0:
        return -math.inf if math.copysign(1.0, x) > 0 else math.inf
    if x == -math.inf:  # SciPy's psi(-inf) is NaN
        return math.nan
    if x < 0 and x == math.floor(x):
        return math.nan
    if x == math.inf:
        return x
    if x < 0.5:  # reflection
        return digamma(1.0 - x) - math.pi / math.tan(math.pi * x)
    shift = 0.0
    while x < 12.0:
        shift -= 1.0 / x
        x += 1.0
    inverse_square = 1.0 / (x * x)
    series = inverse_square * (1 / 12 - inverse_square * (1 / 120 - inverse_square * (1 / 252 - inverse_square * (
        1 / 240 - inverse_square * (1 / 132)))))
    return math.log(x) - 0.5 / x - series + shift


def erfinv(x):
    if math.isnan(x) or abs(x) > 1:
        return math.nan
    if abs(x) == 1:
        return math.copysign(math.inf, x)
    if x == 0:
        return x
    sign = math.copysign(1.0, x)
    tail = 1.0 - abs(x)  # exact for |x| near 1
    y = abs(_NORMAL.inv_cdf(1.0 - tail / 2.0)) / math.sqrt(2.0) if tail < 1 else 0.0
    for _ in range(4):  # Newton on erfc(y) - tail, accurate in the tail too
        error = math.erfc(y) - tail
        y += error / (2.0 / math.sqrt(math.pi) * math.exp(-y * y))
    return sign * y


_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798)


def zeta(s, q):
    """Hurwitz zeta(s, q) = sum_k (q + k)^-s for s > 1 (cephes' conventions at q <= 0)."""
    if q <= 0 and q == math.floor(q):
        return math.inf
    total = 0.0
    while q < 25.0:
        total += q ** -s
        q += 1.0
    total += q ** (1 - s) / (s - 1) + 0.5 * q ** -s
    rising = s
    power = q ** (-s - 1)
    factorial = 2.0
    for j, bernoulli in enumerate(_BERNOULLI, start=1):
        total += bernoulli / factorial * rising * power
        rising *= (s + 2 * j - 1) * (s + 2 * j)
        factorial *= (2 * j + 1) * (2 * j + 2)
        power /= q * q
    return total
