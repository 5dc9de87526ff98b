"""Fused nodes for neural-network functions where fusing matters for numerics or memory: softmax,
log_softmax (through the log-sum-exp), embedding lookup, constant padding, scaled dot-product attention (PyTorch's
CPU flash-attention node). Linear is in ops/linear.py."""
from .. import _autocast, _sparse_registry, _tensor
from ..autograd.graph import FREED, FREED_MESSAGE, AccumulateGrad
from .._numpy_names import numpy_names
from ..backends import backend_of_array, numpy_backend as _numpy_backend
from ._args import require_tensor
from ._dims import normalize_dim
from . import _sparse_gradient
from ._op import Op, saved_reduction, symint
from .indexing import first_outside
from .linear import linear  # re-exported: nn.functional.linear and attention call nn_ops.linear

__all__ = ["SoftmaxBackward0", "LogSoftmaxBackward0", "EmbeddingBackward0", "ConstantPadNdBackward0", "softmax",
           "log_softmax", "linear"]


_NDARRAY = _numpy_backend.array_type
_WIDE_FLOATS = (_numpy_backend.xp.dtype("float32"), _numpy_backend.xp.dtype("float64"))
_ADD_REDUCE = _numpy_backend.xp.add.reduce  # ndarray.sum's reduction, without its Python wrappers


def _softmax_dim(dim, ndim):
    if dim is None:
        return 0 if ndim in (0, 1, 3) else 1  # PyTorch's legacy implicit choice
    return normalize_dim(dim, ndim)


def _require_float_softmax(kernel, input, axis):
    """PyTorch has no integer softmax kernel (pass ``dtype=`` to compute in floating point)."""
    if not input.dtype.is_floating_point:
        where = "lastdim_" if axis == input.ndim - 1 or input.ndim == 0 else ""
        raise NotImplementedError(f'"{kernel}_{where}kernel_impl" not implemented for '
                                  f"'{input.dtype.scalar_type}'")


@numpy_names
def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably; over an empty dim the result is empty.

    >>> import gradlib
    >>> gradlib.softmax(gradlib.tensor([1., 2., 3.]), 0)
    tensor([0.0900, 0.2447, 0.6652])
    """
    if _autocast.active:
        dtype = _autocast.fp32_dtype(input, dtype)
    require_tensor("softmax", input)
    if dtype is not None:
        input = input.to(dtype)
    axis = _softmax_dim(dim, input.ndim)
    _require_float_softmax("softmax", input, axis)
    return SoftmaxBackward0.apply(input, axis)


@numpy_names
def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, via the log-sum-exp (finite for any finite x).

    >>> import gradlib
    >>> gradlib.log_softmax(gradlib.tensor([0., 1e4]), 0)
    tensor([-10000.,      0.])
    """
    if _autocast.active:
        dtype = _autocast.fp32_dtype(input, dtype)
    require_tensor("log_softmax", input)
    if dtype is not None:
        input = input.to(dtype)
    axis = _softmax_dim(dim, input.ndim)
    _require_float_softmax("log_softmax", input, axis)
    return LogSoftmaxBackward0.apply(input, axis)


def _shifted(a, axis):
    """``a`` minus its maximum along ``axis``: exp of it cannot overflow. An empty ``a`` has no maximum and needs
    no shift (softmax over an empty dim is empty, as in PyTorch)."""
    if a.size == 0:
        return a
    return a - a.max(axis=axis, keepdims=True)


class SoftmaxBackward0(Op):
    __slots__ = ("axis",)
    saved_scalars = {"dim": "axis"}
    output_format = "contiguous"
    saved_names = ('result',)
    int_to_float = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, axis):
        ctx.axis = axis
        e = xp.exp(_shifted(a, axis))
        out = e / e.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        return out * (grad - P.sum(grad * out, ctx.axis, True))


