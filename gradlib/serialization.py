"""``gradlib.save`` / ``gradlib.load``: checkpoints that can never run code when loaded.

Format: the 8-byte magic ``GRADLIB1``, a little-endian uint64 header length, a JSON header that describes the
saved object (dicts, lists, tuples, numbers, strings, None, dtypes, tensors; see ``gradlib._checkpoint_header``),
then each storage's raw bytes, one after another. Tensors that share memory (views of one tensor) are stored once,
as one storage, and share it again once loaded, as in PyTorch.

``load`` checks the whole header against the file's size before it allocates anything: the version, the dtypes
(an allow-list), every shape, stride and offset (no tensor reaches outside its storage), the storages' sizes
(adding up to the file's), the nesting depth. It reads only regular files, and allocates no more than the file's
size (plus the header's Python objects). Anything wrong raises ``CheckpointError`` naming it; nothing is unpickled.
A ``torch.save`` file (a zip) is read by ``gradlib._torch_checkpoint``'s restricted unpickler instead.

``save`` writes through a temporary file next to the target and renames it over the target (see
``gradlib._checkpoint_io``), so an interrupted save never leaves a half-written file where a good one was.
"""
import collections
import io
import json
import math
import pickle
import struct

import numpy  # host bytes <-> arrays; device storages are copied to the host to be saved

from . import _checkpoint_header as header_format, _checkpoint_io, _creation, _tensor, _torch_checkpoint, cuda, dtypes
from .backends import backend_for, numpy_backend
from .device import CPU, device as make_device, resolve
from .nn import parameter

MAGIC = b"GRADLIB1"
ZIP_MAGIC = b"PK\x03\x04"
_ALIGNMENT = 16  # storages start at a multiple of the largest itemsize from their memory's start
_CHUNK = 64 << 20  # bytes of a device storage copied to the host at a time while saving

__all__ = ["save", "load", "CheckpointError"]


class CheckpointError(pickle.UnpicklingError, RuntimeError):
    """``gradlib.load``'s refusal of a file: not a gradlib checkpoint, a pickle, truncated, corrupt or crafted.

    The message names the file and what is wrong. It is a ``pickle.UnpicklingError`` (what
    ``torch.load(weights_only=True)`` raises for a file it will not load) and a ``RuntimeError`` (what
    ``torch.load`` raises for a corrupt file), so code written for either catches it.
    """


class UnpicklingError(CheckpointError):
    """The refusal of a pickled object under ``weights_only=True``: a ``CheckpointError`` that carries the name of
    the exception ``torch.load`` raises there (``pickle.UnpicklingError``), for code that prints it."""


def _refuse(name, reason, error=CheckpointError):
    raise error(f"gradlib.load refused {name!r}: {reason}")


# ----- saving ----------------------------------------------------------------------------------------------------
def _owner(array, array_type):
    """The array that owns ``array``'s memory: the last array along its chain of bases."""
    owner = node = array
    for _ in range(1000):
        node = getattr(node, "base", None)
        if node is None:
            break
        if isinstance(node, array_type):
            owner = node
    return owner


class _Storage:
    """One run of bytes in the file: a byte range [low, high) of the memory of ``owner``, which starts at
    address ``start``; ``members`` are the tensor nodes placed in it, with their first element's address."""

    def __init__(self, owner, backend, device, start):
        self.owner, self.backend, self.device, self.start = owner, backend, device, start
        self.low = self.high = None
        self.members = []

    def add(self, node, address, low, high):
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)
        self.members.append((node, address))

    def finish(self):
        """Fix the range (its start aligned so every member stays aligned) and each member's offset."""
        if self.low is None:
            self.low = self.high = self.start
        self.low = self.start + (self.low - self.start) // _ALIGNMENT * _ALIGNMENT
        for node, address in self.members:
            node["offset"] = address - self.low
        return {"nbytes": self.high - self.low, "device": str(self.device)}

    def write(self, stream):
        if self.high == self.low:
            return
        xp = self.backend.xp
        with self.backend.guard(self.device):
            data = self.owner.ravel(order="K").view(xp.uint8)[self.low - self.start:self.high - self.start]
            if self.backend is numpy_backend:
                _checkpoint_io.write_all(stream, data)
                return
            for begin in range(0, data.size, _CHUNK):
                _checkpoint_io.write_all(stream, self.backend.to_numpy(data[begin:begin + _CHUNK]))


