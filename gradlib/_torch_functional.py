"""The ``torch.*`` spellings of the ``nn.functional`` ops (``torch.conv2d``, ``torch.dropout(input, p, train)``,
``torch.embedding(weight, indices)``, ``torch.batch_norm(input, weight, bias, running_mean, running_var, ...)``,
``torch.kl_div(input, target, reduction=1)``, ...): PyTorch's native functions, with their own argument orders,
defaults and integer reductions.

Each is a thin adapter over gradlib's ``nn.functional`` implementation (one implementation of the math): it
parses its arguments as PyTorch's parser does, against PyTorch's native schema (``_arg_parser.Schema``: its
TypeErrors for counts, missing, repeated and unknown arguments and each argument's type), turns PyTorch's
native spellings into the functional ones (``reduction=1`` is ``'mean'``, ``padding_idx=-1`` is none,
``stride=()`` is the kernel size, ``interpolation_mode=0`` is ``'bilinear'``) and calls the functional op, so
values, gradients and ``grad_fn`` names are the functional op's (PyTorch's functional ops call these very
functions). ``native_layer_norm`` and ``native_batch_norm`` add the saved statistics of their 3-tuples. The
losses, embeddings, padding and sampling grids are in ``_torch_functional_losses.py``.
"""
import functools
import sys

from . import _arg_parser, _creation
from .autograd import grad_mode
from .nn import _conv_pool, _dropout
from .nn import functional as F
from .ops import distance as _distance

__all__ = []  # filled by @_native

def _native(*schemas, printed=()):
    """The public function over ``function``: arguments parsed against PyTorch's ``schemas`` (overloads tried in
    order; ``printed`` is PyTorch's list of them for its TypeError), then passed by name."""
    def decorate(function):
        name = function.__name__
        parsed = tuple(_arg_parser.Schema(name, text) for text in schemas)

        @functools.wraps(function)
        def public(*args, **kwargs):
            return function(**_arg_parser.bind_native(name, parsed, printed, args, kwargs))

        sys.modules[function.__module__].__all__.append(name)
        return public
    return decorate


# ----- convolutions ------------------------------------------------------------------------------------------------
def _conv_overloads():
    return tuple(f"(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, {padding}, "
                 "tuple of ints dilation = 1, int groups = 1)"
                 for padding in ("tuple of ints padding = 0", 'str padding = "valid"'))


def _conv_schemas(size):
    return tuple(f"Tensor input, Tensor weight, Tensor? bias=None, SymInt[{size}] stride=1, {padding}, "
                 f"SymInt[{size}] dilation=1, SymInt groups=1" for padding in (f"SymInt[{size}] padding=0",
                                                                                "str padding=valid"))


_TRANSPOSED = ("Tensor input, Tensor weight, Tensor? bias=None, SymInt[{0}] stride=1, SymInt[{0}] padding=0, "
               "SymInt[{0}] output_padding=0, SymInt groups=1, SymInt[{0}] dilation=1")


def _padding(padding):
    return _conv_pool.check_padding_string(padding)


@_native(*_conv_schemas(1), printed=_conv_overloads())
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``torch.conv1d``: ``torch.nn.functional.conv1d`` (the same arguments; ``padding`` may be ``'valid'`` or
    ``'same'``). Input ``(N, C_in, L)`` or ``(C_in, L)``, weight ``(C_out, C_in / groups, k)``; floating dtypes.
    Errors: PyTorch's TypeError for arguments no overload takes, RuntimeError for mismatched shapes.

    >>> import gradlib
    >>> gradlib.conv1d(gradlib.ones(1, 1, 4), gradlib.ones(1, 1, 2))
    tensor([[[2., 2., 2.]]])
    """
    return F.conv1d(input, weight, bias, stride, _padding(padding), dilation, groups)


@_native(*_conv_schemas(2), printed=_conv_overloads())
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``torch.conv2d``: ``torch.nn.functional.conv2d``. Input ``(N, C_in, H, W)`` or ``(C_in, H, W)``, weight
    ``(C_out, C_in / groups, kH, kW)``; floating dtypes. Errors: PyTorch's TypeError for arguments no overload
    takes, RuntimeError for mismatched shapes.

    >>> import gradlib
    >>> gradlib.conv2d(gradlib.ones(1, 1, 3, 3), gradlib.ones(1, 1, 2, 2), padding="same").shape
    gradlib.Size([1, 1, 3, 3])
    """
    return F.conv2d(input, weight, bias, stride, _padding(padding), dilation, groups)


