"""In-place forms of the elementwise math, rounding, comparison, logical and blending methods (``abs_``,
``sqrt_``, ``floor_``, ``eq_``, ``lerp_``, ``addcmul_`` ...), and the method aliases PyTorch keeps beside them
(``absolute``, ``greater``, ``multiply_`` ...).

Each in-place method computes its out-of-place op and commits the result through ``InPlaceMethods._inplace``
(``autograd/inplace.py``): the version counter, views (CopySlices), a leaf that requires grad refused outside
no_grad, and PyTorch's dtype rule (a result of a higher category than the tensor's raises ``result type Float can't
be cast to the desired output type Long``; a comparison's bools are written as 0 and 1 in the tensor's dtype).
Shapes: the tensor keeps its shape; the other operands broadcast to it. Gradients are those of the out-of-place op.

``MoreInPlaceMethods`` is a base class of ``Tensor`` (``gradlib/_tensor.py``).
"""
from .._numpy_names import numpy_names
from .._scalar_first import NOT_GIVEN, scalar_first
from ..ops import special_functions
from .. import _tensor
from .grad_mode import state as _grad_state
from ..ops import comparison_inplace
from ..ops import (arithmetic, comparison, complex_ops, cumulative, elementwise, elementwise_more, more_math,
                   rearrange, special, ternary)

__all__ = ["MoreInPlaceMethods"]


