# Quantile regression as in the statistics lecture notes and "Deep quantile regression" blog posts: the pinball
# loss written by hand (torch.where and torch.maximum forms agree), a linear model fitted by gradient descent
# recovers torch.quantile of the noise, a multi-quantile MLP on heteroscedastic data with non-crossing quantiles
# via cumsum of softplus increments, empirical coverage of the 10-90% interval, and torch.quantile's
# interpolation modes, nanquantile, and the errors it raises.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def pinball(pred, target, tau):
    diff = target - pred
    return torch.maximum(tau * diff, (tau - 1) * diff).mean()


def pinball_where(pred, target, tau):
    diff = target - pred
    return torch.where(diff >= 0, tau * diff, (tau - 1) * diff).mean()


t = torch.tensor([1.0, 2.0, 3.0, 10.0])
p = torch.tensor([2.0, 2.0, 2.0, 2.0])
for tau in (0.1, 0.5, 0.9):
    print(f"tau {tau}: {pinball(p, t, tau).item():.4f} {pinball_where(p, t, tau).item():.4f}")

# the constant minimising the pinball loss is the empirical quantile
data = torch.randn(2001) ** 2
for tau in (0.25, 0.5, 0.9):
    c = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([c], lr=0.5)
    for _ in range(600):
        opt.zero_grad()
        pinball(c, data, tau).backward()
        opt.step()
    print(f"tau {tau}: fitted {c.item():.2f} torch.quantile {torch.quantile(data, tau).item():.2f}")

x = torch.tensor([[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, float("nan"), 7.0]])
for mode in ("linear", "lower", "higher", "midpoint", "nearest"):
    print(mode, torch.quantile(x[0], 0.4, interpolation=mode).item())
print("quantile with nan:", torch.quantile(x, 0.5, dim=1))
print("nanquantile:", torch.nanquantile(x, 0.5, dim=1))
print("q tensor keepdim:", torch.quantile(x[:1], torch.tensor([0.25, 0.75]), dim=1, keepdim=True).shape)
for bad in (1.5, torch.tensor([[0.5]])):
    try:
        torch.quantile(x[0], bad)
    except (RuntimeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

# heteroscedastic data, three quantiles at once, non-crossing by construction (in float64: in float32 the
# subgradient steps of the pinball kinks make round-off grow into the third digit after ~50 Adam steps)
torch.set_default_dtype(torch.float64)
taus = torch.tensor([0.1, 0.5, 0.9])
n = 512
X = torch.rand(n, 1) * 4 - 2
Y = torch.sin(2 * X) + (0.1 + 0.4 * X.abs()) * torch.randn(n, 1)


class QuantileNet(nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
        self.base = nn.Linear(64, 1)
        self.incr = nn.Linear(64, k - 1)

    def forward(self, x):
        h = self.body(x)
        return torch.cat([self.base(h), self.base(h) + torch.cumsum(F.softplus(self.incr(h)), dim=1)], dim=1)


net = QuantileNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for epoch in range(301):
    pred = net(X)
    diff = Y - pred
    loss = torch.maximum(taus * diff, (taus - 1) * diff).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} pinball {loss.item():.4f}")
with torch.no_grad():
    Xt = torch.rand(2000, 1) * 4 - 2
    Yt = torch.sin(2 * Xt) + (0.1 + 0.4 * Xt.abs()) * torch.randn(2000, 1)
    q = net(Xt)
    print("crossing:", bool((q.diff(dim=1) < 0).any()))
    below = (Yt < q).float().mean(0)
    print("fraction below each quantile:", [round(v, 2) for v in below.tolist()])
    inside = ((Yt >= q[:, :1]) & (Yt <= q[:, 2:])).float().mean()
    print(f"80% interval coverage {inside.item():.2f}")
    grid = torch.linspace(-2, 2, 5).unsqueeze(1)
    width = (net(grid)[:, 2] - net(grid)[:, 0])
    print("interval width at", grid.squeeze(1).tolist(), [round(w, 2) for w in width.tolist()])
