"""``cupy.cuda.runtime``: device count and current device of the stand-in."""
from .. import _devices, _namespace
from .._devices import CUDARuntimeError


def getDeviceCount():
    return _devices.DEVICE_COUNT


def getDevice():
    return _devices.current()


def setDevice(device):
    _devices.set_current(int(device))


def deviceSynchronize():
    _devices.Device().synchronize()


def runtimeGetVersion():
    return 12090


def driverGetVersion():
    return 12090


_overrides = {"CUDARuntimeError": CUDARuntimeError, "getDeviceCount": getDeviceCount, "getDevice": getDevice,
              "setDevice": setDevice, "deviceSynchronize": deviceSynchronize, "runtimeGetVersion": runtimeGetVersion,
              "driverGetVersion": driverGetVersion, "is_hip": False}
_namespace.populate(globals(), "cupy.cuda.runtime", None, _overrides)
