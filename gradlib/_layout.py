"""PyTorch's strides: which strides a new tensor gets, in elements, from the shapes and strides of the tensors it
is made from. gradlib keeps one backend array per tensor, and that array carries PyTorch's strides exactly (dims
of size 1 included), so ``Tensor.stride()`` and ``is_contiguous(memory_format=...)`` read them off the array.

The rules, each PyTorch's (c10/core/MemoryFormat.h, TensorImpl, TensorIterator, empty_like):

- ``contiguous_strides``: row-major; a dim's stride is the product of the later sizes (a size 0 counts as 1).
- ``channels_last_strides``: rank 4 (NCHW stored NHWC) or 5 (NCDHW stored NDHWC); the plain product of the sizes
  stored faster, so a size 0 gives strides 0 (``empty(2, 0, 4, 5, memory_format=channels_last)`` has
  ``(0, 1, 0, 0)``).
- ``is_contiguous`` / ``is_channels_last_contiguous``: the strides are those of the format at every dim whose size
  is not 1 (an empty tensor is always contiguous, never channels-last unless its strides say so).
- ``suggest_memory_format``: PyTorch's guess of a tensor's format from its strides (channels-last for a permuted
  NHWC tensor even when sliced; contiguous for the ambiguous N111 and 1C1W cases).
- ``preserve_strides``: what ``clone()``, ``empty_like`` and ``to(dtype)`` give (``preserve_format``): a dense
  tensor's own strides (a transposed matrix stays transposed); otherwise the suggested format's.
- ``iterator_strides``: the output of an elementwise op (TensorIterator): all inputs contiguous, all channels-last,
  or all dense with equal strides give that layout; otherwise the dims are ordered by the inputs' strides, the
  first input deciding and later ones breaking its ties, so ``channels_last + contiguous`` is channels-last and
  ``contiguous + channels_last`` contiguous.

``empty_strided`` and ``restrided`` make arrays with given strides (a flat buffer viewed with ``as_strided``),
copying only when the memory order differs.

>>> from gradlib import _layout
>>> _layout.channels_last_strides((10, 3, 32, 32))
(3072, 1, 96, 3)
>>> _layout.iterator_strides((2, 3, 4, 5), [(60, 1, 15, 3), (60, 20, 5, 1)])
(60, 1, 15, 3)
"""

__all__ = ["contiguous_strides", "channels_last_strides", "format_strides", "is_contiguous",
           "is_channels_last_contiguous", "suggest_memory_format", "is_non_overlapping_and_dense",
           "preserve_strides", "iterator_strides", "unsqueezed_strides", "indexed_strides", "element_strides",
           "is_row_major", "empty_strided", "restrided", "like_input_format", "in_suggested_format", "grad_layout"]

#: the rank of each channels-last format
RANKS = {"channels_last": 4, "channels_last_3d": 5}


def contiguous_strides(shape):
    """Row-major strides of ``shape`` (PyTorch's: a size 0 counts as 1)."""
    strides = [1] * len(shape)
    step = 1
    for dim in range(len(shape) - 1, -1, -1):
        strides[dim] = step
        step *= max(shape[dim], 1)
    return tuple(strides)


def _channels_last_order(rank):
    """The dims from the fastest to the slowest: channels, then the spatial dims from the last, then the batch."""
    return [1] + list(range(rank - 1, 1, -1)) + [0]


def channels_last_strides(shape):
    """Strides of ``shape`` (rank 4 or 5) stored channels innermost, as PyTorch's ``get_channels_last_strides``."""
    strides = [0] * len(shape)
    step = 1
    for dim in _channels_last_order(len(shape)):
        strides[dim] = step
        step *= shape[dim]
    return tuple(strides)


def format_strides(shape, name):
    """Strides of a new tensor of ``shape`` in the memory format called ``name`` ('channels_last',
    'channels_last_3d'; anything else is row-major)."""
    if name in RANKS:
        return channels_last_strides(shape)
    return contiguous_strides(shape)


def is_contiguous(shape, strides):
    """PyTorch's ``is_contiguous()``: row-major at every dim of size other than 1; always for an empty tensor."""
    if 0 in shape:
        return True
    expected = 1
    for dim in range(len(shape) - 1, -1, -1):
        size = shape[dim]
        if size != 1:
            if strides[dim] != expected:
                return False
            expected *= size
    return True