@_native(*_conv_schemas(3), printed=_conv_overloads())
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """``torch.conv3d``: ``torch.nn.functional.conv3d``. Input ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``,
    weight ``(C_out, C_in / groups, kD, kH, kW)``; floating dtypes. Errors: PyTorch's TypeError for arguments no
    overload takes, RuntimeError for mismatched shapes.

    >>> import gradlib
    >>> gradlib.conv3d(gradlib.ones(1, 1, 2, 2, 2), gradlib.ones(1, 1, 2, 2, 2))
    tensor([[[[[8.]]]]])
    """
    return F.conv3d(input, weight, bias, stride, _padding(padding), dilation, groups)


@_native(_TRANSPOSED.format(1))
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """``torch.conv_transpose1d``: ``torch.nn.functional.conv_transpose1d``. Input ``(N, C_in, L)``, weight
    ``(C_in, C_out / groups, k)``; floating dtypes. Errors: PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.conv_transpose1d(gradlib.ones(1, 1, 2), gradlib.ones(1, 1, 2))
    tensor([[[1., 2., 1.]]])
    """
    return F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)


@_native(_TRANSPOSED.format(2))
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """``torch.conv_transpose2d``: ``torch.nn.functional.conv_transpose2d``. Input ``(N, C_in, H, W)``, weight
    ``(C_in, C_out / groups, kH, kW)``; floating dtypes. Errors: PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.conv_transpose2d(gradlib.ones(1, 1, 1, 1), gradlib.ones(1, 2, 2, 2)).shape
    gradlib.Size([1, 2, 2, 2])
    """
    return F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)


@_native(_TRANSPOSED.format(3))
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """``torch.conv_transpose3d``: ``torch.nn.functional.conv_transpose3d``. Input ``(N, C_in, D, H, W)``, weight
    ``(C_in, C_out / groups, kD, kH, kW)``; floating dtypes. Errors: PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.conv_transpose3d(gradlib.ones(1, 1, 1, 1, 1), gradlib.ones(1, 1, 2, 2, 2)).shape
    gradlib.Size([1, 1, 2, 2, 2])
    """
    return F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)


@_native("Tensor input, Tensor weight, Tensor? bias, SymInt[] stride, SymInt[] padding, SymInt[] dilation, "
         "bool transposed, SymInt[] output_padding, SymInt groups")
