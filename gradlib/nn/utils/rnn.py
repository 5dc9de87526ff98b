"""``gradlib.nn.utils.rnn``: batching variable-length sequences (``pad_sequence``)."""
from ... import _creation
from ..._tensor import Tensor
from ...ops import shape as _shape

__all__ = ["pad_sequence"]


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack tensors of shapes (L_i, *) into one (L_max, B, *) tensor ((B, L_max, *) with ``batch_first``),
    filling the rest with ``padding_value`` on the right (or on the left with ``padding_side='left'``).

    The result has the first sequence's dtype and device; the sequences are copied into it (so gradients flow
    back to each, as PyTorch's CopySlices). A tensor argument is taken as the sequences along its dim 0.
    Raises RuntimeError for an empty list, trailing shapes that differ, or another ``padding_side``.
    Mirrors ``torch.nn.utils.rnn.pad_sequence``.

    >>> import gradlib
    >>> from gradlib.nn.utils.rnn import pad_sequence
    >>> pad_sequence([gradlib.tensor([1, 2, 3]), gradlib.tensor([4])], batch_first=True)
    tensor([[1, 2, 3],
            [4, 0, 0]])
    """
    if isinstance(sequences, Tensor):
        sequences = _shape.unbind(sequences, 0)
    sequences = list(sequences)
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    first = sequences[0]
    trailing = tuple(first.shape[1:])
    for sequence in sequences[1:]:
        others = tuple(sequence.shape[1:])
        if others != trailing:
            for dim, (a, b) in enumerate(zip(trailing, others), start=1):
                if a != b:
                    raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                                       f"non-singleton dimension {dim}")
            raise RuntimeError(f"pad_sequence: sequences have different numbers of dimensions: {len(trailing) + 1}"
                               f" and {len(others) + 1}")
    longest = max(sequence.shape[0] for sequence in sequences)
    batch = len(sequences)
    shape = (batch, longest) if batch_first else (longest, batch)
    out = _creation.full(shape + trailing, padding_value, dtype=first.dtype, device=first.device)
    for index, sequence in enumerate(sequences):
        length = sequence.shape[0]
        steps = slice(0, length) if padding_side == "right" else slice(longest - length, longest)
        if batch_first:
            out[index, steps] = sequence
        else:
            out[steps, index] = sequence
    return out
