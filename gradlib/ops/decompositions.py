"""Matrix decompositions and what is built on them: svd, svdvals, qr, eigh, eigvalsh, pinv, lstsq.

Backward formulas are PyTorch's (FunctionsManual.cpp: ``svd_backward``, ``linalg_qr_backward``,
``linalg_eig_backward`` for Hermitian input, ``pinv_backward``), restated for real matrices and written against
the primitives namespace ``F``, so that they are differentiable again. Like PyTorch's, the gradients of singular
vectors and eigenvectors are defined only for distinct singular values / eigenvalues and gauge-invariant losses.
"""
import warnings

from .. import _tensor, dtypes, return_types
from ..autograd import capture as _capture
from ..backends import backend_of_array
from . import linalg
from . import complex_support
from ._op import Op
from . import _broadcast
from .join import cat

__all__ = ["svd", "svdvals", "qr", "eigh", "eigvalsh", "pinv", "lstsq", "matrix_rank", "svd_legacy", "qr_legacy",
           "pinverse"]


def _mT(P, x):
    return P.swapaxes(x, -1, -2)


def _mH(P, x):
    """The conjugate transpose (the transpose of a real matrix)."""
    return P.conj(P.swapaxes(x, -1, -2))


def _diag(P, vector):
    """The diagonal matrices with ``vector`` (..., k) on their diagonals."""
    return P.expand_dims(vector, -1) * P.eye_like(vector, vector.shape[-1])


def _with_unit_diagonal(P, matrix):
    """``matrix`` with its diagonal replaced by ones (the differences of eigenvalues, safe to divide by)."""
    eye = P.eye_like(matrix, matrix.shape[-1])
    return matrix * (1 - eye) + eye


class LinalgSvdBackward0(Op):
    """(U, S, Vh) with A = U diag(S) Vh, singular values descending. The gradient is PyTorch's svd_backward, with
    conjugate transposes for complex input (``complex_aware``), where the diagonal also takes
    diag(U^H gU - gU^H U) / (2S) (the phase of each singular pair, which a loss may not depend on)."""

    __slots__ = ("full",)
    saved_names = ("U", "S", "Vh")
    saved_scalars = {"S_sym_argsize_minus_1": lambda node: min(node.input_shape(0)[-2:]), "full_matrices": "full"}
    multi_output = True
    num_outputs = 3
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, full_matrices):
        ctx.full = full_matrices
        u, s, vh = _lapack(xp, "svd", xp.linalg.svd, a, full_matrices=full_matrices)
        ctx.save_for_backward(u, s, vh)
        return u, s, vh

    @staticmethod
    def backward(ctx, P, grads):
        grad_u, grad_s, grad_vh = grads
        u, s, vh = P.saved(ctx)
        m, n = ctx.input_shape(0)[-2:]
        k = min(m, n)
        dtype = ctx.input_dtype(0)
        adjoint = (lambda x: _mH(P, x)) if dtype.kind == "c" else (lambda x: _mT(P, x))
        if ctx.full:  # only the first k singular vectors take part (PyTorch narrows them too)
            u = u[..., :, :k]
            vh = vh[..., :k, :]
            grad_u = None if grad_u is None else grad_u[..., :, :k]
            grad_vh = None if grad_vh is None else grad_vh[..., :k, :]
        if grad_u is None and grad_vh is None:
            if dtype.kind == "c":
                return P.matmul(P.matmul(u, P.cast(_diag(P, grad_s), dtype)), vh)
            return P.matmul(P.matmul(u, _diag(P, grad_s)), vh)
        v = adjoint(vh)
        grad_v = None if grad_vh is None else adjoint(grad_vh)
        square = s * s
        gaps = _with_unit_diagonal(P, P.expand_dims(square, -2) - P.expand_dims(square, -1))
        inner = None
        uhgu = None
        if grad_u is not None:
            uhgu = P.matmul(adjoint(u), grad_u)
            uhgu = uhgu - adjoint(uhgu)
            inner = uhgu * P.expand_dims(s, -2)
        if grad_v is not None:
            vhgv = P.matmul(adjoint(v), grad_v)
            vhgv = vhgv - adjoint(vhgv)
            term = P.expand_dims(s, -1) * vhgv
            inner = term if inner is None else inner + term
        if dtype.kind == "c":
            _check_phase_free(uhgu, None if grad_v is None else vhgv)
        grad_a = inner / gaps
        if grad_s is not None:
            grad_a = grad_a + _diag(P, grad_s)
        if dtype.kind == "c" and uhgu is not None:
            grad_a = grad_a + _diag(P, P.diagonal(uhgu, 0, -2, -1) / (2 * s))
        if m > k and grad_u is not None:
            grad_a = P.matmul(u, grad_a)
            scaled = grad_u / P.expand_dims(s, -2)
            grad_a = grad_a + scaled - P.matmul(u, P.matmul(adjoint(u), scaled))
            return P.matmul(grad_a, vh)
        if n > k and grad_v is not None:
            grad_a = P.matmul(grad_a, vh)
            scaled = adjoint(grad_v) / P.expand_dims(s, -1)
            grad_a = grad_a + scaled - P.matmul(P.matmul(scaled, v), vh)
            return P.matmul(u, grad_a)
        return P.matmul(P.matmul(u, grad_a), vh)


