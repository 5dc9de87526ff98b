"""The file format of ``gradlib.jit.save``/``load``: a ``gradlib.save`` checkpoint of one dict,
``{"gradlib.jit": 1, "module": <the plain nn.Module>, "extra_files": {...}}`` (the module pickled, its tensors
stored as ``gradlib.save`` stores tensors), and the refusals of what ``load`` cannot read.

A TorchScript archive written by PyTorch (a zip holding ``constants.pkl`` and ``code/``) holds compiled TorchScript
that gradlib cannot run: ``read`` refuses it with RuntimeError saying so. Any other file that ``write`` did not make
(a ``torch.save`` checkpoint, ...) gets PyTorch's RuntimeError for a file without ``constants.pkl``.
"""
import os
import zipfile

from .. import serialization

__all__ = ["write", "read", "MARK"]

MARK = "gradlib.jit"
_VERSION = 1


def write(module, f, extra_files=None):
    """Store ``module`` (a plain ``nn.Module``) and ``extra_files`` in ``f`` (a path or writable binary file)."""
    extras = {str(name): value for name, value in (extra_files or {}).items()}
    serialization.save({MARK: _VERSION, "module": module, "extra_files": extras}, f)


def read(f, map_location=None, extra_files=None):
    """The module ``write`` stored in ``f``; fills ``extra_files`` (a dict of wanted names) from the archive.

    Raises ValueError for a path that does not exist or is a directory (PyTorch's messages), RuntimeError for a
    TorchScript archive written by PyTorch or any file ``write`` did not make.
    """
    name = f if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "<file>")
    if isinstance(f, (str, os.PathLike)):
        if not os.path.exists(f):
            raise ValueError(f"The provided filename {os.fspath(f)} does not exist")
        if os.path.isdir(f):
            raise ValueError(f"The provided filename {os.fspath(f)} is a directory")
    if _is_torchscript(f):
        raise RuntimeError(
            f"gradlib.jit.load: {name} is a TorchScript archive written by PyTorch; it holds compiled TorchScript "
            f"code, which gradlib cannot run. Save the model's weights with torch.save(model.state_dict(), path) in "
            f"PyTorch and load them into the Python model with model.load_state_dict(torch.load(path)).")
    try:
        payload = serialization.load(f, map_location=map_location, weights_only=False)
    except serialization.CheckpointError:
        payload = None
    if not isinstance(payload, dict) or payload.get(MARK) != _VERSION:
        raise RuntimeError("PytorchStreamReader failed locating file constants.pkl: file not found. This is an "
                           "internal miniz error. If you are seeing this error, there is a high likelihood that your "
                           "checkpoint file is corrupted. This can happen if the checkpoint was not saved properly, "
                           "was transferred incorrectly, or the file was modified after saving.")
    if extra_files is not None:
        stored = payload["extra_files"]
        for key in extra_files:
            value = stored.get(key, "")
            extra_files[key] = value.encode() if isinstance(value, str) else value
    return payload["module"]


def _is_torchscript(f):
    """True for a zip holding TorchScript's ``constants.pkl`` (the file object is rewound)."""
    if hasattr(f, "seek"):
        start = f.tell()
        try:
            return _zip_has_constants(f)
        finally:
            f.seek(start)
    return _zip_has_constants(f)


def _zip_has_constants(f):
    if not zipfile.is_zipfile(f):
        return False
    if hasattr(f, "seek"):
        f.seek(0)
    with zipfile.ZipFile(f) as archive:
        return any(entry.endswith("/constants.pkl") or entry == "constants.pkl" for entry in archive.namelist())
