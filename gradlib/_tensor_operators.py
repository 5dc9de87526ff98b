"""Python's operators on ``Tensor`` (``+ - * / // % ** @``, comparisons, ``& | ^ ~``, unary ``- + abs``): a base
class of ``Tensor``, each operator delegating to its op in ``gradlib.ops``.

One policy for foreign operands, as PyTorch's tensors have it: an operand that is no tensor, number or array gets
``NotImplemented``, so Python raises PyTorch's TypeError (``unsupported operand type(s) for +: 'Tensor' and
'str'``) and ``x == 'a'`` is False, instead of NumPy's casting errors. An array (NumPy's, 0-d too; NumPy's
scalars are numbers) is taken only by the forward arithmetic operators (``t + a``, ``t ** a``, ``t @ a`` ...),
``==``, ``<<``, ``>>`` and the reflected ``a / t``: the reflected arithmetic operators (``a + t``), ``< <= > >=
!=`` and ``& | ^`` give ``NotImplemented`` for it as PyTorch's do, so Python raises its TypeError (``a != t`` is
Python's identity answer, ``True``), or NumPy's own operator runs the ufunc and ``Tensor.__array_wrap__`` gives
a tensor back (``t & a``: uint8, as PyTorch's). Beside a tensor that requires grad (grad mode on), a bfloat16 or a
CUDA tensor, an array in an arithmetic operator is numpy()'s error, as PyTorch's, whose operator hands it to NumPy.
The in-place operators (``+=`` ...) are in ``gradlib/autograd/inplace.py``; the named methods in
``gradlib/_tensor_methods.py``.
"""
import numbers

from . import _autocast, _creation, _sparse_registry, _tensor, dtypes
from .backends import backend_of_array, numpy_backend as _HOST
from .autograd.grad_mode import state as _grad_state
from .ops import arithmetic, bitwise, comparison, elementwise, linalg
from .ops._op import apply_unrecorded_scalar as _unrecorded

__all__ = ["TensorOperators", "OPERANDS", "is_operand", "is_plain_operand"]

#: operand classes of the arithmetic and comparison operators, checked by class first (the common case);
#: ``gradlib/_tensor.py`` adds ``Tensor`` once the class exists
OPERANDS = set((int, float, bool, complex)) | set(dtypes.NUMPY_SCALAR_TYPES)


_AddScalar = arithmetic.AddScalar  # what add/mul pick for a Python number (the operators' shortcut)
_MulScalar = arithmetic.MulScalar
_Add = arithmetic.AddBackward0  # and for a tensor (``other.__class__ is _tensor.Tensor``: no subclass)
_Mul = arithmetic.MulBackward0
_Mm = linalg.MmBackward0  # what matmul picks for two float matrices of one dtype and device
_SPARSE = _sparse_registry.CLASSES


def is_operand(value):
    """What an operator takes besides a tensor or number: a tensor subclass (Parameter), another number type,
    an array (NumPy's)."""
    return isinstance(value, (_tensor.Tensor, numbers.Number)) or backend_of_array(value) is not None


def is_plain_operand(value):
    """An operand that is no array: a tensor or a number (NumPy's scalars included)."""
    return value.__class__ in OPERANDS or isinstance(value, (_tensor.Tensor, numbers.Number))


def _takes_operand(tensor, other):
    """Whether a forward arithmetic operator takes ``other`` (``is_operand``). PyTorch's operator hands an array
    to NumPy's ufunc, which reads the tensor through ``numpy()``: beside a tensor that requires grad, a bfloat16
    or a CUDA tensor, that is numpy()'s error ("Can't call numpy() on Tensor that requires grad"), raised here
    the same way (numpy() only checks: a CPU tensor's array is not copied)."""
    if not is_operand(other):
        return False
    if not isinstance(other, (_tensor.Tensor, numbers.Number)) and backend_of_array(other) is _HOST:
        tensor.numpy()  # numpy()'s checks (a NumPy array only: gradlib's own code divides by device arrays)
    return True


