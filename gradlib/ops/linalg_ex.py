"""The ``_ex`` forms of the factorizations: ``linalg.inv_ex``, ``linalg.solve_ex``, ``linalg.cholesky_ex``.

Each returns its result with an int32 ``info`` (LAPACK's: the first zero pivot of the LU factorization, or the
order of the first leading minor that is not positive-definite; 0 on success), computed on the input's device in
``forward`` (under its device guard), so that ``check_errors=False`` reads nothing back: a singular input gives
inf/NaN and a nonzero ``info``, as PyTorch's. ``check_errors=True`` raises PyTorch's LinAlgError (on CUDA at the
next synchronization, ``backend.check``). The nodes are PyTorch's LinalgInvExBackward0, LinalgSolveExBackward0
and LinalgCholeskyExBackward0 with one more (integer) output; their gradients are the ones of ``ops/linalg.py``.
"""
import warnings

from .. import return_types
from . import linalg as _linalg
from ._op import Op
from .lu import lu_factor_array, raise_on_info, tri_solve
from .lu_solve import lu_solve_array

__all__ = ["inv_ex", "solve_ex", "cholesky_ex", "cholesky_array", "cholesky_legacy"]


class _InvEx(_linalg.LinalgInvExBackward0):
    """(inverse, info): the inverse solved from the LU factorization (getrf + getri, as PyTorch's)."""

    __slots__ = ()
    node_name = "LinalgInvExBackward0"
    multi_output = True
    num_outputs = 2
    nondiff_outputs = (1,)
    complex_aware = True  # the parent's backward conjugates already

    @staticmethod
    def forward(ctx, xp, a):
        lu, pivots, info = lu_factor_array(xp, a)
        identity = xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape)
        out = lu_solve_array(xp, lu, pivots, identity, True, False)
        ctx.save_for_backward(out)
        return out, info

    @staticmethod
    def backward(ctx, P, grads):
        return _linalg.LinalgInvExBackward0.backward(ctx, P, grads[0])


class _SolveEx(Op):
    """(X, info) with A X = B (X A = B for ``left=False``); B a matrix or a vector batched like A."""

    __slots__ = ("vector", "left")
    saved_names = ("A", "result")
    saved_scalars = {"left": "left"}
    node_name = "LinalgSolveExBackward0"
    multi_output = True
    num_outputs = 2
    nondiff_outputs = (1,)

    @staticmethod
    def forward(ctx, xp, a, b, left):
        ctx.left = left
        ctx.vector = _linalg.is_vector_rhs(a.shape, b.shape)
        rhs = b[..., None] if ctx.vector else b
        lu, pivots, info = lu_factor_array(xp, a)
        out = lu_solve_array(xp, lu, pivots, rhs, left, False)
        if ctx.vector:
            out = out[..., 0]
        ctx.save_for_backward(a, out)
        return out, info  # info is A's LU factorization's: A's batch shape, not the broadcast one (as PyTorch)

    @staticmethod
    def backward(ctx, P, grads):
        grad = grads[0]
        a, out = P.saved(ctx)
        if ctx.vector:
            grad = P.expand_dims(grad, -1)
            out = P.expand_dims(out, -1)
        if tuple(a.shape[:-2]) != tuple(grad.shape[:-2]):  # A broadcast over B's batch: its gradient is summed
            a = P.broadcast_to(a, tuple(grad.shape[:-2]) + tuple(a.shape[-2:]))
        if ctx.left:
            grad_b = P.solve(P.swapaxes(a, -1, -2), grad)
            grad_a = -P.matmul(grad_b, P.swapaxes(out, -1, -2))
        else:  # X = B A^-1: gB = gX A^-T, gA = -X^T gB
            grad_b = P.swapaxes(P.solve(a, P.swapaxes(grad, -1, -2)), -1, -2)
            grad_a = -P.matmul(P.swapaxes(out, -1, -2), grad_b)
        if ctx.vector:
            grad_b = P.sum(grad_b, -1)
        return grad_a, grad_b


def cholesky_array(xp, a):
    """(L, info) of the raw array ``a`` (..., n, n), reading its lower triangle, column by column (LAPACK's potrf):
    ``info`` the order of the first leading minor that is not positive-definite (a NaN counts), 0 on success."""
    n = a.shape[-1]
    lower = xp.zeros_like(a)
    info = xp.zeros(a.shape[:-2], dtype=xp.int32)
    for j in range(n):
        row = lower[..., j, :j]
        pivot = a[..., j, j] - (row * row.conj()).sum(axis=-1)
        bad = ~(pivot.real > 0)
        info = xp.where((info == 0) & bad, j + 1, info).astype(xp.int32)
        root = xp.sqrt(pivot.real).astype(a.dtype)
        lower[..., j, j] = root
        if j + 1 < n:
            known = xp.matmul(lower[..., j + 1:, :j], row.conj()[..., :, None])[..., 0]
            lower[..., j + 1:, j] = (a[..., j + 1:, j] - known) / root[..., None]
    return lower, info


