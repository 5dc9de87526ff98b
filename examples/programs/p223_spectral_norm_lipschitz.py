# Lipschitz-constrained layers as in "Spectral Normalization for GANs" (Miyato et al.) and the
# torch.nn.utils.parametrizations docs: the largest singular value by power iteration by hand against
# torch.linalg.matrix_norm(ord=2) / svdvals, nn.utils.parametrizations.spectral_norm (u/v buffers, train vs eval,
# n_power_iterations), weight_norm's g/v decomposition and orthogonal parametrization, remove_parametrizations, the
# Lipschitz bound of a network as the product of norms checked against gradient norms, and a spectral-normalised
# critic trained on two Gaussians.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import orthogonal, spectral_norm, weight_norm

torch.manual_seed(0)

W = torch.randn(6, 4)
u = F.normalize(torch.randn(6), dim=0)
for i in range(30):
    v = F.normalize(W.T @ u, dim=0)
    u = F.normalize(W @ v, dim=0)
sigma = u @ W @ v
print(f"power iteration {sigma.item():.5f} matrix_norm {torch.linalg.matrix_norm(W, ord=2).item():.5f} "
      f"svdvals {torch.linalg.svdvals(W)[0].item():.5f}")

lin = spectral_norm(nn.Linear(4, 6), n_power_iterations=5)
print(lin)
print("buffers", sorted(n for n, _ in lin.parametrizations.weight[0].named_buffers()))
print("original", lin.parametrizations.weight.original.shape)
for _ in range(20):
    lin(torch.randn(1, 4))
print(f"sigma after training-mode calls {torch.linalg.matrix_norm(lin.weight.detach(), ord=2).item():.4f}")
lin.eval()
w1 = lin.weight.clone()
w2 = lin.weight
print("eval: no power iteration, equal:", torch.equal(w1, w2))

wn = weight_norm(nn.Linear(5, 3), dim=0)
g = wn.parametrizations.weight.original0
v = wn.parametrizations.weight.original1
print("weight_norm g", tuple(g.shape), "v", tuple(v.shape),
      torch.allclose(wn.weight, g * v / v.norm(dim=1, keepdim=True)))
orth = orthogonal(nn.Linear(4, 4))
Q = orth.weight
print("orthogonal:", torch.allclose(Q @ Q.T, torch.eye(4), atol=1e-5), parametrize.is_parametrized(orth))
parametrize.remove_parametrizations(wn, "weight")
print("removed:", parametrize.is_parametrized(wn), type(wn.weight).__name__)


def make_critic(sn=True):
    wrap = spectral_norm if sn else (lambda m: m)
    return nn.Sequential(wrap(nn.Linear(2, 64)), nn.LeakyReLU(0.2), wrap(nn.Linear(64, 64)), nn.LeakyReLU(0.2),
                         wrap(nn.Linear(64, 1)))


torch.manual_seed(1)
critic = make_critic()
plain = make_critic(sn=False)


def lipschitz_bound(net):
    return torch.prod(torch.stack([torch.linalg.matrix_norm(m.weight.detach(), ord=2)
                                   for m in net if isinstance(m, nn.Linear)]))


def max_grad_norm(net, n=256):
    x = torch.randn(n, 2, requires_grad=True)
    g, = torch.autograd.grad(net(x).sum(), x)
    return g.norm(dim=1).max()


for _ in range(10):
    critic(torch.randn(8, 2))
print(f"plain bound {lipschitz_bound(plain).item():.3f} sn bound {lipschitz_bound(critic).item():.3f}")
print("max |grad| <= bound:", bool(max_grad_norm(critic) <= lipschitz_bound(critic) + 1e-4),
      bool(max_grad_norm(plain) <= lipschitz_bound(plain) + 1e-4))

# Wasserstein-style critic between N(0, 1) and N(3, 1): the gap approaches the mean distance (3) from below
opt = torch.optim.Adam(critic.parameters(), lr=5e-3, betas=(0.5, 0.9))
for step in range(101):
    real = torch.randn(64, 2) + torch.tensor([3.0, 0.0])
    fake = torch.randn(64, 2)
    gap = critic(real).mean() - critic(fake).mean()
    opt.zero_grad()
    (-gap).backward()
    opt.step()
    if step % 25 == 0:
        print(f"step {step} critic gap {gap.item():.3f} bound {lipschitz_bound(critic).item():.3f}")
print("sn state_dict keys", [k for k in critic.state_dict() if k.startswith("0.")])
