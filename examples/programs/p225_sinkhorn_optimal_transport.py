# Entropic optimal transport with the Sinkhorn algorithm, as in Cuturi (2013), Peyre & Cuturi's "Computational
# Optimal Transport" notebooks and the POT/GeomLoss tutorials: cost matrices with torch.cdist, the plain Sinkhorn
# scaling iterations against the log-domain version (torch.logsumexp) for a small epsilon, marginal errors, the
# exact 1-D Wasserstein distance from sorted samples (torch.sort), the Sinkhorn divergence and its gradient used to
# move a point cloud onto a target (a "gradient flow"), and a differentiable assignment via the transport plan.
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def sinkhorn(a, b, C, eps, iters=200):
    K = torch.exp(-C / eps)
    u = torch.ones_like(a)
    for _ in range(iters):
        v = b / (K.T @ u)
        u = a / (K @ v)
    return u[:, None] * K * v[None, :]


def sinkhorn_log(a, b, C, eps, iters=200):
    f = torch.zeros_like(a)
    g = torch.zeros_like(b)
    log_a, log_b = a.log(), b.log()
    for _ in range(iters):
        f = -eps * torch.logsumexp((g[None, :] - C) / eps + log_b[None, :], dim=1)
        g = -eps * torch.logsumexp((f[:, None] - C) / eps + log_a[:, None], dim=0)
    P = torch.exp((f[:, None] + g[None, :] - C) / eps + log_a[:, None] + log_b[None, :])
    return P, f, g


n, m = 6, 5
x = torch.randn(n, 2)
y = torch.randn(m, 2) + torch.tensor([2.0, 0.0])
a = torch.full((n,), 1.0 / n)
b = torch.softmax(torch.randn(m), 0)
C = torch.cdist(x, y) ** 2
print("cost", C.shape, "min/max", round(C.min().item(), 4), round(C.max().item(), 4))
P1 = sinkhorn(a, b, C, eps=1.0)
P2, f, g = sinkhorn_log(a, b, C, eps=1.0)
print("plain == log-domain:", torch.allclose(P1, P2, atol=1e-10))
print("marginal errors below 1e-12:", bool((P2.sum(1) - a).abs().max() < 1e-12), bool((P2.sum(0) - b).abs().max() < 1e-12))
print("transport cost", round((P2 * C).sum().item(), 6))
with torch.no_grad():
    P_small = sinkhorn(a, b, C, eps=0.01, iters=50)
print("plain at eps=0.01 has nan:", bool(torch.isnan(P_small).any()))
with torch.no_grad():
    P3, _, _ = sinkhorn_log(a, b, C, eps=0.01, iters=1000)
print("log-domain at eps=0.01 cost", round((P3 * C).sum().item(), 5), "nonzeros", int((P3 > 1e-6).sum()))
print("plan (rounded):")
print(torch.round(P3 * 1000) / 1000)

# 1-D: W2 between empirical measures is the sorted matching
u = torch.randn(100)
w = torch.randn(100) * 2 + 1
w2_exact = ((u.sort().values - w.sort().values) ** 2).mean()
with torch.no_grad():
    P1d, _, _ = sinkhorn_log(torch.full((100,), 1 / 100), torch.full((100,), 1 / 100), (u[:, None] - w[None, :]) ** 2,
                             eps=0.01, iters=300)
w2_sink = (P1d * (u[:, None] - w[None, :]) ** 2).sum()
print(f"1-D W2^2 sorted {w2_exact.item():.4f} sinkhorn(eps=0.01) {w2_sink.item():.4f} (closed form for Gaussians "
      f"{((0 - 1) ** 2 + (1 - 2) ** 2):.1f})")


def ot_cost(x, y, eps):
    a = torch.full((x.shape[0],), 1.0 / x.shape[0])
    b = torch.full((y.shape[0],), 1.0 / y.shape[0])
    P, f, g = sinkhorn_log(a, b, torch.cdist(x, y) ** 2, eps, iters=25)
    return (f * a).sum() + (g * b).sum()


def sinkhorn_divergence(x, y, eps=0.1):
    return ot_cost(x, y, eps) - 0.5 * ot_cost(x, x, eps) - 0.5 * ot_cost(y, y, eps)


# gradient flow: move a cloud onto a ring
src = torch.randn(30, 2) * 0.3
theta = torch.linspace(0, 2 * torch.pi, 31)[:-1]
tgt = torch.stack([theta.cos(), theta.sin()], 1) * 2
pts = src.clone().requires_grad_(True)
for it in range(16):
    loss = sinkhorn_divergence(pts, tgt)
    grad, = torch.autograd.grad(loss, pts)
    with torch.no_grad():
        pts -= 30 * 0.5 * grad  # a step per point: n times the gradient of an average
    if it % 5 == 0:
        print(f"flow {it} divergence {loss.item():.5f} mean radius {pts.norm(dim=1).mean().item():.4f}")

# differentiable assignment: a soft permutation between two shuffled copies
perm = torch.randperm(8)
z = torch.randn(8, 3)
with torch.no_grad():
    Pperm, _, _ = sinkhorn_log(torch.full((8,), 1 / 8), torch.full((8,), 1 / 8), torch.cdist(z, z[perm]) ** 2, 0.05, 300)
recovered = Pperm.argmax(1)
print("recovered permutation:", torch.equal(perm[recovered], torch.arange(8)), "doubly stochastic:",
      torch.allclose(Pperm.sum(0) * 8, torch.ones(8), atol=1e-6))
