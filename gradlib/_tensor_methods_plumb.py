"""The named methods of ``Tensor`` for tensor plumbing (issue 15, helper plumb10): strided views
(``ops/strided.py``), writing at indices (``ops/index_write.py``), more splits (``ops/split_more.py``), the
histogram (``ops/histogram.py``), device queries and the legacy ``Tensor.new``. Each delegates to the function of
the same name (see those for shapes, dtypes and errors); in-place forms go through ``Tensor._inplace`` (or
``_view_inplace`` for ``as_strided_``) as the others in ``gradlib/autograd/inplace.py``.
"""
from . import _creation, _tensor
from ._numpy_names import numpy_names
from .ops import histogram as _histogram, index_write, split_more, strided

__all__ = ["PlumbingTensorMethods"]


class PlumbingTensorMethods:
    """Named methods of ``Tensor``, plumbing (the class inherits them)."""

    __slots__ = ()

    # ----- strides and storage ----------------------------------------------------------------------------------
    def as_strided(self, size, stride, storage_offset=None):
        return strided.as_strided(self, size, stride, storage_offset)

    def as_strided_(self, size, stride, storage_offset=None):
        return self._view_inplace(strided.as_strided_inplace, size, stride, storage_offset)

    def as_strided_scatter(self, src, size, stride, storage_offset=None):
        return strided.as_strided_scatter(self, src, size, stride, storage_offset)

    def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                          pin_memory=False):
        return strided.empty_strided(size, stride, dtype=dtype or self.dtype, device=device or self._device,
                                     requires_grad=requires_grad)

    def new(self, *args, data=None, other=None, size=None, storage=None, device=None):
        """The legacy constructor (``torch.Tensor.new``): sizes give an uninitialized tensor of this tensor's
        dtype and device, a sequence gives its values, a tensor of this dtype is shared, no argument an empty
        tensor (the keywords ``data``, ``other`` and ``size`` name the same). TypeError, as PyTorch, for a number
        or a tensor of another dtype; ``storage`` is refused (gradlib builds no tensor on a storage object)."""
        if storage is not None:
            raise TypeError("new(): gradlib does not build a tensor on a storage object; use torch.frombuffer or "
                            "Tensor.set_ instead")
        if size is not None:
            args = tuple(size)
        elif data is not None or other is not None:
            args = (data if data is not None else other,)
        device = self._device if device is None else device
        if not args:
            return _creation.empty(0, dtype=self.dtype, device=device)
        first = args[0]
        if len(args) == 1 and isinstance(first, _tensor.Tensor):
            if first.dtype is not self.dtype:
                raise TypeError(_options_error(self, first.dtype))
            return first.detach() if first._device == device else first.to(device).detach()
        if all(isinstance(size, int) for size in args):
            return _creation.empty(*args, dtype=self.dtype, device=device)
        if len(args) == 1 and isinstance(first, (list, tuple)):
            if type(first).__name__ == "Size":
                return _creation.empty(*first, dtype=self.dtype, device=device)
            return _creation.tensor(first, dtype=self.dtype, device=device)
        raise TypeError(f"new(): data must be a sequence (got {type(first).__name__})")

    # ----- writing at indices -----------------------------------------------------------------------------------
    @numpy_names
    def index_copy(self, dim, index, source):
        return index_write.index_copy(self, dim, index, source)

    @numpy_names
    def index_copy_(self, dim, index, source):
        return self._inplace(lambda s: index_write.index_copy(s, dim, index, source))

    def put(self, index, source, accumulate=False):
        return index_write.put(self, index, source, accumulate)

    def put_(self, index, source, accumulate=False):
        return self._inplace(lambda s: index_write.put(s, index, source, accumulate))

    def masked_scatter(self, mask, source):
        return index_write.masked_scatter(self, mask, source)

    def masked_scatter_(self, mask, source):
        return self._inplace(lambda s: index_write.masked_scatter(s, mask, source))

    # ----- splits -------------------------------------------------------------------------------------------------
    @numpy_names
    def split_with_sizes(self, split_sizes, dim=0):
        return split_more.split_with_sizes(self, split_sizes, dim)

    @numpy_names
    def unsafe_split(self, split_size, dim=0):
        return split_more.unsafe_split(self, split_size, dim)

    @numpy_names
    def unsafe_split_with_sizes(self, split_sizes, dim=0):
        return split_more.unsafe_split_with_sizes(self, split_sizes, dim)

    @numpy_names
    def unsafe_chunk(self, chunks, dim=0):
        return split_more.unsafe_chunk(self, chunks, dim)

    # ----- the histogram and device queries ---------------------------------------------------------------------
    def histogram(self, bins=100, *, range=None, weight=None, density=False):
        return _histogram.histogram(self, bins, range=range, weight=weight, density=density)

    @property
    def is_cpu(self):
        """Whether the tensor is in host memory (``torch.Tensor.is_cpu``)."""
        return self._device.type == "cpu"

    def get_device(self):
        """The index of the tensor's GPU, -1 on the CPU (``torch.Tensor.get_device``)."""
        return -1 if self._device.type == "cpu" else self._device.index


def _options_error(tensor, other):
    names = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "bool": "bool"}
    options = "TensorOptions(dtype={}, device={}, layout=Strided, requires_grad=false (default), " \
              "pinned_memory=false (default), memory_format=(nullopt))"
    return (f"expected {options.format(names.get(tensor.dtype.name, tensor.dtype.name), tensor._device.type)} "
            f"(got {options.format(names.get(other.name, other.name), tensor._device.type)})")


def get_device(input):
    """``input.get_device()`` (``torch.get_device``): -1 on the CPU, else the GPU's index.

    >>> import gradlib
    >>> gradlib.get_device(gradlib.ones(2, device='cpu'))
    -1
    """
    if not isinstance(input, _tensor.Tensor):
        raise TypeError(f"get_device(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.get_device()

