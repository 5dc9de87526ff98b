"""What gradlib's sparse layouts share: the storage stand-in, autograd through the values, conversions, refusals.

A sparse tensor (``SparseCooTensor``, ``SparseCsrTensor``) is a ``Tensor`` whose data are index tensors and a dense
``values`` tensor, all on the tensor's device (the backend's ``xp`` arrays: one code path serves the CPU and CUDA).

Autograd. Every sparse op is a composition of dense differentiable ops on the values (index_select, index_add,
scatter_reduce), so gradients, and gradients of gradients, come from the dense ops' rules. A sparse tensor made
from values that require grad is a non-leaf whose history is the values' history. A sparse *leaf*
(``requires_grad=True`` at construction, ``requires_grad_()``) owns a dense leaf of values; its ``.grad`` is, as in
PyTorch, a coalesced sparse tensor of the pattern's gradient (``gradlib.sparse.mm``, ``sparse.sum``,
``to_dense``). ``gradlib.mm(sparse, dense)`` and ``sparse @ dense`` give a sparse leaf a *dense* gradient, as
PyTorch's MmBackward0 does; they reach it through a second leaf of the tensor's shape (a zero-strided view, no
memory) multiplied into the result.

Everything a dense op would read from ``Tensor.array`` meets ``SparseStorage``, which knows the shape and dtype and
refuses the data with PyTorch's NotImplementedError, so no dense op silently computes on a sparse tensor.
"""
import numpy

from . import _shape_only, _tensor, _torch_function, dtypes

__all__ = ["SparseStorage", "SparseTensorBase", "not_supported", "make_sparse"]


def not_supported(what, device):
    """PyTorch's NotImplementedError for an op that has no kernel for a sparse layout."""
    backend = "SparseCUDA" if device.type == "cuda" else "SparseCPU"
    return NotImplementedError(
        f"Could not run '{what}' with arguments from the '{backend}' backend. This could be because the operator "
        f"doesn't exist for this backend (gradlib's sparse tensors support to_dense, coalesce, indices/values, "
        f"gradlib.sparse.mm/sum/softmax, mm/matmul with a dense matrix, +, -, * and / by scalars and a few "
        f"zero-preserving unary ops; convert with .to_dense() first)")


class SparseStorage(_shape_only.ShapeOnlyArray):
    """What a sparse tensor holds where a dense one holds its array: the shape and dtype the Tensor properties
    read, and a refusal for anything that would read data (a dense op given a sparse tensor)."""

    __slots__ = ("shape", "dtype", "device")

    def __init__(self, shape, dtype, device):
        self.shape = tuple(shape)
        self.dtype = numpy.dtype(dtype)
        self.device = device

    def __array__(self, dtype=None, copy=None):
        raise not_supported("a dense operation", self.device)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise not_supported(f"aten::{name}", self.device)


def make_sparse(cls, shape, dtype_np, device):
    """A bare instance of the sparse class ``cls`` (its layout fields set by the caller)."""
    tensor = object.__new__(cls)
    tensor._array = SparseStorage(shape, dtype_np, device)
    tensor._device = device
    tensor._grad_fn = None
    tensor._requires_grad = False
    tensor._output_nr = 0
    tensor._vc = None
    tensor._grad = None
    tensor._base = None
    tensor._grad_accumulator = None
    tensor._is_inference = False
    tensor._hooks = None
    tensor._view_version = None
    tensor._owns_values = False
    tensor._shadow = None
    return tensor


def _refused(name):
    """A Tensor method a sparse tensor refuses with PyTorch's NotImplementedError naming ``aten::name``."""
    def method(self, *args, **kwargs):
        raise not_supported(f"aten::{name}", self._device)
    method.__name__ = name
    method.__doc__ = f"Refused on sparse tensors (no sparse kernel for {name}), as PyTorch."
    return method


