"""Registry samples of issue 15's torch.func transforms, forward-mode AD and distributions (helper funcs5;
tests/reference/funcs.py records them into ``torch_ops_funcs.json`` and ``torch_op_dtypes_funcs.json``). A
transform's output is differentiated again by the registry's gradcheck/gradgradcheck, which tests that the
transforms nest (their results stay differentiable in inputs that require grad)."""
from op_registry import F, P, Sample

_NV = {"validate_args": False}


def _D(lib):
    return lib.distributions


def _spd(lib, a, shift=3.0):
    """A symmetric positive-definite matrix built from a free one (gradcheck perturbs entries one at a time, and
    the Cholesky factor's gradient is that of a symmetric input)."""
    return a @ a.mT + shift * lib.eye(a.shape[-1], dtype=a.dtype)


def _func(lib):
    return lib.func


def _loss(v):
    return (v.sin() * v).sum() + (v ** 3).mean()


def _grad_and_value(lib, x, y):
    gradient, value = _func(lib).grad_and_value(lambda a, b: (a * b.exp()).sum() + (a ** 2).sum(), argnums=(0, 1))(x, y)
    return gradient + (value,)


def _vjp(lib, x, u):
    out, vjp_fn = _func(lib).vjp(lambda v: (v.tanh(), v.cumsum(0)), x)
    return out + vjp_fn((u, u * 2))


def _jvp(lib, x, t):
    return _func(lib).jvp(lambda v: v.exp() * v.sum(), (x,), (t,))


def _per_sample_grads(lib, w, x):
    def loss(w, row):
        return ((row @ w).tanh() ** 2).sum()
    return _func(lib).vmap(_func(lib).grad(loss), in_dims=(None, 0))(w, x)


def _forward_ad(lib, x, t, w):
    fwAD = lib.autograd.forward_ad
    with fwAD.dual_level():
        dual = fwAD.make_dual(x, t)
        out = fwAD.unpack_dual((dual @ w).sigmoid() * dual.sum())
    return out.primal, out.tangent


def _mvn(lib, loc, a, x):
    d = _D(lib).MultivariateNormal(loc, _spd(lib, a), **_NV)
    return d.log_prob(x), d.entropy(), d.variance, d.covariance_matrix


def _mvn_scale_tril(lib, loc, a, x):
    d = _D(lib).MultivariateNormal(loc, scale_tril=lib.linalg.cholesky(_spd(lib, a)), **_NV)
    return d.log_prob(x), d.entropy(), d.precision_matrix


def _mvn_precision(lib, loc, a, x):
    d = _D(lib).MultivariateNormal(loc, precision_matrix=_spd(lib, a, 2.0), **_NV)
    return d.log_prob(x), d.covariance_matrix


def _mvn_kl(lib, loc, a, b):
    D = _D(lib)
    return D.kl_divergence(D.MultivariateNormal(loc, _spd(lib, a), **_NV),
                           D.MultivariateNormal(loc * 0.5, _spd(lib, b, 1.0), **_NV))


def _independent(lib, m, s, x):
    D = _D(lib)
    d = D.Independent(D.Normal(m, s, **_NV), 1)
    q = D.Independent(D.Normal(m * 0, s * 0 + 1, **_NV), 1)
    return d.log_prob(x), d.entropy(), D.kl_divergence(d, q)


def _gamma(lib, c, r, x):
    D = _D(lib)
    d = D.Gamma(c, r, **_NV)
    return d.log_prob(x), d.entropy(), d.mean, d.variance, D.kl_divergence(d, D.Gamma(r, c, **_NV))


def _beta(lib, a, b, x):
    D = _D(lib)
    d = D.Beta(a, b, **_NV)
    return d.log_prob(x), d.entropy(), d.mean, d.variance, D.kl_divergence(d, D.Beta(b, a, **_NV))


def _dirichlet(lib, c, x):
    D = _D(lib)
    d = D.Dirichlet(c, **_NV)
    simplex = x / x.sum(-1, keepdim=True)
    return d.log_prob(simplex), d.entropy(), d.mean, d.variance, D.kl_divergence(d, D.Dirichlet(c.flip(-1), **_NV))


def _exponential_laplace(lib, r, loc, x):
    D = _D(lib)
    e = D.Exponential(r, **_NV)
    la = D.Laplace(loc, r, **_NV)
    return (e.log_prob(x), e.entropy(), e.cdf(x), D.kl_divergence(e, D.Exponential(r * 2, **_NV)),
            la.log_prob(x), la.entropy(), la.cdf(x), D.kl_divergence(la, D.Laplace(loc * 0, r + 1, **_NV)))


