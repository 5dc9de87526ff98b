"""The first distributions (``Distribution``, ``Normal``, ``Uniform``, ``Bernoulli``, ``Categorical``) and the
helpers every distribution uses (parameter broadcasting, validation with PyTorch's messages, printing).

Parameters broadcast to the batch shape. ``sample`` draws without recording a graph; ``rsample`` (Normal,
Uniform) is reparametrized and differentiable in the parameters. ``log_prob``, ``entropy``, ``mean``,
``variance`` are differentiable. With ``validate_args`` (PyTorch's default) parameters and values are checked
against their constraints, reading them on the host as PyTorch does; ``Distribution.set_default_validate_args``
switches that off.
"""
import math
import warnings

from .. import _creation, _sampling, _tensor, autograd, dtypes
from .. import _type_info
from ..autograd import grad_mode
from ..nn import functional
from ..ops import comparison, construction, elementwise, gather_scatter, reduction, selection, shape, special
from . import _checks, constraints
from ._lazy_probs import LazyProbsLogits

__all__ = ["Distribution", "ExponentialFamily", "Normal", "Uniform", "Bernoulli", "Categorical"]

_VALIDATE = [True]


def _as_tensor(value, like=None):
    if isinstance(value, _tensor.Tensor):
        return value
    dtype = like.dtype if like is not None and like.dtype.is_floating_point else dtypes.get_default_dtype()
    return _creation.tensor(float(value), dtype=dtype, device=None if like is None else like.device)


def _broadcast(*values):
    """PyTorch's ``broadcast_all``: numbers become tensors like the first tensor; a tensor already of the broadcast
    shape is returned itself (PyTorch's ``broadcast_tensors`` does not expand it: ``Normal(loc, s).loc is loc``)."""
    tensors = [v for v in values if isinstance(v, _tensor.Tensor)]
    like = tensors[0] if tensors else None
    converted = [_as_tensor(v, like) for v in values]
    expanded = construction.broadcast_tensors(*converted)
    size = tuple(expanded[0].shape) if expanded else ()
    return [t if tuple(t.shape) == size else e for t, e in zip(converted, expanded)]


def _shape(sample_shape):
    """``sample_shape`` read as PyTorch's ``torch.Size(sample_shape)``: an int raises its TypeError ("'int' object
    is not iterable"), as ``sample(3)`` does in PyTorch."""
    return tuple(_tensor.Size(sample_shape))


def _has_support(dist):
    try:
        return getattr(dist, "support", None) is not None
    except NotImplementedError:
        return False