class _Storages:
    """The storages of the tensors being saved: one per block of memory, however many views use it."""

    def __init__(self):
        self.by_owner = {}
        self.list = []
        self.seen = {}  # id(tensor) -> its number in the order met, for {"__ref__": number}
        self.kept = []  # the tensors numbered, alive until saved so their ids stay theirs
        self.attributes = True  # a tensor's Python attributes go with it (not when a pickle carries them)

    def _new(self, owner, backend, device, start):
        storage = _Storage(owner, backend, device, start)
        storage.index = len(self.list)
        self.list.append(storage)
        return storage

    def add(self, tensor, node):
        array = tensor._array
        device = tensor._device
        backend = backend_for(device)
        item = array.itemsize
        strides = array.strides
        owner = _owner(array, backend.array_type)
        shared = (array.size and all(step % item == 0 for step in strides)
                  and (owner.flags.c_contiguous or owner.flags.f_contiguous))
        if shared:
            start = backend._address(owner)
            address = backend._address(array)
            low = address + sum((size - 1) * step for size, step in zip(array.shape, strides) if step < 0)
            high = address + sum((size - 1) * step for size, step in zip(array.shape, strides) if step > 0) + item
            shared = start <= low and high <= start + owner.nbytes
        if not shared:  # an empty tensor, or memory laid out in a way a storage cannot describe: its own copy
            array = numpy.ascontiguousarray(backend.to_numpy(array))
            owner, backend, strides = array, numpy_backend, array.strides
            address = low = numpy_backend._address(array)
            high = low + array.nbytes
            storage = self._new(array, numpy_backend, device, low)
        else:
            storage = self.by_owner.get(id(owner))
            if storage is None:
                storage = self.by_owner[id(owner)] = self._new(owner, backend, device, start)
            low, high = start, start + owner.nbytes  # the whole storage, as torch.save writes it (a slice too)
        node["__tensor__"] = storage.index
        node["stride"] = [step // item for step in strides]
        storage.add(node, address, low, high)


def _encode(obj, storages):
    if isinstance(obj, _tensor.Tensor):
        if id(obj) in storages.seen:
            return {"__ref__": storages.seen[id(obj)]}
        storages.seen[id(obj)] = len(storages.seen)
        storages.kept.append(obj)
        node = {"__tensor__": None, "dtype": obj.dtype.name, "shape": list(obj.shape), "stride": None,
                "offset": None, "requires_grad": obj.requires_grad, "parameter": isinstance(obj, parameter.Parameter)}
        storages.add(obj, node)
        if obj.__dict__ and storages.attributes:  # ``t.tag = ...``: kept, as torch.save keeps them
            node["attributes"] = _encode(dict(obj.__dict__), storages)
        return node
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"__float__": repr(obj)}
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj):
            node = {"__dict__": [[k, _encode(v, storages)] for k, v in obj.items()]}
        else:
            node = {"__dict__": [[_encode(k, storages), _encode(v, storages)] for k, v in obj.items()], "keys": "encoded"}
        if isinstance(obj, collections.OrderedDict):  # a state dict: loaded as the OrderedDict it was, as PyTorch
            node["ordered"] = True
        return node
    if isinstance(obj, tuple):
        return {"__tuple__": [_encode(item, storages) for item in obj]}
    if isinstance(obj, list):
        return [_encode(item, storages) for item in obj]
    if isinstance(obj, dtypes.dtype):
        return {"__dtype__": obj.name}
    raise _NotPlainData(type(obj).__name__)


class _NotPlainData(TypeError):
    """``_encode`` met an object the header cannot describe: ``save`` pickles the whole object instead."""


#: the key of the plain-data stand-in that holds a pickled object (see ``_pickled``)
_PICKLED = "__gradlib_pickled_object__"


