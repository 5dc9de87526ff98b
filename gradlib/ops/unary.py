"""Elementwise functions of one tensor.

Integer inputs compute in the default float dtype, as PyTorch does. Edge cases
are chosen on purpose: relu'(0) = 0, abs'(0) = 0 (sign), sqrt'(0) = inf.
"""
from ._args import require_tensor
from ._op import Op
from ._primitives import sign_of

__all__ = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "sqrt", "abs", "sign", "reciprocal"]


class ExpBackward0(Op):
    __slots__ = ()
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * out


class LogBackward0(Op):
    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.log(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad / a


class SinBackward0(Op):
    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.sin(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.cos(a)


class CosBackward0(Op):
    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.cos(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * -P.sin(a)


class TanhBackward0(Op):
    __slots__ = ()
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * (1 - out * out)


class SigmoidBackward0(Op):
    """sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow for large |x|."""

    __slots__ = ()
    saved_names = ("result",)
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        # exp of a non-positive number never overflows: use exp(-|x|) on both branches.
        e = xp.exp(-xp.abs(a))
        out = xp.where(a >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * (out * (1 - out))


class ReluBackward0(Op):
    """max(x, 0); the gradient at 0 is 0."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        # clamp_min(x, 0): -0. and NaN stay as they are. maximum (ten times faster than where on NumPy) gives NaN
        # and +0. for negatives, but the sign of its tied zeros is the library's choice: zeros are copied back.
        if a.ndim:
            out = xp.maximum(a, 0)
            xp.copyto(out, a, where=a == 0)
        else:  # NumPy's 0-d maximum is a scalar, which copyto cannot fill
            out = xp.where(a < 0, 0, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return P.relu_backward(grad, out)  # PyTorch's threshold_backward: a +0 gradient, NaN passes


class SqrtBackward0(Op):
    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = xp.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad / (2 * out)


class AbsBackward0(Op):
    """|x|; the gradient is sign(x): 0 at 0 and at NaN, as in PyTorch."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return xp.abs(a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        return grad * P.sign(a)


class SignBackward0(Op):
    """sign(x): piecewise constant, so its gradient is zero everywhere."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a):
        return sign_of(xp, a)

    @staticmethod
    def backward(ctx, P, grad):
        return P.zeros_like(grad)  # not grad * 0: a NaN or inf gradient still gives 0, as PyTorch's zeros_like


class ReciprocalBackward0(Op):
    __slots__ = ()
    int_to_float = True

    @staticmethod
    def forward(ctx, xp, a):
        out = 1 / a
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return grad * -(out * out)


def exp(input):
    """e to the power of each element.

    >>> import gradlib
    >>> gradlib.exp(gradlib.tensor([0., 1.]))
    tensor([1.0000, 2.7183])
    """
    return ExpBackward0.apply(input)


def log(input):
    """Natural logarithm.

    >>> import gradlib
    >>> gradlib.log(gradlib.tensor([1., 2.]))
    tensor([0.0000, 0.6931])
    """
    return LogBackward0.apply(input)


def sin(input):
    """Sine.

    >>> import gradlib
    >>> gradlib.sin(gradlib.tensor([0., 3.]))
    tensor([0.0000, 0.1411])
    """
    return SinBackward0.apply(input)


def cos(input):
    """Cosine.

    >>> import gradlib
    >>> gradlib.cos(gradlib.tensor([0.]))
    tensor([1.])
    """
    return CosBackward0.apply(input)


def tanh(input):
    """Hyperbolic tangent.

    >>> import gradlib
    >>> gradlib.tanh(gradlib.tensor([0., 1.]))
    tensor([0.0000, 0.7616])
    """
    return TanhBackward0.apply(input)


def sigmoid(input):
    """Logistic sigmoid, stable for large |x|.

    >>> import gradlib
    >>> gradlib.sigmoid(gradlib.tensor([0., 1e4, -1e4]))
    tensor([0.5000, 1.0000, 0.0000])
    """
    return SigmoidBackward0.apply(input)


def relu(input):
    """max(x, 0) elementwise; relu'(0) = 0.

    >>> import gradlib
    >>> gradlib.relu(gradlib.tensor([-1., 0., 2.]))
    tensor([0., 0., 2.])
    """
    require_tensor("relu", input)
    if input.dtype.np.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return ReluBackward0.apply(input)


def sqrt(input):
    """Square root.

    >>> import gradlib
    >>> gradlib.sqrt(gradlib.tensor([4., 9.]))
    tensor([2., 3.])
    """
    return SqrtBackward0.apply(input)


def abs(input):
    """Absolute value; abs'(0) = 0.

    >>> import gradlib
    >>> gradlib.abs(gradlib.tensor([-1.5, 2.]))
    tensor([1.5000, 2.0000])
    """
    require_tensor("abs", input)
    if input.dtype.np.kind == "b":
        raise NotImplementedError(f'"abs_{_kernel_device(input)}" not implemented for \'Bool\'')
    return AbsBackward0.apply(input)


def _kernel_device(input):
    """The suffix of PyTorch's kernel names: 'cpu' or 'cuda'."""
    return "cpu" if input.device.type == "cpu" else "cuda"


def sign(input):
    """-1, 0 or 1 by the sign of each element; its gradient is zero. sign(NaN) is 0, as in PyTorch (NumPy
    gives NaN).

    >>> import gradlib
    >>> gradlib.sign(gradlib.tensor([-2., 0., 3., float('nan')]))
    tensor([-1.,  0.,  1.,  0.])
    """
    return SignBackward0.apply(input)


def reciprocal(input):
    """1 / x.

    >>> import gradlib
    >>> gradlib.reciprocal(gradlib.tensor([2., 4.]))
    tensor([0.5000, 0.2500])
    """
    return ReciprocalBackward0.apply(input)