class LogSoftmaxBackward0(Op):
    # _told_row_sum: (gradient, its row sum) told by the NllLossBackward0 above it (one-pass cross_entropy), or None
    __slots__ = ("axis", "_told_row_sum")
    saved_scalars = {"dim": "axis"}
    output_format = "contiguous"
    saved_names = ('result',)
    int_to_float = True
    fused_backward = True  # PyTorch's derivative is one kernel computing in float (Op.fused_backward)

    @staticmethod
    def forward(ctx, xp, a, axis):
        ctx.axis = axis
        ctx._told_row_sum = None
        shifted = _shifted(a, axis)
        total = xp.exp(shifted).sum(axis=axis, keepdims=True)
        if a.ndim and a.size:  # shifted is a new array: the result is written into it (one array fewer)
            out = xp.subtract(shifted, xp.log(total), out=shifted)
        else:
            out = shifted - xp.log(total)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (out,) = P.saved(ctx)
        if P.differentiable or not out.ndim or grad.dtype != out.dtype or grad.shape != out.shape:
            return grad - P.exp(out) * P.sum(grad, ctx.axis, True)
        # the same arithmetic, in one new array: exp(out), times the sum, subtracted from grad
        xp = P.xp
        product = xp.exp(out)
        told = ctx._told_row_sum
        if told is not None:
            ctx._told_row_sum = None  # told for this one gradient
            if told[0] is grad and ctx.axis == 1 and ctx._extras is None and grad.dtype in _WIDE_FLOATS:
                # the gradient NllLossBackward0's dense case made just now, unchanged (no hooks on this node:
                # a pre-hook could write into it): each row sums to the value it told, bit for bit
                xp.multiply(product, told[1], out=product)
                return xp.subtract(grad, product, out=product)
        if grad.__class__ is _NDARRAY and grad.dtype in _WIDE_FLOATS:
            # P.sum's own call for these dtypes (_array_sum: ndarray.sum is add.reduce), without its three Python
            # frames (the wrapper, ndarray.sum's and numpy's _sum): ~2,500 instructions of a (32, 10) backward
            total = _ADD_REDUCE(grad, ctx.axis, None, None, True)
        else:
            total = P.sum(grad, ctx.axis, True)
        xp.multiply(product, total, out=product)
        return xp.subtract(grad, product, out=product)


class EmbeddingBackward0(Op):
    """Rows of ``weight`` picked by integer ``indices``; rows equal to ``padding_idx`` get no gradient; with
    ``scale_grad_by_freq`` each picked row's gradient is divided by how often its index occurs (PyTorch).

    ``sparse``: the weight's gradient is a sparse COO tensor, as PyTorch's ``embedding_sparse_backward``: indices =
    the looked-up rows in order (``padding_idx`` entries left out), values = the output gradient's rows, not
    coalesced (``ops/_sparse_gradient.py``). A weight that is not a leaf (``emb(idx, w * 2)``) gets the dense
    gradient: gradlib's dense ops do not take sparse gradients (PyTorch would pass the sparse one on)."""

    __slots__ = ("indices", "scaled", "sparse", "padding_idx", "scale_grad_by_freq")
    # padding_idx as F.embedding passes it: -1 (shown as uint64) for none, a negative one counted from the end
    saved_scalars = {"padding_idx": lambda node: symint(-1) if node.padding_idx is None else
                     node.padding_idx % node.input_shape(0)[0], "scale_grad_by_freq": "scale_grad_by_freq",
                     "sparse": "sparse", "weight_sym_argsize_0": lambda node: node.input_shape(0)[0]}

    @staticmethod
    def forward(ctx, xp, weight, indices, padding_idx, scale_grad_by_freq=False, sparse=False):
        flat = indices.reshape(-1)
        ctx.indices = flat
        ctx.sparse = sparse
        ctx.padding_idx = padding_idx
        ctx.scale_grad_by_freq = scale_grad_by_freq
        ctx.scaled = padding_idx is not None or scale_grad_by_freq
        if ctx.scaled:
            factor = xp.ones(flat.shape[0], dtype=weight.dtype)
            if scale_grad_by_freq:  # counted on the device (a scatter-add: no read of the indices)
                counts = xp.zeros(weight.shape[0], dtype=weight.dtype)
                backend_of_array(weight).scatter_add(counts, (flat,), factor)
                factor = factor / counts[flat]
            if padding_idx is not None:
                factor = xp.where(flat != padding_idx, factor, 0)
            ctx.save_for_backward(factor[:, None])
        return weight[indices]

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        rows = P.reshape(grad, (ctx.indices.shape[0], shape[1]))
        if ctx.sparse:
            if ctx.scale_grad_by_freq:
                raise RuntimeError("embedding_backward: scale_grad_by_freq not supported with sparse gradients")
            if P.differentiable or ctx._edges[0][0].__class__ is AccumulateGrad:
                return _sparse_rows(ctx, P, rows, shape)
        if ctx.scaled:
            (factor,) = P.saved(ctx)
            rows = P.where(factor != 0, rows * factor, 0.0)  # the padding row: zeros, whatever arrives
        return P.index_add(shape, (ctx.indices,), rows, True)


