"""Binomial, Multinomial, StudentT, HalfNormal and MixtureSameFamily (``torch.distributions``), with PyTorch's
formulas, shapes, printing and validation messages. StudentT draws with ``sample`` only (PyTorch's ``rsample``
differentiates a gamma draw); HalfNormal's ``rsample`` is ``|Normal.rsample|``."""
import math

from .. import _creation, _tensor, random
from ..autograd import grad_mode
from ..nn import functional
from ..ops import comparison, construction, elementwise, gather_scatter, reduction, selection, shape, special
from . import _checks, constraints
from ._lazy_probs import LazyProbsLogits
from ._basic import Categorical, Distribution, Normal, _as_tensor, _broadcast
from ._more import Gamma
from .transformed_distribution import TransformedDistribution
from .transforms import AbsTransform

__all__ = ["Binomial", "Multinomial", "Chi2", "StudentT", "HalfNormal", "MixtureSameFamily"]


def _clamp_by_zero(x):
    return (x.clamp(min=0) + x - x.clamp(max=0)) / 2


def _one_of(probs, logits):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


class Binomial(LazyProbsLogits, Distribution):
    """The number of successes in ``total_count`` Bernoulli(``probs``) trials (``torch.distributions.Binomial``);
    ``probs`` or ``logits``; draws are floats of the parameters' dtype.

    >>> import gradlib
    >>> gradlib.distributions.Binomial(10, gradlib.tensor([0.2, 0.5])).log_prob(gradlib.tensor([3., 5.]))
    tensor([-1.6028, -1.4020])
    """

    arg_constraints = {"total_count": constraints.nonnegative_integer, "probs": constraints.unit_interval, "logits": constraints.real}
    has_enumerate_support = True

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self.total_count)

    params = ("total_count", "probs", "logits")

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        _one_of(probs, logits)
        if probs is not None:
            self.total_count, self.probs = _broadcast(total_count, probs)
            self.total_count = self.total_count.to(self.probs.dtype)
            self._param = self.probs
        else:
            self.total_count, self.logits = _broadcast(total_count, logits)
            self.total_count = self.total_count.to(self.logits.dtype)
            self._param = self.logits
        super().__init__(self._param.shape, (), validate_args)
        self._check("total_count", self.total_count, comparison.ge(self.total_count, 0) & comparison.eq(
            self.total_count, self.total_count.floor()), "IntegerGreaterThan(lower_bound=0)")
        if probs is not None:
            self._check("probs", self.probs, comparison.ge(self.probs, 0) & comparison.le(self.probs, 1),
                        "Interval(lower_bound=0.0, upper_bound=1.0)")

    @property
    def mean(self):
        return self.total_count * self.probs

    @property
    def mode(self):
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            size = self._extended_shape(sample_shape)
            counts = shape.expand(self.total_count, size).contiguous()
            probs = shape.expand(self.probs, size).contiguous()
            device = probs._device
            source = random.source_for(None, device)
            with device._backend.guard(device):
                values = source.binomial(counts._array.astype("int64"), probs._array).astype(probs._array.dtype)
            return _tensor.wrap(values, device)

    def log_prob(self, value):
        value = _as_tensor(value, self._param)
        whole = comparison.ge(value, 0) & comparison.le(value, self.total_count) & comparison.eq(value, value.floor())
        self._check_value(value, whole, lambda: f"IntegerInterval(lower_bound=0, upper_bound={self.total_count})")
        n = self.total_count
        logits = self.logits
        normalize = n * _clamp_by_zero(logits) + n * elementwise.log1p(elementwise.exp(-elementwise.abs(logits))) \
            - special.lgamma(n + 1)
        return value * logits - special.lgamma(value + 1) - special.lgamma(n - value + 1) - normalize

    def enumerate_support(self, expand=True):
        count = int(reduction.amax(self.total_count).item())
        if not int(reduction.amin(self.total_count).item()) == count:
            raise NotImplementedError("Inhomogeneous total count not supported by `enumerate_support`.")
        values = _creation.arange(1 + count, dtype=self._param.dtype, device=self._param.device)
        values = values.reshape((-1,) + (1,) * len(self._batch_shape))
        return shape.expand(values, (-1,) + tuple(self._batch_shape)) if expand else values

    def entropy(self):
        count = int(reduction.amax(self.total_count).item())
        if not int(reduction.amin(self.total_count).item()) == count:
            raise NotImplementedError("Inhomogeneous total count not supported by `entropy`.")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -reduction.sum(elementwise.exp(log_prob) * log_prob, 0)


