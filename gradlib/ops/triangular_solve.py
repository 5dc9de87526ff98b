"""PyTorch's older ``torch.triangular_solve(b, A, upper, transpose, unitriangular)``: ``(solution,
cloned_coefficient)`` from one node, TriangularSolveBackward0 (``linalg.solve_triangular`` is in ``triangular.py``).

X with op(A) X = b, op(A) = A or A^T (``transpose``; not conjugated), reading A's ``upper`` or lower triangle (ones
on the diagonal with ``unitriangular``); batch dims broadcast and the cloned coefficient is A broadcast to them.
The gradient: gb = op(A)^-T gX, g op(A) = -gb X^T, kept to the triangle read, plus the clone's gradient.
"""
from .. import dtypes, return_types
from . import triangular
from ._op import Op, check_argument_devices
from .lu import tri_solve

__all__ = ["triangular_solve"]


class TriangularSolveBackward0(Op):
    __slots__ = ("upper", "transpose", "unitriangular")
    multi_output = True
    num_outputs = 2

    @staticmethod
    def forward(ctx, xp, b, a, upper, transpose, unitriangular):
        ctx.upper, ctx.transpose, ctx.unitriangular = upper, transpose, unitriangular
        batch = xp.broadcast_shapes(b.shape[:-2], a.shape[:-2])
        tri = _triangle_array(xp, a, upper, unitriangular)
        if transpose:
            tri = xp.swapaxes(tri, -1, -2)
        solution = triangular._substitute(xp, tri, b, upper != transpose)
        ctx.save_for_backward(a, solution)
        return solution, xp.broadcast_to(a, batch + a.shape[-2:]).copy()

    @staticmethod
    def backward(ctx, P, grads):
        grad_x, grad_clone = grads
        a, solution = P.saved(ctx)
        upper, transpose = ctx.upper, ctx.transpose
        grad_b = grad_a = None
        if grad_x is not None:
            tri = triangular._triangle(P, a, upper, ctx.unitriangular)
            operator = P.swapaxes(tri, -1, -2) if transpose else tri  # op(A), upper when upper != transpose
            grad_b = tri_solve(P, P.swapaxes(operator, -1, -2), grad_x, upper == transpose)
            grad_op = -P.matmul(grad_b, P.swapaxes(solution, -1, -2))
            grad_a = P.swapaxes(grad_op, -1, -2) if transpose else grad_op
            if ctx.unitriangular:
                grad_a = P.triu(grad_a, 1) if upper else P.tril(grad_a, -1)
            else:
                grad_a = P.triu(grad_a, 0) if upper else P.tril(grad_a, 0)
        if grad_clone is not None:
            grad_a = grad_clone if grad_a is None else grad_a + grad_clone
        return grad_b, grad_a


def _triangle_array(xp, a, upper, unitriangular):
    strict = xp.triu(a, 1) if upper else xp.tril(a, -1)
    if unitriangular:
        return strict + xp.eye(a.shape[-1], dtype=a.dtype)
    return xp.triu(a) if upper else xp.tril(a)


def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """``(solution, cloned_coefficient)``: X with op(A) X = ``input`` (b, ``(*, n, k)``) for triangular ``A``
    ``(*, n, n)`` (its ``upper`` or lower triangle; op(A) = A^T with ``transpose``; ones on the diagonal with
    ``unitriangular``), batch dims broadcast, and A broadcast to them. Mirrors PyTorch's deprecated
    ``torch.triangular_solve`` (use ``linalg.solve_triangular``); differentiable in b and A
    (TriangularSolveBackward0).

    >>> import gradlib
    >>> gradlib.triangular_solve(gradlib.tensor([[1.], [2.]]), gradlib.tensor([[2., 0.], [1., 3.]])).solution
    tensor([[0.5000],
            [0.6667]])
    """
    b = input
    if b._device is not A._device:
        check_argument_devices("triangular_solve", ("self", b), ("A", A))
    if b.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, but it has {b.ndim} "
                           f"dimensions instead")
    if A.ndim < 2:
        raise RuntimeError(f"torch.triangular_solve: Expected A to have at least 2 dimensions, but it has {A.ndim} "
                           f"dimensions instead")
    if b.dtype is not A.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {b.dtype.scalar_type} and A "
                           f"of type {A.dtype.scalar_type} instead.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {A.shape[-2]} by {A.shape[-1]} "
                           f"matrices")
    if A.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for triangular_solve: each A matrix is {A.shape[-2]} by "
                           f"{A.shape[-1]} but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    if not (A.dtype.is_floating_point or A.dtype.is_complex) or A.dtype is dtypes.float16:
        suffix = "cpu" if A.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"triangular_solve_{suffix}" not implemented for \'{A.dtype.scalar_type}\'')
    solution, clone = TriangularSolveBackward0.apply(b, A, bool(upper), bool(transpose), bool(unitriangular))
    return return_types.triangular_solve(solution, clone)
