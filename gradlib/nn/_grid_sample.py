"""Spatial transformer functions (re-exported by ``gradlib.nn.functional``): affine_grid and grid_sample, with
PyTorch's argument checks, warnings and error wording."""
import warnings

from ..ops import grid_sample as _grid_sample
from ..ops._args import refuse_kernel, require_tensor
from ..ops._op import check_argument_devices

__all__ = ["affine_grid", "grid_sample"]

_ALIGN_CORNERS_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since "
                          "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
                          "documentation of grid_sample for details.")


def affine_grid(theta, size, align_corners=None):
    """The sampling grid of a batch of affine maps: for ``size`` (N, C, H, W) and (N, 2, 3) ``theta``, the
    (N, H, W, 2) grid whose point (i, j) is theta applied to (x_j, y_i, 1), where x and y run over [-1, 1]
    (cell centers unless ``align_corners``); for (N, C, D, H, W) and (N, 3, 4) ``theta``, (N, D, H, W, 3). Floating
    ``theta`` only; the grid has its dtype. One node, AffineGridGeneratorBackward0. Without ``align_corners``
    PyTorch's UserWarning is given and False is used. Mirrors ``torch.nn.functional.affine_grid``.

    Raises ValueError for integer ``theta``, a ``theta`` of the wrong shape or a size with a zero; NotImplementedError
    for a ``size`` that is not 4-D or 5-D; RuntimeError when theta's batch differs from size[0].

    >>> import gradlib
    >>> theta = gradlib.tensor([[[1., 0., 0.], [0., 1., 0.]]])
    >>> gradlib.nn.functional.affine_grid(theta, (1, 1, 2, 2), align_corners=False)
    tensor([[[[-0.5000, -0.5000],
              [ 0.5000, -0.5000]],
    <BLANKLINE>
             [[-0.5000,  0.5000],
              [ 0.5000,  0.5000]]]])
    """
    if align_corners is None:
        warnings.warn(_ALIGN_CORNERS_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    given = size  # the messages print it as given (a list as a list), as PyTorch's
    size = tuple(size) if isinstance(size, list) else size
    if len(size) == 4:
        if theta.ndim != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {given}. Got "
                             f"{theta.shape}.")
        spatial = tuple(size[-2:])
    elif len(size) == 5:
        if theta.ndim != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {given}. Got "
                             f"{theta.shape}.")
        spatial = tuple(size[-3:])
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {given}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", UserWarning, stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {given}")
    if theta.shape[0] != size[0]:  # PyTorch's bmm of the (size[0], cells, dims + 1) base with theta^T
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size[0]}, "
                           f"{theta.shape[2]}] but got: [{theta.shape[0]}, {theta.shape[2]}].")
    return _grid_sample.AffineGridGeneratorBackward0.apply(theta, spatial, bool(align_corners))


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Samples (N, C, H, W) ``input`` at the (N, OH, OW, 2) ``grid`` points, giving (N, C, OH, OW); or (N, C, D, H, W)
    at (N, OD, OH, OW, 3). ``grid[..., 0]`` is x (the last input dim), in [-1, 1] from the first to the last cell
    (their centers with ``align_corners=True``, their outer edges otherwise). ``mode``: 'bilinear' (trilinear in
    3-D), 'nearest' (halves round to even) or 'bicubic' (2-D; PyTorch's cubic convolution, A = -0.75, over 4 x 4
    taps, each tap padded); ``padding_mode`` for points outside: 'zeros', 'border' (the nearest edge cell) or
    'reflection' (mirrored at the edges). Differentiable in input and grid at every order (nearest:
    the grid's gradient is zero); one node, GridSampler2DBackward0 / GridSampler3DBackward0. Input and grid share
    one floating dtype. Without ``align_corners`` PyTorch's UserWarning is given and False is used. Mirrors
    ``torch.nn.functional.grid_sample``.

    Raises ValueError for an unknown mode or padding mode; RuntimeError for mismatched batch sizes, grid or input
    ranks, empty spatial dims, dtypes or devices; NotImplementedError for integer input.

    >>> import gradlib
    >>> x = gradlib.tensor([[[[0., 1.], [2., 3.]]]])
    >>> grid = gradlib.tensor([[[[0., 0.], [1., -1.]]]])
    >>> gradlib.nn.functional.grid_sample(x, grid, align_corners=True)
    tensor([[[[1.5000, 1.0000]]]])
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_CORNERS_WARNING, UserWarning, stacklevel=2)
        align_corners = False
    require_tensor("grid_sampler", input)
    require_tensor("grid_sampler", grid, argument="grid", position=2)
    if input._device is not grid._device:
        kernel = "grid_sampler_2d" if input.ndim == 4 else "grid_sampler_3d"
        check_argument_devices(kernel, ("input", input), ("grid", grid))
    _check_shapes(input, grid, mode)
    refuse_kernel("grid_sampler", "grid_sampler_2d_cpu_kernel_impl" if input.ndim == 4 else "grid_sampler3d_cpu",
                  input, "iubc")  # no integer, bool or complex kernels
    if grid.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype.scalar_type} but found {grid.dtype.scalar_type}")
    node = _grid_sample.GridSampler2DBackward0 if input.ndim == 4 else _grid_sample.GridSampler3DBackward0
    return node.apply(input, grid, mode, padding_mode, bool(align_corners))


def _check_shapes(input, grid, mode):
    """PyTorch's check_grid_sampler_common, then its 2-D / 3-D checks, in order."""
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, but got "
                           f"grid with sizes {list(grid.shape)}")
    for dim in range(2, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {list(input.shape)} with dimension {dim} being empty")
    rank = 4 if input.ndim == 4 else 5
    if input.ndim != rank or grid.ndim != rank:
        raise RuntimeError(f"grid_sampler(): expected {rank}D input and grid with same number of dimensions, but got "
                           f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}")
    if rank == 5 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
