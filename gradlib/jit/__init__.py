"""``torch.jit`` for eager programs: ``script``, ``trace``, ``save``/``load``, ``freeze`` and the markers.

gradlib has no TorchScript compiler. What a PyTorch program gets from ``torch.jit`` here:

- ``script(module)`` returns a ``RecursiveScriptModule`` (``trace(module, example)`` a ``TopLevelTracedModule``)
  that shares the module's parameters and buffers, prints, calls, trains and evaluates as PyTorch's, and runs the
  module's Python ``forward``; ``script``/``trace`` of a function return a ``ScriptFunction`` (``_script``,
  ``_trace`` say what each does and what differs).
- ``save(m, f)`` / ``m.save(f)`` and ``load(f, map_location)`` round-trip through gradlib's own archive (a
  ``gradlib.save`` checkpoint); a TorchScript archive made by PyTorch is refused with RuntimeError
  (``_archive``).
- ``freeze``, ``ignore``, ``unused``, ``export``, ``Final``, ``annotate``, ``is_scripting``, ``is_tracing``,
  ``optimized_execution``, ``interface``, ``script_method`` keep their Python meaning (``_annotations``).
- ``m.code`` is the Python source of ``forward`` (not TorchScript); ``m.graph`` raises RuntimeError.

>>> import gradlib
>>> scripted = gradlib.jit.script(gradlib.nn.Linear(3, 2))
>>> isinstance(scripted, gradlib.jit.ScriptModule), [name for name, _ in scripted.named_parameters()]
(True, ['weight', 'bias'])
"""
from ._annotations import (Final, FunctionModifiers, annotate, export, ignore, interface, is_scripting,
                           optimized_execution, unused)
from ._script import RecursiveScriptModule, ScriptFunction, ScriptModule, freeze, save, script, script_method
from ._serialization import load
from ._trace import TopLevelTracedModule, TracedModule, TracerWarning, is_tracing, trace, trace_module

__all__ = ["script", "trace", "trace_module", "save", "load", "freeze", "ignore", "unused", "export", "interface",
           "Final", "annotate", "is_scripting", "is_tracing", "optimized_execution", "script_method", "ScriptModule",
           "RecursiveScriptModule", "ScriptFunction", "TracedModule", "TopLevelTracedModule", "TracerWarning",
           "FunctionModifiers"]
