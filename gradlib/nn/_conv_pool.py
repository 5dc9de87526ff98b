"""Convolution and pooling functions (re-exported by ``gradlib.nn.functional``): conv1d, conv2d,
conv_transpose1d, conv_transpose2d, max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d, with PyTorch's argument
checks and unbatched inputs."""
import functools

from .. import _autocast, _creation, _formats, _layout, _tensor_str, dtypes
from ..ops import conv as _conv, reduction as _red
from ..ops._args import refuse_integral, require_tensor
from ..ops._op import check_argument_devices, iterator_device
from ..ops import complex_support
from . import _pool1d_args

__all__ = ["conv2d", "conv1d", "conv_transpose2d", "conv_transpose1d", "max_pool1d", "avg_pool1d",
           "adaptive_avg_pool1d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d"]


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
    value = tuple(value)
    return value * 2 if len(value) == 1 else value  # PyTorch's IntArrayRef expands a single value


def check_padding_string(padding):
    """PyTorch's RuntimeError for a padding string other than 'valid' and 'same' (F.conv1d/2d/3d, torch.conv*d)."""
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    return padding


def check_output_padding(output_padding, stride, dilation):
    """PyTorch's RuntimeError for a transposed convolution's ``output_padding`` not below its stride or its
    dilation (per spatial dim; 1-D ones are checked as 2-D of unit height, as PyTorch)."""
    if any(p >= s and p >= d for p, s, d in zip(output_padding, stride, dilation)):
        names = ("depth", "height", "width")[3 - len(stride):]
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got " + " ".join(
            f"{kind}_{name}: {value}" for kind, values in (("output_padding", output_padding), ("stride", stride),
                                                           ("dilation", dilation))
            for name, value in zip(names, values)))


def check_conv_lengths(spatial, **values):
    """PyTorch's RuntimeError for a stride/padding/dilation/output_padding sequence whose length is neither 1 nor
    the number of spatial dims (checked after groups, before the values)."""
    for name, value in values.items():
        if not isinstance(value, (int, str)) and len(value) not in (1, spatial):
            raise RuntimeError(f"expected {name} to be a single integer value or a list of {spatial} values to match "
                               f"the convolution dimensions, but got {name}={list(value)}")


def check_bias_dtype(input, bias, padding):
    """PyTorch's first convolution check: a real bias of another dtype than the input (C++ type names); a padding
    string takes another path, without it."""
    if bias is not None and not isinstance(padding, str) and bias.dtype is not input.dtype and not (bias.dtype.is_complex or input.dtype.is_complex):
        raise RuntimeError(f"Input type ({input.dtype.c_type}) and bias type ({bias.dtype.c_type}) should be the same")


def _mkldnn(input):
    """Whether PyTorch's CPU convolution takes its MKLDNN backend for this input (whose checks word some errors
    otherwise): half and bfloat16 always, float32 for a batch of more than one."""
    if input._device.type != "cpu":
        return False
    return input.dtype in (dtypes.float16, dtypes.bfloat16) or (input.dtype is dtypes.float32 and input.shape[0] > 1)


def _dtype_type_name(tensor):
    if tensor.dtype is dtypes.bfloat16:
        return ("CPU" if tensor._device.type == "cpu" else "CUDA") + "BFloat16Type"
    return complex_support.type_name(tensor)


def check_weight_dtype(input, weight):
    """PyTorch's refusal of a real weight of another dtype than the input, after the shape checks: on the CPU a
    float/half/bfloat16 input names both tensor types (the MKLDNN backend's check), any other the slow kernel's
    scalar types (a float32 batch of one too); on a GPU cuDNN's check names both tensor types."""
    if weight.dtype is input.dtype or input.dtype.is_complex:
        return
    if input._device.type != "cpu":
        raise RuntimeError(f"Input type ({_dtype_type_name(input)}) and weight type ({_dtype_type_name(weight)}) "
                           "should be the same")
    if _mkldnn(input):
        raise RuntimeError(f"Input type ({_dtype_type_name(input)}) and weight type ({_dtype_type_name(weight)}) "
                           "should be the same or input should be a MKLDNN tensor and weight is a dense tensor")
    raise RuntimeError(f"expected scalar type {input.dtype.scalar_type} but found {weight.dtype.scalar_type}")


