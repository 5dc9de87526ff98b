"""What is built on an LU factorization: ``linalg.lu_solve`` (LinalgLuSolveBackward0), ``lu_unpack``
(LuUnpackBackward0) and PyTorch's older ``torch.lu`` / ``torch.lu_solve``.

The permutation, L and U are rebuilt from the packed LU and LAPACK's pivots on the input's device (``ops/lu.py``),
and the solves are triangular substitutions. The gradients are PyTorch's, written for complex numbers directly
(``complex_aware``: ``adjoint`` solves with A^H, which is not holomorphic): for op(A) X = B,
gB = lu_solve(LU, pivots, gX, adjoint=not adjoint) and gA = -gB X^H (or its mirror for the other cases), which
reaches L and U as gLU = tril(P^T gA U^H, -1) + triu(L^H P^T gA).
"""
import warnings

from .. import dtypes, return_types
from . import triangular
from ._op import Op, check_argument_devices
from .lu import LinalgLuFactorExBackward0, check_lu_input, permutation_matrix, permutation_of, unpack_array

__all__ = ["lu_solve", "lu_unpack", "lu", "lu_solve_legacy", "lu_solve_array"]


def _adjoint_array(xp, x):
    x = xp.swapaxes(x, -1, -2)
    return xp.conj(x) if x.dtype.kind == "c" else x


def _solve_left(xp, perm, lower, upper, b, adjoint):
    """X with A X = B (A^H X = B with ``adjoint``) for A = P L U."""
    if not adjoint:
        rhs = xp.matmul(xp.swapaxes(perm, -1, -2), b)
        return tri_solve_array(xp, upper, tri_solve_array(xp, lower, rhs, False), True)
    solved = tri_solve_array(xp, _adjoint_array(xp, upper), b, False)
    solved = tri_solve_array(xp, _adjoint_array(xp, lower), solved, True)
    return xp.matmul(perm, solved)


def tri_solve_array(xp, tri, b, upper):
    return triangular._substitute(xp, tri, b, upper)


def lu_solve_array(xp, lu, pivots, b, left, adjoint):
    """X with op(A) X = B (``left``) or X op(A) = B, op(A) = A^H with ``adjoint``, for A = P L U given as LAPACK's
    packed ``lu`` and ``pivots``; batch dims broadcast."""
    perm = permutation_matrix(xp, permutation_of(xp, pivots, lu.shape[-1]), lu.dtype)
    lower, upper = unpack_array(xp, lu)
    if left:
        return _solve_left(xp, perm, lower, upper, b, adjoint)
    # X op(A) = B  <=>  op(A)^H X^H = B^H
    return _adjoint_array(xp, _solve_left(xp, perm, lower, upper, _adjoint_array(xp, b), not adjoint))


def _adjoint(P, x, complex_values):
    x = P.swapaxes(x, -1, -2)
    return P.conj(x) if complex_values else x


class LinalgLuSolveBackward0(Op):
    """X of ``linalg.lu_solve(LU, pivots, B, left=, adjoint=)``; differentiable in LU and B."""

    __slots__ = ("left", "adjoint")
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, lu, pivots, b, left, adjoint):
        ctx.left, ctx.adjoint = left, adjoint
        out = lu_solve_array(xp, lu, pivots, b, left, adjoint)
        perm = permutation_matrix(xp, permutation_of(xp, pivots, lu.shape[-1]), lu.dtype)
        ctx.save_for_backward(lu, pivots, out, perm)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        lu, pivots, out, perm = P.saved(ctx)
        left, adjoint = ctx.left, ctx.adjoint
        complex_values = lu.dtype.is_complex if P.differentiable else lu.dtype.kind == "c"
        if P.differentiable:
            grad_b = LinalgLuSolveBackward0.apply(lu, pivots, grad, left, not adjoint)
        else:
            grad_b = lu_solve_array(P.xp, lu, pivots, grad, left, not adjoint)
        needs = ctx.needs_input_grad
        if not needs[0]:
            return None, None, grad_b
        H = lambda x: _adjoint(P, x, complex_values)  # noqa: E731
        if left:
            grad_a = -P.matmul(out, H(grad_b)) if adjoint else -P.matmul(grad_b, H(out))
        else:
            grad_a = -P.matmul(H(grad_b), out) if adjoint else -P.matmul(H(out), grad_b)
        lower = P.tril(lu, -1) + P.eye_like(lu, lu.shape[-1])
        upper = P.triu(lu, 0)
        moved = P.matmul(P.swapaxes(perm, -1, -2), grad_a)
        grad_lu = P.tril(P.matmul(moved, H(upper)), -1) + P.triu(P.matmul(H(lower), moved), 0)
        return grad_lu, None, grad_b


