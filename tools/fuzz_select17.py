"""Differential fuzzer of sorting, selection and statistics ops (session 17, select17): the same case list under
PyTorch and gradlib, then a diff.

    /work/benchvenv/bin/python tools/fuzz_select17.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_select17.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_select17.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: each template below x dtypes x shape forms (fuzz15's and tie/NaN-heavy ones), and float64 gradients of the
differentiable ones on tie-heavy inputs. The builders and the evaluation are tests/reference/select17.py's; the
cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import select17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

DT = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64")
FORMS = ("0d", "empty", "zero_mid", "vec", "mat", "t", "cube", "slice", "special", "tvec", "tmat", "tcube",
         "nmat", "nvec", "tt")

TEMPLATES = (
    # sort family
    "lib.sort({x})", "lib.sort({x}, 0)", "lib.sort({x}, -1, True)", "lib.sort({x}, stable=True)",
    "lib.sort({x}, dim=0, descending=True, stable=True)", "lib.sort({x}, dim=2)", "{x}.sort(stable=False)",
    "lib.argsort({x})", "lib.argsort({x}, 0, True)", "lib.argsort({x}, stable=True, descending=True)",
    "lib.msort({x})",
    # topk / kthvalue / mode / median
    "lib.topk({x}, 1)", "lib.topk({x}, 2, 0)", "lib.topk({x}, 2, largest=False)", "lib.topk({x}, 0)",
    "lib.topk({x}, 3, sorted=False)", "lib.topk({x}, 99)", "lib.topk({x}, -1)", "lib.topk({x}, 2, dim=-1, largest=True, sorted=True)",
    "lib.kthvalue({x}, 1)", "lib.kthvalue({x}, 2, 0)", "lib.kthvalue({x}, 2, -1, True)", "lib.kthvalue({x}, 99)",
    "lib.kthvalue({x}, 0)", "lib.kthvalue({x}, 3)",
    "lib.mode({x})", "lib.mode({x}, 0)", "lib.mode({x}, -1, True)",
    "lib.median({x})", "lib.median({x}, 0)", "lib.median({x}, -1, True)", "lib.median({x}, 1)",
    "lib.nanmedian({x})", "lib.nanmedian({x}, 0)", "lib.nanmedian({x}, -1, True)",
    # quantile
    "lib.quantile({x}, 0.5)", "lib.quantile({x}, 0.3, dim=0)", "lib.quantile({x}, Q([0.1, 0.5, 1.0]), dim=-1, keepdim=True)",
    "lib.quantile({x}, 0.4, interpolation='lower')", "lib.quantile({x}, 0.4, dim=-1, interpolation='higher')",
    "lib.quantile({x}, 0.3, dim=0, interpolation='midpoint')", "lib.quantile({x}, Q([0.25, 0.5, 0.75]), interpolation='nearest')",
    "lib.quantile({x}, 0.5, dim=-1, interpolation='nearest')", "lib.quantile({x}, 1.5)", "lib.quantile({x}, -0.1)",
    "lib.quantile({x}, Q([[0.5]]))", "lib.quantile({x}, 0.5, interpolation='bad')", "lib.quantile({x}, Q(0.5))",
    "lib.quantile({x}, Q([0.5, 1.2]))", "lib.quantile({x}, Q(0.5, 'float64'))", "lib.quantile({x}, Q([]))",
    "lib.nanquantile({x}, 0.5)", "lib.nanquantile({x}, 0.3, dim=0)", "lib.nanquantile({x}, Q([0.1, 0.9]), dim=-1)",
    "lib.nanquantile({x}, 0.5, dim=-1, keepdim=True, interpolation='midpoint')", "lib.nanquantile({x}, 2.0)",
    # unique
    "lib.unique({x})", "lib.unique({x}, sorted=False)", "lib.unique({x}, return_inverse=True)",
    "lib.unique({x}, return_counts=True)", "lib.unique({x}, return_inverse=True, return_counts=True, dim=0)",
    "lib.unique({x}, dim=-1)", "lib.unique({x}, dim=1, return_counts=True)", "{x}.unique(return_inverse=True, dim=0)",
    "lib.unique_consecutive({x})", "lib.unique_consecutive({x}, return_inverse=True, return_counts=True)",
    "lib.unique_consecutive({x}, dim=0)", "lib.unique_consecutive({x}, return_counts=True, dim=-1)",
    "lib.unique_consecutive({x}, return_inverse=True, dim=1)",
    # searchsorted / bucketize
    "lib.searchsorted(SRT({x}), {x})", "lib.searchsorted(SRT({x}), {x}, right=True)",
    "lib.searchsorted(SRT({x}), {x}, side='right')", "lib.searchsorted(SRT({x}), {x}, side='left', right=True)",
    "lib.searchsorted(SRT({x}), {x}, out_int32=True)", "lib.searchsorted({x}, {x}, sorter=lib.argsort({x}))",
    "lib.searchsorted({x}, {x}, sorter=lib.argsort({x}), side='right')",
    "lib.searchsorted(SRT({x}), 1)", "lib.searchsorted(SRT({x}), 0.5, right=True)",
    "lib.searchsorted(SRT(lib.flatten({x})), {x})", "lib.searchsorted(SRT({x}), Q([0.5, 1.0]))",
    "lib.searchsorted(SRT({x}), {x}, side='middle')",
    "lib.bucketize({x}, Q([-1.0, 0.0, 1.0]))", "lib.bucketize({x}, Q([-1.0, 0.0, 1.0]), right=True)",
    "lib.bucketize({x}, Q([0, 1, 2], 'int64'), out_int32=True)", "lib.bucketize({x}, Q([[0.0, 1.0]]))",
    "lib.bucketize(1.5, SRT(lib.flatten({x})))", "lib.bucketize({x}, SRT(lib.flatten({x})), right=True)",
    # histograms
    "lib.histc({x})", "lib.histc({x}, bins=4, min=-1, max=2)", "lib.histc({x}, bins=3, min=2, max=-1)",
    "lib.histc({x}, bins=0)", "lib.histc({x}, bins=5, min=1, max=1)",
    "lib.bincount({x})", "lib.bincount({x}, minlength=10)", "lib.bincount({x}, weights=lib.ones_like({x}, dtype=D('float32')))",
    "lib.bincount({x}, weights=lib.ones_like({x}, dtype=D('float64')) * 0.5, minlength=3)", "lib.bincount({x}, minlength=-1)",
    "lib.bincount({x}, weights=lib.ones_like({x}, dtype=D('int32')))",
    "lib.histogram({x}, bins=4)", "lib.histogram({x}, bins=3, range=(-1.0, 2.0))", "lib.histogram({x}, bins=3, density=True)",
    "lib.histogram({x}, bins=Q([-1.0, 0.0, 1.5, 3.0], '{dt}'))", "lib.histogram({x}, bins=2, weight=lib.ones_like({x}) * 2)",
    "lib.histogram({x}, bins=3, range=(2.0, -1.0))",
    # cumulative extrema
    "lib.cummax({x}, 0)", "lib.cummax({x}, -1)", "lib.cummin({x}, 0)", "lib.cummin({x}, -1)", "lib.cummax({x}, 3)",
    # clamp
    "lib.clamp({x}, -1, 1)", "lib.clamp({x}, 1, -1)", "lib.clamp({x}, min=0.5)", "lib.clamp({x}, max=Q(0.5))",
    "lib.clamp({x}, Q([-1.0]), Q([1.0]))", "lib.clamp({x}, Q([1.0]), Q([-1.0]))", "lib.clip({x}, -0.5, 2)",
    "lib.clamp({x})", "lib.clamp({x}, min=Q(0, 'int64'), max=Q(1, 'int64'))", "lib.clamp({x}, nan, 1)",
    "lib.clamp({x}, min=True)", "lib.clamp({x}, Q([[0.0], [0.5], [1.0]], 'float64'))",
    # where
    "lib.where({x} > 0, {x}, 0)", "lib.where({x} > 0, 1.5, {x})", "lib.where({x} > 0, 1, 2)",
    "lib.where({x} > 0, 1.5, 2)", "lib.where({x} > 0, {x}, Q(0.5, 'float64'))", "lib.where({x} > 0, {x}, True)",
    "lib.where({x} > 0, Q([1.0], 'float64'), {x})", "lib.where({x}, 1, 0)", "lib.where({x} > 0, {x}, 1j)",
    # masked ops
    "{x}.masked_fill({x} > 0, -1)", "{x}.masked_fill({x} > 0, 2.5)", "{x}.masked_fill({x} > 0, Q(3.0, 'float64'))",
    "lib.masked_select({x}, {x} > 0)", "lib.masked_select({x}, Q([True], 'bool'))",
    "{x}.masked_scatter({x} > 0, lib.arange(100).to({x}.dtype))", "{x}.masked_scatter({x} > 0, {x}[:0].reshape(-1))",
    # take / gather
    "lib.take({x}, I([0, -1]))", "lib.take({x}, I([1000]))", "lib.take({x}, I([-1000]))",
    "lib.take_along_dim({x}, lib.argsort({x}, -1), -1)", "lib.take_along_dim({x}, lib.argsort(lib.flatten({x})))",
    "lib.gather({x}, -1, lib.argsort({x}, -1))", "lib.gather({x}, 0, I([[5]]))", "lib.gather({x}, 0, I([[-1]]))",
    "lib.take_along_dim({x}, I([[9]]), 0)",
    # nonzero and friends
    "lib.nonzero({x})", "lib.nonzero({x}, as_tuple=True)", "lib.argwhere({x})", "{x}.nonzero()",
    "lib.count_nonzero({x})", "lib.count_nonzero({x}, dim=0)", "lib.count_nonzero({x}, dim=(0, -1))",
    "lib.count_nonzero({x}, -1)",
    # isin
    "lib.isin({x}, {x}[..., :2] if {x}.dim() else {x})", "lib.isin({x}, 1)", "lib.isin(1, {x})",
    "lib.isin({x}, Q([0.0, 1.0, nan]), invert=True)", "lib.isin({x}, Q([0, 2], 'int64'), assume_unique=True)",
    "lib.isin({x}, Q([], 'float32'))",
    # diff
    "lib.diff({x})", "lib.diff({x}, n=2)", "lib.diff({x}, n=0)", "lib.diff({x}, dim=0)",
    "lib.diff({x}, prepend={x}[..., :1] if {x}.dim() else {x})", "lib.diff({x}, append={x}, dim=0)",
    "lib.diff({x}, n=3, prepend={x}, append={x})", "lib.diff({x}, n=-1)",
    # integration
    "lib.trapezoid({x})", "lib.trapezoid({x}, dx=0.5)", "lib.trapezoid({x}, dim=0)",
    "lib.trapezoid({x}, {x})", "lib.trapezoid({x}, Q([0.0, 1.0, 3.0, 4.0, 7.0][:{x}.shape[-1]] if {x}.dim() else [0.0]))",
    "lib.cumulative_trapezoid({x})", "lib.cumulative_trapezoid({x}, dx=2)", "lib.cumulative_trapezoid({x}, dim=0)",
    "lib.cumulative_trapezoid({x}, {x})", "lib.trapz({x})",
    # cov / corrcoef
    "lib.cov({x})", "lib.cov({x}, correction=0)", "lib.cov({x}, correction=2)", "lib.corrcoef({x})",
    "lib.cov({x}, fweights=I([1, 2, 1, 1, 3, 1, 2, 1][:{x}.shape[-1]] if {x}.dim() else 1))",
    "lib.cov({x}, aweights=Q([0.5, 1.0, 2.0, 1.0, 0.5, 1.0, 2.0, 0.5][:{x}.shape[-1]] if {x}.dim() else 1.0))",
    # renorm / cdist
    "lib.renorm({x}, 2, 0, 1.0)", "lib.renorm({x}, 1, -1, 0.5)", "lib.renorm({x}, float('inf'), 0, 1.0)",
    "lib.renorm({x}, 2, 5, 1.0)", "lib.renorm({x}, -1, 0, 1.0)", "lib.renorm({x}, 2, 0, -1.0)",
    "lib.cdist({x}, {x})", "lib.cdist({x}, {x}, p=1)", "lib.cdist({x}, {x}, p=0)", "lib.cdist({x}, {x}, p=float('inf'))",
    "lib.cdist({x}, {x}, p=-1)", "lib.cdist({x}, {x}[..., :1, :] if {x}.dim() > 1 else {x}, p=3)",
    "lib.cdist({x}, {x}, compute_mode='use_mm_for_euclid_dist')",
)

#: differentiable templates (float64, gradient through GRAD)
GRAD_TEMPLATES = (
    "lambda x: lib.sort(x).values", "lambda x: lib.sort(x, 0, True).values", "lambda x: lib.msort(x)",
    "lambda x: lib.topk(x, 2).values", "lambda x: lib.topk(x, 2, 0, largest=False).values",
    "lambda x: lib.kthvalue(x, 2).values", "lambda x: lib.kthvalue(x, 1, 0, True).values",
    "lambda x: lib.mode(x).values", "lambda x: lib.mode(x, 0).values",
    "lambda x: lib.median(x)", "lambda x: lib.median(x, 0).values", "lambda x: lib.median(x, -1, True).values",
    "lambda x: lib.nanmedian(x)", "lambda x: lib.nanmedian(x, -1).values",
    "lambda x: lib.quantile(x, 0.3)", "lambda x: lib.quantile(x, Q([0.1, 0.5], 'float64'), dim=-1)",
    "lambda x: lib.quantile(x, 0.5, dim=0, interpolation='midpoint')",
    "lambda x: lib.quantile(x, 0.4, interpolation='nearest')", "lambda x: lib.nanquantile(x, 0.3, dim=-1)",
    "lambda x: lib.cummax(x, 0).values", "lambda x: lib.cummin(x, -1).values",
    "lambda x: lib.clamp(x, 0, 1)", "lambda x: lib.clamp(x, 1, 0)", "lambda x: lib.clamp(x, min=1)",
    "lambda x: lib.clamp(x, x * 0, x * 0 + 1)", "lambda x: lib.clamp(x.detach() * 0 + 1, x, x * 0)",
    "lambda x: lib.where(x > 0, x, x * 2)", "lambda x: lib.where(x > 0, x, 0.5)",
    "lambda x: x.masked_fill(x > 0, 1)", "lambda x: lib.masked_select(x, x > 0)",
    "lambda x: x.masked_scatter(x > 0, x * 3)", "lambda x: lib.take(x, I([0, -1, 0]))",
    "lambda x: lib.take_along_dim(x, lib.argsort(x, -1), -1)", "lambda x: lib.gather(x, -1, lib.argsort(x, -1))",
    "lambda x: lib.diff(x)", "lambda x: lib.diff(x, n=2, prepend=x, append=x)", "lambda x: lib.diff(x, dim=0, prepend=x[:1])",
    "lambda x: lib.trapezoid(x)", "lambda x: lib.trapezoid(x, x)", "lambda x: lib.cumulative_trapezoid(x)",
    "lambda x: lib.cumulative_trapezoid(x, x, dim=0)",
    "lambda x: lib.cov(x)", "lambda x: lib.cov(x, correction=0, aweights=x[0].abs())", "lambda x: lib.corrcoef(x)",
    "lambda x: lib.renorm(x, 2, 0, 1.0)", "lambda x: lib.renorm(x, 1, -1, 0.5)", "lambda x: lib.renorm(x, float('inf'), 0, 0.5)",
    "lambda x: lib.cdist(x, x)", "lambda x: lib.cdist(x, x * 0.5, p=1)", "lambda x: lib.cdist(x, x, p=0)",
    "lambda x: lib.cdist(x, x[:1], p=float('inf'))", "lambda x: lib.cdist(x, x, p=3)",
    "lambda x: lib.cdist(x, x * 2, compute_mode='use_mm_for_euclid_dist')",
    "lambda x: lib.amax(x, 0)", "lambda x: lib.max(x)", "lambda x: lib.max(x, -1).values", "lambda x: lib.amin(x)",
)
GRAD_FORMS = ("0d", "vec", "mat", "t", "cube", "tvec", "tmat", "tcube", "tt", "nmat", "empty", "zero_mid", "special")


def _x(dt, form):
    return f"X('{dt}', '{form}')"


def generate():
    cases = {}
    for i, template in enumerate(TEMPLATES):
        for dt in DT:
            for form in FORMS:
                if dt == "complex64" and form not in ("mat", "0d"):
                    continue
                cases[f"fn/{i}/{dt}/{form}"] = template.format(x=_x(dt, form), dt=dt)
    for i, template in enumerate(GRAD_TEMPLATES):
        for form in GRAD_FORMS:
            cases[f"g/{i}/{form}"] = f"GRAD({template}, {_x('float64', form)}.detach().requires_grad_())"
    return cases



def _op(expr):
    for key in ("lib.", "}."):
        at = expr.find(key, expr.find("lambda") if "lambda" in expr else 0)
        if at >= 0:
            return expr[at:].split("(")[0]
    return "?"


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: c + " " + _op(expression))
