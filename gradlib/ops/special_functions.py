"""``torch.special``'s Bessel, Airy, error-function, zeta, incomplete-gamma and orthogonal-polynomial functions:
their nodes and public functions. The array kernels are in ``bessel.py``, ``error_functions.py`` and
``orthogonal_polynomials.py``; every kernel computes in float64 and the result is rounded once to the input's
float dtype (integers and bools compute in the default float dtype, as PyTorch's).

Differentiable where PyTorch is: i0, i0e, i1, i1e, erfcx, ndtri, log_ndtr (their PyTorch formulas, written in
``P`` so that they differentiate again), zeta and igamma/igammac in their second argument; their first argument's
gradient raises PyTorch's NotImplementedError at backward. The Bessel/Airy functions and the polynomials have no
derivative in PyTorch: their results never require grad. Dtypes PyTorch's kernels lack (float16 and bfloat16
except for the i0 family and igamma, complex everywhere, integers for igamma) raise its NotImplementedError.
"""
import math

from .. import _tensor, backends, dtypes
from . import bessel, error_functions, orthogonal_polynomials
from ._op import Op
from ._args import kernel_device, require_tensor
from ._broadcast import broadcast_shapes

__all__ = ["i0", "torch_i0", "gammainc", "gammaincc", "i0e", "i1", "i1e", "erfcx", "ndtri", "log_ndtr", "zeta", "igamma", "igammac", "airy_ai",
           "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
           "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
           "spherical_bessel_j0", "chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
           "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
           "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "hermite_polynomial_h",
           "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p", "in_float64", "zeta_of"]


def in_float64(a, kernel, *args):
    """``kernel(xp, a64, *args)`` on ``a`` in float64, NaN kept, rounded back to ``a``'s float dtype."""
    xp = backends.backend_of_array(a).xp
    wide = a.astype(xp.float64)
    out = kernel(xp, wide, *args)
    out = xp.where(wide != wide, wide, out)
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) else out


def _refuse(kernel, input, half=False, integers=False):
    """PyTorch's NotImplementedError for a dtype its ``kernel`` lacks."""
    dtype = input.dtype
    lacking = dtype.is_complex or (not half and dtype.scalar_type in ("Half", "BFloat16")) \
        or (integers and not dtype.is_floating_point)
    if lacking:
        raise NotImplementedError(f'"{kernel}_{kernel_device(input)}" not implemented for \'{dtype.scalar_type}\'')


# ---------------------------------------------------------------------------------------------------- kernels
def i0_of(a):
    return in_float64(a, bessel.i0_array)


def i0e_of(a):
    return in_float64(a, bessel.i0e_array)


def i1_of(a):
    return in_float64(a, bessel.i1_array)


def i1e_of(a):
    return in_float64(a, bessel.i1e_array)


def _backend_kernel(a, kernel):
    backend = backends.backend_of_array(a)
    xp = backend.xp
    wide = a.astype(xp.float64)
    out = kernel(backend, wide)
    out = xp.where(wide != wide, wide, out)
    return out.astype(a.dtype) if dtypes.floating_np(a.dtype) else out


def zeta_of(x, q):
    """Hurwitz's zeta on arrays (or one Python number), in the arrays' common dtype."""
    array = x if hasattr(x, "dtype") else q
    xp = backends.backend_of_array(array).xp
    out = error_functions.zeta_array(xp, xp.asarray(x, dtype=xp.float64), xp.asarray(q, dtype=xp.float64))
    return out.astype(array.dtype)


