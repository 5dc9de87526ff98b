"""The rest of ``torch.distributions.transforms`` (PowerTransform, SoftplusTransform, ReshapeTransform,
IndependentTransform, LowerCholeskyTransform, PositiveDefiniteTransform, CorrCholeskyTransform, CatTransform,
StackTransform, CumulativeDistributionTransform), with PyTorch's formulas, shapes, printing and assertion texts;
``transforms`` re-exports them at PyTorch's path.

>>> import gradlib
>>> t = PowerTransform(gradlib.tensor(2.))
>>> x = gradlib.tensor([1., 3.])
>>> t(x), t.inv(t(x)), t.log_abs_det_jacobian(x, t(x))
(tensor([1., 9.]), tensor([1., 3.]), tensor([0.6931, 1.7918]))
"""
import math

from .. import _creation, _tensor, linalg
from ..nn import functional
from ..ops import construction, join
from . import constraints
from ._basic import _broadcast
from .transforms import Transform, _sum_rightmost

__all__ = ["PowerTransform", "SoftplusTransform", "ReshapeTransform", "IndependentTransform",
           "LowerCholeskyTransform", "PositiveDefiniteTransform", "CorrCholeskyTransform", "CatTransform",
           "StackTransform", "CumulativeDistributionTransform"]


class PowerTransform(Transform):
    """``y = x ** exponent`` on the positive reals; ``sign`` is the exponent's sign."""

    domain = constraints.positive
    codomain = constraints.positive

    def __init__(self, exponent, cache_size=0):
        super().__init__(cache_size)
        (self.exponent,) = _broadcast(exponent)

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else PowerTransform(self.exponent, cache_size=cache_size)

    @property
    def sign(self):
        return self.exponent.sign()

    def __eq__(self, other):
        return isinstance(other, PowerTransform) and bool(self.exponent.eq(other.exponent).all())

    __hash__ = object.__hash__

    def _call(self, x):
        return x.pow(self.exponent)

    def _inverse(self, y):
        return y.pow(1 / self.exponent)

    def log_abs_det_jacobian(self, x, y):
        return (self.exponent * y / x).abs().log()

    def forward_shape(self, shape):
        return construction.broadcast_shapes(tuple(shape), tuple(self.exponent.shape))

    inverse_shape = forward_shape