def _check_phase_free(uhgu, vhgv):
    """PyTorch's check that the loss does not depend on the phase of each complex singular pair (u_i e^{i phi},
    v_i e^{i phi}): Im diag(U^H gU) = -Im diag(V^H gV) up to rtol = atol = 1e-2 (of the skew-Hermitian parts
    given). The comparison is read on the host: on CUDA a sync, as PyTorch's ``allclose``."""
    raw = [x._array if isinstance(x, _tensor.Tensor) else x for x in (uhgu, vhgv)]
    first, second = (None if x is None else x.diagonal(0, -2, -1).imag for x in raw)
    first = second * 0 if first is None else first
    second = first * 0 if second is None else second
    if not bool(backend_of_array(first).xp.allclose(first, -second, rtol=1e-2, atol=1e-2)):
        raise RuntimeError("svd_backward: The singular vectors in the complex case are specified up to "
                           "multiplication by e^{i phi}. The specified loss function depends on this phase term, "
                           "making it ill-defined.")


class LinalgEighBackward0(Op):
    """(eigenvalues ascending, eigenvectors) of a symmetric (complex: Hermitian) matrix, reading the ``uplo``
    triangle. The formula is PyTorch's with conjugate transposes (``complex_aware``: the conjugations are its own;
    for real matrices they are the identity)."""

    __slots__ = ()
    saved_names = ('eigenvalues', 'eigenvectors')
    multi_output = True
    num_outputs = 2
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, uplo):
        values, vectors = _lapack(xp, "eigh", xp.linalg.eigh, a, UPLO=uplo)
        ctx.save_for_backward(values, vectors)
        return values, vectors

    @staticmethod
    def backward(ctx, P, grads):
        grad_values, grad_vectors = grads
        values, vectors = P.saved(ctx)
        vectors_h = _mH(P, vectors)
        if grad_vectors is None:
            middle = _diag(P, grad_values)
        else:
            vhgv = P.matmul(vectors_h, grad_vectors)
            vhgv = (vhgv - _mH(P, vhgv)) * 0.5
            gaps = _with_unit_diagonal(P, P.expand_dims(values, -2) - P.expand_dims(values, -1))
            middle = vhgv / gaps
            if grad_values is not None:
                middle = middle + _diag(P, grad_values)
        dtype = ctx.input_dtype(0)
        if dtype.kind == "c":  # real eigenvalues' gradient, a Hermitian matrix's complex vectors: one dtype for matmul
            middle = P.cast(middle, dtype)
        return P.matmul(vectors, P.matmul(middle, vectors_h))


def _copy_lower_to_upper(P, matrix):
    """The symmetric matrix with ``matrix``'s lower triangle (diagonal included)."""
    return P.tril(matrix, 0) + _mT(P, P.tril(matrix, -1))


def _qr_backward_tall(P, q, r, grad_q, grad_r, complex_dtype=None):
    """A = QR with m >= n: gA = (gQ + Q copyltu(M)) R^-T, M = R gR^T - gQ^T Q. Complex (R's diagonal real, as
    LAPACK's): PyTorch's gA = (gQ + Q syminvadj(triu(N))) R^-H, N = gR R^H - Q^H gQ, syminvadj(X) = X + X^H with
    the real part of the diagonal halved. ``complex_dtype``: the input's (NumPy) dtype when it is complex."""
    if complex_dtype is not None:
        return _qr_backward_tall_complex(P, q, r, grad_q, grad_r, complex_dtype)
    m_matrix = None
    if grad_r is not None:
        m_matrix = P.matmul(r, _mT(P, grad_r))
    if grad_q is not None:
        term = P.matmul(_mT(P, grad_q), q)
        m_matrix = -term if m_matrix is None else m_matrix - term
    total = P.matmul(q, _copy_lower_to_upper(P, m_matrix))
    if grad_q is not None:
        total = total + grad_q
    # total R^-T = (R^-1 total^T)^T
    return _mT(P, _solve_upper(P, r, _mT(P, total)))


