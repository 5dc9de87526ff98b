"""``gradlib.nn.functional``: activations, losses, convolution and pooling, normalization, embeddings.

Most functions compose differentiable gradlib ops (so every order of gradient works); softmax and
log_softmax are fused nodes for numerical stability; losses follow PyTorch's reductions and special cases
(``ignore_index``, class weights, label smoothing, probability targets). The losses live in ``nn/_losses.py``,
convolution and pooling in ``nn/_conv_pool.py``, attention in ``nn/_attention.py``; this module re-exports them.
"""
import math
import warnings

from .. import _autocast, _creation, _torch_function, dtypes
from .._numpy_names import numpy_names
from ..autograd import capture as _capture
from ..autograd import grad_mode
from ..backends import device_guard, quiet as _quiet
from . import (_attention, _conv_pool, _ctc, _dropout, _fold, _gumbel, _interpolate, _losses, _margin_losses,
               _norms, _pool_more)
from . import _bag_args, _bilinear, _conv3d, _grid_sample
from ..ops import activation as _activation
from ..ops import normalization as _normalization
from ..ops import upsample as _upsample
from ..ops import distance as _distance, nn_ops as _nn, reduction as _red, shape as _shape
from ..ops._args import refuse_integral, require_int_list, require_tensor
from ..ops._broadcast import broadcast_shapes
from ..ops._op import check_argument_devices, check_tensor_iterator_devices
from ..ops.activation import glu, hardshrink, hardsigmoid, hardswish, prelu, rrelu, softshrink, threshold
from ..ops.activation import celu, elu, gelu, hardtanh, leaky_relu, logsigmoid, mish, relu6, selu, silu, softplus
from ..ops.indexing import first_outside
from ..ops.elementwise import relu as _relu, sigmoid, tanh
from ..ops import gather_scatter as _gather_scatter, statistics as _statistics
from ..ops.comparison import ne
from ..ops.selection import where
from ..ops import complex_support

__all__ = ["relu", "relu_", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus", "mish", "sigmoid",
           "tanh", "logsigmoid", "hardtanh", "relu6", "softmax", "log_softmax", "linear", "cross_entropy",
           "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "kl_div", "conv1d", "conv2d", "conv_transpose2d", "max_pool2d",
           "avg_pool2d", "adaptive_avg_pool2d", "dropout", "layer_norm", "batch_norm", "group_norm", "embedding",
           "embedding_bag",
           "one_hot", "pad", "normalize", "cosine_similarity", "hardshrink", "softshrink", "hardsigmoid",
           "hardswish", "threshold", "threshold_", "glu", "prelu", "rrelu", "rrelu_", "softsign", "tanhshrink",
           "softmin", "elu_", "celu_", "selu_", "hardtanh_", "leaky_relu_", "scaled_dot_product_attention",
           "multi_head_attention_forward", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
           "pixel_shuffle", "pixel_unshuffle", "conv_transpose1d", "max_pool1d", "avg_pool1d", "adaptive_avg_pool1d",
           "dropout1d", "dropout2d", "dropout3d", "pairwise_distance", "pdist", "margin_ranking_loss", "hinge_embedding_loss",
           "soft_margin_loss", "multilabel_soft_margin_loss", "cosine_embedding_loss", "triplet_margin_loss",
           "triplet_margin_with_distance_loss",
           "poisson_nll_loss", "gaussian_nll_loss", "instance_norm", "local_response_norm",
           "alpha_dropout", "feature_alpha_dropout", "channel_shuffle", "unfold", "fold", "rms_norm",
           "multi_margin_loss", "multilabel_margin_loss", "gumbel_softmax", "ctc_loss"] \
    + _pool_more.__all__ + _grid_sample.__all__ + _conv3d.__all__ + _bilinear.__all__

