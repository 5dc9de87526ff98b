"""``gradlib.nn.functional``: activations, losses, convolution and pooling, normalization, embeddings.

Most functions compose differentiable gradlib ops (so every order of gradient works); softmax and
log_softmax are fused nodes for numerical stability; losses follow PyTorch's reductions and special cases
(``ignore_index``, class weights, label smoothing, probability targets).
"""
import functools
import math
import warnings

from .. import _creation, _tensor_str, dtypes
from .._numpy_names import numpy_names
from ..autograd import grad_mode
from ..backends import device_guard
from . import _attention, _interpolate, _losses
from ..ops import activation as _activation
from ..ops import loss as _loss
from ..ops import normalization as _normalization
from ..ops import upsample as _upsample
from ..ops import arithmetic as _arith, conv as _conv, join, linalg, nn_ops as _nn, reduction as _red, shape as _shape
from ..ops._args import require_tensor
from ..ops._broadcast import broadcast_shapes
from ..ops._op import check_argument_devices, check_tensor_iterator_devices, iterator_device
from ..ops.activation import glu, hardshrink, hardsigmoid, hardswish, prelu, rrelu, softshrink, threshold
from ..ops.comparison import ne
from ..ops.elementwise import celu, elu, gelu, hardtanh, leaky_relu, logsigmoid, mish, relu6, selu, silu, softplus
from ..ops import indexing as _indexing, statistics as _statistics
from ..ops.indexing import first_outside, gather
from ..ops.selection import where
from ..ops.unary import relu as _relu, sigmoid, tanh

__all__ = ["relu", "relu_", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus", "mish", "sigmoid",
           "tanh", "logsigmoid", "hardtanh", "relu6", "softmax", "log_softmax", "linear", "cross_entropy",
           "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "kl_div", "conv1d", "conv2d", "conv_transpose2d", "max_pool2d",
           "avg_pool2d", "adaptive_avg_pool2d", "dropout", "layer_norm", "batch_norm", "group_norm", "embedding", "embedding_bag",
           "one_hot", "pad", "normalize", "cosine_similarity", "hardshrink", "softshrink", "hardsigmoid",
           "hardswish", "threshold", "threshold_", "glu", "prelu", "rrelu", "rrelu_", "softsign", "tanhshrink",
           "softmin", "elu_", "celu_", "selu_", "hardtanh_", "leaky_relu_", "scaled_dot_product_attention",
           "multi_head_attention_forward", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
           "pixel_shuffle", "pixel_unshuffle", "conv_transpose1d", "max_pool1d", "avg_pool1d", "adaptive_avg_pool1d",
           "dropout1d", "dropout2d", "dropout3d", "pairwise_distance", "margin_ranking_loss", "hinge_embedding_loss",
           "soft_margin_loss", "multilabel_soft_margin_loss", "cosine_embedding_loss", "triplet_margin_loss",
           "poisson_nll_loss", "gaussian_nll_loss"]

scaled_dot_product_attention = _attention.scaled_dot_product_attention
multi_head_attention_forward = _attention.multi_head_attention_forward
margin_ranking_loss = _losses.margin_ranking_loss
hinge_embedding_loss = _losses.hinge_embedding_loss
soft_margin_loss = _losses.soft_margin_loss
multilabel_soft_margin_loss = _losses.multilabel_soft_margin_loss
cosine_embedding_loss = _losses.cosine_embedding_loss
triplet_margin_loss = _losses.triplet_margin_loss
poisson_nll_loss = _losses.poisson_nll_loss
gaussian_nll_loss = _losses.gaussian_nll_loss
pixel_shuffle = _upsample.pixel_shuffle
pixel_unshuffle = _upsample.pixel_unshuffle


def relu(input, inplace=False):
    """max(x, 0).

    >>> import gradlib
    >>> gradlib.nn.functional.relu(gradlib.tensor([-1., 2.]))
    tensor([0., 2.])
    """
    require_tensor("relu", input)
    if inplace:
        return input.relu_()
    return _relu(input)


def relu_(input):
    """In-place relu."""
    require_tensor("relu_", input)
    return input.relu_()


def softsign(input):
    """x / (1 + |x|) (composed, as PyTorch: its grad_fn is DivBackward0).

    >>> import gradlib
    >>> gradlib.nn.functional.softsign(gradlib.tensor([-3., 1.]))
    tensor([-0.7500,  0.5000])
    """
    return input / (input.abs() + 1)


def tanhshrink(input):
    """x - tanh(x) (composed, as PyTorch: SubBackward0).

    >>> import gradlib
    >>> gradlib.nn.functional.tanhshrink(gradlib.tensor([0., 1.]))
    tensor([0.0000, 0.2384])
    """
    return input - tanh(input)


