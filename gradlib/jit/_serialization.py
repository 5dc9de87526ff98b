"""``torch.jit.load``: read back what ``gradlib.jit.save`` wrote, as a ``RecursiveScriptModule``."""
import warnings

from . import _archive, _script

__all__ = ["load"]


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """``torch.jit.load(f, map_location=None)``: the module ``gradlib.jit.save`` (or ``m.save``) stored in ``f``
    (a path or a readable binary file), as a ``RecursiveScriptModule`` with the saved parameters, buffers,
    attributes and training flags. ``map_location`` moves its tensors as ``gradlib.load``'s does (a device, its
    name, a dict or a callable). ``_extra_files`` (a dict of names) is filled with the stored bytes. Emits
    PyTorch's DeprecationWarning.

    Raises ValueError for a path that does not exist or is a directory (PyTorch's messages); RuntimeError for a
    TorchScript archive written by PyTorch (gradlib cannot run TorchScript code) and for a file that is not a
    ``jit.save`` archive; RuntimeError as ``gradlib.load`` for a CUDA location without CUDA.

    >>> import gradlib, io
    >>> buffer = io.BytesIO()
    >>> gradlib.jit.script(gradlib.nn.Linear(2, 1)).eval().save(buffer)
    >>> _ = buffer.seek(0)
    >>> gradlib.jit.load(buffer, map_location="cpu").training
    False
    """
    warnings.warn("`torch.jit.load` is deprecated. Please switch to `torch.export`.", DeprecationWarning,
                  stacklevel=2)
    return _script.from_module(_archive.read(f, map_location, _extra_files))
