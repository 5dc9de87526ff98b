"""The safetensors format, with the API of ``safetensors.torch``: ``save_file``, ``load_file``, ``save``, ``load``,
``save_model``, ``load_model``.

Weights move between gradlib, PyTorch, JAX and the Hugging Face ecosystem in this format: a JSON header (names,
dtypes, shapes, byte ranges) and raw little-endian bytes, nothing that runs code. The work is done by the
``safetensors`` package's NumPy API (``pip install 'gradlib[safetensors]'``); CPU tensors are written from their
memory and loaded without a second copy, CUDA tensors go through the host.

As ``safetensors.torch``: tensors must be contiguous, and tensors that share memory are refused by ``save_file``
(``save_model`` keeps one name per shared storage and records the others in the metadata). bfloat16 tensors
(``BF16``, with the ``bfloat16`` extra) are written by the package and read here from their byte ranges (its
NumPy API has no bfloat16). gradlib has no complex or unsigned dtypes above uint8: files holding them are
refused with a TypeError naming them.

>>> import gradlib, os, tempfile
>>> from gradlib.utils.safetensors import load_file, save_file
>>> path = os.path.join(tempfile.mkdtemp(), "model.safetensors")
>>> save_file({"weight": gradlib.tensor([[1., 2.]]), "step": gradlib.tensor(3)}, path)
>>> load_file(path)
{'step': tensor(3), 'weight': tensor([[1., 2.]])}
"""
import json

from .. import _tensor, dtypes
from ..backends import backend_for
from ..device import CPU
from ..device import device as make_device, resolve

__all__ = ["save", "save_file", "load", "load_file", "save_model", "load_model"]

_HINT = "gradlib.utils.safetensors needs the safetensors package: pip install 'gradlib[safetensors]'"


def _api():
    try:
        import safetensors.numpy as api
    except ImportError as error:
        raise ImportError(_HINT) from error
    return api


# ----- saving -------------------------------------------------------------------------------------------------
def _extent(tensor):
    """(device, first byte, one past the last byte) of the memory ``tensor`` spans; None when empty."""
    array = tensor._array
    if array.size == 0:
        return None
    start = backend_for(tensor._device)._address(array)
    low = high = 0
    for size, stride in zip(array.shape, array.strides):
        reach = (size - 1) * stride
        low, high = (low + reach, high) if reach < 0 else (low, high + reach)
    return str(tensor._device), start + low, start + high + array.itemsize


def _shared_groups(tensors):
    """The names whose memory overlaps, in groups: ``safetensors.torch``'s ``_find_shared_tensors``."""
    areas = sorted((extent, name) for name, extent in ((n, _extent(t)) for n, t in tensors.items())
                   if extent is not None)
    groups = []
    last_device, last_stop = None, None
    for (device, start, stop), name in areas:
        if groups and device == last_device and start < last_stop:
            groups[-1][0].add(name)
            groups[-1][1] = max(groups[-1][1], stop)
        else:
            groups.append([{name}, stop, start])
        last_device, last_stop = device, groups[-1][1]
    return groups


def _check(tensors):
    if not isinstance(tensors, dict):
        raise ValueError(f"Expected a dict of [str, gradlib.Tensor] but received {type(tensors)}")
    for key, value in tensors.items():
        if not isinstance(value, _tensor.Tensor):
            raise ValueError(f"Key `{key}` is invalid, expected gradlib.Tensor but received {type(value)}")
    failing = [names for names, _, _ in _shared_groups(tensors) if len(names) > 1]
    if failing:
        indent = "\n            "  # safetensors.torch's message, to the space
        raise RuntimeError(
            indent + "Some tensors share memory, this will lead to duplicate memory on disk and potential differences "
            f"when loading them again: {failing}." + indent + "A potential way to correctly save your model is to "
            "use `save_model`." + indent + "More information at "
            "https://huggingface.co/docs/safetensors/torch_shared_tensors" + indent)
    for key, value in tensors.items():
        if not value._array.flags.c_contiguous:
            raise ValueError(
                f"You are trying to save a non contiguous tensor: `{key}` which is not allowed. It either means you"
                " are trying to save tensors which are reference of each other in which case it's recommended to save"
                " only the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to"
                " pack it before saving.")


