"""The LU decomposition with partial pivoting: ``linalg.lu_factor_ex``, ``linalg.lu_factor`` and ``linalg.lu``
(differentiable, PyTorch's nodes LinalgLuFactorExBackward0 and LinalgLuBackward0).

NumPy and CuPy have no LU, so it is computed here, one column at a time and batched (LAPACK's getrf, right-looking):
the pivot of a column is its largest entry below the diagonal in magnitude (|re| + |im| for complex numbers, as
LAPACK's i?amax), rows are swapped, the column below the diagonal is divided by the pivot (left alone where the
pivot is exactly zero, as getrf) and the trailing block is updated. Everything stays on the input's device: the
pivots and ``info`` (the 1-based index of the first zero pivot, 0 when there is none) are device arrays made in
``forward`` under the input's device guard, and nothing is read back unless the caller asks for an error check.

The gradients are PyTorch's ``linalg_lu_backward`` (square, wide and tall cases), written with transposes: the
complex case follows from ``Op``'s conjugation of holomorphic formulas.
"""
from .. import dtypes, return_types
from ..backends import backend_of_array
from . import triangular
from ._op import Op

__all__ = ["lu_factor_ex", "lu_factor", "lu", "lu_factor_array", "permutation_of", "permutation_matrix",
           "unpack_array", "tri_solve", "check_lu_input", "pivot_error", "raise_on_info"]


def lu_factor_array(xp, a, pivot=True):
    """(LU, pivots, info) of the raw array ``a`` (..., m, n), LAPACK's getrf layout: L's strict lower part and U in
    one matrix, the 1-based int32 pivots (row i was swapped with row pivots[i] - 1, in order) and int32 ``info``."""
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    lu = a.copy()
    pivots = xp.empty(batch + (k,), dtype=xp.int32)
    info = xp.zeros(batch, dtype=xp.int32)
    rows = xp.arange(m)
    complex_input = a.dtype.kind == "c"
    for j in range(k):
        if pivot:
            column = lu[..., j:, j]
            size = xp.abs(column.real) + xp.abs(column.imag) if complex_input else xp.abs(column)
            chosen = xp.argmax(size, axis=-1) + j
            pivots[..., j] = chosen + 1
            picked = xp.take_along_axis(lu, chosen[..., None, None], axis=-2)  # (..., 1, n): the pivot row
            current = lu[..., j:j + 1, :].copy()
            lu = xp.where((rows == chosen[..., None])[..., None], current, lu)
            lu[..., j:j + 1, :] = picked
        else:
            pivots[..., j] = j + 1
        diagonal = lu[..., j, j]
        zero = diagonal == 0
        info = xp.where((info == 0) & zero, j + 1, info).astype(xp.int32)
        if j + 1 < m:
            below = lu[..., j + 1:, j]
            scaled = xp.where(zero[..., None], below, below / xp.where(zero, 1, diagonal)[..., None])
            lu[..., j + 1:, j] = scaled
            if j + 1 < n:
                lu[..., j + 1:, j + 1:] -= scaled[..., :, None] * lu[..., j:j + 1, j + 1:]
    return lu, pivots, info


def permutation_of(xp, pivots, m):
    """The row order ``perm`` (..., m) that LAPACK's pivots (..., k) make: row i of P^T A is row perm[i] of A."""
    batch = pivots.shape[:-1]
    rows = xp.arange(m)
    perm = xp.broadcast_to(rows, batch + (m,)).copy()
    for j in range(pivots.shape[-1]):
        target = (pivots[..., j] - 1).astype(xp.int64)[..., None]
        swapped = xp.take_along_axis(perm, target, axis=-1)  # (..., 1)
        current = perm[..., j:j + 1].copy()
        perm = xp.where(rows == target, current, perm)
        perm[..., j:j + 1] = swapped
    return perm


def permutation_matrix(xp, perm, dtype):
    """P (..., m, m) with A = P L U for the row order ``perm``: P[perm[i], i] = 1."""
    m = perm.shape[-1]
    return (xp.arange(m)[:, None] == perm[..., None, :]).astype(dtype)