def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """``torch.convolution``: the 1-, 2- or 3-d convolution (``transposed``: its transpose) that ``weight``'s
    dims name (``weight.dim() - 2``), every argument given. Errors: PyTorch's TypeError for wrong arguments;
    RuntimeError for a weight of other dims or mismatched shapes; NotImplementedError for complex input (PyTorch's
    ``convolution`` runs the real kernels directly, where ``conv1d`` & co. split complex numbers).

    >>> import gradlib
    >>> gradlib.convolution(gradlib.ones(1, 1, 3), gradlib.ones(1, 1, 2), None, [1], [0], [1], False, [0], 1)
    tensor([[[2., 2.]]])
    """
    dims = weight.ndim - 2
    if dims not in (1, 2, 3):
        raise RuntimeError(f"Expected {weight.ndim - 1}D (unbatched) or {weight.ndim}D (batched) input to "
                           f"conv{'_transpose' if transposed else ''}{max(dims, 0)}d, but got input of size: "
                           f"{list(input.shape)}")
    if input.dtype.is_complex:  # at::convolution goes straight to the real kernels (conv1d & co. split complex)
        raise NotImplementedError(f"\"{_real_kernel(dims, transposed, dilation)}\" not implemented for "
                                  f"'{input.dtype.scalar_type}'")
    if transposed:
        function = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[dims - 1]
        return function(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return (F.conv1d, F.conv2d, F.conv3d)[dims - 1](input, weight, bias, stride, padding, dilation, groups)


def _real_kernel(dims, transposed, dilation):
    """The CPU kernel at::convolution runs (its name in PyTorch's refusal of complex input)."""
    if transposed:
        return f"slow_conv_transpose{max(dims, 2)}d_out_cpu"
    if any(step != 1 for step in (dilation if isinstance(dilation, (list, tuple)) else [dilation])):
        return "slow_conv_dilated<>"
    return "compute_columns3d" if dims == 3 else "slow_conv2d_cpu"


# ----- dropout -----------------------------------------------------------------------------------------------------
_check_probability = _dropout.check_aten_probability


def _feature_dropout(input, p, train, inplace):
    if input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return _dropout._feature_dropout(input, p, train, inplace, input.ndim, "feature_dropout")


_DROPOUT_SCHEMA = "Tensor input, float p, bool train"


@_native(_DROPOUT_SCHEMA)
def dropout(input, p, train):
    """``torch.dropout``: ``torch.nn.functional.dropout(input, p, train)``; all three arguments required. Errors:
    RuntimeError for ``p`` outside [0, 1]; PyTorch's TypeError for wrong arguments (``train`` must be a bool).

    >>> import gradlib
    >>> gradlib.dropout(gradlib.tensor([1., 2.]), 0.5, False)
    tensor([1., 2.])
    """
    _check_probability(p)
    return F.dropout(input, p, train)


@_native(_DROPOUT_SCHEMA)
def alpha_dropout(input, p, train):
    """``torch.alpha_dropout``: ``torch.nn.functional.alpha_dropout(input, p, train)`` (SELU-preserving dropout).
    Errors: RuntimeError for ``p`` outside [0, 1]; PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.alpha_dropout(gradlib.tensor([1., 2.]), 0.5, False)
    tensor([1., 2.])
    """
    _check_probability(p)
    return F.alpha_dropout(input, p, train)


@_native(_DROPOUT_SCHEMA)
def feature_alpha_dropout(input, p, train):
    """``torch.feature_alpha_dropout``: ``torch.nn.functional.feature_alpha_dropout(input, p, train)`` (one draw
    per sample and channel). Errors: RuntimeError for ``p`` outside [0, 1]; PyTorch's TypeError for wrong
    arguments.

    >>> import gradlib
    >>> gradlib.feature_alpha_dropout(gradlib.ones(1, 2, 2), 0.5, False)
    tensor([[[1., 1.],
             [1., 1.]]])
    """
    _check_probability(p)
    return F.feature_alpha_dropout(input, p, train)


@_native(_DROPOUT_SCHEMA)
def feature_dropout(input, p, train):
    """``torch.feature_dropout``: dropout of whole channels (one draw per sample and channel of ``(N, C, ...)``,
    kept ones scaled by 1 / (1 - p)), as ``nn.functional.dropout1d/2d/3d`` for any dims >= 2. Errors: RuntimeError
    for ``p`` outside [0, 1] or fewer than 2 dims; PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.feature_dropout(gradlib.ones(1, 2, 2), 0.5, False)
    tensor([[[1., 1.],
             [1., 1.]]])
    """
    _check_probability(p)
    return _feature_dropout(input, p, train, False)


@_native(_DROPOUT_SCHEMA)
def feature_dropout_(input, p, train):
    """``torch.feature_dropout_``: ``feature_dropout`` written into ``input`` (returned). Errors: those of
    ``feature_dropout``, and RuntimeError for a leaf that requires grad when it writes.

    >>> import gradlib
    >>> x = gradlib.ones(1, 2, 2)
    >>> gradlib.feature_dropout_(x, 0.5, False) is x
    True
    """
    _check_probability(p)
    return _feature_dropout(input, p, train, True)


# ----- normalization -----------------------------------------------------------------------------------------------
@_native("Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, "
         "float momentum, float eps, bool cudnn_enabled")
def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    """``torch.batch_norm``: ``torch.nn.functional.batch_norm`` with PyTorch's native order (weight and bias before
    the running statistics; every argument given; ``cudnn_enabled`` is ignored). Input ``(N, C, ...)``.

    >>> import gradlib
    >>> gradlib.batch_norm(gradlib.tensor([[1.], [3.]]), None, None, None, None, True, 0.1, 0.0, False)
    tensor([[-1.],
            [ 1.]])
    """
    return F._batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


@_native("Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, "
         "bool use_input_stats, float momentum, float eps, bool cudnn_enabled")
def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled):
    """``torch.instance_norm``: ``torch.nn.functional.instance_norm`` with PyTorch's native order (every argument
    given; ``cudnn_enabled`` is ignored). Input ``(N, C, ...)``.

    >>> import gradlib
    >>> gradlib.instance_norm(gradlib.tensor([[[1., 3.]]]), None, None, None, None, True, 0.1, 0.0, False)
    tensor([[[-1.,  1.]]])
    """
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


