"""``Wishart`` (PyTorch's ``torch.distributions.wishart``)."""
import math
import warnings

from .. import _creation, _type_info
from ..autograd import grad_mode
from ..linalg import cholesky, slogdet
from ..ops import construction, selection, special, triangular
from . import _checks, constraints
from ._extra import Chi2
from ._more import MultivariateNormal
from .exp_family import ExponentialFamily

__all__ = ["Wishart"]

_LOG_2 = math.log(2)


def _mvdigamma(x, p):
    """The multivariate digamma: sum over i < p of digamma(x - i / 2)."""
    if not bool(x.gt((p - 1) / 2).all()):
        raise AssertionError("Wrong domain for multivariate digamma function.")
    halves = _creation.arange(p, dtype=x.dtype, device=x.device).div(2)
    return special.digamma(x.unsqueeze(-1) - halves.expand(tuple(x.shape) + (-1,))).sum(-1)


class Wishart(ExponentialFamily):
    """The Wishart distribution over positive-definite ``p`` x ``p`` matrices with ``df`` degrees of freedom
    (``> p - 1``) and one of ``covariance_matrix``, ``precision_matrix``, ``scale_tril``
    (``torch.distributions.Wishart``). ``rsample`` is Bartlett's decomposition (Chi2 diagonal: gradlib's gamma
    sampler, not PyTorch's numbers; ``randn`` below it), redrawing singular samples (up to ``max_try_correction``
    times, with PyTorch's warning). AssertionError unless exactly one matrix is given; ValueError for ``df <= p - 1``.

    >>> import gradlib
    >>> d = Wishart(gradlib.tensor(4.), covariance_matrix=gradlib.tensor([[2., 0.5], [0.5, 1.]]))
    >>> d.log_prob(gradlib.tensor([[5., 1.], [1., 3.]])), d.mean
    (tensor(-5.8810), tensor([[8., 2.],
            [2., 4.]]))
    """

    support = constraints.positive_definite
    has_rsample = True
    _mean_carrier_measure = 0
    params = ("covariance_matrix", "precision_matrix", "scale_tril", "df")

    @property
    def arg_constraints(self):
        return {"covariance_matrix": constraints.positive_definite,
                "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky,
                "df": constraints.greater_than(self.event_shape[-1] - 1)}

    def __init__(self, df, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        given = [(n, m) for n, m in (("covariance_matrix", covariance_matrix), ("precision_matrix", precision_matrix),
                                     ("scale_tril", scale_tril)) if m is not None]
        if len(given) != 1:
            raise AssertionError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be "
                                 "specified.")
        name, param = given[0]
        if param.dim() < 2:
            raise ValueError("scale_tril must be at least two-dimensional, with optional leading batch dimensions")
        if isinstance(df, (int, float)):
            batch_shape = tuple(param.shape[:-2])
            self.df = _creation.tensor(df, dtype=param.dtype, device=param.device)
        else:
            batch_shape = construction.broadcast_shapes(tuple(param.shape[:-2]), tuple(df.shape))
            self.df = df.expand(batch_shape)
        event_shape = tuple(param.shape[-2:])
        if bool(self.df.le(event_shape[-1] - 1).any()):
            raise ValueError(f"Value of df={df} expected to be greater than ndim - 1 = {event_shape[-1] - 1}.")
        self.__dict__[name] = param.expand(batch_shape + (-1, -1))
        if bool(self.df.lt(event_shape[-1]).any()):
            warnings.warn("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df "
                          "< ndim.", stacklevel=2)
        super().__init__(batch_shape, event_shape, validate_args)
        _checks.validate_parameters(self)
        self._batch_dims = [-(x + 1) for x in range(len(self._batch_shape))]
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = param
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = cholesky(param)
        else:
            self._unbroadcasted_scale_tril = MultivariateNormal(
                _creation.zeros(event_shape[-1], dtype=param.dtype, device=param.device), precision_matrix=param,
                validate_args=False)._unbroadcasted_scale_tril
        self._dist_chi2 = self._chi2(batch_shape)

    def _chi2(self, batch_shape):
        tril = self._unbroadcasted_scale_tril
        offsets = _creation.arange(self._event_shape[-1], dtype=tril.dtype, device=tril.device)
        return Chi2(df=self.df.unsqueeze(-1) - offsets.expand(tuple(batch_shape) + (-1,)))

    def expand(self, batch_shape, _instance=None):
        new = super().expand(batch_shape, _instance)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril.expand(tuple(batch_shape) + self._event_shape)
        new._batch_dims = [-(x + 1) for x in range(len(batch_shape))]
        new._dist_chi2 = new._chi2(batch_shape)
        return new

    def _full(self):
        return tuple(self._batch_shape) + tuple(self._event_shape)

    def __getattr__(self, name):
        """The matrices not given, computed on first use (PyTorch's lazy properties)."""
        tril = self.__dict__.get("_unbroadcasted_scale_tril")
        if tril is None or name not in ("scale_tril", "covariance_matrix", "precision_matrix"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        with grad_mode.enable_grad():  # as PyTorch's lazy_property
            if name == "scale_tril":
                value = tril
            elif name == "covariance_matrix":
                value = tril @ tril.mT
            else:
                identity = _creation.eye(self._event_shape[-1], dtype=tril.dtype, device=tril.device)
                value = triangular.cholesky_solve(identity, tril)
            value = value.expand(self._full())
        self.__dict__[name] = value
        return value

    def _per_batch(self, value):
        return value.view(tuple(self._batch_shape) + (1, 1))

    @property
    def mean(self):
        return self._per_batch(self.df) * self.covariance_matrix

    @property
    def mode(self):
        factor = self.df - self.covariance_matrix.shape[-1] - 1
        factor = selection.where(factor <= 0, math.nan, factor)
        return self._per_batch(factor) * self.covariance_matrix

    @property
    def variance(self):
        V = self.covariance_matrix
        diag_V = V.diagonal(dim1=-2, dim2=-1)
        return self._per_batch(self.df) * (V.pow(2) + diag_V.unsqueeze(-1) * diag_V.unsqueeze(-2))

    def _bartlett_sampling(self, sample_shape=()):
        p = self._event_shape[-1]
        eps = _type_info.finfo(self._unbroadcasted_scale_tril.dtype).eps
        noise = self._dist_chi2.rsample(sample_shape).sqrt().clamp(min=eps).diag_embed(dim1=-2, dim2=-1)
        rows, cols = construction.tril_indices(p, p, offset=-1, device=noise.device)
        below = _creation.randn(tuple(sample_shape) + tuple(self._batch_shape) + (p * (p - 1) // 2,),
                                dtype=noise.dtype, device=noise.device)
        noise = _fill_below(noise, rows, cols, below)
        chol = self._unbroadcasted_scale_tril @ noise
        return chol @ chol.mT

    def rsample(self, sample_shape=(), max_try_correction=None):
        """Bartlett draws; a batch member with a singular draw is redrawn whole (PyTorch redraws just those)."""
        max_try_correction = 10 if max_try_correction is None else max_try_correction
        sample_shape = tuple(sample_shape) if not isinstance(sample_shape, int) else (sample_shape,)
        sample = self._bartlett_sampling(sample_shape)
        is_singular = ~self.support.check(sample)
        if bool(is_singular.any()):
            warnings.warn("Singular sample detected.", stacklevel=2)
            for _ in range(max_try_correction):
                fresh = self._bartlett_sampling(sample_shape)
                sample = selection.where(is_singular.unsqueeze(-1).unsqueeze(-1), fresh, sample)
                is_singular = ~self.support.check(sample)
                if not bool(is_singular.any()):
                    break
        return sample

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        nu = self.df
        p = self._event_shape[-1]
        half_log_det = self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)
        trace = triangular.cholesky_solve(value, self._unbroadcasted_scale_tril).diagonal(dim1=-2, dim2=-1).sum(-1)
        return (-nu * (p * _LOG_2 / 2 + half_log_det) - (nu / 2).mvlgamma(p)
                + (nu - p - 1) / 2 * slogdet(value).logabsdet - trace / 2)

    def entropy(self):
        nu = self.df
        p = self._event_shape[-1]
        half_log_det = self._unbroadcasted_scale_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1)
        return ((p + 1) * (p * _LOG_2 / 2 + half_log_det) + (nu / 2).mvlgamma(p)
                - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p) + nu * p / 2)

    @property
    def _natural_params(self):
        p = self._event_shape[-1]
        return (-self.precision_matrix / 2, (self.df - p - 1) / 2)

    def _log_normalizer(self, x, y):
        p = self._event_shape[-1]
        return ((y + (p + 1) / 2) * (-slogdet(-2 * x).logabsdet + _LOG_2 * p)
                + (y + (p + 1) / 2).mvlgamma(p))


def _fill_below(noise, rows, cols, below):
    """``noise`` with ``below`` written at the strictly-lower positions ``(rows, cols)`` (differentiable)."""
    noise = noise.clone()
    noise[..., rows, cols] = below
    return noise
