"""DLPack for the stand-in: ``ndarray.__dlpack__``/``__dlpack_device__`` and ``cupy.from_dlpack``, as CuPy 14's.

Capsules carry the NumPy array's memory (the stand-in's "device memory") but say ``kDLCUDA`` and the array's
device, as CuPy's do: NumPy refuses them, as it refuses real CUDA capsules, and ``from_dlpack`` here reads the
device back from the capsule. ``from_dlpack`` of a producer on another kind of device is refused (the stand-in
does not emulate CuPy's host-to-device copies through DLPack).
"""
import ctypes

import numpy

from . import _core, _devices

kDLCPU, kDLCUDA = 1, 2

_api = ctypes.pythonapi
_api.PyCapsule_GetName.restype = ctypes.c_char_p
_api.PyCapsule_GetName.argtypes = [ctypes.py_object]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_POINTER = ctypes.sizeof(ctypes.c_void_p)
_OFFSET = {b"dltensor": _POINTER, b"dltensor_versioned": 8 + 2 * _POINTER + 8 + _POINTER}


def _device_field(capsule):
    """The capsule's DLTensor.device, writable: (device_type, device_id)."""
    name = _api.PyCapsule_GetName(capsule)
    if name not in _OFFSET:
        _core.refuse(ValueError("DLPack capsule was already consumed or is not a DLPack capsule"))
    return (ctypes.c_int32 * 2).from_address(_api.PyCapsule_GetPointer(capsule, name) + _OFFSET[name])


def dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    if stream is not None and type(stream) is not int:
        _core.refuse(TypeError("stream must be an int or None"))
    if dl_device is not None and tuple(dl_device) != (kDLCUDA, self._dev):
        _core.refuse(BufferError("the stand-in exports only to the array's own device"))
    options = {} if max_version is None else {"max_version": max_version}
    if copy:
        options["copy"] = True
    capsule = self._a.__dlpack__(**options)
    field = _device_field(capsule)
    field[0], field[1] = kDLCUDA, self._dev
    return capsule


def dlpack_device(self):
    return (kDLCUDA, self._dev)


class _Host:
    """The capsule, relabelled as host memory, for NumPy's from_dlpack."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, stream=None, **ignored):
        return self.capsule

    def __dlpack_device__(self):
        return (kDLCPU, 0)


def from_dlpack(array, *, device=None, copy=None):
    if hasattr(array, "__dlpack_device__"):
        kind, dev = array.__dlpack_device__()
        if kind != kDLCUDA:
            _core.refuse(BufferError(f"the stand-in's from_dlpack takes CUDA producers only (got device type {kind})"))
        try:
            capsule = array.__dlpack__(stream=1, max_version=(1, 0))  # 1: the legacy default stream
        except TypeError:
            capsule = array.__dlpack__(stream=1)
    else:
        capsule = array
    field = _device_field(capsule)
    kind, dev = field[0], field[1]
    if kind != kDLCUDA or not 0 <= dev < _devices.DEVICE_COUNT:
        _core.refuse(BufferError(f"the capsule is on device ({kind}, {dev}), not a stand-in GPU"))
    field[0], field[1] = kDLCPU, 0
    host = numpy.from_dlpack(_Host(capsule))
    out = _core._new(host, dev)
    return out.copy() if copy else out