def threshold_(input, threshold, value):
    """In-place ``threshold``."""
    return _activation.threshold(input, threshold, value, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """In-place ``rrelu``."""
    return _activation.rrelu(input, lower, upper, training, inplace=True, generator=generator)


def elu_(input, alpha=1.0):
    """In-place ``elu``."""
    return elu(input, alpha, inplace=True)


def celu_(input, alpha=1.0):
    """In-place ``celu``."""
    return celu(input, alpha, inplace=True)


def selu_(input):
    """In-place ``selu``."""
    return selu(input, inplace=True)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place ``hardtanh``."""
    return hardtanh(input, min_val, max_val, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """In-place ``leaky_relu``."""
    return leaky_relu(input, negative_slope, inplace=True)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along ``dim`` (PyTorch's implicit dim when None). Mirrors ``torch.nn.functional.softmin``.

    >>> import gradlib
    >>> gradlib.nn.functional.softmin(gradlib.tensor([0., 0., 1e4]), dim=0)
    tensor([0.5000, 0.5000, 0.0000])
    """
    return softmax(-input, dim, dtype=dtype)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably (``gradlib.softmax`` with PyTorch's Python-level
    argument errors).

    >>> import gradlib
    >>> gradlib.nn.functional.softmax(gradlib.tensor([1., 2., 3.]), dim=0)
    tensor([0.0900, 0.2447, 0.6652])
    """
    require_tensor("softmax", input, attribute="softmax" if dim is not None else "dim")  # Python code in PyTorch
    return _nn.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, via the log-sum-exp (finite for any finite x).

    >>> import gradlib
    >>> gradlib.nn.functional.log_softmax(gradlib.tensor([0., 1e4]), dim=0)
    tensor([-10000.,      0.])
    """
    require_tensor("log_softmax", input, attribute="log_softmax" if dim is not None else "dim")
    return _nn.log_softmax(input, dim, dtype=dtype)


def linear(input, weight, bias=None):
    """input @ weight.T + bias (one graph node).

    >>> import gradlib
    >>> gradlib.nn.functional.linear(gradlib.ones(1, 2), gradlib.tensor([[1., 2.]]), gradlib.tensor([0.5]))
    tensor([[3.5000]])
    """
    require_tensor("linear", input)
    return linalg.linear(input, weight, bias)


def _refuse_integral(kernel, input):
    """PyTorch's ``kernel`` has no integer or bool version: its NotImplementedError (gradlib would compute in
    floats)."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype.scalar_type}\'')


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    if reduction == "mean":
        return loss.mean()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_target_shape(input, target):
    if tuple(input.shape) != tuple(target.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", stacklevel=3)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """The negative log-likelihood of class indices ``target`` under log-probabilities ``input`` (N, C, ...).

    >>> import gradlib
    >>> logp = gradlib.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> gradlib.nn.functional.nll_loss(logp, gradlib.tensor([0, 1]))
    tensor(0.3000)
    """
    require_tensor("nll_loss_nd", input)
    kernel = "nll_loss_forward" if input.ndim <= 2 else "_nll_loss2d_forward"  # PyTorch's, named in its error
    check_argument_devices(kernel, ("self", input), ("target", target), ("weight", weight))
    _refuse_integral("nll_loss_out_frame", input)
    if target.dtype not in (dtypes.int64, dtypes.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype.scalar_type}")
    if input.ndim <= 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    unbatched = input.ndim == 1
    if unbatched:
        input, target = input.unsqueeze(0), target.unsqueeze(0)
    if input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0]}).")
    if input.ndim > 2 and tuple(target.shape) != (input.shape[0],) + tuple(input.shape[2:]):
        expected = [input.shape[0]] + list(input.shape[2:])
        raise RuntimeError(f"Expected target size {expected}, got {list(target.shape)}")
    if reduction not in ("none", "sum", "mean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    weights = None if weight is None else weight.detach()._array
    losses = _nn.NllLossBackward0.apply(input, target._array, weights, ignore_index, reduction)
    return losses.squeeze(0) if unbatched and reduction == "none" else losses


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of logits ``input`` (N, C, ...) against class indices or class probabilities.

    >>> import gradlib
    >>> logits = gradlib.tensor([[2.0, 0.5, -1.0]])
    >>> gradlib.nn.functional.cross_entropy(logits, gradlib.tensor([0]))
    tensor(0.2413)
    """
    require_tensor("cross_entropy_loss", input)
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")
    dim = 1 if input.ndim > 1 else 0
    log_probs = log_softmax(input, dim)
    classes = input.shape[dim]
    if target.dtype.is_floating_point:
        if tuple(target.shape) != tuple(input.shape):  # PyTorch takes it for class indices, of the wrong dtype
            raise RuntimeError(
                f"expected target dtype to be Long or Byte, but got {target.dtype.scalar_type}")
        check_tensor_iterator_devices(input, target, weight)
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / classes
        weighted = log_probs * target
        if weight is not None:
            shape = [1] * input.ndim
            shape[dim] = classes
            weighted = weighted * weight.reshape(shape)
        losses = -weighted.sum(dim)
        if reduction == "mean":
            return losses.sum() / (losses.numel() if input.ndim > 1 else 1)
        return _reduce(losses, reduction)
    loss = nll_loss(log_probs, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0:
        return loss
    unbatched = input.ndim == 1
    if unbatched:
        log_probs, target = log_probs.unsqueeze(0), target.unsqueeze(0)
    keep = ne(target, ignore_index)
    if weight is not None:
        shape = [1] * log_probs.ndim
        shape[1] = classes
        smooth = -(log_probs * weight.reshape(shape)).sum(1)
    else:
        smooth = -log_probs.sum(1)
    smooth = smooth * keep.to(smooth.dtype)
    if reduction == "none":
        smooth = smooth.squeeze(0) if unbatched else smooth
    elif reduction == "sum":
        smooth = smooth.sum()
    elif weight is not None:
        smooth = smooth.sum() / (weight[where(keep, target, 0)] * keep.to(smooth.dtype)).sum()
    else:
        smooth = smooth.sum() / keep.sum()
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / classes)


def _check_broadcast_devices(input, target):
    """PyTorch's elementwise losses broadcast input and target first (a 0-d CPU target then has dims, so it no
    longer joins a GPU kernel as a scalar), then run one TensorIterator kernel."""
    if input._device is not target._device:
        check_tensor_iterator_devices(input, target, cpu_scalars=1 if input.ndim == target.ndim == 0 else 0)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error; with ``weight`` (the input's size) the weighted sum over the sum of the weights.

    >>> import gradlib
    >>> gradlib.nn.functional.mse_loss(gradlib.tensor([1., 2.]), gradlib.tensor([0., 0.]))
    tensor(2.5000)
    """
    require_tensor("mse_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    _check_target_shape(input, target)
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")  # before any kernel runs
    _check_broadcast_devices(input, target)
    _refuse_integral("mse_cpu", input)
    if weight is None:
        return _loss.mse_loss(input, target, reduction)
    difference = input - target
    return _weighted(difference * difference, weight, reduction)


def _weighted(loss, weight, reduction):
    """PyTorch's weighted elementwise losses: the loss times ``weight``; 'mean' divides by the weights' sum."""
    if weight is None:
        return _reduce(loss, reduction)
    if loss._device is not weight._device:
        check_tensor_iterator_devices(loss, weight, cpu_scalars=1 if loss.ndim == 0 else 0)
    loss = loss * weight
    if reduction == "mean":
        return loss.sum() / weight.sum()
    return _reduce(loss, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error; with ``weight`` (the input's size) the weighted sum over the sum of the weights.

    >>> import gradlib
    >>> gradlib.nn.functional.l1_loss(gradlib.tensor([1., -2.]), gradlib.tensor([0., 0.]))
    tensor(1.5000)
    """
    require_tensor("l1_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    _check_target_shape(input, target)
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")  # before any kernel runs
    _check_broadcast_devices(input, target)
    return _weighted((input - target).abs(), weight, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Quadratic below ``beta`` (0.5 d^2 / beta), linear above (|d| - 0.5 beta).

    >>> import gradlib
    >>> gradlib.nn.functional.smooth_l1_loss(gradlib.tensor([0.5, 3.]), gradlib.tensor([0., 0.]))
    tensor(1.3125)
    """
    require_tensor("smooth_l1_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    _check_target_shape(input, target)
    _check_broadcast_devices(input, target)
    _refuse_integral("smooth_l1_cpu", input)
    if beta == 0:
        return _reduce((input - target).abs(), reduction)
    return _loss.smooth_l1_loss(input, target, reduction, beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """beta * smooth_l1 with beta = delta; with ``weight`` (``input``'s shape) each element's loss is weighted
    before the reduction, as in PyTorch 2.13."""
    require_tensor("huber_loss", input, attribute="size")  # PyTorch's Python code reads input.size first
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    check_argument_devices("_huber_loss", ("self", input), ("target", target))
    _check_target_shape(input, target)
    if weight is None:
        out = _loss.huber_loss(input, target, reduction, delta)
        if out.dtype is not input.dtype and input.dtype.is_floating_point:  # PyTorch's kernel writes the input's dtype
            out = out.to(input.dtype)
        return out
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    weighted = smooth_l1_loss(input, target, reduction="none", beta=delta) * delta * weight
    return _reduce(weighted, reduction)


def _check_probabilities(tensor, name):
    """PyTorch's binary_cross_entropy kernel asserts 0 <= value <= 1 (NaN fails): at once on the CPU, at the next
    synchronization on CUDA (``gradlib.backends.deferred``; no wait here)."""
    array = tensor._array
    if not array.size:
        return
    error = RuntimeError(f"all elements of {name} should be between 0 and 1")
    backend = tensor._device._backend
    with device_guard(tensor._device):
        failed = ~((array >= 0) & (array <= 1)).all()
    backend.check(failed, lambda: error, error)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(t log p + (1 - t) log(1 - p)) for probabilities ``input``; logs are clamped at -100 (as PyTorch).

    >>> import gradlib
    >>> gradlib.nn.functional.binary_cross_entropy(gradlib.tensor([0.8, 0.2]), gradlib.tensor([1., 0.]))
    tensor(0.2231)
    """
    require_tensor("binary_cross_entropy", input, attribute="size")  # PyTorch's Python code reads input.size first
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    check_tensor_iterator_devices(input, target, cpu_scalars=0)  # one TensorIterator kernel, no CPU scalars
    _refuse_integral("binary_cross_entropy", input)
    if target.dtype is not input.dtype:  # PyTorch's kernel takes one dtype (no promotion)
        raise RuntimeError(f"Found dtype {target.dtype.scalar_type} but expected "
                           f"{input.dtype.scalar_type}")
    if weight is not None:  # expanded to the target's shape, then multiplied in
        check_tensor_iterator_devices(input, weight, cpu_scalars=1 if input.ndim == weight.ndim == 0 else 0)
    if weight is not None and weight.requires_grad and grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'binary_cross_entropy' is not differentiable with respect to argument "
                           "'weight'. This input cannot have requires_grad True.")
    _check_probabilities(input, "input")
    _check_probabilities(target, "target")
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        weight = weight.expand(*input.shape)
    return _loss.binary_cross_entropy(input, target, reduction, weight)


def _check_logits_loss_devices(input, target, weight, pos_weight):
    """The devices in the order of PyTorch's kernels: (pos_weight - 1) * target, log_sigmoid(input) times that in
    place, (1 - target) times input in place, the loss times weight in place."""
    tensors = [t for t in (input, target, weight, pos_weight) if t is not None]
    if all(t._device is input._device for t in tensors):
        return
    if pos_weight is not None:
        log_weight = target if iterator_device([pos_weight, target]) is target._device else pos_weight
        iterator_device([input, log_weight], outputs=1)
    iterator_device([target, input], outputs=1)
    if weight is not None:
        iterator_device([target, weight], outputs=1)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid + binary cross-entropy in one stable formula (finite for any logit).

    >>> import gradlib
    >>> gradlib.nn.functional.binary_cross_entropy_with_logits(gradlib.tensor([1e4, -1e4]), gradlib.tensor([1., 0.]))
    tensor(0.)
    """
    # PyTorch's Python code reads input.size first
    require_tensor("binary_cross_entropy_with_logits", input, attribute="size")
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    _check_logits_loss_devices(input, target, weight, pos_weight)
    _refuse_integral("log_sigmoid_cpu", input)
    if not target.dtype.is_floating_point:  # the loss is computed into the target's dtype
        raise RuntimeError(f"result type {input.dtype.scalar_type} can't be cast to the desired output "
                           f"type {target.dtype.scalar_type}")
    return _loss.binary_cross_entropy_with_logits(input, target, reduction, weight, pos_weight)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL(target || exp(input)) pointwise: target (log target - input); reduction 'batchmean' divides by N.

    >>> import gradlib
    >>> p = gradlib.tensor([[0.5, 0.5]])
    >>> gradlib.nn.functional.kl_div(gradlib.tensor([[0.25, 0.75]]).log(), p, reduction='batchmean')
    tensor(0.1438)
    """
    require_tensor("kl_div", input)
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    check_tensor_iterator_devices(target, input)  # PyTorch computes target * input (or target - input)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        positive = target > 0
        safe = where(positive, target, 1.0)
        loss = where(positive, target * (safe.log() - input), target * 0)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim > 0 else 1)
    return _reduce(loss, reduction)



def _accepts_unbatched(batched_ndim, check=None):
    """Let a function of batched ``input`` (``batched_ndim`` dims, batch first) take one sample too, as PyTorch's
    conv and pool functions do: a batch of one goes in, and the batch dim comes off every tensor result.
    ``input`` must be a Tensor (PyTorch's TypeError otherwise); ``check(input)`` runs first on the input as given."""
    def decorate(function):
        @functools.wraps(function)
        def accepting(input, *args, **kwargs):
            require_tensor(function.__name__, input)
            if check is not None:
                check(input)
            if input.ndim != batched_ndim - 1:
                return function(input, *args, **kwargs)
            out = function(input.unsqueeze(0), *args, **kwargs)
            if isinstance(out, tuple):
                return tuple(o.squeeze(0) for o in out)
            return out.squeeze(0)
        return accepting
    return decorate

def _pair(value):
    if isinstance(value, int):
        return (value, value)
    return tuple(value)


def _padding_2d(padding, kernel, dilation):
    if padding == "valid":
        return ((0, 0), (0, 0))
    if padding == "same":
        pads = []
        for k, d in zip(kernel, dilation):
            total = d * (k - 1)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    ph, pw = _pair(padding)
    return ((ph, ph), (pw, pw))


def _check_conv_devices(input, weight, bias, cudnn_kernel):
    """PyTorch's convolution after its shape checks: each parameter's tensor type against the input's (device type
    and dtype, not the GPU index; a CPU float input takes the MKLDNN backend, whose message says more), then on a GPU
    the cuDNN kernel's wrapper (input and weight), then the bias added in place (TensorIterator)."""
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and tensor._device.type != input._device.type:
            mkldnn = input._device.type == "cpu" and input.dtype is dtypes.float32
            input_type = _tensor_str.legacy_type_name(input._array.dtype, input._array, input._device)
            other_type = _tensor_str.legacy_type_name(tensor._array.dtype, tensor._array, tensor._device)
            raise RuntimeError(
                f"Input type ({input_type}) and {name} type ({other_type}) should be the same"
                + (f" or input should be a MKLDNN tensor and {name} is a dense tensor" if mkldnn else ""))
    check_argument_devices(cudnn_kernel, ("self", input), ("weight", weight))
    if bias is not None:
        iterator_device([input, bias])


def _check_conv_arguments(input, weight, bias, stride, pads, dilation, spatial):
    """PyTorch's convolution argument checks, in its order (``spatial``: 1 for conv1d, whose values sit in the
    last place of conv2d's pairs)."""
    if any(before < 0 or after < 0 for before, after in pads):
        raise RuntimeError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation[-spatial:])}")


def _check_kernel_fits(input, weight, pads, dilation, spatial):
    """PyTorch's "Kernel size can't be greater than actual input size" (dilated kernel against padded input)."""
    padded = [size + before + after for size, (before, after) in zip(input.shape[2:], pads)]
    kernel = [d * (k - 1) + 1 for d, k in zip(dilation, weight.shape[2:])]
    if any(k > p for k, p in zip(kernel, padded)):
        padded, kernel = padded[-spatial:], kernel[-spatial:]
        raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                           f"size: ({' x '.join(map(str, kernel))}). Kernel size can't be greater than actual input "
                           "size")


