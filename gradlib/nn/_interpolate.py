"""``interpolate`` (re-exported by ``gradlib.nn.functional``): PyTorch's argument handling in front of the
resampling nodes of ``gradlib.ops.upsample`` ('area' is adaptive average pooling, as in PyTorch)."""
from ..ops import _args, upsample
from . import _conv3d

__all__ = ["interpolate"]

_MODE_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}


def _is_integer(value):
    return isinstance(value, int) or (hasattr(value, "dtype") and not value.dtype.is_floating_point and
                                      getattr(value, "ndim", 1) == 0)


def _output_size_and_scales(input, size, scale_factor, dim):
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {list(input.shape[2:])} and output size of {size}. "
                                 "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                                 "(o1, o2, ...,oK) format.")
            if not all(_is_integer(x) for x in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                                f"Tuple[int, int, int], but got size with types {[type(x) for x in size]}")
            return [int(x) for x in size], None
        return [int(size)] * dim, None
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != dim:
            raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                             f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                             "scale_factor in (s1, s2, ...,sK) format.")
        scales = [float(s) for s in scale_factor]
    else:
        scales = [float(scale_factor)] * dim
    return None, scales


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False, area_pool=None):
    """Resize the spatial dims of (N, C, d1, ..., dK) ``input`` to ``size`` or by ``scale_factor``.

    Modes: 'nearest' and 'nearest-exact' (1-3 spatial dims), 'linear' (3-D input), 'bilinear' and 'bicubic'
    (4-D; bicubic is PyTorch's cubic convolution with A = -0.75, border indices clamped, so values may overshoot
    the input's range), 'trilinear' (5-D), with ``align_corners``; 'area' (adaptive average pooling, 1-3 spatial
    dims). uint8 input is rounded and saturated after each axis (PyTorch's fixed-point kernel can differ by one).
    A given ``scale_factor`` gives floor(size * scale) outputs and is used for the source positions unless
    ``recompute_scale_factor=True``. (``area_pool`` is ``nn.functional.adaptive_avg_pool2d``, passed in by
    ``nn.functional.interpolate``, which this module sits below.) ``antialias=True`` (4-D 'bilinear' and
    'bicubic', float32/float64) filters as PyTorch's (PIL's) antialiasing kernels; 'lanczos' and ``antialias``
    of uint8 input are not implemented in gradlib (NotImplementedError says so). Errors otherwise as PyTorch (ValueError for conflicting
    arguments, NotImplementedError for a mode that does not fit the input's dims). Mirrors
    ``torch.nn.functional.interpolate``.

    >>> import gradlib
    >>> x = gradlib.tensor([[[1.0, 2.0]]])
    >>> gradlib.nn.functional.interpolate(x, scale_factor=2)
    tensor([[[1., 1., 2., 2.]]])
    >>> gradlib.nn.functional.interpolate(x, size=4, mode="linear")
    tensor([[[1.0000, 1.2500, 1.7500, 2.0000]]])
    >>> gradlib.nn.functional.interpolate(x, size=3, mode="linear", align_corners=True)
    tensor([[[1.0000, 1.5000, 2.0000]]])
    >>> gradlib.nn.functional.interpolate(x[None], size=(1, 4), mode="bicubic")
    tensor([[[[0.8945, 1.2266, 1.7734, 2.1055]]]])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | "
                             "bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.ndim - 2
    output_size, scales = _output_size_and_scales(input, size, scale_factor, dim)
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        output_size = [int(input.shape[i + 2] * scales[i]) for i in range(dim)]
        scales = None
    if antialias:
        if not (mode in ("bilinear", "bicubic", "lanczos") and input.ndim == 4):
            raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                             "4-D tensor as input")
        if mode == "lanczos":
            raise NotImplementedError(f"gradlib's interpolate does not implement mode '{mode}'")
        if input.dtype.scalar_type == "Byte":  # PyTorch's fixed-point uint8 kernel is not reproduced
            raise NotImplementedError("gradlib's interpolate does not implement antialias=True for uint8 input")
        if not input.dtype.is_floating_point or input.dtype.itemsize < 4:
            raise NotImplementedError(f'"compute_index_ranges_weights" not implemented for '
                                      f"'{input.dtype.scalar_type}'")
        if output_size is None:
            output_size = [int(input.shape[i + 2] * scales[i]) for i in range(dim)]
        _check_sizes(input, output_size)
        return upsample.resample(input, f"{mode}-aa", output_size, scales, align_corners)
    if output_size is None:
        output_size = [int(input.shape[i + 2] * scales[i]) for i in range(dim)]
    if input.ndim in (3, 4, 5) and mode in ("nearest", "nearest-exact"):
        _check_sizes(input, output_size)
        _refuse_integral(input, mode)
        return upsample.resample(input, mode, output_size, scales, None)
    if input.ndim in (3, 4) and mode == "area":
        return _area(input, output_size, area_pool)
    if input.ndim == 5 and mode == "area":  # PyTorch's adaptive_avg_pool3d
        return _conv3d.adaptive_avg_pool3d(input, tuple(output_size))
    integral = not input.dtype.is_floating_point and input.dtype.scalar_type != "Byte"
    if mode == "bicubic" and input.ndim == 4 and integral:
        raise NotImplementedError(f'"compute_indices_weights_cubic" not implemented for '
                                  f"'{input.dtype.scalar_type}'")
    if mode in _MODE_DIMS and input.ndim == _MODE_DIMS[mode] + 2:
        _check_sizes(input, output_size)
        _refuse_integral(input, mode)
        return upsample.resample(input, mode, output_size, scales, align_corners)
    if mode == "lanczos" and input.ndim == 4:
        raise NotImplementedError(f"gradlib's interpolate does not implement mode '{mode}'")
    needs = {"linear": 3, "bilinear": 4, "trilinear": 5}
    if mode in needs and input.ndim in (3, 4, 5):
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {needs[mode]}D input")
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported"
                              f" (got {input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear "
                              f"| lanczos | area | nearest-exact (got {mode})")


def _check_sizes(input, output_size):
    """PyTorch's upsampling kernels' RuntimeError for an empty spatial input or output size."""
    spatial = tuple(input.shape[2:])
    if min(spatial) > 0 and min(output_size) > 0:
        return
    names = ("D", "H", "W")[3 - len(spatial):]
    shown = lambda sizes: ", ".join(f"{n}: {v}" for n, v in zip(names, sizes))  # noqa: E731
    joiner = " and output" if len(spatial) == 1 else " output"
    raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({shown(spatial)})"
                       f"{joiner} ({shown(output_size)})")


def _refuse_integral(input, mode):
    """PyTorch resamples floating-point tensors, and uint8 ones in 'nearest', 'nearest-exact' and 'bilinear': its
    NotImplementedError names the kernel that refuses (on the CPU a 4-D integer input takes the channels-last
    kernel)."""
    kind = "nearest" if mode in ("nearest", "nearest-exact") else "linear"
    refused = "iubc" if mode in ("linear", "trilinear") else "ibc"  # uint8 ("u") passes the others; no complex kernels
    if input.device.type != "cpu":
        kernel = f"upsample_{'nearest' if kind == 'nearest' else mode}{input.ndim - 2}d_out_frame"
    elif input.ndim == 4:
        kernel = f"upsample_{'nearest' if kind == 'nearest' else 'bilinear'}2d_channels_last"
    else:
        kernel = f"compute_indices_weights_{kind}"
    _args.refuse_kernel("interpolate", kernel, input, refused)


def _area(input, output_size, pool):
    if input.ndim == 3:
        return pool(input.unsqueeze(2), (1, output_size[0])).squeeze(2)
    return pool(input, tuple(output_size))