def _padding_2d(padding, kernel, dilation):
    check_padding_string(padding)
    if padding == "valid":
        return tuple((0, 0) for _ in kernel)
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


def _check_complex_conv_types(input, weight, bias, transposed=False):
    """PyTorch's refusal of a complex convolution whose parameters have another dtype (its complex path checks the
    bias first, naming C++ types, then the weight, naming tensor types; a transposed one the weight only)."""
    if not any(t is not None and t.dtype.is_complex for t in (input, weight, bias)):
        return
    if bias is not None and bias.dtype is not input.dtype and not transposed:
        raise RuntimeError(f"Input type ({input.dtype.c_type}) and bias type ({bias.dtype.c_type}) should be the same")
    if weight.dtype is not input.dtype:
        raise RuntimeError(f"Input type ({complex_support.type_name(input)}) and weight type "
                           f"({complex_support.type_name(weight)}) should be the same")


def _check_conv_arguments(input, weight, bias, stride, pads, dilation, spatial):
    """PyTorch's convolution argument checks, in its order (``spatial``: 1 for conv1d, whose values sit in the
    last place of conv2d's pairs)."""
    if any(before < 0 or after < 0 for before, after in pads):
        raise RuntimeError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d < 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if any(d == 0 for d in dilation):
        if _mkldnn(input):  # the MKLDNN backend's check
            raise RuntimeError("non-positive dilation is not supported")
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation)}")


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
    if _autocast.active:
        input, weight, bias = _autocast.lower(input, weight, bias)
    if padding == "same" and _pair(stride) not in ((1, 1), (1,)):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    check_bias_dtype(input, bias, padding)
    if input.ndim != 4:
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    check_conv_lengths(weight.ndim - 2, stride=stride, padding=padding, dilation=dilation)
    stride, dilation = _pair(stride), _pair(dilation)
    pads = _padding_2d(padding, weight.shape[2:], dilation)
    _check_conv_arguments(input, weight, bias, stride, pads, dilation, 2 if _spatial is None else _spatial)
    if weight.ndim != 4 or weight.shape[0] < groups or weight.shape[0] == 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {max(groups, 1)} at dimension 0, "
                           f"but got weight of size {list(weight.shape)} instead")
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
    check_weight_dtype(input, weight)
    _check_complex_conv_types(input, weight, bias)
    return _conv.ConvolutionBackward0.apply(input, weight, bias, (stride, pads, dilation, groups))