def _qr_backward_tall_complex(P, q, r, grad_q, grad_r, dtype):
    n_matrix = None
    if grad_r is not None:
        n_matrix = P.matmul(grad_r, _mH(P, r))
    if grad_q is not None:
        term = P.matmul(_mH(P, q), grad_q)
        n_matrix = -term if n_matrix is None else n_matrix - term
    strict = P.triu(n_matrix, 1)
    diagonal = P.cast(P.real(P.diagonal(n_matrix, 0, -2, -1)), dtype)
    total = P.matmul(q, strict + _mH(P, strict) + _diag(P, diagonal))
    if grad_q is not None:
        total = total + grad_q
    # total R^-H = (R^-1 total^H)^H
    return _mH(P, _solve_upper(P, r, _mH(P, total)))


def _solve_upper(P, r, b):
    """X with R X = B for upper-triangular R (..., n, n), by back substitution as LAPACK's trsm (PyTorch's
    linalg.solve_triangular): a zero on R's diagonal (a rank-deficient input) gives inf and NaN, as in PyTorch,
    where a general solve would raise."""
    n = r.shape[-1]
    if not P.differentiable:
        xp = P.xp
        x = xp.empty(xp.broadcast_shapes(r.shape[:-2], b.shape[:-2]) + b.shape[-2:], dtype=b.dtype)
        for i in range(n - 1, -1, -1):
            row = b[..., i, :]
            if i < n - 1:
                row = row - xp.matmul(r[..., i:i + 1, i + 1:], x[..., i + 1:, :])[..., 0, :]
            x[..., i, :] = row / r[..., i, i, None]
        return x
    solved = None
    for i in range(n - 1, -1, -1):
        row = b[..., i:i + 1, :]
        if solved is not None:
            row = row - P.matmul(r[..., i:i + 1, i + 1:], solved)
        row = row / r[..., i:i + 1, i:i + 1]
        solved = row if solved is None else P.cat([row, solved], -2)
    return b * 1 if solved is None else solved  # n = 0: nothing to solve (a new tensor, as the other paths)


class LinalgQrBackward0(Op):
    """(Q, R) with A = QR; PyTorch's linalg_qr_backward, with conjugate transposes for complex input
    (``complex_aware``)."""

    __slots__ = ("mode",)
    saved_names = (None, 'Q', 'R')
    saved_scalars = {'mode': 'mode'}
    multi_output = True
    num_outputs = 2
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, mode):
        ctx.mode = mode
        if mode == "r":
            r = xp.linalg.qr(a, mode="r")
            ctx.save_for_backward(a)
            return xp.zeros((0,), dtype=a.dtype), r
        q, r = xp.linalg.qr(a, mode=mode)
        ctx.save_for_backward(a, q, r)
        return q, r

    @staticmethod
    def backward(ctx, P, grads):
        grad_q, grad_r = grads
        m, n = ctx.input_shape(0)[-2:]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        a, q, r = P.saved(ctx)
        dtype = ctx.input_dtype(0)
        complex_dtype = dtype if dtype.kind == "c" else None
        adjoint = (lambda x: _mH(P, x)) if complex_dtype is not None else (lambda x: _mT(P, x))
        if m >= n:
            return _qr_backward_tall(P, q, r, grad_q, grad_r, complex_dtype)
        # Wide: A = Q [U | V] with U square; X = A[:, :m] = Q U, Y = A[:, m:] = Q V.
        y = a[..., :, m:]
        u = r[..., :, :m]
        grad_u = None if grad_r is None else grad_r[..., :, :m]
        grad_v = None if grad_r is None else grad_r[..., :, m:]
        if grad_v is not None:
            shifted = P.matmul(y, adjoint(grad_v))
            grad_q = shifted if grad_q is None else grad_q + shifted
            grad_y = P.matmul(q, grad_v)
        else:
            grad_y = y * 0
        grad_x = _qr_backward_tall(P, q, u, grad_q, grad_u, complex_dtype)
        if isinstance(grad_x, _tensor.Tensor):
            return cat([grad_x, grad_y], -1)
        return P.xp.concatenate((grad_x, grad_y), axis=-1)


