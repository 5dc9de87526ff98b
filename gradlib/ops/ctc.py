"""Connectionist temporal classification loss as one node, PyTorch's ``_ctc_loss`` (grad_fn ``CtcLossBackward0``):
one negative log-likelihood per batch element, computed by the forward-backward algorithm in log space.

For a target l_1..l_S the extended label sequence is l' = (blank, l_1, blank, l_2, ..., l_S, blank), length
2S + 1. With e_t(s) = log_probs[t, l'_s]:

    alpha_0(0) = e_0(0), alpha_0(1) = e_0(1)
    alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s != blank and l'_s != l'_{s-2})
                 + e_t(s)
    nll = -logsumexp(alpha_{T-1}(2S), alpha_{T-1}(2S-1))          (T: the element's input length)

beta is the same recursion run backwards from T - 1 (it includes e_t(s) too). The gradient is PyTorch's, for
log-probabilities that come from a log_softmax: grad[t, c] = exp(log_probs[t, c]) - sum over s with l'_s = c of
exp(alpha_t(s) + beta_t(s) + nll - e_t(s)), times the incoming gradient, for t below the input length (0 after
it); with ``zero_infinity`` an infinite loss becomes 0 and its gradient 0. Through a log_softmax this is the exact
derivative (the first term cancels there); PyTorch's node has no second derivative, and neither has this one.

Batch elements are computed together (their lengths differ: every array is padded to the longest target, and the
recursions run to the longest input); the time loop is a Python loop of T array steps.
"""
from ._op import Op

__all__ = ["ctc_loss"]


def _logsumexp(xp, *terms):
    """Elementwise log(sum(exp(terms))) with -inf where every term is -inf."""
    top = terms[0]
    for term in terms[1:]:
        top = xp.maximum(top, term)
    safe = xp.where(xp.isfinite(top), top, 0)
    total = 0
    for term in terms:
        total = total + xp.exp(term - safe)
    return safe + xp.log(total)  # ops run with NumPy's warnings off: log(0) is -inf quietly


def _shifted(xp, array, by):
    """``array`` (N, L) moved right by ``by`` along L, -inf coming in."""
    pad = xp.full((array.shape[0], by), -xp.inf, dtype=array.dtype)
    return xp.concatenate([pad, array[:, :array.shape[1] - by]], axis=1)


def _unshifted(xp, array, by):
    """``array`` (N, L) moved left by ``by`` along L, -inf coming in."""
    pad = xp.full((array.shape[0], by), -xp.inf, dtype=array.dtype)
    return xp.concatenate([array[:, by:], pad], axis=1)


def _extended_labels(xp, targets, blank):
    """l' per batch element (N, 2S + 1) and where the skip s-2 -> s is allowed."""
    count, longest = targets.shape
    extended = xp.full((count, 2 * longest + 1), blank, dtype=targets.dtype)
    extended[:, 1::2] = targets
    skip = xp.zeros(extended.shape, dtype=bool)
    skip[:, 2:] = (extended[:, 2:] != blank) & (extended[:, 2:] != extended[:, :-2])
    return extended, skip


