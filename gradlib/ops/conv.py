"""Convolutions and pooling on raw arrays. The only Python loops run over kernel offsets (at most KH * KW
iterations, each one strided block copy or comparison); none run over pixels, channels or the batch.
Convolution is one batched matmul of the weights with im2col columns; max pooling compares one strided
view per kernel offset.

Three ops are closed under differentiation, so every order of gradient is itself a convolution:
``ConvolutionBackward0`` (y = conv(x, w)), ``ConvolutionInputGrad`` (the adjoint in x: conv_transpose) and
``ConvolutionWeightGrad`` (the adjoint in w). The array functions take any number of spatial dims (N, C, *spatial):
2-D (N, C, H, W) and 3-D (N, C, D, H, W) run as they are; conv1d adds a unit height. Padding is one
(before, after) pair per spatial dim, ((top, bottom), (left, right)) in 2-D, so 'same' can pad unevenly, as
PyTorch does.
"""
import itertools

from .. import _layout, backends, dtypes
from . import _op
from ._op import Op
from ..autograd.graph import present_edges

__all__ = ["conv2d_arrays", "conv2d_input_grad_arrays", "conv2d_weight_grad_arrays"]


def _pad(xp, x, padding, value=0):
    if all(before == after == 0 for before, after in padding):
        return x
    return xp.pad(x, ((0, 0), (0, 0)) + tuple(padding), constant_values=value)


def _count(sizes):
    total = 1
    for size in sizes:
        total *= size
    return total


def output_size(size, kernel, stride, padding, dilation):
    return (size + padding[0] + padding[1] - dilation * (kernel - 1) - 1) // stride + 1


def _backend(x):
    return backends.backend_of_array(x)


def _offset_slices(kernel, stride, dilation, out_hw):
    """For each kernel offset ((i, j) in 2-D), one slice per spatial dim of the padded input that it meets in
    every window, in the order of the flattened kernel."""
    per_dim = []
    for k, s, d, o in zip(kernel, stride, dilation, out_hw):
        per_dim.append([slice(i * d, i * d + s * (o - 1) + 1, s) for i in range(k)])
    return list(itertools.product(*per_dim))


def _columns(xp, x, kernel, stride, padding, dilation, out_hw):
    """im2col: (N, C * KH * KW, OH * OW) in 2-D, built with one block copy per kernel offset (fast, unlike
    copying a 6-d strided window view element by element)."""
    padded = _pad(xp, x, padding)
    n, c = x.shape[:2]
    columns = xp.empty((n, c, _count(kernel)) + tuple(out_hw), dtype=x.dtype)
    for k, window in enumerate(_offset_slices(kernel, stride, dilation, out_hw)):
        columns[:, :, k] = padded[(slice(None), slice(None)) + window]
    return columns.reshape(n, c * _count(kernel), _count(out_hw))


