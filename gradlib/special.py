"""``gradlib.special``: PyTorch's ``torch.special`` functions (aliases of gradlib's ops where they exist).

>>> import gradlib
>>> gradlib.special.expit(gradlib.tensor([0.]))
tensor([0.5000])
"""
import math

from . import _torch_function
from .ops import nn_ops
from .ops import elementwise
from .ops.elementwise import erf, erfc, expm1, log1p
from .ops.elementwise import round as _round
from .ops.reduction import logsumexp
from . import _arg_parser
from .ops import special as _special
from .ops.special import digamma, entr, erfinv, exp2, lgamma, logit, sinc, xlogy
from .ops.torch_math import mvlgamma as _mvlgamma, xlog1py
from .ops.special_functions import (airy_ai, bessel_j0, bessel_j1, bessel_y0, bessel_y1, chebyshev_polynomial_t,
                                    chebyshev_polynomial_u, chebyshev_polynomial_v, chebyshev_polynomial_w, erfcx,
                                    hermite_polynomial_h, hermite_polynomial_he, i0, i0e, i1, i1e,
                                    laguerre_polynomial_l, legendre_polynomial_p, log_ndtr, modified_bessel_i0,
                                    modified_bessel_i1, modified_bessel_k0, modified_bessel_k1, ndtri,
                                    scaled_modified_bessel_k0, scaled_modified_bessel_k1,
                                    shifted_chebyshev_polynomial_t, shifted_chebyshev_polynomial_u,
                                    shifted_chebyshev_polynomial_v, shifted_chebyshev_polynomial_w,
                                    spherical_bessel_j0, zeta)
from .ops.special_functions import gammainc, gammaincc

__all__ = ["expit", "logit", "xlogy", "erfinv", "gammaln", "digamma", "psi", "polygamma", "entr", "erf", "erfc",
           "exp2", "expm1", "log1p", "sinc", "softmax", "log_softmax", "logsumexp", "round", "ndtr", "xlog1py",
           "multigammaln", "airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "erfcx", "gammainc",
           "gammaincc", "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1", "i1e",
           "laguerre_polynomial_l", "legendre_polynomial_p", "log_ndtr", "modified_bessel_i0", "modified_bessel_i1",
           "modified_bessel_k0", "modified_bessel_k1", "ndtri", "scaled_modified_bessel_k0",
           "scaled_modified_bessel_k1", "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
           "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "spherical_bessel_j0", "zeta"]

expit = elementwise.sigmoid
gammaln = lgamma
psi = digamma


def round(input, decimals=0):
    """Round to ``decimals`` places (half to even).

    >>> import gradlib
    >>> gradlib.special.round(gradlib.tensor([1.25, 2.5]), decimals=1)
    tensor([1.2000, 2.5000])
    """
    return _round(input, decimals=decimals)


_SOFTMAX = _arg_parser.Schema("special_softmax", "Tensor input, int dim, ScalarType? dtype=None")
_LOG_SOFTMAX = _arg_parser.Schema("special_log_softmax", "Tensor input, int dim, *, ScalarType? dtype=None")


def softmax(*args, **kwargs):
    """``softmax(input, dim, dtype=None)``: exp(x) / sum(exp(x)) along ``dim`` (required, an int; axis= is
    accepted), in ``dtype`` when given, positionally too (``torch.special.softmax``, a native function: PyTorch's
    parser's TypeErrors for a missing or non-int ``dim``).

    >>> import gradlib
    >>> gradlib.special.softmax(gradlib.tensor([1., 2., 3.]), 0)
    tensor([0.0900, 0.2447, 0.6652])
    """
    bound = _SOFTMAX.bind(args, kwargs)
    return nn_ops.softmax(bound["input"], bound["dim"], dtype=bound.get("dtype"))


def log_softmax(*args, **kwargs):
    """``log_softmax(input, dim, *, dtype=None)``: log(softmax(x)) along ``dim`` (required, an int), in ``dtype``
    when given (``torch.special.log_softmax``; PyTorch's parser's TypeErrors).

    >>> import gradlib
    >>> gradlib.special.log_softmax(gradlib.tensor([0., 0.]), 0)
    tensor([-0.6931, -0.6931])
    """
    bound = _LOG_SOFTMAX.bind(args, kwargs)
    return nn_ops.log_softmax(bound["input"], bound["dim"], dtype=bound.get("dtype"))


def polygamma(n, input):
    """The ``n``-th derivative of digamma (``torch.special.polygamma``): ``gradlib.polygamma``, whose TypeError
    for an ``n`` that is not an int names ``special_polygamma``.

    >>> import gradlib
    >>> gradlib.special.polygamma(1, gradlib.tensor([1.]))
    tensor([1.6449])
    """
    return _special.polygamma(n, input, _name="special_polygamma")


def ndtr(input):
    """The standard normal CDF, PyTorch's composite (1 + erf(x * sqrt(1/2))) * 0.5 (``torch.special.ndtr``): its
    steps, their rounding and their graph (MulBackward1 <- AddBackward1 <- ErfBackward0 <- MulBackward1).

    >>> import gradlib
    >>> gradlib.special.ndtr(gradlib.tensor([0.]))
    tensor([0.5000])
    """
    return (1 + erf(input * math.sqrt(0.5))) * 0.5


def multigammaln(input, p):
    """The multivariate log-gamma of dimension ``p`` (``torch.special.multigammaln``, ``torch.mvlgamma``).

    >>> import gradlib
    >>> gradlib.special.multigammaln(gradlib.tensor([2.5]), 2)
    tensor([0.8570])
    """
    return _mvlgamma(input, p)


xlogy = _arg_parser.checked("special.xlogy", xlogy)  # a Python number on either side, as PyTorch's parser
xlog1py = _arg_parser.checked("special.xlog1py", xlog1py)

_torch_function.install(__name__)  # last: the public functions above dispatch to __torch_function__ overrides
