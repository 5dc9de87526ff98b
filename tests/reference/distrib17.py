"""Differential checks of ``distributions`` against PyTorch (session 17, distrib17).

Each case is one expression written once for gradlib and PyTorch, evaluated with ``lib`` bound to the library and
these builders:

- ``Dn``: ``lib.distributions``;
- ``P(values, dtype="float32", grad=False)``: a tensor of parameters or values on the case's device;
- ``I(values)``: an int64 tensor;
- ``SMP(d, x)``: a draw described by dtype, shape and whether it lies in ``d.support`` (the libraries' generators
  differ, so a draw's values are not compared);
- ``GC(function, *inputs)``: PyTorch's float64 gradients of ``function(*inputs)`` for a fixed ``grad_outputs``
  (fuzz15's ``GRAD``).

A distribution answers as ``["dist", repr, batch_shape, event_shape]``. Warnings are part of the answer. The
recorder (``python tests/reference/record_torch.py distrib17``) stores PyTorch's answers in ``torch_distrib17.json``;
tests/test_distrib17.py demands gradlib give the same on every device. tools/fuzz_distrib17.py draws the sweep
these cases were chosen from.
"""
import pathlib

try:
    import fuzz15  # as the recorder and tools/fuzz_distrib17.py import it (tests/reference on sys.path)
except ImportError:
    from . import fuzz15  # as the tests import it (reference.distrib17)

FILE = pathlib.Path(__file__).parent / "torch_distrib17.json"


