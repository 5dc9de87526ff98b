"""Reading and writing at index tensors along a dim or through a mask: gather, take_along_dim, index_select,
masked_fill, masked_select, scatter, scatter_add, index_add (``ops/indexing.py`` holds ``x[index]`` and item
assignment, ``ops/scatter_reduce.py`` scatter_reduce and index_put).
"""
from .._numpy_names import numpy_names
from .. import _tensor, backends, dtypes
from ..backends import device_guard
from ..device import CPU
from . import _dims, arithmetic, conversion, indexing, shape as _shape
from ._args import require_tensor
from ._broadcast import broadcast_shapes
from ._op import Op, check_argument_devices, check_broadcastable, saved_sizes
from ..autograd.graph import keep_edges

__all__ = ["gather", "take_along_dim", "index_select", "masked_fill", "masked_select", "scatter", "scatter_add",
           "index_add"]


_INDEX_DTYPE_WORDING = {"gather": "int32/int64", "index_select": "int32 or int64"}


def _check_index_dtype(name, index):
    if index.dtype.name not in ("int64", "int32"):
        raise RuntimeError(f"{name}(): Expected dtype {_INDEX_DTYPE_WORDING.get(name, 'int64')} for index")


class GatherBackward0(indexing.IndexBackward0):
    """``gather`` (and ``take_along_dim``): indexing with one index array per dim."""

    __slots__ = ()


class IndexSelectBackward0(indexing.IndexBackward0):
    """``index_select``: indexing one dim with a vector."""

    __slots__ = ()
    # the index is the last part of the node's index, after a whole slice per dim before it
    saved_scalars = {"dim": lambda node: len(node.index) - 1, "self_sym_sizes": saved_sizes()}


class MaskedSelectBackward0(indexing.IndexBackward0):
    """``masked_select``: indexing with a boolean mask of the input's (broadcast) shape."""

    __slots__ = ()


def _along_dim_index(input, dim, index, op):
    """The advanced-index tuple that picks ``index`` along ``dim`` and the matching position elsewhere, after
    checking ``index`` lies in [0, size) as PyTorch's gather and scatter do (no negative indices)."""
    axis = _dims.normalize_dim(dim, input.ndim)
    # PyTorch compares the dims with a 0-d tensor counted as 1-d: a 0-d index picks one place of a vector
    # (``torch.zeros(10).scatter_(0, torch.tensor(y), value=1)``, the one-hot of the data tutorial).
    if index.ndim != input.ndim and not (index.ndim == 0 and input.ndim == 1):
        if input.ndim == 0 and index.ndim == 1:
            raise RuntimeError(f"{op}(): a 0-d input with a 1-d index is not supported by gradlib; reshape the "
                               "input to 1 element first")
        raise RuntimeError(f"Index tensor must have the same number of dimensions as "
                           f"{'input' if op == 'gather' else 'self'} tensor")
    for d in range(input.ndim):  # PyTorch checks the shapes before the values
        if d != axis and index.shape[d] > input.shape[d]:
            prefix = f"Size does not match at dimension {d} expected index" if op == "gather" else "Expected index"
            raise RuntimeError(f"{prefix} {list(index.shape)} to be no larger than self {list(input.shape)} apart "
                               f"from dimension {axis}")
    size = input.shape[axis] if input.ndim else 1
    _check_range(input, index._array, size, f"{op}(): index along dimension {axis}", lambda value: RuntimeError(
        f"index {value} is out of bounds for dimension {axis} with size {size}"))
    xp = input._device._backend.xp
    parts = []
    for d in range(input.ndim):
        if d == axis:
            parts.append(index._array)
        else:
            if index.shape[d] > input.shape[d]:
                raise RuntimeError(f"Size does not match at dimension {d} expected index {list(index.shape)} to "
                                   f"be smaller than self {list(input.shape)} apart from dimension {axis}")
            shape = [1] * index.ndim
            shape[d] = index.shape[d]
            with device_guard(input._device):
                parts.append(xp.arange(index.shape[d]).reshape(shape))
    return tuple(parts)


def _check_range(input, index, size, what, error):
    """Refuse ``index`` values outside [0, size): ``error(first bad value)`` on the CPU, a deferred check on
    CUDA (see ``Backend.check_bounds``)."""
    backend = input._device._backend
    if size == 0 and index.size and input._device.type != "cpu":
        # Every index is out of range, which the shapes say without reading the data: raise now, before the
        # kernel runs on an empty axis (CuPy raises its own IndexError there).
        raise RuntimeError(f"{what}: an index is out of range [0, 0); PyTorch's CUDA kernel stops here with "
                           "'device-side assert triggered'")
    backend.check_bounds(index, 0, size, what, lambda: error(indexing.first_outside(index, 0, size)))