# ---------------------------------------------------------------------------------------------------- nodes
class I0Backward0(Op):
    """I0; d/dx = I1(x)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return i0_of(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.i1(a)


class SpecialI0EBackward0(Op):
    """exp(-|x|) I0(x); d/dx = i1e(x) - sgn(x) i0e(x)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, a):
        out = i0e_of(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        return grad * (P.i1e(a) - P.sign(a) * out)


def _tiny_safe(ctx, P, a):
    """PyTorch's i1/i1e backward guard: |x| <= eps (the dtype's) is replaced by eps, and the gradient there is 1/2."""
    eps = 2.220446049250313e-16 if ctx.input_dtype(0).itemsize == 8 else 1.1920928955078125e-07
    not_tiny = P.abs(a) > eps
    return not_tiny, P.where(not_tiny, a, a * 0 + eps)


class SpecialI1Backward0(Op):
    """I1; d/dx = I0(x) - I1(x) / x, 1/2 for |x| <= eps (PyTorch's guard)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, a):
        out = i1_of(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        not_tiny, safe = _tiny_safe(ctx, P, a)
        derivative = P.i0(safe) - out / safe
        return grad * P.where(not_tiny, derivative, a * 0 + 0.5)


class SpecialI1EBackward0(Op):
    """exp(-|x|) I1(x); d/dx = i0e(x) - i1e(x) (sgn(x) + 1 / x), 1/2 for |x| <= eps."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, a):
        out = i1e_of(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        not_tiny, safe = _tiny_safe(ctx, P, a)
        derivative = P.i0e(safe) - out * (P.sign(safe) + 1 / safe)
        return grad * P.where(not_tiny, derivative, a * 0 + 0.5)


class SpecialErfcxBackward0(Op):
    """exp(x^2) erfc(x); d/dx = 2 x erfcx(x) - 2 / sqrt(pi)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, a):
        out = _backend_kernel(a, error_functions.erfcx_array)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        return (2.0 * a * out - 2.0 / math.sqrt(math.pi)) * grad


class SpecialNdtriBackward0(Op):
    """The inverse normal CDF; d/dy = sqrt(2 pi) exp(ndtri(y)^2 / 2)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, xp, a):
        out = in_float64(a, error_functions.ndtri_array)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * math.sqrt(2 * math.pi) * P.exp(out * out / 2)


class SpecialLogNdtrBackward0(Op):
    """log ndtr(x); d/dx = exp(-(log_ndtr(x) + x^2 / 2)) / sqrt(2 pi)."""

    __slots__ = ()
    int_to_float = True
    pointwise = True
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, a):
        out = _backend_kernel(a, error_functions.log_ndtr_array)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        return grad / math.sqrt(2 * math.pi) * P.exp(-(out + a * a / 2))


def _zeta_not_implemented():
    raise NotImplementedError("the derivative for 'zeta' is not implemented.")


class SpecialZetaBackward0(Op):
    """zeta(x, q) of two tensors; d/dq = -x zeta(x + 1, q); x's derivative is PyTorch's NotImplementedError."""

    __slots__ = ()
    promote = True
    pointwise = True
    int_to_float = True
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, xp, x, q):
        ctx.save_for_backward(x, q)
        return zeta_of(x, q)

    @staticmethod
    def backward(ctx, P, grad):
        x, q = P.saved(ctx)
        if ctx.needs_input_grad[0]:
            _zeta_not_implemented()
        return None, grad * -x * P.zeta(x + 1.0, q)


class SpecialZetaBackward1(Op):
    """zeta(number, q)."""

    __slots__ = ("scalar",)
    promote = True
    int_to_float = True
    operands = 2
    saved_names = ("other",)
    saved_scalars = {"self": "scalar"}

    @staticmethod
    def forward(ctx, xp, q, x):
        ctx.save_for_backward(q)
        ctx.scalar = x
        return zeta_of(x, q)

    @staticmethod
    def backward(ctx, P, grad):
        (q,) = P.saved(ctx)
        return grad * -ctx.scalar * P.zeta(q * 0 + (ctx.scalar + 1.0), q)


class SpecialZetaBackward2(Op):
    """zeta(x, number): x's derivative is PyTorch's NotImplementedError."""

    __slots__ = ("scalar",)
    promote = True
    int_to_float = True
    operands = 2
    saved_scalars = {"other": "scalar"}

    @staticmethod
    def forward(ctx, xp, x, q):
        ctx.scalar = q
        return zeta_of(x, q)

    @staticmethod
    def backward(ctx, P, grad):
        _zeta_not_implemented()


def _igamma_derivative(P, a, x):
    """d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)."""
    return P.exp((a - 1) * P.log(x) - x - P.lgamma(a))


class IgammaBackward0(Op):
    """The regularized lower incomplete gamma P(a, x); a's derivative is PyTorch's NotImplementedError."""

    __slots__ = ()
    promote = True
    pointwise = True
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, xp, a, x):
        ctx.save_for_backward(a, x)
        return _binary_float64(a, x, error_functions.igamma_array)

    @staticmethod
    def backward(ctx, P, grad):
        a, x = P.saved(ctx)
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'igamma: input' is not implemented.")
        return None, grad * _igamma_derivative(P, a, x)