def _sparse_rows(ctx, P, rows, shape):
    """The sparse COO gradient of an embedding's weight (raw on the fast path, a COO tensor under create_graph).
    Leaving the padding entries out reads how many there are (a host sync on CUDA, as PyTorch's masking)."""
    flat = ctx.indices
    xp = ctx.xp
    device = ctx._device
    with device._backend.guard(device):
        if ctx.padding_idx is not None:
            kept = xp.nonzero(flat != ctx.padding_idx)[0]
            flat = flat[kept]
            rows = rows[kept if not P.differentiable else _tensor.wrap(kept, device)]
        indices = flat.astype(xp.int64).reshape(1, -1)
    if P.differentiable:
        return _sparse_registry.CONVERSIONS["coo_from_tensors"](indices, rows, shape, device)
    return _sparse_gradient.SparseGradient(indices, rows, shape, device)


class EmbeddingBagBackward0(Op):
    """The last step of ``embedding_bag``: the bags' reduced rows, passed through under PyTorch's node name (the
    lookup, weighting and reduction before it are gradlib's differentiable ops, whose gradients flow through)."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, bags):
        return bags.copy()

    @staticmethod
    def backward(ctx, P, grad):
        return (grad,)


class EmbeddingBagPerSampleWeights(Op):
    """``per_sample_weights`` passed into embedding_bag unchanged; under ``create_graph`` its gradient goes through
    a node that refuses a derivative, as PyTorch's (``_embedding_bag_per_sample_weights_backward`` has none)."""

    __slots__ = ()
    node_name = "EmbeddingBagBackward0"

    @staticmethod
    def forward(ctx, xp, weights):
        return weights.copy()

    @staticmethod
    def backward(ctx, P, grad):
        if P.differentiable:
            return (EmbeddingBagPerSampleWeightsBackward.apply(grad),)
        return (grad,)


class EmbeddingBagPerSampleWeightsBackward(Op):
    """The gradient of embedding_bag's per_sample_weights: passed on, with no derivative (PyTorch's message)."""

    __slots__ = ()
    node_name = "EmbeddingBagBackwardBackward0"

    @staticmethod
    def forward(ctx, xp, grad):
        return grad.copy()

    @staticmethod
    def backward(ctx, P, grad):
        raise RuntimeError("derivative for aten::_embedding_bag_per_sample_weights_backward is not implemented")


class ConstantPadNdBackward0(Op):
    """Pad the last dims with a constant (negative padding crops); the gradient is the matching slice."""

    __slots__ = ("widths",)
    output_format = "suggested"

    @staticmethod
    def forward(ctx, xp, a, widths, value):
        ctx.widths = widths
        grow = [(max(before, 0), max(after, 0)) for before, after in widths]
        out = xp.pad(a, grow, constant_values=value) if any(b or e for b, e in grow) else a.copy()
        crop = tuple(slice(max(-before, 0), out.shape[d] - max(-after, 0)) for d, (before, after) in
                     enumerate(widths))
        return out[crop]

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        index = tuple(slice(max(before, 0), max(before, 0) + size - max(-before, 0) - max(-after, 0))
                      for (before, after), size in zip(ctx.widths, shape))
        inner = grad[index]
        if any(before < 0 or after < 0 for before, after in ctx.widths):
            placed = tuple(slice(max(-before, 0), size - max(-after, 0))
                           for (before, after), size in zip(ctx.widths, shape))
            return P.index_add(shape, placed, inner, False)
        return inner


