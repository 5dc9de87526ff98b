"""``Tensor.untyped_storage()`` and ``Tensor.storage()``: the block of memory a tensor views, as PyTorch's
``UntypedStorage`` (its bytes) and ``TypedStorage`` (its elements in the tensor's dtype; deprecated in PyTorch,
which warns, as gradlib does).

A storage is the whole allocation, whatever part of it the tensor sees: ``x.t().storage()`` lists ``x``'s
elements in memory order, and writing ``storage[i] = v`` changes every tensor viewing that memory. As in
PyTorch, each allocation has one ``UntypedStorage`` object while any reference to it lives, so
``a.untyped_storage() is a.t().untyped_storage()``. Reading elements (indexing, ``tolist()``, iterating,
printing) copies them to the host: on a CUDA device these are explicit transfers, as ``.item()`` and
``.tolist()`` are; writing one element from a Python number copies nothing to the host.
"""
import weakref

from . import backends
from . import _public_name
from ._warn_once import warn_once

__all__ = ["UntypedStorage", "TypedStorage", "untyped_storage_of", "typed_storage_of"]

#: the one UntypedStorage of each live allocation, by the id of the array owning it (the storage holds the
#: array, so the id cannot be reused while the entry lives)
_UNTYPED = weakref.WeakValueDictionary()


def untyped_storage_of(tensor):
    """``tensor.untyped_storage()``."""
    backend = tensor._device._backend
    owner = backend.owner(tensor._array)
    storage = _UNTYPED.get(id(owner))
    if storage is None or storage._owner is not owner:
        storage = UntypedStorage(owner, tensor._device)
        _UNTYPED[id(owner)] = storage
    return storage


def typed_storage_of(tensor):
    """``tensor.storage()``: warns as PyTorch does (TypedStorage is deprecated)."""
    warn_once("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only "
              "storage class. This should only matter to you if you are using storages directly.  To access "
              "UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()", stacklevel=3)
    return TypedStorage(untyped_storage_of(tensor), tensor.dtype)


def _flat_bytes(owner, xp):
    if not (owner.flags.c_contiguous or owner.flags.f_contiguous):
        raise RuntimeError("gradlib: this tensor's memory is not one contiguous block; it has no storage view")
    return owner.reshape(-1, order="A").view(xp.uint8)


def _position(index, size):
    if not isinstance(index, int):
        raise TypeError(f"can't index a storage with {type(index).__name__}")
    if not -size <= index < size:  # PyTorch names a negative index after adding the size
        raise IndexError(f"index {index + size if index < 0 else index} out of range for storage of size {size}")
    return index + size if index < 0 else index


class _Storage:
    """What both storage kinds share: the device, the host reads and PyTorch's printing."""

    __slots__ = ()

    @property
    def device(self):
        return self._device

    @property
    def is_cuda(self):
        return self._device.type == "cuda"

    def __len__(self):
        return self.size()

    def tolist(self):
        """The elements as Python numbers (a host copy)."""
        return self._device._backend.to_numpy(self._elements()).tolist()

    def __iter__(self):
        return iter(self.tolist())

    def __getitem__(self, index):
        position = _position(index, self.size())
        return self._device._backend.to_numpy(self._elements()[position:position + 1]).tolist()[0]

    def __setitem__(self, index, value):
        size = self.size()
        if isinstance(index, int) and not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {size}")
        with backends.device_guard(self._device):  # the write is a kernel on the storage's GPU
            self._elements()[_position(index, size)] = value

    def __repr__(self):
        body = " " + "\n ".join(str(value) for value in self.tolist())
        return f"{body}\n[{self._description()} of size {self.size()}]"

    __str__ = __repr__


class UntypedStorage(_Storage):
    """The bytes of one allocation (see the module's docstring): ``nbytes()``/``size()`` bytes, indexed as ints
    0..255; ``data_ptr()`` is the allocation's address.

    >>> import gradlib
    >>> points = gradlib.tensor([[4.0, 1.0], [5.0, 3.0]])
    >>> storage = points.untyped_storage()
    >>> storage.nbytes(), storage is points.t().untyped_storage(), list(storage)[:4]
    (16, True, [0, 0, 128, 64])
    """

    __slots__ = ("_owner", "_device", "__weakref__")

    def __init__(self, owner, device):
        self._owner = owner
        self._device = device

    def _elements(self):
        return _flat_bytes(self._owner, self._device._backend.xp)

    def nbytes(self):
        return int(self._owner.nbytes)

    def size(self):
        return self.nbytes()

    def element_size(self):
        return 1

    def data_ptr(self):
        return self._device._backend.data_ptr(self._owner)

    def type(self):
        return "torch.storage.UntypedStorage"

    def _description(self):
        return f"{_public_name.PREFIX}storage.UntypedStorage(device={self._device})"


class TypedStorage(_Storage):
    """The elements of one allocation in a dtype (``tensor.storage()``): ``size()`` elements, indexed as Python
    numbers; ``untyped()`` is the allocation's ``UntypedStorage``.

    >>> import warnings, gradlib
    >>> points = gradlib.tensor([[4.0, 1.0], [5.0, 3.0]])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     storage = points.t().storage()
    >>> storage[1], storage.size(), storage.dtype
    (1.0, 4, gradlib.float32)
    >>> storage[1] = 2.0
    >>> points
    tensor([[4., 2.],
            [5., 3.]])
    """

    __slots__ = ("_untyped", "dtype")

    def __init__(self, untyped, dtype):
        self._untyped = untyped
        self.dtype = dtype

    @property
    def _device(self):
        return self._untyped._device

    def _elements(self):
        return self._untyped._elements().view(self.dtype.np)

    def untyped(self):
        return self._untyped

    def size(self):
        return self._untyped.nbytes() // self.dtype.itemsize

    def nbytes(self):
        return self._untyped.nbytes()

    def element_size(self):
        return self.dtype.itemsize

    def data_ptr(self):
        return self._untyped.data_ptr()

    def type(self):
        return f"torch.{'cuda.' if self.is_cuda else ''}{self.dtype.scalar_type}Storage"

    def _description(self):
        return f"{_public_name.PREFIX}storage.TypedStorage(dtype={self.dtype!r}, device={self._device})"