class LinalgPinvBackward0(Op):
    """The pseudo-inverse; PyTorch's pinv_backward (constant rank), with conjugate transposes for complex input
    (``complex_aware``)."""

    __slots__ = ()
    saved_names = ('self', 'result')
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, pinv_array):
        ctx.save_for_backward(a, pinv_array)
        return pinv_array

    @staticmethod
    def backward(ctx, P, grad):
        a, pinv_a = P.saved(ctx)
        return pinv_backward(P, grad, pinv_a, a)


def pinv_backward(P, grad, pinv_a, a):
    m, n = a.shape[-2:]
    complex_values = a.dtype.is_complex if P.differentiable else a.dtype.kind == "c"
    adjoint = (lambda x: _mH(P, x)) if complex_values else (lambda x: _mT(P, x))
    pinv_h = adjoint(pinv_a)
    grad_h = adjoint(grad)
    if m <= n:
        k = P.matmul(grad_h, pinv_a)
        k_pinv_h = P.matmul(k, pinv_h)
        return (-adjoint(P.matmul(pinv_a, k)) + k_pinv_h - P.matmul(P.matmul(a, pinv_a), k_pinv_h)
                + P.matmul(P.matmul(pinv_h, pinv_a), grad_h - P.matmul(k, a)))
    k = P.matmul(pinv_a, grad_h)
    pinv_h_k = P.matmul(pinv_h, k)
    return (-adjoint(P.matmul(k, pinv_a)) + pinv_h_k - P.matmul(P.matmul(pinv_h_k, pinv_a), a)
            + P.matmul(P.matmul(grad_h - P.matmul(a, k), pinv_a), pinv_h))


class LinalgLstsqBackward0(Op):
    """The least-squares solution X = pinv(A) B; gradients through the pseudo-inverse (PyTorch's, with conjugate
    transposes for complex input: ``complex_aware``)."""

    __slots__ = ("vector", "cutoff")
    saved_names = ('self', 'b')
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a, b, pinv_array, vector, cutoff):
        ctx.vector, ctx.cutoff = vector, cutoff
        rhs = b[..., None] if vector else b
        out = xp.matmul(pinv_array, rhs)
        ctx.save_for_backward(a, b, pinv_array)
        return out[..., 0] if vector else out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, pinv_a = P.saved(ctx)
        if isinstance(a, _tensor.Tensor):  # under create_graph the pseudo-inverse must depend on A again
            pinv_a = pinv(a, rtol=ctx.cutoff)
        needs = ctx.needs_input_grad
        adjoint = (lambda x: _mH(P, x)) if ctx.input_dtype(0).kind == "c" else (lambda x: _mT(P, x))
        if ctx.vector:
            grad = P.expand_dims(grad, -1)
            b = P.expand_dims(b, -1)
        grad_a = pinv_backward(P, P.matmul(grad, adjoint(b)), pinv_a, a) if needs[0] else None
        grad_b = None
        if needs[1]:
            grad_b = P.matmul(adjoint(pinv_a), grad)
            if ctx.vector:
                grad_b = P.sum(grad_b, -1)
        return grad_a, grad_b


# ----- checks and public functions --------------------------------------------------------------------------------
_CONVERGENCE = {
    "svd": "linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
    "eigh": "linalg.eigh: The algorithm failed to converge because the input matrix is ill-conditioned or has too "
            "many repeated eigenvalues.",
    "eig": "torch.linalg.eig: input tensor should not contain infs or NaNs.",
}


def _lapack(xp, name, function, *args, **kwargs):
    """``function(*args)``, with LAPACK's failure to converge (a NaN input) as PyTorch's LinAlgError rather than
    NumPy's."""
    try:
        return function(*args, **kwargs)
    except getattr(xp.linalg, "LinAlgError", ()):
        raise linalg._LinAlgError(_CONVERGENCE[name]) from None


# PyTorch's CPU kernels without a float16 version, by gradlib function
_HALF_KERNELS = {"svd": "linalg_svd_cpu", "svdvals": "linalg_svd_cpu", "eigh": "linalg_eigh_cpu",
                 "eigvalsh": "linalg_eigh_cpu", "qr": "geqrf_cpu"}