class IgammacBackward0(Op):
    """The regularized upper incomplete gamma Q(a, x); a's derivative is PyTorch's NotImplementedError."""

    __slots__ = ()
    promote = True
    pointwise = True
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, xp, a, x):
        ctx.save_for_backward(a, x)
        return _binary_float64(a, x, error_functions.igammac_array)

    @staticmethod
    def backward(ctx, P, grad):
        a, x = P.saved(ctx)
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'igammac: input' is not implemented.")
        return None, -grad * _igamma_derivative(P, a, x)


def _binary_float64(a, b, kernel):
    backend = backends.backend_of_array(a)
    xp = backend.xp
    out = kernel(backend, a.astype(xp.float64), b.astype(xp.float64))
    return out.astype(a.dtype)


class SpecialUnary(Op):
    """A special function PyTorch does not differentiate: the result never requires grad."""

    __slots__ = ("kernel",)
    int_to_float = True
    pointwise = True
    differentiable = False

    @staticmethod
    def forward(ctx, xp, a, kernel):
        return in_float64(a, kernel)


class SpecialPolynomial(Op):
    """An orthogonal polynomial p_n(x) (never requires grad): ``steps`` is the largest degree to recur to."""

    __slots__ = ()
    promote = True
    int_to_float = True
    operands = 2
    pointwise = True
    differentiable = False

    @staticmethod
    def forward(ctx, xp, x, n, kernel, steps, limit):
        degrees = orthogonal_polynomials.degrees(xp, n.astype(xp.float64))
        shape = xp.broadcast_shapes(x.shape, degrees.shape)
        x = xp.broadcast_to(x, shape)
        degrees = xp.broadcast_to(degrees, shape)
        out = kernel(xp, x.astype(xp.float64), degrees, steps, **limit)
        if x.dtype != xp.float64:
            # PyTorch recurs in float32: where that overflows (inf, then inf - inf = NaN) its result is ours
            narrow = kernel(xp, x, degrees, steps, **limit)
            out = xp.where(xp.isfinite(narrow), out, narrow)
        return out.astype(x.dtype)


# ---------------------------------------------------------------------------------------------------- functions
def _differentiable_unary(node, kernel, half, what, example, shown, kernel_name=None):
    """A public function applying ``node`` with PyTorch's dtype refusals for ``kernel``."""
    def function(input):
        require_tensor(f"special_{kernel}", input)
        _refuse(kernel_name or kernel, input, half=half)
        return node.apply(input)
    _document(function, kernel, what, example, shown, "Differentiable (PyTorch's formula; gradcheck in float64).",
              half)
    return function


_ARGUMENT_NAMES = {"airy_ai": "x", "spherical_bessel_j0": "x"}  # as PyTorch's argument parser names them


def _nondifferentiable_unary(name, array_kernel, what, example, shown):
    def function(input):
        require_tensor(f"special_{name}", input, _ARGUMENT_NAMES.get(name, "input"))
        _refuse(name, input)
        return SpecialUnary.apply(input, array_kernel)
    _document(function, name, what, example, shown, "Not differentiable in PyTorch: the result never requires grad.",
              False)
    return function


def _document(function, name, what, example, shown, gradient, half):
    dtypes_line = ("float16 and bfloat16 compute in float32, " if half else "") + \
        "integer and bool inputs give the default float dtype"
    refused = "complex" if half else "float16, bfloat16 and complex"
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"""{what} (``torch.special.{name}``).

    Elementwise: the result has ``input``'s shape and float dtype ({dtypes_line}). {gradient}
    Raises TypeError for a non-tensor ``input`` and PyTorch's NotImplementedError for {refused} inputs.

    >>> import gradlib
    >>> gradlib.special.{name}(gradlib.tensor({example}))
    {shown}
    """


i0 = _differentiable_unary(I0Backward0, "i0", True, "The modified Bessel function of the first kind of order 0",
                           "[0.5, 2.0]", "tensor([1.0635, 2.2796])", "i0_vml")
i0e = _differentiable_unary(SpecialI0EBackward0, "i0e", True, "exp(-|x|) I0(x), the scaled modified Bessel function",
                            "[0.5, 2.0]", "tensor([0.6450, 0.3085])")
i1 = _differentiable_unary(SpecialI1Backward0, "i1", True, "The modified Bessel function of the first kind of order 1",
                           "[0.5, 2.0]", "tensor([0.2579, 1.5906])")
