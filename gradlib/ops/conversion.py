"""Copies that change dtype or device (``Tensor.to``); the only ops that move data between devices. A copy keeps
a dense tensor's strides, or takes those of the memory format asked for (``gradlib._formats``)."""
from .. import _formats, _layout, backends
from .._warn_once import warn_once
from ._op import Op

__all__ = ["to_dtype", "to_device", "to_memory_format", "warn_complex_to_real"]

#: PyTorch's copy kernel warns this once a process (one TORCH_WARN_ONCE for to(), copy_, fill_ and item assignment)
COMPLEX_TO_REAL = ("Casting complex values to real discards the imaginary part (Triggered internally at "
                   "/__w/pytorch/pytorch/aten/src/ATen/native/Copy.cpp:307.)")


def warn_complex_to_real():
    """PyTorch's warning of a complex copy into a real (not bool) dtype, once a process."""
    warn_once(COMPLEX_TO_REAL, stacklevel=4)


class ToCopyBackward0(Op):
    """A dtype change: the engine casts the gradient back to the input's dtype."""

    __slots__ = ()
    bfloat16_in_float32 = False  # its float32 result from bfloat16 is the conversion asked for

    @staticmethod
    def forward(ctx, xp, a, np_dtype, memory_format=None):
        strides = _formats.target_strides(a.shape, _layout.element_strides(a), memory_format)
        if a.dtype.kind == "c" and np_dtype.kind == "b":
            a = a != 0  # PyTorch: true where either part is nonzero, without the warning
        elif a.dtype.kind == "c" and np_dtype.kind != "c":
            warn_complex_to_real()
            a = a.real
        if a.dtype.name == "bfloat16" and np_dtype.kind in "iub":
            # through float32 (exact): ml_dtypes' own cast of an out-of-range value to an integer is C++'s undefined
            # behaviour and gave 0 or INT_MIN from run to run; NumPy's float32 cast gives x86's INT_MIN, as PyTorch
            a = a.astype(xp.float32)
        return _layout.restrided(xp, a.astype(np_dtype), strides)

    @staticmethod
    def backward(ctx, P, grad):
        return grad  # complex to real: the real gradient becomes the real part (the engine's cast)

    complex_aware = True


def to_memory_format(input, memory_format):
    """``input`` (what ``Tensor.to`` made of its tensor) stored in ``memory_format``'s order: itself for None and
    ``preserve_format``, and where its strides suggest that format (PyTorch's test, ``suggest_memory_format``: a
    (4, 3, 1, 1) row-major tensor is copied to channels-last though it is already channels-last contiguous),
    else a copy recorded as ``ToCopyBackward0`` (PyTorch's node for it). PyTorch's RuntimeError for a
    channels-last order on a tensor of another rank."""
    _formats.check_format_argument(memory_format)
    if memory_format is None or memory_format is _formats.preserve_format:
        return input
    _formats.check_rank(memory_format, input.ndim)
    array = input._array
    if _formats.suggested(array.shape, _layout.element_strides(array)) is memory_format:
        return input
    return ToCopyBackward0.apply(input, input.dtype.np, memory_format)


def to_dtype(input, dtype, copy=False, memory_format=None):
    """``input`` as ``dtype`` (itself when already so, unless ``copy``), one copy stored in ``memory_format``'s
    order (None and ``preserve_format`` keep a dense tensor's strides)."""
    if input.dtype is dtype and not copy:
        return input
    input._device._backend.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        input = input.detach()  # integer and bool tensors never require grad
    return ToCopyBackward0.apply(input, dtype.np, memory_format)


class DeviceCopy(Op):
    """A copy to another device; its backward copies the gradient back. Named ToCopyBackward0, as in PyTorch."""

    node_name = "ToCopyBackward0"

    __slots__ = ("source",)
    moves_device = True

    @staticmethod
    def forward(ctx, xp, a, source, target):
        ctx.source = source
        out = _transfer(a, target, source)
        if out.ndim > 1:  # the copy keeps a dense tensor's strides (channels-last stays channels-last)
            strides = _layout.preserve_strides(a.shape, _layout.element_strides(a))
            out = _layout.restrided(backends.backend_for(target).xp, out, strides)
        return out

    @staticmethod
    def backward(ctx, P, grad):
        return P.to_device(grad, ctx.source)


def _transfer(array, target, source=None):
    """``array`` copied to ``target`` (``source``: its device, found from the array if None): between GPUs a
    peer copy on the devices, no host round trip (``Backend.copy_between_devices``); otherwise through the host."""
    source_backend = backends.backend_of_array(array) if source is None else backends.backend_for(source)
    target_backend = backends.backend_for(target)
    if source_backend is target_backend:
        return target_backend.copy_between_devices(array, target)
    host = source_backend.to_numpy(array)
    return target_backend.asarray(host, None, target)


def to_device(input, device, copy=False):
    """``input`` on ``device``: an explicit copy between devices (the user asked for it)."""
    if input._device is device:  # a copy on the device itself, never through the host
        return ToCopyBackward0.apply(input, input.dtype.np) if copy else input
    backends.backend_for(device).check_dtype(input.dtype)  # import CuPy / check the GPU before any work
    return DeviceCopy.apply(input, input._device, device)
