"""The named methods of ``Tensor``, part two: the op families added after the core (ordering, value tests, bits,
running reductions, special functions, writing at indices, distances, decompositions, more math, statistics,
construction, random sampling), one section each, in the order of ``gradlib/ops``. Part one is
``gradlib/_tensor_methods.py``; in-place forms are in ``gradlib/autograd/inplace.py``.

Each method delegates to the function of the same name in ``gradlib.ops`` (see those for shapes, dtypes and
errors).
"""
from . import _linalg_removed, _resize, _sampling, _tensor_queries, storage as _storage
from ._numpy_names import numpy_names
from .ops._args import require_tensor
from .ops import activation, elementwise_more, special_functions
from .ops import (aliases, bitwise, complex_ops, construction, cumulative, decompositions, distance, index_fill as _index_fill,
                  more_math,
                  predicates, scatter_reduce, sorting, special, statistics)

__all__ = ["MoreTensorMethods"]


class MoreTensorMethods:
    """Named methods of ``Tensor``, part two (the class inherits them)."""

    __slots__ = ()

    # ----- activations (ops/activation.py) -------------------------------------------------------------------------
    def prelu(self, weight):
        require_tensor("prelu", weight, "weight")
        return activation.prelu(self, weight)

    @numpy_names
    def index_fill(self, dim, index, value):
        return _index_fill.index_fill(self, dim, index, value)

    # ----- the memory it views (gradlib/storage.py) ---------------------------------------------------------------
    def untyped_storage(self):
        """The allocation this tensor views, as bytes (``torch.Tensor.untyped_storage``): one object per
        allocation, shared by every view of it."""
        return _storage.untyped_storage_of(self)

    def storage(self):
        """The allocation this tensor views, as elements of its dtype (``torch.Tensor.storage``; deprecated in
        PyTorch, which warns, and so does gradlib)."""
        return _storage.typed_storage_of(self)

    def resize_(self, *sizes, size=None, memory_format=None):
        """This tensor reshaped in place (gradlib/_resize.py), as ``torch.Tensor.resize_``."""
        return _resize.resize_(self, *(sizes if size is None else (size,)))

    def resize_as_(self, the_template, memory_format=None):
        return _resize.resize_as_(self, the_template)

    # ----- ordering (ops/sorting.py) --------------------------------------------------------------------------------
    @numpy_names
    def sort(self, dim=-1, descending=False, stable=None):
        return sorting.sort(self, dim, descending, stable)

    @numpy_names
    def argsort(self, dim=-1, descending=False, stable=False):
        return sorting.argsort(self, dim, descending, stable)

    def msort(self):
        return sorting.msort(self)

    def ravel(self):
        return aliases.ravel(self)

    @numpy_names
    def select(self, dim, index):
        return aliases.select(self, dim, index)

    def swapdims(self, dim0, dim1):
        return aliases.swapdims(self, dim0, dim1)

    def fix(self):
        return aliases.fix(self)

    @numpy_names
    def topk(self, k, dim=-1, largest=True, sorted=True):
        return sorting.topk(self, k, dim, largest, sorted)

    @numpy_names
    def kthvalue(self, k, dim=-1, keepdim=False):
        return sorting.kthvalue(self, k, dim, keepdim)

    @numpy_names
    def median(self, dim=None, keepdim=False):
        return sorting.median(self, dim, keepdim)

    @numpy_names
    def nanmedian(self, dim=None, keepdim=False):
        return sorting.nanmedian(self, dim, keepdim)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return sorting.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        return sorting.unique_consecutive(self, return_inverse, return_counts, dim)

    def nonzero(self, *, as_tuple=False):
        return sorting.nonzero(self, as_tuple=as_tuple)

    def argwhere(self):
        return sorting.argwhere(self)

    # ----- value tests (ops/predicates.py) --------------------------------------------------------------------------
    def isnan(self):
        return predicates.isnan(self)

    def isinf(self):
        return predicates.isinf(self)

    def isposinf(self):
        return predicates.isposinf(self)

    def isneginf(self):
        return predicates.isneginf(self)

    def isreal(self):
        return predicates.isreal(self)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return predicates.isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return predicates.allclose(self, other, rtol, atol, equal_nan)

    # ----- bits (ops/bitwise.py) ------------------------------------------------------------------------------------
    def bitwise_left_shift(self, other):
        return bitwise.bitwise_left_shift(self, other)

    __lshift__ = bitwise_left_shift

    def bitwise_right_shift(self, other):
        return bitwise.bitwise_right_shift(self, other)

    __rshift__ = bitwise_right_shift

    def bitwise_not(self):
        return bitwise.bitwise_not(self)

    # ----- running reductions (ops/cumulative.py) -------------------------------------------------------------------
    @numpy_names
    def cumsum(self, dim, *, dtype=None):
        return cumulative.cumsum(self, dim, dtype=dtype)

    @numpy_names
    def cumprod(self, dim, *, dtype=None):
        return cumulative.cumprod(self, dim, dtype=dtype)

    @numpy_names
    def cummax(self, dim):
        return cumulative.cummax(self, dim)

    @numpy_names
    def cummin(self, dim):
        return cumulative.cummin(self, dim)

    @numpy_names
    def logcumsumexp(self, dim):
        return cumulative.logcumsumexp(self, dim)

    # ----- special functions (ops/special.py) -----------------------------------------------------------------------
    def lgamma(self):
        return special.lgamma(self)

    def exp2(self):
        return special.exp2(self)

    def sinc(self):
        return special.sinc(self)

    def digamma(self):
        return special.digamma(self)

    def polygamma(self, n):
        return special.polygamma(n, self)

    def erfinv(self):
        return special.erfinv(self)

    def xlogy(self, other):
        return special.xlogy(self, other)

    # ----- Bessel, zeta and incomplete gamma functions (ops/special_functions.py) -----------------------------------
    def i0(self):
        return special_functions.torch_i0(self)

    def igamma(self, other):
        return special_functions.igamma(self, other)

    def igammac(self, other):
        return special_functions.igammac(self, other)

    def logit(self, eps=None):
        return special.logit(self, eps)

    # ----- writing at indices (ops/scatter_reduce.py) ---------------------------------------------------------------
    def index_put(self, indices, values, accumulate=False):
        return scatter_reduce.index_put(self, indices, values, accumulate)

    @numpy_names
    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        return scatter_reduce.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    # ----- distances (ops/distance.py) ------------------------------------------------------------------------------
    def dist(self, other, p=2):
        return distance.dist(self, other, p)

    # ----- decompositions (ops/decompositions.py) -------------------------------------------------------------------
    def svd(self, some=True, compute_uv=True):
        return decompositions.svd_legacy(self, some, compute_uv)

    def qr(self, some=True):
        return decompositions.qr_legacy(self, some)

    def pinverse(self, rcond=1e-15):
        return decompositions.pinverse(self, rcond)

    # ----- removed in PyTorch 1.9, kept as names that raise its RuntimeError (gradlib/_linalg_removed.py) ----------
    def solve(self, other):
        return _linalg_removed.solve(self, other)

    def lstsq(self, other):
        return _linalg_removed.lstsq(self, other)

    def eig(self, eigenvectors=False):
        return _linalg_removed.eig(self, eigenvectors=eigenvectors)

    def symeig(self, eigenvectors=False):
        return _linalg_removed.symeig(self, eigenvectors=eigenvectors)

    # ----- more math (ops/more_math.py) -----------------------------------------------------------------------------
    def trace(self):
        return more_math.trace(self)

    @numpy_names
    def diff(self, n=1, dim=-1, prepend=None, append=None):
        return more_math.diff(self, n, dim, prepend, append)

    @numpy_names
    def cross(self, other, dim=None):
        return more_math.cross(self, other, dim)

    def logaddexp(self, other):
        return more_math.logaddexp(self, other)

    def logaddexp2(self, other):
        return more_math.logaddexp2(self, other)

    def logical_and(self, other):
        return more_math.logical_and(self, other)

    def logical_or(self, other):
        return more_math.logical_or(self, other)

    def logical_xor(self, other):
        return more_math.logical_xor(self, other)

    def clamp_min(self, min):
        return more_math.clamp_min(self, min)

    def clamp_max(self, max):
        return more_math.clamp_max(self, max)

    def signbit(self):
        return more_math.signbit(self)

    def heaviside(self, values):
        return more_math.heaviside(self, values)

    def kron(self, other):
        return more_math.kron(self, other)

    # ----- statistics (ops/statistics.py) ---------------------------------------------------------------------------
    @numpy_names
    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return statistics.var(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return statistics.std(self, dim, unbiased, keepdim, correction=correction)

    def bincount(self, weights=None, minlength=0):
        return statistics.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        return statistics.histc(self, bins, min, max)

    @numpy_names
    def quantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return statistics.quantile(self, q, dim, keepdim, interpolation=interpolation)

    @numpy_names
    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return statistics.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    @numpy_names
    def mode(self, dim=-1, keepdim=False):
        return statistics.mode(self, dim, keepdim)

    @numpy_names
    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        return statistics.nansum(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return statistics.nanmean(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def aminmax(self, *, dim=None, keepdim=False):
        return statistics.aminmax(self, dim=dim, keepdim=keepdim)

    def cov(self, *, correction=1, fweights=None, aweights=None):
        return statistics.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self):
        return statistics.corrcoef(self)

    # ----- construction (ops/construction.py) -----------------------------------------------------------------------
    def diag(self, diagonal=0):
        return construction.diag(self, diagonal)

    def diagflat(self, offset=0):
        return construction.diagflat(self, offset)

    def fliplr(self):
        return construction.fliplr(self)

    def flipud(self):
        return construction.flipud(self)

    def rot90(self, k=1, dims=(0, 1)):
        return construction.rot90(self, k, dims)

    def take(self, index):
        return construction.take(self, index)

    # ----- random sampling (_sampling.py) ---------------------------------------------------------------------------
    def uniform_(self, from_=0.0, to=1.0, *, generator=None, **kwargs):
        low = kwargs.pop("from", from_)
        _no_more("uniform_", kwargs)
        return _sampling.fill_uniform(self, low, to, generator=generator)

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        return _sampling.fill_normal(self, mean, std, generator=generator)

    def bernoulli_(self, p=0.5, *, generator=None):
        return _sampling.fill_bernoulli(self, p, generator=generator)

    def random_(self, from_=0, to=None, *, generator=None, **kwargs):
        low = kwargs.pop("from", from_)
        _no_more("random_", kwargs)
        return _sampling.fill_random(self, low, to, generator=generator)

    def exponential_(self, lambd=1.0, *, generator=None):
        return _sampling.fill_exponential(self, lambd, generator=generator)

    def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
        return _sampling.fill_cauchy(self, median, sigma, generator=generator)

    def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
        return _sampling.fill_log_normal(self, mean, std, generator=generator)

    def geometric_(self, p, *, generator=None):
        return _sampling.fill_geometric(self, p, generator=generator)

    def bernoulli(self, p=None, *, generator=None):
        return _sampling.bernoulli(self, p, generator=generator)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        return _sampling.multinomial(self, num_samples, replacement, generator=generator)

    # ----- complex numbers (gradlib/ops/complex_ops.py) -----------------------------------------------------------
    @property
    def real(self):
        """The real part (a real view of a complex tensor; a real tensor itself), as ``Tensor.real``."""
        return complex_ops.real(self)

    @real.setter
    def real(self, value):
        complex_ops.real(self).copy_(value)

    @property
    def imag(self):
        """The imaginary part (a real view; RuntimeError for a real tensor), as ``Tensor.imag``."""
        return complex_ops.imag(self)

    @imag.setter
    def imag(self, value):
        complex_ops.imag(self).copy_(value)

    def conj(self):
        return complex_ops.conj(self)

    def conj_physical(self):
        return complex_ops.conj_physical(self)

    def resolve_conj(self):
        return complex_ops.resolve_conj(self)

    def is_conj(self):
        return complex_ops.is_conj(self)

    def angle(self):
        return complex_ops.angle(self)

    def sgn(self):
        return complex_ops.sgn(self)

    # ----- helper elem10's math (gradlib/ops/elementwise_more.py) and questions (gradlib/_tensor_queries.py) -------
    def acosh(self):
        return elementwise_more.acosh(self)

    def asinh(self):
        return elementwise_more.asinh(self)

    def atanh(self):
        return elementwise_more.atanh(self)

    arccosh, arcsinh, arctanh = acosh, asinh, atanh

    def deg2rad(self):
        return elementwise_more.deg2rad(self)

    def rad2deg(self):
        return elementwise_more.rad2deg(self)

    def ldexp(self, other):
        return elementwise_more.ldexp(self, other)

    def frexp(self):
        return elementwise_more.frexp(self)

    def nextafter(self, other):
        return elementwise_more.nextafter(self, other)

    def gcd(self, other):
        return elementwise_more.gcd(self, other)

    def lcm(self, other):
        return elementwise_more.lcm(self, other)

    def hardshrink(self, lambd=0.5):
        return activation.hardshrink(self, lambd)

    def is_signed(self):
        return _tensor_queries.is_signed(self)

    def is_nonzero(self):
        return _tensor_queries.is_nonzero(self)

    def is_same_size(self, other):
        return _tensor_queries.is_same_size(self, other)

    def is_neg(self):
        return _tensor_queries.is_neg(self)

    def resolve_neg(self):
        return _tensor_queries.resolve_neg(self)


def _no_more(name, kwargs):
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")