i1e = _differentiable_unary(SpecialI1EBackward0, "i1e", True, "exp(-|x|) I1(x), the scaled modified Bessel function",
                            "[0.5, 2.0]", "tensor([0.1564, 0.2153])")
erfcx = _differentiable_unary(SpecialErfcxBackward0, "erfcx", False, "The scaled complementary error function "
                              "exp(x^2) erfc(x)", "[0.5, 2.0]", "tensor([0.6157, 0.2554])")
ndtri = _differentiable_unary(SpecialNdtriBackward0, "ndtri", False, "The inverse of the standard normal CDF (-inf at "
                              "0, inf at 1, NaN outside [0, 1])", "[0.25, 0.975]", "tensor([-0.6745,  1.9600])")
log_ndtr = _differentiable_unary(SpecialLogNdtrBackward0, "log_ndtr", False, "The logarithm of the standard normal "
                                 "CDF", "[0.5, 2.0]", "tensor([-0.3689, -0.0230])")
airy_ai = _nondifferentiable_unary("airy_ai", bessel.airy_ai_array, "The Airy function Ai", "[0.5, 2.0]",
                                   "tensor([0.2317, 0.0349])")
bessel_j0 = _nondifferentiable_unary("bessel_j0", bessel.j0_array, "The Bessel function of the first kind of order 0",
                                     "[0.5, 2.0]", "tensor([0.9385, 0.2239])")
bessel_j1 = _nondifferentiable_unary("bessel_j1", bessel.j1_array, "The Bessel function of the first kind of order 1",
                                     "[0.5, 2.0]", "tensor([0.2423, 0.5767])")
bessel_y0 = _nondifferentiable_unary("bessel_y0", bessel.y0_array, "The Bessel function of the second kind of order "
                                     "0 (-inf at 0, NaN below)", "[0.5, 2.0]", "tensor([-0.4445,  0.5104])")
bessel_y1 = _nondifferentiable_unary("bessel_y1", bessel.y1_array, "The Bessel function of the second kind of order "
                                     "1 (-inf at 0, NaN below)", "[0.5, 2.0]", "tensor([-1.4715, -0.1070])")
modified_bessel_i0 = _nondifferentiable_unary("modified_bessel_i0", bessel.i0_array, "The modified Bessel function "
                                              "I0", "[0.5, 2.0]", "tensor([1.0635, 2.2796])")
modified_bessel_i1 = _nondifferentiable_unary("modified_bessel_i1", bessel.i1_array, "The modified Bessel function "
                                              "I1", "[0.5, 2.0]", "tensor([0.2579, 1.5906])")
modified_bessel_k0 = _nondifferentiable_unary("modified_bessel_k0", bessel.k0_array, "The modified Bessel function of "
                                              "the second kind K0 (inf at 0, NaN below)", "[0.5, 2.0]",
                                              "tensor([0.9244, 0.1139])")
modified_bessel_k1 = _nondifferentiable_unary("modified_bessel_k1", bessel.k1_array, "The modified Bessel function of "
                                              "the second kind K1 (inf at 0, NaN below)", "[0.5, 2.0]",
                                              "tensor([1.6564, 0.1399])")
scaled_modified_bessel_k0 = _nondifferentiable_unary("scaled_modified_bessel_k0", bessel.k0e_array, "exp(x) K0(x)",
                                                     "[0.5, 2.0]", "tensor([1.5241, 0.8416])")
scaled_modified_bessel_k1 = _nondifferentiable_unary("scaled_modified_bessel_k1", bessel.k1e_array, "exp(x) K1(x)",
                                                     "[0.5, 2.0]", "tensor([2.7310, 1.0335])")
spherical_bessel_j0 = _nondifferentiable_unary("spherical_bessel_j0", bessel.spherical_j0_array, "The spherical "
                                               "Bessel function j0(x) = sin(x) / x", "[0.5, 2.0]",
                                               "tensor([0.9589, 0.4546])")


def _as_operand(value, like):
    """A Python number beside a tensor as PyTorch's wrapped number: a 0-d tensor of the default float dtype (a
    float), int64 (an int) or bool, on ``like``'s device."""
    if isinstance(value, _tensor.Tensor):
        return value
    if isinstance(value, bool):
        dtype = dtypes.bool
    elif isinstance(value, int):
        dtype = dtypes.int64
    else:
        dtype = dtypes.get_default_dtype()
    backend = like.device._backend
    return _tensor.wrap(backend.asarray(value, dtype.np, like.device), like.device)


