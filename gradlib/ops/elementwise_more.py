"""More elementwise math of PyTorch's (issue 15, helper elem10): the inverse hyperbolic functions acosh, asinh,
atanh; the angle conversions deg2rad, rad2deg; the float-bit functions ldexp, frexp, nextafter; and the integer
gcd, lcm.

Dtypes are PyTorch's: the float functions compute integer and bool inputs in the default float dtype; ldexp and
nextafter promote their two operands (ldexp's integer result becomes the default float; nextafter, gcd and lcm have
no kernel for the dtypes they refuse, with PyTorch's NotImplementedError). Gradients are PyTorch's formulas:
acosh' = (x^2 - 1)^(-1/2) (inf at 1, NaN below), asinh' = (x^2 + 1)^(-1/2), atanh' = 1 / (1 - x^2) (inf at +-1);
deg2rad/rad2deg scale the gradient; ldexp's are 2^other and input * 2^other * ln 2; frexp's mantissa has the
gradient ``grad / exponent.exp2()`` (the exponent's power of two computed in float32, as PyTorch's); nextafter
passes the gradient to its input (not where input equals other) and gives its ``other`` zero. acosh, asinh and atanh are holomorphic on complex
input (principal branches, as PyTorch's); deg2rad/rad2deg, frexp, nextafter, gcd and lcm refuse complex tensors.
"""
import math

from .. import dtypes, return_types
from ._args import kernel_device, require_tensor
from ._op import Op, elementwise_op

__all__ = ["acosh", "asinh", "atanh", "arccosh", "arcsinh", "arctanh", "deg2rad", "rad2deg", "ldexp", "frexp",
           "nextafter", "gcd", "lcm"]

_LN2 = math.log(2.0)
_FLOAT32 = dtypes.float32.np
# PyTorch's constants (c10/util/MathConstants.h): multiplied as a wrapped double scalar
_PI_OVER_180 = 0.017453292519943295769236907684886127134428718885417
_180_OVER_PI = 57.295779513082320876798154814105170332405472466564

def _is_complex(a):
    """Whether a saved value (an array on the fast path, a Tensor under create_graph) is complex."""
    kind = getattr(a.dtype, "kind", None)
    return kind == "c" if kind is not None else a.dtype.is_complex


def _acosh_derivative(P, g, a):
    """PyTorch's: ``rsqrt(x^2 - 1)`` for real x (defined below -1 too), ``rsqrt(z - 1) rsqrt(z + 1)`` for complex z
    (the derivative of the principal branch, whose sign differs from rsqrt(z^2 - 1) left of the imaginary axis)."""
    if _is_complex(a):
        return g / (P.sqrt(a - 1) * P.sqrt(a + 1))
    return g / P.sqrt(a * a - 1)


AcoshBackward0 = elementwise_op("AcoshBackward0", lambda xp, a: xp.arccosh(a), _acosh_derivative)
AsinhBackward0 = elementwise_op("AsinhBackward0", lambda xp, a: xp.arcsinh(a),
                                lambda P, g, a: g / P.sqrt(a * a + 1))
AtanhBackward0 = elementwise_op("AtanhBackward0", lambda xp, a: xp.arctanh(a), lambda P, g, a: g / (1 - a * a))


def _no_inplace_derivative(name):
    def backward(P, g):
        raise NotImplementedError(f"the derivative for 'inplace version of {name}' is not implemented.")
    return backward


# The in-place forms' nodes: PyTorch records them (acosh_ of a tensor that requires grad) but has no derivative
AcoshBackward1 = elementwise_op("AcoshBackward1", lambda xp, a: xp.arccosh(a), _no_inplace_derivative("acosh"),
                                save=None)
AsinhBackward1 = elementwise_op("AsinhBackward1", lambda xp, a: xp.arcsinh(a), _no_inplace_derivative("asinh"),
                                save=None)
AtanhBackward1 = elementwise_op("AtanhBackward1", lambda xp, a: xp.arctanh(a), _no_inplace_derivative("atanh"),
                                save=None)


class _Scale(Op):
    """x times a constant (deg2rad, rad2deg): float16 multiplies in float32 and rounds once, as PyTorch's CPU
    kernel reads its wrapped double scalar in float32."""

    __slots__ = ()
    pointwise = True
    int_to_float = True
    factor = 1.0

    @classmethod
    def forward(cls, ctx, xp, a):
        return a * cls.factor

    @classmethod
    def backward(cls, ctx, P, grad):
        return grad * cls.factor


