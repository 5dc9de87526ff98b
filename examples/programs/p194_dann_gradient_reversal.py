# Domain-adversarial training (Ganin & Lempitsky 2015, DANN) as the popular PyTorch ports write it: a
# GradientReversal autograd.Function (forward is a view_as, backward negates and scales by alpha, returning None
# for alpha), a feature extractor with a label head and a domain head, two synthetic domains (the target shifted
# and rotated), the alpha schedule 2/(1+exp(-10p))-1, and register_full_backward_hook / register_hook to watch the
# reversed gradients.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Function


class GradientReversalFn(Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.alpha = alpha
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        output = grad_output.neg() * ctx.alpha
        return output, None


class GradientReversal(nn.Module):
    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return GradientReversalFn.apply(x, self.alpha)

    def extra_repr(self):
        return f"alpha={self.alpha}"


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = GradientReversalFn.apply(x, 0.5)
print(y, y.grad_fn.__class__.__name__)
(y * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print("reversed gradient", x.grad)

torch.manual_seed(0)


def make_domain(n, shift, angle):
    labels = torch.randint(0, 2, (n,))
    centers = torch.tensor([[-1.5, 0.0], [1.5, 0.0]])[labels]
    points = centers + 0.6 * torch.randn(n, 2)
    rot = torch.tensor([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return points @ rot.T + shift, labels


xs, ys = make_domain(256, torch.tensor([0.0, 0.0]), 0.0)
xt, yt = make_domain(256, torch.tensor([0.5, 1.0]), 0.6)

features = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU())
label_head = nn.Linear(16, 2)
domain_head = nn.Sequential(GradientReversal(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
print(domain_head)
params = list(features.parameters()) + list(label_head.parameters()) + list(domain_head.parameters())
opt = torch.optim.SGD(params, lr=0.05, momentum=0.9)

seen = {}


def backward_hook(module, grad_input, grad_output):
    seen["in"] = grad_input[0].norm().item()
    seen["out"] = grad_output[0].norm().item()


handle = domain_head[0].register_full_backward_hook(backward_hook)
epochs = 60
for epoch in range(epochs):
    p = epoch / epochs
    alpha = 2.0 / (1.0 + math.exp(-10 * p)) - 1
    domain_head[0].alpha = alpha
    fs, ft = features(xs), features(xt)
    label_loss = F.cross_entropy(label_head(fs), ys)
    domain_logits = domain_head(torch.cat([fs, ft]))
    domain_labels = torch.cat([torch.zeros(256, 1), torch.ones(256, 1)])
    domain_loss = F.binary_cross_entropy_with_logits(domain_logits, domain_labels)
    loss = label_loss + domain_loss
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 20 == 0 or epoch == epochs - 1:
        ratio = seen["in"] / seen["out"] if seen["out"] > 0 else 0.0
        print("epoch %2d alpha %.3f label %.4f domain %.4f |grad in|/|grad out| %.3f" % (
            epoch, alpha, label_loss.item(), domain_loss.item(), ratio))
handle.remove()

with torch.no_grad():
    src_acc = (label_head(features(xs)).argmax(1) == ys).float().mean().item()
    tgt_acc = (label_head(features(xt)).argmax(1) == yt).float().mean().item()
    dom_acc = ((domain_head(torch.cat([features(xs), features(xt)])) > 0).float()
               == torch.cat([torch.zeros(256, 1), torch.ones(256, 1)])).float().mean().item()
print("source accuracy %.3f target accuracy %.3f domain accuracy %.3f" % (src_acc, tgt_acc, dom_acc))

grads = []
h = fs.register_hook(lambda g: grads.append(g.clone()))
fs2 = features(xs[:4])
fs2.register_hook(lambda g: grads.append(g.norm().item()))
GradientReversal(2.0)(fs2).sum().backward()
print("hook saw", round(grads[-1], 4), "== 2 * sqrt(64) =", 2 * math.sqrt(64))
h.remove()
