"""Top-level matrix functions: ``det``, ``logdet``, ``slogdet``, ``inverse``, ``matrix_power``, ``matrix_exp``
(``torch.*`` and ``torch.linalg.matrix_power`` / ``matrix_exp``).

``det``, ``slogdet`` and ``inverse`` are ``linalg.det``, ``linalg.slogdet`` and ``linalg.inv`` under PyTorch's
older names. ``matrix_exp`` is one node (LinalgMatrixExpBackward0): a degree-18 Taylor polynomial of A / 2^s with
||A / 2^s||_1 <= 1, squared s times; its gradient is the upper-right block of the exponential of
[[A^T, G], [0, A^T]], as PyTorch's.
"""
from .. import _creation, return_types
from . import linalg, selection
from ._args import require_tensor
from ._op import Op

__all__ = ["det", "logdet", "slogdet", "inverse", "matrix_power", "matrix_exp", "matrix_exp_array"]

_TAYLOR_DEGREE = 18


def det(input):
    """The determinant of (batches of) square matrices (``torch.det``, the same as ``linalg.det``).

    >>> import gradlib
    >>> gradlib.det(gradlib.tensor([[2., 1.], [1., 3.]]))
    tensor(5.)
    """
    require_tensor("det", input)
    return linalg.det(input)


def slogdet(input):
    """(sign, log|det|) of (batches of) square matrices as ``torch.return_types.slogdet`` (``torch.slogdet``; the
    values of ``linalg.slogdet``).

    >>> import gradlib
    >>> gradlib.slogdet(gradlib.tensor([[2., 1.], [1., 3.]])).logabsdet
    tensor(1.6094)
    """
    require_tensor("slogdet", input)
    sign, logabsdet = linalg.slogdet(input)
    return return_types.slogdet(sign, logabsdet)


def logdet(input):
    """log(det(A)) of (batches of) square matrices: NaN where the determinant is negative, -inf where it is 0.
    Mirrors ``torch.logdet`` (its graph ends in a where, WhereBackward0, as PyTorch's).

    >>> import gradlib
    >>> gradlib.logdet(gradlib.tensor([[2., 1.], [1., 3.]]))
    tensor(1.6094)
    """
    require_tensor("logdet", input)
    sign, logabsdet = linalg.slogdet(input)
    if input.dtype.is_complex:  # log det = log(sign) + log|det|, PyTorch's (its graph ends in AddBackward0)
        return sign.log() + logabsdet
    return selection.where(sign == -1, float("nan"), logabsdet)


def inverse(input):
    """The inverse of (batches of) square matrices (``torch.inverse``, the same as ``linalg.inv``; a singular
    matrix raises ``linalg.LinAlgError``).

    >>> import gradlib
    >>> gradlib.inverse(gradlib.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    require_tensor("inverse", input)
    return linalg.inv(input)


def matrix_power(input, n):
    """A^n for (batches of) square matrices and an integer n: identity for 0, a copy for 1, products by
    repeated squaring (PyTorch's order) for n > 1, powers of the inverse for n < 0 (floating only). Mirrors
    ``torch.matrix_power`` / ``linalg.matrix_power``; TypeError for a non-integer n.

    >>> import gradlib
    >>> gradlib.matrix_power(gradlib.tensor([[1, 1], [0, 1]]), 3)
    tensor([[1, 3],
            [0, 1]])
    """
    require_tensor("matrix_power", input)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    if input.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
    if input.shape[-1] != input.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are "
                           f"{input.shape[-2]} by {input.shape[-1]} matrices")
    if n == 0:
        result = input.clone()
        identity = _creation.eye(input.shape[-1], dtype=input.dtype, device=input.device)
        result.copy_(identity.expand(input.shape))
        return result
    if n == 1:
        return input.clone()
    if n < 0:
        input = linalg.inv(input)
        n = -n
    square = result = None
    while n > 0:
        square = input if square is None else linalg.matmul(square, square)
        if n & 1:
            result = square if result is None else linalg.matmul(result, square)
        n >>= 1
    return result


def matrix_exp_array(xp, a):
    """exp(A) of the raw array ``a`` (..., n, n), by scaling and squaring. The number of squarings is read on the
    host (as PyTorch's CUDA kernel reads it); matrices of a batch that need fewer keep their value."""
    size = a.shape[-1]
    if a.size == 0:
        return a.copy()
    norm = xp.abs(a).sum(axis=-2).max(axis=-1)
    scale = xp.clip(xp.ceil(xp.log2(xp.maximum(norm, 1))), 0, 1024)
    scale = xp.where(scale == scale, scale, 0)  # NaN: no squaring (the result is NaN already)
    squarings = int(scale.max())
    scaled = a / (2 ** scale)[..., None, None]
    identity = xp.eye(size, dtype=a.dtype)
    result = identity + scaled / _TAYLOR_DEGREE
    for k in range(_TAYLOR_DEGREE - 1, 0, -1):
        result = identity + xp.matmul(scaled, result) / k
    for step in range(squarings):
        result = xp.where((step < scale)[..., None, None], xp.matmul(result, result), result)
    return result.astype(a.dtype, copy=False)


class LinalgMatrixExpBackward0(Op):
    """exp(A); the gradient is exp([[A^H, G], [0, A^H]])[:n, n:] (PyTorch's formula, differentiable again; A^T
    for real A)."""

    __slots__ = ()
    saved_names = ("self",)
    complex_aware = True

    @staticmethod
    def forward(ctx, xp, a):
        ctx.save_for_backward(a)
        return matrix_exp_array(xp, a)

    @staticmethod
    def backward(ctx, P, grad):
        (a,) = P.saved(ctx)
        size = a.shape[-1]
        transposed = P.swapaxes(a, -1, -2)
        if (a.dtype.is_complex if P.differentiable else a.dtype.kind == "c"):
            transposed = P.conj(transposed)
        top = P.cat([transposed, grad], -1)
        bottom = P.cat([P.zeros_like(transposed), transposed], -1)
        block = P.matrix_exp(P.cat([top, bottom], -2))
        return block[..., :size, size:]


def matrix_exp(input):
    """The matrix exponential of (batches of) square float matrices (``torch.matrix_exp`` /
    ``linalg.matrix_exp``). RuntimeError for non-square or integer input.

    >>> import gradlib
    >>> gradlib.matrix_exp(gradlib.tensor([[0., 1.], [0., 0.]]))
    tensor([[1., 1.],
            [0., 1.]])
    """
    require_tensor("matrix_exp", input)
    linalg.check_square("linalg.matrix_exp", input)
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(f"linalg.matrix_exp: Expected a floating point or complex tensor as input. Got "
                           f"{input.dtype.scalar_type}")
    return LinalgMatrixExpBackward0.apply(input)