class Deg2RadBackward0(_Scale):
    __slots__ = ()
    factor = _PI_OVER_180


class Rad2DegBackward0(_Scale):
    __slots__ = ()
    factor = _180_OVER_PI


_REAL_INPUT_COMPLEX_GRAD = ("Expected isFloatingType(grad.scalar_type()) || (input_is_complex == grad_is_complex) to "
                            "be true, but got false.  (Could this error message be improved?  If so, please report an "
                            "enhancement request to PyTorch.)")


class LdexpBackward0(Op):
    """input * 2^other in the operands' promoted dtype (integers: the default float), as PyTorch's
    ``mul(input, pow(2, other))``."""

    __slots__ = ()
    pointwise = True
    promote = True
    int_to_float = True
    saved_names = ("other", "result")

    @staticmethod
    def forward(ctx, xp, a, b):
        out = a * xp.power(xp.asarray(2, dtype=b.dtype), b)
        ctx.save_for_backward(b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        b, out = P.saved(ctx)
        needs = ctx.needs_input_grad
        if _is_complex(grad) and any(need and ctx.input_dtype(index).kind == "f" for index, need in enumerate(needs)):
            # PyTorch's formula gives a real input a complex gradient, which its engine refuses
            raise RuntimeError(_REAL_INPUT_COMPLEX_GRAD)
        scale = P.power(P.ones_like(b) * 2, b)
        exponent_dtype = ctx.input_dtype(1)
        if needs[0] and exponent_dtype.kind in "iu":
            # PyTorch's gradient of input is grad * pow(2, other) in other's integer dtype, which wraps:
            # 0 for a negative exponent and from the dtype's bit count on, its lowest value at the sign bit
            bits = exponent_dtype.itemsize * 8
            scale = P.where(b < 0, 0.0, P.where(b >= bits, 0.0, scale))
            if exponent_dtype.kind == "i":
                scale = P.where(b == bits - 1, -scale, scale)
        grad_a = grad * scale if needs[0] else None
        grad_b = grad * out * _LN2 if needs[1] else None
        return grad_a, grad_b


class FrexpBackward0(Op):
    """(mantissa, exponent) with x = mantissa * 2^exponent, |mantissa| in [0.5, 1) (0, inf and NaN keep
    themselves with exponent 0); the exponent is int32 and not differentiable."""

    __slots__ = ()
    pointwise = True
    nondiff_outputs = (1,)
    saved_names = ("exponent",)

    @staticmethod
    def forward(ctx, xp, a):
        mantissa, exponent = xp.frexp(a)
        exponent = exponent.astype(xp.int32)
        # a copy: saved as the output itself, the exponent would come back from gradlib's saved values as a
        # differentiable output of this node (PyTorch keeps the non-differentiable tensor itself)
        ctx.save_for_backward(exponent.copy())
        return mantissa, exponent

    @staticmethod
    def backward(ctx, P, grad):
        (exponent,) = P.saved(ctx)
        exponent = P.cast(exponent, _FLOAT32)  # PyTorch's exponent.exp2() of the int32 exponent: float32
        return grad / P.power(P.ones_like(exponent) * 2, exponent)


class NextafterBackward0(Op):
    """The next representable value after input toward other; the gradient is the incoming one for input (zero
    where input equals other, whose value the result then is) and zero for other (PyTorch's)."""

    __slots__ = ()
    saved_names = ('self', 'other')
    pointwise = True
    promote = True
    bfloat16_in_float32 = False  # the next bfloat16 is not the next float32 rounded

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        if a.dtype == dtypes.bfloat16.np:
            return _bfloat16_nextafter(xp, a, b)
        return xp.nextafter(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = P.where(a == b, 0.0, grad) if needs[0] else None  # where input == other the result is other
        return grad_a, (P.zeros_like(grad) if needs[1] else None)


def _bfloat16_nextafter(xp, a, b):
    """nextafter on bfloat16 bits: one step of the 16-bit pattern away from or toward zero."""
    bits = a.view(xp.uint16).astype(xp.int32)
    wide_a = a.astype(xp.float32)
    wide_b = b.astype(xp.float32)
    negative = (bits & 0x8000) != 0
    up = wide_b > wide_a
    away = up != negative  # moving up from a positive number (or down from a negative one) grows the magnitude
    stepped = xp.where(away, bits + 1, bits - 1)
    from_zero = xp.where(up, 1, 0x8001)  # the smallest subnormal of the direction's sign
    stepped = xp.where(wide_a == 0, from_zero, stepped)
    out = (stepped & 0xFFFF).astype(xp.uint16).view(a.dtype)
    out = xp.where(wide_a == wide_b, b, out)
    return xp.where((wide_a != wide_a) | (wide_b != wide_b), a + b, out)


class _Integral(Op):
    """gcd/lcm: integers only, never differentiable."""

    __slots__ = ()
    pointwise = True
    promote = True
    differentiable = False


class Gcd(_Integral):
    """The greatest common divisor, non-negative (0 for gcd(0, 0); the most negative integer stays itself, as
    PyTorch's abs wraps)."""

    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: xp.gcd(a, b))


class Lcm(_Integral):
    """|a / gcd(a, b) * b| in the dtype (wrapping as PyTorch's), 0 when both are 0."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        divisor = xp.gcd(a, b)
        zero = divisor == 0
        return xp.where(zero, 0, xp.abs(a // xp.where(zero, 1, divisor) * b)).astype(divisor.dtype)


def acosh(input):
    """The inverse hyperbolic cosine (NaN below 1), as ``torch.acosh``; integers and bools give the default float
    dtype; complex input takes the principal branch.

    >>> import gradlib
    >>> gradlib.acosh(gradlib.tensor([1., 2., 0.5]))
    tensor([0.0000, 1.3170,    nan])
    """
    return AcoshBackward0.apply(input)


def asinh(input):
    """The inverse hyperbolic sine, as ``torch.asinh``.

    >>> import gradlib
    >>> gradlib.asinh(gradlib.tensor([0., 1.]))
    tensor([0.0000, 0.8814])
    """
    return AsinhBackward0.apply(input)


def atanh(input):
    """The inverse hyperbolic tangent (+-inf at +-1, NaN beyond), as ``torch.atanh``.

    >>> import gradlib
    >>> gradlib.atanh(gradlib.tensor([0.5, 1., 2.]))
    tensor([0.5493,    inf,    nan])
    """
    return AtanhBackward0.apply(input)


def arccosh(input):
    """``acosh``, NumPy's name (``torch.arccosh``).

    >>> import gradlib
    >>> gradlib.arccosh(gradlib.tensor([1.]))
    tensor([0.])
    """
    require_tensor("arccosh", input)
    return AcoshBackward0.apply(input)


def arcsinh(input):
    """``asinh``, NumPy's name (``torch.arcsinh``).

    >>> import gradlib
    >>> gradlib.arcsinh(gradlib.tensor([0.]))
    tensor([0.])
    """
    require_tensor("arcsinh", input)
    return AsinhBackward0.apply(input)


def arctanh(input):
    """``atanh``, NumPy's name (``torch.arctanh``).

    >>> import gradlib
    >>> gradlib.arctanh(gradlib.tensor([0.]))
    tensor([0.])
    """
    require_tensor("arctanh", input)
    return AtanhBackward0.apply(input)


def inplace_node(name):
    """The function the in-place ``<name>_`` computes through: its own node (``AcoshBackward1``), which PyTorch
    records without a derivative."""
    node = {"acosh": AcoshBackward1, "asinh": AsinhBackward1, "atanh": AtanhBackward1}[name]

    def compute(input):
        require_tensor(name + "_", input)
        return node.apply(input)
    return compute


def _real_angle(name, input):
    require_tensor(name, input)
    if input.dtype.is_complex:
        raise RuntimeError(f"{name} is not supported for complex tensors.")


def deg2rad(input):
    """Degrees to radians (``input * pi / 180``), as ``torch.deg2rad``; RuntimeError for complex tensors.

    >>> import gradlib
    >>> gradlib.deg2rad(gradlib.tensor([180., 90.]))
    tensor([3.1416, 1.5708])
    """
    _real_angle("deg2rad", input)
    return Deg2RadBackward0.apply(input)


def rad2deg(input):
    """Radians to degrees (``input * 180 / pi``), as ``torch.rad2deg``; RuntimeError for complex tensors.

    >>> import gradlib
    >>> gradlib.rad2deg(gradlib.tensor([3.141592653589793, 1.]))
    tensor([180.0000,  57.2958])
    """
    _real_angle("rad2deg", input)
    return Rad2DegBackward0.apply(input)


def ldexp(input, other):
    """``input * 2 ** other`` (``torch.ldexp``): both tensors, broadcast, in their promoted dtype (integers and
    bools give the default float). Differentiable in both.

    >>> import gradlib
    >>> gradlib.ldexp(gradlib.tensor([1., 0.75]), gradlib.tensor([3, -1]))
    tensor([8.0000, 0.3750])
    """
    require_tensor("ldexp", input)
    require_tensor("ldexp", other, "other", 2)
    if other.dtype is dtypes.bool and input.dtype.is_floating_point:
        # PyTorch's kernel for a floating input computes 2^other in other's dtype, which has no bool version
        raise NotImplementedError(f'"ldexp_{kernel_device(input)}_exp" not implemented for \'Bool\'')
    return LdexpBackward0.apply(input, other)


def frexp(input):
    """``(mantissa, exponent)`` with ``input = mantissa * 2 ** exponent`` (``torch.frexp``): the mantissa in the
    input's dtype with magnitude in [0.5, 1), the exponent int32 (0, inf and NaN give themselves and 0). Only
    floating inputs (RuntimeError otherwise); the mantissa's gradient is ``grad / 2 ** exponent``.

    >>> import gradlib
    >>> gradlib.frexp(gradlib.tensor([8., -3., 0.]))
    gradlib.return_types.frexp(
    mantissa=tensor([ 0.5000, -0.7500,  0.0000]),
    exponent=tensor([4, 2, 0], dtype=gradlib.int32))
    """
    require_tensor("frexp", input)
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = FrexpBackward0.apply(input)
    return return_types.frexp(mantissa, exponent)


def _kernel_of(name, input, other):
    """The dtype the two operands promote to (after PyTorch's argument checks)."""
    require_tensor(name, input)
    require_tensor(name, other, "other", 2)
    return dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)


def nextafter(input, other):
    """The next floating-point value after ``input`` toward ``other`` (``torch.nextafter``), in the operands'
    promoted floating dtype; NotImplementedError where that is an integer, bool or complex dtype.

    >>> import gradlib
    >>> gradlib.nextafter(gradlib.tensor([1., 0.], dtype=gradlib.float64), gradlib.tensor([2., -1.],
    ...                   dtype=gradlib.float64)) - gradlib.tensor([1., 0.], dtype=gradlib.float64)
    tensor([ 2.2204e-16, -4.9407e-324], dtype=gradlib.float64)
    """
    result = _kernel_of("nextafter", input, other)
    if not result.is_floating_point:
        raise NotImplementedError(f'"nextafter_{kernel_device(input)}" not implemented for \'{result.scalar_type}\'')
    return NextafterBackward0.apply(input, other)


def _integer_kernel(name, input, other):
    result = _kernel_of(name, input, other)
    if result.is_floating_point or result.is_complex or result is dtypes.bool:
        raise NotImplementedError(f'"{name}_{kernel_device(input)}" not implemented for \'{result.scalar_type}\'')


def gcd(input, other):
    """The greatest common divisor of integer tensors (``torch.gcd``), broadcast, in their promoted dtype;
    NotImplementedError for floating, complex and bool operands.

    >>> import gradlib
    >>> gradlib.gcd(gradlib.tensor([4, -6, 0]), gradlib.tensor([6, 4, 0]))
    tensor([2, 2, 0])
    """
    _integer_kernel("gcd", input, other)
    return Gcd.apply(input, other)


def lcm(input, other):
    """The least common multiple of integer tensors (``torch.lcm``): ``|input / gcd * other|`` in the promoted
    dtype (wrapping on overflow, as PyTorch's), 0 where either is 0.

    >>> import gradlib
    >>> gradlib.lcm(gradlib.tensor([4, -6, 0]), gradlib.tensor([6, 4, 3]))
    tensor([12, 12,  0])
    """
    _integer_kernel("lcm", input, other)
    return Lcm.apply(input, other)