class _CholeskyEx(_linalg.LinalgCholeskyExBackward0):
    """(L, info) of ``linalg.cholesky_ex`` (U = L^H, info with ``upper``)."""

    __slots__ = ()  # ``upper`` is the parent's
    node_name = "LinalgCholeskyExBackward0"
    multi_output = True
    num_outputs = 2
    nondiff_outputs = (1,)
    complex_aware = True  # the parent's backward conjugates already

    @staticmethod
    def forward(ctx, xp, a, upper):
        ctx.upper = upper
        if upper:  # LAPACK's uplo='U' reads A's upper triangle: the lower one of A^H
            a = xp.swapaxes(a, -1, -2)
            a = xp.conj(a) if a.dtype.kind == "c" else a
        out, info = cholesky_array(xp, a)
        if upper:
            out = xp.swapaxes(out, -1, -2)
            out = xp.conj(out) if a.dtype.kind == "c" else out
        ctx.save_for_backward(out)  # the output itself, so double backward sees it as one
        return out, info

    @staticmethod
    def backward(ctx, P, grads):
        (out,) = P.saved(ctx)
        grad = grads[0]
        if not ctx.upper:
            return _cholesky_backward(P, out, grad)
        complex_values = ctx.input_dtype(0).kind == "c"
        adjoint = (lambda x: P.conj(P.swapaxes(x, -1, -2))) if complex_values else (lambda x: P.swapaxes(x, -1, -2))
        return _cholesky_backward(P, adjoint(out), adjoint(grad))


def _cholesky_backward(P, lower, grad):
    """The formula of ``ops/linalg.py`` for real input; for complex input PyTorch's cholesky_backward in the
    conjugate Wirtinger convention: gA = L^-H pi(L^H gL) L^-1, pi(X) = (tril(X) + tril(X, -1)^H) / 2."""
    complex_values = lower.dtype.is_complex if P.differentiable else lower.dtype.kind == "c"
    if not complex_values:
        return _linalg.cholesky_backward(P, lower, grad)
    adjoint = P.conj(P.swapaxes(lower, -1, -2))
    inner = P.tril(P.matmul(adjoint, grad), 0)
    inner = (inner + P.conj(P.swapaxes(P.tril(inner, -1), -1, -2))) * 0.5
    inner = tri_solve(P, adjoint, inner, True)
    return tri_solve(P, lower, inner, False, left=False)


def square(name, A):
    """``ops/linalg.py``'s checks of a square float matrix, complex dtypes accepted as well."""
    _linalg._square(name, A, complex_ok=True)


def _prefixed(name, host):
    flat = host.reshape(-1)
    batch = int((flat != 0).argmax())
    prefix = f"{name}: " + (f"(Batch element {batch}): " if host.ndim else "")
    return prefix, int(flat[batch])


