"""``gradlib.utils.hooks``: the handle every ``register_*hook`` returns (PyTorch's ``torch.utils.hooks``).

>>> import gradlib
>>> handle = gradlib.nn.Linear(2, 2).register_forward_hook(lambda module, args, output: None)
>>> isinstance(handle, gradlib.utils.hooks.RemovableHandle)
True
>>> handle.remove()
"""
from ..autograd.handles import RemovableHandle

__all__ = ["RemovableHandle"]
