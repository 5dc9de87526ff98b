"""Named tuples returned by ops with several outputs (PyTorch's ``torch.return_types``).

Each is a class over a ``collections.namedtuple`` (indexable, unpackable) that prints like PyTorch's, through one
base class, ``_Printed``:

>>> import gradlib
>>> gradlib.sort(gradlib.tensor([3., 1., 2.]))
gradlib.return_types.sort(
values=tensor([1., 2., 3.]),
indices=tensor([1, 2, 0]))
"""
import collections

from . import _public_name

__all__ = ["max", "min", "sort", "topk", "kthvalue", "median", "nanmedian", "mode", "aminmax", "cummax", "cummin",
           "linalg_svd", "linalg_qr", "linalg_eigh", "linalg_lstsq", "svd", "qr", "linalg_slogdet", "slogdet",
           "linalg_lu_factor_ex", "linalg_lu_factor", "linalg_lu", "lu_unpack", "_lu_with_info", "linalg_inv_ex",
           "linalg_solve_ex", "linalg_cholesky_ex", "linalg_eig",
           "triangular_solve", "geqrf", "frexp", "histogram", "histogramdd"]


class _Printed:
    """The printing every result type shares: ``gradlib.return_types.<name>(`` then one ``field=value`` a line."""

    __slots__ = ()

    def __repr__(self):
        fields = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"{_public_name.PREFIX}return_types.{type(self).__name__}(\n{fields})"

    __str__ = __repr__


def _make(name, fields):
    """A result type: a ``collections.namedtuple`` of ``fields`` that prints as ``_Printed`` does."""
    return type(name, (_Printed, collections.namedtuple(name, fields)), {"__slots__": (), "__module__": __name__})


max = _make("max", ["values", "indices"])
min = _make("min", ["values", "indices"])
sort = _make("sort", ["values", "indices"])
topk = _make("topk", ["values", "indices"])
kthvalue = _make("kthvalue", ["values", "indices"])
median = _make("median", ["values", "indices"])
nanmedian = _make("nanmedian", ["values", "indices"])
mode = _make("mode", ["values", "indices"])
aminmax = _make("aminmax", ["min", "max"])
cummax = _make("cummax", ["values", "indices"])
cummin = _make("cummin", ["values", "indices"])
linalg_svd = _make("linalg_svd", ["U", "S", "Vh"])
svd = _make("svd", ["U", "S", "V"])
linalg_qr = _make("linalg_qr", ["Q", "R"])
qr = _make("qr", ["Q", "R"])
linalg_slogdet = _make("linalg_slogdet", ["sign", "logabsdet"])
slogdet = _make("slogdet", ["sign", "logabsdet"])
linalg_eigh = _make("linalg_eigh", ["eigenvalues", "eigenvectors"])
linalg_eig = _make("linalg_eig", ["eigenvalues", "eigenvectors"])
linalg_lstsq = _make("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
linalg_lu_factor_ex = _make("linalg_lu_factor_ex", ["LU", "pivots", "info"])
linalg_lu_factor = _make("linalg_lu_factor", ["LU", "pivots"])
linalg_lu = _make("linalg_lu", ["P", "L", "U"])
lu_unpack = _make("lu_unpack", ["P", "L", "U"])
_lu_with_info = _make("_lu_with_info", ["LU", "pivots", "info"])
linalg_inv_ex = _make("linalg_inv_ex", ["inverse", "info"])
linalg_solve_ex = _make("linalg_solve_ex", ["result", "info"])
linalg_cholesky_ex = _make("linalg_cholesky_ex", ["L", "info"])
triangular_solve = _make("triangular_solve", ["solution", "cloned_coefficient"])
geqrf = _make("geqrf", ["a", "tau"])
frexp = _make("frexp", ["mantissa", "exponent"])
histogram = _make("histogram", ["hist", "bin_edges"])
histogramdd = _make("histogramdd", ["hist", "bin_edges"])
