"""More pooling functions (re-exported by ``gradlib.nn.functional``): adaptive_max_pool1d/2d, with PyTorch's
argument checks and error wording."""
from .. import _creation, dtypes
from ..ops import pool_more as _pool_more
from ..ops._args import refuse_integral, require_tensor

__all__ = ["adaptive_max_pool1d", "adaptive_max_pool2d"]


def _adaptive_output(output_size, spatial_shape):
    """PyTorch's reading of an adaptive pool's ``output_size``: an int is every dim, None keeps that dim."""
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
    require_tensor("adaptive_max_pool2d", input, attribute="size")
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
    require_tensor("adaptive_max_pool1d", input)
    if not isinstance(output_size, int):
        if len(output_size) != 1:
            raise RuntimeError(f"adaptive_max_pool1d() argument 'output_size' should contain one int (got "
                               f"{len(output_size)})")
        output_size = output_size[0]
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for adaptive_max_pool1d)")
    out, indices = adaptive_max_pool2d(input.unsqueeze(-2), (1, output_size), True)
    if return_indices:
        return out.squeeze(-2), indices.squeeze(-2)
    return out.squeeze(-2)
