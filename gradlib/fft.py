"""Discrete Fourier transforms, as ``torch.fft``: fft/ifft, fft2/ifft2, fftn/ifftn, rfft/irfft, fftshift/ifftshift,
fftfreq/rfftfreq.

Real inputs give complex results of their precision (float32 -> complex64, float64 -> complex128; integers are
read as the default float); ``irfft`` gives real results. ``norm`` is PyTorch's: ``"backward"`` (None: no scaling
forward, 1/n inverse), ``"ortho"`` (1/sqrt(n) both ways) or ``"forward"`` (1/n forward); anything else raises
RuntimeError ``Invalid normalization mode``. Gradients follow PyTorch's convention for complex autograd
(``gradlib/ops/fft_ops.py``).

>>> import gradlib
>>> gradlib.fft.fft(gradlib.tensor([1., 2., 3., 4.]))
tensor([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j])
"""
from . import _creation, dtypes
from . import _fft_args as A
from .ops import complex_ops, fft_ops, rearrange
from .ops._args import require_tensor
from .ops.fft_ops import DUAL_NORM

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn", "irfftn",
           "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn", "fftshift", "ifftshift", "fftfreq", "rfftfreq"]


def _c2c_or_r2c(name, input, n, dim, norm, inverse):
    """fft/ifft: complex input c2c, real input r2c (both sides), PyTorch's checks in its order."""
    require_tensor(f"fft_{name}", input)
    if not input.dtype.is_complex:
        input = A.promote(input, False)
    axis, points = A.one_dim(input, n, dim)
    norm = A.check_norm(norm)
    return fft_ops.fft_c2c(input, [axis], None if n is None else [points], norm, inverse, one_dim=True)


def _r2c(name, input, n, dim, norm):
    """The one-sided transform of a real signal (rfft; ihfft conjugates it): the axis, points and norm."""
    require_tensor(f"fft_{name}", input)
    A.require_real(name, input)
    input = A.promote(input, False)
    axis, points = A.one_dim(input, n, dim)
    return input, axis, (None if n is None else [points]), A.check_norm(norm)


def _c2r(name, input, n, dim, norm):
    """The real signal of a one-sided spectrum (irfft; hfft of the conjugate): the axis, points and norm."""
    require_tensor(f"fft_{name}", input)
    input = A.promote(input, True)
    axis, points = A.one_dim(input, n, dim, default=lambda size: 2 * (size - 1))
    return input, axis, [points], A.check_norm(norm)


def _many(name, input, s, dim, norm, inverse):
    require_tensor(f"fft_{name}", input)
    shape, dims = A.shape_and_dims(input, s, dim)
    input = A.promote(input, True)
    norm = A.check_norm(norm)
    if not dims:
        return input.clone()
    return fft_ops.fft_c2c(input, dims, shape, norm, inverse)


def _many_r2c(name, input, s, dim, norm, hermitian=False):
    """rfftn, or (``hermitian``) ihfftn: the conjugate of rfftn with the dual norm."""
    kernel = "ihfftn" if hermitian else "rfftn"
    require_tensor(f"fft_{name}", input)
    if not hermitian:
        A.require_real(kernel, input, "real-valued")
    shape, dims = A.shape_and_dims(input, s, dim)
    if not shape:
        raise RuntimeError(f"{kernel} must transform at least one axis")
    input = A.promote(input, False)
    norm = A.check_norm(norm)
    if not hermitian:
        return fft_ops.fft_r2c(input, dims, shape, norm)
    if input.dtype.is_complex:
        raise RuntimeError(f"Only supports floating-point dtypes, but found: {input.dtype.scalar_type}")
    return complex_ops.conj(fft_ops.fft_r2c(input, dims, shape, DUAL_NORM[norm]))


