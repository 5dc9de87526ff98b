"""The few ``torch._C`` names that user code of the ``__torch_function__`` protocol spells (PyTorch's C module;
here they come from ``gradlib/_torch_function.py``).

>>> import gradlib
>>> class Loud(gradlib.Tensor):
...     @classmethod
...     def __torch_function__(cls, func, types, args=(), kwargs=None):
...         return "overridden"
>>> x = gradlib.ones(2).as_subclass(Loud)
>>> x.sum()
'overridden'
>>> with gradlib._C.DisableTorchFunctionSubclass():
...     type(x.sum()).__name__
'Tensor'
"""
from . import _torch_function
from ._torch_function import DisableTorchFunction, DisableTorchFunctionSubclass
from .random import Generator  # torch._C.Generator: its public home (gradlib/_homes.py)

__all__ = ["DisableTorchFunction", "DisableTorchFunctionSubclass", "Generator", "_disabled_torch_function_impl",
           "_is_torch_function_enabled", "_is_torch_function_mode_enabled", "_len_torch_function_stack"]

_disabled_torch_function_impl = _torch_function.disabled_torch_function_impl


def _is_torch_function_enabled():
    """False inside ``DisableTorchFunctionSubclass`` or ``DisableTorchFunction``."""
    state = _torch_function.state
    return not (state.subclass_disabled or state.all_disabled)


def _is_torch_function_mode_enabled():
    state = _torch_function.state
    return bool(state.modes) and not state.all_disabled


def _len_torch_function_stack():
    return len(_torch_function.state.modes)
