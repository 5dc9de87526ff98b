"""The ``nccl`` backend: collectives on CUDA arrays through NCCL as CuPy exposes it (``cupy.cuda.nccl``,
reached through gradlib's CUDA backend).

How ranks map to GPUs: a process launched by ``mpiexec -n N`` learns its rank and the world size from MPI;
its local rank (its index among the ranks on the same machine, from an MPI shared-memory split) picks
``cuda:<local rank % GPUs on the machine>``. Rank 0 creates the NCCL id and MPI broadcasts it; MPI is used
for nothing else on this path but the ranks' consistency checks. A script run without ``mpiexec`` (or
without mpi4py) is a world of one on ``cuda:0``.

Collectives are queued on the current CUDA stream and return at once: ``Work.wait()`` never blocks the host.
A watchdog thread times out collectives that the GPU has not finished after the group's timeout, prints which
one, and ends the process (as PyTorch's NCCL watchdog does), so a launcher such as ``mpiexec`` stops the
other ranks instead of letting them hang.
"""
import os
import sys
import threading
import time

from ..backends import backend_for_type
from . import mpi_backend
from .mpi_backend import import_mpi
from .reduce_op import ReduceOp

__all__ = ["NcclBackend", "NCCL_HINT"]

NCCL_HINT = ("The 'nccl' backend needs CuPy, the NCCL library and an NVIDIA GPU: pip install 'gradlib[cuda12]' "
             "(or 'gradlib[cuda13]') brings CuPy and NCCL; for more than one process also 'gradlib[distributed]' "
             "and mpiexec.")
NCCL_MISSING = ("NCCL library not found: pip install 'nvidia-nccl-cu12>=2.18.1,<3' (CUDA 12) or "
                "'nvidia-nccl-cu13>=2.27.7,<3' (CUDA 13), or install gradlib's cuda12/cuda13 extra")

# CuPy 13.0-13.3 declare broadcast's count a C int (size_t from 13.4 on, and for the other collectives
# throughout): larger tensors go in pieces of at most this many elements.
_MAX_COUNT = 2**31 - 1


def _import_nccl():
    """gradlib's CUDA backend and its NCCL module, or a RuntimeError that says what to install."""
    try:
        backend = backend_for_type("cuda")  # no CuPy, driver or GPU: the install hint, with CuPy's reason
    except AssertionError as error:  # no CuPy: a CUDA tensor's AssertionError; NCCL's is a RuntimeError
        raise RuntimeError(" ".join(getattr(error, "__notes__", [])) or str(error)) from None
    try:
        nccl = backend.import_nccl()
    except Exception as error:
        raise RuntimeError(f"CuPy's NCCL module failed to import ({error}). {NCCL_HINT}") from None
    if not getattr(nccl, "available", True):  # CuPy could not load libnccl.so.2
        raise RuntimeError(f"{NCCL_MISSING}. {NCCL_HINT}")
    return backend, nccl


class _Queued:
    """A collective queued on a stream: complete from the host's point of view (stream order does the rest)."""

    __slots__ = ()

    @staticmethod
    def test():
        return True


