"""Normalization as one node each, with PyTorch's grad_fn names: NativeLayerNormBackward0 (layer_norm),
NativeBatchNormBackward0 (batch_norm, training and evaluation) and NativeGroupNormBackward0 (group_norm).

Forward: xhat = (x - mean) / sqrt(var + eps) over the normalized (trailing) dims, then xhat * weight + bias.
Backward (written against the primitives ``P``, so it is differentiable again; mean and rstd are recomputed from x there so that
second derivatives see their dependence on x):
grad_x = rstd (g w - mean(g w) - xhat mean(g w xhat)), grad_weight = sum(g xhat), grad_bias = sum(g) over the
leading dims. Batch and group normalization are the same formula over other dims: the batch and spatial dims of
each channel, and each sample's group of channels (a (N, G, -1) view of the input); their weight and bias are per
channel. Evaluation-mode batch_norm normalizes by the running statistics, which are constants of the graph.

float16 and bfloat16 inputs run the same nodes under the same names in float32, as PyTorch's kernels do (``Half*``
classes): the forward widens every float16 (bfloat16) array, computes, and rounds the output once; the backward
widens the saved low-precision values and the incoming gradient (casts, so differentiable under create_graph) and the engine rounds each gradient
to its input's dtype. Parameters may stay float32 beside a float16 input (PyTorch's "mixed dtype" kernels): the
output is float16 and each parameter's gradient keeps its dtype.
"""
import math

from .. import _layout, dtypes
from ._op import Op
from ..autograd.graph import present_edges
from . import complex_support

__all__ = ["layer_norm", "batch_norm", "group_norm"]

#: the input dtypes normalized in float32 by the Half* nodes below
_LOW = (dtypes.float16, dtypes.bfloat16)


def _normalized(P, x, axes, count, eps):
    """(x - mean) * rstd and rstd over ``axes`` (kept), recomputed from ``x`` in backward so that second derivatives
    see their dependence on x."""
    mean = P.sum(x, axes, True) / count
    centered = x - mean
    rstd = 1 / P.sqrt(P.sum(centered * centered, axes, True) / count + eps)
    return centered * rstd, rstd


def _normalized_input_grad(P, scaled, xhat, rstd, axes, count):
    """The gradient of xhat = normalize(x) over ``axes`` for ``scaled`` = grad * weight."""
    return rstd * (scaled - P.sum(scaled, axes, True) / count - xhat * (P.sum(scaled * xhat, axes, True) / count))


def _channel_shape(ndim, channels):
    """(1, C, 1, ...): a per-channel vector broadcast against (N, C, ...)."""
    shape = [1] * ndim
    shape[1] = channels
    return tuple(shape)


class NativeLayerNormBackward0(Op):
    __slots__ = ("axes", "eps", "count", "has_weight", "has_bias")
    saved_names = ("input", "weight")
    saved_scalars = {"normalized_shape": lambda node: tuple(node.input_shape(0)[axis] for axis in node.axes)}
    output_format = "contiguous"
    promote = True

    def public_edges(self, edges):
        return present_edges(edges, (True, self.has_weight, self.has_bias))  # absent weight or bias: (None, 0)

    @staticmethod
    def forward(ctx, xp, x, weight, bias, axes, eps):
        ctx.axes, ctx.eps = axes, eps
        ctx.has_weight, ctx.has_bias = weight is not None, bias is not None
        count = 1
        for axis in axes:
            count *= x.shape[axis]
        ctx.count = count
        mean = x.mean(axis=axes, keepdims=True)
        centered = x - mean
        variance = (centered * centered).mean(axis=axes, keepdims=True)
        out = centered * (1 / xp.sqrt(variance + eps))
        if weight is not None:
            out = out * weight
        if bias is not None:
            out = out + bias
        ctx.save_for_backward(x, *(() if weight is None else (weight,)))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, *weight = P.saved(ctx)
        weight = weight[0] if weight else None
        axes, count = ctx.axes, ctx.count
        leading = tuple(range(x.ndim - len(axes)))
        mean = P.sum(x, axes, True) / count
        centered = x - mean
        rstd = 1 / P.sqrt(P.sum(centered * centered, axes, True) / count + ctx.eps)
        xhat = centered * rstd
        needs = ctx.needs_input_grad
        grad_x = grad_weight = grad_bias = None
        if needs[0]:
            scaled = grad if weight is None else grad * weight
            grad_x = rstd * (scaled - P.sum(scaled, axes, True) / count
                             - xhat * (P.sum(scaled * xhat, axes, True) / count))
        if len(needs) > 1 and needs[1] and weight is not None:
            grad_weight = P.sum(grad * xhat, leading, False) if leading else grad * xhat
        bias_index = 2 if weight is not None else 1
        if len(needs) > bias_index and needs[bias_index]:
            grad_bias = P.sum(grad, leading, False) if leading else grad
        if weight is None:
            return (grad_x, grad_bias) if len(needs) > 1 else grad_x
        return (grad_x, grad_weight, grad_bias) if len(needs) > 2 else (grad_x, grad_weight)