scaled_dot_product_attention = _attention.scaled_dot_product_attention
dropout = _dropout.dropout
dropout1d = _dropout.dropout1d
dropout2d = _dropout.dropout2d
dropout3d = _dropout.dropout3d
alpha_dropout = _dropout.alpha_dropout
feature_alpha_dropout = _dropout.feature_alpha_dropout
instance_norm = _norms.instance_norm
rms_norm = _norms.rms_norm
multi_margin_loss = _margin_losses.multi_margin_loss
multilabel_margin_loss = _margin_losses.multilabel_margin_loss
gumbel_softmax = _gumbel.gumbel_softmax
ctc_loss = _ctc.ctc_loss
local_response_norm = _norms.local_response_norm
channel_shuffle = _fold.channel_shuffle
unfold = _fold.unfold
fold = _fold.fold
multi_head_attention_forward = _attention.multi_head_attention_forward
nll_loss = _losses.nll_loss
cross_entropy = _losses.cross_entropy
mse_loss = _losses.mse_loss
l1_loss = _losses.l1_loss
smooth_l1_loss = _losses.smooth_l1_loss
huber_loss = _losses.huber_loss
binary_cross_entropy = _losses.binary_cross_entropy
binary_cross_entropy_with_logits = _losses.binary_cross_entropy_with_logits
kl_div = _losses.kl_div
margin_ranking_loss = _losses.margin_ranking_loss
hinge_embedding_loss = _losses.hinge_embedding_loss
soft_margin_loss = _losses.soft_margin_loss
multilabel_soft_margin_loss = _losses.multilabel_soft_margin_loss
cosine_embedding_loss = _losses.cosine_embedding_loss
triplet_margin_loss = _losses.triplet_margin_loss
triplet_margin_with_distance_loss = _losses.triplet_margin_with_distance_loss
poisson_nll_loss = _losses.poisson_nll_loss
gaussian_nll_loss = _losses.gaussian_nll_loss
conv2d = _conv_pool.conv2d
conv1d = _conv_pool.conv1d
conv_transpose2d = _conv_pool.conv_transpose2d
conv_transpose1d = _conv_pool.conv_transpose1d
max_pool1d = _conv_pool.max_pool1d
adaptive_max_pool1d, adaptive_max_pool2d = _pool_more.adaptive_max_pool1d, _pool_more.adaptive_max_pool2d
adaptive_max_pool3d = _pool_more.adaptive_max_pool3d
max_unpool1d, max_unpool2d, max_unpool3d = _pool_more.max_unpool1d, _pool_more.max_unpool2d, _pool_more.max_unpool3d
lp_pool1d, lp_pool2d, lp_pool3d = _pool_more.lp_pool1d, _pool_more.lp_pool2d, _pool_more.lp_pool3d
adaptive_max_pool1d_with_indices = _pool_more.adaptive_max_pool1d_with_indices
adaptive_max_pool2d_with_indices = _pool_more.adaptive_max_pool2d_with_indices
adaptive_max_pool3d_with_indices = _pool_more.adaptive_max_pool3d_with_indices
max_pool1d_with_indices = _pool_more.max_pool1d_with_indices
max_pool2d_with_indices = _pool_more.max_pool2d_with_indices
max_pool3d_with_indices = _pool_more.max_pool3d_with_indices
affine_grid, grid_sample = _grid_sample.affine_grid, _grid_sample.grid_sample
conv3d, max_pool3d, avg_pool3d = _conv3d.conv3d, _conv3d.max_pool3d, _conv3d.avg_pool3d
adaptive_avg_pool3d = _conv3d.adaptive_avg_pool3d
conv_transpose3d = _conv3d.conv_transpose3d
bilinear = _bilinear.bilinear
avg_pool1d = _conv_pool.avg_pool1d
adaptive_avg_pool1d = _conv_pool.adaptive_avg_pool1d
max_pool2d = _conv_pool.max_pool2d
avg_pool2d = _conv_pool.avg_pool2d
adaptive_avg_pool2d = _conv_pool.adaptive_avg_pool2d
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
    """In-place ``threshold`` (``torch.threshold_`` is this function, as in PyTorch).
    TypeError when ``input`` is not a Tensor.

    >>> import gradlib
    >>> gradlib.threshold_(gradlib.tensor([-1., 2.]), 0.5, 9.)
    tensor([9., 2.])
    """
    require_tensor("threshold_", input)
    return _activation.threshold(input, threshold, value, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """In-place ``rrelu`` (``torch.rrelu_`` is this function, as in PyTorch).
    TypeError when ``input`` is not a Tensor.

    >>> import gradlib
    >>> gradlib.rrelu_(gradlib.tensor([-1., 2.]))
    tensor([-0.2292,  2.0000])
    """
    require_tensor("rrelu_", input)
    return _activation.rrelu(input, lower, upper, training, inplace=True, generator=generator)


def elu_(input, alpha=1.0):
    """In-place ``elu``."""
    require_tensor("elu_", input)
    return elu(input, alpha, inplace=True)


def celu_(input, alpha=1.0):
    """In-place ``celu`` (``torch.celu_`` is this function, as in PyTorch).
    TypeError when ``input`` is not a Tensor.

    >>> import gradlib
    >>> gradlib.celu_(gradlib.tensor([-1., 2.]))
    tensor([-0.6321,  2.0000])
    """
    require_tensor("celu_", input)
    return celu(input, alpha, inplace=True)


def selu_(input):
    """In-place ``selu`` (``torch.selu_`` is this function, as in PyTorch).
    TypeError when ``input`` is not a Tensor.

    >>> import gradlib
    >>> gradlib.selu_(gradlib.tensor([-1., 2.]))
    tensor([-1.1113,  2.1014])
    """
    require_tensor("selu_", input)
    return selu(input, inplace=True)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place ``hardtanh``."""
    require_tensor("hardtanh_", input)
    return hardtanh(input, min_val, max_val, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """In-place ``leaky_relu``."""
    require_tensor("leaky_relu_", input)
    return leaky_relu(input, negative_slope, inplace=True)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along ``dim`` (PyTorch's implicit dim when None). Mirrors ``torch.nn.functional.softmin``.

    >>> import gradlib
    >>> gradlib.nn.functional.softmin(gradlib.tensor([0., 0., 1e4]), dim=0)
    tensor([0.5000, 0.5000, 0.0000])
    """
    if dim is None:
        require_tensor("softmin", input, attribute="dim")  # PyTorch's input.dim() (else: -input's TypeError)
        dim = _implicit_softmax_dim("softmin", input.ndim, _stacklevel)
    return softmax(-input, dim, dtype=dtype)


def _implicit_softmax_dim(name, ndim, stacklevel):
    """PyTorch's ``_get_softmax_dim``: the deprecation warning, then dim 0 for a 0-, 1- or 3-D input, else 1."""
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as "
                  "an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim``, computed stably (``gradlib.softmax`` with PyTorch's Python-level
    argument errors).

    >>> import gradlib
    >>> gradlib.nn.functional.softmax(gradlib.tensor([1., 2., 3.]), dim=0)
    tensor([0.0900, 0.2447, 0.6652])
    """
    require_tensor("softmax", input, attribute="softmax" if dim is not None else "dim")  # Python code in PyTorch
    if dim is None:
        dim = _implicit_softmax_dim("softmax", input.ndim, _stacklevel)
    return _nn.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along ``dim``, via the log-sum-exp (finite for any finite x).

    >>> import gradlib
    >>> gradlib.nn.functional.log_softmax(gradlib.tensor([0., 1e4]), dim=0)
    tensor([-10000.,      0.])
    """
    require_tensor("log_softmax", input, attribute="log_softmax" if dim is not None else "dim")
    if dim is None:
        dim = _implicit_softmax_dim("log_softmax", input.ndim, _stacklevel)
    return _nn.log_softmax(input, dim, dtype=dtype)


