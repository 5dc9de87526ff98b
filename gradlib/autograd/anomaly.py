"""Anomaly detection: remember where each op ran in the forward pass; in backward, name the op whose
gradient came out NaN and show that forward traceback."""
import threading
import traceback
import warnings

from .. import _sparse_registry, dtypes
from . import grad_mode

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled",
           "set_anomaly_enabled"]


class _State(threading.local):
    enabled = False
    check_nan = True


state = _State()


def is_anomaly_enabled():
    """True while anomaly detection is on (in this thread). Mirrors ``torch.is_anomaly_enabled``.

    >>> import gradlib
    >>> gradlib.is_anomaly_enabled()
    False
    """
    return state.enabled


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection, when on, checks each backward's gradients for NaN: True unless the last
    ``detect_anomaly``/``set_detect_anomaly``/``set_anomaly_enabled`` said ``check_nan=False`` (it reads the
    setting whether or not detection is on, as PyTorch's). Mirrors ``torch.is_anomaly_check_nan_enabled``.

    >>> import gradlib
    >>> with gradlib.autograd.set_detect_anomaly(True, check_nan=False):
    ...     gradlib.is_anomaly_check_nan_enabled()
    False
    >>> gradlib.is_anomaly_check_nan_enabled()
    True
    """
    return state.check_nan


def set_anomaly_enabled(enabled, check_nan=True):
    """Turn anomaly detection on or off for this thread, with its NaN check (``check_nan``); returns None and
    restores nothing (``set_detect_anomaly`` is the context-manager form). Mirrors ``torch.set_anomaly_enabled``.

    Raises TypeError, as PyTorch's argument parser, for an ``enabled`` or ``check_nan`` that is not a bool.

    >>> import gradlib
    >>> gradlib.set_anomaly_enabled(True, False)
    >>> gradlib.is_anomaly_enabled(), gradlib.is_anomaly_check_nan_enabled()
    (True, False)
    >>> gradlib.set_anomaly_enabled(False)
    """
    for position, (name, value) in enumerate((("enabled", enabled), ("check_nan", check_nan)), 1):
        if value is not True and value is not False:
            raise TypeError(f"set_anomaly_enabled(): argument '{name}' (position {position}) must be bool, not "
                            f"{type(value).__name__}")
    state.enabled, state.check_nan = enabled, check_nan


class detect_anomaly(grad_mode._DecoratorContextManager):
    """Context manager (and decorator): record forward tracebacks and check backward for NaN.

    >>> import gradlib
    >>> x = gradlib.tensor([-1.0], requires_grad=True)
    >>> with gradlib.autograd.detect_anomaly():
    ...     y = x.sqrt()
    ...     y.backward()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self._previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = True, self.check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", stacklevel=2)

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self._previous  # (returns None, as PyTorch's: errors propagate)

    def clone(self):
        return detect_anomaly(self.check_nan)


class set_detect_anomaly:
    """Turn anomaly detection on or off (at once; restored on exit when used as a context manager)."""

    def __init__(self, mode, check_nan=True):
        self._previous = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), check_nan

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self._previous  # (returns None, as PyTorch's: errors propagate)


def remember_forward(node):
    """Keep the forward traceback of ``node`` (called only while anomaly detection is on)."""
    node._get_extras().trace = "".join(traceback.format_stack()[:-2])


def _warn_trace(node):
    extras = node._extras
    trace = getattr(extras, "trace", None) if extras is not None else None
    if trace:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                      f"{trace}", stacklevel=3)


def _checked_array(grad):
    """The array whose NaNs count: a tensor's; a sparse gradient's values (the engine's ``SparseGradient``, or a
    COO tensor under create_graph), as PyTorch checks a sparse gradient's values."""
    if _sparse_registry.is_sparse(grad):
        return grad._values_t._array
    array = getattr(grad, "_array", None)
    if array is not None:
        return array
    from ..ops._sparse_gradient import SparseGradient  # (no getattr probe: CuPy refuses an unknown attribute)
    return grad.values if grad.__class__ is SparseGradient else grad  # its raw values, or the raw array itself


def run_checked(node, P, buffer):
    """Run ``node``'s backward; on an error or a NaN gradient, show its forward traceback and raise."""
    try:
        grads = node._run_backward(P, buffer)
    except Exception:
        _warn_trace(node)
        raise
    if state.check_nan:
        for index, grad in enumerate(grads):
            if grad is None:
                continue
            array = _checked_array(grad)
            if bool(dtypes.floating_np(array.dtype) and (array != array).any()):
                _warn_trace(node)
                raise RuntimeError(f"Function '{node.name()}' returned nan values in its {index}th output.")
    return grads
