"""Indexing: ``tensor[index]`` and the scatter that is its gradient.

Indices may be ints, slices (with steps), None, Ellipsis, boolean masks and
integer tensors or lists, combined as in PyTorch. The gradient scatters back into
zeros of the input's shape; with integer-array indices repeated positions
accumulate.

Out-of-range indices (here, in gather/scatter/index_select/index_add, embedding,
nll_loss and one_hot) raise PyTorch's exception on the CPU. On CUDA the check runs
on the GPU without waiting for it, and the next synchronization (``.item()``,
``.tolist()``, ``.cpu()``, printing, ``gradlib.cuda.synchronize()``) raises a
RuntimeError naming the op: see ``CupyBackend.check_bounds``.
"""
import builtins
import math
import warnings

from .. import _layout, _tensor, backends, dtypes
from ..autograd.grad_mode import state as _grad_state
from ..autograd.graph import wrapped_number_edges
from ..backends import device_guard
from ..device import CPU
from . import conversion
from ._args import require_tensor
from ._broadcast import broadcast_shapes
from ._op import Op, iterator_device, symint as _as_symint

__all__ = ["getitem", "index_add_into", "setitem_operands", "setitem_result"]


def _is_advanced(part):
    return not (part is None or part is Ellipsis or isinstance(part, (int, slice)))


class _IndexOp(Op):
    __slots__ = ("index", "advanced")

    @staticmethod
    def forward(ctx, xp, a, index, advanced, keep_positions=False):
        ctx.advanced = advanced
        if _mask_of(index) is None and any(_is_mask(part) and part.ndim for part in index):
            # a mask among other index arrays: its positions (one nonzero, the sync PyTorch makes too), so that
            # neither the library's indexing nor backward counts its Trues again
            index = _nonzero_positions(index)
        out = a[index]
        if out.__class__ is not a.__class__:  # NumPy's scalar for ints only: the 0-d view PyTorch's select gives
            out = a[(index if index.__class__ is tuple else (index,)) + (Ellipsis,)]
        elif not advanced and index.__class__ is tuple and any(part is None for part in index) and out.size and \
                min(a.strides, default=0) >= 0:
            # a None inserts a dim with PyTorch's unsqueeze stride (NumPy's is 0): the same memory, restrided
            strides = _layout.indexed_strides(a.shape, _layout.element_strides(a), index,
                                              _layout.element_strides(out))
            out = _layout.restrided(xp, out, strides)
        if keep_positions:
            index = _positions_after_getitem(a, index, out)
        ctx.index = index
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return P.index_add(ctx.input_shape(0), ctx.index, grad, ctx.advanced)


def _last_step(node):
    """``(part, dim, sizes)`` of the last select, slice or unsqueeze of a basic index node (``_last_index_step``)."""
    return _last_index_step(node.input_shape(0), node.index if node.index.__class__ is tuple else (node.index,))


def _last_index_step(shape, index):
    """``(part, dim, sizes)`` of the last select, slice or unsqueeze of the basic index ``index`` (ints, slices,
    None, Ellipsis) of a tensor of ``shape``, as PyTorch applies the parts in order: the int, slice or None, the
    dim it applies to and the sizes of the tensor it applies to; None where every part leaves the tensor as it is
    (``x[...]``, ``x[:]``)."""
    sizes = list(shape)
    consumed = builtins.sum(1 for part in index if part is not None and part is not Ellipsis)
    dim = 0
    last = None
    for part in index:
        if part is Ellipsis:
            dim += len(shape) - consumed  # the dims the Ellipsis stands for (of the indexed tensor, as PyTorch)
        elif part is None:
            sizes.insert(dim, 1)
            last = (None, dim, tuple(sizes))
            dim += 1
        elif isinstance(part, int):
            last = (part, dim, tuple(sizes))
            del sizes[dim]
        else:
            step = part.step or 1
            if not ((part.start is None or part.start == 0) and (part.stop is None or part.stop >= sizes[dim])
                    and step == 1):
                last = (part, dim, tuple(sizes))
            sizes[dim] = len(range(*part.indices(sizes[dim])))
            dim += 1
    return last


def _slice_value(name):
    """A ``saved_scalars`` entry of SliceBackward0: start, end or step as PyTorch's slice node keeps them."""
    def value(node):
        part = _last_step(node)[0]
        if name == "start":
            return _as_symint(part.start or 0)
        if name == "end":
            return _as_symint(part.stop) if part.stop is not None else (1 << 63) - 1
        return part.step or 1
    return value