def _check_float(name, a, driver=None):
    if a.dtype.is_complex and not complex_support.linalg_accepts(name, a.dtype):
        raise NotImplementedError(f"linalg.{name} of complex matrices is not supported by gradlib yet; "
                                  f"linalg.eigh, eigvalsh, eig, eigvals, solve, inv and det take them")
    if not a.dtype.is_floating_point and not a.dtype.is_complex:
        if name == "eigh":  # PyTorch's eigh checks no dtype before its kernel
            raise NotImplementedError(f'"linalg_eigh_cpu" not implemented for \'{a.dtype.scalar_type}\'')
        raise RuntimeError(f"linalg.{name}: Expected a floating point or complex tensor as input. Got "
                           f"{a.dtype.scalar_type}")
    _check_driver(driver)
    if a.dtype.itemsize == 2:
        if name in _HALF_KERNELS:
            raise NotImplementedError(f'"{_HALF_KERNELS[name]}" not implemented for \'{a.dtype.scalar_type}\'')
        raise RuntimeError(f"linalg.{name}: Low precision dtypes not supported. Got {a.dtype.scalar_type}")


def _check_matrix(name, a, driver=None):
    linalg.check_matrix(f"linalg.{name}", a)
    _check_float(name, a, driver)


def _check_square(name, a):
    linalg.check_square(f"linalg.{name}", a)
    _check_float(name, a)


def _check_driver(driver):
    """PyTorch's CPU refusal of svd's ``driver=`` (cuSOLVER's choice of algorithm); gradlib refuses it on every
    device (CuPy's svd has no choice)."""
    if driver is not None:
        raise RuntimeError("gradlib.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")


def _check_general(name, a):
    """eig's checks: PyTorch names no complex type for an integer input before it checks the shape."""
    if not a.dtype.is_floating_point and not a.dtype.is_complex:
        raise RuntimeError(f"Unknown Complex ScalarType for {a.dtype.scalar_type}")
    _check_square(name, a)


def svd(A, full_matrices=True, *, driver=None):
    """``(U, S, Vh)`` with ``A = U @ diag(S) @ Vh`` for (batches of) real or complex matrices, singular values
    descending (real), as ``torch.linalg.svd``; ``full_matrices=False`` gives the reduced factors (k = min(m, n)
    columns). Differentiable (PyTorch's svd_backward): the singular vectors' gradient needs distinct singular values
    and a loss that does not depend on their signs (complex: their phases; backward raises RuntimeError, as
    PyTorch's, when it does). Raises RuntimeError for fewer than 2 dims or integer input.

    >>> import gradlib
    >>> gradlib.linalg.svd(gradlib.tensor([[3., 0.], [0., -2.]])).S
    tensor([3., 2.])
    """
    _check_matrix("svd", A, driver if A.numel() else None)  # empty: no LAPACK call, no driver
    u, s, vh = LinalgSvdBackward0.apply(A, bool(full_matrices))
    return return_types.linalg_svd(u, s, vh)


def svdvals(A, *, driver=None):
    """The singular values of (batches of) matrices, descending (``torch.linalg.svdvals``); differentiable.

    >>> import gradlib
    >>> gradlib.linalg.svdvals(gradlib.tensor([[0., 2.], [1., 0.]]))
    tensor([2., 1.])
    """
    _check_matrix("svd", A, driver if A.numel() else None)  # svdvals is linalg.svd; empty: no driver check
    return LinalgSvdBackward0.apply(A, False)[1]


def qr(A, mode="reduced"):
    """``(Q, R)`` with ``A = Q @ R``, Q with orthonormal columns and R upper triangular, as ``torch.linalg.qr``:
    ``mode`` 'reduced' (k = min(m, n) columns), 'complete' (Q square) or 'r' (an empty Q). Differentiable for
    'reduced', and 'complete' when m <= n; 'r' raises on backward, as PyTorch.

    >>> import gradlib
    >>> gradlib.linalg.qr(gradlib.tensor([[3., 1.], [4., 2.]])).R.abs()
    tensor([[5.0000, 2.2000],
            [0.0000, 0.4000]])
    """
    linalg.check_matrix("linalg.qr", A)
    if not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"linalg.qr: Expected a floating point or complex tensor as input. Got "
                           f"{A.dtype.scalar_type}")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or "
                           "'complete'")
    _check_matrix("qr", A)
    q, r = LinalgQrBackward0.apply(A, mode)
    return return_types.linalg_qr(q, r)


