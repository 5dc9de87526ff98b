# Gaussian-process regression from scratch (Rasmussen & Williams algorithm 2.1, as the "GPs in PyTorch from
# scratch" blog posts write it): an RBF kernel, the Cholesky factor with jitter, cholesky_solve and
# solve_triangular for the predictive mean and variance, the log marginal likelihood checked against
# MultivariateNormal, and the hyperparameters (softplus-positive) fitted with Adam.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import MultivariateNormal

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

# a fixed, seed-independent training set: noisy-free observations of sin on a grid
X = torch.linspace(-3, 3, 12).unsqueeze(-1)
y = torch.sin(X).squeeze(-1) + 0.1 * torch.cos(5 * X).squeeze(-1)
Xs = torch.linspace(-4, 4, 7).unsqueeze(-1)


def rbf_kernel(x1, x2, lengthscale, variance):
    sqdist = torch.cdist(x1, x2) ** 2
    return variance * torch.exp(-0.5 * sqdist / lengthscale ** 2)


def rbf_kernel_broadcast(x1, x2, lengthscale, variance):
    diff = x1.unsqueeze(1) - x2.unsqueeze(0)
    return variance * torch.exp(-0.5 * (diff ** 2).sum(-1) / lengthscale ** 2)


K1 = rbf_kernel(X, X, 1.0, 1.0)
K2 = rbf_kernel_broadcast(X, X, 1.0, 1.0)
print(K1.shape, torch.allclose(K1, K2), torch.allclose(K1, K1.T))
print(torch.linalg.eigvalsh(K1 + 1e-6 * torch.eye(12)).min() > 0)


def gp_predict(X, y, Xs, lengthscale, variance, noise):
    K = rbf_kernel(X, X, lengthscale, variance) + noise * torch.eye(len(X))
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L)
    Ks = rbf_kernel(X, Xs, lengthscale, variance)
    mean = Ks.T @ alpha
    v = torch.linalg.solve_triangular(L, Ks, upper=False)
    var = rbf_kernel(Xs, Xs, lengthscale, variance).diagonal() - (v ** 2).sum(0)
    log_ml = -0.5 * y @ alpha.squeeze(-1) - torch.log(torch.diagonal(L)).sum() - 0.5 * len(X) * math.log(2 * math.pi)
    return mean.squeeze(-1), var, log_ml


mean, var, log_ml = gp_predict(X, y, Xs, 1.0, 1.0, 0.01)
print('mean', mean)
print('var ', var)
print(f'log marginal likelihood {log_ml.item():.6f}')
K = rbf_kernel(X, X, 1.0, 1.0) + 0.01 * torch.eye(12)
mvn = MultivariateNormal(torch.zeros(12), covariance_matrix=K)
print(f'MultivariateNormal.log_prob {mvn.log_prob(y).item():.6f}')
L = torch.linalg.cholesky(K)
print(torch.allclose(mvn.scale_tril, L), torch.allclose(L @ L.T, K))
alpha_solve = torch.linalg.solve(K, y)
alpha_chol = torch.cholesky_solve(y[:, None], L)[:, 0]
print('solve vs cholesky_solve:', torch.allclose(alpha_solve, alpha_chol))
print(f'logdet {torch.logdet(K).item():.6f} = 2 sum log diag L {2 * L.diagonal().log().sum().item():.6f}')
sign, logabsdet = torch.linalg.slogdet(K)
print(sign, round(logabsdet.item(), 6))
Kinv = torch.cholesky_inverse(L)
print('cholesky_inverse:', torch.allclose(Kinv @ K, torch.eye(12), atol=1e-8))


class ExactGP(nn.Module):
    def __init__(self):
        super().__init__()
        self.raw_lengthscale = nn.Parameter(torch.tensor(0.0))
        self.raw_variance = nn.Parameter(torch.tensor(0.0))
        self.raw_noise = nn.Parameter(torch.tensor(-2.0))

    @property
    def lengthscale(self):
        return F.softplus(self.raw_lengthscale)

    @property
    def variance(self):
        return F.softplus(self.raw_variance)

    @property
    def noise(self):
        return F.softplus(self.raw_noise) + 1e-4

    def neg_log_marginal_likelihood(self, X, y):
        K = rbf_kernel(X, X, self.lengthscale, self.variance) + self.noise * torch.eye(len(X))
        L = torch.linalg.cholesky(K)
        alpha = torch.cholesky_solve(y.unsqueeze(-1), L).squeeze(-1)
        return 0.5 * y.dot(alpha) + L.diagonal().log().sum() + 0.5 * len(X) * math.log(2 * math.pi)


gp = ExactGP()
print(gp)
print([(n, p.dtype) for n, p in gp.named_parameters()])
optimizer = torch.optim.Adam(gp.parameters(), lr=0.05)
for i in range(150):
    optimizer.zero_grad()
    loss = gp.neg_log_marginal_likelihood(X, y)
    loss.backward()
    optimizer.step()
    if i % 50 == 0:
        print(f'Iter {i:3d} - Loss: {loss.item():.4f}  lengthscale: {gp.lengthscale.item():.4f}  '
              f'variance: {gp.variance.item():.4f}  noise: {gp.noise.item():.5f}')
print(loss.grad_fn, gp.raw_noise.grad is not None)

# gradients of the log marginal likelihood, checked in float64
def nlml(raw):
    ls, var, noise = F.softplus(raw[0]), F.softplus(raw[1]), F.softplus(raw[2]) + 1e-4
    K = rbf_kernel(X, X, ls, var) + noise * torch.eye(len(X))
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L).squeeze(-1)
    return 0.5 * y.dot(alpha) + L.diagonal().log().sum()


raw = torch.tensor([0.3, -0.2, -1.5], requires_grad=True)
print('gradcheck:', torch.autograd.gradcheck(nlml, (raw,)))
with torch.no_grad():
    mean, var, _ = gp_predict(X, y, Xs, gp.lengthscale, gp.variance, gp.noise)
print('posterior std', var.clamp_min(0).sqrt().round(decimals=3))
