# Stochastic variational inference written with torch.distributions only, in the style of the Pyro SVI tutorials
# ("SVI Part I-III") and the "Variational Inference" lecture notebooks: a Beta-Bernoulli coin (analytic posterior to
# compare), mean-field Gaussian guides with reparameterised rsample, constraints and biject_to for positive
# parameters, the ELBO with analytic kl_divergence vs Monte Carlo, Independent/Normal and LogNormal as a
# TransformedDistribution, a Bayesian logistic regression guide, and the score-function (REINFORCE) estimator for a
# Bernoulli latent checked against the exact gradient.
import torch
import torch.distributions as D
from torch.distributions import constraints, transforms

torch.manual_seed(0)

# 1. Beta-Bernoulli: fit a Beta guide to the exact Beta posterior
data = torch.cat([torch.ones(6), torch.zeros(4)])
prior = D.Beta(torch.tensor(10.0), torch.tensor(10.0))
posterior = D.Beta(10.0 + data.sum(), 10.0 + (1 - data).sum())
print("exact posterior mean", round(posterior.mean.item(), 4), "std", round(posterior.stddev.item(), 4))
to_pos = D.biject_to(constraints.positive)
print("biject_to(positive):", to_pos)
u_a = to_pos.inv(torch.tensor(15.0)).requires_grad_(True)
u_b = to_pos.inv(torch.tensor(15.0)).requires_grad_(True)
opt = torch.optim.Adam([u_a, u_b], lr=0.1)
for step in range(201):
    q = D.Beta(to_pos(u_a), to_pos(u_b))
    f = q.rsample((16,))
    elbo = D.Bernoulli(probs=f.unsqueeze(-1)).log_prob(data).sum(-1).mean() - D.kl_divergence(q, prior)
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 50 == 0:
        print(f"step {step} elbo {elbo.item():.3f}")
q = D.Beta(to_pos(u_a), to_pos(u_b))
print("guide mean", round(q.mean.item(), 3), "std", round(q.stddev.item(), 3),
      "KL(q||post)", D.kl_divergence(q, posterior).item() < 0.05)

# 2. analytic vs Monte Carlo KL for diagonal Gaussians
qn = D.Independent(D.Normal(torch.tensor([0.5, -1.0]), torch.tensor([0.8, 1.5])), 1)
pn = D.Independent(D.Normal(torch.zeros(2), torch.ones(2)), 1)
print(qn, qn.batch_shape, qn.event_shape)
mc = (qn.log_prob(s := qn.sample((200000,))) - pn.log_prob(s)).mean()
print("KL analytic", round(D.kl_divergence(qn, pn).item(), 4), "MC close:", abs(mc.item() - D.kl_divergence(qn, pn).item()) < 0.02)

# 3. LogNormal as a transformed Normal
base = D.Normal(torch.tensor(0.3), torch.tensor(0.5))
ln1 = D.TransformedDistribution(base, [transforms.ExpTransform()])
ln2 = D.LogNormal(0.3, 0.5)
x = torch.tensor([0.5, 1.0, 2.0])
print("log_prob equal:", torch.allclose(ln1.log_prob(x), ln2.log_prob(x)), [round(v, 4) for v in ln2.log_prob(x).tolist()])
print("support", ln1.support, "mean", round(ln2.mean.item(), 4))
affine = D.TransformedDistribution(D.Normal(0.0, 1.0), [transforms.AffineTransform(2.0, 3.0)])
print("affine sample mean/std", [round(v, 1) for v in (lambda s: (s.mean().item(), s.std().item()))(affine.sample((50000,)))])

# 4. Bayesian logistic regression with a mean-field guide
N, Dim = 200, 3
X = torch.randn(N, Dim)
w_true = torch.tensor([1.5, -2.0, 0.5])
y = D.Bernoulli(logits=X @ w_true).sample()
loc = torch.zeros(Dim, requires_grad=True)
raw_scale = torch.full((Dim,), -1.0, requires_grad=True)
w_prior = D.Independent(D.Normal(torch.zeros(Dim), torch.ones(Dim)), 1)
opt = torch.optim.Adam([loc, raw_scale], lr=0.05)
for step in range(201):
    guide = D.Independent(D.Normal(loc, torch.nn.functional.softplus(raw_scale)), 1)
    w = guide.rsample((16,))
    loglik = D.Bernoulli(logits=w @ X.T).log_prob(y).sum(-1)
    elbo = (loglik + w_prior.log_prob(w) - guide.log_prob(w)).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 100 == 0:
        print(f"logreg step {step} elbo {elbo.item():.2f}")
print("posterior mean", [round(v, 2) for v in loc.tolist()], "std",
      [round(v, 3) for v in torch.nn.functional.softplus(raw_scale).tolist()])

# 5. score-function estimator for E_{z~Bern(sigmoid(t))}[(z - 0.3)^2]
theta = torch.tensor(0.2, requires_grad=True)
p = torch.sigmoid(theta)
exact = torch.autograd.grad(p * 0.49 + (1 - p) * 0.09, theta)[0]
dist = D.Bernoulli(logits=theta)
z = dist.sample((100000,))
surrogate = (dist.log_prob(z) * (z - 0.3) ** 2).mean()
estimate = torch.autograd.grad(surrogate, theta)[0]
print("exact grad", round(exact.item(), 4), "REINFORCE close:", abs(estimate.item() - exact.item()) < 0.01)
print("has_rsample: Normal", D.Normal(0, 1).has_rsample, "Bernoulli", D.Bernoulli(0.5).has_rsample)
try:
    D.Bernoulli(probs=torch.tensor(0.5)).rsample()
except NotImplementedError as e:
    print("NotImplementedError", type(e).__name__)
try:
    D.Normal(torch.tensor(0.0), torch.tensor(-1.0))
except ValueError as e:
    print("ValueError:", str(e).split("\n")[0][:90])