@_native("Tensor input, SymInt[] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1e-05, "
         "bool cudnn_enable=True")
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    """``torch.layer_norm``: ``torch.nn.functional.layer_norm`` (``cudnn_enable`` is ignored; ``normalized_shape``
    must be a list or tuple of ints).

    >>> import gradlib
    >>> gradlib.layer_norm(gradlib.tensor([1., 3.]), [2], eps=0.0)
    tensor([-1.,  1.])
    """
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


@_native("Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1e-05, "
         "bool cudnn_enabled=True")
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """``torch.group_norm``: ``torch.nn.functional.group_norm`` (``cudnn_enabled`` is ignored). Input
    ``(N, C, ...)`` with ``C`` divisible by ``num_groups``.

    >>> import gradlib
    >>> gradlib.group_norm(gradlib.tensor([[[1.], [3.]]]), 1, eps=0.0)
    tensor([[[-1.],
             [ 1.]]])
    """
    return F.group_norm(input, num_groups, weight, bias, eps)


@_native("Tensor input, SymInt[] normalized_shape, Tensor? weight=None, float? eps=None")
def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``torch.rms_norm``: ``torch.nn.functional.rms_norm``.

    >>> import gradlib
    >>> gradlib.rms_norm(gradlib.tensor([3., 4.]), [2], eps=0.0)
    tensor([0.8485, 1.1314])
    """
    return F.rms_norm(input, normalized_shape, weight, eps)


def _reduced_dims(input, count):
    return tuple(range(input.ndim - count, input.ndim))


@_native("Tensor input, SymInt[] normalized_shape, Tensor? weight, Tensor? bias, float eps")
def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """``torch.native_layer_norm``: ``(output, mean, rstd)``: ``torch.layer_norm``'s output and the statistics it
    used, mean and 1 / sqrt(biased variance + eps) over the ``normalized_shape`` dims, shaped as ``input`` with
    those dims of size 1 (not differentiable, as PyTorch's).

    >>> import gradlib
    >>> out, mean, rstd = gradlib.native_layer_norm(gradlib.tensor([[1., 3.]]), [2], None, None, 0.0)
    >>> out, mean, rstd
    (tensor([[-1.,  1.]]), tensor([[2.]]), tensor([[1.]]))
    """
    output = F.layer_norm(input, normalized_shape, weight, bias, eps)
    with grad_mode.no_grad():
        dims = _reduced_dims(input, len(normalized_shape))
        mean = input.mean(dims, keepdim=True)
        rstd = (input.var(dims, correction=0, keepdim=True) + eps).rsqrt()
    return output, mean, rstd


@_native("Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, "
         "float momentum, float eps")
def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """``torch.native_batch_norm``: ``(output, save_mean, save_invstd)``: ``torch.batch_norm``'s output (running
    statistics updated when ``training``) and, when ``training``, the batch's per-channel mean and
    1 / sqrt(biased variance + eps) (``(C,)``, not differentiable); empty ``(0,)`` tensors otherwise.

    >>> import gradlib
    >>> out, mean, invstd = gradlib.native_batch_norm(gradlib.tensor([[1.], [3.]]), None, None, None, None, True,
    ...                                               0.1, 0.0)
    >>> mean, invstd
    (tensor([2.]), tensor([1.]))
    """
    if training:
        with grad_mode.no_grad():
            dims = (0,) + tuple(range(2, input.ndim))
            mean = input.mean(dims)
            invstd = (input.var(dims, correction=0) + eps).rsqrt()
    else:
        mean = _creation.empty(0, dtype=input.dtype, device=input.device)
        invstd = _creation.empty(0, dtype=input.dtype, device=input.device)
    output = F._batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    return output, mean, invstd


# ----- shuffles and pooling ----------------------------------------------------------------------------------------
@_native("Tensor input, int upscale_factor")
def pixel_shuffle(input, upscale_factor):
    """``torch.pixel_shuffle``: ``torch.nn.functional.pixel_shuffle``: ``(*, C r^2, H, W)`` to ``(*, C, H r, W r)``.

    >>> import gradlib
    >>> gradlib.pixel_shuffle(gradlib.arange(4.).reshape(1, 4, 1, 1), 2)
    tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    return F.pixel_shuffle(input, upscale_factor)


