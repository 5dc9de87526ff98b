"""``gradlib.linalg``: matrix functions and norms (differentiable)."""
import math

from ._numpy_names import numpy_names
from .ops.linalg import LinAlgError, cholesky, det, inv, slogdet, solve
from .ops.reduction import amax, amin, norm as _norm, sum as _sum

__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "vector_norm", "matrix_norm", "norm", "LinAlgError"]


@numpy_names
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector ``ord``-norm over ``dim`` (all elements by default).

    >>> import gradlib
    >>> gradlib.linalg.vector_norm(gradlib.tensor([3., -4.]), ord=float('inf'))
    tensor(4.)
    """
    return _norm(x, ord, dim, keepdim, dtype)


@numpy_names
def matrix_norm(input, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """Matrix norms over the two ``dim``: 'fro', 1, -1, inf, -inf (max/min column or row sums).

    >>> import gradlib
    >>> gradlib.linalg.matrix_norm(gradlib.tensor([[1., -2.], [3., 4.]]), ord=1)
    tensor(6.)
    """
    A = input  # PyTorch's parser calls it input (its documentation says A)
    if dtype is not None:
        A = A.to(dtype)
    rows, cols = dim
    if ord == "fro":
        return _norm(A, 2, dim, keepdim)
    if ord in (1, -1, math.inf, -math.inf):
        summed_over, reduced = (rows, cols) if ord in (1, -1) else (cols, rows)
        sums = _sum(A.abs(), summed_over, keepdim=True)
        out = (amax if ord > 0 else amin)(sums, reduced, keepdim=True)
        if not keepdim:
            out = out.squeeze(tuple(sorted((rows % A.ndim, cols % A.ndim))))
        return out
    raise RuntimeError(f"linalg.matrix_norm: ord={ord!r} needs singular values (nuc, 2, -2), which gradlib does not "
                       "compute yet; supported: 'fro', 1, -1, inf, -inf")


@numpy_names
def norm(input, ord=None, dim=None, keepdim=False, *, dtype=None):
    """vector_norm for 1-D input or when ``dim`` is an int; matrix_norm for 2-D input or a pair of dims."""
    A = input
    if ord is None and dim is None:
        return _norm(A, 2, None, keepdim, dtype)
    if isinstance(dim, int) or (dim is None and A.ndim == 1):
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    return matrix_norm(A, "fro" if ord is None else ord, dim if dim is not None else (-2, -1), keepdim, dtype=dtype)
