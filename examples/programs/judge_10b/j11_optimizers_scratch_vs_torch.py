# Optimizers from scratch (d2l.ai chapter 12 style, following the pseudo-code in the torch.optim docs):
# Adagrad, RMSProp, Adadelta, Adam with bias correction, AdamW's decoupled weight decay and Nesterov momentum,
# written as functions over a state dict, each checked step-for-step against its torch.optim counterpart
# on a small regression model, then all compared on an ill-conditioned quadratic.
import copy
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def adagrad(p, g, s, lr=0.1, eps=1e-10):
    s["sum"] = s.get("sum", torch.zeros_like(p)) + g * g
    p -= lr * g / (s["sum"].sqrt() + eps)


def rmsprop(p, g, s, lr=0.01, alpha=0.99, eps=1e-8):
    s["v"] = alpha * s.get("v", torch.zeros_like(p)) + (1 - alpha) * g * g
    p -= lr * g / (s["v"].sqrt() + eps)


def adadelta(p, g, s, lr=1.0, rho=0.9, eps=1e-6):
    s["v"] = rho * s.get("v", torch.zeros_like(p)) + (1 - rho) * g * g
    u = s.get("u", torch.zeros_like(p))
    delta = (u + eps).sqrt() / (s["v"] + eps).sqrt() * g
    s["u"] = rho * u + (1 - rho) * delta * delta
    p -= lr * delta


def adam(p, g, s, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False):
    s["t"] = s.get("t", 0) + 1
    if weight_decay and decoupled:
        p *= 1 - lr * weight_decay
    elif weight_decay:
        g = g + weight_decay * p
    s["m"] = betas[0] * s.get("m", torch.zeros_like(p)) + (1 - betas[0]) * g
    s["v"] = betas[1] * s.get("v", torch.zeros_like(p)) + (1 - betas[1]) * g * g
    m_hat = s["m"] / (1 - betas[0] ** s["t"])
    v_hat = s["v"] / (1 - betas[1] ** s["t"])
    p -= lr * m_hat / (v_hat.sqrt() + eps)


def nesterov_sgd(p, g, s, lr=0.05, momentum=0.9):
    s["b"] = momentum * s["b"] + g if "b" in s else g.clone()
    p -= lr * (g + momentum * s["b"])


X = torch.randn(64, 5)
Y = X @ torch.randn(5, 2) + 0.1 * torch.randn(64, 2)
base = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 2))

pairs = [("Adagrad", adagrad, {}, lambda ps: torch.optim.Adagrad(ps, lr=0.1)),
         ("RMSprop", rmsprop, {}, lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
         ("Adadelta", adadelta, {}, lambda ps: torch.optim.Adadelta(ps, lr=1.0)),
         ("Adam", adam, {}, lambda ps: torch.optim.Adam(ps, lr=0.01)),
         ("Adam+L2", adam, {"weight_decay": 0.1}, lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1)),
         ("AdamW", adam, {"weight_decay": 0.1, "decoupled": True},
          lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)),
         ("SGD nesterov", nesterov_sgd, {}, lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True))]

for name, fn, kw, make in pairs:
    mine, ref = copy.deepcopy(base), copy.deepcopy(base)
    opt = make(ref.parameters())
    states = [dict() for _ in mine.parameters()]
    for step in range(25):
        loss_m = F.mse_loss(mine(X), Y)
        grads = torch.autograd.grad(loss_m, list(mine.parameters()))
        with torch.no_grad():
            for p, g, s in zip(mine.parameters(), grads, states):
                fn(p, g, s, **kw)
        opt.zero_grad()
        loss_r = F.mse_loss(ref(X), Y)
        loss_r.backward()
        opt.step()
    diff = max((a - b).abs().max().item() for a, b in zip(mine.parameters(), ref.parameters()))
    print(f"{name:13s} loss after 25 steps {loss_m.item():.4f} | torch.optim {loss_r.item():.4f} | "
          f"same params: {diff < 1e-5}")

w = nn.Parameter(torch.ones(3))
adam_opt = torch.optim.Adam([w], lr=0.1)
w.sum().backward()
adam_opt.step()
st = adam_opt.state[w]
print("Adam state keys:", sorted(st.keys()), "step:", float(st["step"]), "w:", [round(v, 4) for v in w.tolist()])
print("SGD momentum buffer shape:", tuple(opt.state[next(ref.parameters())]["momentum_buffer"].shape))


def f(x):
    return 0.1 * x[0] ** 2 + 2 * x[1] ** 2


for name, fn, kw in (("adagrad", adagrad, {"lr": 0.4}), ("rmsprop", rmsprop, {"lr": 0.1, "alpha": 0.9}),
                     ("adadelta", adadelta, {"lr": 1.0}), ("adam", adam, {"lr": 0.1}),
                     ("nesterov", nesterov_sgd, {"lr": 0.1, "momentum": 0.5})):
    x = torch.tensor([-5.0, -2.0], requires_grad=True)
    s = {}
    for i in range(40):
        (g,) = torch.autograd.grad(f(x), x)
        with torch.no_grad():
            fn(x, g, s, **kw)
    print(f"{name:9s} after 40 steps: x = [{x[0].item():.4f}, {x[1].item():.4f}], f = {f(x).item():.4f}")
