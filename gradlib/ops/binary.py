"""More elementwise functions of two or three tensors: atan2, hypot, fmax/fmin, remainder/fmod, lerp,
addcmul/addcdiv, and division with rounding."""
import math

from .. import _creation, _tensor, dtypes
from ..device import CPU
from . import reduction
from ._args import require_tensor
from ._op import Op

_plain_scalar = dtypes.plain_scalar

__all__ = ["atan2", "arctan2", "hypot", "fmax", "fmin", "remainder", "fmod", "lerp", "addcmul", "addcdiv",
           "floor_divide", "div_rounded"]


def _as_tensor_like(value, like):
    if isinstance(value, _tensor.Tensor):
        return value
    dtype = like.dtype if isinstance(value, float) and like.dtype.is_floating_point else None
    return _creation.tensor(value, dtype=dtype, device=like.device)


class Atan2Backward0(Op):
    __slots__ = ()
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.arctan2(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        recip = 1 / (a * a + b * b)
        recip = P.where(recip == math.inf, 0.0, recip)  # (never -inf) PyTorch's mask: atan2(0, 0) has gradient (0, -0)
        return grad * b * recip, grad * -a * recip


class HypotBackward0(Op):
    __slots__ = ()
    promote = True
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a, b):
        out = xp.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, out = P.saved(ctx)
        return grad * a / out, grad * b / out


class _NanAwareExtremum(Op):
    """fmax/fmin: like maximum/minimum but a NaN loses to a number; the gradient of a tie goes to the first
    input (PyTorch's formula, unlike maximum's even split)."""

    __slots__ = ()
    promote = True
    function = None  # the name of the array module's function

    @staticmethod
    def forward(ctx, xp, a, b):
        out = getattr(xp, type(ctx).function)(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, out = P.saved(ctx)
        wins = (a >= b) if type(ctx).function == "fmax" else (a <= b)
        from_a = wins | (b != b)  # PyTorch: ties and a NaN other go to the first input
        return P.where(from_a, grad, 0.0), P.where(from_a, 0.0, grad)


class FmaxBackward0(_NanAwareExtremum):
    __slots__ = ()
    function = "fmax"


class FminBackward0(_NanAwareExtremum):
    __slots__ = ()
    function = "fmin"


class _Modulo(Op):
    """a mod b: d/da = 1, d/db = -round(a / b), rounding as the modulo does."""

    __slots__ = ()
    promote = True
    function = None  # the array module's modulo
    rounding = None  # the matching rounding of the quotient

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return getattr(xp, type(ctx).function)(a, b)

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        # the rounded quotient as one op (div with rounding_mode), whose derivative is 0, not 0 * d(a/b) = NaN at
        # b = 0: the second derivative is PyTorch's
        return grad, -grad * P.div_rounded(a, b, type(ctx).rounding)


class RemainderBackward0(_Modulo):
    """Python-style modulo (the sign of the divisor) by a Python scalar (PyTorch's ``remainder.Scalar``)."""

    __slots__ = ()
    function, rounding = "remainder", "floor"


class RemainderBackward1(RemainderBackward0):
    """Python-style modulo by a tensor (PyTorch's ``remainder.Tensor``)."""

    __slots__ = ()


class FmodBackward0(_Modulo):
    """C-style modulo (the sign of the dividend) by a Python scalar (PyTorch's ``fmod.Scalar``)."""

    __slots__ = ()
    function, rounding = "fmod", "trunc"


class FmodBackward1(FmodBackward0):
    """C-style modulo by a tensor (PyTorch's ``fmod.Tensor``)."""

    __slots__ = ()


class DivBackward2(Op):
    """Division rounded toward zero or down (``div(rounding_mode='trunc' / 'floor')``): piecewise constant, so
    zero gradients. The name is PyTorch's (``div.Tensor_mode``)."""

    __slots__ = ()
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b, mode):
        if mode == "floor":
            return xp.floor_divide(a, b)  # floats as PyTorch's div_floor: inf // 2 is NaN, 7 // 0 is inf
        quotient = a / b
        out = xp.trunc(quotient)
        return out.astype(a.dtype) if a.dtype.kind in "iub" and b.dtype.kind in "iub" else out

    @staticmethod
    def backward(ctx, P, grad):
        return P.zeros_like(grad), P.zeros_like(grad)  # zeros even where the incoming gradient is infinite