@_native("Tensor input, int downscale_factor")
def pixel_unshuffle(input, downscale_factor):
    """``torch.pixel_unshuffle``: ``torch.nn.functional.pixel_unshuffle``: ``(*, C, H r, W r)`` to
    ``(*, C r^2, H, W)``.

    >>> import gradlib
    >>> gradlib.pixel_unshuffle(gradlib.arange(4.).reshape(1, 1, 2, 2), 2).flatten()
    tensor([0., 1., 2., 3.])
    """
    return F.pixel_unshuffle(input, downscale_factor)


@_native("Tensor input, SymInt groups")
def channel_shuffle(input, groups):
    """``torch.channel_shuffle``: ``torch.nn.functional.channel_shuffle``: channels of ``(N, C, ...)`` regrouped.

    >>> import gradlib
    >>> gradlib.channel_shuffle(gradlib.arange(4.).reshape(1, 4, 1), 2).flatten()
    tensor([0., 2., 1., 3.])
    """
    return F.channel_shuffle(input, groups)


def _stride(stride):
    return None if isinstance(stride, (list, tuple)) and not stride else stride


_POOL = "Tensor input, int[{0}] kernel_size, int[{0}] stride=[], int[{0}] padding=0, int[{0}] dilation=1, " \
        "bool ceil_mode=False"


