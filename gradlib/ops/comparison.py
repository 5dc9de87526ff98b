"""Comparisons and logical reductions: never differentiable, results are bool tensors."""
from .._numpy_names import numpy_names
from .. import _tensor, dtypes
from . import _dims
from . import complex_ops
from ._args import refuse_complex_number
from ._op import Op, check_argument_devices, check_broadcastable

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "all", "any", "isfinite", "logical_not", "equal", "bitwise_and",
           "bitwise_or", "bitwise_xor"]


class _Compare(Op):
    __slots__ = ()
    pointwise = True
    scalar_operands = True
    promote = True
    differentiable = False


class Eq(_Compare):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: a == b)


class Ne(_Compare):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: a != b)


class Lt(_Compare):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        if a.dtype.kind == "c":
            _refuse_complex(ctx, a, "lt")
        return a < b


class Le(_Compare):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        if a.dtype.kind == "c":
            _refuse_complex(ctx, a, "le")
        return a <= b


class Gt(_Compare):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        if a.dtype.kind == "c":
            _refuse_complex(ctx, a, "gt")
        return a > b


class Ge(_Compare):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        if a.dtype.kind == "c":
            _refuse_complex(ctx, a, "ge")
        return a >= b


class BitwiseAnd(_Compare):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: a & b)


class BitwiseOr(_Compare):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: a | b)


class BitwiseXor(_Compare):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a, b: a ^ b)


def _refuse_complex(ctx, a, name):
    """PyTorch's error for an ordering of complex numbers (``"lt_cpu" not implemented for 'ComplexFloat'``)."""
    device_type = "cuda" if type(a).__module__.startswith("cupy") else "cpu"  # the kernel PyTorch names
    complex_ops.refuse_complex(a, name + "_{device}", device_type)


def _logical_result(out, a):
    """PyTorch's all/any of a uint8 tensor stay uint8 (0/1); every other dtype gives bool."""
    return out.astype(a.dtype) if a.dtype == _UINT8 else out


_UINT8 = dtypes.uint8.np


class All(Op):
    __slots__ = ()
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a, axes, keepdim: _logical_result(xp.all(a, axis=axes, keepdims=keepdim), a))


class Any(Op):
    __slots__ = ()
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a, axes, keepdim: _logical_result(xp.any(a, axis=axes, keepdims=keepdim), a))


class IsFinite(Op):
    __slots__ = ()
    pointwise = True
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a: xp.isfinite(a))


class LogicalNot(Op):
    __slots__ = ()
    pointwise = True
    differentiable = False
    forward = staticmethod(lambda ctx, xp, a: xp.logical_not(a))




def eq(input, other):
    """Elementwise ``==`` as a bool tensor.

    >>> import gradlib
    >>> gradlib.eq(gradlib.tensor([1., 2.]), gradlib.tensor([1., 3.]))
    tensor([ True, False])
    """
    return Eq.apply(input, other)


def ne(input, other):
    """Elementwise ``!=``.

    >>> import gradlib
    >>> gradlib.ne(gradlib.tensor([1, 2]), 2)
    tensor([ True, False])
    """
    return Ne.apply(input, other)


def lt(input, other):
    """Elementwise ``<``.

    >>> import gradlib
    >>> gradlib.lt(gradlib.tensor([1., 2.]), 2)
    tensor([ True, False])
    """
    if other.__class__ is complex:
        refuse_complex_number("lt", input, other)
    return Lt.apply(input, other)


def le(input, other):
    """Elementwise ``<=``.

    >>> import gradlib
    >>> gradlib.le(gradlib.tensor([1., 2.]), 2)
    tensor([True, True])
    """
    if other.__class__ is complex:
        refuse_complex_number("le", input, other)
    return Le.apply(input, other)


def gt(input, other):
    """Elementwise ``>``.

    >>> import gradlib
    >>> gradlib.gt(gradlib.tensor([1., 2.]), 1)
    tensor([False,  True])
    """
    if other.__class__ is complex:
        refuse_complex_number("gt", input, other)
    return Gt.apply(input, other)


def ge(input, other):
    """Elementwise ``>=``.

    >>> import gradlib
    >>> gradlib.ge(gradlib.tensor([1., 2.]), 2)
    tensor([False,  True])
    """
    if other.__class__ is complex:
        refuse_complex_number("ge", input, other)
    return Ge.apply(input, other)


