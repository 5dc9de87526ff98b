"""``repeat_interleave``: each element (or slice along a dim) repeated in place, ``[a, b] -> [a, a, b, b]``.

An int ``repeats`` is a broadcast view reshaped (no data read); a tensor of counts becomes an ``index_select``
whose index is built on the counts' device (``searchsorted`` of their running sum), after one read of their sum
and minimum: the output's size depends on them, as in PyTorch (which syncs there too unless given
``output_size``; with ``output_size`` gradlib reads nothing either).
"""
from .. import _tensor, dtypes
from .._numpy_names import numpy_names
from ..backends import device_guard
from . import gather_scatter, shape
from ._args import require_tensor
from ._dims import normalize_dim

__all__ = ["repeat_interleave"]


def _check_counts(counts):
    if counts.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    if counts.dtype.name not in ("int64", "int32", "int16", "int8", "uint8"):
        kind = "cpu" if counts.device.type == "cpu" else "cuda"
        raise NotImplementedError(f'"repeat_interleave_{kind}" not implemented for '
                                  f"'{counts.dtype.scalar_type}'")


def _interleave_index(counts, output_size, dtype):
    """The positions ``arange(len(counts))`` each repeated ``counts[i]`` times, on the counts' device."""
    backend = counts._device._backend
    xp = backend.xp
    array = counts._array.reshape(-1)
    with device_guard(counts._device):
        if output_size is None:
            low, total = (int(value) for value in backend.to_numpy(xp.stack([array.min(), array.sum()]))) \
                if array.size else (0, 0)
            if low < 0:
                raise RuntimeError("repeats can not be negative")
            output_size = total
        ends = xp.cumsum(array)
        index = xp.searchsorted(ends, xp.arange(output_size, dtype=ends.dtype), side="right").astype(dtype.np)
    return _tensor.wrap(index, counts._device)


@numpy_names
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """``input`` with each element repeated ``repeats`` times along ``dim`` (flattened first when ``dim`` is
    None), as ``torch.repeat_interleave``. ``repeats`` is an int, or an integer tensor of one count per slice
    along ``dim`` (or a single count). With one argument, ``repeat_interleave(counts)`` gives
    ``arange(len(counts))`` with each position repeated ``counts[i]`` times.

    Differentiable in ``input`` (an int repeats is a reshaped broadcast; tensor repeats an ``index_select``,
    whose gradient adds the copies back). RuntimeError (PyTorch's messages) for a negative count, counts that do
    not match the dim's size, or repeats of more than one dim; NotImplementedError for float counts; IndexError for
    a dim out of range. Tensor counts are read once (their sum sizes the output) unless ``output_size`` is given.

    >>> import gradlib
    >>> gradlib.tensor([[1, 2], [3, 4]]).repeat_interleave(2, dim=0)
    tensor([[1, 2],
            [1, 2],
            [3, 4],
            [3, 4]])
    >>> gradlib.repeat_interleave(gradlib.tensor([1., 2.]), gradlib.tensor([3, 1]))
    tensor([1., 1., 1., 2.])
    >>> gradlib.repeat_interleave(gradlib.tensor([2, 0, 1]))
    tensor([0, 0, 2])
    """
    if repeats is None:  # the one-argument form: input holds the counts
        require_tensor("repeat_interleave", input, "repeats")
        _check_counts(input)
        if input.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        return _interleave_index(input, output_size, input.dtype)
    require_tensor("repeat_interleave", input)
    if dim is None:
        input = shape.flatten(input)
        axis = 0
    else:
        axis = normalize_dim(dim, input.ndim)
    if isinstance(repeats, _tensor.Tensor):
        _check_counts(repeats)
        size = input.shape[axis] if input.ndim else 1
        if repeats.numel() == 1:
            repeats = shape.expand(shape.reshape(repeats, (1,)), size)
        elif repeats.shape[0] != size:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{repeats.shape[0]} and input.size({axis}) = {size}")
        index = _interleave_index(repeats, output_size, dtypes.int64)
        return gather_scatter.index_select(input, axis, index)
    repeats = int(repeats)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    if input.ndim == 0:
        input = shape.reshape(input, (1,))
    sizes = list(input.shape)
    widened = sizes[:axis + 1] + [repeats] + sizes[axis + 1:]
    merged = sizes[:axis] + [sizes[axis] * repeats] + sizes[axis + 1:]
    return shape.reshape(shape.expand(shape.unsqueeze(input, axis + 1), *widened), merged)
