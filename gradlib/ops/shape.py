"""Shape ops: view/reshape, transpose, permute, unsqueeze, squeeze, expand, sum_to_size, flatten, movedim,
unflatten, narrow, split, chunk, unbind (flip, roll, repeat, tile, tril, triu, diagonal, diag_embed are in
``ops/rearrange.py``).

Views share the input's version counter (an in-place change through a view is
seen by every node that saved the base).
"""
import math

from .._numpy_names import numpy_names
from .. import _formats, _layout
from . import _broadcast, indexing, reduction
from ._args import require_tensor
from ._dims import normalize_dim, normalize_dims, size_arguments
from ._op import Op, saved_int, saved_sizes

__all__ = ["reshape", "view", "transpose", "permute", "unsqueeze", "squeeze", "expand", "broadcast_to",
           "sum_to_size", "flatten", "swapaxes", "t", "clone", "contiguous", "movedim", "moveaxis", "unflatten",
           "narrow", "split", "chunk", "unbind"]


def int_sizes(args):
    """Accept ``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])``."""
    return tuple(int(s) for s in size_arguments(args))


def infer_shape(shape, numel):
    """Resolve one -1 in ``shape`` for ``numel`` elements, with PyTorch's errors."""
    unknown = [index for index, size in enumerate(shape) if size == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for size in shape:
        if size < -1:
            raise RuntimeError(f"invalid shape dimension {size} at index {list(shape).index(size)} of shape "
                               f"{list(shape)}")
    known = math.prod(size for size in shape if size != -1)
    if unknown:
        if known == 0 and numel == 0:  # ATen's infer_size: any size fits the -1
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
                               f"unspecified dimension size -1 can be any value and is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if size == -1 else size for size in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def view_strides(old_shape, old_strides, new_shape):
    """The strides (in elements) of ``new_shape`` viewing an array of ``old_shape``/``old_strides``, or None
    where no view exists: PyTorch's ``computeStride`` (aten/src/ATen/TensorUtils.cpp), decided on the host from
    metadata alone. The old dims split into chunks that are contiguous within themselves; the new shape must
    split into chunks of the same element counts, each then strided like the old chunk it covers."""
    if not old_shape:
        return (1,) * len(new_shape)
    if math.prod(old_shape) == 0:
        if tuple(old_shape) == tuple(new_shape):
            return tuple(old_strides)
        strides = [1] * len(new_shape)
        for d in range(len(new_shape) - 2, -1, -1):
            strides[d] = max(new_shape[d + 1], 1) * strides[d + 1]
        return tuple(strides)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = old_strides[-1]
    tensor_numel = 1
    view_numel = 1
    for tensor_d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[tensor_d]
        chunk_ends = tensor_d == 0 or (old_shape[tensor_d - 1] != 1 and
                                       old_strides[tensor_d - 1] != tensor_numel * chunk_base_stride)
        if not chunk_ends:
            continue
        while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
            new_strides[view_d] = view_numel * chunk_base_stride
            view_numel *= new_shape[view_d]
            view_d -= 1
        if view_numel != tensor_numel:
            return None
        if tensor_d > 0:
            chunk_base_stride = old_strides[tensor_d - 1]
            tensor_numel = 1
            view_numel = 1
    if view_d != -1:
        return None
    return tuple(new_strides)


def _same_strides(array, strides):
    """Whether ``array`` has these element strides (dims of size 1 may have any stride)."""
    item = array.itemsize
    return all(size == 1 or stride == expected * item
               for size, stride, expected in zip(array.shape, array.strides, strides))


class ViewBackward0(Op):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, shape, must_view=False):
        if must_view and not a.flags.c_contiguous:
            item = a.itemsize
            strides = view_strides(a.shape, tuple(stride // item for stride in a.strides), shape)
            if strides is None:
                raise RuntimeError(
                    "view size is not compatible with input tensor's size and stride (at least one dimension "
                    "spans across two contiguous subspaces). Use .reshape(...) instead.")
            out = a.reshape(shape)
            if a.size and not _same_strides(out, strides):  # the library copied where PyTorch views
                out = xp.lib.stride_tricks.as_strided(a, shape, tuple(stride * item for stride in strides))
            return out
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, P, grad):
        return P.reshape(grad, ctx.input_shape(0))


class TransposeBackward0(Op):
    __slots__ = ("dim0", "dim1")
    saved_scalars = {"dim0": "dim0", "dim1": "dim1"}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, dim0, dim1):
        ctx.dim0, ctx.dim1 = dim0, dim1
        return xp.swapaxes(a, dim0, dim1)

    @staticmethod
    def backward(ctx, P, grad):
        return P.swapaxes(grad, ctx.dim0, ctx.dim1)


