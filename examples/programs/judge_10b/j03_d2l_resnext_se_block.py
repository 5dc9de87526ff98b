# d2l.ai "Residual Networks (ResNet) and ResNeXt": the Residual block with optional 1x1 projection, the
# ResNeXt block with grouped 3x3 convolutions (groups=...), a squeeze-and-excitation gate added on top,
# parameter counts of grouped vs dense convs, and a short training run on synthetic blob images.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Residual(nn.Module):
    def __init__(self, in_c, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(in_c, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return F.relu(Y + X)


class SqueezeExcite(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.fc1 = nn.Linear(c, c // r)
        self.fc2 = nn.Linear(c // r, c)

    def forward(self, x):
        s = x.mean(dim=(2, 3))
        g = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * g[:, :, None, None]


class ResNeXtBlock(nn.Module):
    def __init__(self, in_c, num_channels, groups, bot_mul, use_1x1conv=False, strides=1, se=False):
        super().__init__()
        bot_channels = int(round(num_channels * bot_mul))
        self.conv1 = nn.Conv2d(in_c, bot_channels, kernel_size=1, stride=1)
        self.conv2 = nn.Conv2d(bot_channels, bot_channels, kernel_size=3, stride=strides, padding=1,
                               groups=bot_channels // groups)
        self.conv3 = nn.Conv2d(bot_channels, num_channels, kernel_size=1, stride=1)
        self.bn1, self.bn2 = nn.BatchNorm2d(bot_channels), nn.BatchNorm2d(bot_channels)
        self.bn3 = nn.BatchNorm2d(num_channels)
        self.se = SqueezeExcite(num_channels) if se else nn.Identity()
        if use_1x1conv:
            self.conv4 = nn.Conv2d(in_c, num_channels, kernel_size=1, stride=strides)
            self.bn4 = nn.BatchNorm2d(num_channels)
        else:
            self.conv4 = None

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = F.relu(self.bn2(self.conv2(Y)))
        Y = self.se(self.bn3(self.conv3(Y)))
        if self.conv4:
            X = self.bn4(self.conv4(X))
        return F.relu(Y + X)


X = torch.rand(4, 3, 6, 6)
print("residual:", Residual(3, 3)(X).shape)
print("residual 1x1 stride 2:", Residual(3, 6, use_1x1conv=True, strides=2)(X).shape)
blk = ResNeXtBlock(32, 32, 16, 1)
print("resnext:", blk(torch.rand(4, 32, 96 // 16, 96 // 16)).shape)
print("grouped conv weight:", tuple(blk.conv2.weight.shape), "groups:", blk.conv2.groups)
dense = nn.Conv2d(32, 32, 3, padding=1)
print("params grouped vs dense 3x3:", sum(p.numel() for p in blk.conv2.parameters()),
      sum(p.numel() for p in dense.parameters()))
try:
    nn.Conv2d(30, 32, 3, groups=4)
except ValueError as e:
    print("ValueError:", e)

net = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    ResNeXtBlock(16, 32, 8, 0.5, use_1x1conv=True, strides=2, se=True),
    ResNeXtBlock(32, 32, 8, 0.5, se=True),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2))
print("total params:", sum(p.numel() for p in net.parameters()))


def make(n):
    y = torch.randint(0, 2, (n,))
    yy, xx = torch.meshgrid(torch.arange(12.0), torch.arange(12.0), indexing="ij")
    c = torch.randint(3, 9, (n, 2)).float()
    r2 = (yy - c[:, 0, None, None]) ** 2 + (xx - c[:, 1, None, None]) ** 2
    img = torch.where(y[:, None, None] == 1, (r2 < 6).float(), ((r2 < 9) & (r2 > 3)).float())
    return (img + 0.3 * torch.randn(n, 12, 12)).unsqueeze(1), y


Xtr, ytr = make(256)
Xte, yte = make(100)
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for epoch in range(5):
    net.train()
    perm = torch.randperm(256)
    for k in range(0, 256, 32):
        idx = perm[k:k + 32]
        loss = F.cross_entropy(net(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        acc = (net(Xte).argmax(1) == yte).float().mean().item()
    print(f"epoch {epoch + 1} loss {loss.item():.4f} test acc {acc:.3f}")
captured = {}
handle = net[3].se.fc2.register_forward_hook(lambda m, inp, out: captured.update(g=torch.sigmoid(out)))
with torch.no_grad():
    net(Xte[:2])
handle.remove()
s = captured["g"]
print("SE gates in (0, 1):", bool(((s > 0) & (s < 1)).all()), tuple(s.shape))
