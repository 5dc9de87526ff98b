"""The JSON header of a gradlib checkpoint: parsed with bounded nesting, then checked whole before any data is read.

Version 2 (what ``save`` writes)::

    {"version": 2,
     "storages": [{"nbytes": 48, "device": "cpu"}, ...],          # laid out one after another after the header
     "object": <node>}

A node is a JSON string, number, bool or null (itself), a list (a list), or an object with one tag:
``{"__tensor__": storage, "dtype": "float32", "shape": [2, 3], "stride": [3, 1], "offset": bytes,
"requires_grad": false, "parameter": false}`` (with ``"attributes": {"__dict__": ...}`` when the tensor has Python
attributes, ``t.__dict__``), ``{"__tuple__": [...]}``, ``{"__dict__": [[key, value], ...]}``
(``"keys": "encoded"`` when keys are nodes rather than strings; ``"ordered": true`` for an OrderedDict, such as a
state dict, which loads as one), ``{"__float__": "nan" | "inf" | "-inf"}``,
``{"__dtype__": "float32"}``, ``{"__ref__": i}`` (the i-th tensor met so far, again: one tensor saved twice
loads as one object, as in PyTorch). Version 1 (one blob per tensor, ``"sizes"`` instead of ``"storages"`` and a
``"device"`` in each tensor) is still read.
"""
import collections
import json
import math
import re

import numpy  # host-side scan of the header text

from . import dtypes

MAX_DEPTH = 100  # JSON nesting (33 nested dicts); json's parser and ``decode`` recurse about twice per level
MAX_DIMS = 64  # NumPy's limit
_EXTENT_LIMIT = 1 << 62  # elements x itemsize of any tensor, counting zero-size dims as 1
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_TENSOR_KEYS = {2: {"__tensor__", "dtype", "shape", "stride", "offset", "requires_grad", "parameter", "attributes"},
                1: {"__tensor__", "dtype", "shape", "device", "requires_grad", "parameter"}}
_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class Invalid(Exception):
    """What is wrong with a header (turned into the loader's refusal by the caller)."""


def depth(text):
    """The deepest nesting of ``[``/``{`` in the JSON ``text`` (bytes), strings skipped; no recursion."""
    codes = numpy.frombuffer(_STRING.sub(b'""', text), dtype=numpy.uint8)
    step = (codes == ord("[")).astype(numpy.int64) + (codes == ord("{")) - (codes == ord("]")) - (codes == ord("}"))
    return int(step.cumsum().max()) if step.size else 0


