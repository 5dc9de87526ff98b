"""More pooling functions (re-exported by ``gradlib.nn.functional``): adaptive_max_pool1d/2d/3d,
max_unpool1d/2d/3d, lp_pool1d/2d/3d, with PyTorch's argument checks and error wording (the 2-D and 3-D forms share
one checked path and one node family each)."""
from .. import _creation, dtypes
from ..ops import elementwise as _elementwise, indexing, pool_more as _pool_more
from ..ops._args import kernel_device, refuse_integral, refuse_kernel, require_int_list, require_tensor
from ..ops._op import check_argument_devices
from . import _conv3d, _conv_pool
from ..ops import complex_support

__all__ = ["adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "max_unpool1d", "max_unpool2d",
           "max_unpool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d", "adaptive_max_pool1d_with_indices",
           "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices", "max_pool1d_with_indices",
           "max_pool2d_with_indices", "max_pool3d_with_indices"]


def _adaptive_output(output_size, spatial_shape):
    """PyTorch's reading of an adaptive pool's ``output_size``: an int is every dim, None keeps that dim."""
    if output_size is None:  # PyTorch's Python code takes its len()
        raise TypeError("object of type 'NoneType' has no len()")
    if isinstance(output_size, int):
        return (output_size,) * len(spatial_shape)
    return tuple(size if out is None else out for out, size in zip(output_size, spatial_shape))


_AXES = {2: "2D", 3: "3D", 4: "4D", 5: "5D"}


