"""The eigendecomposition of general square matrices: ``linalg.eig`` and ``linalg.eigvals`` (LinalgEigBackward0).

LAPACK's geev runs on a host copy of the input on every device, as PyTorch's CUDA kernel does (a synchronization
there too), and the complex eigenvalues and unit-norm eigenvectors go back to the input's device. The gradient is
PyTorch's ``linalg_eig_backward`` in the conjugate Wirtinger convention (written for complex numbers:
``complex_aware``): gA = V^-H (diag(gL) + (V^H gV - V^H V Re(diag(V^H gV))) / conj(E)) V^H, E_ij = L_j - L_i; as
PyTorch's, it is defined for distinct eigenvalues and a loss that does not depend on the eigenvectors' phases.
"""
from .. import return_types
from ..autograd import grad_mode
from ..backends import backend_of_array, host_linalg
from . import linalg as _linalg
from ._op import Op

__all__ = ["eig", "eigvals"]


class LinalgEigBackward0(Op):
    """(eigenvalues, eigenvectors) of square matrices, complex."""

    __slots__ = ()
    multi_output = True
    num_outputs = 2
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        backend = backend_of_array(a)
        host = backend.to_numpy(a)
        if not (host == host).all() or (abs(host) == float("inf")).any():
            raise RuntimeError("torch.linalg.eig: input tensor should not contain infs or NaNs.")
        values, vectors = host_linalg.eig(host)
        device = backend.device_of(a)
        values = backend.asarray(values, None, device)
        vectors = backend.asarray(vectors, None, device)
        ctx.save_for_backward(values, vectors)
        return values, vectors

    @staticmethod
    def backward(ctx, P, grads):
        grad_values, grad_vectors = grads
        values, vectors = P.saved(ctx)
        n = values.shape[-1]
        adjoint = P.conj(P.swapaxes(vectors, -1, -2))
        eye = P.eye_like(P.real(values), n)
        if grad_vectors is None:
            inner = P.expand_dims(grad_values, -1) * eye
        else:
            product = P.matmul(adjoint, grad_vectors)
            diagonal = P.real(P.diagonal(product, 0, -2, -1))
            product = product - P.matmul(adjoint, vectors * P.expand_dims(diagonal, -2))
            conjugates = P.conj(values)
            gaps = P.expand_dims(conjugates, -2) - P.expand_dims(conjugates, -1)
            gaps = gaps * (1 - eye) + eye
            inner = product / gaps * (1 - eye)
            if grad_values is not None:
                inner = inner + P.expand_dims(grad_values, -1) * eye
        return P.solve(adjoint, P.matmul(inner, adjoint))


def _check(name, A):
    """PyTorch's order: the complex type of the result (none for integers and bool), the shapes, the kernel."""
    if not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"Unknown Complex ScalarType for {A.dtype.scalar_type}")
    _linalg.check_square(f"linalg.{name}", A)
    if A.dtype.itemsize == 2:
        raise NotImplementedError(f"\"linalg_eig_out_{'cpu' if A.device.type == 'cpu' else 'cuda'}\" not "
                                  f"implemented for '{A.dtype.scalar_type}'")
    _linalg._square(name, A, complex_ok=True)


def eig(A):
    """``(eigenvalues, eigenvectors)`` of (batches of) square matrices ``A`` ``(*, n, n)``: complex ``(*, n)`` and
    ``(*, n, n)`` (complex64 for float32/complex64 input, complex128 otherwise), eigenvectors of unit norm, in
    LAPACK's order, as ``torch.linalg.eig``. Computed on the host (a synchronization on CUDA, as PyTorch's);
    RuntimeError for NaN or inf. Differentiable (LinalgEigBackward0; gradients assume distinct eigenvalues).

    >>> import gradlib
    >>> gradlib.linalg.eig(gradlib.tensor([[2., 0.], [0., 3.]])).eigenvalues
    tensor([2.+0.j, 3.+0.j])
    """
    _check("eig", A)
    values, vectors = LinalgEigBackward0.apply(A)
    return return_types.linalg_eig(values, vectors)


def eigvals(A):
    """The eigenvalues of ``linalg.eig`` (``torch.linalg.eigvals``), complex ``(*, n)``.

    >>> import gradlib
    >>> gradlib.linalg.eigvals(gradlib.tensor([[0., -1.], [1., 0.]]))
    tensor([0.+1.j, 0.-1.j])
    """
    # PyTorch's eigvals runs linalg_eig (and checks under its name) when a gradient may be needed
    _check("eig" if A.requires_grad and grad_mode.is_grad_enabled() else "eigvals", A)
    values, _ = LinalgEigBackward0.apply(A)
    return values
