"""Special functions: lgamma (gammaln), digamma, polygamma, erfinv, xlogy, entr, logit, exp2, sinc, and their
derivatives.

lgamma follows PyTorch's CPU kernel bit for bit on the CPU (SLEEF's method, ``_sleef_lgamma``); on CuPy it is
``cupyx.scipy.special.gammaln``'s one kernel. digamma and trigamma follow PyTorch's series step for step on every
backend, polygamma(n >= 2) PyTorch's (+-1) n! zeta(n + 1, x). On CuPy, erfinv is ``cupyx.scipy.special``'s kernel (``Backend.special_function``); on
the CPU (SciPy is no dependency) a rational first guess polished by Halley and Newton steps (about 1e-13 relative
in float64; float32 and float16 inputs compute in float64 and round once). Every path gives PyTorch's values at
the poles and at +-1.
"""
import math
import numbers

from .. import dtypes
from .. import _tensor, backends
from ._args import _type_name, refuse_complex_number
from ._op import Op
from ._sleef_lgamma import lgamma_sleef
from . import _casts, complex_support

__all__ = ["exp2", "sinc", "lgamma", "digamma", "polygamma", "erfinv", "xlogy", "entr", "logit", "lgamma_array", "digamma_array",
           "polygamma_array", "erfinv_array"]

# B_2k / (2k) for the asymptotic series of digamma: psi(x) ~ log x - 1/(2x) - sum B_2k / (2k x^2k)
#: PyTorch's calc_digamma: its asymptotic coefficients (highest power first, for Horner's rule) and psi(10)
_DIGAMMA_SERIES = (8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3,
                   -4.16666666666666666667E-3, 3.96825396825396825397E-3, -8.33333333333333333333E-3,
                   8.33333333333333333333E-2)
_PSI_10 = 2.25175258906672110764


def _float64(xp, a):
    return a.astype(xp.float64) if a.dtype != xp.float64 else a


def lgamma_array(xp, a):
    """log|Gamma(a)| elementwise (inf at the poles, the non-positive integers), as PyTorch's CPU kernel: SLEEF's
    lgamma in float64 and float32 (``_sleef_lgamma``), float16/bfloat16 through float32 and rounded once,
    integers in float64."""
    if a.dtype == xp.float64 or a.dtype == xp.float32:
        return lgamma_sleef(xp, a)
    if dtypes.floating_np(a.dtype):
        return lgamma_sleef(xp, a.astype(xp.float32)).astype(a.dtype)
    return lgamma_sleef(xp, a.astype(xp.float64))


def digamma_array(xp, a):
    """psi(a) = d/da log Gamma(a) elementwise as PyTorch's ``calc_digamma`` computes it (aten/src/ATen/native/Math.h),
    step for step: -inf at +0, +inf at -0, NaN at the negative integers and -inf; below 0 the reflection
    psi(1 - x) - pi / tan(pi r) with r the fractional part; else 1/x subtracted until x >= 10 (psi(10) exactly
    there), then the asymptotic series. float64 in float64; float32 (and the half types) in float32, pi / tan(pi r)
    in float64 as PyTorch's."""
    work = xp.float64 if a.dtype == xp.float64 else xp.float32
    x = a.astype(work)
    one = work(1)
    negative = x < 0
    y = xp.where(negative, one - x, x)
    result = xp.zeros(x.shape, dtype=work)
    for _ in range(10):  # x > 0 reaches 10 within ten steps
        below = y < 10
        result = xp.where(below, result - one / y, result)
        y = xp.where(below, y + one, y)
    z = one / (y * y)
    series = xp.zeros(x.shape, dtype=work)
    for coefficient in _DIGAMMA_SERIES:
        series = series * z + work(coefficient)
    tail = xp.where(y < work(1.0e17), z * series, work(0))
    psi = xp.where(y == 10, result + work(_PSI_10), result + xp.log(y) - work(0.5) / y - tail)
    wide = x.astype(xp.float64)
    fraction = wide - xp.trunc(wide)
    cotangent = (math.pi / xp.tan(math.pi * fraction)).astype(work)
    out = xp.where(negative, psi - cotangent, psi)
    out = xp.where(negative & (x == xp.trunc(x)), work(xp.nan), out)
    out = xp.where(x == 0, xp.where(xp.signbit(x), work(xp.inf), work(-xp.inf)), out)
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) else out


