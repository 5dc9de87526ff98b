"""Built-in ops, one module per family. ``ops_table`` lists every op node class, in a fixed order."""
from . import (activation, arithmetic, bitwise, comparison, construction, conv, conversion, cumulative,
               decompositions, distance, einsum, elementwise, gather_scatter, grids, indexing, join, linalg, loss,
               more_math, nn_ops, normalization, predicates, rearrange, reduction, scatter_reduce, selection, shape,
               sorting, special, statistics, ternary, upsample)
from ._op import Op
from .. import _sampling  # its random-sample nodes are ops too (imported here: gradlib/_sampling.py needs ops)


def _collect():
    table = []
    for module in (arithmetic, elementwise, reduction, selection, ternary, shape, rearrange, join, indexing,
                   gather_scatter, linalg, einsum, conv, nn_ops, comparison, conversion, sorting, predicates, bitwise,
                   cumulative, special, scatter_reduce, distance, grids, decompositions, more_math, statistics,
                   construction, _sampling, activation, upsample, loss, normalization):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Op) and value.__module__ == module.__name__:
                if not value.__name__.startswith("_") and value not in table:
                    table.append(value)
    return tuple(table)


ops_table = _collect()

__all__ = ["Op", "ops_table"]
