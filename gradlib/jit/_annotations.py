"""The markers and helpers of ``torch.jit`` that only steer TorchScript's compiler: ``ignore``, ``unused``,
``export``, ``Final``, ``annotate``, ``is_scripting``, ``optimized_execution``, ``interface``.

gradlib compiles nothing (``gradlib.jit.script`` runs the Python code), so each of these keeps the value it is
given and its Python meaning: a decorated function is returned unchanged (with PyTorch's
``_torchscript_modifier`` attribute set, as PyTorch's decorators do), ``annotate(T, v)`` is ``v``,
``is_scripting()`` is always False.

>>> import gradlib
>>> @gradlib.jit.ignore
... def helper(x):
...     return x + 1
>>> helper(1), gradlib.jit.annotate(int, 3), gradlib.jit.is_scripting()
(2, 3, False)
"""
import contextlib
import typing
import warnings

__all__ = ["ignore", "unused", "export", "Final", "annotate", "is_scripting", "optimized_execution", "interface",
           "FunctionModifiers"]

#: ``torch.jit.Final``: ``typing.Final`` (a class attribute annotated with it is a constant to TorchScript)
Final = typing.Final


class FunctionModifiers:
    """The values of ``fn._torchscript_modifier`` that PyTorch's decorators set (its spelling)."""

    UNUSED = "unused (ignored and replaced with raising of an exception)"
    IGNORE = "ignore (leave as a call to Python, cannot be torch.jit.save'd)"
    EXPORT = "export (compile this function even if nothing calls it)"
    DEFAULT = "default (compile if called from a exported function / forward)"
    COPY_TO_SCRIPT_WRAPPER = "if this method is not scripted, copy the python method onto the scripted model"
    _DROP = "_drop (function is fully ignored, declaration can be unscriptable)"


def _mark(fn, modifier):
    fn._torchscript_modifier = modifier
    return fn


def ignore(drop=False, **kwargs):
    """``torch.jit.ignore``: leave a function or method to Python. gradlib runs everything in Python, so the
    function is returned unchanged (marked as PyTorch marks it). Usable bare (``@ignore``) or called
    (``@ignore(drop=True)``); ``drop`` is accepted and, as everywhere in gradlib, the function still runs.

    >>> import gradlib
    >>> f = gradlib.jit.ignore(lambda x: 2 * x)
    >>> f(3)
    6
    """
    if callable(drop):
        return _mark(drop, FunctionModifiers.IGNORE)
    if not isinstance(drop, bool):
        raise RuntimeError(f"Argument to @torch.jit.ignore must be a bool or a function but got {drop}")
    if drop:
        warnings.warn("ignore(True) has been deprecated. TorchScript will now drop the function call on "
                      "compilation. Use torch.jit.unused now. {}", category=FutureWarning, stacklevel=2)
    modifier = FunctionModifiers.UNUSED if drop or kwargs.get("drop_on_export") else FunctionModifiers.IGNORE
    return lambda fn: _mark(fn, modifier)


def unused(fn):
    """``torch.jit.unused``: TorchScript replaces the function by a raise; gradlib (which does not compile) keeps
    it callable, unchanged. Properties are accepted, as in PyTorch.

    >>> import gradlib
    >>> gradlib.jit.unused(lambda x: -x)(-2)
    2
    """
    if isinstance(fn, property):
        if fn.fget is not None:
            _mark(fn.fget, FunctionModifiers.UNUSED)
        return fn
    return _mark(fn, FunctionModifiers.UNUSED)


def export(fn):
    """``torch.jit.export``: a method TorchScript should compile though ``forward`` does not call it. gradlib's
    scripted modules keep every Python method, so the method is returned unchanged (marked).

    >>> import gradlib
    >>> gradlib.jit.export(lambda x: 2 * x)(1)
    2
    """
    return _mark(fn, FunctionModifiers.EXPORT)


def interface(obj):
    """``torch.jit.interface``: declares a TorchScript interface type; in Python the class itself.

    >>> import gradlib
    >>> @gradlib.jit.interface
    ... class Scorer:
    ...     def score(self, x) -> float: ...
    >>> Scorer.__name__
    'Scorer'
    """
    if not isinstance(obj, type):
        raise RuntimeError("interface must be applied to a class")
    return obj


def annotate(the_type, the_value):
    """``torch.jit.annotate(T, value)``: tells TorchScript the type of ``value``; in Python, ``value``.

    >>> import gradlib
    >>> gradlib.jit.annotate(list, [])
    []
    """
    return the_value


def is_scripting():
    """``torch.jit.is_scripting()``: False, always (gradlib runs Python, it never compiles a function).

    >>> import gradlib
    >>> gradlib.jit.is_scripting()
    False
    """
    return False


@contextlib.contextmanager
def optimized_execution(should_optimize):
    """``torch.jit.optimized_execution(flag)``: a context manager selecting TorchScript's graph optimizations;
    gradlib has none to select, so it runs its block unchanged.

    >>> import gradlib
    >>> with gradlib.jit.optimized_execution(False):
    ...     gradlib.ones(1) + 1
    tensor([2.])
    """
    yield