class _TensorPickler(pickle.Pickler):
    """Pickles an object with its tensors left out (each becomes its position in ``tensors``), so the tensors
    are stored as in every checkpoint, sharing memory as they did."""

    def __init__(self, stream, tensors):
        super().__init__(stream, protocol=pickle.DEFAULT_PROTOCOL)
        self.tensors = tensors
        self.positions = {}

    def persistent_id(self, obj):
        if not isinstance(obj, _tensor.Tensor):
            return None
        position = self.positions.get(id(obj))
        if position is None:
            position = self.positions[id(obj)] = len(self.tensors)
            self.tensors.append(obj)
        return (position, dict(obj.__dict__)) if obj.__dict__ else position  # its attributes ride in the pickle


def _pickled(obj):
    """What ``save`` writes for an object that is not plain data (a whole ``nn.Module``, a custom class), as
    ``torch.save`` pickles it: ``{_PICKLED: its pickle as a uint8 tensor, "tensors": [its tensors]}``. Loading
    it runs the pickle's code, so ``load`` does it only when told ``weights_only=False``."""
    stream = io.BytesIO()
    tensors = []
    _TensorPickler(stream, tensors).dump(obj)
    return {_PICKLED: _creation.from_numpy(numpy.frombuffer(stream.getvalue(), dtype=numpy.uint8).copy()),
            "tensors": tensors}


def _unpickled(loaded, weights_only, name):
    """``load``'s last step: a pickled object (see ``_pickled``) is unpickled when ``weights_only=False``, and
    refused otherwise with PyTorch's "Weights only load failed" (a ``CheckpointError``, an UnpicklingError)."""
    if not (isinstance(loaded, dict) and len(loaded) == 2 and _PICKLED in loaded and "tensors" in loaded):
        return loaded
    if weights_only is not False:
        _refuse(name, "Weights only load failed. This file can still be loaded: do it only if you trust the "
                      "source of the checkpoint. It holds a pickled object "
                      "(gradlib.save of something other than tensors, numbers, strings, None, dtypes and "
                      "dicts/lists/tuples of them, such as a whole nn.Module). Re-running `gradlib.load` with "
                      "`weights_only` set to `False` will likely succeed, but it can result in arbitrary code "
                      "execution. Do it only if you got the file from a trusted source.", UnpicklingError)
    tensors = loaded["tensors"]
    # the pickle's bytes went where map_location sent the storages (a CUDA device too): read them back
    unpickler = pickle.Unpickler(io.BytesIO(loaded[_PICKLED].numpy(force=True).tobytes()))
    unpickler.persistent_load = _tensor_with_attributes(tensors)
    return unpickler.load()


def _tensor_with_attributes(tensors):
    """The unpickler's ``persistent_load``: a tensor by its position, given its Python attributes where the
    pickle carries them (see ``_TensorPickler.persistent_id``)."""
    def persistent_load(reference):
        if isinstance(reference, tuple):
            position, attributes = reference
            tensors[position].__dict__.update(attributes)
            return tensors[position]
        return tensors[reference]
    return persistent_load


def save(obj, f, pickle_module=None, pickle_protocol=2):
    """Save tensors, state dicts, optimizer states (nested dicts/lists/tuples of those) to ``f``, a path or a
    writable binary file object. ``pickle_module`` and ``pickle_protocol`` are accepted for PyTorch's callers
    and have no effect: this format is not a pickle. Any other object (a whole ``nn.Module``, as
    ``torch.save(model, path)`` in tutorials) is pickled as PyTorch pickles it, its tensors stored as usual;
    ``load`` gives it back only with ``weights_only=False`` (as ``torch.load`` since PyTorch 2.6).

    A path is written atomically: a temporary file next to it is renamed over it once complete, and removed if
    the save fails or is interrupted (SIGINT, SIGTERM; after a SIGKILL, by the next save to the same path). The
    file gets the mode ``open(f, 'wb')`` would give it. Tensors sharing memory are stored once and share it
    again when loaded. Tensor data goes to the file without extra host copies (CUDA tensors: copied to the host
    in 64 MiB pieces).

    >>> import gradlib, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pt")
    >>> gradlib.save({"w": gradlib.tensor([1., 2.]), "step": 3}, path)
    >>> gradlib.load(path)
    {'w': tensor([1., 2.]), 'step': 3}
    """
    storages = _Storages()
    try:
        node = _encode(obj, storages)
    except _NotPlainData:
        storages = _Storages()
        storages.attributes = False
        node = _encode(_pickled(obj), storages)
    entries = [storage.finish() for storage in storages.list]
    header = json.dumps({"version": 2, "storages": entries, "object": node},
                        separators=(",", ":"), allow_nan=False).encode()
    if header_format.depth(header) > header_format.MAX_DEPTH:
        raise ValueError(f"gradlib.save cannot store objects nested this deeply (the checkpoint's header would "
                         f"nest more than {header_format.MAX_DEPTH} levels)")
    if hasattr(f, "write"):
        _write(f, header, storages.list)
        return
    with _checkpoint_io.atomic_write(f) as stream:
        _write(stream, header, storages.list)


