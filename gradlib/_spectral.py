"""The short-time Fourier transform and its inverse (``torch.stft``, ``torch.istft``), composed of gradlib's own
differentiable ops as PyTorch composes them: the signal padded (``center``), cut into overlapping frames
(``Tensor.unfold``), windowed and transformed (``gradlib.fft``); the inverse transforms back, windows again, adds
the frames up where they overlap (``nn.functional.fold``) and divides by the summed squared window. Gradients
flow through those ops to any order."""

from . import _creation, fft
from ._warn_once import warn_once
from .ops import complex_ops
from .nn import functional as F

__all__ = ["stft", "istft"]

_NO_WINDOW = ("A window was not provided. A rectangular window will be applied,which is known to cause spectral "
              "leakage. Other windows such as torch.hann_window or torch.hamming_window are recommended to reduce "
              "spectral leakage.To suppress this warning and use a rectangular window, explicitly set "
              "`window=torch.ones(n_fft, device=<device>)`.")
_NO_WINDOW_INVERSE = ("A window was not provided. A rectangular window will be applied.Please provide the same "
                      "window used by stft to make the inversion lossless.To suppress this warning and use a "
                      "rectangular window, explicitly set `window=torch.ones(n_fft, device=<device>)`.")


def _describe(name, input, n_fft, hop, win, window, normalized, onesided, return_complex):
    """PyTorch's prefix of stft/istft errors: the call with its arguments."""
    shown = "None" if window is None else f"{window.type()}{{{list(window.shape)}}}"
    flag = lambda value: "None" if value is None else str(int(bool(value)))
    return (f"{name}({input.type()}{list(input.shape)}, n_fft={n_fft}, hop_length={hop}, win_length={win}, "
            f"window={shown}, normalized={flag(normalized)}, onesided={flag(onesided)}, "
            f"return_complex={flag(return_complex)}")


def _window(window, n_fft, win, like):
    """The window padded to ``n_fft`` (centered), or None for a rectangular one."""
    if window is None:
        if win == n_fft:
            return None
        window = _creation.ones(win, dtype=like.dtype if not like.dtype.is_complex else None, device=like.device)
    left = (n_fft - win) // 2
    if left or n_fft - win - left:
        window = F.pad(window, [left, n_fft - win - left])
    return window


