"""Tensors described by sizes, strides and a storage offset: ``as_strided`` (a view of the memory the input views,
with PyTorch's ``AsStridedBackward0`` gradient, overlapping views included), its in-place form ``as_strided_``
(``AsStridedBackward1``), ``as_strided_scatter`` and the factory ``empty_strided``.

Geometry is counted in elements of the storage (the array that owns the memory, ``Backend.owner``), as PyTorch
counts it. The gradient works in storage coordinates (PyTorch's ``as_strided_backward``): the output's gradient is
added at the storage positions the output reads, then read back at the positions the input occupies, divided by
how many times the input reads each position (an input that overlaps itself, such as an expanded one).
"""
from .. import _creation, _tensor, backends
from ..backends import device_guard
from . import conversion
from ._args import require_tensor
from ._op import Op

__all__ = ["as_strided", "as_strided_scatter", "empty_strided"]


def _storage_positions(xp, size, stride, offset):
    """The storage position of each element of the geometry (int64, shape ``size``)."""
    positions = xp.full(tuple(size), offset, dtype=xp.int64)
    for dim, (count, step) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[dim] = count
        positions = positions + (xp.arange(count, dtype=xp.int64) * step).reshape(shape)
    return positions


def _extent(size, stride, offset):
    """One past the last storage position the geometry reads (``offset`` when it reads nothing)."""
    if any(count == 0 for count in size):
        return offset
    return offset + sum((count - 1) * step for count, step in zip(size, stride)) + 1


class AsStridedView(Op):
    """``as_strided``: a view of the storage with the given geometry."""

    node_name = "AsStridedBackward0"
    __slots__ = ("size", "stride", "storage_offset", "given_offset", "positions", "input_positions", "length")
    is_view = True
    saved_scalars = {"size": "size", "stride": "stride", "storage_offset": "given_offset"}  # None when not given

    @staticmethod
    def forward(ctx, xp, a, size, stride, offset, positions, input_positions, length, given_offset):
        ctx.size, ctx.stride, ctx.storage_offset, ctx.given_offset = size, stride, offset, given_offset
        ctx.positions, ctx.input_positions, ctx.length = positions, input_positions, length
        # how many times the input reads each storage position (more than once where it overlaps itself)
        dtype = a.dtype if a.dtype.kind in "fc" else xp.float32
        counts = xp.zeros(length, dtype=dtype)
        backends.backend_of_array(counts).scatter_add(counts, (input_positions.reshape(-1),),
                                                      xp.ones(input_positions.size, dtype=dtype))
        ctx.save_for_backward(xp.maximum(counts, 1)[input_positions])
        return strided_view(a, size, stride, offset)

    @staticmethod
    def backward(ctx, P, grad):
        (counts,) = P.saved(ctx)
        storage = P.index_add((ctx.length,), (ctx.positions.reshape(-1),), P.reshape(grad, (-1,)), True)
        return storage[ctx.input_positions] / counts


class AsStridedBackward1(AsStridedView):
    """``as_strided_``: the tensor itself becomes the view."""

    node_name = "AsStridedBackward1"
    __slots__ = ()


def strided_view(array, size, stride, offset):
    """The view of ``array``'s storage with ``size``, ``stride`` (elements) and ``offset``."""
    backend = backends.backend_of_array(array)
    owner = backend.owner(array)
    item = array.itemsize
    flat = backend._as_strided(owner, (owner.size,), (item,)) if owner.ndim != 1 else owner
    return backend._as_strided(flat[offset:], tuple(size), tuple(step * item for step in stride))


def _geometry(input, size, stride, storage_offset, name="as_strided"):
    """PyTorch's checks of a geometry over ``input``'s storage; the checked (size, stride, offset)."""
    size = tuple(int(n) for n in size)
    stride = tuple(int(n) for n in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(step < 0 for step in stride):
        raise RuntimeError(f"{name}: Negative strides are not supported at the moment, got strides: {list(stride)}")
    backend = input._device._backend
    offset = backend.storage_offset(input._array) if storage_offset is None else int(storage_offset)
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {list(size)}")
    item = input.element_size()
    available = backend.owner(input._array).size
    needed = _extent(size, stride, offset)
    if needed > available:
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {item} requiring a storage size of {needed * item} are out of bounds for "
                           f"storage of size {available * item}")
    return size, stride, offset


def _apply(node, input, size, stride, storage_offset):
    size, stride, offset = _geometry(input, size, stride, storage_offset)
    backend = input._device._backend
    xp = backend.xp
    in_stride = backend.element_strides(input._array)
    in_offset = backend.storage_offset(input._array)
    with device_guard(input._device):
        positions = _storage_positions(xp, size, stride, offset)
        input_positions = _storage_positions(xp, tuple(input.shape), in_stride, in_offset)
    length = max(_extent(size, stride, offset), _extent(tuple(input.shape), in_stride, in_offset), 1)
    given = None if storage_offset is None else int(storage_offset)
    return node.apply(input, size, stride, offset, positions, input_positions, length, given)


