"""``torch.compile`` and ``torch.compiler``: gradlib has no compiler.

``compile(model)`` returns something that computes exactly what ``model`` computes, eagerly: for an
``nn.Module`` an ``OptimizedModule`` wrapping it (PyTorch's type: it prints as ``OptimizedModule(
(_orig_mod): ...)``, its ``state_dict`` keys start with ``_orig_mod.``, attribute reads fall through to the
wrapped module), for a function a wrapper of it. The arguments are checked as PyTorch checks them (``mode``,
``backend``, ``mode`` with ``options``) and otherwise ignored: no graph is traced, nothing is fused or generated,
so a compiled model is no faster. gradlib's speed path is capture and replay (``gradlib.graphs``, see the
README), not ``compile``.

>>> import gradlib
>>> model = gradlib.compile(gradlib.nn.Linear(2, 1))
>>> type(model).__name__, list(model.state_dict())
('OptimizedModule', ['_orig_mod.weight', '_orig_mod.bias'])
>>> gradlib.compiler.is_compiling()
False
"""
import functools

from . import nn
from ._compile_arguments import InvalidBackend, check_compile_arguments

__all__ = ["compile", "OptimizedModule", "InvalidBackend", "is_compiling", "is_dynamo_compiling", "is_exporting",
           "disable", "reset", "list_backends", "allow_in_graph", "assume_constant_result",
           "cudagraph_mark_step_begin"]

class OptimizedModule(nn.Module):
    """What ``compile`` returns for a module: it runs ``_orig_mod`` unchanged (gradlib compiles nothing).
    Attributes not found on the wrapper are read from ``_orig_mod``, as PyTorch's."""

    def __init__(self, mod):
        super().__init__()
        self._orig_mod = mod

    def forward(self, *args, **kwargs):
        return self._orig_mod(*args, **kwargs)

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self._modules["_orig_mod"], name)


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None, name=None,
            disable=False, recompile_limit=None, isolate_recompiles=False, shapes_spec=None):
    """``torch.compile``: check the arguments as PyTorch does, then return ``model`` wrapped to run eagerly (see
    this module's docstring); ``model=None`` returns a decorator, ``disable=True`` the model itself.

    Raises RuntimeError for both ``mode`` and ``options``, or an unknown ``mode``; ``InvalidBackend`` (a
    RuntimeError) for an unknown ``backend`` name (callables are accepted).

    >>> import gradlib
    >>> @gradlib.compile(mode="max-autotune")
    ... def f(x):
    ...     return gradlib.sin(x) ** 2 + gradlib.cos(x) ** 2
    >>> f(gradlib.tensor([0.5, 1.0]))
    tensor([1., 1.])
    """
    if model is None:
        def decorate(model):
            if model is None:
                raise RuntimeError("Model can't be None")
            return compile(model, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                           options=options, name=name, disable=disable, recompile_limit=recompile_limit,
                           isolate_recompiles=isolate_recompiles, shapes_spec=shapes_spec)
        return decorate
    check_compile_arguments(backend, mode, options)
    if disable:
        return model
    if isinstance(model, nn.Module):
        return OptimizedModule(model)

    @functools.wraps(model)
    def compiled(*args, **kwargs):
        return model(*args, **kwargs)
    return compiled


def is_compiling():
    """False: gradlib never traces a program (``torch.compiler.is_compiling``)."""
    return False


def is_dynamo_compiling():
    """False, as ``is_compiling``."""
    return False


def is_exporting():
    """False: gradlib has no ``torch.export``."""
    return False


def disable(fn=None, recursive=True, *, reason=None):
    """``torch.compiler.disable``: returns ``fn`` (or a decorator): nothing is compiled anyway."""
    if fn is None:
        return lambda function: function
    return fn


def reset():
    """Nothing to forget: gradlib keeps no compiled code."""


def list_backends(exclude_tags=("debug", "experimental")):
    """PyTorch's default list of backend names (all accepted by ``compile``, none used)."""
    return ["cudagraphs", "inductor", "openxla", "tvm"]


def allow_in_graph(fn):
    """Returns ``fn``: there is no graph."""
    return fn


def assume_constant_result(fn):
    """Returns ``fn``: there is no graph."""
    return fn


def cudagraph_mark_step_begin():
    """Nothing to mark: ``compile`` records no CUDA graphs."""
