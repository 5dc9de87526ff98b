"""``linalg.householder_product`` (``torch.orgqr``): the first n columns of H_1 H_2 ... H_k, H_i = I - tau_i v_i v_i^H
with v_i = (0, ..., 0, 1, A[i+1:, i]) (LAPACK's orgqr), as one node, LinalgHouseholderProductBackward0.

The gradient, written for complex numbers (``complex_aware``): with L_i = H_1 ... H_{i-1}, R_i = H_{i+1} ... H_k E
(E the first n columns of the identity) and M_i = L_i^H G R_i^H, gtau_i = -v_i^H M_i v_i and
gv_i = -(conj(tau_i) M_i v_i + tau_i M_i^H v_i), of which A's column i below the diagonal takes rows i+1:.
"""
from ._op import Op, check_argument_devices

__all__ = ["householder_product", "orgqr"]


def _reflector_vectors(P, a, k):
    """v_1 .. v_k as the columns of an (..., m, k) matrix: A's strictly lower part with ones on the diagonal."""
    m = a.shape[-2]
    eye = P.eye_like(a, m)[..., :, :k]
    return P.tril(a[..., :, :k], -1) + eye


def _adjoint(P, x):
    return P.conj(P.swapaxes(x, -1, -2))


def _reflector(P, vectors, tau, i, identity):
    v = vectors[..., :, i:i + 1]
    return identity - P.expand_dims(P.expand_dims(tau[..., i], -1), -1) * P.matmul(v, _adjoint(P, v))


class LinalgHouseholderProductBackward0(Op):
    __slots__ = ()
    complex_aware = True
    saved_names = ("self", "tau")

    @staticmethod
    def forward(ctx, xp, a, tau):
        ctx.save_for_backward(a, tau)
        m, n = a.shape[-2:]
        k = tau.shape[-1]
        vectors = xp.tril(a[..., :, :k], -1) + xp.eye(m, k, dtype=a.dtype)
        result = xp.broadcast_to(xp.eye(m, n, dtype=a.dtype), a.shape).copy()
        for i in range(k - 1, -1, -1):  # H_i (H_{i+1} ... H_k E)
            v = vectors[..., :, i:i + 1]
            projected = xp.matmul(xp.conj(xp.swapaxes(v, -1, -2)), result)
            result = result - tau[..., i, None, None] * xp.matmul(v, projected)
        return result

    @staticmethod
    def backward(ctx, P, grad):
        a, tau = P.saved(ctx)
        m, n = a.shape[-2:]
        k = tau.shape[-1]
        vectors = _reflector_vectors(P, a, k)
        identity = P.eye_like(a, m)
        rights = [None] * k  # R_i = H_{i+1} ... H_k E
        right = identity[..., :, :n] + P.zeros_like(a)
        for i in range(k - 1, -1, -1):
            rights[i] = right
            right = P.matmul(_reflector(P, vectors, tau, i, identity), right)
        left = identity + P.zeros_like(a[..., :1, :1])
        grad_taus, grad_columns = [], []
        for i in range(k):
            v = vectors[..., :, i:i + 1]
            middle = P.matmul(P.matmul(_adjoint(P, left), grad), _adjoint(P, rights[i]))
            tau_i = P.expand_dims(P.expand_dims(tau[..., i], -1), -1)
            grad_taus.append(-P.matmul(_adjoint(P, v), P.matmul(middle, v))[..., 0, :])
            grad_v = -(P.conj(tau_i) * P.matmul(middle, v) + tau_i * P.matmul(_adjoint(P, middle), v))
            grad_columns.append(grad_v)
            left = P.matmul(left, _reflector(P, vectors, tau, i, identity))
        grad_a = P.tril(P.cat(grad_columns, -1), -1)
        if n > k:
            grad_a = P.cat([grad_a, P.zeros_like(a[..., :, k:])], -1)
        return grad_a, P.cat(grad_taus, -1)


def householder_product(A, tau):
    """The first n columns of the product of k Householder reflectors I - tau_i v_i v_i^H stored LAPACK's way in
    ``A`` ``(*, m, n)`` (m >= n >= k, v_i = (0, ..., 1, A[i+1:, i])) and ``tau`` ``(*, k)``, as
    ``torch.linalg.householder_product`` / ``torch.orgqr``. Float and complex dtypes of one kind; differentiable in
    both (LinalgHouseholderProductBackward0).

    >>> import gradlib
    >>> gradlib.linalg.householder_product(gradlib.tensor([[1., 0.], [0.5, 1.], [0.25, 0.5]]),
    ...                                    gradlib.tensor([1.2, 0.7]))
    tensor([[-0.2000, -0.0750],
            [-0.6000,  0.2625],
            [-0.3000, -0.3688]])
    """
    name = "torch.linalg.householder_product"
    if A.ndim < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    if A.shape[-2] < A.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]")
    if tau.ndim == 0:  # PyTorch reads tau.size(-1) next
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if A.shape[-1] < tau.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if A.ndim - tau.ndim != 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but got tau.ndim equal to "
                           f"{tau.ndim} and input.ndim is equal to {A.ndim}")
    if A.ndim > 2 and tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{name}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got "
                           f"{list(tau.shape[:-1])}")
    if tau.dtype is not A.dtype:
        raise RuntimeError(f"{name}: tau dtype {tau.dtype.scalar_type} does not match input dtype "
                           f"{A.dtype.scalar_type}")
    if not (A.dtype.is_floating_point or A.dtype.is_complex) or A.dtype.itemsize == 2:
        suffix = "cpu" if A.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"orgqr_{suffix}" not implemented for \'{A.dtype.scalar_type}\'')
    if A._device is not tau._device:
        check_argument_devices("linalg_householder_product", ("input", A), ("tau", tau))
    return LinalgHouseholderProductBackward0.apply(A, tau)


def orgqr(input, input2):
    """``linalg.householder_product(input, input2)`` under LAPACK's name (``torch.orgqr``, ``Tensor.orgqr``).

    >>> import gradlib
    >>> gradlib.orgqr(gradlib.tensor([[1.], [1.]]), gradlib.tensor([1.]))
    tensor([[ 0.],
            [-1.]])
    """
    return householder_product(input, input2)