@_accepts_unbatched(4)
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, _spatial=None):
    """2-D convolution (cross-correlation, as PyTorch) of (N, C, H, W) with (O, C/groups, KH, KW) filters.

    ``padding`` is an int, a pair, 'valid' or 'same'.

    >>> import gradlib
    >>> gradlib.nn.functional.conv2d(gradlib.ones(1, 1, 3, 3), gradlib.ones(1, 1, 2, 2)).shape
    gradlib.Size([1, 1, 2, 2])
    """
    if input.ndim != 4:
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    stride, dilation = _pair(stride), _pair(dilation)
    if padding == "same" and stride != (1, 1):
        raise ValueError("padding='same' is not supported for strided convolutions")
    pads = _padding_2d(padding, weight.shape[2:], dilation)
    _check_conv_arguments(input, weight, bias, stride, pads, dilation, 2 if _spatial is None else _spatial)
    if weight.ndim != 4 or weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(weight.shape)} instead")
    channels = input.shape[1]
    if weight.shape[1] * groups != channels:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[1] * groups} channels, but got {channels} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
                           f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead")
    _check_kernel_fits(input, weight, pads, dilation, 2 if _spatial is None else _spatial)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution")
    return _conv.ConvolutionBackward0.apply(input, weight, bias, (stride, pads, dilation, groups))


