"""``gradlib.nn.utils.rnn``: batching variable-length sequences: ``pad_sequence``, ``PackedSequence`` and
``pack_padded_sequence`` / ``pad_packed_sequence`` / ``pack_sequence`` / ``unpack_sequence`` /
``unpad_sequence`` (the recurrent layers accept a PackedSequence)."""
from collections import namedtuple

from ... import _creation, dtypes
from ..._tensor import Tensor
from ...ops import join as _join
from ...ops import shape as _shape

__all__ = ["pad_sequence", "PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pack_sequence",
           "unpack_sequence", "unpad_sequence"]


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """Sequences of different lengths packed time step by time step: ``data`` holds the batch_sizes[0] first
    elements, then the batch_sizes[1] second ones, ... of the sequences sorted by decreasing length
    (``sorted_indices`` gives that order, ``unsorted_indices`` undoes it; None when the input was sorted).
    ``batch_sizes`` is an int64 CPU tensor. Build one with ``pack_padded_sequence`` or ``pack_sequence``.
    Mirrors ``torch.nn.utils.rnn.PackedSequence``."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if batch_sizes is not None:
            _needs_tensor(batch_sizes)
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The data (and the index tensors) moved or cast as ``Tensor.to``; batch_sizes stays on the CPU."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        device = data.device
        sorted_indices = None if self.sorted_indices is None else self.sorted_indices.to(device)
        unsorted_indices = None if self.unsorted_indices is None else self.unsorted_indices.to(device)
        return type(self)(data, self.batch_sizes, sorted_indices, unsorted_indices)

    def cuda(self, *args, **kwargs):
        return self.to(*((args or ("cuda",))), **kwargs)

    def cpu(self):
        return self.to("cpu")

    def double(self):
        return self.to(dtype=dtypes.float64)

    def float(self):
        return self.to(dtype=dtypes.float32)

    @property
    def is_cuda(self):
        return self.data.device.type == "cuda"


def _invert(permutation):
    inverse = _creation.empty(*permutation.shape, dtype=permutation.dtype, device=permutation.device)
    inverse[permutation] = _creation.arange(permutation.numel(), device=permutation.device)
    return inverse


def _host_lengths(lengths):
    """Lengths as a list of ints (PyTorch requires them on the CPU: reading them is no device sync)."""
    if isinstance(lengths, Tensor):
        if lengths.device.type != "cpu" or lengths.ndim != 1:
            raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.ndim}D "
                               f"{lengths.device} Long tensor")
        return [int(n) for n in lengths.tolist()]
    return [int(n) for n in lengths]


def _check_positive(lengths):
    if lengths and lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that "
                           "is <= 0")


def _needs_tensor(value):
    """PyTorch reads ``value.device`` here: a list or a tuple has none (its AttributeError)."""
    if not isinstance(value, Tensor):
        raise AttributeError(f"'{type(value).__name__}' object has no attribute 'device'")


def invert_permutation(permutation):
    """The inverse of a 1-D permutation tensor (None for None): what turns ``sorted_indices`` into
    ``unsorted_indices``. Mirrors ``torch.nn.utils.rnn.invert_permutation``.

    >>> import gradlib
    >>> gradlib.nn.utils.rnn.invert_permutation(gradlib.tensor([2, 0, 1]))
    tensor([1, 2, 0])
    """
    if permutation is None:
        return None
    return _invert(permutation)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded (T, B, *) batch ((B, T, *) with ``batch_first``) of sequences of the given ``lengths``.
    With ``enforce_sorted`` the lengths must decrease (RuntimeError otherwise); else the batch is sorted first and
    the PackedSequence remembers the order. Mirrors ``torch.nn.utils.rnn.pack_padded_sequence``.

    >>> import gradlib
    >>> from gradlib.nn.utils.rnn import pack_padded_sequence
    >>> padded = gradlib.tensor([[1, 4, 6], [2, 5, 0], [3, 0, 0]])  # (T=3, B=3)
    >>> packed = pack_padded_sequence(padded, [3, 2, 1])
    >>> packed.data, packed.batch_sizes, packed.sorted_indices
    (tensor([1, 4, 6, 2, 5, 3]), tensor([3, 2, 1]), None)
    """
    lengths = _host_lengths(lengths)
    batch_dim = 0 if batch_first else 1
    if input.ndim <= batch_dim:  # PyTorch's input.size(1)
        raise IndexError(f"Dimension out of range (expected to be in range of [-1, 0], but got {batch_dim})")
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if len(lengths) != input.shape[batch_dim]:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} "
                           f"(batch_size={input.shape[batch_dim]})")
    sorted_indices = None
    if enforce_sorted:
        _check_positive(lengths)  # PyTorch's kernel checks the last length before the order
        if any(a < b for a, b in zip(lengths, lengths[1:])):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                               "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
                               "to sidestep this requirement if you do not need ONNX exportability.")
    else:
        order = sorted(range(len(lengths)), key=lambda index: -lengths[index])
        sorted_indices = _creation.tensor(order, dtype=dtypes.int64, device=input.device)
        input = input.index_select(batch_dim, sorted_indices)
        lengths = [lengths[index] for index in order]
    _check_positive(lengths)
    steps = input.transpose(0, 1) if batch_first else input
    batch_sizes = [sum(1 for length in lengths if length > t) for t in range(lengths[0] if lengths else 0)]
    data = _join.cat([steps[t, :size] for t, size in enumerate(batch_sizes)], 0)
    return PackedSequence(data, _creation.tensor(batch_sizes, dtype=dtypes.int64, device="cpu"), sorted_indices,
                          None)