def _solver_shapes(LU, B, left):
    """PyTorch's squareCheckInputs and checkInputsSolver for ``linalg.lu_solve``."""
    if LU.ndim < 2:
        raise RuntimeError("torch.linalg.lu_solve: The input tensor A must have at least 2 dimensions.")
    if LU.shape[-1] != LU.shape[-2]:
        raise RuntimeError(f"torch.linalg.lu_solve: A must be batches of square matrices, but they are "
                           f"{LU.shape[-2]} by {LU.shape[-1]} matrices")
    if B.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    fits = LU.shape[-1] == B.shape[-2] if left else LU.shape[-2] == B.shape[-1]
    if not fits:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation {equation} "
                           f"({LU.shape[-2]}x{LU.shape[-1]} and {B.shape[-2]}x{B.shape[-1]})")


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B for A given by its LU factorization (``LU`` ``(*, n, n)`` and int32 ``pivots`` ``(*, n)``
    from ``linalg.lu_factor``), ``B`` ``(*, n, k)``, batch dims broadcast. ``left=False`` solves X A = B,
    ``adjoint=True`` uses A^H. Mirrors ``torch.linalg.lu_solve``, with its RuntimeErrors for dtypes and shapes;
    differentiable in LU and B (LinalgLuSolveBackward0).

    >>> import gradlib
    >>> A = gradlib.tensor([[2., 1.], [1., 3.]])
    >>> LU, pivots = gradlib.linalg.lu_factor(A)
    >>> gradlib.linalg.lu_solve(LU, pivots, gradlib.tensor([[3.], [4.]]))
    tensor([[1.],
            [1.]])
    """
    if LU._device is not B._device or LU._device is not pivots._device:
        check_argument_devices("linalg_lu_solve", ("LU", LU), ("pivots", pivots), ("B", B))
    if not (LU.dtype.is_floating_point or LU.dtype.is_complex):
        raise RuntimeError(f"torch.linalg.lu_solve: Expected a floating point or complex tensor as input. Got "
                           f"{LU.dtype.scalar_type}")
    if LU.dtype is not B.dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
                           f"{LU.dtype.scalar_type} and B of type {B.dtype.scalar_type} instead")
    if pivots.dtype is not dtypes.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    _solver_shapes(LU, B, left)
    if pivots.ndim == 0 or LU.shape[-1] != pivots.shape[-1]:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the "
                           "matrix")
    if tuple(LU.shape[:-1]) != tuple(pivots.shape):
        raise RuntimeError(f"linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got "
                           f"pivots with shape {list(pivots.shape)} instead")
    return LinalgLuSolveBackward0.apply(LU, pivots, B, bool(left), bool(adjoint))


class LuUnpackBackward0(Op):
    """(P, L, U) of ``lu_unpack``; L and U are differentiable (PyTorch's lu_unpack_backward), P is not."""

    __slots__ = ()
    multi_output = True
    num_outputs = 3
    nondiff_outputs = (0,)

    @staticmethod
    def forward(ctx, xp, lu, pivots, unpack_data, unpack_pivots):
        empty = xp.zeros((0,), dtype=lu.dtype)
        perm = empty
        if unpack_pivots:
            perm = permutation_matrix(xp, permutation_of(xp, pivots, lu.shape[-2]), lu.dtype)
        lower, upper = unpack_array(xp, lu) if unpack_data else (empty, empty.copy())
        return perm, lower, upper

    @staticmethod
    def backward(ctx, P, grads):
        _, grad_l, grad_u = grads
        m, n = ctx.input_shape(0)[-2:]
        k = min(m, n)
        if grad_l is None and grad_u is None:
            return None, None
        if m == n:
            grad = P.tril(grad_l, -1) if grad_l is not None else None
            if grad_u is not None:
                grad = P.triu(grad_u, 0) if grad is None else grad + P.triu(grad_u, 0)
        elif m < n:  # L (m, m), U (m, n)
            if grad_l is None:
                grad = P.triu(grad_u, 0)
            else:
                grad = P.tril(grad_l, -1)
                pad = P.zeros_like(grad[..., :, :1]) * P.zeros_like(grad[..., :1, :n - k])
                grad = P.cat([grad, P.broadcast_to(pad, tuple(grad.shape[:-1]) + (n - k,))], -1)
                if grad_u is not None:
                    grad = grad + P.triu(grad_u, 0)
        else:  # L (m, n), U (n, n)
            if grad_u is None:
                grad = P.tril(grad_l, -1)
            else:
                grad = P.triu(grad_u, 0)
                pad = P.zeros_like(grad[..., :1, :]) * P.zeros_like(grad[..., :1, :1])
                grad = P.cat([grad, P.broadcast_to(pad, tuple(grad.shape[:-2]) + (m - k, n))], -2)
                if grad_l is not None:
                    grad = grad + P.tril(grad_l, -1)
        return grad, None


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from a packed LU factorization (``linalg.lu_factor``'s ``LU`` ``(*, m, n)`` and int32 pivots
    ``(*, min(m, n))``): A = P L U. ``unpack_data=False`` gives empty L and U, ``unpack_pivots=False`` an empty P.
    Mirrors ``torch.lu_unpack``; L and U are differentiable (LuUnpackBackward0).

    >>> import gradlib
    >>> LU, pivots = gradlib.linalg.lu_factor(gradlib.tensor([[1., 2.], [3., 4.]]))
    >>> gradlib.lu_unpack(LU, pivots).L
    tensor([[1.0000, 0.0000],
            [0.3333, 1.0000]])
    """
    if LU_pivots.dtype is not dtypes.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                           "Note: this function is intended to be used with the output produced by "
                           "torch.linalg.lu_factor")
    if LU_data._device is not LU_pivots._device:
        check_argument_devices("lu_unpack", ("LU_data", LU_data), ("LU_pivots", LU_pivots))
    perm, lower, upper = LuUnpackBackward0.apply(LU_data, LU_pivots, bool(unpack_data), bool(unpack_pivots))
    return return_types.lu_unpack(perm, lower, upper)


_WARNED = set()  # PyTorch's TORCH_WARN_ONCE: each deprecation warns once per process


def _warn_once(name, message):
    if name not in _WARNED:
        _WARNED.add(name)
        warnings.warn(message, UserWarning, stacklevel=3)


def lu(A, pivot=True, get_infos=False):
    """``(LU, pivots)`` (plus ``info`` with ``get_infos=True``) of ``linalg.lu_factor_ex``: PyTorch's deprecated
    ``torch.lu`` (it warns so), which never raises for a singular matrix.

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     LU, pivots = gradlib.lu(gradlib.tensor([[1., 2.], [3., 4.]]))
    >>> pivots
    tensor([2, 2], dtype=gradlib.int32)
    """
    _warn_once("lu", "torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be "
                  "removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\nshould be "
                  "replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = "
                  "torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\nLU, pivots, info = "
                  "torch.linalg.lu_factor_ex(A, compute_pivots)")
    check_lu_input("linalg.lu_factor_ex", A, pivot, "torch.lu_factor")
    lu_, pivots, info = LinalgLuFactorExBackward0.apply(A, bool(pivot))
    if get_infos:
        return return_types._lu_with_info(lu_, pivots, info)
    return lu_, pivots


def lu_solve_legacy(input, LU_data, LU_pivots):
    """X with A X = ``input`` (PyTorch's documentation calls it b) from A's packed LU factorization: PyTorch's
    deprecated ``torch.lu_solve`` (it warns so), ``linalg.lu_solve`` with its arguments reversed.

    >>> import gradlib, warnings
    >>> LU, pivots = gradlib.linalg.lu_factor(gradlib.tensor([[2., 0.], [0., 4.]]))
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.lu_solve(gradlib.tensor([[2.], [2.]]), LU, pivots)
    tensor([[1.0000],
            [0.5000]])
    """
    _warn_once("lu_solve", "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future "
                  "PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = "
                  "torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)")
    return lu_solve(LU_data, LU_pivots, input)