def as_strided(input, size, stride, storage_offset=None):
    """A view of the memory ``input`` views with the given ``size``, ``stride`` (elements, non-negative) and
    ``storage_offset`` (elements; ``input``'s own when None), as ``torch.as_strided``. Elements may overlap.
    Writing into the view writes into ``input``'s memory. The gradient is PyTorch's ``AsStridedBackward0``: the
    output's gradient gathered in storage coordinates and read back where ``input`` lies (overlaps add up).
    Raises RuntimeError, with PyTorch's messages, for lengths of size and stride that differ, a negative stride
    or offset, or a geometry reaching past the end of the storage.

    >>> import gradlib
    >>> gradlib.arange(6.).as_strided((2, 2), (1, 2), 1)
    tensor([[1., 3.],
            [2., 4.]])
    """
    require_tensor("as_strided", input)
    return _apply(AsStridedView, input, size, stride, storage_offset)


def as_strided_inplace(input, size, stride, storage_offset=None):
    """The view ``as_strided_`` makes ``input`` (recorded as ``AsStridedBackward1``)."""
    require_tensor("as_strided_", input)
    return _apply(AsStridedBackward1, input, size, stride, storage_offset)


class AsStridedScatterBackward0(Op):
    """``as_strided_scatter``: a copy of the input (its layout kept, as ``clone``) with ``src`` written where the
    geometry points in the copy's storage. The gradients are PyTorch's: ``src`` gets the incoming gradient read
    at the geometry; the input gets the incoming gradient *at the written places* and zero elsewhere (PyTorch's
    ``as_strided_scatter_backward`` copies the slice's gradient into zeros, which is not the derivative: the
    input's written places do not reach the output)."""

    __slots__ = ("size", "stride", "storage_offset")
    saved_scalars = {'size': 'size', 'stride': 'stride'}

    @staticmethod
    def forward(ctx, xp, a, src, size, stride, offset):
        ctx.size, ctx.stride, ctx.storage_offset = size, stride, offset
        out = xp.empty_like(a)  # the input's layout, as clone's preserve_format
        out[...] = a
        strided_view(out, size, stride, offset)[...] = src
        written = xp.zeros_like(a, dtype=bool)
        strided_view(written, size, stride, offset)[...] = True
        ctx.save_for_backward(written)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        (written,) = P.saved(ctx)
        grad_a = P.where(written, grad, 0.0) if ctx.needs_input_grad[0] else None
        grad_src = None
        if ctx.needs_input_grad[1]:
            grad_src = P.contiguous(grad).as_strided(ctx.size, ctx.stride, ctx.storage_offset) \
                if P.differentiable else strided_view(P.xp.ascontiguousarray(grad), ctx.size, ctx.stride,
                                                      ctx.storage_offset).copy()
        return grad_a, grad_src


def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of ``input`` (its layout kept, as ``clone``) with ``src`` written into the elements the geometry
    (``size``, ``stride``, ``storage_offset``, counted in the copy's storage) addresses, as
    ``torch.as_strided_scatter``. Raises RuntimeError for a ``src`` whose shape is not ``size``, a
    non-contiguous ``input`` that requires grad (PyTorch's internal assert) and the geometry errors of
    ``as_strided``. The gradients are PyTorch's: ``src`` gets the output's gradient at the geometry, ``input``
    the same places' gradient (and zero elsewhere), as PyTorch's formula gives.

    >>> import gradlib
    >>> gradlib.as_strided_scatter(gradlib.zeros(6), gradlib.ones(2, 2), (2, 2), (1, 2), 1)
    tensor([0., 1., 1., 1., 1., 0.])
    """
    require_tensor("as_strided_scatter", input)
    require_tensor("as_strided_scatter", src, "src", 2)
    size = tuple(int(n) for n in size)
    offset = 0 if storage_offset is None else storage_offset
    if input.requires_grad and not input.is_contiguous():
        raise RuntimeError("!self.requires_grad() || self.is_contiguous() INTERNAL ASSERT FAILED at "
                           "\"/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp\":4754, please report a bug to "
                           "PyTorch. as_strided_scatter is currently only supported for contiguous inputs")
    if tuple(src.shape) != size:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
                           f"slice size = {list(size)}")
    with device_guard(input._device):
        layout = _tensor.wrap(input._device._backend.xp.empty_like(input._array), input._device)
    size, stride, offset = _geometry(layout, size, stride, offset, "as_strided_scatter")
    if src.dtype is not input.dtype:
        src = conversion.to_dtype(src, input.dtype)
    return AsStridedScatterBackward0.apply(input, src, size, stride, offset)


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """An uninitialized tensor with the given ``size`` and ``stride`` (elements), as ``torch.empty_strided``: its
    memory holds ``1 + sum((size - 1) * stride)`` elements. ``dtype`` and ``device`` default as in ``empty``.
    Raises RuntimeError when size and stride have different lengths.

    >>> import gradlib
    >>> gradlib.empty_strided((2, 3), (1, 2)).stride()
    (1, 2)
    """
    size = tuple(int(n) for n in size)
    stride = tuple(int(n) for n in stride)
    if len(size) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(size)}) must match dimensionality of strides "
                           f"({len(stride)})")
    storage = _creation.empty(max(_extent(size, stride, 0), 0), dtype=dtype, device=device)
    item = storage.element_size()
    backend = storage._device._backend
    array = backend._as_strided(storage._array, size, tuple(step * item for step in stride))
    out = _tensor.wrap(array, storage._device)
    if requires_grad:
        out.requires_grad_()
    return out