def is_channels_last_contiguous(shape, strides, rank):
    """PyTorch's ``is_contiguous(memory_format=channels_last)`` (rank 4) or ``channels_last_3d`` (rank 5)."""
    if len(shape) != rank:
        return False
    expected = 1
    for dim in _channels_last_order(rank):
        size = shape[dim]
        if size != 1:
            if strides[dim] != expected:
                return False
            expected *= size
    return True


def _is_channels_last_strides(shape, strides):
    """PyTorch's ``is_channels_last_strides_2d/3d``: the strides grow channels first, then the spatial dims from
    the last, then the batch, falling back to contiguous in the ambiguous cases (see the module docstring)."""
    if strides[1] == 0:
        return False
    smallest = 0
    for dim in _channels_last_order(len(shape)):
        if shape[dim] == 0 or strides[dim] < smallest:
            return False
        if dim == 0 and smallest == strides[1]:
            return False  # N111 with equal strides: contiguous by default
        smallest = strides[dim]
        if shape[dim] > 1:
            smallest *= shape[dim]
    return True


def suggest_memory_format(shape, strides):
    """'channels_last', 'channels_last_3d' or 'contiguous_format': PyTorch's ``suggest_memory_format()``."""
    if len(shape) == 4 and _is_channels_last_strides(shape, strides):
        return "channels_last"
    if len(shape) == 5 and _is_channels_last_strides(shape, strides):
        return "channels_last_3d"
    return "contiguous_format"


def is_non_overlapping_and_dense(shape, strides):
    """Whether the elements fill a block of memory without gaps or overlaps, in some dim order (always for an empty
    tensor)."""
    if 0 in shape:
        return True
    if len(shape) == 1:
        return shape[0] < 2 or strides[0] == 1
    order = sorted(range(len(shape)), key=lambda dim: (shape[dim] < 2, strides[dim]))
    expected = 1
    for dim in order:
        size = shape[dim]
        if size < 2:
            return True
        if strides[dim] != expected:
            return False
        expected *= size
    return True


def preserve_strides(shape, strides):
    """The strides ``preserve_format`` gives a new tensor like one of ``shape`` and ``strides``."""
    if is_non_overlapping_and_dense(shape, strides):
        return tuple(strides)
    return format_strides(shape, suggest_memory_format(shape, strides))


def iterator_strides(shape, operands):
    """The strides of an elementwise op's output of ``shape`` (the broadcast shape) from its inputs' strides
    ``operands``: ``(shape, strides)`` pairs in argument order, or bare strides of inputs of ``shape``; a Python
    number that PyTorch wraps as a 0-d tensor (``x + 1``) is the pair ``((), ())``. PyTorch's TensorIterator (its
    fast setup when every operand has the output's shape, then its dim order)."""
    operands = [item if len(item) == 2 and isinstance(item[0], tuple) else (shape, item) for item in operands]
    if operands and all(tuple(op_shape) == tuple(shape) for op_shape, _ in operands):
        if all(is_contiguous(shape, strides) for _, strides in operands):
            return contiguous_strides(shape)
        if all(is_channels_last_contiguous(shape, strides, 4) for _, strides in operands):
            return channels_last_strides(shape)
        if all(is_non_overlapping_and_dense(shape, strides) for _, strides in operands):
            if all(tuple(strides) == tuple(operands[-1][1]) for _, strides in operands):
                return tuple(operands[-1][1])
    rank = len(shape)
    if rank <= 1:
        return contiguous_strides(shape)
    broadcast = [_broadcast_strides(shape, op_shape, strides) for op_shape, strides in operands]
    order = _iteration_order(shape, broadcast)
    if order == list(range(rank - 1, -1, -1)):
        return contiguous_strides(shape)
    strides = [0] * rank
    step = 1
    for dim in order:
        strides[dim] = step
        step *= shape[dim]
    return tuple(strides)


def _broadcast_strides(shape, op_shape, strides):
    """An input's strides against the output ``shape``: 0 along the dims it is broadcast over."""
    lead = len(shape) - len(op_shape)
    out = [0] * len(shape)
    for dim in range(len(op_shape)):
        if not (op_shape[dim] == 1 and shape[lead + dim] != 1):
            out[lead + dim] = strides[dim]
    return out


