"""``Parameter``: a tensor that a Module registers as one of its learnable weights."""
from .. import _creation
from .._tensor import Tensor, _init_leaf

__all__ = ["Parameter", "Buffer"]


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and is registered by Modules when assigned as an attribute.

    >>> import gradlib
    >>> p = gradlib.nn.Parameter(gradlib.ones(2))
    >>> p
    Parameter containing:
    tensor([1., 1.], requires_grad=True)
    """

    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _creation.empty(0)
        self = object.__new__(cls)
        _init_leaf(self, data._array, data._device)
        self._vc = data._vc
        if requires_grad:
            self.requires_grad_(True)
        return self

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        """A new Parameter around a copy of the data (PyTorch's: the gradient is not copied), so that
        ``copy.deepcopy(module)`` gives independent weights (TransformerEncoder clones its layer this way)."""
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.detach().clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, protocol):
        raise TypeError("gradlib parameters are saved with gradlib.save, not pickled")


class Buffer:
    """Marks a tensor to be registered as a buffer when assigned to a Module attribute."""

    def __init__(self, data, persistent=True):
        self.data = data
        self.persistent = persistent