def _adaptive_max_pool(name, input, output_size, dims, node):
    """The adaptive max pooling of the last ``dims`` dims of ``input`` with PyTorch's checks in its order: its
    Python code's ``_list_with_default`` (len() of ``output_size``, which must be shorter than the input's dims),
    the argument parser's ints, then the kernel's rank, empty-dim, output-length and negative-size checks and its
    dtype dispatch. Returns (output, indices)."""
    require_tensor(name, input, attribute="size")
    if not isinstance(output_size, int):
        if input.ndim <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        output_size = tuple(size if out is None else out
                            for out, size in zip(output_size, input.shape[input.ndim - len(output_size):]))
        require_int_list(name, "output_size", output_size, 2)
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{name}(): Expected {_AXES[dims + 1]} or {_AXES[dims + 2]} tensor, but got: "
                           f"{list(input.shape)}")
    for dim in range(1, input.ndim):  # PyTorch's dim 0 may be empty, in unbatched input too
        if input.shape[dim] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {dim} being empty")
    if not isinstance(output_size, int) and len(output_size) != dims:
        raise RuntimeError(f"{name}(): internal error: output_size.size() must be {dims}")
    out_size = _adaptive_output(output_size, input.shape[-dims:])
    shape = list(input.shape[:-dims]) + list(out_size)
    if any(size < 0 for size in out_size):
        negative = next(size for size in out_size if size < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative}: {shape}")
    complex_support.check(name, input)
    refuse_integral(name if dims == 2 else f"{name}_{kernel_device(input)}", input)
    if 0 in out_size:
        out = _creation.empty(*shape, dtype=input.dtype, device=input.device)
        return out, _creation.empty(*shape, dtype=dtypes.int64, device=input.device)
    return node.apply(input, out_size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The maximum of each adaptive window of (N, C, H, W) or (C, H, W) ``input``, pooled to ``output_size``
    (an int, or a pair whose None keeps that dim); windows are split as PyTorch splits them (cells
    floor(i * H / OH) to ceil((i + 1) * H / OH)). With ``return_indices`` also the int64 flat position of each
    maximum in its (H, W) plane. The first maximum wins ties; a window holding NaN reports its last NaN. Floating
    dtypes only. One node, AdaptiveMaxPool2DBackward0. Mirrors ``torch.nn.functional.adaptive_max_pool2d``.

    Raises ValueError for an ``output_size`` with as many entries as ``input`` has dims; RuntimeError for an input
    that is not 3-D or 4-D, or has an empty non-batch dim, or a negative output size; NotImplementedError for
    integer or complex input.

    >>> import gradlib
    >>> x = gradlib.tensor([[[1., 5., 2.], [0., 3., 4.], [7., 6., 8.]]])
    >>> gradlib.nn.functional.adaptive_max_pool2d(x, 2, return_indices=True)
    (tensor([[[5., 5.],
             [7., 8.]]]), tensor([[[1, 1],
             [6, 8]]]))
    """
    out, indices = _adaptive_max_pool("adaptive_max_pool2d", input, output_size, 2,
                                      _pool_more.AdaptiveMaxPool2DBackward0)
    return (out, indices) if return_indices else out


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """The maximum of each adaptive window of (N, C, D, H, W) or (C, D, H, W) ``input``, pooled to
    ``output_size`` (an int, or a triple whose None keeps that dim; windows split as in adaptive_max_pool2d).
    With ``return_indices`` also the int64 flat position of each maximum in its (D, H, W) volume. The first
    maximum wins ties; a window holding NaN reports its last NaN. Floating dtypes only. One node,
    AdaptiveMaxPool3DBackward0 (the gradient goes to each window's maximum). Mirrors
    ``torch.nn.functional.adaptive_max_pool3d``.

    Raises ValueError for an ``output_size`` with as many entries as ``input`` has dims; RuntimeError for an input
    that is not 4-D or 5-D, an empty non-batch dim, an ``output_size`` of other than three sizes or a negative
    size; NotImplementedError for integer or complex input.

    >>> import gradlib
    >>> x = gradlib.tensor([[[[1., 5.], [0., 3.]], [[7., 2.], [6., 7.]]]])
    >>> gradlib.nn.functional.adaptive_max_pool3d(x, (1, 2, 1), return_indices=True)
    (tensor([[[[7.],
              [7.]]]]), tensor([[[[4],
              [7]]]]))
    """
    out, indices = _adaptive_max_pool("adaptive_max_pool3d", input, output_size, 3,
                                      _pool_more.AdaptiveMaxPool3DBackward0)
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


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool1d`` that always returns (output, indices) (``return_indices`` is ignored, as PyTorch
    ignores it). Mirrors ``torch.nn.functional.adaptive_max_pool1d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_max_pool1d_with_indices(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    (tensor([[3., 2.]]), tensor([[1, 2]]))
    """
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool2d`` that always returns (output, indices). Mirrors
    ``torch.nn.functional.adaptive_max_pool2d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_max_pool2d_with_indices(gradlib.tensor([[[1., 3.], [4., 2.]]]), 1)
    (tensor([[[4.]]]), tensor([[[2]]]))
    """
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    """``adaptive_max_pool3d`` that always returns (output, indices). Mirrors
    ``torch.nn.functional.adaptive_max_pool3d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.adaptive_max_pool3d_with_indices(gradlib.tensor([[[[1., 3.], [4., 2.]]]]), 1)
    (tensor([[[[4.]]]]), tensor([[[[2]]]]))
    """
    return adaptive_max_pool3d(input, output_size, True)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool1d`` that always returns (output, indices), with the checks of PyTorch's with-indices kernel.
    Mirrors ``torch.nn.functional.max_pool1d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool1d_with_indices(gradlib.tensor([[1., 3., 2., 0.]]), 2)
    (tensor([[3., 2.]]), tensor([[1, 2]]))
    """
    return _conv_pool.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool2d`` that always returns (output, indices), with the checks of PyTorch's with-indices kernel.
    Mirrors ``torch.nn.functional.max_pool2d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool2d_with_indices(gradlib.tensor([[[1., 3.], [4., 2.]]]), 2)
    (tensor([[[4.]]]), tensor([[[2]]]))
    """
    return _conv_pool.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=False):
    """``max_pool3d`` that always returns (output, indices). Mirrors
    ``torch.nn.functional.max_pool3d_with_indices``.

    >>> import gradlib
    >>> gradlib.nn.functional.max_pool3d_with_indices(gradlib.tensor([[[[1., 3.], [4., 2.]]]]), (1, 2, 2))
    (tensor([[[[4.]]]]), tensor([[[[2]]]]))
    """
    return _conv3d.max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _unpool_output_size(input, kernel, stride, padding, output_size):
    """PyTorch's _unpool_output_size: the default (H - 1) * stride + kernel - 2 * padding per dim, or
    ``output_size`` (its last dims) checked to lie strictly within one stride of it; either must not be
    negative."""
    default = [(input.shape[-len(kernel) + d] - 1) * stride[d] + kernel[d] - 2 * padding[d] for d in range(len(kernel))]
    if output_size is None:
        sizes = default
    else:
        if len(output_size) == len(kernel) + 2:
            output_size = output_size[2:]
        if len(output_size) != len(kernel):
            raise ValueError(f"output_size should be a sequence containing {len(kernel)} or {len(kernel) + 2} "
                             f"elements, but it has a length of '{len(output_size)}'")
        for d in range(len(kernel)):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < output_size[d] < high:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {low} and {high})')
        sizes = output_size
    for d in range(len(kernel)):
        if sizes[d] < 0:
            raise ValueError(f"max_unpooling: output_size must contain non-negative spatial dimensions, but got "
                             f"output_size[{d}]={sizes[d]}")
    return list(sizes)


_UNPOOL_DIMS = {2: ("two", "(height, width)"), 3: ("three", "(depth, height, width)")}


def _max_unpool(input, indices, out_size, stride, dims, node):
    """PyTorch's max_unpool2d/3d kernel (checks in its order) on (N, C, *spatial) or (C, *spatial): ``dims``
    spatial dims; ``stride`` is checked by the 3-D kernel only, as PyTorch's."""
    name = f"max_unpool{dims}d"
    if indices.dtype is not dtypes.int64:
        detail = f" but got: {indices.dtype.scalar_type}" if dims == 2 else ""
        raise RuntimeError(f"elements in indices should be type int64{detail}")
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Input to max_unpooling{dims}d should be a {dims + 1}d or {dims + 2}d Tensor, but got a "
                           f"tensor with {input.ndim} dimensions.")
    if len(out_size) != dims:
        count, axes = _UNPOOL_DIMS[dims]
        raise RuntimeError(f"There should be exactly {count} elements {axes} in output_size, but got "
                           f"{len(out_size)} elements.")
    if tuple(input.shape) != tuple(indices.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"max_unpooling{dims}d_forward_out_cpu(): Expected input to have non-zero size for "
                               f"non-batch dimensions, but got {list(input.shape)} with dimension {dim} being empty.")
    if stride is not None and any(step <= 0 for step in stride):
        raise RuntimeError(f"strides should be greater than zero, but got stride: {list(stride)}")
    refuse_kernel(name, name, input, kinds="iubc")
    if indices._device is not input._device:
        check_argument_devices(name, ("self", input), ("indices", indices))
    volume = 1
    for size in out_size:
        volume *= size
    if volume and input.numel():  # an empty output takes no index (PyTorch's kernel reads none)
        sizes = "x".join(str(size) for size in out_size)
        # (with several indices outside, which one PyTorch's parallel CPU loop names varies from run to run)
        input._device._backend.check_bounds(indices._array, 0, volume, name, lambda: RuntimeError(
            f"Found an invalid max index: {indexing.first_outside(indices._array, 0, volume)} (output volumes are of "
            f"size {sizes})"))
    return node.apply(input, indices._array, tuple(out_size))


def _max_unpool2d(input, indices, out_hw):
    return _max_unpool(input, indices, out_hw, None, 2, _pool_more.MaxUnpool2DBackward0)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool2d: zeros of (N, C, OH, OW) (or (C, OH, OW)) with each value of ``input``
    written at its flat position ``indices`` (int64, as max_pool2d's ``return_indices`` gives) in its (OH, OW)
    plane. OH = (H - 1) * stride - 2 * padding + kernel unless ``output_size`` (2 or 4 sizes) says otherwise, within
    one stride of that. One node, MaxUnpool2DBackward0; the gradient reads ``grad`` at the indices. Mirrors
    ``torch.nn.functional.max_unpool2d``.

    Raises ValueError for a bad or negative ``output_size``; RuntimeError for non-int64 or mismatched indices, an
    input that is not 3-D or 4-D, an empty non-batch dim or an index outside the output plane (on a GPU: at the
    next synchronization); NotImplementedError for integer or complex input.

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


def _ntuple(value, n):
    """PyTorch's ``_ntuple``: an int repeated ``n`` times, any other iterable as a tuple of its items."""
    return (value,) * n if isinstance(value, int) else tuple(value)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of max_pool3d: zeros of (N, C, OD, OH, OW) (or (C, OD, OH, OW)) with each value of
    ``input`` written at its flat position ``indices`` (int64, as max_pool3d's ``return_indices`` gives) in its
    (OD, OH, OW) volume. OD = (D - 1) * stride - 2 * padding + kernel unless ``output_size`` (3 or 5 sizes) says
    otherwise, within one stride of that. One node, MaxUnpool3DBackward0; the gradient reads ``grad`` at the
    indices. Mirrors ``torch.nn.functional.max_unpool3d``.

    Raises ValueError for a bad or negative ``output_size``; RuntimeError for non-int64 or mismatched indices, an
    input that is not 4-D or 5-D, an empty non-batch dim, a stride below 1 or an index outside the output volume
    (on a GPU: at the next synchronization); NotImplementedError for integer or complex input.

    >>> import gradlib
    >>> F = gradlib.nn.functional
    >>> out, indices = F.max_pool3d(gradlib.tensor([[[[[1., 4.], [3., 2.]]]]]), (1, 2, 2), return_indices=True)
    >>> F.max_unpool3d(out, indices, (1, 2, 2))
    tensor([[[[[0., 4.],
               [0., 0.]]]]])
    """
    require_tensor("max_unpool3d", input, attribute="size")
    kernel = _ntuple(kernel_size, 3)
    stride = kernel if stride is None else _ntuple(stride, 3)
    padding = _ntuple(padding, 3)
    out_size = _unpool_output_size(input, kernel, stride, padding, output_size)
    return _max_unpool(input, indices, out_size, stride, 3, _pool_more.MaxUnpool3DBackward0)


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
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, _conv_pool.max_pool2d, _conv_pool.avg_pool2d,
                    kh * kw)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling over (N, C, D, H, W) or (C, D, H, W): (sum over each window of x ** p) ** (1 / p),
    composed as PyTorch composes it (``avg_pool3d(x ** p) * (kd * kh * kw)``, its sign kept through a relu of its
    absolute value, then ``** (1 / p)``; grad_fn PowBackward0); p = inf is the max pooling of |x| (p = -inf: minus
    that of -|x|). Integer input is pooled in the default float dtype (its ``pow`` is integral, avg_pool3d's
    result is not), as PyTorch's. Mirrors ``torch.nn.functional.lp_pool3d``.

    Raises ValueError for a ``kernel_size`` of other than three sizes; avg_pool3d's (max_pool3d's for p = +-inf)
    RuntimeErrors for bad input dims, kernel or stride; ZeroDivisionError for p = 0.

    >>> import gradlib
    >>> gradlib.nn.functional.lp_pool3d(gradlib.tensor([[[[[3., 0.], [0., 4.]]]]]), 2, (1, 2, 2))
    tensor([[[[[5.]]]]])
    """
    kd, kh, kw = _conv3d._triple(kernel_size)
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, _conv3d.max_pool3d, _conv3d.avg_pool3d,
                    kd * kh * kw)


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
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, _conv_pool.max_pool1d, _conv_pool.avg_pool1d,
                    _conv_pool._single(kernel_size))


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, max_pool, avg_pool, cells):
    """lp_pool1d/2d/3d as PyTorch composes them from ``max_pool``/``avg_pool`` of the same dims; ``cells``: the
    window's number of cells."""
    if norm_type in (float("inf"), -float("inf")):  # PyTorch's max pooling of |x| (of -|x|, negated)
        if norm_type > 0:
            return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if stride is not None:
        out = avg_pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (out.sign() * _elementwise.relu(out.abs())).mul(cells).pow(1.0 / norm_type)