class SelectBackward0(_IndexOp):
    """``x[i]`` with integer indices only."""

    __slots__ = ()
    saved_scalars = {"dim": lambda node: _last_step(node)[1], "index": lambda node: _as_symint(_last_step(node)[0]),
                     "self_sym_sizes": lambda node: _last_step(node)[2]}
    is_view = True


class SliceBackward0(_IndexOp):
    """``x[a:b:c]``, with None/Ellipsis/ints mixed in."""

    __slots__ = ()
    saved_scalars = {"dim": lambda node: _last_step(node)[1], "end": _slice_value("end"),
                     "self_sym_sizes": lambda node: _last_step(node)[2], "start": _slice_value("start"),
                     "step": _slice_value("step")}
    is_view = True


class UnsqueezeIndex(_IndexOp):
    """A basic index whose last step in PyTorch is a None (an unsqueeze)."""

    __slots__ = ()
    saved_scalars = {"dim": lambda node: _last_step(node)[1]}
    is_view = True
    node_name = "UnsqueezeBackward0"


class AliasIndex(_IndexOp):
    """A basic index that changes nothing (``x[...]``, ``x[:]``): PyTorch returns an alias."""

    __slots__ = ()
    is_view = True
    node_name = "AliasBackward0"


def _basic_node(sizes, index):
    """The node of a basic index (ints, slices, None, Ellipsis), named as PyTorch's graph ends: PyTorch applies
    the parts in order (select for an int, slice for a slice that is not the whole dim, unsqueeze for None), so
    its grad_fn is the last of them, or an alias when there is none. (``_last_index_step`` walks the parts as
    this does and also tracks the sizes, for the nodes' saved values, read only when asked for: here, on every
    index, only the comparisons that decide the node.)"""
    consumed = builtins.sum(1 for part in index if part is not None and part is not Ellipsis)
    dim = 0
    node = AliasIndex
    for part in index:
        if part is Ellipsis:
            dim += len(sizes) - consumed
        elif part is None:
            node = UnsqueezeIndex
        elif isinstance(part, int):
            node = SelectBackward0
            dim += 1
        else:
            whole = (part.start is None or part.start == 0) and (part.stop is None or part.stop >= sizes[dim]) \
                and (part.step is None or part.step == 1)
            if not whole:
                node = SliceBackward0
            dim += 1
    return node


class IndexBackward0(_IndexOp):
    """Advanced indexing (masks, integer tensors): a copy, and repeated indices accumulate in backward."""

    __slots__ = ()

    @staticmethod
    def capture_check(arrays):
        """Mask indexing cannot be replayed: how many elements it picks depends on the mask's values."""
        if any(_is_mask(part) and part.ndim for part in arrays[1]):
            return "boolean mask indexing x[mask], masked_select: the count of Trues, as nonzero"
        return None


class IndexPutBackward0(Op):
    """Zeros of ``shape`` with ``values`` added at ``index`` (the gradient of indexing, differentiable)."""

    __slots__ = ("index",)

    @staticmethod
    def forward(ctx, xp, values, shape, index, accumulate):
        ctx.index = index
        out = xp.zeros(shape, dtype=values.dtype)
        if accumulate:
            backends.backend_of_array(values).scatter_add(out, index, values)
        else:
            out[index] = values
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return grad[ctx.index]


def index_add_into(shape, index, values, accumulate):
    """Zeros of ``shape`` with ``values`` added at ``index`` (used by double backward of indexing)."""
    return IndexPutBackward0.apply(values, tuple(shape), index, accumulate)


_BASIC_PARTS = frozenset((int, slice, type(None), type(Ellipsis)))


_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; use "
    "x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
    "which will result either in an error or a different result (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/python_variable_indexing.cpp:{}.)")


def _as_torch_index(index):
    """PyTorch's reading of a sequence used as an index (NumPy's before version 2): a list (or other non-tuple
    sequence) shorter than 32 that holds a tensor, a sequence, a slice, None or Ellipsis is a tuple of indices
    (``x[[0, [1]]]`` is ``x[0, [1]]``); otherwise it is one index array (``x[[0, 1]]``, ``x[range(2)]``)."""
    if isinstance(index, (tuple, str, _tensor.Tensor)) or not isinstance(index, (list, range)):
        return index
    if isinstance(index, list) and len(index) < 32:
        for part in index:
            if part is None or part is Ellipsis or isinstance(part, (_tensor.Tensor, list, tuple, range, slice)) \
                    or (hasattr(part, "__len__") and hasattr(part, "__getitem__")):
                line = 359 if part is None or part is Ellipsis else 349  # PyTorch's two warning sites
                warnings.warn(_SEQUENCE_AS_TUPLE.format(line), UserWarning, stacklevel=4)
                return tuple(index)
    return list(index)


