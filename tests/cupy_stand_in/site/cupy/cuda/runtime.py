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


# What the stand-in's devices say of themselves (cudaDeviceProp fields CuPy 14.2's getDeviceProperties returns,
# among many others; the name is bytes, as CuPy gives it). Compute capability 9.0, as Device.compute_capability.
PROPERTIES = {"name": b"CuPy stand-in GPU", "totalGlobalMem": 80 * 1024 ** 3, "major": 9, "minor": 0,
              "multiProcessorCount": 132, "warpSize": 32, "maxThreadsPerBlock": 1024, "clockRate": 1980000,
              "l2CacheSize": 52428800, "integrated": 0, "isMultiGpuBoard": 0, "pciBusID": 0, "pciDeviceID": 0}


def getDeviceProperties(device):
    if not 0 <= int(device) < _devices.DEVICE_COUNT:
        raise _devices.invalid_device()
    properties = dict(PROPERTIES)
    properties["pciBusID"] = int(device)
    return properties


def memGetInfo():
    """(free, total) bytes of the current device: what its memory pool holds is not free."""
    from .. import _pool
    total = PROPERTIES["totalGlobalMem"]
    return total - _pool.get_default_memory_pool().total_bytes(), total


def runtimeGetVersion():
    return 12090


def driverGetVersion():
    return 12090


_overrides = {"CUDARuntimeError": CUDARuntimeError, "getDeviceCount": getDeviceCount, "getDevice": getDevice,
              "setDevice": setDevice, "deviceSynchronize": deviceSynchronize, "runtimeGetVersion": runtimeGetVersion,
              "driverGetVersion": driverGetVersion, "is_hip": False,
              "getDeviceProperties": getDeviceProperties, "memGetInfo": memGetInfo}
_namespace.populate(globals(), "cupy.cuda.runtime", None, _overrides)
