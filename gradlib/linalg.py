"""``gradlib.linalg``: matrix functions and norms (differentiable)."""
import math

from . import _torch_function
from ._numpy_names import numpy_names
from .ops.decompositions import eigh, eigvalsh, lstsq, matrix_rank, pinv, qr, svd, svdvals
from .ops.linalg import LinAlgError, cholesky, det, inv, matmul, slogdet, solve
from .ops.linalg_compose import linalg_diagonal as diagonal, linalg_vander as vander, multi_dot, tensorinv, \
    tensorsolve, vecdot
from .ops.eig import eig, eigvals
from .ops.householder import householder_product
from .ops.linalg_ex import cholesky_ex, inv_ex, solve_ex
from .ops.lu import lu, lu_factor, lu_factor_ex
from .ops.lu_solve import lu_solve
from .ops import matrix_functions as _matrix_functions
from .ops.triangular import solve_triangular
from .ops.more_math import linalg_cross as cross
from .ops.reduction import amax, amin, norm as _norm, sum as _sum
from .ops import linalg as _linalg_ops
from .ops._dims import normalize_dim
from . import _creation, dtypes

__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "vector_norm", "matrix_norm", "norm", "LinAlgError", "svd",
           "svdvals", "qr", "eigh", "eigvalsh", "pinv", "lstsq", "matrix_rank", "cross", "solve_triangular", "cond",
           "matrix_power", "matrix_exp", "matmul", "multi_dot", "vecdot", "diagonal", "vander", "tensorinv",
           "tensorsolve", "inv_ex", "solve_ex", "cholesky_ex", "lu", "lu_factor", "lu_factor_ex", "lu_solve", "eig", "eigvals",
           "householder_product"]


