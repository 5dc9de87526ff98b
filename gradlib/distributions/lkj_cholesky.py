"""``LKJCholesky`` (PyTorch's ``torch.distributions.lkj_cholesky``)."""
import math

from .. import _creation, _type_info
from ..ops import join, special
from . import _checks, constraints
from ._basic import Distribution, _broadcast
from ._more import Beta

__all__ = ["LKJCholesky"]


class LKJCholesky(Distribution):
    """The LKJ distribution over Cholesky factors of ``dim`` x ``dim`` correlation matrices with ``concentration``
    η (``torch.distributions.LKJCholesky``; Lewandowski, Kurowicka and Joe 2009): density of the correlation matrix
    proportional to ``det(C) ** (η - 1)``. ``sample`` is PyTorch's onion method: Beta draws (gradlib's gamma
    sampler, not PyTorch's numbers) and ``randn`` directions. ValueError for ``dim < 2``.

    >>> import gradlib
    >>> d = LKJCholesky(2, gradlib.tensor(2.))
    >>> d.log_prob(gradlib.tensor([[1., 0.], [0.6, 0.8]]))
    tensor(-0.7340)
    """

    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky
    params = ("concentration",)

    def __init__(self, dim, concentration=1.0, validate_args=None):
        if dim < 2:
            raise ValueError(f"Expected dim to be an integer greater than or equal to 2. Found dim={dim}.")
        self.dim = dim
        (self.concentration,) = _broadcast(concentration)
        marginal_conc = self.concentration + 0.5 * (self.dim - 2)
        offset = _creation.arange(self.dim - 1, dtype=self.concentration.dtype, device=self.concentration.device)
        offset = join.cat([offset.new_zeros((1,)), offset])
        beta_conc1 = offset + 0.5
        beta_conc0 = marginal_conc.unsqueeze(-1) - 0.5 * offset
        self._beta = Beta(beta_conc1, beta_conc0)
        super().__init__(self.concentration.shape, (dim, dim), validate_args)
        _checks.validate_parameters(self)

    def expand(self, batch_shape, _instance=None):
        new = super().expand(batch_shape, _instance)
        new._beta = self._beta.expand(tuple(batch_shape) + (self.dim,))
        return new

    def sample(self, sample_shape=()):
        y = self._beta.sample(sample_shape).unsqueeze(-1)
        u_normal = _creation.randn(self._extended_shape(sample_shape), dtype=y.dtype, device=y.device).tril(-1)
        u_hypersphere = u_normal / u_normal.norm(dim=-1, keepdim=True)
        u_hypersphere[..., 0, :] = 0.0
        w = y.sqrt() * u_hypersphere
        eps = _type_info.finfo(w.dtype).tiny
        diag_elems = (1 - (w ** 2).sum(-1)).clamp(min=eps).sqrt()
        return w + diag_elems.diag_embed()

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        diag_elems = value.diagonal(dim1=-1, dim2=-2)[..., 1:]
        order = _creation.arange(2, self.dim + 1, device=self.concentration.device)
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - order
        unnormalized_log_pdf = (order * diag_elems.log()).sum(-1)
        dm1 = self.dim - 1
        alpha = self.concentration + 0.5 * dm1
        denominator = special.lgamma(alpha) * dm1
        numerator = (alpha - 0.5).mvlgamma(dm1)
        normalize_term = 0.5 * dm1 * math.log(math.pi) + numerator - denominator
        return unnormalized_log_pdf - normalize_term
