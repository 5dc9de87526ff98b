"""DLPack: tensors shared without a copy with NumPy, CuPy, PyTorch, JAX and any library speaking the protocol.

``Tensor.__dlpack__`` hands out the tensor's array through the array library's own ``__dlpack__`` (NumPy on the
CPU, CuPy on CUDA, under the tensor's GPU so that CuPy orders the hand-over on that GPU's current stream);
``from_dlpack`` takes anything with ``__dlpack__``/``__dlpack_device__`` (or a capsule from ``to_dlpack``) and
wraps what NumPy's or CuPy's ``from_dlpack`` makes of it. Both sides then use the same memory.

Version counters: gradlib counts its own in-place writes (and refuses a backward that needs an overwritten
value), but it cannot see writes made by the other library into the shared memory, and the other library cannot
see gradlib's. PyTorch has the same caveat. Do not write into shared memory from the other side while a gradlib
graph that saved the tensor is waiting for backward; ``clone()`` first if in doubt.
"""
import ctypes
import enum

import numpy  # NumPy's from_dlpack consumes CPU capsules

from . import _tensor, dtypes
from .backends import backend_for
from .device import CPU
from .device import device as make_device, resolve

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]


class DLDeviceType(enum.IntEnum):
    """Device types of the DLPack specification (as ``torch.utils.dlpack.DLDeviceType``)."""

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


_HOST = (DLDeviceType.kDLCPU, DLDeviceType.kDLCUDAHost)
_CUDA = (DLDeviceType.kDLCUDA, DLDeviceType.kDLCUDAManaged)


def dlpack_device(tensor):
    """``Tensor.__dlpack_device__``: (``DLDeviceType``, index)."""
    device = tensor._device
    if device.type == "cpu":
        return (DLDeviceType.kDLCPU, 0)
    return (DLDeviceType.kDLCUDA, device.index)


def export(tensor, stream=None, max_version=None, dl_device=None, copy=None):
    """``Tensor.__dlpack__``: a DLPack capsule sharing the tensor's memory (PyTorch's refusals first)."""
    if tensor._requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and type(stream) is not int:
        raise TypeError("stream must be ``int`` or ``none``")
    options = {}
    if max_version is not None:
        options["max_version"] = max_version
    if dl_device is not None:
        options["dl_device"] = dl_device
    if copy is not None:
        options["copy"] = copy
    device = tensor._device
    if device.type == "cpu":
        if stream is not None and stream != -1:
            raise AssertionError("stream should be None on cpu.")
        return tensor._array.__dlpack__(**options)
    with backend_for(device).guard(device):
        return tensor._array.__dlpack__(stream=stream, **options)


def to_dlpack(tensor):
    """A DLPack capsule sharing ``tensor``'s memory; ``from_dlpack`` (gradlib's, PyTorch's, NumPy's via a holder)
    takes it, once. The capsule is DLPack 1.0's versioned kind where PyTorch's ``to_dlpack`` gives the legacy
    kind: NumPy marks arrays from legacy capsules read-only, since those cannot say whether the memory is.

    >>> import gradlib
    >>> from gradlib.utils.dlpack import from_dlpack, to_dlpack
    >>> t = gradlib.arange(4)
    >>> u = from_dlpack(to_dlpack(t))
    >>> u[0] = -9
    >>> t
    tensor([-9,  1,  2,  3])
    """
    try:
        return export(tensor, max_version=(1, 0))
    except TypeError:  # NumPy 1.x: DLPack 0.x only
        return export(tensor)


# ----- capsules -----------------------------------------------------------------------------------------------
_api = ctypes.pythonapi
_api.PyCapsule_GetName.restype = ctypes.c_char_p
_api.PyCapsule_GetName.argtypes = [ctypes.py_object]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
# Where DLTensor.device sits: DLManagedTensor starts with its DLTensor {void *data; DLDevice device; ...};
# DLManagedTensorVersioned has {DLPackVersion (2 x uint32), void *manager_ctx, deleter, uint64 flags} before it.
_DEVICE_OFFSET = {b"dltensor": ctypes.sizeof(ctypes.c_void_p),
                  b"dltensor_versioned": 8 + 2 * ctypes.sizeof(ctypes.c_void_p) + 8 + ctypes.sizeof(ctypes.c_void_p)}


def _capsule_device(capsule):
    name = _api.PyCapsule_GetName(capsule)
    if name not in _DEVICE_OFFSET:
        raise RuntimeError(
            "from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed only once, so you "
            "might have already constructed a tensor from it once.")
    address = _api.PyCapsule_GetPointer(capsule, name) + _DEVICE_OFFSET[name]
    kind, index = (ctypes.c_int32 * 2).from_address(address)
    return kind, index


class _Capsule:
    """A capsule dressed as a producer, for libraries whose ``from_dlpack`` takes only objects with ``__dlpack__``."""

    def __init__(self, capsule, device):
        self.capsule, self.device = capsule, device

    def __dlpack__(self, stream=None, **ignored):
        return self.capsule

    def __dlpack_device__(self):
        return self.device


# ----- from_dlpack --------------------------------------------------------------------------------------------
def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing the memory of ``ext_tensor`` (an object with ``__dlpack__``, e.g. a NumPy/CuPy array or a
    PyTorch/JAX tensor, or a capsule from ``to_dlpack``), on the device it lives on. ``device`` moves it there
    (a copy; refused with ``copy=False``); ``copy=True`` always copies. No copy otherwise.

    >>> import gradlib, numpy
    >>> a = numpy.arange(3.)
    >>> t = gradlib.from_dlpack(a)
    >>> t.add_(1)
    tensor([1., 2., 3.], dtype=gradlib.float64)
    >>> a
    array([1., 2., 3.])
    """
    if hasattr(ext_tensor, "__dlpack__"):
        kind, index = ext_tensor.__dlpack_device__()
        producer = ext_tensor
    elif type(ext_tensor).__name__ == "PyCapsule":
        kind, index = _capsule_device(ext_tensor)
        producer = _Capsule(ext_tensor, (kind, index))
    else:
        raise TypeError(f"from_dlpack expects an object with __dlpack__ or a DLPack capsule, got "
                        f"{type(ext_tensor).__name__}")
    if kind in _HOST:
        source = CPU
        backend_for(source)
        array = numpy.from_dlpack(producer)
    elif kind in _CUDA:
        source = make_device("cuda", int(index))
        backend = backend_for(source)
        with backend.guard(source):
            array = backend.xp.from_dlpack(producer)
    else:
        raise BufferError(f"gradlib cannot take DLPack tensors on device type {kind!r} (CPU and CUDA only)")
    try:
        dtypes.from_np(array.dtype)
    except TypeError:
        raise TypeError(f"from_dlpack: gradlib has no dtype for {array.dtype}") from None
    tensor = _tensor.wrap(array, source)
    target = source if device is None else resolve(device)  # 'cuda' is the current GPU
    if target != source:
        if copy is False:
            raise ValueError(f"cannot move DLPack tensor from device {source} to {target} without copying. "
                             "Set copy=None or copy=True.")
        return tensor.to(target)
    return tensor.clone() if copy else tensor
