"""``torch._dynamo``, the part programs touch: ``reset()``, ``config`` (settable, as PyTorch's), ``exc``,
``list_backends``, ``disable``, ``mark_dynamic`` and friends.

gradlib's ``compile`` runs models eagerly (``gradlib.compiler``): there is no frame evaluation, no cache of
compiled code and no guards, so ``reset()`` has nothing to forget and the ``config`` settings (recompile limits,
``suppress_errors``) are kept, readable and settable, and change nothing. Marking a dim dynamic or static is a
note for a compiler gradlib does not have.

>>> import gradlib
>>> gradlib._dynamo.config.cache_size_limit
8
>>> gradlib._dynamo.config.suppress_errors = True
>>> gradlib._dynamo.reset()
>>> gradlib._dynamo.config.suppress_errors = False
"""
from .. import compiler as _compiler
from . import config, exc

__all__ = ["config", "exc", "reset", "list_backends", "disable", "allow_in_graph", "assume_constant_result",
           "is_compiling", "mark_dynamic", "maybe_mark_dynamic", "mark_static", "OptimizedModule"]

OptimizedModule = _compiler.OptimizedModule
list_backends = _compiler.list_backends
disable = _compiler.disable
allow_in_graph = _compiler.allow_in_graph
assume_constant_result = _compiler.assume_constant_result
is_compiling = _compiler.is_compiling


def reset():
    """``torch._dynamo.reset()``: forget compiled code and guards. gradlib compiled none; returns None."""
    _compiler.reset()


def mark_dynamic(t, index, *, min=None, max=None, specialize_on=None):
    """``torch._dynamo.mark_dynamic``: a hint for the tracer (gradlib traces nothing); returns None."""


def maybe_mark_dynamic(t, index):
    """``torch._dynamo.maybe_mark_dynamic``: a hint for the tracer (gradlib traces nothing); returns None."""


def mark_static(t, index=None):
    """``torch._dynamo.mark_static``: a hint for the tracer (gradlib traces nothing); returns None."""
