"""Grad modes: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, thread-local as in PyTorch.

Each mode is a context manager and a decorator; the previous mode is restored in
``finally``, so an exception inside the block never leaves grad mode changed.
"""
import functools
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode"]


class _State(threading.local):
    enabled = True
    inference = False
    saved_hooks = ()  # the (pack, unpack) pairs of the saved_tensors_hooks contexts open on this thread
    saved_hooks_disabled = None  # the message of the disable_saved_tensors_hooks context open on this thread


state = _State()
_new = object.__new__


def is_grad_enabled():
    """True when operations are being recorded for backward.

    >>> import gradlib
    >>> gradlib.is_grad_enabled()
    True
    """
    return state.enabled


class _DecoratorContextManager:
    """A context manager that also decorates functions: each call of the function runs inside ``self.clone()``
    (a fresh manager with the same settings). Subclasses define ``__enter__``, ``__exit__`` and, when their
    constructor takes arguments, ``clone``. Used by the grad modes, ``inference_mode`` and ``detect_anomaly``."""

    def __call__(self, function):
        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            with self.clone():
                return function(*args, **kwargs)
        return wrapped

    def clone(self):
        return self.__class__()


class _GradModeBase(_DecoratorContextManager):
    """``no_grad``/``enable_grad``: set grad mode to ``_target`` inside, restore it on exit."""

    _target = True

    def __new__(cls, orig_func=None):
        # ``@no_grad`` without parentheses: the class is called with the function, as PyTorch allows
        if orig_func is not None and cls is not set_grad_enabled:
            if not callable(orig_func):
                raise TypeError(f"{cls.__name__}() takes no arguments")
            return cls()(orig_func)
        return _new(cls)  # object.__new__, without building a super() object (every with-block makes one)

    def __enter__(self):
        self._previous = state.enabled
        state.enabled = self._target

    def __exit__(self, *exc):
        state.enabled = self._previous
        return False


class no_grad(_GradModeBase):
    """Disable recording: results of ops inside never require grad.

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> with gradlib.no_grad():
    ...     print((x * 2).requires_grad)
    False
    """

    _target = False


class enable_grad(_GradModeBase):
    """Enable recording, e.g. inside a ``no_grad`` block.

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> with gradlib.no_grad(), gradlib.enable_grad():
    ...     print((x * 2).requires_grad)
    True
    """

    _target = True


class set_grad_enabled(_GradModeBase):
    """Set grad mode on or off; takes effect at once, and as a context manager restores it on exit.

    >>> import gradlib
    >>> with gradlib.set_grad_enabled(False):
    ...     print(gradlib.is_grad_enabled())
    False
    """

    def __init__(self, mode):
        if not isinstance(mode, bool):  # PyTorch's argument parser takes a bool only
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not "
                            f"{type(mode).__name__}")
        self._previous = state.enabled
        self._target = mode
        state.enabled = self._target

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled = self._previous
        return False

    def __call__(self, function):
        state.enabled = self._previous  # the constructor's switch was only for the decorator's argument
        return super().__call__(function)

    def clone(self):
        return self.__class__(self._target)


class inference_mode(_DecoratorContextManager):
    """Disable recording; tensors created inside are inference tensors (they cannot be used for backward later).
    Mirrors ``torch.inference_mode`` (``torch.autograd.grad_mode.inference_mode``; ``autograd/inference.py``
    holds the rules about inference tensors).

    >>> import gradlib
    >>> x = gradlib.ones(2, requires_grad=True)
    >>> with gradlib.inference_mode():
    ...     y = x * 2
    >>> y.requires_grad, y.is_inference()
    (False, True)
    """

    def __new__(cls, mode=True):
        # ``@inference_mode`` without parentheses: called with the function, as PyTorch allows
        if mode is not None and not isinstance(mode, bool) and callable(mode):
            return cls()(mode)
        return _new(cls)  # object.__new__, without building a super() object (every with-block makes one)

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def __enter__(self):
        self._previous = (state.enabled, state.inference)
        # PyTorch's InferenceMode(enabled) sets both flags either way: inference_mode(False) turns inference off
        # and grad mode on, inside inference_mode or no_grad too (its tensors are normal ones that record)
        state.enabled = not self.mode
        state.inference = self.mode

    def __exit__(self, *exc):
        state.enabled, state.inference = self._previous
        return False

    def clone(self):
        return inference_mode(self.mode)