class _IndexPad(Op):
    """Reflection or replication padding of the last dims in one node: each padded dim reads the input at an
    index array made from the sizes alone (``indices``: (axis, array) pairs, applied in order); the gradient
    adds back along each dim in reverse order, accumulating where positions repeat."""

    __slots__ = ("indices",)

    @staticmethod
    def forward(ctx, xp, a, indices):
        ctx.indices = indices
        out = a.copy() if not indices else a
        for axis, index in indices:
            out = xp.take(out, index, axis=axis)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        shapes = [tuple(ctx.input_shape(0))]
        for axis, index in ctx.indices:
            sizes = list(shapes[-1])
            sizes[axis] = index.shape[0]
            shapes.append(tuple(sizes))
        for (axis, index), shape in zip(reversed(ctx.indices), reversed(shapes[:-1])):
            grad = P.index_add(shape, (slice(None),) * axis + (index,), grad, True)
        return grad


class ReflectionPad1DBackward0(_IndexPad):
    __slots__ = ()


class ReflectionPad2DBackward0(_IndexPad):
    __slots__ = ()


class ReflectionPad3DBackward0(_IndexPad):
    __slots__ = ()


class ReplicationPad1DBackward0(_IndexPad):
    __slots__ = ()


class ReplicationPad2DBackward0(_IndexPad):
    __slots__ = ()


class ReplicationPad3DBackward0(_IndexPad):
    __slots__ = ()


#: PyTorch's node for ``pad(mode=...)`` by the number of padded dims
INDEX_PADS = {"reflect": (ReflectionPad1DBackward0, ReflectionPad2DBackward0, ReflectionPad3DBackward0),
              "replicate": (ReplicationPad1DBackward0, ReplicationPad2DBackward0, ReplicationPad3DBackward0)}


class NllLossBackward0(Op):
    """Negative log-likelihood of class ``target`` (raw int array) under log-probabilities (N, C, ...), with
    class ``weights`` (raw array or None), ``ignore_index`` and a reduction, in one node."""

    # dense: every row kept, none weighted (set by ops/_cross_entropy_rows.py, which knows it without a look)
    __slots__ = ("index", "reduction", "total", "weighted", "dense")
    saved_scalars = {"reduction": saved_reduction}

    @staticmethod
    def forward(ctx, xp, log_probs, target, weights, ignore_index, reduction):
        ctx.dense = False
        if target.ndim == 1 and weights is None and reduction == "mean":
            return _nll_mean_of_rows(ctx, xp, log_probs, target, ignore_index)
        keep = target != ignore_index
        safe = xp.where(keep, target, 0)
        _check_targets(safe, log_probs.shape[1])
        index = [xp.arange(size).reshape((-1,) + (1,) * (target.ndim - 1 - d)) for d, size in
                 enumerate(target.shape)]
        index.insert(1, safe)
        index = tuple(index)
        scale = keep.astype(log_probs.dtype)
        if weights is not None:
            scale = scale * weights[safe]
        ctx.index = index
        ctx.reduction = reduction
        ctx.weighted = weights is not None
        ctx.save_for_backward(scale, keep)
        # an ignored row adds nothing and its 'none' loss is +0., as in PyTorch's kernel (which skips it), even
        # where its class-0 log-probability is -inf (a masked logit): picked * 0 would be NaN
        losses = xp.where(keep, -log_probs[index] * scale, 0.0)
        if reduction == "none":
            return losses
        if reduction == "sum":
            return losses.sum()
        ctx.total = scale.sum()
        return losses.sum() / ctx.total

    @staticmethod
    def backward(ctx, P, grad):
        if ctx.dense and not P.differentiable:
            # every row kept, none weighted (one-pass cross_entropy): the saved scale (ones) and mask (all True)
            # are constants without a version to check, not read here, so P.saved's unpacking (~1,500
            # instructions) is left out, but not its refusal of a freed graph. where(keep, -grad / total, 0) is
            # that one value: it goes into every picked place.
            if ctx._saved is FREED:
                raise RuntimeError(FREED_MESSAGE)
            values = -(grad / ctx.total) if ctx.reduction == "mean" else -grad
            out = P.xp.zeros(ctx._input_meta[0][0], dtype=values.dtype)
            out[ctx.index] = values
            if out.__class__ is _NDARRAY and ctx._extras is None and out.ndim == 2 and values == values:
                # each row of out holds one value and zeros: its row sum, which LogSoftmaxBackward0 (the next node
                # of cross_entropy) asks, is that value + 0. (add.reduce's exact answer: -0. comes out +0.). Told
                # to it here (its _told_row_sum) instead of the reduction over many short rows: ~14,700
                # instructions a (32, 10) backward. Not for a NaN: multiply's NaN-times-NaN payload differs
                # between the row-by-row and the one-scalar loops. No node hooks here (a post hook could write
                # into out).
                child = ctx._edges[0][0]
                if child.__class__ is LogSoftmaxBackward0:
                    child._told_row_sum = (out, values + 0.)
            return out
        scale, keep = P.saved(ctx)
        if ctx.reduction == "mean":
            grad = grad / ctx.total
        # ignored targets get true zeros: with every target ignored the total is 0 and grad / 0 is NaN, where
        # PyTorch's kernel writes nothing. Without class weights the scale of a kept row is 1: -grad itself.
        values = -grad * scale if ctx.weighted or grad.ndim else -grad
        return P.index_add(ctx.input_shape(0), ctx.index, P.where(keep, values, 0.0), False)


