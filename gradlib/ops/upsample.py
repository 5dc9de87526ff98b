"""Resampling nodes: nearest / nearest-exact / (bi)linear / bicubic upsampling, pixel (un)shuffle and channel
shuffle, with PyTorch's node names and index arithmetic.

Upsampling is separable: along each spatial axis the output reads one input index (nearest), blends two with
weights lambda0 and lambda1 (linear) or four with the cubic convolution weights (bicubic, A = -0.75, indices
clamped at the borders); several axes are applied last axis first, which gives PyTorch's bilinear expression
h0 (w0 x00 + w1 x01) + h1 (w0 x10 + w1 x11) operation for operation (bicubic likewise, four terms each). The
backward adds each output gradient back at the index (or indices) it was read from. Indices and weights follow
PyTorch's kernels: nearest indices in float32 (``nearest_idx``), linear and cubic source indices and weights in
the input's precision (float32 for float16), linear ones clamped at the borders; uint8 (bi)linear input goes
through PyTorch's fixed-point arithmetic (``_blend_uint8``). ``antialias=True`` ('bilinear-aa', 'bicubic-aa')
blends ``ceil(support) * 2 + 1`` taps per output with PyTorch's (PIL's) normalized filter weights (``_aa_plan``).
"""
import math
import struct

from ._op import Op