class SparseTensorBase(_tensor.Tensor):
    """The part of a sparse tensor that does not depend on the layout (see the module docstring)."""

    __torch_function__ = _torch_function.disabled_torch_function_impl  # gradlib's own layout, no dispatch

    __slots__ = ("_values_t", "_owns_values", "_shadow")

    #: the word in PyTorch's legacy type string (``torch.sparse.FloatTensor``)
    _type_infix = "sparse"

    # ----- autograd: through the values tensor ------------------------------------------------------
    @property
    def requires_grad(self):
        return self._values_t.requires_grad or self._shadow is not None

    @requires_grad.setter
    def requires_grad(self, value):
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad=True):
        """Make this sparse tensor a leaf that requires grad (it then owns a leaf of its values)."""
        values = self._values_t
        if values.grad_fn is not None and not self._owns_values:
            if requires_grad:
                return self
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad and not values.requires_grad:
            self._values_t = values.detach().requires_grad_()
            self._owns_values = True
        elif not requires_grad:
            self._values_t = values.detach()
            self._owns_values = False
            self._shadow = None
        return self

    @property
    def grad_fn(self):
        if self._owns_values:
            return None
        return self._values_t.grad_fn

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def detach(self):
        """The same indices and values, out of the graph."""
        return self._with_values(self._values_t.detach())

    def _values_for_dense_gradient(self):
        """The values to compute with in an op whose gradient for a sparse leaf is dense (``mm``): detached for
        a leaf, whose gradient then comes through ``dense_gradient_leaf``; the values' own graph otherwise."""
        if self._owns_values:
            return self._values_t.detach()
        return self._values_t

    def dense_gradient_leaf(self):
        """The leaf through which a dense gradient reaches this sparse leaf (None when it is not one): a
        zero-strided zero view of the tensor's shape, made once."""
        if not self._owns_values:
            return None
        if self._shadow is None:
            xp = self._device._backend.xp
            with self._device._backend.guard(self._device):
                zero = xp.zeros((), dtype=self._array.dtype)
                array = xp.broadcast_to(zero, self._array.shape)
            shadow = _tensor.wrap(array, self._device)
            shadow.requires_grad_()
            self._shadow = shadow
        return self._shadow

    @property
    def grad(self):
        sparse = None
        if self._owns_values and self._values_t._grad is not None:
            sparse = self._gradient_from_values(self._values_t._grad)
        dense = self._shadow.grad if self._shadow is not None else None
        if dense is None:
            return sparse
        if sparse is None:
            return dense
        return dense + sparse.to_dense()

    @grad.setter
    def grad(self, value):
        if value is not None:
            raise RuntimeError("gradlib's sparse tensors take only None as .grad (backward fills it)")
        del self.grad

    @grad.deleter
    def grad(self):
        if self._owns_values:
            self._values_t.grad = None
        if self._shadow is not None:
            self._shadow.grad = None

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        raise RuntimeError("gradlib's sparse tensors cannot start a backward pass: reduce them first "
                           "(gradlib.sparse.sum, .to_dense())")

    # ----- conversions ------------------------------------------------------------------------------
    def to(self, *args, **kwargs):
        """The same layout with converted values and/or on another device (copies when it moves)."""
        kwargs.pop("memory_format", None)
        target_device, target_dtype, _ = _tensor._parse_to(self, args, kwargs)
        values = self._values_t
        if target_dtype is not None:
            values = values.to(target_dtype)
        if target_device is not None and target_device != self._device:
            return self._moved(values.to(target_device), target_device)
        if values is self._values_t:
            return self
        return self._with_values(values)

    def cpu(self, memory_format=None):
        return self.to("cpu")

    def float(self, memory_format=None):
        return self.to(dtypes.float32)

    def double(self, memory_format=None):
        return self.to(dtypes.float64)

    def half(self, memory_format=None):
        return self.to(dtypes.float16)

    def long(self, memory_format=None):
        return self.to(dtypes.int64)

    def int(self, memory_format=None):
        return self.to(dtypes.int32)

    def bool(self, memory_format=None):
        return self.to(dtypes.bool)

    def type(self, dtype=None, non_blocking=False):
        """PyTorch's legacy type name (``'torch.sparse.FloatTensor'``), or this tensor converted to ``dtype``."""
        if dtype is None:
            prefix = "torch.cuda." if self._device.type == "cuda" else "torch."
            return f"{prefix}{self._type_infix}.{dtypes.from_np(self._array.dtype).legacy_name}"
        return self.to(dtype)

    def clone(self, memory_format=None):
        """A copy of the indices and values (differentiable through the values)."""
        return self._with_values(self._values_t.clone(), copy_indices=True)

    def to_sparse(self, *args, layout=None, **kwargs):
        return self._to_coo()

    # ----- what a sparse tensor does not have -------------------------------------------------------
    def numpy(self, *, force=False):
        raise TypeError("can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.")

    def tolist(self):
        raise RuntimeError("Cannot access data pointer of Tensor that doesn't have storage")

    def data_ptr(self):
        raise RuntimeError("Cannot access data pointer of Tensor that doesn't have storage")

    def untyped_storage(self):
        raise NotImplementedError("Cannot access storage of SparseTensorImpl")

    storage = untyped_storage

    def item(self):
        if self._array.size != 1:
            raise RuntimeError(f"a Tensor with {self._array.size} elements cannot be converted to Scalar")
        return self.to_dense().item()

    def is_contiguous(self, memory_format=None):
        return False

    def view(self, *shape):
        raise not_supported("aten::view", self._device)

    def reshape(self, *shape):
        raise RuntimeError("reshape is not implemented for sparse tensors")

    def contiguous(self, memory_format=None):
        raise RuntimeError("unsupported memory format option Contiguous")

    def __getitem__(self, index):
        raise not_supported("aten::index.Tensor", self._device)

    def __setitem__(self, index, value):
        raise not_supported("aten::index_put_", self._device)

    def __iter__(self):
        raise not_supported("aten::unbind.int", self._device)

    def __deepcopy__(self, memo):
        copied = self.clone().detach()
        if self.requires_grad and self.is_leaf:
            copied.requires_grad_()
        memo[id(self)] = copied
        return copied

    # dense ops with no sparse kernel in PyTorch either
    exp = _refused("exp")
    log = _refused("log")
    mean = _refused("mean.dim")
    max = _refused("max")
    min = _refused("min")
    softmax = _refused("_softmax")
    log_softmax = _refused("_log_softmax")
    sigmoid = _refused("sigmoid")
    cos = _refused("cos")
    expand = _refused("expand")
    permute = _refused("permute")
    flatten = _refused("flatten")
    unsqueeze = _refused("unsqueeze")
    squeeze = _refused("squeeze")
    cumsum = _refused("cumsum")
    prod = _refused("prod")
    argmax = _refused("argmax")
    argmin = _refused("argmin")
    std = _refused("std")
    var = _refused("var")
    index_select = _refused("index_select")
    gather = _refused("gather")
    masked_fill = _refused("masked_fill")
    fill_ = _refused("fill_")
    add_ = _refused("add_")
    mul_ = _refused("mul_")
    copy_ = _refused("copy_")

    def __reduce_ex__(self, protocol):
        raise NotImplementedError("gradlib cannot pickle or save sparse tensors yet; save .indices() and "
                                  ".values() (or .to_dense())")
