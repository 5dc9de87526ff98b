"""Differential fuzzer of the nn losses (session 18, losses18): the same case list under PyTorch and gradlib,
then a diff.

    /work/benchvenv/bin/python tools/fuzz_losses18.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_losses18.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_losses18.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: every functional loss (and a few nn.Module forms) x reductions (including a bad string and the legacy
size_average/reduce) x dtypes x shape pairs (0-d, empty batch, mismatched, broadcastable) x value kinds (edge values,
out-of-range probabilities and classes), and float64 gradients w.r.t. the input (and the target where PyTorch
differentiates it). The builders and the evaluation are tests/reference/losses18.py's; the cases that found a
difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import losses18 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

FLOATS = ("float16", "bfloat16", "float32", "float64")
REDUCTIONS = ("reduction='none'", "reduction='mean'", "reduction='sum'", "reduction='bad'",
              "size_average=False", "reduce=False", "size_average=True, reduce=True")
# (input shape, target shape)
PAIRS = {"0d": ((), ()), "empty": ((0,), (0,)), "vec": ((5,), (5,)), "mat": ((3, 4), (3, 4)),
         "bcast": ((3, 4), (1, 4)), "bcast_in": ((1, 4), (3, 4)), "mismatch": ((3, 4), (3, 5)),
         "empty_batch": ((0, 4), (0, 4))}

#: pointwise losses: (call with {i} input and {t} target and {r} reduction, target kind)
POINTWISE = {
    "l1": ("F.l1_loss({i}, {t}, {r})", "n"), "mse": ("F.mse_loss({i}, {t}, {r})", "n"),
    "smooth_l1": ("F.smooth_l1_loss({i}, {t}, {r})", "n"),
    "smooth_l1_b0": ("F.smooth_l1_loss({i}, {t}, {r}, beta=0.0)", "n"),
    "smooth_l1_bneg": ("F.smooth_l1_loss({i}, {t}, {r}, beta=-1.0)", "n"),
    "huber": ("F.huber_loss({i}, {t}, {r})", "n"), "huber_d": ("F.huber_loss({i}, {t}, {r}, delta=0.5)", "n"),
    "huber_d0": ("F.huber_loss({i}, {t}, {r}, delta=0.0)", "n"),
    "bce": ("F.binary_cross_entropy({ip}, {t}, {r})", "p"),
    "bce_w": ("F.binary_cross_entropy({ip}, {t}, weight={w}, {r})", "p"),
    "bcel": ("F.binary_cross_entropy_with_logits({i}, {t}, {r})", "p"),
    "bcel_w": ("F.binary_cross_entropy_with_logits({i}, {t}, weight={w}, {r})", "p"),
    "bcel_pw": ("F.binary_cross_entropy_with_logits({i}, {t}, pos_weight={w}, {r})", "p"),
    "kl": ("F.kl_div({i}, {tp}, {r})", "p"), "kl_log": ("F.kl_div({i}, {t}, {r}, log_target=True)", "n"),
    "kl_bm": ("F.kl_div({i}, {tp}, reduction='batchmean')", "p"),
    "pnll": ("F.poisson_nll_loss({i}, {t}, {r})", "pos"),
    "pnll_nolog": ("F.poisson_nll_loss({ipos}, {t}, log_input=False, {r})", "pos"),
    "pnll_full": ("F.poisson_nll_loss({i}, {t}, full=True, {r})", "pos"),
    "pnll_full_nolog_eps": ("F.poisson_nll_loss({ipos}, {t}, log_input=False, full=True, eps=0.5, {r})", "pos"),
    "soft_margin": ("F.soft_margin_loss({i}, {t}, {r})", "s"),
    "hinge": ("F.hinge_embedding_loss({i}, {t}, {r})", "s"),
    "hinge_m": ("F.hinge_embedding_loss({i}, {t}, margin=-0.5, {r})", "s"),
    "gnll": ("F.gaussian_nll_loss({i}, {t}, {v}, {r})", "n"),
    "gnll_full": ("F.gaussian_nll_loss({i}, {t}, {v}, full=True, eps=0.5, {r})", "n"),
    "mlsm": ("F.multilabel_soft_margin_loss({i}, {tp}, {r})", "p"),
}
INPUT_KINDS = ("n", "e")


def _tensor(dt, shape, kind, grad=False, shift=0):
    g = ", grad=True" if grad else ""
    s = f", shift={shift}" if shift else ""
    return f"A('{dt}', {shape}, '{kind}'{g}{s})"


def _pointwise(cases):
    for name, (template, tkind) in POINTWISE.items():
        for dt in FLOATS:
            for pname, (ishape, tshape) in PAIRS.items():
                for ik in INPUT_KINDS:
                    for ri, r in enumerate(REDUCTIONS):
                        if ik == "e" and ri not in (0, 2):
                            continue
                        if pname not in ("mat", "vec") and ri in (4, 6):
                            continue
                        last = tshape[-1] if tshape else 1
                        cases[f"pw/{name}/{dt}/{pname}/{ik}/{ri}"] = template.format(
                            i=_tensor(dt, ishape, ik), ip=_tensor(dt, ishape, "p" if ik == "n" else "e"),
                            ipos=_tensor(dt, ishape, "pos" if ik == "n" else "e"),
                            t=_tensor(dt, tshape, tkind, shift=3), tp=_tensor(dt, tshape, "p", shift=3),
                            v=_tensor(dt, tshape, "pos", shift=1), w=f"W({last}, '{dt}')", r=r)
        # target dtype mismatch and an integer target
        for tdt in ("float64", "int64", "float16"):
            cases[f"pw_tdtype/{name}/{tdt}"] = template.format(
                i=_tensor("float32", (3, 4), "n"), ip=_tensor("float32", (3, 4), "p"),
                ipos=_tensor("float32", (3, 4), "pos"),
                t=f"A('float64', (3, 4), '{tkind}').to(D('{tdt}'))", tp=f"A('float64', (3, 4), 'p').to(D('{tdt}'))",
                v=_tensor("float32", (3, 4), "pos"), w="W(4)", r="reduction='mean'")
        # gradients (float64) w.r.t. the input and the target
        for pname in ("mat", "bcast", "0d", "empty_batch"):
            ishape, tshape = PAIRS[pname]
            for ik in INPUT_KINDS:
                for r in ("reduction='none'", "reduction='mean'", "reduction='sum'"):
                    x = "x" if "{i}" in template else None
                    expr = template.format(i="x", ip="x", ipos="x", t="y", tp="y",
                                           v=_tensor("float64", tshape, "pos", shift=1), w="W(%d, 'float64')" % (tshape[-1] if tshape else 1), r=r)
                    ikind = {"{ip}": "p", "{ipos}": "pos"}
                    kind = next((k for tok, k in ikind.items() if tok in template), "n") if ik == "n" else "e"
                    tk = "p" if "{tp}" in template else tkind
                    cases[f"g/{name}/{pname}/{ik}/{r[11:-1]}"] = (
                        f"GRAD(lambda x, y: {expr}, {_tensor('float64', ishape, kind, True)}, "
                        f"{_tensor('float64', tshape, tk, True, 3)})")
                    del x


CLASS_TEMPLATES = (
    # cross_entropy / nll_loss with class indices
    "F.cross_entropy({x}, {c}, {r})", "F.cross_entropy({x}, {c}, weight={w}, {r})",
    "F.cross_entropy({x}, {c}, ignore_index=1, {r})", "F.cross_entropy({x}, {c}, weight={w}, ignore_index=1, {r})",
    "F.cross_entropy({x}, {c}, label_smoothing=0.2, {r})",
    "F.cross_entropy({x}, {c}, weight={w}, label_smoothing=0.1, ignore_index=1, {r})",
    "F.cross_entropy({x}, {c}, label_smoothing=1.5)", "F.cross_entropy({x}, {c}, label_smoothing=-0.1)",
    "F.cross_entropy({x}, {cbad}, {r})", "F.cross_entropy({x}, {cbad}, ignore_index=3, {r})",
    "F.cross_entropy({x}, {c}.to(D('int32')), {r})", "F.cross_entropy({x}, {c}.to(D('float32')), {r})",
    "F.cross_entropy({x}, {prob}, {r})", "F.cross_entropy({x}, {prob}, weight={w}, label_smoothing=0.3, {r})",
    "F.cross_entropy({x}, {prob}, ignore_index=1, {r})",
    "F.nll_loss(F.log_softmax({x}, 1 if {x}.dim() > 1 else 0), {c}, {r})", "F.nll_loss({x}, {c}, weight={w}, {r})",
    "F.nll_loss({x}, {c}, ignore_index=1, {r})", "F.nll_loss({x}, {cbad}, {r})",
    "F.nll_loss({x}, {c}, weight={w}, ignore_index=0, {r})", "F.nll_loss({x}, {c}.to(D('int32')), {r})",
    "F.nll_loss({x}, {c}, weight=W(7), {r})",
    # multi_margin / multilabel_margin
    "F.multi_margin_loss({x}, {c}, {r})", "F.multi_margin_loss({x}, {c}, p=2, margin=0.5, {r})",
    "F.multi_margin_loss({x}, {c}, weight={w}, {r})", "F.multi_margin_loss({x}, {c}, p=3)",
    "F.multi_margin_loss({x}, {cbad}, {r})",
    "F.multilabel_margin_loss({x}, {ml}, {r})", "F.multilabel_margin_loss({x}, {ml}.to(D('int32')), {r})",
    "F.multilabel_soft_margin_loss({x}, {prob}, weight={w}, {r})",
)
#: (input shape, class-index shape, probability shape, number of classes)
CLASS_SHAPES = {"mat": ((3, 4), (3,), (3, 4), 4), "vec": ((4,), (), (4,), 4), "kdim": ((2, 4, 3), (2, 3), (2, 4, 3), 4),
                "k2": ((2, 3, 2, 2), (2, 2, 2), (2, 3, 2, 2), 3), "empty_batch": ((0, 4), (0,), (0, 4), 4),
                "zero_classes": ((3, 0), (3,), (3, 0), 0), "bad_target": ((3, 4), (2,), (2, 4), 4),
                "0d": ((), (), (), 1)}


def _classes(cases):
    for ti, template in enumerate(CLASS_TEMPLATES):
        for dt in FLOATS:
            for sname, (xs, cs, ps, k) in CLASS_SHAPES.items():
                for ik in INPUT_KINDS:
                    for ri, r in enumerate(REDUCTIONS):
                        if "{r}" not in template and ri:
                            continue
                        if (ik == "e" or sname not in ("mat", "kdim")) and ri not in (0, 1, 2):
                            continue
                        ml = f"C({cs + (k,) if cs else (k,)}, {max(k, 1)})"
                        cases[f"cls/{ti}/{dt}/{sname}/{ik}/{ri}"] = template.format(
                            x=_tensor(dt, xs, ik), c=f"C({cs}, {max(k, 1)})", cbad=f"C({cs}, {max(k, 1)}, bad=True)",
                            prob=_tensor(dt, ps, "p"), w=f"W({k}, '{dt}')", ml=ml, r=r)
        if "{r}" in template:
            for sname in ("mat", "kdim", "empty_batch"):
                xs, cs, ps, k = CLASS_SHAPES[sname]
                for r in ("reduction='none'", "reduction='mean'", "reduction='sum'"):
                    expr = template.format(x="x", c=f"C({cs}, {k})", cbad=f"C({cs}, {k}, bad=True)", prob="y",
                                           w=f"W({k}, 'float64')", ml=f"C({cs + (k,)}, {k})", r=r)
                    cases[f"gc/{ti}/{sname}/{r[11:-1]}"] = (
                        f"GRAD(lambda x, y: {expr}, {_tensor('float64', xs, 'n', True)}, "
                        f"{_tensor('float64', ps, 'p', True)})")


PAIR_TEMPLATES = (
    "F.margin_ranking_loss({a}, {b}, {s}, {r})", "F.margin_ranking_loss({a}, {b}, {s}, margin=0.5, {r})",
    "F.cosine_embedding_loss({a}, {b}, {s1}, {r})", "F.cosine_embedding_loss({a}, {b}, {s1}, margin=0.25, {r})",
    "F.triplet_margin_loss({a}, {b}, {c}, {r})", "F.triplet_margin_loss({a}, {b}, {c}, p=1, swap=True, {r})",
    "F.triplet_margin_loss({a}, {b}, {c}, margin=0.0, eps=0.0, {r})",
    "F.triplet_margin_with_distance_loss({a}, {b}, {c}, {r})",
    "F.triplet_margin_with_distance_loss({a}, {b}, {c}, distance_function=lambda u, v: (u - v).abs().sum(-1), "
    "swap=True, {r})",
    "F.triplet_margin_with_distance_loss({a}, {b}, {c}, margin=-1.0)",
)
PAIR_SHAPES = {"mat": ((3, 4), (3,)), "vec": ((4,), ()), "0d": ((), ()), "empty_batch": ((0, 4), (0,)),
               "mismatch": ((3, 4), (2,)), "cube": ((2, 3, 4), (2, 3))}


def _pairs(cases):
    for ti, template in enumerate(PAIR_TEMPLATES):
        for dt in FLOATS:
            for sname, (xs, ss) in PAIR_SHAPES.items():
                for ik in INPUT_KINDS:
                    for ri, r in enumerate(REDUCTIONS):
                        if "{r}" not in template and ri:
                            continue
                        if (ik == "e" or sname != "mat") and ri not in (0, 1, 2):
                            continue
                        s_shape = xs if template.startswith("F.margin") else ss
                        cases[f"pair/{ti}/{dt}/{sname}/{ik}/{ri}"] = template.format(
                            a=_tensor(dt, xs, ik), b=_tensor(dt, xs, "n", shift=5), c=_tensor(dt, xs, "n", shift=9),
                            s=_tensor(dt, s_shape, "s"), s1=_tensor(dt, ss, "s"), r=r)
        if "{r}" in template:
            for sname in ("mat", "vec", "empty_batch"):
                xs, ss = PAIR_SHAPES[sname]
                s_shape = xs if template.startswith("F.margin") else ss
                for r in ("reduction='none'", "reduction='sum'"):
                    expr = template.format(a="a", b="b", c=_tensor("float64", xs, "n", shift=9),
                                           s=_tensor("float64", s_shape, "s"), s1=_tensor("float64", ss, "s"), r=r)
                    cases[f"gp/{ti}/{sname}/{r[11:-1]}"] = (
                        f"GRAD(lambda a, b: {expr}, {_tensor('float64', xs, 'n', True)}, "
                        f"{_tensor('float64', xs, 'n', True, 5)})")


MODULES = (
    "nn.L1Loss({r})(A('float32', (3, 4)), A('float32', (3, 4), shift=3))",
    "nn.MSELoss({r})(A('float32', (3, 4)), A('float32', (1, 4), shift=3))",
    "nn.SmoothL1Loss({r}, beta=0.5)(A('float32', (3, 4)), A('float32', (3, 4), shift=3))",
    "nn.HuberLoss({r}, delta=2.0)(A('float32', (3, 4)), A('float32', (3, 4), shift=3))",
    "nn.BCELoss(weight=W(4), {r})(A('float32', (3, 4), 'p'), A('float32', (3, 4), 'p', shift=3))",
    "nn.BCEWithLogitsLoss(pos_weight=W(4), {r})(A('float32', (3, 4)), A('float32', (3, 4), 'p', shift=3))",
    "nn.CrossEntropyLoss(weight=W(4), ignore_index=1, label_smoothing=0.1, {r})(A('float32', (3, 4)), C((3,), 4))",
    "nn.NLLLoss(weight=W(4), {r})(A('float32', (3, 4)), C((3,), 4))",
    "nn.KLDivLoss({r}, log_target=True)(A('float32', (3, 4)), A('float32', (3, 4), shift=3))",
    "nn.PoissonNLLLoss(log_input=False, full=True, {r})(A('float32', (3, 4), 'pos'), A('float32', (3, 4), 'pos', shift=3))",
    "nn.GaussianNLLLoss(full=True, {r})(A('float32', (3, 4)), A('float32', (3, 4), shift=3), A('float32', (3, 1), 'pos'))",
    "nn.GaussianNLLLoss({r})(A('float32', (3, 4)), A('float32', (3, 4), shift=3), A('float32', (3,), 'pos'))",
    "nn.GaussianNLLLoss({r})(A('float32', (3, 4)), A('float32', (3, 4), shift=3), A('float32', (3, 4), 'n'))",
    "nn.GaussianNLLLoss({r})(A('float32', (3, 4)), A('float32', (3, 4), shift=3), A('float32', (2, 4), 'pos'))",
    "nn.SoftMarginLoss({r})(A('float32', (3, 4)), A('float32', (3, 4), 's'))",
    "nn.MultiLabelSoftMarginLoss(weight=W(4), {r})(A('float32', (3, 4)), A('float32', (3, 4), 'p'))",
    "nn.MultiLabelMarginLoss({r})(A('float32', (3, 4)), C((3, 4), 4))",
    "nn.MultiMarginLoss(p=2, margin=0.5, weight=W(4), {r})(A('float32', (3, 4)), C((3,), 4))",
    "nn.HingeEmbeddingLoss(margin=0.5, {r})(A('float32', (3, 4)), A('float32', (3, 4), 's'))",
    "nn.CosineEmbeddingLoss(margin=0.1, {r})(A('float32', (3, 4)), A('float32', (3, 4), shift=5), A('float32', (3,), 's'))",
    "nn.MarginRankingLoss(margin=0.1, {r})(A('float32', (3,)), A('float32', (3,), shift=5), A('float32', (3,), 's'))",
    "nn.TripletMarginLoss(margin=0.5, p=1.5, {r})(A('float32', (3, 4)), A('float32', (3, 4), shift=5), A('float32', (3, 4), shift=9))",
    "nn.TripletMarginWithDistanceLoss(swap=True, {r})(A('float32', (3, 4)), A('float32', (3, 4), shift=5), A('float32', (3, 4), shift=9))",
    "nn.CTCLoss(blank=0, {r})(F.log_softmax(A('float32', (6, 2, 4)), 2), C((2, 3), 3) + 1, (6, 5), (3, 2))",
    "nn.CTCLoss(zero_infinity=True, {r})(F.log_softmax(A('float32', (2, 2, 4)), 2), C((2, 3), 3) + 1, (2, 2), (3, 2))",
    "repr(nn.CTCLoss(blank=2, {r}))", "repr(nn.CrossEntropyLoss({r}))",
)

CTC = (
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3) + 1, (6, 5), (3, 2), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 4)), 1), C((3,), 3) + 1, (6,), (3,), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (2, 2, 4)), 2), C((2, 3), 3) + 1, (2, 2), (3, 2), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (2, 2, 4)), 2), C((2, 3), 3) + 1, (2, 2), (3, 2), zero_infinity=True, {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((5,), 3) + 1, (6, 5), (3, 2), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3), (6, 5), (3, 2), blank=3, {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3) + 1, (7, 5), (3, 2), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3) + 1, (6, 5), (0, 2), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3) + 1, (6, 5), (3, 2), blank=4, {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 2, 4)), 2), C((2, 3), 3).to(D('int32')) + 1, lib.tensor([6, 5]), lib.tensor([3, 2]), {r})",
    "F.ctc_loss(F.log_softmax(A('{dt}', (6, 0, 4)), 2), C((0, 3), 3) + 1, (), (), {r})",
)


def generate():
    cases = {}
    _pointwise(cases)
    _classes(cases)
    _pairs(cases)
    for i, template in enumerate(MODULES):
        for ri, r in enumerate(REDUCTIONS):
            cases[f"mod/{i}/{ri}"] = template.format(r=r)
    for i, template in enumerate(CTC):
        for dt in FLOATS:
            for ri, r in enumerate(REDUCTIONS[:4]):
                cases[f"ctc/{i}/{dt}/{ri}"] = template.format(dt=dt, r=r)
        for r in ("reduction='none'", "reduction='mean'"):
            expr = template.format(dt="float64", r=r).replace("A('float64', (6, 2, 4))", "x")
            if "(x" in expr:
                cases[f"gctc/{i}/{r[11:-1]}"] = f"GRAD(lambda x: {expr}, A('float64', (6, 2, 4), grad=True))"
    return cases


def _op(expr):
    for key in ("F.", "nn."):
        at = expr.find(key)
        if at >= 0:
            return expr[at:].split("(")[0]
    return "?"


def _value_class(t, g):
    """'value' split: 'rounding' where only float digits differ in the last places, else 'value'."""
    import json
    tt, gg = json.dumps(t), json.dumps(g)
    if len(tt) == len(gg) and sum(a != b for a, b in zip(tt, gg)) <= 3 * max(1, tt.count("'")):
        return "value-lastbits"
    return "value"


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: c + " " + _op(expression), value_class=_value_class)
