"""Loading ``torch.save`` checkpoints (the zip format of PyTorch >= 1.6) without PyTorch, and without running code.

A ``torch.save`` file is a zip archive: ``<name>/data.pkl`` (a pickle of the saved object, protocol 2), one record
``<name>/data/<key>`` per storage (its raw bytes), ``<name>/byteorder`` and ``<name>/version``. The pickle names
the functions that rebuild tensors (``torch._utils._rebuild_tensor_v2``) and refers to storages by key.

Unpickling can call any importable function, so the pickle is read by a restricted unpickler (the idea of
PyTorch's ``weights_only=True``): ``find_class`` admits only the few globals a tensor state dict needs, each
replaced by a gradlib stand-in, and storages come only from the archive (``persistent_load``). What the globals
return are inert records (a BUILD opcode on them is refused), turned into gradlib tensors once the whole pickle is
read and every size, stride and offset has been checked against its storage's bytes. Everything else (other
globals, quantized/sparse/complex tensors, tensors with Python attributes, cycles, nesting deeper than
``MAX_DEPTH``) is refused, naming what is wrong (``gradlib.load`` raises ``CheckpointError``). Storages are read
once each, and their total is bounded by the file's size, so a crafted archive cannot make ``load`` allocate more
than the file; the opcodes are walked before unpickling, since the C unpickler sizes its memo table by the
largest index a pickle names.

Loaded tensors that shared a storage in PyTorch share memory again (views of one array), with separate version
counters, as in PyTorch after ``torch.load``.
"""
import _compat_pickle  # protocol 2's Python 2 names ('__builtin__'), as pickle's own find_class maps them
import collections
import io
import pickle
import pickletools
import re
import zipfile

import numpy  # host bytes -> arrays

from . import _tensor, dtypes
from ._checkpoint_io import unreachable_cuda_reason
from ._tensor import Size, wrap
from .backends import backend_for, cuda_device_count
from .device import CPU, device as make_device, resolve
from .nn import parameter

__all__ = ["ZIP_MAGIC", "load", "MAX_DEPTH"]

ZIP_MAGIC = b"PK\x03\x04"
MAX_DEPTH = 100  # as the native format's header
MAX_DIMS = 64  # NumPy's limit
_PIECE = 1 << 20  # bytes of a storage read at a time

_STORAGE_DTYPES = {"DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16",
                   "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16", "CharStorage": "int8",
                   "ByteStorage": "uint8", "BoolStorage": "bool", "BFloat16Storage": "bfloat16"}
_UNSUPPORTED_STORAGES = {"ComplexFloatStorage": "complex64",
                         "ComplexDoubleStorage": "complex128", "QInt8Storage": "qint8", "QUInt8Storage": "quint8",
                         "QInt32Storage": "qint32", "QUInt4x2Storage": "quint4x2", "QUInt2x4Storage": "quint2x4",
                         "UntypedStorage": "an untyped storage"}
_LOCATION = re.compile(r"cpu|cuda(:[0-9]{1,4})?")
_SUPPORTED_VERSIONS = range(1, 11)  # what PyTorch's archive reader accepts (kMin/kMaxSupportedFileFormatVersion)


class _Refused(Exception):
    """Raised inside the loader with the reason; ``load`` hands the reason to its ``refuse`` callable."""


def _refuse(reason):
    raise _Refused(reason)


def refuse_with_unpickling_error(reason):
    """The default refusal: ``pickle.UnpicklingError``, what ``torch.load(weights_only=True)`` raises."""
    raise pickle.UnpicklingError(f"gradlib.load refused a torch.save checkpoint: {reason}")


# ----- inert records: what the admitted globals return while the pickle is read -------------------------------
class _Record:
    """Base of what the unpickler's globals return: BUILD (``__setstate__``) on it is refused."""

    __slots__ = ()

    def __setstate__(self, state):
        _refuse(f"the pickle sets attributes on a {self._what} (a BUILD opcode only a crafted file has)")


class _Global(_Record):
    """An admitted global: calling it (REDUCE) runs gradlib's checked version of the function."""

    __slots__ = ("name", "function")
    _what = "global"

    def __init__(self, name, function):
        self.name = name
        self.function = function

    def __call__(self, *args):
        return self.function(*args)