@numpy_names
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector ``ord``-norm over ``dim`` (all elements by default).

    >>> import gradlib
    >>> gradlib.linalg.vector_norm(gradlib.tensor([3., -4.]), ord=float('inf'))
    tensor(4.)
    """
    if isinstance(ord, str) or not isinstance(ord, (int, float)):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' (position 2) must be Number, not {type(ord).__name__}")
    return _norm(x, ord, dim, keepdim, dtype)


@numpy_names
def matrix_norm(input, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """Matrix norms over the two ``dim``: 'fro', 'nuc' (sum of singular values), 2 and -2 (largest and
    smallest singular value), 1, -1, inf, -inf (max/min column or row sums), as ``torch.linalg.matrix_norm``.

    >>> import gradlib
    >>> gradlib.linalg.matrix_norm(gradlib.tensor([[1., -2.], [3., 4.]]), ord=1)
    tensor(6.)
    """
    A = input  # PyTorch's parser calls it input (its documentation says A)
    _matrix_norm_checks(A, ord, dim, dtype)
    if dtype is not None:
        A = A.to(dtype)
    rows, cols = dim
    if ord == "fro":
        return _norm(A, 2, dim, keepdim)
    if ord in (1, -1, math.inf, -math.inf):
        summed_over, reduced = (rows, cols) if ord in (1, -1) else (cols, rows)
        if A.shape[reduced] == 0:
            if ord < 0:  # the min of no sums has no identity
                after = reduced % A.ndim - (not keepdim and summed_over % A.ndim < reduced % A.ndim)
                raise IndexError(f"amin(): Expected reduction dim {after} to have non-zero size.")
            # the max of no sums: PyTorch gives 0 (a new tensor, outside the graph)
            return _sum(A.detach().abs(), (rows, cols), keepdim=keepdim) * 0
        # PyTorch's order (its graph ends in AmaxBackward0): sum over one dim, then the extremum over the other
        summed_over, reduced = summed_over % A.ndim, reduced % A.ndim
        if not keepdim and summed_over < reduced:
            reduced -= 1
        sums = _sum(A.abs(), summed_over, keepdim=keepdim)
        return (amax if ord > 0 else amin)(sums, reduced, keepdim=keepdim)
    if ord in ("nuc", 2, -2):
        rows, cols = rows % A.ndim, cols % A.ndim
        moved = A.movedim((rows, cols), (-2, -1))
        values = svdvals(moved)
        if ord == "nuc":
            out = _sum(values, -1, keepdim=keepdim)
        elif ord == 2 and values.shape[-1] == 0:  # no singular values: PyTorch gives 0 (amin raises for -2)
            out = _sum(values.detach(), -1, keepdim=keepdim) * 0
        else:
            out = (amax if ord == 2 else amin)(values, -1, keepdim=keepdim)
        if keepdim:
            # PyTorch's order (its graph ends in PermuteBackward0): the kept dims go back where they were
            moved_order = [axis for axis in range(A.ndim) if axis not in (rows, cols)] + [rows, cols]
            out = out.unsqueeze(-1).permute([moved_order.index(axis) for axis in range(A.ndim)])
        return out
    raise AssertionError(ord)  # _matrix_norm_checks refused it


def _matrix_norm_checks(A, ord, dim, dtype):
    """``linalg_matrix_norm``'s checks in PyTorch's order: the order, at least 2 dims, a floating or complex dtype
    (float16/bfloat16 only for 'fro', 1 and inf), two different dims, then ``dtype``."""
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if not isinstance(ord, str) and abs(ord) not in (1, 2, math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {float(ord):g} not supported.")
    _linalg_ops.check_matrix("linalg.matrix_norm", A)
    if not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError("linalg.matrix_norm: Expected a floating point or complex tensor as input. Got "
                           + A.dtype.scalar_type)
    if A.dtype.itemsize == 2 and ord in ("nuc", 2, -2):
        raise RuntimeError(f"linalg.matrix_norm: Low precision dtypes not supported. Got {A.dtype.scalar_type}")
    dims = [dim] if isinstance(dim, int) else list(dim)
    if len(dims) != 2:
        raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got " + " ".join(str(d) for d in dims))
    first, second = (normalize_dim(d, A.ndim) for d in dims)
    if first == second:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({first}, {second})")
    _check_norm_dtype("linalg.matrix_norm", A, dtype)


def _check_norm_dtype(name, A, dtype):
    """PyTorch's ``check_linalg_norm_dtype``: a floating or complex ``dtype`` of A's kind, not narrower."""
    if dtype is None:
        return
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name}: dtype should be floating point or complex, but got {dtype.scalar_type}")
    if A.dtype.is_complex != dtype.is_complex:
        kind = "complex" if A.dtype.is_complex else "real"
        raise RuntimeError(f"{name}: dtype should be {kind} for {kind} inputs, but got {dtype.scalar_type}")
    if dtypes.promote_types(A.dtype, dtype) is not dtype:
        raise RuntimeError(f"{name}: the dtype of the input ({A.dtype.scalar_type}) should be convertible without "
                           f"narrowing to the specified dtype ({dtype.scalar_type})")


@numpy_names
def norm(input, ord=None, dim=None, keepdim=False, *, dtype=None):
    """vector_norm for 1-D input or when ``dim`` is an int; matrix_norm for 2-D input or a pair of dims."""
    A = input
    if dim is not None:
        dims = [dim] if isinstance(dim, int) else list(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {dims}")
    elif ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                           f"Got {A.ndim}D.")
    if isinstance(ord, str):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype)
    if ord is not None and (dim is None and A.ndim == 2 or dim is not None and len(dims) == 2):
        return matrix_norm(A, ord, (0, 1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def cond(input, p=None):
    """The condition number of square matrices ``input`` ``(*, n, n)`` in the norm ``p``, as
    ``torch.linalg.cond``: None or 2 (largest over smallest singular value), -2 (smallest over largest), or
    'fro', 'nuc', inf, -inf, 1, -1 (``matrix_norm(A, p) * matrix_norm(inv(A), p)``; a singular A raises there,
    where PyTorch gives inf). Differentiable.

    >>> import gradlib
    >>> gradlib.linalg.cond(gradlib.tensor([[1., 0.], [0., 4.]]))
    tensor(4.)
    """
    A = input  # PyTorch's parser calls it input (its documentation says A)
    if isinstance(p, str):
        _linalg_ops.check_square(f"linalg.cond(ord={p})", A)
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    else:
        if A.ndim < 2:
            raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
        if p is not None and p not in (2, -2, 1, -1, math.inf, -math.inf):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {float(p):g}")
    if A.numel() == 0:  # NumPy defines no condition number of 0x0 matrices: PyTorch gives 0
        real = A.dtype.to_real() if A.dtype.is_complex else A.dtype
        return _creation.zeros(A.shape[:-2], dtype=real, device=A.device)
    if p is None or p == 2 or p == -2:
        values = svdvals(A)
        largest, smallest = values[..., :1], values[..., -1:]
        return (smallest / largest if p == -2 else largest / smallest).squeeze(-1)  # SqueezeBackward1, as PyTorch
    if not isinstance(p, str):
        shown = f"{float(p):g}" if math.isinf(p) else str(int(p))
        _linalg_ops.check_square(f"linalg.cond(ord={shown})", A)
    if p == "nuc":  # the definition itself (matrix_norm's nuclear norm refuses infinities)
        values = svdvals(A)
        return _sum(values, -1) * _sum(values.reciprocal(), -1)
    inverse, info = inv_ex(A)
    inverse = inverse.masked_fill((info > 0).unsqueeze(-1).unsqueeze(-1), math.inf)  # a singular A: cond is inf
    return (matrix_norm(A, p) * matrix_norm(inverse, p)).nan_to_num(math.inf, math.inf, -math.inf)


def matrix_power(input, n):
    """A^n for (batches of) square matrices (``torch.linalg.matrix_power``; see ``gradlib.matrix_power``).

    >>> import gradlib
    >>> gradlib.linalg.matrix_power(gradlib.tensor([[2., 0.], [0., 1.]]), -1)
    tensor([[0.5000, 0.0000],
            [0.0000, 1.0000]])
    """
    return _matrix_functions.matrix_power(input, n)


def matrix_exp(input):
    """The matrix exponential (``torch.linalg.matrix_exp``; see ``gradlib.matrix_exp``).

    >>> import gradlib
    >>> gradlib.linalg.matrix_exp(gradlib.zeros(2, 2))
    tensor([[1., 0.],
            [0., 1.]])
    """
    return _matrix_functions.matrix_exp(input)


_torch_function.install(__name__)  # last: the public functions above dispatch to __torch_function__ overrides
