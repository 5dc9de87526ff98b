"""Array kernels of the orthogonal polynomials of ``gradlib.special`` (Chebyshev T/U/V/W and their shifted forms,
Hermite H/He, Laguerre L, Legendre P), PyTorch's methods: the degree n is truncated to an integer (a non-finite
float degree counts as negative, which gives 0), the three-term recurrence runs to n, and Chebyshev's polynomials
switch to their trigonometric forms inside (-1, 1) for larger n, as PyTorch's kernels do. Values are computed in
``x``'s dtype with ``n`` an int64 array (the caller runs float32 twice: in float64 for the values and in float32
for where PyTorch's float32 recurrence overflows); the recurrence runs to the largest degree, ``steps`` (the caller reads
it). Hermite polynomials of degree above ``hermite_limit`` are NaN (PyTorch's 128 for float32, 512 for float64).
"""

__all__ = ["KERNELS", "degrees"]


def degrees(xp, n):
    """The int64 degree of each element: truncated, -1 where n is not finite or beyond int64."""
    finite = xp.isfinite(n) & (xp.abs(n) < 9.2e18)
    return xp.where(finite, xp.trunc(xp.where(finite, n, -1.0)), -1.0).astype(xp.int64)


def _recurrence(xp, n, first, second, step, start, steps):
    """p_0 = ``first``, p_1 = ``second``, p_k = step(k, p_{k-1}, p_{k-2}) for k = start.. up to n."""
    p = first
    q = second
    for k in range(start, steps + 1):
        r = step(k, q, p)
        going = k <= n
        p = xp.where(going, q, p)
        q = xp.where(going, r, q)
    return xp.where(n == 0, first, q)


def _chebyshev_like(xp, x, n, steps, first_degree_one, trig, trig_from, at_one, at_minus_one):
    """The Chebyshev family on t = ``x``: recurrence 2t p_{k-1} - p_{k-2} from p_1 = ``first_degree_one``."""
    one = xp.ones_like(x)
    out = _recurrence(xp, n, one, first_degree_one, lambda k, q, p: (x + x) * q - p, 2, steps)
    inside = (n > trig_from) & (xp.abs(x) < 1.0)
    angle = xp.arccos(xp.where(inside, x, 0.0))
    out = xp.where(inside, trig(angle, x), out)
    out = xp.where(x == 1.0, at_one, xp.where(x == -1.0, at_minus_one, out))
    return xp.where(n < 0, 0.0, out)


def _odd_sign(xp, n, value):
    return xp.where(n % 2 == 0, value, -value)


def chebyshev_t(xp, x, n, steps, trig_from=6):
    nf = n.astype(x.dtype)
    return _chebyshev_like(xp, x, n, steps, x * 1.0, lambda angle, t: xp.cos(nf * angle), trig_from,
                           1.0, _odd_sign(xp, n, 1.0))


def chebyshev_u(xp, x, n, steps, trig_from=8):
    nf = n.astype(x.dtype)

    def trig(angle, t):
        sine = xp.sin(angle)
        safe = xp.where(sine != 0, sine, 1.0)
        safe_t = xp.where(t != 0, t, 1.0)
        return xp.where(sine != 0, xp.sin((nf + 1) * angle) / safe, (nf + 1) * xp.cos((nf + 1) * angle) / safe_t)
    return _chebyshev_like(xp, x, n, steps, x + x, trig, trig_from, nf + 1, _odd_sign(xp, n, nf + 1))


def chebyshev_v(xp, x, n, steps, trig_from=8):
    nf = n.astype(x.dtype)

    def trig(angle, t):
        regular = xp.sin(angle / 2.0) != 1.0
        cosine = xp.cos(angle / 2.0)
        value = xp.cos((nf + 0.5) * angle) / xp.where(regular, cosine, 1.0)
        return xp.where(regular, value, _odd_sign(xp, n, nf + nf + 1))
    return _chebyshev_like(xp, x, n, steps, x + x - 1.0, trig, trig_from, 1.0, _odd_sign(xp, n, nf + nf + 1))


