"""Copies that change dtype or device (``Tensor.to``); the only ops that move data between devices."""
from .. import _formats, backends
from ._op import Op

__all__ = ["to_dtype", "to_device", "to_memory_format"]


class ToCopyBackward0(Op):
    """A dtype change: the engine casts the gradient back to the input's dtype."""

    __slots__ = ()
    bfloat16_in_float32 = False  # its float32 result from bfloat16 is the conversion asked for

    @staticmethod
    def forward(ctx, xp, a, np_dtype, memory_format=None):
        out = a.astype(np_dtype)
        return out if memory_format is None else _formats.arranged(xp, out, memory_format)

    @staticmethod
    def backward(ctx, P, grad):
        return grad


def to_memory_format(input, memory_format):
    """``input`` (what ``Tensor.to`` made of its tensor) stored in ``memory_format``'s order: itself when it
    already is (or for None and ``preserve_format``), else a copy recorded as ``ToCopyBackward0`` (PyTorch's
    node for it). PyTorch's RuntimeError for a channels-last order on a tensor of another rank."""
    _formats.check_format_argument(memory_format)
    if memory_format is None or memory_format is _formats.preserve_format:
        return input
    _formats.check_rank(memory_format, input.ndim)
    strides = input._device._backend.element_strides(input._array)
    if _formats.is_in_format(input._array, strides, memory_format):
        return input
    return ToCopyBackward0.apply(input, input.dtype.np, memory_format)


def to_dtype(input, dtype, copy=False):
    """``input`` as ``dtype`` (itself when already so, unless ``copy``)."""
    if input.dtype is dtype and not copy:
        return input
    input._device._backend.check_dtype(dtype)
    if not dtype.is_floating_point:
        input = input.detach()  # integer and bool tensors never require grad
    return ToCopyBackward0.apply(input, dtype.np)


class DeviceCopy(Op):
    """A copy to another device; its backward copies the gradient back. Named ToCopyBackward0, as in PyTorch."""

    node_name = "ToCopyBackward0"

    __slots__ = ("source",)
    moves_device = True

    @staticmethod
    def forward(ctx, xp, a, source, target):
        ctx.source = source
        return _transfer(a, target, source)

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
