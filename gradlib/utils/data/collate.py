"""``default_collate`` and ``default_convert``: how a DataLoader turns samples into batches (PyTorch's
``torch.utils.data._utils.collate``): tensors stack along a new first dim, NumPy arrays and scalars become
tensors, Python floats float64 and ints int64 tensors, strings stay a list, mappings/namedtuples/sequences
collate field by field (a tuple of fields becomes a list, as PyTorch)."""
import collections.abc

import numpy  # recognizing NumPy samples (host data)

from ... import _creation
from ... import dtypes
from ..._tensor import Tensor
from ...ops.join import stack

__all__ = ["default_collate", "default_convert"]

_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(value, "_fields")


def _numpy_string_or_object(array):
    return array.dtype.char in "SaUO"


def default_convert(data):
    """Convert NumPy arrays and scalars (also inside mappings and sequences) to tensors, leaving the rest as is
    (the collate function of a DataLoader with ``batch_size=None``).

    >>> import numpy
    >>> from gradlib.utils.data import default_convert
    >>> default_convert({"x": numpy.array([1.0, 2.0]), "n": 3})
    {'x': tensor([1., 2.], dtype=gradlib.float64), 'n': 3}
    """
    if isinstance(data, Tensor):
        return data
    if isinstance(data, (numpy.ndarray, numpy.generic)) and not isinstance(data, (numpy.str_, numpy.bytes_)):
        if isinstance(data, numpy.ndarray) and _numpy_string_or_object(data):
            return data
        return _creation.tensor(numpy.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        try:
            return type(data)({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if _is_namedtuple(data):
        return type(data)(*(default_convert(item) for item in data))
    if isinstance(data, tuple):
        return [default_convert(item) for item in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            return type(data)([default_convert(item) for item in data])
        except TypeError:
            return [default_convert(item) for item in data]
    return data


def default_collate(batch):
    """Merge a list of samples into a batch.

    >>> import gradlib
    >>> from gradlib.utils.data import default_collate
    >>> default_collate([(gradlib.tensor([1.0]), 1, 0.5), (gradlib.tensor([2.0]), 0, 1.5)])
    [tensor([[1.],
            [2.]]), tensor([1, 0]), tensor([0.5000, 1.5000], dtype=gradlib.float64)]
    >>> default_collate([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}])
    {'a': tensor([1, 2]), 'b': ['x', 'y']}

    Raises TypeError for samples of another kind and RuntimeError for sequences of unequal lengths.
    """
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(list(batch), 0)
    if isinstance(first, (numpy.ndarray, numpy.generic)) and not isinstance(first, (numpy.str_, numpy.bytes_)):
        if isinstance(first, numpy.ndarray):
            if _numpy_string_or_object(first):
                raise TypeError(_ERROR.format(first.dtype))
            return default_collate([_creation.tensor(array) for array in batch])
        return _creation.tensor(numpy.asarray(batch))
    if isinstance(first, float):
        return _creation.tensor(list(batch), dtype=dtypes.float64)
    if isinstance(first, int):
        return _creation.tensor(list(batch))
    if isinstance(first, (str, bytes)):
        return batch
    if isinstance(first, collections.abc.Mapping):
        try:
            return type(first)({key: default_collate([sample[key] for sample in batch]) for key in first})
        except TypeError:
            return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if _is_namedtuple(first):
        return type(first)(*(default_collate(list(samples)) for samples in zip(*batch)))
    if isinstance(first, collections.abc.Sequence):
        size = len(first)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(first, tuple):
            return [default_collate(samples) for samples in transposed]
        try:
            return type(first)([default_collate(samples) for samples in transposed])
        except TypeError:
            return [default_collate(samples) for samples in transposed]
    raise TypeError(_ERROR.format(type(first)))