def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None, align_to_window=None):
    """The short-time Fourier transform of a 1-D (L) or batched 2-D (B, L) signal, as ``torch.stft``: frames of
    ``n_fft`` samples every ``hop_length`` (default ``n_fft // 4``), each multiplied by ``window`` (of
    ``win_length``, default ``n_fft``, centered in ``n_fft``; rectangular when None, which warns as PyTorch does),
    transformed by ``fft.rfft`` (``onesided``, the default for real input) or ``fft.fft``; ``center`` pads the
    signal by ``n_fft // 2`` on both sides with ``pad_mode``; ``normalized`` scales by ``n_fft ** -0.5``. Returns
    (B?, freq, frames) complex with ``return_complex=True``; ``False`` (deprecated, warns) gives
    ``view_as_real`` of it; None raises RuntimeError for real input, as PyTorch. RuntimeError (PyTorch's
    messages) for other dims, ``hop_length <= 0``, ``win_length`` outside (0, n_fft], a window of another size,
    ``n_fft`` outside (0, length]. Differentiable (through the fft ops).

    >>> import gradlib
    >>> gradlib.stft(gradlib.arange(8.), 4, hop_length=2, window=gradlib.ones(4), return_complex=True, center=False)
    tensor([[ 6.+0.j, 14.+0.j, 22.+0.j],
            [-2.+2.j, -2.+2.j, -2.+2.j],
            [-2.+0.j, -2.+0.j, -2.+0.j]])
    """
    if window is None:
        warn_once(_NO_WINDOW)
    complex_input = input.dtype.is_complex or (window is not None and window.dtype.is_complex)
    if return_complex is None:
        if not complex_input:
            raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will "
                               "further require that return_complex=True in a future PyTorch release.")
        return_complex = True
    if not return_complex:
        warn_once("stft with return_complex=False is deprecated. In a future pytorch release, stft will return "
                  "complex tensors for all inputs, and return_complex=False will raise an error.\nNote: you can "
                  "still call torch.view_as_real on the complex output to recover the old return format.")
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    if center and input.ndim <= 3:
        pad = n_fft // 2
        shape = tuple(input.shape)
        extended = input.reshape((1,) * (3 - input.ndim) + shape)
        input = F.pad(extended, [pad, pad], pad_mode).reshape(shape[:-1] + (shape[-1] + 2 * pad,))

    def fail(message):
        raise RuntimeError(_describe("stft", input, n_fft, hop, win, window, normalized, onesided, return_complex)
                           + f", align_to_window={'None' if align_to_window is None else int(align_to_window)}) : "
                           + message)

    if input.ndim not in (1, 2):
        fail("expected a 1D or 2D tensor")
    length = input.shape[-1]
    if n_fft <= 0 or n_fft > length:
        fail(f"expected 0 < n_fft <= {length}, but got n_fft={n_fft}")
    if hop <= 0:
        fail(f"expected hop_length > 0, but got hop_length={hop}")
    if win <= 0 or win > n_fft:
        fail(f"expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window.ndim != 1 or window.shape[0] != win):
        fail(f"expected a 1D window tensor of size equal to win_length={win}, but got window with size "
             f"{list(window.shape)}")
    frames = input.unfold(-1, n_fft, hop)
    padded = _window(window, n_fft, win, input)
    if padded is not None:
        frames = frames * padded
    if onesided is None:
        onesided = not complex_input
    norm = "ortho" if normalized else "backward"
    spectrum = fft.rfft(frames, dim=-1, norm=norm) if onesided else fft.fft(frames, dim=-1, norm=norm)
    spectrum = spectrum.transpose(-1, -2)
    return spectrum if return_complex else complex_ops.view_as_real(spectrum)


def _overlap_add(frames, n_fft, hop, total):
    """(B, frames, n_fft) real frames added up ``hop`` apart into (B, total)."""
    batch = frames.shape[0]
    summed = F.fold(frames.transpose(-1, -2), output_size=(1, total), kernel_size=(1, n_fft), stride=(1, hop))
    return summed.reshape(batch, total)


def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False,
          onesided=None, length=None, return_complex=False):
    """The inverse of ``stft`` (``torch.istft``): ``input`` complex (B?, freq, frames) as ``stft`` returns it;
    each frame transformed back (``fft.irfft`` for a one-sided spectrum, the default when ``freq != n_fft``),
    windowed again, the frames added up where they overlap and divided by the summed squared window; ``center``
    drops ``n_fft // 2`` samples at both ends; ``length`` trims or zero-pads the result. RuntimeError (PyTorch's
    messages) for a real input and where the summed window is zero (the overlap cannot be undone).
    Differentiable.

    >>> import gradlib
    >>> w = gradlib.hann_window(4)
    >>> s = gradlib.stft(gradlib.arange(6.), 4, hop_length=1, window=w, return_complex=True)
    >>> gradlib.istft(s, 4, hop_length=1, window=w)
    tensor([0., 1., 2., 3., 4., 5.])
    """
    if window is None:
        warn_once(_NO_WINDOW_INVERSE)
    if not input.dtype.is_complex:
        raise RuntimeError("istft requires a complex-valued input tensor matching the output from stft with "
                           "return_complex=True.")
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    batched = input.ndim == 3
    if input.ndim not in (2, 3):
        raise RuntimeError(f"istft: expected a tensor with a optional batch dimension and 2 or 3 dims, but got "
                           f"{input.ndim}")
    spectrum = input if batched else input.unsqueeze(0)
    bins, count = spectrum.shape[-2], spectrum.shape[-1]
    if onesided is None:
        onesided = bins != n_fft
    if onesided and n_fft // 2 + 1 != bins:
        raise RuntimeError(f"istft: expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft / 2 + 1 when onesided=True, but got {bins}")
    if not 0 < win <= n_fft:
        raise RuntimeError(f"istft: expected 0 < win_length <= n_fft, but got win_length={win}")
    if hop <= 0:
        raise RuntimeError(f"istft: expected hop_length > 0, but got hop_length={hop}")
    frames = spectrum.transpose(-1, -2)
    norm = "ortho" if normalized else "backward"
    if onesided:
        signal = fft.irfft(frames, n=n_fft, dim=-1, norm=norm)
    else:
        signal = fft.ifft(frames, n=n_fft, dim=-1, norm=norm)
        if not return_complex:
            signal = signal.real
    padded = _window(window, n_fft, win, signal.real if signal.dtype.is_complex else signal)
    real_dtype = (signal.real if signal.dtype.is_complex else signal).dtype
    if padded is None:
        padded = _creation.ones(n_fft, dtype=real_dtype, device=input.device)
    signal = signal * padded
    total = n_fft + hop * (count - 1)
    if signal.dtype.is_complex:
        real = _overlap_add(signal.real, n_fft, hop, total)
        imag = _overlap_add(signal.imag, n_fft, hop, total)
        output = complex_ops.complex(real, imag)
    else:
        output = _overlap_add(signal, n_fft, hop, total)
    squared = (padded * padded).expand(1, count, n_fft)
    envelope = _overlap_add(squared, n_fft, hop, total)
    start = n_fft // 2 if center else 0
    end = total - n_fft // 2 if center else total
    if length is not None:
        end = min(start + length, total)
    output = output[:, start:end]
    envelope = envelope[:, start:end]
    if envelope.numel():  # the host looks now; a GPU reports it at the next synchronization
        lowest = envelope.detach().abs().min()._array
        message = "istft(...) window overlap add min: the summed squared window is below 1e-11 somewhere"
        with input._device._backend.guard(input._device):
            failed = lowest < 1e-11
        input._device._backend.check(failed, lambda: RuntimeError(f"{message} ({float(lowest):g})"),
                                     RuntimeError(message))
    output = output / envelope
    if length is not None and output.shape[-1] < length:
        output = F.pad(output, [0, length - output.shape[-1]])
    return output if batched else output.squeeze(0)
