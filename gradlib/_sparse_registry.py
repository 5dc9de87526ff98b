"""The seam between dense tensors and gradlib's sparse layouts.

The sparse classes (``_sparse_coo.py``, ``_sparse_csr.py``) subclass ``Tensor``, so they are imported after it and
cannot be imported by the modules ``Tensor`` is built from. Dense ``Tensor`` methods (``to_sparse``,
``to_sparse_csr``) and the matrix products that take either layout (``gradlib.mm``, ``gradlib.matmul``) find them
here instead: each sparse module adds its class to ``CLASSES`` and its conversions to ``CONVERSIONS`` when it is
imported (``gradlib/__init__.py`` imports both).
"""

__all__ = ["CLASSES", "CONVERSIONS", "is_sparse"]

#: the sparse Tensor classes
CLASSES = set()
#: name -> function: 'to_sparse' (dense -> COO), 'to_sparse_csr' (dense -> CSR)
CONVERSIONS = {}


def is_sparse(value):
    """Whether ``value`` is a sparse tensor of any layout."""
    return value.__class__ in CLASSES
