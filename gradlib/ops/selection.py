"""Choosing between values elementwise: where, maximum, minimum, fmax, fmin, clamp."""
import math

from .. import _creation, _tensor, dtypes
from .._warn_once import warn_once
from ._args import require_tensor
from .sorting import where_nonzero
from ._op import Op, check_broadcastable, elementwise_op, iterator_device, saved_param
from ..autograd.graph import NO_EDGE, keep_edges, present_edges
from ..autograd import saved_hooks
from . import _op, complex_support

__all__ = ["where", "maximum", "minimum", "fmax", "fmin", "clamp", "clip"]


class WhereBackward0(Op):
    __slots__ = ()
    saved_names = ("condition",)
    public_edges = keep_edges(0, 1)  # the condition gets no edge
    pointwise = True
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
    saved_names = ("condition",)
    pointwise = True
    scalar_operands = True
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

    def public_edges(self, edges):
        return (edges[0], NO_EDGE)  # the number PyTorch wraps: (None, 0); the condition: no edge


class WhereScalarSelf(WhereScalarOther):
    """``where(cond, scalar, tensor)``, run as ``where(~cond, tensor, scalar)``: PyTorch's edges keep the
    argument order."""

    node_name = "WhereBackward0"

    __slots__ = ()
    saved_names = ()  # it keeps the inverted condition, not PyTorch's

    def public_edges(self, edges):
        return (NO_EDGE, edges[0])



class _Extremum(Op):
    """maximum/minimum: where the inputs tie, each receives half the gradient; where one is NaN, both receive
    the gradient (as PyTorch)."""

    __slots__ = ()
    pointwise = True
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


def _first_at_ties(xp, a, b, out):
    """``out`` (NumPy's fmax/fmin of ``a`` and ``b``) with ``a`` where the two compare equal, as PyTorch 2.13's
    CPU fmax/fmin at any length (``std::max``/``std::min``-style: the first operand unless the second is strictly
    greater/less): the tie that matters is -0. against 0., where NumPy returns the second operand. Floats only
    (integers tie on one value); NaN never compares equal, so NaN handling is NumPy's. Not used for maximum/minimum
    and tensor-bound clamp: PyTorch keeps the first there only in its scalar loop (under 16 float32 / 8 float64
    elements, and a tail), its SIMD body returns the second, as NumPy does everywhere."""
    if a.dtype.kind in "iub":
        return out
    return xp.where(a == b, a, out)


class MaximumBackward0(_Extremum):
    __slots__ = ()
    saved_names = ('self', 'other')

    @staticmethod
    def first_wins(a, b):
        return a > b

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.maximum(a, b)


class MinimumBackward0(_Extremum):
    __slots__ = ()
    saved_names = ('self', 'other')

    @staticmethod
    def first_wins(a, b):
        return a < b

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.minimum(a, b)


class _NanAwareExtremum(Op):
    """fmax/fmin: like maximum/minimum but a NaN loses to a number; the gradient of a tie goes to the first
    input (PyTorch's formula, unlike maximum's even split)."""

    __slots__ = ()
    pointwise = True
    promote = True
    function = None  # the name of the array module's function

    @staticmethod
    def forward(ctx, xp, a, b):
        out = _first_at_ties(xp, a, b, getattr(xp, type(ctx).function)(a, b))
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
    saved_names = ('self', 'other')
    function = "fmax"


class FminBackward0(_NanAwareExtremum):
    __slots__ = ()
    saved_names = ('self', 'other')
    function = "fmin"


def _fitting_scalar(value, dtype):
    """A scalar of ``where`` that does not widen the tensor's dtype is converted to it once, as PyTorch does:
    refused when the integer dtype cannot hold it, wrapped otherwise."""
    if value.__class__ is int and not dtype.is_floating_point and dtype is not dtypes.bool:
        dtypes.check_fits(value, dtype)
        return dtypes.wrap_integer(value, dtype)
    if dtype is dtypes.float32 and value.__class__ in (int, float):
        dtypes.check_fits(value, dtype)  # 1e300 beside float32: PyTorch's overflow error (float16 takes inf)
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
    if condition.dtype is dtypes.uint8:  # deprecated in PyTorch, read as a mask (its warning once a process)
        warn_once("where received a uint8 condition tensor. This behavior is deprecated and will be removed in a "
                  "future version of PyTorch. Use a boolean condition instead.")
        condition = condition.bool()
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
        return WhereScalarSelf.apply(other, input, ~condition)
    return WhereBackward0.apply(_creation.tensor(input, device=condition.device),
                                _creation.tensor(other, device=condition.device), condition)


