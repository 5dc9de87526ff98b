# Weight initialisation with nn.init and module.apply; inspecting modules, parameters and buffers.
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(channels)

    def forward(self, x):
        return torch.relu(self.norm(self.conv(x))) + x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.blocks = nn.ModuleList([Block(8) for _ in range(2)])
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4))

    def forward(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.constant_(m.bias, 0.1)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)


torch.manual_seed(0)
net = Net()
net.apply(init_weights)
print(net)
for name, p in net.named_parameters():
    print(f"{name:24s} {tuple(p.shape)}")
print("buffers:", [name for name, _ in net.named_buffers()])
print("total parameters:", sum(p.numel() for p in net.parameters()))
print("head bias:", net.head[2].bias)
print("bn weight:", net.blocks[0].norm.weight)
print("children:", [name for name, _ in net.named_children()])
print("modules:", len(list(net.modules())))
w = net.stem.weight
std = (2.0 / (w.shape[0] * 3 * 3)) ** 0.5
print("kaiming std close:", abs(w.std().item() - std) < 0.1)
print("xavier bound respected:", net.head[2].weight.abs().max().item() <= (6 / 12) ** 0.5)
out = net(torch.ones(2, 3, 6, 6))
print("output:", out.shape)
net.requires_grad_(False)
print("frozen:", any(p.requires_grad for p in net.parameters()))
