"""``gradlib.distributed``: data-parallel training across processes, with PyTorch's API.

Two backends, no transport of our own: ``'mpi'`` (CPU tensors, mpi4py with any MPI; ``pip install
'gradlib[distributed]'`` brings mpi4py and MPICH) and ``'nccl'`` (CUDA tensors, NCCL through CuPy). Launch one
process per rank with ``mpiexec -n N python train.py``; see ``gradlib.nn.parallel.DistributedDataParallel``
and ``gradlib.utils.data.distributed.DistributedSampler``.

>>> import gradlib, gradlib.distributed as dist
>>> dist.is_available(), dist.is_initialized()
(True, False)
"""
from .. import backends
from . import mpi_backend
from .collectives import all_gather, all_reduce, barrier, broadcast, reduce_scatter
from .errors import DistBackendError, DistError
from .process_group import (default_pg_timeout, destroy_process_group, get_backend, get_rank, get_world_size,
                            init_process_group, is_initialized)
from .reduce_op import ReduceOp
from .work import Work

__all__ = ["init_process_group", "destroy_process_group", "is_initialized", "is_available", "is_mpi_available",
           "is_nccl_available", "get_rank", "get_world_size", "get_backend", "barrier", "all_reduce", "broadcast",
           "all_gather", "reduce_scatter", "ReduceOp", "Work", "DistError", "DistBackendError",
           "default_pg_timeout"]


def is_available():
    """Always True: the package imports everywhere; the backends say what they need when initialized.

    >>> import gradlib.distributed as dist
    >>> dist.is_available()
    True
    """
    return True


def is_mpi_available():
    """True when mpi4py and an MPI runtime can be loaded.

    >>> import gradlib.distributed as dist
    >>> dist.is_mpi_available() in (True, False)
    True
    """
    try:
        mpi_backend.import_mpi()
    except RuntimeError:
        return False
    return True


def is_nccl_available():
    """True when CuPy with NCCL is installed (a GPU is still needed to use it).

    >>> import gradlib.distributed as dist
    >>> dist.is_nccl_available() in (True, False)
    True
    """
    try:
        nccl = backends.BACKENDS["cuda"].import_nccl()  # the module only: no GPU needed to answer
    except Exception:  # no CuPy, or a broken one
        return False
    return bool(getattr(nccl, "available", True))