def unpack_array(xp, lu):
    """(L, U) of a packed LU (..., m, n): L (..., m, k) unit lower triangular, U (..., k, n) upper triangular."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    lower = xp.tril(lu[..., :, :k], -1) + xp.eye(m, k, dtype=lu.dtype)
    upper = xp.triu(lu[..., :k, :])
    return lower, upper


def tri_solve(P, tri, b, upper, left=True):
    """X with tri X = B (``left``) or X tri = B, ``tri`` triangular (its other triangle is zero): substitution on
    the fast path, the differentiable ``linalg.solve_triangular`` under create_graph."""
    if P.differentiable:
        return triangular.solve_triangular(tri, b, upper=upper, left=left)
    if left:
        return triangular._substitute(P.xp, tri, b, upper)
    solved = triangular._substitute(P.xp, P.xp.swapaxes(tri, -1, -2), P.xp.swapaxes(b, -1, -2), not upper)
    return P.xp.swapaxes(solved, -1, -2)


def _mT(P, x):
    return P.swapaxes(x, -1, -2)


def lu_backward(P, perm, lower, upper, grad_l, grad_u):
    """PyTorch's linalg_lu_backward for A = P L U (real formulas): the gradient of A from those of L and U."""
    m, k = lower.shape[-2:]
    n = upper.shape[-1]
    lower_t, upper_t = _mT(P, lower), _mT(P, upper)
    if m == n:
        grad = P.tril(P.matmul(lower_t, grad_l), -1) if grad_l is not None else None
        if grad_u is not None:
            term = P.triu(P.matmul(grad_u, upper_t), 0)
            grad = term if grad is None else grad + term
        grad = tri_solve(P, upper_t, grad, False, left=False)
        grad = tri_solve(P, lower_t, grad, True)
    elif m < n:  # wide: U = [U1 | U2] with U1 square
        grad = P.matmul(lower_t, grad_l) if grad_l is not None else None
        if grad_u is not None:
            term = P.matmul(P.triu(grad_u, 0), upper_t)
            grad = -term if grad is None else grad - term
        grad = tri_solve(P, _mT(P, upper[..., :, :k]), P.tril(grad, -1), False, left=False)
        if grad_u is not None:
            grad = P.cat([grad + P.triu(grad_u[..., :, :k], 0), grad_u[..., :, k:]], -1)
        grad = tri_solve(P, lower_t, grad, True)
        if grad_u is None:
            grad = P.cat([grad, P.zeros_like(upper[..., :, k:])], -1)
    else:  # tall: L = [L1; L2] with L1 square
        grad = P.matmul(grad_u, upper_t) if grad_u is not None else None
        if grad_l is not None:
            term = P.matmul(lower_t, P.tril(grad_l, -1))
            grad = -term if grad is None else grad - term
        grad = tri_solve(P, _mT(P, lower[..., :k, :]), P.triu(grad, 0), True)
        if grad_l is not None:
            grad = P.cat([grad + P.tril(grad_l[..., :k, :], -1), grad_l[..., k:, :]], -2)
        grad = tri_solve(P, upper_t, grad, False, left=False)
        if grad_l is None:
            grad = P.cat([grad, P.zeros_like(lower[..., k:, :])], -2)
    return P.matmul(perm, grad)


class LinalgLuFactorExBackward0(Op):
    """(LU, pivots, info) of ``linalg.lu_factor_ex``; LU is differentiable, pivots and info are not."""

    __slots__ = ()
    multi_output = True
    num_outputs = 3
    nondiff_outputs = (1, 2)

    @staticmethod
    def forward(ctx, xp, a, pivot):
        lu, pivots, info = lu_factor_array(xp, a, pivot)
        perm = permutation_matrix(xp, permutation_of(xp, pivots, a.shape[-2]), a.dtype)
        ctx.save_for_backward(lu, perm)
        return lu, pivots, info

    @staticmethod
    def backward(ctx, P, grads):
        grad = grads[0]
        lu, perm = P.saved(ctx)
        m, n = lu.shape[-2:]
        k = min(m, n)
        lower = P.tril(lu[..., :, :k], -1) + P.eye_like(lu, m)[..., :, :k]
        upper = P.triu(lu[..., :k, :], 0)
        return lu_backward(P, perm, lower, upper, grad[..., :, :k], grad[..., :k, :])


class LinalgLuBackward0(Op):
    """(P, L, U) of ``linalg.lu``; L and U are differentiable, P is not."""

    __slots__ = ()
    multi_output = True
    num_outputs = 3
    nondiff_outputs = (0,)

    @staticmethod
    def forward(ctx, xp, a, pivot):
        lu, pivots, _ = lu_factor_array(xp, a, pivot)
        m = a.shape[-2]
        perm = permutation_matrix(xp, permutation_of(xp, pivots, m), a.dtype)
        lower, upper = unpack_array(xp, lu)
        ctx.save_for_backward(perm, lower, upper)
        return perm, lower, upper

    @staticmethod
    def backward(ctx, P, grads):
        _, grad_l, grad_u = grads
        perm, lower, upper = P.saved(ctx)
        if grad_l is None and grad_u is None:
            return None
        return lu_backward(P, perm, lower, upper, grad_l, grad_u)