def _require_integral(name, input, other):
    """PyTorch's NotImplementedError when the operands' result dtype is floating (no bitwise kernel)."""
    Tensor = _tensor.Tensor
    if not isinstance(input, Tensor):
        input, other = other, input
    if other.__class__ in dtypes.NUMPY_SCALAR_TYPES:
        other = dtypes.plain_scalar(other)  # a NumPy scalar counts as PyTorch reads it (np.bool_ as a float)
    elif hasattr(other, "item") and not isinstance(other, Tensor) and getattr(other, "ndim", None) == 0:
        other = other.item()  # a 0-d array counts as the Python number it holds
    if isinstance(other, Tensor):
        check_broadcastable([input, other])  # PyTorch reports shapes before dtypes
        result = dtypes.result_type(input.dtype, input.ndim == 0, other.dtype, other.ndim == 0)
    elif isinstance(other, (bool, int, float, complex)):
        result = dtypes.result_type_scalar(input.dtype, other)
    else:
        result = input.dtype
    if result.is_floating_point or result.is_complex:
        raise NotImplementedError(f'"{name}" not implemented for \'{result.scalar_type}\'')


def bitwise_and(input, other):
    """Elementwise AND of bool or integer tensors (``a & b``).

    >>> import gradlib
    >>> gradlib.tensor([True, False]) & gradlib.tensor([True, True])
    tensor([ True, False])
    """
    _require_integral("bitwise_and_cpu", input, other)
    return BitwiseAnd.apply(input, other)


def bitwise_or(input, other):
    """Elementwise OR of bool or integer tensors (``a | b``).

    >>> import gradlib
    >>> gradlib.tensor([True, False]) | gradlib.tensor([False, False])
    tensor([ True, False])
    """
    _require_integral("bitwise_or_cpu", input, other)
    return BitwiseOr.apply(input, other)


def bitwise_xor(input, other):
    """Elementwise XOR of bool or integer tensors (``a ^ b``).

    >>> import gradlib
    >>> gradlib.tensor([True, False]) ^ gradlib.tensor([True, True])
    tensor([False,  True])
    """
    _require_integral("bitwise_xor_cpu", input, other)
    return BitwiseXor.apply(input, other)


def _logical_reduce(op, input, dim, keepdim):
    """An empty ``dim`` list reduces nothing here (PyTorch's all/any; sum and mean read it as every dim)."""
    if dim is None:
        axes = None
    elif isinstance(dim, (tuple, list)) and not dim:
        axes = ()
    else:
        axes = _dims.normalize_dims(dim, input.ndim)
    return op.apply(input, axes, keepdim)


@numpy_names
def all(input, dim=None, keepdim=False):
    """True where every element (over ``dim``) is nonzero.

    >>> import gradlib
    >>> gradlib.tensor([1., 2.]).eq(gradlib.tensor([1., 2.])).all()
    tensor(True)
    """
    return _logical_reduce(All, input, dim, keepdim)


@numpy_names
def any(input, dim=None, keepdim=False):
    """True where some element (over ``dim``) is nonzero.

    >>> import gradlib
    >>> gradlib.any(gradlib.tensor([0., 2.]))
    tensor(True)
    """
    return _logical_reduce(Any, input, dim, keepdim)


def isfinite(input):
    """True where an element is neither inf nor nan.

    >>> import gradlib
    >>> gradlib.isfinite(gradlib.tensor([1., float('inf')]))
    tensor([ True, False])
    """
    return IsFinite.apply(input)


def logical_not(input):
    """Elementwise logical negation as a bool tensor.

    >>> import gradlib
    >>> gradlib.logical_not(gradlib.tensor([True, False]))
    tensor([False,  True])
    """
    return LogicalNot.apply(input)


def equal(input, other):
    """True if both tensors have the same shape and elements (a Python bool, as in PyTorch).

    >>> import gradlib
    >>> gradlib.equal(gradlib.tensor([1, 2]), gradlib.tensor([1, 2]))
    True
    """
    if input._device is not other._device:
        check_argument_devices("_equal", ("self", input), ("other", other))
    return input.shape == other.shape and bool(eq(input, other).all())
