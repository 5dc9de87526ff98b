"""``gradlib.nn.parallel``: data parallelism, across processes (``DistributedDataParallel``) and across the GPUs
of one process (``DataParallel`` and its parts: ``replicate``, ``scatter``, ``parallel_apply``, ``gather``)."""
from .data_parallel import DataParallel, data_parallel
from .distributed import DistributedDataParallel
from .parallel_apply import parallel_apply
from .replicate import replicate
from .scatter_gather import gather, scatter

__all__ = ["replicate", "scatter", "parallel_apply", "gather", "data_parallel", "DataParallel",
           "DistributedDataParallel"]
