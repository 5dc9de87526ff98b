"""``LowRankMultivariateNormal`` (PyTorch's ``torch.distributions.lowrank_multivariate_normal``)."""
import math

from .. import _creation
from ..linalg import cholesky, solve_triangular
from ..ops import construction, shape
from . import _checks, constraints
from ._basic import Distribution
from ._more import _batch_mahalanobis

__all__ = ["LowRankMultivariateNormal"]


def _batch_mv(matrix, vector):
    return shape.squeeze(matrix @ shape.unsqueeze(vector, -1), -1)


def _plus_identity(matrix):
    return matrix + _creation.eye(matrix.shape[-1], dtype=matrix.dtype, device=matrix.device)


def _batch_capacitance_tril(W, D):
    """The Cholesky factor of the capacitance ``I + W^T D^{-1} W`` (m x m)."""
    Wt_Dinv = W.mT / shape.unsqueeze(D, -2)
    return cholesky(_plus_identity(Wt_Dinv @ W))


def _batch_lowrank_logdet(W, D, capacitance_tril):
    """log det(W W^T + D) by the matrix determinant lemma."""
    return 2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1) + D.log().sum(-1)


def _batch_lowrank_mahalanobis(W, D, x, capacitance_tril):
    """x^T (W W^T + D)^{-1} x by the Woodbury identity."""
    Wt_Dinv = W.mT / shape.unsqueeze(D, -2)
    Wt_Dinv_x = _batch_mv(Wt_Dinv, x)
    return (x.pow(2) / D).sum(-1) - _batch_mahalanobis(capacitance_tril, Wt_Dinv_x)


class LowRankMultivariateNormal(Distribution):
    """The multivariate normal with covariance ``cov_factor @ cov_factor.mT + diag(cov_diag)``
    (``torch.distributions.LowRankMultivariateNormal``): ``loc`` ``(*, n)``, ``cov_factor`` ``(*, n, m)``,
    ``cov_diag`` ``(*, n)``; log-densities through the Woodbury identity and the determinant lemma (O(n m^2)).
    ``rsample`` draws ``randn`` of ``(*, m)`` then of ``(*, n)``, PyTorch's stream. ValueError for shapes that do not
    fit (PyTorch's messages) and, with ``validate_args``, for a non-positive ``cov_diag``.

    >>> import gradlib
    >>> d = LowRankMultivariateNormal(gradlib.zeros(2), gradlib.tensor([[1.], [0.5]]), gradlib.tensor([1., 2.]))
    >>> d.log_prob(gradlib.tensor([1., -1.])), d.covariance_matrix
    (tensor(-3.1790), tensor([[2.0000, 0.5000],
            [0.5000, 2.2500]]))
    """

    arg_constraints = {"loc": constraints.real_vector, "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True
    params = ("loc", "cov_factor", "cov_diag")

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = tuple(loc.shape[-1:])
        if cov_factor.dim() < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions")
        if tuple(cov_factor.shape[-2:-1]) != event_shape:
            raise ValueError(f"cov_factor must be a batch of matrices with shape {event_shape[0]} x m")
        if tuple(cov_diag.shape[-1:]) != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {loc.shape[-1:]}")
        try:
            loc_, self.cov_factor, cov_diag_ = construction.broadcast_tensors(
                shape.unsqueeze(loc, -1), cov_factor, shape.unsqueeze(cov_diag, -1))
        except RuntimeError as error:
            raise ValueError(f"Incompatible batch shapes: loc {loc.shape}, cov_factor {cov_factor.shape}, "
                             f"cov_diag {cov_diag.shape}") from error
        self.loc = loc_[..., 0]
        self.cov_diag = cov_diag_[..., 0]
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = _batch_capacitance_tril(cov_factor, cov_diag)
        super().__init__(tuple(self.loc.shape[:-1]), event_shape, validate_args)
        _checks.validate_parameters(self)

    def expand(self, batch_shape, _instance=None):
        """PyTorch's: the broadcast parameters expanded; the unbroadcasted ones and the capacitance shared."""
        new = object.__new__(type(self)) if _instance is None else _instance
        batch_shape = tuple(batch_shape)
        loc_shape = batch_shape + tuple(self._event_shape)
        new.loc = self.loc.expand(loc_shape)
        new.cov_diag = self.cov_diag.expand(loc_shape)
        new.cov_factor = self.cov_factor.expand(loc_shape + tuple(self.cov_factor.shape[-1:]))
        new._unbroadcasted_cov_factor = self._unbroadcasted_cov_factor
        new._unbroadcasted_cov_diag = self._unbroadcasted_cov_diag
        new._capacitance_tril = self._capacitance_tril
        Distribution.__init__(new, batch_shape, self._event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _full(self):
        return tuple(self._batch_shape) + tuple(self._event_shape) * 2

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        values = self._unbroadcasted_cov_factor.pow(2).sum(-1) + self._unbroadcasted_cov_diag
        return values.expand(tuple(self._batch_shape) + tuple(self._event_shape))

    @property
    def scale_tril(self):
        diag_sqrt = shape.unsqueeze(self._unbroadcasted_cov_diag.sqrt(), -1)
        dinvsqrt_w = self._unbroadcasted_cov_factor / diag_sqrt
        tril = diag_sqrt * cholesky(_plus_identity(dinvsqrt_w @ dinvsqrt_w.mT))
        return tril.expand(self._full())

    @property
    def covariance_matrix(self):
        factor = self._unbroadcasted_cov_factor
        return (factor @ factor.mT + self._unbroadcasted_cov_diag.diag_embed()).expand(self._full())

    @property
    def precision_matrix(self):
        Wt_Dinv = self._unbroadcasted_cov_factor.mT / shape.unsqueeze(self._unbroadcasted_cov_diag, -2)
        A = solve_triangular(self._capacitance_tril, Wt_Dinv, upper=False)
        return (self._unbroadcasted_cov_diag.reciprocal().diag_embed() - A.mT @ A).expand(self._full())

    def rsample(self, sample_shape=()):
        size = self._extended_shape(sample_shape)
        w_shape = size[:-1] + tuple(self.cov_factor.shape[-1:])
        eps_w = _creation.randn(w_shape, dtype=self.loc.dtype, device=self.loc.device)
        eps_d = _creation.randn(size, dtype=self.loc.dtype, device=self.loc.device)
        return (self.loc + _batch_mv(self._unbroadcasted_cov_factor, eps_w)
                + self._unbroadcasted_cov_diag.sqrt() * eps_d)

    def _log_det(self):
        return _batch_lowrank_logdet(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag,
                                     self._capacitance_tril)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        mahalanobis = _batch_lowrank_mahalanobis(self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag,
                                                 value - self.loc, self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + self._log_det() + mahalanobis)

    def entropy(self):
        entropy = 0.5 * (self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._log_det())
        return entropy if len(self._batch_shape) == 0 else entropy.expand(tuple(self._batch_shape))