class _StorageType(_Record):
    """``torch.FloatStorage`` and the like: only ever a tag in a storage's persistent id."""

    __slots__ = ("name",)
    _what = "storage type"

    def __init__(self, name):
        self.name = name

    def __call__(self, *args):
        _refuse(f"the pickle calls torch.{self.name}, which only names a storage's type in a state dict")


class _Storage(_Record):
    __slots__ = ("key", "array", "location")
    _what = "storage"


class _TensorRecord(_Record):
    __slots__ = ("storage", "offset", "size", "stride", "requires_grad")
    _what = "tensor"


class _ParameterRecord(_Record):
    __slots__ = ("tensor", "requires_grad")
    _what = "Parameter"


class _Value(_Record):
    """A dtype, device or Size: made into gradlib's value after unpickling."""

    __slots__ = ("value",)
    _what = "value"

    def __init__(self, value):
        self.value = value


# ----- the admitted globals ------------------------------------------------------------------------------------
def _is_int(value):
    return type(value) is int


def _int_tuple(value, what):
    if type(value) is not tuple or len(value) > MAX_DIMS or not all(_is_int(v) and v >= 0 for v in value):
        _refuse(f"a tensor's {what} is {_short(value)}, not a tuple of at most {MAX_DIMS} non-negative ints")
    return value


def _short(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None):
    if type(storage) is not _Storage:
        _refuse(f"a tensor's storage is {type(storage).__name__}, not a storage of the archive")
    if not _is_int(storage_offset) or storage_offset < 0:
        _refuse(f"a tensor's storage offset is {_short(storage_offset)}")
    size = _int_tuple(size, "size")
    stride = _int_tuple(stride, "stride")
    if len(size) != len(stride):
        _refuse(f"a tensor has size {size} but stride {stride}")
    if type(requires_grad) is not bool:
        _refuse(f"a tensor's requires_grad is {_short(requires_grad)}")
    if not isinstance(backward_hooks, dict) or backward_hooks:
        _refuse("a tensor comes with backward hooks (torch.save never saves hooks)")
    if metadata is not None and (not isinstance(metadata, dict) or metadata):
        _refuse(f"a tensor comes with metadata {_short(metadata)}, which gradlib does not support")
    capacity = storage.array.size
    numel = 1
    for extent in size:
        numel *= extent
    if numel:
        last = storage_offset + sum((extent - 1) * step for extent, step in zip(size, stride))
        if last >= capacity:
            _refuse(f"a tensor of size {list(size)}, stride {list(stride)} and offset {storage_offset} reads "
                    f"element {last} of storage {storage.key!r}, which holds {capacity}")
    elif storage_offset > capacity:
        _refuse(f"a tensor's offset {storage_offset} is past the end of storage {storage.key!r} ({capacity})")
    record = _TensorRecord()
    record.storage, record.offset, record.size, record.stride = storage, storage_offset, size, stride
    record.requires_grad = requires_grad
    return record


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _rebuild_tensor_v2(storage, storage_offset, size, stride, False, collections.OrderedDict())


def _rebuild_parameter(data, requires_grad, backward_hooks, state=None):
    if type(data) is not _TensorRecord:
        _refuse(f"a Parameter's data is {type(data).__name__}, not a tensor")
    if type(requires_grad) is not bool:
        _refuse(f"a Parameter's requires_grad is {_short(requires_grad)}")
    if not isinstance(backward_hooks, dict) or backward_hooks:
        _refuse("a Parameter comes with backward hooks (torch.save never saves hooks)")
    if state:
        _refuse(f"a Parameter comes with Python attributes {_short(state)}, which gradlib tensors cannot hold")
    record = _ParameterRecord()
    record.tensor, record.requires_grad = data, requires_grad
    return record


def _rebuild_from_type_v2(function, new_type, args, state):
    """Tensors with Python attributes, and subclasses: only a plain Tensor or Parameter without attributes."""
    if type(function) is not _Global or function.function not in (_rebuild_tensor_v2, _rebuild_parameter):
        _refuse("a tensor of a subclass is rebuilt by a function other than PyTorch's tensor rebuilders")
    if type(new_type) is not _Value or new_type.value not in ("Tensor", "Parameter"):
        _refuse("the checkpoint holds a tensor subclass other than Tensor and Parameter")
    if state:
        _refuse(f"a tensor comes with Python attributes {_short(state)}, which gradlib tensors cannot hold")
    if type(args) is not tuple:
        _refuse("a tensor's rebuild arguments are not a tuple")
    return function(*args)