class TensorOperators:
    """Python's operators on ``Tensor`` (the class inherits them)."""

    __slots__ = ()

    # The commonest operands (a Python float or int, a tensor) go straight to the node arithmetic.add/mul would
    # pick, one call frame fewer on the eager hot path; every other operand takes the function.
    def __add__(self, other):
        if other.__class__ is float or other.__class__ is int:
            if self._requires_grad and _grad_state.enabled:
                return _AddScalar.apply(self, other)
            return _unrecorded(_AddScalar, self, other)  # nothing to record: apply without its questions
        if other.__class__ is _tensor.Tensor:
            return _Add.apply(self, other, 1)  # what arithmetic.add picks for two tensors
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.add(self, other)

    def __radd__(self, other):
        if other.__class__ is float or other.__class__ is int:
            if self._requires_grad and _grad_state.enabled:
                return _AddScalar.apply(self, other)
            return _unrecorded(_AddScalar, self, other)  # nothing to record: apply without its questions
        if not is_plain_operand(other):
            return NotImplemented
        return arithmetic.add(self, other)

    def __sub__(self, other):
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.sub(self, other)

    def __rsub__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return arithmetic.rsub(self, other)

    def __mul__(self, other):
        if other.__class__ is float or other.__class__ is int:
            if self._requires_grad and _grad_state.enabled:
                return _MulScalar.apply(self, other)
            return _unrecorded(_MulScalar, self, other)  # nothing to record: apply without its questions
        if other.__class__ is _tensor.Tensor:
            return _Mul.apply(self, other)  # what arithmetic.mul picks for two tensors
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.mul(self, other)

    def __rmul__(self, other):
        if other.__class__ is float or other.__class__ is int:
            if self._requires_grad and _grad_state.enabled:
                return _MulScalar.apply(self, other)
            return _unrecorded(_MulScalar, self, other)  # nothing to record: apply without its questions
        if not is_plain_operand(other):
            return NotImplemented
        return arithmetic.mul(self, other)

    def __truediv__(self, other):
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.div(self, other)

    def __rtruediv__(self, other):
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.rdiv(self, other)

    def __pow__(self, exponent):
        if exponent.__class__ not in OPERANDS and not _takes_operand(self, exponent):
            return NotImplemented
        if not is_plain_operand(exponent):  # an array exponent is a tensor of its dtype (PyTorch's t ** a)
            exponent = _creation.as_tensor(exponent)
        return arithmetic.pow(self, exponent)

    def __rpow__(self, base):
        if not is_plain_operand(base):
            return NotImplemented
        return arithmetic.rpow(self, base)

    def __neg__(self):
        return arithmetic.neg(self)

    def __pos__(self):
        if self.dtype is dtypes.bool:
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def __abs__(self):
        return elementwise.abs(self)

    def __matmul__(self, other):
        if other.__class__ is _tensor.Tensor and not _autocast.active and self.__class__ not in _SPARSE:
            a = self._array
            b = other._array
            if (a.ndim == 2 and b.ndim == 2 and a.dtype is b.dtype and a.dtype.kind == "f" and a.shape[1] == b.shape[0]
                    and self._device is other._device):
                return _Mm.apply(self, other)  # linalg.matmul's common case, two call frames fewer
        if not isinstance(other, _tensor.Tensor):
            return NotImplemented  # PyTorch multiplies matrices of tensors only
        return linalg.matmul(self, other)

    def __rmatmul__(self, other):
        if not isinstance(other, _tensor.Tensor):
            return NotImplemented  # PyTorch multiplies matrices of tensors only
        return linalg.matmul(other, self)

    def __eq__(self, other):
        if other.__class__ not in OPERANDS and not is_operand(other):
            return NotImplemented
        return comparison.eq(self, other)

    def __ne__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.ne(self, other)

    def __lt__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.lt(self, other)

    def __le__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.le(self, other)

    def __gt__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.gt(self, other)

    def __ge__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.ge(self, other)

    def __and__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.bitwise_and(self, other)

    __rand__ = __and__

    def __or__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.bitwise_or(self, other)

    __ror__ = __or__

    def __xor__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return comparison.bitwise_xor(self, other)

    __rxor__ = __xor__

    def __invert__(self):
        if self.dtype.is_floating_point or self.dtype.is_complex:
            raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
        return self.bitwise_not()

    def __mod__(self, other):
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.remainder(self, other)

    def __floordiv__(self, other):
        if other.__class__ not in OPERANDS and not _takes_operand(self, other):
            return NotImplemented
        return arithmetic.floor_divide(self, other)

    def __rfloordiv__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return arithmetic.floor_divide(other, self)

    def __rmod__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return arithmetic.remainder(other, self)

    def __rlshift__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return bitwise.bitwise_left_shift(other, self)

    def __rrshift__(self, other):
        if not is_plain_operand(other):
            return NotImplemented
        return bitwise.bitwise_right_shift(other, self)
