"""Tensor methods of the op families added after the core (sorting, value tests, bit shifts, random fills,
running reductions, special functions, scatter reductions, distances, decompositions): a base class of
``Tensor`` so that each family is listed in one place. Each method delegates to the function of the same name in
``gradlib.ops`` (see those for shapes, dtypes and errors); in-place forms go through ``Tensor._inplace``."""
from ._numpy_names import numpy_names
from . import _creation, _legacy_types, _sampling, dtypes
from .ops import _dims
from .ops import (binary, bitwise, construction, cumulative, decompositions, distance, linalg, more_math,
                  predicates, scatter_reduce, sorting, special, statistics)

__all__ = ["ExtraMethods"]


class ExtraMethods:
    """Methods of ``Tensor`` (the class inherits them)."""

    __slots__ = ()

    # ----- ordering ------------------------------------------------------------------------------------
    @numpy_names
    def sort(self, dim=-1, descending=False, stable=None):
        return sorting.sort(self, dim, descending, stable)

    @numpy_names
    def argsort(self, dim=-1, descending=False, stable=False):
        return sorting.argsort(self, dim, descending, stable)

    def msort(self):
        return sorting.msort(self)

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

    # ----- value tests ---------------------------------------------------------------------------------
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

    # ----- bits and reflected integer arithmetic -------------------------------------------------------
    def bitwise_left_shift(self, other):
        return bitwise.bitwise_left_shift(self, other)

    def bitwise_right_shift(self, other):
        return bitwise.bitwise_right_shift(self, other)

    def bitwise_not(self):
        return bitwise.bitwise_not(self)

    def bitwise_left_shift_(self, other):
        return self._inplace(lambda s: bitwise.bitwise_left_shift(s, other))

    def bitwise_right_shift_(self, other):
        return self._inplace(lambda s: bitwise.bitwise_right_shift(s, other))

    def bitwise_not_(self):
        return self._inplace(bitwise.bitwise_not)

    __lshift__ = bitwise_left_shift
    __rshift__ = bitwise_right_shift
    __ilshift__ = bitwise_left_shift_
    __irshift__ = bitwise_right_shift_

    def __rlshift__(self, other):
        return bitwise.bitwise_left_shift(other, self)

    def __rrshift__(self, other):
        return bitwise.bitwise_right_shift(other, self)

    def __rfloordiv__(self, other):
        return binary.floor_divide(binary._as_tensor_like(other, self), self)

    def __rmod__(self, other):
        return binary.remainder(binary._as_tensor_like(other, self), self)

    # ----- conversion ----------------------------------------------------------------------------------
    def type_as(self, other):
        """This tensor in ``other``'s dtype (``self`` itself when it already is)."""
        return self.to(other.dtype)

    # ----- random fills (in place) ---------------------------------------------------------------------
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

    # ----- running reductions --------------------------------------------------------------------------
    @numpy_names
    def cummax(self, dim):
        return cumulative.cummax(self, dim)

    @numpy_names
    def cummin(self, dim):
        return cumulative.cummin(self, dim)

    @numpy_names
    def logcumsumexp(self, dim):
        return cumulative.logcumsumexp(self, dim)

    # ----- special functions ---------------------------------------------------------------------------
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

    def xlogy_(self, other):
        return self._inplace(lambda s: special.xlogy(s, other))

    def logit(self, eps=None):
        return special.logit(self, eps)

    # ----- memory layout ---------------------------------------------------------------------------------
    @numpy_names
    def stride(self, dim=None):
        """The step in elements between neighbours along each dim (a tuple), or along ``dim`` (an int), as
        ``torch.Tensor.stride``: views share their base's memory and report its steps (``t()`` swaps them,
        ``expand`` gives 0). IndexError with PyTorch's wording for a dim out of range.

        >>> import gradlib
        >>> x = gradlib.zeros(3, 4)
        >>> x.stride(), x.t().stride(), x.stride(-1)
        ((4, 1), (1, 4), 1)
        """
        strides = self._device._backend.element_strides(self._array)
        if dim is None:
            return strides
        if self.ndim == 0:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return strides[_dims.normalize_dim(dim, self.ndim)]

    def storage_offset(self):
        """How many elements into the memory it views this tensor starts, as ``torch.Tensor.storage_offset``.

        >>> import gradlib
        >>> gradlib.arange(6).view(2, 3)[:, 1:].storage_offset()
        1
        """
        return self._device._backend.storage_offset(self._array)

    def data_ptr(self):
        """The address of the first element (0 for an empty tensor), as ``torch.Tensor.data_ptr``: views of the
        same memory give related addresses; the number means nothing across devices.

        >>> import gradlib
        >>> x = gradlib.zeros(4)
        >>> x[1:].data_ptr() - x.data_ptr() == x.element_size()
        True
        """
        return self._device._backend.data_ptr(self._array)

    # ----- writing at indices ----------------------------------------------------------------------------
    def fill_diagonal_(self, fill_value, wrap=False):
        """Write ``fill_value`` on the main diagonal in place (``torch.Tensor.fill_diagonal_``): a 2-D tensor, or
        one whose dims are all equal; with ``wrap`` a tall matrix's diagonal starts again every ``cols + 1`` rows.
        RuntimeError (PyTorch's wording) for fewer than 2 dims or unequal dims beyond 2. The mask is made on the
        tensor's device.

        >>> import gradlib
        >>> gradlib.zeros(2, 3).fill_diagonal_(5)
        tensor([[5., 0., 0.],
                [0., 5., 0.]])
        """
        if self.ndim < 2:
            raise RuntimeError("dimensions must larger than 1")
        if self.ndim > 2 and len(set(self.shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        step = 0
        stride = 1
        for size in reversed(self.shape):  # the diagonal's step in a contiguous layout: the sum of the strides
            step += stride
            stride *= size
        positions = _creation.arange(self.numel(), device=self.device)
        mask = (positions % step) == 0
        if not (wrap and self.ndim == 2):
            mask = mask & (positions // step < min(self.shape))
        return self.masked_fill_(mask.reshape(self.shape), fill_value)

    def index_put(self, indices, values, accumulate=False):
        return scatter_reduce.index_put(self, indices, values, accumulate)

    def index_put_(self, indices, values, accumulate=False):
        return self._inplace(lambda s: scatter_reduce.index_put(s, indices, values, accumulate))

    @numpy_names
    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        return scatter_reduce.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)

    @numpy_names
    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        return self._inplace(lambda s: scatter_reduce.scatter_reduce(s, dim, index, src, reduce,
                                                                     include_self=include_self))

    # ----- decompositions -------------------------------------------------------------------------------
    def svd(self, some=True, compute_uv=True):
        return decompositions.svd_legacy(self, some, compute_uv)

    def qr(self, some=True):
        return decompositions.qr_legacy(self, some)

    def cholesky_solve(self, input2, upper=False):
        return linalg.cholesky_solve(self, input2, upper)

    def pinverse(self, rcond=1e-15):
        return decompositions.pinverse(self, rcond)

    # ----- more math, statistics, construction -----------------------------------------------------------
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

    # ----- distances -------------------------------------------------------------------------------------
    def dist(self, other, p=2):
        return distance.dist(self, other, p)


_LEGACY_TYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16",
                 "LongTensor": "int64", "IntTensor": "int32", "ShortTensor": "int16", "CharTensor": "int8",
                 "ByteTensor": "uint8", "BoolTensor": "bool"}


def parse_legacy_type(name):
    """``(dtype, on_cuda)`` for a legacy type name such as ``'torch.LongTensor'`` or ``'torch.cuda.FloatTensor'``
    (``gradlib.`` works too); ValueError for anything else, with PyTorch's words."""
    parts = name.split(".")
    on_cuda = len(parts) == 3 and parts[1] == "cuda"
    if parts[0] in ("torch", "gradlib") and len(parts) in (2, 3) and (len(parts) == 2 or on_cuda) and \
            parts[-1] in _LEGACY_TYPES:
        return getattr(dtypes, _LEGACY_TYPES[parts[-1]]), on_cuda
    raise ValueError(f"invalid type: '{name}'")


def legacy_target(value):
    """``(dtype, on_cuda)`` for ``Tensor.type``'s legacy forms (a name such as ``'torch.LongTensor'`` or a legacy
    type class such as ``gradlib.LongTensor``), else None."""
    if isinstance(value, str):
        return parse_legacy_type(value)
    return _legacy_types.legacy_type_of(value)


def _no_more(name, kwargs):
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")