def trigamma_array(xp, a):
    """polygamma(1, a) as PyTorch's ``calc_trigamma`` computes it (aten/src/ATen/native/Math.h), step for step:
    the reflection pi^2 / sin(pi x)^2 below 0.5 (finite at the negative integers: sin(pi x) is not exactly 0 there),
    six terms 1 / x^2, then the asymptotic series, each step in float64 or float32 (for float32 and the half
    types, pi included: 1.29e15 at -1); its error is ~1e-10 relative in float64."""
    work = xp.float64 if a.dtype == xp.float64 else xp.float32
    x = a.astype(work)
    wide = work
    reflect = x < 0.5
    pi = work(math.pi)
    square = xp.sin(pi * x) ** 2
    result = xp.where(reflect, -((pi * pi) / square), work(0.0))
    x = xp.where(reflect, 1 - x, x)
    for _ in range(6):
        result = result + (1 / (x * x)).astype(wide)
        x = x + 1
    ixx = (1 / (x * x)).astype(wide)
    head = (1 + 1 / (2 * x)).astype(wide)
    result = result + (head + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x.astype(wide)
    out = xp.where(reflect, -result, result)
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) else out


# fdlibm's (glibc's) lgamma for x >= 8: (x - 1/2)(log x - 1) + w(1 / x)
_STIRLING = (4.18938533204672725052e-01, 8.33333333333329678849e-02, -2.77777777728775536470e-03,
             7.93650558643019558500e-04, -5.95187557450339963135e-04, 8.36339918996282139126e-04,
             -1.63092934096575273989e-03)


def _c_lgamma_of_integer(k):
    """The C library's lgamma(k) for an integer k >= 2, as glibc (fdlibm's e_lgamma_r.c) computes it: log((k-1)!)
    below 8, Stirling's series to 2^58, x (log x - 1) beyond; Python floats (the host's libm log)."""
    x = float(k)
    if x < 8.0:
        return math.log(float(math.factorial(k - 1)))
    if x >= 2.0 ** 58:
        return x * (math.log(x) - 1.0)
    z = 1.0 / x
    y = z * z
    w0, w1, w2, w3, w4, w5, w6 = _STIRLING
    w = w0 + z * (w1 + y * (w2 + y * (w3 + y * (w4 + y * (w5 + y * w6)))))
    return (x - 0.5) * (math.log(x) - 1.0) + w


def polygamma_array(xp, n, a):
    """The n-th derivative of digamma elementwise as PyTorch's CPU kernel: digamma for n = 0, its trigamma series
    for n = 1, and for n >= 2 its ``calc_polygamma``: (+-1) exp(lgamma(n + 1)) zeta(n + 1, x) with the C library's
    lgamma and exp (a Python float here: no device work) and Cephes' zeta in float64 (float32 and the half types
    round the zeta and multiply in float32)."""
    from .error_functions import zeta_array  # error_functions builds on this module's lgamma
    if n == 0:
        return digamma_array(xp, a)
    if n == 1:
        return trigamma_array(xp, a)
    factor = (1.0 if n % 2 else -1.0) * math.exp(_c_lgamma_of_integer(n + 1))
    x = _float64(xp, a)
    z = zeta_array(xp, xp.full(x.shape, float(n + 1)), x)
    if a.dtype == xp.float64 or not dtypes.floating_np(a.dtype):
        return factor * z
    return (xp.float32(factor) * z.astype(xp.float32)).astype(a.dtype)


# Giles (2010), "Approximating the erfinv function": a first guess to about 1e-7, then Newton steps on erf.
_CENTRAL = (1.50140941, 0.246640727, -0.00417768164, -0.00125372503, 0.00021858087, -4.39150654e-06,
            -3.5233877e-06, 3.43273939e-07, 2.81022636e-08)
