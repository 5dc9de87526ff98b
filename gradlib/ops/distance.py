"""Distances: ``cdist`` (all pairs of rows of two batches of matrices), ``pdist`` (the pairs of rows of one
matrix), ``dist`` (the p-norm of a difference) and ``pairwise_distance`` (the p-norm of ``x1 - x2 + eps`` along the last dim), with PyTorch's
gradients (0 where a distance is 0)."""
import math

from .. import backends
from .._numpy_names import numpy_names
from . import _primitives, reduction
from ._args import require_tensor
from ._dims import normalize_dims
from ._op import Op, check_argument_devices

__all__ = ["cdist", "dist", "pairwise_distance", "pdist"]


def _pnorm(xp, diff, p, axis):
    magnitude = xp.abs(diff)
    if p == 0:
        return (magnitude != 0).sum(axis=axis).astype(diff.dtype)
    if p == 1:
        return magnitude.sum(axis=axis)
    if p == 2:
        return xp.sqrt((magnitude * magnitude).sum(axis=axis))
    if p == math.inf:
        return magnitude.max(axis=axis) if magnitude.shape[axis] else magnitude.sum(axis=axis)
    return (magnitude ** p).sum(axis=axis) ** (1.0 / p)


def _pnorm_weight(P, diff, distance, p):
    """d distance / d diff for the p-norm, 0 where the distance is 0 (PyTorch's cdist and norm backward)."""
    if p == 0:
        return P.zeros_like(diff)  # 0 even at NaN, as PyTorch's
    if p == 1:
        return P.sign(diff)
    zero = distance == 0
    safe = P.where(zero, distance * 0 + 1, distance)
    if p == 2:
        weight = diff / safe
    elif p == math.inf:
        weight = P.sign(diff) * (P.abs(diff) == distance)
    else:
        weight = P.sign(diff) * P.abs(diff) ** (p - 1) / safe ** (p - 1)
    return P.where(zero, P.zeros_like(weight), weight)  # not weight * 0: 0 * inf is NaN for p < 1