class MoreInPlaceMethods:
    """In-place methods of ``Tensor``, part two (the class inherits them).

    >>> import gradlib
    >>> x = gradlib.tensor([-4., 9.])
    >>> x.abs_().sqrt_()
    tensor([2., 3.])
    >>> ema = gradlib.zeros(2)
    >>> ema.lerp_(gradlib.tensor([1., 2.]), 0.5)
    tensor([0.5000, 1.0000])
    """

    __slots__ = ()

    # ----- elementwise math (ops/elementwise.py, ops/special.py) -----------------------------------------------------
    def abs_(self):
        return self._inplace(elementwise.abs)

    def absolute_(self):
        return self._inplace(elementwise.abs)

    def sqrt_(self):
        return self._inplace(elementwise.sqrt)

    def rsqrt_(self):
        return self._inplace(elementwise.rsqrt)

    def square_(self):
        return self._inplace(elementwise.square)

    def reciprocal_(self):
        return self._inplace(elementwise.reciprocal)

    def sign_(self):
        return self._inplace(elementwise.sign)

    def log_(self):
        return self._inplace(elementwise.log)

    def log2_(self):
        return self._inplace(elementwise.log2)

    def log10_(self):
        return self._inplace(elementwise.log10)

    def log1p_(self):
        return self._inplace(elementwise.log1p)

    def expm1_(self):
        return self._inplace(elementwise.expm1)

    def exp2_(self):
        return self._inplace(special.exp2)

    def sin_(self):
        return self._inplace(elementwise.sin)

    def cos_(self):
        return self._inplace(elementwise.cos)

    def tan_(self):
        return self._inplace(elementwise.tan)

    def asin_(self):
        return self._inplace(elementwise.asin)

    def acos_(self):
        return self._inplace(elementwise.acos)

    def atan_(self):
        return self._inplace(elementwise.atan)

    def arccos_(self):
        return self._inplace(elementwise.acos)

    def arcsin_(self):
        return self._inplace(elementwise.asin)

    def arctan_(self):
        return self._inplace(elementwise.atan)

    def sinh_(self):
        return self._inplace(elementwise.sinh)

    def cosh_(self):
        return self._inplace(elementwise.cosh)

    def erf_(self):
        return self._inplace(elementwise.erf)

    # ----- helper elem10's (ops/elementwise_more.py, ops/complex_ops.py) ---------------------------------------------
    def acosh_(self):
        return self._inplace(elementwise_more.inplace_node("acosh"))

    def asinh_(self):
        return self._inplace(elementwise_more.inplace_node("asinh"))

    def atanh_(self):
        return self._inplace(elementwise_more.inplace_node("atanh"))

    arccosh_, arcsinh_, arctanh_ = acosh_, asinh_, atanh_

    def deg2rad_(self):
        return self._inplace(elementwise_more.deg2rad)

    def rad2deg_(self):
        return self._inplace(elementwise_more.rad2deg)

    def ldexp_(self, other):
        if not (self.dtype.is_floating_point or self.dtype.is_complex):  # PyTorch's own wording for ldexp_
            raise RuntimeError(f"ldexp can't be cast to the desired output type {self.dtype.scalar_type}")
        return self._inplace(elementwise_more.ldexp, other)

    def nextafter_(self, other):
        return self._inplace(elementwise_more.nextafter, other)

    def gcd_(self, other):
        return self._inplace(elementwise_more.gcd, other)

    def lcm_(self, other):
        return self._inplace(elementwise_more.lcm, other)

    def sgn_(self):
        return self._inplace(complex_ops.sgn)

    def erfc_(self):
        return self._inplace(elementwise.erfc)

    def erfinv_(self):
        return self._inplace(special.erfinv)

    def lgamma_(self):
        return self._inplace(special.lgamma)

    def digamma_(self):
        return self._inplace(special.digamma)

    def polygamma_(self, n):
        return self._inplace(lambda s: special.polygamma(n, s))

    def i0_(self):
        return self._inplace(special_functions.torch_i0)

    def igamma_(self, other):
        return self._inplace(lambda s: special_functions.igamma(s, other))

    def igammac_(self, other):
        return self._inplace(lambda s: special_functions.igammac(s, other))

    def logit_(self, eps=None):
        return self._inplace(lambda s: special.logit(s, eps))

    def sinc_(self):
        return self._inplace(special.sinc)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        return self._inplace(lambda s: elementwise.nan_to_num(s, nan, posinf, neginf))

    def atan2_(self, other):
        if _tensor._is_tensor(other):
            self._check_castable(other)  # PyTorch's cast check comes before the kernel's dtype check
        return self._inplace(elementwise.atan2, other)

    def arctan2_(self, other):
        return self._inplace(elementwise.atan2, other)

    def hypot_(self, other):
        return self._inplace(elementwise.hypot, other)

    # ----- rounding --------------------------------------------------------------------------------------------------
    def floor_(self):
        return self._inplace(elementwise.floor)

    def ceil_(self):
        return self._inplace(elementwise.ceil)

    def round_(self, *, decimals=None):
        return self._inplace(lambda s: elementwise.round(s, decimals=decimals))

    def trunc_(self):
        return self._inplace(elementwise.trunc)

    def fix_(self):
        return self._inplace(elementwise.trunc)

    def frac_(self):
        return self._inplace(elementwise.frac)

    # ----- bounds, blends and the arithmetic aliases ---------------------------------------------------------------------
    def clamp_min_(self, min):
        return self._inplace(more_math.clamp_min, min)

    def clamp_max_(self, max):
        return self._inplace(more_math.clamp_max, max)

    def heaviside_(self, values):
        return self._inplace(more_math.heaviside, values)

    def lerp_(self, end, weight):
        return self._inplace(ternary.lerp, end, weight)

    def addcmul_(self, tensor1, tensor2, tensor2_=NOT_GIVEN, *, value=1):
        if tensor2_ is not NOT_GIVEN:  # addcmul_(value, tensor1, tensor2): PyTorch's deprecated order
            scalar_first("addcmul_", tensor1)
            value, tensor1, tensor2 = tensor1, tensor2, tensor2_
        return self._inplace(lambda s, a, b: ternary.addcmul(s, a, b, value=value), tensor1, tensor2)

    def addcdiv_(self, tensor1, tensor2, tensor2_=NOT_GIVEN, *, value=1):
        if tensor2_ is not NOT_GIVEN:  # addcdiv_(value, tensor1, tensor2): PyTorch's deprecated order
            scalar_first("addcdiv_", tensor1)
            value, tensor1, tensor2 = tensor1, tensor2, tensor2_
        return self._inplace(lambda s, a, b: ternary.addcdiv(s, a, b, value=value), tensor1, tensor2)

    def multiply_(self, other):
        return self.mul_(other)

    def divide_(self, other, *, rounding_mode=arithmetic._TRUE_DIVISION):
        return self.div_(other, rounding_mode=rounding_mode)

    def true_divide_(self, other):
        return self.div_(other)

    def subtract_(self, other, *, alpha=1):
        return self.sub_(other, alpha=alpha)

    def negative_(self):
        return self.neg_()

    def tril_(self, diagonal=0):
        return self._inplace(lambda s: rearrange.tril(s, diagonal))

    def triu_(self, diagonal=0):
        return self._inplace(lambda s: rearrange.triu(s, diagonal))

    @numpy_names
    def cumsum_(self, dim, *, dtype=None):
        return self._inplace(lambda s: cumulative.cumsum(s, dim, dtype=dtype))

    @numpy_names
    def cumprod_(self, dim, *, dtype=None):
        return self._inplace(lambda s: cumulative.cumprod(s, dim, dtype=dtype))

    # ----- comparisons and logic: bools written as 0/1 in the tensor's dtype -----------------------------------------
    def _compare_inplace(self, name, other):
        """The comparison ``name`` written in place; where grad is recorded, behind PyTorch's zero-gradient node
        (ops/comparison_inplace.py)."""
        if _grad_state.enabled and (self._requires_grad or (isinstance(other, _tensor.Tensor) and
                                                             other._requires_grad)):
            return self._inplace(lambda input, value: comparison_inplace.recorded(name, input, value), other)
        return self._inplace(getattr(comparison, name), other)

    def eq_(self, other):
        return self._compare_inplace("eq", other)

    def ne_(self, other):
        return self._compare_inplace("ne", other)

    def lt_(self, other):
        return self._compare_inplace("lt", other)

    def le_(self, other):
        return self._compare_inplace("le", other)

    def gt_(self, other):
        return self._compare_inplace("gt", other)

    def ge_(self, other):
        return self._compare_inplace("ge", other)

    def greater_(self, other):
        return self._compare_inplace("gt", other)

    def greater_equal_(self, other):
        return self._compare_inplace("ge", other)

    def less_(self, other):
        return self._compare_inplace("lt", other)

    def less_equal_(self, other):
        return self._compare_inplace("le", other)

    def not_equal_(self, other):
        return self._compare_inplace("ne", other)

    def bitwise_and_(self, other):
        self._check_castable(other)  # PyTorch's cast check comes before the kernel's dtype check
        return self._inplace(comparison.bitwise_and, other)

    def bitwise_or_(self, other):
        self._check_castable(other)  # PyTorch's cast check comes before the kernel's dtype check
        return self._inplace(comparison.bitwise_or, other)

    def bitwise_xor_(self, other):
        self._check_castable(other)  # PyTorch's cast check comes before the kernel's dtype check
        return self._inplace(comparison.bitwise_xor, other)

    def logical_not_(self):
        return self._inplace(comparison.logical_not)

    def logical_and_(self, other):
        return self._inplace(more_math.logical_and, other)

    def logical_or_(self, other):
        return self._inplace(more_math.logical_or, other)

    def logical_xor_(self, other):
        return self._inplace(more_math.logical_xor, other)

    # ----- out-of-place aliases PyTorch keeps ------------------------------------------------------------------------
    def absolute(self):
        return elementwise.abs(self)

    def logical_not(self):
        return comparison.logical_not(self)

    def greater(self, other):
        return comparison.gt(self, other)

    def greater_equal(self, other):
        return comparison.ge(self, other)

    def less(self, other):
        return comparison.lt(self, other)

    def less_equal(self, other):
        return comparison.le(self, other)

    def not_equal(self, other):
        return comparison.ne(self, other)

    def bitwise_and(self, other):
        return comparison.bitwise_and(self, other)

    def bitwise_or(self, other):
        return comparison.bitwise_or(self, other)

    def bitwise_xor(self, other):
        return comparison.bitwise_xor(self, other)

    def positive(self):
        if self.dtype.name == "bool":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self
