"""Removable handles: what every ``register_*hook`` returns (tensors, graph nodes, modules)."""

__all__ = ["RemovableHandle"]


class RemovableHandle:
    """Returned by every ``register_*hook``; ``remove()`` unregisters the hook. Public as
    ``gradlib.utils.hooks.RemovableHandle`` (PyTorch's ``torch.utils.hooks.RemovableHandle``), the name its repr
    prints (fast.ai's Hook classes print the handle they keep)."""

    __module__ = "gradlib.utils.hooks"

    _next_id = 0

    def __init__(self, hooks):
        self._hooks = hooks
        RemovableHandle._next_id += 1
        self.id = RemovableHandle._next_id

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