class NcclBackend:
    name = "nccl"
    device_type = "cuda"

    def __init__(self, timeout_s):
        backend, nccl = _import_nccl()
        cupy = backend.xp  # the CUDA backend's array module: this backend is CuPy's NCCL binding
        self.cupy, self.nccl = cupy, nccl
        self.bootstrap, self.rank, self.world_size, local_rank = _bootstrap()
        self.device_index = local_rank % backend.device_count()
        cupy.cuda.Device(self.device_index).use()
        unique_id = nccl.get_unique_id() if self.rank == 0 else None
        if self.bootstrap is not None:
            unique_id = self.bootstrap.bcast(unique_id, root=0)
        self.comm = nccl.NcclCommunicator(self.world_size, unique_id, self.rank)
        self._types = {"float16": nccl.NCCL_FLOAT16, "float32": nccl.NCCL_FLOAT32, "float64": nccl.NCCL_FLOAT64,
                       "int32": nccl.NCCL_INT32, "int64": nccl.NCCL_INT64, "uint8": nccl.NCCL_UINT8,
                       "int8": nccl.NCCL_INT8}
        self._ops = {ReduceOp.SUM: nccl.NCCL_SUM, ReduceOp.AVG: nccl.NCCL_SUM, ReduceOp.PRODUCT: nccl.NCCL_PROD,
                     ReduceOp.MIN: nccl.NCCL_MIN, ReduceOp.MAX: nccl.NCCL_MAX}
        self._watchdog = _Watchdog(timeout_s, self.rank, self.comm, cupy.cuda.Device(self.device_index))

    def _type(self, array):
        try:
            return self._types[array.dtype.name]
        except KeyError:
            raise TypeError(f"the nccl backend cannot reduce {array.dtype.name} tensors") from None

    def _queued(self, what):
        stream = self.cupy.cuda.get_current_stream()
        self._watchdog.watch(stream.record(), what)
        return _Queued

    def _bool_as_bytes(self, array, op):
        """NCCL has no bool: reduce the bytes, with MAX for SUM (or) and MIN for PRODUCT (and)."""
        if array.dtype.kind != "b":
            return array, op
        return array.view(self.cupy.uint8), {ReduceOp.SUM: ReduceOp.MAX, ReduceOp.PRODUCT: ReduceOp.MIN}.get(op, op)

    def all_reduce(self, array, op):
        array, op = self._bool_as_bytes(array, op)
        stream = self.cupy.cuda.get_current_stream().ptr
        self.comm.allReduce(array.data.ptr, array.data.ptr, array.size, self._type(array), self._ops[op], stream)
        return self._queued("all_reduce")

    def broadcast(self, array, src):
        stream = self.cupy.cuda.get_current_stream().ptr
        kind = self._type(array)
        start = array.data.ptr
        for offset in range(0, max(array.size, 1), _MAX_COUNT):
            count = min(_MAX_COUNT, array.size - offset)
            pointer = start + offset * array.itemsize
            self.comm.broadcast(pointer, pointer, count, kind, src, stream)
        return self._queued("broadcast")

    def all_gather(self, output, array):
        stream = self.cupy.cuda.get_current_stream().ptr
        self.comm.allGather(array.data.ptr, output.data.ptr, array.size, self._type(array), stream)
        return self._queued("all_gather")

    def reduce_scatter(self, output, stacked, op):
        stacked, op = self._bool_as_bytes(stacked, op)
        output, _ = self._bool_as_bytes(output, op)
        stream = self.cupy.cuda.get_current_stream().ptr
        self.comm.reduceScatter(stacked.data.ptr, output.data.ptr, output.size, self._type(output),
                                self._ops[op], stream)
        return self._queued("reduce_scatter")

    def barrier(self):
        if self.bootstrap is None:
            return _Queued
        self.cupy.cuda.get_current_stream().synchronize()  # a barrier orders the host too, as in PyTorch
        return mpi_backend._Request(self.bootstrap.Ibarrier())

    def gather_signatures(self, signature, output):
        if self.bootstrap is None:
            output[0] = signature
            return _Queued
        return mpi_backend._Request(self.bootstrap.Iallgather(signature, output))

    def close(self):
        self._watchdog.stop()
        self.comm.destroy()
        if self.bootstrap is not None:
            self.bootstrap.Free()


def _bootstrap():
    """(MPI communicator or None, rank, world size, local rank)."""
    try:
        MPI = import_mpi()
    except RuntimeError:
        if int(os.environ.get("WORLD_SIZE", "1")) > 1:
            raise
        return None, 0, 1, 0
    world = MPI.COMM_WORLD
    if world.Get_size() == 1:
        return None, 0, 1, 0
    comm = world.Dup()
    local = comm.Split_type(MPI.COMM_TYPE_SHARED)
    local_rank = local.Get_rank()
    local.Free()
    return comm, comm.Get_rank(), comm.Get_size(), local_rank


class _Watchdog:
    """Ends the process when a queued collective has not finished on the GPU within the timeout."""

    def __init__(self, timeout_s, rank, comm, device):
        self.timeout_s = timeout_s
        self.rank = rank
        self.comm = comm
        self.device = device
        self._pending = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gradlib-nccl-watchdog", daemon=True)
        self._thread.start()

    def watch(self, event, what):
        with self._lock:
            self._pending.append((time.monotonic(), event, what))

    def stop(self):
        self._stopped.set()

    def _run(self):
        # A new thread's current device is 0: without this, querying events would open a CUDA context on
        # GPU 0 for every rank (hundreds of MiB each).
        self.device.use()
        while not self._stopped.wait(0.1):
            with self._lock:
                pending = self._pending
                while pending and pending[0][1].done:
                    pending.pop(0)
                late = pending[0] if pending and time.monotonic() - pending[0][0] > self.timeout_s else None
            if late is not None:
                sys.stderr.write(f"[rank {self.rank}] NCCL {late[2]} did not finish within {self.timeout_s:g} s: "
                                 "a peer rank died, hangs, or did not call the same collective; exiting\n")
                sys.stderr.flush()
                self.comm.abort()
                os._exit(1)
