"""What the p188-p202 programs needed (torch.svd_lowrank / torch.pca_lowrank following randn's stream,
torch.func.linearize) prints what PyTorch printed for the same snippet (recorded by tests/reference/progs9.py into
torch_progs9.json), on the device under test; plus gradient checks through the randomized SVD."""
import json
import pathlib

import pytest

import gradlib
from device_text import without_device_suffix
from reference.record_torch_shared import run_snippet

ROOT = pathlib.Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests" / "reference" / "torch_progs9.json").read_text())


def test_there_are_snippets():
    assert len(RECORDED) >= 5


@pytest.mark.parametrize("snippet", sorted(RECORDED), ids=range(len(RECORDED)))
def test_snippet_prints_what_pytorch_printed(snippet, device):
    if device != "cpu" and "manual_seed" in snippet:
        pytest.skip("randn's values follow PyTorch's stream on the CPU only (CuPy's stream on a GPU)")
    gradlib.manual_seed(0)
    try:
        printed = without_device_suffix(run_snippet(gradlib, snippet), device)  # on the default device
    finally:
        gradlib.set_printoptions(profile="default")
    expected = RECORDED[snippet].replace("torch.", "gradlib.")
    if device != "cpu":  # the device suffix, removed above, lengthened the line: it may have wrapped elsewhere
        printed, expected = " ".join(printed.split()), " ".join(expected.split())
    assert printed == expected


def _seeded_svd_lowrank(q, niter, M=None):
    def function(A):
        gradlib.manual_seed(5)  # the same random basis on every call of gradcheck's perturbations
        U, S, V = gradlib.svd_lowrank(A, q=q, niter=niter, M=M)
        return U @ gradlib.diag_embed(S) @ V.mT, S
    return function


@pytest.mark.parametrize("shape, q, niter", [((5, 3), 3, 2), ((3, 6), 3, 1), ((2, 4, 3), 2, 0)])
def test_svd_lowrank_gradients_in_float64(shape, q, niter, device):
    """Composed of differentiable ops (randn, matmul, qr, svd): first and second derivatives of the
    reconstruction and the singular values are right, for tall, wide (transposed inside) and batched inputs."""
    generator = gradlib.Generator().manual_seed(2)
    A = gradlib.rand(*shape, generator=generator, dtype=gradlib.float64, device="cpu").to(device) + 0.5
    A.requires_grad_()
    function = _seeded_svd_lowrank(q, niter)
    assert gradlib.autograd.gradcheck(function, (A,))
    assert gradlib.autograd.gradgradcheck(function, (A,))


def test_svd_lowrank_keeps_the_dtype_and_device(device):
    A = gradlib.rand(6, 4, device=device)
    U, S, V = gradlib.svd_lowrank(A, q=2)
    assert (U.dtype, S.dtype, V.dtype) == (gradlib.float32,) * 3
    assert U.device == S.device == V.device == A.device
    with pytest.raises(ValueError, match=r"q\(=5\) must be non-negative integer"):
        gradlib.pca_lowrank(A, q=5)


def test_pca_lowrank_of_a_constant_column_and_a_zero_dim(device):
    X = gradlib.tensor([[1., 2.], [1., 4.], [1., 9.]], dtype=gradlib.float64, device=device)
    U, S, V = gradlib.pca_lowrank(X, q=2)
    assert abs(float(S[1])) < 1e-12  # the constant column carries no variance
    assert [tuple(t.shape) for t in gradlib.pca_lowrank(X, q=0)] == [(3, 0), (0,), (2, 0)]


def test_linearize_gradients(device):
    from gradlib.func import linearize
    x = gradlib.tensor([0.3, -1.2, 2.0], dtype=gradlib.float64, device=device, requires_grad=True)
    _, jvp_fn = linearize(lambda v: v.sin() * v, x.detach())
    tangent = gradlib.tensor([1., 2., 3.], dtype=gradlib.float64, device=device, requires_grad=True)
    assert gradlib.autograd.gradcheck(lambda t: jvp_fn(t), (tangent,))
    _, jvp_at_x = linearize(lambda v: v.exp(), x)
    value = jvp_at_x(gradlib.ones(3, dtype=gradlib.float64, device=device))
    value.sum().backward()  # differentiable with respect to the primal that requires grad
    assert gradlib.allclose(x.grad, x.detach().exp())


def _complex_matrix(device, *shape):
    generator = gradlib.Generator().manual_seed(4)
    real = gradlib.rand(*shape, generator=generator, dtype=gradlib.float64, device="cpu")
    imag = gradlib.rand(*shape, generator=generator, dtype=gradlib.float64, device="cpu")
    return gradlib.complex(real, imag).to(device)


def test_complex_solve_gradients(device):
    A = (_complex_matrix(device, 3, 3) + 2 * gradlib.eye(3, dtype=gradlib.complex128, device=device)).requires_grad_()
    B = _complex_matrix(device, 2, 3, 2).requires_grad_()
    b = _complex_matrix(device, 3).requires_grad_()
    assert gradlib.autograd.gradcheck(gradlib.linalg.solve, (A, B))
    assert gradlib.autograd.gradgradcheck(gradlib.linalg.solve, (A, B))
    assert gradlib.autograd.gradcheck(gradlib.linalg.solve, (A, b))


@pytest.mark.parametrize("dtype", [gradlib.float64, gradlib.complex128])
def test_eig_gradients(dtype, device):
    """eigvals, and a loss of the eigenvectors that does not depend on their phases (|V|^2), real and complex."""
    generator = gradlib.Generator().manual_seed(7)
    A = gradlib.rand(3, 3, generator=generator, dtype=gradlib.float64, device="cpu") + gradlib.diag(
        gradlib.tensor([0., 1.5, 3.], dtype=gradlib.float64, device="cpu"))
    A = (A.to(dtype) if dtype == gradlib.float64 else A + 0.3j * A.mT).to(device).requires_grad_()

    def phase_invariant(a):
        values, vectors = gradlib.linalg.eig(a)
        return values, vectors.abs() ** 2

    assert gradlib.autograd.gradcheck(gradlib.linalg.eigvals, (A,))
    assert gradlib.autograd.gradgradcheck(gradlib.linalg.eigvals, (A,))
    assert gradlib.autograd.gradcheck(phase_invariant, (A,))
    values = gradlib.linalg.eigvals(A)
    assert values.dtype == gradlib.complex128 and values.device == A.device


def test_complex_hermitian_eigh_gradients(device):
    M = _complex_matrix(device, 3, 3)
    H = (M + M.mH + gradlib.diag(gradlib.tensor([0., 2., 4.], dtype=gradlib.complex128, device=device)))

    def eigenvalues(a):  # reads the lower triangle: symmetrize so the perturbations stay Hermitian
        return gradlib.linalg.eigvalsh((a + a.mH) / 2)

    def projector(a):  # |v|^2 does not depend on the eigenvectors' phases
        return gradlib.linalg.eigh((a + a.mH) / 2).eigenvectors.abs() ** 2

    H.requires_grad_()
    assert gradlib.autograd.gradcheck(eigenvalues, (H,))
    assert gradlib.autograd.gradgradcheck(eigenvalues, (H,))
    assert gradlib.autograd.gradcheck(projector, (H,))
    assert gradlib.linalg.eigvalsh(H).dtype == gradlib.float64