def conv2d_arrays(xp, x, w, stride, padding, dilation, groups):
    """Cross-correlation of (N, C, H, W) ``x`` with (O, C / groups, KH, KW) ``w`` (or 3-D: (N, C, D, H, W) with
    (O, C / groups, KD, KH, KW)): one batched matmul of the weights with the im2col columns, which leaves the
    result in contiguous NCHW."""
    n = x.shape[0]
    out_c, c_per_group = w.shape[:2]
    kernel = w.shape[2:]
    out_hw = tuple(output_size(size, k, s, p, d)
                   for size, k, s, p, d in zip(x.shape[2:], kernel, stride, padding, dilation))
    columns = _columns(xp, x, kernel, stride, padding, dilation, out_hw)
    if groups == 1:
        return xp.matmul(w.reshape(out_c, -1), columns).reshape((n, out_c) + out_hw)
    columns = columns.reshape(n, groups, c_per_group * _count(kernel), _count(out_hw))
    out = xp.matmul(w.reshape(groups, out_c // groups, -1), columns)
    return out.reshape((n, out_c) + out_hw)


def conv2d_input_grad_arrays(xp, g, w, input_shape, stride, padding, dilation, groups):
    """The gradient of conv2d with respect to its input (= conv_transpose2d of ``g``): the weights' transpose
    times ``g`` gives each offset's contribution (col2im), added into place one kernel offset at a time."""
    n, c = input_shape[:2]
    spatial = input_shape[2:]
    out_c, c_per_group = w.shape[:2]
    kernel = w.shape[2:]
    out_hw = g.shape[2:]
    grouped_g = g.reshape(n, groups, out_c // groups, _count(out_hw))
    grouped_w = w.reshape(groups, out_c // groups, c_per_group * _count(kernel))
    contributions = xp.matmul(grouped_w.swapaxes(-1, -2), grouped_g)  # (n, groups, c_per_group * kh * kw, p)
    contributions = contributions.reshape((n, c, _count(kernel)) + tuple(out_hw))
    padded_shape = tuple(size + before + after for size, (before, after) in zip(spatial, padding))
    padded = xp.zeros((n, c) + padded_shape, dtype=contributions.dtype)
    for k, window in enumerate(_offset_slices(kernel, stride, dilation, out_hw)):
        padded[(slice(None), slice(None)) + window] += contributions[:, :, k]
    inside = tuple(slice(before, before + size) for size, (before, _) in zip(spatial, padding))
    return padded[(slice(None), slice(None)) + inside]


def conv2d_weight_grad_arrays(xp, x, g, weight_shape, stride, padding, dilation, groups):
    """The gradient of conv2d with respect to its weight: ``g`` times the im2col columns, summed over the batch."""
    n = x.shape[0]
    out_c, c_per_group = weight_shape[:2]
    kernel = tuple(weight_shape[2:])
    out_hw = g.shape[2:]
    columns = _columns(xp, x, kernel, stride, padding, dilation, out_hw)
    columns = columns.reshape(n, groups, c_per_group * _count(kernel), _count(out_hw))
    grouped_g = g.reshape(n, groups, out_c // groups, _count(out_hw))
    out = xp.matmul(grouped_g, columns.swapaxes(-1, -2)).sum(axis=0)  # (groups, out_c / groups, c_per_group*kh*kw)
    return out.reshape(weight_shape)


def _conv_value(name):
    """A ``saved_scalars`` entry of the convolution node: PyTorch's argument ``name`` from the node's ``params``
    (stride, (before, after) padding pairs, dilation, groups), one per spatial dim (conv1d's without the unit
    height dim the node adds)."""
    def value(node):
        stride, padding, dilation, groups = node.params
        if name == "groups":
            return groups
        values = {"stride": stride, "padding": [pair[0] for pair in padding], "dilation": dilation,
                  "output_padding": [0] * len(stride)}[name]
        return tuple(values[1:] if node.unit_height else values)
    return value


class ConvolutionBackward0(Op):
    """y = conv2d(x, w) (+ bias), PyTorch's convolution node. ``unit_height`` runs a 1-D convolution of (N, C, L)
    with (O, C/groups, K) as a 2-D one of height 1 inside the node (so conv1d's grad_fn is this node too)."""

    __slots__ = ("params", "unit_height", "has_bias")
    saved_names = ('input', 'weight')
    saved_scalars = {"bias_sym_sizes_opt": lambda node: (node.input_shape(1)[0],) if node.has_bias else (0,),
                     "dilation": _conv_value("dilation"), "groups": _conv_value("groups"),
                     "output_padding": _conv_value("output_padding"), "padding": _conv_value("padding"),
                     "stride": _conv_value("stride"), "transposed": lambda node: False}
    promote = True

    def public_edges(self, edges):
        return present_edges(edges, (True, True, self.has_bias))  # no bias: (None, 0)

    @staticmethod
    def forward(ctx, xp, x, w, bias, params, unit_height=False):
        ctx.params, ctx.unit_height, ctx.has_bias = params, unit_height, bias is not None
        ctx.save_for_backward(x, w)  # the inputs themselves: the double-backward graph must reach them
        if unit_height:
            x, w = x[:, :, None, :], w[:, :, None, :]
        out = conv2d_arrays(xp, x, w, *params)
        if bias is not None:
            out = out + bias.reshape((1, -1) + (1,) * (out.ndim - 2))
        return out[:, :, 0, :] if unit_height else _layout.like_input_format(xp, out, x, w)

    @staticmethod
    def backward(ctx, P, grad):
        x, w = P.saved(ctx)
        needs = ctx.needs_input_grad
        if ctx.unit_height:
            grad, x, w = P.expand_dims(grad, 2), P.expand_dims(x, 2), P.expand_dims(w, 2)
        grad_x = P.conv2d_input_grad(grad, w, tuple(x.shape), ctx.params) if needs[0] else None
        grad_w = P.conv2d_weight_grad(x, grad, tuple(w.shape), ctx.params) if needs[1] else None
        return _convolution_grads(ctx, P, grad, x, w, grad_x, grad_w)


class ConvolutionTranspose(Op):
    """y = conv_transpose2d(x, w) (+ bias): PyTorch's convolution node with ``transposed=True``, so it carries
    the same name. The forward is conv2d's adjoint in its input; the gradients are conv2d of ``grad`` (in x) and
    conv2d's weight gradient with ``grad`` in the input's place (in w), both differentiable again. ``unit_height``
    runs conv_transpose1d of (N, C, L) as a 2-D one of height 1 inside the node."""

    node_name = "ConvolutionBackward0"

    __slots__ = ("params", "unit_height", "has_bias")
    saved_names = ("input", "weight")
    # (output_padding: the node does not keep the output size it was asked for)
    saved_scalars = {"bias_sym_sizes_opt": lambda node: (node.input_shape(1)[1] * node.params[3],) if node.has_bias
                     else (0,), "dilation": _conv_value("dilation"), "groups": _conv_value("groups"),
                     "padding": _conv_value("padding"), "stride": _conv_value("stride"),
                     "transposed": lambda node: True}
    promote = True

    def public_edges(self, edges):
        return present_edges(edges, (True, True, self.has_bias))  # no bias: (None, 0)

    @staticmethod
    def forward(ctx, xp, x, w, bias, output_shape, params, unit_height=False):
        ctx.params, ctx.unit_height, ctx.has_bias = params, unit_height, bias is not None
        ctx.save_for_backward(x, w)
        if unit_height:
            x, w = x[:, :, None, :], w[:, :, None, :]
        out = conv2d_input_grad_arrays(xp, x, w, output_shape, *params)
        if bias is not None:
            out = out + bias.reshape((1, -1) + (1,) * (out.ndim - 2))
        return out[:, :, 0, :] if unit_height else _layout.like_input_format(xp, out, x, w)

    @staticmethod
    def backward(ctx, P, grad):
        x, w = P.saved(ctx)
        needs = ctx.needs_input_grad
        if ctx.unit_height:
            grad, x, w = P.expand_dims(grad, 2), P.expand_dims(x, 2), P.expand_dims(w, 2)
        # an output_padding of a stride or more (allowed below the dilation) adds output cells past the last the
        # input reaches: the convolution of grad is then longer than x (cropped), and the weight's gradient pairs
        # those windows with zeros
        stride, pads, dilation, _ = ctx.params
        full = tuple((size + before + after - d * (k - 1) - 1) // s + 1 for size, (before, after), d, k, s in
                     zip(grad.shape[2:], pads, dilation, w.shape[2:], stride))
        x_shape = tuple(x.shape)
        grad_x = P.conv2d(grad, w, ctx.params) if needs[0] else None
        if full != x_shape[2:]:
            if grad_x is not None:
                grad_x = grad_x[(Ellipsis,) + tuple(slice(0, n) for n in x_shape[2:])]
            x = _zero_extended(P, x, full)
        grad_w = P.conv2d_weight_grad(grad, x, tuple(w.shape), ctx.params) if needs[1] else None
        if full != x_shape[2:]:
            x = x[(Ellipsis,) + tuple(slice(0, n) for n in x_shape[2:])]
        return _convolution_grads(ctx, P, grad, x, w, grad_x, grad_w)


class ConvolutionInputGrad(Op):
    """x-shaped result of the adjoint of conv2d in x: what conv_transpose2d computes."""

    node_name = "ConvolutionBackwardBackward0"

    __slots__ = ("params", "x_shape")
    promote = True

    @staticmethod
    def forward(ctx, xp, g, w, input_shape, params):
        ctx.params, ctx.x_shape = params, input_shape
        ctx.save_for_backward(g, w)
        return conv2d_input_grad_arrays(xp, g, w, input_shape, *params)

    @staticmethod
    def backward(ctx, P, grad):
        g, w = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_g = P.conv2d(grad, w, ctx.params) if needs[0] else None
        grad_w = P.conv2d_weight_grad(grad, g, ctx.input_shape(1), ctx.params) if needs[1] else None
        return grad_g, grad_w


class ConvolutionWeightGrad(Op):
    """w-shaped result of the adjoint of conv2d in w."""

    node_name = "ConvolutionBackwardBackward1"

    __slots__ = ("params", "weight_shape")
    promote = True

    @staticmethod
    def forward(ctx, xp, x, g, weight_shape, params):
        ctx.params, ctx.weight_shape = params, weight_shape
        ctx.save_for_backward(x, g)
        return conv2d_weight_grad_arrays(xp, x, g, weight_shape, *params)

    @staticmethod
    def backward(ctx, P, grad):
        x, g = P.saved(ctx)
        needs = ctx.needs_input_grad
        grad_x = P.conv2d_input_grad(g, grad, ctx.input_shape(0), ctx.params) if needs[0] else None
        grad_g = P.conv2d(x, grad, ctx.params) if needs[1] else None
        return grad_x, grad_g


class MaxPool2DWithIndicesBackward0(Op):
    """Max pooling; the gradient goes to the position of each window's maximum (first one on ties).

    One strided view per kernel offset (no copy of the windows): the maximum is a running ``maximum``
    (NaN propagates), and the offset of each window's maximum is found by comparing the views with it,
    last offset first, so the first maximum wins. A window holding NaN reports its last NaN, as PyTorch's
    CPU kernel does."""

    __slots__ = ("arg", "disjoint", "dims")
    nondiff_outputs = (1,)

    @staticmethod
    def forward(ctx, xp, x, kernel, stride, padding, dilation, out_hw):
        ctx.dims = len(kernel)
        if x.ndim == ctx.dims + 1:  # unbatched (C, *spatial): one node, as PyTorch's
            out, within_channel = MaxPool2DWithIndicesBackward0.forward(ctx, xp, x[None], kernel, stride, padding,
                                                                        dilation, out_hw)
            ctx.arg = within_channel[0]
            return out[0], within_channel[0]
        lowest = -xp.inf if dtypes.floating_np(x.dtype) else xp.iinfo(x.dtype).min  # integers have no -inf
        padded = _pad(xp, x, padding, value=lowest)
        views = _offset_views(padded, kernel, stride, dilation, out_hw)
        out = views[0]
        for view in views[1:]:
            out = xp.maximum(out, view)
        if len(views) == 1:
            out = out.copy()
        # Offset of each view's element from its window's corner, flattened in the (unpadded) channel.
        spatial = x.shape[2:]
        dim_strides = [_count(spatial[axis + 1:]) for axis in range(len(spatial))]
        offsets = [sum(i * d * st for i, d, st in zip(position, dilation, dim_strides))
                   for position in itertools.product(*(range(k) for k in kernel))]
        last = len(views) - 1
        offset = xp.full(out.shape, offsets[last], dtype=xp.int64)
        for k in range(last - 1, -1, -1):  # later matches are overwritten: the first maximum wins
            offset -= (views[k] == out) * (offset - offsets[k])  # where(hit, offsets[k], offset), faster
        if dtypes.floating_np(out.dtype) and _backend(out).may_be_any(out != out):
            for k, view in enumerate(views):  # NaN windows: the last NaN wins
                offset -= (view != view) * (offset - offsets[k])
        corner = 0
        for axis, (size, st, (before, _)) in enumerate(zip(out_hw, stride, padding)):
            shape = [1] * len(out_hw)
            shape[axis] = size
            corner = corner + ((xp.arange(size) * st - before) * dim_strides[axis]).reshape(shape)
        within_channel = offset + corner  # flat index of each maximum in its channel
        ctx.arg = within_channel
        ctx.disjoint = all(s >= d * (k - 1) + 1 for s, d, k in zip(stride, dilation, kernel))
        return _layout.like_input_format(xp, out, x), _layout.like_input_format(xp, within_channel, x)

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        leading = shape[:-ctx.dims]
        volume = _count(shape[-ctx.dims:])
        xp = ctx.xp
        channels = xp.arange(_count(leading)).reshape(tuple(leading) + (1,) * ctx.dims)
        positions = (ctx.arg + channels * volume).reshape(-1)
        # Windows that cannot share an element send each gradient to a distinct place: no accumulation.
        flat = P.index_add((_count(shape),), (positions,), P.reshape(grad, (-1,)), not ctx.disjoint)
        return P.reshape(flat, shape)


class MaxPool3DWithIndicesBackward0(MaxPool2DWithIndicesBackward0):
    """max_pool3d: the same node over (N, C, D, H, W), under PyTorch's 3-D name; indices are flat in D * H * W."""

    __slots__ = ()


def _kernel_size(node):
    """The pooling kernel's size: that of the kernel of ones the node saved first (unpacked where
    saved_tensors_hooks packed it; PyTorch's error once backward has freed it)."""
    array = node._saved[0].array if isinstance(node._saved, tuple) else None
    shape = array.shape if array is not None else _op._saved_tensor(node, 0).shape
    return tuple(shape[2:])


class AvgPool2DBackward0(Op):
    """Average pooling of (..., H, W) over the last two dims: each plane is convolved with a kernel of ones
    (``pads`` as conv2d's, with ceil mode's extra cells after), and the window sums are divided by ``divisor``
    (a number) or, where windows differ, by each window's count of cells (an array made here). The gradient is the
    same convolution's adjoint of ``grad / divisor`` (ConvolutionBackwardBackward0 under create_graph, so every
    order is a convolution again). Integer inputs divide the integer sums, truncating toward zero (PyTorch)."""

    __slots__ = ("params", "divisor", "plane_shape")
    # the kernel's size is that of the kernel of ones saved first (so, unlike PyTorch's, it is gone once backward
    # has freed the saved values); the input, ceil_mode, count_include_pad, divisor_override and whether a stride
    # was given are not kept
    saved_scalars = {"kernel_size": _kernel_size,
                     "padding": lambda node: tuple(before for before, _ in node.params[1])}

    @staticmethod
    def forward(ctx, xp, x, kernel, stride, pads, divisor, count_pads):
        """``divisor``: a number, or None to count each window's cells; ``count_pads``: the padding those counts
        include (conv2d's pads, less what count_include_pad=False leaves out)."""
        dims = len(kernel)
        leading, spatial = x.shape[:-dims], x.shape[-dims:]
        planes = x.reshape((-1, 1) + spatial)
        ones = xp.ones((1, 1) + tuple(kernel), dtype=x.dtype)
        params = (tuple(stride), pads, (1,) * dims, 1)
        ctx.params, ctx.plane_shape = params, planes.shape
        summed = conv2d_arrays(xp, planes, ones, *params)
        if divisor is None:
            counted = tuple(size + before + after for size, (before, after) in zip(spatial, count_pads))
            plane = xp.ones((1, 1) + counted, dtype=x.dtype)
            reduced = tuple((before - count_before, after - count_after)
                            for (before, after), (count_before, count_after) in zip(pads, count_pads))
            divisor = conv2d_arrays(xp, plane, ones, tuple(stride), reduced, (1,) * dims, 1)
            ctx.save_for_backward(ones, divisor)
        else:
            ctx.save_for_backward(ones)
        ctx.divisor = divisor
        if x.dtype.kind in "iu":
            out = xp.where(summed < 0, -((-summed) // divisor), summed // divisor)
        else:
            out = summed / divisor
        return _layout.like_input_format(xp, out.reshape(tuple(leading) + out.shape[2:]), x)

    @staticmethod
    def backward(ctx, P, grad):
        ones, *counts = P.saved(ctx)
        out_hw = tuple(grad.shape[-(len(ctx.plane_shape) - 2):])
        planes = P.reshape(grad, (-1, 1) + out_hw)
        planes = planes / (counts[0] if counts else ctx.divisor)
        grad_x = P.conv2d_input_grad(planes, ones, ctx.plane_shape, ctx.params)
        return P.reshape(grad_x, ctx.input_shape(0))


class AvgPool3DBackward0(AvgPool2DBackward0):
    """avg_pool3d: the same node over the last three dims, under PyTorch's 3-D name."""

    __slots__ = ()


def _windows(size, out_size):
    """Adaptive pooling's windows along one dim: cells floor(i * size / out_size) to ceil((i + 1) * size / out_size),
    as PyTorch splits them."""
    return [((i * size) // out_size, -(-((i + 1) * size) // out_size)) for i in range(out_size)]


def _window_bounds(xp, size, out_size):
    """``_windows`` as two (out_size, 1) arrays on the device: starts and ends."""
    rows = xp.arange(out_size).reshape(-1, 1)
    return (rows * size) // out_size, -((-(rows + 1) * size) // out_size)


def _window_means(xp, size, out_size, dtype):
    """The (out_size, size) matrix whose row i averages window i of ``_windows``."""
    starts, ends = _window_bounds(xp, size, out_size)
    cells = xp.arange(size).reshape(1, -1)
    inside = (cells >= starts) & (cells < ends)
    return (inside / (ends - starts)).astype(dtype)


def _window_sums(xp, x, windows, axis):
    """Each window's sum along ``axis`` (negative), one slice per window: a NaN or inf stays in its windows."""
    shape = list(x.shape)
    shape[axis] = len(windows)
    out = xp.empty(tuple(shape), dtype=x.dtype)
    after = (slice(None),) * (-axis - 1)
    for i, (start, end) in enumerate(windows):
        out[(Ellipsis, i) + after] = x[(Ellipsis, slice(start, end)) + after].sum(axis=axis)
    return out


class AdaptiveAvgPool2DBackward0(Op):
    """Adaptive average pooling of (..., H, W) to (..., OH, OW) (or of the last three dims, ``out_hw`` of three).
    The windows are boxes, so the forward sums along each dim in turn, one slice per window (OH + OW slices), and
    divides by each window's volume; the gradient is the same map's adjoint, ``A_h^T @ grad @ A_w`` in 2-D, with
    the constant window-mean matrices of ``_window_means`` (matmuls again under create_graph)."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, x, out_hw):
        dims = len(out_hw)
        sums = x
        volume = 1
        means = []
        for axis, out_size in enumerate(out_hw):
            size = x.shape[axis - dims]
            sums = _window_sums(xp, sums, _windows(size, out_size), axis - dims)
            starts, ends = _window_bounds(xp, size, out_size)
            volume = volume * (ends - starts).astype(x.dtype).reshape((-1,) + (1,) * (dims - 1 - axis))
            means.append(_window_means(xp, size, out_size, x.dtype))
        ctx.save_for_backward(*means)
        return _layout.like_input_format(xp, sums / volume, x)

    @staticmethod
    def backward(ctx, P, grad):
        means = P.saved(ctx)
        if len(means) == 2:
            rows, cols = means
            return P.matmul(P.matmul(P.swapaxes(rows, 0, 1), grad), cols)
        for axis, mean in enumerate(means):
            position = axis - len(means)
            grad = P.swapaxes(P.matmul(P.swapaxes(grad, position, -1), mean), position, -1)
        return grad


class AdaptiveAvgPool3DBackward0(AdaptiveAvgPool2DBackward0):
    """adaptive_avg_pool3d: the same node over the last three dims, under PyTorch's 3-D name."""

    __slots__ = ()


def _offset_views(padded, kernel, stride, dilation, out_hw):
    """For each kernel offset, the (N, C, OH, OW) view of the input element at that offset in every window."""
    return [padded[(slice(None), slice(None)) + window] for window in _offset_slices(kernel, stride, dilation, out_hw)]


def conv2d_tensors(x, w, params):
    """Differentiable conv2d without bias (used by the backward formulas under create_graph)."""
    return ConvolutionBackward0.apply(x, w, None, params)


def conv2d_input_grad_tensors(g, w, input_shape, params):
    return ConvolutionInputGrad.apply(g, w, tuple(input_shape), params)


def conv2d_weight_grad_tensors(x, g, weight_shape, params):
    return ConvolutionWeightGrad.apply(x, g, tuple(weight_shape), params)


def _zero_extended(P, x, spatial):
    """``x`` followed by zeros along its spatial dims up to the sizes ``spatial`` (differentiably)."""
    for axis, size in enumerate(spatial, start=2):
        extra = size - x.shape[axis]
        if extra > 0:
            shape = tuple(x.shape[:axis]) + (extra,) + tuple(x.shape[axis + 1:])
            corner = P.zeros_like(x)[(Ellipsis,) + (slice(0, 1),) * (x.ndim - 2)]
            x = P.cat([x, P.broadcast_to(corner, shape)], axis)
    return x


def _convolution_grads(ctx, P, grad, x, w, grad_x, grad_w):
    """The end of both convolution nodes' backward: a unit-height (1-D) run drops its height dim again, and the
    bias gradient (when there is a bias) sums ``grad`` over batch and space."""
    if ctx.unit_height:
        grad_x = None if grad_x is None else P.reshape(grad_x, tuple(x.shape[:2]) + tuple(x.shape[3:]))
        grad_w = None if grad_w is None else P.reshape(grad_w, tuple(w.shape[:2]) + tuple(w.shape[3:]))
    if not ctx.has_bias:
        return grad_x, grad_w
    grad_bias = P.sum(grad, (0,) + tuple(range(2, grad.ndim)), False) if ctx.needs_input_grad[2] else None
    return grad_x, grad_w, grad_bias
