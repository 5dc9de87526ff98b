"""Where LAPACK stopped, recomputed on the host for PyTorch's error messages.

NumPy and CuPy report a singular or non-positive-definite matrix without saying where; PyTorch's message names
LAPACK's ``info`` (the first zero pivot of the LU factorization, or the order of the first leading minor that
is not positive-definite). These run only after a factorization has failed, on a host copy.
"""
import numpy


def first_failure(matrices, info_of):
    """(batch index, info) of the first matrix in ``matrices`` (..., n, n) whose ``info_of`` is nonzero, or
    (0, 0) when none fails here (a rounding difference from the library's own factorization)."""
    wide = numpy.complex128 if numpy.asarray(matrices).dtype.kind == "c" else numpy.float64
    flat = numpy.asarray(matrices, dtype=wide).reshape((-1,) + matrices.shape[-2:])
    for batch, matrix in enumerate(flat):
        info = info_of(matrix)
        if info:
            return batch, info
    return 0, 0


def lu_zero_pivot(matrix):
    """LAPACK getrf's info: the 1-based index of the first exactly zero pivot of the LU factorization with
    partial pivoting (largest magnitude, first on ties), or 0."""
    work = matrix.copy()
    n = work.shape[0]
    info = 0
    for j in range(n):
        pivot = j + int(numpy.argmax(numpy.abs(work[j:, j])))
        if work[pivot, j] == 0 or work[pivot, j] != work[pivot, j]:
            info = info or j + 1
            continue
        if pivot != j:
            work[[j, pivot]] = work[[pivot, j]]
        work[j + 1:, j] /= work[j, j]
        work[j + 1:, j + 1:] -= numpy.outer(work[j + 1:, j], work[j, j + 1:])
    return info


def cholesky_failure_order(matrix):
    """LAPACK potrf's info for the lower triangle: the order of the first leading minor that is not
    positive-definite (a non-positive or NaN pivot), or 0."""
    n = matrix.shape[0]
    lower = numpy.zeros_like(matrix)
    for j in range(n):
        pivot = (matrix[j, j] - numpy.vdot(lower[j, :j], lower[j, :j])).real  # complex: L L^H
        if not pivot > 0:
            return j + 1
        lower[j, j] = numpy.sqrt(pivot)
        lower[j + 1:, j] = (matrix[j + 1:, j] - lower[j + 1:, :j] @ lower[j, :j].conj()) / lower[j, j]
    return 0


def eig(matrices):
    """(eigenvalues, eigenvectors) of the host array ``matrices`` (..., n, n) by LAPACK's geev (NumPy's, the
    routine PyTorch calls), always complex: NumPy returns real arrays when every eigenvalue is real, PyTorch never.
    ``linalg.eig`` computes on the host on every device, as PyTorch's CUDA kernel does (MAGMA's geev is a host
    routine)."""
    kind = numpy.complex64 if matrices.dtype in (numpy.float32, numpy.complex64) else numpy.complex128
    if not matrices.size:
        shape = matrices.shape
        return numpy.zeros(shape[:-1], dtype=kind), numpy.zeros(shape, dtype=kind)
    values, vectors = numpy.linalg.eig(matrices)
    return values.astype(kind), vectors.astype(kind)
