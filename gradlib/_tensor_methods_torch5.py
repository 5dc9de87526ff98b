"""The named methods of ``Tensor``, part three: the top-level math of issue 15 (matrix functions, the fused
"add a product" functions, splits, elementwise and *_scatter functions) and their in-place forms. Each
delegates to the function of the same name (see those for shapes, dtypes and errors); an in-place form computes
the function and writes the result into the tensor, as the other in-place methods do (``InPlaceMethods``).
"""
import warnings

from ._numpy_names import numpy_names
from .autograd.grad_mode import state as _grad_state
from .ops import geqrf, householder, linalg_compose, linalg_ex, lu_solve, matrix_functions, products, torch_math, \
    triangular_solve

__all__ = ["Torch5TensorMethods", "check_float_conversion"]

_WARNED = []  # float() of a tensor that requires grad: PyTorch warns once per process (TORCH_WARN_ONCE)


def check_float_conversion(tensor):
    """``float(tensor)``'s checks: one element (ValueError), and PyTorch's UserWarning, once, when the tensor
    requires grad and grad mode is on (``int()``, ``.item()`` and ``float()`` under ``no_grad``, as in
    ``LBFGS.step``'s ``float(closure())``, do not warn, as in PyTorch)."""
    tensor._check_one_element()
    if tensor._requires_grad and _grad_state.enabled and not _WARNED:
        _WARNED.append(True)
        warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first. (Triggered internally at "
                      "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)",
                      UserWarning, stacklevel=3)


class Torch5TensorMethods:
    """Named methods of ``Tensor``, part three (the class inherits them)."""

    __slots__ = ()

    @property
    def is_meta(self):
        """Whether the tensor is on the meta device (shape and dtype only, no data; ``torch.Tensor.is_meta``).

        >>> import gradlib
        >>> gradlib.empty(2, device='meta').is_meta, gradlib.ones(2).is_meta
        (True, False)
        """
        return self._device.type == "meta"

    def _is_view(self):
        """Whether the tensor is a view of another (``torch.Tensor._is_view``; ``_base`` is that tensor), also
        one made under no_grad.

        >>> import gradlib
        >>> x = gradlib.ones(3, 2)
        >>> x[0]._is_view(), x._is_view(), x[0]._base is x
        (True, False, True)
        """
        return self._base is not None

    # ----- matrix functions (ops/matrix_functions.py) ------------------------------------------------------------
    def det(self):
        return matrix_functions.det(self)

    def logdet(self):
        return matrix_functions.logdet(self)

    def slogdet(self):
        return matrix_functions.slogdet(self)

    def inverse(self):
        return matrix_functions.inverse(self)

    def cholesky(self, upper=False):
        return linalg_ex.cholesky_legacy(self, upper)

    def geqrf(self):
        return geqrf.geqrf(self)

    def lu(self, pivot=True, get_infos=False):
        return lu_solve.lu(self, pivot, get_infos)

    def lu_solve(self, LU_data, LU_pivots):
        return lu_solve.lu_solve_legacy(self, LU_data, LU_pivots)

    def vdot(self, other):
        return linalg_compose.vdot(self, other)

    def orgqr(self, input2):
        return householder.orgqr(self, input2)

    def triangular_solve(self, A, upper=True, transpose=False, unitriangular=False):
        return triangular_solve.triangular_solve(self, A, upper, transpose, unitriangular)

    def matrix_power(self, n):
        return matrix_functions.matrix_power(self, n)

    def matrix_exp(self):
        return matrix_functions.matrix_exp(self)

    # ----- add a product (ops/products.py) -----------------------------------------------------------------------
    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return products.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return products.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        return products.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return products.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return products.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def inner(self, other):
        return products.inner(self, other)

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        return self._inplace(lambda s: products.addmm(s, mat1, mat2, beta=beta, alpha=alpha))

    def addmv_(self, mat, vec, *, beta=1, alpha=1):
        return self._inplace(lambda s: products.addmv(s, mat, vec, beta=beta, alpha=alpha))

    def addr_(self, vec1, vec2, *, beta=1, alpha=1):
        return self._inplace(lambda s: products.addr(s, vec1, vec2, beta=beta, alpha=alpha))

    def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return self._inplace(lambda s: products.baddbmm(s, batch1, batch2, beta=beta, alpha=alpha))

    def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return self._inplace(lambda s: products.addbmm(s, batch1, batch2, beta=beta, alpha=alpha))

    # ----- splits, elementwise, scatters (ops/torch_math.py) -------------------------------------------------------
    @numpy_names
    def tensor_split(self, indices_or_sections=None, dim=0, *, sections=None, indices=None,
                     tensor_indices_or_sections=None):
        return torch_math.tensor_split(self, indices_or_sections, dim, sections=sections, indices=indices,
                                       tensor_indices_or_sections=tensor_indices_or_sections)

    def hsplit(self, indices_or_sections=None, *, sections=None, indices=None):
        return torch_math.hsplit(self, indices_or_sections, sections=sections, indices=indices)

    def vsplit(self, indices_or_sections=None, *, sections=None, indices=None):
        return torch_math.vsplit(self, indices_or_sections, sections=sections, indices=indices)

    def dsplit(self, indices_or_sections=None, *, sections=None, indices=None):
        return torch_math.dsplit(self, indices_or_sections, sections=sections, indices=indices)

    def float_power(self, exponent):
        return torch_math.float_power(self, exponent)

    def copysign(self, other):
        return torch_math.copysign(self, other)

    @numpy_names
    def renorm(self, p, dim, maxnorm):
        return torch_math.renorm(self, p, dim, maxnorm)

    def mvlgamma(self, p):
        return torch_math.mvlgamma(self, p)

    @numpy_names
    def select_scatter(self, src, dim, index):
        return torch_math.select_scatter(self, src, dim, index)

    @numpy_names
    def slice_scatter(self, src, dim=0, start=None, end=None, step=1):
        return torch_math.slice_scatter(self, src, dim, start, end, step)

    def diagonal_scatter(self, src, offset=0, dim1=0, dim2=1):
        return torch_math.diagonal_scatter(self, src, offset, dim1, dim2)

    @numpy_names
    def index_reduce(self, dim, index, source, reduce, *, include_self=True):
        return torch_math.index_reduce(self, dim, index, source, reduce, include_self=include_self)

    def float_power_(self, exponent):
        if self.dtype.name != "float64":
            raise RuntimeError(f"the base given to float_power_ has dtype {self.dtype.scalar_type} but the "
                               f"operation's result requires dtype Double")
        return self._inplace(lambda s: torch_math.float_power(s, exponent))

    def copysign_(self, other):
        return self._inplace(lambda s: torch_math.copysign(s, other))

    @numpy_names
    def renorm_(self, p, dim, maxnorm):
        return self._inplace(lambda s: torch_math.renorm(s, p, dim, maxnorm))

    def mvlgamma_(self, p):
        return self._inplace(lambda s: torch_math.mvlgamma(s, p))

    @numpy_names
    def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
        return self._inplace(lambda s: torch_math.index_reduce(s, dim, index, source, reduce,
                                                               include_self=include_self))
