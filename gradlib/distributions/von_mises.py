"""``VonMises`` (PyTorch's ``torch.distributions.von_mises``)."""
import math

from .. import _creation, dtypes
from ..autograd import grad_mode
from ..ops import selection
from . import _checks, constraints
from ._basic import Distribution, _broadcast

__all__ = ["VonMises"]

# PyTorch's polynomial approximations of log I0 and log I1 (Abramowitz and Stegun 9.8.1-9.8.4)
_I0_COEF_SMALL = [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813]
_I0_COEF_LARGE = [0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633,
                  0.00392377]
_I1_COEF_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411]
_I1_COEF_LARGE = [0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654,
                  -0.00420059]
_COEF_SMALL = [_I0_COEF_SMALL, _I1_COEF_SMALL]
_COEF_LARGE = [_I0_COEF_LARGE, _I1_COEF_LARGE]


def _eval_poly(y, coef):
    coef = list(coef)
    result = coef.pop()
    while coef:
        result = coef.pop() + y * result
    return result


def _log_modified_bessel_fn(x, order=0):
    """log of the modified Bessel function of the first kind, order 0 or 1."""
    y = (x / 3.75) ** 2
    small = _eval_poly(y, _COEF_SMALL[order])
    if order == 1:
        small = x.abs() * small
    small = small.log()
    y = 3.75 / x
    large = x - 0.5 * x.log() + _eval_poly(y, _COEF_LARGE[order]).log()
    return selection.where(x < 3.75, small, large)


def _rejection_sample(loc, concentration, proposal_r, x):
    """Best and Fisher's sampler, PyTorch's loop: three uniforms a round until every entry is accepted (reading
    ``done.all()`` on the host each round, as PyTorch)."""
    done = _creation.zeros(tuple(x.shape), dtype=dtypes.bool, device=loc.device)
    while not bool(done.all()):
        u = _creation.rand((3,) + tuple(x.shape), dtype=loc.dtype, device=loc.device)
        u1, u2, u3 = u.unbind()
        z = (math.pi * u1).cos()
        f = (1 + proposal_r * z) / (proposal_r + z)
        c = concentration * (proposal_r - f)
        accept = ((c * (2 - c) - u2) > 0) | (((c / u2).log() + 1 - c) >= 0)
        if bool(accept.any()):
            x = selection.where(accept, (u3 - 0.5).sign() * f.acos(), x)
            done = done | accept
    return (x + math.pi + loc) % (2 * math.pi) - math.pi


class VonMises(Distribution):
    """The von Mises distribution on the circle, ``loc`` (an angle) and ``concentration`` κ
    (``torch.distributions.VonMises``): density ``exp(κ cos(x - loc)) / (2π I0(κ))``; ``sample`` is PyTorch's
    rejection sampler in float64 on ``rand``'s stream (no ``rsample``).

    >>> import gradlib
    >>> d = VonMises(gradlib.tensor([0., 1.]), gradlib.tensor([2., 0.5]))
    >>> d.log_prob(gradlib.tensor([0.5, -1.])), d.variance
    (tensor([-0.9067, -2.1075]), tensor([0.3022, 0.7575]))
    """

    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False
    params = ("loc", "concentration")

    def __init__(self, loc, concentration, validate_args=None):
        self.loc, self.concentration = _broadcast(loc, concentration)
        super().__init__(self.loc.shape, (), validate_args)
        _checks.validate_parameters(self)

    def log_prob(self, value):
        _checks.validate_sample(self, value)
        log_prob = self.concentration * (value - self.loc).cos()
        return log_prob - math.log(2 * math.pi) - _log_modified_bessel_fn(self.concentration, order=0)

    def _proposal_r(self, kappa):
        tau = 1 + (1 + 4 * kappa ** 2).sqrt()
        rho = (tau - (2 * tau).sqrt()) / (2 * kappa)
        proposal_r = (1 + rho ** 2) / (2 * rho)
        return selection.where(kappa < 1e-5, 1 / kappa + kappa, proposal_r)

    def sample(self, sample_shape=()):
        with grad_mode.no_grad():
            loc = self.loc.detach().to(dtypes.float64)
            kappa = self.concentration.detach().to(dtypes.float64)
            x = _creation.empty(self._extended_shape(sample_shape), dtype=dtypes.float64, device=self.loc.device)
            return _rejection_sample(loc, kappa, self._proposal_r(kappa), x).to(self.loc.dtype)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return 1 - (_log_modified_bessel_fn(self.concentration, order=1)
                    - _log_modified_bessel_fn(self.concentration, order=0)).exp()
