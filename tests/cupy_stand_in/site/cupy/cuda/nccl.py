"""``cupy.cuda.nccl`` for a world of one, with CuPy 14.2's signatures and constants.

Collectives take device addresses (``array.data.ptr``) as NCCL does. The stand-in maps each address back to the
stand-in array that owns it, checks that ``count`` elements fit there and that the buffers are on the
communicator's device, then copies ``count * itemsize`` bytes (with one rank, every collective is a copy)."""
import ctypes as _ctypes
import os as _os

import numpy as _numpy

from .. import _core, _devices, _events, _namespace

_ITEMSIZE = {0: 1, 1: 1, 2: 4, 3: 4, 4: 8, 5: 8, 6: 2, 7: 4, 8: 8, 9: 2}  # NCCL_INT8 ... NCCL_BFLOAT16


class NcclError(RuntimeError):
    def __init__(self, status, message="ncclInvalidUsage: invalid usage"):
        self.status = status
        super().__init__(message)


def get_unique_id():
    """As in CuPy 14: the 128-byte ncclUniqueId as bytes (CuPy 13 returned a tuple of ints)."""
    return _os.urandom(128)


def get_version():
    return 22501


def get_build_version():
    return 22501


def groupStart():
    pass


def groupEnd():
    pass


def _buffer(ptr, nbytes, what, device):
    """The stand-in array whose memory holds [ptr, ptr + nbytes)."""
    for array in list(_core._live_buffers.values()):
        start = array._a.__array_interface__["data"][0]
        owner = _core._root(array._a)
        if not isinstance(owner, _numpy.ndarray):
            owner = array._a
        low = owner.__array_interface__["data"][0]
        high = low + owner.nbytes
        if low <= ptr and ptr + nbytes <= high:
            if array._dev != device:
                _events.record("device", f"nccl {what}: buffer on device {array._dev}, communicator on {device}")
            return array
        if start == ptr:
            break
    _core.refuse(NcclError(5, f"ncclInvalidArgument: {what}: address {ptr:#x} with {nbytes} bytes is not "
                              "inside a live device array (an illegal memory access on a GPU)"))


class NcclCommunicator:
    """``NcclCommunicator(int ndev, bytes commId, int rank, NcclConfig config=None)``: a world of one."""

    def __init__(self, ndev, commId, rank, config=None):
        if not isinstance(commId, bytes):
            _core.refuse(TypeError(f"Argument 'commId' has incorrect type (expected bytes, got "
                                   f"{type(commId).__name__})"))
        if ndev != 1 or rank != 0:
            raise NotImplementedError("the CuPy stand-in's NCCL is a world of one (ndev=1, rank=0)")
        self._device = _devices.current()
        self._alive = True

    def _check(self):
        if not self._alive:
            _core.refuse(NcclError(5, "ncclInvalidUsage: the communicator was destroyed"))

    def _copy(self, what, sendbuf, recvbuf, count, datatype):
        self._check()
        if datatype not in _ITEMSIZE:
            _core.refuse(NcclError(4, f"ncclInvalidArgument: datatype {datatype}"))
        if _devices.current() != self._device:
            _events.record("device", f"nccl {what} with device {_devices.current()} current, communicator on "
                                     f"{self._device}")
        nbytes = int(count) * _ITEMSIZE[datatype]
        if nbytes == 0:
            return
        _buffer(sendbuf, nbytes, what, self._device)
        _buffer(recvbuf, nbytes, what, self._device)
        if sendbuf != recvbuf:
            _ctypes.memmove(recvbuf, sendbuf, nbytes)

    def allReduce(self, sendbuf, recvbuf, count, datatype, op, stream):
        if op not in (0, 1, 2, 3, 4):
            _core.refuse(NcclError(4, f"ncclInvalidArgument: op {op}"))
        self._copy("allReduce", sendbuf, recvbuf, count, datatype)

    def broadcast(self, sendbuff, recvbuff, count, datatype, root, stream):
        if root != 0:
            _core.refuse(NcclError(4, f"ncclInvalidArgument: root {root}"))
        self._copy("broadcast", sendbuff, recvbuff, count, datatype)

    def bcast(self, buff, count, datatype, root, stream):
        self.broadcast(buff, buff, count, datatype, root, stream)

    def reduce(self, sendbuf, recvbuf, count, datatype, op, root, stream):
        self._copy("reduce", sendbuf, recvbuf, count, datatype)

    def allGather(self, sendbuf, recvbuf, count, datatype, stream):
        self._copy("allGather", sendbuf, recvbuf, count, datatype)

    def reduceScatter(self, sendbuf, recvbuf, recvcount, datatype, op, stream):
        self._copy("reduceScatter", sendbuf, recvbuf, recvcount, datatype)

    def destroy(self):
        self._alive = False

    def abort(self):
        self._alive = False

    def device_id(self):
        return self._device

    def rank_id(self):
        return 0

    def size(self):
        return 1

    def check_async_error(self):
        self._check()


_overrides = {"NcclError": NcclError, "NcclCommunicator": NcclCommunicator, "get_unique_id": get_unique_id,
              "get_version": get_version, "get_build_version": get_build_version, "groupStart": groupStart,
              "groupEnd": groupEnd, "available": True}
_namespace.populate(globals(), "cupy.cuda.nccl", None, _overrides)