@numpy_names
def gather(input, dim, index, *, sparse_grad=False):
    """Values of ``input`` at ``index`` along ``dim`` (the gradient scatters back, accumulating repeats).
    ``sparse_grad=True`` is refused (gradlib has no sparse tensors).

    >>> import gradlib
    >>> gradlib.gather(gradlib.tensor([[1., 2.], [3., 4.]]), 1, gradlib.tensor([[0, 0], [1, 0]]))
    tensor([[1., 1.],
            [4., 3.]])
    """
    require_tensor("gather", input)
    require_tensor("gather", index, "index", 3)
    if sparse_grad:
        raise RuntimeError("gather(sparse_grad=True): gradlib has no sparse tensors; use sparse_grad=False")
    check_argument_devices("gather", ("self", input), ("index", index))
    _check_index_dtype("gather", index)
    return indexing._getitem(input, _along_dim_index(input, dim, index, "gather"), GatherBackward0)


@numpy_names
def take_along_dim(input, indices, dim=None):
    """Like ``gather`` but ``indices`` broadcasts against ``input`` (flattened when ``dim`` is None).

    >>> import gradlib
    >>> x = gradlib.tensor([[10., 30., 20.]])
    >>> gradlib.take_along_dim(x, x.argmax(1, keepdim=True), 1)
    tensor([[30.]])
    """
    require_tensor("take_along_dim", input)
    require_tensor("take_along_dim", indices, "indices", 2)
    if indices._device is not input._device:
        raise RuntimeError(f"Expected tensor to have {input._device} Device, but got tensor with {indices._device} "
                           f"Device (while checking arguments for torch.take_along_dim():)")
    if dim is None:
        return gather(_shape.flatten(input), 0, _shape.flatten(indices))
    if input.ndim != indices.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {input.ndim} dimensions for input, and {indices.ndim} dimensions for indices")
    if input.ndim == 0:  # PyTorch wraps the dim first (-1 is 0), then reads its size
        raise IndexError(f"Dimension specified as {_dims.normalize_dim(dim, 0)} but tensor has no dimensions")
    axis = _dims.normalize_dim(dim, input.ndim)
    input_shape = list(input.shape)
    index_shape = list(indices.shape)
    input_shape[axis] = 1
    index_shape[axis] = 1
    common = broadcast_shapes(tuple(input_shape), tuple(index_shape))
    target_input = list(common)
    target_input[axis] = input.shape[axis]
    target_index = list(common)
    target_index[axis] = indices.shape[axis]
    return gather(_shape.broadcast_to(input, target_input), axis, _shape.broadcast_to(indices, target_index))


@numpy_names
def index_select(input, dim, index):
    """The entries ``index`` (1-D) along ``dim``.

    >>> import gradlib
    >>> gradlib.index_select(gradlib.tensor([[1, 2], [3, 4]]), 0, gradlib.tensor([1, 1]))
    tensor([[3, 4],
            [3, 4]])
    """
    require_tensor("index_select", input)
    check_argument_devices("_index_select", ("self", input), ("index", index))
    _check_index_dtype("index_select", index)
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if not index.ndim and input.ndim:
        index = index.reshape(1)  # PyTorch keeps the dim: a 0-d index is a 1-element one
    axis = _dims.normalize_dim(dim, input.ndim)
    if not input.ndim and index.numel() != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {index.numel()} value(s)")
    if input.ndim > 1 and input.shape[axis] == 0 and index.numel():
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    size = input.shape[axis] if input.ndim else 1
    if axis == 1:  # PyTorch's dim-1 kernel words it differently
        error = lambda value: RuntimeError(f"INDICES element is out of DATA bounds, id={value} axis_dim={size}")
    else:
        error = lambda value: IndexError("index out of range in self")
    _check_range(input, index._array, size, f"index_select(): index along dimension {axis}", error)
    return indexing._getitem(input, (slice(None),) * axis + (index._array,), IndexSelectBackward0)


_MASK_DTYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
                     "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char"}


def _fitting_number(value, dtype):
    """A Python number written into an integer tensor as PyTorch converts it once: refused when the dtype cannot
    hold it (``value cannot be converted to type int8_t without overflow``), wrapped otherwise."""
    value = dtypes.plain_scalar(value)
    if dtype is dtypes.bool or value.__class__ not in (int, float):
        return value
    if dtype.is_floating_point:
        dtypes.check_fits(value, dtype)  # 1e300 into float32: PyTorch's overflow error, not inf
        return value
    dtypes.check_fits(value, dtype)
    return dtypes.wrap_integer(value, dtype) if value.__class__ is int else value


