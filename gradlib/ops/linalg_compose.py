"""``torch.linalg`` functions that PyTorch itself composes from other ops (so their graphs end in those ops'
nodes, as PyTorch's do): ``matmul``, ``multi_dot`` (matrix-chain order), ``vecdot``, ``diagonal``, ``vander``,
``tensorinv``, ``tensorsolve``; and ``torch.vander`` and ``torch.vdot`` (VdotBackward0, the one node here).
"""
import math

from .. import _creation, dtypes
from . import arithmetic, cumulative, join, linalg, rearrange, reduction, shape
from ._args import require_tensor
from ._op import Op, check_argument_devices

__all__ = ["multi_dot", "vecdot", "linalg_diagonal", "linalg_vander", "vander", "tensorinv", "tensorsolve", "vdot"]


def _mm(a, b):
    return linalg.mm(a, b)


def _chain_order(sizes):
    """PyTorch's matrix_chain_order: the split of each sub-chain that costs the fewest multiplications (the first
    such split on ties). ``sizes``: p_0 .. p_n, matrix i being p_i x p_{i+1}."""
    n = len(sizes) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + sizes[i] * sizes[k + 1] * sizes[j + 1]
                if q < cost[i][j]:
                    cost[i][j] = q
                    split[i][j] = k
    return split


def _chain(tensors, split, i, j):
    if i == j:
        return tensors[i]
    k = split[i][j]
    return _mm(_chain(tensors, split, i, k), _chain(tensors, split, k + 1, j))


def multi_dot(tensors, *, out=None):
    """The product of two or more matrices, multiplied in the cheapest order (PyTorch's matrix-chain order); the
    first may be a 1-D row vector and the last a 1-D column vector (their dim is dropped from the result). Mirrors
    ``torch.linalg.multi_dot``, with its RuntimeErrors for dims, dtypes and shapes.

    >>> import gradlib
    >>> gradlib.linalg.multi_dot([gradlib.tensor([1., 2.]), gradlib.eye(2), gradlib.tensor([3., 4.])])
    tensor(11.)
    """
    if out is not None:
        raise TypeError("gradlib: linalg.multi_dot does not take out=")
    tensors = list(tensors)
    count = len(tensors)
    if count < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {count}")
    for index, tensor in enumerate(tensors):
        require_tensor("multi_dot", tensor, "tensors", 1)
    matrices = list(tensors)
    out_shape = []
    first, last = tensors[0], tensors[-1]
    if first.ndim == 1:
        matrices[0] = shape.unsqueeze(first, 0)
    elif first.ndim == 2:
        out_shape.append(first.shape[0])
    else:
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first.ndim}D")
    if last.ndim == 1:
        matrices[-1] = shape.unsqueeze(last, -1)
    elif last.ndim == 2:
        out_shape.append(last.shape[1])
    else:
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last.ndim}D")
    for index in range(1, count - 1):
        if tensors[index].ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {index} must be 2D but got {tensors[index].ndim}D")
    for index in range(1, count):
        if matrices[index].dtype is not matrices[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{matrices[0].dtype.c_type} and tensor {index} {matrices[index].dtype.c_type}")
        if matrices[index].device != matrices[0].device:
            raise RuntimeError(f"multi_dot(): all tensors must be on the same device but tensor 0 is on "
                               f"{matrices[0].device} and tensor {index} on {matrices[index].device}")
        if matrices[index - 1].shape[-1] != matrices[index].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {index - 1} and {index} with shapes "
                               f"{list(tensors[index - 1].shape)} and {list(tensors[index].shape)} cannot be "
                               f"multiplied")
    if count == 2:
        result = _mm(matrices[0], matrices[1])
    elif count == 3:
        a, b = matrices[0].shape
        c, d = matrices[2].shape
        if a * c * (b + d) > b * d * (a + c):  # PyTorch's multi_dot_three
            result = _mm(matrices[0], _mm(matrices[1], matrices[2]))
        else:
            result = _mm(_mm(matrices[0], matrices[1]), matrices[2])
    else:
        sizes = [matrices[0].shape[0]] + [matrix.shape[1] for matrix in matrices]
        result = _chain(matrices, _chain_order(sizes), 0, count - 1)
    return result.view(out_shape)


