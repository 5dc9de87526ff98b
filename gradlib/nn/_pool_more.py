"""More pooling functions (re-exported by ``gradlib.nn.functional``): adaptive_max_pool1d/2d, max_unpool1d/2d,
lp_pool1d/2d, with PyTorch's argument checks and error wording."""
from .. import _creation, dtypes
from ..ops import elementwise as _elementwise, indexing, pool_more as _pool_more
from ..ops._args import refuse_integral, refuse_kernel, require_tensor
from ..ops._op import check_argument_devices
from . import _conv_pool
from ..ops import complex_support

__all__ = ["adaptive_max_pool1d", "adaptive_max_pool2d", "max_unpool1d", "max_unpool2d", "lp_pool1d", "lp_pool2d"]


def _adaptive_output(output_size, spatial_shape):
    """PyTorch's reading of an adaptive pool's ``output_size``: an int is every dim, None keeps that dim."""
    if output_size is None:  # PyTorch's Python code takes its len()
        raise TypeError("object of type 'NoneType' has no len()")
    if isinstance(output_size, int):
        return (output_size,) * len(spatial_shape)
    return tuple(size if out is None else out for out, size in zip(output_size, spatial_shape))


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The maximum of each adaptive window of (N, C, H, W) or (C, H, W) ``input``, pooled to ``output_size``
    (an int, or a pair whose None keeps that dim); windows are split as PyTorch splits them (cells
    floor(i * H / OH) to ceil((i + 1) * H / OH)). With ``return_indices`` also the int64 flat position of each
    maximum in its (H, W) plane. The first maximum wins ties; a window holding NaN reports its last NaN. Floating
    dtypes only. One node, AdaptiveMaxPool2DBackward0. Mirrors ``torch.nn.functional.adaptive_max_pool2d``.

    Raises RuntimeError for an input that is not 3-D or 4-D, or has an empty non-batch dim, or a negative
    output size; NotImplementedError for integer input.

    >>> import gradlib
    >>> x = gradlib.tensor([[[1., 5., 2.], [0., 3., 4.], [7., 6., 8.]]])
    >>> gradlib.nn.functional.adaptive_max_pool2d(x, 2, return_indices=True)
    (tensor([[[5., 5.],
             [7., 8.]]]), tensor([[[1, 1],
             [6, 8]]]))
    """
    complex_support.check("adaptive_max_pool2d", input)
    require_tensor("adaptive_max_pool2d", input, attribute="size")
    if output_size is None:
        _adaptive_output(output_size, ())
    if not isinstance(output_size, int) and len(output_size) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {list(input.shape)}")
    for dim in range(1, input.ndim):  # PyTorch's dim 0 may be empty, in 3-D input too
        if input.shape[dim] == 0:
            raise RuntimeError(f"adaptive_max_pool2d(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with dimension {dim} being "
                               f"empty")
    refuse_integral("adaptive_max_pool2d", input)
    out_hw = _adaptive_output(output_size, input.shape[-2:])
    shape = list(input.shape[:-2]) + list(out_hw)
    if any(size < 0 for size in out_hw):
        negative = next(size for size in out_hw if size < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative}: {shape}")
    if 0 in out_hw:
        out = _creation.empty(*shape, dtype=input.dtype, device=input.device)
        indices = _creation.empty(*shape, dtype=dtypes.int64, device=input.device)
        return (out, indices) if return_indices else out
    out, indices = _pool_more.AdaptiveMaxPool2DBackward0.apply(input, out_hw)
    return (out, indices) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """The maximum of each adaptive window along the last dim of (N, C, L) or (C, L) ``input``, pooled to
    ``output_size`` (an int or a one-int tuple); with ``return_indices`` also each maximum's int64 position in L.
    An adaptive_max_pool2d of unit height (grad_fn SqueezeBackward1, as in PyTorch). Mirrors
    ``torch.nn.functional.adaptive_max_pool1d``.

    Raises RuntimeError for an input that is not 2-D or 3-D, or an ``output_size`` of more than one int.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_max_pool1d(gradlib.tensor([[1., 3., 2., 0., 4.]]), 2)
    tensor([[3., 4.]])
    """
    complex_support.check("adaptive_max_pool2d", input)
    require_tensor("adaptive_max_pool1d", input)
    _conv_pool.check_adaptive_1d_size("adaptive_max_pool1d", output_size)
    if not isinstance(output_size, int):
        if len(output_size) != 1:
            raise RuntimeError(f"adaptive_max_pool1d() argument 'output_size' should contain one int (got "
                               f"{len(output_size)})")
        output_size = output_size[0]
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for adaptive_max_pool1d)")
    if 0 in input.shape[1:]:
        raise RuntimeError(f"adaptive_max_pool1d(): Expected input to have non-zero size for non-batch dimensions, "
                           f"but input has sizes {list(input.shape)} with dimension {input.ndim - 1} being empty")
    out, indices = adaptive_max_pool2d(input.unsqueeze(-2), (1, output_size), True)
    if return_indices:
        return out.squeeze(-2), indices.squeeze(-2)
    return out.squeeze(-2)


def _unpool_output_size(input, kernel, stride, padding, output_size):
    """PyTorch's _unpool_output_size: the default (H - 1) * stride + kernel - 2 * padding per dim, or
    ``output_size`` (its last dims) checked to lie strictly within one stride of it."""
    default = [(input.shape[-len(kernel) + d] - 1) * stride[d] + kernel[d] - 2 * padding[d] for d in range(len(kernel))]
    if output_size is None:
        return default
    if len(output_size) == len(kernel) + 2:
        output_size = output_size[2:]
    if len(output_size) != len(kernel):
        raise ValueError(f"output_size should be a sequence containing {len(kernel)} or {len(kernel) + 2} elements, "
                         f"but it has a length of '{len(output_size)}'")
    for d in range(len(kernel)):
        low, high = default[d] - stride[d], default[d] + stride[d]
        if not low < output_size[d] < high:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {low} and {high})')
    return list(output_size)


def _max_unpool2d(input, indices, out_hw):
    """PyTorch's max_unpool2d kernel (checks in its order) on (N, C, H, W) or (C, H, W)."""
    if indices.dtype is not dtypes.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {indices.dtype.scalar_type}")
    if input.ndim not in (3, 4):
        raise RuntimeError(f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with {input.ndim} "
                           f"dimensions.")
    if tuple(input.shape) != tuple(indices.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for "
                               f"non-batch dimensions, but got {list(input.shape)} with dimension {dim} being empty.")
    refuse_kernel("max_unpool2d", "max_unpool2d", input)
    if indices._device is not input._device:
        check_argument_devices("max_unpool2d", ("self", input), ("indices", indices))
    volume = out_hw[0] * out_hw[1]
    # (with several indices outside, which one PyTorch's parallel CPU loop names varies from run to run)
    input._device._backend.check_bounds(indices._array, 0, volume, "max_unpool2d", lambda: RuntimeError(
        f"Found an invalid max index: {indexing.first_outside(indices._array, 0, volume)} (output volumes are of size "
        f"{out_hw[0]}x{out_hw[1]})"))
    return _pool_more.MaxUnpool2DBackward0.apply(input, indices._array, tuple(out_hw))


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool2d: zeros of (N, C, OH, OW) (or (C, OH, OW)) with each value of ``input``
    written at its flat position ``indices`` (int64, as max_pool2d's ``return_indices`` gives) in its (OH, OW)
    plane. OH = (H - 1) * stride - 2 * padding + kernel unless ``output_size`` (2 or 4 sizes) says otherwise, within
    one stride of that. One node, MaxUnpool2DBackward0; the gradient reads ``grad`` at the indices. Mirrors
    ``torch.nn.functional.max_unpool2d``.

    Raises ValueError for a bad ``output_size``; RuntimeError for non-int64 or mismatched indices, an input that is
    not 3-D or 4-D, an empty non-batch dim or an index outside the output plane (on a GPU: at the next
    synchronization); NotImplementedError for integer input.

    >>> import gradlib
    >>> F = gradlib.nn.functional
    >>> out, indices = F.max_pool2d(gradlib.tensor([[[[1., 4.], [3., 2.]]]]), 2, return_indices=True)
    >>> F.max_unpool2d(out, indices, 2)
    tensor([[[[0., 4.],
              [0., 0.]]]])
    """
    require_tensor("max_unpool2d", input, attribute="size")
    kernel = _conv_pool._pair(kernel_size)
    stride = kernel if stride is None else _conv_pool._pair(stride)
    padding = _conv_pool._pair(padding)
    out_hw = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool2d(input, indices, out_hw)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool1d on (N, C, L) or (C, L): zeros of length
    (L - 1) * stride - 2 * padding + kernel (or ``output_size``) with each value of ``input`` written at its
    position ``indices``. A max_unpool2d of unit width (grad_fn SqueezeBackward1, as in PyTorch). Mirrors
    ``torch.nn.functional.max_unpool1d``.

    >>> import gradlib
    >>> F = gradlib.nn.functional
    >>> F.max_unpool1d(*F.max_pool1d(gradlib.tensor([[[1., 3., 2., 0.]]]), 2, return_indices=True), 2)
    tensor([[[0., 3., 2., 0.]]])
    """
    require_tensor("max_unpool1d", input, attribute="size")
    kernel = (_conv_pool._single(kernel_size),)
    stride = kernel if stride is None else (_conv_pool._single(stride),)
    padding = (_conv_pool._single(padding),)
    out_size = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), out_size + [1]).squeeze(-1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling: (sum over each window of x ** p) ** (1 / p), composed as PyTorch composes it
    (``avg_pool2d(x ** p) * (kh * kw)``, its sign kept through a relu of its absolute value, then ``** (1 / p)``;
    grad_fn PowBackward0). Negative inputs with odd or fractional p give NaN, as in PyTorch; p = inf is the max
    pooling of |x| (p = -inf: minus that of -|x|). Mirrors
    ``torch.nn.functional.lp_pool2d``.

    >>> import gradlib
    >>> gradlib.nn.functional.lp_pool2d(gradlib.tensor([[[[3., 0.], [0., 4.]]]]), 2, 2)
    tensor([[[[5.]]]])
    """
    kh, kw = _conv_pool._pair(kernel_size)
    if norm_type in (float("inf"), -float("inf")):  # PyTorch's max pooling of |x| (of -|x|, negated)
        if norm_type > 0:
            return _conv_pool.max_pool2d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -_conv_pool.max_pool2d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = _conv_pool.avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = _conv_pool.avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return _lp_finish(out, kh * kw, norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling along the last dim of (N, C, L) or (C, L): (sum over each window of x ** p) ** (1 / p),
    composed as PyTorch composes it (see lp_pool2d). Mirrors ``torch.nn.functional.lp_pool1d``.

    >>> import gradlib
    >>> gradlib.nn.functional.lp_pool1d(gradlib.tensor([[3., 4., 1., 0.]]), 2, 2)
    tensor([[5., 1.]])
    """
    if input.ndim not in (2, 3):  # PyTorch's avg_pool1d argument check
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for avg_pool1d)")
    if norm_type in (float("inf"), -float("inf")):  # PyTorch's max pooling of |x| (of -|x|, negated)
        if norm_type > 0:
            return _conv_pool.max_pool1d(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -_conv_pool.max_pool1d(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = _conv_pool.avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = _conv_pool.avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return _lp_finish(out, _conv_pool._single(kernel_size), norm_type)


def _lp_finish(out, cells, norm_type):
    return (out.sign() * _elementwise.relu(out.abs())).mul(cells).pow(1.0 / norm_type)
