"""Registry samples of issue 15's top-level math functions (helper torch5): det, logdet, slogdet, inverse,
matrix_power, matrix_exp, addmm, addmv, addr, baddbmm, addbmm, chain_matmul, inner, float_power, copysign,
trapezoid, cumulative_trapezoid, renorm, the *_scatter functions, i0, mvlgamma, xlog1py, ...

Recorded separately (``python tests/reference/record_torch.py torch5`` writes ``torch_ops_torch5.json``,
``torch_op_dtypes_torch5.json`` and ``torch_grad_fn_names_torch5.json``); ``op_registry.SAMPLES`` includes these.
"""
from op_registry import F, Input, P, Sample, Z

#: op classes of these functions that never record a node
NONDIFFERENTIABLE = set()

def _warnless(lib, function, *args):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


SAMPLES = [
    # fused "add a product" functions (gradlib/ops/products.py)
    Sample("addmm", lambda lib, i, a, b: lib.addmm(i, a, b), [F(3), F(2, 4), F(4, 3)]),
    Sample("addmm_beta_alpha", lambda lib, i, a, b: lib.addmm(i, a, b, beta=0.5, alpha=-2), [F(2, 3), F(2, 4),
                                                                                           F(4, 3)]),
    Sample("addmm_beta0", lambda lib, i, a, b: i.addmm(a, b, beta=0), [F(1, 3), F(2, 2), F(2, 3)]),
    Sample("addmv", lambda lib, i, a, v: lib.addmv(i, a, v, alpha=1.5), [F(3), F(3, 2), F(2)]),
    Sample("addr", lambda lib, i, u, v: lib.addr(i, u, v, beta=2), [F(3, 1), F(3), F(2)]),
    Sample("baddbmm", lambda lib, i, a, b: lib.baddbmm(i, a, b, alpha=0.5), [F(3, 1), F(2, 3, 4), F(2, 4, 1)]),
    Sample("addbmm", lambda lib, i, a, b: lib.addbmm(i, a, b), [F(2, 3), F(4, 2, 3), F(4, 3, 3)]),
    Sample("inner", lambda lib, a, b: lib.inner(a, b), [F(2, 3), F(4, 3)]),
    Sample("chain_matmul", lambda lib, a, b, c: _warnless(lib, lib.chain_matmul, a, b, c), [F(2, 3), F(3, 3),
                                                                                          F(3, 1)]),
    # matrix functions (gradlib/ops/matrix_functions.py)
    Sample("det_top", lambda lib, a: lib.det(a), [F(3, 3)]),
    Sample("logdet_spd", lambda lib, a: lib.logdet(a), [Input(2, 3, 3, kind="spd")]),
    Sample("slogdet_top", lambda lib, a: tuple(lib.slogdet(a)), [F(3, 3)]),
    Sample("inverse", lambda lib, a: lib.inverse(a), [Input(3, 3, kind="spd")]),
    Sample("matrix_power", lambda lib, a: (lib.matrix_power(a, 3), a.matrix_power(2), lib.matrix_power(a, 1)),
           [F(2, 3, 3)]),
    Sample("matrix_power_negative", lambda lib, a: lib.linalg.matrix_power(a, -2), [Input(3, 3, kind="spd")]),
    Sample("matrix_exp", lambda lib, a: lib.matrix_exp(a), [F(3, 3)]),
    Sample("matrix_exp_scaled", lambda lib, a: lib.linalg.matrix_exp(a * 3), [F(2, 2, 2)]),
    # elementwise, splits, integration (gradlib/ops/torch_math.py)
    Sample("float_power", lambda lib, a, b: (lib.float_power(a, 2), lib.float_power(a, b)), [P(3), F(3)]),
    Sample("copysign", lambda lib, a, b: lib.copysign(a, b), [Z(2, 3), Z(3)]),
    Sample("copysign_scalar", lambda lib, a: a.copysign(-1.0), [Z(4)]),
    Sample("xlog1py", lambda lib, a, b: lib.special.xlog1py(a, b), [F(3), P(3)]),
    Sample("mvlgamma", lambda lib, a: lib.mvlgamma(a, 3), [Input(4, low=1.5, high=3.0)]),
    Sample("tensor_split", lambda lib, a: lib.tensor_split(a, 3, dim=1) + a.tensor_split([1, 3]), [F(4, 5)]),
    Sample("hsplit_vsplit_dsplit", lambda lib, a: lib.hsplit(a, 2) + lib.vsplit(a, [1]) + lib.dsplit(a, 2),
           [F(2, 2, 4)]),
    Sample("trapezoid", lambda lib, y, x: (lib.trapezoid(y), lib.trapezoid(y, dx=0.5, dim=0), lib.trapezoid(y, x),
                                           lib.trapz(y, x)), [F(3, 4), F(4)]),
    Sample("cumulative_trapezoid", lambda lib, y, x: (lib.cumulative_trapezoid(y), lib.cumulative_trapezoid(y, x)),
           [F(3, 4), F(4)]),
    Sample("renorm", lambda lib, a: (lib.renorm(a, 2, 0, 1.0), a.renorm(1, 1, 2.0)), [Z(3, 4)]),
    Sample("select_scatter", lambda lib, a, s: lib.select_scatter(a, s, 1, -1), [F(2, 3), F(2)]),
    Sample("slice_scatter", lambda lib, a, s: lib.slice_scatter(a, s, 0, 1, None, 2), [F(4, 3), F(2, 3)]),
    Sample("diagonal_scatter", lambda lib, a, s: lib.diagonal_scatter(a, s, -1, 0, 2), [F(3, 2, 3), F(2, 2)]),
    Sample("index_reduce", lambda lib, a, s: (a.index_reduce(0, lib.tensor([0, 2, 0]), s, "prod"),
                                              a.index_reduce(0, lib.tensor([0, 2, 0]), s, "mean",
                                                             include_self=False)),
           [Z(3, 2), Z(3, 2)], twice=False),
]
