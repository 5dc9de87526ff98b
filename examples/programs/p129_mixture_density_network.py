# Mixture density networks as in hardmaru's "Mixture Density Networks with PyTorch" notebook and Bishop (1994):
# the inverted sine data where a plain regressor fails (MSE fit first), the MDN with pi (softmax), sigma (exp)
# and mu heads, the Gaussian mixture negative log-likelihood written with math constants and by logsumexp, the
# same loss through torch.distributions (MixtureSameFamily, Categorical, Normal), and sampling predictions with
# torch.multinomial and torch.normal.
import math

import torch
import torch.nn as nn
import torch.optim as optim
from torch.distributions import Categorical, MixtureSameFamily, Normal

torch.manual_seed(0)
NSAMPLE = 600
y_data = torch.rand(NSAMPLE, 1) * 21.0 - 10.5
r_data = torch.randn(NSAMPLE, 1)
x_data = torch.sin(0.75 * y_data) * 7.0 + y_data * 0.5 + r_data * 1.0
print(x_data.shape, y_data.shape, f"{y_data.min().item():.2f} {y_data.max().item():.2f}")

# a plain network fails on the inverse problem
torch.manual_seed(1)
network = nn.Sequential(nn.Linear(1, 20), nn.Tanh(), nn.Linear(20, 1))
loss_fn = nn.MSELoss()
optimizer = optim.RMSprop(network.parameters(), lr=0.01)
for epoch in range(300):
    prediction = network(x_data)
    loss = loss_fn(prediction, y_data)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(epoch, f"{loss.item():.4f}")


class MDN(nn.Module):
    def __init__(self, n_hidden, n_gaussians):
        super(MDN, self).__init__()
        self.z_h = nn.Sequential(nn.Linear(1, n_hidden), nn.Tanh())
        self.z_pi = nn.Linear(n_hidden, n_gaussians)
        self.z_sigma = nn.Linear(n_hidden, n_gaussians)
        self.z_mu = nn.Linear(n_hidden, n_gaussians)

    def forward(self, x):
        z_h = self.z_h(x)
        pi = nn.functional.softmax(self.z_pi(z_h), -1)
        sigma = torch.exp(self.z_sigma(z_h))
        mu = self.z_mu(z_h)
        return pi, sigma, mu


oneDivSqrtTwoPI = 1.0 / math.sqrt(2.0 * math.pi)


def gaussian_distribution(y, mu, sigma):
    result = (y.expand_as(mu) - mu) * torch.reciprocal(sigma)
    result = - 0.5 * (result * result)
    return (torch.exp(result) * torch.reciprocal(sigma)) * oneDivSqrtTwoPI


def mdn_loss_fn(pi, sigma, mu, y):
    result = gaussian_distribution(y, mu, sigma) * pi
    result = torch.sum(result, dim=1)
    result = -torch.log(result)
    return torch.mean(result)


def mdn_loss_stable(pi, sigma, mu, y):
    log_prob = -0.5 * ((y - mu) / sigma) ** 2 - torch.log(sigma) - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(torch.log(pi) + log_prob, dim=1).mean()


def mdn_loss_dist(pi, sigma, mu, y):
    mix = Categorical(probs=pi)
    comp = Normal(mu, sigma)
    gmm = MixtureSameFamily(mix, comp)
    return -gmm.log_prob(y.squeeze(1)).mean()


torch.manual_seed(2)
model = MDN(n_hidden=20, n_gaussians=5)
print(model)
pi, sigma, mu = model(x_data[:4])
print(pi.shape, sigma.shape, mu.shape, pi.grad_fn, sigma.grad_fn)
print(f"{pi.sum(1).min().item():.4f}", bool((sigma > 0).all()))
l1, l2, l3 = (f(*model(x_data), y_data) for f in (mdn_loss_fn, mdn_loss_stable, mdn_loss_dist))
print(f"{l1.item():.4f} {l2.item():.4f} {l3.item():.4f}", l3.grad_fn)
optimizer = optim.Adam(model.parameters())
for epoch in range(600):
    pi_variable, sigma_variable, mu_variable = model(x_data)
    loss = mdn_loss_stable(pi_variable, sigma_variable, mu_variable, y_data)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 150 == 0:
        print(epoch, f"{loss.item():.4f}")

x_test_data = torch.linspace(-15, 15, 8).view(-1, 1)
pi_data, sigma_data, mu_data = model(x_test_data)
print(pi_data.shape, f"{pi_data.sum().item():.4f}")
print("dominant components:", pi_data.argmax(1).shape)


def gumbel_sample(x, axis=1):
    z = torch.rand(x.shape)
    return (torch.log(x) - torch.log(-torch.log(z))).argmax(dim=axis)


def sample_preds(pi, sigma, mu, samples=10):
    N, K = pi.shape
    out = torch.zeros(N, samples)
    for i in range(samples):
        k = torch.multinomial(pi, 1).view(-1)
        out[:, i] = torch.normal(mu[torch.arange(N), k], sigma[torch.arange(N), k])
    return out


with torch.no_grad():
    torch.manual_seed(3)
    preds = sample_preds(pi_data, sigma_data, mu_data, samples=20)
    k = gumbel_sample(pi_data)
print(preds.shape, k.shape, k.dtype)
gmm = MixtureSameFamily(Categorical(probs=pi_data), Normal(mu_data, sigma_data))
print(gmm.batch_shape, gmm.event_shape, gmm.mean.shape, bool((gmm.variance > 0).all()))
print(gmm.sample((3,)).shape)