def _number_pair_error(name, first, second, x_name="x", n_name="n", first_number=None):
    """PyTorch's TypeError for two Python numbers (or non-tensors)."""
    kinds = ", ".join(type(v).__name__ for v in (first, second))
    return TypeError(
        f"special_{name}() received an invalid combination of arguments - got ({kinds}), but expected one of:\n"
        f" * (Tensor {x_name}, Tensor {n_name}, *, Tensor out = None)\n"
        f" * (Number {first_number or x_name}, Tensor {n_name}, *, Tensor out = None)\n"
        f" * (Tensor {x_name}, Number {n_name}, *, Tensor out = None)\n")


def _common_dtype(a, b):
    return dtypes.result_type(a.dtype, a.ndim == 0, b.dtype, b.ndim == 0)


def _largest_degree(n, xp):
    """The largest degree among ``n`` (a Python number, or a tensor read on the host once: the recurrence's
    length depends on it; PyTorch's kernels loop per element instead)."""
    if not isinstance(n, _tensor.Tensor):
        return int(n) if math.isfinite(n) else -1
    if n.numel() == 0:
        return 1
    backend = n.device._backend
    with backend.guard(n.device):  # n's own GPU, whichever is current
        largest = xp.max(orthogonal_polynomials.degrees(xp, n._array.astype(xp.float64)))
        return int(backend.item(largest))


_LONG_RECURRENCE = 1024


def _chebyshev_steps(name, x, n, steps):
    """For the Chebyshev family, the steps any element needs, when ``steps`` is long: inside (-1, 1) the
    trigonometric form serves degrees above 8, and outside the recurrence overflows float64 (then NaN, where
    PyTorch's loop stops) within 710 / acosh|t| + 4 steps. One read of the device, only for a long recurrence."""
    if steps <= _LONG_RECURRENCE or "chebyshev" not in name or x.numel() == 0:
        return steps
    backend = x.device._backend
    xp = backend.xp
    with backend.guard(x.device):
        t = x._array.astype(xp.float64)
        if name.startswith("shifted"):
            t = t + t - 1.0
        magnitude = xp.abs(xp.where(t == t, t, 0.0))
        outside = xp.maximum(magnitude, 1.5)
        growth = xp.log(outside + xp.sqrt(outside * outside - 1.0))
        above_one = xp.maximum(magnitude, 1.0)
        near_one = xp.log1p((above_one - 1.0) + xp.sqrt(above_one * above_one - 1.0))
        rate = xp.where(magnitude >= 1.5, growth, near_one)
        needed = xp.where(magnitude <= 1.0, 9.0,
                          xp.where(xp.isinf(magnitude), 4.0, 710.0 / xp.where(rate > 0, rate, 1.0) + 4.0))
        needed = xp.minimum(needed, float(steps))
        return int(backend.item(xp.ceil(xp.max(needed))))


def _polynomial(name, what, shown):
    kernel = orthogonal_polynomials.KERNELS[name]

    def function(x, n):
        if not isinstance(x, _tensor.Tensor) and not isinstance(n, _tensor.Tensor):
            raise _number_pair_error(name, x, n)
        like = x if isinstance(x, _tensor.Tensor) else n
        x_tensor = _as_operand(x, like)
        n_tensor = _as_operand(n, like)
        common = _common_dtype(x_tensor, n_tensor)
        if common.is_complex or common.scalar_type in ("Half", "BFloat16"):
            raise NotImplementedError(f'"{name}_{kernel_device(like)}" not implemented for \'{common.scalar_type}\'')
        steps = _chebyshev_steps(name, x_tensor, n_tensor, _largest_degree(n, like.device._backend.xp))
        float_dtype = common if common.is_floating_point else dtypes.get_default_dtype()
        limit = {}
        if name.startswith("hermite"):  # NaN above the limit: the recurrence never runs further
            limit = {"hermite_limit": 128 if float_dtype.np.itemsize == 4 else 512}
            steps = min(steps, limit["hermite_limit"])
        return SpecialPolynomial.apply(x_tensor, n_tensor, kernel, steps, limit)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"""{what} (``torch.special.{name}``).

    ``x`` and ``n`` broadcast (one of them may be a Python number); the result has their common float dtype
    (integers give the default float dtype). ``n`` is truncated to an integer; a negative degree gives 0. Not
    differentiable in PyTorch: the result never requires grad. A tensor ``n`` is read on the host once (the
    recurrence runs to its largest degree, so a huge degree takes that many vectorized steps where PyTorch's
    per-element loop stops at its first NaN). Raises TypeError when neither is a tensor and PyTorch's
    NotImplementedError for float16, bfloat16 and complex.

    >>> import gradlib
    >>> gradlib.special.{name}(gradlib.tensor([0.5, 2.0]), 3)
    {shown}
    """
    return function


