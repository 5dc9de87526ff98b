"""``ReduceOp``: how a collective combines the ranks' values."""
import enum

__all__ = ["ReduceOp"]


class ReduceOp(enum.IntEnum):
    """The reductions of ``all_reduce`` and ``reduce_scatter`` (PyTorch's numbering).

    >>> from gradlib.distributed import ReduceOp
    >>> ReduceOp.SUM, ReduceOp.AVG.name
    (<ReduceOp.SUM: 0>, 'AVG')
    """

    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
