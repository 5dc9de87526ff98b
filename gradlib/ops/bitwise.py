"""Bit shifts and bitwise NOT of integer (and bool) tensors: never differentiable.

Shifts follow PyTorch, not C or NumPy: a left shift by a negative amount or by the type's width or more gives 0,
a right shift by such an amount gives the sign (0 or -1), where NumPy's result is undefined.
"""
from .. import _creation, _tensor, dtypes
from ._args import kernel_device, refuse_complex_number
from ._op import Op
from .comparison import logical_not

__all__ = ["bitwise_left_shift", "bitwise_right_shift", "bitwise_not"]


class _Shift(Op):
    __slots__ = ()
    pointwise = True
    promote = True
    differentiable = False


def _out_of_range(xp, a, b):
    bits = a.dtype.itemsize * 8
    outside = (b < 0) | (b >= bits)
    return outside, xp.where(outside, 0, b).astype(a.dtype)


class BitwiseLeftShift(_Shift):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        outside, amount = _out_of_range(xp, a, b)
        return xp.where(outside, a.dtype.type(0), xp.left_shift(a, amount))


class BitwiseRightShift(_Shift):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        outside, amount = _out_of_range(xp, a, b)
        if a.dtype.kind == "u":  # an unsigned value's sign is 0 (uint8 250 >> 9 is 0)
            sign = a.dtype.type(0)
        else:
            sign = xp.right_shift(a, a.dtype.type(a.dtype.itemsize * 8 - 1))
        return xp.where(outside, sign, xp.right_shift(a, amount))


class BitwiseNot(Op):
    __slots__ = ()
    pointwise = True
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a: xp.invert(a))


def _shift_operands(name, input, other):
    refuse_complex_number(name, input, other)
    complex_dtypes = [v.dtype for v in (input, other) if isinstance(v, _tensor.Tensor) and v.dtype.is_complex]
    if complex_dtypes:  # PyTorch names the promoted dtype (complex64 << float64 tensor: ComplexDouble)
        kind = input.dtype if isinstance(input, _tensor.Tensor) else other.dtype
        if isinstance(input, _tensor.Tensor) and isinstance(other, _tensor.Tensor):
            kind = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)
        tensor = input if isinstance(input, _tensor.Tensor) else other
        raise NotImplementedError(f'"{name}_{kernel_device(tensor)}" not implemented for \'{kind.scalar_type}\'')
    for value in (input, other):
        if (isinstance(value, _tensor.Tensor) and value.dtype.is_floating_point) or isinstance(value, float):
            kind = value.dtype if isinstance(value, _tensor.Tensor) else dtypes.get_default_dtype()
            if isinstance(input, _tensor.Tensor) and isinstance(other, _tensor.Tensor):  # the promoted dtype:
                kind = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)  # a 0-d
                # float16 beside a float32 tensor names Float
            raise NotImplementedError(f'"{name}_cpu" not implemented for \'{kind.scalar_type}\'')
    if not isinstance(input, _tensor.Tensor):
        input = _creation.as_tensor_like(input, other)
    if not isinstance(other, _tensor.Tensor):
        other = _creation.as_tensor_like(other, input)
    if input.dtype is dtypes.bool and other.dtype is dtypes.bool:  # PyTorch's shift kernels have no bool version
        raise NotImplementedError(f'"{name}_{kernel_device(input)}" not implemented for \'Bool\'')
    return input, other


def bitwise_left_shift(input, other):
    """``input << other`` for integer tensors (and Python ints), as ``torch.bitwise_left_shift``; shifting by
    a negative amount or by the width or more gives 0. Raises NotImplementedError for floating inputs.

    >>> import gradlib
    >>> gradlib.tensor([1, 2]) << 3
    tensor([ 8, 16])
    """
    input, other = _shift_operands("lshift", input, other)
    return BitwiseLeftShift.apply(input, other)


def bitwise_right_shift(input, other):
    """``input >> other`` (arithmetic: the sign fills in), as ``torch.bitwise_right_shift``.

    >>> import gradlib
    >>> gradlib.tensor([-8, 16]) >> 2
    tensor([-2,  4])
    """
    input, other = _shift_operands("rshift", input, other)
    return BitwiseRightShift.apply(input, other)


def bitwise_not(input):
    """``~input``: logical NOT of bools, two's-complement NOT of integers (``torch.bitwise_not``). Raises
    NotImplementedError for floating tensors.

    >>> import gradlib
    >>> gradlib.bitwise_not(gradlib.tensor([0, -3]))
    tensor([-1,  2])
    """
    if input.dtype is dtypes.bool:
        return logical_not(input)
    if input.dtype.is_floating_point or input.dtype.is_complex:
        raise NotImplementedError(f'"bitwise_not_cpu" not implemented for \'{input.dtype.scalar_type}\'')
    return BitwiseNot.apply(input)