def _encode(text, encoding="latin1"):
    """``_codecs.encode``: how protocol 2 spells a bytes object."""
    if type(text) is not str or encoding != "latin1":
        _refuse("_codecs.encode is admitted only to make bytes from a latin-1 string")
    return text.encode("latin1")


def _size(sizes=()):
    return _Value(Size(_int_tuple(tuple(sizes) if type(sizes) is list else sizes, "Size")))


def _device(kind, index=None):
    if type(kind) is not str or not (index is None or _is_int(index)):
        _refuse(f"torch.device{_short((kind, index))} is not a device")
    return _Value(("device", kind, index))


def _container(kind):
    def make(*args):
        if len(args) > 1:
            _refuse(f"{kind.__name__}() called with {len(args)} arguments")
        if args and not isinstance(args[0], (list, tuple, dict)):
            _refuse(f"{kind.__name__}() of a {type(args[0]).__name__}")
        return kind(*args)
    return make


def _allowed_globals():
    admitted = {
        ("collections", "OrderedDict"): _container(collections.OrderedDict),
        ("collections", "Counter"): _container(collections.Counter),
        ("builtins", "set"): _container(set),
        ("builtins", "frozenset"): _container(frozenset),
        ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter,
        ("torch._tensor", "_rebuild_from_type_v2"): _rebuild_from_type_v2,
        ("_codecs", "encode"): _encode,
        ("torch", "Size"): _size,
        ("torch", "device"): _device,
    }
    found = {key: _Global(".".join(key), function) for key, function in admitted.items()}
    for name in _STORAGE_DTYPES:
        found[("torch", name)] = _StorageType(name)
    for name in ("Tensor",):
        found[("torch", name)] = _Value(name)
    found[("torch.nn.parameter", "Parameter")] = _Value("Parameter")
    for name in dtypes._NAMES:
        found[("torch", name)] = _Value(dtypes._NAMES[name])
    return found


_ALLOWED = _allowed_globals()


def _argument_kinds():
    """opcode byte -> how its argument is laid out: a fixed size (>= 0), or pickletools' negative codes for
    one line, a length in the next 1, 4 (signed), 4 or 8 bytes; ``-9`` for two lines (GLOBAL, INST)."""
    kinds = {}
    for opcode in pickletools.opcodes:
        argument = opcode.arg
        kind = 0 if argument is None else argument.n
        if argument is not None and argument.name == "stringnl_noescape_pair":
            kind = -9
        kinds[ord(opcode.code)] = kind
    return kinds


_KINDS = _argument_kinds()
_LENGTH_BYTES = {pickletools.TAKEN_FROM_ARGUMENT1: (1, False), pickletools.TAKEN_FROM_ARGUMENT4: (4, True),
                 pickletools.TAKEN_FROM_ARGUMENT4U: (4, False), pickletools.TAKEN_FROM_ARGUMENT8U: (8, False)}
_STOP, _PUT, _LONG_BINPUT = ord("."), ord("p"), ord("r")


def _scan(data):
    """Walk the pickle's opcodes without running them, before the C unpickler sees it: a memo index beyond the
    pickle's length would make it allocate (and zero) a memo table of that many entries (a 10-byte pickle
    storing entry 2**24 costs 256 MiB), and a length field beyond the data is a truncated pickle."""
    end = len(data)
    position = 0
    while position < end:
        code = data[position]
        kind = _KINDS.get(code)
        if kind is None:
            _refuse(f"its pickle has an unknown opcode {bytes([code])!r} at byte {position}")
        position += 1
        start = position
        if kind >= 0:
            position += kind
        elif kind == pickletools.UP_TO_NEWLINE or kind == -9:
            for _ in range(1 if kind == pickletools.UP_TO_NEWLINE else 2):
                newline = data.find(b"\n", position)
                if newline < 0:
                    _refuse("its pickle is truncated (a line without its end)")
                position = newline + 1
        else:
            size, signed = _LENGTH_BYTES[kind]
            length = int.from_bytes(data[position:position + size], "little", signed=signed)
            if length < 0:
                _refuse(f"its pickle has a negative length {length} at byte {position}")
            position += size + length
        if position > end:
            _refuse(f"its pickle is truncated (an argument at byte {start} runs past its end)")
        if code == _LONG_BINPUT or code == _PUT:
            text = data[start:position]
            if code == _LONG_BINPUT:
                index = int.from_bytes(text, "little")
            else:
                index = int(text) if text.strip().isdigit() else -1
            if not 0 <= index < end:
                _refuse(f"its pickle stores memo entry {index} (a pickle of {end} bytes has fewer)")
        if code == _STOP:
            return
    _refuse("its pickle is truncated (no STOP opcode)")


