"""``nn.utils.parametrizations.orthogonal``'s parametrization: a matrix (or batch of matrices) kept orthogonal
through the matrix exponential or the Cayley map of a skew-symmetric matrix, or a product of Householder
reflectors, optionally on top of a fixed orthogonal ``base`` (PyTorch's "dynamic trivialization").

The maps follow PyTorch's ``torch/nn/utils/parametrizations.py`` step by step, so a parametrized weight and its
gradient are PyTorch's (to rounding). gradlib has no complex dtypes, so the unitary (complex) case never arises.
"""
import enum

from ... import _creation, _tensor, _type_info, autograd
from ...ops import arithmetic, decompositions, join, linalg, matrix_functions
from ..modules.module import Module

__all__ = ["_OrthMaps", "_Orthogonal", "householder_product", "is_orthogonal", "make_orthogonal"]


def householder_product(A, tau):
    """The first ``n`` columns of ``H_1 ... H_k`` for ``A`` (*, m, n) and ``tau`` (*, k), ``H_i = I - tau_i v_i
    v_i^T`` with ``v_i`` column i of ``A`` below the diagonal and 1 on it (PyTorch's
    ``torch.linalg.householder_product``, LAPACK's orgqr), composed of differentiable gradlib operations.

    >>> import gradlib
    >>> from gradlib.nn.utils._orthogonal import householder_product
    >>> householder_product(gradlib.zeros(3, 2), gradlib.zeros(2))
    tensor([[1., 0.],
            [0., 1.],
            [0., 0.]])
    """
    m, n = A.shape[-2], A.shape[-1]
    k = tau.shape[-1]
    unit = _creation.eye(m, n, dtype=A.dtype, device=A.device)
    reflectors = A.tril(-1) + unit  # column i: v_i
    Q = unit.expand(*A.shape[:-2], m, n)
    for index in range(k - 1, -1, -1):
        v = reflectors[..., :, index:index + 1]  # (*, m, 1)
        scale = tau[..., index:index + 1].unsqueeze(-1)  # (*, 1, 1)
        Q = Q - (scale * v) @ (v.mT @ Q)
    return Q


def is_orthogonal(Q):
    """PyTorch's ``_is_orthogonal``: ``Q^T Q`` equals the identity within ``10 * n * eps`` of Q's dtype."""
    n, k = Q.shape[-2], Q.shape[-1]
    identity = _creation.eye(k, dtype=Q.dtype, device=Q.device)
    eps = 10.0 * n * _type_info.finfo(Q.dtype).eps
    return bool((Q.mT @ Q).allclose(identity, atol=eps))


def make_orthogonal(A):
    """The Q factor of ``A = QR`` (A tall) with ``diag(R)`` non-negative (PyTorch's ``_make_orthogonal``)."""
    Q, R = decompositions.qr(A)
    return Q * R.diagonal(dim1=-2, dim2=-1).sign().unsqueeze(-2)


def geqrf(A):
    """LAPACK's geqrf of ``A`` (*, m, n): the reflectors below the diagonal and R on and above it, and ``tau``
    (PyTorch's ``torch.geqrf``; not differentiable, as PyTorch's)."""
    backend = A.device._backend
    xp = backend.xp
    with backend.guard(A.device):  # on A's GPU, whichever is current
        raw, tau = xp.linalg.qr(A.detach()._array, mode="raw")  # LAPACK's (Fortran-ordered) geqrf: transposed
        reflectors = xp.ascontiguousarray(xp.swapaxes(raw, -1, -2))
        tau = xp.ascontiguousarray(tau)
    return _tensor.wrap(reflectors, A.device), _tensor.wrap(tau, A.device)


class _OrthMaps(enum.Enum):
    matrix_exp = enum.auto()
    cayley = enum.auto()
    householder = enum.auto()


class _Orthogonal(Module):
    """The orthogonal parametrization (see the module docstring); ``base`` is a buffer under
    ``use_trivialization``."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        if weight.dtype.is_complex and orthogonal_map == _OrthMaps.householder:
            raise ValueError("The householder parametrization does not support complex tensors.")
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map in (_OrthMaps.matrix_exp, _OrthMaps.cayley):
            X = X.tril()
            if n != k:
                zeros = X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)
                X = join.cat([X, zeros], dim=-1)
            A = X - X.mH
            if self.orthogonal_map == _OrthMaps.matrix_exp:
                Q = matrix_functions.matrix_exp(A)
            else:
                identity = _creation.eye(n, dtype=A.dtype, device=A.device)
                Q = linalg.solve(arithmetic.add(identity, A, alpha=-0.5), arithmetic.add(identity, A, alpha=0.5))
            if n != k:
                Q = Q[..., :k]
        else:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = householder_product(A, tau)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if hasattr(self, "base"):
            Q = self.base @ Q
        if transposed:
            Q = Q.mT
        return Q

    def right_inverse(self, Q):
        with autograd.no_grad():
            return self._right_inverse(Q)

    def _right_inverse(self, Q):
        if Q.shape != self.shape:
            raise ValueError(f"Expected a matrix or batch of matrices of shape {self.shape}. "
                             f"Got a tensor of shape {Q.shape}.")
        Q_init = Q
        n, k = Q.size(-2), Q.size(-1)
        transpose = n < k
        if transpose:
            Q = Q.mT
            n, k = k, n
        if not hasattr(self, "base"):
            if self.orthogonal_map in (_OrthMaps.cayley, _OrthMaps.matrix_exp):
                raise NotImplementedError("It is not possible to assign to the matrix exponential "
                                          "or the Cayley parametrizations when use_trivialization=False.")
            A, tau = geqrf(Q)
            # diag(A) = diag(R): its signs, flipped where LAPACK used no reflection (tau exactly 0)
            signs = A.diagonal(dim1=-2, dim2=-1).sign() * (1.0 - 2.0 * (tau == 0.0).to(A.dtype))
            eye = _creation.eye(n, k, dtype=A.dtype, device=A.device)
            A = A * (1 - eye) + eye * signs.unsqueeze(-2)
            return A.mT if transpose else A
        if n == k:
            Q = Q.clone() if is_orthogonal(Q) else make_orthogonal(Q)
        else:
            N = _creation.randn(*(tuple(Q.shape[:-2]) + (n, n - k)), dtype=Q.dtype, device=Q.device)
            Q = make_orthogonal(join.cat([Q, N], dim=-1))
        self.base = Q
        # -I (Q_init's shape): householder of zeros is then the identity
        eye = _creation.eye(Q_init.size(-2), Q_init.size(-1), dtype=Q_init.dtype, device=Q_init.device)
        return _creation.zeros_like(Q_init) - eye