def check_lu_input(name, A, pivot, short=None):
    """PyTorch's checks of an LU factorization's input: at least 2-D, a float or complex dtype that LAPACK has,
    and pivoting on the CPU. ``short``: the name in the dimension message where it differs."""
    if A.ndim < 2:
        raise RuntimeError(f"{short or name}: Expected tensor with 2 or more dimensions. Got size: {list(A.shape)} "
                           f"instead")
    suffix = "cpu" if A.device.type == "cpu" else "cuda"
    if not A.dtype.is_floating_point and not A.dtype.is_complex or A.dtype.itemsize == 2:
        raise NotImplementedError(f'"lu_{suffix}" not implemented for \'{A.dtype.scalar_type}\'')
    if not pivot and A.device.type == "cpu":
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def pivot_error(name, info, batched):
    """The RuntimeError of ``linalg.lu_factor`` for the first zero pivot in the host array ``info``."""
    flat = info.reshape(-1)
    batch = int((flat > 0).argmax())
    index = int(flat[batch])
    prefix = f"{name}: " + (f"(Batch element {batch}): " if batched else "")
    return RuntimeError(f"{prefix}U[{index},{index}] is zero and using it on lu_solve would result in a division by "
                        f"zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) "
                        f"or linalg.lu_factor_ex(A, pivot)")


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """The LU decomposition with partial pivoting of (batches of) matrices ``A`` ``(*, m, n)``, as
    ``torch.linalg.lu_factor_ex``: ``(LU, pivots, info)``, ``LU`` ``(*, m, n)`` holding L's strict lower part and
    U, ``pivots`` ``(*, min(m, n))`` int32 (LAPACK's 1-based row swaps), ``info`` ``(*)`` int32 (the first zero
    pivot, counted from 1; 0 when there is none). Float and complex dtypes (float16 raises NotImplementedError);
    ``pivot=False`` raises on the CPU, as PyTorch. Differentiable in ``LU`` (LinalgLuFactorExBackward0).
    ``check_errors=True`` raises for a zero pivot (on CUDA at the next synchronization, without waiting here).

    >>> import gradlib
    >>> gradlib.linalg.lu_factor_ex(gradlib.tensor([[1., 2.], [3., 4.]])).pivots
    tensor([2, 2], dtype=gradlib.int32)
    """
    check_lu_input("linalg.lu_factor_ex", A, pivot, "torch.lu_factor")
    lu_, pivots, info = LinalgLuFactorExBackward0.apply(A, bool(pivot))
    if check_errors:
        _check_pivots("torch.linalg.lu_factor_ex", info)
    return return_types.linalg_lu_factor_ex(lu_, pivots, info)


def raise_on_info(info, error, deferred):
    """Raise ``error(host_info)`` where the int32 tensor ``info`` is nonzero: at once on the host, at the next
    synchronization on a device (``backend.check``, run under the tensor's device guard: no wait here)."""
    array = info._array
    if not array.size:
        return
    backend = backend_of_array(array)
    with backend.guard(info._device):
        failed = (array != 0).any()
    backend.check(failed, lambda: error(backend.to_numpy(array)), deferred)


def _check_pivots(name, info):
    """Raise ``lu_factor``'s error where ``info`` holds a zero pivot."""
    deferred = RuntimeError(f"{name}: a U[i,i] is zero and using it on lu_solve would result in a division by zero.")
    raise_on_info(info, lambda host: pivot_error(name, host, host.ndim > 0), deferred)


def lu_factor(A, *, pivot=True):
    """``(LU, pivots)`` of ``linalg.lu_factor_ex``, raising a RuntimeError for a zero pivot (PyTorch's message,
    which names U[i,i] and the batch element; on CUDA at the next synchronization). Mirrors
    ``torch.linalg.lu_factor``.

    >>> import gradlib
    >>> LU, pivots = gradlib.linalg.lu_factor(gradlib.tensor([[1., 2.], [3., 4.]]))
    >>> LU
    tensor([[3.0000, 4.0000],
            [0.3333, 0.6667]])
    """
    check_lu_input("linalg.lu_factor", A, pivot, "torch.lu_factor")
    lu_, pivots, info = LinalgLuFactorExBackward0.apply(A, bool(pivot))
    _check_pivots("torch.linalg.lu_factor", info)
    return return_types.linalg_lu_factor(lu_, pivots)


def lu(A, *, pivot=True):
    """``(P, L, U)`` with A = P L U for (batches of) matrices ``A`` ``(*, m, n)``: P ``(*, m, m)`` a permutation
    matrix of A's dtype, L ``(*, m, k)`` unit lower triangular, U ``(*, k, n)`` upper triangular, k = min(m, n).
    Mirrors ``torch.linalg.lu``; L and U are differentiable (LinalgLuBackward0). A singular A does not raise.

    >>> import gradlib
    >>> P, L, U = gradlib.linalg.lu(gradlib.tensor([[1., 2.], [3., 4.]]))
    >>> P
    tensor([[0., 1.],
            [1., 0.]])
    """
    check_lu_input("linalg.lu", A, pivot)
    if A.dtype is dtypes.bool:
        raise NotImplementedError("\"lu_cpu\" not implemented for 'Bool'")
    perm, lower, upper = LinalgLuBackward0.apply(A, bool(pivot))
    return return_types.linalg_lu(perm, lower, upper)