class CtcLossBackward0(Op):
    __slots__ = ("input_lengths", "target_lengths", "blank", "zero_infinity")
    saved_names = ('log_probs', None, None, None, 'result0')
    saved_scalars = {'blank': 'blank', 'input_lengths': 'input_lengths', 'target_lengths': 'target_lengths',
                     'zero_infinity': 'zero_infinity'}
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
        ctx.input_lengths, ctx.target_lengths = input_lengths, target_lengths
        ctx.blank, ctx.zero_infinity = blank, zero_infinity
        steps, count, _ = log_probs.shape
        extended, skip = _extended_labels(xp, targets, blank)
        emit = xp.take_along_axis(log_probs, xp.broadcast_to(extended[None], (steps,) + extended.shape), axis=2)
        lengths = xp.asarray(target_lengths, dtype=targets.dtype).reshape(count, 1)
        alpha = xp.full(emit.shape, -xp.inf, dtype=log_probs.dtype)
        alpha[0, :, 0] = emit[0, :, 0]
        if extended.shape[1] > 1:
            alpha[0, :, 1] = xp.where(lengths[:, 0] > 0, emit[0, :, 1], -xp.inf)
        for t in range(1, steps):
            previous = alpha[t - 1]
            jump = xp.where(skip, _shifted(xp, previous, 2), -xp.inf)
            alpha[t] = _logsumexp(xp, previous, _shifted(xp, previous, 1), jump) + emit[t]
        ends = xp.asarray([max(length - 1, 0) for length in input_lengths], dtype=targets.dtype)
        last = xp.take_along_axis(alpha, xp.broadcast_to(ends[None, :, None], (1, count, alpha.shape[2])), axis=0)[0]
        final = xp.take_along_axis(last, 2 * lengths, axis=1)[:, 0]
        before = xp.take_along_axis(last, xp.maximum(2 * lengths - 1, 0), axis=1)[:, 0]
        before = xp.where(lengths[:, 0] > 0, before, -xp.inf)
        nll = -_logsumexp(xp, final, before)
        empty = xp.asarray([length == 0 for length in input_lengths])
        nll = xp.where(empty, xp.inf, nll)
        ctx.save_for_backward(log_probs, alpha, extended, skip, nll)
        if zero_infinity:
            return xp.where(xp.isinf(nll), 0, nll)
        return nll

    @staticmethod
    def backward(ctx, P, grad):
        if P.differentiable:  # create_graph: the gradient is a node that refuses to be differentiated again
            saved = tuple(value._array for value in P.saved(ctx))
            value = _gradient(ctx, ctx.xp, saved, grad._array)
            return CtcLossBackwardBackward0.apply(grad, P.saved(ctx)[0], value), None
        return _gradient(ctx, ctx.xp, P.saved(ctx), grad), None


class CtcLossBackwardBackward0(Op):
    """CTC's gradient under ``create_graph``: the value computed by ``CtcLossBackward0``, in a node whose own
    backward raises PyTorch's error (its ``_ctc_loss_backward`` has no derivative)."""

    __slots__ = ()
    cpu_scalars = 0

    @staticmethod
    def forward(ctx, xp, grad, log_probs, value):
        return value

    @staticmethod
    def backward(ctx, P, grad):
        raise RuntimeError("derivative for aten::_ctc_loss_backward is not implemented")


def _gradient(ctx, xp, saved, grad):
    log_probs, alpha, extended, skip, nll = saved
    steps, count, classes = log_probs.shape
    emit = xp.take_along_axis(log_probs, xp.broadcast_to(extended[None], (steps,) + extended.shape), axis=2)
    lengths = xp.asarray(ctx.target_lengths, dtype=extended.dtype).reshape(count, 1)
    ends = xp.asarray(ctx.input_lengths, dtype=extended.dtype).reshape(count, 1) - 1
    positions = xp.arange(extended.shape[1])[None, :]
    at_end = (positions == 2 * lengths) | ((positions == 2 * lengths - 1) & (lengths > 0))
    skip_back = _unshifted(xp, skip.astype(alpha.dtype), 2) > 0  # s -> s + 2 allowed
    beta = xp.full(alpha.shape, -xp.inf, dtype=alpha.dtype)
    following = beta[0]
    for t in range(steps - 1, -1, -1):
        jump = xp.where(skip_back, _unshifted(xp, following, 2), -xp.inf)
        step = _logsumexp(xp, following, _unshifted(xp, following, 1), jump) + emit[t]
        start = xp.where(at_end, emit[t], -xp.inf)
        beta[t] = xp.where(ends == t, start, xp.where(ends > t, step, -xp.inf))
        following = beta[t]
    occupancy = xp.exp(alpha + beta + nll[None, :, None] - emit)  # (T, N, L): 0 outside the valid paths
    onehot = (extended[:, :, None] == xp.arange(classes)[None, None, :]).astype(alpha.dtype)
    posterior = xp.einsum("tnl,nlc->tnc", occupancy, onehot)
    result = (xp.exp(log_probs) - posterior) * grad[None, :, None]
    valid = xp.arange(steps)[:, None] <= ends[None, :, 0]
    if ctx.zero_infinity:
        valid = valid & ~xp.isinf(nll)[None, :]
    return xp.where(valid[:, :, None], result, 0)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
    """The node on (T, N, C) ``log_probs`` and (N, S) padded int64 ``targets``; the lengths are tuples of ints."""
    return CtcLossBackward0.apply(log_probs, targets, input_lengths, target_lengths, blank, zero_infinity)