def _write(stream, header, storages):
    stream.write(MAGIC)
    stream.write(struct.pack("<Q", len(header)))
    stream.write(header)
    for storage in storages:
        storage.write(stream)


# ----- loading ---------------------------------------------------------------------------------------------------
def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """Load what ``save`` wrote from ``f``, a path or a seekable binary file object.

    ``map_location`` puts the storages (the blocks of memory tensors share) somewhere else than where they
    were saved: a device or its name (all storages there); a dict from saved location to location
    (``{'cuda:1': 'cpu'}``, others stay); or a callable ``map_location(storage, location)``, as in PyTorch,
    given each storage as a 1-D ``uint8`` CPU tensor of its bytes and the saved location (``'cuda:0'``),
    returning None (the saved location) or that tensor moved (``storage.cuda(1)``). Tensors that shared memory
    when saved share it again (writing into one shows in the other).

    Never executes code unless ``weights_only=False`` is passed and the file holds a pickled object (``save`` of
    something other than plain data, such as a whole ``nn.Module``): that pickle is then unpickled, as
    ``torch.load(weights_only=False)`` does, so pass it only for files you trust; without it such a file raises
    ``CheckpointError`` ("Weights only load failed"). Plain data is never unpickled; a ``torch.save`` file
    (the zip format) is read by a restricted unpickler that admits only what a tensor state dict needs (see
    ``gradlib._torch_checkpoint``); other pickles are refused. A file that is not a valid checkpoint raises
    ``CheckpointError``. ``pickle_module``, ``mmap`` and further ``pickle_load_args`` (``encoding=``) are
    accepted for PyTorch's callers and have no effect (nothing is unpickled; the file is read into memory).
    """
    with _checkpoint_io.open_source(f, _refuse) as source:
        head = source.peek(8)
        if head.startswith(ZIP_MAGIC):  # a torch.save file: gradlib._torch_checkpoint's restricted unpickler
            return _torch_checkpoint.load(source.file, source.size, _placement(map_location),
                                          lambda reason: _refuse(source.name, reason))
        if head[:2] == b"PK":
            _refuse(source.name, "it holds a zip that is not a torch.save archive")
        if head[:1] == b"\x80":
            _refuse(source.name, "it holds a pickle; gradlib never unpickles, since unpickling can run arbitrary "
                                 "code")
        return _unpickled(_load_native(source, _placement(map_location)), weights_only, source.name)


def _read(source, count):
    buffer = bytearray(count)
    if not source.read_into(buffer):
        _refuse(source.name, "the file is truncated")
    return bytes(buffer)