__all__ = ["resample", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle"]


class ChannelShuffleBackward0(Op):
    """(N, C, *) with channel g * (C / groups) + i moved to i * groups + g; the gradient is the inverse shuffle
    (``C / groups`` groups)."""

    __slots__ = ("groups",)
    saved_scalars = {"groups": "groups"}

    @staticmethod
    def forward(ctx, xp, x, groups):
        ctx.groups = groups
        n, c, *rest = x.shape
        split = x.reshape((n, groups, c // groups) + tuple(rest))
        return split.transpose(_channel_axes(len(rest))).reshape(x.shape)

    @staticmethod
    def backward(ctx, P, grad):
        n, c, *rest = grad.shape
        split = P.reshape(grad, (n, c // ctx.groups, ctx.groups) + tuple(rest))
        return P.reshape(P.transpose(split, _channel_axes(len(rest))), grad.shape)


def _channel_axes(spatial):
    return (0, 2, 1) + tuple(range(3, 3 + spatial))


def channel_shuffle(input, groups):
    """``input`` (N, C, *) with its channels regrouped (checked by ``nn.functional.channel_shuffle``)."""
    return ChannelShuffleBackward0.apply(input, groups)


def _nearest_index(xp, in_size, out_size, scale, exact):
    if out_size == in_size:
        return xp.arange(out_size, dtype=xp.int64)
    ratio = xp.float32(1.0 / scale) if scale is not None and scale > 0 else xp.float32(in_size) / xp.float32(out_size)
    positions = xp.arange(out_size, dtype=xp.float32)
    if exact:
        positions = positions + xp.float32(0.5)
    index = xp.floor(positions * ratio).astype(xp.int64)
    return xp.minimum(index, in_size - 1)


def _linear_plan(xp, in_size, out_size, scale, align_corners, dtype):
    """(index0, index1, lambda0, lambda1) along one axis (PyTorch's compute_source_index_and_lambda)."""
    if out_size == in_size:
        index = xp.arange(out_size, dtype=xp.int64)
        return index, index, xp.ones(out_size, dtype=dtype), xp.zeros(out_size, dtype=dtype)
    if align_corners:
        ratio = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
    ratio = xp.full((), ratio, dtype=dtype)
    positions = xp.arange(out_size, dtype=dtype)
    if align_corners:
        source = ratio * positions
    else:
        source = ratio * (positions + xp.full((), 0.5, dtype=dtype)) - xp.full((), 0.5, dtype=dtype)
        source = xp.maximum(source, xp.full((), 0, dtype=dtype))
    index0 = xp.minimum(source.astype(xp.int64), in_size - 1)
    lambda1 = xp.clip(source - index0.astype(dtype), 0, 1).astype(dtype, copy=False)
    index1 = index0 + (index0 < in_size - 1).astype(xp.int64)
    lambda0 = (xp.full((), 1, dtype=dtype) - lambda1).astype(dtype, copy=False)
    return index0, index1, lambda0, lambda1


def _cubic_weights(xp, t, dtype):
    """PyTorch's get_cubic_upsample_coefficients (A = -0.75) for the fractional positions ``t``."""
    a = xp.full((), -0.75, dtype=dtype)
    one = xp.full((), 1, dtype=dtype)

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return [far(t + one), near(t), near(one - t), far((one - t) + one)]


def _cubic_plan(xp, in_size, out_size, scale, align_corners, dtype):
    """The four (clamped) input indices and weights of each output position along one axis (PyTorch's
    upsample_bicubic2d: the source index is not clamped below 0 as the linear one is)."""
    if align_corners:
        ratio = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
    ratio = xp.full((), ratio, dtype=dtype)
    positions = xp.arange(out_size, dtype=dtype)
    if align_corners:
        source = ratio * positions
    else:
        source = ratio * (positions + xp.full((), 0.5, dtype=dtype)) - xp.full((), 0.5, dtype=dtype)
    floor = xp.floor(source)
    t = (source - floor).astype(dtype, copy=False)
    start = floor.astype(xp.int64)
    indices = [xp.clip(start + offset, 0, in_size - 1) for offset in (-1, 0, 1, 2)]
    return indices, [w.astype(dtype, copy=False) for w in _cubic_weights(xp, t, dtype)]


def _aa_filter(xp, x, cubic):
    """PyTorch's antialias filters (UpSampleKernel.cpp): the triangle for bilinear, the cubic convolution with
    A = -0.5 for bicubic (PIL's), of ``|x|``."""
    x = xp.abs(x)
    if not cubic:
        return xp.where(x < 1, 1 - x, xp.zeros((), dtype=x.dtype))
    a = xp.full((), -0.5, dtype=x.dtype)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = (((x - 5) * x + 8) * x - 4) * a
    return xp.where(x < 1, near, xp.where(x < 2, far, xp.zeros((), dtype=x.dtype)))


def _aa_plan(xp, in_size, out_size, scale, align_corners, dtype, cubic):
    """The input indices and normalized weights of each output position along one axis for ``antialias=True``
    (PyTorch's _compute_weights_aa, PIL's algorithm): a filter stretched by the scale when downsampling, over
    ``ceil(support) * 2 + 1`` taps (the ones past an output's range have weight 0 and a clamped index). Scale,
    support, centre and weights in the input's precision, as the C++ keeps them in ``scalar_t``."""
    if align_corners:
        ratio = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
    single = xp.dtype(dtype).itemsize == 4
    in_precision = (lambda v: struct.unpack("f", struct.pack("f", v))[0]) if single else float  # noqa: E731
    ratio = in_precision(ratio)
    half = 2.0 if cubic else 1.0  # interp_size * 0.5
    support = in_precision(half * ratio if ratio >= 1.0 else half)
    taps = int(math.ceil(support)) * 2 + 1
    invscale = in_precision(1.0 / ratio) if ratio >= 1.0 else 1.0
    center = (xp.arange(out_size, dtype=xp.float64) + 0.5) * ratio
    center = center.astype(dtype).astype(xp.float64)
    xmin = xp.maximum((center - support + 0.5).astype(xp.int64), 0)
    xsize = xp.minimum((center + support + 0.5).astype(xp.int64), in_size) - xmin
    j = xp.arange(taps, dtype=xp.int64)[None, :]
    arg = ((j + xmin[:, None]).astype(xp.float64) - center[:, None] + 0.5) * invscale
    weights = xp.where(j < xsize[:, None], _aa_filter(xp, arg.astype(dtype), cubic), xp.zeros((), dtype=dtype))
    total = weights[:, 0]
    for k in range(1, taps):  # the C++ sums the weights in order
        total = total + weights[:, k]
    weights = xp.where(total[:, None] != 0, weights / xp.where(total == 0, 1, total)[:, None], weights)
    indices = xp.minimum(j + xmin[:, None], in_size - 1)
    return [indices[:, k] for k in range(taps)], [weights[:, k].astype(dtype, copy=False) for k in range(taps)]


def _along(axis, index):
    return (slice(None),) * axis + (index,)


def _shaped(weights, axis, ndim):
    return weights.reshape((-1,) + (1,) * (ndim - axis - 1))


def _blend_uint8(xp, x, axis, index0, index1, lambda0, lambda1):
    """One axis of PyTorch's uint8 (bi)linear kernel (UpSampleKernel's AVX path, which NumPy's float arithmetic
    would not reproduce): the weights of an output (one tap where both indices are the same) as integers with
    ``precision`` fractional bits, the largest precision that keeps the largest weight of the axis below 2^15,
    then (sum + half) >> precision, clamped to [0, 255]. Computed on the device: no sync for the precision."""
    same = index0 == index1
    lambda0 = xp.where(same, 1.0, lambda0)
    lambda1 = xp.where(same, 0.0, lambda1)
    largest = xp.maximum(lambda0.max(), lambda1.max())
    # PyTorch's loop: the first precision p (0..21) with round(largest * 2^(p+1)) >= 2^15, else 22
    candidates = xp.arange(22, dtype=xp.int64)
    overflows = xp.floor(0.5 + largest * xp.ldexp(1.0, candidates + 1)) >= 2.0 ** 15
    precision = xp.where(overflows.any(), xp.argmax(overflows), 22).astype(xp.int64)
    unit = xp.ldexp(1.0, precision)
    weight0 = _shaped(xp.floor(lambda0 * unit + 0.5).astype(xp.int64), axis, x.ndim)
    weight1 = _shaped(xp.floor(lambda1 * unit + 0.5).astype(xp.int64), axis, x.ndim)
    total = (xp.take(x, index0, axis).astype(xp.int64) * weight0 + xp.take(x, index1, axis).astype(xp.int64) * weight1
             + xp.left_shift(1, precision - 1))
    return xp.clip(xp.right_shift(total, precision), 0, 255).astype(xp.uint8)


class _Resample(Op):
    """Base of the upsampling nodes: forward(x, mode, out_sizes, scales, align_corners)."""

    __slots__ = ("plan", "in_shapes")
    output_format = "suggested"

    @staticmethod
    def forward(ctx, xp, x, mode, out_sizes, scales, align_corners):
        spatial = len(out_sizes)
        first_axis = x.ndim - spatial
        narrow = x.dtype == xp.float16 or x.dtype == xp.uint8
        weight_dtype = xp.float32 if narrow else x.dtype
        plan = []
        in_shapes = []
        weights = []
        out = x
        for offset in range(spatial - 1, -1, -1):  # last axis first
            axis = first_axis + offset
            in_size, out_size = x.shape[axis], out_sizes[offset]
            scale = scales[offset] if scales is not None else None
            in_shapes.append(out.shape)
            if mode in ("nearest", "nearest-exact"):
                index = _nearest_index(xp, in_size, out_size, scale, mode == "nearest-exact")
                plan.append((axis, (index,), None))
                out = xp.take(out, index, axis)
                continue
            if x.dtype == xp.uint8 and mode != "bicubic":  # PyTorch's uint8 kernel: fixed-point weights, per axis
                plan.append((axis, None, None))  # integer outputs never require grad: nothing for backward
                out = _blend_uint8(xp, out, axis, *_linear_plan(xp, in_size, out_size, scale, align_corners,
                                                                 xp.float64))
                continue
            if mode in ("bilinear-aa", "bicubic-aa"):
                if in_size == out_size:  # PyTorch's separable kernel skips an axis whose size does not change
                    plan.append((axis, (xp.arange(in_size, dtype=xp.int64),), None))
                    continue
                indices, taps = _aa_plan(xp, in_size, out_size, scale, align_corners, weight_dtype,
                                         mode == "bicubic-aa")
            elif mode == "bicubic":
                indices, taps = _cubic_plan(xp, in_size, out_size, scale, align_corners, weight_dtype)
            else:
                index0, index1, lambda0, lambda1 = _linear_plan(xp, in_size, out_size, scale, align_corners,
                                                                weight_dtype)
                indices, taps = (index0, index1), (lambda0, lambda1)
            plan.append((axis, tuple(indices), len(weights)))
            taps = [_shaped(weight, axis, x.ndim) for weight in taps]
            weights += taps
            blended = xp.take(out, indices[0], axis) * taps[0]
            for index, weight in zip(indices[1:], taps[1:]):
                blended = blended + xp.take(out, index, axis) * weight
            if x.dtype == xp.uint8:  # bicubic uint8: rounded and saturated after each axis (PyTorch's fixed-point
                # kernel may differ by one)
                blended = xp.clip(xp.rint(blended), 0, 255)
            out = blended.astype(x.dtype, copy=False)
        ctx.plan = plan
        ctx.in_shapes = in_shapes
        ctx.save_for_backward(*weights)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        weights = list(P.saved(ctx))
        for step in range(len(ctx.plan) - 1, -1, -1):
            axis, indices, first = ctx.plan[step]
            shape = ctx.in_shapes[step]
            if first is None:
                grad = P.index_add(shape, _along(axis, indices[0]), grad, True)
                continue
            total = None
            for k, index in enumerate(indices):
                part = P.index_add(shape, _along(axis, index), grad * weights[first + k], True)
                total = part if total is None else total + part
            grad = total
        return grad


def _output_size(node):
    """The resampled sizes, from the node's plan (one index array per axis, as long as the axis's output; the
    axes were resampled last first)."""
    return tuple(len(indices[0]) for _, indices, _ in reversed(node.plan))


#: what PyTorch's upsample nodes show that the node keeps (not the scales nor align_corners)
_RESAMPLED = {"output_size": _output_size, "self_sym_sizes": lambda node: tuple(node.in_shapes[0])}


class UpsampleNearest1DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleNearest2DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleNearest3DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleNearestExact1DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleNearestExact2DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleNearestExact3DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleLinear1DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleBilinear2DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleTrilinear3DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleBicubic2DBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleBilinear2DAaBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


class UpsampleBicubic2DAaBackward0(_Resample):
    __slots__ = ()
    saved_scalars = _RESAMPLED


_NODES = {
    ("bilinear-aa", 2): UpsampleBilinear2DAaBackward0, ("bicubic-aa", 2): UpsampleBicubic2DAaBackward0,
    ("nearest", 1): UpsampleNearest1DBackward0, ("nearest", 2): UpsampleNearest2DBackward0,
    ("nearest", 3): UpsampleNearest3DBackward0, ("nearest-exact", 1): UpsampleNearestExact1DBackward0,
    ("nearest-exact", 2): UpsampleNearestExact2DBackward0, ("nearest-exact", 3): UpsampleNearestExact3DBackward0,
    ("linear", 1): UpsampleLinear1DBackward0, ("bilinear", 2): UpsampleBilinear2DBackward0,
    ("trilinear", 3): UpsampleTrilinear3DBackward0, ("bicubic", 2): UpsampleBicubic2DBackward0,
}


def resample(input, mode, out_sizes, scales, align_corners):
    """Upsample the trailing ``len(out_sizes)`` dims of ``input`` to ``out_sizes`` (``scales`` as given to PyTorch's
    kernel, or None). The caller (``nn.functional.interpolate``) has checked the arguments."""
    node = _NODES[(mode, len(out_sizes))]
    return node.apply(input, mode, tuple(out_sizes), None if scales is None else tuple(scales), align_corners)


class PixelShuffleBackward0(Op):
    """(*, C r^2, H, W) -> (*, C, H r, W r)."""

    __slots__ = ("factor",)
    saved_scalars = {'upscale_factor': 'factor'}

    @staticmethod
    def forward(ctx, xp, x, factor):
        ctx.factor = factor
        return _shuffle(x, factor)

    @staticmethod
    def backward(ctx, P, grad):
        return _unshuffle_with(P, grad, ctx.factor)


class PixelUnshuffleBackward0(Op):
    """(*, C, H r, W r) -> (*, C r^2, H, W)."""

    __slots__ = ("factor",)
    saved_scalars = {'downscale_factor': 'factor'}

    @staticmethod
    def forward(ctx, xp, x, factor):
        ctx.factor = factor
        return _unshuffle(x, factor)

    @staticmethod
    def backward(ctx, P, grad):
        return _shuffle_with(P, grad, ctx.factor)


def _shuffle_order(batch_dims):
    b = batch_dims
    return tuple(range(b)) + (b, b + 3, b + 1, b + 4, b + 2)


def _unshuffle_order(batch_dims):
    b = batch_dims
    return tuple(range(b)) + (b, b + 2, b + 4, b + 1, b + 3)


def _shuffle(x, r):
    *batch, channels, height, width = x.shape
    c = channels // (r * r)
    split = x.reshape(tuple(batch) + (c, r, r, height, width))
    moved = split.transpose(_shuffle_order(len(batch)))
    return moved.reshape(tuple(batch) + (c, height * r, width * r))


def _unshuffle(x, r):
    *batch, channels, height, width = x.shape
    split = x.reshape(tuple(batch) + (channels, height // r, r, width // r, r))
    moved = split.transpose(_unshuffle_order(len(batch)))
    return moved.reshape(tuple(batch) + (channels * r * r, height // r, width // r))


def _shuffle_with(P, x, r):
    *batch, channels, height, width = x.shape
    c = channels // (r * r)
    split = P.reshape(x, tuple(batch) + (c, r, r, height, width))
    moved = P.transpose(split, _shuffle_order(len(batch)))
    return P.reshape(moved, tuple(batch) + (c, height * r, width * r))


def _unshuffle_with(P, x, r):
    *batch, channels, height, width = x.shape
    split = P.reshape(x, tuple(batch) + (channels, height // r, r, width // r, r))
    moved = P.transpose(split, _unshuffle_order(len(batch)))
    return P.reshape(moved, tuple(batch) + (channels * r * r, height // r, width // r))


def pixel_shuffle(input, upscale_factor):
    """Rearrange (*, C r^2, H, W) into (*, C, H r, W r). RuntimeError (PyTorch's) for fewer than 3 dims or a
    channel count not divisible by r^2. Mirrors ``torch.nn.functional.pixel_shuffle``.

    >>> import gradlib
    >>> gradlib.nn.functional.pixel_shuffle(gradlib.arange(4.).reshape(1, 4, 1, 1), 2)
    tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    if input.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if upscale_factor <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {upscale_factor}")
    channels = input.shape[-3]
    if channels % (upscale_factor * upscale_factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={channels} is not divisible by "
                           f"{upscale_factor * upscale_factor}")
    return PixelShuffleBackward0.apply(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor):
    """Rearrange (*, C, H r, W r) into (*, C r^2, H, W) (the inverse of pixel_shuffle). Mirrors
    ``torch.nn.functional.pixel_unshuffle``.

    >>> import gradlib
    >>> gradlib.nn.functional.pixel_unshuffle(gradlib.arange(4.).reshape(1, 1, 2, 2), 2).flatten().tolist()
    [0.0, 1.0, 2.0, 3.0]
    """
    if input.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")
    if downscale_factor <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {downscale_factor}")
    height, width = input.shape[-2], input.shape[-1]
    if height % downscale_factor:
        raise RuntimeError("pixel_unshuffle expects height to be divisible by downscale_factor, but "
                           f"input.size(-2)={height} is not divisible by {downscale_factor}")
    if width % downscale_factor:
        raise RuntimeError("pixel_unshuffle expects width to be divisible by downscale_factor, but "
                           f"input.size(-1)={width} is not divisible by {downscale_factor}")
    return PixelUnshuffleBackward0.apply(input, downscale_factor)