class _Unpickler(pickle.Unpickler):
    """The restricted unpickler: admitted globals only, storages only from the archive."""

    def __init__(self, data, archive):
        super().__init__(io.BytesIO(data))
        self._archive = archive

    def find_class(self, module, name):
        try:
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
            found = _ALLOWED.get((module, name))
        except TypeError:
            found = None
        if found is not None:
            return found
        if module == "torch" and name in _UNSUPPORTED_STORAGES:
            _refuse(f"it holds {_UNSUPPORTED_STORAGES[name]} tensors, which gradlib does not have; convert them "
                    "in PyTorch first (e.g. .float())")
        _refuse(f"the pickle asks for the global {_short(f'{module}.{name}')}, which a tensor state dict does "
                "not need (gradlib admits only tensors, Parameters, dicts, lists, tuples, sets and numbers)")

    def persistent_load(self, pid):
        return self._archive.storage(pid)


# ----- the archive ------------------------------------------------------------------------------------------
class _Archive:
    """The zip's records, checked; storages read on first use, at most the file's size in total."""

    def __init__(self, stream, file_size):
        self.zip = zipfile.ZipFile(stream)
        self.file_size = file_size
        self.records = {}
        for info in self.zip.infolist():
            if info.filename in self.records:
                _refuse(f"the archive holds {info.filename!r} twice")
            self.records[info.filename] = info
        if not self.records:
            _refuse("the archive is empty")
        first = next(iter(self.records))
        self.prefix = first.split("/", 1)[0] + "/"
        if any(not name.startswith(self.prefix) for name in self.records):
            _refuse("the archive's records are not all in one folder, as torch.save writes them")
        for info in self.records.values():
            if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 1:
                _refuse(f"record {info.filename!r} is compressed or encrypted (torch.save stores records as is)")
            if info.file_size > file_size:
                _refuse(f"record {info.filename!r} claims {info.file_size} bytes, more than the whole file")
        self.allocated = 0
        self.storages = {}
        self.big_endian = self._byteorder()
        self._check_version()

    def read_small(self, name, limit):
        info = self.records.get(self.prefix + name)
        if info is None:
            return None
        if info.file_size > limit:
            _refuse(f"record {name!r} is {info.file_size} bytes, more than {limit}")
        return self.zip.read(info)

    def _byteorder(self):
        order = self.read_small("byteorder", 16)
        if order is None or order == b"little":
            return False
        if order == b"big":
            return True
        _refuse(f"its byteorder record says {order[:16]!r}")

    def _check_version(self):
        for name in ("version", ".data/version"):
            text = self.read_small(name, 16)
            if text is None:
                continue
            text = text.strip()
            if not text.isdigit() or int(text) not in _SUPPORTED_VERSIONS:
                _refuse(f"its format version is {text[:16]!r}; PyTorch writes versions "
                        f"{_SUPPORTED_VERSIONS.start}-{_SUPPORTED_VERSIONS.stop - 1}")

    def pickle(self):
        info = self.records.get(self.prefix + "data.pkl")
        if info is None:
            _refuse("the archive has no data.pkl (is it a torch.save file?)")
        return self.zip.read(info)

    def storage(self, pid):
        if type(pid) is not tuple or len(pid) != 5 or pid[0] != "storage":
            _refuse(f"the pickle refers to {_short(pid)}, not to a storage")
        _, kind, key, location, numel = pid
        if type(kind) is not _StorageType:
            _refuse(f"a storage's type is {_short(kind)}")
        if type(key) is not str or not key.isdigit() and not re.fullmatch(r"[A-Za-z0-9_.]{1,64}", key):
            _refuse(f"a storage's key is {_short(key)}")
        if type(location) is not str or not _is_int(numel) or numel < 0:
            _refuse(f"storage {key!r} has location {_short(location)} and size {_short(numel)}")
        dtype = dtypes.as_dtype(_STORAGE_DTYPES[kind.name]).np  # bfloat16: ml_dtypes' (TypeError without it)
        known = self.storages.get(key)
        if known is not None:
            if known.array.dtype != dtype or known.array.size != numel or known.location != location:
                _refuse(f"storage {key!r} is described twice in different ways")
            return known
        info = self.records.get(self.prefix + "data/" + key)
        if info is None:
            _refuse(f"storage {key!r} has no record data/{key} in the archive")
        if info.file_size != numel * dtype.itemsize:
            _refuse(f"storage {key!r} should hold {numel} {dtype.name} elements ({numel * dtype.itemsize} bytes) "
                    f"but its record has {info.file_size} bytes")
        self.allocated += info.file_size
        if self.allocated > self.file_size:
            _refuse("its storages add up to more bytes than the file holds (records overlap)")
        buffer = bytearray(info.file_size)
        with self.zip.open(info) as record:  # in pieces: ZipExtFile.readinto would read it whole, then copy
            filled = 0
            while filled < len(buffer):
                piece = record.read(min(_PIECE, len(buffer) - filled))
                if not piece:
                    _refuse(f"record data/{key} is truncated")
                buffer[filled:filled + len(piece)] = piece
                filled += len(piece)
            if record.read(1):
                _refuse(f"record data/{key} is longer than its size")
        array = numpy.frombuffer(buffer, dtype=dtype.newbyteorder(">") if self.big_endian else dtype)
        if self.big_endian:
            array = array.byteswap(inplace=True).view(dtype)
        if dtype.kind == "b" and buffer and max(buffer) > 1:
            _refuse(f"bool storage {key!r} holds bytes other than 0 and 1")
        storage = _Storage()
        storage.key, storage.array, storage.location = key, array, location
        self.storages[key] = storage
        return storage