class PermuteBackward0(Op):
    __slots__ = ("dims",)
    saved_scalars = {"dims": "dims"}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, dims):
        ctx.dims = dims
        return xp.transpose(a, dims)

    @staticmethod
    def backward(ctx, P, grad):
        inverse = [0] * len(ctx.dims)
        for position, dim in enumerate(ctx.dims):
            inverse[dim] = position
        return P.transpose(grad, tuple(inverse))


class UnsqueezeBackward0(Op):
    """unsqueeze(dim); the gradient is squeezed at ``dim`` (so a double backward ends in SqueezeBackward1, as
    PyTorch's, e.g. ``autograd.functional.jvp(..., create_graph=True)`` of a sum over a dim)."""

    __slots__ = ("axis",)
    saved_scalars = {"dim": "axis"}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, axis):
        ctx.axis = axis
        out = xp.expand_dims(a, axis)
        if min(a.strides, default=0) < 0:
            return out  # a NumPy flip: reported row-major (``_layout.element_strides``)
        return _layout.restrided(xp, out, _layout.unsqueezed_strides(a.shape, _layout.element_strides(a), axis))

    @staticmethod
    def backward(ctx, P, grad):
        return P.squeeze_dim(grad, ctx.axis)


class SqueezeBackward0(Op):
    """squeeze() of every size-1 dim."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, axes):
        return a.squeeze(axes) if axes else a.reshape(a.shape)

    @staticmethod
    def backward(ctx, P, grad):
        return P.reshape(grad, ctx.input_shape(0))


class SqueezeBackward1(SqueezeBackward0):
    """squeeze(dim)."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}


class SqueezeBackward2(SqueezeBackward0):
    """squeeze(dims)."""

    __slots__ = ()
    saved_scalars = {'self_sym_sizes': saved_sizes()}


class ExpandBackward0(Op):
    __slots__ = ()
    saved_scalars = {"self_sym_sizes": saved_sizes()}
    is_view = True

    @staticmethod
    def forward(ctx, xp, a, shape):
        # A writeable view, as PyTorch's: fill_, zero_ and item assignment write through an expanded tensor
        # (NumPy's broadcast_to is read-only); in-place arithmetic on it is refused (``check_no_overlap``).
        lead = len(shape) - a.ndim
        strides = (0,) * lead + tuple(stride if size == target else 0
                                      for size, stride, target in zip(a.shape, a.strides, shape[lead:]))
        return xp.lib.stride_tricks.as_strided(a, shape=shape, strides=strides)

    @staticmethod
    def backward(ctx, P, grad):
        return grad  # the engine sums the broadcast axes back to the input's shape


class CloneBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, a, memory_format=None):
        strides = _formats.target_strides(a.shape, _layout.element_strides(a), memory_format)
        out = _layout.empty_strided(xp, a.shape, strides, a.dtype)
        out[...] = a
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return grad