def _as_torch_part(part):
    """One index as PyTorch reads it: a range is a list of its ints; a uint8 tensor is a mask (deprecated in
    PyTorch, with its warning)."""
    if isinstance(part, range):
        return list(part)
    if isinstance(part, _tensor.Tensor) and part.dtype is dtypes.uint8:
        if part.ndim:  # (a 0-d one is read as a Python bool, without it)
            warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool "
                          "instead. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                          "IndexingUtils.h:37.)", UserWarning, stacklevel=4)
        return part.bool()
    return part


def _check_mask_shapes(shape, parts):
    """PyTorch's check of a bool mask against the dims it covers (NumPy's message differs; metadata only)."""
    def consumed(part):
        if part is None or part is Ellipsis or isinstance(part, bool):
            return 0
        if _is_mask(part):
            return part.ndim
        return 1
    fill = len(shape) - builtins.sum(consumed(part) for part in parts)
    dim = 0
    for part in parts:
        if part is Ellipsis:
            dim += fill
            continue
        if _is_mask(part) and part.ndim:
            for offset, size in enumerate(part.shape):
                if dim + offset < len(shape) and size != shape[dim + offset]:
                    raise IndexError(f"The shape of the mask {list(part.shape)} at index {offset} does not match "
                                     f"the shape of the indexed tensor {list(shape)} at index {dim + offset}")
        dim += consumed(part)


def _convert_index(input, index):
    """Turn tensors inside an index into arrays on the input's device, checking dtypes and devices."""
    parts = index if index.__class__ is tuple else (index,)
    if all(part.__class__ in _BASIC_PARTS for part in parts):  # ints, slices, None, Ellipsis: nothing to convert
        for part in parts:
            if part.__class__ is slice and part.step is not None and part.step < 0:
                raise ValueError("step must be greater than zero")
        try:
            _check_bounds(input.shape, parts, index.__class__ is not tuple)
        except _SeveralEllipses:
            return _convert_index(input, _one_ellipsis(input.ndim, parts))
        return parts
    if isinstance(index, str):
        raise TypeError("new(): invalid data type 'str'")
    index = _as_torch_index(index)
    parts = index if isinstance(index, tuple) else (index,)
    if builtins.sum(1 for part in parts if part is Ellipsis) > 1:
        parts = _one_ellipsis(input.ndim, parts)
    parts = tuple(_as_torch_part(part) for part in parts)
    converted = []
    given = set()  # positions of index arrays the caller gave (tensors, lists): these are bounds-checked
    arrays = any(isinstance(part, (list, tuple)) or getattr(part, "ndim", 0) for part in parts)
    for part in parts:
        if isinstance(part, (_tensor.Tensor, list, tuple)):
            given.add(len(converted))
        if isinstance(part, _tensor.Tensor) and not part.ndim and (part.dtype is dtypes.bool or (
                not part.dtype.is_floating_point and (arrays or (part._device is CPU and
                                                             part.dtype is not dtypes.uint8)))):
            # PyTorch reads a 0-d index tensor (item()): a bool adds a dim, an int selects. gradlib reads an
            # integer one beside other index arrays, where it decides the result's layout (x[i, :, idx]), and
            # alone when it is on the CPU (no wait: x[torch.tensor(1)] is a view, SelectBackward0, as PyTorch's);
            # a lone one on a GPU stays there (no sync, but a copy, IndexBackward0, where PyTorch waits and views)
            lone_cpu = part._device is CPU and not arrays and part.dtype is not dtypes.bool
            value = part._array if lone_cpu else part._device._backend.to_numpy(part._array)  # host memory already
            part = bool(value) if part.dtype is dtypes.bool else int(value)
        if isinstance(part, _tensor.Tensor):
            if part.dtype.name not in ("int64", "int32", "uint8", "bool"):
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            if part._device is input._device:
                part = part._array
            elif part._device is CPU:
                # PyTorch takes CPU indices for a tensor on any device, copying them there
                part = input._device._backend.asarray(part._array, None, input._device)
            else:
                raise IndexError(f"indices should be either on cpu or on the same device as the indexed tensor "
                                 f"({input._device})")
        elif isinstance(part, (list, tuple)):
            if part and all(isinstance(item, float) for item in part):
                part = [int(item) for item in part]  # PyTorch reads a list of Python floats as integers
            part = input._device._backend.asarray(part, None, input._device)
            if dtypes.floating_np(part.dtype) and not part.size:  # PyTorch: an empty list picks nothing
                part = input._device._backend.asarray(part, input._device._backend.xp.int64, input._device)
            if dtypes.floating_np(part.dtype):
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        elif isinstance(part, bool):
            pass  # a new dim of size 1 (True) or 0 (False): see _split_index
        elif part.__class__ in dtypes.NUMPY_SCALAR_TYPES:
            if part.dtype.kind not in "iu":  # PyTorch takes NumPy integers (their __index__), nothing else
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                                 f"valid indices (got {type(part).__module__}.{type(part).__name__})")
            part = int(part)
        elif isinstance(part, input._device._backend.array_type):
            pass  # a raw index array (used by backward formulas under create_graph)
        elif backends.backend_of_array(part) is not None:
            given.add(len(converted))  # a NumPy index array for a GPU tensor: copied there, as PyTorch copies it
            part = input._device._backend.asarray(part, None, input._device)
        elif not (part is None or part is Ellipsis or isinstance(part, (int, slice))):
            if isinstance(part, str):  # PyTorch tries to make an index tensor of it
                raise TypeError(f"new(): invalid data type '{type(part).__name__}'")
            if hasattr(part, "__index__"):
                part = part.__index__()
            else:
                raise IndexError(
                    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                    "valid indices (got " + type(part).__name__ + ")")
        if isinstance(part, slice) and part.step is not None and part.step < 0:
            raise ValueError("step must be greater than zero")
        converted.append(part)
    _check_mask_shapes(input.shape, converted)
    _check_bounds(input.shape, converted, index.__class__ is not tuple and not isinstance(index, _tensor.Tensor))
    _check_broadcast([part for part in converted if hasattr(part, "dtype") and not _is_mask(part)])
    if given:
        _check_index_arrays(input, converted, given)
    return tuple(converted)