@_accepts_unbatched(3)
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of (N, C, L) with (O, C/groups, K) filters (a conv2d of unit height, in one node).

    >>> import gradlib
    >>> gradlib.nn.functional.conv1d(gradlib.ones(1, 1, 5), gradlib.ones(1, 1, 3), padding='same').shape
    gradlib.Size([1, 1, 5])
    """
    if input.ndim != 3:
        raise RuntimeError(f"Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
                           f"{list(input.shape)}")
    stride = stride if isinstance(stride, int) else stride[0]
    dilation = dilation if isinstance(dilation, int) else dilation[0]
    if padding == "same" and stride != 1:
        raise ValueError("padding='same' is not supported for strided convolutions")
    padding_2d = padding if isinstance(padding, str) else (0, padding if isinstance(padding, int) else padding[0])
    pads = _padding_2d(padding_2d, (1, weight.shape[2]), (1, dilation))
    # conv2d's argument checks on the unit-height view, with conv1d's words (one spatial dim)
    _check_conv_arguments(input.unsqueeze(2), weight.unsqueeze(2), bias, (1, stride), pads, (1, dilation), 1)
    channels = input.shape[1]
    if weight.shape[1] * groups != channels:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[1] * groups} channels, but got {channels} channels instead")
    _check_kernel_fits(input.unsqueeze(2), weight.unsqueeze(2), pads, (1, dilation), 1)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution")
    return _conv.ConvolutionBackward0.apply(input, weight, bias, ((1, stride), pads, (1, dilation), groups), True)


@_accepts_unbatched(4)
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-D convolution (the gradient of conv2d with respect to its input); weight (C_in, O/groups,
    KH, KW).

    >>> import gradlib
    >>> gradlib.nn.functional.conv_transpose2d(gradlib.ones(1, 1, 2, 2), gradlib.ones(1, 1, 2, 2), stride=2).shape
    gradlib.Size([1, 1, 4, 4])
    """
    if weight.ndim != 4 or weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(weight.shape)} instead")
    stride, dilation, output_padding = _pair(stride), _pair(dilation), _pair(output_padding)
    ph, pw = _pair(padding)
    n, _, h, w = input.shape
    kh, kw = weight.shape[2], weight.shape[3]
    out_h = (h - 1) * stride[0] - 2 * ph + dilation[0] * (kh - 1) + output_padding[0] + 1
    out_w = (w - 1) * stride[1] - 2 * pw + dilation[1] * (kw - 1) + output_padding[1] + 1
    out_channels = weight.shape[1] * groups
    # The adjoint of conv2d(y, w, stride, padding) for a y of the output's size; output_padding only makes y
    # larger (its extra rows/columns are the ones that conv's floor division leaves out).
    params = (stride, ((ph, ph), (pw, pw)), dilation, groups)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution_transpose")
    out = _conv.ConvolutionInputGrad.apply(input, weight, (n, out_channels, out_h, out_w), params)
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 1-D convolution of (N, C_in, L) (or (C_in, L)) with (C_in, O/groups, K) filters: a
    conv_transpose2d of unit height. Mirrors ``torch.nn.functional.conv_transpose1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.conv_transpose1d(gradlib.ones(1, 1, 3), gradlib.ones(1, 1, 2), stride=2)
    tensor([[[1., 1., 1., 1., 1., 1.]]])
    """
    unbatched = input.ndim == 2
    if unbatched:
        input = input.unsqueeze(0)

    def single(value):
        return value if isinstance(value, int) else value[0]

    out = conv_transpose2d(input.unsqueeze(2), weight.unsqueeze(2), bias, (1, single(stride)), (0, single(padding)),
                           (0, single(output_padding)), groups, (1, single(dilation))).squeeze(2)
    return out.squeeze(0) if unbatched else out


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    return _interpolate.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor,
                                    antialias, area_pool=adaptive_avg_pool2d)


interpolate.__doc__ = _interpolate.interpolate.__doc__


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of ``interpolate`` (PyTorch's ``nn.functional.upsample``)."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """``interpolate(..., mode='nearest')`` (PyTorch's deprecated ``upsample_nearest``)."""
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """``interpolate(..., mode='bilinear', align_corners=True)`` (PyTorch's deprecated ``upsample_bilinear``)."""
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def _single(value):
    return value if isinstance(value, int) else value[0]


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each window along the last dim of (N, C, L) or (C, L) (a max_pool2d of unit height).
    Mirrors ``torch.nn.functional.max_pool1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool1d(gradlib.tensor([[[1., 3., 2., 0.]]]), 2)
    tensor([[[3., 2.]]])
    """
    stride = kernel_size if stride is None or stride == [] else stride
    result = max_pool2d(input.unsqueeze(-2), (1, _single(kernel_size)), (1, _single(stride)), (0, _single(padding)),
                        (1, _single(dilation)), ceil_mode, return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """The mean of each window along the last dim (an avg_pool2d of unit height). Mirrors
    ``torch.nn.functional.avg_pool1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.avg_pool1d(gradlib.tensor([[[1., 3., 2., 0.]]]), 2)
    tensor([[[2., 1.]]])
    """
    stride = kernel_size if stride is None or stride == [] else stride
    return avg_pool2d(input.unsqueeze(-2), (1, _single(kernel_size)), (1, _single(stride)), (0, _single(padding)),
                      ceil_mode, count_include_pad).squeeze(-2)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of the last dim to ``output_size`` (PyTorch's windows). Mirrors
    ``torch.nn.functional.adaptive_avg_pool1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_avg_pool1d(gradlib.tensor([[[1., 3., 2., 0.]]]), 2)
    tensor([[[2., 1.]]])
    """
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _single(output_size))).squeeze(-2)


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode):
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or stride == [] else _pair(stride)
    ph, pw = _pair(padding)
    dilation = _pair(dilation)
    if any(k <= 0 for k in kernel):
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}") \
            if any(s != 0 for s in stride) else RuntimeError("stride should not be zero")
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if ph < 0 or pw < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(ph, pw)}")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got dilationH: {dilation[0]} dilationW: "
                           f"{dilation[1]}")
    for p, k in zip((ph, pw), kernel):
        if p > k // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={dilation[0]}")
    sizes = []
    extra = []
    for size, k, s, p, d in zip(input.shape[-2:], kernel, stride, (ph, pw), dilation):
        span = size + 2 * p - d * (k - 1) - 1
        out = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (out - 1) * s >= size + p:
            out -= 1
        if out < 1:
            planes = input.shape[-3] if input.ndim >= 3 else 1
            outs = [((s_ + 2 * p_ - d_ * (k_ - 1) - 1) // st_ + 1) for s_, k_, st_, p_, d_ in
                    zip(input.shape[-2:], kernel, stride, (ph, pw), dilation)]
            raise RuntimeError(f"Given input size: ({planes}x{input.shape[-2]}x{input.shape[-1]}). Calculated "
                               f"output size: ({planes}x{outs[0]}x{outs[1]}). Output size is too small")
        sizes.append(out)
        extra.append(max(0, (out - 1) * s + d * (k - 1) + 1 - (size + 2 * p)))
    pads = ((ph, ph + extra[0]), (pw, pw + extra[1]))
    return kernel, stride, pads, dilation, tuple(sizes)


def _check_max_pool_input(input):
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    if 0 in input.shape[-3:]:  # only the batch may be empty
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(input.shape)}")


