"""Triangular solves: ``linalg.solve_triangular``, ``cholesky_solve`` and ``cholesky_inverse`` (differentiable,
PyTorch's gradients).

A triangular solve is written as substitution, one row at a time and batched (NumPy has no triangular solver and
a general solve would raise on a zero pivot, where PyTorch returns inf/NaN).
"""
from .. import dtypes
from ..backends import backend_of_array
from . import linalg as _linalg
from . import _broadcast
from ._op import Op, check_argument_devices

__all__ = ["solve_triangular", "cholesky_solve", "cholesky_inverse"]


def _triangle(P, a, upper, unitriangular):
    """The triangle of ``a`` a triangular solve reads (the diagonal taken as ones with ``unitriangular``)."""
    if not unitriangular:
        return P.triu(a, 0) if upper else P.tril(a, 0)
    strict = P.triu(a, 1) if upper else P.tril(a, -1)
    return strict + P.eye_like(a, a.shape[-1])


def _substitute(xp, tri, b, upper):
    """X with tri X = B by forward (lower) or back (upper) substitution, one row of X at a time, batched: a zero on
    the diagonal gives inf/NaN as PyTorch's triangular solve does, not an error."""
    n = tri.shape[-1]
    batch = xp.broadcast_shapes(tri.shape[:-2], b.shape[:-2])
    out = xp.zeros(batch + b.shape[-2:], dtype=xp.result_type(tri, b))
    rows = range(n - 1, -1, -1) if upper else range(n)
    for i in rows:
        done = slice(i + 1, n) if upper else slice(0, i)
        known = xp.matmul(tri[..., i:i + 1, done], out[..., done, :])
        out[..., i:i + 1, :] = (b[..., i:i + 1, :] - known) / tri[..., i:i + 1, i:i + 1]
    return out