@_native(_POOL.format(1))
def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool1d``: ``torch.nn.functional.max_pool1d`` (``stride=()``: the kernel size).

    >>> import gradlib
    >>> gradlib.max_pool1d(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    tensor([[3., 2.]])
    """
    return F.max_pool1d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


@_native(_POOL.format(2))
def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool2d``: ``torch.nn.functional.max_pool2d`` (``stride=()``: the kernel size).

    >>> import gradlib
    >>> gradlib.max_pool2d(gradlib.arange(4.).reshape(1, 2, 2), 2)
    tensor([[[3.]]])
    """
    return F.max_pool2d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


@_native(_POOL.format(3))
def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool3d``: ``torch.nn.functional.max_pool3d`` (``stride=()``: the kernel size).

    >>> import gradlib
    >>> gradlib.max_pool3d(gradlib.arange(8.).reshape(1, 2, 2, 2), 2)
    tensor([[[[7.]]]])
    """
    return F.max_pool3d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)


@_native(_POOL.format(1))
def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """``torch.max_pool1d_with_indices``: ``(output, indices)`` of ``torch.nn.functional.max_pool1d`` (indices
    into the last dim, int64).

    >>> import gradlib
    >>> gradlib.max_pool1d_with_indices(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    (tensor([[3., 2.]]), tensor([[1, 2]]))
    """
    return tuple(F.max_pool1d(input, kernel_size, _stride(stride), padding, dilation, ceil_mode,
                              return_indices=True))


@_native("Tensor input, int[1] kernel_size, int[1] stride=[], int[1] padding=0, bool ceil_mode=False, "
         "bool count_include_pad=True")
def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    """``torch.avg_pool1d``: ``torch.nn.functional.avg_pool1d`` (``stride=()``: the kernel size).

    >>> import gradlib
    >>> gradlib.avg_pool1d(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    tensor([[2., 1.]])
    """
    return F.avg_pool1d(input, kernel_size, _stride(stride), padding, ceil_mode, count_include_pad)


@_native("Tensor input, int[1] output_size")
def adaptive_avg_pool1d(input, output_size):
    """``torch.adaptive_avg_pool1d``: ``torch.nn.functional.adaptive_avg_pool1d``.

    >>> import gradlib
    >>> gradlib.adaptive_avg_pool1d(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    tensor([[2., 1.]])
    """
    return F.adaptive_avg_pool1d(input, output_size)


@_native("Tensor input, int[1] output_size")
def adaptive_max_pool1d(input, output_size):
    """``torch.adaptive_max_pool1d``: ``(output, indices)``, as ``torch.nn.functional.adaptive_max_pool1d`` with
    ``return_indices=True``.

    >>> import gradlib
    >>> gradlib.adaptive_max_pool1d(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    (tensor([[3., 2.]]), tensor([[1, 2]]))
    """
    return tuple(F.adaptive_max_pool1d(input, output_size, return_indices=True))


# ----- activations -------------------------------------------------------------------------------------------------
@_native("Tensor input")
def selu(input):
    """``torch.selu``: ``torch.nn.functional.selu``.

    >>> import gradlib
    >>> gradlib.selu(gradlib.tensor([0., 1.]))
    tensor([0.0000, 1.0507])
    """
    return F.selu(input)


@_native("Tensor input, Scalar alpha=1.0")
def celu(input, alpha=1.0):
    """``torch.celu``: ``torch.nn.functional.celu``.

    >>> import gradlib
    >>> gradlib.celu(gradlib.tensor([-1., 1.]), 2.0)
    tensor([-0.7869,  1.0000])
    """
    return F.celu(input, alpha)


@_native("Tensor input, Scalar threshold, Scalar value")
def threshold(input, threshold, value):
    """``torch.threshold``: ``torch.nn.functional.threshold``: ``value`` where ``input <= threshold``.

    >>> import gradlib
    >>> gradlib.threshold(gradlib.tensor([0.5, 2.]), 1.0, -1.0)
    tensor([-1.,  2.])
    """
    return F.threshold(input, threshold, value)


@_native("Tensor input, Tensor weight")
def prelu(input, weight):
    """``torch.prelu``: ``torch.nn.functional.prelu``: ``max(0, x) + weight * min(0, x)`` with one weight or one
    per channel (dim 1).

    >>> import gradlib
    >>> gradlib.prelu(gradlib.tensor([-2., 2.]), gradlib.tensor([0.25]))
    tensor([-0.5000,  2.0000])
    """
    return F.prelu(input, weight)


@_native("Tensor input, Scalar lower=0.125, Scalar upper=0.3333333333333333, bool training=False, "
         "Generator? generator=None")
def rrelu(input, lower=0.125, upper=0.3333333333333333, training=False, generator=None):
    """``torch.rrelu``: ``torch.nn.functional.rrelu`` (random negative slopes in [lower, upper] when ``training``,
    their mean otherwise).

    >>> import gradlib
    >>> gradlib.rrelu(gradlib.tensor([-2., 2.]), 0.25, 0.25)
    tensor([-0.5000,  2.0000])
    """
    return F.rrelu(input, lower, upper, training, generator=generator)


@_native("Tensor input, Scalar lambd=0.5")
def hardshrink(input, lambd=0.5):
    """``torch.hardshrink``: ``torch.nn.functional.hardshrink``: 0 where ``|x| <= lambd``.

    >>> import gradlib
    >>> gradlib.hardshrink(gradlib.tensor([0.2, -1.]))
    tensor([ 0., -1.])
    """
    return F.hardshrink(input, lambd)


# ----- products and distances --------------------------------------------------------------------------------------
@_native("Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None")
def bilinear(input1, input2, weight, bias=None):
    """``torch.bilinear``: ``torch.nn.functional.bilinear``: ``x1^T A x2 + b`` per output feature.

    >>> import gradlib
    >>> gradlib.bilinear(gradlib.ones(1, 2), gradlib.ones(1, 2), gradlib.ones(3, 2, 2))
    tensor([[4., 4., 4.]])
    """
    return F.bilinear(input1, input2, weight, bias)


@_native("Tensor x1, Tensor x2, int dim=1, float eps=1e-08")
def cosine_similarity(x1, x2, dim=1, eps=1e-08, *, axis=None):
    """``torch.cosine_similarity``: ``torch.nn.functional.cosine_similarity`` (``axis=`` is ``dim``, as PyTorch's
    parser spells it; the parsed call passes it as ``dim``).

    >>> import gradlib
    >>> gradlib.cosine_similarity(gradlib.tensor([[1., 0.]]), gradlib.tensor([[1., 1.]]))
    tensor([0.7071])
    """
    return F.cosine_similarity(x1, x2, dim, eps)


@_native("Tensor input, float p=2.")
def pdist(input, p=2):
    """``torch.pdist``: the ``p``-norm distance between each pair of rows ``i < j`` of ``input`` ``(N, M)``, a
    ``(N * (N - 1) / 2,)`` tensor (``torch.nn.functional.pdist`` is this function). Floating inputs only; the
    gradient is 0 where a distance is 0. Errors: RuntimeError for an input that is not 2-D or not floating, or a
    negative ``p``; PyTorch's TypeError for wrong arguments.

    >>> import gradlib
    >>> gradlib.pdist(gradlib.tensor([[0., 0.], [3., 4.], [6., 8.]]))
    tensor([ 5., 10.,  5.])
    """
    return _distance.pdist(input, p)