class _SeveralEllipses(Exception):
    """Raised by ``_check_bounds`` for a basic index with two or more Ellipses (``_one_ellipsis`` rewrites it)."""


def _specified_dims(part):
    """The dims PyTorch counts for an index part beside an Ellipsis (count_specified_dimensions): a bool or uint8
    tensor its dims, None, Ellipsis and Python bools none, anything else one."""
    if part is None or part is Ellipsis or part is True or part is False:
        return 0
    if isinstance(part, _tensor.Tensor) and part.dtype in (dtypes.bool, dtypes.uint8):
        return part.ndim
    return 1


def _one_ellipsis(ndim, parts):
    """An index with several Ellipses as PyTorch applies it: each Ellipsis moves the next part on by the dims
    the index leaves unspecified (``x[..., 0, ...]`` of a 3-d tensor is ``x[:, :, 0]``), written out as full
    slices; the slices an Ellipsis adds after the last part are dropped (they index nothing). Where PyTorch's
    dims run past the tensor's the result names more dims than it has: "too many indices"."""
    skip = ndim - builtins.sum(_specified_dims(part) for part in parts)
    if skip < 0:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    dim, dims = 0, ndim  # where the next part applies, and the dims of the result so far
    for number, part in enumerate(parts):
        if part is Ellipsis:
            dim += skip
        elif part.__class__ is int:
            if dim >= dims:  # PyTorch selects past the last dim, whose size it reads as 0
                raise IndexError(f"index {part} is out of bounds for dimension {number} with size 0")
            dims -= 1
        elif part is None or part is True or part is False:
            dim += 1
            dims += 1
        else:
            dim += _specified_dims(part)
    out = []
    added = []  # positions of the slices the Ellipses became
    for part in parts:
        if part is Ellipsis:
            added.extend(range(len(out), len(out) + skip))
            out.extend([slice(None)] * skip)
        else:
            out.append(part)
    while added and added[-1] == len(out) - 1:
        out.pop()
        added.pop()
    return tuple(out)


def _check_index_arrays(input, parts, given):
    """PyTorch's IndexError for an index tensor with a value outside [-size, size) of its dim, where NumPy
    raises with other words and CuPy wraps around. A 0-d index counts as an int (its real dim in the
    message); the others are numbered among the index tensors, a k-dim mask counting k, as PyTorch does."""
    shape = input.shape
    ellipsis_dims = len(shape) - sum(p.ndim if _is_mask(p) else 1 for p in parts if _consumes_dims(p))
    position = 0
    ordinal = 0
    checked = []  # (dimension named in the message, array, size)
    for number, part in enumerate(parts):
        if part is Ellipsis:
            position += ellipsis_dims
            continue
        if not _consumes_dims(part):
            continue
        if _is_mask(part):
            position += part.ndim
            ordinal += part.ndim
            continue
        if hasattr(part, "dtype"):
            if number in given:
                checked.append((position if part.ndim == 0 else ordinal, part, shape[position]))
            if part.ndim:
                ordinal += 1
        position += 1
    if not checked:
        return
    backend = input._device._backend

    def error():
        return IndexError(_first_out_of_bounds(backend.xp, checked))

    for dimension, array, size in checked:
        backend.check_bounds(array, -size, size, f"indexing (dimension {dimension} of size {size})", error)


