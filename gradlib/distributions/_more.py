"""More of ``torch.distributions``: MultivariateNormal, Independent, Gamma, Beta, Dirichlet, Exponential, Laplace,
Poisson, OneHotCategorical, with PyTorch's formulas, shapes, printing and validation messages.

Reparametrized sampling (``rsample``) where PyTorch has it: explicit formulas (MultivariateNormal, Exponential,
Laplace), and for Gamma, Beta and Dirichlet PyTorch's implicit reparameterization of the gamma sampler
(``ops/gamma_grads.py``: ``_standard_gamma``, and the ``_Dirichlet`` Function with ``_dirichlet_grad``). Draws
come from the device's generator (on the CPU PyTorch's numbers; on a GPU CuPy's stream).
"""
import math

from .. import _creation, _tensor, random
from .. import _type_info
from ..autograd import function, grad_mode
from ..linalg import cholesky, eigvalsh, solve_triangular
from ..nn import functional
from ..ops import (comparison, construction, elementwise, gamma_grads, join, reduction, selection, shape, special,
                   special_functions)
from . import _checks, constraints
from ._basic import Categorical, Distribution, ExponentialFamily, _LocScale, _as_tensor, _broadcast

__all__ = ["MultivariateNormal", "Independent", "Gamma", "Beta", "Dirichlet", "Exponential", "Laplace", "Poisson",
           "OneHotCategorical"]


def _draw(like, draw, keep_dtype=True):
    """Raw draws ``draw(source, array)`` from ``like``'s device generator, as a tensor of ``like``'s dtype (no
    graph; ``keep_dtype=False``: of the draws' own dtype)."""
    device = like._device
    backend = device._backend
    source = random.source_for(None, device)
    with backend.guard(device):
        values = draw(source, like.detach()._array)
        if keep_dtype:
            values = values.astype(like._array.dtype, copy=False)
    return _tensor.wrap(values, device)


def _sum_rightmost(value, dims):
    if dims <= 0:
        return value
    return reduction.sum(value.reshape(tuple(value.shape[:value.ndim - dims]) + (-1,)), -1)


def _tiny(tensor):
    return _type_info.finfo(tensor.dtype).tiny


def _batch_mahalanobis(scale_tril, diff):
    """|L^{-1} diff|^2 over the last dim, batch dims broadcast."""
    batch = construction.broadcast_shapes(tuple(scale_tril.shape[:-2]), tuple(diff.shape[:-1]))
    n = diff.shape[-1]
    tril = shape.expand(scale_tril, batch + (n, n))
    solved = solve_triangular(tril, shape.unsqueeze(shape.expand(diff, batch + (n,)), -1), upper=False)
    return reduction.sum(shape.squeeze(solved, -1) ** 2, -1)


def _half_log_det(scale_tril):
    return reduction.sum(elementwise.log(scale_tril.diagonal(dim1=-2, dim2=-1)), -1)


