"""Triangular solves: ``linalg.solve_triangular`` and ``cholesky_solve`` (differentiable, PyTorch's gradients).

A triangular solve is written as substitution, one row at a time and batched (NumPy has no triangular solver and
a general solve would raise on a zero pivot, where PyTorch returns inf/NaN).
"""
from .. import dtypes
from . import linalg as _linalg
from ._op import Op, check_argument_devices

__all__ = ["solve_triangular", "cholesky_solve"]


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
    if B.ndim < 2:
        raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
    _linalg._square("solve_triangular", A)
    common = dtypes.promote_types(A.dtype, B.dtype)  # PyTorch promotes B (an integer B too) to A's type
    A, B = A.to(common), B.to(common)
    return LinalgSolveTriangularBackward0.apply(A, B, bool(upper), bool(unitriangular), bool(left))


class CholeskySolveBackward0(Op):
    """X = (L L^T)^-1 B (or (U^T U)^-1 B) from the factor's lower (upper) triangle; dB = A^-1 G,
    dL = -(dB X^T + X dB^T) L with the factor as given (PyTorch's cholesky_solve backward, which multiplies by the
    whole factor: pass a triangular one)."""

    __slots__ = ("upper",)

    @staticmethod
    def forward(ctx, xp, b, factor, upper):
        ctx.upper = upper
        tri = xp.triu(factor) if upper else xp.tril(factor)  # LAPACK's potrs reads one triangle
        a = xp.matmul(xp.swapaxes(tri, -1, -2), tri) if upper else xp.matmul(tri, xp.swapaxes(tri, -1, -2))
        out = xp.linalg.solve(a, b)
        ctx.save_for_backward(factor, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        factor, out = P.saved(ctx)
        tri = P.triu(factor, 0) if ctx.upper else P.tril(factor, 0)
        transposed = P.swapaxes(tri, -1, -2)
        a = P.matmul(transposed, tri) if ctx.upper else P.matmul(tri, transposed)
        grad_b = P.solve(a, grad)
        common = P.matmul(grad_b, P.swapaxes(out, -1, -2))
        common = common + P.swapaxes(common, -1, -2)
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
