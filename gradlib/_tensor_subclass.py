"""Tensor subclasses: ``Tensor.__torch_function__`` (PyTorch's default handler), ``as_subclass``,
``Tensor._make_subclass`` and the hook that makes the protocol live when a subclass is defined.

A base class of ``Tensor`` (the protocol itself is ``gradlib/_torch_function.py``; the public API
``gradlib.overrides``).

>>> import gradlib
>>> class Tagged(gradlib.Tensor):
...     pass
>>> x = gradlib.tensor([1., 2.]).as_subclass(Tagged)
>>> type(x * 2).__name__, type(x.sum()).__name__, type(gradlib.exp(x)).__name__
('Tagged', 'Tagged', 'Tagged')
"""
from . import _tensor, _torch_function
from .ops import indexing

__all__ = ["SubclassMethods"]


class SubclassMethods:
    """The subclass protocol of ``Tensor`` (the class inherits it)."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if vars(_tensor).get("Tensor") is not None and _torch_function.is_live(cls):  # (not Tensor itself)
            _torch_function.activate()  # from now on, public calls look for overrides (nothing did before)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        """PyTorch's default handler: when every type in ``types`` is a superclass of ``cls``, run ``func`` with
        the overrides disabled and return its Tensors (also inside tuples and lists) as ``cls`` instances (what a
        subclass that does not override it gets: ``MyTensor`` in, ``MyTensor`` out); ``NotImplemented``
        otherwise. ``x.grad`` is returned as it is. Subclasses extend it with
        ``super().__torch_function__(func, types, args, kwargs)``.

        >>> import gradlib
        >>> class Logged(gradlib.Tensor):
        ...     @classmethod
        ...     def __torch_function__(cls, func, types, args=(), kwargs=None):
        ...         print(func.__name__)
        ...         return super().__torch_function__(func, types, args, kwargs)
        >>> y = gradlib.ones(2).as_subclass(Logged).exp()
        exp
        >>> type(y).__name__
        'Logged'
        """
        return _torch_function.default_torch_function(cls, func, types, args, kwargs)

    def as_subclass(self, cls):
        """This tensor's data as a ``cls`` instance (``cls`` a subclass of ``Tensor``): an alias sharing the data
        and the version counter, attached to the graph (``AliasBackward0`` when it requires grad), as
        ``torch.Tensor.as_subclass``; ``cls.__init__`` is not called.

        >>> import gradlib
        >>> class MyTensor(gradlib.Tensor):
        ...     pass
        >>> a = gradlib.ones(2, requires_grad=True)
        >>> b = a.as_subclass(MyTensor)
        >>> type(b).__name__, b.grad_fn.name()
        ('MyTensor', 'AliasBackward0')
        """
        Tensor = _tensor.Tensor
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise TypeError(f"as_subclass(): argument 'cls' must be a subclass of Tensor, not "
                            f"{type(cls).__name__ if not isinstance(cls, type) else cls.__name__}")
        with _torch_function.DisableTorchFunction():
            alias = indexing.getitem(self, Ellipsis)
        return _rehome(alias, cls)

    @staticmethod
    def _make_subclass(cls, data, require_grad=False, dispatch_strides=False, dispatch_device=False,
                       device_for_backend_keys=None):
        """``torch.Tensor._make_subclass``: a ``cls`` leaf sharing ``data``'s storage and version counter
        (``data`` detached), requiring grad when ``require_grad`` (how ``Parameter``-like subclasses are built).

        >>> import gradlib
        >>> class Weight(gradlib.Tensor):
        ...     def __new__(cls, data):
        ...         return gradlib.Tensor._make_subclass(cls, data, True)
        >>> w = Weight(gradlib.zeros(2))
        >>> type(w).__name__, w.requires_grad, w.is_leaf
        ('Weight', True, True)
        """
        Tensor = _tensor.Tensor
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise TypeError(f"cls must be a type (got {cls})")
        with _torch_function.DisableTorchFunction():
            detached = data.detach()
        made = _rehome(detached, cls)
        if require_grad:
            with _torch_function.DisableTorchFunction():
                made.requires_grad_(True)
        return made


def _rehome(tensor, cls):
    """A ``cls`` instance holding ``tensor``'s state (its slots), without calling ``cls.__new__``/``__init__``."""
    made = object.__new__(cls)
    for name in _tensor.Tensor.__slots__[:-2]:  # the state slots, not __dict__ and __weakref__
        setattr(made, name, getattr(tensor, name))
    return made