def _floating_or_complex(name, tensor):
    if not (tensor.dtype.is_floating_point or tensor.dtype.is_complex):
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{tensor.dtype.scalar_type}")


class VdotBackward0(Op):
    """sum(conj(x) y) of two vectors: gx = conj(g) y, gy = g x (conjugate Wirtinger gradients: vdot is not
    holomorphic in x, so the formula is written for complex numbers)."""

    __slots__ = ()
    complex_aware = True
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, xp, a, b):
        ctx.save_for_backward(a, b)
        return xp.asarray(xp.vdot(a, b))

    @staticmethod
    def backward(ctx, P, grad):
        a, b = P.saved(ctx)
        needs = ctx.needs_input_grad
        complex_grad = grad.dtype.is_complex if P.differentiable else grad.dtype.kind == "c"
        grad_a = (P.conj(grad) if complex_grad else grad) * b if needs[0] else None
        grad_b = grad * a if needs[1] else None
        return grad_a, grad_b


def vdot(input, other):
    """sum(conj(input) * other) of two 1-D tensors of one dtype (``torch.vdot``; for real tensors ``dot``).

    >>> import gradlib
    >>> gradlib.vdot(gradlib.tensor([1+1j, 2]), gradlib.tensor([1+0j, 1j]))
    tensor(1.+1.j)
    """
    require_tensor("vdot", input)
    require_tensor("vdot", other, "other", 2)
    if input._device is not other._device:
        check_argument_devices("vdot", ("self", input), ("other", other))
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{input.dtype.scalar_type} and {other.dtype.scalar_type}")
    if input.dtype is dtypes.bool:  # NumPy's vdot takes bools; PyTorch's dot kernel has no bool version
        raise NotImplementedError('"dot" not implemented for \'Bool\'')
    if input.shape[0] != other.shape[0]:
        size, other_size = input.shape[0], other.shape[0]
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{size}] and src [{other_size}] to have the "
                           f"same number of elements, but got {size} and {other_size} elements respectively")
    return VdotBackward0.apply(input, other)


def vecdot(x, y, *, dim=-1):
    """The dot product sum(conj(x) * y) along ``dim``, x and y broadcast (``torch.linalg.vecdot``: vdot for two
    vectors). RuntimeError for integer input or different dtypes.

    >>> import gradlib
    >>> gradlib.linalg.vecdot(gradlib.tensor([[1., 2.], [3., 4.]]), gradlib.tensor([1., 1.]))
    tensor([3., 7.])
    """
    _floating_or_complex("linalg.vecdot", x)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{x.dtype.scalar_type} and y of type {y.dtype.scalar_type} instead")
    if x.ndim == 1 and y.ndim == 1:
        return vdot(x, y)
    left = x.conj() if x.dtype.is_complex else x
    return reduction.sum(arithmetic.mul(left, y), dim)