class MultivariateNormal(Distribution):
    """The multivariate normal N(loc, Σ), Σ given as ``covariance_matrix``, ``precision_matrix`` (its inverse) or
    ``scale_tril`` (its lower Cholesky factor) (``torch.distributions.MultivariateNormal``). ``loc``: ``(*, k)``;
    the matrix ``(*, k, k)``; batch shape the broadcast of their batch dims, event shape ``(k,)``.

    >>> import gradlib
    >>> d = gradlib.distributions.MultivariateNormal(gradlib.zeros(2), gradlib.tensor([[2., 0.5], [0.5, 1.]]))
    >>> d, d.log_prob(gradlib.tensor([1., -1.]))
    (MultivariateNormal(loc: gradlib.Size([2]), covariance_matrix: gradlib.Size([2, 2])), tensor(-3.2605))
    """

    arg_constraints = {"loc": constraints.real_vector, "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector

    has_rsample = True
    params = ("loc", "covariance_matrix", "precision_matrix", "scale_tril")

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = [(n, m) for n, m in (("covariance_matrix", covariance_matrix), ("precision_matrix", precision_matrix),
                                     ("scale_tril", scale_tril)) if m is not None]
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        name, matrix = given[0]
        if matrix.dim() < 2:
            raise ValueError(f"{name} must be at least two-dimensional, with optional leading batch dimensions")
        batch = construction.broadcast_shapes(tuple(matrix.shape[:-2]), tuple(loc.shape[:-1]))
        self.__dict__[name] = shape.expand(matrix, batch + (-1, -1))
        self.loc = shape.expand(loc, batch + (-1,))
        super().__init__(batch, tuple(self.loc.shape[-1:]), validate_args)
        self._check_matrix(name, getattr(self, name))
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = matrix
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = cholesky(matrix)
        else:  # the Cholesky factor of the inverse, as PyTorch's _precision_to_scale_tril
            flipped = cholesky(matrix.flip((-2, -1)))
            inverse_transposed = solve_triangular(flipped.flip((-2, -1)).mT,
                                                  _creation.eye(matrix.shape[-1], dtype=matrix.dtype,
                                                                device=matrix.device), upper=False)
            self._unbroadcasted_scale_tril = inverse_transposed

    def _check_matrix(self, name, matrix):
        if not self._validate_args:
            return
        if name == "scale_tril":
            diagonal = matrix.diagonal(dim1=-2, dim2=-1)
            ok = comparison.eq(matrix, matrix.tril()).all() & comparison.gt(diagonal, 0).all()
            self._check(name, matrix, ok, "LowerCholesky()")
            return
        symmetric = comparison.le(elementwise.abs(matrix - matrix.mT), 1e-6).all()
        positive = comparison.gt(eigvalsh(matrix), 0).all()  # eigvalsh reads one triangle: no error either way
        self._check(name, matrix, symmetric & positive, "PositiveDefinite()")

    def __getattr__(self, name):
        """The matrices not given, computed on first use (PyTorch's lazy properties; the given one is stored)."""
        tril = self.__dict__.get("_unbroadcasted_scale_tril")
        if tril is None or name not in ("scale_tril", "covariance_matrix", "precision_matrix"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        with grad_mode.enable_grad():  # as PyTorch's lazy_property
            full = self._batch_shape + self._event_shape * 2
            if name == "scale_tril":
                value = tril
            elif name == "covariance_matrix":
                value = tril @ tril.mT
            else:
                eye = _creation.eye(tril.shape[-1], dtype=tril.dtype, device=tril.device)
                inverse = solve_triangular(tril, shape.expand(eye, tuple(tril.shape)), upper=False)
                value = inverse.mT @ inverse
            value = shape.expand(value, full)
        self.__dict__[name] = value
        return value

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        values = reduction.sum(self._unbroadcasted_scale_tril ** 2, -1)
        return shape.expand(values, self._batch_shape + self._event_shape)

    def rsample(self, sample_shape=()):
        noise = _creation.randn(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + shape.squeeze(self._unbroadcasted_scale_tril @ shape.unsqueeze(noise, -1), -1)

    def log_prob(self, value):
        value = _as_tensor(value, self.loc)
        self._check_value(value, comparison.eq(value, value), "IndependentConstraint(Real(), 1)")
        mahalanobis = _batch_mahalanobis(self._unbroadcasted_scale_tril, value - self.loc)
        k = self._event_shape[0]
        return -0.5 * (k * math.log(2 * math.pi) + mahalanobis) - _half_log_det(self._unbroadcasted_scale_tril)

    def entropy(self):
        k = self._event_shape[0]
        value = 0.5 * k * (1.0 + math.log(2 * math.pi)) + _half_log_det(self._unbroadcasted_scale_tril)
        return shape.expand(value, self._batch_shape) if len(self._batch_shape) else value


class Independent(Distribution):
    """Reinterprets the last ``reinterpreted_batch_ndims`` batch dims of ``base_distribution`` as event dims
    (``torch.distributions.Independent``): ``log_prob`` and ``entropy`` sum over them.

    >>> import gradlib
    >>> D = gradlib.distributions
    >>> d = D.Independent(D.Normal(gradlib.zeros(3), gradlib.ones(3)), 1)
    >>> d
    Independent(Normal(loc: gradlib.Size([3]), scale: gradlib.Size([3])), 1)
    >>> d.batch_shape, d.event_shape, d.log_prob(gradlib.zeros(3))
    (gradlib.Size([]), gradlib.Size([3]), tensor(-2.7568))
    """

    arg_constraints = {}

    @constraints.dependent_property
    def support(self):
        result = self.base_dist.support
        if self.reinterpreted_batch_ndims:
            result = constraints.independent(result, self.reinterpreted_batch_ndims)
        return result

    def __init__(self, base_distribution, reinterpreted_batch_ndims, validate_args=None):
        batch = tuple(base_distribution.batch_shape)
        if reinterpreted_batch_ndims > len(batch):
            raise ValueError(f"Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual "
                             f"{reinterpreted_batch_ndims} vs {len(batch)}")
        full = batch + tuple(base_distribution.event_shape)
        event_dim = reinterpreted_batch_ndims + len(base_distribution.event_shape)
        self.base_dist = base_distribution
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims
        super().__init__(full[:len(full) - event_dim], full[len(full) - event_dim:], validate_args)

    @property
    def has_rsample(self):
        return self.base_dist.has_rsample

    @property
    def has_enumerate_support(self):
        return False if self.reinterpreted_batch_ndims > 0 else self.base_dist.has_enumerate_support

    def enumerate_support(self, expand=True):
        if self.reinterpreted_batch_ndims > 0:
            raise NotImplementedError("Enumeration over cartesian product is not implemented")
        return self.base_dist.enumerate_support(expand=expand)

    @property
    def mean(self):
        return self.base_dist.mean

    @property
    def mode(self):
        return self.base_dist.mode

    @property
    def variance(self):
        return self.base_dist.variance

    def sample(self, sample_shape=()):
        return self.base_dist.sample(sample_shape)

    def rsample(self, sample_shape=()):
        return self.base_dist.rsample(sample_shape)

    def log_prob(self, value):
        return _sum_rightmost(self.base_dist.log_prob(value), self.reinterpreted_batch_ndims)

    def entropy(self):
        return _sum_rightmost(self.base_dist.entropy(), self.reinterpreted_batch_ndims)

    def __repr__(self):
        return f"{type(self).__name__}({self.base_dist!r}, {self.reinterpreted_batch_ndims})"


def _positive(name):
    return name, "GreaterThan(lower_bound=0.0)"


class Gamma(ExponentialFamily):
    """The gamma distribution with shape ``concentration`` and ``rate`` (``torch.distributions.Gamma``).

    >>> import gradlib
    >>> gradlib.distributions.Gamma(gradlib.tensor([2.]), 3.).log_prob(gradlib.tensor([0.5]))
    tensor([0.0041])
    """

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative

    params = ("concentration", "rate")
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        self.concentration, self.rate = _broadcast(concentration, rate)
        super().__init__(self.concentration.shape, (), validate_args)
        self._check("concentration", self.concentration, comparison.gt(self.concentration, 0),
                    "GreaterThan(lower_bound=0.0)")
        self._check("rate", self.rate, comparison.gt(self.rate, 0), "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate ** 2

    def rsample(self, sample_shape=()):
        """Gamma samples differentiable in ``concentration`` (implicitly, ``_standard_gamma``) and ``rate``."""
        size = self._extended_shape(sample_shape)
        value = gamma_grads.standard_gamma(shape.expand(self.concentration, size)) / shape.expand(self.rate, size)
        value.detach().clamp_(min=_tiny(value))
        return value

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            return self.rsample(sample_shape)

    def log_prob(self, value):
        value = _as_tensor(value, self.rate)
        self._check_value(value, comparison.ge(value, 0), "GreaterThanEq(lower_bound=0.0)")
        return (special.xlogy(self.concentration, self.rate) + special.xlogy(self.concentration - 1, value)
                - self.rate * value - special.lgamma(self.concentration))

    def entropy(self):
        c = self.concentration
        return c - elementwise.log(self.rate) + special.lgamma(c) + (1.0 - c) * special.digamma(c)

    def cdf(self, value):
        """The regularized lower incomplete gamma function ``gammainc(concentration, rate * value)``."""
        value = _as_tensor(value, self.rate)
        _checks.validate_sample(self, value)
        return special_functions.gammainc(self.concentration, self.rate * value)

    _mean_carrier_measure = 0

    @property
    def _natural_params(self):
        return (self.concentration - 1, -self.rate)

    def _log_normalizer(self, x, y):
        return special.lgamma(x + 1) + (x + 1) * elementwise.log(-y.reciprocal())


class Dirichlet(ExponentialFamily):
    """The Dirichlet distribution on the simplex, ``concentration`` ``(*, k)`` (``torch.distributions.Dirichlet``):
    batch shape ``*``, event shape ``(k,)``.

    >>> import gradlib
    >>> gradlib.distributions.Dirichlet(gradlib.tensor([1., 2., 3.])).log_prob(gradlib.tensor([0.2, 0.3, 0.5]))
    tensor(1.5041)
    """

    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex

    params = ("concentration",)
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        super().__init__(tuple(concentration.shape[:-1]), tuple(concentration.shape[-1:]), validate_args)
        self._check("concentration", concentration, comparison.gt(concentration, 0),
                    "IndependentConstraint(GreaterThan(lower_bound=0.0), 1)")

    @property
    def mean(self):
        return self.concentration / reduction.sum(self.concentration, -1, keepdim=True)

    @property
    def mode(self):
        """(c - 1)/(sum(c) - k) clamped at 0; the one-hot of the largest concentration when all are below 1."""
        shifted = (self.concentration - 1).clamp(min=0.0)
        mode = shifted / reduction.sum(shifted, -1, keepdim=True)
        below_one = shape.unsqueeze(comparison.lt(self.concentration, 1).all(-1), -1)
        corner = functional.one_hot(reduction.argmax(mode, -1), shifted.shape[-1]).to(mode.dtype)
        return selection.where(below_one, corner, mode)

    @property
    def variance(self):
        total = reduction.sum(self.concentration, -1, keepdim=True)
        return self.concentration * (total - self.concentration) / (total ** 2 * (total + 1))

    def rsample(self, sample_shape=()):
        """Dirichlet samples differentiable in ``concentration`` (PyTorch's ``_Dirichlet`` Function)."""
        return _Dirichlet.apply(shape.expand(self.concentration, self._extended_shape(sample_shape)))

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            return self.rsample(sample_shape)

    def log_prob(self, value):
        value = _as_tensor(value, self.concentration)
        simplex = comparison.ge(value, 0).all(-1) & comparison.le(elementwise.abs(reduction.sum(value, -1) - 1), 1e-6)
        self._check_value(value, simplex, "Simplex()")
        c = self.concentration
        return (reduction.sum(special.xlogy(c - 1.0, value), -1) + special.lgamma(reduction.sum(c, -1))
                - reduction.sum(special.lgamma(c), -1))

    def entropy(self):
        c = self.concentration
        k = c.shape[-1]
        total = reduction.sum(c, -1)
        return (reduction.sum(special.lgamma(c), -1) - special.lgamma(total) - (k - total) * special.digamma(total)
                - reduction.sum((c - 1.0) * special.digamma(c), -1))

    @property
    def _natural_params(self):
        return (self.concentration,)

    def _log_normalizer(self, x):
        return reduction.sum(special.lgamma(x), -1) - special.lgamma(reduction.sum(x, -1))


class _Dirichlet(function.Function):
    """Normalized gamma draws; the gradient is PyTorch's: ``_dirichlet_grad(x, c, sum(c)) * (g - sum(x * g))``."""

    @staticmethod
    def forward(ctx, concentration):
        # PyTorch's _sample_dirichlet: gamma draws in float64 whatever the dtype, normalized in float64, then
        # cast and kept in [tiny, the float below 1]
        draws = _draw(concentration, lambda source, a: source.standard_gamma(a.astype("float64")), keep_dtype=False)
        draws = draws.clamp(min=_tiny(draws))
        x = (draws / reduction.sum(draws, -1, keepdim=True)).to(concentration.dtype)
        x = x.clamp(min=_tiny(x), max=1.0 - _type_info.finfo(x.dtype).eps / 2)
        ctx.save_for_backward(x, concentration)
        return x

    @staticmethod
    def backward(ctx, grad_output):
        x, concentration = ctx.saved_tensors
        total = reduction.sum(concentration, -1, keepdim=True).expand_as(concentration)
        grad = gamma_grads.dirichlet_grad(x, concentration, total)
        return grad * (grad_output - reduction.sum(x * grad_output, -1, keepdim=True))


class Beta(ExponentialFamily):
    """The beta distribution on [0, 1] with ``concentration1`` (alpha) and ``concentration0`` (beta)
    (``torch.distributions.Beta``); built on a two-category Dirichlet, as PyTorch's (which is why its
    validation messages name the Dirichlet's stacked ``concentration``, and it prints as ``Beta()``).

    >>> import gradlib
    >>> gradlib.distributions.Beta(gradlib.tensor([2.]), gradlib.tensor([3.])).log_prob(gradlib.tensor([0.4]))
    tensor([0.5470])
    """

    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval

    params = ()
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        concentration1, concentration0 = _broadcast(concentration1, concentration0)
        self._dirichlet = Dirichlet(join.stack([concentration1, concentration0], -1), validate_args=validate_args)
        super().__init__(self._dirichlet.batch_shape, (), validate_args)

    @property
    def concentration1(self):
        return self._dirichlet.concentration[..., 0]

    @property
    def concentration0(self):
        return self._dirichlet.concentration[..., 1]

    @property
    def mean(self):
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self):
        return self._dirichlet.mode[..., 0]

    @property
    def variance(self):
        total = self.concentration1 + self.concentration0
        return self.concentration1 * self.concentration0 / (total ** 2 * (1 + total))

    def rsample(self, sample_shape=()):
        return self._dirichlet.rsample(sample_shape).select(-1, 0)

    def sample(self, sample_shape=()):
        return self._dirichlet.sample(sample_shape)[..., 0]

    def log_prob(self, value):
        value = _as_tensor(value, self.concentration1)
        self._check_value(value, comparison.ge(value, 0) & comparison.le(value, 1),
                          "Interval(lower_bound=0.0, upper_bound=1.0)")
        heads_tails = join.stack([value, 1.0 - value], -1)
        return self._dirichlet.log_prob(heads_tails)

    def entropy(self):
        return self._dirichlet.entropy()

    @property
    def _natural_params(self):
        return (self.concentration1, self.concentration0)

    def _log_normalizer(self, x, y):
        return special.lgamma(x) + special.lgamma(y) - special.lgamma(x + y)


class Exponential(ExponentialFamily):
    """The exponential distribution with ``rate`` (``torch.distributions.Exponential``).

    >>> import gradlib
    >>> gradlib.distributions.Exponential(gradlib.tensor([2.])).log_prob(gradlib.tensor([1.]))
    tensor([-1.3069])
    """

    arg_constraints = {"rate": constraints.positive}
    support = constraints.nonnegative

    has_rsample = True
    params = ("rate",)

    def __init__(self, rate, validate_args=None):
        (self.rate,) = _broadcast(rate)
        super().__init__(self.rate.shape, (), validate_args)
        self._check("rate", self.rate, comparison.gt(self.rate, 0), "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self):
        return self.rate.reciprocal()

    @property
    def mode(self):
        return _creation.zeros_like(self.rate)

    @property
    def stddev(self):
        return self.rate.reciprocal()

    @property
    def variance(self):
        return self.rate ** -2

    def rsample(self, sample_shape=()):
        draws = _creation.empty(self._extended_shape(sample_shape), dtype=self.rate.dtype, device=self.rate.device)
        return draws.exponential_() / self.rate

    def log_prob(self, value):
        value = _as_tensor(value, self.rate)
        self._check_value(value, comparison.ge(value, 0), "GreaterThanEq(lower_bound=0.0)")
        return elementwise.log(self.rate) - self.rate * value

    def cdf(self, value):
        value = _as_tensor(value, self.rate)
        _checks.validate_sample(self, value)
        return 1 - elementwise.exp(-self.rate * value)

    def icdf(self, value):
        return -elementwise.log1p(-_as_tensor(value, self.rate)) / self.rate

    def entropy(self):
        return 1.0 - elementwise.log(self.rate)

    _mean_carrier_measure = 0

    @property
    def _natural_params(self):
        return (-self.rate,)

    def _log_normalizer(self, x):
        return -elementwise.log(-x)


class Laplace(_LocScale):
    """The Laplace distribution with ``loc`` and ``scale`` (``torch.distributions.Laplace``).

    >>> import gradlib
    >>> gradlib.distributions.Laplace(0., 2.).log_prob(gradlib.tensor(1.))
    tensor(-1.8863)
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real

    @property
    def variance(self):
        return 2 * self.scale ** 2

    @property
    def stddev(self):
        return math.sqrt(2) * self.scale

    def rsample(self, sample_shape=()):
        eps = _type_info.finfo(self.loc.dtype).eps
        u = _creation.empty(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        u = u.uniform_(eps - 1, 1)
        return self.loc - self.scale * elementwise.sign(u) * elementwise.log1p(-elementwise.abs(u))

    def log_prob(self, value):
        value = _as_tensor(value, self.loc)
        self._check_value(value, comparison.eq(value, value), "Real()")
        return -elementwise.log(2 * self.scale) - elementwise.abs(value - self.loc) / self.scale

    def cdf(self, value):
        value = _as_tensor(value, self.loc)
        _checks.validate_sample(self, value)
        return 0.5 - 0.5 * elementwise.sign(value - self.loc) * elementwise.expm1(
            -elementwise.abs(value - self.loc) / self.scale)

    def icdf(self, value):
        """The quantile: loc - scale * sign(p - 1/2) * log1p(-2 |p - 1/2|) (PyTorch's formula)."""
        term = _as_tensor(value, self.loc) - 0.5
        return self.loc - self.scale * elementwise.sign(term) * elementwise.log1p(-2 * elementwise.abs(term))

    def entropy(self):
        return 1 + elementwise.log(2 * self.scale)


class Poisson(ExponentialFamily):
    """The Poisson distribution with ``rate`` (``torch.distributions.Poisson``); draws are floats of the rate's
    dtype, as PyTorch's.

    >>> import gradlib
    >>> gradlib.distributions.Poisson(gradlib.tensor([2.])).log_prob(gradlib.tensor([3.]))
    tensor([-1.7123])
    """

    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    params = ("rate",)

    def __init__(self, rate, validate_args=None):
        (self.rate,) = _broadcast(rate)
        super().__init__(self.rate.shape, (), validate_args)
        self._check("rate", self.rate, comparison.ge(self.rate, 0), "GreaterThanEq(lower_bound=0.0)")

    @property
    def mean(self):
        return self.rate

    @property
    def mode(self):
        return self.rate.floor()

    @property
    def variance(self):
        return self.rate

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            rate = shape.expand(self.rate, self._extended_shape(sample_shape))
            return _draw(rate, lambda source, a: source.poisson(a))

    def log_prob(self, value):
        value = _as_tensor(value, self.rate)
        whole = comparison.ge(value, 0) & comparison.eq(value, value.floor())
        self._check_value(value, whole, "IntegerGreaterThan(lower_bound=0)")
        return special.xlogy(value, self.rate) - self.rate - special.lgamma(value + 1)

    def entropy(self):
        raise NotImplementedError

    @property
    def _natural_params(self):
        return (elementwise.log(self.rate),)

    def _log_normalizer(self, x):
        return elementwise.exp(x)


class OneHotCategorical(Distribution):
    """One-hot vectors of a Categorical draw (``torch.distributions.OneHotCategorical``): event shape ``(k,)``.

    >>> import gradlib
    >>> d = gradlib.distributions.OneHotCategorical(probs=gradlib.tensor([0.2, 0.8]))
    >>> d.log_prob(gradlib.tensor([0., 1.])), d.entropy()
    (tensor(-0.2231), tensor(0.5004))
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.one_hot
    has_enumerate_support = True

    params = ()

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits)  # with the default validation, as PyTorch's
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:], validate_args)

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def mean(self):
        return self._categorical.probs

    @property
    def mode(self):
        probs = self._categorical.probs
        return functional.one_hot(reduction.argmax(probs, -1), probs.shape[-1]).to(probs.dtype)

    @property
    def variance(self):
        return self._categorical.probs * (1 - self._categorical.probs)

    def sample(self, sample_shape=()):
        indices = self._categorical.sample(sample_shape)
        probs = self._categorical.probs
        return functional.one_hot(indices, probs.shape[-1]).to(probs.dtype)

    def log_prob(self, value):
        value = _as_tensor(value, self._categorical.probs)
        one_hot = comparison.eq(value, 0) | comparison.eq(value, 1)
        one_hot = one_hot.all(-1) & comparison.eq(reduction.sum(value, -1), 1)
        self._check_value(value, one_hot, "OneHot()")
        return self._categorical.log_prob(reduction.argmax(value, -1))

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        """The ``n`` one-hot vectors, shape ``(n,) + batch_shape + (n,)`` (``(n, 1, ..., 1, n)`` without expand)."""
        n = self._event_shape[0]
        param = self._categorical._param
        values = _creation.eye(n, dtype=param.dtype, device=param.device)
        values = shape.reshape(values, (n,) + (1,) * len(self._batch_shape) + (n,))
        return shape.expand(values, (n,) + tuple(self._batch_shape) + (n,)) if expand else values