@_accepts_unbatched(4, check=_check_max_pool_input)
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each window; the gradient goes to the (first) maximum.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    kernel, stride, pads, dilation, out_hw = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode)
    out, indices = _conv.MaxPool2DWithIndicesBackward0.apply(input, kernel, stride, pads, dilation, out_hw)
    return (out, indices) if return_indices else out


@_accepts_unbatched(4)
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each window (a depthwise convolution with uniform weights).

    >>> import gradlib
    >>> gradlib.nn.functional.avg_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """
    if input.ndim < 3:  # PyTorch's avg_pool2d reads input.size(-3)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(input.ndim, 1)}, "
                         f"{max(input.ndim, 1) - 1}], but got -3)")
    kernel, stride, pads, _, _ = _pool_geometry(input, kernel_size, stride, padding, 1, ceil_mode)
    n, c, h, w = input.shape
    flat = input.reshape(n * c, 1, h, w)
    ones = _creation.ones(1, 1, *kernel, dtype=input.dtype, device=input.device)
    summed = _conv.ConvolutionBackward0.apply(flat, ones, None, (stride, pads, (1, 1), 1))
    # PyTorch's integer kernels divide the integer sum, truncating toward zero, and keep the input's dtype.
    rounding = {"rounding_mode": "trunc"} if input.dtype.np.kind in "iu" else {}
    if divisor_override is not None:
        out = _arith.div(summed, divisor_override, **rounding)
    elif count_include_pad and not ceil_mode:
        out = _arith.div(summed, kernel[0] * kernel[1], **rounding)
    else:
        # Count the window cells inside the (padded, if count_include_pad) input.
        (top, bottom), (left, right) = pads
        inner = (top if count_include_pad else 0, left if count_include_pad else 0)
        plane = _creation.ones(1, 1, h + (2 * inner[0]), w + (2 * inner[1]), dtype=input.dtype, device=input.device)
        reduced_pads = ((top - inner[0], bottom - inner[0]), (left - inner[1], right - inner[1]))
        with grad_mode.no_grad():
            counts = _conv.ConvolutionBackward0.apply(plane, ones, None, (stride, reduced_pads, (1, 1), 1))
        out = _arith.div(summed, counts, **rounding)
    return out.reshape(n, c, out.shape[2], out.shape[3])


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (windows as PyTorch splits them).

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_avg_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 1)
    tensor([[[[7.5000]]]])
    """
    require_tensor("adaptive_avg_pool2d", input, attribute="size")  # PyTorch's Python code reads input.size first
    if _pair(output_size) != (1, 1):
        _refuse_integral("adaptive_avg_pool2d", input)
    _red._require_float("mean", input)  # PyTorch averages a 1x1 output with mean()
    out_h, out_w = _pair(output_size) if not isinstance(output_size, int) else (output_size, output_size)
    h, w = input.shape[-2], input.shape[-1]
    out_h = h if out_h is None else out_h
    out_w = w if out_w is None else out_w
    if out_h < 0 or out_w < 0:
        raise RuntimeError(f"adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{out_h}, {out_w}}}")
    if out_h == 0 or out_w == 0:  # an empty result, as PyTorch gives
        return _creation.zeros(*input.shape[:-2], out_h, out_w, dtype=input.dtype, device=input.device) * \
            input.sum((-2, -1), keepdim=True)[..., :out_h, :out_w]
    if h % out_h == 0 and w % out_w == 0:
        return avg_pool2d(input, (h // out_h, w // out_w))
    rows = []
    for i in range(out_h):
        top, bottom = (i * h) // out_h, -(-((i + 1) * h) // out_h)
        cells = []
        for j in range(out_w):
            left, right = (j * w) // out_w, -(-((j + 1) * w) // out_w)
            cells.append(input[..., top:bottom, left:right].mean((-2, -1)))
        rows.append(_stack(cells, -1))
    return _stack(rows, -2)


def _stack(tensors, dim):
    return join.stack(tensors, dim)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1 / (1 - p) (identity when not training).

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> out = gradlib.nn.functional.dropout(gradlib.ones(1000), 0.5)
    >>> sorted(set(out.tolist())), 400 < int((out == 0).sum()) < 600
    ([0.0, 2.0], True)
    """
    require_tensor("dropout", input)
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    keep = _creation.rand(*input.shape, dtype=input.dtype, device=input.device) >= p
    if inplace:
        return input.mul_(keep.to(input.dtype) / (1 - p))
    return input * keep / (1 - p)


def _feature_dropout(input, p, training, inplace, batched_dims, name):
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    spatial = batched_dims - 2
    note = (f"Note that {name} exists to provide channel-wise dropout on inputs with {spatial} spatial "
            f"dimension{'s' if spatial > 1 else ''}, a channel dimension, and an optional batch dimension (i.e. "
            f"{batched_dims - 1}D or {batched_dims}D inputs).")
    channels_at = input.ndim - spatial  # every element of a channel shares one draw
    if input.ndim not in (batched_dims - 1, batched_dims):
        if spatial == 1:
            raise RuntimeError(f"{name}: Expected {batched_dims - 1}D or {batched_dims}D input, but received a "
                               f"{input.ndim}D input. " + note)
        warnings.warn(f"{name}: Received a {input.ndim}-D input to {name}, which is deprecated and will result in "
                      "an error in a future release. To retain the behavior and silence this warning, please use "
                      "dropout instead. " + note, stacklevel=3)
        channels_at = min(2, input.ndim)
    if not training or p == 0:
        return input
    mask_shape = tuple(input.shape[:channels_at]) + (1,) * (input.ndim - channels_at)
    keep = _creation.rand(*mask_shape, dtype=input.dtype, device=input.device) >= p
    scale = keep.to(input.dtype) / (1 - p) if p < 1 else keep.to(input.dtype)
    return input.mul_(scale) if inplace else input * scale


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) with probability ``p`` (scaling the rest). Mirrors
    ``torch.nn.functional.dropout1d``."""
    return _feature_dropout(input, p, training, inplace, 3, "dropout1d")


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) or (C, H, W) with probability ``p`` (scaling the rest). Mirrors
    ``torch.nn.functional.dropout2d``.

    >>> import gradlib
    >>> _ = gradlib.manual_seed(0)
    >>> out = gradlib.nn.functional.dropout2d(gradlib.ones(1, 64, 2, 2))
    >>> sorted(set(out.flatten().tolist())), bool((out.amax((2, 3)) == out.amin((2, 3))).all())
    ([0.0, 2.0], True)
    """
    return _feature_dropout(input, p, training, inplace, 4, "dropout2d")


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) with probability ``p``. Mirrors
    ``torch.nn.functional.dropout3d``."""
    return _feature_dropout(input, p, training, inplace, 5, "dropout3d")


@numpy_names
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of x1 - x2 + eps along the last dim. Mirrors ``torch.nn.functional.pairwise_distance``.

    >>> import gradlib
    >>> gradlib.nn.functional.pairwise_distance(gradlib.tensor([[1., 2.]]), gradlib.tensor([[0., 0.]]))
    tensor([2.2361])
    """
    return (x1 - x2 + eps).norm(p, dim=-1, keepdim=keepdim)


def _check_norm_devices(kernel, input, weight, bias, running_mean=None, running_var=None):
    """The device check of PyTorch's normalization kernel (native_layer_norm, native_group_norm, cudnn_batch_norm
    or native_batch_norm): its generated wrapper names the first argument off the input's device."""
    for tensor in (weight, bias, running_mean, running_var):
        if tensor is not None and tensor._device is not input._device:
            check_argument_devices(kernel, ("input", input), ("weight", weight), ("bias", bias),
                                   ("running_mean", running_mean), ("running_var", running_var))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the last ``len(normalized_shape)`` dims, then scale and shift.

    >>> import gradlib
    >>> gradlib.nn.functional.layer_norm(gradlib.tensor([[1., 2., 3.]]), (3,))
    tensor([[-1.2247,  0.0000,  1.2247]])
    """
    require_tensor("layer_norm", input)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    _check_norm_devices("_native_layer_norm", input, weight, bias)  # PyTorch's kernel checks shapes after
    _refuse_integral("LayerNormKernelImpl", input)
    if tuple(input.shape[-len(normalized_shape):]) != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size"
                           f"{list(input.shape)}")
    if input.dtype is dtypes.float16:  # PyTorch's kernel computes in float and rounds the result once
        return layer_norm(input.float(), normalized_shape, weight, bias, eps).to(dtypes.float16)
    return _normalization.layer_norm(input, len(normalized_shape), weight, bias, eps)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """Normalize each channel (dim 1) by batch statistics (training) or running ones; training also updates
    the running statistics in place (unbiased variance), as PyTorch. ``momentum`` is a number or a 0-d tensor
    on the input's device (what BatchNorm with ``momentum=None`` passes, so the count stays on the device).

    >>> import gradlib
    >>> x = gradlib.tensor([[1.], [3.]])
    >>> gradlib.nn.functional.batch_norm(x, None, None, training=True)
    tensor([[-1.0000],
            [ 1.0000]])
    """
    require_tensor("batch_norm", input)
    _refuse_integral("batch_norm", input)
    dims = (0,) + tuple(range(2, input.ndim))
    shape = [1] * input.ndim
    shape[1] = input.shape[1]
    if training:
        count = input.shape[0] * math.prod(input.shape[2:])  # values per channel (also with no channels)
        if count == 1:  # PyTorch's check (an empty batch passes and gives an empty output)
            raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                             f"{input.shape!r}")
    channels = input.shape[1] if input.ndim > 1 else 1
    for name, tensor in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                         ("bias", bias)):
        if tensor is not None and channels and tensor.numel() != channels:  # no channels: nothing is read
            if tensor.numel() == 0:  # PyTorch's kernel reads element 0 first
                raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
            raise RuntimeError(f"{name} should contain {channels} elements not {tensor.numel()}")
    if input.ndim > 1 and channels == 0:  # nothing to normalize, nothing to learn (PyTorch: an empty output)
        return input.clone()
    stats = (running_mean is None) == (running_var is None) and (running_mean is not None or training)
    cudnn = input._device.type == "cuda" and weight is not None and bias is not None and stats and input.ndim >= 3
    _check_norm_devices("_cudnn_batch_norm" if cudnn else "_native_batch_norm", input, weight, bias,
                        running_mean, running_var)
    if input.dtype is dtypes.float16:  # PyTorch's kernel computes in float and rounds the result once
        return _batch_norm_in_float32(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if training:
        mean = input.mean(dims)
        centered = input - mean.reshape(shape)
        variance = (centered * centered).mean(dims)
        if count == 0:  # an empty batch has no statistics: PyTorch leaves the running ones as they are
            running_mean = running_var = None
        if running_mean is not None:
            with grad_mode.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
        if running_var is not None:
            with grad_mode.no_grad():
                running_var.mul_(1 - momentum).add_(variance.detach() * (momentum * count / (count - 1)))
        out = centered * (variance.reshape(shape) + eps).rsqrt()
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
        out = (input - running_mean.reshape(shape)) * (running_var.reshape(shape) + eps).rsqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def _batch_norm_in_float32(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """batch_norm of a float16 input, computed in float32; running statistics are updated in their own dtype."""
    wide = {}
    for name, stat in (("mean", running_mean), ("var", running_var)):
        wide[name] = None if stat is None else stat.detach().float()
    out = batch_norm(input.float(), wide["mean"], wide["var"], weight, bias, training, momentum, eps)
    if training:
        with grad_mode.no_grad():
            for stat, updated in ((running_mean, wide["mean"]), (running_var, wide["var"])):
                if stat is not None:
                    stat.copy_(updated)
    return out.to(dtypes.float16)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalize each group of channels of each sample, then scale and shift per channel.

    >>> import gradlib
    >>> gradlib.nn.functional.group_norm(gradlib.tensor([[1., 3.]]), 1)
    tensor([[-1.0000,  1.0000]])
    """
    require_tensor("group_norm", input, attribute="dim")  # PyTorch's Python code reads input.dim first
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    n, c = input.shape[0], input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    _check_norm_devices("_native_group_norm", input, weight, bias)
    _refuse_integral("GroupNormKernelImpl", input)
    for name, parameter in (("weight", weight), ("bias", bias)):
        if parameter is not None and (parameter.ndim != 1 or parameter.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {list(parameter.shape)} and input of shape "
                               f"{list(input.shape)}")
    if input.dtype is dtypes.float16:  # PyTorch's kernel computes in float and rounds the result once
        return group_norm(input.float(), num_groups, weight, bias, eps).to(dtypes.float16)
    grouped = input.reshape(n, num_groups, -1)
    mean = grouped.mean(-1, keepdim=True)
    centered = grouped - mean
    variance = (centered * centered).mean(-1, keepdim=True)
    out = (centered * (variance + eps).rsqrt()).reshape(input.shape)
    shape = [1] * input.ndim
    shape[1] = c
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` for the integer ``input``; the ``padding_idx`` row gets no gradient; with
    ``scale_grad_by_freq`` a row's gradient is divided by how often the batch picks it.

    >>> import gradlib
    >>> gradlib.nn.functional.embedding(gradlib.tensor([1, 0]), gradlib.tensor([[0., 0.], [1., 2.]]))
    tensor([[1., 2.],
            [0., 0.]])
    """
    require_tensor("embedding", input, "indices", 2)
    if input.dtype.is_floating_point:
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for embedding)")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    check_argument_devices("_index_select", ("self", weight), ("index", input))  # PyTorch's embedding is one
    rows = weight.shape[0]
    if padding_idx is not None:
        if not -rows <= padding_idx < rows:
            raise AssertionError("Padding_idx must be within num_embeddings")
        if padding_idx < 0:
            padding_idx += rows
    if rows == 0 and input.numel() and weight.ndim > 1:
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    backend = weight._device._backend
    if max_norm is not None:
        backend.check_bounds(input._array, -rows, rows, f"embedding: index into {rows} rows", lambda: IndexError(
            f"select(): index {first_outside(input._array, -rows, rows)} out of range for tensor of size "
            f"{list(weight.shape)} at dimension 0"))  # PyTorch renormalizes first, row by row
    backend.check_bounds(input._array, 0, rows, f"embedding: index into {rows} rows",
                         lambda: IndexError("index out of range in self"))
    if max_norm is not None:
        _embedding_renorm(weight, input, max_norm, norm_type)
    return _nn.EmbeddingBackward0.apply(weight, input._array, padding_idx, bool(scale_grad_by_freq))


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Sums, means or maxima of bags of ``weight`` rows, as ``torch.nn.functional.embedding_bag``.

    ``input`` is 2-D ``(B, N)`` (B bags of N indices; ``offsets`` must be None) or 1-D ``(N,)`` with 1-D integer
    ``offsets`` giving where each bag starts (``include_last_offset``: the last entry is the end, not a bag).
    ``mode`` is 'sum', 'mean' or 'max'; ``per_sample_weights`` (the shape of ``input``, floating) scale each
    picked row, 'sum' only. Entries equal to ``padding_idx`` are left out of their bag (and of the mean's count);
    an empty bag gives zeros. Returns ``(B, embedding_dim)`` in ``weight``'s dtype, ``grad_fn=<EmbeddingBagBackward0>``;
    gradients reach ``weight`` (and ``per_sample_weights``). In 'max' mode tied maxima share the gradient (PyTorch
    gives it to one of them). ``sparse`` gradients are not supported: ``sparse=True`` gives a dense gradient.
    Raises ValueError for offsets with a 2-D input, no offsets with a 1-D input, or an unknown mode, and
    NotImplementedError for per_sample_weights outside 'sum' (PyTorch's messages).

    >>> import gradlib
    >>> weight = gradlib.arange(10.).view(5, 2)
    >>> gradlib.nn.functional.embedding_bag(gradlib.tensor([1, 2, 4, 4]), weight, gradlib.tensor([0, 3]), mode="sum")
    tensor([[14., 17.],
            [ 8.,  9.]])
    """
    require_tensor("embedding_bag", input, "indices", 2)
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        bags, length = input.shape
        offsets = _creation.arange(0, bags * length, length, dtype=input.dtype, device=input.device)
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.ndim != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  f"GitHub.")
    starts = offsets[:-1] if include_last_offset else offsets
    count = starts.shape[0]
    rows = embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq)
    # bag of each index: how many bag starts are at or before its position (computed on the device)
    positions = _creation.arange(input.shape[0], dtype=starts.dtype, device=input.device)
    bag_of = _statistics.bucketize(positions, starts, right=True) - 1
    kept = None if padding_idx is None else ne(input, padding_idx % weight.shape[0])
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.unsqueeze(1).to(rows.dtype)
    dim = weight.shape[1]
    empty = _creation.zeros(count, dim, dtype=weight.dtype, device=weight.device)
    ones = _creation.ones(input.shape[0], dtype=weight.dtype, device=weight.device)
    sizes = _indexing.index_add(_creation.zeros(count, dtype=weight.dtype, device=weight.device), 0, bag_of,
                                ones if kept is None else where(kept, ones, 0.0))
    if mode == "max":
        if kept is not None:
            rows = where(kept.unsqueeze(1), rows, -math.inf)
        bags = empty.scatter_reduce(0, bag_of.unsqueeze(1).expand(-1, dim), rows, "amax", include_self=False)
        bags = where(sizes.unsqueeze(1) > 0, bags, 0.0)
    else:
        if kept is not None:
            rows = where(kept.unsqueeze(1), rows, 0.0)
        bags = _indexing.index_add(empty, 0, bag_of, rows)
        if mode == "mean":
            bags = bags / sizes.clamp(min=1).unsqueeze(1)
    return _nn.EmbeddingBagBackward0.apply(bags)


def _embedding_renorm(weight, input, max_norm, norm_type):
    """Scale the rows of ``weight`` that ``input`` picks and whose ``norm_type`` norm exceeds ``max_norm`` to
    norm ``max_norm``, in place and outside the graph (PyTorch's embedding_renorm_), all on the device: the rows
    used are marked by a scatter, not listed on the host."""
    array = weight._array
    xp = weight._device._backend.xp
    with grad_mode.no_grad(), device_guard(weight._device):
        used = xp.zeros(array.shape[0], dtype=bool)
        used[input._array.reshape(-1)] = True
        magnitude = xp.abs(array)
        if norm_type == math.inf:
            norms = magnitude.max(axis=1)
        else:
            norms = (magnitude ** norm_type).sum(axis=1) ** (1.0 / norm_type)
        scale = xp.where(used & (norms > max_norm), max_norm / (norms + 1e-7), 1.0).astype(array.dtype)
        array *= scale[:, None]
    weight._bump_version()



def one_hot(tensor, num_classes=-1):
    """int64 one-hot vectors along a new last dim.

    >>> import gradlib
    >>> gradlib.nn.functional.one_hot(gradlib.tensor([0, 2]), 3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    if tensor.dtype is not dtypes.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    backend = tensor._device._backend
    backend.check_bounds(tensor._array, 0, None, "one_hot: class value",
                         lambda: RuntimeError("Class values must be non-negative."))
    if num_classes == -1:
        if not tensor.numel():
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(tensor.max()) + 1
    else:
        backend.check_bounds(tensor._array, None, num_classes, f"one_hot: class value for {num_classes} classes",
                             lambda: RuntimeError("Class values must be smaller than num_classes."))
    classes = _creation.arange(num_classes, device=tensor.device)
    return (tensor.unsqueeze(-1) == classes).long()


def pad(input, pad, mode="constant", value=None):
    """Pad the last dims: ``pad`` lists (before, after) pairs starting from the last dim; modes 'constant',
    'reflect', 'replicate', 'circular'.

    >>> import gradlib
    >>> gradlib.nn.functional.pad(gradlib.tensor([[1., 2.]]), (1, 2))
    tensor([[0., 1., 2., 0., 0.]])
    """
    require_tensor("pad", input)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)]
    if len(pairs) > input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.ndim}")
    widths = [(0, 0)] * (input.ndim - len(pairs)) + list(reversed(pairs))
    for size, (before, after) in zip(input.shape, widths):
        if size + before + after < 0:  # negative padding crops; PyTorch narrows, refusing a negative length
            raise RuntimeError("narrow(): length must be non-negative.")
    if mode == "constant":
        return _nn.ConstantPadNdBackward0.apply(input, tuple(widths), 0 if value is None else value)
    out = input
    backend = input._device._backend
    for axis in range(input.ndim - len(pairs), input.ndim):
        before, after = widths[axis]
        if not before and not after:
            continue
        size = out.shape[axis]
        positions = list(range(-before, size + after))
        if mode == "reflect":
            if before >= size or after >= size:
                raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input "
                                   f"dimension, but got: padding ({before}, {after}) at dimension {axis} of input "
                                   f"{list(input.shape)}")
            index = [abs(p) if p < size else 2 * (size - 1) - p for p in positions]
        elif mode == "replicate":
            index = [min(max(p, 0), size - 1) for p in positions]
        elif mode == "circular":
            index = [p % size for p in positions]
        else:
            raise NotImplementedError(f"Unrecognised padding mode {mode}")
        array_index = backend.asarray(index, "int64", input.device)
        out = out[(slice(None),) * axis + (array_index,)]
    return out


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p over dim, eps).

    >>> import gradlib
    >>> gradlib.nn.functional.normalize(gradlib.tensor([[3., 4.]]))
    tensor([[0.6000, 0.8000]])
    """
    require_tensor("normalize", input, attribute="norm")  # PyTorch's Python code reads input.norm first
    norm = _red.norm(input, p, dim, keepdim=True)
    return input / norm.clamp(min=eps).expand_as(input)


@numpy_names
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """x1 . x2 / (max(||x1||, eps) max(||x2||, eps)) along ``dim``.

    >>> import gradlib
    >>> gradlib.nn.functional.cosine_similarity(gradlib.tensor([[1., 0.]]), gradlib.tensor([[1., 1.]]))
    tensor([0.7071])
    """
    if x1._device is not x2._device:  # PyTorch expands both first: a 0-d CPU side is no scalar by then
        check_tensor_iterator_devices(x1, x2, cpu_scalars=1 if x1.ndim == x2.ndim == 0 else 0)
    # As PyTorch: integer inputs are promoted and both sides broadcast before the norms are taken.
    common = dtypes.result_type(x1.dtype, x1.ndim == 0, x2.dtype, x2.ndim == 0)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{common.scalar_type}")
    shape = broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
    x1 = _shape.broadcast_to(x1.to(common), shape)
    x2 = _shape.broadcast_to(x2.to(common), shape)
    norm1 = _red.norm(x1, 2, dim, keepdim=True).clamp(min=eps)
    norm2 = _red.norm(x2, 2, dim, keepdim=True).clamp(min=eps)
    return ((x1 / norm1) * (x2 / norm2)).sum(dim)
