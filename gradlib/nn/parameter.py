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
    >>> print(p)
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

    __str__ = __repr__  # print(p) shows "Parameter containing:" too, as in PyTorch (Tensor's __str__ is its repr)

    def __deepcopy__(self, memo):
        """``copy.deepcopy`` (of a model too): a new Parameter with copied data and the same ``requires_grad``;
        ``.grad`` is not copied, as in PyTorch.

        >>> import copy, gradlib
        >>> model = gradlib.nn.Linear(2, 1)
        >>> twin = copy.deepcopy(model)
        >>> twin.weight is model.weight, gradlib.equal(twin.weight, model.weight)
        (False, True)
        """
        if id(self) in memo:
            return memo[id(self)]
        copied = Parameter(self.detach().clone(), self._requires_grad)
        memo[id(self)] = copied
        return copied

    def __reduce_ex__(self, protocol):
        raise TypeError("gradlib parameters are saved with gradlib.save, not pickled")


class Buffer:
    """Marks a tensor to be registered as a buffer when assigned to a Module attribute."""

    def __init__(self, data, persistent=True):
        self.data = data
        self.persistent = persistent