def linear(input, weight, bias=None):
    """input @ weight.T + bias (one graph node).

    >>> import gradlib
    >>> gradlib.nn.functional.linear(gradlib.ones(1, 2), gradlib.tensor([[1., 2.]]), gradlib.tensor([0.5]))
    tensor([[3.5000]])
    """
    require_tensor("linear", input)
    return _nn.linear(input, weight, bias)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    return _interpolate.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor,
                                    antialias, area_pool=adaptive_avg_pool2d)


interpolate.__doc__ = _interpolate.interpolate.__doc__


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of ``interpolate`` (PyTorch's ``nn.functional.upsample``; it warns so)."""
    _warn_upsample("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """``interpolate(..., mode='nearest')`` (PyTorch's deprecated ``upsample_nearest``; it warns so)."""
    _warn_upsample("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """``interpolate(..., mode='bilinear', align_corners=True)`` (PyTorch's deprecated ``upsample_bilinear``; it
    warns so)."""
    _warn_upsample("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def _warn_upsample(name):
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.", UserWarning,
                  stacklevel=3)


@numpy_names
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of x1 - x2 + eps along the last dim. Mirrors ``torch.nn.functional.pairwise_distance``.

    >>> import gradlib
    >>> gradlib.nn.functional.pairwise_distance(gradlib.tensor([[1., 2.]]), gradlib.tensor([[0., 0.]]))
    tensor([2.2361])
    """
    return _distance.pairwise_distance(x1, x2, p, eps, keepdim)


def pdist(input, p=2):
    """The p-norm distance between each pair of rows ``i < j`` of ``input`` ``(N, M)``: ``(N * (N - 1) / 2,)``.
    Mirrors ``torch.nn.functional.pdist`` (``torch.pdist``; see ``gradlib.ops.distance.pdist`` for errors).

    >>> import gradlib
    >>> gradlib.nn.functional.pdist(gradlib.tensor([[0., 0.], [3., 4.]]))
    tensor([5.])
    """
    return _distance.pdist(input, p)


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
    if _autocast.active:
        input, weight, bias = _autocast.fp32_cuda(input, weight, bias)
    require_tensor("layer_norm", input)
    if isinstance(normalized_shape, int):  # PyTorch's argument parser (nn.LayerNorm makes a tuple of an int)
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int")
    normalized_shape = tuple(normalized_shape)
    if not normalized_shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    _check_norm_devices("_native_layer_norm", input, weight, bias)  # PyTorch's kernel checks shapes after
    if input._device.type == "cpu" and not input.dtype.is_floating_point and any(
            t is not None and t.dtype is not input.dtype for t in (weight, bias)):
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
    refuse_integral("LayerNormKernelImpl", input)
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and tuple(tensor.shape) != normalized_shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(tensor.shape)} and normalized_shape = {list(normalized_shape)}")
    if tuple(input.shape[-len(normalized_shape):]) != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size"
                           f"{list(input.shape)}")
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
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps, check_eps=True)


def _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps, check_eps=False):
    """``batch_norm``; ``check_eps``: refuse eps as ``torch.nn.functional.batch_norm``'s Python code does
    (``torch.batch_norm``, ``native_batch_norm`` and ``instance_norm`` take any eps, 0 included)."""
    require_tensor("batch_norm", input)
    refuse_integral("batch_norm", input)
    if training:
        count = input.shape[0] * math.prod(input.shape[2:])  # values per channel (also with no channels)
        if count == 1:  # PyTorch's check (an empty batch passes and gives an empty output)
            raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                             f"{input.shape!r}")
    if check_eps and training and eps <= 0.0:  # PyTorch's checks: 0 would divide by a zero variance
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if check_eps and eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
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
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError(f"{'running_mean' if running_mean is None else 'running_var'} must be defined in "
                           f"evaluation mode")
    if not training:
        return _normalization.batch_norm(input, weight, bias, running_mean, running_var, False, eps)
    if count == 0:  # an empty batch has no statistics: PyTorch leaves the running ones as they are
        with warnings.catch_warnings():  # (NumPy's "Mean of empty slice": PyTorch warns nothing)
            warnings.simplefilter("ignore", RuntimeWarning)
            return _normalization.batch_norm(input, weight, bias, None, None, True, eps)[0]
    out, mean, variance = _normalization.batch_norm(input, weight, bias, None, None, True, eps)
    with grad_mode.no_grad():
        for stat, batch in ((running_mean, mean), (running_var, variance * (count / (count - 1)))):
            if stat is None:
                continue
            if stat.dtype is dtypes.float16:  # a float16 input's statistics are float32: round once, as PyTorch
                stat.copy_(stat.float().mul_(1 - momentum).add_(batch * momentum))
            else:
                stat.mul_(1 - momentum).add_(batch * momentum)
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalize each group of channels of each sample, then scale and shift per channel.

    >>> import gradlib
    >>> gradlib.nn.functional.group_norm(gradlib.tensor([[1., 3.]]), 1)
    tensor([[-1.0000,  1.0000]])
    """
    if _autocast.active:
        input, weight, bias = _autocast.fp32_cuda(input, weight, bias)
    require_tensor("group_norm", input, attribute="dim")  # PyTorch's Python code reads input.dim first
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    # PyTorch's _verify_batch_size on the (N * C / G, G, *) view (a zero num_groups fails its division)
    view = [input.shape[0] * input.shape[1] // num_groups, num_groups] + list(input.shape[2:])
    if view[0] * math.prod(view[2:]) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {view}")
    c = input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    _check_norm_devices("_native_group_norm", input, weight, bias)
    refuse_integral("GroupNormKernelImpl", input)
    for name, parameter in (("weight", weight), ("bias", bias)):
        if parameter is not None and (parameter.ndim != 1 or parameter.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {list(parameter.shape)} and input of shape "
                               f"{list(input.shape)}")
    return _normalization.group_norm(input, num_groups, weight, bias, eps)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of ``weight`` for the integer ``input``; the ``padding_idx`` row gets no gradient; with
    ``scale_grad_by_freq`` a row's gradient is divided by how often the batch picks it. ``sparse=True`` makes
    the gradient of a leaf ``weight`` a sparse COO tensor (uncoalesced: one row per looked-up index in order,
    ``padding_idx`` left out), as PyTorch; with ``scale_grad_by_freq`` its backward raises PyTorch's RuntimeError.

    >>> import gradlib
    >>> gradlib.nn.functional.embedding(gradlib.tensor([1, 0]), gradlib.tensor([[0., 0.], [1., 2.]]))
    tensor([[1., 2.],
            [0., 0.]])
    """
    complex_support.check("embedding", weight)
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
    return _nn.EmbeddingBackward0.apply(weight, input._array, padding_idx, bool(scale_grad_by_freq), bool(sparse))


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Sums, means or maxima of bags of ``weight`` rows, as ``torch.nn.functional.embedding_bag``.

    ``input`` is 2-D ``(B, N)`` (B bags of N indices; ``offsets`` must be None) or 1-D ``(N,)`` with 1-D integer
    ``offsets`` giving where each bag starts (``include_last_offset``: the last entry is the end, not a bag).
    ``mode`` is 'sum', 'mean' or 'max'; ``per_sample_weights`` (the shape of ``input``, floating) scale each
    picked row, 'sum' only. Entries equal to ``padding_idx`` are left out of their bag (and of the mean's count);
    an empty bag gives zeros. Returns ``(B, embedding_dim)`` in ``weight``'s dtype, ``grad_fn=<EmbeddingBagBackward0>``;
    gradients reach ``weight`` (and ``per_sample_weights``). In 'max' mode, as PyTorch's kernel, a bag's first entry
    stands unless a later one is strictly greater (a NaN first entry stays, a later NaN never wins) and only the
    picked entry of tied maxima gets the gradient. The gradient of ``per_sample_weights`` has no derivative
    (RuntimeError under a second backward, as PyTorch). ``sparse=True`` ('sum' and 'mean') gives ``weight`` a
    sparse COO gradient, as PyTorch: one row per looked-up index (padding left out), the bag's gradient scaled by
    its weight or size. Raises ValueError for per_sample_weights not of the input's shape, a weight that is not 2-D,
    offsets with a 2-D input, no offsets with a 1-D input, or an unknown mode; RuntimeError for floating offsets and
    (on the CPU, as PyTorch's kernel) offsets not starting at 0 or past the input's end; NotImplementedError for
    per_sample_weights outside 'sum' (PyTorch's messages).

    >>> import gradlib
    >>> weight = gradlib.arange(10.).view(5, 2)
    >>> gradlib.nn.functional.embedding_bag(gradlib.tensor([1, 2, 4, 4]), weight, gradlib.tensor([0, 3]), mode="sum")
    tensor([[14., 17.],
            [ 8.,  9.]])
    """
    require_tensor("embedding_bag", input, "indices", 2)
    if weight.dtype is dtypes.int64 and input.is_floating_point():  # the old order (weight, input), as PyTorch
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, "
                      "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.", UserWarning,
                      stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(input.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it "
                         f"must have the same shape as the input ({input.shape})")
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}")
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
        _bag_args.check_offsets(input, offsets)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  f"GitHub.")
    if not weight.dtype.is_floating_point:
        raise RuntimeError(f"Expected tensor for argument #1 'weight' to have one of the following scalar types: "
                           f"Half, BFloat16, Float, Double; but got {complex_support.type_name(weight)} instead "
                           f"(while checking arguments for embedding_bag)")
    rows_count = weight.shape[0]
    if padding_idx is not None and not -rows_count <= padding_idx < rows_count:
        raise RuntimeError(f"padding_idx must be within the number of embeddings, -{rows_count} through "
                           f"{rows_count - 1}, but got {padding_idx}")
    starts = offsets[:-1] if include_last_offset else offsets
    count = starts.shape[0]
    rows = embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)
    # bag of each index: how many bag starts are at or before its position (computed on the device)
    positions = _creation.arange(input.shape[0], dtype=starts.dtype, device=input.device)
    bag_of = _statistics.bucketize(positions, starts, right=True) - 1
    kept = None if padding_idx is None else ne(input, padding_idx % weight.shape[0])
    if per_sample_weights is not None:  # its gradient has no derivative in PyTorch: the node refuses one
        rows = rows * _nn.EmbeddingBagPerSampleWeights.apply(per_sample_weights).unsqueeze(1).to(rows.dtype)
    dim = weight.shape[1]
    empty = _creation.zeros(count, dim, dtype=weight.dtype, device=weight.device)
    ones = _creation.ones(input.shape[0], dtype=weight.dtype, device=weight.device)
    sizes = _gather_scatter.index_add(_creation.zeros(count, dtype=weight.dtype, device=weight.device), 0, bag_of,
                                ones if kept is None else where(kept, ones, 0.0))
    if mode == "max":
        bags = where(sizes.unsqueeze(1) > 0, _bag_maxima(rows, bag_of, kept, count), 0.0)
    else:
        if kept is not None:
            rows = where(kept.unsqueeze(1), rows, 0.0)
        bags = _gather_scatter.index_add(empty, 0, bag_of, rows)
        if mode == "mean":
            bags = bags / sizes.clamp(min=1).unsqueeze(1)
    return _nn.EmbeddingBagBackward0.apply(bags)


def _bag_maxima(rows, bag_of, kept, count):
    """``(count, D)`` maxima of the ``(N, D)`` picked ``rows`` per bag, as PyTorch's max kernel finds them, column
    by column: the bag's first (non-padding) entry, then each later one strictly greater. So a NaN first entry stays,
    a later NaN never wins, and of tied maxima the first is picked: it alone gets the gradient (the result is a
    ``gather`` of ``rows``, differentiable). Empty bags pick nothing (the caller writes zeros). All on the device."""
    total, dim = rows.shape
    if not total:  # zeros, in the graph as PyTorch's result is
        return rows.sum(0).expand(count, dim)
    values = rows.detach()
    bag_of = bag_of.long()
    positions = _creation.arange(total, device=rows.device)
    spread = bag_of.unsqueeze(1).expand(-1, dim)
    counted = values == values  # not NaN
    if kept is not None:
        positions_kept = where(kept, positions, total)
        counted = counted & kept.unsqueeze(1)
    else:
        positions_kept = positions
    first = _creation.full((count,), total, device=rows.device).scatter_reduce(0, bag_of, positions_kept, "amin")
    candidates = where(counted, values, -math.inf)
    maxima = _creation.full((count, dim), -math.inf, dtype=rows.dtype, device=rows.device)
    maxima = maxima.scatter_reduce(0, spread, candidates, "amax")
    winners = counted & (values == maxima.index_select(0, bag_of))
    picked = where(winners, positions.unsqueeze(1), total)
    picked = _creation.full((count, dim), total, device=rows.device).scatter_reduce(0, spread, picked, "amin")
    first_row = first.clamp(max=total - 1)
    first_nan = values.index_select(0, first_row) != values.index_select(0, first_row)  # a NaN first entry stays
    picked = where(first_nan & (first < total).unsqueeze(1), first_row.unsqueeze(1), picked)
    return rows.gather(0, picked.clamp(max=total - 1))


def _embedding_renorm(weight, input, max_norm, norm_type):
    """Scale the rows of ``weight`` that ``input`` picks and whose ``norm_type`` norm exceeds ``max_norm`` to
    norm ``max_norm``, in place and outside the graph (PyTorch's embedding_renorm_), all on the device: the rows
    used are marked by a scatter, not listed on the host."""
    array = weight._array
    xp = weight._device._backend.xp
    quiet = _quiet.enter()  # rows of 1e38: inf norms, without NumPy's overflow warning (PyTorch's kernel)
    try:
        if _capture.capturing():  # each replay renormalizes the rows that replay's indices pick
            _capture.recorder.call(_renorm_rows, array, input._array, xp, weight._device, max_norm, norm_type)
        else:
            _renorm_rows(array, input._array, xp, weight._device, max_norm, norm_type)
    finally:
        _quiet.leave(quiet)
    weight._bump_version()


def _renorm_rows(array, indices, xp, device, max_norm, norm_type):
    """``_embedding_renorm``'s arithmetic on the raw arrays."""
    with device_guard(device):
        used = xp.zeros(array.shape[0], dtype=bool)
        used[indices.reshape(-1)] = True
        magnitude = xp.abs(array)
        if norm_type == math.inf:
            norms = magnitude.max(axis=1)
        else:
            norms = (magnitude ** norm_type).sum(axis=1) ** (1.0 / norm_type)
        scale = xp.where(used & (norms > max_norm), max_norm / (norms + 1e-7), 1.0).astype(array.dtype)
        array *= scale[:, None]


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
    if not tensor.numel() and num_classes <= 0:  # PyTorch's check of an empty input comes first, for any num_classes <= 0
        raise RuntimeError("Can not infer total number of classes from empty tensor.")
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    else:
        backend.check_bounds(tensor._array, None, num_classes, f"one_hot: class value for {num_classes} classes",
                             lambda: RuntimeError("Class values must be smaller than num_classes."))
    classes = _creation.arange(num_classes, device=tensor.device)
    return (tensor.unsqueeze(-1) == classes).long()


def _check_cropped_sizes(input, widths):
    for size, (before, after) in zip(input.shape, widths):
        if size + before + after < 0:  # negative padding crops; PyTorch narrows, refusing a negative length
            raise RuntimeError("narrow(): length must be non-negative.")


def _check_replicate_sizes(input, widths, count):
    """PyTorch's replication kernels' size checks: a 1-d pad must leave W >= 1, a 2-d one H or W >= 1; then the
    output's allocation refuses a negative size."""
    shape = list(input.shape)
    outs = [size + before + after for size, (before, after) in zip(shape, widths)]
    if count == 1 and outs[-1] < 1:
        raise RuntimeError(f"input (W: {shape[-1]}) is too small. Calculated output W: {outs[-1]}")
    if count == 2 and outs[-1] < 1 and outs[-2] < 1:
        raise RuntimeError(f"input (H: {shape[-2]}, W: {shape[-1]} ) is too small. Calculated output H: {outs[-2]} "
                           f"W: {outs[-1]}")
    for size in outs:
        if size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {size}: {outs}")


def _circular_index(size, before, after):
    """The source of each output cell of a circular pad along one dim: PyTorch first copies the input cropped by
    the negative pads, then wraps around that (cropped) centre, so positions count modulo its length."""
    start = max(-before, 0)
    centre = size - start - max(-after, 0)
    if centre <= 0:
        return [p % size for p in range(-before, size + after)]
    return [start + (k - max(before, 0)) % centre for k in range(size + before + after)]


def pad(input, pad, mode="constant", value=None):
    """Pad the last dims: ``pad`` lists (before, after) pairs starting from the last dim; modes 'constant',
    'reflect', 'replicate', 'circular'.

    >>> import gradlib
    >>> gradlib.nn.functional.pad(gradlib.tensor([[1., 2.]]), (1, 2))
    tensor([[0., 1., 2., 0., 0.]])
    """
    require_tensor("pad", input)
    require_int_list("pad", "pad", pad, 2)
    if mode != "constant" and mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    pairs = [(int(pad[i]), int(pad[i + 1])) for i in range(0, len(pad), 2)]
    if len(pairs) > input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.ndim}")
    widths = [(0, 0)] * (input.ndim - len(pairs)) + list(reversed(pairs))
    if mode != "constant" and value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    if mode != "constant" and (input.ndim not in (len(pad) // 2 + 1, len(pad) // 2 + 2) or len(pad) > 6):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\nSupported combinations for "
            "non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: "
            "padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode == "circular":  # PyTorch's circular pad checks each padded dim (outermost first) before anything else
        for size, (before, after) in zip(input.shape[input.ndim - len(pairs):], widths[input.ndim - len(pairs):]):
            if before > size or after > size:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if size + before + after < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
    if mode in ("constant", "circular"):
        _check_cropped_sizes(input, widths)
    if mode == "constant":
        return _nn.ConstantPadNdBackward0.apply(input, tuple(widths), 0 if value is None else value)
    count = len(pairs)
    if mode != "circular" and 0 in input.shape[1 if input.ndim == count + 2 else 0:]:
        raise RuntimeError(f"Expected {count + 1}D or {count + 2}D (batch mode) tensor with possibly 0 batch size "
                           f"and other non-zero dimensions for input, but got: {list(input.shape)}")
    if mode == "reflect":  # PyTorch checks the last dim first, naming the pad's argument number (#4, #6, #8)
        for k, axis in enumerate(range(input.ndim - 1, input.ndim - 1 - len(pairs), -1)):
            before, after = widths[axis]
            if before >= input.shape[axis] or after >= input.shape[axis]:
                raise RuntimeError(f"Argument #{4 + 2 * k}: Padding size should be less than the corresponding input "
                                   f"dimension, but got: padding ({before}, {after}) at dimension {axis} of input "
                                   f"{list(input.shape)}")
    if mode == "replicate":
        _check_replicate_sizes(input, widths, count)
    _check_cropped_sizes(input, widths)
    indices = []
    sizes = list(input.shape)
    out = input
    backend = input._device._backend
    for axis in range(input.ndim - len(pairs), input.ndim):
        before, after = widths[axis]
        if not before and not after:
            continue
        size = sizes[axis]
        positions = list(range(-before, size + after))
        if mode == "reflect":
            index = [abs(p) if p < size else 2 * (size - 1) - p for p in positions]
        elif mode == "replicate":
            index = [min(max(p, 0), size - 1) for p in positions]
        else:
            index = _circular_index(size, before, after)
        array_index = backend.asarray(index, "int64", input.device)
        sizes[axis] = len(index)
        if mode == "circular":  # PyTorch copies slices (its graph ends in CopySlices); here, indexing per dim
            out = out[(slice(None),) * axis + (array_index,)]
        else:
            indices.append((axis, array_index))
    if mode == "circular":
        return out
    node = _nn.INDEX_PADS[mode][min(max(count, 1), 3) - 1]  # named by the count of padded dims, as PyTorch
    return node.apply(input, tuple(indices))


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


_torch_function.install(__name__)  # last: the public functions above dispatch to __torch_function__ overrides