def maximum(input, other):
    """Elementwise maximum of two tensors (NaN if either is); tied elements split the gradient. -0. against 0.
    gives ``other``'s element, as PyTorch's vectorized CPU kernel (its scalar loop, for under 16 float32
    elements, gives ``input``'s).

    >>> import gradlib
    >>> gradlib.maximum(gradlib.tensor([1., 4.]), gradlib.tensor([3., 2.]))
    tensor([3., 4.])
    """
    require_tensor("maximum", input)
    require_tensor("maximum", other, "other", 2)
    if input.dtype.is_complex or other.dtype.is_complex:
        raise RuntimeError("maximum not implemented for complex tensors.")
    return MaximumBackward0.apply(input, other)


def minimum(input, other):
    """Elementwise minimum of two tensors (NaN if either is); tied elements split the gradient. -0. against 0.
    gives ``other``'s element, as PyTorch's vectorized CPU kernel (its scalar loop, for under 16 float32
    elements, gives ``input``'s).

    >>> import gradlib
    >>> gradlib.minimum(gradlib.tensor([1., 4.]), gradlib.tensor([3., 2.]))
    tensor([1., 2.])
    """
    require_tensor("minimum", input)
    require_tensor("minimum", other, "other", 2)
    if input.dtype.is_complex or other.dtype.is_complex:
        raise RuntimeError("minimum not implemented for complex tensors.")
    return MinimumBackward0.apply(input, other)


def fmax(input, other):
    """Elementwise maximum where NaN loses to a number; at a tie (-0. against 0.) ``input``'s element, and its
    gradient.

    >>> import gradlib
    >>> gradlib.fmax(gradlib.tensor([1., float('nan')]), gradlib.tensor([2., 3.]))
    tensor([2., 3.])
    """
    complex_support.check("fmax", input, other)
    require_tensor("fmax", input)
    require_tensor("fmax", other, "other", 2)
    return FmaxBackward0.apply(input, other)


def fmin(input, other):
    """Elementwise minimum where NaN loses to a number; at a tie (-0. against 0.) ``input``'s element, and its
    gradient.

    >>> import gradlib
    >>> gradlib.fmin(gradlib.tensor([1., float('nan')]), gradlib.tensor([2., 3.]))
    tensor([1., 3.])
    """
    complex_support.check("fmin", input, other)
    require_tensor("fmin", input)
    require_tensor("fmin", other, "other", 2)
    return FminBackward0.apply(input, other)


def _clamp_backward(P, grad, a, low, high):
    """PyTorch's clamp_backward: the gradient where low <= x <= high (1 at the bounds), true zeros elsewhere."""
    if low is not None and high is not None:
        return P.where((a >= low) & (a <= high), grad, 0.0)
    if low is not None:
        return P.where(a >= low, grad, 0.0)
    return P.where(a <= high, grad, 0.0)


def _clamp_scalars(xp, a, low, high):
    """clip, keeping the input where it equals a zero bound (PyTorch keeps -0. against min=0 or max=-0.: its
    kernel's ``std::min(std::max(x, min), max)`` returns ``x`` at a tie); other bounds tie on one value only."""
    out = xp.clip(a, low, high)
    if (low == 0 or high == 0) and a.dtype.kind not in "iub":
        return xp.where(out == a, a, out)
    return out


ClampBackward1 = elementwise_op(
    "ClampBackward1", _clamp_scalars,
    lambda P, g, a, low, high: _clamp_backward(P, g, a, low, high),
    int_to_float=False, saved_scalars={"max": saved_param(1), "min": saved_param(0)})


def clamp(input, min=None, max=None):
    """Limit values to [min, max] (scalars or tensors; either may be None). An element equal to a number
    bound stays itself (-0. against min=0 stays -0.), as PyTorch's kernel; against a tensor bound too (PyTorch's
    scalar kernel; its vectorized one may give the bound's zero in full SIMD vectors).

    >>> import gradlib
    >>> gradlib.clamp(gradlib.tensor([-2., 0.5, 3.]), min=-1, max=1)
    tensor([-1.0000,  0.5000,  1.0000])
    """
    return clamp_using(input, min, max, ClampBackward1, ClampBackward0)


def _refuse_complex_bounds(input, min, max):
    """PyTorch's NotImplementedError for a complex tensor bound, naming the kernel (clamp with both bounds,
    maximum for min alone, minimum for max alone) and the promoted dtype."""
    bounds = [bound for bound in (min, max) if isinstance(bound, _tensor.Tensor)]
    if not any(bound.dtype.is_complex for bound in bounds):
        return
    kind, zero_dim = input.dtype, input.ndim == 0
    for bound in bounds:
        kind = dtypes.result_type(kind, zero_dim, bound.dtype, bound.ndim == 0)
        zero_dim = zero_dim and bound.ndim == 0
    kernel = "clamp" if min is not None and max is not None else ("maximum" if min is not None else "minimum")
    device = "cpu" if input.device.type == "cpu" else "cuda"
    raise NotImplementedError(f'"{kernel}_{device}" not implemented for \'{kind.scalar_type}\'')