@_accepts_unbatched(3)
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of (N, C, L) with (O, C/groups, K) filters (a conv2d of unit height, in one node).

    >>> import gradlib
    >>> gradlib.nn.functional.conv1d(gradlib.ones(1, 1, 5), gradlib.ones(1, 1, 3), padding='same').shape
    gradlib.Size([1, 1, 5])
    """
    if _autocast.active:
        input, weight, bias = _autocast.lower(input, weight, bias)
    if padding == "same" and (stride if isinstance(stride, int) else tuple(stride)) not in (1, (1,)):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    check_bias_dtype(input, bias, padding)
    if input.ndim != 3:
        raise RuntimeError(f"Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
                           f"{list(input.shape)}")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    check_conv_lengths(1, stride=stride, padding=padding, dilation=dilation)
    stride = stride if isinstance(stride, int) else stride[0]
    dilation = dilation if isinstance(dilation, int) else dilation[0]
    if padding == "same" and stride != 1:
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    padding_2d = padding if isinstance(padding, str) else (0, padding if isinstance(padding, int) else padding[0])
    pads = _padding_2d(padding_2d, (1, weight.shape[2]), (1, dilation))
    # conv2d's argument checks on the unit-height view, with conv1d's words (one spatial dim)
    _check_conv_arguments(input.unsqueeze(2), weight.unsqueeze(2), bias, (1, stride), pads, (1, dilation), 1)
    if weight.shape[0] < groups or weight.shape[0] == 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {max(groups, 1)} at dimension 0, "
                           f"but got weight of size {list(weight.shape)} instead")
    channels = input.shape[1]
    if weight.shape[1] * groups != channels:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[1] * groups} channels, but got {channels} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
                           f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead")
    _check_kernel_fits(input.unsqueeze(2), weight.unsqueeze(2), pads, (1, dilation), 1)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution")
    check_weight_dtype(input, weight)
    _check_complex_conv_types(input, weight, bias)
    return _conv.ConvolutionBackward0.apply(input, weight, bias, ((1, stride), pads, (1, dilation), groups), True)


def check_transposed_padding(name, padding):
    """PyTorch's argument parser on a transposed convolution's padding: ints only (no 'same'/'valid')."""
    if isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
    if not isinstance(padding, int):
        for i, value in enumerate(padding):
            if not isinstance(value, int):
                raise TypeError(f"{name}(): argument 'padding' (position 5) must be tuple of ints, but found element "
                                f"of type {type(value).__name__} at pos {i}")


def check_transposed_shapes(input, weight, sizes, in_sizes=None):
    """PyTorch's checks of a transposed convolution's input channels and output size (``sizes``: spatial; a
    float/half/bfloat16 CPU input reaches the MKLDNN backend, which fails to describe an empty output)."""
    if weight.shape[0] != input.shape[1]:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[0]} channels, but got {input.shape[1]} channels instead")
    if min(sizes) < 1:
        if _mkldnn(input):
            raise RuntimeError("could not construct a memory descriptor using a format tag")
        in_sizes = input.shape[2:] if in_sizes is None else in_sizes
        raise RuntimeError("Given input size per channel: (" + " x ".join(str(v) for v in in_sizes)
                           + "). Calculated output size per channel: (" + " x ".join(str(v) for v in sizes)
                           + "). Output size is too small")


@_accepts_unbatched(4)
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-D convolution (the gradient of conv2d with respect to its input); weight (C_in, O/groups,
    KH, KW).

    >>> import gradlib
    >>> gradlib.nn.functional.conv_transpose2d(gradlib.ones(1, 1, 2, 2), gradlib.ones(1, 1, 2, 2), stride=2).shape
    gradlib.Size([1, 1, 4, 4])
    """
    if _autocast.active:
        input, weight, bias = _autocast.lower(input, weight, bias)
    if weight.ndim != 4 or weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(weight.shape)} instead")
    check_transposed_padding("conv_transpose2d", padding)
    stride, dilation, output_padding = _pair(stride), _pair(dilation), _pair(output_padding)
    ph, pw = _pair(padding)
    check_output_padding(output_padding, stride, dilation)
    n, _, h, w = input.shape
    kh, kw = weight.shape[2], weight.shape[3]
    out_h = (h - 1) * stride[0] - 2 * ph + dilation[0] * (kh - 1) + output_padding[0] + 1
    out_w = (w - 1) * stride[1] - 2 * pw + dilation[1] * (kw - 1) + output_padding[1] + 1
    check_transposed_shapes(input, weight, (out_h, out_w))
    out_channels = weight.shape[1] * groups
    # The adjoint of conv2d(y, w, stride, padding) for a y of the output's size; output_padding only makes y
    # larger (its extra rows/columns are the ones that conv's floor division leaves out).
    params = (stride, ((ph, ph), (pw, pw)), dilation, groups)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution_transpose")
    _check_complex_conv_types(input, weight, bias, transposed=True)
    return _conv.ConvolutionTranspose.apply(input, weight, bias, (n, out_channels, out_h, out_w), params)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 1-D convolution of (N, C_in, L) (or (C_in, L)) with (C_in, O/groups, K) filters: a
    conv_transpose2d of unit height. Mirrors ``torch.nn.functional.conv_transpose1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.conv_transpose1d(gradlib.ones(1, 1, 3), gradlib.ones(1, 1, 2), stride=2)
    tensor([[[1., 1., 1., 1., 1., 1.]]])
    """
    if _autocast.active:
        input, weight, bias = _autocast.lower(input, weight, bias)
    unbatched = input.ndim == 2
    if unbatched:
        input = input.unsqueeze(0)
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if weight.ndim != 3 or weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(weight.shape)} instead")
    check_transposed_padding("conv_transpose1d", padding)
    stride, padding, output_padding, dilation = (_single(v) for v in (stride, padding, output_padding, dilation))
    check_output_padding((0, output_padding), (1, stride), (1, dilation))
    n, _, length = input.shape
    out_length = (length - 1) * stride - 2 * padding + dilation * (weight.shape[2] - 1) + output_padding + 1
    check_transposed_shapes(input, weight, (1, out_length), (1, length))
    params = ((1, stride), ((0, 0), (padding, padding)), (1, dilation), groups)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _check_conv_devices(input, weight, bias, "_cudnn_convolution_transpose")
    _check_complex_conv_types(input, weight, bias, transposed=True)
    out = _conv.ConvolutionTranspose.apply(input, weight, bias, (n, weight.shape[1] * groups, 1, out_length),
                                           params, True)
    return out.squeeze(0) if unbatched else out


def _single(value):
    return value if isinstance(value, int) else value[0]


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each window along the last dim of (N, C, L) or (C, L) (a max_pool2d of unit height).
    Mirrors ``torch.nn.functional.max_pool1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool1d(gradlib.tensor([[[1., 3., 2., 0.]]]), 2)
    tensor([[[3., 2.]]])
    """
    require_tensor("max_pool1d", input)
    if input.ndim in (2, 3) and not return_indices:  # with indices: max_pool2d_with_indices's checks
        _pool1d_args.check_max_pool1d(input.shape[-1], kernel_size, stride, padding, dilation, ceil_mode)
    if not return_indices and input.device.type == "cpu" and not (input.dtype.is_floating_point
                                                                  or input.dtype.is_complex):
        # PyTorch's CPU max_pool1d without indices or grad runs max_pool1d_impl, which has no integer version
        raise NotImplementedError(f"\"max_pool1d_impl\" not implemented for '{input.dtype.scalar_type}'")
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
    check_adaptive_1d_size("adaptive_avg_pool1d", output_size)
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _single(output_size))).squeeze(-2)


