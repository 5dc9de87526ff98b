"""Implicit reparameterization of gamma and Dirichlet samples (PyTorch's ``_standard_gamma``,
``_standard_gamma_grad``, ``_dirichlet_grad``): what ``rsample`` of Gamma, Chi2, StudentT, Beta and Dirichlet
differentiates through.

A standard-gamma sample ``x ~ Gamma(alpha, 1)`` has ``dx/dalpha = -(dF(x; alpha)/dalpha) / f(x; alpha)`` (F the
CDF, f the density). PyTorch approximates it piecewise (ATen's ``standard_gamma_grad_one``): a Taylor series for
``x < 0.8``, a Rice saddle-point expansion for ``alpha > 8``, else a bivariate rational fit in ``log(x/alpha)`` and
``log(alpha)``; ``dirichlet_grad_one`` does the same for a Beta marginal of a Dirichlet. The formulas here are
those, branch for branch, computed elementwise with ``where`` in float64 (PyTorch's CPU accumulation type) and
returned in the input's dtype. Neither gradient is itself differentiable (PyTorch's NotImplementedError "the
derivative for '_standard_gamma_grad' is not implemented.").
"""
from .. import _tensor, random
from ._op import Op
from .special import digamma_array

__all__ = ["standard_gamma_grad_array", "dirichlet_grad_array", "StandardGammaBackward0", "standard_gamma",
           "standard_gamma_grad", "dirichlet_grad"]


def standard_gamma_grad_array(xp, alpha, x):
    """d x / d alpha for standard-gamma samples ``x`` of shape ``alpha`` (arrays of one shape), float64."""
    alpha = alpha.astype(xp.float64)
    x = x.astype(xp.float64)
    # Taylor series for small x
    numer = xp.ones_like(x)
    denom = alpha.copy()
    series1 = numer / denom
    series2 = numer / (denom * denom)
    for i in range(1, 6):
        numer = numer * (-x / i)
        denom = denom + 1
        series1 = series1 + numer / denom
        series2 = series2 + numer / (denom * denom)
    pow_x_alpha = x ** alpha
    gamma_pdf = x ** (alpha - 1) * xp.exp(-x)
    gamma_cdf = pow_x_alpha * series1
    gamma_cdf_alpha = (xp.log(x) - digamma_array(xp, alpha)) * gamma_cdf - pow_x_alpha * series2
    small = -gamma_cdf_alpha / gamma_pdf
    small = xp.where(small != small, 0.0, small)
    # Rice saddle-point expansion for large alpha: near the mode, then away from it
    numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
    numer_2 = (1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha
               + alpha * (107 + 3600 * x))
    near_mode = numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
    root = xp.sqrt(8 * alpha)
    term2 = root / (alpha - x)
    term3 = (x - alpha - alpha * xp.log(x / alpha)) ** -1.5
    term23 = xp.where(x < alpha, term2 - term3, term2 + term3)
    term1 = xp.log(x / alpha) * term23 - xp.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x))
    stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
    far = -stirling * (x * term1) / root
    large = xp.where((0.9 * alpha <= x) & (x <= 1.1 * alpha), near_mode, far)
    # bivariate rational approximation
    u = xp.log(x / alpha)
    v = xp.log(alpha)
    coefficients = [[u.dtype.type(c) for c in row] for row in _GAMMA_UV]
    coef_v = [coefficients[0][i] + u * (coefficients[1][i] + u * coefficients[2][i]) for i in range(8)]
    p = coef_v[0] + v * (coef_v[1] + v * (coef_v[2] + v * coef_v[3]))
    q = coef_v[4] + v * (coef_v[5] + v * (coef_v[6] + v * coef_v[7]))
    rational = xp.exp(p / q)
    return xp.where(x < 0.8, small, xp.where(alpha > 8.0, large, rational))


_GAMMA_UV = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
     -1.5247877e-07),
)


