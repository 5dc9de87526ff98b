# d2l.ai "Numerical Stability and Initialization": vanishing sigmoid gradients, exploding products of random
# matrices, symmetry that is never broken with constant init, Xavier/Kaiming by hand vs nn.init, and
# activation/gradient statistics through a 20-layer MLP under different initialisations (CS231n-style).
import math
import torch
import torch.nn as nn

torch.manual_seed(0)

x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))
print(f"sigmoid grad max {x.grad.max().item():.4f} at x={x[x.grad.argmax()].item():.1f}, "
      f"at |x|=8: {x.grad[0].item():.6f}")

M = torch.normal(0, 1, size=(4, 4))
print("a single matrix\n", M)
for i in range(100):
    M = M @ torch.normal(0, 1, size=(4, 4))
print(f"after multiplying 100 matrices: max |entry| {M.abs().max().item():.3e}")

net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
for m in net:
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
X = torch.randn(16, 4)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for _ in range(20):
    loss = ((net(X).squeeze() - X.sum(1)) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
W = net[0].weight
print("constant init: all hidden units identical after training:", torch.allclose(W, W[0].expand_as(W)))

fan_in, fan_out = 256, 128
w = torch.empty(fan_out, fan_in)
nn.init.xavier_uniform_(w)
bound = math.sqrt(6 / (fan_in + fan_out))
print(f"xavier_uniform bound {bound:.4f}, max |w| {w.abs().max().item():.4f} <= bound: {w.abs().max().item() <= bound}")
nn.init.xavier_normal_(w)
print(f"xavier_normal std {w.std().item():.4f} vs theory {math.sqrt(2 / (fan_in + fan_out)):.4f}")
nn.init.kaiming_normal_(w, nonlinearity="relu")
print(f"kaiming_normal std {w.std().item():.4f} vs theory {math.sqrt(2 / fan_in):.4f}")
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
print(f"default Linear init bound {1 / math.sqrt(fan_in):.4f}, max |w| {w.abs().max().item():.4f}")
print("gains: relu", round(nn.init.calculate_gain("relu"), 4), "tanh", round(nn.init.calculate_gain("tanh"), 4),
      "leaky_relu(0.2)", round(nn.init.calculate_gain("leaky_relu", 0.2), 4))


def deep_stats(init, act, depth=20, width=256):
    torch.manual_seed(1)
    layers = []
    for _ in range(depth):
        lin = nn.Linear(width, width, bias=False)
        init(lin.weight)
        layers += [lin, act()]
    model = nn.Sequential(*layers)
    h = torch.randn(128, width)
    stds = []
    for m in model:
        h = m(h)
        if not isinstance(m, nn.Linear):
            stds.append(h.std().item())
    out = model(torch.randn(128, width, requires_grad=True))
    out.pow(2).mean().backward()
    g = model[0].weight.grad.std().item()
    return stds[0], stds[len(stds) // 2], stds[-1], g


configs = [("N(0, 0.01) tanh", lambda w: nn.init.normal_(w, 0, 0.01), nn.Tanh),
           ("N(0, 1) tanh", lambda w: nn.init.normal_(w, 0, 1.0), nn.Tanh),
           ("xavier tanh", lambda w: nn.init.xavier_normal_(w, gain=nn.init.calculate_gain("tanh")), nn.Tanh),
           ("xavier relu", nn.init.xavier_normal_, nn.ReLU),
           ("kaiming relu", lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"), nn.ReLU)]
for name, init, act in configs:
    s0, smid, slast, g = deep_stats(init, act)
    print(f"{name:16s} act std layer1 {s0:.3e} layer10 {smid:.3e} layer20 {slast:.3e} | grad std {g:.3e}")
