"""Elementwise tests of values: isnan, isinf, isposinf, isneginf, isreal, isclose, and allclose (a Python bool).

All return bool tensors and are never differentiable. Integer and bool tensors are never NaN or infinite.
"""
from .. import _creation, _tensor, dtypes
from . import complex_ops
from ._op import Op

__all__ = ["isnan", "isinf", "isposinf", "isneginf", "isreal", "isclose", "allclose"]


class _Predicate(Op):
    __slots__ = ()
    differentiable = False


class IsNan(_Predicate):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a: a != a)


class IsInf(_Predicate):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a: xp.isinf(a) if dtypes.floating_np(a.dtype) or a.dtype.kind == "c"
                           else xp.zeros(a.shape, bool))  # complex: either part infinite


class IsPosInf(_Predicate):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a: (a == xp.inf) if dtypes.floating_np(a.dtype) else xp.zeros(a.shape, bool))


class IsNegInf(_Predicate):
    __slots__ = ()
    forward = staticmethod(lambda ctx, xp, a: (a == -xp.inf) if dtypes.floating_np(a.dtype)
                           else xp.zeros(a.shape, bool))


class IsClose(_Predicate):
    """PyTorch's formula: equal, or (both NaN with ``equal_nan``), or finite |a - b| <= atol + rtol * |b|
    computed in the inputs' dtype (integers in the default float dtype)."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b, rtol, atol, equal_nan, float_dtype):
        close = a == b
        if equal_nan and dtypes.floating_np(a.dtype):
            close = close | ((a != a) & (b != b))
        if rtol == 0 and atol == 0:
            return close
        if not dtypes.floating_np(a.dtype) and a.dtype.kind != "c":
            a = a.astype(float_dtype)
            b = b.astype(float_dtype)
        kind = a.dtype.type
        allowed = kind(atol) + xp.abs(kind(rtol) * b)
        actual = xp.abs(a - b)
        return close | (xp.isfinite(actual) & (actual <= allowed))


def isnan(input):
    """True where an element is NaN (``torch.isnan``).

    >>> import gradlib
    >>> gradlib.isnan(gradlib.tensor([1., float('nan')]))
    tensor([False,  True])
    """
    return IsNan.apply(input)


def isinf(input):
    """True where an element is +inf or -inf (``torch.isinf``).

    >>> import gradlib
    >>> gradlib.isinf(gradlib.tensor([1., float('-inf')]))
    tensor([False,  True])
    """
    return IsInf.apply(input)


def isposinf(input):
    """True where an element is +inf (``torch.isposinf``).

    >>> import gradlib
    >>> gradlib.isposinf(gradlib.tensor([float('inf'), float('-inf')]))
    tensor([ True, False])
    """
    if input.dtype.is_complex:
        raise RuntimeError("isposinf does not support complex inputs.")
    return IsPosInf.apply(input)


def isneginf(input):
    """True where an element is -inf (``torch.isneginf``).

    >>> import gradlib
    >>> gradlib.isneginf(gradlib.tensor([float('inf'), float('-inf')]))
    tensor([False,  True])
    """
    if input.dtype.is_complex:
        raise RuntimeError("isneginf does not support complex inputs.")
    return IsNegInf.apply(input)


def isreal(input):
    """Whether each element is real: its imaginary part is 0 (True everywhere for a real tensor), as
    ``torch.isreal``.

    >>> import gradlib
    >>> gradlib.isreal(gradlib.tensor([1., 2.]))
    tensor([True, True])
    >>> gradlib.isreal(gradlib.tensor([1+0j, 2j]))
    tensor([ True, False])
    """
    if input.dtype.is_complex:
        return complex_ops.imag(input).detach() == 0
    return _creation.ones(input.shape, dtype=dtypes.bool, device=input.device)


def _check_close_arguments(name, input, other, rtol, atol):
    if not isinstance(other, _tensor.Tensor):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"{input.dtype.scalar_type} did not match {other.dtype.scalar_type}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol:g}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol:g}")


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where ``|input - other| <= atol + rtol * |other|`` (or equal; NaN equals NaN with ``equal_nan``),
    as ``torch.isclose``. Both tensors must have one dtype (RuntimeError otherwise, as PyTorch); they broadcast.

    >>> import gradlib
    >>> gradlib.isclose(gradlib.tensor([1., 2.]), gradlib.tensor([1.000001, 2.1]))
    tensor([ True, False])
    """
    _check_close_arguments("isclose", input, other, rtol, atol)
    return IsClose.apply(input, other, float(rtol), float(atol), bool(equal_nan), dtypes.get_default_dtype().np)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True if ``isclose`` holds everywhere: a Python bool, read from the device as PyTorch's is.

    >>> import gradlib
    >>> gradlib.allclose(gradlib.tensor([1., 2.]), gradlib.tensor([1.000001, 2.]))
    True
    """
    _check_close_arguments("allclose", input, other, rtol, atol)
    return bool(isclose(input, other, rtol, atol, equal_nan).all())