def _check_broadcast(arrays):
    """PyTorch's IndexError for index arrays whose shapes do not broadcast together (NumPy words it otherwise)."""
    if len(arrays) < 2:
        return
    try:
        broadcast_shapes(*[array.shape for array in arrays])
    except RuntimeError:
        shapes = ", ".join(str(list(array.shape)) for array in arrays)
        raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes {shapes}") \
            from None


def _is_mask(part):
    return getattr(part, "dtype", None) is not None and part.dtype.kind == "b"


def _is_full_slice(part):
    return isinstance(part, slice) and part == slice(None)


def _consumes_dims(part):
    """Whether an index part indexes dims of the tensor (None, a Python bool and Ellipsis do not by themselves)."""
    return not (part is None or part is Ellipsis or isinstance(part, bool))


def _first_out_of_bounds(xp, checked):
    """PyTorch's message for the first bad index: 0-d indices first (they act as ints), then the index tensors
    element by element (broadcast together), the first tensor bad at the first bad element."""
    for dimension, array, size in checked:
        if not array.ndim and not -size <= int(array) < size:
            return f"index {int(array)} is out of bounds for dimension {dimension} with size {size}"
    tensors = [(dimension, array, size) for dimension, array, size in checked if array.ndim]
    arrays = xp.broadcast_arrays(*[array for _, array, _ in tensors])
    bad = [((array < -size) | (array >= size)).reshape(-1) for (_, _, size), array in zip(tensors, arrays)]
    first = min(int(xp.argmax(mask)) for mask in bad if mask.any())
    for (dimension, _, size), array, mask in zip(tensors, arrays, bad):
        if mask[first] and size == 0:  # PyTorch's kernel words an empty dim this way
            return "index is out of bounds for dimension with size 0"
        if mask[first]:
            return f"index {int(array.reshape(-1)[first])} is out of bounds for dimension {dimension} with size {size}"
    raise AssertionError("no index out of bounds")


def first_outside(index, low, high):
    """The first value of ``index`` (flat order) outside [low, high): for error messages on the host."""
    flat = index.reshape(-1)
    outside = flat < low if low is not None else flat != flat
    if high is not None:
        outside = outside | (flat >= high)
    return int(flat[outside][0])


