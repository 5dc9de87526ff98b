"""``Parameter``: a tensor that a Module registers as one of its learnable weights."""
from .. import _creation, _torch_function
from .._tensor import Tensor, _init_leaf

__all__ = ["Parameter", "Buffer", "UninitializedParameter", "UninitializedBuffer", "is_lazy"]


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

    #: ops on a Parameter give plain Tensors, as PyTorch's (its protocol is disabled)
    __torch_function__ = _torch_function.disabled_torch_function_impl

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _creation.empty(0)
        self = object.__new__(cls)
        _init_leaf(self, data._array, data._device)
        self._vc = data._vc
        if requires_grad:
            if not (data.dtype.is_floating_point or data.dtype.is_complex):  # PyTorch's wording for a Parameter
                raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
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



class Buffer:
    """Marks a tensor to be registered as a buffer when assigned to a Module attribute."""

    def __init__(self, data, persistent=True):
        self.data = data
        self.persistent = persistent


_UNINITIALIZED_MESSAGE = ("Attempted to use an uninitialized parameter in {}. This error happens when you are using a "
                          "`LazyModule` or explicitly manipulating `torch.nn.parameter.UninitializedParameter` "
                          "objects. When using LazyModules Call `forward` with a dummy batch to initialize the "
                          "parameters before calling torch functions")
#: what an uninitialized tensor still answers (the rest raises ValueError, as PyTorch's __torch_function__)
_UNINITIALIZED_ALLOWED = frozenset({
    "materialize", "cls_to_become", "requires_grad", "requires_grad_", "dtype", "device", "grad", "is_leaf",
    "grad_fn", "data", "size", "shape", "share_memory_", "is_floating_point", "detach", "detach_", "to", "cpu",
    "cuda", "is_cuda", "type", "double", "float", "half"})


class _UninitializedMixin:
    """A tensor with no shape yet (of a Lazy module): ``materialize(shape)`` gives it storage and turns it into
    its ``cls_to_become``; until then using it raises PyTorch's errors (ValueError; RuntimeError for ``shape``)."""

    __slots__ = ()

    def materialize(self, shape, device=None, dtype=None):
        """Give the tensor uninitialized storage of ``shape`` (on ``device``, of ``dtype``: its own unless given)
        and make it a ``cls_to_become`` (Parameter, or Tensor for a buffer)."""
        device = self.device if device is None else device
        dtype = self.dtype if dtype is None else dtype
        storage = _creation.empty(shape, dtype=dtype, device=device)
        self._array = storage._array
        self._device = storage._device
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError("Can't access the shape of an uninitialized parameter or buffer. This error usually "
                           "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
                           "initialized one. Call `forward` to initialize the parameters before accessing their "
                           "attributes.")

    def __getattribute__(self, name):
        if name.startswith("_") or name in _UNINITIALIZED_ALLOWED:
            return object.__getattribute__(self, name)
        if callable(getattr(Tensor, name, None)):
            raise ValueError(_UNINITIALIZED_MESSAGE.format(f"<method '{name}' of 'gradlib.Tensor' objects>"))
        return object.__getattribute__(self, name)

    def __len__(self):
        raise ValueError(_UNINITIALIZED_MESSAGE.format("<function Tensor.__len__>"))

    def __repr__(self):
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(requires_grad=self.requires_grad, device=self.device, dtype=self.dtype)
        return memo[id(self)]


class UninitializedParameter(_UninitializedMixin, Parameter):
    """A Parameter of a Lazy module before its first forward (prints ``<UninitializedParameter>``).
    Mirrors ``torch.nn.parameter.UninitializedParameter``; ``materialize(shape)`` makes it a Parameter.

    >>> import gradlib
    >>> p = gradlib.nn.parameter.UninitializedParameter()
    >>> p, p.requires_grad, p.dtype
    (<UninitializedParameter>, True, gradlib.float32)
    >>> p.materialize((2, 3)); type(p).__name__, p.shape
    ('Parameter', gradlib.Size([2, 3]))
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return Parameter.__new__(cls, _creation.empty(0, device=device, dtype=dtype), requires_grad)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass


class UninitializedBuffer(_UninitializedMixin, Tensor):
    """A buffer of a Lazy module before its first forward (prints ``<UninitializedBuffer>``).
    Mirrors ``torch.nn.parameter.UninitializedBuffer``; ``materialize(shape)`` makes it a plain Tensor."""

    __slots__ = ()
    __torch_function__ = _torch_function.disabled_torch_function_impl  # gradlib refuses uses itself
    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        self = object.__new__(cls)
        storage = _creation.empty(0, device=device, dtype=dtype)
        _init_leaf(self, storage._array, storage._device)
        if requires_grad:
            self.requires_grad_(True)
        return self

    def __init__(self, requires_grad=False, device=None, dtype=None):
        pass


def is_lazy(param):
    """Whether ``param`` is an uninitialized parameter or buffer. Mirrors ``torch.nn.parameter.is_lazy``."""
    return isinstance(param, _UninitializedMixin)

