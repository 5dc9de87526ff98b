# Losses for imbalanced and noisy labels, as their papers and reference implementations define them (written
# here in our own code): sigmoid focal loss (Lin et al. 2017, torchvision.ops.sigmoid_focal_loss's formula) and
# softmax focal loss with per-class alpha, center loss (Wen et al. 2016) with its own centers optimizer, and
# label-noise robust losses -- generalized cross entropy (Zhang & Sabuncu 2018), symmetric cross entropy (Wang
# et al. 2019) and MAE -- compared with cross entropy when 40% of the training labels are flipped.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


class FocalLoss(nn.Module):
    """Multi-class focal loss: -alpha_y (1 - p_y)^gamma log p_y."""

    def __init__(self, alpha=None, gamma=2.0):
        super().__init__()
        self.register_buffer("alpha", alpha)
        self.gamma = gamma

    def forward(self, logits, target):
        log_p = F.log_softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
        loss = -((1 - log_p.exp()) ** self.gamma) * log_p
        if self.alpha is not None:
            loss = loss * self.alpha[target]
        return loss.mean()


logits = torch.tensor([[2.0, -1.0, 0.5], [0.1, 0.2, 3.0], [-2.0, 1.0, 0.0]], requires_grad=True)
target = torch.tensor([0, 2, 0])
print(sigmoid_focal_loss(logits, F.one_hot(target, 3).float()))
print(sigmoid_focal_loss(logits, F.one_hot(target, 3).float(), reduction="mean"))
fl = FocalLoss(gamma=0.0)
print("gamma=0 equals CE:", torch.allclose(fl(logits, target), F.cross_entropy(logits, target)))
fl = FocalLoss(alpha=torch.tensor([0.25, 0.5, 0.25]), gamma=2.0)
loss = fl(logits, target)
loss.backward()
print(loss, logits.grad)

# imbalanced binary detection: 5% positives
n = 1000
x = torch.randn(n, 2)
y = ((x[:, 0] - 1.8) ** 2 + (x[:, 1] - 1.0) ** 2 < 0.9).float()
print("positives:", int(y.sum()), "of", n)
for name, loss_fn in [("bce", lambda z, t: F.binary_cross_entropy_with_logits(z, t)),
                      ("focal", lambda z, t: sigmoid_focal_loss(z, t, reduction="mean"))]:
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    for step in range(150):
        z = net(x).squeeze(1)
        loss = loss_fn(z, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = net(x).squeeze(1) > 0
        tp = (pred & (y == 1)).sum().item()
        recall = tp / y.sum().item()
        precision = tp / max(pred.sum().item(), 1)
    print(f"{name:5s} loss {loss.item():.4f} recall {recall:.3f} precision {precision:.3f}")


class CenterLoss(nn.Module):
    """0.5 * mean ||f_i - c_{y_i}||^2 with learnable class centers."""

    def __init__(self, num_classes, feat_dim):
        super().__init__()
        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim))

    def forward(self, features, labels):
        return 0.5 * (features - self.centers[labels]).pow(2).sum(1).mean()


# 4 classes of 10-d blobs; a 2-d embedding trained with CE alone and with CE + center loss
centers_true = torch.randn(4, 10) * 2
labels = torch.randint(0, 4, (400,))
data = centers_true[labels] + torch.randn(400, 10)
for lam in (0.0, 0.1):
    torch.manual_seed(3)
    embed = nn.Sequential(nn.Linear(10, 32), nn.PReLU(), nn.Linear(32, 2))
    head = nn.Linear(2, 4)
    center_loss = CenterLoss(4, 2)
    opt = torch.optim.SGD(list(embed.parameters()) + list(head.parameters()), lr=0.05, momentum=0.9)
    opt_centers = torch.optim.SGD(center_loss.parameters(), lr=0.5)
    for step in range(100):
        f = embed(data)
        loss = F.cross_entropy(head(f), labels) + lam * center_loss(f, labels)
        opt.zero_grad()
        opt_centers.zero_grad()
        loss.backward()
        if lam > 0:
            for p in center_loss.parameters():
                p.grad.data *= 1.0 / lam  # the paper's separate center learning rate alpha
        opt.step()
        opt_centers.step()
    with torch.no_grad():
        f = embed(data)
        acc = (head(f).argmax(1) == labels).float().mean().item()
        means = torch.stack([f[labels == k].mean(0) for k in range(4)])
        intra = torch.stack([(f[labels == k] - means[k]).norm(dim=1).mean() for k in range(4)]).mean().item()
        inter = torch.pdist(means).min().item()
    print(f"center loss weight {lam}: accuracy {acc:.3f} intra-class spread {intra:.3f} min center distance {inter:.3f}")


def gce_loss(logits, target, q=0.7):
    p = F.softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
    return ((1 - p.clamp_min(1e-7) ** q) / q).mean()


def sce_loss(logits, target, alpha=0.1, beta=1.0, A=-4.0):
    ce = F.cross_entropy(logits, target)
    pred = F.softmax(logits, dim=1).clamp(min=1e-7, max=1.0)
    one_hot = F.one_hot(target, logits.shape[1]).to(logits.dtype).clamp(min=10 ** A, max=1.0)
    rce = -(pred * torch.log(one_hot)).sum(1).mean()
    return alpha * ce + beta * rce


def mae_loss(logits, target):
    return (F.softmax(logits, 1) - F.one_hot(target, logits.shape[1]).to(logits.dtype)).abs().sum(1).mean()


# noisy labels: 40% of the training labels replaced by a random other class
g = torch.Generator().manual_seed(4)
labels = torch.randint(0, 4, (600,), generator=g)
data = centers_true[labels] + 1.5 * torch.randn(600, 10, generator=g)
train_x, test_x = data[:400].double(), data[400:].double()  # float64: memorising noise amplifies round-off
clean_y, test_y = labels[:400], labels[400:]
flip = torch.rand(400, generator=g) < 0.4
noisy_y = torch.where(flip, (clean_y + torch.randint(1, 4, (400,), generator=g)) % 4, clean_y)
print("label noise:", round((noisy_y != clean_y).float().mean().item(), 3))
for name, loss_fn in [("ce", F.cross_entropy), ("gce", gce_loss), ("sce", sce_loss), ("mae", mae_loss)]:
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 4)).double()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    for epoch in range(200):
        loss = loss_fn(net(train_x), noisy_y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        fit_noisy = (net(train_x).argmax(1) == noisy_y)[flip].float().mean().item()
        test_acc = (net(test_x).argmax(1) == test_y).float().mean().item()
    print(f"{name:3s}: final loss {loss.item():.4f} memorised flipped labels {fit_noisy:.3f} test accuracy {test_acc:.3f}")