chebyshev_polynomial_t = _polynomial("chebyshev_polynomial_t", "The Chebyshev polynomial of the first kind T_n(x)",
                                     "tensor([-1., 26.])")
chebyshev_polynomial_u = _polynomial("chebyshev_polynomial_u", "The Chebyshev polynomial of the second kind U_n(x)",
                                     "tensor([-1., 56.])")
chebyshev_polynomial_v = _polynomial("chebyshev_polynomial_v", "The Chebyshev polynomial of the third kind V_n(x)",
                                     "tensor([-1., 41.])")
chebyshev_polynomial_w = _polynomial("chebyshev_polynomial_w", "The Chebyshev polynomial of the fourth kind W_n(x)",
                                     "tensor([-1., 71.])")
shifted_chebyshev_polynomial_t = _polynomial("shifted_chebyshev_polynomial_t", "The shifted Chebyshev polynomial "
                                             "T*_n(x) = T_n(2x - 1)", "tensor([-0., 99.])")
shifted_chebyshev_polynomial_u = _polynomial("shifted_chebyshev_polynomial_u", "The shifted Chebyshev polynomial "
                                             "U*_n(x) = U_n(2x - 1)", "tensor([ -0., 204.])")
shifted_chebyshev_polynomial_v = _polynomial("shifted_chebyshev_polynomial_v", "The shifted Chebyshev polynomial "
                                             "V*_n(x) = V_n(2x - 1)", "tensor([  1., 169.])")
shifted_chebyshev_polynomial_w = _polynomial("shifted_chebyshev_polynomial_w", "The shifted Chebyshev polynomial "
                                             "W*_n(x) = W_n(2x - 1)", "tensor([ -1., 239.])")
hermite_polynomial_h = _polynomial("hermite_polynomial_h", "The physicists' Hermite polynomial H_n(x) (NaN above "
                                   "degree 128 in float32, 512 in float64)", "tensor([-5., 40.])")
hermite_polynomial_he = _polynomial("hermite_polynomial_he", "The probabilists' Hermite polynomial He_n(x) (NaN above "
                                    "degree 128 in float32, 512 in float64)", "tensor([-1.3750,  2.0000])")
laguerre_polynomial_l = _polynomial("laguerre_polynomial_l", "The Laguerre polynomial L_n(x)",
                                    "tensor([-0.1458, -0.3333])")
legendre_polynomial_p = _polynomial("legendre_polynomial_p", "The Legendre polynomial P_n(x)",
                                    "tensor([-0.4375, 17.0000])")


def zeta(input, other):
    """Hurwitz's zeta function sum_k (other + k)^-input (``torch.special.zeta``); either may be a Python number.

    The result broadcasts the two and has their common float dtype (integers give the default float dtype): inf
    where input == 1 or other is a non-positive integer, NaN where input < 1 (and for a negative non-integer
    ``other`` with a non-integer ``input``). Differentiable in ``other`` (-input * zeta(input + 1, other)); the
    derivative in ``input`` raises PyTorch's NotImplementedError at backward. Raises TypeError when neither is a
    tensor and PyTorch's NotImplementedError for float16, bfloat16 and complex.

    >>> import gradlib
    >>> gradlib.special.zeta(gradlib.tensor([2., 4.]), 1.)
    tensor([1.6449, 1.0823])
    """
    x_tensor = isinstance(input, _tensor.Tensor)
    q_tensor = isinstance(other, _tensor.Tensor)
    if not x_tensor and not q_tensor:
        raise _number_pair_error("zeta", input, other, "input", "other", "self")
    like = input if x_tensor else other
    common = _common_dtype(_as_operand(input, like), _as_operand(other, like))
    if x_tensor and q_tensor:
        broadcast_shapes(input.shape, other.shape)  # PyTorch's TensorIterator: the shapes before the dtype
    if common.is_complex or common.scalar_type in ("Half", "BFloat16"):
        raise NotImplementedError(f'"zeta_{kernel_device(like)}" not implemented for \'{common.scalar_type}\'')
    if x_tensor and q_tensor:
        return SpecialZetaBackward0.apply(input, other)
    if q_tensor:
        return SpecialZetaBackward1.apply(other, input)
    return SpecialZetaBackward2.apply(input, other)


