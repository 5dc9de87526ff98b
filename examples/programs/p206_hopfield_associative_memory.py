# Associative memory, as the classic Hopfield-network lecture notes (Hebbian storage, sign updates, energy) and
# "Hopfield Networks is All You Need" (Ramsauer et al. 2020; the modern continuous update
# xi_new = X softmax(beta X^T xi)) present it: binary +-1 patterns stored with the outer-product rule, synchronous
# and asynchronous recall from corrupted cues, the energy decreasing, capacity failing past ~0.14 N patterns,
# then the modern Hopfield update retrieving many more patterns in one step, and a learnable Hopfield layer
# (a softmax attention over stored patterns) trained by backprop to clean up noisy inputs.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
N = 64


def random_patterns(count, n, generator=None):
    return torch.where(torch.rand(count, n, generator=generator) < 0.5, -1.0, 1.0)


def hebbian(patterns):
    W = patterns.T @ patterns / patterns.shape[1]
    W.fill_diagonal_(0)
    return W


def energy(W, s):
    return -0.5 * (s @ W @ s).item()


def corrupt(pattern, flips, generator):
    idx = torch.randperm(pattern.numel(), generator=generator)[:flips]
    noisy = pattern.clone()
    noisy[idx] *= -1
    return noisy


def recall_sync(W, s, steps=10):
    for _ in range(steps):
        new = torch.sign(W @ s)
        new[new == 0] = 1
        if torch.equal(new, s):
            break
        s = new
    return s


def recall_async(W, s, generator, sweeps=5):
    s = s.clone()
    energies = [energy(W, s)]
    for _ in range(sweeps):
        for i in torch.randperm(s.numel(), generator=generator).tolist():
            h = W[i] @ s
            s[i] = 1.0 if h >= 0 else -1.0
        energies.append(energy(W, s))
    return s, energies


g = torch.Generator().manual_seed(7)
patterns = random_patterns(5, N, g)
W = hebbian(patterns)
print("W symmetric:", torch.equal(W, W.T), "diag zero:", W.diagonal().abs().sum().item())
print("stored patterns are fixed points:", [torch.equal(recall_sync(W, p, 1), p) for p in patterns])
cue = corrupt(patterns[2], 12, g)
print("overlap of the cue:", (cue @ patterns[2]).item() / N)
out = recall_sync(W, cue)
print("sync recall overlap:", (out @ patterns[2]).item() / N)
out, energies = recall_async(W, cue, g)
print("async recall overlap:", (out @ patterns[2]).item() / N)
print("energies:", [round(e, 3) for e in energies])
print("non-increasing:", all(b <= a + 1e-6 for a, b in zip(energies, energies[1:])))

print("capacity (classical):")
for count in (4, 8, 12, 20, 30):
    P = random_patterns(count, N, g)
    Wc = hebbian(P)
    recalled = torch.stack([recall_sync(Wc, corrupt(p, 6, g)) for p in P])
    ok = (recalled == P).all(dim=1).float().mean().item()
    print(f"  {count:2d} patterns ({count / N:.2f} N): {ok:.2f} recalled exactly")


def modern_update(X, xi, beta):
    """One step of the continuous modern Hopfield network: X is (patterns, N), xi is (queries, N)."""
    return torch.softmax(beta * xi @ X.T, dim=-1) @ X


print("capacity (modern, beta=0.5, one update):")
for count in (8, 30, 100, 300):
    P = random_patterns(count, N, g)
    cues = torch.stack([corrupt(p, 6, g) for p in P])
    recalled = torch.sign(modern_update(P, cues, beta=0.5))
    ok = (recalled == P).all(dim=1).float().mean().item()
    print(f"  {count:3d} patterns: {ok:.2f} recalled exactly")

lse_energy = lambda X, xi, beta: (-torch.logsumexp(beta * X @ xi, 0) / beta + 0.5 * xi @ xi).item()
P = random_patterns(10, N, g)
xi = corrupt(P[0], 20, g)
e0 = lse_energy(P, xi, 0.1)
xi1 = modern_update(P, xi[None], 0.1)[0]
print("modern energy decreases:", e0 > lse_energy(P, xi1, 0.1), round(e0, 4), round(lse_energy(P, xi1, 0.1), 4))


class HopfieldLayer(nn.Module):
    """Stored patterns as parameters; retrieval is softmax(beta * q K^T) V (a Hopfield pooling layer)."""

    def __init__(self, dim, slots):
        super().__init__()
        self.keys = nn.Parameter(torch.randn(slots, dim) * 0.1)
        self.values = nn.Parameter(torch.randn(slots, dim) * 0.1)
        self.log_beta = nn.Parameter(torch.tensor(0.0))

    def forward(self, query):
        attn = torch.softmax(self.log_beta.exp() * query @ self.keys.T, dim=-1)
        return attn @ self.values, attn


torch.manual_seed(3)
prototypes = random_patterns(6, 16, g)
layer = HopfieldLayer(16, 6)
opt = torch.optim.Adam(layer.parameters(), lr=0.05)
for step in range(200):
    which = torch.randint(0, 6, (32,), generator=g)
    noisy = prototypes[which] + 0.8 * torch.randn(32, 16, generator=g)
    cleaned, attn = layer(noisy)
    loss = F.mse_loss(cleaned, prototypes[which])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0 or step == 199:
        print(f"step {step:3d} loss {loss.item():.5f} beta {layer.log_beta.exp().item():.3f}")
with torch.no_grad():
    which = torch.arange(6)
    cleaned, attn = layer(prototypes + 0.8 * torch.randn(6, 16, generator=g))
    print("sign accuracy:", (torch.sign(cleaned) == prototypes).float().mean().item())
    print("attention max:", attn.max(dim=1).values.round(decimals=3))
