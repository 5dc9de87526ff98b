"""``torch.jit.script`` on gradlib: scripted modules and functions that run their Python code eagerly.

gradlib has no TorchScript compiler. ``script(module)`` returns a ``RecursiveScriptModule``, PyTorch's type, built
as PyTorch builds it: a new module object for the module and for each submodule (recursively), sharing the
original's parameters and buffers (the same tensors), with copies of its other attributes and its training flag.
Calling it runs the original class's Python ``forward`` (and its other methods) with ``self`` the scripted
module, so ``self.fc`` is the scripted child. It prints as PyTorch's (``RecursiveScriptModule(original_name=Net
...)``), has the same ``state_dict`` keys, ``parameters``, ``train``/``eval`` (independent of the original's
flags, as in PyTorch) and ``save``.

Differences from PyTorch, by design: any Python ``forward`` is accepted (TorchScript refuses much of Python:
``*args``, NumPy, arbitrary objects), nothing is compiled or faster, and methods are looked up on the original
class when called. ``.code`` is the Python source that runs (not TorchScript text); ``.graph`` and
``.inlined_graph`` raise RuntimeError (gradlib has no TorchScript IR, and prints none).

>>> import gradlib
>>> net = gradlib.nn.Sequential(gradlib.nn.Linear(2, 1))
>>> scripted = gradlib.jit.script(net)
>>> scripted
RecursiveScriptModule(
  original_name=Sequential
  (0): RecursiveScriptModule(original_name=Linear)
)
>>> scripted[0].weight is net[0].weight, isinstance(scripted, gradlib.jit.ScriptModule)
(True, True)
"""
import functools
import inspect
import textwrap
import warnings

from .. import nn
from . import _archive

__all__ = ["ScriptModule", "RecursiveScriptModule", "ScriptFunction", "script", "script_method", "freeze", "save",
           "to_module", "from_module", "convert", "run_forward", "class_attribute"]

# the attributes of an nn.Module that are its machinery rather than its user-set values
_TABLES = ("_parameters", "_buffers", "_modules")
_OWN = ("_original_class", "original_name", "_frozen")


class ScriptModule(nn.Module):
    """``torch.jit.ScriptModule``: the base class of scripted and traced modules (an ``nn.Module``).

    Subclassing it directly, with ``@torch.jit.script_method`` on ``forward`` (TorchScript's older API), gives
    an ordinary module whose methods run in Python.

    >>> import gradlib
    >>> class Double(gradlib.jit.ScriptModule):
    ...     @gradlib.jit.script_method
    ...     def forward(self, x):
    ...         return 2 * x
    >>> Double()(gradlib.ones(2))
    tensor([2., 2.])
    """

    def save(self, f, _extra_files=None):
        """``m.save(f)``: ``gradlib.jit.save(m, f)`` (see there)."""
        _archive.write(to_module(self), f, _extra_files)

    @property
    def code(self):
        """The Python source of ``forward`` that runs when the module is called (gradlib compiles no
        TorchScript, so this is not PyTorch's TorchScript text)."""
        return _source(getattr(type(self), "forward"))

    @property
    def graph(self):
        """Refused with RuntimeError: gradlib has no TorchScript graph (it runs the Python ``forward``)."""
        raise RuntimeError(_no_graph(type(self).__name__, "graph"))

    @property
    def inlined_graph(self):
        """Refused with RuntimeError, as ``graph``."""
        raise RuntimeError(_no_graph(type(self).__name__, "inlined_graph"))


def _no_graph(owner, name):
    return (f"gradlib.jit: {owner}.{name} is not available: gradlib does not compile TorchScript, it runs the "
            f"module's Python forward eagerly, so there is no TorchScript graph to show (see the README's 'Running "
            f"PyTorch programs')")


def _source(function):
    function = inspect.unwrap(function)
    try:
        return textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError) as error:
        raise RuntimeError(f"gradlib.jit: the Python source of {getattr(function, '__qualname__', function)} is "
                           f"not available ({error})") from None


def run_forward(module, *args, **kwargs):
    """The ``forward`` of a scripted or traced module: the original class's, with ``self`` the module."""
    forward = module.__dict__.get("_original_class", nn.Module).forward
    return forward(module, *args, **kwargs)


def class_attribute(module, name):
    """``module.name`` for a name the module's tables and dict lack: the original class's attribute (a method,
    property or static method bound to the scripted module, as if it were an instance of that class)."""
    original = module.__dict__.get("_original_class")
    if original is None or name.startswith("__"):
        raise AttributeError(f"'{type(module).__name__}' object has no attribute '{name}'")
    try:
        value = inspect.getattr_static(original, name)
    except AttributeError:
        raise AttributeError(f"'{type(module).__name__}' object has no attribute '{name}'") from None
    if hasattr(value, "__get__"):
        return value.__get__(module, type(module))
    return value