def _incomplete_gamma(node, kernel, input, other, name):
    require_tensor(name, input)
    require_tensor(name, other, "other", 2)
    broadcast_shapes(input.shape, other.shape)  # PyTorch's TensorIterator: the shapes before the dtype
    common = _common_dtype(input, other)
    if common.is_complex or not common.is_floating_point:
        raise NotImplementedError(f'"{kernel}_{kernel_device(input)}" not implemented for \'{common.scalar_type}\'')
    return node.apply(input, other)


def igamma(input, other):
    """The regularized lower incomplete gamma function P(input, other) (``torch.igamma``,
    ``torch.special.gammainc``).

    ``input`` (a > 0) and ``other`` (x >= 0) broadcast; the result has their common float dtype (float16 and
    bfloat16 compute in float32); NaN for negative arguments. Differentiable in ``other``
    (x^(a-1) e^-x / Gamma(a)); the derivative in ``input`` raises PyTorch's NotImplementedError at backward.
    Raises TypeError for a non-tensor argument and PyTorch's NotImplementedError for integer, bool and complex.

    >>> import gradlib
    >>> gradlib.special.gammainc(gradlib.tensor([1., 2.]), gradlib.tensor([1., 3.]))
    tensor([0.6321, 0.8009])
    """
    return _incomplete_gamma(IgammaBackward0, "igamma", input, other, "igamma")


def igammac(input, other):
    """The regularized upper incomplete gamma function Q(input, other) = 1 - P (``torch.igammac``,
    ``torch.special.gammaincc``).

    As ``igamma``: broadcast, common float dtype, differentiable in ``other`` only (the derivative in ``input``
    raises PyTorch's NotImplementedError at backward); TypeError for a non-tensor argument, NotImplementedError for
    integer, bool and complex.

    >>> import gradlib
    >>> gradlib.special.gammaincc(gradlib.tensor([1., 2.]), gradlib.tensor([1., 3.]))
    tensor([0.3679, 0.1991])
    """
    return _incomplete_gamma(IgammacBackward0, "igammac", input, other, "igammac")


def torch_i0(input):
    """The modified Bessel function of the first kind of order 0 (``torch.i0``; ``gradlib.special.i0`` is the
    same function under torch.special's name).

    Elementwise: the result has ``input``'s shape and float dtype (float16 and bfloat16 compute in float32, integer
    and bool inputs give the default float dtype). Differentiable (d/dx = i1(x)). Raises TypeError for a
    non-tensor ``input`` and PyTorch's NotImplementedError for complex inputs.

    >>> import gradlib
    >>> gradlib.i0(gradlib.tensor([0.5, 2.0]))
    tensor([1.0635, 2.2796])
    """
    require_tensor("i0", input)
    _refuse("i0_vml", input, half=True)
    return I0Backward0.apply(input)


def gammainc(input, other):
    """``torch.special.gammainc``: ``igamma`` under torch.special's name (see ``igamma``: shapes, dtypes, the
    gradient in ``other`` only, TypeError for a non-tensor, NotImplementedError for integer, bool and complex).

    >>> import gradlib
    >>> gradlib.special.gammainc(gradlib.tensor([1., 2.]), gradlib.tensor([1., 3.]))
    tensor([0.6321, 0.8009])
    """
    return _incomplete_gamma(IgammaBackward0, "igamma", input, other, "special_gammainc")


def gammaincc(input, other):
    """``torch.special.gammaincc``: ``igammac`` under torch.special's name (see ``igammac``).

    >>> import gradlib
    >>> gradlib.special.gammaincc(gradlib.tensor([1., 2.]), gradlib.tensor([1., 3.]))
    tensor([0.3679, 0.1991])
    """
    return _incomplete_gamma(IgammacBackward0, "igammac", input, other, "special_gammaincc")


torch_i0.__name__ = "i0"  # torch.i0's name (its qualname stays torch_i0: the module's special.i0 is another function)