def _beta_grad_alpha_small(xp, x, alpha, beta):
    factor = digamma_array(xp, alpha) - digamma_array(xp, alpha + beta) - xp.log(x)
    numer = xp.ones_like(x)
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer = numer * ((i - beta) * x / i)
        denom = alpha + i
        series = series + numer / denom * (factor + 1 / denom)
    result = x * (1 - x) ** -beta * series
    return xp.where(result != result, 0.0, result)


def _beta_grad_beta_small(xp, x, alpha, beta):
    factor = digamma_array(xp, alpha + beta) - digamma_array(xp, beta)
    numer = xp.ones_like(x)
    betas = xp.ones_like(x)
    dbetas = xp.zeros_like(x)
    series = factor / alpha
    for i in range(1, 9):
        numer = numer * (-x / i)
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series = series + numer / (alpha + i) * (dbetas + factor * betas)
    result = -(1 - x) ** (1 - beta) * series
    return xp.where(result != result, 0.0, result)


def _beta_grad_alpha_mid(xp, x, alpha, beta):
    total = alpha + beta
    mean = alpha / total
    std = xp.sqrt(alpha * beta / (total + 1)) / total
    poly = 47 * x * (beta * beta) * (beta * beta) + alpha * (
        (43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta + alpha * (
            3 * (59 + 180 * beta - 90 * x) * (beta * beta) + alpha * (
                (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                    8 * (1 - x) * (135 * beta - 11)))))
    prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
    prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
    at_mean = prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / xp.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1 = term1_num / (xp.sqrt(2 * alpha / beta) * total ** 1.5 * axbx * axbx)
    term2 = 0.5 * xp.log(alpha / (total * x))
    term3 = xp.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4 = (beta * xp.log(beta / (total * (1 - x))) + alpha * xp.log(alpha / (total * x))) ** -1.5
    term1234 = term1 + term2 * (term3 + xp.where(x < mean, term4, -term4))
    away = stirling * prefactor * term1234
    return xp.where((mean - 0.1 * std <= x) & (x <= mean + 0.1 * std), at_mean, away)


def dirichlet_grad_array(xp, x, alpha, total):
    """PyTorch's ``dirichlet_grad_one``: the scaled reparameterized gradient ``-(dF/dalpha) / f / (1 - x)`` of
    a Beta(alpha, total - alpha) sample ``x`` (arrays of one shape), float64."""
    x = x.astype(xp.float64)
    alpha = alpha.astype(xp.float64)
    total = total.astype(xp.float64)
    beta = total - alpha
    boundary = total * x * (1 - x)
    near_zero = _beta_grad_alpha_small(xp, x, alpha, beta)
    near_one = -_beta_grad_beta_small(xp, 1 - x, beta, alpha)
    mid = _beta_grad_alpha_mid(xp, x, alpha, beta)
    u = xp.log(x)
    a = xp.log(alpha) - u
    b = xp.log(total) - a
    pow_u = (1.0, u, u * u)
    pow_a = (1.0, a, a * a)
    p = xp.zeros_like(x)
    q = xp.zeros_like(x)
    for i in range(3):
        for j in range(3):
            ua = pow_u[i] * pow_a[j]
            cp = _DIRICHLET_C[0][i][j]
            cq = _DIRICHLET_C[1][i][j]
            p = p + ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])))
            q = q + ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])))
    approx = x * (digamma_array(xp, total) - digamma_array(xp, alpha)) / beta
    rational = p / q * approx
    result = xp.where((alpha > 6) & (beta > 6), mid, rational)
    result = xp.where((x >= 0.5) & (boundary < 0.75), near_one, result)
    return xp.where((x <= 0.5) & (boundary < 2.5), near_zero, result)


_DIRICHLET_C = (
    (((1.003668233, -0.01061107488, -0.0657888334, 0.01201642863),
      (0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033),
      (-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013)),
     ((0.221950385, -0.3187676331, 0.01799915743, 0.01074823814),
      (-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057),
      (0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05)),
     ((-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565),
      (0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181),
      (0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05))),
    (((1, -0.02924021934, -0.04438342661, 0.007285809825),
      (0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521),
      (-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149)),
     ((0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273),
      (0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956),
      (-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05)),
     ((0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05),
      (0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05),
      (-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06))),
)