def _pairs(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Invalid("the header has an object with a repeated key")
    return dict(pairs)


def _constant(name):
    raise Invalid(f"the header holds the non-standard JSON constant {name}")


def parse(text):
    """The header object from its bytes, or ``Invalid``."""
    if depth(text) > MAX_DEPTH:
        raise Invalid(f"the header nests deeper than {MAX_DEPTH} levels")
    try:
        header = json.loads(text.decode("utf-8"), object_pairs_hook=_pairs, parse_constant=_constant)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError, JSONDecodeError, int digit limits
        raise Invalid(f"the header is corrupt ({type(error).__name__}: {error})") from None
    if not isinstance(header, dict):
        raise Invalid("the header is not a JSON object")
    return header


def _is_int(value):
    return type(value) is int


def _int_list(node, key, what):
    values = node.get(key)
    if not isinstance(values, list) or len(values) > MAX_DIMS or not all(map(_is_int, values)):
        raise Invalid(f"a tensor's {what} is not a list of at most {MAX_DIMS} integers")
    return values


class TensorSpec:
    """A checked tensor entry: where its elements lie in its storage."""

    __slots__ = ("storage", "dtype", "shape", "stride", "offset", "low", "high", "requires_grad", "parameter")


def _dtype(name):
    if not isinstance(name, str) or name not in dtypes._NAMES:
        raise Invalid(f"unknown dtype {name!r} (allowed: {', '.join(sorted(dtypes._NAMES))})")
    return dtypes._NAMES[name]


def tensor_spec(node, version, storages):
    """Check a tensor node against its storage's size; ``storages`` is the list of ``{"nbytes": ...}``."""
    unknown = set(node) - _TENSOR_KEYS[version]
    if unknown:
        raise Invalid(f"a tensor has unknown fields {sorted(unknown)}")
    spec = TensorSpec()
    spec.storage = node["__tensor__"]
    if not _is_int(spec.storage) or not 0 <= spec.storage < len(storages):
        raise Invalid(f"a tensor refers to storage {spec.storage!r}, but there are {len(storages)}")
    spec.dtype = _dtype(node.get("dtype"))
    item = spec.dtype.itemsize
    spec.shape = _int_list(node, "shape", "shape")
    if any(size < 0 for size in spec.shape):
        raise Invalid(f"a tensor has a negative size in its shape {spec.shape}")
    if math.prod(max(size, 1) for size in spec.shape) * item > _EXTENT_LIMIT:
        raise Invalid(f"a tensor's shape {spec.shape} is too large")
    if version == 1:
        spec.stride = [math.prod(spec.shape[i + 1:]) for i in range(len(spec.shape))]
        spec.offset = 0
    else:
        spec.stride = _int_list(node, "stride", "stride")
        spec.offset = node.get("offset")
        if len(spec.stride) != len(spec.shape):
            raise Invalid(f"a tensor's stride {spec.stride} does not match its shape {spec.shape}")
        if any(abs(step) * item > _EXTENT_LIMIT for step in spec.stride):
            raise Invalid(f"a tensor's stride {spec.stride} is too large")
        if not _is_int(spec.offset) or spec.offset < 0 or spec.offset % item:
            raise Invalid(f"a tensor's offset {spec.offset!r} is not a non-negative multiple of its item size {item}")
    for flag in ("requires_grad", "parameter"):
        value = node.get(flag, False)
        if not isinstance(value, bool):
            raise Invalid(f"a tensor's {flag} is {value!r}, not true or false")
        setattr(spec, flag, value)
    if spec.requires_grad and not spec.dtype.is_floating_point:
        raise Invalid(f"a tensor of dtype {spec.dtype.name} is marked requires_grad")
    nbytes = storages[spec.storage]["nbytes"]
    if 0 in spec.shape:
        spec.low = spec.high = spec.offset
    else:
        below = sum((size - 1) * step for size, step in zip(spec.shape, spec.stride) if step < 0)
        above = sum((size - 1) * step for size, step in zip(spec.shape, spec.stride) if step > 0)
        spec.low = spec.offset + below * item
        spec.high = spec.offset + above * item + item
    if spec.low < 0 or spec.high > nbytes:
        raise Invalid(f"a tensor's bytes [{spec.low}, {spec.high}) lie outside its storage of {nbytes} bytes")
    if version == 1 and spec.high != nbytes:
        raise Invalid(f"a tensor of {spec.high} bytes is stored in a blob of {nbytes} bytes")
    return spec


def storages_of(header, data_size):
    """The checked storage list (``{"nbytes", "device", "offset"}`` each, offsets from the data's start);
    their sizes must add up to ``data_size``, the bytes after the header."""
    version = header.get("version")
    if not _is_int(version) or version not in (1, 2):
        raise Invalid(f"unknown format version {version!r} (this gradlib reads versions 1 and 2)")
    expected = {"version", "object", "storages" if version == 2 else "sizes"}
    if set(header) != expected:
        raise Invalid(f"the header's fields are {sorted(header)}, expected {sorted(expected)}")
    entries = header["storages" if version == 2 else "sizes"]
    if not isinstance(entries, list):
        raise Invalid("the header's storage list is not a list")
    storages = []
    position = 0
    for entry in entries:
        if version == 1:
            entry = {"nbytes": entry, "device": None}
        elif not isinstance(entry, dict) or set(entry) != {"nbytes", "device"} or not isinstance(entry["device"], str):
            raise Invalid("a storage entry is not {\"nbytes\": int, \"device\": str}")
        nbytes = entry["nbytes"]
        if not _is_int(nbytes) or nbytes < 0:
            raise Invalid(f"a storage size {nbytes!r} is not a non-negative integer")
        storages.append({"nbytes": nbytes, "device": entry["device"], "offset": position})
        position += nbytes
        if position > data_size:
            break
    if position != data_size:
        raise Invalid(f"the file is truncated or has trailing bytes (the header describes {position} bytes of data "
                      f"after it, the file holds {data_size})")
    return version, storages


def decode(root, version, storages, make_tensor):
    """The object ``root`` describes; tensors come from ``make_tensor(node, spec)``. Raises ``Invalid``.

    Run once with a ``make_tensor`` that allocates nothing to check the whole header, then to build."""
    seen = []  # tensors in the order met: {"__ref__": i} is the i-th again (one tensor saved twice)

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "__tensor__" in node:
            tensor = make_tensor(node, tensor_spec(node, version, storages))
            seen.append(tensor)
            if "attributes" in node:  # after the tensor itself: tensors among them come later in the order met
                attributes = walk(node["attributes"])
                if not isinstance(attributes, dict) or not all(isinstance(key, str) for key in attributes):
                    raise Invalid("a tensor's attributes are not a dict with string keys")
                if getattr(tensor, "__dict__", None) is not None:  # not in the dry run
                    tensor.__dict__.update(attributes)
            return tensor
        if "__ref__" in node:
            index = node["__ref__"]
            if version == 1 or len(node) != 1 or not _is_int(index) or not 0 <= index < len(seen):
                raise Invalid(f"a __ref__ entry {node!r} does not name one of the {len(seen)} tensors before it")
            return seen[index]
        tags = {"__tuple__", "__dict__", "__float__", "__dtype__"} & set(node)
        if len(tags) != 1:
            raise Invalid(f"the header describes an unknown kind of object (fields {sorted(node)[:8]})")
        tag = tags.pop()
        extra = set(node) - {tag, "keys", "ordered"} if tag == "__dict__" else set(node) - {tag}
        if extra or node.get("keys", "encoded") != "encoded" or node.get("ordered", True) is not True:
            raise Invalid(f"a {tag} entry has unexpected fields {sorted(set(node) - {tag})}")
        value = node[tag]
        if tag == "__float__":
            if not isinstance(value, str) or value not in _FLOATS:
                raise Invalid(f"a __float__ entry holds {value!r}, not 'nan', 'inf' or '-inf'")
            return _FLOATS[value]
        if tag == "__dtype__":
            return _dtype(value)
        if not isinstance(value, list):
            raise Invalid(f"a {tag} entry is not a list")
        if tag == "__tuple__":
            return tuple(walk(item) for item in value)
        result = walk_dict(value, "keys" in node)
        return collections.OrderedDict(result) if "ordered" in node else result

    def walk_dict(pairs, encoded_keys):
        result = {}
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) != 2:
                raise Invalid("a __dict__ entry is not a list of [key, value] pairs")
            key = walk(pair[0]) if encoded_keys else pair[0]
            if not encoded_keys and not isinstance(key, str):
                raise Invalid(f"a __dict__ key is {type(key).__name__}, not a string")
            try:
                if key in result:
                    raise Invalid(f"a dict has the key {key!r} twice")
            except TypeError:
                raise Invalid(f"a dict key of type {type(key).__name__} is not hashable") from None
            result[key] = walk(pair[1])
        return result

    return walk(root)