def layer_norm(input, normalized_dims, weight, bias, eps):
    """The node over the last ``normalized_dims`` dims (``nn.functional.layer_norm`` checks the arguments)."""
    complex_support.check("layer_norm", input)
    axes = tuple(range(input.ndim - normalized_dims, input.ndim))
    node = _HalfLayerNorm if input.dtype in _LOW else NativeLayerNormBackward0
    return node.apply(input, weight, bias, axes, eps)


class NativeBatchNormBackward0(Op):
    """y = (x - mean) * rstd * weight + bias per channel (dim 1). Training: the batch statistics over every dim but
    dim 1, and two more outputs, the batch mean and (biased) variance per channel for the caller's running
    statistics (not differentiable). Evaluation: ``running_mean``/``running_var`` (tensor inputs that get no
    gradient, as in PyTorch)."""

    __slots__ = ("axes", "eps", "count", "training", "has_weight", "has_bias")
    saved_names = ('input', 'weight')
    saved_scalars = {'eps': 'eps', 'training': 'training'}
    promote = True
    nondiff_outputs = (1, 2)

    def public_edges(self, edges):
        return present_edges(edges, (True, self.has_weight, self.has_bias))  # the running
        # statistics get no edge; absent weight or bias: (None, 0)

    @staticmethod
    def forward(ctx, xp, x, weight, bias, running_mean, running_var, training, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        ctx.axes, ctx.eps, ctx.training = axes, eps, training
        ctx.has_weight, ctx.has_bias = weight is not None, bias is not None
        shape = _channel_shape(x.ndim, x.shape[1])
        count = x.size // x.shape[1] if x.shape[1] else 0
        ctx.count = count
        if training:
            mean = x.mean(axis=axes, keepdims=True)
            centered = x - mean
            variance = (centered * centered).mean(axis=axes, keepdims=True)
            out = centered * (1 / xp.sqrt(variance + eps))
        else:
            out = (x - running_mean.reshape(shape)) * (1 / xp.sqrt(running_var.reshape(shape) + eps))
        if weight is not None:
            out = out * weight.reshape(shape)
        if bias is not None:
            out = out + bias.reshape(shape)
        out = _layout.in_suggested_format(xp, out, x)  # a channels-last input stays so
        saved = (x,) + ((weight,) if weight is not None else ())
        if not training:
            saved += (running_mean, running_var)
        ctx.save_for_backward(*saved)
        if training:
            return out, mean.reshape(-1), variance.reshape(-1)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, *rest = P.saved(ctx)
        weight = rest.pop(0) if ctx.has_weight else None
        axes = ctx.axes
        shape = _channel_shape(x.ndim, x.shape[1])
        if ctx.training:
            xhat, rstd = _normalized(P, x, axes, ctx.count, ctx.eps)
        else:
            running_mean, running_var = rest
            rstd = 1 / P.sqrt(P.reshape(running_var, shape) + ctx.eps)
            xhat = (x - P.reshape(running_mean, shape)) * rstd
        needs = ctx.needs_input_grad
        grads = []
        if needs[0]:
            scaled = grad if weight is None else grad * P.reshape(weight, shape)
            if ctx.training:
                grads.append(_normalized_input_grad(P, scaled, xhat, rstd, axes, ctx.count))
            else:
                grads.append(scaled * rstd)
        else:
            grads.append(None)
        if ctx.has_weight:
            grads.append(P.sum(grad * xhat, axes, False) if needs[len(grads)] else None)
        if ctx.has_bias:
            grads.append(P.sum(grad, axes, False) if needs[len(grads)] else None)
        if not ctx.training:
            grads += [None, None]  # the running statistics: constants
        return tuple(grads) if len(grads) > 1 else grads[0]


class NativeGroupNormBackward0(Op):
    """y = normalize(x over each sample's group of channels) * weight + bias per channel, for (N, C, *) ``x``:
    the statistics of the (N, G, C / G * prod(*)) view."""

    __slots__ = ("groups", "eps", "count", "has_weight", "has_bias")
    saved_names = ('input', 'weight')
    saved_scalars = {"C": lambda node: node.input_shape(0)[1], "HxW": lambda node: math.prod(node.input_shape(0)[2:]),
                     "N": lambda node: node.input_shape(0)[0], "eps": "eps", "group": "groups"}
    promote = True

    def public_edges(self, edges):
        return present_edges(edges, (True, self.has_weight, self.has_bias))  # absent weight or bias: (None, 0)

    @staticmethod
    def forward(ctx, xp, x, weight, bias, groups, eps):
        ctx.groups, ctx.eps = groups, eps
        ctx.has_weight, ctx.has_bias = weight is not None, bias is not None
        n = x.shape[0]
        grouped = x.reshape(n, groups, -1)
        ctx.count = grouped.shape[2]
        mean = grouped.mean(axis=2, keepdims=True)
        centered = grouped - mean
        variance = (centered * centered).mean(axis=2, keepdims=True)
        out = (centered * (1 / xp.sqrt(variance + eps))).reshape(x.shape)
        shape = _channel_shape(x.ndim, x.shape[1])
        if weight is not None:
            out = out * weight.reshape(shape)
        if bias is not None:
            out = out + bias.reshape(shape)
        ctx.save_for_backward(x, *((weight,) if weight is not None else ()))
        return out

    @staticmethod
    def backward(ctx, P, grad):
        x, *rest = P.saved(ctx)
        weight = rest[0] if ctx.has_weight else None
        x_shape = tuple(x.shape)
        grouped_shape = (x_shape[0], ctx.groups, ctx.count)
        shape = _channel_shape(len(x_shape), x_shape[1])
        xhat_grouped, rstd = _normalized(P, P.reshape(x, grouped_shape), (2,), ctx.count, ctx.eps)
        xhat = P.reshape(xhat_grouped, x_shape)
        channel_axes = (0,) + tuple(range(2, len(x_shape)))
        needs = ctx.needs_input_grad
        grads = []
        if needs[0]:
            scaled = grad if weight is None else grad * P.reshape(weight, shape)
            grad_grouped = _normalized_input_grad(P, P.reshape(scaled, grouped_shape), xhat_grouped, rstd, (2,),
                                                  ctx.count)
            grads.append(P.reshape(grad_grouped, x_shape))
        else:
            grads.append(None)
        if ctx.has_weight:
            grads.append(P.sum(grad * xhat, channel_axes, False) if needs[len(grads)] else None)
        if ctx.has_bias:
            grads.append(P.sum(grad, channel_axes, False) if needs[len(grads)] else None)
        return tuple(grads) if len(grads) > 1 else grads[0]


def batch_norm(input, weight, bias, running_mean, running_var, training, eps):
    """The node (``nn.functional.batch_norm`` checks the arguments and updates the running statistics): training
    gives (output, batch mean, biased batch variance), evaluation the output. For a float16 input the batch
    statistics are float32 (the caller rounds the running statistics once)."""
    complex_support.check("batch_norm", input, weight, bias)
    node = _HalfBatchNorm if input.dtype in _LOW else NativeBatchNormBackward0
    if training:
        return node.apply(input, weight, bias, None, None, True, eps)
    return node.apply(input, weight, bias, running_mean, running_var, False, eps)


def group_norm(input, num_groups, weight, bias, eps):
    """The node (``nn.functional.group_norm`` checks the arguments)."""
    complex_support.check("group_norm", input)
    node = _HalfGroupNorm if input.dtype in _LOW else NativeGroupNormBackward0
    return node.apply(input, weight, bias, num_groups, eps)


class _Widened:
    """The primitives namespace ``P`` whose ``saved`` widens float16 values to float32 (a cast, differentiable under
    create_graph); everything else is ``P``'s."""

    __slots__ = ("_P", "_single", "_half")

    def __init__(self, P, xp):
        self._P, self._single, self._half = P, xp.float32, None

    def __getattr__(self, name):
        return getattr(self._P, name)

    def saved(self, ctx):
        return tuple(self._P.cast(value, self._single) if _is_half(value) else value
                     for value in self._P.saved(ctx))


def _is_half(value):
    """Whether ``value`` (an array or a tensor) is float16 or bfloat16: the dtypes these nodes widen."""
    dtype = getattr(getattr(value, "_array", value), "dtype", None)
    return dtype is not None and dtype.itemsize == 2 and dtypes.floating_np(dtype)


def _half_forward(base, ctx, xp, args):
    """``base.forward`` on float32 copies of the float16 arrays, its output rounded once to float16; what it saved
    is mapped back to the float16 inputs themselves (the double-backward graph must reach them)."""
    pairs = []
    widened = []
    low = args[0].dtype
    for arg in args:
        if _is_half(arg):
            wide = arg.astype(xp.float32)
            pairs.append((wide, arg))
            arg = wide
        widened.append(arg)
    out = base.forward(ctx, xp, *widened)
    saved = ctx._saved
    if saved is not None:
        ctx._saved = tuple(next((narrow for wide, narrow in pairs if item is wide), item) for item in saved)
    if out.__class__ is tuple:
        return (out[0].astype(low),) + out[1:]
    return out.astype(low)


def _half_backward(base, ctx, P, grad):
    """``base.backward`` in float32: the saved float16 values and ``grad`` widened (the engine rounds each gradient
    to its input's dtype)."""
    xp = ctx.xp
    return base.backward(ctx, _Widened(P, xp), P.cast(grad, xp.float32))


class HalfNativeLayerNormBackward0(NativeLayerNormBackward0):
    """layer_norm of a float16 input, computed in float32 (see the module docstring)."""

    __slots__ = ()
    node_name = "NativeLayerNormBackward0"
    promote = False
    bfloat16_in_float32 = False  # widened here, parameters kept as they are

    @staticmethod
    def forward(ctx, xp, *args):
        return _half_forward(NativeLayerNormBackward0, ctx, xp, args)

    @staticmethod
    def backward(ctx, P, grad):
        return _half_backward(NativeLayerNormBackward0, ctx, P, grad)


class HalfNativeGroupNormBackward0(NativeGroupNormBackward0):
    """group_norm of a float16 input, computed in float32 (see the module docstring)."""

    __slots__ = ()
    node_name = "NativeGroupNormBackward0"
    promote = False
    bfloat16_in_float32 = False  # widened here, parameters kept as they are

    @staticmethod
    def forward(ctx, xp, *args):
        return _half_forward(NativeGroupNormBackward0, ctx, xp, args)

    @staticmethod
    def backward(ctx, P, grad):
        return _half_backward(NativeGroupNormBackward0, ctx, P, grad)


class HalfNativeBatchNormBackward0(NativeBatchNormBackward0):
    """batch_norm of a float16 input, computed in float32 (see the module docstring). Training with float16
    parameters (or none), PyTorch's CPU kernel keeps the batch mean and 1 / std in the parameters' dtype, so it
    rounds them to float16 and then computes x * (invstd * w) + (b - mean * invstd * w) in float32; so does this
    node (float32 parameters: no rounding)."""

    __slots__ = ()
    node_name = "NativeBatchNormBackward0"
    promote = False
    bfloat16_in_float32 = False  # widened here, parameters kept as they are

    @staticmethod
    def forward(ctx, xp, x, weight, bias, running_mean, running_var, training, eps):
        args = (x, weight, bias, running_mean, running_var, training, eps)
        low = x.dtype
        if not training or (weight is not None and weight.dtype != low):
            return _half_forward(NativeBatchNormBackward0, ctx, xp, args)
        out, mean, variance = _half_forward(NativeBatchNormBackward0, ctx, xp, args)
        shape = _channel_shape(x.ndim, x.shape[1])
        half_mean = mean.astype(low).astype(xp.float32).reshape(shape)
        invstd = (1 / xp.sqrt(variance + eps)).astype(low).astype(xp.float32).reshape(shape)
        alpha = invstd if weight is None else invstd * weight.astype(xp.float32).reshape(shape)
        beta = -half_mean * alpha
        if bias is not None:
            beta = beta + bias.astype(xp.float32).reshape(shape)
        out = (x.astype(xp.float32) * alpha + beta).astype(low)
        return out, mean, variance

    @staticmethod
    def backward(ctx, P, grad):
        return _half_backward(NativeBatchNormBackward0, ctx, P, grad)


_HalfLayerNorm = HalfNativeLayerNormBackward0
_HalfGroupNorm = HalfNativeGroupNormBackward0
_HalfBatchNorm = HalfNativeBatchNormBackward0