class NllLoss2DBackward0(NllLossBackward0):
    """The same node for inputs with spatial dims (N, C, d1, ...): PyTorch's ``nll_loss2d``."""

    __slots__ = ()


def _nll_mean_of_rows(ctx, xp, log_probs, target, ignore_index):
    """The common case, (N, C) log-probabilities and N class indices averaged, in as few array calls as
    possible; the same values and saved state as the general path."""
    keep = target != ignore_index
    safe = target * keep  # where(keep, target, 0): the same integers, in a cheaper call
    _check_targets(safe, log_probs.shape[1])
    index = (xp.arange(target.shape[0]), safe)
    picked = xp.where(keep, log_probs[index], 0.0)  # an ignored row adds nothing, even with a -inf log-probability
    scale = keep.astype(log_probs.dtype)
    ctx.index = index
    ctx.reduction = "mean"
    ctx.weighted = False
    ctx.save_for_backward(scale, keep)
    ctx.total = scale.sum()  # the number of kept rows (exact below 2**24 in float32)
    return -xp.dot(picked, scale) / ctx.total


def _check_targets(safe, classes):
    """PyTorch's IndexError for a class index outside [0, classes) (ignored targets were set to 0); deferred
    on CUDA, where PyTorch's kernel asserts (see ``Backend.check_bounds``)."""
    backend = backend_of_array(safe)
    error = lambda: IndexError(f"Target {first_outside(safe, 0, classes)} is out of bounds.")
    backend.check_bounds(safe, 0, classes, "nll_loss / cross_entropy: target (class index)", error)


# PyTorch's EPSILON in binary_cross_entropy_backward: 1e-12 as a float, then widened (9.99999996e-13)
_BCE_EPSILON = 9.999999960041972e-13


class BinaryCrossEntropyBackwardBackward0(Op):
    """The gradient of binary cross-entropy for p (``ops.loss.BinaryCrossEntropyBackward0``'s backward under
    create_graph), grad (p - t) / max((1 - p) p, 1e-12), as a node of its own
    with PyTorch's binary_cross_entropy_double_backward: for p, grad G (p^2 - 2pt + t) / ((p + eps)^2
    (1 - p + eps)^2); for t, -grad G / max((1 - p) p, 1e-12); for grad, G (p - t) / max((1 - p) p, 1e-12)."""

    __slots__ = ()
    promote = True
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, grad, p, t):
        ctx.save_for_backward(grad, p, t)
        return grad * (p - t) / xp.maximum((1 - p) * p, _BCE_EPSILON)

    @staticmethod
    def backward(ctx, P, outer):
        grad, p, t = P.saved(ctx)
        needs = ctx.needs_input_grad
        eps = 1e-12
        denominator = P.where((1 - p) * p > _BCE_EPSILON, (1 - p) * p, p * 0 + _BCE_EPSILON)
        grad_grad = outer * (p - t) / denominator if needs[0] else None
        grad_p = None
        if needs[1]:
            grad_p = outer * grad * (p * p - 2 * p * t + t) / ((p + eps) * (p + eps) * (1 - p + eps) * (1 - p + eps))
        grad_t = -outer * grad / P.where((1 - p) * p > 1e-12, (1 - p) * p, p * 0 + 1e-12) if needs[2] else None
        return grad_grad, grad_p, grad_t