def chebyshev_w(xp, x, n, steps, trig_from=8):
    nf = n.astype(x.dtype)

    def trig(angle, t):
        regular = xp.cos(angle / 2.0) != 1.0
        sine = xp.sin(angle / 2.0)
        value = xp.sin((nf + 0.5) * angle) / xp.where(regular, sine, 1.0)
        return xp.where(regular, value, xp.where(t > 0, nf + nf + 1, _odd_sign(xp, n, 1.0)))
    return _chebyshev_like(xp, x, n, steps, x + x + 1.0, trig, trig_from, nf + nf + 1, _odd_sign(xp, n, 1.0))




def hermite_h(xp, x, n, steps, hermite_limit=512):
    one = xp.ones_like(x)
    # p_j = 2x p_{j-1} - 2(j-1) p_{j-2}
    out = _recurrence(xp, n, one, x + x, lambda k, q, p: (x + x) * q - (2 * (k - 1)) * p, 2, steps)
    out = xp.where(n > hermite_limit, xp.nan, out)
    return xp.where(n < 0, 0.0, out)


def hermite_he(xp, x, n, steps, hermite_limit=512):
    one = xp.ones_like(x)
    out = _recurrence(xp, n, one, x * 1.0, lambda k, q, p: x * q - (k - 1) * p, 2, steps)
    out = xp.where(n > hermite_limit, xp.nan, out)
    return xp.where(n < 0, 0.0, out)


def laguerre_l(xp, x, n, steps):
    one = xp.ones_like(x)
    out = _recurrence(xp, n, one, 1.0 - x,
                      lambda k, q, p: (((2 * k - 2) + (1.0 - x)) * q - (k - 1) * p) / k, 2, steps)
    out = xp.where(x == 0, 1.0, out)
    return xp.where(n < 0, 0.0, out)


def legendre_p(xp, x, n, steps):
    one = xp.ones_like(x)
    out = _recurrence(xp, n, one, x * 1.0, lambda k, q, p: ((2 * k - 1) * x * q - (k - 1) * p) / k, 2, steps)
    out = xp.where(xp.abs(x) == 1.0, xp.where((x > 0) | (n % 2 == 0), 1.0, -1.0), out)
    return xp.where(n < 0, 0.0, out)


def _shifted_edges(kernel, trig_from, at_one, at_zero):
    """PyTorch's shifted kernels test x == 1 and x == 0 on x itself (2x - 1 may round elsewhere)."""
    def shifted(xp, x, n, steps):
        out = kernel(xp, x + x - 1.0, n, steps, trig_from)
        nf = n.astype(x.dtype)
        out = xp.where(x == 1.0, at_one(xp, n, nf), xp.where(x == 0.0, at_zero(xp, n, nf), out))
        return xp.where(n < 0, 0.0, out)
    return shifted


KERNELS = {
    "chebyshev_polynomial_t": chebyshev_t,
    "chebyshev_polynomial_u": chebyshev_u,
    "chebyshev_polynomial_v": chebyshev_v,
    "chebyshev_polynomial_w": chebyshev_w,
    "shifted_chebyshev_polynomial_t": _shifted_edges(chebyshev_t, 6, lambda xp, n, nf: 1.0,
                                                     lambda xp, n, nf: _odd_sign(xp, n, 1.0)),
    "shifted_chebyshev_polynomial_u": _shifted_edges(chebyshev_u, 6, lambda xp, n, nf: nf + 1,
                                                     lambda xp, n, nf: _odd_sign(xp, n, nf + 1)),
    "shifted_chebyshev_polynomial_v": _shifted_edges(chebyshev_v, 6, lambda xp, n, nf: 1.0,
                                                     lambda xp, n, nf: _odd_sign(xp, n, nf + nf + 1)),
    "shifted_chebyshev_polynomial_w": _shifted_edges(chebyshev_w, 4, lambda xp, n, nf: nf + nf + 1,
                                                     lambda xp, n, nf: _odd_sign(xp, n, 1.0)),
    "hermite_polynomial_h": hermite_h,
    "hermite_polynomial_he": hermite_he,
    "laguerre_polynomial_l": laguerre_l,
    "legendre_polynomial_p": legendre_p,
}
