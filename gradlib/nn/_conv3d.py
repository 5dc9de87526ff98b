"""3-D convolution and pooling (re-exported by ``gradlib.nn.functional``): conv3d, max_pool3d, avg_pool3d,
adaptive_avg_pool3d, conv_transpose3d. They run the N-d array code of ``ops/conv.py`` (the nodes conv2d and the 2-D pools use), with
PyTorch's 3-D argument checks and error wording."""
from .. import _creation, dtypes
from ..ops import conv as _conv
from ..ops._args import refuse_integral, require_tensor
from . import _conv_pool
from ..ops import complex_support

__all__ = ["conv3d", "conv_transpose3d", "max_pool3d", "avg_pool3d", "adaptive_avg_pool3d"]


def _triple(value):
    if isinstance(value, int):
        return (value, value, value)
    value = tuple(value)
    return value * 3 if len(value) == 1 else value


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution (cross-correlation, as PyTorch) of (N, C, D, H, W) or unbatched (C, D, H, W) ``input`` with
    (O, C/groups, KD, KH, KW) filters and an optional (O,) bias; ``stride``, ``padding`` and ``dilation`` are ints
    or triples, ``padding`` also 'valid' or 'same' (stride 1 only; uneven padding puts the extra cell after, as
    PyTorch). Output (N, O, OD, OH, OW) with OD = (D + 2 * pad - dilation * (KD - 1) - 1) // stride + 1. One node,
    ConvolutionBackward0, differentiable at every order. Mirrors ``torch.nn.functional.conv3d``.

    Raises RuntimeError (PyTorch's wording) for an input that is not 4-D or 5-D, mismatched channels, groups or
    bias, non-positive stride, dilation or groups, negative padding, a kernel larger than the padded input or
    tensors on different devices or padding='same' with a stride.

    >>> import gradlib
    >>> x = gradlib.ones(1, 1, 3, 3, 3)
    >>> gradlib.nn.functional.conv3d(x, gradlib.ones(2, 1, 2, 2, 2), padding='same').shape
    gradlib.Size([1, 2, 3, 3, 3])
    """
    require_tensor("conv3d", input)
    if padding == "same" and (stride if isinstance(stride, int) else tuple(stride)) not in (1, (1,), (1, 1, 1)):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    _conv_pool.check_bias_dtype(input, bias, padding)
    if input.ndim == 4:
        out = conv3d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups)
        return out.squeeze(0)
    if input.ndim != 5:
        raise RuntimeError(f"Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: "
                           f"{list(input.shape)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if weight.ndim != 5:
        raise RuntimeError(f"expected stride to be a single integer value or a list of {weight.ndim - 2} values to "
                           f"match the convolution dimensions, but got stride={list(_triple(stride))}")
    _conv_pool.check_conv_lengths(3, stride=stride, padding=padding, dilation=dilation)
    stride, dilation = _triple(stride), _triple(dilation)
    if padding == "same" and stride != (1, 1, 1):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    if isinstance(padding, str):
        pads = _conv_pool._padding_2d(padding, weight.shape[2:], dilation)
    else:
        pads = tuple((p, p) for p in _triple(padding))
    pads = pads * 3 if len(pads) == 1 else pads
    _conv_pool._check_conv_arguments(input, weight, bias, stride, pads, dilation, 3)
    if weight.shape[0] < groups or weight.shape[0] == 0:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {max(groups, 1)} at dimension 0, "
                           f"but got weight of size {list(weight.shape)} instead")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{list(weight.shape)}] instead")
    channels = input.shape[1]
    if weight.shape[1] * groups != channels:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[1] * groups} channels, but got {channels} channels instead")
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be 1-dimensional with "
                           f"{weight.shape[0]} elements, but got bias of size {list(bias.shape)} instead")
    _conv_pool._check_kernel_fits(input, weight, pads, dilation, 3)
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _conv_pool._check_conv_devices(input, weight, bias, "_cudnn_convolution")
    _conv_pool.check_weight_dtype(input, weight)
    _conv_pool._check_complex_conv_types(input, weight, bias)
    return _conv.ConvolutionBackward0.apply(input, weight, bias, (stride, pads, dilation, groups))


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 3-D convolution (conv3d's gradient in its input) of (N, C_in, D, H, W) or unbatched
    (C_in, D, H, W) ``input`` with (C_in, O/groups, KD, KH, KW) filters and an optional (O,) bias; ``stride``,
    ``padding``, ``output_padding`` and ``dilation`` are ints or triples. Output (N, O, OD, OH, OW) with
    OD = (D - 1) * stride - 2 * padding + dilation * (KD - 1) + output_padding + 1. One node,
    ConvolutionBackward0, differentiable at every order. Mirrors ``torch.nn.functional.conv_transpose3d``.

    Raises RuntimeError (PyTorch's wording) for an input that is not 4-D or 5-D, a weight that is not 5-D or
    has fewer than ``groups`` input channels, mismatched channels, an ``output_padding`` not below the stride or
    the dilation, an output size below one, or tensors on different devices.

    >>> import gradlib
    >>> x = gradlib.ones(1, 1, 2, 2, 2)
    >>> gradlib.nn.functional.conv_transpose3d(x, gradlib.ones(1, 2, 2, 2, 2), stride=2).shape
    gradlib.Size([1, 2, 4, 4, 4])
    """
    require_tensor("conv_transpose3d", input)
    if input.ndim == 4:
        out = conv_transpose3d(input.unsqueeze(0), weight, bias, stride, padding, output_padding, groups, dilation)
        return out.squeeze(0)
    if input.ndim != 5:
        raise RuntimeError(f"Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d, but got input of "
                           f"size: {list(input.shape)}")
    if weight.ndim == 5 and weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(weight.shape)} instead")
    stride, padding, dilation = _triple(stride), _triple(padding), _triple(dilation)
    output_padding = _triple(output_padding)
    if weight.ndim != 5:
        raise RuntimeError(f"expected stride to be a single integer value or a list of {weight.ndim - 2} values to "
                           f"match the convolution dimensions, but got stride={list(stride)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    _conv_pool.check_output_padding(output_padding, stride, dilation)
    channels = input.shape[1]
    if weight.shape[0] != channels:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight.shape)}, expected input{list(input.shape)} to have "
            f"{weight.shape[0]} channels, but got {channels} channels instead")
    out_channels = weight.shape[1] * groups
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {out_channels} elements, but got bias of size {list(bias.shape)} "
                           f"instead")
    sizes = tuple((size - 1) * s - 2 * p + d * (k - 1) + op + 1 for size, s, p, d, k, op in
                  zip(input.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding))
    if min(sizes) < 1:
        raise RuntimeError("Given input size per channel: (" + " x ".join(str(v) for v in input.shape[2:])
                           + "). Calculated output size per channel: (" + " x ".join(str(v) for v in sizes)
                           + "). Output size is too small")
    if not (weight._device is input._device and (bias is None or bias._device is input._device)):
        _conv_pool._check_conv_devices(input, weight, bias, "_cudnn_convolution_transpose")
    _conv_pool._check_complex_conv_types(input, weight, bias, transposed=True)
    params = (stride, tuple((p, p) for p in padding), dilation, groups)
    return _conv.ConvolutionTranspose.apply(input, weight, bias, (input.shape[0], out_channels) + sizes, params)