def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The ``offset`` diagonal of the matrices in dims (dim1, dim2), as the last dim (a view;
    ``torch.linalg.diagonal``, ``torch.diagonal`` with other defaults).

    >>> import gradlib
    >>> gradlib.linalg.diagonal(gradlib.arange(8.).reshape(2, 2, 2))
    tensor([[0., 3.],
            [4., 7.]])
    """
    return rearrange.diagonal(A, offset, dim1, dim2)


def linalg_vander(x, *, N=None):
    """The Vandermonde matrices of ``x`` ``(*, n)``: ``(*, n, N)``, column j holding x ** j (increasing powers; N
    defaults to n and must exceed 1), as ``torch.linalg.vander`` (integer input gives int64, through cumprod).

    >>> import gradlib
    >>> gradlib.linalg.vander(gradlib.tensor([1., 2., 3.]))
    tensor([[1., 1., 1.],
            [1., 2., 4.],
            [1., 3., 9.]])
    """
    require_tensor("linalg.vander", x, "x")
    kind = x.dtype
    if kind.name not in ("float32", "float64", "complex64", "complex128") and \
            (kind.is_floating_point or kind.is_complex or kind.name == "bool"):
        raise RuntimeError(f"linalg.vander supports floating point, complex, and integer tensors, but got "
                           f"{kind.scalar_type}")
    values = shape.unsqueeze(x, -1) if x.ndim == 0 else x
    size = values.shape[-1] if N is None else N
    if size <= 1:
        raise RuntimeError("N must be greater than 1.")
    expanded = shape.unsqueeze(values, -1).expand(tuple(values.shape) + (size - 1,))
    powers = cumulative.cumprod(expanded, -1)
    ones = powers.new_ones(tuple(values.shape) + (1,))
    return join.cat([ones, powers], -1)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D ``x``: ``(len(x), N)``, powers decreasing from N - 1 (increasing with
    ``increasing=True``), as ``torch.vander`` (integer input gives int64).

    >>> import gradlib
    >>> gradlib.vander(gradlib.tensor([1, 2, 3]), N=3)
    tensor([[1, 1, 1],
            [4, 2, 1],
            [9, 3, 1]])
    """
    require_tensor("vander", x, "x")
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    size = x.shape[0] if N is None else N
    if size < 0:
        raise RuntimeError("N must be non-negative.")
    result_dtype = dtypes.promote_types(x.dtype, dtypes.int64)  # cumprod gives integers as int64
    result = _creation.ones((x.shape[0], size), dtype=result_dtype, device=x.device)
    if size > 1:
        result[:, 1:].copy_(shape.unsqueeze(x, 1))
        result[:, 1:].copy_(cumulative.cumprod(result[:, 1:], 1))
    return result if increasing else rearrange.flip(result, (1,))


def tensorinv(A, ind=2):
    """The inverse of ``A`` for ``tensordot`` over its first ``ind`` dims: shape ``A.shape[ind:] +
    A.shape[:ind]``, when prod(A.shape[:ind]) == prod(A.shape[ind:]) (``torch.linalg.tensorinv``; a singular
    matrix raises ``linalg.LinAlgError``).

    >>> import gradlib
    >>> gradlib.linalg.tensorinv(2 * gradlib.eye(4).reshape(4, 2, 2), ind=1).shape
    gradlib.Size([2, 2, 4])
    """
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    end = math.prod(A.shape[ind:])
    start = math.prod(A.shape[:ind])
    if end != start:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {end} != {start}")
    inverse = linalg.inv(A.reshape(end, end))
    return inverse.reshape(tuple(A.shape[ind:]) + tuple(A.shape[:ind]))


def tensorsolve(A, B, dims=None):
    """X with tensordot(A, X, X.ndim) = B: X has shape ``A.shape[B.ndim:]`` (after moving ``dims`` of A to the
    end), as ``torch.linalg.tensorsolve``.

    >>> import gradlib
    >>> gradlib.linalg.tensorsolve(2 * gradlib.eye(6).reshape(2, 3, 6), gradlib.ones(2, 3)).shape
    gradlib.Size([6])
    """
    ndim = A.ndim
    if dims is not None:
        dims = tuple(dims)
        A = shape.movedim(A, dims, tuple(range(ndim - len(dims), ndim)))
    result_shape = tuple(A.shape[B.ndim:])
    result_product = math.prod(result_shape)
    other_product = math.prod(B.shape)
    if result_product != other_product:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {result_product} != {other_product}")
    matrix = A.reshape(result_product, result_product)
    return linalg.solve(matrix, B.flatten()).reshape(result_shape)