class Multinomial(Distribution):
    """Counts of ``total_count`` draws among the categories of ``probs``/``logits`` (``(*, k)``)
    (``torch.distributions.Multinomial``): event shape ``(k,)``; prints as ``Multinomial()``.

    >>> import gradlib
    >>> gradlib.distributions.Multinomial(5, gradlib.tensor([0.2, 0.3, 0.5])).log_prob(gradlib.tensor([1., 1., 3.]))
    tensor(-1.8971)
    """

    params = ()
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits, validate_args=validate_args)
        param_shape = self._categorical.param_shape
        super().__init__(self._categorical.batch_shape, param_shape[-1:], validate_args)

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        sample_shape = tuple(_tensor.Size(sample_shape))  # PyTorch's torch.Size(sample_shape): an int raises
        with grad_mode.no_grad():
            draws = self._categorical.sample((self.total_count,) + sample_shape)  # (n, *sample, *batch)
            draws = shape.movedim(draws, 0, -1)
            counts = _creation.zeros(tuple(draws.shape[:-1]) + tuple(self._event_shape), dtype=self.probs.dtype,
                                     device=self.probs.device)
            return gather_scatter.scatter_add(counts, -1, draws, _creation.ones_like(draws, dtype=counts.dtype))

    def log_prob(self, value):
        value = _as_tensor(value, self.probs)
        _checks.validate_sample(self, value)
        logits, value = construction.broadcast_tensors(self.logits, value)  # PyTorch's broadcast_all
        logits = selection.where(comparison.eq(value, 0) & comparison.eq(self.logits, -math.inf), 0.0, self.logits)
        log_factorial_n = special.lgamma(reduction.sum(value, -1) + 1)
        log_factorial_xs = reduction.sum(special.lgamma(value + 1), -1)
        log_powers = reduction.sum(logits * value, -1)
        return log_factorial_n - log_factorial_xs + log_powers

    def entropy(self):
        """PyTorch's: ``n H(categorical) - lgamma(n + 1)`` plus the expected ``lgamma(x_i + 1)`` under each
        category's Binomial(n, p_i) marginal (n an int64 tensor, as PyTorch's ``torch.tensor(total_count)``)."""
        n = _creation.tensor(self.total_count, device=self.probs.device)
        term1 = n * self._categorical.entropy() - special.lgamma(n + 1)
        binomial = Binomial(self.total_count, probs=self.probs, validate_args=False)  # probs of a valid Categorical
        support = binomial.enumerate_support(expand=False)[1:]
        binomial_probs = elementwise.exp(binomial.log_prob(support))
        weights = special.lgamma(support + 1)
        return term1 + reduction.sum(binomial_probs * weights, (0, -1))


class Chi2(Gamma):
    """The chi-square distribution with ``df`` degrees of freedom: Gamma(df / 2, 1 / 2)
    (``torch.distributions.Chi2``); prints as ``Chi2()``.

    >>> import gradlib
    >>> gradlib.distributions.Chi2(gradlib.tensor([3.])).log_prob(gradlib.tensor([2.]))
    tensor([-1.5724])
    """

    arg_constraints = {"df": constraints.positive}

    params = ()

    def __init__(self, df, validate_args=None):
        (df,) = _broadcast(df)
        Distribution.__init__(self, df.shape, (), validate_args)
        self._check("df", df, comparison.gt(df, 0), "GreaterThan(lower_bound=0.0)")  # named df, as PyTorch's
        validate = self._validate_args
        super().__init__(0.5 * df, 0.5 * _creation.ones_like(df), validate_args=False)  # checked above
        self._validate_args = validate

    @property
    def df(self):
        return self.concentration * 2