def _load_native(source, place):
    name = source.name
    if source.size < len(MAGIC) or source.peek(len(MAGIC)) != MAGIC:
        _refuse(name, "it is not a gradlib checkpoint (wrong magic bytes)")
    if source.size < 16:
        _refuse(name, "the file is truncated")
    (length,) = struct.unpack("<Q", _read(source, 16)[8:])
    if length > source.size - 16:
        _refuse(name, "the file is truncated (header incomplete)")
    text = _read(source, length)
    specs = {}
    try:
        header = header_format.parse(text)
        version, storages = header_format.storages_of(header, source.size - 16 - length)
        references = [0] * len(storages)

        def check(node, spec):  # the dry run: checks everything, allocates nothing
            references[spec.storage] += 1
            specs[id(node)] = spec
            if version == 1:
                storages[spec.storage]["device"] = node.get("device")
            return object()

        header_format.decode(header["object"], version, storages, check)
        for index, count in enumerate(references):
            if count == 0 or (version == 1 and count > 1):
                raise header_format.Invalid(f"storage {index} is used by {count} tensors")
        locations = [_location(storage["device"]) for storage in storages]
    except header_format.Invalid as error:
        _refuse(name, str(error))
    by_storage = [[] for _ in storages]
    for node_id, spec in specs.items():
        by_storage[spec.storage].append((node_id, spec))
    tensors = {}
    for storage, location, members in zip(storages, locations, by_storage):
        host = numpy.empty(storage["nbytes"], dtype=numpy.uint8)
        if not source.read_into(host):
            _refuse(name, "the file is truncated")
        for _, spec in members:
            if spec.dtype is dtypes.bool and (_view(host, spec, numpy_backend).view(numpy.uint8) > 1).any():
                _refuse(name, "a bool tensor holds bytes other than 0 and 1")
        array, device = _put(host, location, place, name)
        backend = backend_for(device)
        for node_id, spec in members:
            with backend.guard(device):
                tensors[node_id] = _make_tensor(_view(array, spec, backend), device, spec)
    return header_format.decode(header["object"], version, storages, lambda node, spec: tensors[id(node)])


def _location(spelling):
    """A saved location, checked to be a device's own spelling ('cpu', 'cuda:1')."""
    try:
        parsed = make_device(spelling) if isinstance(spelling, str) else None
    except (RuntimeError, ValueError, TypeError):
        parsed = None
    if parsed is None or str(parsed) != spelling:
        raise header_format.Invalid(f"unknown device {spelling!r}")
    return spelling


def _placement(map_location):
    """``map_location`` as a function of (storage, saved location) -> None, a device, or a uint8 tensor."""
    if map_location is None:
        return lambda storage, location: None
    if isinstance(map_location, (str, make_device)):
        target = make_device(map_location)
        return lambda storage, location: target
    if isinstance(map_location, dict):
        return lambda storage, location: map_location.get(location)
    if callable(map_location):
        return map_location
    raise TypeError(f"map_location should be a str, gradlib.device, dict or callable, not "
                    f"{type(map_location).__name__}")


def _put(host, location, place, name):
    """The storage's array (``host`` holds its bytes) where ``place`` puts it, and that device."""
    result = place(_tensor.wrap(host, CPU), location)
    if result is None:
        result = location
    if isinstance(result, _tensor.Tensor):
        if result.dtype is not dtypes.uint8 or tuple(result.shape) != host.shape or not result.is_contiguous():
            raise RuntimeError(f"map_location returned a {result.dtype} tensor of shape {tuple(result.shape)}; "
                               f"expected the storage it was given (uint8, ({host.size},)), moved or not")
        return result._array, result._device
    target = make_device(result)
    if target.type == "cuda":
        _check_cuda(target, name)
        target = resolve(target)  # 'cuda' is the current GPU: tensors carry its index, as every CUDA tensor does
    if target is CPU:
        return host, CPU
    backend = backend_for(target)
    with backend.guard(target):
        return backend.asarray(host, numpy.uint8, target), target


def _check_cuda(target, name):
    reason = _checkpoint_io.unreachable_cuda_reason(target, cuda.device_count())
    if reason is not None:
        _refuse(name, reason)


def _view(storage, spec, backend):
    """The array of the tensor ``spec`` describes: a view into the 1-D uint8 ``storage``."""
    if spec.low == spec.high:
        return backend.xp.empty(spec.shape, dtype=spec.dtype.np)
    item = spec.dtype.itemsize
    piece = storage[spec.low:spec.high].view(spec.dtype.np)
    contiguous = [math.prod(spec.shape[i + 1:]) for i in range(len(spec.shape))]
    if spec.offset == spec.low and all(a == b or size == 1 for a, b, size in zip(spec.stride, contiguous, spec.shape)):
        return piece.reshape(spec.shape)
    start = (spec.offset - spec.low) // item
    return backend._as_strided(piece[start:], tuple(spec.shape), tuple(step * item for step in spec.stride))


def _make_tensor(array, device, spec):
    value = _tensor.wrap(array, device)
    if spec.parameter:
        return parameter.Parameter(value, spec.requires_grad)
    if spec.requires_grad:
        value.requires_grad_()
    return value
