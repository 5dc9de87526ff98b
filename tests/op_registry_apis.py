"""Registry samples of the op families added for real PyTorch programs (issue 15): sorting, running reductions,
special functions, scatter reductions, distances, random sampling (deterministic cases), value tests and bits.

Recorded separately (``python tests/reference/record_torch.py apis`` writes ``torch_ops_apis.json`` and
``torch_op_dtypes_apis.json``); ``op_registry.SAMPLES`` includes these, so every generic test runs them.
"""
from op_registry import B, F, I, Input, P, Sample, Z


def _fill(method, *args):
    def run(lib, a):
        out = a * 1
        getattr(out, method)(*args)
        return out * 1
    return run


def _index_put(lib, a, v):
    return a.index_put((lib.tensor([0, 2]),), v, accumulate=False)


def _index_put_accumulate(lib, a, v):
    return lib.index_put(a, (lib.tensor([0, 2, 0]), lib.tensor([1, 1, 1])), v, accumulate=True)


_SCATTER = [[0, 1, 0], [2, 0, 0]]


def _scatter_reduce(reduce, include_self=True):
    def run(lib, a, s):
        return a.scatter_reduce(0, lib.tensor(_SCATTER), s, reduce, include_self=include_self)
    return run


def _D(lib):
    return lib.distributions


_NV = {"validate_args": False}


def _normal_distribution(lib, m, s, x):
    d = _D(lib).Normal(m, s, **_NV)
    return d.log_prob(x), d.entropy(), d.cdf(x), d.icdf(lib.tensor([0.2, 0.7], dtype=m.dtype)), d.variance


def _kl_divergence(lib, m, s, a, b):
    D = _D(lib)
    return (D.kl_divergence(D.Normal(m, s, **_NV), D.Normal(s, m.abs() + 1, **_NV)),
            D.kl_divergence(D.Categorical(logits=a, **_NV), D.Categorical(logits=b, **_NV)),
            D.kl_divergence(D.Bernoulli(logits=a, **_NV), D.Bernoulli(logits=b, **_NV)))