def _lognormal_poisson(lib, m, s, x):
    D = _D(lib)
    d = D.LogNormal(m, s, **_NV)
    p = D.Poisson(s, **_NV)
    counts = lib.tensor([0.0, 2.0, 5.0], dtype=s.dtype)
    return (d.log_prob(x), d.entropy(), d.mean, d.variance, D.kl_divergence(d, D.LogNormal(s, m.abs() + 1, **_NV)),
            p.log_prob(counts), D.kl_divergence(p, D.Poisson(s * 2, **_NV)))


def _one_hot_categorical(lib, a, b):
    D = _D(lib)
    d = D.OneHotCategorical(logits=a, **_NV)
    value = lib.tensor([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]], dtype=a.dtype)
    return d.log_prob(value), d.entropy(), d.variance, D.kl_divergence(d, D.OneHotCategorical(logits=b, **_NV))


def _transformed(lib, m, s, u):
    D = _D(lib)
    transforms = [D.AffineTransform(0.5, 2.0), D.TanhTransform()]
    d = D.TransformedDistribution(D.Normal(m, s, **_NV), transforms, **_NV)
    y = u.tanh() * 0.9
    return d.log_prob(y), D.ComposeTransform(transforms).log_abs_det_jacobian(u, d.transforms[1](u * 2 + 0.5))


def _extra(lib, logits, df, loc, x):
    D = _D(lib)
    counts = lib.tensor([3.0, 0.0, 5.0], dtype=x.dtype)
    binomial = D.Binomial(lib.tensor([5.0, 4.0, 8.0], dtype=x.dtype), logits=logits, **_NV)
    student = D.StudentT(df, loc, df.sqrt(), **_NV)
    half = D.HalfNormal(df, **_NV)
    multinomial = D.Multinomial(8, logits=logits, **_NV)
    mixture = D.MixtureSameFamily(D.Categorical(logits=logits, **_NV), D.Normal(loc, df, **_NV))
    return (binomial.log_prob(counts), binomial.mean, student.log_prob(x), student.entropy(), half.log_prob(df),
            half.entropy(), multinomial.log_prob(counts), mixture.log_prob(x), mixture.mean, mixture.variance)


SAMPLES = [
    # ----- torch.func transforms (differentiated again by the registry: nesting) ---------------------------
    Sample("func_grad", lambda lib, x: _func(lib).grad(_loss)(x), [F(3)]),
    Sample("func_grad_and_value_argnums", _grad_and_value, [F(3), F(3)]),
    Sample("func_vjp", _vjp, [F(4), F(4)]),
    Sample("func_jvp", _jvp, [F(3), F(3)]),
    Sample("func_jacrev", lambda lib, x: _func(lib).jacrev(lambda v: v.softmax(0) * v)(x), [F(3)]),
    Sample("func_jacfwd", lambda lib, x, y: _func(lib).jacfwd(lambda a, b: a.outer(b).tanh(), argnums=(0, 1))(x, y),
           [F(2), F(3)]),
    Sample("func_hessian", lambda lib, x: _func(lib).hessian(_loss)(x), [F(3)]),
    Sample("func_vmap", lambda lib, x, w: _func(lib).vmap(lambda r, w: (r @ w).relu(), in_dims=(0, None))(x, w),
           [F(4, 3), F(3, 2)]),
    Sample("func_vmap_grad", _per_sample_grads, [F(3, 2), F(4, 3)]),
    Sample("forward_ad_tangent", _forward_ad, [F(2, 3), F(2, 3), F(3)]),
    # ----- distributions added in issue 15 -----------------------------------------------------------------
    Sample("multivariate_normal", _mvn, [F(3), F(3, 3), F(2, 3)]),
    Sample("multivariate_normal_scale_tril", _mvn_scale_tril, [F(2, 3), F(3, 3), F(3)]),
    Sample("multivariate_normal_precision", _mvn_precision, [F(2), F(2, 2), F(2)]),
    Sample("multivariate_normal_kl", _mvn_kl, [F(3), F(3, 3), F(3, 3)]),
    Sample("independent_normal", _independent, [F(2, 3), P(2, 3), F(3)]),
    Sample("gamma_distribution", _gamma, [P(3), P(3), P(3)]),
    Sample("beta_distribution", _beta, [P(3), P(3), F(3, low=0.1, high=0.9)]),
    Sample("dirichlet_distribution", _dirichlet, [P(2, 3), P(3)]),
    Sample("exponential_laplace", _exponential_laplace, [P(3), F(3), P(3)]),
    Sample("lognormal_poisson", _lognormal_poisson, [F(3), P(3), P(3)]),
    Sample("one_hot_categorical", _one_hot_categorical, [F(2, 4), F(2, 4)]),
    Sample("transformed_distribution", _transformed, [F(3), P(3), F(3)]),
    Sample("binomial_studentt_halfnormal_mixture", _extra, [F(3), P(3), F(3), F(3)]),
]