class _NotDifferentiable:
    """PyTorch records these ops with a node that refuses backward (``derivative for aten::floor_divide is not
    implemented``); its name is ``NotImplemented``."""

    __slots__ = ()
    aten = None

    @staticmethod
    def backward(ctx, P, grad):
        raise RuntimeError(f"derivative for aten::{type(ctx).aten} is not implemented")


class FloorDivide(_NotDifferentiable, DivBackward2):
    """``floor_divide`` / ``//``: no derivative in PyTorch (``div(rounding_mode='floor')`` has zero gradients)."""

    __slots__ = ()
    aten = "floor_divide"


class RemainderScalarTensor(_NotDifferentiable, RemainderBackward0):
    """``scalar % tensor``: no derivative in PyTorch."""

    __slots__ = ()
    aten = "remainder"


FloorDivide.__name__ = FloorDivide.__qualname__ = "NotImplemented"
RemainderScalarTensor.__name__ = RemainderScalarTensor.__qualname__ = "NotImplemented"


class LerpBackward1(Op):
    """start + weight (end - start) with a tensor weight (PyTorch's ``lerp.Tensor``)."""

    __slots__ = ()
    promote = True

    @staticmethod
    def forward(ctx, xp, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return xp.where(xp.abs(weight) < 0.5, start + weight * (end - start), end - (end - start) * (1 - weight))

    @staticmethod
    def backward(ctx, P, grad):
        start, end, weight = P.saved(ctx)
        return grad * (1 - weight), grad * weight, grad * (end - start)


class LerpBackward0(Op):
    """start + weight (end - start) with a scalar weight (PyTorch's ``lerp.Scalar``)."""

    __slots__ = ("weight",)
    promote = True

    @staticmethod
    def forward(ctx, xp, start, end, weight):
        ctx.weight = weight
        if abs(weight) < 0.5:  # PyTorch's two-sided formula: exact at both ends, inf - inf avoided
            return start + weight * (end - start)
        return end - (end - start) * (1 - weight)

    @staticmethod
    def backward(ctx, P, grad):
        return grad * (1 - ctx.weight), grad * ctx.weight


class AddcmulBackward0(Op):
    __slots__ = ("value",)
    promote = True
    cpu_scalars = 0  # a ternary TensorIterator op: no CPU scalar may join on a GPU
    operands = 3

    @staticmethod
    def forward(ctx, xp, input, t1, t2, value):
        if input.dtype.kind in "iu":
            value = int(value)  # PyTorch casts value to the integer result (NumPy would compute in floats)
        ctx.value = value
        ctx.save_for_backward(t1, t2)
        return input + value * t1 * t2

    @staticmethod
    def backward(ctx, P, grad):
        t1, t2 = P.saved(ctx)
        return grad, grad * t2 * ctx.value, grad * t1 * ctx.value


class AddcdivBackward0(Op):
    __slots__ = ("value",)
    promote = True
    cpu_scalars = 0  # a ternary TensorIterator op: no CPU scalar may join on a GPU
    operands = 3

    @staticmethod
    def forward(ctx, xp, input, t1, t2, value):
        ctx.value = value
        ctx.save_for_backward(t1, t2)
        return input + value * t1 / t2

    @staticmethod
    def backward(ctx, P, grad):
        t1, t2 = P.saved(ctx)
        return grad, grad * ctx.value / t2, -grad * ctx.value * t1 / (t2 * t2)


def atan2(input, other):
    """The angle of (other, input) in radians, elementwise.

    >>> import gradlib
    >>> gradlib.atan2(gradlib.tensor([1.]), gradlib.tensor([1.]))
    tensor([0.7854])
    """
    require_tensor("atan2", input)
    require_tensor("atan2", other, "other", 2)
    return Atan2Backward0.apply(input, _as_tensor_like(other, input))


arctan2 = atan2


def hypot(input, other):
    """sqrt(input^2 + other^2) without overflow.

    >>> import gradlib
    >>> gradlib.hypot(gradlib.tensor([3.]), gradlib.tensor([4.]))
    tensor([5.])
    """
    require_tensor("hypot", input)
    require_tensor("hypot", other, "other", 2)
    result = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)
    if not result.is_floating_point:  # no integer hypot kernel in PyTorch
        raise NotImplementedError(f'"hypot_cpu" not implemented for \'{result.scalar_type}\'')
    return HypotBackward0.apply(input, _as_tensor_like(other, input))


