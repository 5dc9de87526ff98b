"""Built-in ops, one module per family. ``ops_table`` lists every op node class, in a fixed order."""
from . import (activation, arithmetic, binary, comparison, conv, conversion, elementwise, indexing, join, linalg,
               loss, nn_ops, normalization, reduction, selection, shape, unary, upsample)
from ._op import Op


def _collect():
    table = []
    for module in (arithmetic, unary, elementwise, binary, reduction, selection, shape, join, indexing, linalg,
                   conv, nn_ops, comparison, conversion, activation, upsample, loss,
                   normalization):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Op) and value.__module__ == module.__name__:
                if not value.__name__.startswith("_") and value not in table:
                    table.append(value)
    return tuple(table)


ops_table = _collect()

__all__ = ["Op", "ops_table"]