def _iteration_order(shape, broadcast):
    """TensorIterator's ``reorder_dimensions``: dims from the fastest to the slowest (an insertion sort where the
    first input that tells two dims apart decides; equal strides put the smaller size first)."""
    def should_swap(dim0, dim1):
        for strides in broadcast:
            stride0 = strides[dim0]
            stride1 = strides[dim1]
            if stride0 == 0 or stride1 == 0:
                continue
            if stride0 < stride1:
                return -1
            if stride0 > stride1:
                return 1
            if shape[dim0] > shape[dim1]:
                return 1
        return 0

    order = list(range(len(shape) - 1, -1, -1))
    for i in range(1, len(order)):
        dim1 = i
        for dim0 in range(i - 1, -1, -1):
            comparison = should_swap(order[dim0], order[dim1])
            if comparison > 0:
                order[dim0], order[dim1] = order[dim1], order[dim0]
                dim1 = dim0
            elif comparison < 0:
                break
    return order


def unsqueezed_strides(shape, strides, dim):
    """The strides of ``unsqueeze(dim)`` of a tensor of ``shape`` and ``strides``: the new dim's stride is the
    size times the stride of the dim it goes before (1 at the end), as PyTorch's (NumPy gives 0)."""
    step = shape[dim] * strides[dim] if dim < len(shape) else 1
    return tuple(strides[:dim]) + (step,) + tuple(strides[dim:])


def indexed_strides(shape, strides, index, out_strides):
    """``out_strides`` (of ``x[index]``, a basic index of ints, slices, None and Ellipsis) with PyTorch's strides
    at the dims that None inserts: PyTorch applies the parts in order, each None an ``unsqueeze`` before the
    source dims not yet indexed (``unsqueezed_strides``)."""
    consumed = sum(1 for part in index if part is not None and part is not Ellipsis)
    result = list(out_strides)
    source = 0
    position = 0
    for part in index:
        if part is Ellipsis:
            skipped = len(shape) - consumed
            source += skipped
            position += skipped
        elif part is None:
            result[position] = shape[source] * strides[source] if source < len(shape) else 1
            position += 1
        elif isinstance(part, int):
            source += 1
        else:
            source += 1
            position += 1
    return tuple(result)


