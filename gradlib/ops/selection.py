"""Choosing between tensors elementwise: where, maximum, minimum."""
import math

from .. import _creation, _tensor, dtypes
from . import reduction
from ._args import require_tensor
from .sorting import where_nonzero
from ._op import Op, check_broadcastable, iterator_device

__all__ = ["where", "maximum", "minimum"]


class WhereBackward0(Op):
    __slots__ = ()
    promote = True
    cpu_scalars = math.inf  # PyTorch's where moves 0-d CPU tensors to the device itself

    @staticmethod
    def forward(ctx, xp, a, b, condition):
        ctx.save_for_backward(condition)
        return xp.where(condition, a, b)

    @staticmethod
    def backward(ctx, P, grad):
        (condition,) = P.saved(ctx)
        # true zeros, not grad * 0: an infinite gradient stays out of the branch not taken (PyTorch)
        return P.where(condition, grad, 0.0), P.where(condition, 0.0, grad)


class WhereScalarOther(Op):
    """``where(cond, tensor, scalar)``: only the tensor branch has a gradient."""

    node_name = "WhereBackward0"

    __slots__ = ()
    promote = True
    cpu_scalars = math.inf

    @staticmethod
    def forward(ctx, xp, a, scalar, condition):
        ctx.save_for_backward(condition)
        return xp.where(condition, a, scalar)

    @staticmethod
    def backward(ctx, P, grad):
        (condition,) = P.saved(ctx)
        return P.where(condition, grad, 0.0)



class _Extremum(Op):
    """maximum/minimum: where the inputs tie, each receives half the gradient; where one is NaN, both receive
    the gradient (as PyTorch)."""

    __slots__ = ()
    promote = True

    @staticmethod
    def backward(ctx, P, grad):
        # PyTorch's formula: where(a == b, grad / 2, grad), zeroed where the input loses; a NaN loses nowhere,
        # so both inputs of a NaN result get the whole gradient
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        shared = P.where(a == b, grad / 2, grad)
        grad_a = P.where(ctx.first_wins(b, a), 0.0, shared) if needs[0] else None
        grad_b = P.where(ctx.first_wins(a, b), 0.0, shared) if needs[1] else None
        return grad_a, grad_b


class MaximumBackward0(_Extremum):
    __slots__ = ()

    @staticmethod
    def first_wins(a, b):
        return a > b

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.maximum(a, b)


class MinimumBackward0(_Extremum):
    __slots__ = ()

    @staticmethod
    def first_wins(a, b):
        return a < b

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.minimum(a, b)


def _fitting_scalar(value, dtype):
    """A scalar of ``where`` that does not widen the tensor's dtype is converted to it once, as PyTorch does:
    refused when the integer dtype cannot hold it, wrapped otherwise."""
    if value.__class__ is int and not dtype.is_floating_point and dtype is not dtypes.bool:
        dtypes.check_fits(value, dtype)
        return dtypes.wrap_integer(value, dtype)
    return value


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other`` (tensors or scalars), broadcasting; with the condition
    alone, ``nonzero(condition, as_tuple=True)`` (which waits for the device, as PyTorch's does).

    >>> import gradlib
    >>> x = gradlib.tensor([1., -2., 3.])
    >>> gradlib.where(x > 0, x, gradlib.zeros(3))
    tensor([1., 0., 3.])
    """
    if not isinstance(condition, _tensor.Tensor):
        raise TypeError("where(): argument 'condition' must be Tensor")
    if input is None and other is None:
        return where_nonzero(condition)
    if condition.dtype.name != "bool":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition.dtype.scalar_type}")
    input, other = dtypes.plain_scalar(input), dtypes.plain_scalar(other)
    if isinstance(input, _tensor.Tensor) and not isinstance(other, _tensor.Tensor):
        other = _fitting_scalar(other, input.dtype)
    elif isinstance(other, _tensor.Tensor) and not isinstance(input, _tensor.Tensor):
        input = _fitting_scalar(input, other.dtype)
    tensors = [t for t in (condition, input, other) if isinstance(t, _tensor.Tensor)]
    if len({t._array.shape for t in tensors}) > 1:
        check_broadcastable(tensors)  # in PyTorch's operand order: condition, input, other
    if any(t._device is not condition._device for t in tensors):
        iterator_device(tensors, cpu_scalars=math.inf)  # PyTorch's operand order names the devices
    if isinstance(input, _tensor.Tensor) and isinstance(other, _tensor.Tensor):
        return WhereBackward0.apply(input, other, condition)
    if isinstance(input, _tensor.Tensor):
        return WhereScalarOther.apply(input, other, condition)
    if isinstance(other, _tensor.Tensor):
        return WhereScalarOther.apply(other, input, ~condition)
    return WhereBackward0.apply(_creation.tensor(input, device=condition.device),
                                _creation.tensor(other, device=condition.device), condition)


def maximum(input, other):
    """Elementwise maximum of two tensors; tied elements split the gradient.

    >>> import gradlib
    >>> gradlib.maximum(gradlib.tensor([1., 4.]), gradlib.tensor([3., 2.]))
    tensor([3., 4.])
    """
    require_tensor("maximum", input)
    require_tensor("maximum", other, "other", 2)
    return MaximumBackward0.apply(input, other)


def minimum(input, other):
    """Elementwise minimum of two tensors; tied elements split the gradient.

    >>> import gradlib
    >>> gradlib.minimum(gradlib.tensor([1., 4.]), gradlib.tensor([3., 2.]))
    tensor([1., 2.])
    """
    require_tensor("minimum", input)
    require_tensor("minimum", other, "other", 2)
    return MinimumBackward0.apply(input, other)