class RecursiveScriptModule(ScriptModule):
    """``torch.jit.RecursiveScriptModule``: what ``script`` (and ``load``) return for a module (see this
    module's docstring). ``original_name`` is the scripted class's name."""

    forward = run_forward

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return class_attribute(self, name)

    @property
    def code(self):
        return _source(self._original_class.forward)

    # PyTorch's RecursiveScriptModule forwards these to the scripted class's methods, which containers have
    def __len__(self):
        return self._magic("__len__")()

    def __iter__(self):
        return self._magic("__iter__")()

    def __getitem__(self, index):
        return self._magic("__getitem__")(index)

    def __contains__(self, key):
        return self._magic("__contains__")(key)

    def _magic(self, name):
        method = getattr(self._original_class, name, None)
        if method is None:
            raise NotImplementedError(f"Module '{self.original_name}' has no method '{name}'")
        return functools.partial(method, self)

    def extra_repr(self):
        return f"original_name={self.original_name}"

    def __repr__(self):
        if self.__dict__.get("_frozen"):
            return f"{type(self).__name__}({self.extra_repr()})"  # PyTorch's freezing inlines the submodules
        return super().__repr__()

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(dir(self._original_class)))


def _copy_module(module, cls, convert_child):
    """A new ``cls`` instance with ``module``'s state: its tables (children converted by ``convert_child``),
    hooks and plain attributes copied shallowly (tensors shared)."""
    result = cls.__new__(cls)
    nn.Module.__init__(result)
    for name, value in module.__dict__.items():
        if name in _TABLES:
            continue
        if isinstance(value, (dict, set)):
            value = type(value)(value)
        object.__setattr__(result, name, value)
    object.__setattr__(result, "_parameters", type(module._parameters)(module._parameters))
    object.__setattr__(result, "_buffers", type(module._buffers)(module._buffers))
    children = type(module._modules)((name, None if child is None else convert_child(child))
                                     for name, child in module._modules.items())
    object.__setattr__(result, "_modules", children)
    return result


def convert(module, cls, child_cls):
    """``module`` as a ``cls`` instance (its children as ``child_cls``) running the original class's code."""
    original = module.__dict__.get("_original_class", type(module))
    result = _copy_module(module, cls, lambda child: convert(child, child_cls, child_cls))
    object.__setattr__(result, "_original_class", original)
    object.__setattr__(result, "original_name", original.__name__)
    return result


def _script_module(module):
    return convert(module, RecursiveScriptModule, RecursiveScriptModule)


def to_module(script_module):
    """The plain ``nn.Module`` (an instance of the original class) with ``script_module``'s state, children
    converted back too: what ``gradlib.jit.save`` stores."""
    original = script_module.__dict__.get("_original_class")
    if original is None:
        return script_module
    result = _copy_module(script_module, original, to_module)
    for name in _OWN:
        result.__dict__.pop(name, None)
    return result


def from_module(module):
    """``script(module)`` without PyTorch's DeprecationWarning (for ``gradlib.jit.load``)."""
    return _script_module(module)


def save(m, f, _extra_files=None):
    """``torch.jit.save(m, f)``: write the scripted or traced module ``m`` to ``f`` (a path or a writable binary
    file) as gradlib's archive, which ``gradlib.jit.load`` reads back as a ``RecursiveScriptModule`` with the
    same parameters, buffers, attributes and training flags. Emits PyTorch's DeprecationWarning.

    The archive is a ``gradlib.save`` checkpoint of the module as a Python object (pickled, as
    ``torch.save(model)``): loading it needs the module's class importable, as ``torch.load`` of a whole model
    does, and it is not a TorchScript archive (PyTorch cannot read it, nor gradlib PyTorch's). ``_extra_files``
    (name -> str or bytes) are stored with it.

    Raises TypeError for anything but a scripted or traced module.

    >>> import gradlib, io
    >>> buffer = io.BytesIO()
    >>> gradlib.jit.save(gradlib.jit.script(gradlib.nn.Linear(2, 1)), buffer)
    >>> _ = buffer.seek(0)
    >>> gradlib.jit.load(buffer)
    RecursiveScriptModule(original_name=Linear)
    """
    _deprecated("save", "`torch.export`")
    if not isinstance(m, ScriptModule):
        raise TypeError(f"gradlib.jit.save expects a module made by torch.jit.script or torch.jit.trace, got "
                        f"{type(m).__name__} (save an nn.Module with torch.save)")
    m.save(f, _extra_files)