def eigh(A, UPLO="L"):
    """``(eigenvalues, eigenvectors)`` of (batches of) symmetric (complex: Hermitian) matrices, eigenvalues ascending, reading the
    ``UPLO`` ('L' or 'U') triangle, as ``torch.linalg.eigh``. Differentiable (eigenvector gradients need distinct
    eigenvalues and a sign-invariant loss).

    >>> import gradlib
    >>> gradlib.linalg.eigh(gradlib.tensor([[2., 1.], [1., 2.]])).eigenvalues
    tensor([1., 3.])
    """
    linalg.check_square("linalg.eigh", A)
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_square("eigh", A)
    values, vectors = LinalgEighBackward0.apply(A, UPLO)
    return return_types.linalg_eigh(values, vectors)


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (ascending, real) of symmetric (complex: Hermitian) matrices (``torch.linalg.eigvalsh``);
    differentiable.

    >>> import gradlib
    >>> gradlib.linalg.eigvalsh(gradlib.tensor([[2., 1.], [1., 2.]]))
    tensor([1., 3.])
    """
    linalg.check_square("linalg.eigh", A)  # PyTorch's eigvalsh is its linalg.eigh
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_square("eigh", A)
    return LinalgEighBackward0.apply(A, UPLO)[0]


def svd_legacy(input, some=True, compute_uv=True):
    """``torch.svd``: ``(U, S, V)`` (V, not Vh), reduced unless ``some=False``; with ``compute_uv=False`` U and V
    are zeros, as PyTorch's.

    >>> import gradlib
    >>> gradlib.svd(gradlib.tensor([[3., 0.], [0., -2.]])).S
    tensor([3., 2.])
    """
    _check_matrix("svd", input)
    u, s, vh = LinalgSvdBackward0.apply(input, not some)
    if not compute_uv:
        zeros = _tensor.wrap  # PyTorch returns zero-filled U and V
        backend = input._device._backend
        with backend.guard(input._device):
            u = zeros(backend.xp.zeros(u.shape, dtype=u._array.dtype), input._device)
            v = zeros(backend.xp.zeros(vh.shape[:-2] + (vh.shape[-1], vh.shape[-2]), dtype=vh._array.dtype),
                      input._device)
        return return_types.svd(u, s, v)
    return return_types.svd(u, s, vh.mH)  # V = Vh^H


_QR_WARNED = []


def qr_legacy(input, some=True):
    """``torch.qr``: ``linalg.qr`` with ``some=True`` meaning mode 'reduced', else 'complete' (deprecated in
    PyTorch, with the UserWarning it gives)."""
    if not _QR_WARNED:
        _QR_WARNED.append(True)
        warnings.warn("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
                      "release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.\n"
                      "Q, R = torch.qr(A, some)\nshould be replaced with\n"
                      "Q, R = torch.linalg.qr(A, 'reduced' if some else 'complete')", UserWarning, stacklevel=2)
    q, r = qr(input, "reduced" if some else "complete")
    return return_types.qr(q, r)


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: ``linalg.pinv`` with singular values below ``rcond`` times the largest dropped.

    >>> import gradlib
    >>> gradlib.pinverse(gradlib.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    return pinv(input, rtol=rcond)


def matrix_rank(input, tol=None, hermitian=False, *, atol=None, rtol=None):
    """The number of singular values (|eigenvalues| when hermitian) above ``max(atol, rtol * largest)`` (rtol
    defaults to max(m, n) * eps when neither is given), as ``torch.linalg.matrix_rank``; int64.

    >>> import gradlib
    >>> gradlib.linalg.matrix_rank(gradlib.tensor([[1., 2.], [2., 4.]]))
    tensor(1)
    """
    A = input  # PyTorch's parser name; tol= is its older absolute tolerance (atol=tol, rtol=0)
    if tol is not None:
        if atol is not None or rtol is not None:
            raise TypeError("linalg.matrix_rank() takes tol or atol/rtol, not both")
        atol, rtol = tol, 0.0
    # PyTorch's order: the dims, the default rtol's epsilon (float and double only), then svdvals' (eigvalsh's)
    linalg.check_matrix("gradlib.linalg.matrix_rank", A, "input")
    if rtol is None:
        _check_epsilon(A)
    hermitian = hermitian and A.numel() > 0  # an empty A: PyTorch's rank is 0 without eigvalsh's square check
    if hermitian:
        _check_square("eigh", A)
    else:
        _check_matrix("svd", A)
    backend = A._device._backend
    xp = backend.xp
    m, n = A.shape[-2:]
    atol, rtol = _tolerance(atol), _tolerance(rtol)
    if atol is None and rtol is None:
        rtol = max(m, n) * float(xp.finfo(A._array.dtype).eps)
    with backend.guard(A._device):
        rank = _capture.replayed(_rank_array, xp, A._array, atol, rtol, hermitian)
    return _tensor.wrap(rank, A._device)


def _rank_array(xp, a, atol, rtol, hermitian):
    values = xp.abs(_lapack(xp, "eigh", xp.linalg.eigvalsh, a)) if hermitian else _lapack(xp, "svd", xp.linalg.svd, a, compute_uv=False)
    largest = values.max(axis=-1, keepdims=True) if values.shape[-1] else values
    rank = (values > xp.maximum(atol or 0.0, (rtol or 0.0) * largest)).sum(axis=-1).astype(xp.int64)
    return xp.asarray(rank)  # one matrix: NumPy's sum gives a scalar, a tensor holds a 0-d array


def _pinv_array(xp, a, atol, rtol, hermitian):
    """The pseudo-inverse with singular values (|eigenvalues| when hermitian) below max(atol, rtol * largest)
    treated as zero; rtol defaults to max(m, n) * eps when neither is given (PyTorch's rule)."""
    m, n = a.shape[-2:]
    eps = xp.finfo(a.dtype).eps
    if atol is None and rtol is None:
        rtol = max(m, n) * eps
    atol = 0.0 if atol is None else atol
    rtol = 0.0 if rtol is None else rtol
    if hermitian:
        values, vectors = _lapack(xp, "eigh", xp.linalg.eigh, a)
        magnitude = xp.abs(values)
        largest = magnitude.max(axis=-1, keepdims=True) if values.shape[-1] else magnitude
        keep = magnitude > xp.maximum(atol, rtol * largest)
        inverse = xp.where(keep, 1 / xp.where(keep, values, 1), 0)
        return xp.matmul(vectors * inverse[..., None, :], xp.conj(xp.swapaxes(vectors, -1, -2)))
    u, s, vh = _lapack(xp, "svd", xp.linalg.svd, a, full_matrices=False)
    largest = s[..., :1] if s.shape[-1] else s
    keep = s > xp.maximum(atol, rtol * largest)
    inverse = xp.where(keep, 1 / xp.where(keep, s, 1), 0)
    return xp.matmul(xp.conj(xp.swapaxes(vh, -1, -2)) * inverse[..., None, :], xp.conj(xp.swapaxes(u, -1, -2)))


def _lstsq_arrays(xp, a, cutoff):
    """``lstsq``'s singular values, rank and pseudo-inverse of ``a``."""
    s = _lapack(xp, "svd", xp.linalg.svd, a, compute_uv=False)
    largest = s[..., :1] if s.shape[-1] else s
    rank = (s > cutoff * largest).sum(axis=-1).astype(xp.int64)
    return s, rank, _pinv_array(xp, a, None, cutoff, False)


def _tolerance(value):
    if isinstance(value, _tensor.Tensor):
        raise TypeError("gradlib's pinv takes atol/rtol as Python numbers")
    return None if value is None else float(value)


def pinv(input, rcond=None, hermitian=False, *, atol=None, rtol=None):
    """The Moore-Penrose pseudo-inverse of (batches of) matrices, as ``torch.linalg.pinv``: singular values
    at most ``max(atol, rtol * largest)`` count as zero (``rtol`` defaults to ``max(m, n) * eps`` when neither
    is given); ``hermitian`` uses the symmetric eigendecomposition. Differentiable where the rank is constant.

    >>> import gradlib
    >>> gradlib.linalg.pinv(gradlib.tensor([[2., 0.], [0., 0.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    A = input  # PyTorch's parser name; rcond= is its older relative tolerance (atol=0, rtol=rcond)
    if rcond is not None:
        if atol is not None or rtol is not None:
            raise TypeError("linalg.pinv() takes rcond or atol/rtol, not both")
        atol, rtol = 0.0, rcond
    if atol is not None and rtol is None:  # the default rtol is computed first: A's size(-2), then epsilon
        if A.ndim == 0:
            raise IndexError("Dimension specified as -2 but tensor has no dimensions")
        if A.ndim == 1:
            raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got -2)")
        _check_epsilon(A)
    if A.ndim < 2 or A.dtype not in (dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128):
        raise RuntimeError(f"linalg.pinv({A.dtype.scalar_type}{{{list(A.shape)}}}): expected a tensor with 2 or more "
                           f"dimensions of float, double, cfloat or cdouble types")
    _check_matrix("pinv", A)
    hermitian = hermitian and A.numel() > 0  # an empty A: PyTorch's early return through svd
    backend = A._device._backend
    with backend.guard(A._device):
        array = _capture.replayed(_pinv_array, backend.xp, A._array, _tolerance(atol), _tolerance(rtol), hermitian)
    return LinalgPinvBackward0.apply(A, array)


def _check_epsilon(A):
    """PyTorch's ``_get_epsilon`` of A's real dtype (its default tolerances): float and double only."""
    if A.dtype not in (dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128):
        raise RuntimeError("This function doesn't handle types other than float and double")


def _lstsq_checks(A, B, rcond, driver):
    """``linalg_lstsq``'s checks in PyTorch's order: the dims, the dtypes, the rows, the driver (any case), the
    default rcond's epsilon (float and double only), the kernel's dtypes, then A's low precision. Returns whether B
    is a (batch of) vector(s) and the driver's name."""
    if A.ndim < 2:
        raise RuntimeError("gradlib.linalg.lstsq: input must have at least 2 dimensions.")
    if B.ndim < 1:
        raise RuntimeError("gradlib.linalg.lstsq: other must have at least 1 dimension.")
    if B.dtype is not A.dtype:
        raise RuntimeError(f"gradlib.linalg.lstsq: Expected input and other to have the same dtype, but got "
                           f"input's dtype {A.dtype.scalar_type} and other's dtype {B.dtype.scalar_type}")
    if not 0 <= A.ndim - B.ndim <= 1:
        raise RuntimeError("gradlib.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
                           "(input.dim() - other.dim()) <= 1")
    # the rows are checked with linalg.solve's notion of a vector B; the solution is computed with B one dim
    # shorter than A read as vectors (PyTorch's dim_diff), whose batch dims must broadcast with A's
    vector_rhs = linalg.is_vector_rhs(A.shape, B.shape)
    if A.shape[-2] != (B.shape[-1] if vector_rhs else B.shape[-2]):
        raise RuntimeError("gradlib.linalg.lstsq: input.size(-2) should match other.size(-1)" if vector_rhs else
                           "gradlib.linalg.lstsq: input.size(-2) should match other.size(-2)")
    vector = B.ndim == A.ndim - 1
    driver = "gelsy" if driver is None else driver.lower()
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError("gradlib.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    if rcond is None:
        _check_epsilon(A)
    _broadcast.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-1] if vector else B.shape[:-2]))
    if A.dtype not in (dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128):
        raise NotImplementedError(f'"linalg_lstsq_cpu" not implemented for \'{A.dtype.scalar_type}\'')
    _check_matrix("lstsq", A)
    return vector, driver


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of ``A X = B`` (minimum norm where A is rank-deficient), as
    ``torch.linalg.lstsq``: ``(solution, residuals, rank, singular_values)``. As PyTorch's CPU drivers:
    'gelsy' (the default) fills ``rank`` only; 'gelsd' and 'gelss' also the singular values and, when
    m > n, the squared residuals; 'gels' (full-rank inputs) only the residuals. Differentiable in A and B
    through the pseudo-inverse. Raises RuntimeError when the rows of A and B differ.

    >>> import gradlib
    >>> A = gradlib.tensor([[1., 0.], [0., 1.], [1., 1.]])
    >>> gradlib.linalg.lstsq(A, gradlib.tensor([[1.], [1.], [2.]])).solution
    tensor([[1.],
            [1.]])
    """
    wrap = _tensor.wrap
    vector, driver = _lstsq_checks(A, B, rcond, driver)
    m, n = A.shape[-2:]
    backend = A._device._backend
    xp = backend.xp
    with backend.guard(A._device):
        a = A._array
        eps = xp.finfo(a.dtype).eps
        cutoff = (max(m, n) * eps) if rcond is None else rcond
        s, rank, pinv_array = _capture.replayed(_lstsq_arrays, xp, a, cutoff)
        empty = wrap(xp.zeros((0,), dtype=s.dtype), A._device)  # residuals and singular values are real
        no_rank = wrap(xp.zeros((0,), dtype=xp.int64), A._device)
    solution = LinalgLstsqBackward0.apply(A, B, pinv_array, vector, cutoff)
    residuals = empty
    if driver in ("gelsd", "gelss", "gels") and m > n:
        difference = (A @ solution.unsqueeze(-1) if vector else A @ solution) - (B.unsqueeze(-1) if vector else B)
        if difference.is_complex():  # |difference|^2, real as PyTorch's
            residuals = (difference.real * difference.real + difference.imag * difference.imag).sum(-2)
        else:
            residuals = (difference * difference).sum(-2)
    rank_out = wrap(rank, A._device) if driver != "gels" else no_rank
    values = wrap(s, A._device) if driver in ("gelsd", "gelss") else empty
    return return_types.linalg_lstsq(solution, residuals, rank_out, values)