_TAIL = (2.83297682, 1.00167406, 0.00943887047, -0.0076224613, 0.00573950773, -0.00367342844, 0.00134934322,
         0.000100950558, -0.000200214257)


def erfinv_array(backend, a):
    """The inverse error function elementwise: +-inf at +-1, NaN outside [-1, 1]."""
    xp = backend.xp
    x = _float64(xp, a)
    w = -xp.log(xp.maximum((1.0 - x) * (1.0 + x), 1e-300))
    central = w < 5.0
    wc = w - 2.5
    wt = xp.sqrt(xp.maximum(w, 5.0)) - 3.0
    pc = xp.full(x.shape, _CENTRAL[-1])
    pt = xp.full(x.shape, _TAIL[-1])
    for coefficient in reversed(_CENTRAL[:-1]):
        pc = pc * wc + coefficient
    for coefficient in reversed(_TAIL[:-1]):
        pt = pt * wt + coefficient
    y = xp.where(central, pc, pt) * x
    inside = xp.abs(x) < 1
    y = xp.where(inside, y, 0.0)
    for _ in range(3):  # Halley's method on erf(y) - x
        error = backend.erf(y) - x
        slope = 2 / math.sqrt(math.pi) * xp.exp(-y * y)
        y = y - error / (slope + y * error)
    # Near +-1, erf(y) - x loses the digits of 1 - |x|: Newton on erfc(|y|) - (1 - |x|) instead (1 - |x| is exact),
    # erfc from its continued fraction, accurate there (|y| > 2.7).
    tail = xp.abs(x) > 0.9999
    active = tail & inside
    magnitude = xp.where(active, xp.abs(y), 3.0)
    remainder = xp.where(active, 1.0 - xp.abs(x), _erfc_tail(xp, magnitude))  # elsewhere: a fixed point at 3
    for _ in range(3):
        error = _erfc_tail(xp, magnitude) - remainder
        magnitude = magnitude + error / (2 / math.sqrt(math.pi) * xp.exp(-magnitude * magnitude))
    y = xp.where(tail, xp.copysign(magnitude, x), y)
    out = xp.where(inside, y, xp.where(xp.abs(x) == 1, xp.copysign(xp.inf, x), xp.nan))
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) else out


def _erfc_tail(xp, y):
    """erfc(y) for y > 2.5 from Laplace's continued fraction exp(-y^2) / sqrt(pi) / (y + (1/2) / (y + 1 / (y + ...)))."""
    fraction = y
    for k in range(40, 0, -1):
        fraction = y + (k / 2) / fraction
    return xp.exp(-y * y) / (math.sqrt(math.pi) * fraction)


def _in_dtype(out, a):
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) and out.dtype != a.dtype else out


def lgamma_of(backend, a):
    """lgamma on ``backend``: the library's gammaln where it has one (CuPy: one kernel, where SLEEF's method is
    about 1,500 array operations; its last bits differ from PyTorch's CPU kernel, as PyTorch's own CUDA kernel's
    do), else PyTorch's CPU kernel (SLEEF's) bit for bit."""
    library = backend.special_function("gammaln")
    if library is None:
        return lgamma_array(backend.xp, a)
    return _in_dtype(library(a), a)


def digamma_of(backend, a):
    """digamma on ``backend``: PyTorch's series on every backend (the library's psi differs in the last bits), with
    PyTorch's values at 0 (-inf, +inf at -0) and the negative integers (NaN)."""
    return digamma_array(backend.xp, a)


def polygamma_of(backend, n, a):
    """The n-th derivative of digamma on ``backend``: PyTorch's CPU kernel's method on every backend (the
    library's polygamma differs in the last bits and at the poles)."""
    return polygamma_array(backend.xp, n, a)


def erfinv_of(backend, a):
    """erfinv on ``backend``: +-inf at +-1, NaN outside [-1, 1] on every backend."""
    library = backend.special_function("erfinv")
    if library is None:
        return erfinv_array(backend, a)
    xp = backend.xp
    out = library(a)
    out = xp.where(xp.abs(a) == 1, xp.copysign(xp.inf, a), xp.where(xp.abs(a) > 1, xp.nan, out))
    return _in_dtype(out, a)