class StudentT(Distribution):
    """Student's t with ``df`` degrees of freedom, ``loc`` and ``scale`` (``torch.distributions.StudentT``).

    >>> import gradlib
    >>> gradlib.distributions.StudentT(gradlib.tensor([3., 1.]), 1., 2.).log_prob(gradlib.tensor([0.5, 1.]))
    tensor([-1.7353, -1.8379])
    """

    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real

    params = ("df", "loc", "scale")
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        self.df, self.loc, self.scale = _broadcast(df, loc, scale)
        self._chi2 = Chi2(self.df)  # first and with the default validation, as PyTorch's: it checks df
        super().__init__(self.df.shape, (), validate_args)
        self._check("scale", self.scale, comparison.gt(self.scale, 0), "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self):
        return selection.where(comparison.le(self.df, 1), math.nan, self.loc)

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        # PyTorch writes the formula into the df > 2 elements only (index_put): the others get a +0 gradient
        above = comparison.gt(self.df, 2)
        df = selection.where(above, self.df, 3.0)
        finite = selection.where(above, self.scale, 1.0) ** 2 * df / (df - 2)
        result = selection.where(above, finite, math.inf)
        return selection.where(comparison.le(self.df, 1), math.nan, result)

    def rsample(self, sample_shape=()):
        """``loc + scale * X / sqrt(Z / df)``, X standard normal and Z ~ Chi2(df) reparametrized (``_standard_gamma``)."""
        size = self._extended_shape(sample_shape)
        noise = _creation.randn(size, dtype=self.df.dtype, device=self.df.device)
        chi2 = self._chi2.rsample(sample_shape)
        return self.loc + self.scale * (noise * elementwise.rsqrt(chi2 / self.df))

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            return self.rsample(sample_shape)

    def log_prob(self, value):
        value = _as_tensor(value, self.loc)
        self._check_value(value, comparison.eq(value, value), "Real()")
        y = (value - self.loc) / self.scale
        z = (elementwise.log(self.scale) + 0.5 * elementwise.log(self.df) + 0.5 * math.log(math.pi)
             + special.lgamma(0.5 * self.df) - special.lgamma(0.5 * (self.df + 1.0)))
        return -0.5 * (self.df + 1.0) * elementwise.log1p(y ** 2.0 / self.df) - z

    def entropy(self):
        lbeta = special.lgamma(0.5 * self.df) + math.lgamma(0.5) - special.lgamma(0.5 * (self.df + 1))
        return (elementwise.log(self.scale) + 0.5 * (self.df + 1) * (special.digamma(0.5 * (self.df + 1))
                                                                    - special.digamma(0.5 * self.df))
                + 0.5 * elementwise.log(self.df) + lbeta)


class HalfNormal(TransformedDistribution):
    """``|x|`` for ``x`` ~ Normal(0, scale) (``torch.distributions.HalfNormal``); prints as ``HalfNormal()``.

    >>> import gradlib
    >>> gradlib.distributions.HalfNormal(gradlib.tensor([1., 2.])).log_prob(gradlib.tensor([0.5, 3.]))
    tensor([-0.3508, -2.0439])
    """

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative

    params = ()

    def __init__(self, scale, validate_args=None):
        super().__init__(Normal(0, scale, validate_args=False), AbsTransform(), validate_args)
        self._check("scale", self.scale, comparison.gt(self.scale, 0), "GreaterThan(lower_bound=0.0)")

    @property
    def scale(self):
        return self.base_dist.scale

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def mode(self):
        return _creation.zeros_like(self.scale)

    @property
    def variance(self):
        return self.scale ** 2 * (1 - 2 / math.pi)

    def log_prob(self, value):
        value = _as_tensor(value, self.scale)
        self._check_value(value, comparison.ge(value, 0), "GreaterThanEq(lower_bound=0.0)")
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return selection.where(comparison.ge(value, 0), log_prob, -math.inf)

    def cdf(self, value):
        value = _as_tensor(value, self.scale)
        _checks.validate_sample(self, value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)


class MixtureSameFamily(Distribution):
    """A mixture: ``mixture_distribution`` (a Categorical over the last batch dim of the components) picks one of
    ``component_distribution``'s batch members (``torch.distributions.MixtureSameFamily``).

    >>> import gradlib
    >>> D = gradlib.distributions
    >>> m = D.MixtureSameFamily(D.Categorical(probs=gradlib.tensor([0.3, 0.7])),
    ...                         D.Normal(gradlib.tensor([-1., 2.]), gradlib.tensor([0.5, 1.])))
    >>> m.log_prob(gradlib.tensor([0., 1.5])), m.mean
    (tensor([-2.6566, -1.4006]), tensor(1.1000))
    """

    arg_constraints = {}

    @constraints.dependent_property
    def support(self):
        return constraints.MixtureSameFamilyConstraint(self.component_distribution.support)

    def __init__(self, mixture_distribution, component_distribution, validate_args=None):
        if not isinstance(mixture_distribution, Categorical):
            raise ValueError(" The Mixture distribution needs to be an  instance of gradlib.distributions.Categorical")
        if not isinstance(component_distribution, Distribution):
            raise ValueError("The Component distribution need to be an instance of "
                             "gradlib.distributions.Distribution")
        mixture_batch = tuple(mixture_distribution.batch_shape)
        component_batch = tuple(component_distribution.batch_shape)[:-1]
        for size_mixture, size_component in zip(reversed(mixture_batch), reversed(component_batch)):
            if size_mixture != 1 and size_component != 1 and size_mixture != size_component:
                raise ValueError(f"`mixture_distribution.batch_shape` ({mixture_distribution.batch_shape}) is not "
                                 f"compatible with `component_distribution.batch_shape`({component_batch})")
        components = component_distribution.batch_shape[-1]
        mixture_components = mixture_distribution.logits.shape[-1]  # computes the logits, as PyTorch's (printing)
        if mixture_components != components:
            raise ValueError(f"`mixture_distribution component` ({mixture_components}) does not equal "
                             f"`component_distribution.batch_shape[-1]` ({components})")
        self._mixture_distribution = mixture_distribution
        self._component_distribution = component_distribution
        self._event_ndims = len(component_distribution.event_shape)
        super().__init__(component_batch, component_distribution.event_shape, validate_args)

    @property
    def mixture_distribution(self):
        return self._mixture_distribution

    @property
    def component_distribution(self):
        return self._component_distribution

    def _pad(self, x):
        return shape.unsqueeze(x, -1 - self._event_ndims)

    def _mixture_probs(self):
        probs = self._mixture_distribution.probs
        return probs.reshape(tuple(probs.shape) + (1,) * self._event_ndims)

    @property
    def mean(self):
        return reduction.sum(self._mixture_probs() * self._component_distribution.mean, -1 - self._event_ndims)

    @property
    def variance(self):
        probs = self._mixture_probs()
        dim = -1 - self._event_ndims
        within = reduction.sum(probs * self._component_distribution.variance, dim)
        between = reduction.sum(probs * (self._component_distribution.mean - self._pad(self.mean)) ** 2.0, dim)
        return within + between

    def cdf(self, value):
        """The mixture weights' sum of the components' CDFs (PyTorch's)."""
        cdf = self._component_distribution.cdf(self._pad(value))
        return reduction.sum(cdf * self._mixture_distribution.probs, -1 - self._event_ndims)

    def log_prob(self, value):
        value = _as_tensor(value, None)
        _checks.validate_sample(self, value)
        component_log_prob = self._component_distribution.log_prob(self._pad(value))
        mixture_log_prob = functional.log_softmax(self._mixture_distribution.logits, -1)
        return reduction.logsumexp(component_log_prob + mixture_log_prob, -1)

    def sample(self, sample_shape=()):
        len(sample_shape)  # PyTorch's reads its length first: an int raises "object of type 'int' has no len()"
        sample_shape = tuple(sample_shape)
        with grad_mode.no_grad():
            index = self._mixture_distribution.sample(sample_shape)  # (*sample, *batch)
            components = self._component_distribution.sample(sample_shape)  # (*sample, *batch, k, *event)
            index = index.reshape(tuple(index.shape) + (1,) * (1 + self._event_ndims))
            index = shape.expand(index, tuple(index.shape[:-1 - self._event_ndims]) + (1,)
                                 + tuple(self._event_shape))
            return shape.squeeze(gather_scatter.gather(components, -1 - self._event_ndims, index),
                                 -1 - self._event_ndims)

    def __repr__(self):
        return (f"{type(self).__name__}(\n  {self._mixture_distribution!r},\n  "
                f"{self._component_distribution!r})")

