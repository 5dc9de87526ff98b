# A tour of torch.distributions as the docs and blog tutorials present it: constructing distributions (Beta,
# Dirichlet, Gamma, Laplace, Uniform, Categorical, OneHotCategorical, Poisson, MultivariateNormal), batch and
# event shapes, log_prob/entropy/mean/variance, support and constraints, validate_args errors, expand, transforms
# (TransformedDistribution, LogNormal vs exp-transformed Normal, biject_to), MixtureSameFamily fitted by maximum
# likelihood, and REINFORCE's score-function estimator vs the reparameterization trick.
import math

import torch
import torch.distributions as D
from torch.distributions import constraints, transforms

torch.manual_seed(0)

beta = D.Beta(torch.tensor([2.0, 5.0]), torch.tensor([3.0, 1.0]))
print(beta)
print("mean", beta.mean, "variance", beta.variance)
print("log_prob", beta.log_prob(torch.tensor([0.3, 0.9])))
print("entropy", beta.entropy())
print("support", beta.support, "has_rsample", beta.has_rsample)

dirichlet = D.Dirichlet(torch.tensor([1.0, 2.0, 3.0]))
print(dirichlet.batch_shape, dirichlet.event_shape, dirichlet.mean)
print("dirichlet log_prob", dirichlet.log_prob(torch.tensor([0.2, 0.3, 0.5])))
gamma = D.Gamma(concentration=torch.tensor(2.0), rate=torch.tensor(0.5))
print("gamma", gamma.mean, gamma.variance, gamma.log_prob(torch.tensor(3.0)))
lap = D.Laplace(0.0, 2.0)
print("laplace", lap.log_prob(torch.tensor([-1.0, 0.0, 1.0])), lap.cdf(torch.tensor(1.0)), lap.icdf(torch.tensor(0.75)))
uni = D.Uniform(torch.tensor([0.0]), torch.tensor([4.0]))
print("uniform", uni.log_prob(torch.tensor([1.0])), uni.entropy(), uni.cdf(torch.tensor([3.0])))
pois = D.Poisson(torch.tensor([1.0, 4.0]))
print("poisson", pois.log_prob(torch.tensor([0.0, 3.0])))

cat = D.Categorical(logits=torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
print(cat.probs)
print("categorical", cat.batch_shape, cat.event_shape, cat.entropy(), cat.log_prob(torch.tensor([2, 0])))
print("enumerate_support", cat.enumerate_support().shape)
ohc = D.OneHotCategorical(probs=torch.tensor([0.1, 0.2, 0.7]))
print("one-hot", ohc.event_shape, ohc.log_prob(torch.tensor([0.0, 0.0, 1.0])))

mvn = D.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]]))
print(mvn)
print("scale_tril", mvn.scale_tril)
print("mvn log_prob", mvn.log_prob(torch.tensor([[0.0, 0.0], [1.0, -1.0]])), "entropy", mvn.entropy())
print("precision", mvn.precision_matrix)

normal = D.Normal(torch.zeros(3), torch.ones(3))
print("expand", normal.expand(torch.Size([4, 3])).batch_shape)
ind = D.Independent(normal, 1)
print("independent", ind.batch_shape, ind.event_shape, ind.log_prob(torch.zeros(3)))

# constraints and validation
print(constraints.positive.check(torch.tensor([-1.0, 0.0, 2.0])))
print(constraints.simplex.check(torch.tensor([0.2, 0.8])))
try:
    D.Normal(torch.tensor(0.0), torch.tensor(-1.0), validate_args=True)
except ValueError as e:
    print("ValueError:", str(e).split(" but found")[0])
try:
    D.Bernoulli(probs=torch.tensor(0.3), validate_args=True).log_prob(torch.tensor(0.5))
except ValueError as e:
    print("ValueError:", str(e).split(" but found")[0])

# transforms
base = D.Normal(torch.tensor(0.5), torch.tensor(0.8))
lognormal = D.TransformedDistribution(base, [transforms.ExpTransform()])
print("lognormal match:", torch.allclose(lognormal.log_prob(torch.tensor(2.0)),
                                         D.LogNormal(0.5, 0.8).log_prob(torch.tensor(2.0))))
affine = D.TransformedDistribution(D.Normal(0.0, 1.0), [transforms.AffineTransform(loc=3.0, scale=2.0)])
print("affine log_prob", affine.log_prob(torch.tensor(4.0)), D.Normal(3.0, 2.0).log_prob(torch.tensor(4.0)))
t = transforms.SigmoidTransform()
y = t(torch.tensor([0.0, 2.0]))
print("sigmoid transform", y, t.inv(y), t.log_abs_det_jacobian(torch.tensor([0.0, 2.0]), y))
to_pos = D.biject_to(constraints.positive)
print("biject_to(positive)", to_pos(torch.tensor([-1.0, 0.0, 1.0])))
to_simplex = D.transform_to(constraints.simplex)
print("to simplex", to_simplex(torch.tensor([0.0, 1.0])))

# fit a 2-component Gaussian mixture by maximum likelihood
data = torch.cat([torch.randn(200) * 0.5 - 2.0, torch.randn(200) * 0.5 + 2.0])
logits = torch.zeros(2, requires_grad=True)
locs = torch.tensor([-0.5, 0.5], requires_grad=True)
log_scales = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([logits, locs, log_scales], lr=0.05)
for step in range(300):
    mix = D.MixtureSameFamily(D.Categorical(logits=logits), D.Normal(locs, log_scales.exp()))
    nll = -mix.log_prob(data).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
print(mix)
print(f"mixture nll {nll.item():.2f} locs {sorted(round(v, 1) for v in locs.tolist())}"
      f" scales {sorted(round(v, 1) for v in log_scales.exp().tolist())}")
print("mixture mean near 0:", abs(mix.mean.item()) < 0.3)

# score function (REINFORCE) vs reparameterization for d/dmu E[x^2], x ~ N(mu, 1): the answer is 2 mu
mu = torch.tensor(1.5, requires_grad=True)
dist = D.Normal(mu, 1.0)
x = dist.sample((20000,))
surrogate = (x ** 2 * dist.log_prob(x)).mean()
g_score, = torch.autograd.grad(surrogate, mu)
x = D.Normal(mu, 1.0).rsample((20000,))
g_reparam, = torch.autograd.grad((x ** 2).mean(), mu)
print("score-function close:", abs(g_score.item() - 3.0) < 0.6, "reparam close:", abs(g_reparam.item() - 3.0) < 0.1)
print("sample requires_grad:", D.Normal(mu, 1.0).sample().requires_grad, D.Normal(mu, 1.0).rsample().requires_grad)
try:
    D.Categorical(logits=torch.zeros(3)).rsample()
except NotImplementedError as e:
    print("NotImplementedError")
print(round(math.exp(D.Normal(0.0, 1.0).log_prob(torch.tensor(0.0)).item()) * math.sqrt(2 * math.pi), 4))