# ----- records -> gradlib objects ---------------------------------------------------------------------------
def _children(obj):
    kind = type(obj)
    if kind in (list, tuple, set, frozenset):
        return list(obj)
    if kind in (dict, collections.OrderedDict, collections.Counter):
        found = [item for pair in obj.items() for item in pair]
        metadata = getattr(obj, "__dict__", {}).get("_metadata")
        if metadata is not None:
            found.append(metadata)
        return found
    return None


_LEAVES = (type(None), bool, int, float, complex, str, bytes, bytearray)


def _check_cuda(target):
    reason = unreachable_cuda_reason(target, cuda_device_count())
    if reason is not None:
        _refuse(reason)


def _contiguous_strides(size):
    strides = []
    step = 1
    for extent in reversed(size):
        strides.append(step)
        step *= extent
    return tuple(reversed(strides))


class _Converter:
    def __init__(self, place):
        self.place = place
        self.bases = {}

    def _put(self, storage):
        """The storage's array where ``place`` puts it (one transfer per storage), and that device."""
        host = storage.array
        raw = host.view(numpy.uint8)
        result = self.place(wrap(raw, CPU), storage.location)
        if result is None:
            result = storage.location
            if not _LOCATION.fullmatch(result):
                _refuse(f"storage {storage.key!r} was saved on device {_short(result)}, which gradlib does not "
                        "have; pass map_location (e.g. 'cpu')")
        if isinstance(result, _tensor.Tensor):
            if result.dtype is not dtypes.uint8 or tuple(result.shape) != raw.shape or not result.is_contiguous():
                raise RuntimeError(f"map_location returned a {result.dtype} tensor of shape {tuple(result.shape)}; "
                                   f"expected the storage it was given (uint8, ({raw.size},)), moved or not")
            return result._array.view(host.dtype), result._device
        target = make_device(result)
        if target.type == "cuda":
            _check_cuda(target)
            target = resolve(target)  # 'cuda' is the current GPU: tensors carry its index
        if target.type == "cpu":
            return host, CPU
        backend = backend_for(target)
        with backend.guard(target):
            return backend.asarray(host, host.dtype, target), target

    def base(self, storage):
        found = self.bases.get(storage.key)
        if found is None:
            found = self.bases[storage.key] = self._put(storage)
        return found

    def tensor(self, record):
        array, device = self.base(record.storage)
        backend = backend_for(device)
        numel = 1
        for extent in record.size:
            numel *= extent
        with backend.guard(device):
            if record.stride == _contiguous_strides(record.size):  # most tensors: a slice, reshaped
                view = array[record.offset:record.offset + numel].reshape(record.size)
            else:
                item = array.itemsize
                strides = tuple(step * item for step in record.stride)
                view = backend._as_strided(array[record.offset:], record.size, strides)
        tensor = wrap(view, device)
        if record.requires_grad:
            if not tensor.dtype.is_floating_point:
                _refuse(f"a {tensor.dtype.name} tensor requires grad (only floating point tensors can)")
            tensor.requires_grad_()
        return tensor

    def leaf(self, obj):
        kind = type(obj)
        if kind in _LEAVES:
            return obj
        if kind is _TensorRecord:
            return self.tensor(obj)
        if kind is _ParameterRecord:
            data = self.tensor(obj.tensor)
            if obj.requires_grad and not data.dtype.is_floating_point:
                _refuse(f"a {data.dtype.name} Parameter requires grad (only floating point tensors can)")
            return parameter.Parameter(data, obj.requires_grad)
        if kind is _Value:
            value = obj.value
            if type(value) is tuple and value[0] == "device":
                try:
                    return make_device(value[1], value[2]) if value[2] is not None else make_device(value[1])
                except (RuntimeError, ValueError, TypeError) as error:
                    _refuse(f"it holds torch.device{_short(value[1:])}, not a device ({error})")
            if isinstance(value, str):
                _refuse(f"the checkpoint holds the class torch.{value} itself, not a tensor")
            return value
        _refuse(f"the checkpoint holds a {kind.__name__}, which a tensor state dict does not")

    def rebuild(self, obj, done):
        kind = type(obj)
        if kind in (list, tuple, set, frozenset):
            return kind(done[id(item)] for item in obj) if kind is not list else [done[id(i)] for i in obj]
        out = kind()
        for key, value in obj.items():
            out[done[id(key)]] = done[id(value)]
        metadata = getattr(obj, "__dict__", {}).get("_metadata")
        if metadata is not None and kind is collections.OrderedDict:
            out._metadata = done[id(metadata)]
        return out

    def convert(self, root):
        """Records -> gradlib objects, iteratively (no recursion), refusing cycles and deep nesting."""
        done = {}
        visiting = set()
        alive = []  # originals stay alive so that their ids stay unique
        stack = [(root, 0, False)]
        while stack:
            obj, depth, expanded = stack.pop()
            key = id(obj)
            if key in done:
                continue
            children = _children(obj)
            if children is None:
                done[key] = self.leaf(obj)
                alive.append(obj)
                continue
            if expanded:
                visiting.discard(key)
                done[key] = self.rebuild(obj, done)
                continue
            if key in visiting:
                _refuse("its objects form a cycle, which a state dict never has")
            if depth >= MAX_DEPTH:
                _refuse(f"its objects are nested more than {MAX_DEPTH} deep")
            visiting.add(key)
            alive.append(obj)
            stack.append((obj, depth, True))
            for child in children:
                if id(child) in visiting:
                    _refuse("its objects form a cycle, which a state dict never has")
                if id(child) not in done:
                    stack.append((child, depth + 1, False))
        return done[id(root)]


