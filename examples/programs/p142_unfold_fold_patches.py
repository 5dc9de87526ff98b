# unfold/fold as the docs and Stack Overflow answers use them: F.unfold (im2col) turning a convolution into a
# matmul (checked against F.conv2d, with its gradient), F.fold putting patches back (overlaps summed, divided by
# fold(unfold(ones)) to invert), nn.Unfold/nn.Fold modules, Tensor.unfold sliding windows (moving averages,
# 1-d framing), non-overlapping image patches for a ViT with unfold+permute, and avg-pooling via unfold.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

# docs example
unfold = nn.Unfold(kernel_size=(2, 3))
input = torch.randn(2, 5, 3, 4)
output = unfold(input)
# each patch contains 30 values (2x3=6 vectors, each of 5 channels)
# 4 blocks (2x3 kernels) in total in the 3x4 input
print(output.size())
print(unfold)

fold = nn.Fold(output_size=(4, 5), kernel_size=(2, 2))
input = torch.randn(1, 3 * 2 * 2, 12)
output = fold(input)
print(output.size())
print(fold)

# Convolution is equivalent with Unfold + Matrix Multiplication + Fold (or view to output shape)
inp = torch.randn(1, 3, 10, 12)
w = torch.randn(2, 3, 4, 5)
inp_unf = torch.nn.functional.unfold(inp, (4, 5))
out_unf = inp_unf.transpose(1, 2).matmul(w.view(w.size(0), -1).t()).transpose(1, 2)
out = torch.nn.functional.fold(out_unf, (7, 8), (1, 1))
# or equivalently (and avoiding a copy),
# out = out_unf.view(1, 2, 7, 8)
print((torch.nn.functional.conv2d(inp, w) - out).abs().max() < 1e-4)

# with stride, padding and dilation, and the gradient
x = torch.arange(1 * 2 * 5 * 5, dtype=torch.float32).view(1, 2, 5, 5).requires_grad_()
cols = F.unfold(x, kernel_size=3, padding=1, stride=2, dilation=1)
print(cols.shape)
print(cols[0, :9, 0])
weight = torch.ones(1, 2, 3, 3)
y = (weight.view(1, -1) @ cols).view(1, 1, 3, 3)
print(torch.allclose(y, F.conv2d(x, weight, padding=1, stride=2)))
y.sum().backward()
print(x.grad[0, 0])
print(F.unfold(torch.arange(16.0).view(1, 1, 4, 4), kernel_size=2, dilation=2))

# fold(unfold(x)) counts overlaps; dividing by it inverts
img = torch.arange(16.0).view(1, 1, 4, 4)
patches = F.unfold(img, kernel_size=2, stride=1)
summed = F.fold(patches, output_size=(4, 4), kernel_size=2, stride=1)
counts = F.fold(F.unfold(torch.ones_like(img), 2), (4, 4), 2)
print(counts[0, 0])
print(torch.equal(summed / counts, img))

# Tensor.unfold: sliding windows
seq = torch.arange(1.0, 9.0)
windows = seq.unfold(0, 3, 1)
print(windows)
print("moving average:", windows.mean(1))
print("frames:", seq.unfold(0, 4, 2))
print(windows.stride(), windows.is_contiguous())
m = torch.arange(12).view(3, 4)
print(m.unfold(1, 2, 2))
print(m.unfold(0, 2, 1).shape)

# non-overlapping 4x4 patches for a ViT
images = torch.randn(2, 3, 8, 8)
p = 4
patches = images.unfold(2, p, p).unfold(3, p, p)
print(patches.shape)
patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(2, -1, 3 * p * p)
print(patches.shape)
via_F = F.unfold(images, kernel_size=p, stride=p).transpose(1, 2)
print(via_F.shape, torch.equal(via_F[0, 1], images[0, :, 0:4, 4:8].reshape(-1)))
proj = nn.Conv2d(3, 16, kernel_size=p, stride=p)
lin = nn.Linear(3 * p * p, 16)
with torch.no_grad():
    lin.weight.copy_(proj.weight.view(16, -1))
    lin.bias.copy_(proj.bias)
print((proj(images).flatten(2).transpose(1, 2) - lin(via_F)).abs().max() < 1e-5)

# average pooling via unfold
fm = torch.arange(16.0).view(1, 1, 4, 4)
pooled = F.unfold(fm, 2, stride=2).view(1, 1, 4, -1).mean(2).view(1, 1, 2, 2)
print(pooled, torch.equal(pooled, F.avg_pool2d(fm, 2)))
try:
    F.unfold(torch.randn(2, 3), 2)
except (RuntimeError, IndexError, ValueError) as e:
    print(type(e).__name__)
try:
    seq.unfold(0, 10, 1)
except RuntimeError as e:
    print("RuntimeError:", e)
