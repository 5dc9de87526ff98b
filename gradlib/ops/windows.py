"""Window functions of signal processing (``torch.hann_window``, ``hamming_window``, ``blackman_window``,
``bartlett_window``, ``kaiser_window``), computed in the requested floating dtype with PyTorch's formulas and
order of operations. ``periodic=True`` (the default) gives the first ``window_length`` values of the symmetric
window one longer, as ``torch.stft`` wants."""
import math

from .. import _creation, dtypes
from .join import cat

__all__ = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


def _start(name, window_length, dtype, device, requires_grad):
    """PyTorch's checks; the window's float dtype; a finished window for lengths 0 and 1, else None."""
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    dtype = dtypes.get_default_dtype() if dtype is None else dtype
    if not dtype.is_floating_point:
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype={_c_name(dtype)}, "
                           "device=cpu, layout=Strided (default), requires_grad=false (default), "
                           "pinned_memory=false, memory_format=(nullopt))")
    if window_length == 0:
        return dtype, _creation.empty(0, dtype=dtype, device=device, requires_grad=requires_grad)
    if window_length == 1:
        return dtype, _creation.ones(1, dtype=dtype, device=device, requires_grad=requires_grad)
    return dtype, None


def _c_name(dtype):
    return {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
            "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}.get(
                dtype.name, dtype.name)


def _finish(window, periodic, requires_grad):
    if periodic:
        window = window[:-1]
    window = window.detach()
    if requires_grad:
        window.requires_grad_()
    return window


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, layout=None, device=None,
                   requires_grad=False, pin_memory=False):
    """``alpha - beta * cos(2 pi n / (N - 1))`` for n < N (``N = window_length``, plus one when ``periodic``), as
    ``torch.hamming_window``. Lengths 0 and 1 give an empty tensor and ``[1.]``. Raises RuntimeError for a
    negative length or a dtype that is not floating (PyTorch's messages).

    >>> import gradlib
    >>> gradlib.hamming_window(4)
    tensor([0.0800, 0.5400, 1.0000, 0.5400])
    """
    dtype, done = _start("hamming_window", window_length, dtype, device, requires_grad)
    if done is not None:
        return done
    length = window_length + 1 if periodic else window_length
    window = _creation.arange(length, dtype=dtype, device=device)
    window = (window * (2.0 * math.pi / (length - 1))).cos() * (-beta) + alpha
    return _finish(window, periodic, requires_grad)


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False,
                pin_memory=False):
    """``0.5 - 0.5 * cos(2 pi n / (N - 1))`` (``hamming_window`` with alpha = beta = 0.5), as
    ``torch.hann_window``.

    >>> import gradlib
    >>> gradlib.hann_window(4)
    tensor([0.0000, 0.5000, 1.0000, 0.5000])
    """
    _start("hann_window", window_length, dtype, device, requires_grad)
    return hamming_window(window_length, periodic, 0.5, 0.5, dtype=dtype, device=device, requires_grad=requires_grad)


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False,
                    pin_memory=False):
    """``0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))``, as ``torch.blackman_window``.

    >>> import gradlib
    >>> gradlib.blackman_window(3, periodic=False, dtype=gradlib.float64)
    tensor([0., 1., 0.], dtype=gradlib.float64)
    """
    dtype, done = _start("blackman_window", window_length, dtype, device, requires_grad)
    if done is not None:
        return done
    length = window_length + 1 if periodic else window_length
    window = _creation.arange(length, dtype=dtype, device=device) * (math.pi / (length - 1))
    window = (window * 4).cos() * 0.08 - (window * 2).cos() * 0.5 + 0.42
    return _finish(window, periodic, requires_grad)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, requires_grad=False,
                    pin_memory=False):
    """The triangle ``1 - |2 n / (N - 1) - 1|``, as ``torch.bartlett_window``.

    >>> import gradlib
    >>> gradlib.bartlett_window(5, periodic=False)
    tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    dtype, done = _start("bartlett_window", window_length, dtype, device, requires_grad)
    if done is not None:
        return done
    length = window_length + 1 if periodic else window_length
    window = _creation.arange(length, dtype=dtype, device=device) * (2.0 / (length - 1))
    half = ((length - 1) >> 1) + 1
    window = _join(window[:half], 2 - window[half:])
    return _finish(window, periodic, requires_grad)


def _join(first, second):
    return cat([first, second])


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, layout=None, device=None,
                  requires_grad=False, pin_memory=False):
    """``I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta)`` with ``a = (N - 1) / 2``, as ``torch.kaiser_window``.

    >>> import gradlib
    >>> gradlib.kaiser_window(3, periodic=False, beta=2.0)
    tensor([0.4387, 1.0000, 0.4387])
    """
    dtype, done = _start("kaiser_window", window_length, dtype, device, requires_grad)
    if done is not None:
        return done
    length = window_length + 1 if periodic else window_length
    alpha = (length - 1) / 2.0
    n = _creation.arange(length, dtype=dtypes.float64, device=device)
    ratio = (n - alpha) / alpha
    argument = (1 - ratio * ratio).clamp(min=0).sqrt() * beta
    window = (argument.i0() / _creation.tensor(beta, dtype=dtypes.float64, device=device).i0()).to(dtype)
    return _finish(window, periodic, requires_grad)
