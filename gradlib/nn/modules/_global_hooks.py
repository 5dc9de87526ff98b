"""The hooks every module runs (``torch.nn.modules.module.register_module_*``): the global forward pre-hooks and
forward hooks, the global backward hooks (full or, deprecated, not), and the registration hooks that
``register_parameter``/``register_buffer``/``add_module`` pass each new value through.

The tables are PyTorch's, mutated in place and never rebound. ``CALL_HOOKS`` holds every global hook a module
call must honour (forward pre, forward, backward, backward pre), so that ``Module.__call__`` without hooks asks
one question for all of them. Global hooks run before the module's own.
"""
from collections import OrderedDict

from ...autograd.handles import RemovableHandle

__all__ = ["register_module_forward_pre_hook", "register_module_forward_hook", "register_module_backward_hook",
           "register_module_full_backward_hook", "register_module_full_backward_pre_hook",
           "register_module_parameter_registration_hook", "register_module_buffer_registration_hook",
           "register_module_module_registration_hook"]

CALL_HOOKS = OrderedDict()
forward_pre_hooks = OrderedDict()
forward_hooks = OrderedDict()
forward_hooks_with_kwargs = OrderedDict()
forward_hooks_always_called = OrderedDict()
backward_hooks = OrderedDict()
backward_pre_hooks = OrderedDict()
parameter_registration_hooks = OrderedDict()
buffer_registration_hooks = OrderedDict()
module_registration_hooks = OrderedDict()
#: whether the global backward hooks are full ones (True), deprecated ones (False) or not yet known (None); as
#: PyTorch's, it stays once set
_global_is_full_backward_hook = None


def _add(table, hook, *extra):
    handle = RemovableHandle(table, extra_dict=[CALL_HOOKS, *extra] if table in _CALLED else list(extra))
    table[handle.id] = hook
    if table in _CALLED:
        CALL_HOOKS[handle.id] = True
    return handle


_CALLED = [forward_pre_hooks, forward_hooks, backward_hooks, backward_pre_hooks]