def _pool3d_geometry(input, name, kernel_size, stride, padding, dilation, ceil_mode, check_input_size):
    """PyTorch's pooling_output_shape per dim (T, H, W), then its pool3d_shape_check, in order. Returns kernel,
    stride, pads (with ceil mode's extra cells after), dilation, output sizes."""
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    kernel = _triple(kernel_size)
    stride = kernel if stride is None or stride == [] else _triple(stride)
    padding, dilation = _triple(padding), _triple(dilation)
    sizes, extra = [], []
    for size, k, s, p, d in zip(input.shape[-3:], kernel, stride, padding, dilation):
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > (d * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={d}")
        span = size + 2 * p - d * (k - 1) - 1
        out = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (out - 1) * s >= size + p:
            out -= 1
        sizes.append(out)
        extra.append(max(0, (out - 1) * s + d * (k - 1) + 1 - (size + 2 * p)))
    if any(k <= 0 for k in kernel):
        raise RuntimeError(f"kernel size should be greater than zero, but got kT: {kernel[0]} kH: {kernel[1]} kW: "
                           f"{kernel[2]}")
    if any(d <= 0 for d in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got dilationT: {dilation[0]} dilationH: "
                           f"{dilation[1]} dilationW: {dilation[2]}")
    if name.startswith("max_pool3d") and any(p > k // 2 for p, k in zip(padding, kernel)):  # the kernel's half
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got kT: {kernel[0]} kW: "
                           f"{kernel[2]} kH: {kernel[1]} padT: {padding[0]} padW: {padding[2]} padH: {padding[1]}")
    for dim in range(input.ndim - 4, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"{name}: Expected input's non-batch dimensions to have positive length, but input has "
                               f"a shape of {list(input.shape)} and non-batch dimension {input.shape[dim]} has length "
                               f"zero!")
    t, h, w = input.shape[-3:]
    if check_input_size and (t < kernel[0] or h < kernel[1] or w < kernel[2]):
        raise RuntimeError(f"input image (T: {t} H: {h} W: {w}) smaller than kernel size (kT: {kernel[0]} kH: "
                           f"{kernel[1]} kW: {kernel[2]})")
    if any(out < 1 for out in sizes):
        planes = input.shape[-4]
        raise RuntimeError(f"Given input size: ({planes}x{t}x{h}x{w}). Calculated output size: "
                           f"({planes}x{sizes[0]}x{sizes[1]}x{sizes[2]}). Output size is too small")
    pads = tuple((p, p + e) for p, e in zip(padding, extra))
    return kernel, stride, pads, dilation, tuple(sizes)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each (KD, KH, KW) window of (N, C, D, H, W) or (C, D, H, W) ``input``; ``return_indices``
    also gives each maximum's int64 flat position in its (D, H, W) volume (what max_unpool3d reads). The gradient
    goes to the first maximum of each window; a window holding NaN gives NaN (its last NaN's position). One node,
    MaxPool3DWithIndicesBackward0. Mirrors ``torch.nn.functional.max_pool3d``.

    Raises RuntimeError (PyTorch's wording) for an input that is not 4-D or 5-D, an empty non-batch dim, a zero
    stride, a non-positive kernel or dilation, padding over half the kernel or an empty output.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool3d(gradlib.arange(8.).reshape(1, 1, 2, 2, 2), 2)
    tensor([[[[[7.]]]]])
    """
    complex_support.check("max_pool3d", input)
    require_tensor("max_pool3d", input)
    kernel, stride, pads, dilation, out_size = _pool3d_geometry(
        input, "max_pool3d_with_indices_out_cpu_template()", kernel_size, stride, padding, dilation, ceil_mode,
        False)
    out, indices = _conv.MaxPool3DWithIndicesBackward0.apply(input, kernel, stride, pads, dilation, out_size)
    return (out, indices) if return_indices else out


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each (KD, KH, KW) window of (N, C, D, H, W) or (C, D, H, W) ``input``: ``count_include_pad``,
    ``ceil_mode`` and ``divisor_override`` as in avg_pool2d; integer inputs divide truncating toward zero. One node,
    AvgPool3DBackward0. Mirrors ``torch.nn.functional.avg_pool3d``: float16 is refused on the CPU (PyTorch's CPU
    kernel has none: NotImplementedError) and computed on CUDA, as PyTorch's CUDA kernel does.

    Raises RuntimeError (PyTorch's wording) for an input that is not 4-D or 5-D, an empty non-batch dim, an input
    smaller than the kernel, a zero stride, padding over half the kernel or a zero divisor_override.

    >>> import gradlib
    >>> gradlib.nn.functional.avg_pool3d(gradlib.arange(8.).reshape(1, 1, 2, 2, 2), 2)
    tensor([[[[[3.5000]]]]])
    """
    complex_support.check("avg_pool3d", input)
    require_tensor("avg_pool3d", input)
    if input.dtype is dtypes.float16 and input.device.type == "cpu":
        raise NotImplementedError("\"avg_pool3d_out_frame\" not implemented for 'Half'")
    if divisor_override is not None and divisor_override == 0:  # PyTorch's first check
        raise RuntimeError("divisor must be not zero")
    kernel, stride, pads, _, _ = _pool3d_geometry(input, "avg_pool3d()", kernel_size, stride, padding, 1,
                                                   ceil_mode, True)
    if divisor_override is not None:
        divisor = divisor_override
    elif count_include_pad and not ceil_mode:
        divisor = kernel[0] * kernel[1] * kernel[2]
    else:
        divisor = None  # count the window cells inside the (padded, if count_include_pad) input
    counted = tuple(before if count_include_pad else 0 for before, _ in pads)
    count_pads = tuple((p, p) for p in counted)
    return _conv.AvgPool3DBackward0.apply(input, kernel, stride, pads, divisor, count_pads)


def adaptive_avg_pool3d(input, output_size):
    """Average pooling of (N, C, D, H, W) or (C, D, H, W) to a fixed (OD, OH, OW) (an int is all three, None keeps
    that dim; windows as PyTorch splits them): one node, AdaptiveAvgPool3DBackward0, except the global average
    (1, 1, 1), a mean as in PyTorch. Floating dtypes only. Mirrors ``torch.nn.functional.adaptive_avg_pool3d``.

    Raises RuntimeError for an input that is not 4-D or 5-D, an empty non-batch dim or a negative output size;
    NotImplementedError for integer input.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_avg_pool3d(gradlib.arange(8.).reshape(1, 1, 2, 2, 2), (1, 2, 1)).flatten()
    tensor([2.5000, 4.5000])
    """
    complex_support.check("adaptive_avg_pool3d", input)
    require_tensor("adaptive_avg_pool3d", input, attribute="size")
    if input.ndim not in (4, 5):
        raise RuntimeError(f"adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got {list(input.shape)}")
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with dimension {dim} being "
                               f"empty")
    if output_size is None:  # PyTorch's Python code takes its len()
        raise TypeError("object of type 'NoneType' has no len()")
    if not isinstance(output_size, int) and len(output_size) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3")
    out_size = _triple(output_size) if isinstance(output_size, int) else tuple(output_size)
    out_size = tuple(size if out is None else out for out, size in zip(out_size, input.shape[-3:]))
    if any(out < 0 for out in out_size):
        raise RuntimeError(f"adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but "
                           f"received {{{out_size[0]}, {out_size[1]},{out_size[2]}}}")
    if out_size != (1, 1, 1):
        refuse_integral("adaptive_avg_pool3d_cpu", input)
    if 0 in out_size:
        return _creation.zeros(*input.shape[:-3], *out_size, dtype=input.dtype, device=input.device) * \
            input.sum((-3, -2, -1), keepdim=True)[..., :out_size[0], :out_size[1], :out_size[2]]
    if out_size == (1, 1, 1):  # PyTorch's global average: a mean
        return input.mean((-1, -2, -3), keepdim=True)
    return _conv.AdaptiveAvgPool3DBackward0.apply(input, out_size)