def check_adaptive_1d_size(name, output_size):
    """PyTorch's argument parser on a 1-D adaptive pool's output_size: an int or one int."""
    if output_size is None:
        raise TypeError(f"{name}(): argument 'output_size' (position 2) must be tuple of ints, not NoneType")
    if not isinstance(output_size, int) and len(output_size) != 1:
        raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got {len(output_size)})")


def _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, max_pool=False):
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
    for p, k, d in zip((ph, pw), kernel, dilation):
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
    if max_pool and (ph > kernel[0] // 2 or pw > kernel[1] // 2):  # max_pool2d_with_indices: the kernel's half
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got padW = {pw}, "
                           f"padH = {ph}, kW = {kernel[1]}, kH = {kernel[0]}")
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


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each window of (N, C, H, W) or (C, H, W) ``input``; the gradient goes to the (first)
    maximum. One node, MaxPool2DWithIndicesBackward0, unbatched input included (as PyTorch's).

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    require_tensor("max_pool2d", input)
    _check_max_pool_input(input)
    complex_support.check("max_pool2d", input)
    kernel, stride, pads, dilation, out_hw = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode,
                                                            max_pool=True)
    out, indices = _conv.MaxPool2DWithIndicesBackward0.apply(input, kernel, stride, pads, dilation, out_hw)
    return (out, indices) if return_indices else out


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each window of (N, C, H, W) or (C, H, W) ``input`` (one node, AvgPool2DBackward0). With
    ``count_include_pad=False`` the padding is left out of each window's count, ``ceil_mode`` windows that run
    past the (padded) input count only the cells inside, and ``divisor_override`` replaces every count. Integer
    inputs keep their dtype and divide truncating toward zero. Mirrors ``torch.nn.functional.avg_pool2d``.

    >>> import gradlib
    >>> gradlib.nn.functional.avg_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """
    complex_support.check("avg_pool2d", input)
    require_tensor("avg_pool2d", input)
    if input.ndim < 3:  # PyTorch's avg_pool2d reads input.size(-3)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(input.ndim, 1)}, "
                         f"{max(input.ndim, 1) - 1}], but got -3)")
    if divisor_override is not None and divisor_override == 0:  # PyTorch's first check
        raise RuntimeError("divisor must be not zero")
    kernel, stride, pads, _, _ = _pool_geometry(input, kernel_size, stride, padding, 1, ceil_mode)
    if input.ndim not in (3, 4) or 0 in input.shape[-3:]:  # only the batch may be empty
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                           f"got:{list(input.shape)}")
    if divisor_override is not None:
        divisor = divisor_override
    elif count_include_pad and not ceil_mode:
        divisor = kernel[0] * kernel[1]
    else:
        divisor = None  # count the window cells inside the (padded, if count_include_pad) input
    (top, _), (left, _) = pads
    counted = (top, left) if count_include_pad else (0, 0)
    count_pads = ((counted[0], counted[0]), (counted[1], counted[1]))
    return _conv.AvgPool2DBackward0.apply(input, kernel, stride, pads, divisor, count_pads)


def _global_average(input):
    """``adaptive_avg_pool2d(input, 1)``: PyTorch's mean over H and W, which for a channels-last (N, C, H, W)
    input takes the strides (C, 1, C, C) (the same memory; PyTorch restrides its result in place)."""
    out = input.mean((-1, -2), keepdim=True)
    backend = out._device._backend
    if input.ndim != 4 or input._array.__class__ is not backend.array_type:  # (a batched element under vmap)
        return out
    if _formats.suggested(tuple(input.shape), input.stride()) is _formats.channels_last:
        channels = input.shape[1]
        out._array = _layout.restrided(backend.xp, out._array, (channels, 1, channels, channels))
    return out


def adaptive_avg_pool2d(input, output_size):
    """Average pooling of (N, C, H, W) or (C, H, W) to a fixed (OH, OW) (windows as PyTorch splits them; an int is
    both, None keeps that dim): one node, AdaptiveAvgPool2DBackward0, except the global average (1, 1), a mean as in
    PyTorch. Mirrors ``torch.nn.functional.adaptive_avg_pool2d``.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_avg_pool2d(gradlib.arange(16.).reshape(1, 1, 4, 4), 1)
    tensor([[[[7.5000]]]])
    """
    require_tensor("adaptive_avg_pool2d", input, attribute="size")  # PyTorch's Python code reads input.size first
    if output_size is None:  # PyTorch's Python code takes its len()
        raise TypeError("object of type 'NoneType' has no len()")
    if not isinstance(output_size, int) and len(output_size) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    if _pair(output_size) != (1, 1):
        complex_support.check("adaptive_avg_pool2d", input)
        refuse_integral("adaptive_avg_pool2d", input)
    _red._require_float("mean", input)  # PyTorch averages a 1x1 output with mean()
    out_h, out_w = _pair(output_size) if not isinstance(output_size, int) else (output_size, output_size)
    h, w = input.shape[-2], input.shape[-1]
    out_h = h if out_h is None else out_h
    out_w = w if out_w is None else out_w
    if out_h < 0 or out_w < 0:
        raise RuntimeError(f"adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{out_h}, {out_w}}}")
    if (out_h, out_w) != (1, 1):  # (the global average is a mean, without this check)
        for dim in range(1, input.ndim):
            if input.shape[dim] == 0:
                raise RuntimeError(f"adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                                   f"dimensions, but input has sizes {list(input.shape)} with dimension {dim} being "
                                   f"empty")
    if out_h == 0 or out_w == 0:  # an empty result, as PyTorch gives
        return _creation.zeros(*input.shape[:-2], out_h, out_w, dtype=input.dtype, device=input.device) * \
            input.sum((-2, -1), keepdim=True)[..., :out_h, :out_w]
    if (out_h, out_w) == (1, 1):  # PyTorch's global average: a mean
        return _global_average(input)
    return _conv.AdaptiveAvgPool2DBackward0.apply(input, (out_h, out_w))
