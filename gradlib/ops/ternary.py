"""Elementwise functions of three tensors: lerp, addcmul, addcdiv (PyTorch's ternary TensorIterator ops)."""
from .. import _tensor, dtypes
from ._args import require_tensor
from ._op import Op

__all__ = ["lerp", "addcmul", "addcdiv"]


def _fma(xp, a, b, c):
    """``a * b + c`` rounded once, as PyTorch's CPU lerp kernel computes it (``vec::fmadd``; CUDA contracts it
    too). float32: the product is exact in float64 and the sum rounds there, then to float32; float64: Dekker's
    exact product and Knuth's two-sum (no fused multiply-add in NumPy); other dtypes: the plain formula."""
    if a.dtype == xp.float32:
        wide = a.astype(xp.float64) * b.astype(xp.float64) + c
        return wide.astype(xp.float32)
    if a.dtype != xp.float64:
        return a * b + c
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    product_error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    total = product + c
    part = total - product
    sum_error = (product - (total - part)) + (c - part)
    out = total + (sum_error + product_error)
    return xp.where(xp.isfinite(out), out, total)  # inf and NaN as the plain formula gives them


def _split(x):
    """Veltkamp's split of float64 ``x`` into two halves of 26 bits whose products are exact."""
    scaled = 134217729.0 * x
    high = scaled - (scaled - x)
    return high, x - high


def _lerp(xp, start, end, weight):
    """PyTorch's lerp kernel: fma(weight, end - start, start) for |weight| < 0.5, else
    fma(weight - 1, end - start, end)."""
    small = xp.abs(weight) < 0.5
    coefficient = xp.where(small, weight, weight - 1)
    base = xp.where(small, start, end)
    difference = end - start
    coefficient = xp.broadcast_to(xp.asarray(coefficient, dtype=difference.dtype), xp.broadcast_shapes(
        xp.shape(coefficient), difference.shape, base.shape))
    return _fma(xp, coefficient, difference, base)


class LerpBackward1(Op):
    """start + weight (end - start) with a tensor weight (PyTorch's ``lerp.Tensor``)."""

    __slots__ = ()
    saved_names = ('self', 'end', 'weight')
    pointwise = True
    promote = True

    @staticmethod
    def forward(ctx, xp, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        if start.dtype.kind != "f" or start.dtype != end.dtype or start.dtype != weight.dtype:
            return xp.where(xp.abs(weight) < 0.5, start + weight * (end - start), end - (end - start) * (1 - weight))
        return _lerp(xp, start, end, weight)

    @staticmethod
    def backward(ctx, P, grad):
        start, end, weight = P.saved(ctx)
        return grad * (1 - weight), grad * weight, grad * (end - start)


class LerpBackward0(Op):
    """start + weight (end - start) with a scalar weight (PyTorch's ``lerp.Scalar``)."""

    __slots__ = ("weight",)
    saved_scalars = {'weight': 'weight'}
    pointwise = True
    promote = True
    operands = 2  # the scalar weight is a parameter: PyTorch reads it in float (bfloat16: unrounded)
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, start, end, weight):
        ctx.weight = weight
        if start.dtype in (xp.float32, xp.float64) and start.dtype == end.dtype and not isinstance(weight, complex):
            return _lerp(xp, start, end, xp.asarray(weight, dtype=start.dtype))
        if abs(weight) < 0.5:  # PyTorch's two-sided formula: exact at both ends, inf - inf avoided
            return start + weight * (end - start)
        return end - (end - start) * (1 - weight)

    @staticmethod
    def backward(ctx, P, grad):
        return grad * (1 - ctx.weight), grad * ctx.weight


class AddcmulBackward0(Op):
    __slots__ = ("value",)
    saved_names = ('tensor1', 'tensor2')
    saved_scalars = {'value': 'value'}
    pointwise = True
    promote = True
    cpu_scalars = 0  # a ternary TensorIterator op: no CPU scalar may join on a GPU
    operands = 3

    @staticmethod
    def forward(ctx, xp, input, t1, t2, value):
        if input.dtype.kind in "iu":
            # PyTorch casts value to the integer result (NumPy would compute in floats), wrapping: uint8's -1 is 255
            value = dtypes.wrap_integer(int(value), dtypes.from_np(input.dtype))
        ctx.value = value
        ctx.save_for_backward(t1, t2)
        return input + value * t1 * t2

    @staticmethod
    def backward(ctx, P, grad):
        t1, t2 = P.saved(ctx)
        return grad, grad * t2 * ctx.value, grad * t1 * ctx.value


class AddcdivBackward0(Op):
    __slots__ = ("value",)
    saved_names = ('tensor1', 'tensor2')
    saved_scalars = {'value': 'value'}
    pointwise = True
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
            raise RuntimeError(f"expected dtype {input.dtype.c_type} for `{name}` but got dtype "
                               f"{other.dtype.c_type}")  # the C++ type names (c10::complex<double>, long int)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
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
    if weight.__class__ is complex and not input.dtype.is_complex:  # PyTorch converts the weight to input's type
        raise RuntimeError(f"value cannot be converted to type {input.dtype.c_type} without overflow")
    dtypes.check_scalar_fits(weight, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error, not inf
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
    if all(getattr(t, "dtype", None) is dtypes.bool for t in (input, tensor1, tensor2)):  # no bool kernel
        raise NotImplementedError(f'"addcmul_{"cpu" if input.device.type == "cpu" else "cuda"}_out" not implemented '
                                  "for 'Bool'")
    dtypes.check_scalar_fits(value, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error, not inf
    if value.__class__ is int and input.dtype.category == dtypes.INT_CATEGORY:
        result, zero_dim = input.dtype, input.ndim == 0
        for other in (tensor1, tensor2):
            if isinstance(other, _tensor.Tensor):
                result = dtypes.result_type(result, zero_dim, other.dtype, other.ndim == 0)
                zero_dim = zero_dim and other.ndim == 0
        dtypes.check_fits(value, result)  # int8 -300 refused; uint8 takes -255..255 (then wraps)
    return AddcmulBackward0.apply(input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2.

    >>> import gradlib
    >>> gradlib.addcdiv(gradlib.ones(2), gradlib.tensor([2., 3.]), gradlib.tensor([4., 6.]))
    tensor([1.5000, 1.5000])
    """
    require_tensor("addcdiv", input)
    dtypes.check_scalar_fits(value, input.dtype, opmath=True)  # 1e300: PyTorch's overflow error, not inf
    if not any(t.dtype.is_floating_point or t.dtype.is_complex for t in (tensor1, tensor2)):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a "
            "true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + "
            "value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * "
            "tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes.")
    return AddcdivBackward0.apply(input, tensor1, tensor2, value)