def register_module_forward_pre_hook(hook):
    """Register ``hook(module, args)`` run before every module's forward, before the module's own pre-hooks; a
    returned value replaces the positional arguments (a non-tuple is wrapped in one). Mirrors
    ``torch.nn.modules.module.register_module_forward_pre_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_forward_pre_hook
    >>> handle = register_module_forward_pre_hook(lambda module, args: args[0] * 2)
    >>> gradlib.nn.Identity()(gradlib.ones(2))
    tensor([2., 2.])
    >>> handle.remove()
    """
    return _add(forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """Register ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` with ``with_kwargs``) run
    after every module's forward, before the module's own forward hooks; a returned value replaces the output.
    ``always_call`` runs it (with output None) also when the call raises. Mirrors
    ``torch.nn.modules.module.register_module_forward_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_forward_hook
    >>> handle = register_module_forward_hook(lambda module, args, output: output + 1)
    >>> gradlib.nn.Identity()(gradlib.zeros(2))
    tensor([1., 1.])
    >>> handle.remove()
    """
    handle = _add(forward_hooks, hook, forward_hooks_always_called, forward_hooks_with_kwargs)
    if with_kwargs:
        forward_hooks_with_kwargs[handle.id] = True
    if always_call:
        forward_hooks_always_called[handle.id] = True
    return handle


def _set_backward_kind(full):
    global _global_is_full_backward_hook
    if _global_is_full_backward_hook is (not full):
        raise RuntimeError("Cannot use both regular backward hooks and full backward hooks as a global Module hook. "
                           "Please use only one of them.")
    _global_is_full_backward_hook = full


def register_module_full_backward_hook(hook):
    """Register ``hook(module, grad_input, grad_output)`` for every module, run before the module's own full
    backward hooks. Mirrors ``torch.nn.modules.module.register_module_full_backward_hook`` (RuntimeError once a
    deprecated global backward hook was registered); returns a handle whose ``remove()`` unregisters it.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_full_backward_hook
    >>> seen = []
    >>> handle = register_module_full_backward_hook(lambda m, gi, go: seen.append(type(m).__name__))
    >>> gradlib.nn.Tanh()(gradlib.ones(2, requires_grad=True)).sum().backward()
    >>> handle.remove(); seen
    ['Tanh']
    """
    _set_backward_kind(True)
    return _add(backward_hooks, hook)


def register_module_backward_hook(hook):
    """Deprecated (use ``register_module_full_backward_hook``): register ``hook(module, grad_input, grad_output)``
    on the autograd node of every module's output, as ``Module.register_backward_hook`` does for one module.
    Mirrors ``torch.nn.modules.module.register_module_backward_hook``: RuntimeError once a full global backward
    hook was registered; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules import module
    >>> module._global_hooks._global_is_full_backward_hook = None  # a fresh process: no full global hook yet
    >>> seen = []
    >>> handle = module.register_module_backward_hook(lambda m, gi, go: seen.append(type(m).__name__))
    >>> layer = gradlib.nn.Tanh()  # kept: the hook holds its module weakly (a dead one raises RuntimeError)
    >>> layer(gradlib.ones(2, requires_grad=True)).sum().backward()
    >>> handle.remove(); seen
    ['Tanh']
    >>> module._global_hooks._global_is_full_backward_hook = None
    """
    _set_backward_kind(False)
    return _add(backward_hooks, hook)


def register_module_full_backward_pre_hook(hook):
    """Register ``hook(module, grad_output)`` for every module, run before the module's own backward pre-hooks;
    a returned tuple replaces ``grad_output``. Mirrors
    ``torch.nn.modules.module.register_module_full_backward_pre_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_full_backward_pre_hook
    >>> handle = register_module_full_backward_pre_hook(lambda m, grad_output: (grad_output[0] * 3,))
    >>> x = gradlib.ones(2, requires_grad=True); gradlib.nn.Identity()(x).sum().backward(); x.grad
    tensor([3., 3.])
    >>> handle.remove()
    """
    return _add(backward_pre_hooks, hook)


def register_module_parameter_registration_hook(hook):
    """Register ``hook(module, name, param)`` called by every ``register_parameter`` (and parameter assignment)
    before the parameter is stored; a returned value is stored instead. Mirrors
    ``torch.nn.modules.module.register_module_parameter_registration_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_parameter_registration_hook
    >>> seen = []
    >>> handle = register_module_parameter_registration_hook(lambda m, name, p: seen.append(name))
    >>> layer = gradlib.nn.Linear(1, 1); handle.remove(); seen
    ['weight', 'bias']
    """
    return _add(parameter_registration_hooks, hook)


def register_module_buffer_registration_hook(hook):
    """Register ``hook(module, name, buffer)`` called by every ``register_buffer`` (and buffer assignment) before
    the buffer is stored; a returned value is stored instead. Mirrors
    ``torch.nn.modules.module.register_module_buffer_registration_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_buffer_registration_hook
    >>> seen = []
    >>> handle = register_module_buffer_registration_hook(lambda m, name, b: seen.append(name))
    >>> norm = gradlib.nn.BatchNorm1d(1); handle.remove(); seen
    ['running_mean', 'running_var', 'num_batches_tracked']
    """
    return _add(buffer_registration_hooks, hook)


def register_module_module_registration_hook(hook):
    """Register ``hook(module, name, submodule)`` called by every ``add_module`` (and submodule assignment) before
    the submodule is stored; a returned value is stored instead. Mirrors
    ``torch.nn.modules.module.register_module_module_registration_hook``; returns a removable handle.

    >>> import gradlib
    >>> from gradlib.nn.modules.module import register_module_module_registration_hook
    >>> handle = register_module_module_registration_hook(lambda m, name, child: gradlib.nn.Tanh())
    >>> model = gradlib.nn.Sequential(gradlib.nn.ReLU()); handle.remove(); model
    Sequential(
      (0): Tanh()
    )
    """
    return _add(module_registration_hooks, hook)


def registered(table, module, name, value):
    """``value`` passed through the registration hooks of ``table``: the last non-None answer wins."""
    for hook in table.values():
        output = hook(module, name, value)
        if output is not None:
            value = output
    return value