def element_strides(array):
    """``array``'s strides in elements, as PyTorch's ``Tensor.stride()``. A view with a negative stride (a
    NumPy/CuPy flip: PyTorch's flip returns a new tensor) or a misaligned one reports the row-major strides of its
    shape; so does an empty array whose strides NumPy left all 0 (an empty channels-last tensor keeps its own)."""
    item = array.itemsize
    steps = array.strides
    for step in steps:
        if step < 0 or step % item:
            return contiguous_strides(array.shape)
    if array.size == 0 and not any(steps):
        return contiguous_strides(array.shape)
    return tuple(step // item for step in steps)


_ROW_MAJOR_BYTES = {}


def is_row_major(array):
    """Whether ``array`` has exactly the row-major strides (dims of size 1 included, which NumPy's
    ``c_contiguous`` flag ignores): then an elementwise op's result is row-major in NumPy and PyTorch alike. The
    hot path's test, cached per shape and item size."""
    if not array.flags.c_contiguous:
        return False
    shape = array.shape
    if not array.size:
        return element_strides(array) == contiguous_strides(shape)
    if 1 not in shape:
        return True
    key = (shape, array.itemsize)
    expected = _ROW_MAJOR_BYTES.get(key)
    if expected is None:
        if len(_ROW_MAJOR_BYTES) > 4096:
            _ROW_MAJOR_BYTES.clear()
        expected = _ROW_MAJOR_BYTES[key] = tuple(step * array.itemsize for step in contiguous_strides(shape))
    return array.strides == expected


def like_input_format(xp, out, *inputs):
    """``out``, an (N, C, H, W) or (N, C, D, H, W) result, stored channels-last when the strides of one of
    ``inputs`` suggest it (PyTorch's CPU convolutions: input or weight; pooling: the input), else row-major."""
    if out.ndim not in (4, 5):
        return out
    if is_row_major(out) and all(is_row_major(array) for array in inputs):
        return out  # the common case, decided without the Python below: row-major strides never suggest NHWC
    for array in inputs:
        if array.ndim == out.ndim and suggest_memory_format(array.shape, element_strides(array)) != "contiguous_format":
            return restrided(xp, out, channels_last_strides(out.shape))
    return restrided(xp, out, contiguous_strides(out.shape))


def in_suggested_format(xp, out, array):
    """``out`` (of ``array``'s shape) stored in the format ``array``'s strides suggest: PyTorch's
    ``empty_like(input, input.suggest_memory_format())`` (batch norm's output: a channels-last input stays so,
    a transposed one becomes row-major)."""
    if is_row_major(out) and is_row_major(array):
        return out
    name = suggest_memory_format(array.shape, element_strides(array)) if array.ndim in (4, 5) else ""
    return restrided(xp, out, format_strides(out.shape, name))


def grad_layout(xp, grad, variable):
    """``grad``, a leaf's first gradient, laid out by PyTorch's gradient layout contract: a dense leaf's
    ``.grad`` has the leaf's strides (a channels-last weight gets a channels-last gradient; only dims of size 1
    may differ, and not with stride 0), any other leaf's is row-major. ``grad`` itself when it already obeys."""
    shape = variable.shape
    strides = element_strides(variable)
    current = element_strides(grad)
    if is_non_overlapping_and_dense(shape, strides):
        if all(a == b if size != 1 else a != 0 for size, a, b in zip(shape, current, strides)):
            return grad
        return _copy_with_strides(xp, grad, strides)
    if is_contiguous(shape, current):
        return grad
    with _on_device_of(grad):
        return xp.ascontiguousarray(grad)


def grad_copy_bumps(grad, variable):
    """Whether PyTorch's AccumulateGrad, handed ``grad`` as the first gradient of the leaf array ``variable``,
    copies it with ``copy_`` (the ``.grad`` then at version 1): a dense leaf and a gradient off the leaf's layout
    (a broadcast, a transpose, a row-major gradient of a transposed leaf: gradlib's formulas lay results out as
    PyTorch's TensorIterator does). A gradient in the leaf's layout is adopted as it is (version 0, even where
    gradlib copies a view of it); a leaf that is not dense gets a ``clone`` (version 0)."""
    shape = variable.shape
    strides = element_strides(variable)
    if not is_non_overlapping_and_dense(shape, strides):
        return False
    current = element_strides(grad)
    return not all(a == b if size != 1 else a != 0 for size, a, b in zip(shape, current, strides))


def _span(shape, strides):
    """How many elements a buffer needs for ``shape`` with ``strides`` (non-negative)."""
    if 0 in shape:
        return 0
    return 1 + sum((size - 1) * stride for size, stride in zip(shape, strides))


def empty_strided(xp, shape, strides, dtype):
    """An uninitialized array of ``shape`` with element ``strides`` (a flat buffer viewed with them)."""
    shape = tuple(shape)
    if tuple(strides) == contiguous_strides(shape):
        return xp.empty(shape, dtype=dtype)
    buffer = xp.empty(max(_span(shape, strides), 1), dtype=dtype)
    item = buffer.itemsize
    return xp.lib.stride_tricks.as_strided(buffer, shape=shape, strides=tuple(step * item for step in strides))


def restrided(xp, array, strides):
    """``array``'s values with element ``strides``: ``array`` itself when it has them, a view of it when only the
    strides of dims of size 1 differ (they address nothing), else a copy."""
    strides = tuple(strides)
    current = element_strides(array)
    if current == strides:
        return array
    shape = array.shape
    if all(size == 1 or a == b for size, a, b in zip(shape, current, strides)) and 0 not in shape and (
            min(array.strides, default=0) >= 0):
        item = array.itemsize
        return xp.lib.stride_tricks.as_strided(array, shape=shape, strides=tuple(step * item for step in strides))
    return _copy_with_strides(xp, array, strides)


def _copy_with_strides(xp, array, strides):
    """A copy of ``array`` with element ``strides``, made on ``array``'s own device (not the current one: a
    layout change may run outside an op's device guard, e.g. a copy between GPUs or a leaf's gradient)."""
    with _on_device_of(array):
        out = empty_strided(xp, array.shape, strides, array.dtype)
        out[...] = array
    return out


def _on_device_of(array):
    """The backend's device guard for the device holding ``array`` (a no-op on the CPU)."""
    from .backends import backend_of_array  # the backends import this module: bound at first use
    backend = backend_of_array(array)
    return backend.guard(backend.device_of(array))