class StandardGammaGradBackward(Op):
    """``_standard_gamma_grad(alpha, x)`` as a value (not differentiable, as PyTorch's)."""

    __slots__ = ()
    node_name = "StandardGammaGradBackward0"

    @staticmethod
    def forward(ctx, xp, alpha, x):
        return standard_gamma_grad_array(xp, alpha, x).astype(x.dtype)

    @staticmethod
    def backward(ctx, P, grad):
        raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


class DirichletGradBackward(Op):
    """``_dirichlet_grad(x, alpha, total)`` as a value (not differentiable, as PyTorch's)."""

    __slots__ = ()
    node_name = "DirichletGradBackward0"

    @staticmethod
    def forward(ctx, xp, x, alpha, total):
        return dirichlet_grad_array(xp, x, alpha, total).astype(x.dtype)

    @staticmethod
    def backward(ctx, P, grad):
        raise NotImplementedError("the derivative for '_dirichlet_grad' is not implemented.")


class StandardGammaBackward0(Op):
    """A standard-gamma sample of shape ``alpha`` (drawn by the caller from the device's generator); its gradient
    in ``alpha`` is ``grad * _standard_gamma_grad(alpha, sample)``."""

    __slots__ = ()
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, xp, alpha, sample):
        ctx.save_for_backward(alpha, sample)
        return sample

    @staticmethod
    def backward(ctx, P, grad):
        if P.differentiable:  # create_graph: the factor is a node that refuses to be differentiated again
            alpha, sample = P.saved(ctx)
            return grad * StandardGammaGradBackward.apply(alpha, sample), None
        alpha, sample = P.saved(ctx)
        return grad * standard_gamma_grad_array(ctx.xp, alpha, sample).astype(sample.dtype), None


def standard_gamma(alpha, generator=None):
    """Standard-gamma samples of ``alpha``'s shape and dtype (``torch._standard_gamma``), differentiable in
    ``alpha`` by implicit reparameterization (grad_fn ``StandardGammaBackward0``). Draws from the device's
    generator (on the CPU PyTorch's numbers: its ``sample_gamma`` on the mt19937 stream; CuPy's on a GPU).

    >>> import gradlib
    >>> alpha = gradlib.tensor([0.5, 2.0, 9.0], requires_grad=True)
    >>> sample = gradlib._standard_gamma(alpha)
    >>> sample.shape, sample.grad_fn.name()
    (gradlib.Size([3]), 'StandardGammaBackward0')
    """
    device = alpha._device
    backend = device._backend
    source = random.source_for(generator, device)
    with backend.guard(device):
        array = alpha.detach()._array
        draws = backend.ensure_array(source.standard_gamma(array)).astype(array.dtype, copy=False)
        tiny = backend.xp.finfo(array.dtype).tiny
        draws = backend.xp.maximum(draws, array.dtype.type(tiny))  # PyTorch's sampler never returns 0
    return StandardGammaBackward0.apply(alpha, _tensor.wrap(draws, device))


def standard_gamma_grad(alpha, x):
    """``d x / d alpha`` for standard-gamma samples ``x`` of ``alpha`` (``torch._standard_gamma_grad``), PyTorch's
    piecewise approximation (module docstring). Not differentiable.

    >>> import gradlib
    >>> gradlib._standard_gamma_grad(gradlib.tensor([2.0]), gradlib.tensor([1.5]))
    tensor([0.9366])
    """
    return StandardGammaGradBackward.apply(alpha.detach(), x.detach())


def dirichlet_grad(x, alpha, total):
    """PyTorch's ``torch._dirichlet_grad(x, alpha, total)``: the scaled reparameterized gradient of Beta(alpha,
    total - alpha) samples ``x`` (module docstring). Not differentiable.

    >>> import gradlib
    >>> gradlib._dirichlet_grad(gradlib.tensor([0.3]), gradlib.tensor([2.0]), gradlib.tensor([5.0]))
    tensor([0.1993])
    """
    return DirichletGradBackward.apply(x.detach(), alpha.detach(), total.detach())