def _padded_sorted(sequence, total_length=None, padding_value=0.0):
    """(T, B, *) in the packed (sorted) order, and the sorted lengths."""
    batch_sizes = [int(n) for n in sequence.batch_sizes.tolist()]
    data = sequence.data
    steps = len(batch_sizes)
    batch = batch_sizes[0] if batch_sizes else 0
    length = steps if total_length is None else total_length
    trailing = tuple(data.shape[1:])
    rows = []
    offset = 0
    for size in batch_sizes:
        part = data[offset:offset + size]
        if size < batch:
            filler = _creation.full((batch - size,) + trailing, padding_value, dtype=data.dtype, device=data.device)
            part = _join.cat([part, filler], 0)
        rows.append(part)
        offset += size
    for _ in range(length - steps):
        rows.append(_creation.full((batch,) + trailing, padding_value, dtype=data.dtype, device=data.device))
    lengths = [sum(1 for size in batch_sizes if size > b) for b in range(batch)]
    return _join.stack(rows, 0), lengths


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Unpack a PackedSequence into a padded (T, B, *) tensor ((B, T, *) with ``batch_first``) in the original
    batch order, and the lengths (an int64 CPU tensor). ``total_length`` pads T further (ValueError when shorter
    than the longest sequence). Mirrors ``torch.nn.utils.rnn.pad_packed_sequence``.

    >>> import gradlib
    >>> from gradlib.nn.utils.rnn import pack_sequence, pad_packed_sequence
    >>> pad_packed_sequence(pack_sequence([gradlib.tensor([1, 2]), gradlib.tensor([3])]), batch_first=True)
    (tensor([[1, 2],
            [3, 0]]), tensor([2, 1]))
    """
    longest = sequence.batch_sizes.shape[0]
    if total_length is not None and total_length < longest:
        raise ValueError("Expected total_length to be at least the length of the longest sequence in input, but got "
                         f"total_length={total_length} and max sequence length being {longest}")
    padded, lengths = _padded_sorted(sequence, total_length, padding_value)
    lengths = _creation.tensor(lengths, dtype=dtypes.int64, device="cpu")
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.cpu()]
    if batch_first:
        padded = padded.transpose(0, 1)
    return padded, lengths


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of (L_i, *) tensors (``pad_sequence`` then ``pack_padded_sequence``). Mirrors
    ``torch.nn.utils.rnn.pack_sequence``."""
    lengths = [sequence.shape[0] for sequence in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences a PackedSequence holds, in the original order. Mirrors
    ``torch.nn.utils.rnn.unpack_sequence``."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences in a padded batch, cut to ``lengths``. Mirrors
    ``torch.nn.utils.rnn.unpad_sequence``."""
    _needs_tensor(lengths)
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [sequence[:length] for sequence, length in zip(padded_sequences, _host_lengths(lengths))]


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
    if first.ndim == 0:  # PyTorch's sizes().slice(1) of a 0-d first sequence
        raise RuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
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