def builders(lib, device):
    """The names a case's expression sees."""
    names = fuzz15.builders(lib, device)

    leaves = []

    def P(values, dtype="float32", grad=False):  # noqa: N802
        x = lib.tensor(values, dtype=getattr(lib, dtype), device=device)
        if grad:
            leaves.append(x.requires_grad_(True))
        return x

    def GRADP(function):  # noqa: N802
        """The gradients of ``function()`` w.r.t. the leaves its ``P(..., grad=True)`` made (None: unused), for a
        fixed grad_outputs; NaN outputs weigh 0."""
        leaves.clear()
        out = function()
        weights = lib.tensor([0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0] * (out.numel() // 7 + 1), dtype=out.dtype,
                             device=device)[:out.numel()].reshape(out.shape)
        weights = lib.where(lib.isfinite(out.detach()), weights, lib.zeros_like(weights))
        out = lib.where(lib.isfinite(out.detach()), out, lib.zeros_like(out))
        return lib.autograd.grad(out, list(leaves), weights, allow_unused=True)

    def I(values):  # noqa: N802,E743
        return lib.tensor(values, dtype=lib.int64, device=device)

    def SMP(d, x):  # noqa: N802
        inside = d.support.check(x)
        return [str(x.dtype).split(".")[-1], list(x.shape), bool(inside.all())]

    names.update(Dn=lib.distributions, P=P, GRADP=GRADP, I=I, SMP=SMP, lib=lib, inf=float("inf"), nan=float("nan"))
    return names


def describe(value):
    if hasattr(value, "batch_shape") and hasattr(value, "event_shape") and hasattr(value, "log_prob"):
        return ["dist", fuzz15.message(repr(value)), list(value.batch_shape), list(value.event_shape)]
    return fuzz15.plain(value)


def evaluate(lib, expression, device=None):
    return fuzz15.answer(expression, builders(lib, device), describe)


CASES = {
    # ----- fixed: PyTorch's _validate_sample (value's event shape, then broadcasting with batch_shape + event_shape,
    # then the support) for the distributions that checked a hand-written condition, and in cdf (it checked nothing)
    "validate_sample/dirichlet_event_shape": "Dn.Dirichlet(P([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]])).log_prob(P(0.5))",
    "validate_sample/dirichlet_broadcast": "Dn.Dirichlet(P([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]])).log_prob(P([[0.2, 0.3, 0.5]] * 4))",
    "validate_sample/mvn_event_shape": "Dn.MultivariateNormal(P([0.0, 1.0]), P([[2.0, 0.5], [0.5, 1.0]])).log_prob(I([[0], [1]]))",
    "validate_sample/onehot_event_shape": "Dn.OneHotCategorical(P([0.2, 0.3, 0.5])).log_prob(P([1.0, 0.0]))",
    "validate_sample/normal_broadcast": "Dn.Normal(P([[0.0], [1.0]]), P([1.0, 2.0, 0.5])).log_prob(P([[0.0]] * 7))",
    "validate_sample/independent_expanded": "Dn.Independent(Dn.Normal(P([[0.0, 1.0]]), P([[1.0, 2.0]])), 1).expand((2, 3)).log_prob(P([[0.0, 1.0], [2.0, -1.0]]))",
    "validate_sample/normal_nan": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).log_prob(P([[0.5], [nan]]))",
    "validate_sample/normal_inf_ok": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).log_prob(P([[0.5], [inf]]))",
    "validate_sample/categorical_fraction": "Dn.Categorical(P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).log_prob(P(0.5))",
    "validate_sample/categorical_out": "Dn.Categorical(P([0.2, 0.3, 0.5])).log_prob(I([3]))",
    "validate_sample/uniform_closed_support": "Dn.Uniform(P([0.0, -1.0]), P([1.0, 2.0])).log_prob(I([[0], [1]]))",
    "validate_sample/uniform_outside": "Dn.Uniform(P([0.0, -1.0]), P([1.0, 2.0])).log_prob(P([[1.5]]))",
    "validate_sample/binomial_fraction": "Dn.Binomial(3, P([0.0, 0.4])).log_prob(P([[2.5]]))",
    "validate_sample/validate_false": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0]), validate_args=False).log_prob(P([[nan]]))",
    "validate_sample/normal_cdf": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).cdf(P([[nan]]))",
    "validate_sample/exponential_cdf": "Dn.Exponential(P([0.5, 2.0])).cdf(P([[-1.0], [0.0], [inf]]))",
    "validate_sample/gamma_cdf": "Dn.Gamma(P([0.5, 2.0]), P([1.0, 3.0])).cdf(P([[-1.0]]))",
    "validate_sample/chi2_cdf": "Dn.Chi2(P([1.0, 3.0])).cdf(P([[-1.0], [0.0]]))",
    "validate_sample/laplace_cdf": "Dn.Laplace(P([0.0, 1.0]), P([1.0, 2.0])).cdf(P([[nan]]))",
    "validate_sample/uniform_cdf": "Dn.Uniform(P([0.0, -1.0]), P([1.0, 2.0])).cdf(P([[-1.0], [3.0]]))",
    "validate_sample/halfnormal_cdf": "Dn.HalfNormal(P([1.0, 2.0])).cdf(P([[-1.0], [0.0]]))",
    "validate_sample/transformed_log_prob": "Dn.TransformedDistribution(Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])), [Dn.ExpTransform()]).log_prob(P([[0.0], [1.0]]))",
    "validate_sample/cdf_ok": "Dn.Exponential(P([0.5, 2.0])).cdf(P([[0.0], [1.0], [inf]]))",
    # ----- fixed: Normal/Laplace check loc against Real() (NaN) before scale
    "loc_real/normal": "Dn.Normal(P([0.0, nan]), P([1.0, 0.0]))",
    "loc_real/laplace": "Dn.Laplace(P([nan]), P([1.0]))",
    "loc_real/scale_after": "Dn.Normal(P([0.0, 1.0]), P([1.0, 0.0]))",
    # ----- fixed: Uniform's LessThan constraint prints high
    "uniform_bound/tensor": "Dn.Uniform(P([1.0, -1.0]), P([0.0, 2.0]))",
    "uniform_bound/number": "Dn.Uniform(1.0, 0.0)",
    # ----- fixed: Uniform's stddev is (high - low) / sqrt(12) (negative when high < low, validation off)
    "uniform_stddev/valid": "Dn.Uniform(P([0.0, -1.0], 'float64'), P([1.0, 2.0], 'float64')).stddev",
    "uniform_stddev/reversed": "Dn.Uniform(P([1.0, -1.0], 'float64'), P([0.0, 2.0], 'float64'), validate_args=False).stddev",
    "uniform_stddev/grad": "GRADP(lambda: Dn.Uniform(P([1.0, -1.0], 'float64', True), P([0.0, 2.0], 'float64', True), validate_args=False).stddev)",
    # ----- fixed: has_enumerate_support (gradlib: AttributeError)
    "has_enumerate_support/normal": "Dn.Normal(0.0, 1.0).has_enumerate_support",
    "has_enumerate_support/bernoulli": "Dn.Bernoulli(P([0.3])).has_enumerate_support",
    "has_enumerate_support/categorical": "Dn.Categorical(P([0.3, 0.7])).has_enumerate_support",
    "has_enumerate_support/binomial": "Dn.Binomial(3, P([0.3])).has_enumerate_support",
    "has_enumerate_support/onehot": "Dn.OneHotCategorical(P([0.3, 0.7])).has_enumerate_support",
    "has_enumerate_support/independent": "Dn.Independent(Dn.Bernoulli(P([[0.3, 0.5]])), 1).has_enumerate_support",
    "has_enumerate_support/independent0": "Dn.Independent(Dn.Bernoulli(P([[0.3, 0.5]])), 0).has_enumerate_support",
    "has_enumerate_support/gamma": "Dn.Gamma(P([1.0]), P([1.0])).has_enumerate_support",
    # ----- fixed: enumerate_support of Bernoulli, OneHotCategorical, Independent (gradlib: NotImplementedError)
    "enumerate_support/bernoulli": "Dn.Bernoulli(P([0.0, 0.3])).enumerate_support()",
    "enumerate_support/bernoulli_noexpand": "Dn.Bernoulli(logits=P([[0.5, 1.0, 2.0]], 'float64')).enumerate_support(expand=False)",
    "enumerate_support/onehot": "Dn.OneHotCategorical(P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).enumerate_support()",
    "enumerate_support/onehot_noexpand": "Dn.OneHotCategorical(P([[0.2, 0.8]], 'float64')).enumerate_support(False)",
    "enumerate_support/independent": "Dn.Independent(Dn.Bernoulli(P([[0.3, 0.5]])), 1).enumerate_support()",
    "enumerate_support/independent0": "Dn.Independent(Dn.Bernoulli(P([[0.3, 0.5]])), 0).enumerate_support(expand=False)",
    "enumerate_support/normal": "Dn.Normal(0.0, 1.0).enumerate_support()",
    # ----- fixed: Bernoulli's mode (1 above 0.5, 0 below, NaN at 0.5)
    "bernoulli_mode/probs": "Dn.Bernoulli(P([0.0, 0.3, 0.5, 0.7, 1.0])).mode",
    "bernoulli_mode/logits": "Dn.Bernoulli(logits=P([-2.0, 0.0, 3.0], 'float64')).mode",
    # ----- fixed: rsample where unsupported raises the base class's NotImplementedError without a message
    "rsample_unsupported/bernoulli": "Dn.Bernoulli(P([0.3])).rsample()",
    "rsample_unsupported/categorical": "Dn.Categorical(P([0.3, 0.7])).rsample((2,))",
    "rsample_unsupported/poisson": "Dn.Poisson(P([2.0])).rsample()",
    "rsample_unsupported/mixture": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0]))).rsample()",
    "rsample_supported/normal": "SMP(Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).rsample((3,)))",
    # ----- fixed: sample_shape is read as torch.Size: an int raises TypeError; sample_n warns
    "sample_shape/int_normal": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).sample(3)",
    "sample_shape/int_categorical": "Dn.Categorical(P([0.3, 0.7])).sample(3)",
    "sample_shape/int_bernoulli": "Dn.Bernoulli(P([0.3])).sample(2)",
    "sample_shape/int_mixture": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0]))).sample(3)",
    "sample_shape/size": "SMP(Dn.Gamma(P([0.5, 2.0]), P([1.0, 3.0])), Dn.Gamma(P([0.5, 2.0]), P([1.0, 3.0])).sample(lib.Size([2, 1])))",
    "sample_shape/empty": "SMP(Dn.Dirichlet(P([[0.5, 1.0, 2.0]])), Dn.Dirichlet(P([[0.5, 1.0, 2.0]])).sample(()))",
    "sample_n/normal": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).sample_n(2).shape",
    "sample_n/categorical": "Dn.Categorical(P([0.3, 0.7])).sample_n(3).shape",
    # ----- fixed: HalfNormal.icdf (gradlib: NotImplementedError)
    "halfnormal_icdf/values": "Dn.HalfNormal(P([1.0, 2.0])).icdf(P([[0.0], [0.25], [1.0]]))",
    "halfnormal_icdf/outside": "Dn.HalfNormal(P([1.0, 2.0], 'float64')).icdf(P([[-0.5], [1.5]], 'float64'))",
    "halfnormal_icdf/grad": "GRADP(lambda: Dn.HalfNormal(P([1.0, 2.0], 'float64', True)).icdf(P([[0.1], [0.6]], 'float64')))",
    # ----- fixed: MixtureSameFamily validates the value in log_prob and has cdf
    "mixture/log_prob_nan": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0]))).log_prob(P([[0.5], [nan]]))",
    "mixture/cdf": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])), validate_args=False).cdf(P([[-1.0], [0.25], [2.0]]))",
    "mixture/cdf_expanded": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0]))).expand((2, 3)).cdf(P([[0.5]]))",
    "mixture/cdf_grad": "GRADP(lambda: Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7], 'float64', True)), Dn.Normal(P([0.0, 1.0], 'float64', True), P([1.0, 2.0], 'float64', True))).cdf(P([[-1.0], [0.25], [2.0]], 'float64')))",
    # ----- fixed: MultivariateNormal(scale_tril=...).expand kept the unbroadcasted factor (gradlib expanded it)
    "mvn_expand/scale_tril": "Dn.MultivariateNormal(P([[0.0, 1.0]]), scale_tril=P([[1.0, 0.0], [0.5, 2.0]])).expand((5,))",
    "mvn_expand/scale_tril_4": "Dn.MultivariateNormal(P([[0.0, 1.0]]), scale_tril=P([[1.0, 0.0], [0.5, 2.0]])).expand((4, 1))",
    "mvn_expand/mean": "Dn.MultivariateNormal(P([[0.0, 1.0]]), scale_tril=P([[1.0, 0.0], [0.5, 2.0]])).expand((2, 3)).mean",
    "mvn_expand/log_prob": "Dn.MultivariateNormal(P([0.0, 1.0], 'float64'), scale_tril=P([[1.0, 0.0], [0.5, 2.0]], 'float64')).expand((3,)).log_prob(P([[0.0, 0.0], [1.0, -1.0], [2.0, 0.5]], 'float64'))",
    "mvn_expand/covariance": "Dn.MultivariateNormal(P([0.0, 1.0]), P([[2.0, 0.5], [0.5, 1.0]])).expand((2,)).covariance_matrix",
    # ----- fixed: KL(Bernoulli || Bernoulli) is inf where q gives p's outcome probability 0, 0 where p never gives it
    "kl_bernoulli/q_zero": "Dn.kl_divergence(Dn.Bernoulli(logits=P([-2.0, 3.0])), Dn.Bernoulli(P([0.0, 0.3])))",
    "kl_bernoulli/q_one": "Dn.kl_divergence(Dn.Bernoulli(P([0.5, 0.0, 1.0])), Dn.Bernoulli(P([1.0, 1.0, 1.0])))",
    "kl_bernoulli/p_zero": "Dn.kl_divergence(Dn.Bernoulli(P([0.0, 1.0], 'float64')), Dn.Bernoulli(P([0.5, 0.5], 'float64')))",
    "kl_bernoulli/grad": "GRADP(lambda: Dn.kl_divergence(Dn.Bernoulli(P([0.2, 0.0, 0.7], 'float64', True)), Dn.Bernoulli(P([0.0, 0.5, 1.0], 'float64', True))))",
    # ----- fixed: StudentT's variance gradient is +0 where df <= 2 (PyTorch writes the formula into df > 2 only)
    "studentt_variance/grad": "GRADP(lambda: Dn.StudentT(P([1.0, 1.5, 3.0], 'float64', True), P([0.0, 0.0, 0.0], 'float64'), P([2.0, 2.0, 2.0], 'float64', True)).variance)",
    # ----- fixed: Multinomial's support (constraints.multinomial(total_count)), entropy, value validation and
    # broadcasting, sample_shape as torch.Size
    "multinomial/support": "Dn.Multinomial(4, P([0.2, 0.3, 0.5])).support",
    "multinomial/sample_support": "SMP(Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])), Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).sample((2,)))",
    "multinomial/sample_int": "Dn.Multinomial(4, P([0.2, 0.3, 0.5])).sample(3)",
    "multinomial/entropy": "Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).entropy()",
    "multinomial/log_prob_negative": "Dn.Multinomial(4, P([0.2, 0.3, 0.5])).log_prob(P([-1.0, 2.0, 3.0]))",
    "multinomial/log_prob_over": "Dn.Multinomial(4, P([0.2, 0.3, 0.5])).log_prob(P([1.0, 2.0, 3.0]))",
    "multinomial/log_prob_broadcast": "Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).log_prob(P([[1.0, 1.0, 2.0]] * 4))",
    "multinomial/log_prob_unvalidated": "Dn.Multinomial(4, P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]]), validate_args=False).log_prob(P([[1.0, 1.0, 2.0]] * 4))",
    # ----- fixed: broadcast_tensors (and the distributions' broadcast_all) raise ATen's infer_size message
    "broadcast_tensors/rows": "lib.broadcast_tensors(lib.zeros(2, 3), lib.zeros(4, 3))",
    "broadcast_tensors/three": "lib.broadcast_tensors(lib.zeros(5, 1, 3), lib.zeros(2, 1), lib.zeros(4, 3))",
    "broadcast_tensors/last": "lib.broadcast_tensors(lib.zeros(2, 3), lib.zeros(3, 2))",
    "broadcast_tensors/ok": "[t.shape for t in lib.broadcast_tensors(lib.zeros(2, 0, 1), lib.zeros(3), lib.zeros(()))]",
    "broadcast_tensors/normal_params": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0, 3.0]))",
    "broadcast_tensors/relaxed_onehot": "Dn.RelaxedOneHotCategorical(P(0.5), P([[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]]), validate_args=False).log_prob(P([[0.2, 0.3, 0.5]] * 3))",
    # ----- fixed with the above: Categorical's logits checked through IndependentConstraint(Real(), 1) (its reshape
    # refuses an empty batch), so a log_prob's new value validation is not reached first; reshape's message when
    # the -1 is ambiguous (0 elements, the other sizes' product 0)
    "categorical_logits/empty_batch": "Dn.OneHotCategorical(logits=lib.zeros(0, 4), validate_args=False).log_prob(P([[0.0, 1.0, 0.0, 0.0]] * 2))",
    "categorical_logits/nan": "Dn.Categorical(logits=P([[0.0, nan], [1.0, 2.0]]))",
    "categorical_logits/reshape_ambiguous": "lib.zeros(0, 4).reshape(2, 0, -1)",
    "categorical_logits/reshape_invalid": "lib.zeros(3, 4).reshape(0, -1)",
    "categorical_logits/unvalidated_empty": "Dn.Categorical(logits=lib.zeros(0, 4), validate_args=False).batch_shape",
    # ----- already PyTorch's (pinned): shapes, expand, repr, KL errors
    "pinned/repr_mixture": "Dn.MixtureSameFamily(Dn.Categorical(P([0.3, 0.7])), Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])))",
    "pinned/expand_normal": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).expand(lib.Size([4, 2]))",
    "pinned/expand_bad": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).expand((3,))",
    "pinned/kl_unregistered": "Dn.kl_divergence(Dn.Poisson(P([1.0])), Dn.Normal(P([0.0]), P([1.0])))",
    "pinned/kl_normal_grad": "GRADP(lambda: Dn.kl_divergence(Dn.Normal(P([0.0, 1.0], 'float64', True), P([1.0, 2.0], 'float64', True)), Dn.Normal(P([0.5]), P([1.5], 'float64'))))",
    "pinned/categorical_sample": "SMP(Dn.Categorical(P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])), Dn.Categorical(P([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])).sample((2, 1)))",
    "pinned/normal_log_prob_grad": "GRADP(lambda: Dn.Normal(P([0.0, 1.0], 'float64', True), P([1.0, 2.0], 'float64', True)).log_prob(P([[-1.0], [0.25], [2.0]], 'float64')))",
    # ----- known (tests/test_distrib17.py's KNOWN): last-bit differences of the elementwise kernels underneath
    "known/float32_exp_ulp": "Dn.Normal(P([0.0, 1.0]), P([1.0, 2.0])).perplexity()",
    "known/float32_log1p_ulp": "Dn.Exponential(P([0.5, 2.0])).icdf(P([[0.25]]))",
    "lgamma/float64_studentt_log_prob": "Dn.StudentT(P([1.0, 3.0], 'float64')).log_prob(P([[0.25]], 'float64'))",
    "lgamma/float64_multinomial_entropy": "Dn.Multinomial(3, logits=P([[0.5, -1.0, 2.0]], 'float64')).entropy()",
    "known/float64_sqrt_ulp": "Dn.Poisson(P([0.0, 2.0], 'float64')).stddev",
    "known/generalized_pareto_float64": "Dn.GeneralizedPareto(P([0.0, 1.0], 'float64'), P([1.0, 2.0], 'float64'), P([0.5, -0.25], 'float64'), validate_args=False).log_prob(P([[0.25]], 'float64'))",
    "known/mvn_covariance_gradient": "GRADP(lambda: Dn.MultivariateNormal(P([0.0, 1.0], 'float64'), P([[2.0, 0.5], [0.5, 1.0]], 'float64', True)).variance)",
    "known/float32_gammainc_ulp": "Dn.Chi2(P([1.0, 3.0])).cdf(P([[0.5], [1.0]]))",
}

KNOWN_CASES = {name: expression for name, expression in CASES.items() if name.startswith("known/")}


def record():
    fuzz15.record_answers(CASES, evaluate, FILE)


def run(lib, name, device=None):
    return evaluate(lib, CASES[name], device)
