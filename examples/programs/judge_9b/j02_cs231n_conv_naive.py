# CS231n assignment 2, ConvolutionalNetworks.ipynb with torch tensors in place of NumPy: conv_forward_naive and
# max_pool_forward_naive as loops, checked with rel_error against F.conv2d / F.max_pool2d on the notebook's
# linspace inputs; the backward passes by hand checked against autograd; spatial batch norm and spatial group
# norm forward passes checked against nn.BatchNorm2d / nn.GroupNorm; and a three-layer ConvNet overfitting
# a small batch.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(231)
torch.set_default_dtype(torch.float64)


def rel_error(x, y):
    return torch.max(torch.abs(x - y) / torch.clamp(torch.abs(x) + torch.abs(y), min=1e-8)).item()


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F_, _, HH, WW = w.shape
    H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    xp = F.pad(x, (pad, pad, pad, pad))
    out = torch.zeros(N, F_, H_out, W_out)
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = (window * w[f]).sum() + b[f]
    return out


x_shape, w_shape = (2, 3, 4, 4), (3, 3, 4, 4)
x = torch.linspace(-0.1, 0.5, steps=2 * 3 * 4 * 4).reshape(x_shape)
w = torch.linspace(-0.2, 0.3, steps=3 * 3 * 4 * 4).reshape(w_shape)
b = torch.linspace(-0.1, 0.2, steps=3)
out = conv_forward_naive(x, w, b, {"stride": 2, "pad": 1})
correct_out = F.conv2d(x, w, b, stride=2, padding=1)
print("conv out shape:", tuple(out.shape))
print(out[0, 0])
print("Testing conv_forward_naive, difference < 1e-8:", rel_error(out, correct_out) < 1e-8)


def max_pool_forward_naive(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    out = torch.zeros(N, C, 1 + (H - ph) // s, 1 + (W - pw) // s)
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].amax(dim=(2, 3))
    return out


x = torch.linspace(-0.3, 0.4, steps=2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
pool = max_pool_forward_naive(x, {"pool_width": 2, "pool_height": 2, "stride": 2})
print("max pool:", pool[0, 0])
print("Testing max_pool_forward_naive:", rel_error(pool, F.max_pool2d(x, 2, 2)) < 1e-8)

# backward passes written by hand: for the convolution use conv2d on the padded input's gradient
x = torch.randn(4, 3, 5, 5, requires_grad=True)
w = torch.randn(2, 3, 3, 3, requires_grad=True)
b = torch.randn(2, requires_grad=True)
out = F.conv2d(x, w, b, stride=1, padding=1)
dout = torch.randn_like(out)
out.backward(dout)
db = dout.sum(dim=(0, 2, 3))
dw = F.conv2d(F.pad(x.detach(), (1, 1, 1, 1)).transpose(0, 1), dout.transpose(0, 1)).transpose(0, 1)
dx = F.conv_transpose2d(dout, w.detach(), padding=1)
print("dx error small:", rel_error(dx, x.grad) < 1e-8)
print("dw error small:", rel_error(dw, w.grad) < 1e-8)
print("db error small:", rel_error(db, b.grad) < 1e-8)

# max-pool backward: the gradient goes to the argmax of each window
xp = torch.randn(2, 2, 4, 4, requires_grad=True)
pooled, idx = F.max_pool2d(xp, 2, 2, return_indices=True)
gp = torch.randn_like(pooled)
pooled.backward(gp)
manual = torch.zeros(2, 2, 16).scatter_(2, idx.flatten(2), gp.flatten(2)).view(2, 2, 4, 4)
print("maxpool dx error small:", rel_error(manual, xp.grad) < 1e-8)


def spatial_batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    return gamma.view(1, -1, 1, 1) * (x - mean) / torch.sqrt(var + eps) + beta.view(1, -1, 1, 1)


def spatial_groupnorm_forward(x, gamma, beta, G, eps=1e-5):
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    xg = (xg - xg.mean(-1, keepdim=True)) / torch.sqrt(xg.var(-1, unbiased=False, keepdim=True) + eps)
    return gamma.view(1, C, 1, 1) * xg.reshape(N, C, H, W) + beta.view(1, C, 1, 1)


x = 4 * torch.randn(2, 3, 4, 5) + 10
gamma, beta = torch.tensor([3.0, 4.0, 5.0]), torch.tensor([6.0, 7.0, 8.0])
out = spatial_batchnorm_forward(x, gamma, beta)
print("  means:", out.mean(dim=(0, 2, 3)))
print("  stds:", out.std(dim=(0, 2, 3), unbiased=False))
bn = nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(gamma); bn.bias.copy_(beta)
print("batchnorm matches:", rel_error(out, bn(x)) < 1e-7)
x = torch.randn(2, 6, 4, 5)
g, bt = torch.randn(6), torch.randn(6)
gn = nn.GroupNorm(2, 6)
with torch.no_grad():
    gn.weight.copy_(g); gn.bias.copy_(bt)
print("groupnorm matches:", rel_error(spatial_groupnorm_forward(x, g, bt, 2), gn(x)) < 1e-7)

# ThreeLayerConvNet overfitting 20 examples
torch.set_default_dtype(torch.float32)
net = nn.Sequential(nn.Conv2d(3, 8, 7, padding=3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(8 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 10))
X, y = torch.randn(20, 3, 16, 16), torch.randint(0, 10, (20,))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for epoch in range(30):
    loss = F.cross_entropy(net(X), y)
    opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 10 == 9:
        print(f"(Epoch {epoch + 1} / 30) loss: {loss.item():.4f}")
print("train acc:", (net(X).argmax(1) == y).float().mean().item())
