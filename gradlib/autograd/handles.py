"""Removable handles: what every ``register_*hook`` returns (tensors, graph nodes, modules)."""

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """Returned by every ``register_*hook``; ``remove()`` unregisters the hook. Public as
    ``gradlib.utils.hooks.RemovableHandle`` (PyTorch's ``torch.utils.hooks.RemovableHandle``), the name its repr
    prints (fast.ai's Hook classes print the handle they keep)."""

    __module__ = "gradlib.utils.hooks"

    _next_id = 0
    _extra = ()  # a handle unpickled from an older gradlib

    def __init__(self, hooks, *, extra_dict=None):
        self._hooks = hooks
        RemovableHandle._next_id += 1
        self.id = RemovableHandle._next_id
        # PyTorch's extra_dict: a table (or a list of them) whose entry of this id goes with the hook
        self._extra = () if extra_dict is None else tuple(extra_dict) if isinstance(extra_dict, list) \
            else (extra_dict,)

    def remove(self):
        self._hooks.pop(self.id, None)
        for table in self._extra:
            table.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