def inv_ex(A, *, check_errors=False):
    """``(inverse, info)`` of (batches of) square matrices ``A`` ``(*, n, n)``, as ``torch.linalg.inv_ex``:
    ``info`` ``(*)`` int32 is the first zero pivot of A's LU factorization (0 when A is invertible), where the
    inverse holds inf/NaN. ``check_errors=True`` raises ``linalg.LinAlgError`` for a singular A. Differentiable
    (LinalgInvExBackward0).

    >>> import gradlib
    >>> gradlib.linalg.inv_ex(gradlib.tensor([[2., 0.], [0., 4.]])).inverse
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    square("inv", A)
    inverse, info = _InvEx.apply(A)
    if check_errors:
        def error(host):
            prefix, pivot = _prefixed("linalg.inv_ex", host)
            return _linalg.LinAlgError(f"{prefix}The diagonal element {pivot} is zero, the inversion could not be "
                                       f"completed because the input matrix is singular.")
        raise_on_info(info, error, _linalg.LinAlgError(
            "linalg.inv_ex: The inversion could not be completed because the input matrix is singular."))
    return return_types.linalg_inv_ex(inverse, info)


def solve_ex(A, B, *, left=True, check_errors=False):
    """``(result, info)`` with A X = B (X A = B for ``left=False``), B a matrix or a vector batched like A, batch
    dims broadcast, as ``torch.linalg.solve_ex``: ``info`` int32 is the first zero pivot of A's LU factorization
    (0 when A is invertible). ``check_errors=True`` raises ``linalg.LinAlgError`` for a singular A.
    Differentiable in A and B (LinalgSolveExBackward0).

    >>> import gradlib
    >>> gradlib.linalg.solve_ex(gradlib.tensor([[2., 0.], [0., 4.]]), gradlib.tensor([2., 2.])).result
    tensor([1.0000, 0.5000])
    """
    _linalg.check_solve(A, B, left)
    result, info = _SolveEx.apply(A, B, bool(left))
    if check_errors:
        def error(host):
            prefix, _ = _prefixed("torch.linalg.solve_ex", host)
            return _linalg.LinAlgError(f"{prefix}The solver failed because the input matrix is singular.")
        raise_on_info(info, error, _linalg.LinAlgError(
            "torch.linalg.solve_ex: The solver failed because the input matrix is singular."))
    return return_types.linalg_solve_ex(result, info)


def cholesky_ex(A, *, upper=False, check_errors=False):
    """``(L, info)``: the Cholesky factor of (batches of) Hermitian positive-definite matrices ``A`` ``(*, n, n)``
    (read from the lower triangle; ``upper=True`` gives U = L^H), as ``torch.linalg.cholesky_ex``. ``info``
    ``(*)`` int32 is the order of the first leading minor that is not positive-definite (0 on success).
    ``check_errors=True`` raises ``linalg.LinAlgError`` then. Differentiable (LinalgCholeskyExBackward0).

    >>> import gradlib
    >>> gradlib.linalg.cholesky_ex(gradlib.tensor([[4., 2.], [2., 2.]]))
    gradlib.return_types.linalg_cholesky_ex(
    L=tensor([[2., 0.],
            [1., 1.]]),
    info=tensor(0, dtype=gradlib.int32))
    """
    square("cholesky", A)
    factor, info = _CholeskyEx.apply(A, bool(upper))
    if check_errors:
        def error(host):
            prefix, order = _prefixed("linalg.cholesky_ex", host)
            return _linalg.LinAlgError(f"{prefix}The factorization could not be completed because the input is not "
                                       f"positive-definite (the leading minor of order {order} is not "
                                       f"positive-definite).")
        raise_on_info(info, error, _linalg.LinAlgError(
            "linalg.cholesky_ex: The factorization could not be completed because the input is not "
            "positive-definite."))
    return return_types.linalg_cholesky_ex(factor, info)


class CholeskyBackward0(_CholeskyEx):
    """PyTorch's older ``torch.cholesky``: the factor of ``linalg.cholesky_ex`` under its own node name."""

    __slots__ = ()
    saved_names = ("result",)  # PyTorch's name of the factor here
    node_name = "CholeskyBackward0"


_WARNED = []  # PyTorch's TORCH_WARN_ONCE


def cholesky_legacy(input, upper=False):
    """The Cholesky factor L (U = L^H with ``upper``) of (batches of) Hermitian positive-definite matrices:
    PyTorch's deprecated ``torch.cholesky`` (it warns so, once), raising ``linalg.LinAlgError`` where a leading
    minor is not positive-definite (on CUDA at the next synchronization). Differentiable (CholeskyBackward0).

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.cholesky(gradlib.tensor([[4., 2.], [2., 2.]]))
    tensor([[2., 0.],
            [1., 1.]])
    """
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
                      "PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)"
                      "\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = "
                      "torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for all valid "
                      "(symmetric positive definite) inputs.", UserWarning, stacklevel=2)
    A = input
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"cholesky: A must be batches of square matrices, but they are "
                           f"{A.shape[-2] if A.ndim >= 2 else 1} by {A.shape[-1]} matrices")
    if not (A.dtype.is_floating_point or A.dtype.is_complex) or A.dtype.itemsize == 2:
        suffix = "cpu" if A.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"cholesky_{suffix}" not implemented for \'{A.dtype.scalar_type}\'')
    factor, info = CholeskyBackward0.apply(A, bool(upper))

    def error(host):
        prefix, order = _prefixed("cholesky", host)
        return _linalg.LinAlgError(f"{prefix}The factorization could not be completed because the input is not "
                                   f"positive-definite (the leading minor of order {order} is not positive-definite).")
    raise_on_info(info, error, _linalg.LinAlgError(
        "cholesky: The factorization could not be completed because the input is not positive-definite."))
    return factor