class LinalgSolveTriangularBackward0(Op):
    """X with A X = B for triangular A (only its ``upper`` or lower triangle is read; ``unitriangular``: ones on
    the diagonal). dB = A^-T G (itself a triangular solve, by substitution), dA = -dB X^T kept to the triangle
    read: PyTorch's formulas, so a NaN in A spreads through the gradient as in PyTorch."""

    __slots__ = ("upper", "unitriangular", "left")
    saved_names = ('self', 'result')
    # (the node keeps the upper of the transposed solve it runs where left is False)
    saved_scalars = {'left': 'left', 'unitriangular': 'unitriangular', 'upper': lambda node: node.upper == node.left}

    @staticmethod
    def forward(ctx, xp, a, b, upper, unitriangular, left):
        ctx.left = left
        given = a
        if not left:  # X A = B  <=>  A^T X^T = B^T
            a, b, upper = xp.swapaxes(a, -1, -2), xp.swapaxes(b, -1, -2), not upper
        ctx.upper, ctx.unitriangular = upper, unitriangular
        if unitriangular:
            strict = xp.triu(a, 1) if upper else xp.tril(a, -1)
            tri = strict + xp.eye(a.shape[-1], dtype=a.dtype)
        else:
            tri = xp.triu(a) if upper else xp.tril(a)
        out = _substitute(xp, tri, b, upper)
        if not left:
            out = xp.swapaxes(out, -1, -2)
        ctx.save_for_backward(given, out)  # the input and the output themselves, so double backward sees them
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, out = P.saved(ctx)
        upper, unit = ctx.upper, ctx.unitriangular
        if not ctx.left:  # to the left-solve frame
            a, out, grad = P.swapaxes(a, -1, -2), P.swapaxes(out, -1, -2), P.swapaxes(grad, -1, -2)
        tri = _triangle(P, a, upper, unit)
        transposed = P.swapaxes(tri, -1, -2)  # dB is itself a triangular solve (PyTorch's), NaN spreading alike
        if P.differentiable:
            grad_b = LinalgSolveTriangularBackward0.apply(transposed, grad, not upper, False, True)
        else:
            grad_b = _substitute(P.xp, transposed, grad, not upper)
        grad_a = -P.matmul(grad_b, P.swapaxes(out, -1, -2))
        if unit:
            grad_a = P.triu(grad_a, 1) if upper else P.tril(grad_a, -1)
        else:
            grad_a = P.triu(grad_a, 0) if upper else P.tril(grad_a, 0)
        if not ctx.left:
            return P.swapaxes(grad_a, -1, -2), P.swapaxes(grad_b, -1, -2)
        return grad_a, grad_b


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with A X = B (``left``) or X A = B for triangular ``A`` (``(*, n, n)``; only the ``upper`` or lower
    triangle is read, the diagonal taken as ones with ``unitriangular``) and ``B`` ``(*, n, k)``, batch dims
    broadcast, as ``torch.linalg.solve_triangular``. A zero on the diagonal gives inf/NaN, not an error (PyTorch).
    Differentiable in A (its triangle) and B. RuntimeError when B has fewer than 2 dims or A is not square.

    >>> import gradlib
    >>> gradlib.linalg.solve_triangular(gradlib.tensor([[2., 0.], [1., 1.]]), gradlib.tensor([[1.], [2.]]),
    ...                                 upper=False)
    tensor([[0.5000],
            [1.5000]])
    """
    if A._device is not B._device:
        check_argument_devices("linalg_solve_triangular", ("self", A), ("B", B))
    # checkInputsSolver, the batch dims' broadcast, then the kernel's dtypes (A's), as PyTorch
    _linalg.check_square("linalg.solve_triangular", A)
    _linalg.check_matrix("linalg.solve_triangular", B, "B")
    if (A.shape[-2] != B.shape[-2]) if left else (A.shape[-1] != B.shape[-1]):
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    _broadcast.broadcast_shapes(tuple(B.shape[:-2]), tuple(A.shape[:-2]))
    if A.dtype.itemsize == 2 or not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise NotImplementedError(f'"triangular_solve_cpu" not implemented for \'{A.dtype.scalar_type}\'')
    _linalg._square("solve_triangular", A, complex_ok=True)
    common = dtypes.promote_types(A.dtype, B.dtype)  # PyTorch promotes B (an integer B too) to A's type
    A, B = A.to(common), B.to(common)
    return LinalgSolveTriangularBackward0.apply(A, B, bool(upper), bool(unitriangular), bool(left))


class CholeskySolveBackward0(Op):
    """X = (L L^T)^-1 B (or (U^T U)^-1 B) from the factor's lower (upper) triangle; dB = A^-1 G,
    dL = -(dB X^T + X dB^T) L with the factor as given (PyTorch's cholesky_solve backward, which multiplies by the
    whole factor: pass a triangular one). Complex factors: A = L L^H (U^H U) and every transpose conjugated
    (``complex_aware``: PyTorch's formula as it stands)."""

    __slots__ = ("upper",)
    saved_names = ('input2', 'result')
    saved_scalars = {'upper': 'upper'}
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, b, factor, upper):
        ctx.upper = upper
        tri = xp.triu(factor) if upper else xp.tril(factor)  # LAPACK's potrs reads one triangle
        adjoint = xp.conj(xp.swapaxes(tri, -1, -2))
        a = xp.matmul(adjoint, tri) if upper else xp.matmul(tri, adjoint)
        out = xp.linalg.solve(a, b)
        ctx.save_for_backward(factor, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        factor, out = P.saved(ctx)
        tri = P.triu(factor, 0) if ctx.upper else P.tril(factor, 0)
        transposed = P.conj(P.swapaxes(tri, -1, -2))
        a = P.matmul(transposed, tri) if ctx.upper else P.matmul(tri, transposed)
        grad_b = P.solve(a, grad)
        common = P.matmul(grad_b, P.conj(P.swapaxes(out, -1, -2)))
        common = common + P.conj(P.swapaxes(common, -1, -2))
        grad_factor = -(P.matmul(factor, common) if ctx.upper else P.matmul(common, factor))
        return grad_b, grad_factor


def cholesky_solve(input, input2, upper=False):
    """X with A X = B for A given by its Cholesky factor: ``input`` is B ``(*, n, k)``, ``input2`` the lower
    (``upper=False``) or upper factor ``(*, n, n)``, as ``torch.cholesky_solve``. Differentiable in both (PyTorch's
    gradient, which reads the whole factor). RuntimeError when either has fewer than 2 dims.

    >>> import gradlib
    >>> gradlib.cholesky_solve(gradlib.tensor([[1.], [2.]]), gradlib.tensor([[2., 0.], [1., 1.]]))
    tensor([[-0.5000],
            [ 1.5000]])
    """
    if input.ndim < 2:
        raise RuntimeError(f"b should have at least 2 dimensions, but has {input.ndim} dimensions instead")
    if input2.ndim < 2:
        raise RuntimeError(f"u should have at least 2 dimensions, but has {input2.ndim} dimensions instead")
    if input._device is not input2._device:
        check_argument_devices("cholesky_solve", ("self", input), ("input2", input2))
    if input.dtype is not input2.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {input.dtype.scalar_type} "
                           f"and A of type {input2.dtype.scalar_type} instead.")
    _linalg._square("cholesky_solve", input2)
    return CholeskySolveBackward0.apply(input, input2, bool(upper))