class LgammaBackward0(Op):
    __slots__ = ()
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return lgamma_of(backends.backend_of_array(a), a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.digamma(a)


class DigammaBackward0(Op):
    __slots__ = ()
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return digamma_of(backends.backend_of_array(a), a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.polygamma(1, a)


class PolygammaBackward0(Op):
    __slots__ = ("n",)
    saved_names = ('self',)
    saved_scalars = {'n': 'n'}
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, n):
        ctx.n = n
        ctx.save_for_backward(a)
        return polygamma_of(backends.backend_of_array(a), n, a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.polygamma(ctx.n + 1, a)


class ErfinvBackward0(Op):
    """d/dx erfinv(x) = sqrt(pi) / 2 * exp(erfinv(x)^2), written in the saved output."""

    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = erfinv_of(backends.backend_of_array(a), a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * (math.sqrt(math.pi) / 2) * P.exp(out * out)


def _xlogy_forward(xp, x, y, low=None):
    log_y = xp.log(y)
    if low is not None:  # PyTorch's kernel stores log(y) in the half dtype before the product
        log_y = _casts.rounded_to(log_y, low)
    product = x * log_y
    return xp.where((x == 0) & (y == y), xp.zeros((), dtype=product.dtype), product)


class XlogyBackward0(Op):
    """x * log(y), 0 where x == 0 unless y is NaN (PyTorch's masked form)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, x, y):
        ctx.save_for_backward(x, y)
        return _xlogy_forward(xp, x, y)

    @staticmethod
    def forward_low(ctx, xp, low, x, y):
        ctx.save_for_backward(x, y)
        return _xlogy_forward(xp, x, y, low)

    @staticmethod
    def backward(ctx, P, grad):
        x, y = P.saved(ctx)
        needs = ctx.needs_input_grad
        zero = grad * 0
        grad_x = None
        if needs[0]:
            grad_x = P.where((grad == 0) & (y == y), zero, grad * P.log(y))
            grad_x = P.where((x == 0) & (y <= 0), zero, grad_x)
        grad_y = grad * x / y if needs[1] else None
        return grad_x, grad_y


class XlogyBackward1(Op):
    """xlogy(scalar, tensor)."""

    __slots__ = ("scalar",)
    saved_names = ('other',)
    saved_scalars = {'self': 'scalar'}
    promote = True
    int_to_float = True
    operands = 2

    @staticmethod
    def forward(ctx, xp, y, x):
        ctx.save_for_backward(y)
        ctx.scalar = x
        return _xlogy_forward(xp, y.dtype.type(x), y)

    @staticmethod
    def forward_low(ctx, xp, low, y, x):
        ctx.save_for_backward(y)
        ctx.scalar = x
        return _xlogy_forward(xp, y.dtype.type(x), y, low)

    @staticmethod
    def backward(ctx, P, grad):
        (y,) = P.saved(ctx)
        return grad * ctx.scalar / y


class XlogyBackward2(Op):
    """xlogy(tensor, scalar)."""

    __slots__ = ("scalar",)
    saved_names = ('self',)
    saved_scalars = {'other': lambda node: node.scalar}  # a Python number, as PyTorch shows it (not wrapped)
    promote = True
    int_to_float = True
    operands = 2

    @staticmethod
    def forward(ctx, xp, x, y):
        ctx.save_for_backward(x)
        ctx.scalar = y
        return _xlogy_forward(xp, x, x.dtype.type(y))

    @staticmethod
    def forward_low(ctx, xp, low, x, y):
        ctx.save_for_backward(x)
        ctx.scalar = y
        return _xlogy_forward(xp, x, x.dtype.type(y), low)

    @staticmethod
    def backward(ctx, P, grad):
        (x,) = P.saved(ctx)
        y = ctx.scalar
        log_y = math.log(y) if y > 0 else (-math.inf if y == 0 else math.nan)
        zero = grad * 0
        out = P.where(grad == 0, zero, grad * log_y) if y == y else grad * log_y
        if not y > 0:
            out = P.where(x == 0, zero, out)
        return out


class SpecialEntrBackward0(Op):
    """-x log x for x > 0, 0 at 0, -inf below."""

    __slots__ = ()
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        positive = a > 0
        safe = xp.where(positive, a, a.dtype.type(1))
        out = xp.where(positive, -a * xp.log(safe), a.dtype.type(0))
        out = xp.where(a < 0, a.dtype.type(-xp.inf), out)
        return xp.where(a != a, a, out)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * -(1 + P.log(a))


class LogitBackward0(Op):
    """log(x / (1 - x)), with x clamped to [eps, 1 - eps] when ``eps`` is given (then the gradient is 0 outside,
    and at NaN NaN, or 0 under create_graph, as PyTorch's; without eps it is NaN outside [0, 1], as PyTorch)."""

    __slots__ = ("eps",)
    saved_names = ('self',)
    saved_scalars = {'eps': 'eps'}
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, eps):
        ctx.eps = eps
        ctx.save_for_backward(a)
        a = LogitBackward0._clamped(xp, a, eps)
        return xp.log(a / (1 - a))

    @staticmethod
    def forward_low(ctx, xp, low, a, eps):
        ctx.eps = eps
        ctx.save_for_backward(a)
        a = LogitBackward0._clamped(xp, a, eps)
        # PyTorch's half kernel stores 1 - x and the quotient in the half dtype before the log
        return xp.log(_casts.rounded_to(a / _casts.rounded_to(1 - a, low), low))

    @staticmethod
    def _clamped(xp, a, eps):
        if eps is None:
            return a
        low = a.dtype.type(eps)
        return xp.where(a < low, low, xp.where(a > 1 - low, 1 - low, a))

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        out = grad / (a * (1 - a))
        eps = ctx.eps
        if eps is None:
            return P.where((a < 0) | (a > 1), out * 0 + float("nan"), out)
        # PyTorch's: 0 outside [eps, 1 - eps] (a selected constant, not out * 0 = NaN); at NaN its kernel gives
        # NaN, its differentiable formula (under create_graph) 0
        if P.differentiable:
            return P.where((a >= eps) & (a <= 1 - eps), out, 0.0)
        return P.where((a < eps) | (a > 1 - eps), 0.0, out)


class Exp2Backward0(Op):
    """2 ** x; d/dx = 2 ** x ln 2 (written in the saved output)."""

    __slots__ = ()
    saved_names = ('result',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.exp2(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * out * math.log(2.0)


class SincBackward0(Op):
    """sin(pi x) / (pi x), 1 at 0; the derivative is PyTorch's, 0 at 0, and the second derivative at 0 is the
    true -pi^2 / 3 (PyTorch's is NaN)."""

    __slots__ = ()
    saved_names = ('self',)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        scaled = a * a.dtype.type(math.pi)
        zero = a == 0
        safe = xp.where(zero, a.dtype.type(1), scaled)
        return xp.where(zero, a.dtype.type(1), xp.sin(safe) / safe)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        scaled = a * math.pi
        zero = a == 0
        safe = P.where(zero, a * 0 + 1, a)
        safe_scaled = safe * math.pi
        derivative = (safe_scaled * P.cos(safe_scaled) - P.sin(safe_scaled)) / (safe_scaled * safe)
        # at 0 the derivative is 0 and its own derivative sinc''(0) = -pi^2 / 3: written as a line through 0 with
        # that slope (PyTorch's masked_fill differentiates to 0 / 0 = NaN there; see the README)
        return grad * P.where(zero, a * (-math.pi ** 2 / 3) + 0.0, derivative)  # + 0.0: no -0. at 0


def exp2(input):
    """2 ** input elementwise (``torch.exp2``, ``torch.special.exp2``); integers compute in the default float.

    >>> import gradlib
    >>> gradlib.exp2(gradlib.tensor([3., -1.]))
    tensor([8.0000, 0.5000])
    """
    return Exp2Backward0.apply(input)


def sinc(input):
    """The normalized sinc ``sin(pi x) / (pi x)``, 1 at 0 (``torch.sinc``, ``torch.special.sinc``).

    >>> import gradlib
    >>> gradlib.sinc(gradlib.tensor([0., 0.5]))
    tensor([1.0000, 0.6366])
    """
    return SincBackward0.apply(input)


def lgamma(input):
    """log|Gamma(input)| elementwise (``torch.lgamma``, ``torch.special.gammaln``); gradient ``digamma``.

    >>> import gradlib
    >>> gradlib.lgamma(gradlib.tensor([0.5, 1., 10.]))
    tensor([ 0.5724,  0.0000, 12.8018])
    """
    complex_support.check("lgamma", input)
    return LgammaBackward0.apply(input)


def digamma(input):
    """psi = d/dx lgamma elementwise (``torch.digamma``, ``torch.special.digamma``/``psi``); -inf at 0, NaN at
    the negative integers; gradient ``polygamma(1, x)``.

    >>> import gradlib
    >>> gradlib.digamma(gradlib.tensor([1., 0.5]))
    tensor([-0.5772, -1.9635])
    """
    complex_support.check("digamma", input)
    return DigammaBackward0.apply(input)


def polygamma(n, input, _name="polygamma"):
    """The ``n``-th derivative of digamma (``torch.polygamma``); accurate to about 1e-13 for input > -20.
    Raises TypeError for an ``n`` that is not an int (PyTorch's parser), RuntimeError for a negative ``n``.

    >>> import gradlib
    >>> gradlib.polygamma(1, gradlib.tensor([1.]))
    tensor([1.6449])
    """
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or type(n).__name__ == "bool_":
        raise TypeError(f"{_name}(): argument 'n' (position 1) must be int, not {_type_name(n)}")
    complex_support.check("polygamma", input)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return PolygammaBackward0.apply(input, int(n))


def erfinv(input):
    """The inverse error function (``torch.erfinv``, ``torch.special.erfinv``): +-inf at +-1, NaN outside.

    >>> import gradlib
    >>> gradlib.erfinv(gradlib.tensor([0., 0.5]))
    tensor([0.0000, 0.4769])
    """
    complex_support.check("erfinv", input)
    return ErfinvBackward0.apply(input)


def xlogy(input, other):
    """``input * log(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN), as ``torch.xlogy`` and
    ``torch.special.xlogy``; either may be a Python number. Gradients are PyTorch's masked ones.

    >>> import gradlib
    >>> gradlib.xlogy(gradlib.tensor([0., 2.]), gradlib.tensor([0., 3.]))
    tensor([0.0000, 2.1972])
    """
    complex_support.check("xlogy", input, other)
    refuse_complex_number("xlogy", input, other)
    if isinstance(input, _tensor.Tensor) and isinstance(other, _tensor.Tensor):
        return XlogyBackward0.apply(input, other)
    if isinstance(input, _tensor.Tensor):
        return XlogyBackward2.apply(input, other)
    if isinstance(other, _tensor.Tensor):
        return XlogyBackward1.apply(other, input)
    raise TypeError("xlogy(): at least one of 'input' and 'other' must be a Tensor")


def entr(input):
    """Elementwise entropy term ``-x log x`` (0 at 0, -inf for x < 0), as ``torch.special.entr``.

    >>> import gradlib
    >>> gradlib.special.entr(gradlib.tensor([0., 0.5, 1.]))
    tensor([0.0000, 0.3466, -0.0000])
    """
    complex_support.check("entr", input)
    return SpecialEntrBackward0.apply(input)


def logit(input, eps=None):
    """``log(p / (1 - p))``, with ``p`` clamped to [eps, 1 - eps] when ``eps`` is given (``torch.logit``,
    ``torch.special.logit``).

    >>> import gradlib
    >>> gradlib.logit(gradlib.tensor([0.25, 0.5]))
    tensor([-1.0986,  0.0000])
    """
    complex_support.check("logit", input)
    return LogitBackward0.apply(input, None if eps is None else float(eps))

