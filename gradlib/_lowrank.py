"""``torch.svd_lowrank`` and ``torch.pca_lowrank`` (PyTorch's ``torch/_lowrank.py``): randomized low-rank SVD and
PCA after Halko, Martinsson and Tropp (2009), algorithms 4.4 (the approximate basis, with ``niter`` subspace
iterations) and 5.1. Written with gradlib's own functions, so they are differentiable where those are, and draw
their random matrix with ``randn`` in PyTorch's order (the same numbers after the same seed on the CPU).
"""
from . import _creation, _sparse_coo, _sparse_registry, dtypes, linalg
from .ops import linalg as _linalg_ops
from .sparse import mm as _sparse_mm
from .sparse import sum as _sparse_sum

__all__ = ["svd_lowrank", "pca_lowrank"]


def _matmul(a, b):
    """PyTorch's ``_linalg_utils.matmul``: a sparse left operand through ``sparse.mm``."""
    if _sparse_registry.is_sparse(a):
        return _sparse_mm(a, b)
    return _linalg_ops.matmul(a, b)


def _mH(a):
    """The conjugate transpose; of a sparse (2-D COO) matrix, built from its indices with rows and columns
    swapped (gradlib's sparse tensors have no transpose of their own)."""
    if not _sparse_registry.is_sparse(a):
        return a.mH
    a = a.coalesce()
    values = a.values().conj() if a.dtype.is_complex else a.values()
    return _sparse_coo.sparse_coo_tensor(a.indices().flip(0), values, (a.shape[1], a.shape[0])).coalesce()


def _floating_dtype(a):
    """PyTorch's ``_linalg_utils.get_floating_dtype``: the input's floating or complex dtype, float32 otherwise."""
    return a.dtype if a.dtype.is_floating_point else dtypes.float32


def get_approximate_basis(A, q, niter=2, M=None):
    """Q with q orthonormal columns such that Q Q^H (A - M) approximates A - M (Halko et al. algorithm 4.4)."""
    niter = 2 if niter is None else niter
    R = _creation.randn(A.shape[-1], q, dtype=_floating_dtype(A), device=A.device)
    X = _matmul(A, R)
    if M is not None:
        X = X - _matmul(M, R)
    Q = linalg.qr(X).Q
    for _ in range(niter):
        X = _matmul(_mH(A), Q)
        if M is not None:
            X = X - _matmul(_mH(M), Q)
        Q = linalg.qr(X).Q
        X = _matmul(A, Q)
        if M is not None:
            X = X - _matmul(M, Q)
        Q = linalg.qr(X).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    """``(U, S, V)`` with A - M ~ U diag(S) V^H for a matrix, a batch of matrices or a sparse matrix A of shape
    (*, m, n) (``torch.svd_lowrank``): U is (*, m, q), S (*, q), V (*, n, q). Randomized (``randn`` draws an
    (n, q) matrix, or (m, q) when m < n); ``niter`` subspace iterations refine it; ``M`` (broadcast to A's size)
    is subtracted without forming A - M. Dtypes: A's floating or complex dtype. For dense matrices
    ``linalg.svd`` is exact and faster.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> A = gradlib.outer(gradlib.tensor([1., 2., 3.]), gradlib.tensor([1., 0., -1., 2.]))
    >>> U, S, V = gradlib.svd_lowrank(A, q=2)
    >>> S[0].round(decimals=4), U.shape, V.shape
    (tensor(9.1652), gradlib.Size([3, 2]), gradlib.Size([4, 2]))
    """
    q = 6 if q is None else q
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.size())
    if m < n:
        A = _mH(A)
        if M is not None:
            M = _mH(M)
    Q = get_approximate_basis(A, q, niter=niter, M=M)
    B = _matmul(Q.mH, A)
    if M is not None:
        B = B - _matmul(Q.mH, M)
    U, S, Vh = linalg.svd(B, full_matrices=False)
    V = Vh.mH
    U = Q.matmul(U)
    if m < n:
        U, V = V, U
    return U, S, V


def pca_lowrank(A, q=None, center=True, niter=2):
    """``(U, S, V)``, a randomized SVD of the centered (*, m, n) data A (m samples, n features), as
    ``torch.pca_lowrank``: V's columns are the principal directions, ``S ** 2 / (m - 1)`` the covariance's
    eigenvalues, ``A @ V[:, :k]`` the projection on the first k components. ``q`` defaults to ``min(6, m, n)``;
    ``center=False`` assumes A centered. ValueError (PyTorch's messages) for q outside [0, min(m, n)] or a
    negative niter.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> A = gradlib.tensor([[1., 2.], [3., 4.], [5., 7.]])
    >>> U, S, V = gradlib.pca_lowrank(A, q=1)
    >>> (S ** 2 / 2).round(decimals=3)
    tensor([10.3010])
    """
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not (q >= 0 and q <= min(m, n)):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not (niter >= 0):
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return svd_lowrank(A, q, niter=niter, M=None)
    if _sparse_registry.is_sparse(A):
        if len(A.shape) != 2:
            raise ValueError("pca_lowrank input is expected to be 2-dimensional tensor")
        dtype = _floating_dtype(A)
        column_means = (_sparse_sum(A, dim=(-2,)).to_dense() / m).to(dtype)
        ones = _creation.ones(A.shape[:-2] + (1, m), dtype=dtype, device=A.device)
        M = (column_means.view(n, 1) @ ones).mT
        return svd_lowrank(A, q, niter=niter, M=M)
    C = A.mean(dim=(-2,), keepdim=True)
    return svd_lowrank(A - C, q, niter=niter, M=None)
