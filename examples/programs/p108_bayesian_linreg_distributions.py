# Bayesian linear regression with torch.distributions (Bishop PRML 3.3 / the "Bayesian regression in PyTorch"
# blog posts): the conjugate Gaussian posterior in closed form, its predictive distribution, and variational
# inference (Bayes by backprop) with a mean-field Normal posterior, rsample, log_prob and kl_divergence.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, MultivariateNormal, Independent, kl_divergence
import torch.distributions as dist

torch.manual_seed(3)

# data: y = -0.3 + 0.5 x + noise (PRML figure 3.7)
a0, a1 = -0.3, 0.5
N = 20
x = torch.linspace(-1, 1.5, N)
noise_std = 0.2
y = a0 + a1 * x + noise_std * torch.linspace(-1, 1, N).mul(7.3).sin()
Phi = torch.stack([torch.ones_like(x), x], dim=1)
alpha, beta = 2.0, 1 / noise_std ** 2

# closed-form posterior: S_N^-1 = alpha I + beta Phi^T Phi, m_N = beta S_N Phi^T y
S_N_inv = alpha * torch.eye(2) + beta * Phi.T @ Phi
S_N = torch.linalg.inv(S_N_inv)
m_N = beta * S_N @ Phi.T @ y
print('posterior mean', m_N)
print('posterior cov', S_N)
posterior = MultivariateNormal(m_N, covariance_matrix=S_N)
print(posterior)
print(posterior.batch_shape, posterior.event_shape, posterior.mean.shape, posterior.variance)
prior = MultivariateNormal(torch.zeros(2), covariance_matrix=torch.eye(2) / alpha)
print(f'KL(posterior || prior) = {kl_divergence(posterior, prior).item():.4f}')
print(f'log p(true w | D) = {posterior.log_prob(torch.tensor([a0, a1])).item():.4f}')
samples = posterior.sample((5,))
print(samples.shape, posterior.log_prob(samples).shape)

# predictive distribution at new points
x_new = torch.tensor([-1.5, 0.0, 1.5])
Phi_new = torch.stack([torch.ones_like(x_new), x_new], dim=1)
pred_mean = Phi_new @ m_N
pred_var = 1 / beta + (Phi_new @ S_N * Phi_new).sum(-1)
predictive = Normal(pred_mean, pred_var.sqrt())
print('predictive mean', predictive.mean, 'std', predictive.stddev)
print(f'log-likelihood of the data under the MAP weights {Normal(Phi @ m_N, noise_std).log_prob(y).sum().item():.4f}')

# evidence (log marginal likelihood) two ways
cov_y = Phi @ Phi.T / alpha + torch.eye(N) / beta
evidence = MultivariateNormal(torch.zeros(N), covariance_matrix=cov_y).log_prob(y)
E_mN = beta / 2 * (y - Phi @ m_N).pow(2).sum() + alpha / 2 * m_N.dot(m_N)
evidence2 = (2 / 2 * math.log(alpha) + N / 2 * math.log(beta) - E_mN - 0.5 * torch.logdet(S_N_inv)
             - N / 2 * math.log(2 * math.pi))
print(f'evidence {evidence.item():.4f} {evidence2.item():.4f}')


# variational inference: q(w) = N(mu, softplus(rho)^2), ELBO = E_q[log p(y|w)] - KL(q || p)
class BayesianLinear(nn.Module):
    def __init__(self, in_features, out_features, prior_std=1.0):
        super().__init__()
        self.w_mu = nn.Parameter(torch.zeros(out_features, in_features))
        self.w_rho = nn.Parameter(torch.full((out_features, in_features), -3.0))
        self.b_mu = nn.Parameter(torch.zeros(out_features))
        self.b_rho = nn.Parameter(torch.full((out_features,), -3.0))
        self.prior = Normal(0.0, prior_std)

    def q(self):
        return (Normal(self.w_mu, F.softplus(self.w_rho)), Normal(self.b_mu, F.softplus(self.b_rho)))

    def forward(self, x):
        qw, qb = self.q()
        w = qw.rsample()
        b = qb.rsample()
        return F.linear(x, w, b)

    def kl(self):
        qw, qb = self.q()
        return kl_divergence(qw, self.prior).sum() + kl_divergence(qb, self.prior).sum()


layer = BayesianLinear(1, 1, prior_std=1 / math.sqrt(alpha))
print(layer)
opt = torch.optim.Adam(layer.parameters(), lr=0.05)
X = x.unsqueeze(1)
for step in range(151):
    opt.zero_grad()
    n_samples = 4
    log_lik = torch.stack([Normal(layer(X).squeeze(1), noise_std).log_prob(y).sum() for _ in range(n_samples)]).mean()
    elbo = log_lik - layer.kl()
    loss = -elbo
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print(f'step {step} -ELBO {loss.item():.2f} kl {layer.kl().item():.3f}')
qw, qb = layer.q()
print(f'VI mean b={qb.mean.item():.2f} w={qw.mean.item():.2f} (exact {m_N[0].item():.2f}, {m_N[1].item():.2f})')
print(f'VI std w={qw.stddev.item():.2f} exact {S_N[1, 1].sqrt().item():.2f}')
print(loss.grad_fn, layer.w_rho.grad.shape)

# rsample is differentiable, sample is not
d = Normal(torch.tensor([0.0, 1.0], requires_grad=True), torch.tensor([1.0, 2.0]))
r = d.rsample()
s = d.sample()
print(r.requires_grad, s.requires_grad, r.grad_fn is not None)
ind = Independent(Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
print(ind.batch_shape, ind.event_shape, ind.log_prob(torch.zeros(3, 2)))
print(dist.Normal(0., 1.).cdf(torch.tensor([0.0, 1.96])), dist.Normal(0., 1.).icdf(torch.tensor(0.975)))
print(dist.Normal(0., 1.).entropy(), Normal(torch.tensor([0.5]), torch.tensor([2.0])).entropy())
