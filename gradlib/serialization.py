"""``gradlib.save`` / ``gradlib.load``: checkpoints that never run code when loaded, unless the caller asks to.

Format: the 8-byte magic ``GRADLIB1``, a little-endian uint64 header length, a JSON header that describes the
saved object (dicts, lists, tuples, numbers, strings, None, dtypes, tensors; see ``gradlib._checkpoint_header``),
then each storage's raw bytes, one after another. Tensors that share memory (views of one tensor) are stored once,
as one storage, and share it again once loaded, as in PyTorch.

``load`` checks the whole header against the file's size before it allocates anything: the version, the dtypes
(an allow-list), every shape, stride and offset (no tensor reaches outside its storage), the storages' sizes
(adding up to the file's), the nesting depth. It reads only regular files, and allocates no more than the file's
size (plus the header's Python objects). Anything wrong raises ``CheckpointError`` naming it; nothing is unpickled.
A ``torch.save`` file (a zip) is read by ``gradlib._torch_checkpoint``'s restricted unpickler instead.

An object the header cannot describe (a whole module, an optimizer, an instance of the program's own class, as
``torch.save(model, path)`` in PyTorch's tutorials) is pickled instead: the magic ``GRADLIBP``, the pickle's length,
the pickle (its tensors replaced by numbers), then a checkpoint of the format above holding those tensors.
``load`` refuses such a file unless called with ``weights_only=False``, PyTorch's explicit consent to unpickling
(which runs whatever code the file names); the tensors still go through every check above.

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

from . import _checkpoint_header as header_format, _checkpoint_io, _tensor, _torch_checkpoint, cuda, dtypes
from .backends import backend_for, numpy_backend
from .device import CPU, device as make_device, resolve
from .nn import parameter

MAGIC = b"GRADLIB1"
PICKLED_MAGIC = b"GRADLIBP"  # a pickle with its tensors in a checkpoint: see _save_pickled
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


def _refuse(name, reason):
    raise CheckpointError(f"gradlib.load refused {name!r}: {reason}")


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
    raise _NeedsPickle(type(obj).__name__)


class _NeedsPickle(Exception):
    """``_encode`` met an object the JSON header cannot describe (a module, an optimizer, a custom class)."""


class _TensorPickler(pickle.Pickler):
    """Pickles everything but tensors, which it numbers (``persistent_id``) for the checkpoint beside it."""

    def __init__(self, stream, protocol):
        super().__init__(stream, protocol)
        self.tensors = []
        self.numbers = {}

    def persistent_id(self, obj):
        if not isinstance(obj, _tensor.Tensor):
            return None
        number = self.numbers.get(id(obj))
        if number is None:
            number = self.numbers[id(obj)] = len(self.tensors)
            self.tensors.append(obj)
        return ("gradlib.tensor", number)


class _TensorUnpickler(pickle.Unpickler):
    """The ordinary unpickler (it runs code: ``load(..., weights_only=False)`` only) with the numbered tensors."""

    def __init__(self, stream, tensors):
        super().__init__(stream)
        self.tensors = tensors

    def persistent_load(self, pid):
        kind, number = pid
        if kind != "gradlib.tensor" or not 0 <= number < len(self.tensors):
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self.tensors[number]


def _save_pickled(obj, f, pickle_protocol):
    """PyTorch's ``torch.save(model, path)``: a pickle of ``obj`` whose tensors are stored in a gradlib
    checkpoint after it (``PICKLED_MAGIC``, the pickle's length, the pickle, then that checkpoint)."""
    stream = io.BytesIO()
    pickler = _TensorPickler(stream, pickle_protocol)
    pickler.dump(obj)
    data = stream.getvalue()

    def write(target):
        target.write(PICKLED_MAGIC)
        target.write(struct.pack("<Q", len(data)))
        target.write(data)
        save(tuple(pickler.tensors), target)

    if hasattr(f, "write"):
        write(f)
        return
    with _checkpoint_io.atomic_write(f) as target:
        write(target)


def save(obj, f, pickle_module=None, pickle_protocol=2):
    """Save tensors, state dicts, optimizer states (nested dicts/lists/tuples of those) to ``f``, a path or a
    writable binary file object. ``pickle_module`` is accepted for PyTorch's callers and has no effect.

    Anything else (a whole module, an optimizer, the program's own objects) is pickled with protocol
    ``pickle_protocol``, its tensors stored in a checkpoint beside the pickle; ``load`` gives it back only with
    ``weights_only=False`` (as ``torch.load``). An object pickle cannot store (a lambda, a local class) raises
    pickle's error, as in PyTorch.

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
    except _NeedsPickle:
        _save_pickled(obj, f, pickle_protocol)
        return
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

    Never executes code unless ``weights_only=False``: this format is never unpickled; a ``torch.save`` file
    (the zip format) is read by a restricted unpickler that admits only what a tensor state dict needs (see
    ``gradlib._torch_checkpoint``), whatever ``weights_only`` says; other pickles are refused. A file where
    ``save`` pickled a whole module or other objects loads only with ``weights_only=False``: that unpickles it,
    which runs whatever code it names, as ``torch.load(weights_only=False)`` does (only for files you trust). A file that is not a valid checkpoint raises
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
        if head == PICKLED_MAGIC:
            return _load_pickled(source, map_location, weights_only)
        if head[:1] == b"\x80":
            _refuse(source.name, "it holds a pickle; gradlib never unpickles, since unpickling can run arbitrary "
                                 "code")
        return _load_native(source, _placement(map_location))


def _load_pickled(source, map_location, weights_only):
    """What ``_save_pickled`` wrote: refused unless the caller passed ``weights_only=False`` (unpickling runs
    code), as ``torch.load`` refuses a pickled module by default."""
    if weights_only is None or weights_only:
        _refuse(source.name, "it holds a pickled object (a whole module, an optimizer, a custom class), which "
                             "loads only with weights_only=False. Weights only load failed. Re-running `load` with "
                             "`weights_only` set to `False` will likely succeed, but it can result in arbitrary code "
                             "execution. Do it only if you got the file from a trusted source.")
    (length,) = struct.unpack("<Q", _read(source, 16)[8:])
    if length > source.size - 16:
        _refuse(source.name, "the file is truncated (pickle incomplete)")
    data = _read(source, length)
    rest = _checkpoint_io.Source(source.file, source.size - 16 - length, source.name, owned=False)
    tensors = _load_native(rest, _placement(map_location))
    return _TensorUnpickler(io.BytesIO(data), tensors).load()


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
