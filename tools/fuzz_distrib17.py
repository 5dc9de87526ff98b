"""Differential fuzzer of ``distributions`` (session 17, distrib17): the same case list under PyTorch and gradlib,
then a diff.

    /work/benchvenv/bin/python tools/fuzz_distrib17.py torch  OUT.json [FILTER]   # PyTorch
    /work/venv/bin/python tools/fuzz_distrib17.py gradlib OUT.json [FILTER]      # gradlib
    python tools/fuzz_distrib17.py diff TORCH.json GRADLIB.json [FILTER]          # classes of differences

Cases: every distribution below (valid and invalid parameters, validate_args on and off) x log_prob at values in,
on the boundary of and out of its support, the moments, entropy, cdf/icdf, shapes, expand, sample/rsample shapes
for each form of sample_shape, repr; KL pairs; float64 gradients of log_prob/entropy/rsample. The builders and the
evaluation are tests/reference/distrib17.py's; the cases that found a difference are copied there.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import distrib17 as R  # noqa: E402
from _differential import main  # noqa: E402 (this folder, sys.path's first entry)

# name: (constructor with {v} for validate_args and {g} for the parameters' grad flag, values for log_prob)
_X = "P([[-1.0], [0.0], [0.25], [1.0], [2.0], [inf], [nan]])"
_POS = "P([[-1.0], [0.0], [0.5], [1.0], [3.0], [inf]])"
_UNIT = "P([[-0.5], [0.0], [0.3], [1.0], [1.5]])"
_CNT = "P([[-1.0], [0.0], [1.0], [2.5], [3.0], [10.0]])"
DISTS = {
    "Normal": ("Dn.Normal(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "Normal0": ("Dn.Normal(0.0, 1.0, validate_args={v})", _X),
    "NormalBad": ("Dn.Normal(P([0.0, nan], {dt}, {g}), P([1.0, 0.0], {dt}, {g}), validate_args={v})", _X),
    "NormalBcast": ("Dn.Normal(P([[0.0], [1.0]], {dt}, {g}), P([1.0, 2.0, 0.5], {dt}, {g}), validate_args={v})", _X),
    "Uniform": ("Dn.Uniform(P([0.0, -1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "UniformBad": ("Dn.Uniform(P([1.0, -1.0], {dt}, {g}), P([0.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "Bernoulli": ("Dn.Bernoulli(probs=P([0.0, 0.3], {dt}, {g}), validate_args={v})", _UNIT),
    "BernoulliL": ("Dn.Bernoulli(logits=P([-2.0, 3.0], {dt}, {g}), validate_args={v})", _UNIT),
    "BernoulliBad": ("Dn.Bernoulli(probs=P([1.5, 0.3], {dt}, {g}), validate_args={v})", _UNIT),
    "Categorical": ("Dn.Categorical(probs=P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]], {dt}, {g}), validate_args={v})",
                    "I([[0], [1], [2], [3], [-1]])"),
    "CategoricalL": ("Dn.Categorical(logits=P([[0.2, -inf, 0.5], [1.0, 1.0, 1.0]], {dt}, {g}), validate_args={v})",
                     "I([[0], [1], [2], [3]])"),
    "Beta": ("Dn.Beta(P([0.5, 2.0], {dt}, {g}), P([1.0, 3.0], {dt}, {g}), validate_args={v})", _UNIT),
    "Gamma": ("Dn.Gamma(P([0.5, 2.0], {dt}, {g}), P([1.0, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "GammaBad": ("Dn.Gamma(P([-0.5, 2.0], {dt}, {g}), P([1.0, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "Exponential": ("Dn.Exponential(P([0.5, 2.0], {dt}, {g}), validate_args={v})", _POS),
    "Laplace": ("Dn.Laplace(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "Poisson": ("Dn.Poisson(P([0.0, 2.0], {dt}, {g}), validate_args={v})", _CNT),
    "Binomial": ("Dn.Binomial(3, P([0.0, 0.4], {dt}, {g}), validate_args={v})", _CNT),
    "BinomialT": ("Dn.Binomial(P([3.0, 5.0], {dt}), logits=P([0.5, -1.0], {dt}, {g}), validate_args={v})", _CNT),
    "LogNormal": ("Dn.LogNormal(P([0.0, 1.0], {dt}, {g}), P([1.0, 0.5], {dt}, {g}), validate_args={v})", _POS),
    "Dirichlet": ("Dn.Dirichlet(P([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]], {dt}, {g}), validate_args={v})",
                  "P([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5], [0.5, 0.6, 0.1], [1.0, 0.0, 0.0]])"),
    "MVN": ("Dn.MultivariateNormal(P([0.0, 1.0], {dt}, {g}), P([[2.0, 0.5], [0.5, 1.0]], {dt}, {g}), validate_args={v})",
            "P([[0.0, 0.0], [1.0, -1.0], [inf, 0.0]])"),
    "MVNtril": ("Dn.MultivariateNormal(P([[0.0, 1.0]], {dt}, {g}), scale_tril=P([[1.0, 0.0], [0.5, 2.0]], {dt}, {g}), validate_args={v})",
                "P([[0.0, 0.0], [1.0, -1.0]])"),
    "OneHot": ("Dn.OneHotCategorical(P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]], {dt}, {g}), validate_args={v})",
               "P([[[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]], [[0.5, 0.5, 0.0]]])"),
    "RelaxedB": ("Dn.RelaxedBernoulli(P(0.5, {dt}), probs=P([0.2, 0.7], {dt}, {g}), validate_args={v})", _UNIT),
    "Independent": ("Dn.Independent(Dn.Normal(P([[0.0, 1.0]], {dt}, {g}), P([[1.0, 2.0]], {dt}, {g})), 1, validate_args={v})",
                    "P([[0.0, 1.0], [2.0, -1.0]])"),
    "Transformed": ("Dn.TransformedDistribution(Dn.Normal(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g})), "
                    "[Dn.ExpTransform()], validate_args={v})", _POS),
    "Mixture": ("Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7], {dt}, {g})), Dn.Normal(P([0.0, 1.0], {dt}, {g}), "
                "P([1.0, 2.0], {dt}, {g})), validate_args={v})", _X),
    "StudentT": ("Dn.StudentT(P([1.0, 3.0], {dt}, {g}), validate_args={v})", _X),
    "HalfNormal": ("Dn.HalfNormal(P([1.0, 2.0], {dt}, {g}), validate_args={v})", _POS),
    "Chi2": ("Dn.Chi2(P([1.0, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "Cauchy": ("Dn.Cauchy(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "Geometric": ("Dn.Geometric(P([0.3, 1.0], {dt}, {g}), validate_args={v})", _CNT),
    "Gumbel": ("Dn.Gumbel(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})", _X),
    "Weibull": ("Dn.Weibull(P([1.0, 2.0], {dt}, {g}), P([0.5, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "Pareto": ("Dn.Pareto(P([1.0, 2.0], {dt}, {g}), P([0.5, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "Kumaraswamy": ("Dn.Kumaraswamy(P([0.5, 2.0], {dt}, {g}), P([1.0, 3.0], {dt}, {g}), validate_args={v})", _UNIT),
    "InverseGamma": ("Dn.InverseGamma(P([0.5, 3.0], {dt}, {g}), P([1.0, 3.0], {dt}, {g}), validate_args={v})", _POS),
    "HalfCauchy": ("Dn.HalfCauchy(P([1.0, 2.0], {dt}, {g}), validate_args={v})", _POS),
    "NegBinomial": ("Dn.NegativeBinomial(P([3.0, 0.5], {dt}), P([0.0, 0.4], {dt}, {g}), validate_args={v})", _CNT),
    "FisherSnedecor": ("Dn.FisherSnedecor(P([1.0, 5.0], {dt}, {g}), P([3.0, 5.0], {dt}, {g}), validate_args={v})", _POS),
    "VonMises": ("Dn.VonMises(P([0.0, 1.0], {dt}, {g}), P([0.5, 3.0], {dt}, {g}), validate_args={v})", _X),
    "LowRankMVN": ("Dn.LowRankMultivariateNormal(P([0.0, 1.0], {dt}, {g}), P([[1.0], [0.5]], {dt}, {g}), "
                   "P([1.0, 2.0], {dt}, {g}), validate_args={v})", "P([[0.0, 0.0], [1.0, -1.0], [inf, 0.0]])"),
    "ContBernoulli": ("Dn.ContinuousBernoulli(P([0.2, 0.5], {dt}, {g}), validate_args={v})", _UNIT),
    "RelaxedOneHot": ("Dn.RelaxedOneHotCategorical(P(0.5, {dt}), P([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]], {dt}, {g}), "
                      "validate_args={v})", "P([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5], [0.5, 0.6, 0.1]])"),
    "Multinomial": ("Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]], {dt}, {g}), validate_args={v})",
                    "P([[1.0, 1.0, 2.0], [0.0, 4.0, 0.0], [1.0, 1.0, 1.0], [-1.0, 2.0, 3.0]])"),
    "LogisticNormal": ("Dn.LogisticNormal(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), validate_args={v})",
                       "P([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]])"),
    "GenPareto": ("Dn.GeneralizedPareto(P([0.0, 1.0], {dt}, {g}), P([1.0, 2.0], {dt}, {g}), P([0.5, -0.25], {dt}, {g}), "
                  "validate_args={v})", _X),
    "LogNormalEdge": ("Dn.LogNormal(P([0.0, 1.0], {dt}, {g}), P([1.0, 0.5], {dt}, {g}), validate_args={v})", _X),
    "BetaEdge": ("Dn.Beta(P([1.0, 0.5], {dt}, {g}), P([1.0, 0.5], {dt}, {g}), validate_args={v})", _UNIT),
    "DirichletEdge": ("Dn.Dirichlet(P([[1.0, 1.0, 1.0]], {dt}, {g}), validate_args={v})",
                      "P([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0], [0.2, 0.2, 0.2]])"),
}
_PER_DIST = (
    "{d}", "{d}.log_prob({x})", "{d}.mean", "{d}.variance", "{d}.stddev", "{d}.mode", "{d}.entropy()",
    "{d}.cdf({x})", "{d}.icdf(P([[0.0], [0.25], [1.0]], {dt}))", "{d}.icdf(P([[-0.5], [1.5]], {dt}))",
    "{d}.batch_shape", "{d}.event_shape", "{d}.expand((3, 2))", "{d}.expand(lib.Size([4]) + {d}.batch_shape)",
    "{d}.expand((5,))", "{d}.has_rsample", "{d}.has_enumerate_support", "{d}.support",
    "SMP({d}, {d}.sample())", "SMP({d}, {d}.sample(3))", "SMP({d}, {d}.sample((2, 1)))",
    "SMP({d}, {d}.sample(lib.Size([2])))", "SMP({d}, {d}.sample(()))", "SMP({d}, {d}.rsample())",
    "SMP({d}, {d}.rsample((2,)))", "{d}.enumerate_support()", "{d}.enumerate_support(expand=False)",
    "{d}.perplexity()", "{d}.log_prob(P(0.5, {dt}))", "{d}.log_prob(I([[0], [1]]))", "{d}.sample_n(2).shape",
    "{d}.expand((2, 3)).log_prob({x})", "{d}.expand((2, 3)).mean",
)
GRAD_TEMPLATES = (
    "{d}.log_prob({x})", "{d}.entropy()", "{d}.mean", "{d}.variance", "{d}.cdf({x})", "{d}.stddev",
)
KL = ("Weibull", "Pareto", "HalfCauchy", "ContBernoulli", "LowRankMVN", "Kumaraswamy", "Normal", "Uniform", "Bernoulli", "BernoulliL", "Categorical", "Beta", "Gamma", "Exponential", "Laplace",
      "Poisson", "Binomial", "LogNormal", "Dirichlet", "MVN", "OneHot", "Independent", "Transformed", "Mixture",
      "StudentT", "HalfNormal", "Chi2", "Cauchy", "Geometric", "Gumbel", "Normal0")


def generate():
    cases = {}
    for name, (ctor, x) in DISTS.items():
        for v in ("None", "True", "False"):
            d = ctor.format(v=v, g=False, dt="'float32'")
            for i, t in enumerate(_PER_DIST):
                cases[f"d/{name}/{v}/{i}"] = t.format(d=d, x=x, dt="'float32'")
        d64 = ctor.format(v="False", g=False, dt="'float64'")
        for i, t in enumerate(_PER_DIST[:10]):
            cases[f"d64/{name}/{i}"] = t.format(d=d64, x=x, dt="'float64'")
        # float64 gradients w.r.t. the parameters: the parameters are made leaves requiring grad
        if "{g}" in ctor:
            dg = ctor.format(v="False", g="True", dt="'float64'")
            for i, t in enumerate(GRAD_TEMPLATES):
                body = t.format(d=dg, x=x.replace("P(", "P(dtype='float64', values="))
                cases[f"g/{name}/{i}"] = f"GRADP(lambda: {body})"
    for a in KL:
        for b in KL:
            da = DISTS[a][0].format(v="False", g=False, dt="'float32'")
            db = DISTS[b][0].format(v="False", g=False, dt="'float32'")
            cases[f"kl/{a}/{b}"] = f"Dn.kl_divergence({da}, {db})"
    return cases


def _numbers(value):
    if isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    elif isinstance(value, str):
        try:
            yield float(value)
        except ValueError:
            yield value
    else:
        yield value


def _value_class(t, g):
    """``value-ulp``: the same structure, every number within 1e-5 relative (a kernel's last bits)."""
    a, b = list(_numbers(t)), list(_numbers(g))
    if len(a) != len(b):
        return "value"
    for x, y in zip(a, b):
        if isinstance(x, float) and isinstance(y, float):
            if x == y or (x != x and y != y):
                continue
            if abs(x - y) <= 1e-5 * max(abs(x), abs(y)) and x * y > 0:
                continue
            return "value"
        if x != y:
            return "value"
    return "value-ulp"


def _op(name):
    parts = name.split("/")
    if parts[0] == "d":
        return f"d {parts[1]} {_PER_DIST[int(parts[3])][:40]}"
    if parts[0] == "d64":
        return f"d64 {parts[1]} {_PER_DIST[int(parts[2])][:40]}"
    return " ".join(parts[:2])


if __name__ == "__main__":
    main(generate, R.evaluate, group=lambda name, expression, c: c + " | " + _op(name), value_class=_value_class)