def _zero_diagonal_error(diagonal):
    """PyTorch's LinAlgError for a factor with a zero on its diagonal (``diagonal`` a host array, ``(*, n)``):
    the first such element counted from 1, and the batch element for batched input."""
    flat = diagonal.reshape(-1, diagonal.shape[-1])
    batch = next(index for index, row in enumerate(flat) if (row == 0).any())
    element = int((flat[batch] == 0).argmax()) + 1
    prefix = "cholesky_inverse: " + (f"(Batch element {batch}): " if diagonal.ndim > 1 else "")
    return _linalg._LinAlgError(prefix + f"The diagonal element {element} is zero, the inversion could not be "
                                         "completed because the input matrix is singular.")


def _triangle_inverse(xp, tri, upper):
    """The inverse of the triangular ``tri`` by substitution, one row at a time, batched; each row is written
    only on its side of the diagonal, so the other side stays exactly zero (LAPACK's trtri) and a NaN on the
    diagonal does not reach the rows after it through those zeros."""
    n = tri.shape[-1]
    out = xp.zeros(tri.shape, dtype=tri.dtype)
    identity = xp.eye(n, dtype=tri.dtype)
    for i in (range(n - 1, -1, -1) if upper else range(n)):
        done = slice(i + 1, n) if upper else slice(0, i)
        side = slice(i, n) if upper else slice(0, i + 1)
        known = xp.matmul(tri[..., i:i + 1, done], out[..., done, side])
        out[..., i:i + 1, side] = (identity[i:i + 1, side] - known) / tri[..., i:i + 1, i:i + 1]
    return out


class CholeskyInverseBackward0(Op):
    """A^-1 for A = L L^T (or U^T U) given by its factor's lower (upper) triangle: the triangle's inverse by
    substitution (its structural zeros kept, as LAPACK's trtri keeps them, so a NaN spreads as in PyTorch), then
    L^-T L^-1 (U^-1 U^-T). The gradient is PyTorch's: with C = A^-1 (G + G^T) A^-1, dL = -C L (dU = -U C), the
    factor taken whole as given."""

    __slots__ = ("upper",)
    saved_names = ('self', 'result')
    saved_scalars = {'upper': 'upper'}

    @staticmethod
    def forward(ctx, xp, factor, upper):
        ctx.upper = upper
        tri = xp.triu(factor) if upper else xp.tril(factor)
        diagonal = xp.diagonal(tri, axis1=-2, axis2=-1)
        backend = backend_of_array(factor)
        backend.check(~(diagonal != 0).all(), lambda: _zero_diagonal_error(backend.to_numpy(diagonal)),
                      _linalg._LinAlgError("cholesky_inverse: The inversion could not be completed because the "
                                           "input matrix is singular."))
        inverse = _triangle_inverse(xp, tri, upper)
        transposed = xp.swapaxes(inverse, -1, -2)
        out = xp.matmul(inverse, transposed) if upper else xp.matmul(transposed, inverse)
        ctx.save_for_backward(factor, out)  # the input and the output themselves, so double backward sees them
        return out

    @staticmethod
    def backward(ctx, P, grad):
        factor, out = P.saved(ctx)
        common = P.matmul(out, P.matmul(grad + P.swapaxes(grad, -1, -2), out))
        return -(P.matmul(factor, common) if ctx.upper else P.matmul(common, factor))


def cholesky_inverse(input, upper=False):
    """The inverse of a symmetric positive-definite A given by its Cholesky factor ``input`` ``(*, n, n)``:
    A = L L^T from the lower triangle (``upper=False``), A = U^T U from the upper one, as
    ``torch.cholesky_inverse``; the result is ``(*, n, n)``, of the input's (floating) dtype. Differentiable
    (PyTorch's gradient, which reads the whole factor: pass a triangular one).

    Raises RuntimeError with fewer than 2 dims or non-square matrices, NotImplementedError for integer, bool
    and float16 input, TypeError when ``upper`` is not a bool, and ``gradlib.linalg.LinAlgError`` when the
    factor's diagonal holds a zero (on CUDA at the next synchronization, as the linalg factorizations).

    >>> import gradlib
    >>> L = gradlib.linalg.cholesky(gradlib.tensor([[4., 2.], [2., 2.]]))
    >>> gradlib.cholesky_inverse(L)
    tensor([[ 0.5000, -0.5000],
            [-0.5000,  1.0000]])
    """
    if not isinstance(upper, bool):
        raise TypeError(f"cholesky_inverse(): argument 'upper' (position 2) must be bool, not "
                        f"{type(upper).__name__}")
    if input.ndim < 2:
        raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 dimensions.")
    if input.shape[-1] != input.shape[-2]:
        raise RuntimeError(f"cholesky_inverse: A must be batches of square matrices, but they are "
                           f"{input.shape[-2]} by {input.shape[-1]} matrices")
    if not input.dtype.is_floating_point or input.dtype.itemsize == 2:
        raise NotImplementedError(f'"cholesky_inverse_out_cpu" not implemented for \'{input.dtype.scalar_type}\'')
    return CholeskyInverseBackward0.apply(input, upper)