#: the C++ names PyTorch's Scalar conversion messages give the integer types
_FIXED_WIDTH = {"int8": "int8_t", "uint8": "uint8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t"}


def masked_fill(input, mask, value):
    """``value`` where ``mask`` is True, else ``input``.

    >>> import gradlib
    >>> x = gradlib.tensor([1., 2., 3.])
    >>> gradlib.masked_fill(x, x > 1, 0.)
    tensor([1., 0., 0.])
    """
    require_tensor("masked_fill", input)
    require_tensor("masked_fill", mask, "mask", 2)
    if isinstance(value, _tensor.Tensor):  # PyTorch reads a value tensor with item(): a 0-d one on any device will do
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.ndim} dimension(s).")
        if input._device is CPU and (mask._device is not CPU or value._device is not CPU):
            raise RuntimeError("masked_fill_: Expected inputs to be on same device")
        if value._device is not input._device and value._device is not CPU:
            value = conversion.to_device(value, input._device)
    if mask._device is not input._device:
        raise RuntimeError(f"expected self and mask to be on the same device, but got mask on {mask._device} and "
                           f"self on {input._device}")
    if mask.dtype.name != "bool":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_MASK_DTYPE_NAMES.get(mask.dtype.name, mask.dtype.name)}")
    check_broadcastable([mask, input])  # in PyTorch's order (it expands the mask first)
    if not input.dtype.is_complex and input.dtype is not dtypes.bool and (
            isinstance(value, complex) or (isinstance(value, _tensor.Tensor) and value.dtype.is_complex)):
        raise RuntimeError(f"value cannot be converted to type {_FIXED_WIDTH.get(input.dtype.name, input.dtype.c_type)}"
                           " without overflow")
    if isinstance(value, _tensor.Tensor):
        return MaskedFillBackward1.apply(input, mask, value)
    return MaskedFillBackward0.apply(input, mask, _fitting_number(value, input.dtype))


class MaskedFillBackward0(Op):
    """``masked_fill`` with a Python number: the number where ``mask`` holds (cast to the input's dtype first, as
    PyTorch does), the input elsewhere; the gradient flows where the mask does not hold."""

    __slots__ = ()
    saved_names = ('mask',)
    output_format = "contiguous"
    cpu_scalars = 0
    public_edges = keep_edges(0)  # the mask gets no edge

    @staticmethod
    def forward(ctx, xp, a, mask, value):
        ctx.save_for_backward(mask)
        out = xp.where(mask, value, a)
        return out if out.dtype == a.dtype else out.astype(a.dtype)

    @staticmethod
    def backward(ctx, P, grad):
        (mask,) = P.saved(ctx)
        return P.where(mask, 0.0, grad), None


class MaskedFillBackward1(Op):
    """``masked_fill`` with a 0-d tensor value, which gets the gradient where ``mask`` holds (summed)."""

    __slots__ = ()
    saved_names = ('mask',)
    output_format = "contiguous"
    cpu_scalars = 1  # the value may be a 0-d CPU tensor beside GPU ones, as PyTorch reads it with item()
    public_edges = keep_edges(0, 2)  # the mask gets no edge

    @staticmethod
    def forward(ctx, xp, a, mask, value):
        ctx.save_for_backward(mask)
        return xp.where(mask, value.astype(a.dtype), a)

    @staticmethod
    def backward(ctx, P, grad):
        (mask,) = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = P.where(mask, 0.0, grad) if needs[0] else None
        grad_value = P.where(mask, grad, 0.0) if needs[2] else None
        return grad_a, None, grad_value


def masked_select(input, mask):
    """The elements where ``mask`` (broadcast with ``input``) is True, as a 1-D tensor.

    >>> import gradlib
    >>> x = gradlib.tensor([[1., 2.], [3., 4.]])
    >>> gradlib.masked_select(x, x > 2)
    tensor([3., 4.])
    """
    require_tensor("masked_select", input)
    require_tensor("masked_select", mask, "mask", 2)
    check_argument_devices("_masked_select", ("self", input), ("mask", mask))
    if mask.dtype is not dtypes.bool:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    check_broadcastable([mask, input])  # PyTorch broadcasts the mask first: its words name the mask a
    shape = broadcast_shapes(tuple(input.shape), tuple(mask.shape))
    return indexing._getitem(_shape.broadcast_to(input, shape), _shape.broadcast_to(mask, shape),
                             MaskedSelectBackward0)


