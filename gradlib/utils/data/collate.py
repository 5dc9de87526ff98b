"""``default_collate``, ``default_convert`` and the ``collate`` registry they are built on: how a DataLoader
turns samples into batches (PyTorch's ``torch.utils.data._utils.collate``, same structure and names).

``collate(batch, collate_fn_map=...)`` looks the first sample's type up in ``collate_fn_map`` (exactly, then by
``isinstance`` in the map's order), else recurses into mappings, namedtuples and sequences; ``default_collate``
uses ``default_collate_fn_map``: tensors stack along a new first dim, NumPy arrays and scalars become tensors,
Python floats float64 and ints int64 tensors, strings and bytes stay as they are. A mutable mapping or sequence
is cloned (``copy.copy``) and filled, so its type and extra attributes survive; a tuple of fields becomes a
list, as PyTorch."""
import collections.abc
import copy
import re

import numpy as np  # recognizing NumPy samples (host data)

from ... import _creation
from ... import _formats
from ... import dtypes
from ..._tensor import Tensor
from ...device import get_default_device
from ...ops.join import stack

__all__ = ["default_collate", "default_convert", "collate", "default_collate_fn_map", "collate_tensor_fn",
           "collate_numpy_array_fn", "collate_numpy_scalar_fn", "collate_float_fn", "collate_int_fn",
           "collate_str_fn", "np_str_obj_array_pattern", "default_collate_err_msg_format"]

#: NumPy dtype strings of arrays that cannot become tensors (bytes, strings, objects)
np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
                                  "lists; found {}")


def _as_tensor(data):
    """``torch.as_tensor(data)``: shares a NumPy array's memory, on the default device (gradlib.as_tensor alone
    keeps NumPy data on the CPU whatever the default device)."""
    return _creation.as_tensor(data, device=get_default_device())


def default_convert(data):
    """Convert NumPy arrays and scalars (also inside mappings and sequences) to tensors with
    ``gradlib.as_tensor``, leaving the rest as is: the collate function of a DataLoader with ``batch_size=None``.
    A NumPy array of strings or objects stays an array; a tuple becomes a list (a namedtuple stays one); mutable
    mappings and sequences are cloned and keep their type. Errors are ``as_tensor``'s. Mirrors
    ``torch.utils.data.default_convert``.

    >>> import numpy
    >>> from gradlib.utils.data import default_convert
    >>> default_convert({"x": numpy.array([1.0, 2.0]), "n": 3})
    {'x': tensor([1., 2.], dtype=gradlib.float64), 'n': 3}
    """
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_"):
        if elem_type.__name__ == "ndarray" and np_str_obj_array_pattern.search(data.dtype.str) is not None:
            return data
        return _as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return elem_type(*(default_convert(item) for item in data))
    if isinstance(data, tuple):
        return [default_convert(item) for item in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for index, item in enumerate(data):
                    clone[index] = default_convert(item)
                return clone
            return elem_type([default_convert(item) for item in data])
        except TypeError:
            return [default_convert(item) for item in data]
    return data


def collate(batch, *, collate_fn_map=None):
    """Collate ``batch`` (a sequence of samples) by the first sample's type: its function in ``collate_fn_map``
    (``{type or tuple of types: fn(batch, *, collate_fn_map)}``; the exact type first, then ``isinstance`` in the
    map's order), else field by field for mappings, namedtuples and sequences (RuntimeError for sequences of
    unequal lengths); TypeError for anything else. Mirrors ``torch.utils.data._utils.collate.collate``.

    >>> from gradlib.utils.data._utils.collate import collate, default_collate_fn_map
    >>> collate([(1, "a"), (2, "b")], collate_fn_map=default_collate_fn_map)
    [tensor([1, 2]), ('a', 'b')]
    """
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem})
                return clone
            return elem_type({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem})
        except TypeError:
            return {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(other) == elem_size for other in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for index, samples in enumerate(transposed):
                    clone[index] = collate(samples, collate_fn_map=collate_fn_map)
                return clone
            return elem_type([collate(samples, collate_fn_map=collate_fn_map) for samples in transposed])
        except TypeError:
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
    raise TypeError(default_collate_err_msg_format.format(elem_type))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    """Stack tensors along a new first dim (RuntimeError for sparse tensors, as PyTorch)."""
    elem = batch[0]
    if elem.layout is not _formats.strided:
        raise RuntimeError("Batches of sparse tensors are not currently supported by the default collate_fn; "
                           "please provide a custom collate_fn to handle them appropriately.")
    return stack(list(batch), 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    """NumPy arrays become tensors (``as_tensor``), then are collated again (TypeError for strings/objects)."""
    elem = batch[0]
    if np_str_obj_array_pattern.search(elem.dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(elem.dtype))
    return collate([_as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    """NumPy scalars become one tensor of their dtype."""
    return _as_tensor(np.asarray(batch))


def collate_float_fn(batch, *, collate_fn_map=None):
    """Python floats become a float64 tensor."""
    return _creation.tensor(list(batch), dtype=dtypes.float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    """Python ints become an int64 tensor (bools a bool tensor)."""
    return _creation.tensor(list(batch))


def collate_str_fn(batch, *, collate_fn_map=None):
    """Strings and bytes stay as the batch holds them."""
    return batch


#: the type -> function registry of ``default_collate`` (programs may add their own types)
default_collate_fn_map = {Tensor: collate_tensor_fn, np.ndarray: collate_numpy_array_fn,
                          (np.bool_, np.number, np.object_): collate_numpy_scalar_fn, float: collate_float_fn,
                          int: collate_int_fn, str: collate_str_fn, bytes: collate_str_fn}


def default_collate(batch):
    """Merge a list of samples into a batch: ``collate(batch, collate_fn_map=default_collate_fn_map)``. Mirrors
    ``torch.utils.data.default_collate``.

    >>> import gradlib
    >>> from gradlib.utils.data import default_collate
    >>> default_collate([(gradlib.tensor([1.0]), 1, 0.5), (gradlib.tensor([2.0]), 0, 1.5)])
    [tensor([[1.],
            [2.]]), tensor([1, 0]), tensor([0.5000, 1.5000], dtype=gradlib.float64)]
    >>> default_collate([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}])
    {'a': tensor([1, 2]), 'b': ['x', 'y']}

    Raises TypeError for samples of another kind and RuntimeError for sequences of unequal lengths.
    """
    return collate(batch, collate_fn_map=default_collate_fn_map)
