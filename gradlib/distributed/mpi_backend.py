"""The ``mpi`` backend: collectives on CPU arrays through mpi4py (MPI's non-blocking collectives).

Launch with ``mpiexec -n N python script.py``; run plainly, the script is a world of one.
"""
import pathlib
import shutil
import sys
import time
import traceback

from .reduce_op import ReduceOp

__all__ = ["MpiBackend", "import_mpi", "find_mpiexec", "MPI_HINT"]

MPI_HINT = ("The 'mpi' backend needs mpi4py and an MPI runtime: pip install 'gradlib[distributed]' "
            "(mpi4py plus MPICH from PyPI), then launch with: mpiexec -n 2 python your_script.py")


def import_mpi():
    """``mpi4py.MPI``, or a RuntimeError that says what is missing and how to install it."""
    try:
        import mpi4py
    except ImportError:
        raise RuntimeError(f"mpi4py is not installed. {MPI_HINT}") from None
    try:
        from mpi4py import MPI
    except (ImportError, RuntimeError, OSError) as error:  # mpi4py present, no MPI library to load
        raise RuntimeError(f"mpi4py {getattr(mpi4py, '__version__', '')} found no usable MPI runtime "
                           f"({error}). {MPI_HINT}") from None
    return MPI


def find_mpiexec():
    """The ``mpiexec`` launcher: the one installed beside this Python (by ``gradlib[distributed]``'s MPICH),
    else the first on PATH, else None.

    >>> from gradlib.distributed.mpi_backend import find_mpiexec
    >>> find_mpiexec() is None or find_mpiexec().endswith("mpiexec")
    True
    """
    beside = pathlib.Path(sys.executable).parent / "mpiexec"
    return str(beside) if beside.exists() else shutil.which("mpiexec")


class _Request:
    """An MPI request as the ``Work`` handle polls it."""

    __slots__ = ("request",)

    def __init__(self, request):
        self.request = request

    def test(self):
        return self.request.Test()


class _Done:
    __slots__ = ()

    @staticmethod
    def test():
        return True


class MpiBackend:
    """Collectives over ``MPI.COMM_WORLD`` (a duplicate, so gradlib's traffic never mixes with the user's)."""

    name = "mpi"
    device_type = "cpu"

    def __init__(self):
        MPI = import_mpi()
        self.MPI = MPI
        self.comm = MPI.COMM_WORLD.Dup()
        self.rank = self.comm.Get_rank()
        self.world_size = self.comm.Get_size()
        self._ops = {ReduceOp.SUM: MPI.SUM, ReduceOp.AVG: MPI.SUM, ReduceOp.PRODUCT: MPI.PROD,
                     ReduceOp.MIN: MPI.MIN, ReduceOp.MAX: MPI.MAX}
        # MPI's arithmetic ops refuse booleans: SUM and MAX are a logical or, PRODUCT and MIN a logical and
        self._bool_ops = {ReduceOp.SUM: MPI.LOR, ReduceOp.MAX: MPI.LOR, ReduceOp.PRODUCT: MPI.LAND,
                          ReduceOp.MIN: MPI.LAND}
        self._previous_hook = None
        if self.world_size > 1:
            self._install_abort_hook()

    # Each collective starts a non-blocking MPI call on contiguous arrays and returns its request (.test()).
    def all_reduce(self, array, op):
        if self.world_size == 1:
            return _Done
        return _Request(self.comm.Iallreduce(self.MPI.IN_PLACE, array, self._op(array, op)))

    def broadcast(self, array, src):
        if self.world_size == 1:
            return _Done
        return _Request(self.comm.Ibcast(array, root=src))

    def all_gather(self, output, array):
        """``output`` has one more leading dim of size world_size than ``array``."""
        return _Request(self.comm.Iallgather(array, output))

    def reduce_scatter(self, output, stacked, op):
        """``stacked`` has a leading dim of size world_size; this rank receives the reduction of its row."""
        return _Request(self.comm.Ireduce_scatter_block(stacked, output, self._op(stacked, op)))

    def _op(self, array, op):
        return (self._bool_ops if array.dtype.kind == "b" else self._ops)[op]

    def barrier(self):
        return _Request(self.comm.Ibarrier())

    def gather_signatures(self, signature, output):
        """Every rank's int64 ``signature`` row into ``output`` (world_size rows)."""
        return _Request(self.comm.Iallgather(signature, output))

    def close(self):
        if self._previous_hook is not None and sys.excepthook is self._abort_on_error:
            sys.excepthook = self._previous_hook
        self.comm.Free()

    def _install_abort_hook(self):
        """An uncaught exception on one rank aborts the whole job (as ``python -m mpi4py`` does), so the
        other ranks never wait on a rank that is gone."""
        self._previous_hook = sys.excepthook
        sys.excepthook = self._abort_on_error

    def _abort_on_error(self, kind, value, trace):
        traceback.print_exception(kind, value, trace)
        sys.stderr.write(f"gradlib.distributed: rank {self.rank} raised {kind.__name__}; aborting all "
                         f"{self.world_size} ranks\n")
        sys.stderr.flush()
        time.sleep(0.5)  # Abort kills the launcher's output forwarding too: let it pass the traceback on first
        self.MPI.COMM_WORLD.Abort(1)
