"""PyTorch's deprecated module attributes, looked up through ``gradlib.__getattr__``: ``torch.has_cuda``,
``torch.has_cudnn``, ``torch.has_mps`` (each the answer of its ``torch.backends`` replacement, with PyTorch's
UserWarning naming it) and ``torch.set_vital`` (a function that does nothing, with PyTorch's UserWarning).
Any other missing name raises PyTorch's AttributeError.

>>> import gradlib, warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     has = gradlib.has_cudnn
>>> has == gradlib.backends.cudnn.is_available(), str(caught[0].message)
(True, "'has_cudnn' is deprecated, please use 'torch.backends.cudnn.is_available()'")
"""
import warnings

from . import backends

__all__ = ["attribute"]

#: name -> (the replacement's PyTorch name, the replacement)
_REPLACED = {
    "has_mps": ("torch.backends.mps.is_built", lambda: backends.mps.is_built()),
    "has_cuda": ("torch.backends.cuda.is_built", lambda: backends.cuda.is_built()),
    "has_cudnn": ("torch.backends.cudnn.is_available", lambda: backends.cudnn.is_available()),
}


def attribute(name):
    """The value of the deprecated module attribute ``name`` (warning as PyTorch), else AttributeError."""
    replaced = _REPLACED.get(name)
    if replaced is not None:
        warnings.warn(f"'{name}' is deprecated, please use '{replaced[0]}()'", UserWarning, stacklevel=3)
        return replaced[1]()
    if name == "set_vital":
        warnings.warn(f"'{name}' is deprecated, please do not call", UserWarning, stacklevel=3)
        return lambda *args: None
    raise AttributeError(f"module 'gradlib' has no attribute '{name}'")
