# d2l.ai "Densely Connected Networks" and "Multi-Branch Networks (GoogLeNet)": conv_block with BN-ReLU-Conv,
# DenseBlock concatenating channels, transition blocks, an Inception block with four parallel paths; the
# layer-by-layer shape walk d2l prints, then a few training steps of a tiny DenseNet on synthetic 3-class images.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def conv_block(in_channels, num_channels):
    return nn.Sequential(nn.BatchNorm2d(in_channels), nn.ReLU(),
                         nn.Conv2d(in_channels, num_channels, kernel_size=3, padding=1))


class DenseBlock(nn.Module):
    def __init__(self, num_convs, in_channels, num_channels):
        super().__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels * i + in_channels, num_channels))
        self.net = nn.Sequential(*layer)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X


def transition_block(in_channels, num_channels):
    return nn.Sequential(nn.BatchNorm2d(in_channels), nn.ReLU(),
                         nn.Conv2d(in_channels, num_channels, kernel_size=1),
                         nn.AvgPool2d(kernel_size=2, stride=2))


blk = DenseBlock(2, 3, 10)
X = torch.randn(4, 3, 8, 8)
Y = blk(X)
print("dense block:", Y.shape)
print("transition:", transition_block(23, 10)(Y).shape)


class Inception(nn.Module):
    def __init__(self, in_c, c1, c2, c3, c4):
        super().__init__()
        self.b1_1 = nn.Conv2d(in_c, c1, kernel_size=1)
        self.b2_1 = nn.Conv2d(in_c, c2[0], kernel_size=1)
        self.b2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.b3_1 = nn.Conv2d(in_c, c3[0], kernel_size=1)
        self.b3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.b4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.b4_2 = nn.Conv2d(in_c, c4, kernel_size=1)

    def forward(self, x):
        b1 = F.relu(self.b1_1(x))
        b2 = F.relu(self.b2_2(F.relu(self.b2_1(x))))
        b3 = F.relu(self.b3_2(F.relu(self.b3_1(x))))
        b4 = F.relu(self.b4_2(self.b4_1(x)))
        return torch.cat((b1, b2, b3, b4), dim=1)


inc = Inception(16, 8, (8, 12), (2, 4), 4)
print("inception:", inc(torch.randn(2, 16, 12, 12)).shape)
print("inception params:", sum(p.numel() for p in inc.parameters()))

growth_rate, num_convs_in_dense_blocks = 8, [2, 2, 2]
num_channels = 16
blks = []
for i, num_convs in enumerate(num_convs_in_dense_blocks):
    blks.append(DenseBlock(num_convs, num_channels, growth_rate))
    num_channels += num_convs * growth_rate
    if i != len(num_convs_in_dense_blocks) - 1:
        blks.append(transition_block(num_channels, num_channels // 2))
        num_channels = num_channels // 2
net = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    *blks, nn.BatchNorm2d(num_channels), nn.ReLU(),
    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(num_channels, 3))

X = torch.rand(size=(1, 1, 16, 16))
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, "output shape:\t", X.shape)

# synthetic images: horizontal stripes, vertical stripes, checkerboard
def make(n):
    y = torch.randint(0, 3, (n,))
    i = torch.arange(16)
    pats = torch.stack([(i[:, None] % 4 < 2).float().expand(16, 16), (i[None, :] % 4 < 2).float().expand(16, 16),
                        ((i[:, None] + i[None, :]) % 2).float()])
    return (pats[y] + 0.5 * torch.randn(n, 16, 16)).unsqueeze(1), y


Xtr, ytr = make(96)
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for epoch in range(8):
    net.train()
    for k in range(0, 96, 32):
        loss = F.cross_entropy(net(Xtr[k:k + 32]), ytr[k:k + 32])
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch + 1} loss {loss.item():.4f}")
net.eval()
Xte, yte = make(60)
with torch.no_grad():
    print(f"test acc {(net(Xte).argmax(1) == yte).float().mean().item():.3f}")