def _many_c2r(name, input, s, dim, norm, hermitian=False):
    """irfftn, or (``hermitian``) hfftn: irfftn of the conjugate with the dual norm."""
    kernel = "hfftn" if hermitian else "irfftn"
    require_tensor(f"fft_{name}", input)
    shape, dims = A.c2r_shape_and_dims(kernel, input, s, dim)
    input = A.promote(input, True)
    norm = A.check_norm(norm)
    if not hermitian:
        return fft_ops.fft_c2r(input, dims, shape, norm)
    return fft_ops.fft_c2r(complex_ops.conj(input), dims, shape, DUAL_NORM[norm])


def fft(input, n=None, dim=-1, norm=None):
    """The one-dimensional discrete Fourier transform along ``dim`` (``torch.fft.fft``); ``n`` cuts or zero-pads
    the signal first.

    >>> import gradlib
    >>> gradlib.fft.fft(gradlib.tensor([1., 0., 0., 0.]))
    tensor([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    return _c2c_or_r2c("fft", input, n, dim, norm, False)


def ifft(input, n=None, dim=-1, norm=None):
    """The inverse of ``fft`` along ``dim`` (``torch.fft.ifft``).

    >>> import gradlib
    >>> gradlib.fft.ifft(gradlib.tensor([4., 0., 0., 0.]))
    tensor([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    return _c2c_or_r2c("ifft", input, n, dim, norm, True)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional transform over ``dim`` (the last two dims), as ``torch.fft.fft2``.

    >>> import gradlib
    >>> gradlib.fft.fft2(gradlib.ones(2, 2))
    tensor([[4.+0.j, 0.+0.j],
            [0.+0.j, 0.+0.j]])
    """
    return _many("fft2", input, s, dim, norm, False)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """The inverse of ``fft2`` (``torch.fft.ifft2``).

    >>> import gradlib
    >>> gradlib.fft.ifft2(gradlib.tensor([[4., 0.], [0., 0.]]))
    tensor([[1.+0.j, 1.+0.j],
            [1.+0.j, 1.+0.j]])
    """
    return _many("ifft2", input, s, dim, norm, True)


def fftn(input, s=None, dim=None, norm=None):
    """The transform over ``dim`` (every dim; with ``s``, the last ``len(s)``), as ``torch.fft.fftn``.

    >>> import gradlib
    >>> gradlib.fft.fftn(gradlib.ones(2, 2)).abs().sum().item()
    4.0
    """
    return _many("fftn", input, s, dim, norm, False)


def ifftn(input, s=None, dim=None, norm=None):
    """The inverse of ``fftn`` (``torch.fft.ifftn``).

    >>> import gradlib
    >>> gradlib.fft.ifftn(gradlib.fft.fftn(gradlib.tensor([[1., 2.], [3., 4.]]))).real
    tensor([[1., 2.],
            [3., 4.]])
    """
    return _many("ifftn", input, s, dim, norm, True)


def rfft(input, n=None, dim=-1, norm=None):
    """The transform of a real signal, one-sided: ``n // 2 + 1`` frequencies along ``dim`` (``torch.fft.rfft``).
    Raises RuntimeError for a complex input.

    >>> import gradlib
    >>> gradlib.fft.rfft(gradlib.tensor([1., 2., 3., 4.]))
    tensor([10.+0.j, -2.+2.j, -2.+0.j])
    """
    input, axis, points, norm = _r2c("rfft", input, n, dim, norm)
    return fft_ops.fft_r2c(input, [axis], points, norm)


def irfft(input, n=None, dim=-1, norm=None):
    """The real signal of a one-sided spectrum (``torch.fft.irfft``): ``n`` points (default
    ``2 * (input.size(dim) - 1)``) along ``dim``.

    >>> import gradlib
    >>> gradlib.fft.irfft(gradlib.tensor([10.+0j, -2.+2j, -2.+0j]))
    tensor([1., 2., 3., 4.])
    """
    input, axis, points, norm = _c2r("irfft", input, n, dim, norm)
    return fft_ops.fft_c2r(input, [axis], points, norm)


def hfft(input, n=None, dim=-1, norm=None):
    """The real spectrum of a Hermitian-symmetric signal given by its one-sided half (``torch.fft.hfft``): ``n``
    points (default ``2 * (input.size(dim) - 1)``) along ``dim``; ``irfft`` of the conjugate with the dual norm.
    Real float32/float64 results (integers read as the default float); RuntimeError for float16/bfloat16.

    >>> import gradlib
    >>> gradlib.fft.hfft(gradlib.tensor([1., 2., 3.]))
    tensor([ 8., -2.,  0., -2.])
    """
    input, axis, points, norm = _c2r("hfft", input, n, dim, norm)
    return fft_ops.fft_c2r(complex_ops.conj(input), [axis], points, DUAL_NORM[norm])


def ihfft(input, n=None, dim=-1, norm=None):
    """The inverse of ``hfft``: the one-sided half (``n // 2 + 1`` points) of the inverse transform of a real
    signal (``torch.fft.ihfft``). RuntimeError for a complex input.

    >>> import gradlib
    >>> gradlib.fft.ihfft(gradlib.tensor([8., -2., 0., -2.]))
    tensor([1.-0.j, 2.-0.j, 3.-0.j])
    """
    input, axis, points, norm = _r2c("ihfft", input, n, dim, norm)
    return complex_ops.conj(fft_ops.fft_r2c(input, [axis], points, DUAL_NORM[norm]))


def rfft2(input, s=None, dim=(-2, -1), norm=None):
    """``rfftn`` over the last two dims (``torch.fft.rfft2``): (*, m, n) real -> (*, m, n // 2 + 1) complex.

    >>> import gradlib
    >>> gradlib.fft.rfft2(gradlib.ones(2, 4))
    tensor([[8.+0.j, 0.+0.j, 0.+0.j],
            [0.+0.j, 0.+0.j, 0.+0.j]])
    """
    return _many_r2c("rfft2", input, s, dim, norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    """The inverse of ``rfft2`` (``torch.fft.irfft2``); the last dim's output size ``2 * (size - 1)`` by default.

    >>> import gradlib
    >>> gradlib.fft.irfft2(gradlib.fft.rfft2(gradlib.ones(2, 4)))
    tensor([[1., 1., 1., 1.],
            [1., 1., 1., 1.]])
    """
    return _many_c2r("irfft2", input, s, dim, norm)


def rfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a real tensor, one-sided in the last transformed dim (``torch.fft.rfftn``).
    RuntimeError for a complex input or no transformed dim.

    >>> import gradlib
    >>> gradlib.fft.rfftn(gradlib.ones(2, 2))
    tensor([[4.+0.j, 0.+0.j],
            [0.+0.j, 0.+0.j]])
    """
    return _many_r2c("rfftn", input, s, dim, norm)


def irfftn(input, s=None, dim=None, norm=None):
    """The inverse of ``rfftn`` (``torch.fft.irfftn``): a real tensor, the last dim's size ``s[-1]`` or
    ``2 * (size - 1)``.

    >>> import gradlib
    >>> gradlib.fft.irfftn(gradlib.tensor([[4.+0j, 0j], [0j, 0j]]))
    tensor([[1., 1.],
            [1., 1.]])
    """
    return _many_c2r("irfftn", input, s, dim, norm)


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    """``hfftn`` over the last two dims (``torch.fft.hfft2``).

    >>> import gradlib
    >>> gradlib.fft.hfft2(gradlib.ones(2, 2))
    tensor([[4., 0.],
            [0., 0.]])
    """
    return _many_c2r("hfft2", input, s, dim, norm, hermitian=True)


def ihfft2(input, s=None, dim=(-2, -1), norm=None):
    """``ihfftn`` over the last two dims (``torch.fft.ihfft2``).

    >>> import gradlib
    >>> gradlib.fft.ihfft2(gradlib.ones(2, 2))
    tensor([[1.-0.j, 0.-0.j],
            [0.-0.j, 0.-0.j]])
    """
    return _many_r2c("ihfft2", input, s, dim, norm, hermitian=True)


def hfftn(input, s=None, dim=None, norm=None):
    """The n-dimensional transform of a Hermitian-symmetric signal given by its one-sided half: a real tensor
    (``torch.fft.hfftn``), ``irfftn`` of the conjugate with the dual norm.

    >>> import gradlib
    >>> gradlib.fft.hfftn(gradlib.ones(2, 2))
    tensor([[4., 0.],
            [0., 0.]])
    """
    return _many_c2r("hfftn", input, s, dim, norm, hermitian=True)


def ihfftn(input, s=None, dim=None, norm=None):
    """The inverse of ``hfftn`` (``torch.fft.ihfftn``): the conjugate of ``rfftn`` with the dual norm.
    RuntimeError for a complex input.

    >>> import gradlib
    >>> gradlib.fft.ihfftn(gradlib.ones(2, 2))
    tensor([[1.-0.j, 0.-0.j],
            [0.-0.j, 0.-0.j]])
    """
    return _many_r2c("ihfftn", input, s, dim, norm, hermitian=True)


def _shift(input, dim, sign):
    if dim is None:
        dim = tuple(range(input.ndim))
    dims = tuple(A.wrap_dim(d, input.ndim) for d in ((dim,) if isinstance(dim, int) else dim))
    shifts = tuple(sign * (input.shape[d] // 2) for d in dims)
    return rearrange.roll(input, shifts, dims)


def fftshift(input, dim=None):
    """The zero frequency moved to the centre: a roll by ``size // 2`` along ``dim`` (every dim), as
    ``torch.fft.fftshift``.

    >>> import gradlib
    >>> gradlib.fft.fftshift(gradlib.fft.fftfreq(5))
    tensor([-0.4000, -0.2000,  0.0000,  0.2000,  0.4000])
    """
    require_tensor("fft_fftshift", input)
    return _shift(input, dim, 1)


def ifftshift(input, dim=None):
    """The inverse of ``fftshift`` (``torch.fft.ifftshift``).

    >>> import gradlib
    >>> gradlib.fft.ifftshift(gradlib.fft.fftshift(gradlib.arange(5)))
    tensor([0, 1, 2, 3, 4])
    """
    require_tensor("fft_ifftshift", input)
    return _shift(input, dim, -1)


def _freq_dtype(name, n, count, dtype):
    """PyTorch's checks of fftfreq/rfftfreq: an int ``n``, a size ``count`` not negative, a floating or complex
    dtype (the default float by default)."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"fft_{name}(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    if count < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {count}: [{count}]")
    dtype = dtype or dtypes.get_default_dtype()
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name} requires a floating point or complex dtype")
    return dtype


def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The sample frequencies of an ``n``-point ``fft`` with spacing ``d``: ``[0, 1, ..., -(n // 2), ..., -1] /
    (d * n)`` (``torch.fft.fftfreq``), in the default float dtype.

    >>> import gradlib
    >>> gradlib.fft.fftfreq(4)
    tensor([ 0.0000,  0.2500, -0.5000, -0.2500])
    """
    dtype = _freq_dtype("fftfreq", n, n, dtype)
    # [0, 1, ..., (n - 1) // 2, -(n // 2), ..., -1]: arange, with the upper part moved down by n
    values = _creation.arange(n, dtype=dtype, device=device)
    values[(n - 1) // 2 + 1:] -= n
    out = values / (d * n)
    return out.requires_grad_(requires_grad) if requires_grad else out


def rfftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The sample frequencies of an ``n``-point ``rfft``: ``[0, 1, ..., n // 2] / (d * n)``
    (``torch.fft.rfftfreq``).

    >>> import gradlib
    >>> gradlib.fft.rfftfreq(6, d=0.5)
    tensor([0.0000, 0.3333, 0.6667, 1.0000])
    """
    count = int(n / 2) + 1 if isinstance(n, int) else n  # C++'s n / 2 + 1 (rounded toward zero)
    dtype = _freq_dtype("rfftfreq", n, count, dtype)
    values = _creation.arange(count, dtype=dtype, device=device)
    out = values / (d * n)
    return out.requires_grad_(requires_grad) if requires_grad else out
