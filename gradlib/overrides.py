"""``torch.overrides``: the ``__torch_function__`` protocol's public API (PyTorch's names and behaviour).

A class with a ``__torch_function__`` classmethod, a Tensor subclass, or a ``TorchFunctionMode`` takes over the
public calls it takes part in (the rules: ``gradlib/_torch_function.py``). Covered: the functions of ``gradlib``,
``gradlib.nn.functional``, ``gradlib.linalg`` and ``gradlib.special``, Tensor methods, Python's operators,
indexing and Tensor properties. Not covered: ``__torch_dispatch__`` (the layer below autograd) and
``enable_reentrant_dispatch``.

>>> import gradlib
>>> from gradlib.overrides import TorchFunctionMode, resolve_name
>>> class Seen(TorchFunctionMode):
...     def __torch_function__(self, func, types, args=(), kwargs=None):
...         print(resolve_name(func))
...         return func(*args, **(kwargs or {}))
>>> with Seen():
...     y = gradlib.ones(2) * 3
gradlib.ones
gradlib.Tensor.mul
"""
import contextlib
import functools
import sys

from . import _tensor, _torch_function

__all__ = ["get_default_nowrap_functions", "get_ignored_functions", "get_overridable_functions", "get_testing_overrides", "handle_torch_function",
           "has_torch_function", "has_torch_function_unary", "has_torch_function_variadic", "is_tensor_like",
           "is_tensor_method_or_property", "resolve_name", "wrap_torch_function", "TorchFunctionMode",
           "BaseTorchFunctionMode"]


def _live_anywhere(values):
    state = _torch_function.state
    if state.all_disabled:
        return False
    if state.modes:
        return True
    return not state.subclass_disabled and bool(_torch_function.overloaded_args(tuple(values)))


def has_torch_function(relevant_args):
    """True when a call with ``relevant_args`` (an iterable) would be dispatched: one of them overrides
    ``__torch_function__`` (a plain Tensor does not) or a mode is active (``torch.overrides.has_torch_function``).

    >>> import gradlib
    >>> from gradlib.overrides import has_torch_function
    >>> class Obj:
    ...     @classmethod
    ...     def __torch_function__(cls, func, types, args=(), kwargs=None):
    ...         return 0
    >>> has_torch_function((gradlib.ones(1),)), has_torch_function((gradlib.ones(1), Obj()))
    (False, True)
    """
    return _live_anywhere(relevant_args)


def has_torch_function_unary(arg):
    """``has_torch_function((arg,))``."""
    return _live_anywhere((arg,))


def has_torch_function_variadic(*args):
    """``has_torch_function(args)``."""
    return _live_anywhere(args)


def handle_torch_function(public_api, relevant_args, *args, **kwargs):
    """Dispatch a call of ``public_api(*args, **kwargs)`` to the active mode and to the overrides among
    ``relevant_args``, as PyTorch's Python-level functions do; TypeError ("no implementation found for ...") when
    every one returns NotImplemented (``torch.overrides.handle_torch_function``).

    >>> import gradlib
    >>> from gradlib.overrides import handle_torch_function, has_torch_function_unary
    >>> def double(x):
    ...     if has_torch_function_unary(x):
    ...         return handle_torch_function(double, (x,), x)
    ...     return x * 2
    >>> class Obj:
    ...     @classmethod
    ...     def __torch_function__(cls, func, types, args=(), kwargs=None):
    ...         return f"{func.__name__} of {types[0].__name__}"
    >>> double(Obj())
    'double of Obj'
    """
    state = _torch_function.state
    overloaded = [] if state.subclass_disabled or state.all_disabled else \
        _torch_function.overloaded_args(tuple(relevant_args), with_tensor=True)
    return _torch_function.handle(public_api, overloaded, args, kwargs, native=False)


def is_tensor_like(inp):
    """True for a Tensor and for any object whose type has ``__torch_function__`` (``torch.overrides``).

    >>> import gradlib
    >>> gradlib.overrides.is_tensor_like(gradlib.ones(1)), gradlib.overrides.is_tensor_like([1.])
    (True, False)
    """
    return type(inp) is _tensor.Tensor or hasattr(inp, "__torch_function__")