def reshape(input, *shape_, shape=None):
    """The same elements in a new shape (one size may be -1).

    >>> import gradlib
    >>> gradlib.arange(6).reshape(2, -1)
    tensor([[0, 1, 2],
            [3, 4, 5]])
    >>> gradlib.reshape(gradlib.arange(6), shape=(3, 2)).shape
    gradlib.Size([3, 2])
    """
    if shape is None:
        shape = shape_
    elif shape_:
        raise TypeError("reshape() got multiple values for argument 'shape'")
    else:
        shape = (shape,)
    require_tensor("reshape", input)
    shape = infer_shape(int_sizes(shape), input.numel())
    return ViewBackward0.apply(input, shape)


def view(input, *shape):
    """Like ``reshape``, but only where no copy is needed (PyTorch's ``view`` contract).

    >>> import gradlib
    >>> gradlib.zeros(2, 3).view(-1).shape
    gradlib.Size([6])
    """
    require_tensor("view", input)
    shape = infer_shape(int_sizes(shape), input.numel())
    return ViewBackward0.apply(input, shape, True)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims ``start_dim..end_dim`` into one.

    >>> import gradlib
    >>> gradlib.zeros(2, 3, 4).flatten(1).shape
    gradlib.Size([2, 12])
    """
    require_tensor("flatten", input)
    shape = input.shape
    if not shape:
        normalize_dim(start_dim, 0)  # a 0-d tensor takes dims 0 and -1 only
        normalize_dim(end_dim, 0)
        return reshape(input, (1,))
    start = normalize_dim(start_dim, len(shape))
    end = normalize_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    merged = math.prod(shape[start:end + 1])
    return reshape(input, shape[:start] + (merged,) + shape[end + 1:])


class TBackward0(Op):
    """``t()``: swap the two dims of a matrix; a 0-d or 1-d tensor comes back as a view of itself."""

    __slots__ = ()
    is_view = True

    @staticmethod
    def forward(ctx, xp, a):
        return a.swapaxes(0, 1) if a.ndim == 2 else a[...]

    @staticmethod
    def backward(ctx, P, grad):
        return P.swapaxes(grad, 0, 1) if grad.ndim == 2 else grad


def transpose(input, dim0, dim1):
    """Swap two dims (a view).

    >>> import gradlib
    >>> gradlib.zeros(2, 3).transpose(0, 1).shape
    gradlib.Size([3, 2])
    """
    require_tensor("transpose", input)
    ndim = input.ndim
    axis0, axis1 = normalize_dim(dim0, ndim), normalize_dim(dim1, ndim)
    if ndim == 0:  # dims 0 and -1 name the only "dim" of a 0-d tensor: nothing to swap
        return view(input, ())
    return TransposeBackward0.apply(input, axis0, axis1)


def swapaxes(input, axis0, axis1):
    """``transpose`` with NumPy's parameter names (PyTorch's ``torch.swapaxes``).

    >>> import gradlib
    >>> gradlib.swapaxes(gradlib.zeros(2, 3), 0, 1).shape
    gradlib.Size([3, 2])
    """
    return transpose(input, axis0, axis1)


def t(input):
    """Transpose a tensor of at most 2 dims.

    >>> import gradlib
    >>> gradlib.t(gradlib.zeros(2, 3)).shape
    gradlib.Size([3, 2])
    """
    require_tensor("t", input)
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return TBackward0.apply(input)


def permute(input, *dims_, dims=None):
    """Reorder dims (a view).

    >>> import gradlib
    >>> gradlib.zeros(2, 3, 4).permute(2, 0, 1).shape
    gradlib.Size([4, 2, 3])
    >>> gradlib.permute(gradlib.zeros(2, 3), dims=(1, 0)).shape
    gradlib.Size([3, 2])
    """
    if dims is None:
        dims = dims_
    elif dims_:
        raise TypeError("permute() got multiple values for argument 'dims'")
    else:
        dims = (dims,)
    require_tensor("permute", input)
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = int_sizes(dims)
    ndim = input.ndim
    if len(dims) != ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the "
            f"desired ordering of dimensions i.e. input.dim() = {ndim} is not equal to len(dims) = {len(dims)}")
    axes = tuple(normalize_dim(d, ndim) for d in dims)
    if len(set(axes)) != ndim:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return PermuteBackward0.apply(input, axes)


@numpy_names
def unsqueeze(input, dim):
    """Insert a size-1 dim at ``dim``.

    >>> import gradlib
    >>> gradlib.zeros(3).unsqueeze(0).shape
    gradlib.Size([1, 3])
    """
    require_tensor("unsqueeze", input)
    return UnsqueezeBackward0.apply(input, normalize_dim(dim, input.ndim + 1))


@numpy_names
def squeeze(input, dim=None):
    """Drop size-1 dims (all, or those in ``dim``; others are left as they are).

    >>> import gradlib
    >>> gradlib.zeros(1, 3, 1).squeeze().shape
    gradlib.Size([3])
    """
    require_tensor("squeeze", input)
    shape = input.shape
    if dim is None:
        return SqueezeBackward0.apply(input, tuple(i for i, s in enumerate(shape) if s == 1))
    if isinstance(dim, int):
        axes = normalize_dims(dim, input.ndim)
        return SqueezeBackward1.apply(input, tuple(a for a in axes if shape[a] == 1))
    axes = normalize_dims(dim, input.ndim)
    return SqueezeBackward2.apply(input, tuple(a for a in axes if shape[a] == 1))


def expand(input, *sizes):
    """Broadcast to a larger shape without copying (-1 keeps a dim).

    >>> import gradlib
    >>> gradlib.tensor([1., 2.]).expand(2, 2)
    tensor([[1., 2.],
            [1., 2.]])
    """
    require_tensor("expand", input)
    sizes = int_sizes(sizes)
    shape = input.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({input.type()}{{{list(shape)}}}, size={list(sizes)}): the number of sizes provided "
            f"({len(sizes)}) must be greater or equal to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = []
    for index in reversed(range(len(sizes))):  # PyTorch checks from the last dim
        size = sizes[index]
        current = shape[index - lead] if index >= lead else None
        if size < -1:
            raise RuntimeError("numel: integer multiplication overflow")
        if size == -1:
            if current is None:
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {index}")
            size = current
        elif current is not None and current != 1 and current != size:
            raise RuntimeError(
                f"The expanded size of the tensor ({size}) must match the existing size ({current}) at "
                f"non-singleton dimension {index}.  Target sizes: {list(sizes)}.  Tensor sizes: {list(shape)}")
        target.append(size)
    return ExpandBackward0.apply(input, tuple(reversed(target)))


def broadcast_to(input, size):
    """``expand`` to ``size``.

    >>> import gradlib
    >>> gradlib.broadcast_to(gradlib.tensor([1., 2.]), (3, 2)).shape
    gradlib.Size([3, 2])
    """
    require_tensor("broadcast_to", input)
    return expand(input, tuple(size))


def sum_to_size(input, *size):
    """Sum broadcast dims away so the result has ``size`` (the inverse of ``expand``).

    >>> import gradlib
    >>> gradlib.ones(3, 2).sum_to_size(1, 2)
    tensor([[3., 3.]])
    """
    require_tensor("sum_to_size", input)
    size = int_sizes(size)
    if tuple(input.shape) == size:
        return input
    shape = input.shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != shape[lead + i] for i, s in enumerate(size)):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    axes = _broadcast.reduced_axes(shape, size)
    summed = reduction.SumBackward1.apply(input, axes, True,
                                         None if input.dtype.is_floating_point or input.dtype.is_complex else "int64")
    return reshape(summed, size) if lead else summed


def clone(input, *, memory_format=None):
    """A copy that does not share memory (differentiable), stored in ``memory_format``'s order
    (``gradlib.channels_last`` for 4-D, ``channels_last_3d`` for 5-D tensors: PyTorch's RuntimeError for another
    rank; ``contiguous_format`` row-major); by default (``preserve_format``) with ``input``'s strides where it is
    dense (a transposed matrix stays transposed), else in the format its strides suggest. See ``gradlib._formats``.

    >>> import gradlib
    >>> gradlib.tensor([1., 2.]).clone()
    tensor([1., 2.])
    >>> gradlib.zeros(1, 2, 3, 4).clone(memory_format=gradlib.channels_last).stride()
    (24, 1, 8, 2)
    """
    _formats.check_format_argument(memory_format)
    require_tensor("clone", input)
    _formats.check_rank(memory_format, input.ndim)
    return CloneBackward0.apply(input, memory_format)


def contiguous(input, memory_format=None):
    """``input`` itself when stored in ``memory_format``'s order (row-major by default), else a copy stored so
    (``CloneBackward0``, as PyTorch's).

    >>> import gradlib
    >>> x = gradlib.zeros(1, 2, 3, 4)
    >>> x.contiguous() is x, x.contiguous(memory_format=gradlib.channels_last).stride()
    (True, (24, 1, 8, 2))
    """
    require_tensor("contiguous", input)
    _formats.check_format_argument(memory_format)
    _formats.check_rank(memory_format, input.ndim)
    strides = input._device._backend.element_strides(input._array)
    if _formats.is_in_format(input._array, strides, memory_format):
        return input
    return clone(input, memory_format=memory_format or _formats.contiguous_format)


def movedim(input, source, destination):
    """Move dims from ``source`` to ``destination`` positions (a permute).

    >>> import gradlib
    >>> gradlib.movedim(gradlib.zeros(2, 3, 4), 0, -1).shape
    gradlib.Size([3, 4, 2])
    """
    require_tensor("movedim", input)
    ndim = input.ndim
    sources = (source,) if isinstance(source, int) else tuple(source)
    destinations = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(sources) != len(destinations):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(sources)} dims) should "
                           f"contain the same number of dims as destination ({list(destinations)} dims)")
    sources = [normalize_dim(s, ndim) for s in sources]
    destinations = [normalize_dim(d, ndim) for d in destinations]
    for name, given, normalized in (("source", source, sources), ("destination", destination, destinations)):
        if len(set(normalized)) != len(normalized):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(given)})")
    if ndim == 0:  # source and destination 0/-1 of a 0-d tensor: nothing moves
        return view(input, ())
    order = [d for d in range(ndim) if d not in sources]
    for dest, src in sorted(zip(destinations, sources)):
        order.insert(dest, src)
    return permute(input, tuple(order))


moveaxis = movedim


@numpy_names
def unflatten(input, dim, sizes):
    """Split one dim into ``sizes`` (one may be -1).

    >>> import gradlib
    >>> gradlib.unflatten(gradlib.zeros(2, 6), 1, (2, 3)).shape
    gradlib.Size([2, 2, 3])
    """
    require_tensor("unflatten", input)
    if input.ndim == 0:
        raise RuntimeError(f"unflatten got an unexpected error:\nDimension specified as {dim} but tensor has no "
                           "dimensions")
    axis = normalize_dim(dim, input.ndim)
    shape = tuple(input.shape)
    sizes = tuple(sizes)
    if -1 not in sizes and math.prod(sizes) != shape[axis]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                           f"({shape[axis]}) in the input tensor")
    sizes = infer_shape(sizes, shape[axis])
    return reshape(input, shape[:axis] + sizes + shape[axis + 1:])


@numpy_names
def narrow(input, dim, start, length):
    """``length`` elements of ``dim`` from ``start`` (a view).

    >>> import gradlib
    >>> gradlib.narrow(gradlib.arange(5), 0, 1, 3)
    tensor([1, 2, 3])
    """
    require_tensor("narrow", input)
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    axis = normalize_dim(dim, input.ndim)
    size = input.shape[axis]
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return indexing.getitem(input, (slice(None),) * axis + (slice(start, start + length),))


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the given ``sections`` sizes.

    >>> import gradlib
    >>> [t.tolist() for t in gradlib.split(gradlib.arange(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    input = tensor
    require_tensor("split", input)
    if input.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    axis = normalize_dim(dim, input.ndim)
    size = input.shape[axis]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
        if step <= 0 and size:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        sections = [min(step, size - start) for start in range(0, size, step)] if size else [0]
    else:
        sections = list(split_size_or_sections)
        if sum(sections) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size "
                               f"at dimension {dim}), but got split_sizes={sections}")  # the dim as given
    node = SplitBackward0 if isinstance(split_size_or_sections, int) else SplitWithSizesBackward0
    return node.apply(input, axis, tuple(sections))


class _Pieces(Op):
    """Views of the input's pieces along ``axis``, all outputs of one node, as in PyTorch: backward joins the
    pieces' gradients, with zeros for pieces that got none."""

    __slots__ = ("axis", "sections")
    is_view = True
    multi_output = True
    #: PyTorch refuses to change one of the views in place while recording (``inplace.multiple_views_message``)
    multiple_views = True

    @property
    def num_outputs(self):
        return len(self.sections)

    @staticmethod
    def backward(ctx, P, grads):
        axis = ctx.axis
        some = next(grad for grad in grads if grad is not None)
        parts = []
        for length, grad in zip(ctx.sections, grads):
            if grad is None:
                sizes = list(ctx.input_shape(0))
                sizes[axis] = length
                grad = P.broadcast_to(P.zeros_like(P.sum(some, axis, True)), tuple(sizes))
            parts.append(grad)
        return P.cat(parts, axis)


class SplitBackward0(_Pieces):
    """``split`` into pieces of one size (the last may be smaller), and ``chunk``."""

    __slots__ = ()
    saved_scalars = {'dim': 'axis', 'split_size': lambda node: node.sections[0], 'self_sym_sizes': saved_sizes()}

    @staticmethod
    def forward(ctx, xp, a, axis, sections):
        ctx.axis, ctx.sections = axis, sections
        index = [slice(None)] * a.ndim
        pieces = []
        start = 0
        for length in sections:
            index[axis] = slice(start, start + length)
            pieces.append(a[tuple(index)])
            start += length
        return tuple(pieces)


class SplitWithSizesBackward0(SplitBackward0):
    """``split`` into pieces of the given sizes."""

    __slots__ = ()
    saved_scalars = {'dim': 'axis', 'split_sizes': 'sections', 'self_sym_sizes': saved_sizes()}


class UnbindBackward0(_Pieces):
    """``unbind``: the slices along ``axis``; backward stacks their gradients."""

    __slots__ = ()
    saved_scalars = {"dim": saved_int("axis")}

    @staticmethod
    def forward(ctx, xp, a, axis):
        ctx.axis, ctx.sections = axis, (1,) * a.shape[axis]
        index = [slice(None)] * a.ndim
        pieces = []
        for position in range(a.shape[axis]):
            index[axis] = position
            pieces.append(a[tuple(index)])
        return tuple(pieces)

    @staticmethod
    def backward(ctx, P, grads):
        grads = tuple(None if grad is None else P.expand_dims(grad, ctx.axis) for grad in grads)
        return _Pieces.backward(ctx, P, grads)


@numpy_names
def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller).

    >>> import gradlib
    >>> len(gradlib.chunk(gradlib.arange(5), 3))
    3
    """
    require_tensor("chunk", input)
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    if input.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    size = input.shape[normalize_dim(dim, input.ndim)]
    if size == 0:  # PyTorch: ``chunks`` empty pieces
        return split(input, [0] * chunks, dim)
    step = -(-size // chunks)
    return split(input, step, dim)


@numpy_names
def unbind(input, dim=0):
    """The slices along ``dim``, as a tuple.

    >>> import gradlib
    >>> gradlib.unbind(gradlib.tensor([[1, 2], [3, 4]]), 1)
    (tensor([1, 3]), tensor([2, 4]))
    """
    require_tensor("unbind", input)
    axis = normalize_dim(dim, input.ndim)
    return UnbindBackward0.apply(input, axis)

