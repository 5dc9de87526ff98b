"""``FisherSnedecor`` (PyTorch's ``torch.distributions.fishersnedecor``)."""
import math

from .. import _type_info
from ..ops import selection, special
from . import _checks, constraints
from ._basic import Distribution, _broadcast
from ._more import Gamma

__all__ = ["FisherSnedecor"]


class FisherSnedecor(Distribution):
    """The F distribution with ``df1`` and ``df2`` degrees of freedom (``torch.distributions.FisherSnedecor``): the
    ratio of two scaled Gamma draws, reparametrized (gradlib's gamma sampler: not PyTorch's numbers). The mean is
    NaN for df2 <= 2, the variance for df2 <= 4, the mode for df1 <= 2.

    >>> import gradlib
    >>> d = FisherSnedecor(gradlib.tensor([3., 5.]), gradlib.tensor([6., 10.]))
    >>> d.log_prob(gradlib.tensor([1., 2.])), d.mean
    (tensor([-0.9829, -1.8201]), tensor([1.5000, 1.2500]))
    """

    arg_constraints = {"df1": constraints.positive, "df2": constraints.positive}
    support = constraints.positive
    has_rsample = True
    params = ("df1", "df2")

    def __init__(self, df1, df2, validate_args=None):
        self.df1, self.df2 = _broadcast(df1, df2)
        self._gamma1 = Gamma(self.df1 * 0.5, self.df1)
        self._gamma2 = Gamma(self.df2 * 0.5, self.df2)
        super().__init__(self.df1.shape, (), validate_args)
        _checks.validate_parameters(self)

    @property
    def mean(self):
        df2 = selection.where(self.df2 <= 2, math.nan, self.df2)
        return df2 / (df2 - 2)

    @property
    def mode(self):
        mode = (self.df1 - 2) / self.df1 * self.df2 / (self.df2 + 2)
        return selection.where(self.df1 <= 2, math.nan, mode)

    @property
    def variance(self):
        df2 = selection.where(self.df2 <= 4, math.nan, self.df2)
        return 2 * df2.pow(2) * (self.df1 + df2 - 2) / (self.df1 * (df2 - 2).pow(2) * (df2 - 4))

    def rsample(self, sample_shape=()):
        size = self._extended_shape(sample_shape)
        x1 = self._gamma1.rsample(sample_shape).view(size)
        x2 = self._gamma2.rsample(sample_shape).view(size)
        tiny = _type_info.finfo(x2.dtype).tiny
        x2 = x2.clamp(min=tiny)
        return (x1 / x2).clamp(min=tiny)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        ct1 = self.df1 * 0.5
        ct2 = self.df2 * 0.5
        ct3 = self.df1 / self.df2
        t1 = special.lgamma(ct1 + ct2) - special.lgamma(ct1) - special.lgamma(ct2)
        t2 = ct1 * ct3.log() + (ct1 - 1) * value.log()
        t3 = (ct1 + ct2) * (ct3 * value).log1p()
        return t1 + t2 - t3
