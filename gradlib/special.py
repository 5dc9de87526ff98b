"""``gradlib.special``: PyTorch's ``torch.special`` functions (aliases of gradlib's ops where they exist).

>>> import gradlib
>>> gradlib.special.expit(gradlib.tensor([0.]))
tensor([0.5000])
"""
import math

from . import dtypes
from .nn.functional import log_softmax, softmax
from .ops import unary
from .ops.arithmetic import rpow
from .ops.elementwise import round as _round
from .ops.selection import where
from .ops.elementwise import erf, erfc, expm1, log1p
from .ops.reduction import logsumexp
from .ops.special import digamma, entr, erfinv, lgamma, logit, polygamma, xlogy

__all__ = ["expit", "logit", "xlogy", "erfinv", "gammaln", "digamma", "psi", "polygamma", "entr", "erf", "erfc",
           "exp2", "expm1", "log1p", "sinc", "softmax", "log_softmax", "logsumexp", "round", "ndtr"]

expit = unary.sigmoid
gammaln = lgamma
psi = digamma


def exp2(input):
    """2 ** input elementwise.

    >>> import gradlib
    >>> gradlib.special.exp2(gradlib.tensor([3.]))
    tensor([8.])
    """
    if not input.dtype.is_floating_point:
        input = input.to(dtypes.get_default_dtype())
    return rpow(input, 2.0)


def sinc(input):
    """The normalized sinc, sin(pi x) / (pi x), 1 at 0.

    >>> import gradlib
    >>> gradlib.special.sinc(gradlib.tensor([0., 0.5]))
    tensor([1.0000, 0.6366])
    """
    if not input.dtype.is_floating_point:
        input = input.to(dtypes.get_default_dtype())
    scaled = input * math.pi
    zero = input == 0
    safe = where(zero, scaled * 0 + 1, scaled)
    return where(zero, scaled * 0 + 1, unary.sin(safe) / safe)


def round(input, decimals=0):
    """Round to ``decimals`` places (half to even)."""
    return _round(input, decimals=decimals)


def ndtr(input):
    """The standard normal CDF, (1 + erf(x / sqrt 2)) / 2."""
    return (1 + erf(input / math.sqrt(2))) / 2