class ScaledDotProductFlashAttentionForCpuBackward0(Op):
    """softmax(Q K^T * scale, masked) V for 4-D (B, H, L, E) query and (B, H, S, E) key and value: the node PyTorch's
    ``scaled_dot_product_attention`` records where it picks its flash kernel (``nn/_attention.py`` decides).
    ``mask`` is None, boolean (True = may attend) or float (added), broadcast to (B, H, L, S) and never
    differentiated; ``causal`` lets query i attend keys 0..i. A query row that may attend to nothing gives zeros.

    Forward keeps each row's maximum score as a constant shift of the softmax (the softmax does not depend on
    it); backward recomputes the weights from Q and K with ``P`` (so every order of gradient flows, where PyTorch's
    kernel has no double backward): with A the weights, dV = A^T g, dS = A * (g V^T - rowsum(g V^T * A)),
    dQ = dS K * scale, dK = dS^T Q * scale."""

    __slots__ = ("scale", "mask_kind")
    saved_names = ('query', 'key', 'value')
    saved_scalars = {'scale': 'scale'}

    @staticmethod
    def forward(ctx, xp, query, key, value, mask, causal, scale):
        ctx.scale = scale
        scores = xp.matmul(query, key.swapaxes(-1, -2)) * scale
        allowed = xp.tril(xp.ones(scores.shape[-2:], dtype=bool)) if causal else None
        if mask is not None and mask.dtype == bool:  # with causal: both (PyTorch's kernel applies both)
            allowed = mask if allowed is None else xp.logical_and(mask, allowed)
            mask = None
        if mask is not None:
            scores = scores + mask
        if allowed is not None:
            scores = xp.where(allowed, scores, -xp.inf)
        shift = scores.max(axis=-1, keepdims=True)
        shift = xp.where(shift == -xp.inf, 0, shift)  # a fully masked row: exp(-inf - 0) = 0 everywhere
        weights = _attention_weights(xp.exp(scores - shift), xp.where, _array_sum)
        ctx.mask_kind = (None if mask is None else "float", None if allowed is None else "bool")
        ctx.save_for_backward(query, key, value, shift, *(() if mask is None else (mask,)),
                              *(() if allowed is None else (allowed,)))
        return xp.matmul(weights, value)

    @staticmethod
    def backward(ctx, P, grad):
        query, key, value, shift, *masks = P.saved(ctx)
        scale = ctx.scale
        scores = P.matmul(query, P.swapaxes(key, -1, -2)) * scale
        added, allowed = ctx.mask_kind
        if added:
            scores = scores + masks[0]
        if allowed:
            scores = P.where(masks[-1], scores, -float("inf"))
        weights = _attention_weights(P.exp(scores - shift), P.where, P.sum)
        needs = ctx.needs_input_grad
        grad_value = P.matmul(P.swapaxes(weights, -1, -2), grad) if needs[2] else None
        grad_query = grad_key = None
        if needs[0] or needs[1]:
            grad_weights = P.matmul(grad, P.swapaxes(value, -1, -2))
            grad_scores = weights * (grad_weights - P.sum(grad_weights * weights, -1, True))
            grad_query = P.matmul(grad_scores, key) * scale if needs[0] else None
            grad_key = P.matmul(P.swapaxes(grad_scores, -1, -2), query) * scale if needs[1] else None
        if len(needs) > 3:
            return grad_query, grad_key, grad_value, None
        return grad_query, grad_key, grad_value


def _array_sum(array, axis, keepdims):
    return array.sum(axis=axis, keepdims=keepdims)


def _attention_weights(exps, where, total):
    """Rows of ``exps`` divided by their sums; a row of zeros (nothing allowed) stays zeros."""
    sums = total(exps, -1, True)
    return exps / where(sums == 0, 1.0, sums)
