"""``torch.jit.trace`` on gradlib: what it runs, what it records, and the TracerWarnings.

PyTorch's tracer runs the function once on the example inputs and records the tensor operations it performed,
so the traced module always replays the branch the example took. gradlib has no graph to replay: ``trace`` runs
the module (or function) once on the example inputs, as PyTorch does (a BatchNorm in training mode updates its
running statistics then too), and returns a ``TopLevelTracedModule`` (PyTorch's type, printed as PyTorch prints
it: ``Net(original_name=Net ...)``) or a ``ScriptFunction`` that runs the Python code on every call. Where the
example's control flow depends on tensor values, PyTorch freezes the branch taken and gradlib re-decides it for
each input: the two agree on every input that takes the example's path, the case PyTorch's warning is about.

While the example runs, ``is_tracing()`` is True and converting a tensor to a Python value in the traced code
(``bool(t)``, ``if t > 0:``, ``t.item()``, ``float(t)``, ``int(t)``, ``t.tolist()``, ``t.numpy()``) emits
PyTorch's ``TracerWarning`` with PyTorch's message; conversions made inside gradlib's own functions do not (they
are C++ in PyTorch). ``len(t)`` and iterating a tensor, which PyTorch also warns about, do not warn. Nothing is
checked after tracing (``check_trace`` is accepted and ignored: the traced module runs the same code).

>>> import gradlib
>>> traced = gradlib.jit.trace(gradlib.nn.Linear(2, 1), gradlib.ones(1, 2))
>>> type(traced).__name__, traced
('TopLevelTracedModule', Linear(original_name=Linear))
"""
import contextlib
import os
import sys
import warnings

from .. import nn
from ..autograd import capture
from . import _script

__all__ = ["TracerWarning", "TracedModule", "TopLevelTracedModule", "trace", "trace_module", "is_tracing"]

_GRADLIB = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_TENSOR_FILE = os.path.join(_GRADLIB, "_tensor.py")
_tracing = [False]


class TracerWarning(Warning):
    """``torch.jit.TracerWarning``: code whose trace may not generalize to other inputs (see this module)."""


class TracedModule(_script.ScriptModule):
    """``torch.jit.TracedModule``: a traced submodule; it prints with its original class name, as PyTorch's."""

    forward = _script.run_forward

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return _script.class_attribute(self, name)

    @property
    def code(self):
        return _script._source(self._original_class.forward)

    def extra_repr(self):
        return f"original_name={self.original_name}"

    def __repr__(self):
        return self.original_name + super().__repr__()[len(type(self).__name__):]


class TopLevelTracedModule(TracedModule):
    """``torch.jit.TopLevelTracedModule``: what ``trace`` returns for a module."""


def is_tracing():
    """``torch.jit.is_tracing()``: True while ``trace`` runs the example inputs, False otherwise.

    >>> import gradlib
    >>> gradlib.jit.is_tracing()
    False
    """
    return _tracing[0]


_MESSAGE = ("Converting a tensor to {} might cause the trace to be incorrect. We can't record the data flow of "
            "Python values, so this value will be treated as a constant in the future. This means that the trace "
            "might not generalize to other inputs!")
_KINDS = {"boolean": "a Python boolean", "number": "a Python number", "float": "a Python float",
          "integer": "a Python integer", "list": "a Python list", "NumPy array": "a NumPy array"}


def _warn_conversion(kind):
    """Warn (at the user's line) when the traced code itself converted a tensor to a Python value."""
    from .._torch_function import TRANSPARENT  # __torch_function__'s dispatch frames (once a mode or subclass
    frame = sys._getframe(0)                      # turned dispatch on) sit between the user and Tensor.item
    below = None
    level = 1  # warnings.warn's stacklevel of ``frame``
    while frame is not None and frame.f_code.co_filename.startswith(_GRADLIB):
        if frame.f_code.co_filename != TRANSPARENT:  # (warnings' stacklevel skips those frames too)
            below = frame
            level += 1
        frame = frame.f_back
    if frame is None or below is None or below.f_code.co_filename != _TENSOR_FILE:
        return  # a conversion inside gradlib's own code (C++ in PyTorch)
    warnings.warn(_MESSAGE.format(_KINDS[kind]), TracerWarning, stacklevel=level)


@contextlib.contextmanager
def _tracing_mode():
    previous = (_tracing[0], capture.conversion_observer)
    _tracing[0] = True
    capture.conversion_observer = _warn_conversion
    try:
        yield
    finally:
        _tracing[0], capture.conversion_observer = previous


def trace(func, example_inputs=None, optimize=None, check_trace=True, check_inputs=None, check_tolerance=1e-5,
          strict=True, _force_outplace=False, _module_class=None, _compilation_unit=None,
          example_kwarg_inputs=None, _store_inputs=True):
    """``torch.jit.trace(func, example_inputs)``: run ``func`` (an ``nn.Module`` or a function) once on the
    example inputs (a tensor, a tuple of arguments, or ``example_kwarg_inputs`` as a dict) and return a
    ``TopLevelTracedModule`` sharing the module's parameters and buffers, or a ``ScriptFunction``. Emits
    PyTorch's DeprecationWarning, and TracerWarnings while the example runs (this module's docstring says what
    is recorded and what differs from PyTorch). A scripted or traced module is returned as it is, with
    PyTorch's UserWarning.

    Raises RuntimeError when neither ``example_inputs`` nor ``example_kwarg_inputs`` is given, and whatever the
    example run raises.

    >>> import gradlib
    >>> double = gradlib.jit.trace(lambda x: 2 * x, gradlib.ones(2))
    >>> double(gradlib.tensor([1., 3.]))
    tensor([2., 6.])
    """
    _script._deprecated("trace")
    if isinstance(func, _script.ScriptModule):
        warnings.warn("The input to trace is already a ScriptModule, tracing it is a no-op. Returning the object "
                      "as is.")  # at this line, as PyTorch's
        return func
    if example_inputs is None and example_kwarg_inputs is None:
        raise RuntimeError("example_kwarg_inputs or example_inputs should be provided")
    args, kwargs = _arguments(example_inputs, example_kwarg_inputs)
    if isinstance(func, nn.Module):
        traced = _script.convert(func, TopLevelTracedModule, TracedModule)
        with _tracing_mode():
            traced(*args, **kwargs)
        return traced
    with _tracing_mode():
        func(*args, **kwargs)
    return _script.ScriptFunction(func)


def _arguments(example_inputs, example_kwarg_inputs):
    if example_kwarg_inputs is not None:
        if not isinstance(example_kwarg_inputs, dict):
            raise RuntimeError("example_kwarg_inputs should be a dict")
        return (), example_kwarg_inputs
    if isinstance(example_inputs, tuple):
        return example_inputs, {}
    return (example_inputs,), {}


def trace_module(mod, inputs, *args, **kwargs):
    """``torch.jit.trace_module(mod, {"forward": example})``: ``trace`` of ``mod`` with the example of
    ``forward`` (the other methods need no tracing: they run in Python).

    >>> import gradlib
    >>> traced = gradlib.jit.trace_module(gradlib.nn.ReLU(), {"forward": gradlib.ones(1)})
    >>> traced(gradlib.tensor([-1.]))
    tensor([0.])
    """
    if not isinstance(inputs, dict):
        raise AttributeError("expected a dictionary of (method_name, input) pairs")
    if "forward" not in inputs:
        raise RuntimeError("gradlib.jit.trace_module: give an example for 'forward'")
    return trace(mod, inputs["forward"], *args, **kwargs)