def _sliced_source(src, index):
    """PyTorch reads ``src`` only where ``index`` reaches: the leading part of each dim."""
    if tuple(src.shape) == tuple(index.shape):
        return src
    if index.ndim == 0 and src.ndim == 1:  # a 0-d index reads the vector's first element
        return indexing.getitem(src, 0)
    return indexing.getitem(src, tuple(slice(0, size) for size in index.shape))


@numpy_names
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """``input`` with ``src`` (or ``value``) written at ``index`` along ``dim``.

    ``reduce='add'`` adds instead of writing (as ``scatter_add``), ``reduce='multiply'`` multiplies the values
    there (as ``scatter_reduce(..., 'prod')``); PyTorch gives these forms no gradient, gradlib differentiates them.

    >>> import gradlib
    >>> gradlib.scatter(gradlib.zeros(3), 0, gradlib.tensor([2, 0]), gradlib.tensor([5., 6.]))
    tensor([6., 0., 5.])
    >>> gradlib.zeros(3).scatter(0, gradlib.tensor([0, 0, 2]), 1.5, reduce="add")
    tensor([3.0000, 0.0000, 1.5000])
    >>> gradlib.full((3,), 2.).scatter(0, gradlib.tensor([0, 0, 2]), 1.5, reduce="multiply")
    tensor([4.5000, 2.0000, 3.0000])
    """
    require_tensor("scatter", input)
    require_tensor("scatter", index, "index", 3)
    if reduce is not None:
        return _scatter_reduce_legacy(input, dim, index, src if src is not None else value, reduce)
    if isinstance(src, _tensor.Tensor):
        check_argument_devices("scatter_src", ("self", input), ("index", index), ("src", src))
    else:
        check_argument_devices("scatter_value", ("self", input), ("index", index))
    _check_index_dtype("scatter", index)
    if src is None:
        src = value
    _check_source_dtype(input, src)
    _check_source_size(input, dim, index, src)
    positions = _along_dim_index(input, dim, index, "scatter")
    if isinstance(src, _tensor.Tensor):
        return ScatterBackward0.apply(input, _sliced_source(src, index), positions)
    return ScatterBackward1.apply(input, _fitting_number(src, input.dtype), positions)


class ScatterBackward0(indexing.CopySlices):
    """``scatter`` of a tensor ``src``: written at the positions, whose gradient is the incoming one there."""

    __slots__ = ()


class ScatterBackward1(indexing.CopySlices):
    """``scatter`` of a number ``value``."""

    __slots__ = ()


class ScatterAddBackward0(Op):
    """``input`` with ``src`` added at ``index`` (positions for each element of ``src``; repeats accumulate):
    the input's gradient is the incoming one, ``src``'s the incoming one at its positions."""

    __slots__ = ("index",)

    @staticmethod
    def forward(ctx, xp, a, src, index):
        ctx.index = index
        out = a.copy()
        backends.backend_of_array(out).scatter_add(out, index, src.astype(out.dtype, copy=False))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        grad_src = grad[ctx.index] if ctx.needs_input_grad[1] else None
        return grad, grad_src


class IndexAddBackward0(ScatterAddBackward0):
    """``index_add``: ``source`` added at the entries ``index`` of one dim."""

    __slots__ = ()


def _check_source_dtype(input, src):
    """PyTorch's scatter kernels write ``src`` as it is: no promotion, one dtype."""
    if isinstance(src, _tensor.Tensor) and src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")


def _check_source_size(input, dim, index, src):
    """PyTorch's scatter kernels read ``src`` where ``index`` reaches: ``src`` may not be smaller anywhere."""
    if not isinstance(src, _tensor.Tensor) or src.ndim != index.ndim:
        return
    axis = _dims.normalize_dim(dim, input.ndim)
    if any(i > s for i, s in zip(index.shape, src.shape)):
        raise RuntimeError(f"Expected index {list(index.shape)} to be no larger than self {list(input.shape)} apart "
                           f"from dimension {axis} and to be no larger size than src {list(src.shape)}")


def _scatter_reduce_legacy(input, dim, index, source, reduce):
    """PyTorch's deprecated ``scatter(..., reduce='add' | 'multiply')``."""
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if not isinstance(source, _tensor.Tensor):
        source = _creation_full(index, source, input)
    if reduce == "multiply":  # the product with the values already there: scatter_reduce's 'prod'
        return input.scatter_reduce(dim, index, _sliced_source(source, index), "prod")  # ops/scatter_reduce.py
    return scatter_add(input, dim, index, source)


