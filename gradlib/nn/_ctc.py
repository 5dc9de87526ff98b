"""``ctc_loss`` (re-exported by ``gradlib.nn.functional``): PyTorch's argument handling around the node of
``gradlib/ops/ctc.py`` (lengths read on the host, concatenated targets padded per batch element) and its
composite reductions."""
from .. import _creation, dtypes
from ..autograd import grad_mode
from ..ops import ctc as _ctc
from ..ops._args import refuse_integral, require_tensor
from ..ops.selection import where

__all__ = ["ctc_loss"]

_CHECKING = " (while checking arguments for ctc_loss_allocate_outputs)"


def _lengths(value, name):
    """``input_lengths``/``target_lengths`` as Python ints: PyTorch reads them on the host too (its Tensor
    overload converts them to an IntArrayRef with ``.cpu()``)."""
    if hasattr(value, "dtype") and hasattr(value, "tolist"):
        if value.dtype.is_floating_point or value.dtype is dtypes.bool:
            raise RuntimeError(f"{name} must be integral")
        return tuple(int(v) for v in value.reshape(-1).tolist())
    return tuple(int(v) for v in value)


def _padded_targets(targets, target_lengths, count):
    """(N, max target length) int64 class indices from padded (N, S) or concatenated 1-d ``targets``."""
    longest = max(target_lengths, default=0)
    if targets.dim() == 1:
        total = sum(target_lengths)
        if targets.shape[0] != total:
            raise RuntimeError(f"Expected tensor to have size {total} at dimension 0, but got size {targets.shape[0]} "
                               f"for argument #2 'targets'{_CHECKING}")
        padded = _creation.zeros(count, longest, dtype=dtypes.int64, device=targets.device)
        offset = 0
        with grad_mode.no_grad():
            for row, length in enumerate(target_lengths):
                padded[row, :length] = targets[offset:offset + length].long()
                offset += length
        return padded
    for length in target_lengths:
        if targets.shape[1] < length:
            raise RuntimeError(f"Expected tensor to have size at least {length} at dimension 1, but got size "
                               f"{targets.shape[1]} for argument #2 'targets'{_CHECKING}")
    return targets[:, :longest].long()


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """The connectionist temporal classification loss of (T, N, C) (or (T, C)) log-probabilities (a
    log_softmax's output) against ``targets``: (N, S) padded class indices or their 1-d concatenation.
    ``input_lengths`` and ``target_lengths`` (N ints, tensors or sequences) give each element's lengths.

    Per element the negative log-likelihood of all alignments (forward-backward in log space,
    ``CtcLossBackward0``); ``zero_infinity`` makes impossible alignments' infinite losses (and gradients) 0.
    ``reduction``: 'none' (N losses), 'sum', or 'mean' (each loss divided by its target length, at least 1, then
    averaged), as PyTorch composes them. Float32/float64; the gradient is PyTorch's, exact through a log_softmax;
    no second derivative (PyTorch has none). Raises RuntimeError for lengths of the wrong count or out of range,
    non-integral lengths, targets too short or a blank outside [0, C), NotImplementedError for integer or float16
    log-probabilities, ValueError for an unknown reduction. Mirrors ``torch.nn.functional.ctc_loss``.

    >>> import gradlib
    >>> log_probs = gradlib.tensor([[[0.5, 0.5]], [[0.5, 0.5]]]).log()
    >>> gradlib.nn.functional.ctc_loss(log_probs, gradlib.tensor([[1]]), (2,), (1,), reduction="sum")
    tensor(0.2877)
    """
    require_tensor("ctc_loss", log_probs)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    batched = log_probs.dim() == 3
    if not batched:
        log_probs = log_probs.unsqueeze(1)
        targets = targets.unsqueeze(0)
    refuse_integral("ctc_loss_cpu", log_probs)
    if log_probs.dtype.itemsize < 4:
        raise NotImplementedError(f"\"ctc_loss_cpu\" not implemented for '{log_probs.dtype.scalar_type}'")
    if log_probs.numel() == 0:  # PyTorch's kernel checks this before the blank and the lengths
        raise RuntimeError("log_probs tensor must not be empty")
    steps, count, classes = log_probs.shape
    input_lengths = _lengths(input_lengths, "input_lengths")
    target_lengths = _lengths(target_lengths, "target_lengths")
    if len(input_lengths) != count:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(target_lengths) != count:
        raise RuntimeError("target_lengths must be of size batch_size")
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    for length in target_lengths:  # PyTorch checks the targets first, then the inputs
        if length < 0:
            raise RuntimeError(f"Expected target_lengths to have value at least 0, but got value {length}{_CHECKING}")
    padded = _padded_targets(targets, target_lengths, count)
    for length in input_lengths:
        if length < 0:
            raise RuntimeError(f"Expected input_lengths to have value at least 0, but got value {length}{_CHECKING}")
        if length > steps:
            raise RuntimeError(f"Expected input_lengths to have value at most {steps}, but got value {length}"
                               f"{_CHECKING}")
    losses = _ctc.ctc_loss(log_probs, padded, input_lengths, target_lengths, blank, zero_infinity)
    if zero_infinity:
        losses = where(losses == float("inf"), _creation.zeros_like(losses), losses)
    if reduction == "mean":
        lengths = _creation.tensor(target_lengths, dtype=losses.dtype, device=losses.device).clamp_min(1)
        return (losses / lengths).mean()
    if reduction == "sum":
        return losses.sum()
    return losses if batched else losses.squeeze(0)
