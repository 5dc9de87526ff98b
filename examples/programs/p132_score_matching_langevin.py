# Score-based generative modelling on 2-D toy data, after Yang Song's "Generative Modeling by Estimating Gradients
# of the Data Distribution" blog/tutorial and the common toy notebooks: a Gaussian-mixture dataset, the exact
# score of a Gaussian checked against autograd, the score network, the explicit (Hutchinson-free) score matching
# loss with the Jacobian trace by autograd.grad(create_graph=True), sliced score matching with random projections,
# denoising score matching over a geometric sigma schedule (NCSN), and annealed Langevin dynamics sampling.
import math

import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
centers = torch.tensor([[2.0, 2.0], [-2.0, -2.0], [2.0, -2.0], [-2.0, 2.0]])


def sample_data(n):
    idx = torch.randint(0, 4, (n,))
    return centers[idx] + 0.3 * torch.randn(n, 2)


data = sample_data(128)
print(data.shape, f"{data.mean().abs().item() < 0.5}")

# the score of N(mu, s^2 I) is -(x - mu) / s^2: autograd of the log-density gives it
mu, s = torch.tensor([1.0, -1.0]), 0.5
x = torch.tensor([[0.0, 0.0], [1.5, -0.5]], requires_grad=True)
logp = torch.distributions.Normal(mu, s).log_prob(x).sum()
score, = torch.autograd.grad(logp, x)
print(score)
print(-(x.detach() - mu) / s ** 2)


class ScoreNet(nn.Module):
    def __init__(self, hidden=64, conditional=False):
        super().__init__()
        self.conditional = conditional
        in_dim = 3 if conditional else 2
        self.net = nn.Sequential(nn.Linear(in_dim, hidden), nn.Softplus(), nn.Linear(hidden, hidden), nn.Softplus(),
                                 nn.Linear(hidden, 2))

    def forward(self, x, sigma=None):
        if self.conditional:
            h = torch.cat([x, torch.log(sigma).expand(x.shape[0], 1)], dim=1)
            return self.net(h) / sigma
        return self.net(x)


def score_matching_loss(model, x):
    x = x.requires_grad_(True)
    s = model(x)
    norm = 0.5 * (s ** 2).sum(dim=1)
    trace = torch.zeros(x.shape[0])
    for i in range(x.shape[1]):
        trace = trace + torch.autograd.grad(s[:, i].sum(), x, create_graph=True)[0][:, i]
    return (norm + trace).mean()


def sliced_score_matching_loss(model, x, n_particles=1):
    x = x.unsqueeze(0).expand(n_particles, *x.shape).contiguous().view(-1, x.shape[-1])
    x.requires_grad_(True)
    vectors = torch.randn_like(x)
    vectors = vectors / torch.norm(vectors, dim=-1, keepdim=True)
    grad1 = model(x)
    gradv = torch.sum(grad1 * vectors)
    loss1 = torch.sum(grad1 * vectors, dim=-1) ** 2 * 0.5
    grad2 = torch.autograd.grad(gradv, x, create_graph=True)[0]
    loss2 = torch.sum(vectors * grad2, dim=-1)
    return (loss1 + loss2).mean()


torch.manual_seed(1)
model = ScoreNet()
opt = optim.Adam(model.parameters(), lr=1e-3)
for step in range(21):
    loss = score_matching_loss(model, data.clone())
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"score matching step {step}: {loss.item():.4f}")

torch.manual_seed(1)
model = ScoreNet()
opt = optim.Adam(model.parameters(), lr=1e-3)
for step in range(21):
    loss = sliced_score_matching_loss(model, data)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"sliced score matching step {step}: {loss.item():.4f}")

# denoising score matching with a geometric noise schedule
sigma_begin, sigma_end, n_sigmas = 3.0, 0.05, 8
sigmas = torch.tensor([math.exp(v) for v in torch.linspace(math.log(sigma_begin), math.log(sigma_end),
                                                           n_sigmas).tolist()])
print(sigmas)


def anneal_dsm_loss(model, x, sigmas, anneal_power=2.0):
    labels = torch.randint(0, len(sigmas), (x.shape[0],))
    used_sigmas = sigmas[labels].view(x.shape[0], 1)
    perturbed = x + torch.randn_like(x) * used_sigmas
    target = -1 / (used_sigmas ** 2) * (perturbed - x)
    scores = model(perturbed, used_sigmas)
    loss = 0.5 * ((scores - target) ** 2).sum(dim=-1) * used_sigmas.squeeze(-1) ** anneal_power
    return loss.mean()


torch.manual_seed(2)
ncsn = ScoreNet(hidden=64, conditional=True)
opt = optim.Adam(ncsn.parameters(), lr=3e-3)
for step in range(61):
    loss = anneal_dsm_loss(ncsn, data, sigmas)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 30 == 0:
        print(f"dsm step {step}: {loss.item():.4f}")


@torch.no_grad()
def anneal_langevin_dynamics(x_mod, scorenet, sigmas, n_steps_each=20, step_lr=0.01):
    images = []
    for c, sigma in enumerate(sigmas):
        step_size = step_lr * (sigma / sigmas[-1]) ** 2
        for s in range(n_steps_each):
            noise = torch.randn_like(x_mod) * torch.sqrt(step_size * 2)
            grad = scorenet(x_mod, sigma.view(1, 1))
            x_mod = x_mod + step_size * grad + noise
        images.append(x_mod.clone())
    return images


torch.manual_seed(3)
init = torch.rand(128, 2) * 8 - 4
samples = anneal_langevin_dynamics(init, ncsn, sigmas, n_steps_each=5, step_lr=4e-4)
final = samples[-1]
print(len(samples), final.shape, bool(torch.isfinite(final).all()))
nearest = torch.cdist(final, centers).min(dim=1).values
print(f"fraction within 1.0 of a mode: {(nearest < 1.0).float().mean().item():.2f}")
print(torch.cdist(centers, centers))