class SoftplusTransform(Transform):
    """``y = log(1 + exp(x))``; the inverse ``log(-expm1(-y)) + y``."""

    domain = constraints.real
    codomain = constraints.positive
    sign = 1

    def __eq__(self, other):
        return isinstance(other, SoftplusTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return functional.softplus(x)

    def _inverse(self, y):
        return (-y).expm1().neg().log() + y

    def log_abs_det_jacobian(self, x, y):
        return -functional.softplus(-x)


class ReshapeTransform(Transform):
    """Reshapes the rightmost ``in_shape`` dims to ``out_shape`` (a zero log-Jacobian)."""

    def __init__(self, in_shape, out_shape, cache_size=0):
        self.in_shape = _tensor.Size(in_shape)
        self.out_shape = _tensor.Size(out_shape)
        if math.prod(self.in_shape) != math.prod(self.out_shape):
            raise ValueError("in_shape, out_shape have different numbers of elements")
        super().__init__(cache_size)

    @constraints.dependent_property
    def domain(self):
        return constraints.independent(constraints.real, len(self.in_shape))

    @constraints.dependent_property
    def codomain(self):
        return constraints.independent(constraints.real, len(self.out_shape))

    @property
    def event_dim(self):
        if len(self.in_shape) != len(self.out_shape):
            raise ValueError("Please use either .domain.event_dim or .codomain.event_dim")
        return len(self.in_shape)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return ReshapeTransform(self.in_shape, self.out_shape, cache_size=cache_size)

    def _call(self, x):
        return x.reshape(tuple(x.shape[:x.dim() - len(self.in_shape)]) + tuple(self.out_shape))

    def _inverse(self, y):
        return y.reshape(tuple(y.shape[:y.dim() - len(self.out_shape)]) + tuple(self.in_shape))

    def log_abs_det_jacobian(self, x, y):
        return x.new_zeros(tuple(x.shape[:x.dim() - len(self.in_shape)]))

    def _moved(self, shape, source, target):
        shape = tuple(shape)
        if len(shape) < len(source):
            raise ValueError("Too few dimensions on input")
        cut = len(shape) - len(source)
        if shape[cut:] != tuple(source):
            raise ValueError(f"Shape mismatch: expected {shape[cut:]} but got {source}")
        return _tensor.Size(shape[:cut] + tuple(target))

    def forward_shape(self, shape):
        return self._moved(shape, self.in_shape, self.out_shape)

    def inverse_shape(self, shape):
        return self._moved(shape, self.out_shape, self.in_shape)


class IndependentTransform(Transform):
    """``base_transform`` with ``reinterpreted_batch_ndims`` more rightmost dims in one event (its log-Jacobian
    summed over them)."""

    def __init__(self, base_transform, reinterpreted_batch_ndims, cache_size=0):
        super().__init__(cache_size)
        self.base_transform = base_transform.with_cache(cache_size)
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return IndependentTransform(self.base_transform, self.reinterpreted_batch_ndims, cache_size=cache_size)

    @property
    def event_dim(self):
        return self.base_transform.event_dim + self.reinterpreted_batch_ndims

    @property
    def domain(self):
        return constraints.independent(self.base_transform.domain, self.reinterpreted_batch_ndims)

    @property
    def codomain(self):
        return constraints.independent(self.base_transform.codomain, self.reinterpreted_batch_ndims)

    @property
    def bijective(self):
        return self.base_transform.bijective

    @property
    def sign(self):
        return self.base_transform.sign

    def _call(self, x):
        if x.dim() < self.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform(x)

    def _inverse(self, y):
        if y.dim() < self.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform.inv(y)

    def log_abs_det_jacobian(self, x, y):
        return _sum_rightmost(self.base_transform.log_abs_det_jacobian(x, y), self.reinterpreted_batch_ndims)

    def forward_shape(self, shape):
        return self.base_transform.forward_shape(shape)

    def inverse_shape(self, shape):
        return self.base_transform.inverse_shape(shape)

    def __repr__(self):
        return f"{type(self).__name__}({self.base_transform!r}, {self.reinterpreted_batch_ndims})"


class LowerCholeskyTransform(Transform):
    """Square matrices to lower-triangular ones with a positive diagonal: the strict lower triangle kept, the
    diagonal exponentiated (not bijective; no log-Jacobian, as PyTorch's)."""

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.lower_cholesky
    event_dim = 2
    bijective = False

    def __eq__(self, other):
        return isinstance(other, LowerCholeskyTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return x.tril(-1) + x.diagonal(dim1=-2, dim2=-1).exp().diag_embed()

    def _inverse(self, y):
        return y.tril(-1) + y.diagonal(dim1=-2, dim2=-1).log().diag_embed()


class PositiveDefiniteTransform(Transform):
    """Square matrices to positive-definite ones: ``L L^T`` of the LowerCholeskyTransform's ``L``."""

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite
    event_dim = 2
    bijective = False

    def __eq__(self, other):
        return isinstance(other, PositiveDefiniteTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        x = LowerCholeskyTransform()(x)
        return x @ x.mT

    def _inverse(self, y):
        return LowerCholeskyTransform().inv(linalg.cholesky(y))


def _vec_to_tril_matrix(vec, diag=0):
    """The rightmost dim (n (n + 1) / 2 + n diag entries, row-major) into the lower triangle of (n, n) matrices."""
    n = int((-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1] + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2)
    eps = 1e-7 if vec.dtype.itemsize <= 4 else 1e-15
    n = round(n) if round(n) - n < eps else n
    if n * (n + 1) // 2 + n * diag != vec.shape[-1]:
        raise ValueError(f"The size of last dimension is {vec.shape[-1]} which cannot be expressed as "
                         f"the lower triangular part of a square D x D matrix.")
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    rows, cols = _tril_indices(n, diag, vec)
    mat[..., rows, cols] = vec
    return mat


def _tril_indices(n, diag, like):
    indices = construction.tril_indices(n, n, offset=diag, device=like.device)
    return indices[0], indices[1]


def _tril_matrix_to_vec(mat, diag=0):
    n = mat.shape[-1]
    rows, cols = _tril_indices(n, diag, mat)
    return mat[..., rows, cols]


class CorrCholeskyTransform(Transform):
    """Unconstrained vectors of length D (D - 1) / 2 to Cholesky factors of D x D correlation matrices
    (PyTorch's: tanh onto (-1, 1), then stick breaking along each row)."""

    domain = constraints.real_vector
    codomain = constraints.corr_cholesky

    @property
    def event_dim(self):
        raise ValueError("Please use either .domain.event_dim or .codomain.event_dim")

    def __eq__(self, other):
        return isinstance(other, CorrCholeskyTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        x = x.tanh()
        eps = 1.1920928955078125e-07 if x.dtype.itemsize <= 4 else 2.220446049250313e-16
        x = x.clamp(min=-1 + eps, max=1 - eps)
        r = _vec_to_tril_matrix(x, diag=-1)
        z = r ** 2
        z1m_cumprod_sqrt = (1 - z).sqrt().cumprod(-1)
        eye = _eye_like(r)
        r = r + eye
        padded = functional.pad(z1m_cumprod_sqrt[..., :-1], [1, 0], value=1)
        return r * padded

    def _inverse(self, y):
        y_cumsum = 1 - (y * y).cumsum(-1)
        y_cumsum_shifted = functional.pad(y_cumsum[..., :-1], [1, 0], value=1)
        y_vec = _tril_matrix_to_vec(y, diag=-1)
        y_cumsum_vec = _tril_matrix_to_vec(y_cumsum_shifted, diag=-1)
        t = y_vec / y_cumsum_vec.sqrt()
        return (t.log1p() - t.neg().log1p()) / 2

    def log_abs_det_jacobian(self, x, y, intermediates=None):
        y1m_cumsum = 1 - (y * y).cumsum(dim=-1)
        y1m_cumsum_tril = _tril_matrix_to_vec(y1m_cumsum, diag=-2)
        stick_breaking_logdet = 0.5 * y1m_cumsum_tril.log().sum(-1)
        tanh_logdet = -2 * (x + functional.softplus(-2 * x) - math.log(2.0)).sum(dim=-1)
        return stick_breaking_logdet + tanh_logdet

    def forward_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        n = shape[-1]
        d = round((0.25 + 2 * n) ** 0.5 + 0.5)
        if d * (d - 1) // 2 != n:
            raise ValueError("Input is not a flattened lower-diagonal number")
        return _tensor.Size(tuple(shape[:-1]) + (d, d))

    def inverse_shape(self, shape):
        if len(shape) < 2:
            raise ValueError("Too few dimensions on input")
        if shape[-2] != shape[-1]:
            raise ValueError("Input is not square")
        d = shape[-1]
        return _tensor.Size(tuple(shape[:-2]) + (d * (d - 1) // 2,))


def _eye_like(matrix):
    return _creation.eye(matrix.shape[-1], dtype=matrix.dtype, device=matrix.device)


def _check_dim(dim, tensor, name):
    if not -tensor.dim() <= dim < tensor.dim():
        raise AssertionError(f"dim {dim} out of range for {name} with {tensor.dim()} dimensions")


class CatTransform(Transform):
    """Applies ``tseq[i]`` to the i-th piece (``lengths[i]`` long) of dim ``dim`` and concatenates the results."""

    def __init__(self, tseq, dim=0, lengths=None, cache_size=0):
        if not all(isinstance(t, Transform) for t in tseq):
            raise AssertionError("All elements of tseq must be Transform instances")
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size)
        self.transforms = list(tseq)
        self.lengths = [1] * len(self.transforms) if lengths is None else list(lengths)
        if len(self.lengths) != len(self.transforms):
            raise AssertionError(f"lengths ({len(self.lengths)}) must match transforms ({len(self.transforms)})")
        self.dim = dim

    @property
    def event_dim(self):
        return max(t.event_dim for t in self.transforms)

    @property
    def length(self):
        return sum(self.lengths)

    @property
    def domain(self):
        return constraints.cat([t.domain for t in self.transforms], self.dim, self.lengths)

    @property
    def codomain(self):
        return constraints.cat([t.codomain for t in self.transforms], self.dim, self.lengths)

    @property
    def bijective(self):
        return all(t.bijective for t in self.transforms)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return CatTransform(self.transforms, self.dim, self.lengths, cache_size)

    def _check(self, tensor, letter, name):
        _check_dim(self.dim, tensor, name)
        if tensor.size(self.dim) != self.length:
            raise AssertionError(f"{letter}.size({self.dim}) = {tensor.size(self.dim)} must equal length "
                                 f"{self.length}")

    def _map(self, tensor, apply):
        pieces, start = [], 0
        for transform, length in zip(self.transforms, self.lengths):
            pieces.append(apply(transform, tensor.narrow(self.dim, start, length)))
            start = start + length
        return join.cat(pieces, self.dim)

    def _call(self, x):
        self._check(x, "x", "tensor")
        return self._map(x, lambda transform, piece: transform(piece))

    def _inverse(self, y):
        self._check(y, "y", "tensor")
        return self._map(y, lambda transform, piece: transform.inv(piece))

    def log_abs_det_jacobian(self, x, y):
        self._check(x, "x", "x")
        self._check(y, "y", "y")
        terms, start = [], 0
        for transform, length in zip(self.transforms, self.lengths):
            term = transform.log_abs_det_jacobian(x.narrow(self.dim, start, length),
                                                  y.narrow(self.dim, start, length))
            if transform.event_dim < self.event_dim:
                term = _sum_rightmost(term, self.event_dim - transform.event_dim)
            terms.append(term)
            start = start + length
        dim = self.dim - x.dim() if self.dim >= 0 else self.dim
        dim = dim + self.event_dim
        return join.cat(terms, dim) if dim < 0 else sum(terms)


class StackTransform(Transform):
    """Applies ``tseq[i]`` to the i-th slice of dim ``dim`` and stacks the results."""

    def __init__(self, tseq, dim=0, cache_size=0):
        if not all(isinstance(t, Transform) for t in tseq):
            raise AssertionError("All elements of tseq must be Transform instances")
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size)
        self.transforms = list(tseq)
        self.dim = dim

    @property
    def bijective(self):
        return all(t.bijective for t in self.transforms)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return StackTransform(self.transforms, self.dim, cache_size)

    @property
    def domain(self):
        return constraints.stack([t.domain for t in self.transforms], self.dim)

    @property
    def codomain(self):
        return constraints.stack([t.codomain for t in self.transforms], self.dim)

    def _slices(self, tensor, letter, name):
        _check_dim(self.dim, tensor, name)
        if tensor.size(self.dim) != len(self.transforms):
            raise AssertionError(f"{letter}.size({self.dim}) = {tensor.size(self.dim)} must equal len(transforms) "
                                 f"{len(self.transforms)}")
        return [tensor.select(self.dim, i) for i in range(tensor.size(self.dim))]

    def _call(self, x):
        return join.stack([t(piece) for piece, t in zip(self._slices(x, "x", "tensor"), self.transforms)], self.dim)

    def _inverse(self, y):
        return join.stack([t.inv(piece) for piece, t in zip(self._slices(y, "y", "tensor"), self.transforms)],
                          self.dim)

    def log_abs_det_jacobian(self, x, y):
        xs = self._slices(x, "x", "x")
        ys = self._slices(y, "y", "y")
        return join.stack([t.log_abs_det_jacobian(a, b) for a, b, t in zip(xs, ys, self.transforms)], self.dim)


class CumulativeDistributionTransform(Transform):
    """``y = distribution.cdf(x)`` onto the unit interval (a copula's marginal); the inverse is its ``icdf`` and the
    log-Jacobian its ``log_prob``."""

    codomain = constraints.unit_interval
    sign = 1

    def __init__(self, distribution, cache_size=0):
        super().__init__(cache_size)
        self.distribution = distribution

    @property
    def domain(self):
        return self.distribution.support

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return CumulativeDistributionTransform(self.distribution, cache_size=cache_size)

    def _call(self, x):
        return self.distribution.cdf(x)

    def _inverse(self, y):
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x, y):
        return self.distribution.log_prob(x)