class Distribution:
    """The base class: ``batch_shape``, ``event_shape``, ``sample``, ``rsample``, ``log_prob``, ``entropy``."""

    has_rsample = False
    has_enumerate_support = False
    #: parameter names in PyTorch's order (for the repr)
    params = ()

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape = _tensor.Size(batch_shape)
        self._event_shape = _tensor.Size(event_shape)
        self._validate_args = _VALIDATE[0] if validate_args is None else bool(validate_args)

    @staticmethod
    def set_default_validate_args(value):
        """Check parameters and values by default (True, PyTorch's default) or not."""
        _VALIDATE[0] = bool(value)

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    @property
    def stddev(self):
        return elementwise.sqrt(self.variance)

    def _extended_shape(self, sample_shape=()):
        return tuple(_shape(sample_shape)) + tuple(self._batch_shape) + tuple(self._event_shape)

    def sample(self, sample_shape=()):
        """A draw of shape ``sample_shape + batch_shape + event_shape``, outside the graph."""
        with grad_mode.no_grad():
            return self.rsample(sample_shape).detach()

    def rsample(self, sample_shape=()):
        raise NotImplementedError  # PyTorch's base class: no message

    def sample_n(self, n):
        warnings.warn("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.", FutureWarning, stacklevel=2)
        return self.sample((n,))

    # What a distribution does not define raises NotImplementedError, as PyTorch's base class.
    @property
    def mean(self):
        raise NotImplementedError

    @property
    def mode(self):
        raise NotImplementedError(f"{type(self)} does not implement mode")

    @property
    def variance(self):
        raise NotImplementedError

    def log_prob(self, value):
        raise NotImplementedError

    def cdf(self, value):
        raise NotImplementedError

    def icdf(self, value):
        raise NotImplementedError

    def entropy(self):
        raise NotImplementedError

    def enumerate_support(self, expand=True):
        raise NotImplementedError

    def perplexity(self):
        """exp(entropy)."""
        return elementwise.exp(self.entropy())

    def expand(self, batch_shape, _instance=None):
        """The distribution with its parameters expanded (views, no copy) to ``batch_shape`` (PyTorch's
        ``Distribution.expand``): each parameter tensor keeps its dims right of the batch dims (event dims), an inner
        distribution (Independent's base) is expanded the same way; RuntimeError from ``Tensor.expand`` when a batch
        dim is neither 1 nor the new size.

        >>> import gradlib
        >>> Normal(gradlib.zeros(3), 1.).expand((2, 3)).sample().shape
        gradlib.Size([2, 3])
        """
        batch_shape = tuple(batch_shape)
        new = object.__new__(type(self)) if _instance is None else _instance
        new.__dict__.update(self.__dict__)
        old = len(self._batch_shape)
        for name, value in self.__dict__.items():
            if name.startswith("_unbroadcasted"):  # kept as given (MultivariateNormal's scale_tril), as PyTorch's
                continue
            if isinstance(value, _tensor.Tensor) and value.ndim >= old and name != "_cached":
                new.__dict__[name] = value.expand(batch_shape + tuple(value.shape[old:]))
            elif isinstance(value, Distribution):
                new.__dict__[name] = value.expand(batch_shape + tuple(value.batch_shape[old:]))
        new._batch_shape = _tensor.Size(batch_shape)
        return new

    def _check(self, name, value, ok, constraint):
        """PyTorch's ValueError when ``ok`` (a bool tensor) is not all True (read on the host, as PyTorch)."""
        if self._validate_args and not bool(reduction.amin(ok.to(dtypes.int64)) if ok.numel() else True):
            constraint = constraint() if callable(constraint) else constraint
            raise ValueError(f"Expected parameter {name} (Tensor of shape {tuple(value.shape)}) of distribution "
                             f"{self!r} to satisfy the constraint {constraint}, but found invalid values:\n{value}")

    def _check_value(self, value, ok, support):
        """PyTorch's ``_validate_sample`` (``_checks.validate_sample``: the event shape, broadcasting with the batch
        shape, then ``self.support``) where the distribution has a support; else ``ok`` (a bool tensor) with
        ``support`` (the constraint's text, or a function giving it, formatted only when the check fails)."""
        if self._validate_args and _has_support(self):
            _checks.validate_sample(self, value)
            return
        if self._validate_args and not bool(reduction.amin(ok.to(dtypes.int64)) if ok.numel() else True):
            support = support() if callable(support) else support
            raise ValueError(f"Expected value argument (Tensor of shape {tuple(value.shape)}) to be within the "
                             f"support ({support}) of the distribution {self!r}, but found invalid values:\n{value}")

    def __repr__(self):
        parts = []
        for name in self.params:
            value = self.__dict__.get(name)
            if value is None:
                continue
            parts.append(f"{name}: {value if value.numel() == 1 else value.size()}")
        return f"{type(self).__name__}({', '.join(parts)})"


class ExponentialFamily(Distribution):
    """The base of distributions with densities ``p(x; θ) = exp(<t(x), θ> - F(θ) + k(x))``: a subclass gives
    ``_natural_params`` (θ, a tuple of tensors), ``_log_normalizer(*θ)`` (F) and ``_mean_carrier_measure``
    (E[k(x)]); ``entropy`` is then PyTorch's Bregman form ``F(θ) - <θ, ∇F(θ)> - E[k(x)]``, ∇F by autograd (with
    ``create_graph``, so the entropy is differentiable), and ``kl_divergence`` of two of the same type the Bregman
    divergence of F (``torch.distributions.ExponentialFamily``).

    >>> import gradlib
    >>> from gradlib.distributions import ContinuousBernoulli
    >>> d = ContinuousBernoulli(logits=gradlib.tensor([0.3, -2.]))
    >>> gradlib.distributions.ExponentialFamily.entropy(d)
    tensor([-0.0037, -0.1516], grad_fn=<SubBackward0>)
    """

    @property
    def _natural_params(self):
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError

    def entropy(self):
        result = -self._mean_carrier_measure
        params = [p.detach().requires_grad_() for p in self._natural_params]
        log_normalizer = self._log_normalizer(*params)
        gradients = autograd.grad(log_normalizer.sum(), params, create_graph=True)
        result = result + log_normalizer
        for param, gradient in zip(params, gradients):
            result = result - (param * gradient).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result


