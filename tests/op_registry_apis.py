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
]

#: op classes whose outputs never require grad, or whose node's backward raises (unique, as PyTorch's), or
#: random fills whose values no sample can fix
NONDIFFERENTIABLE = {"Argsort", "Nonzero", "NonzeroTuple", "UniqueConsecutive", "Unique2Backward0", "IsNan", "IsInf",
                     "IsPosInf", "IsNegInf", "IsClose", "BitwiseLeftShift", "BitwiseRightShift", "BitwiseNot",
                     "ExponentialBackward0", "CauchyBackward0", "LogNormalBackward0", "GeometricBackward0",
                     }