def clamp_using(input, min, max, scalar_node, tensor_node):
    """``clamp`` recorded with ``scalar_node`` for Python-number bounds and ``tensor_node`` for tensor bounds
    (clamp_min and clamp_max record PyTorch's ClampMinBackward0/1 and ClampMaxBackward0/1)."""
    require_tensor("clamp", input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if input.dtype.is_complex or min.__class__ is complex or max.__class__ is complex:
        raise NotImplementedError("clamp is not supported for complex types")
    min, max = dtypes.plain_scalar(min), dtypes.plain_scalar(max)
    _refuse_complex_bounds(input, min, max)
    if input.dtype is dtypes.bool and all(bound is None or bound.__class__ is bool for bound in (min, max)):
        kernel = "clamp_scalar" if min is not None and max is not None else (
            "clamp_min_scalar" if min is not None else "clamp_max_scalar")
        device = "cpu" if input.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"{kernel}_{device}" not implemented for \'Bool\'')
    wanted = input.dtype
    for bound in (min, max):
        if isinstance(bound, (bool, int, float)):
            wanted = dtypes.result_type_scalar(wanted, bound)
    for bound in (min, max):
        if isinstance(bound, (int, float)):
            dtypes.check_fits(bound, wanted)  # PyTorch converts a bound once, refusing what the dtype cannot hold
    if wanted.category == dtypes.int64.category:
        min = dtypes.wrap_integer(min, wanted) if min.__class__ is int else min
        max = dtypes.wrap_integer(max, wanted) if max.__class__ is int else max
    if wanted is not input.dtype:  # an integer tensor with float bounds: PyTorch's default float, not float64
        input = input.to(wanted)
    if isinstance(min, _tensor.Tensor) or isinstance(max, _tensor.Tensor):
        bounds = [bound for bound in (min, max) if isinstance(bound, _tensor.Tensor)]
        if any(bound._device is not input._device for bound in bounds):
            iterator_device([input] + bounds, cpu_scalars=0)  # clamp's TensorIterator takes no CPU scalar
        if not isinstance(min, _tensor.Tensor) and min is not None:
            input = scalar_node.apply(input, min, None)
            min = None
        if not isinstance(max, _tensor.Tensor) and max is not None:
            input = scalar_node.apply(input, None, max)
            max = None
        return tensor_node.apply(*(t for t in (input, min, max) if t is not None), min is not None,
                                 max is not None)
    return scalar_node.apply(input, min, max)


def _bound_index(node, which):
    """The place of ClampBackward0's ``min`` (``which`` 0) or ``max`` (1) in its saved tuple (None: not given)."""
    return 1 + (which and node.has[0]) if node.has[which] else None


def _saved_bound(node, which):
    """ClampBackward0's saved ``min`` or ``max`` as a tensor, None where it was not given."""
    index = _bound_index(node, which)
    return None if index is None else _op._saved_tensor(node, index)


class ClampBackward0(Op):
    """clamp with tensor bounds (either may be absent), with PyTorch's gradients: the input's where
    min <= x <= max (1 at the bounds), min's where x < min < max, max's where x > max or max < min."""

    __slots__ = ("has",)
    # the saved tuple holds the bounds given, after the input: their places depend on which were given
    saved_names = ("self",)
    saved_scalars = {"max": lambda node: _saved_bound(node, 1), "min": lambda node: _saved_bound(node, 0)}

    def public_edges(self, edges):
        return present_edges(edges, (True,) + self.has)  # an absent bound: (None, 0)

    @property
    def _raw_saved_min(self):
        return saved_hooks.SavedTensor(self, _bound_index(self, 0))

    @property
    def _raw_saved_max(self):
        return saved_hooks.SavedTensor(self, _bound_index(self, 1))

    pointwise = True
    promote = True
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, a, *rest):
        has_min, has_max = rest[-2:]
        bounds = list(rest[:-2])
        low = bounds.pop(0) if has_min else None
        high = bounds.pop(0) if has_max else None
        ctx.has = (has_min, has_max)
        out = a
        if low is not None:
            out = xp.maximum(out, low)
        if high is not None:
            out = xp.minimum(out, high)
        # a tie keeps the input's element (PyTorch's std::max/std::min: -0. against a bound 0. stays -0.; NumPy's
        # maximum may give the other zero)
        out = xp.where(out == a, a, out)
        ctx.save_for_backward(*(t for t in (a, low, high) if t is not None))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        saved = list(P.saved(ctx))
        has_min, has_max = ctx.has
        a = saved.pop(0)
        low = saved.pop(0) if has_min else None
        high = saved.pop(0) if has_max else None
        if low is not None and high is not None:
            grads = [P.where((a >= low) & (a <= high), grad, 0.0),
                     P.where((a < low) & (low < high), grad, 0.0),
                     P.where((a > high) | (high < low), grad, 0.0)]
        elif low is not None:
            grads = [P.where(a >= low, grad, 0.0), P.where(a < low, grad, 0.0)]
        else:
            grads = [P.where(a <= high, grad, 0.0), P.where(a > high, grad, 0.0)]
        return tuple(grads)


clip = clamp
