# The "CUDA semantics" docs note's device-agnostic parts, run on a machine without a GPU: the is_available()
# device pick and args.device pattern, torch.device objects and their fields, tensors created on a device
# (device=, .to(device), .to(other) carrying dtype and device, new_* and *_like keeping the device and dtype),
# the default device (torch.set_default_device and its context manager), cross-device errors caught as the note
# describes, pinned-memory queries, torch.cuda's query functions without a GPU (device_count, is_available,
# is_initialized), and a small train step written device-agnostically.
import argparse

import torch
import torch.nn as nn

parser = argparse.ArgumentParser(description='PyTorch Example')
parser.add_argument('--disable-cuda', action='store_true',
                    help='Disable CUDA')
args = parser.parse_args([])
args.device = None
if not args.disable_cuda and torch.cuda.is_available():
    args.device = torch.device('cuda')
else:
    args.device = torch.device('cpu')
print(args.device, args.device.type, args.device.index)

x = torch.empty((8, 42), device=args.device)
print(x.device, x.shape, x.is_cuda)

cpu = torch.device("cpu")
print(cpu, repr(cpu), cpu == torch.device("cpu", None), torch.device("cpu") == "cpu")
cuda0 = torch.device("cuda:0")
print(cuda0, repr(cuda0), cuda0.type, cuda0.index, torch.device("cuda", 1))

cuda_available = torch.cuda.is_available()
print("cuda available:", cuda_available, "device_count:", torch.cuda.device_count(),
      "initialized:", torch.cuda.is_initialized())

# tensors keep device and dtype through new_* / *_like
x_cpu = torch.empty(2, dtype=torch.float64)
y_cpu = x_cpu.new_full([3, 2], fill_value=0.3)
print(y_cpu)
x_cpu_long = torch.empty(2, dtype=torch.int64)
y_cpu_long = x_cpu_long.new_tensor([[1, 2, 3]])
print(y_cpu_long)
print(torch.ones_like(x_cpu), torch.zeros_like(x_cpu_long).device)
print(x_cpu.new_zeros(2, 2).dtype, x_cpu.new_ones(1).dtype, x_cpu.new_empty(0).shape)

# .to(other) takes the other tensor's dtype and device; .to(device) keeps the dtype
a = torch.arange(4)
b = torch.zeros(1, dtype=torch.float16)
print(a.to(b), a.to(cpu).dtype, a.to(cpu, torch.float32).dtype)
print(a.to(cpu) is a, a.to("cpu", copy=True) is a, a.cpu() is a)

# the default device
print(torch.get_default_device())
with torch.device("cpu"):
    t = torch.randn(2)
    print(t.device, nn.Linear(2, 2).weight.device)
torch.set_default_device("cpu")
print(torch.tensor([1.0]).device)

# a device that is not there: the error is raised, as the note describes, only when it is used
if not cuda_available:
    try:
        torch.zeros(1, device="cuda")
    except (RuntimeError, AssertionError) as e:
        print(type(e).__name__, "when a CUDA tensor is made without a GPU")
    try:
        torch.ones(2).cuda()
    except (RuntimeError, AssertionError) as e:
        print(type(e).__name__, "from .cuda() without a GPU")

# pinned memory needs an accelerator; on the CPU it is only queried
print(torch.ones(2).is_pinned())

# device-agnostic training step
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
data = torch.randn(16, 4).to(device, non_blocking=True)
target = data.sum(dim=1, keepdim=True).to(device)
for step in range(30):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(data), target)
    loss.backward()
    optimizer.step()
print(next(model.parameters()).device, f"{loss.item():.4f}")
print(torch.cuda.is_available() or "no GPU: all of the above ran on the CPU")