def fmax(input, other):
    """Elementwise maximum where NaN loses to a number.

    >>> import gradlib
    >>> gradlib.fmax(gradlib.tensor([1., float('nan')]), gradlib.tensor([2., 3.]))
    tensor([2., 3.])
    """
    require_tensor("fmax", input)
    require_tensor("fmax", other, "other", 2)
    return FmaxBackward0.apply(input, other)


def fmin(input, other):
    """Elementwise minimum where NaN loses to a number.

    >>> import gradlib
    >>> gradlib.fmin(gradlib.tensor([1., float('nan')]), gradlib.tensor([2., 3.]))
    tensor([1., 3.])
    """
    require_tensor("fmin", input)
    require_tensor("fmin", other, "other", 2)
    return FminBackward0.apply(input, other)


def _is_floating(value):
    if isinstance(value, _tensor.Tensor):
        return value.dtype.is_floating_point
    return isinstance(value, float)


def _is_bool(value):
    if isinstance(value, _tensor.Tensor):
        return value.dtype is dtypes.bool
    return isinstance(value, bool)


def _wrapped(scalar, tensor):
    """A Python int beside an integer tensor, as the kernel reads it (two's complement in the tensor's dtype)."""
    if scalar.__class__ is int and isinstance(tensor, _tensor.Tensor) and tensor.dtype.category == \
            dtypes.int64.category:
        return dtypes.wrap_integer(scalar, tensor.dtype)
    return scalar


def check_integer_division(input, other, kernel):
    """PyTorch's integer division kernels (``kernel``: div_floor, div_trunc, remainder, fmod): two bool operands
    have no kernel, and on the CPU a zero divisor raises (NumPy would return 0). PyTorch's CUDA kernels do not
    check, and neither does gradlib there: checking would wait for the device."""
    if _is_floating(input) or _is_floating(other):
        return
    if _is_bool(input) and _is_bool(other):
        raise NotImplementedError(f'"{kernel}_cpu" not implemented for \'Bool\'')
    if isinstance(other, _tensor.Tensor):
        if other._device is CPU and other._array.size and (other._array == 0).any():
            raise RuntimeError("ZeroDivisionError")
    else:
        if other.__class__ is int and isinstance(input, _tensor.Tensor) and input.dtype is not dtypes.bool:
            other = dtypes.wrap_integer(other, input.dtype)  # as the kernel reads it: int8 // 256 divides by 0
        if other != 0 or (isinstance(input, _tensor.Tensor) and input._device is not CPU):
            return
        raise RuntimeError("ZeroDivisionError")


def remainder(input, other):
    """Python's modulo (result has the divisor's sign). Integer operands: a zero divisor raises
    ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch; two bools raise NotImplementedError.

    >>> import gradlib
    >>> gradlib.remainder(gradlib.tensor([-3., 3.]), 2)
    tensor([1., 1.])
    """
    other, input = _wrapped(_plain_scalar(other), input), _plain_scalar(input)
    if isinstance(other, _tensor.Tensor) and isinstance(input, (bool, int, float)):  # remainder.Scalar_Tensor
        check_integer_division(input, other, "remainder")
        return RemainderScalarTensor.apply(_as_tensor_like(input, other), other)
    require_tensor("remainder", input)
    check_integer_division(input, other, "remainder")
    node = RemainderBackward1 if isinstance(other, _tensor.Tensor) else RemainderBackward0
    return node.apply(input, _as_tensor_like(other, input))


