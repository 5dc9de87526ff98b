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
from .ops import fft_ops, rearrange
from .ops._args import require_tensor
from .ops._dims import normalize_dim

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "fftshift", "ifftshift", "fftfreq",
           "rfftfreq"]


def _norm(norm):
    if norm is None:
        return "backward"
    if norm not in ("backward", "forward", "ortho"):
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _one_dim(name, input, n, dim, norm):
    require_tensor(f"fft_{name}", input)
    axis = normalize_dim(dim, input.ndim)
    if n is not None and n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")
    return [axis], (None if n is None else [n]), _norm(norm)


def _many_dims(name, input, s, dim, norm, default_last_two=False):
    require_tensor(f"fft_{name}", input)
    if dim is None:
        if default_last_two:
            dim = (-2, -1)
        elif s is not None:
            dim = tuple(range(-len(s), 0))
        else:
            dim = tuple(range(input.ndim))
    dims = [normalize_dim(d, input.ndim) for d in ((dim,) if isinstance(dim, int) else dim)]
    if len(set(dims)) != len(dims):
        raise RuntimeError("FFT dims must be unique")
    if s is not None:
        s = list(s)
        if len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
        s = [input.shape[d] if size == -1 else size for d, size in zip(dims, s)]
        for size in s:
            if size < 1:
                raise RuntimeError(f"Invalid number of data points ({size}) specified")
    return dims, s, _norm(norm)


def fft(input, n=None, dim=-1, norm=None):
    """The one-dimensional discrete Fourier transform along ``dim`` (``torch.fft.fft``); ``n`` cuts or zero-pads
    the signal first.

    >>> import gradlib
    >>> gradlib.fft.fft(gradlib.tensor([1., 0., 0., 0.]))
    tensor([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    axes, s, norm = _one_dim("fft", input, n, dim, norm)
    return fft_ops.fft_c2c(input, axes, s, norm, False, one_dim=True)


def ifft(input, n=None, dim=-1, norm=None):
    """The inverse of ``fft`` along ``dim`` (``torch.fft.ifft``).

    >>> import gradlib
    >>> gradlib.fft.ifft(gradlib.tensor([4., 0., 0., 0.]))
    tensor([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    axes, s, norm = _one_dim("ifft", input, n, dim, norm)
    return fft_ops.fft_c2c(input, axes, s, norm, True, one_dim=True)


def fft2(input, s=None, dim=(-2, -1), norm=None):
    """The two-dimensional transform over ``dim`` (the last two dims), as ``torch.fft.fft2``.

    >>> import gradlib
    >>> gradlib.fft.fft2(gradlib.ones(2, 2))
    tensor([[4.+0.j, 0.+0.j],
            [0.+0.j, 0.+0.j]])
    """
    axes, s, norm = _many_dims("fft2", input, s, dim, norm, True)
    return fft_ops.fft_c2c(input, axes, s, norm, False)


def ifft2(input, s=None, dim=(-2, -1), norm=None):
    """The inverse of ``fft2`` (``torch.fft.ifft2``).

    >>> import gradlib
    >>> gradlib.fft.ifft2(gradlib.tensor([[4., 0.], [0., 0.]]))
    tensor([[1.+0.j, 1.+0.j],
            [1.+0.j, 1.+0.j]])
    """
    axes, s, norm = _many_dims("ifft2", input, s, dim, norm, True)
    return fft_ops.fft_c2c(input, axes, s, norm, True)


def fftn(input, s=None, dim=None, norm=None):
    """The transform over ``dim`` (every dim; with ``s``, the last ``len(s)``), as ``torch.fft.fftn``.

    >>> import gradlib
    >>> gradlib.fft.fftn(gradlib.ones(2, 2)).abs().sum().item()
    4.0
    """
    axes, s, norm = _many_dims("fftn", input, s, dim, norm)
    return fft_ops.fft_c2c(input, axes, s, norm, False)


def ifftn(input, s=None, dim=None, norm=None):
    """The inverse of ``fftn`` (``torch.fft.ifftn``).

    >>> import gradlib
    >>> gradlib.fft.ifftn(gradlib.fft.fftn(gradlib.tensor([[1., 2.], [3., 4.]]))).real
    tensor([[1., 2.],
            [3., 4.]])
    """
    axes, s, norm = _many_dims("ifftn", input, s, dim, norm)
    return fft_ops.fft_c2c(input, axes, s, norm, True)


def rfft(input, n=None, dim=-1, norm=None):
    """The transform of a real signal, one-sided: ``n // 2 + 1`` frequencies along ``dim`` (``torch.fft.rfft``).
    Raises RuntimeError for a complex input.

    >>> import gradlib
    >>> gradlib.fft.rfft(gradlib.tensor([1., 2., 3., 4.]))
    tensor([10.+0.j, -2.+2.j, -2.+0.j])
    """
    axes, s, norm = _one_dim("rfft", input, n, dim, norm)
    if input.dtype.is_complex:
        raise RuntimeError(f"rfft expects a real input tensor, but got {input.dtype.scalar_type}")
    return fft_ops.fft_r2c(input, axes, s, norm)


def irfft(input, n=None, dim=-1, norm=None):
    """The real signal of a one-sided spectrum (``torch.fft.irfft``): ``n`` points (default
    ``2 * (input.size(dim) - 1)``) along ``dim``.

    >>> import gradlib
    >>> gradlib.fft.irfft(gradlib.tensor([10.+0j, -2.+2j, -2.+0j]))
    tensor([1., 2., 3., 4.])
    """
    axes, s, norm = _one_dim("irfft", input, n, dim, norm)
    if s is None:
        s = [2 * (input.shape[axes[0]] - 1)]
        if s[0] < 1:
            raise RuntimeError(f"Invalid number of data points ({s[0]}) specified")
    if not input.dtype.is_complex:
        input = input.to(input.dtype.to_complex() if input.dtype.is_floating_point else dtypes.default_complex())
    return fft_ops.fft_c2r(input, axes, s, norm)


def _shift(input, dim, sign):
    if dim is None:
        dim = tuple(range(input.ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
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


def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """The sample frequencies of an ``n``-point ``fft`` with spacing ``d``: ``[0, 1, ..., -(n // 2), ..., -1] /
    (d * n)`` (``torch.fft.fftfreq``), in the default float dtype.

    >>> import gradlib
    >>> gradlib.fft.fftfreq(4)
    tensor([ 0.0000,  0.2500, -0.5000, -0.2500])
    """
    # [0, 1, ..., (n - 1) // 2, -(n // 2), ..., -1]: arange, with the upper part moved down by n
    values = _creation.arange(n, dtype=dtype or dtypes.get_default_dtype(), device=device)
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
    values = _creation.arange(n // 2 + 1, dtype=dtype or dtypes.get_default_dtype(), device=device)
    out = values / (d * n)
    return out.requires_grad_(requires_grad) if requires_grad else out
