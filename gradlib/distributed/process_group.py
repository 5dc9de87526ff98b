"""The default process group: which backend, this process's rank, the world size, the timeout."""
import datetime

from . import mpi_backend, nccl_backend
from .errors import NOT_INITIALIZED

__all__ = ["init_process_group", "destroy_process_group", "is_initialized", "get_rank", "get_world_size",
           "get_backend", "default_group", "ProcessGroup", "default_pg_timeout"]

default_pg_timeout = datetime.timedelta(minutes=30)

_BACKENDS = ("mpi", "nccl")


class ProcessGroup:
    """All ranks of the job, talking through one backend (what ``process_group=`` arguments take).

    >>> import gradlib.distributed as dist
    >>> dist.init_process_group("mpi")
    >>> dist.process_group.default_group()
    ProcessGroup(backend='mpi', rank=0, world_size=1)
    >>> dist.destroy_process_group()
    """

    def __init__(self, backend, timeout):
        self.backend = backend
        self.timeout_s = timeout.total_seconds() if hasattr(timeout, "total_seconds") else float(timeout)

    @property
    def rank(self):
        return self.backend.rank

    @property
    def world_size(self):
        return self.backend.world_size

    def __repr__(self):
        return f"ProcessGroup(backend={self.backend.name!r}, rank={self.rank}, world_size={self.world_size})"


_default = None


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    """Join the job's process group. ``backend='mpi'`` for CPU tensors (launch with
    ``mpiexec -n N python script.py``), ``'nccl'`` for CUDA tensors. Rank and world size come from the
    launcher; ``world_size``/``rank``, when given, must agree with it. ``timeout`` (a ``timedelta``, default
    30 minutes) bounds every collective: past it the waiting rank raises instead of hanging.

    >>> import gradlib.distributed as dist
    >>> dist.init_process_group("mpi")   # run without mpiexec: a world of one
    >>> dist.get_rank(), dist.get_world_size(), dist.get_backend()
    (0, 1, 'mpi')
    >>> dist.destroy_process_group()
    """
    global _default
    if _default is not None:
        raise ValueError("trying to initialize the default process group twice!")
    if backend is None:
        backend = "mpi"
    name = str(backend).lower()
    if name not in _BACKENDS:
        raise ValueError(f"Invalid backend: '{backend}'. gradlib.distributed supports 'mpi' (CPU tensors, "
                         "through mpi4py) and 'nccl' (CUDA tensors, through CuPy's NCCL)")
    if init_method not in (None, "env://") or store is not None:
        raise ValueError("gradlib.distributed takes ranks from the launcher (mpiexec); init_method and store "
                         "are not used")
    timeout = default_pg_timeout if timeout is None else timeout
    if name == "mpi":
        transport = mpi_backend.MpiBackend()
    else:
        seconds = timeout.total_seconds() if hasattr(timeout, "total_seconds") else float(timeout)
        transport = nccl_backend.NcclBackend(seconds)
    for asked, found, what in ((world_size, transport.world_size, "world_size"), (rank, transport.rank, "rank")):
        if asked not in (-1, None) and asked != found:
            transport.close()
            raise ValueError(f"init_process_group: {what}={asked} was asked for, but the launcher started this "
                             f"process with {what}={found}")
    _default = ProcessGroup(transport, timeout)


def default_group():
    """The initialized default group, or PyTorch's ValueError.

    >>> from gradlib.distributed.process_group import default_group
    >>> default_group()
    Traceback (most recent call last):
    ValueError: Default process group has not been initialized, please make sure to call init_process_group.
    """
    group = _default
    if group is None:
        raise ValueError(NOT_INITIALIZED)
    return group


def destroy_process_group(group=None):
    """Leave the process group (after this, collectives raise until ``init_process_group`` again).

    >>> import gradlib.distributed as dist
    >>> dist.init_process_group("mpi"); dist.destroy_process_group(); dist.is_initialized()
    False
    """
    global _default
    current = default_group()
    current.backend.close()
    _default = None


def is_initialized():
    """True between ``init_process_group`` and ``destroy_process_group``.

    >>> import gradlib.distributed as dist
    >>> dist.is_initialized()
    False
    """
    return _default is not None


def get_rank(group=None):
    """This process's rank, 0 .. world_size - 1 (see ``init_process_group`` for an example)."""
    return (group or default_group()).rank


def get_world_size(group=None):
    """How many processes the group has (see ``init_process_group`` for an example)."""
    return (group or default_group()).world_size


def get_backend(group=None):
    """The backend's name: ``'mpi'`` or ``'nccl'`` (see ``init_process_group`` for an example)."""
    return (group or default_group()).backend.name
