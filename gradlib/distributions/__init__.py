"""``gradlib.distributions``: the probability distributions of PyTorch's ``torch.distributions`` that tutorials
use: Normal, Uniform, Bernoulli, Categorical (``_basic``); MultivariateNormal, Independent, Gamma, Beta, Dirichlet,
Exponential, Laplace, LogNormal, Poisson, OneHotCategorical (``_more``); ``TransformedDistribution`` and
``transforms`` (Exp, Affine, Tanh, Sigmoid, Abs, Compose); Binomial, Multinomial, Chi2, StudentT,
HalfNormal, MixtureSameFamily (``_extra``); RelaxedOneHotCategorical, RelaxedBernoulli (``_relaxed``);
``kl_divergence`` and ``register_kl`` (``_kl``; the later pairs in ``_kl_more``). The later distributions each live
at PyTorch's module path (``cauchy``, ``gumbel``, ``wishart``, ...), checking parameters and values through their
constraints (``_checks``); ``ExponentialFamily`` (in ``_basic``) is the base of Normal, Bernoulli, Gamma, Beta,
Dirichlet, Exponential, Poisson, ContinuousBernoulli and Wishart, as PyTorch's; the later transforms are in
``_transforms_extra``, re-exported by ``transforms``.

Parameters broadcast to the batch shape; ``sample(sample_shape)`` has shape ``sample_shape + batch_shape +
event_shape``. ``log_prob``, ``entropy``, ``mean``, ``variance`` are differentiable in the parameters. Draws come
from gradlib's generators: on the CPU PyTorch's numbers wherever a sampler is built on ``rand``/``randn``/
``normal``/``bernoulli``/``multinomial``/``exponential_``/``poisson`` (Normal, Uniform, Bernoulli, Categorical,
Exponential, Poisson, ...); Gamma, Beta, Dirichlet too (PyTorch's sample_gamma); Binomial draws from the same stream with NumPy's algorithm. With ``validate_args`` (PyTorch's default) parameters and
values are checked against their constraints with PyTorch's ValueError messages, read on the host as PyTorch
does; ``Distribution.set_default_validate_args(False)`` switches that off.

>>> import gradlib
>>> from gradlib.distributions import Categorical, Normal
>>> Normal(gradlib.tensor([0., 1.]), gradlib.tensor([1., 2.])).log_prob(gradlib.tensor(0.5))
tensor([-1.0439, -1.6433])
>>> Categorical(probs=gradlib.tensor([0.2, 0.3, 0.5])).entropy()
tensor(1.0297)
"""
from ._basic import Bernoulli, Categorical, Distribution, Normal, Uniform
from ._more import (Beta, Dirichlet, Exponential, Gamma, Independent, Laplace, MultivariateNormal, OneHotCategorical,
                    Poisson)
from .log_normal import LogNormal
from ._kl import kl_divergence, register_kl
from .transformed_distribution import TransformedDistribution
from .transforms import (AbsTransform, AffineTransform, ComposeTransform, ExpTransform, SigmoidTransform, TanhTransform,
                         Transform, SoftmaxTransform, StickBreakingTransform)
from .constraint_registry import biject_to, transform_to
from ._extra import Binomial, Chi2, HalfNormal, MixtureSameFamily, Multinomial, StudentT
from ._relaxed import RelaxedBernoulli, RelaxedOneHotCategorical
from .transforms import (CatTransform, CorrCholeskyTransform, CumulativeDistributionTransform, IndependentTransform,
                         LowerCholeskyTransform, PositiveDefiniteTransform, PowerTransform, ReshapeTransform,
                         SoftplusTransform, StackTransform, identity_transform)
from .cauchy import Cauchy
from .continuous_bernoulli import ContinuousBernoulli
from .exp_family import ExponentialFamily
from .fishersnedecor import FisherSnedecor
from .generalized_pareto import GeneralizedPareto
from .geometric import Geometric
from .gumbel import Gumbel
from .half_cauchy import HalfCauchy
from .inverse_gamma import InverseGamma
from .kumaraswamy import Kumaraswamy
from .lkj_cholesky import LKJCholesky
from .logistic_normal import LogisticNormal
from .lowrank_multivariate_normal import LowRankMultivariateNormal
from .negative_binomial import NegativeBinomial
from .one_hot_categorical import OneHotCategoricalStraightThrough
from .pareto import Pareto
from .von_mises import VonMises
from .weibull import Weibull
from .wishart import Wishart
from . import _kl_cross, _kl_more  # noqa: F401  (register PyTorch's other KL pairs)
from . import (constraints, constraint_registry, bernoulli, beta, categorical, dirichlet, distribution, exponential, gamma, independent, kl, laplace,
               log_normal, multivariate_normal, normal, one_hot_categorical, poisson, relaxed_bernoulli,
               relaxed_categorical, transforms, uniform, binomial, chi2, half_normal, mixture_same_family,
               multinomial, studentT)  # PyTorch's paths

__all__ = ["Distribution", "Normal", "Uniform", "Bernoulli", "Categorical", "MultivariateNormal", "Independent",
           "Gamma", "Beta", "Dirichlet", "Exponential", "Laplace", "LogNormal", "Poisson", "OneHotCategorical",
           "TransformedDistribution", "Transform", "ExpTransform", "AffineTransform", "TanhTransform",
           "SigmoidTransform", "ComposeTransform", "AbsTransform", "Binomial", "Multinomial", "Chi2", "StudentT", "HalfNormal",
           "MixtureSameFamily", "kl_divergence", "register_kl", "RelaxedBernoulli", "RelaxedOneHotCategorical",
           "SoftmaxTransform", "StickBreakingTransform", "biject_to", "transform_to", "constraints",
           "Cauchy", "HalfCauchy", "Gumbel", "Geometric", "Weibull", "Pareto", "InverseGamma", "Kumaraswamy",
           "NegativeBinomial", "FisherSnedecor", "VonMises", "LowRankMultivariateNormal", "LogisticNormal",
           "ContinuousBernoulli", "OneHotCategoricalStraightThrough", "ExponentialFamily", "GeneralizedPareto",
           "LKJCholesky", "Wishart", "CatTransform", "StackTransform", "PowerTransform", "SoftplusTransform",
           "ReshapeTransform", "LowerCholeskyTransform", "CorrCholeskyTransform", "PositiveDefiniteTransform",
           "IndependentTransform", "CumulativeDistributionTransform", "identity_transform"]
