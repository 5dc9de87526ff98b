"""``torch.fx.wrap``: functions a trace records as one ``call_function`` instead of tracing into them.

``wrap("name")`` or ``@wrap`` at the top level of a module registers (module globals, name); while a ``Tracer``
runs, each such global is replaced by a stand-in that records a call when a ``Proxy`` is among its arguments
(``_symbolic_trace``). Generated code re-registers them with ``torch.fx._symbolic_trace.wrap("name")``.
"""
import inspect

__all__ = ["wrap", "WRAPPED"]

#: (id of the module globals dict, function name) -> the globals dict, in registration order
WRAPPED = {}


def wrap(fn_or_name):
    """Record calls to this module-level function (or the global named so) as leaves of the trace.

    Raises RuntimeError for a name or function that is no global (a method, a local function) and
    NotImplementedError outside a module's top level, with PyTorch's messages.
    """
    if not callable(fn_or_name) and not isinstance(fn_or_name, str):
        raise RuntimeError("Unsupported type for global function! Must be either a callable or string name")
    if callable(fn_or_name):
        fn_name = fn_or_name.__name__
    else:
        fn_name = fn_or_name
    frame = inspect.currentframe().f_back
    if frame.f_code.co_name != "<module>":
        raise NotImplementedError("wrap must be called at the top level of a module")
    WRAPPED[(id(frame.f_globals), fn_name)] = frame.f_globals
    return fn_or_name
