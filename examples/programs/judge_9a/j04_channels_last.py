# pytorch.org tutorial "(beta) Channels Last Memory Format in PyTorch": NCHW vs NHWC strides, converting with
# to(memory_format=torch.channels_last), is_contiguous(memory_format=...), which operations keep the format,
# empty_like / clone / permute behaviour, converting a whole model, and checking that results are unchanged.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

N, C, H, W = 10, 3, 32, 32
x = torch.empty(N, C, H, W)
print("classic stride:", x.stride())

x = x.to(memory_format=torch.channels_last)
print("shape:", x.shape)
print("channels_last stride:", x.stride())

x = x.to(memory_format=torch.contiguous_format)
print("back to contiguous:", x.stride())

x = x.contiguous(memory_format=torch.channels_last)
print("via contiguous():", x.stride())

# alternative: permute (the data is in NHWC but the shape stays NCHW)
y = torch.empty(N, H, W, C).permute(0, 3, 1, 2)
print("permuted stride:", y.stride())
print("is channels_last:", y.is_contiguous(memory_format=torch.channels_last))
print("is contiguous:", y.is_contiguous())

# creating a tensor directly in channels_last
z = torch.empty((N, C, H, W), memory_format=torch.channels_last)
print("empty channels_last:", z.stride())

# clone / empty_like / pointwise ops preserve the format
x = torch.randn(N, C, H, W).contiguous(memory_format=torch.channels_last)
print("clone keeps:", x.clone().stride())
print("empty_like keeps:", torch.empty_like(x).stride())
print("pointwise keeps:", (x * 2 + 1).stride())
print("relu keeps:", F.relu(x).is_contiguous(memory_format=torch.channels_last))

# convolution and batch norm with channels_last input produce channels_last output
conv = nn.Conv2d(8, 4, 3, padding=1)
inp = torch.randn(2, 8, 6, 6)
ref = conv(inp)
conv_cl = conv.to(memory_format=torch.channels_last)
out = conv_cl(inp.to(memory_format=torch.channels_last))
print("conv out channels_last:", out.is_contiguous(memory_format=torch.channels_last))
print("same values:", torch.allclose(out, ref, atol=1e-5))
print("weight stride:", conv_cl.weight.stride())

bn = nn.BatchNorm2d(4)
print("batchnorm keeps:", bn(out).is_contiguous(memory_format=torch.channels_last))

# a small model converted as a whole, trained for a few steps
model = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
    nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 5))
model = model.to(memory_format=torch.channels_last)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
images = torch.randn(16, 3, 16, 16).to(memory_format=torch.channels_last)
targets = torch.arange(16) % 5
for step in range(6):
    loss = F.cross_entropy(model(images), targets)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.4f}")
print("grad format:", model[0].weight.grad.is_contiguous(memory_format=torch.channels_last))

# 3-D tensors have no channels_last; 5-D inputs use channels_last_3d
try:
    torch.randn(3, 4, 5).to(memory_format=torch.channels_last)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])
v = torch.randn(2, 3, 4, 5, 6).to(memory_format=torch.channels_last_3d)
print("channels_last_3d stride:", v.stride())