def _host_arrays(tensors):
    """NumPy arrays of the tensors: CPU memory as is (no copy), CUDA tensors copied to the host."""
    _check(tensors)
    return {key: value._array if value._device is CPU else value._device._backend.to_numpy(value._array)
            for key, value in tensors.items()}


def save(tensors, metadata=None):
    """The bytes of a safetensors file holding ``tensors`` (a dict of names to contiguous tensors)."""
    return _api().save(_host_arrays(tensors), metadata=metadata)


def save_file(tensors, filename, metadata=None):
    """Write ``tensors`` (a dict of names to contiguous tensors) to ``filename`` in the safetensors format;
    ``metadata`` is an optional dict of strings stored in the header."""
    _api().save_file(_host_arrays(tensors), filename, metadata=metadata)


# ----- loading ------------------------------------------------------------------------------------------------
def _target(device):
    if isinstance(device, int) and not isinstance(device, bool):
        return make_device("cuda", device)
    return resolve(device)  # 'cuda' is the current GPU: tensors carry its index


def _to_tensor(name, array, device):
    try:
        dtypes.from_np(array.dtype)
    except TypeError:
        raise TypeError(f"tensor {name!r} is {array.dtype}, which gradlib has no dtype for") from None
    if not array.flags.writeable:
        array = array.copy()
    if device is CPU or device.type == "cpu":
        return _tensor.wrap(array, CPU)
    backend = backend_for(device)
    return _tensor.wrap(backend.asarray(array, array.dtype, device), device)


_UNSUPPORTED = {"C64": "complex64", "U16": "uint16", "U32": "uint32", "U64": "uint64"}


def _refuse_kernel(name, code):
    raise TypeError(f"tensor {name!r} is {_UNSUPPORTED.get(code, code)}, which gradlib has no dtype for; convert "
                    "it where it was saved (e.g. .float() in PyTorch)")


def load_file(filename, device="cpu"):
    """The dict of tensors in the safetensors file ``filename``, on ``device`` ('cpu', 'cuda:1', or a CUDA index).

    Refuses (TypeError) dtypes gradlib does not have, naming the tensor, before reading any data."""
    _api()
    from safetensors import safe_open
    target = _target(device)
    with safe_open(filename, framework="np") as stream:
        names = list(stream.keys())
        brain = []
        for name in names:
            code = stream.get_slice(name).get_dtype()
            if code in _UNSUPPORTED:
                _refuse_kernel(name, code)
            if code == "BF16":
                brain.append(name)
        loaded = {name: stream.get_tensor(name) for name in names if name not in brain}
    if brain:
        with open(filename, "rb") as file:
            loaded.update(_bfloat16_arrays(file.read(), brain))
    return {name: _to_tensor(name, loaded[name], target) for name in names}


def _bfloat16_arrays(data, names):
    """The BF16 tensors ``names`` of the safetensors bytes ``data``, as bfloat16 arrays (the package's NumPy API
    has none): the header's shape and byte range of each, after the 8-byte header length and the header."""
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    xp = backend_for(CPU).xp
    arrays = {}
    for name in names:
        entry = header[name]
        start, stop = entry["data_offsets"]
        raw = data[8 + length + start:8 + length + stop]
        arrays[name] = xp.frombuffer(raw, dtype=dtypes.bfloat16.np).reshape(entry["shape"]).copy()
    return arrays


def load(data):
    """The dict of tensors (on the CPU) in ``data``, the bytes of a safetensors file."""
    api = _api()
    length = int.from_bytes(data[:8], "little")
    try:
        header = json.loads(data[8:8 + length])
    except ValueError:
        header = {}
    brain = [name for name, entry in header.items() if isinstance(entry, dict) and entry.get("dtype") == "BF16"]
    if brain:  # the package's NumPy API has no bfloat16: those read here, the rest through a copy without them
        arrays = _bfloat16_arrays(data, brain)
        names = sorted(name for name in header if name != "__metadata__")
        for name in names:
            if name not in arrays:
                arrays[name] = _one_array(api, data, header, length, name)
        return {name: _to_tensor(name, arrays[name], CPU) for name in names}
    try:
        arrays = api.load(data)
    except (KeyError, TypeError) as error:
        code = str(error.args[0]) if error.args else "?"
        raise TypeError(f"the safetensors data holds a dtype gradlib has no dtype for ({code})") from None
    return {name: _to_tensor(name, array, CPU) for name, array in arrays.items()}