def is_tensor_method_or_property(func):
    """True for a Tensor method or a property getter (``gradlib.Tensor.add``, ``gradlib.Tensor.shape.__get__``),
    which overrides receive with the tensor first (``torch.overrides.is_tensor_method_or_property``).

    >>> import gradlib
    >>> from gradlib.overrides import is_tensor_method_or_property
    >>> is_tensor_method_or_property(gradlib.Tensor.add), is_tensor_method_or_property(gradlib.add)
    (True, False)
    """
    if getattr(func, "__name__", None) == "__get__":
        return True
    name = _torch_function.qualified_name(func)
    return name.startswith("gradlib.Tensor.")


def resolve_name(f):
    """The public name of an overridable function (``'gradlib.mean'``, ``'gradlib.Tensor.add'``,
    ``'gradlib.Tensor.shape.__get__'``), None for anything else (``torch.overrides.resolve_name``; PyTorch's
    names start with ``torch.``).

    >>> import gradlib
    >>> gradlib.overrides.resolve_name(gradlib.nn.functional.relu)
    'gradlib.nn.functional.relu'
    """
    return _torch_function._names().get(f)


def get_overridable_functions():
    """{namespace: [functions]} of everything that dispatches: ``gradlib``, ``gradlib.nn.functional``,
    ``gradlib.linalg``, ``gradlib.special`` and ``gradlib.Tensor`` (methods and property getters)."""
    table = {}
    for function, name in _torch_function._names().items():
        owner, _, _ = name.rpartition(".")
        if owner.endswith(".__get__") or owner.endswith(".__set__") or name.endswith(".__set__"):
            continue
        if name.endswith(".__get__"):
            owner = owner.rpartition(".")[0]
        key = _tensor.Tensor if owner == "gradlib.Tensor" else sys.modules[owner]
        table.setdefault(key, []).append(function)
    return table


def get_ignored_functions():
    """The public functions that never dispatch (settings, random state, save/load, ...)."""
    found = set()
    for module, _ in _torch_function._namespaces():
        for name in _torch_function.IGNORED:
            value = vars(module).get(name)
            if callable(value):
                found.add(value)
    return found


def get_default_nowrap_functions():
    """The functions whose results ``Tensor.__torch_function__`` returns as they are (``Tensor.grad.__get__``: a
    subclass's gradient stays a Tensor), as ``torch.overrides.get_default_nowrap_functions``."""
    return set(_torch_function._nowrap())


def get_testing_overrides():
    """{function: a dummy override} for every overridable function, as PyTorch's (each dummy returns -1 and
    takes the function's arguments)."""
    return {function: (lambda *args, **kwargs: -1) for functions in get_overridable_functions().values()
            for function in functions}


def wrap_torch_function(dispatcher):
    """Decorator making a Python function overridable: ``dispatcher(*args, **kwargs)`` returns its relevant
    arguments (``torch.overrides.wrap_torch_function``)."""

    def inner(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            relevant_args = dispatcher(*args, **kwargs)
            if has_torch_function(relevant_args):
                return handle_torch_function(wrapped, relevant_args, *args, **kwargs)
            return func(*args, **kwargs)

        return wrapped

    return inner


class TorchFunctionMode:
    """A context manager seeing every public call made inside its ``with`` block: its ``__torch_function__(func,
    types, args=(), kwargs=None)`` runs instead, with the mode itself popped (so calls it makes reach the next mode
    and the arguments' overrides); modes nest, innermost first (``torch.overrides.TorchFunctionMode``)."""

    def __init__(self):
        pass

    def __torch_function__(self, func, types, args=(), kwargs=None):
        raise NotImplementedError

    def __enter__(self):
        _push_mode(self)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        _pop_mode()


class BaseTorchFunctionMode(TorchFunctionMode):
    """A mode that runs each call unchanged (subclass it to watch calls)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        return func(*args, **kwargs)


def _push_mode(mode):
    _torch_function.push_mode(mode)


def _pop_mode():
    return _torch_function.pop_mode()


@contextlib.contextmanager
def _pop_mode_temporarily():
    mode = _pop_mode()
    try:
        yield mode
    finally:
        _push_mode(mode)


def _get_current_function_mode():
    modes = _torch_function.state.modes
    return modes[-1] if modes else None


def _get_current_function_mode_stack():
    return list(_torch_function.state.modes)


def _is_torch_function_mode_enabled():
    state = _torch_function.state
    return bool(state.modes) and not state.all_disabled