SAMPLES = [
    # ----- ordering ----------------------------------------------------------------------------------
    Sample("sort", lambda lib, a: lib.sort(a, 1), [F(2, 4)]),
    Sample("sort_descending_stable", lambda lib, a: a.sort(dim=0, descending=True, stable=True), [F(3, 2)]),
    Sample("sort_ties", lambda lib, a: lib.sort(a.round() * 0 + lib.tensor([1., 0., 1., 0.], dtype=a.dtype))[1],
           [F(4)], differentiable=False),
    Sample("argsort", lambda lib, a: lib.argsort(a, dim=0, descending=True), [F(3, 2)], differentiable=False),
    Sample("msort", lambda lib, a: lib.msort(a), [F(3, 2)]),
    Sample("topk", lambda lib, a: lib.topk(a, 2), [F(2, 4)]),
    Sample("topk_smallest_dim0", lambda lib, a: a.topk(1, dim=0, largest=False), [F(3, 2)]),
    Sample("kthvalue", lambda lib, a: lib.kthvalue(a, 2, 1), [F(2, 3)]),
    Sample("kthvalue_keepdim", lambda lib, a: a.kthvalue(3, 0, keepdim=True), [F(3, 2)]),
    Sample("median", lambda lib, a: lib.median(a), [F(2, 3)]),
    Sample("median_dim", lambda lib, a: a.median(1), [F(2, 4)]),
    Sample("median_nan", lambda lib, a: (a / (a > -1.5)).median(0), [F(4, 2)], differentiable=False),
    Sample("nanmedian", lambda lib, a: lib.nanmedian(a, 1, keepdim=True), [F(2, 5)]),
    Sample("nanmedian_all", lambda lib, a: lib.nanmedian(a), [F(2, 3)]),
    Sample("unique", lambda lib, a: lib.unique(a.detach().round(), return_inverse=True, return_counts=True),
           [F(2, 3)], differentiable=False),
    Sample("unique_dim", lambda lib, a: lib.unique(lib.tensor([[1, 2], [0, 1], [1, 2]]), dim=0,
                                                   return_inverse=True), [F(1)], differentiable=False),
    Sample("unique_consecutive", lambda lib, a: lib.unique_consecutive(lib.tensor([1, 1, 2, 2, 1]),
                                                                       return_counts=True), [F(1)],
           differentiable=False),
    Sample("nonzero", lambda lib, a: lib.nonzero(a > 0), [F(3, 2)], differentiable=False),
    Sample("nonzero_tuple", lambda lib, a: (a > 0).nonzero(as_tuple=True), [F(3, 2)], differentiable=False),
    Sample("where_one_argument", lambda lib, a: lib.where(a > 0), [F(2, 3)], differentiable=False),
    # ----- value tests and bits ----------------------------------------------------------------------
    Sample("isnan_isinf", lambda lib, a: (lib.isnan(a / (a > 0) * 0), lib.isinf(a / (a > 0)),
                                          lib.isposinf(a / (a > 0)), lib.isneginf(-a / (a > 0))), [Z(4)],
           differentiable=False),
    Sample("isclose", lambda lib, a, b: (lib.isclose(a, a + b * 1e-6), a.isclose(b, rtol=0.5, atol=0.1)),
           [F(4), F(4)], differentiable=False),
    Sample("shifts", lambda lib, a, b: (a << b, a >> b, lib.bitwise_left_shift(a, 3), 1 << b, ~a),
           [I(4, low=-20, high=20), I(4, high=70)], differentiable=False),
    Sample("reflected_floordiv_mod", lambda lib, a: (7.0 // a.detach(), 7.0 % a.detach()), [Z(4)], differentiable=False),
    # ----- running reductions --------------------------------------------------------------------------
    Sample("cummax", lambda lib, a: lib.cummax(a, 1), [F(2, 4)]),
    Sample("cummin", lambda lib, a: a.cummin(0), [F(3, 2)]),
    Sample("logcumsumexp", lambda lib, a: lib.logcumsumexp(a, 1), [F(2, 4)]),
    Sample("logcumsumexp_large", lambda lib, a: (a * 100).logcumsumexp(0), [F(4)]),
    # ----- special functions ---------------------------------------------------------------------------
    Sample("lgamma", lambda lib, a: lib.lgamma(a), [Input(5, low=-2.9, high=6.0, away_from_zero=True)]),
    Sample("digamma", lambda lib, a: lib.digamma(a), [Input(5, low=-2.9, high=6.0, away_from_zero=True)]),
    Sample("polygamma", lambda lib, a: lib.polygamma(2, a), [P(4)]),
    Sample("erfinv", lambda lib, a: lib.erfinv(a), [F(5, low=-0.95, high=0.95)]),
    Sample("xlogy", lambda lib, a, b: lib.xlogy(a, b), [F(2, 3), P(3)]),
    Sample("xlogy_zero", lambda lib, a, b: lib.special.xlogy(a * (a > 0), b), [Z(4), P(4)], twice=False),
    Sample("xlogy_scalar_self", lambda lib, b: lib.xlogy(2.5, b), [P(3)]),
    Sample("xlogy_scalar_other", lambda lib, a: lib.xlogy(a, 3.0), [F(3)]),
    Sample("entr", lambda lib, a: lib.special.entr(a), [P(4)]),
    Sample("logit", lambda lib, a: lib.logit(a), [F(4, low=0.05, high=0.95)]),
    Sample("logit_eps", lambda lib, a: lib.special.logit(a, eps=0.2), [F(5, low=0.25, high=0.75)]),
    Sample("exp2", lambda lib, a: lib.exp2(a), [F(3)]),
    Sample("sinc", lambda lib, a: (lib.sinc(a), lib.special.sinc(a * lib.tensor([0., 1., 1.], dtype=a.dtype))),
           [Z(3)]),
    Sample("expit_gammaln", lambda lib, a: (lib.special.expit(a), lib.special.gammaln(a * a + 1)), [F(3)]),
    # ----- writing at indices --------------------------------------------------------------------------
    Sample("index_put", _index_put, [F(3, 2), F(2, 2)]),
    Sample("index_put_accumulate", _index_put_accumulate, [F(3, 2), F(3)]),
    Sample("index_put_inplace", lambda lib, a, v: (a * 1).index_put_((lib.tensor([1]),), v), [F(3, 2), F(2)]),
    Sample("scatter_reduce_sum", _scatter_reduce("sum"), [F(3, 3), F(2, 3)]),
    Sample("scatter_reduce_sum_exclude", _scatter_reduce("sum", False), [F(3, 3), F(2, 3)]),
    Sample("scatter_reduce_mean", _scatter_reduce("mean"), [F(3, 3), F(2, 3)]),
    Sample("scatter_reduce_prod", _scatter_reduce("prod"), [Z(3, 3), Z(2, 3)]),
    Sample("scatter_reduce_amax", _scatter_reduce("amax"), [F(3, 3), F(2, 3)], twice=False),
    Sample("scatter_reduce_amin_exclude", _scatter_reduce("amin", False), [F(3, 3), F(2, 3)], twice=False),
    # ----- distances, grids, einsum ----------------------------------------------------------------------
    Sample("cdist", lambda lib, a, b: lib.cdist(a, b), [F(3, 2), F(4, 2)]),
    Sample("cdist_p1_batched", lambda lib, a, b: lib.cdist(a, b, p=1), [Z(2, 3, 2), F(3, 2)], twice=False),
    Sample("cdist_p3", lambda lib, a, b: lib.cdist(a, b, p=3), [F(2, 2), F(3, 2)]),
    Sample("dist", lambda lib, a, b: lib.dist(a, b), [F(2, 3), F(3)]),
    Sample("dist_inf", lambda lib, a, b: a.dist(b, float("inf")), [F(4), F(4)], twice=False),
    Sample("meshgrid", lambda lib, a, b: lib.meshgrid(a, b, indexing="xy"), [F(2), F(3)]),
    Sample("einsum_ellipsis", lambda lib, a, b: lib.einsum("...ij,...jk->...ik", a, b), [F(2, 2, 3), F(3, 2)]),
    Sample("einsum_ellipsis_broadcast", lambda lib, a, b: lib.einsum("...ij,...jk->...ik", a, b),
           [F(2, 1, 2, 3), F(3, 3, 2)]),
    Sample("einsum_ellipsis_implicit", lambda lib, a: lib.einsum("i...i", a), [F(3, 2, 3)]),
    # ----- decompositions (gauge-invariant outputs; eigh reads one triangle, so the input is symmetrized) -----
    Sample("svd", lambda lib, a: (lambda r: (r.U @ r.Vh, r.S))(lib.linalg.svd(a, full_matrices=False)), [F(4, 3)]),
    Sample("svd_wide_full", lambda lib, a: (lambda r: (r.U @ r.Vh[..., :2, :], r.S))(lib.linalg.svd(a)),
           [F(2, 2, 3)]),
    Sample("svdvals", lambda lib, a: lib.linalg.svdvals(a), [F(3, 4)]),
    Sample("eigh", lambda lib, a: (lambda r: (r.eigenvalues, r.eigenvectors @ lib.diag_embed(r.eigenvalues.exp())
                                              @ r.eigenvectors.mT))(lib.linalg.eigh((a + a.mT) / 2)),
           [Input(3, 3, kind="spd")]),
    Sample("eigvalsh_upper", lambda lib, a: lib.linalg.eigvalsh((a + a.mT) / 2, UPLO="U"), [F(2, 3, 3)]),
    Sample("qr", lambda lib, a: lib.linalg.qr(a), [F(4, 3)]),
    Sample("qr_wide", lambda lib, a: lib.linalg.qr(a), [F(2, 4)]),
    Sample("qr_complete_square", lambda lib, a: lib.linalg.qr(a, mode="complete"), [F(3, 3)]),
    Sample("pinv", lambda lib, a: lib.linalg.pinv(a), [F(4, 3)]),
    Sample("pinv_wide", lambda lib, a: lib.linalg.pinv(a), [F(2, 3)]),
    Sample("pinv_hermitian", lambda lib, a: lib.linalg.pinv((a + a.mT) / 2, hermitian=True),
           [Input(3, 3, kind="spd")]),
    Sample("lstsq", lambda lib, a, b: lib.linalg.lstsq(a, b).solution, [F(4, 3), F(4, 2)]),
    Sample("matrix_norm_nuc", lambda lib, a: lib.linalg.matrix_norm(a, "nuc"), [F(2, 3, 2)]),
    Sample("matrix_norm_2", lambda lib, a: lib.linalg.matrix_norm(a, 2, dim=(0, 1), keepdim=True), [F(3, 4)]),
    Sample("matrix_norm_neg2", lambda lib, a: lib.linalg.matrix_norm(a, -2), [F(3, 3)]),
    # ----- more math, statistics, construction (compositions) ------------------------------------------------
    Sample("trace", lambda lib, a: lib.trace(a), [F(3, 3)]),
    Sample("diff", lambda lib, a, b: lib.diff(a, n=2, dim=1, prepend=b), [F(2, 4), F(2, 1)]),
    Sample("cross", lambda lib, a, b: (lib.linalg.cross(a, b), lib.cross(a.mT, b.mT, dim=0)), [F(2, 3), F(1, 3)]),
    Sample("logaddexp", lambda lib, a, b: (lib.logaddexp(a, b), lib.logaddexp2(a, b)), [F(2, 3), F(3)]),
    Sample("kron", lambda lib, a, b: lib.kron(a, b), [F(2, 2), F(3)]),
    Sample("clamp_min_max", lambda lib, a: (lib.clamp_min(a, -0.5), a.clamp_max(0.5)), [Z(5)], twice=False),
    Sample("quantile", lambda lib, a: lib.quantile(a, lib.tensor([0.2, 0.5], dtype=a.dtype), dim=1), [F(2, 5)],
           twice=False),
    Sample("quantile_nearest", lambda lib, a: lib.quantile(a, 0.4, interpolation="nearest"), [F(7)],
           twice=False),
    Sample("nanquantile", lambda lib, a: lib.nanquantile(a / (a > -1.5), 0.5, dim=0, keepdim=True), [F(4, 2)],
           differentiable=False),
    Sample("mode", lambda lib, a: lib.mode(a.round() * 0 + lib.tensor([1., 2., 2., 1., 3.], dtype=a.dtype) + a * 0),
           [F(2, 5)]),
    Sample("nansum_nanmean", lambda lib, a: (lib.nansum(a, 1), lib.nanmean(a, 0)), [F(3, 2)]),
    Sample("aminmax", lambda lib, a: lib.aminmax(a, dim=1), [F(2, 3)], twice=False),
    Sample("cov_corrcoef", lambda lib, a: (lib.cov(a), lib.corrcoef(a)), [F(3, 5)]),
    Sample("cov_weights", lambda lib, a, w: lib.cov(a, fweights=lib.tensor([1, 2, 1, 3]), aweights=w.detach()),
           [F(2, 4), P(4, grad=False)]),
    Sample("counting", lambda lib, a: (lib.bincount(lib.tensor([0, 2, 2, 5])), lib.histc(a, bins=4, min=-1, max=1),
                                       lib.searchsorted(a.sort().values.detach(), lib.tensor([-0.5, 0.0, 0.5],
                                                                                              dtype=a.dtype)),
                                       lib.bucketize(a.detach(), lib.tensor([-1.0, 0.0, 1.0], dtype=a.dtype),
                                                     right=True)), [F(6)], differentiable=False),
    Sample("signbit_heaviside_logical", lambda lib, a: (lib.signbit(a), lib.heaviside(a.detach(), a[:1].detach()),
                                                        lib.logical_xor(a > 0, a), lib.logical_or(a, a * 0)),
           [Z(4)], differentiable=False),
    Sample("diag_forms", lambda lib, a: (lib.diag(a), lib.diag(a[0], 1), lib.diagflat(a[:, :2])), [F(3, 3)]),
    Sample("stacks", lambda lib, a, b: (lib.hstack([a, b]), lib.vstack([a, b]), lib.dstack([a, b]),
                                        lib.column_stack([a[0], b[0]])), [F(2, 3), F(2, 3)]),
    Sample("block_diag", lambda lib, a, b: lib.block_diag(a, b, b[0, 0]), [F(2, 3), F(1, 2)]),
    Sample("cartesian_combinations", lambda lib, a, b: (lib.cartesian_prod(a, b), lib.combinations(a, 2)),
           [F(3), F(2)]),
    Sample("rot90_flips_take", lambda lib, a: (lib.rot90(a, 1), lib.rot90(a, -1, [1, 0]), lib.fliplr(a),
                                                lib.flipud(a), lib.take(a, lib.tensor([[0, 5], [3, 3]]))),
           [F(2, 3)]),
    Sample("broadcast_tensors_atleast", lambda lib, a, b: lib.broadcast_tensors(a, b) + lib.atleast_2d(a[0, 0], b),
           [F(2, 1), F(3)]),
    # ----- distributions (deterministic quantities; validation, a host read, is tested in test_apis.py) ----
    Sample("normal_distribution", _normal_distribution, [F(2), P(2), F(3, 2)]),
    Sample("categorical_distribution", lambda lib, a: (lambda d: (d.log_prob(lib.tensor([1, 3])), d.entropy(),
                                                                  d.probs))(_D(lib).Categorical(logits=a, **_NV)),
           [F(2, 4)]),
    Sample("categorical_probs", lambda lib, p: (lambda d: (d.log_prob(lib.tensor([[0], [2]])), d.entropy()))(
        _D(lib).Categorical(probs=p, **_NV)), [P(3)]),
    Sample("bernoulli_distribution", lambda lib, a: (lambda d: (d.log_prob(lib.tensor([1., 0., 1.], dtype=a.dtype)),
                                                                d.entropy(), d.mean))(
        _D(lib).Bernoulli(logits=a, **_NV)), [F(3)]),
    Sample("uniform_distribution", lambda lib, lo, x: (lambda d: (d.log_prob(lo.detach() + x), d.entropy(), d.mean,
                                                                  d.variance))(_D(lib).Uniform(lo, lo + 3, **_NV)),
           [F(2), F(2, low=0.5, high=1.0)]),
    Sample("kl_divergence", _kl_divergence, [F(2), P(2), F(3), F(3)]),
    # ----- random draws whose values are certain ---------------------------------------------------------
    Sample("normal_zero_std", lambda lib, m, s: lib.normal(m, s * 0), [F(2, 3), P(3)], exact_derivative=False),
    Sample("normal_mean_tensor", lambda lib, m: lib.normal(m, 0.0), [F(3)], exact_derivative=False),
    Sample("normal_std_tensor", lambda lib, s: lib.normal(1.5, s * 0), [P(3)], exact_derivative=False),
    Sample("bernoulli_certain", lambda lib, p: lib.bernoulli((p > 0).to(p.dtype) * p / p), [Z(4)],
           exact_derivative=False),
    Sample("uniform_fill", _fill("uniform_", 0.5, 0.5), [F(3)]),
    Sample("normal_fill", _fill("normal_", 0.25, 0.0), [F(3)]),
    Sample("bernoulli_fill", _fill("bernoulli_", 1.0), [F(3)]),
    Sample("random_fill", _fill("random_", 3, 4), [F(3)]),
    Sample("bernoulli_fill_tensor", lambda lib, a, p: (a * 1).bernoulli_(p.detach() * 0 + 1) * a, [F(3), P(3)]),
    # ----- bicubic resampling (A = -0.75, clamped border taps) -----------------------------------------------
    Sample("interpolate_bicubic", lambda lib, x: lib.nn.functional.interpolate(x, size=(5, 3), mode="bicubic"),
           [F(1, 2, 3, 4)]),
    Sample("interpolate_bicubic_align_corners",
           lambda lib, x: lib.nn.functional.interpolate(x, size=(3, 7), mode="bicubic", align_corners=True),
           [F(2, 1, 4, 5)]),
    Sample("interpolate_bicubic_scale", lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=(2.5, 0.6),
                                                                                     mode="bicubic"),
           [F(1, 1, 2, 5)]),
    # ----- antialiased downsampling (PyTorch's _upsample_*_aa: a triangle / cubic filter widened by the scale) ----
    Sample("interpolate_bilinear_antialias", lambda lib, x: lib.nn.functional.interpolate(
        x, size=(2, 3), mode="bilinear", antialias=True), [F(1, 2, 5, 7)]),
    Sample("interpolate_bicubic_antialias", lambda lib, x: lib.nn.functional.interpolate(
        x, scale_factor=(0.5, 0.4), mode="bicubic", antialias=True), [F(1, 1, 4, 6)]),
]

#: op classes whose outputs never require grad, or whose node's backward raises (unique, as PyTorch's), or
#: random fills whose values no sample can fix
NONDIFFERENTIABLE = {"Argsort", "Nonzero", "NonzeroTuple", "UniqueConsecutive", "Unique2Backward0", "IsNan", "IsInf",
                     "IsPosInf", "IsNegInf", "IsClose", "BitwiseLeftShift", "BitwiseRightShift", "BitwiseNot",
                     "ExponentialBackward0", "CauchyBackward0", "LogNormalBackward0", "GeometricBackward0",
                     "Signbit", "Bincount", "Histc", "Searchsorted"}