class CdistBackward0(Op):
    __slots__ = ("p",)
    saved_names = ('x1', 'x2', 'result')
    saved_scalars = {'p': 'p'}
    promote = True

    @staticmethod
    def forward(ctx, xp, x1, x2, p):
        ctx.p = p
        diff = x1[..., :, None, :] - x2[..., None, :, :]
        if p == 0:  # PyTorch's cdist kernel: min(ceil(|d|), 1), a NaN difference makes the count NaN
            out = xp.minimum(xp.ceil(xp.abs(diff)), 1).sum(axis=-1)
        elif p == math.inf and diff.shape[-1]:  # its running max from 0 never takes a NaN (the comparison fails)
            magnitude = xp.abs(diff)
            out = xp.where(magnitude != magnitude, 0, magnitude).max(axis=-1)
        else:
            out = _pnorm(xp, diff, p, -1)
        ctx.save_for_backward(x1, x2, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x1, x2, out = P.saved(ctx)
        diff = P.expand_dims(x1, -2) - P.expand_dims(x2, -3)
        weight = _pnorm_weight(P, diff, P.expand_dims(out, -1), ctx.p)
        if ctx.p == 1:  # PyTorch's cdist kernel keeps NaN (its sign of NaN is NaN there; torch.sign's is 0)
            weight = P.where(diff != diff, diff, weight)
        weighted = P.expand_dims(grad, -1) * weight
        needs = ctx.needs_input_grad
        grad_x1 = P.sum(weighted, -2) if needs[0] else None
        grad_x2 = -P.sum(weighted, -3) if needs[1] else None
        return grad_x1, grad_x2


class PdistBackward0(Op):
    """The distances of the rows ``i < j`` of one matrix, in PyTorch's order (row-major over the upper
    triangle); the gradient is cdist's weight scattered back to both rows (0 where a distance is 0). Under
    ``create_graph`` the gradient is a ``PdistBackwardBackward0`` value: PyTorch has no derivative for it."""
    __slots__ = ("p", "rows", "cols")
    saved_names = ('self', 'result')
    saved_scalars = {'p': 'p'}

    @staticmethod
    def forward(ctx, xp, x, p):
        rows, cols = xp.triu_indices(x.shape[0], 1)
        ctx.p, ctx.rows, ctx.cols = p, rows, cols
        diff = x[rows] - x[cols]
        if p == 0:  # PyTorch's pdist counts min(sign(|d|), 1): a NaN difference makes the count NaN
            nonzero = (diff != 0).astype(diff.dtype)
            out = xp.where(diff != diff, diff, nonzero).sum(axis=-1)  # (CuPy's sign of NaN is 0, NumPy's NaN)
        else:
            out = _pnorm(xp, diff, p, -1)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, out = P.saved(ctx)
        if P.differentiable:
            return PdistBackwardBackward0.apply(grad, x, out, ctx.p, ctx.rows, ctx.cols)
        return _pdist_grad(P, grad, x, out, ctx.p, ctx.rows, ctx.cols)


def _pdist_grad(P, grad, x, out, p, rows, cols):
    diff = x[rows] - x[cols]
    weighted = P.expand_dims(grad, -1) * _pnorm_weight(P, diff, P.expand_dims(out, -1), p)
    return P.index_add(x.shape, (rows,), weighted, True) - P.index_add(x.shape, (cols,), weighted, True)


class PdistBackwardBackward0(Op):
    """pdist's gradient as a value (``_pdist_backward``), which PyTorch does not differentiate."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, grad, x, out, p, rows, cols):
        P = _primitives.array_primitives(backends.backend_of_array(x))
        return _pdist_grad(P, grad, x, out, p, rows, cols)

    @staticmethod
    def backward(ctx, P, grad):
        raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


class DistBackward0(Op):
    __slots__ = ("p",)
    saved_names = ('self', 'other', 'result')
    promote = True

    @staticmethod
    def forward(ctx, xp, a, b, p):
        ctx.p = p
        diff = a - b
        out = _pnorm(xp, diff.reshape(-1), p, 0)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        a, b, out = P.saved(ctx)
        if ctx.p in (0.0, 1.0, math.inf, -math.inf):
            weighted = grad * _pnorm_weight(P, a - b, out, ctx.p)
        else:  # PyTorch's dist_backward is norm_backward of the difference (its second derivative too)
            weighted = reduction.p_norm_backward(P, grad, a - b, out, ctx.p)
        return weighted, -weighted


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The ``p``-norm distance between each row of ``x1`` ``[..., P, M]`` and each row of ``x2`` ``[..., R, M]``:
    ``[..., P, R]`` (batch dims broadcast), as ``torch.cdist``. Computed from the differences (PyTorch may use a
    matrix product for p = 2 on large inputs: the values agree to rounding). Raises RuntimeError for fewer than
    2 dims, different column counts, a negative ``p`` or integer inputs (PyTorch's messages).

    >>> import gradlib
    >>> gradlib.cdist(gradlib.tensor([[0., 0.], [1., 1.]]), gradlib.tensor([[3., 4.]]))
    tensor([[5.0000],
            [3.6056]])
    """
    check_argument_devices("_cdist_forward", ("x1", x1), ("x2", x2))
    for name, value in (("X1", x1), ("X2", x2)):
        if value.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {value.ndim}D")
    # PyTorch's order: the dims, the columns, the dtypes, p; an empty result skips the kernel (and its dtype)
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    for name, value in (("X1", x1), ("X2", x2)):
        if not value.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{value.dtype.scalar_type}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    empty = x1.shape[-2] == 0 or x2.shape[-2] == 0 or x1.numel() == 0 and x1.shape[-1] != 0 or (
        x2.numel() == 0 and x2.shape[-1] != 0)
    if x1.dtype.itemsize == 2 and not empty:
        raise NotImplementedError(f"\"cdist\" not implemented for '{x1.dtype.scalar_type}'")
    return CdistBackward0.apply(x1, x2, float(p))


def pdist(input, p=2):
    """The ``p``-norm distance between each pair of rows ``i < j`` of ``input`` ``(N, M)``: ``(N * (N - 1) / 2,)``
    in row-major order of the pairs, as ``torch.pdist`` (and ``torch.nn.functional.pdist``). Floating inputs only;
    the gradient is 0 where a distance is 0; the second derivative raises NotImplementedError, as PyTorch's
    (``_pdist_backward``). Raises RuntimeError for an input that is not 2-D, not floating, or a negative ``p``,
    NotImplementedError for float16/bfloat16 (PyTorch's messages).

    >>> import gradlib
    >>> gradlib.pdist(gradlib.tensor([[0., 0.], [3., 4.], [6., 8.]]))
    tensor([ 5., 10.,  5.])
    """
    require_tensor("pdist", input)
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if input.dtype.itemsize == 2:  # as cdist: PyTorch's CPU kernel has no float16/bfloat16 version
        raise NotImplementedError(f"\"pdist\" not implemented for '{input.dtype.scalar_type}'")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return PdistBackward0.apply(input, float(p))


def dist(input, other, p=2):
    """The ``p``-norm of ``input - other`` (broadcast), a 0-d tensor, as ``torch.dist``.

    >>> import gradlib
    >>> gradlib.dist(gradlib.tensor([1., 2.]), gradlib.tensor([4., 6.]))
    tensor(5.)
    """
    for value in (input, other):
        if not (value.dtype.is_floating_point or value.dtype.is_complex):
            raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                               f"{value.dtype.scalar_type} instead.")
    if math.isinf(p) and (input.numel() == 0 or other.numel() == 0):  # max |x| of nothing has no identity
        raise RuntimeError(f"linalg.vector_norm cannot compute the {'inf' if p > 0 else '-inf'} norm on an empty "
                           "tensor because the operation does not have an identity")
    return DistBackward0.apply(input, other, float(p))



class NormBackward1(reduction.LinalgVectorNormBackward0):
    """``at::norm(input, p, dim, keepdim)``, the node PyTorch's ``pairwise_distance`` records: the p-norm over
    ``axes``, with the vector norm's forward and gradients (0 at a zero norm) under PyTorch's name for it."""

    __slots__ = ()
    saved_names = ('self', 'result')
    saved_scalars = {'dim': 'axes', 'keepdim': 'keepdim', 'p': 'ord'}


@numpy_names
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of ``x1 - x2 + eps`` over the last dim of the broadcast inputs (``keepdim`` keeps it as size 1).

    Shapes broadcast (``(N, D)`` with ``(D,)`` or ``(N, D)``; 1-D inputs give a 0-d distance); integer inputs
    give a float distance (``+ eps`` promotes them); the result's node is ``NormBackward1``, as in PyTorch.
    Raises RuntimeError when the shapes do not broadcast. Mirrors ``torch.pairwise_distance`` and
    ``torch.nn.functional.pairwise_distance``.

    >>> import gradlib
    >>> gradlib.pairwise_distance(gradlib.tensor([[3., 4.], [1., 1.]]), gradlib.tensor([0., 0.]), eps=0.0)
    tensor([5.0000, 1.4142])
    """
    require_tensor("pairwise_distance", x1)
    require_tensor("pairwise_distance", x2)
    innermost = max(x1.ndim, x2.ndim) - 1
    difference = x1 - x2 + eps
    axes = normalize_dims(innermost, difference.ndim)
    return NormBackward1.apply(difference, float(p), axes, keepdim)
