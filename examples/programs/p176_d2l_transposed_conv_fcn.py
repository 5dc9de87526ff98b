# d2l.ai chapter 14.10-14.11: transposed convolution by hand (trans_conv) checked against nn.ConvTranspose2d with
# weight.data = K, padding, stride and multiple channels (conv then tconv shapes), the connection to matrix
# multiplication (kernel2matrix, torch.matmul against conv2d and conv_transpose2d), then the fully convolutional
# network: a small conv backbone, a 1x1 conv to num_classes, a ConvTranspose2d initialized with bilinear_kernel
# via weight.data.copy_, upsampling checked, and the per-pixel loss F.cross_entropy(..., reduction='none')
# .mean(1).mean(1) trained a few steps on synthetic two-class masks.
import torch
from torch import nn
from torch.nn import functional as F


def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y


X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(trans_conv(X, K))

X, K = X.reshape(1, 1, 2, 2), K.reshape(1, 1, 2, 2)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, padding=1, bias=False)
tconv.weight.data = K
print(tconv(X))
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)
tconv.weight.data = K
print(tconv(X))

torch.manual_seed(0)
X = torch.rand(size=(1, 10, 16, 16))
conv = nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
print(conv(X).shape, tconv(conv(X)).shape == X.shape)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3, output_padding=2)
print(tconv(conv(X)).shape)

X = torch.arange(9.0).reshape(3, 3)
K = torch.tensor([[1.0, 2.0], [3.0, 4.0]])


def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y


Y = corr2d(X, K)
print(Y)


def kernel2matrix(K):
    k, W = torch.zeros(5), torch.zeros((4, 9))
    k[:2], k[3:5] = K[0, :], K[1, :]
    W[0, :5], W[1, 1:6], W[2, 3:8], W[3, 4:] = k, k, k, k
    return W


W = kernel2matrix(K)
print(W)
print(Y == torch.matmul(W, X.reshape(-1)).reshape(2, 2))
Z = trans_conv(Y, K)
print(Z == torch.matmul(W.T, Y.reshape(-1)).reshape(3, 3))
print(torch.allclose(F.conv2d(X[None, None], K[None, None])[0, 0], Y),
      torch.allclose(F.conv_transpose2d(Y[None, None], K[None, None])[0, 0], Z))


def bilinear_kernel(in_channels, out_channels, kernel_size):
    factor = (kernel_size + 1) // 2
    if kernel_size % 2 == 1:
        center = factor - 1
    else:
        center = factor - 0.5
    og = (torch.arange(kernel_size).reshape(-1, 1), torch.arange(kernel_size).reshape(1, -1))
    filt = (1 - torch.abs(og[0] - center) / factor) * (1 - torch.abs(og[1] - center) / factor)
    weight = torch.zeros((in_channels, out_channels, kernel_size, kernel_size))
    weight[range(in_channels), range(out_channels), :, :] = filt
    return weight


print(bilinear_kernel(1, 1, 4)[0, 0])
conv_trans = nn.ConvTranspose2d(3, 3, kernel_size=4, padding=1, stride=2, bias=False)
conv_trans.weight.data.copy_(bilinear_kernel(3, 3, 4))
img = torch.arange(48.0).reshape(1, 3, 4, 4) / 48
out_img = conv_trans(img)
print('input image shape:', img.shape)
print('output image shape:', out_img.shape)
print(out_img[0, 0, :4, :4])

num_classes = 2
torch.manual_seed(1)
net = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
)
X = torch.rand(size=(1, 3, 32, 32))
print(net(X).shape)
net.add_module('final_conv', nn.Conv2d(32, num_classes, kernel_size=1))
net.add_module('transpose_conv', nn.ConvTranspose2d(num_classes, num_classes, kernel_size=8, padding=2, stride=4))
W = bilinear_kernel(num_classes, num_classes, 8)
net.transpose_conv.weight.data.copy_(W)
print(net(X).shape)
print([name for name, _ in net.named_children()])

# Synthetic segmentation: the foreground is a bright square
torch.manual_seed(2)
images = torch.rand(32, 3, 32, 32) * 0.5
masks = torch.zeros(32, 32, 32, dtype=torch.long)
for n in range(32):
    r, c = torch.randint(0, 16, (2,)).tolist()
    images[n, :, r:r + 12, c:c + 12] += 0.5
    masks[n, r:r + 12, c:c + 12] = 1
print(images.shape, masks.float().mean())


def loss(inputs, targets):
    return F.cross_entropy(inputs, targets, reduction='none').mean(1).mean(1)


trainer = torch.optim.SGD(net.parameters(), lr=0.1, weight_decay=1e-3)
for epoch in range(3):
    net.train()
    for start in range(0, 32, 8):
        l = loss(net(images[start:start + 8]), masks[start:start + 8])
        trainer.zero_grad()
        l.sum().backward()
        trainer.step()
    net.eval()
    with torch.no_grad():
        pred = net(images).argmax(dim=1)
    print(f"epoch {epoch + 1}, loss {l.mean().item():.3f}, pixel acc {(pred == masks).float().mean().item():.3f}")
print(l.shape, pred.shape, pred.dtype)
