"""Convolutions and pooling on raw arrays. The only Python loops run over kernel offsets (at most KH * KW
iterations, each one strided block copy or comparison); none run over pixels, channels or the batch.
Convolution is one batched matmul of the weights with im2col columns; max pooling compares one strided
view per kernel offset.

Three ops are closed under differentiation, so every order of gradient is itself a convolution:
``ConvolutionBackward0`` (y = conv(x, w)), ``ConvolutionInputGrad`` (the adjoint in x: conv_transpose) and
``ConvolutionWeightGrad`` (the adjoint in w). Shapes are 2-D (N, C, H, W); conv1d adds a unit height.
Padding is ((top, bottom), (left, right)) so 'same' can pad unevenly, as PyTorch does.
"""
from .. import backends
from ._op import Op

__all__ = ["conv2d_arrays", "conv2d_input_grad_arrays", "conv2d_weight_grad_arrays"]


def _pad(xp, x, padding, value=0):
    (top, bottom), (left, right) = padding
    if top == bottom == left == right == 0:
        return x
    return xp.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def output_size(size, kernel, stride, padding, dilation):
    return (size + padding[0] + padding[1] - dilation * (kernel - 1) - 1) // stride + 1


def _backend(x):
    return backends.backend_of_array(x)


def _offset_slices(kernel, stride, dilation, out_hw):
    """For each kernel offset (i, j), the (rows, cols) slices of the padded input that it meets in every
    window, in the order of the flattened kernel."""
    slices = []
    for i in range(kernel[0]):
        top = i * dilation[0]
        rows = slice(top, top + stride[0] * (out_hw[0] - 1) + 1, stride[0])
        for j in range(kernel[1]):
            left = j * dilation[1]
            slices.append((rows, slice(left, left + stride[1] * (out_hw[1] - 1) + 1, stride[1])))
    return slices


def _columns(xp, x, kernel, stride, padding, dilation, out_hw):
    """im2col: (N, C * KH * KW, OH * OW), built with one block copy per kernel offset (fast, unlike
    copying a 6-d strided window view element by element)."""
    padded = _pad(xp, x, padding)
    n, c = x.shape[:2]
    columns = xp.empty((n, c, kernel[0] * kernel[1], out_hw[0], out_hw[1]), dtype=x.dtype)
    for k, (rows, cols) in enumerate(_offset_slices(kernel, stride, dilation, out_hw)):
        columns[:, :, k] = padded[:, :, rows, cols]
    return columns.reshape(n, c * kernel[0] * kernel[1], out_hw[0] * out_hw[1])


