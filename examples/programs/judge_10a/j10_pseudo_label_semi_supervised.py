# Semi-supervised learning on two-moons-like data with only 20 labels: a supervised baseline, then
# FixMatch-style pseudo-labelling (confidence threshold on a weakly augmented view, consistency loss on a
# strongly augmented view), with masks, a ramped unlabeled-loss weight and an EMA teacher model.
import copy
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def moons(n, noise=0.12):
    t = torch.rand(n) * math.pi
    upper = torch.rand(n) < 0.5
    x = torch.where(upper, torch.cos(t), 1 - torch.cos(t))
    y = torch.where(upper, torch.sin(t), 0.5 - torch.sin(t))
    pts = torch.stack([x, y], 1) + noise * torch.randn(n, 2)
    return pts, (~upper).long()


X, Y = moons(1000)
Xte, Yte = moons(500)
labeled = torch.cat([torch.nonzero(Y == c).flatten()[:10] for c in (0, 1)])
print("labeled:", len(labeled), "unlabeled:", len(X) - len(labeled), "class counts:", Y[labeled].bincount().tolist())


def make_net():
    return nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))


def accuracy(net, x, y):
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def weak(x):
    return x + 0.03 * torch.randn_like(x)


def strong(x):
    return x + 0.15 * torch.randn_like(x)


torch.manual_seed(1)
sup = make_net()
opt = torch.optim.Adam(sup.parameters(), lr=1e-2)
for step in range(300):
    loss = F.cross_entropy(sup(weak(X[labeled])), Y[labeled])
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"supervised only: train loss {loss.item():.4f}, test acc {accuracy(sup, Xte, Yte):.3f}")

torch.manual_seed(1)
student = make_net()
teacher = copy.deepcopy(student)
for p in teacher.parameters():
    p.requires_grad_(False)
opt = torch.optim.Adam(student.parameters(), lr=1e-2)
threshold, ema = 0.95, 0.99
for step in range(600):
    xl, yl = X[labeled], Y[labeled]
    xu = X[torch.randint(0, len(X), (256,))]
    with torch.no_grad():
        probs = F.softmax(teacher(weak(xu)), dim=1)
        conf, pseudo = probs.max(1)
        mask = (conf >= threshold).float()
    sup_loss = F.cross_entropy(student(weak(xl)), yl)
    unsup_loss = (F.cross_entropy(student(strong(xu)), pseudo, reduction="none") * mask).mean()
    lam = min(1.0, step / 200)
    loss = sup_loss + lam * unsup_loss
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for pt, ps in zip(teacher.parameters(), student.parameters()):
            pt.mul_(ema).add_(ps, alpha=1 - ema)
    if step % 150 == 149:
        print(f"step {step + 1}: sup {sup_loss.item():.4f} unsup {unsup_loss.item():.4f} "
              f"mask rate {mask.mean().item():.2f} lambda {lam:.2f}")

print(f"student test acc {accuracy(student, Xte, Yte):.3f}")
print(f"teacher test acc {accuracy(teacher, Xte, Yte):.3f}")
with torch.no_grad():
    p_all = F.softmax(teacher(X), dim=1)
    conf, pseudo = p_all.max(1)
    keep = conf > threshold
print(f"pseudo-label accuracy on confident points: {(pseudo[keep] == Y[keep]).float().mean().item():.3f}")
print("teacher requires grad:", any(p.requires_grad for p in teacher.parameters()))
grid = torch.tensor([[0.0, 1.0], [1.0, -0.5], [0.5, 0.25]])
print("teacher on probe points:", teacher(grid).argmax(1).tolist())
print("mask dtype:", mask.dtype, "pseudo dtype:", pseudo.dtype)
