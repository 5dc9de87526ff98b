# "Weight Uncertainty in Neural Networks" (Blundell et al. 2015) as the Bayes-by-backprop toy notebooks write it in
# plain PyTorch: a Gaussian variational posterior with rho -> sigma = log1p(exp(rho)), the reparameterization
# trick with torch.randn_like-free Normal(0,1).sample, a scale-mixture prior, log-probabilities summed per layer,
# BayesianLinear modules accumulating log_prior/log_variational_posterior, the ELBO with several samples, a 1-D
# regression toy, and predictive mean/std from repeated forward passes.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Gaussian(object):
    def __init__(self, mu, rho):
        super().__init__()
        self.mu = mu
        self.rho = rho
        self.normal = torch.distributions.Normal(0, 1)

    @property
    def sigma(self):
        return torch.log1p(torch.exp(self.rho))

    def sample(self):
        epsilon = self.normal.sample(self.rho.size())
        return self.mu + self.sigma * epsilon

    def log_prob(self, input):
        return (-math.log(math.sqrt(2 * math.pi))
                - torch.log(self.sigma)
                - ((input - self.mu) ** 2) / (2 * self.sigma ** 2)).sum()


class ScaleMixtureGaussian(object):
    def __init__(self, pi, sigma1, sigma2):
        super().__init__()
        self.pi = pi
        self.sigma1 = sigma1
        self.sigma2 = sigma2
        self.gaussian1 = torch.distributions.Normal(0, sigma1)
        self.gaussian2 = torch.distributions.Normal(0, sigma2)

    def log_prob(self, input):
        prob1 = torch.exp(self.gaussian1.log_prob(input))
        prob2 = torch.exp(self.gaussian2.log_prob(input))
        return (torch.log(self.pi * prob1 + (1 - self.pi) * prob2)).sum()


PI = 0.5
SIGMA_1 = torch.FloatTensor([math.exp(-0)])
SIGMA_2 = torch.FloatTensor([math.exp(-6)])


class BayesianLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight_mu = nn.Parameter(torch.Tensor(out_features, in_features).uniform_(-0.2, 0.2))
        self.weight_rho = nn.Parameter(torch.Tensor(out_features, in_features).uniform_(-5, -4))
        self.weight = Gaussian(self.weight_mu, self.weight_rho)
        self.bias_mu = nn.Parameter(torch.Tensor(out_features).uniform_(-0.2, 0.2))
        self.bias_rho = nn.Parameter(torch.Tensor(out_features).uniform_(-5, -4))
        self.bias = Gaussian(self.bias_mu, self.bias_rho)
        self.weight_prior = ScaleMixtureGaussian(PI, SIGMA_1, SIGMA_2)
        self.bias_prior = ScaleMixtureGaussian(PI, SIGMA_1, SIGMA_2)
        self.log_prior = 0
        self.log_variational_posterior = 0

    def forward(self, input, sample=False, calculate_log_probs=False):
        if self.training or sample:
            weight = self.weight.sample()
            bias = self.bias.sample()
        else:
            weight = self.weight.mu
            bias = self.bias.mu
        if self.training or calculate_log_probs:
            self.log_prior = self.weight_prior.log_prob(weight) + self.bias_prior.log_prob(bias)
            self.log_variational_posterior = self.weight.log_prob(weight) + self.bias.log_prob(bias)
        else:
            self.log_prior, self.log_variational_posterior = 0, 0
        return F.linear(input, weight, bias)


class BayesianNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = BayesianLinear(1, 32)
        self.l2 = BayesianLinear(32, 1)

    def forward(self, x, sample=False):
        x = F.relu(self.l1(x, sample))
        return self.l2(x, sample)

    def log_prior(self):
        return self.l1.log_prior + self.l2.log_prior

    def log_variational_posterior(self):
        return self.l1.log_variational_posterior + self.l2.log_variational_posterior

    def sample_elbo(self, input, target, samples=2, num_batches=1, noise=0.1):
        outputs = torch.zeros(samples, input.size(0), 1)
        log_priors = torch.zeros(samples)
        log_variational_posteriors = torch.zeros(samples)
        for i in range(samples):
            outputs[i] = self(input, sample=True)
            log_priors[i] = self.log_prior()
            log_variational_posteriors[i] = self.log_variational_posterior()
        log_prior = log_priors.mean()
        log_variational_posterior = log_variational_posteriors.mean()
        nll = -torch.distributions.Normal(outputs, noise).log_prob(target.expand_as(outputs)).sum(-1).mean(0).sum()
        loss = (log_variational_posterior - log_prior) / num_batches + nll
        return loss, log_prior, log_variational_posterior, nll


x = torch.linspace(-1, 1, 64).unsqueeze(1)
y = torch.sin(3 * x) + 0.1 * torch.randn_like(x)
net = BayesianNetwork()
print(sum(p.numel() for p in net.parameters()), [n for n, _ in net.named_parameters()][:4])
print(net.l1.weight.sigma.min().item() > 0, net.l1.weight.sigma.max().item() < 0.02)
optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
for epoch in range(150):
    net.train()
    net.zero_grad()
    loss, log_prior, log_vp, nll = net.sample_elbo(x, y, num_batches=4)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f'epoch {epoch}: loss {loss.item():.2f} log_prior {log_prior.item():.2f} '
              f'log_vp {log_vp.item():.2f} nll {nll.item():.2f}')

net.eval()
with torch.no_grad():
    preds = torch.stack([net(x, sample=True) for _ in range(20)])
    mean_pred = net(x)
mean, std = preds.mean(0), preds.std(0)
print(preds.shape, mean.shape, std.shape)
print(f'mse of the mean weights {F.mse_loss(mean_pred, y).item():.4f}, sampled mean {F.mse_loss(mean, y).item():.4f}')
print(bool((std >= 0).all()), net.l1.log_prior, net.l2.log_variational_posterior)
print(ScaleMixtureGaussian(PI, SIGMA_1, SIGMA_2).log_prob(torch.tensor([0.0, 0.5])))
print(Gaussian(torch.zeros(2), torch.zeros(2)).sigma)