def conv2d_arrays(xp, x, w, stride, padding, dilation, groups):
    """Cross-correlation of (N, C, H, W) ``x`` with (O, C / groups, KH, KW) ``w``: one batched matmul of
    the weights with the im2col columns, which leaves the result in contiguous NCHW."""
    n, c, h, wid = x.shape
    out_c, c_per_group, kh, kw = w.shape
    oh = output_size(h, kh, stride[0], padding[0], dilation[0])
    ow = output_size(wid, kw, stride[1], padding[1], dilation[1])
    columns = _columns(xp, x, (kh, kw), stride, padding, dilation, (oh, ow))
    if groups == 1:
        return xp.matmul(w.reshape(out_c, -1), columns).reshape(n, out_c, oh, ow)
    columns = columns.reshape(n, groups, c_per_group * kh * kw, oh * ow)
    out = xp.matmul(w.reshape(groups, out_c // groups, -1), columns)
    return out.reshape(n, out_c, oh, ow)


def conv2d_input_grad_arrays(xp, g, w, input_shape, stride, padding, dilation, groups):
    """The gradient of conv2d with respect to its input (= conv_transpose2d of ``g``): the weights' transpose
    times ``g`` gives each offset's contribution (col2im), added into place one kernel offset at a time."""
    n, c, h, wid = input_shape
    out_c, c_per_group, kh, kw = w.shape
    _, _, oh, ow = g.shape
    (top, bottom), (left, right) = padding
    grouped_g = g.reshape(n, groups, out_c // groups, oh * ow)
    grouped_w = w.reshape(groups, out_c // groups, c_per_group * kh * kw)
    contributions = xp.matmul(grouped_w.swapaxes(-1, -2), grouped_g)  # (n, groups, c_per_group * kh * kw, p)
    contributions = contributions.reshape(n, c, kh * kw, oh, ow)
    padded = xp.zeros((n, c, h + top + bottom, wid + left + right), dtype=contributions.dtype)
    for k, (rows, cols) in enumerate(_offset_slices((kh, kw), stride, dilation, (oh, ow))):
        padded[:, :, rows, cols] += contributions[:, :, k]
    return padded[:, :, top:top + h, left:left + wid]


def conv2d_weight_grad_arrays(xp, x, g, weight_shape, stride, padding, dilation, groups):
    """The gradient of conv2d with respect to its weight: ``g`` times the im2col columns, summed over the batch."""
    n = x.shape[0]
    out_c, c_per_group, kh, kw = weight_shape
    _, _, oh, ow = g.shape
    columns = _columns(xp, x, (kh, kw), stride, padding, dilation, (oh, ow))
    columns = columns.reshape(n, groups, c_per_group * kh * kw, oh * ow)
    grouped_g = g.reshape(n, groups, out_c // groups, oh * ow)
    out = xp.matmul(grouped_g, columns.swapaxes(-1, -2)).sum(axis=0)  # (groups, out_c / groups, c_per_group*kh*kw)
    return out.reshape(weight_shape)


class ConvolutionBackward0(Op):
    """y = conv2d(x, w) (+ bias), PyTorch's convolution node. ``unit_height`` runs a 1-D convolution of (N, C, L)
    with (O, C/groups, K) as a 2-D one of height 1 inside the node (so conv1d's grad_fn is this node too)."""

    __slots__ = ("params", "unit_height", "has_bias")
    promote = True

    @staticmethod
    def forward(ctx, xp, x, w, bias, params, unit_height=False):
        ctx.params, ctx.unit_height, ctx.has_bias = params, unit_height, bias is not None
        ctx.save_for_backward(x, w)  # the inputs themselves: the double-backward graph must reach them
        if unit_height:
            x, w = x[:, :, None, :], w[:, :, None, :]
        out = conv2d_arrays(xp, x, w, *params)
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out[:, :, 0, :] if unit_height else out

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
    promote = True

    @staticmethod
    def forward(ctx, xp, x, w, bias, output_shape, params, unit_height=False):
        ctx.params, ctx.unit_height, ctx.has_bias = params, unit_height, bias is not None
        ctx.save_for_backward(x, w)
        if unit_height:
            x, w = x[:, :, None, :], w[:, :, None, :]
        out = conv2d_input_grad_arrays(xp, x, w, output_shape, *params)
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out[:, :, 0, :] if unit_height else out

    @staticmethod
    def backward(ctx, P, grad):
        x, w = P.saved(ctx)
        needs = ctx.needs_input_grad
        if ctx.unit_height:
            grad, x, w = P.expand_dims(grad, 2), P.expand_dims(x, 2), P.expand_dims(w, 2)
        grad_x = P.conv2d(grad, w, ctx.params) if needs[0] else None
        grad_w = P.conv2d_weight_grad(grad, x, tuple(w.shape), ctx.params) if needs[1] else None
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

    __slots__ = ("arg", "disjoint")
    nondiff_outputs = (1,)

    @staticmethod
    def forward(ctx, xp, x, kernel, stride, padding, dilation, out_hw):
        lowest = -xp.inf if x.dtype.kind == "f" else xp.iinfo(x.dtype).min  # integers have no -inf
        padded = _pad(xp, x, padding, value=lowest)
        views = _offset_views(padded, kernel, stride, dilation, out_hw)
        out = views[0]
        for view in views[1:]:
            out = xp.maximum(out, view)
        if len(views) == 1:
            out = out.copy()
        # Offset of each view's element from its window's corner, flattened in the (unpadded) channel.
        n, c, h, w = x.shape
        offsets = [i * dilation[0] * w + j * dilation[1] for i in range(kernel[0]) for j in range(kernel[1])]
        last = len(views) - 1
        offset = xp.full(out.shape, offsets[last], dtype=xp.int64)
        for k in range(last - 1, -1, -1):  # later matches are overwritten: the first maximum wins
            offset -= (views[k] == out) * (offset - offsets[k])  # where(hit, offsets[k], offset), faster
        if out.dtype.kind == "f" and _backend(out).may_be_any(out != out):
            for k, view in enumerate(views):  # NaN windows: the last NaN wins
                offset -= (view != view) * (offset - offsets[k])
        corner = ((xp.arange(out_hw[0]) * stride[0] - padding[0][0]).reshape(-1, 1) * w
                  + xp.arange(out_hw[1]) * stride[1] - padding[1][0])
        within_channel = offset + corner  # flat index of each maximum in its channel
        ctx.arg = within_channel
        ctx.disjoint = all(s >= d * (k - 1) + 1 for s, d, k in zip(stride, dilation, kernel))
        return out, within_channel

    @staticmethod
    def backward(ctx, P, grad):
        shape = ctx.input_shape(0)
        n, c, h, w = shape
        xp = ctx.xp
        positions = (ctx.arg + xp.arange(n * c).reshape(n, c, 1, 1) * (h * w)).reshape(-1)
        # Windows that cannot share an element send each gradient to a distinct place: no accumulation.
        flat = P.index_add((n * c * h * w,), (positions,), P.reshape(grad, (-1,)), not ctx.disjoint)
        return P.reshape(flat, shape)


class AvgPool2DBackward0(Op):
    """Average pooling of (..., H, W) over the last two dims: each plane is convolved with a kernel of ones
    (``pads`` as conv2d's, with ceil mode's extra cells after), and the window sums are divided by ``divisor``
    (a number) or, where windows differ, by each window's count of cells (an array made here). The gradient is the
    same convolution's adjoint of ``grad / divisor`` (ConvolutionBackwardBackward0 under create_graph, so every
    order is a convolution again). Integer inputs divide the integer sums, truncating toward zero (PyTorch)."""

    __slots__ = ("params", "divisor", "plane_shape")

    @staticmethod
    def forward(ctx, xp, x, kernel, stride, pads, divisor, count_pads):
        """``divisor``: a number, or None to count each window's cells; ``count_pads``: the padding those counts
        include (conv2d's pads, less what count_include_pad=False leaves out)."""
        *leading, h, w = x.shape
        planes = x.reshape(-1, 1, h, w)
        ones = xp.ones((1, 1) + tuple(kernel), dtype=x.dtype)
        params = (tuple(stride), pads, (1, 1), 1)
        ctx.params, ctx.plane_shape = params, planes.shape
        summed = conv2d_arrays(xp, planes, ones, *params)
        if divisor is None:
            (top, bottom), (left, right) = pads
            (count_top, count_bottom), (count_left, count_right) = count_pads
            plane = xp.ones((1, 1, h + count_top + count_bottom, w + count_left + count_right), dtype=x.dtype)
            reduced = ((top - count_top, bottom - count_bottom), (left - count_left, right - count_right))
            divisor = conv2d_arrays(xp, plane, ones, tuple(stride), reduced, (1, 1), 1)
            ctx.save_for_backward(ones, divisor)
        else:
            ctx.save_for_backward(ones)
        ctx.divisor = divisor
        if x.dtype.kind in "iu":
            out = xp.where(summed < 0, -((-summed) // divisor), summed // divisor)
        else:
            out = summed / divisor
        return out.reshape(tuple(leading) + out.shape[2:])

    @staticmethod
    def backward(ctx, P, grad):
        ones, *counts = P.saved(ctx)
        out_hw = tuple(grad.shape[-2:])
        planes = P.reshape(grad, (-1, 1) + out_hw)
        planes = planes / (counts[0] if counts else ctx.divisor)
        grad_x = P.conv2d_input_grad(planes, ones, ctx.plane_shape, ctx.params)
        return P.reshape(grad_x, ctx.input_shape(0))


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
    """Each window's sum along ``axis`` (-2 or -1), one slice per window: a NaN or inf stays in its windows."""
    shape = list(x.shape)
    shape[axis] = len(windows)
    out = xp.empty(tuple(shape), dtype=x.dtype)
    for i, (start, end) in enumerate(windows):
        if axis == -2:
            out[..., i, :] = x[..., start:end, :].sum(axis=-2)
        else:
            out[..., i] = x[..., start:end].sum(axis=-1)
    return out


class AdaptiveAvgPool2DBackward0(Op):
    """Adaptive average pooling of (..., H, W) to (..., OH, OW). The windows are rectangles, so the forward sums
    rows, then columns, one slice per window (OH + OW slices), and divides by each window's area; the gradient is
    the same map's adjoint, ``A_h^T @ grad @ A_w`` with the constant window-mean matrices of ``_window_means``
    (matmuls again under create_graph)."""

    __slots__ = ()

    @staticmethod
    def forward(ctx, xp, x, out_hw):
        h, w = x.shape[-2], x.shape[-1]
        row_windows, col_windows = _windows(h, out_hw[0]), _windows(w, out_hw[1])
        sums = _window_sums(xp, _window_sums(xp, x, row_windows, -2), col_windows, -1)
        starts, ends = _window_bounds(xp, h, out_hw[0])
        heights = (ends - starts).astype(x.dtype)
        starts, ends = _window_bounds(xp, w, out_hw[1])
        widths = (ends - starts).astype(x.dtype).reshape(-1)
        ctx.save_for_backward(_window_means(xp, h, out_hw[0], x.dtype), _window_means(xp, w, out_hw[1], x.dtype))
        return sums / (heights * widths)

    @staticmethod
    def backward(ctx, P, grad):
        rows, cols = P.saved(ctx)
        return P.matmul(P.matmul(P.swapaxes(rows, 0, 1), grad), cols)


def _offset_views(padded, kernel, stride, dilation, out_hw):
    """For each kernel offset, the (N, C, OH, OW) view of the input element at that offset in every window."""
    return [padded[:, :, rows, cols] for rows, cols in _offset_slices(kernel, stride, dilation, out_hw)]


def conv2d_tensors(x, w, params):
    """Differentiable conv2d without bias (used by the backward formulas under create_graph)."""
    return ConvolutionBackward0.apply(x, w, None, params)


def conv2d_input_grad_tensors(g, w, input_shape, params):
    return ConvolutionInputGrad.apply(g, w, tuple(input_shape), params)


def conv2d_weight_grad_tensors(x, g, weight_shape, params):
    return ConvolutionWeightGrad.apply(x, g, tuple(weight_shape), params)


def _convolution_grads(ctx, P, grad, x, w, grad_x, grad_w):
    """The end of both convolution nodes' backward: a unit-height (1-D) run drops its height dim again, and the
    bias gradient (when there is a bias) sums ``grad`` over batch and space."""
    if ctx.unit_height:
        grad_x = None if grad_x is None else P.reshape(grad_x, tuple(x.shape[:2]) + tuple(x.shape[3:]))
        grad_w = None if grad_w is None else P.reshape(grad_w, tuple(w.shape[:2]) + tuple(w.shape[3:]))
    if not ctx.has_bias:
        return grad_x, grad_w
    grad_bias = P.sum(grad, (0, 2, 3), False) if ctx.needs_input_grad[2] else None
    return grad_x, grad_w, grad_bias
