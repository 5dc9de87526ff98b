# RealNVP on 2-D toy data (Dinh et al. 2017), as the normalizing-flow notebooks (senya-ashukha/real-nvp-pytorch,
# the "flows in 100 lines" posts) write it: alternating binary masks, scale and translation nets with Tanh on
# the scale, f(x) with the log-determinant summed over layers, the inverse g(z), a MultivariateNormal prior,
# training by maximum likelihood with Adam and clip_grad_norm_, checks that g(f(x)) == x and that the
# log-determinant matches torch.autograd.functional.jacobian, and samples drawn through the inverse.
import math

import torch
import torch.nn as nn
from torch import distributions

torch.set_default_dtype(torch.float64)  # 200 Adam steps of a flow in float32 amplify round-off
torch.manual_seed(0)


def two_moons(n):
    t = torch.rand(n) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], 1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
    which = (torch.rand(n) < 0.5).unsqueeze(1)
    return torch.where(which, upper, lower) + 0.05 * torch.randn(n, 2)


class RealNVP(nn.Module):
    def __init__(self, nets, nett, mask, prior):
        super().__init__()
        self.prior = prior
        self.mask = nn.Parameter(mask, requires_grad=False)
        self.t = torch.nn.ModuleList([nett() for _ in range(len(mask))])
        self.s = torch.nn.ModuleList([nets() for _ in range(len(mask))])

    def g(self, z):
        x = z
        for i in range(len(self.t)):
            x_ = x * self.mask[i]
            s = self.s[i](x_) * (1 - self.mask[i])
            t = self.t[i](x_) * (1 - self.mask[i])
            x = x_ + (1 - self.mask[i]) * (x * torch.exp(s) + t)
        return x

    def f(self, x):
        log_det_J, z = x.new_zeros(x.shape[0]), x
        for i in reversed(range(len(self.t))):
            z_ = self.mask[i] * z
            s = self.s[i](z_) * (1 - self.mask[i])
            t = self.t[i](z_) * (1 - self.mask[i])
            z = (1 - self.mask[i]) * (z - t) * torch.exp(-s) + z_
            log_det_J -= s.sum(dim=1)
        return z, log_det_J

    def log_prob(self, x):
        z, logp = self.f(x)
        return self.prior.log_prob(z) + logp

    def sample(self, batchSize):
        z = self.prior.sample((batchSize,))
        return self.g(z)


nets = lambda: nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(), nn.Linear(32, 32), nn.LeakyReLU(), nn.Linear(32, 2), nn.Tanh())
nett = lambda: nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(), nn.Linear(32, 32), nn.LeakyReLU(), nn.Linear(32, 2))
masks = torch.tensor([[0, 1], [1, 0]] * 2, dtype=torch.get_default_dtype())
prior = distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
flow = RealNVP(nets, nett, masks, prior)
print("masks", flow.mask.tolist(), "requires_grad", flow.mask.requires_grad)
print("trainable", sum(p.numel() for p in flow.parameters() if p.requires_grad))
optimizer = torch.optim.Adam([p for p in flow.parameters() if p.requires_grad], lr=1e-3)
data = two_moons(1000)
for t in range(201):
    batch = data[torch.randint(0, 1000, (100,))]
    loss = -flow.log_prob(batch).mean()
    optimizer.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(flow.parameters(), 10.0)
    optimizer.step()
    if t % 50 == 0:
        print("iter %d: loss = %.3f grad norm %.3f" % (t, loss.item(), norm.item()))

with torch.no_grad():
    z, logdet = flow.f(data[:5])
    print("g(f(x)) == x:", torch.allclose(flow.g(z), data[:5], atol=1e-5))
    print("mean nll on all data %.4f" % -flow.log_prob(data).mean().item())
x0 = data[0]
J = torch.autograd.functional.jacobian(lambda v: flow.f(v.unsqueeze(0))[0].squeeze(0), x0)
print("jacobian", J.shape, "log|det J| matches:", torch.allclose(torch.linalg.slogdet(J)[1], flow.f(x0.unsqueeze(0))[1][0], atol=1e-5))
samples = flow.sample(500).detach()
print("samples", samples.shape, "mean", samples.mean(0).round(decimals=1), "data mean", data.mean(0).round(decimals=1))
print("latent std", flow.f(data)[0].detach().std(0).round(decimals=1))