class ScriptFunction:
    """``torch.jit.ScriptFunction``: a scripted (or traced) function; calling it calls the Python function.
    ``name`` is the function's name, ``code`` its Python source; ``graph`` raises RuntimeError."""

    def __init__(self, function):
        self._function = function
        functools.update_wrapper(self, function)
        self.name = function.__name__

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    @property
    def code(self):
        return _source(self._function)

    @property
    def graph(self):
        raise RuntimeError(_no_graph(self.name, "graph"))

    def __repr__(self):
        return f"<gradlib.jit.ScriptFunction object at {id(self):#x}>"


def _deprecated(name, replacement="`torch.compile` or `torch.export`"):
    warnings.warn(f"`torch.jit.{name}` is deprecated. Please switch to {replacement}.", DeprecationWarning,
                  stacklevel=3)


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """``torch.jit.script(obj)``: for an ``nn.Module``, a ``RecursiveScriptModule`` sharing its parameters and
    buffers; for a function, a ``ScriptFunction``; for an already scripted module or function, itself. Emits
    PyTorch's DeprecationWarning. Nothing is compiled: the Python code runs when called (this module's
    docstring says what differs from TorchScript).

    Raises RuntimeError for a built-in class (``int``), TypeError for a value that is not a module, function or
    class (PyTorch's ``"<class 'int'> is a built-in class"`` for ``3``).

    >>> import gradlib
    >>> @gradlib.jit.script
    ... def scale(x):
    ...     return 3 * x
    >>> type(scale).__name__, scale(gradlib.ones(1))
    ('ScriptFunction', tensor([3.]))
    """
    _deprecated("script")
    if isinstance(obj, (ScriptModule, ScriptFunction)):
        return obj
    if isinstance(obj, nn.Module):
        return _script_module(obj)
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            raise RuntimeError("TorchScript classes must be new-style classes. Please inherit from 'object'.")
        return obj  # a TorchScript class: a Python class, used as one
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        return ScriptFunction(obj)
    if callable(obj) and not isinstance(obj, type):
        return ScriptFunction(obj)
    raise TypeError(f"{type(obj)} is a built-in class" if type(obj).__module__ == "builtins"
                    else f"torch.jit.script cannot script a {type(obj).__name__} object")


def script_method(fn):
    """``torch.jit.script_method``: marks a method of a ``ScriptModule`` subclass for TorchScript; in gradlib the
    method itself (it runs in Python).

    >>> import gradlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gradlib.jit.script_method(len)([1])
    1
    """
    _deprecated("script_method")
    return fn


def freeze(mod, preserved_attrs=None, optimize_numerics=True):
    """``torch.jit.freeze(m)``: a scripted module in eval mode whose parameters, buffers and submodules become
    constants, as PyTorch's freezing inlines them: a new ``RecursiveScriptModule`` that holds detached copies of
    the tensors as plain attributes, so ``parameters()`` and ``state_dict()`` are empty, as in PyTorch, and that
    computes what ``m`` computes. Its submodules are frozen the same way and, as in PyTorch, not printed (unlike
    PyTorch's, they are still reachable: ``frozen.fc``, ``modules()``, which the Python ``forward`` needs). Names
    in ``preserved_attrs`` stay parameters/buffers. Nothing is folded or fused.

    Raises RuntimeError, with PyTorch's messages, for a module that is not scripted or traced, or not in eval
    mode.

    >>> import gradlib
    >>> frozen = gradlib.jit.freeze(gradlib.jit.script(gradlib.nn.Linear(2, 1)).eval())
    >>> frozen, list(frozen.parameters()), frozen.weight.requires_grad
    (RecursiveScriptModule(original_name=Linear), [], False)
    """
    warnings.warn("`torch.jit.freeze` is deprecated. Please use `torch.compile` instead.", DeprecationWarning,
                  stacklevel=2)
    if not isinstance(mod, ScriptModule):
        raise RuntimeError("Freezing expects a ScriptModule as input. Please use torch.jit.script or "
                           "torch.jit.trace to script your 'nn.Module'.")
    if mod.training:
        raise RuntimeError("Freezing is currently only implemented for modules in eval mode. Please call .eval() "
                           "on your module before freezing.")
    return _frozen(mod, set(preserved_attrs or ()))


def _frozen(module, preserved):
    result = _copy_module(module, RecursiveScriptModule, lambda child: _frozen(child, preserved))
    object.__setattr__(result, "_original_class", module.__dict__.get("_original_class", type(module)))
    object.__setattr__(result, "original_name", result._original_class.__name__)
    object.__setattr__(result, "_frozen", True)
    for table in ("_parameters", "_buffers"):
        entries = result.__dict__[table]
        for name in [name for name in entries if name not in preserved]:
            value = entries.pop(name)
            result._non_persistent.discard(name)
            object.__setattr__(result, name, None if value is None else value.detach().clone())
    return result
