"""Questions about a tensor (or any object) that PyTorch answers with Python values: ``is_signed``, ``is_nonzero``,
``is_same_size``, ``is_neg``/``resolve_neg``, ``is_inference``, ``typename``, ``is_storage`` (helper elem10).

Each ``torch.<name>(input)`` is also ``Tensor.<name>()`` (``_tensor_methods_more.py``), and refuses a non-tensor
``input`` with PyTorch's TypeError. gradlib never makes a view with a pending negation (PyTorch's negative bit,
set only on the imaginary part of a lazily conjugated complex tensor, which gradlib materializes), so ``is_neg``
is False and ``resolve_neg`` returns its input, as PyTorch's does for every tensor without that bit.
"""
from . import _tensor, storage
from .ops._args import require_tensor

__all__ = ["is_signed", "is_nonzero", "is_same_size", "is_neg", "resolve_neg", "is_inference", "typename",
           "is_storage"]


def is_signed(input):
    """Whether ``input``'s dtype is signed (every floating and complex dtype and the signed integers; not bool or
    uint8), as ``torch.is_signed``.

    >>> import gradlib
    >>> gradlib.is_signed(gradlib.tensor([1])), gradlib.tensor([1], dtype=gradlib.uint8).is_signed()
    (True, False)
    """
    require_tensor("is_signed", input)
    return input.dtype.is_signed


def is_nonzero(input):
    """Whether the one element of ``input`` is not zero (NaN counts as nonzero), as ``torch.is_nonzero``; reads
    the value on the host, as PyTorch does. RuntimeError for an empty tensor ("Boolean value of Tensor with no
    values is ambiguous") or one of several elements ("... with more than one value is ambiguous").

    >>> import gradlib
    >>> gradlib.is_nonzero(gradlib.tensor([0.])), gradlib.is_nonzero(gradlib.tensor([[2]]))
    (False, True)
    """
    require_tensor("is_nonzero", input)
    return bool(input)


def is_same_size(input, other):
    """Whether the two tensors have the same shape (``torch.is_same_size``).

    >>> import gradlib
    >>> gradlib.is_same_size(gradlib.zeros(2, 3), gradlib.ones(2, 3, dtype=gradlib.int64))
    True
    """
    require_tensor("is_same_size", input)
    require_tensor("is_same_size", other, "other", 2)
    return tuple(input.shape) == tuple(other.shape)


def is_neg(input):
    """Whether ``input`` is a view with a pending negation (``torch.is_neg``): never in gradlib (see the module
    docstring).

    >>> import gradlib
    >>> gradlib.is_neg(-gradlib.ones(2))
    False
    """
    require_tensor("is_neg", input)
    return False


def resolve_neg(input):
    """``input`` with any pending negation applied (``torch.resolve_neg``): ``input`` itself, since gradlib
    never defers one.

    >>> import gradlib
    >>> x = gradlib.tensor([1., -2.])
    >>> gradlib.resolve_neg(x) is x
    True
    """
    require_tensor("resolve_neg", input)
    return input


def is_inference(input):
    """Whether ``input`` was made in ``inference_mode`` (``torch.is_inference``).

    >>> import gradlib
    >>> with gradlib.inference_mode():
    ...     x = gradlib.ones(1)
    >>> gradlib.is_inference(x), gradlib.is_inference(gradlib.ones(1))
    (True, False)
    """
    require_tensor("is_inference", input)
    return input.is_inference()


def typename(obj):
    """The type name PyTorch prints for ``obj`` (``torch.typename``): a tensor's legacy type
    (``torch.FloatTensor``, ``torch.cuda.LongTensor``), otherwise the module-qualified name of ``obj`` (a class
    or function) or of its class (``builtins`` left out).

    >>> import gradlib
    >>> gradlib.typename(gradlib.zeros(1)), gradlib.typename(3.5)
    ('torch.FloatTensor', 'float')
    """
    if isinstance(obj, _tensor.Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    if module in ("", "builtins"):
        return qualname
    return f"{module}.{qualname}"


def is_storage(obj):
    """Whether ``obj`` is a storage (``UntypedStorage`` or ``TypedStorage``), as ``torch.is_storage``.

    >>> import gradlib
    >>> x = gradlib.zeros(2)
    >>> gradlib.is_storage(x.untyped_storage()), gradlib.is_storage(x)
    (True, False)
    """
    return isinstance(obj, (storage.UntypedStorage, storage.TypedStorage))