def load(file, size, place, refuse=refuse_with_unpickling_error):
    """The object a ``torch.save`` archive holds, read from ``file`` (seekable, binary, at the archive's start;
    ``size`` bytes from there), each storage placed by ``place(storage, location)`` (``gradlib.load`` passes its
    ``map_location`` in this form: None for the saved location, a device, or the 1-D uint8 storage moved).
    Anything a tensor state dict does not need, or that does not add up, calls ``refuse(reason)``, which raises.
    """
    try:
        try:
            archive = _Archive(file, size)
            data = archive.pickle()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, OverflowError,
                NotImplementedError, RuntimeError, UnicodeDecodeError, KeyError, IndexError) as error:
            _refuse(f"it is not a readable zip archive ({type(error).__name__}: {_short(str(error))})")
        _scan(data)
        try:
            records = _Unpickler(data, archive).load()
        except _Refused:
            raise
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            _refuse(f"a storage record is unreadable ({type(error).__name__}: {_short(str(error))})")
        except Exception as error:  # a malformed pickle: wrong opcodes, wrong arguments to an admitted global
            _refuse(f"its pickle is malformed ({type(error).__name__}: {_short(str(error))})")
        return _Converter(place).convert(records)
    except _Refused as refusal:
        refuse(str(refusal))
        raise AssertionError("refuse() must raise") from refusal
