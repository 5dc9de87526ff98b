# Model interpretability without Captum: vanilla saliency, gradient x input, integrated gradients (Riemann sum
# along a straight path from a baseline) and SmoothGrad, on a small MLP trained on synthetic tabular data where
# only features 0 and 3 matter. Checks the completeness axiom of integrated gradients.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

n, d = 1000, 6
X = torch.randn(n, d)
score = 2.0 * X[:, 0] - 1.5 * X[:, 3] + 1.0 * torch.randn(n)
y = (score > 0).long()

model = nn.Sequential(nn.Linear(d, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
for step in range(150):
    loss = F.cross_entropy(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 49:
        acc = (model(X).argmax(1) == y).float().mean()
        print(f"step {step + 1} loss {loss.item():.4f} acc {acc.item():.3f}")
model.eval()
for p in model.parameters():
    p.requires_grad_(False)


def saliency(x, target):
    x = x.clone().requires_grad_(True)
    out = model(x)[:, target].sum()
    (grad,) = torch.autograd.grad(out, x)
    return grad


def integrated_gradients(x, target, baseline=None, steps=128):
    if baseline is None:
        baseline = torch.zeros_like(x)
    alphas = torch.linspace(0, 1, steps + 1)[1:].view(-1, 1, 1)
    path = baseline + alphas * (x - baseline)  # (steps, batch, d)
    path.requires_grad_(True)
    out = model(path.reshape(-1, x.shape[-1]))[:, target].sum()
    grads = torch.autograd.grad(out, path)[0]
    return (x - baseline) * grads.mean(0)


def smoothgrad(x, target, n=32, sigma=0.2):
    noisy = x.unsqueeze(0) + sigma * torch.randn(n, *x.shape)
    return saliency(noisy.reshape(-1, x.shape[-1]), target).reshape(n, *x.shape).mean(0)


x = torch.tensor([[1.0, 0.5, -0.3, -1.0, 0.2, 0.7]])
probs = F.softmax(model(x), dim=1)
print("probs:", [round(v, 4) for v in probs[0].tolist()])
target = 1
sal = saliency(x, target)
print("saliency        :", [round(v, 3) for v in sal[0].tolist()])
gxi = sal * x
print("grad x input    :", [round(v, 3) for v in gxi[0].tolist()])
ig = integrated_gradients(x, target)
print("integrated grads:", [round(v, 3) for v in ig[0].tolist()])
total = ig.sum().item()
delta = (model(x)[0, target] - model(torch.zeros_like(x))[0, target]).item()
print(f"completeness: sum(IG) {total:.4f} vs f(x)-f(baseline) {delta:.4f}")
print("completeness gap below 0.1:", abs(total - delta) < 0.1)
sg = smoothgrad(x, target)
print("smoothgrad top features:", sg[0].abs().topk(2).indices.tolist())
print("IG top features:", ig[0].abs().topk(2).indices.tolist())

batch = X[:200]
attr = integrated_gradients(batch, target).abs().mean(0)
ranking = attr.argsort(descending=True)
print("mean |IG| per feature:", [round(v, 3) for v in attr.tolist()])
print("feature ranking:", ranking.tolist()[:2])
for steps in (4, 16, 64, 256):
    ig_s = integrated_gradients(x, target, steps=steps)
    print(f"steps {steps:3d}: gap {abs(ig_s.sum().item() - delta):.4f}")
print("requires_grad of weights:", model[0].weight.requires_grad)
