"""Crafting ``torch.save``-style archives without PyTorch, for the loader's tests.

``archive(obj, storages)`` pickles ``obj`` as ``torch.save`` does (protocol 2, storages as persistent ids) with a
fake ``torch`` module in ``sys.modules`` for the duration of the pickling only, then zips it with ``storages``
(key -> bytes) and the usual small records. ``Tensor``/``Parameter`` describe what to pickle.
"""
import collections
import contextlib
import io
import pickle
import sys
import types
import zipfile


class Storage:
    def __init__(self, key, kind="FloatStorage", numel=None, location="cpu", itemsize=4, data=b""):
        self.key, self.kind, self.location = key, kind, location
        self.numel = len(data) // itemsize if numel is None else numel


class Tensor:
    """Pickles as ``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, meta])``;
    ``state`` adds a BUILD opcode; ``args`` replaces the arguments entirely."""

    def __init__(self, storage, offset, size, stride, requires_grad=False, hooks=None, metadata=None, state=None,
                 args=None):
        self.args = args if args is not None else (
            storage, offset, tuple(size), tuple(stride), requires_grad,
            collections.OrderedDict() if hooks is None else hooks) + (() if metadata is None else (metadata,))
        self.state = state

    def __reduce__(self):
        rebuild = sys.modules["torch._utils"]._rebuild_tensor_v2
        return (rebuild, self.args) if self.state is None else (rebuild, self.args, self.state)


class Parameter:
    def __init__(self, tensor, requires_grad=True, state=None):
        self.tensor, self.requires_grad, self.state = tensor, requires_grad, state

    def __reduce__(self):
        utils = sys.modules["torch._utils"]
        if self.state is not None:
            return utils._rebuild_parameter_with_state, (self.tensor, self.requires_grad, collections.OrderedDict(),
                                                          self.state)
        return utils._rebuild_parameter, (self.tensor, self.requires_grad, collections.OrderedDict())


class Global:
    """Pickles as the global ``module.name`` called with ``args``."""

    def __init__(self, module, name, *args):
        self.module, self.name, self.args = module, name, args

    def __reduce__(self):
        return _fake(self.module, self.name), self.args


def _fake(module, name):
    found = sys.modules.get(module)
    if found is None or not hasattr(found, name):
        found = sys.modules.setdefault(module, types.ModuleType(module))

        def function(*args):
            raise AssertionError("only pickled, never called")
        function.__module__, function.__name__, function.__qualname__ = module, name, name
        setattr(found, name, function)
    return getattr(found, name)


_MODULES = ("torch", "torch._utils", "torch._tensor", "torch.nn", "torch.nn.parameter")


@contextlib.contextmanager
def _fake_torch():
    saved = {name: sys.modules.get(name) for name in _MODULES}
    for name in _MODULES:
        sys.modules[name] = types.ModuleType(name)
    try:
        for name in ("_rebuild_tensor_v2", "_rebuild_parameter", "_rebuild_parameter_with_state"):
            _fake("torch._utils", name)
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", _fake("torch", obj.kind), obj.key, obj.location, obj.numel)
        return None


def dumps(obj, protocol=2):
    """``obj`` pickled as torch.save pickles (protocol 2 unless ``torch.save(pickle_protocol=)`` says)."""
    with _fake_torch():
        stream = io.BytesIO()
        _Pickler(stream, protocol=protocol).dump(obj)
        return stream.getvalue()


def archive(obj=None, storages=None, pickled=None, records=None, name="archive",
            compression=zipfile.ZIP_STORED, protocol=2):
    """The bytes of a torch.save zip archive holding ``obj`` (or the raw pickle ``pickled``) and ``storages``;
    ``records`` adds or replaces records (None removes one)."""
    files = {"data.pkl": dumps(obj, protocol) if pickled is None else pickled, "byteorder": b"little",
             "version": b"3\n"}
    for key, data in (storages or {}).items():
        files["data/" + key] = data
    files.update(records or {})
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression) as z:
        for path, data in files.items():
            if data is not None:
                z.writestr(f"{name}/{path}", data)
    return stream.getvalue()
