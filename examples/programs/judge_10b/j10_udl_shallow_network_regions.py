# "Understanding Deep Learning" (Prince) notebook style, chapters 3-4: a shallow ReLU network with 3 hidden
# units written out by hand, its joints and piecewise-linear regions, counting activation patterns on a grid
# for shallow vs deep networks with the same parameter budget, composing two shallow networks, and fitting
# a 1-D function with least squares on the hidden-unit basis (torch.linalg.lstsq).
import torch
import torch.nn as nn

torch.manual_seed(0)


def shallow_1_1_3(x, phi, theta):
    pre = theta[:, 0:1] + theta[:, 1:2] * x[None, :]       # (3, N) pre-activations
    h = torch.relu(pre)
    return phi[0] + (phi[1:, None] * h).sum(0), pre, h


theta = torch.tensor([[0.3, -1.0], [-1.0, 2.0], [-0.5, 0.65]])
phi = torch.tensor([-0.3, 2.0, -1.0, 7.0])
x = torch.linspace(0, 2, 201)
y, pre, h = shallow_1_1_3(x, phi, theta)
joints = (-theta[:, 0] / theta[:, 1]).sort().values
print("joints at x =", [round(v, 4) for v in joints.tolist()])
xm = torch.tensor([0.1, 0.4, 0.6, 1.5], requires_grad=True)
(dy,) = torch.autograd.grad(shallow_1_1_3(xm, phi, theta)[0].sum(), xm)
print("slope of each linear piece:", [round(v, 4) for v in dy.tolist()])
print("y at 0, 1, 2:", [round(y[i].item(), 4) for i in (0, 100, 200)])
print("active units at x=1.0:", (h[:, 100] > 0).int().tolist())


def count_regions(model, lo=-3, hi=3, n=400):
    g = torch.linspace(lo, hi, n)
    pts = torch.cartesian_prod(g, g)
    patterns = []

    def hook(mod, inp, out):
        patterns.append((out > 0))

    handles = [m.register_forward_hook(hook) for m in model if isinstance(m, nn.Linear)][:-1]
    with torch.no_grad():
        model(pts)
    for hd in handles:
        hd.remove()
    codes = torch.cat(patterns, dim=1).to(torch.int64)
    return torch.unique(codes, dim=0).shape[0]


def mlp(widths):
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


for widths in ([2, 20, 1], [2, 10, 10, 1], [2, 5, 5, 5, 5, 1]):
    torch.manual_seed(3)
    model = mlp(widths)
    params = sum(p.numel() for p in model.parameters())
    print(f"widths {widths}: {params} parameters, {count_regions(model)} activation regions on the grid")

D = 20
log_comb = lambda n, k: (torch.lgamma(torch.tensor(n + 1.0)) - torch.lgamma(torch.tensor(k + 1.0))
                         - torch.lgamma(torch.tensor(n - k + 1.0)))
print("max regions of a shallow 2-D net with D=20 units (Zaslavsky):",
      sum(int(log_comb(D, j).exp().round()) for j in range(3)))

f1 = lambda x: shallow_1_1_3(x, phi, theta)[0]
theta2 = torch.tensor([[-0.6, -1.0], [0.2, 1.0], [-0.5, 1.0]])
phi2 = torch.tensor([0.5, -1.0, -1.5, 2.0])
f2 = lambda x: shallow_1_1_3(x, phi2, theta2)[0]
xs = torch.linspace(0.0123, 1.9877, 997, requires_grad=True)
(dcomp,) = torch.autograd.grad(f2(f1(xs)).sum(), xs)
print("composition f2(f1(x)): distinct slopes", torch.unique(dcomp.round(decimals=3)).numel(),
      "| f1 alone:", torch.unique(torch.autograd.grad(f1(xs).sum(), xs)[0].round(decimals=3)).numel())

target = torch.sin(3 * x) + 0.3 * x
D = 12
torch.manual_seed(5)
slopes_in = torch.randn(D).sign()
offsets = -slopes_in * torch.linspace(0.05, 1.95, D)
H = torch.relu(offsets[None, :] + slopes_in[None, :] * x[:, None])
A = torch.cat([torch.ones(len(x), 1), H], dim=1)
sol = torch.linalg.lstsq(A, target[:, None]).solution
fit = (A @ sol).squeeze(1)
print("design matrix:", tuple(A.shape), "solution:", tuple(sol.shape))
print(f"least-squares RMS error with {D} hidden units: {(fit - target).pow(2).mean().sqrt().item():.4f}")
rank = torch.linalg.matrix_rank(A).item()
print("rank of design matrix:", rank)