class _LocScale(Distribution):
    """A location-scale family (Normal, Laplace): ``loc`` and a positive ``scale`` broadcast together; the mean and
    the mode are ``loc``."""

    has_rsample = True
    params = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = _broadcast(loc, scale)
        super().__init__(self.loc.shape, (), validate_args)
        self._check("loc", self.loc, comparison.eq(self.loc, self.loc), "Real()")
        self._check("scale", self.scale, comparison.gt(self.scale, 0), "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc


class Normal(ExponentialFamily, _LocScale):
    """The normal distribution N(loc, scale^2) (``torch.distributions.Normal``).

    >>> import gradlib
    >>> gradlib.distributions.Normal(0., 1.).cdf(gradlib.tensor([0.]))
    tensor([0.5000])
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    _mean_carrier_measure = 0

    @property
    def stddev(self):
        return self.scale

    @property
    def _natural_params(self):
        return (self.loc / self.scale.pow(2), -0.5 * self.scale.pow(2).reciprocal())

    def _log_normalizer(self, x, y):
        return -0.25 * x.pow(2) / y + 0.5 * elementwise.log(-math.pi / y)

    @property
    def variance(self):
        return self.stddev ** 2  # as PyTorch (its grad_fn is PowBackward0)

    def rsample(self, sample_shape=()):
        shape_ = self._extended_shape(sample_shape)
        noise = _creation.randn(shape_, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + noise * self.scale

    def log_prob(self, value):
        value = _as_tensor(value, self.loc)
        _checks.validate_sample(self, value)
        variance = self.scale * self.scale
        return -((value - self.loc) ** 2) / (2 * variance) - elementwise.log(self.scale) - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        value = _as_tensor(value, self.loc)
        _checks.validate_sample(self, value)
        return 0.5 * (1 + elementwise.erf((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)))

    def icdf(self, value):
        value = _as_tensor(value, self.loc)
        return self.loc + self.scale * special.erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + elementwise.log(self.scale)


def _bound(value):
    """How PyTorch's Interval constraint prints a bound: the number for one element, else the tensor."""
    return value.item() if value.numel() == 1 and value.ndim == 0 else value


class Uniform(Distribution):
    """The uniform distribution on [low, high) (``torch.distributions.Uniform``).

    >>> import gradlib
    >>> gradlib.distributions.Uniform(0., 2.).log_prob(gradlib.tensor(1.))
    tensor(-0.6931)
    """

    @property
    def arg_constraints(self):
        return {"low": constraints.less_than(self.high), "high": constraints.greater_than(self.low)}

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.interval(self.low, self.high)

    has_rsample = True
    params = ("low", "high")

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = _broadcast(low, high)
        super().__init__(self.low.shape, (), validate_args)
        self._check("low", self.low, comparison.lt(self.low, self.high), lambda: f"LessThan(upper_bound={_bound(self.high)})")

    @property
    def mean(self):
        return (self.high + self.low) / 2

    @property
    def variance(self):
        return (self.high - self.low) ** 2 / 12

    @property
    def stddev(self):
        return (self.high - self.low) / 12 ** 0.5

    def rsample(self, sample_shape=()):
        shape_ = self._extended_shape(sample_shape)
        draw = _creation.rand(shape_, dtype=self.low.dtype, device=self.low.device)
        return self.low + draw * (self.high - self.low)

    def log_prob(self, value):
        value = _as_tensor(value, self.low)
        inside = comparison.le(self.low, value) & comparison.gt(self.high, value)
        self._check_value(value, inside, lambda: f"Interval(lower_bound={_bound(self.low)}, "
                                                 f"upper_bound={_bound(self.high)})")
        return elementwise.log(inside.to(self.low.dtype)) - elementwise.log(self.high - self.low)

    def cdf(self, value):
        value = _as_tensor(value, self.low)
        _checks.validate_sample(self, value)
        return ((value - self.low) / (self.high - self.low)).clamp(0, 1)

    def icdf(self, value):
        return _as_tensor(value, self.low) * (self.high - self.low) + self.low

    @property
    def mode(self):
        return math.nan * self.high

    def entropy(self):
        return elementwise.log(self.high - self.low)


class Bernoulli(LazyProbsLogits, ExponentialFamily):
    """0/1 draws with probability ``probs`` (or ``sigmoid(logits)``) of 1 (``torch.distributions.Bernoulli``).

    >>> import gradlib
    >>> gradlib.distributions.Bernoulli(probs=gradlib.tensor([0.3])).log_prob(gradlib.tensor([1.]))
    tensor([-1.2040])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    params = ("probs", "logits")

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            (self.probs,) = _broadcast(probs)
            super().__init__(self.probs.shape, (), validate_args)
            self._check("probs", self.probs, comparison.ge(self.probs, 0) & comparison.le(self.probs, 1),
                        "Interval(lower_bound=0.0, upper_bound=1.0)")
        else:
            (self.logits,) = _broadcast(logits)
            super().__init__(self.logits.shape, (), validate_args)

    @property
    def mean(self):
        return self.probs

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    @property
    def mode(self):
        """1 where probs > 0.5, 0 where below, NaN at 0.5 (PyTorch's)."""
        probs = self.probs
        mode = comparison.ge(probs, 0.5).to(probs.dtype)
        return selection.where(comparison.eq(probs, 0.5), math.nan, mode)

    def enumerate_support(self, expand=True):
        param = self.__dict__.get("probs", self.__dict__.get("logits"))
        values = _creation.arange(2, dtype=param.dtype, device=param.device)
        values = shape.reshape(values, (-1,) + (1,) * len(self._batch_shape))
        return shape.expand(values, (-1,) + tuple(self._batch_shape)) if expand else values

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            probs = shape.expand(self.probs, self._extended_shape(sample_shape))
            return _sampling.bernoulli(probs.detach().contiguous())

    def log_prob(self, value):
        value = _as_tensor(value, self.__dict__.get("probs", self.__dict__.get("logits")))
        self._check_value(value, comparison.eq(value, 0) | comparison.eq(value, 1), "Boolean()")
        logits, value = construction.broadcast_tensors(self.logits, value)
        return -functional.binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self):
        return functional.binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")

    _mean_carrier_measure = 0

    @property
    def _natural_params(self):
        return (elementwise.log(self.probs) - elementwise.log1p(-self.probs),)

    def _log_normalizer(self, x):
        return elementwise.log1p(elementwise.exp(x))


class Categorical(LazyProbsLogits, Distribution):
    """Draws of a category index from ``probs`` (normalized over the last dim) or ``logits``
    (``torch.distributions.Categorical``); int64 samples of the batch shape.

    >>> import gradlib
    >>> gradlib.distributions.Categorical(logits=gradlib.zeros(4)).log_prob(gradlib.tensor(2))
    tensor(-1.3863)
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.independent(constraints.real, 1)}
    has_enumerate_support = True
    binary = False  # probs are the softmax of logits over the last dim

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    params = ("probs", "logits")

    def __init__(self, probs=None, logits=None, validate_args=None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            if probs.ndim < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / reduction.sum(probs, -1, keepdim=True)
            self._param = self.probs
        else:
            if logits.ndim < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - reduction.logsumexp(logits, -1, keepdim=True)
            self._param = self.logits
        self._num_events = self._param.shape[-1]
        super().__init__(tuple(self._param.shape[:-1]), (), validate_args)
        if probs is not None:
            self._check("probs", self.probs, comparison.ge(self.probs, 0), "Simplex()")
        elif self._validate_args:  # the constraint's own check (its reshape refuses an empty batch, as PyTorch's)
            self._check("logits", self.logits, constraints.independent(constraints.real, 1).check(self.logits),
                        "IndependentConstraint(Real(), 1)")

    @property
    def param_shape(self):
        return self._param.shape

    @property
    def mean(self):
        return _creation.full(self._extended_shape(), float("nan"), dtype=self._param.dtype,
                              device=self._param.device)

    @property
    def variance(self):
        return self.mean

    @property
    def mode(self):
        return reduction.argmax(self.probs, -1)

    def sample(self, sample_shape=()):
        sample_shape = _shape(sample_shape)
        count = math.prod(sample_shape) if sample_shape else 1
        with grad_mode.no_grad():
            rows = shape.reshape(self.probs.detach(), (-1, self._num_events))
            drawn = _sampling.multinomial(rows, count, True)  # (rows, count)
            drawn = shape.reshape(drawn.mT, sample_shape + tuple(self._batch_shape))
        return drawn

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        value = _as_tensor(value, None).long() if not isinstance(value, _tensor.Tensor) else value.long()
        logits = self.logits
        value, logits = construction.broadcast_tensors(shape.unsqueeze(value, -1), logits)
        return shape.squeeze(gather_scatter.gather(logits, -1, value[..., :1]), -1)

    def entropy(self):
        lowest = _type_info.finfo(self.logits.dtype).min
        logits = self.logits.clamp(min=lowest)
        return -reduction.sum(logits * self.probs, -1)

    def enumerate_support(self, expand=True):
        values = _creation.arange(self._num_events, device=self._param.device)
        values = shape.reshape(values, (-1,) + (1,) * len(self._batch_shape))
        return shape.expand(values, (-1,) + tuple(self._batch_shape)) if expand else values
