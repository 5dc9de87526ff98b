"""The argument checks of ``gradlib.fft`` in PyTorch's order (aten/src/ATen/native/SpectralOps.cpp): the real
input check of real-to-complex transforms, the dtype promotion (``promote_tensor_fft``), the dims (wrapped without
the 0-d exception: ``Dimension specified as 0 but tensor has no dimensions``), their uniqueness, ``s`` against
``dim``, the number of points, then the norm.
"""
from . import dtypes
from .ops._dims import normalize_dim

__all__ = ["NORMS", "check_norm", "promote", "wrap_dim", "one_dim", "shape_and_dims", "c2r_shape_and_dims",
           "require_real"]

NORMS = ("backward", "forward", "ortho")


def check_norm(norm):
    """``norm`` as one of ``NORMS`` (None is ``"backward"``); anything else is PyTorch's RuntimeError."""
    if norm is None:
        return "backward"
    if norm not in NORMS:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def wrap_dim(dim, ndim):
    """A non-negative dim (``maybe_wrap_dim`` with ``wrap_scalar=false``: a 0-d tensor has no dim)."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return normalize_dim(dim, ndim)


def promote(input, require_complex):
    """``promote_tensor_fft``: integers and bool read as the default float; float16 and bfloat16 refused (PyTorch's
    CPU kernels; gradlib refuses them on every device); real to complex where ``require_complex``."""
    dtype = input.dtype
    if dtype.is_complex:
        return input
    if not dtype.is_floating_point:
        dtype = dtypes.get_default_dtype()
    if dtype not in (dtypes.float32, dtypes.float64):
        raise RuntimeError(f"Unsupported dtype {dtype.scalar_type}")
    if require_complex:
        dtype = dtype.to_complex()
    return input if dtype is input.dtype else input.to(dtype)


def require_real(name, input, wording="real"):
    if input.dtype.is_complex:
        raise RuntimeError(f"{name} expects a {wording} input tensor, but got {input.dtype.scalar_type}")


def one_dim(input, n, dim, default=None):
    """The dim and the number of points of a one-dimensional transform (``default(size)`` where ``n`` is None)."""
    axis = wrap_dim(dim, input.ndim)
    size = input.shape[axis]
    points = n if n is not None else (size if default is None else default(size))
    if points < 1:
        raise RuntimeError(f"Invalid number of data points ({points}) specified")
    return axis, points


def _as_list(value):
    return [value] if isinstance(value, int) else list(value)


def shape_and_dims(input, s, dim):
    """``canonicalize_fft_shape_and_dim_args``: the transformed dims and their sizes (``s``, -1 meaning the
    input's size; by default every dim, or the last ``len(s)``)."""
    ndim = input.ndim
    dims = None
    if dim is not None:
        dims = [wrap_dim(d, ndim) for d in _as_list(dim)]
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
    if s is not None:
        s = _as_list(s)
        if dims is not None and len(dims) != len(s):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
        if len(s) > ndim:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {ndim} dimensions.")
        if dims is None:
            dims = list(range(ndim - len(s), ndim))
        shape = [input.shape[d] if n == -1 else n for d, n in zip(dims, s)]
    else:
        dims = list(range(ndim)) if dims is None else dims
        shape = [input.shape[d] for d in dims]
    for points in shape:
        if points <= 0:
            raise RuntimeError(f"Invalid number of data points ({points}) specified")
    return shape, dims


def c2r_shape_and_dims(name, input, s, dim):
    """``canonicalize_fft_c2r_shape_and_dim_args``: as ``shape_and_dims``, the last size the real output's
    (``2 * (size - 1)`` by default)."""
    shape, dims = shape_and_dims(input, s, dim)
    if not shape:
        raise RuntimeError(f"{name} must transform at least one axis")
    if s is None or _as_list(s)[-1] == -1:
        shape[-1] = 2 * (input.shape[dims[-1]] - 1)
    if shape[-1] < 1:
        raise RuntimeError(f"Invalid number of data points ({shape[-1]}) specified")
    return shape, dims
