"""Built-in ops, one module per family. ``ops_table`` lists every op node class, in a fixed order: the families
below in ops/ order, then any other module of this package (found by ``pkgutil``, so a new ops/ module's nodes
join the table, and the registry's coverage check, without being listed here)."""
import importlib
import pkgutil

from . import (activation, arithmetic, bitwise, comparison, construction, conv, conversion, cumulative,
               decompositions, distance, einsum, elementwise, gather_scatter, grids, indexing, join, linalg, loss,
               more_math, nn_ops, normalization, predicates, rearrange, reduction, scatter_reduce, selection, shape,
               sorting, special, statistics, ternary, upsample)
from ._op import Op
from .. import _op_namespaces
from .. import _sampling  # its random-sample nodes are ops too (imported here: gradlib/_sampling.py needs ops)

#: the order of ops_table; modules of ops/ not named here follow, alphabetically
_FAMILIES = (arithmetic, elementwise, reduction, selection, ternary, shape, rearrange, join, indexing,
             gather_scatter, linalg, einsum, conv, nn_ops, comparison, conversion, sorting, predicates, bitwise,
             cumulative, special, scatter_reduce, distance, grids, decompositions, more_math, statistics,
             construction, _sampling, activation, upsample, loss, normalization)


def _family_modules():
    """``_FAMILIES``, then every other public module of this package (``_*`` modules hold no nodes)."""
    modules = list(_FAMILIES)
    listed = {module.__name__ for module in modules}
    for found in sorted(pkgutil.iter_modules(__path__, __name__ + "."), key=lambda info: info.name):
        if not found.name.rpartition(".")[2].startswith("_") and found.name not in listed:
            modules.append(importlib.import_module(found.name))
    return modules


def _collect():
    table = []
    for module in _family_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Op) and value._impl_module == module.__name__:
                if not value._impl_name.startswith("_") and value not in table:
                    table.append(value)
    return tuple(table)


ops_table = _collect()

__all__ = ["Op", "ops_table"]


def __getattr__(name):
    """``torch.ops.<namespace>``: a namespace in which ``gradlib.library.custom_op`` defined an operator (PyTorch
    makes one for any name; here only defined ones exist, so that tools probing the module, such as pytest's
    ``pytestmark``, get their AttributeError)."""
    found = _op_namespaces.defined(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return found