def fmod(input, other):
    """C's modulo (result has the dividend's sign). Integer operands: a zero divisor raises
    ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch; two bools raise NotImplementedError.

    >>> import gradlib
    >>> gradlib.fmod(gradlib.tensor([-3., 3.]), 2)
    tensor([-1.,  1.])
    """
    require_tensor("fmod", input)
    other = _wrapped(_plain_scalar(other), input)
    check_integer_division(input, other, "fmod")
    node = FmodBackward1 if isinstance(other, _tensor.Tensor) else FmodBackward0
    return node.apply(input, _as_tensor_like(other, input))


def div_rounded(input, other, rounding_mode, node=DivBackward2):
    """``div`` with ``rounding_mode`` 'trunc' or 'floor' (integers stay integers; zero gradients). Integer
    operands: a zero divisor raises ``RuntimeError: ZeroDivisionError`` on the CPU, as in PyTorch."""
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    other, input = _wrapped(_plain_scalar(other), input), _plain_scalar(input)
    check_integer_division(input, other, "div_" + rounding_mode)
    if not isinstance(input, _tensor.Tensor):
        input = _as_tensor_like(input, other)
    return node.apply(input, _as_tensor_like(other, input), rounding_mode)


def floor_divide(input, other):
    """Division rounded down. Integer operands: a zero divisor raises ``RuntimeError: ZeroDivisionError`` on the
    CPU, as in PyTorch.

    >>> import gradlib
    >>> gradlib.floor_divide(gradlib.tensor([7, -7]), 2)
    tensor([ 3, -4])
    """
    return div_rounded(input, other, "floor", FloorDivide)


_C10_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _check_lerp(input, end, weight):
    """PyTorch's lerp takes a tensor ``end`` of the input's dtype (no promotion) and only floating dtypes."""
    Tensor = _tensor.Tensor
    if not isinstance(end, Tensor):
        raise TypeError(f"lerp() received an invalid combination of arguments - got (Tensor, {type(end).__name__}, "
                        f"{type(weight).__name__}), but expected one of:\n"
                        " * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
                        " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
    for name, other in (("end", end), ("weight", weight)):
        if isinstance(other, Tensor) and other.dtype is not input.dtype:
            raise RuntimeError(f"expected dtype {_C10_NAMES[input.dtype.name]} for `{name}` but got dtype "
                               f"{_C10_NAMES[other.dtype.name]}")
    if not input.dtype.is_floating_point:
        kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype.scalar_type}\'')


def lerp(input, end, weight):
    """input + weight * (end - input); ``weight`` is a scalar or a tensor.

    >>> import gradlib
    >>> gradlib.lerp(gradlib.tensor([0., 10.]), gradlib.tensor([10., 20.]), 0.5)
    tensor([ 5., 15.])
    """
    require_tensor("lerp", input)
    _check_lerp(input, end, weight)
    if isinstance(weight, _tensor.Tensor):
        return LerpBackward1.apply(input, end, weight)
    return LerpBackward0.apply(input, end, weight)


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2.

    >>> import gradlib
    >>> gradlib.addcmul(gradlib.ones(2), gradlib.tensor([2., 3.]), gradlib.tensor([4., 5.]), value=0.5)
    tensor([5.0000, 8.5000])
    """
    require_tensor("addcmul", input)
    return AddcmulBackward0.apply(input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2.

    >>> import gradlib
    >>> gradlib.addcdiv(gradlib.ones(2), gradlib.tensor([2., 3.]), gradlib.tensor([4., 6.]))
    tensor([1.5000, 1.5000])
    """
    require_tensor("addcdiv", input)
    if not (tensor1.dtype.is_floating_point or tensor2.dtype.is_floating_point):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a "
            "true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + "
            "value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * "
            "tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes.")
    return AddcdivBackward0.apply(input, tensor1, tensor2, value)