def _one_array(api, data, header, length, name):
    """Tensor ``name`` of the safetensors bytes ``data``, through the package (a file of that entry alone)."""
    entry = dict(header[name])
    start, stop = entry["data_offsets"]
    if entry["dtype"] in _UNSUPPORTED:
        _refuse_kernel(name, entry["dtype"])
    entry["data_offsets"] = [0, stop - start]
    text = json.dumps({name: entry}).encode()
    single = len(text).to_bytes(8, "little") + text + data[8 + length + start:8 + length + stop]
    return api.load(single)[name]


# ----- models with shared weights -------------------------------------------------------------------------------
def _remove_duplicate_names(state_dict, preferred_names=()):
    """For each group of names sharing memory, the one name kept (covering the whole group, preferred names
    first) and those dropped: ``safetensors.torch._remove_duplicate_names``."""
    removed = {}
    for names, stop, start in _shared_groups(state_dict):
        if len(names) < 2:
            continue
        complete = [name for name in names if _extent(state_dict[name])[1:] == (start, stop)
                    and state_dict[name]._array.flags.c_contiguous]
        if not complete:
            raise RuntimeError(
                "Error while trying to find names to remove to save state dict, but found no suitable name to keep"
                f" for saving amongst: {names}. None is covering the entire storage.Refusing to save/load the model"
                " since you could be storing much more memory than needed. Please refer to"
                " https://huggingface.co/docs/safetensors/torch_shared_tensors for more information. Or open an"
                " issue.")
        preferred = sorted(set(complete) & set(preferred_names)) or sorted(complete)
        keep = preferred[0]
        removed[keep] = sorted(name for name in names if name != keep)
    return removed


def save_model(model, filename, metadata=None, force_contiguous=True):
    """Save ``model.state_dict()``, keeping one name per group of shared tensors (tied weights): the others are
    written to the metadata, and ``load_model`` ties them again by loading into the model."""
    state_dict = model.state_dict()
    metadata = {} if metadata is None else dict(metadata)
    for kept, dropped in _remove_duplicate_names(state_dict).items():
        for name in dropped:
            metadata.setdefault(name, kept)
            del state_dict[name]
    if force_contiguous:
        state_dict = {key: value.contiguous() for key, value in state_dict.items()}
    try:
        save_file(state_dict, filename, metadata=metadata or None)
    except ValueError as error:
        raise ValueError(str(error) + " Or use save_model(..., force_contiguous=True), read the docs for potential "
                                      "caveats.") from None


def load_model(model, filename, strict=True, device="cpu"):
    """Load a file written by ``save_model`` (or ``save_file``) into ``model``; returns (missing, unexpected)
    names, as ``safetensors.torch.load_model``."""
    state_dict = load_file(filename, device=device)
    model_state_dict = model.state_dict()
    to_removes = _remove_duplicate_names(model_state_dict, preferred_names=state_dict.keys())
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    missing = set(missing)
    unexpected = list(unexpected)
    for group in to_removes.values():
        for name in group:
            if name not in missing:
                unexpected.append(name)
            else:
                missing.remove(name)
    if strict and (missing or unexpected):
        missing_keys = ", ".join([f'"{k}"' for k in sorted(missing)])
        unexpected_keys = ", ".join([f'"{k}"' for k in sorted(unexpected)])
        error = f"Error(s) in loading state_dict for {model.__class__.__name__}:"
        if missing:
            error += f"\n    Missing key(s) in state_dict: {missing_keys}"
        if unexpected:
            error += f"\n    Unexpected key(s) in state_dict: {unexpected_keys}"
        raise RuntimeError(error)
    return missing, unexpected
