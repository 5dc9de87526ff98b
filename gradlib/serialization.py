"""``gradlib.save`` / ``gradlib.load``: checkpoints that can never run code when loaded.

Format: the 8-byte magic ``GRADLIB1``, a little-endian uint64 header length, a JSON header that describes the
saved object (dicts, lists, tuples, numbers, strings, None, tensors), then each tensor's raw bytes (C order).
Nothing is unpickled: a file that is not in this format, is truncated, or holds a pickle is refused with a
clear error. Saving writes a temporary file next to the target and renames it over the target, so an
interrupted save never leaves a half-written file where a good one was.
"""
import json
import os
import struct
import tempfile

import numpy  # host bytes <-> arrays; tensors are copied to the host to be saved

MAGIC = b"GRADLIB1"

__all__ = ["save", "load"]


def _encode(obj, blobs):
    from ._tensor import Tensor
    from .nn.parameter import Parameter
    if isinstance(obj, Tensor):
        array = numpy.asarray(obj._device._backend.to_numpy(obj.detach()._array)).copy(order="C")
        blobs.append(array.tobytes())
        return {"__tensor__": len(blobs) - 1, "dtype": obj.dtype.name, "shape": list(array.shape),
                "device": str(obj.device), "requires_grad": obj.requires_grad,
                "parameter": isinstance(obj, Parameter)}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
            return {"__float__": repr(obj)}
        return obj
    if isinstance(obj, dict):
        keys = list(obj)
        if all(isinstance(k, str) for k in keys):
            return {"__dict__": [[k, _encode(v, blobs)] for k, v in obj.items()]}
        return {"__dict__": [[_encode(k, blobs), _encode(v, blobs)] for k, v in obj.items()], "keys": "encoded"}
    if isinstance(obj, tuple):
        return {"__tuple__": [_encode(item, blobs) for item in obj]}
    if isinstance(obj, list):
        return [_encode(item, blobs) for item in obj]
    from .dtypes import dtype
    if isinstance(obj, dtype):
        return {"__dtype__": obj.name}
    raise TypeError(f"gradlib.save cannot store objects of type {type(obj).__name__}: only tensors, numbers, "
                    "strings, None and dicts/lists/tuples of them (nothing that would need code to load)")


def save(obj, f):
    """Save tensors, state dicts, optimizer states (nested dicts/lists/tuples of those) to the path ``f``.

    >>> import gradlib, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pt")
    >>> gradlib.save({"w": gradlib.tensor([1., 2.]), "step": 3}, path)
    >>> gradlib.load(path)
    {'w': tensor([1., 2.]), 'step': 3}
    """
    blobs = []
    header = json.dumps({"version": 1, "object": _encode(obj, blobs),
                         "sizes": [len(b) for b in blobs]}).encode()
    path = os.fspath(f)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".gradlib-save-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC)
            stream.write(struct.pack("<Q", len(header)))
            stream.write(header)
            for blob in blobs:
                stream.write(blob)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _refuse(path, reason):
    raise RuntimeError(f"gradlib.load refused {path!r}: {reason}")


def load(f, map_location=None, weights_only=True):
    """Load what ``save`` wrote; tensors go to ``map_location`` (a device or str) or their saved device.

    Never executes code: only this file format is read; pickles (``torch.save`` files included) are refused.
    """
    from . import dtypes
    from ._creation import tensor
    from .device import device as make_device
    path = os.fspath(f)
    with open(path, "rb") as stream:
        data = stream.read()
    if data[:2] in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05") or data[:2] == b"PK":
        _refuse(path, "it holds a pickle (or a zip of pickles, e.g. a torch.save file); gradlib never unpickles, "
                      "since unpickling can run arbitrary code")
    if data[:8] != MAGIC:
        _refuse(path, "it is not a gradlib checkpoint (wrong magic bytes)")
    if len(data) < 16:
        _refuse(path, "the file is truncated")
    (length,) = struct.unpack("<Q", data[8:16])
    if 16 + length > len(data):
        _refuse(path, "the file is truncated (header incomplete)")
    try:
        header = json.loads(data[16:16 + length].decode())
    except ValueError:
        _refuse(path, "the header is corrupt")
    sizes = header.get("sizes", [])
    offsets = []
    position = 16 + length
    for size in sizes:
        offsets.append(position)
        position += size
    if position != len(data):
        _refuse(path, "the file is truncated or has trailing bytes (data size does not match the header)")
    target = make_device(map_location) if isinstance(map_location, str) else map_location

    def decode(node):
        if isinstance(node, list):
            return [decode(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "__tensor__" in node:
            index = node["__tensor__"]
            dtype = dtypes.as_dtype(node["dtype"])
            array = numpy.frombuffer(data, dtype=dtype.np, count=int(numpy.prod(node["shape"], dtype=numpy.int64)),
                                     offset=offsets[index]).reshape(node["shape"]).copy()
            device = target if target is not None else node["device"]
            value = tensor(array, dtype=dtype, device=device)
            if node.get("parameter"):
                from .nn.parameter import Parameter
                return Parameter(value, node.get("requires_grad", True))
            if node.get("requires_grad"):
                value.requires_grad_()
            return value
        if "__tuple__" in node:
            return tuple(decode(item) for item in node["__tuple__"])
        if "__dict__" in node:
            return {decode(k): decode(v) for k, v in node["__dict__"]}
        if "__float__" in node:
            return float(node["__float__"])
        if "__dtype__" in node:
            return dtypes.as_dtype(node["__dtype__"])
        _refuse(path, "the header describes an unknown kind of object")

    return decode(header["object"])
