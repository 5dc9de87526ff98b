"""PyTorch's generic argument and sample validation (``Distribution.__init__``'s loop over ``arg_constraints`` and
``Distribution._validate_sample``), for the distributions that check through their constraints rather than one
hand-written test each: the same ValueError texts, the values read on the host as PyTorch does."""
from .. import _tensor
from ..ops import comparison
from . import constraints


def _all_true(valid):
    return valid.numel() == 0 or bool(comparison.all(valid))


def validate_parameters(dist):
    """Check each parameter against its ``arg_constraints`` entry, in their order: the ones stored and the ones
    a property gives (HalfCauchy's ``scale``), not the lazy ones not yet computed (``logits`` given ``probs``)."""
    if not dist._validate_args:
        return
    for name, constraint in dist.arg_constraints.items():
        if constraints.is_dependent(constraint):
            continue
        if name not in dist.__dict__ and not isinstance(getattr(type(dist), name, None), property):
            continue
        value = getattr(dist, name)
        if not _all_true(constraint.check(value)):
            raise ValueError(f"Expected parameter {name} ({type(value).__name__} of shape {tuple(value.shape)}) of "
                             f"distribution {dist!r} to satisfy the constraint {constraint!r}, but found invalid "
                             f"values:\n{value}")


def validate_sample(dist, value, support=None):
    """PyTorch's ``_validate_sample``: a Tensor, event shape on the right, broadcastable with the batch shape, and
    inside ``support`` (the distribution's by default)."""
    if not dist._validate_args:
        return
    if not isinstance(value, _tensor.Tensor):
        raise ValueError("The value argument to log_prob must be a Tensor")
    event = tuple(dist.event_shape)
    actual = tuple(value.shape)
    start = len(actual) - len(event)
    if actual[start:] != event:
        raise ValueError(f"The right-most size of value must match event_shape: {value.size()} vs "
                         f"{dist.event_shape}.")
    expected = tuple(dist.batch_shape) + event
    for i, j in zip(reversed(actual), reversed(expected)):
        if i != 1 and j != 1 and i != j:
            raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: {value.size()} vs "
                             f"{_tensor.Size(expected)}.")
    support = dist.support if support is None else support
    if not _all_true(support.check(value)):
        raise ValueError(f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to be "
                         f"within the support ({support!r}) of the distribution {dist!r}, but found invalid "
                         f"values:\n{value}")