def _check_bounds(shape, parts, lone=False):
    """PyTorch's error for an integer index out of range (NumPy's message differs). ``lone``: the index was one
    int, not a tuple (PyTorch's select of dim 0, which words a 0-d tensor's refusal its own way)."""
    explicit = [p for p in parts if _consumes_dims(p)]
    if len(explicit) > len(shape) and not lone:  # PyTorch counts a tuple's specified dims before it applies any
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    dims = []
    position = 0
    ellipsis = False
    for number, part in enumerate(parts):
        if part is Ellipsis:
            if ellipsis:
                raise _SeveralEllipses
            ellipsis = True
            position += len(shape) - sum(1 if not hasattr(p, "ndim") or p.dtype.kind != "b" else p.ndim
                                         for p in explicit)
            continue
        if not _consumes_dims(part):
            continue
        if not shape and isinstance(part, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        if isinstance(part, int):
            if not shape and lone and part == 0:
                raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                                 "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
            if not shape and lone:
                raise IndexError(f"index {part} is out of bounds for dimension 0 with size 0")
            if not 0 <= position < len(shape):
                raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
            size = shape[position]
            if not -size <= part < size:  # PyTorch names the part's place in the index, not the dim
                raise IndexError(
                    f"index {part} is out of bounds for dimension {number} with size {size}")
        dims.append(position)
        position += part.ndim if hasattr(part, "dtype") and part.dtype.kind == "b" else 1
    if position > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")


def _mask_of(index):
    """The boolean mask (1+ dims) of an index with exactly one array in it, else None."""
    arrays = [part for part in index if hasattr(part, "dtype")]
    if len(arrays) == 1 and _is_mask(arrays[0]) and arrays[0].ndim:
        return arrays[0]
    return None


def _mask_result_axis(index, ndim):
    """Where NumPy puts the mask's result dim in ``array[index]`` (one mask; ints, slices, None, Ellipsis
    around it): with an array present ints are advanced indices too, and adjacent advanced indices keep their
    place, scattered ones go first."""
    mask = _mask_of(index)
    parts = []
    for part in index:
        if part is Ellipsis:
            used = sum(0 if p is None or p is Ellipsis else (p.ndim if p is mask else 1) for p in index)
            parts.extend([slice(None)] * (ndim - used))
        else:
            parts.append(part)
    advanced = [position for position, part in enumerate(parts) if part is mask or isinstance(part, int)]
    if advanced != list(range(advanced[0], advanced[-1] + 1)):
        return 0
    return sum(1 for part in parts[:advanced[0]] if part is None or isinstance(part, slice))


def _positions_after_getitem(a, index, out):
    """``index`` with its boolean mask replaced by the integer positions of the Trues (NumPy's own definition
    of mask indexing), for backward. The count of Trues is read from ``out``'s shape, so this adds no sync to
    the one the getitem itself made (a mask among other index arrays is already positions: _IndexOp.forward)."""
    mask = _mask_of(index)
    if mask is None:
        return index
    backend = _backend_of(a)
    count = out.shape[_mask_result_axis(index, a.ndim)]
    return _with_positions(index, lambda part: backend.mask_positions(part, count))


def _nonzero_positions(index):
    """``index`` with each mask replaced by the positions of its Trues (nonzero: the sync PyTorch makes too)."""
    return _with_positions(index, _nonzero)


def _nonzero(mask):
    return mask.nonzero()


def _with_positions(index, positions_of):
    converted = []
    for part in index:
        if _is_mask(part) and part.ndim:
            converted.extend(positions_of(part))
        else:
            converted.append(part)
    return tuple(converted)


def _backend_of(array):
    return backends.backend_of_array(array)


def _split_index(xp, index, ndim, for_write=False):
    """PyTorch applies ints, slices, None, Ellipsis and Python bools first (a view), then the index arrays to that
    view; NumPy takes ints among index arrays as index arrays too, which places the result's dims elsewhere
    (``x[0, :, idx]``), and a bool as a mask (a sync on CUDA). So where that matters (a bool, or ints with
    index arrays; for writes also any other part around one mask) this returns (basic, rest): ``a[basic]`` is the
    view, where each bool made a new dim, and ``rest`` indexes that view (Ellipsis spelled out, each bool an index
    array [0] or []); else None."""
    arrays = [part for part in index if hasattr(part, "dtype")]
    bools = any(isinstance(part, bool) for part in index)
    ints = any(isinstance(part, int) and not isinstance(part, bool) for part in index)
    if not (bools or (arrays and ints) or (for_write and len(arrays) == 1 and _is_mask(arrays[0]) and not all(
            hasattr(part, "dtype") or part is Ellipsis or _is_full_slice(part) for part in index))):
        return None
    ellipsis_dims = ndim - sum(p.ndim if _is_mask(p) else 1 for p in index if _consumes_dims(p))
    basic = []
    rest = []
    for part in index:
        if isinstance(part, bool):
            basic.append(None)
            rest.append(xp.zeros(1 if part else 0, dtype=xp.int64))
        elif isinstance(part, int):
            basic.append(part)
        elif part is Ellipsis:
            basic.append(part)
            rest.extend([slice(None)] * ellipsis_dims)
        elif hasattr(part, "dtype"):
            basic.extend([slice(None)] * (part.ndim if _is_mask(part) else 1))
            rest.append(part)
        else:  # None or a slice: one dim of the view
            basic.append(part)
            rest.append(slice(None))
    while rest and isinstance(rest[-1], slice):
        rest.pop()
    return tuple(basic), tuple(rest)


def _mask_write(backend, a, index, value):
    """How ``a[mask] = value`` can be done without counting the mask's Trues on the host, for an index that is
    one mask after full slices (``a[:, mask]``): ('fill', mask shaped to broadcast, value in a's dtype) when the
    value does not depend on the count (a scalar, or values broadcast along the selected elements): a where,
    PyTorch's masked_fill; ('positions', positions) when the value has one row per True of a mask over leading
    dims: its length is the count, checked on the device (an error at the next synchronization on CUDA). None
    for any other index or value."""
    lead = 0
    while lead < len(index) and _is_full_slice(index[lead]):
        lead += 1
    if len(index) != lead + 1:
        return None
    mask = index[lead]
    if not _is_mask(mask) or not mask.ndim or mask.shape != a.shape[lead:lead + mask.ndim]:
        return None
    outer = a.shape[:lead]
    trailing = a.shape[lead + mask.ndim:]
    shaped_mask = mask.reshape((1,) * lead + mask.shape + (1,) * len(trailing))
    if isinstance(value, (bool, int, float)):
        return "fill", shaped_mask, a.dtype.type(value)
    if not hasattr(value, "dtype"):
        return None
    if not value.ndim:
        return "fill", shaped_mask, value.astype(a.dtype)[()]  # a NumPy scalar from a 0-d CPU tensor: CuPy takes it
    shape = value.shape
    count_axis = len(shape) - len(trailing) - 1  # the value's dim along the selected elements, if any
    if count_axis > lead:
        return None
    inner = shape[count_axis + 1:]
    before = shape[:max(count_axis, 0)]
    if not (_broadcasts(inner, trailing) and _broadcasts(before, outer)):
        return None
    rows = shape[count_axis] if count_axis >= 0 else 1
    if rows == 1:
        ones = (1,) * mask.ndim if count_axis >= 0 else ()
        return "fill", shaped_mask, value.astype(a.dtype).reshape(before + ones + inner)
    if lead:
        return None  # one row per True inside other dims: through the positions (nonzero), as PyTorch does
    count = mask.sum()
    error = lambda: RuntimeError(f"shape mismatch: value tensor of shape {list(shape)} cannot be broadcast to "
                                 f"indexing result of shape {[int(count)] + list(trailing)}")
    deferred = RuntimeError(f"shape mismatch: value tensor of shape {list(shape)} cannot be broadcast to the "
                            "indexing result (the mask has another number of Trues)")
    backend.check(count != rows, error, deferred)
    return "positions", backend.mask_positions(mask, rows)


def _broadcasts(shape, target):
    """Whether ``shape`` broadcasts to ``target`` (aligned on the right)."""
    return len(shape) <= len(target) and all(size in (1, full) for size, full in zip(shape[::-1], target[::-1]))


def write_at(backend, target, index, value):
    """``target[index] = value`` in place, PyTorch's way (``_split_index``); a boolean mask is written without a
    sync where possible (``_mask_write``). Returns (how, where, basic): ``target[basic]`` is the view written
    (None: target itself), and how: ('fill', shaped mask), ('positions', positions) or ('index', index)."""
    basic = None
    split = _split_index(backend.xp, index, target.ndim, for_write=True)
    if split is not None:
        basic, index = split
        target = target[basic]
    how = _mask_write(backend, target, index, value)
    if how is None:
        index = _nonzero_positions(index) if any(
            _is_mask(part) and part.ndim for part in index) else index
        target[index] = value
        return "index", index, basic
    if how[0] == "fill":
        _, shaped_mask, fill = how
        target[...] = backend.xp.where(shaped_mask, fill, target)
        return "fill", shaped_mask, basic
    target[how[1]] = value
    return "positions", how[1], basic


def getitem(input, index):
    """``input[index]`` (differentiable).

    >>> import gradlib
    >>> x = gradlib.arange(6.).reshape(2, 3)
    >>> x[0], x[:, 1:], x[x > 3]
    (tensor([0., 1., 2.]), tensor([[1., 2.],
            [4., 5.]]), tensor([4., 5.]))
    """
    require_tensor("getitem", input)
    return _getitem(input, index, IndexBackward0)


def _getitem(input, index, advanced_node):
    """``input[index]``, recorded with ``advanced_node`` when the index has arrays (gather, index_select and
    masked_select are such indexing, under PyTorch's names)."""
    index = _convert_index(input, index)
    with device_guard(input._device):
        split = _split_index(input._device._backend.xp, index, input.ndim)
    if split is not None:
        return _getitem(getitem(input, split[0]), split[1], advanced_node)
    advanced = any(_is_advanced(part) for part in index)
    if advanced:
        return advanced_node.apply(input, index, True, input._requires_grad and _grad_state.enabled)
    if input._requires_grad and _grad_state.enabled:
        steps = _basic_steps(input.shape, index)
        if steps is not None:  # recorded as PyTorch records it: one node per step (x[1:, :2]: two slices)
            out = input
            for step in steps:
                out = _basic_node(out.shape, step).apply(out, step, False)
            return out
    return _basic_node(input.shape, index).apply(input, index, False)


def _basic_steps(sizes, index):
    """A basic index of two or more steps (selects, slices that are not the whole dim, unsqueezes) as the
    one-step indices PyTorch applies in order, each on the previous result; None for fewer steps (one node)."""
    if any(part.__class__ is bool for part in index):
        return None
    consumed = builtins.sum(1 for part in index if part is not None and part is not Ellipsis)
    steps = []
    dim = 0  # the dim of the intermediate result the next part applies to
    source = 0  # the dim of ``sizes`` it comes from
    for part in index:
        if part is Ellipsis:
            skipped = len(sizes) - consumed
            dim += skipped
            source += skipped
        elif part is None:
            steps.append((slice(None),) * dim + (None,))
            dim += 1
        elif isinstance(part, int):
            steps.append((slice(None),) * dim + (part,))
            source += 1
        else:
            whole = (part.start is None or part.start == 0) and (part.stop is None or part.stop >= sizes[source]) \
                and (part.step is None or part.step == 1)
            if not whole:
                steps.append((slice(None),) * dim + (part,))
            dim += 1
            source += 1
    return steps if len(steps) > 1 else None


class CopySlices(Op):
    """``out = a.clone(); out[index] = value`` (what ``a[index] = value`` records)."""

    __slots__ = ("index", "basic")

    def name(self):
        # PyTorch's C++ name; its type (and a tensor's repr) CopySlices. The nodes built on this one (scatter)
        # keep their own
        name = type(self).__name__
        return "torch::autograd::CopySlices" if name == "CopySlices" else name
    public_edges = wrapped_number_edges  # a Python number value: (None, 0)

    @staticmethod
    def forward(ctx, xp, a, value, index):
        out = a.copy()
        how, where, basic = write_at(_backend_of(a), out, index, value)
        ctx.basic = basic
        kept = xp.ones(a.shape, dtype=bool)
        written = kept if basic is None else kept[basic]  # the view the value went to
        if how == "fill":  # the value reaches the output where the mask holds
            ctx.index = None
            written[...] = ~where
        else:
            ctx.index = where
            written[where] = False
        ctx.save_for_backward(kept)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (kept,) = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_a = P.where(kept, grad, 0.0) if needs[0] else None
        if len(needs) == 1:
            return grad_a
        if not needs[1]:
            return grad_a, None
        grad_value = P.where(kept, 0.0, grad) if ctx.index is None else grad
        if ctx.basic is not None:
            grad_value = grad_value[ctx.basic]
        if ctx.index is not None:
            grad_value = grad_value[ctx.index]
        return grad_a, grad_value


class ViewCopySlices(Op):
    """The base after an in-place change of one of its views: ``base`` with ``values`` written at the view's
    ``positions`` (flat indices). Named CopySlices, as in PyTorch."""

    node_name = "CopySlices"

    __slots__ = ("positions",)
    name = CopySlices.name

    def public_edges(self, edges):
        """PyTorch's CopySlices wraps the node of the op applied to the view: its edges are the base's, then
        that node's own, but the first (the view)."""
        node = edges[1][0]
        if node is None:
            return edges
        return (edges[0],) + tuple(node.next_functions[1:])

    @staticmethod
    def forward(ctx, xp, base, values, positions):
        flat_positions = positions.reshape(-1)
        ctx.positions = flat_positions
        out = base.copy()
        out.reshape(-1)[flat_positions] = values.reshape(-1)
        kept = xp.ones(base.size, dtype=bool)
        kept[flat_positions] = False
        ctx.save_for_backward(kept.reshape(base.shape))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (kept,) = P.saved(ctx)
        values_shape = ctx.input_shape(1)
        grad_values = P.reshape(P.reshape(grad, (-1,))[ctx.positions], values_shape)
        return grad * kept, grad_values


class AsStridedBackward0(Op):
    """A view's values read from its base at flat ``positions`` (the view's history after an in-place change)."""

    __slots__ = ("positions",)

    @staticmethod
    def forward(ctx, xp, base, positions):
        ctx.positions = positions
        return base.reshape(-1)[positions.reshape(-1)].reshape(positions.shape)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        flat = P.index_add((math.prod(shape),), (ctx.positions.reshape(-1),), P.reshape(grad, (-1,)), True)
        return P.reshape(flat, shape)


def setitem_operands(input, index, value):
    """``index`` and ``value`` for ``input[index] = value`` as PyTorch takes them from other devices: index tensors
    on any device are copied to the input's (index_put_ moves them; only reading insists on the CPU or the
    input's device); a value tensor elsewhere is copied there (basic indices run copy_, advanced ones move a 0-d
    value and otherwise meet index_put_'s TensorIterator, which refuses it)."""
    require_tensor("setitem_operands", input)
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(p, _tensor.Tensor) and p._device is not input._device and p._device is not CPU for p in parts):
        parts = tuple(conversion.to_device(p, input._device)
                      if isinstance(p, _tensor.Tensor) and p._device is not CPU else p for p in parts)
        index = parts if isinstance(index, tuple) else parts[0]
    if isinstance(value, _tensor.Tensor) and value._device is not input._device:
        if value.ndim and any(_is_advanced(p) and not isinstance(p, bool) for p in parts):
            iterator_device([input, value], cpu_scalars=0, outputs=1)
        if value.ndim or value._device is not CPU:  # a 0-d CPU value is written as a scalar, as PyTorch's fill_
            value = conversion.to_device(value, input._device)
    return index, value


def setitem_result(input, index, value):
    """The tensor ``input`` becomes after ``input[index] = value`` (computed out of place)."""
    require_tensor("setitem_result", input)
    return CopySlices.apply(input, value, _convert_index(input, index))
