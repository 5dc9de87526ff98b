"""Matrix products: matmul (every broadcasting case), mm, bmm, mv, dot.

PyTorch does not promote dtypes in matrix products; neither does gradlib.
"""
from ._op import Op

__all__ = ["matmul", "mm", "mv", "dot", "bmm"]


class _MatmulOp(Op):
    """``a @ b`` with NumPy/PyTorch matmul semantics; 1-D operands gain and lose a dim."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.matmul(a, b)

    @staticmethod
    def backward(ctx, F, grad):
        a, b = F.saved(ctx)
        needs = ctx.needs_input_grad
        a_vector = a.ndim == 1
        b_vector = b.ndim == 1
        if a_vector and b_vector:
            return (grad * b if needs[0] else None), (grad * a if needs[1] else None)
        if a_vector:
            a = F.expand_dims(a, 0)
            grad = F.expand_dims(grad, -2)
        if b_vector:
            b = F.expand_dims(b, -1)
            grad = F.expand_dims(grad, -1)
        grad_a = grad_b = None
        if needs[0]:
            grad_a = F.matmul(grad, F.swapaxes(b, -1, -2))
            if a_vector:
                grad_a = F.sum(grad_a, -2)
        if needs[1]:
            grad_b = F.matmul(F.swapaxes(a, -1, -2), grad)
            if b_vector:
                grad_b = F.sum(grad_b, -1)
        return grad_a, grad_b


class DotBackward0(_MatmulOp):
    __slots__ = ()


class MvBackward0(_MatmulOp):
    __slots__ = ()


class MmBackward0(_MatmulOp):
    __slots__ = ()


class UnsafeViewBackward0(_MatmulOp):
    """Batched matmul (PyTorch folds batches into one mm, then views: hence the name)."""

    __slots__ = ()


class SqueezeBackward4(_MatmulOp):
    """vector @ matrix (PyTorch computes it as an unsqueezed mm, then squeezes)."""

    __slots__ = ()


_DTYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
                "int32": "int", "bool": "bool"}


def _check_matmul(input, other, ops_name):
    if input.ndim == 0 or other.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {input.ndim}D and {other.ndim}D")
    if input.dtype is not other.dtype:
        raise RuntimeError(
            f"expected m1 and m2 to have the same dtype, but got: {_DTYPE_NAMES.get(input.dtype.name)} != "
            f"{_DTYPE_NAMES.get(other.dtype.name)}")
    a_shape, b_shape = input.shape, other.shape
    if input.ndim == 1 and other.ndim == 1:
        if a_shape[0] != b_shape[0]:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{a_shape[0]}] and src [{b_shape[0]}] to have the "
                f"same number of elements, but got {a_shape[0]} and {b_shape[0]} elements respectively")
        return
    inner_a = a_shape[-1]
    inner_b = b_shape[0] if other.ndim == 1 else b_shape[-2]
    if inner_a != inner_b:
        if input.ndim == 2 and other.ndim == 1:
            raise RuntimeError(
                f"size mismatch, got input ({a_shape[0]}), mat ({a_shape[0]}x{a_shape[1]}), vec ({b_shape[0]})")
        rows_a = "x".join(str(s) for s in ((1,) + a_shape if input.ndim == 1 else a_shape)[-2:])
        left = _flat2d(a_shape) if input.ndim > 2 else rows_a
        right = "x".join(str(s) for s in (b_shape[-2:] if other.ndim > 1 else (b_shape[0], 1)))
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and {right})")


def _flat2d(shape):
    rows = 1
    for size in shape[:-1]:
        rows *= size
    return f"{rows}x{shape[-1]}"


def matmul(input, other):
    """Matrix product with broadcasting batch dims; 1-D operands act as vectors.

    >>> import gradlib
    >>> a = gradlib.tensor([[1., 2.], [3., 4.]])
    >>> a @ gradlib.tensor([1., 1.])
    tensor([3., 7.])
    """
    _check_matmul(input, other, "matmul")
    if input.ndim == 1 and other.ndim == 1:
        return DotBackward0.apply(input, other)
    if input.ndim == 2 and other.ndim == 1:
        return MvBackward0.apply(input, other)
    if input.ndim == 1 and other.ndim == 2:
        return SqueezeBackward4.apply(input, other)
    if input.ndim == 2 and other.ndim == 2:
        return MmBackward0.apply(input, other)
    return UnsafeViewBackward0.apply(input, other)


def mm(input, mat2):
    """Product of two matrices.

    >>> import gradlib
    >>> gradlib.mm(gradlib.eye(2), gradlib.tensor([[1., 2.], [3., 4.]]))
    tensor([[1., 2.],
            [3., 4.]])
    """
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(input, mat2)


def mv(input, vec):
    """Matrix-vector product.

    >>> import gradlib
    >>> gradlib.mv(gradlib.eye(2), gradlib.tensor([5., 6.]))
    tensor([5., 6.])
    """
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return matmul(input, vec)


def dot(input, other):
    """Inner product of two 1-D tensors.

    >>> import gradlib
    >>> gradlib.dot(gradlib.tensor([1., 2.]), gradlib.tensor([3., 4.]))
    tensor(11.)
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    return matmul(input, other)


def bmm(input, mat2):
    """Batched product of two 3-D tensors.

    >>> import gradlib
    >>> gradlib.bmm(gradlib.ones(2, 1, 3), gradlib.ones(2, 3, 1)).shape
    gradlib.Size([2, 1, 1])
    """
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    return matmul(input, mat2)
