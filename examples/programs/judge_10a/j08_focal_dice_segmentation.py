# Binary segmentation of synthetic 24x24 images containing one noisy disc: a small encoder-decoder with
# ConvTranspose2d and a skip connection, trained with focal loss + soft Dice loss written as nn.Modules,
# evaluated with IoU; the losses are first compared with plain BCE on a few toy logits.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)
H = W = 24


def make_data(n):
    yy, xx = torch.meshgrid(torch.arange(H).float(), torch.arange(W).float(), indexing="ij")
    cx, cy = torch.randint(6, 18, (2, n)).float()
    r = torch.randint(3, 6, (n,)).float()
    masks = ((xx - cx[:, None, None]) ** 2 + (yy - cy[:, None, None]) ** 2 <= r[:, None, None] ** 2).float()
    imgs = 0.6 * masks + 0.35 * torch.randn(n, H, W)
    return imgs.unsqueeze(1), masks.unsqueeze(1)


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0):
        super().__init__()
        self.alpha, self.gamma = alpha, gamma

    def forward(self, logits, target):
        p = torch.sigmoid(logits)
        ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
        p_t = p * target + (1 - p) * (1 - target)
        a_t = self.alpha * target + (1 - self.alpha) * (1 - target)
        return (a_t * (1 - p_t) ** self.gamma * ce).mean()


class DiceLoss(nn.Module):
    def forward(self, logits, target, eps=1.0):
        p = torch.sigmoid(logits).flatten(1)
        t = target.flatten(1)
        dice = (2 * (p * t).sum(1) + eps) / (p.sum(1) + t.sum(1) + eps)
        return 1 - dice.mean()


class TinyUNet(nn.Module):
    def __init__(self, c=8):
        super().__init__()
        self.down1 = nn.Sequential(nn.Conv2d(1, c, 3, padding=1), nn.ReLU())
        self.down2 = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(2 * c, c, kernel_size=2, stride=2)
        self.fuse = nn.Sequential(nn.Conv2d(2 * c, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, 1, 1))

    def forward(self, x):
        s = self.down1(x)
        u = self.up(self.down2(s))
        return self.fuse(torch.cat([u, s], dim=1))


focal, dice = FocalLoss(), DiceLoss()
logits = torch.tensor([[2.0, -1.0], [0.5, -3.0]])
target = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
print(f"focal loss on toy logits: {focal(logits, target).item():.4f}")
print(f"plain BCE on toy logits : {F.binary_cross_entropy_with_logits(logits, target).item():.4f}")
print(f"dice loss on toy logits : {dice(logits.view(1, 2, 2), target.view(1, 2, 2)).item():.4f}")

xtr, ytr = make_data(256)
xte, yte = make_data(64)
print("images:", tuple(xtr.shape), "foreground fraction:", round(ytr.mean().item(), 3) < 0.3)
model = TinyUNet()
print("output shape:", tuple(model(xtr[:2]).shape))
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
loader = DataLoader(TensorDataset(xtr, ytr), batch_size=32, shuffle=True)


def iou(logits, target):
    pred = logits > 0
    inter = (pred & (target > 0.5)).sum((1, 2, 3)).float()
    union = (pred | (target > 0.5)).sum((1, 2, 3)).float()
    return (inter / union.clamp(min=1)).mean().item()


for epoch in range(12):
    for x, y in loader:
        out = model(x)
        loss = 10 * focal(out, y) + dice(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 3 == 2:
        with torch.no_grad():
            out = model(xte)
        print(f"epoch {epoch + 1} loss {loss.item():.4f} focal {focal(out, yte).item():.4f} "
              f"dice {dice(out, yte).item():.4f} IoU {iou(out, yte):.3f}")

with torch.no_grad():
    out = model(xte[:1])
print("predicted area", int((out > 0).sum()), "true area", int(yte[:1].sum()))
print("up-conv weight shape:", tuple(model.up.weight.shape))
print("loss grad_fn:", type(loss.grad_fn).__name__)
