# A categorical VAE with the Gumbel-Softmax / Concrete relaxation, as in Jang et al. (2017) and the widely copied
# "gumbel-softmax VAE" notebooks: F.gumbel_softmax soft and hard (straight-through) samples and their shapes and
# gradients, RelaxedOneHotCategorical and OneHotCategoricalStraightThrough from torch.distributions, temperature
# annealing, the KL to a uniform categorical prior, and a VAE with 4 categorical latents of 4 classes each trained
# on synthetic binary patterns, reporting reconstruction and perplexity of the code usage.
import math

import torch
import torch.distributions as D
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

logits = torch.tensor([[1.0, 2.0, 0.5], [0.0, 0.0, 3.0]], requires_grad=True)
soft = F.gumbel_softmax(logits, tau=0.5)
hard = F.gumbel_softmax(logits, tau=0.5, hard=True)
print("soft rows sum to 1:", torch.allclose(soft.sum(-1), torch.ones(2)), soft.shape)
print("hard is one-hot:", hard.sum(-1).tolist(), sorted(set(hard.detach().reshape(-1).tolist())))
(hard * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print("straight-through gradient is nonzero:", bool(logits.grad.abs().sum() > 0), logits.grad.shape)
print("dim=0:", F.gumbel_softmax(torch.zeros(4, 2), dim=0).sum(0).tolist())

counts = torch.zeros(3)
for _ in range(2000):
    counts += F.gumbel_softmax(torch.log(torch.tensor([0.2, 0.3, 0.5])), tau=1.0, hard=True)
print("hard sample frequencies", [round(c, 2) for c in (counts / 2000).tolist()])

temp = torch.tensor(0.3)
relaxed = D.RelaxedOneHotCategorical(temp, probs=torch.tensor([0.1, 0.6, 0.3]))
s = relaxed.rsample((5,))
print("relaxed", s.shape, relaxed.batch_shape, relaxed.event_shape, "has_rsample", relaxed.has_rsample)
print("relaxed log_prob finite:", bool(torch.isfinite(relaxed.log_prob(s)).all()))
st = D.OneHotCategoricalStraightThrough(logits=torch.zeros(3, requires_grad=True))
sample = st.rsample((4,))
print("straight-through sample", sample.shape, sample.sum(-1).tolist(), sample.grad_fn is not None)

# the VAE in float64: in float32 its losses agree with another implementation to 7 digits for the first ~50
# steps, then round-off grows once the codes start to be used (step ~120)
torch.set_default_dtype(torch.float64)
N_LAT, K = 4, 4
protos = (torch.rand(6, 16) > 0.5).to(torch.get_default_dtype())


def make_data(n):
    idx = torch.randint(0, 6, (n,))
    flips = (torch.rand(n, 16) < 0.05).to(protos.dtype)
    return (protos[idx] + flips) % 2


class CatVAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, N_LAT * K))
        self.dec = nn.Sequential(nn.Linear(N_LAT * K, 64), nn.ReLU(), nn.Linear(64, 16))

    def forward(self, x, tau, hard=False):
        q_logits = self.enc(x).view(-1, N_LAT, K)
        z = F.gumbel_softmax(q_logits, tau=tau, hard=hard, dim=-1)
        return self.dec(z.view(-1, N_LAT * K)), q_logits


model = CatVAE()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
tau0, rate, tau_min = 1.0, 3e-3, 0.5
for step in range(601):
    x = make_data(128)
    tau = max(tau0 * math.exp(-rate * step), tau_min)
    recon_logits, q_logits = model(x, tau)
    q = F.softmax(q_logits, -1)
    kl = (q * (F.log_softmax(q_logits, -1) - math.log(1.0 / K))).sum((1, 2)).mean()
    recon = F.binary_cross_entropy_with_logits(recon_logits, x, reduction="none").sum(1).mean()
    loss = recon + kl
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(f"step {step} tau {tau:.3f} recon {recon.item():.3f} kl {kl.item():.3f}")

model.eval()
with torch.no_grad():
    x = make_data(500)
    recon_logits, q_logits = model(x, tau_min, hard=True)
    err = ((recon_logits > 0).float() != x).float().mean()
    codes = q_logits.argmax(-1)
    usage = F.one_hot(codes, K).float().mean(0)
    perplexity = torch.exp(-(usage * (usage + 1e-10).log()).sum(-1))
    kl_exact = D.kl_divergence(D.Categorical(logits=q_logits), D.Categorical(probs=torch.full((K,), 1.0 / K)))
print(f"bit error {err.item():.3f}")
print("code perplexity per latent", [round(p, 2) for p in perplexity.tolist()])
print(f"KL via distributions {kl_exact.sum(-1).mean().item():.3f}")
