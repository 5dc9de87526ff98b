"""The legacy ``Variable`` (PyTorch < 0.4): calling it returns the tensor itself, optionally requiring grad."""
import warnings

from .. import _creation, _tensor

__all__ = ["Variable"]


class _VariableMeta(type):
    def __instancecheck__(cls, instance):
        return isinstance(instance, _tensor.Tensor)


class Variable(metaclass=_VariableMeta):
    """``Variable(tensor, requires_grad=False, volatile=False)``: returns ``tensor`` (a Tensor, as PyTorch's
    does since 0.4), with ``requires_grad`` set when asked. ``isinstance(t, Variable)`` holds for every tensor.

    >>> import gradlib
    >>> from gradlib.autograd import Variable
    >>> v = Variable(gradlib.ones(2), requires_grad=True)
    >>> v
    tensor([1., 1.], requires_grad=True)
    >>> isinstance(v, Variable)
    True
    """

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if data is None:
            data = _creation.tensor([])
        if not isinstance(data, _tensor.Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=2)
        if requires_grad:
            data.requires_grad_(True)
        return data
