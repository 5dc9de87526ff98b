"""Optimizer hooks, as PyTorch's: step pre/post hooks (per optimizer and global), state_dict and load_state_dict
pre/post hooks. ``Optimizer.__init__`` wraps its class's ``step`` once (PyTorch's ``_patch_step_function``): the
global then the optimizer's pre-hooks ``hook(optimizer, args, kwargs)`` run before it (one returning
``(new_args, new_kwargs)`` replaces the arguments), then its post-hooks and the global ones after."""
import functools
from collections import OrderedDict

from ..autograd import hooks

__all__ = ["OptimizerHooks", "register_optimizer_step_pre_hook", "register_optimizer_step_post_hook",
           "patch_step", "state_dict_hooked", "load_state_dict_hooked"]

_global_pre_hooks = OrderedDict()
_global_post_hooks = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """Run ``hook(optimizer, args, kwargs)`` before every optimizer's step; returns a removable handle. Mirrors
    ``torch.optim.optimizer.register_optimizer_step_pre_hook``."""
    handle = hooks.RemovableHandle(_global_pre_hooks)
    _global_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook):
    """Run ``hook(optimizer, args, kwargs)`` after every optimizer's step; returns a removable handle. Mirrors
    ``torch.optim.optimizer.register_optimizer_step_post_hook``."""
    handle = hooks.RemovableHandle(_global_post_hooks)
    _global_post_hooks[handle.id] = hook
    return handle


_TABLES = ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks", "_optimizer_state_dict_pre_hooks",
           "_optimizer_state_dict_post_hooks", "_optimizer_load_state_dict_pre_hooks",
           "_optimizer_load_state_dict_post_hooks")


def init_tables(optimizer):
    """The optimizer's six (empty) hook tables, made at construction as PyTorch's (kept where present)."""
    for name in _TABLES:
        if name not in optimizer.__dict__:
            optimizer.__dict__[name] = OrderedDict()


def _table(optimizer, name):
    table = optimizer.__dict__.get(name)
    if table is None:
        table = OrderedDict()
        optimizer.__dict__[name] = table
    return table


def _hooked_step(step, owner):
    # PyTorch's message names the class's own step function (each of its optimizers defines one)
    name = f"<function {owner}.step at {hex(id(step))}>"

    @functools.wraps(step)
    def wrapper(*args, **kwargs):
        self = args[0]
        # Each loop runs over a snapshot of the hooks, taken only where there is one (most loops register none:
        # two lists and two table look-ups fewer per step); a post-hook registered by the step itself still runs.
        tables = self.__dict__
        if _global_pre_hooks or tables.get("_optimizer_step_pre_hooks"):
            for hook in [*_global_pre_hooks.values(), *_table(self, "_optimizer_step_pre_hooks").values()]:
                result = hook(self, args, kwargs)
                if result is not None:
                    if isinstance(result, tuple) and len(result) == 2:
                        args, kwargs = result
                    else:
                        raise RuntimeError(f"{name} must return None or a tuple of (new_args, new_kwargs), but got "
                                           f"{result}.")
        out = step(*args, **kwargs)
        if _global_post_hooks or tables.get("_optimizer_step_post_hooks"):
            for hook in [*_table(self, "_optimizer_step_post_hooks").values(), *_global_post_hooks.values()]:
                hook(self, args, kwargs)
        return out
    wrapper.hooked = True
    return wrapper


def patch_step(optimizer):
    """Wrap ``type(optimizer).step`` with the step hooks, once per class."""
    cls = type(optimizer)
    if not getattr(cls.step, "hooked", False):
        cls.step = _hooked_step(cls.step, cls.__qualname__)


def state_dict_hooked(state_dict):
    @functools.wraps(state_dict)
    def wrapper(self):
        for hook in _table(self, "_optimizer_state_dict_pre_hooks").values():
            hook(self)
        result = state_dict(self)
        for hook in _table(self, "_optimizer_state_dict_post_hooks").values():
            hook_result = hook(self, result)
            if hook_result is not None:
                result = hook_result
        return result
    return wrapper


def load_state_dict_hooked(load_state_dict):
    @functools.wraps(load_state_dict)
    def wrapper(self, state_dict):
        state_dict = state_dict.copy()
        for hook in _table(self, "_optimizer_load_state_dict_pre_hooks").values():
            hook_result = hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        load_state_dict(self, state_dict)
        for hook in _table(self, "_optimizer_load_state_dict_post_hooks").values():
            hook(self)
    return wrapper


def _register(optimizer, name, hook, prepend=False):
    table = _table(optimizer, name)
    handle = hooks.RemovableHandle(table)
    table[handle.id] = hook
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


class OptimizerHooks:
    """The hook registrations of ``Optimizer`` (each returns a handle whose ``remove()`` unregisters)."""

    def register_step_pre_hook(self, hook):
        """``hook(optimizer, args, kwargs)`` before ``step``; returning ``(new_args, new_kwargs)`` replaces them,
        anything else but None raises RuntimeError. Mirrors ``torch.optim.Optimizer.register_step_pre_hook``."""
        return _register(self, "_optimizer_step_pre_hooks", hook)

    def register_step_post_hook(self, hook):
        """``hook(optimizer, args, kwargs)`` after ``step``. Mirrors ``torch.optim.Optimizer.register_step_post_hook``."""
        return _register(self, "_optimizer_step_post_hooks", hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer)`` before ``state_dict``. Mirrors ``torch.optim.Optimizer.register_state_dict_pre_hook``."""
        return _register(self, "_optimizer_state_dict_pre_hooks", hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict)`` after ``state_dict``; a returned dict replaces it. Mirrors
        ``torch.optim.Optimizer.register_state_dict_post_hook``."""
        return _register(self, "_optimizer_state_dict_post_hooks", hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict)`` before ``load_state_dict`` (on a shallow copy); a returned dict replaces
        it. Mirrors ``torch.optim.Optimizer.register_load_state_dict_pre_hook``."""
        return _register(self, "_optimizer_load_state_dict_pre_hooks", hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer)`` after ``load_state_dict``. Mirrors
        ``torch.optim.Optimizer.register_load_state_dict_post_hook``."""
        return _register(self, "_optimizer_load_state_dict_post_hooks", hook, prepend)