def _creation_full(index, value, like):
    backend = like._device._backend
    with device_guard(like._device):
        array = backend.xp.full(index.shape, value, dtype=like.dtype.np)
    return _tensor.wrap(array, like._device)


@numpy_names
def scatter_add(input, dim, index, src):
    """``input`` plus ``src`` added at ``index`` along ``dim`` (repeated indices accumulate).

    >>> import gradlib
    >>> gradlib.scatter_add(gradlib.zeros(3), 0, gradlib.tensor([0, 0, 2]), gradlib.tensor([1., 2., 3.]))
    tensor([3., 0., 3.])
    """
    require_tensor("scatter_add", input)
    require_tensor("scatter_add", index, "index", 3)
    check_argument_devices("scatter_add", ("self", input), ("index", index), ("src", src))
    _check_index_dtype("scatter_add", index)
    _check_source_dtype(input, src)
    _check_source_size(input, dim, index, src)
    positions = _along_dim_index(input, dim, index, "scatter_add")
    return ScatterAddBackward0.apply(input, _sliced_source(src, index), positions)


@numpy_names
def index_add(input, dim, index, source, *, alpha=1):
    """``input`` plus ``alpha * source`` added at the entries ``index`` of ``dim`` (repeats accumulate).

    >>> import gradlib
    >>> gradlib.index_add(gradlib.zeros(3, 2), 0, gradlib.tensor([0, 0]), gradlib.ones(2, 2))
    tensor([[2., 2.],
            [0., 0.],
            [0., 0.]])
    """
    require_tensor("index_add", input)
    require_tensor("index_add", index, "index", 3)
    check_argument_devices("index_add", ("self", input), ("index", index), ("source", source))
    axis = _dims.normalize_dim(dim, input.ndim)
    check_index_arguments("index_add_", input, axis, index, source)
    size = input.shape[axis] if input.ndim else 1
    if input.ndim > 1 and alpha == 1 and axis in (0, input.ndim - 1):  # PyTorch's CPU kernel takes index_put_ then
        error = lambda value: RuntimeError(f"index {value} is out of bounds for dimension {axis} with size {size}")
    else:
        error = lambda value: IndexError("index out of range in self")
    _check_range(input, index._array, size, f"index_add(): index along dimension {axis}", error)
    if input.dtype is not dtypes.bfloat16:  # PyTorch converts alpha to the dtype (bfloat16's kernel unchecked)
        dtypes.check_scalar_fits(alpha, input.dtype)
    if alpha != 1:
        source = arithmetic.mul(source, alpha)
    if not input.ndim:  # its one element, at index 0
        return arithmetic.add(input, _shape.reshape(source, ()))
    if not index.ndim or not source.ndim:  # one index: a 1-element vector, and a 0-d source gives its element
        index = _shape.reshape(index, (-1,))
        source = _shape.reshape(source, tuple(1 if d == axis else n for d, n in enumerate(input.shape)))
    return IndexAddBackward0.apply(input, source, (slice(None),) * axis + (index._array,))


def check_index_arguments(name, input, axis, index, source):
    """PyTorch's checks of index_add/index_copy/index_reduce's arguments (``name``: ``index_add_`` ...), in its
    order and words."""
    if index.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector, but got dim: {index.ndim} with type: "
                         f"{index.dtype.scalar_type} and size: {list(index.shape)}")
    if index.dtype.name not in ("int64", "int32"):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index but got: "
                           f"{index.dtype.scalar_type}")
    if input.dtype is not source.dtype:
        raise RuntimeError(f"{name}(): self ({input.dtype.scalar_type}) and source "
                           f"({source.dtype.scalar_type}) must have the same scalar type")
    if axis and axis >= source.ndim:
        raise RuntimeError(f"{name}(): Indexing dim {axis} is out of bounds of the source tensor with dim "
                           f"{source.ndim}")
    count = source.shape[axis] if source.ndim else 1
    if index.numel() != count:
        raise RuntimeError(f"{name}(): Number of indices ({index.numel()}) should be equal to source.size(dim): "
                           f"({count}), for dim: {axis}")
    self_sizes = list(input.shape)
    source_sizes = list(source.shape)
    if input.ndim and source.ndim:
        del self_sizes[axis], source_sizes[axis]
    if self_sizes != source_sizes:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(input.shape)} source.shape = {list(source.shape)}")
