# How tensors and modules print, as the "tensor basics" notebooks and the torch.set_printoptions docs show it:
# integer, bool, float and double tensors, scientific notation when the range is wide, precision/sci_mode/
# linewidth/edgeitems/threshold options and the 'short' and 'full' profiles, summarised large tensors, empty and
# 0-d tensors, requires_grad and grad_fn suffixes, nan/inf, half precision, a module tree with extra_repr,
# named_modules / named_children / named_buffers, and str() vs repr() of sizes, dtypes and devices.
import torch
import torch.nn as nn

print(torch.tensor([1, 2, 3]))
print(torch.tensor([True, False]))
print(torch.tensor([1.0, 2.5, -3.25]))
print(torch.tensor([1.0, 2.5], dtype=torch.float64))
print(torch.tensor([1e-8, 1.0, 1e8]))
print(torch.tensor([0.1, 1234567.0]))
print(torch.tensor([[1.0, float("nan")], [float("inf"), -float("inf")]]))
print(torch.tensor([1.5, 2.25], dtype=torch.float16))
print(torch.tensor(3.0), torch.tensor(7), torch.zeros(0), torch.zeros(2, 0), torch.empty(0, dtype=torch.long))
print(torch.arange(12).view(3, 4).float() / 3)
print(torch.arange(24).view(2, 3, 4))
print(torch.arange(2000.0))
print(torch.arange(1200).view(40, 30))
x = torch.tensor([1.0, 2.0], requires_grad=True)
print(x, x * 2, (x * 2).sum())
print(x.detach(), x.data)

torch.set_printoptions(precision=2)
print(torch.tensor([3.14159, 2.71828]))
torch.set_printoptions(sci_mode=True)
print(torch.tensor([3.14159, 2.71828]))
torch.set_printoptions(profile="default")
torch.set_printoptions(edgeitems=2, threshold=10)
print(torch.arange(20))
print(torch.arange(36.0).view(6, 6))
torch.set_printoptions(profile="default")
torch.set_printoptions(linewidth=40)
print(torch.linspace(0, 1, 12))
torch.set_printoptions(profile="short")
print(torch.tensor([1.123456, 2.0]), torch.arange(1500)[:4])
torch.set_printoptions(profile="default")
print(torch.tensor([123456789.0, 1.0]))
print(torch.tensor([0.0001, 0.001]))
print(torch.tensor([1, -2], dtype=torch.int8), torch.tensor([2 ** 40]), torch.tensor([255], dtype=torch.uint8))


class Block(nn.Module):
    def __init__(self, dim, scale=0.5):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)
        self.scale = scale
        self.register_buffer("steps", torch.zeros(1))

    def extra_repr(self):
        return f"dim={self.proj.in_features}, scale={self.scale}"

    def forward(self, x):
        return x + self.scale * self.proj(self.norm(x))


net = nn.Sequential(nn.Embedding(10, 4), Block(4), nn.ModuleDict({"a": nn.ReLU(), "b": nn.Dropout(0.1)}),
                    nn.ModuleList([nn.Linear(4, 4) for _ in range(3)]), nn.Flatten(0))
print(net)
print([name for name, _ in net.named_modules()])
print([name for name, _ in net.named_children()])
print(list(net.named_buffers()))
print(net[1].proj.weight.shape, str(net[1].proj.weight.shape), repr(torch.float32), str(torch.float32))
print(torch.device("cpu"), repr(torch.device("cpu")), torch.Size([2, 3]), list(torch.Size([2, 3])))
print(nn.Parameter(torch.ones(2)))
print(nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3))]))
print(torch.ones(2, 2).to_sparse())
print(torch.tensor([1 + 2j, 3 - 4j]))
print(f"{torch.tensor(0.123456):.3f}", "{:.2f}".format(torch.tensor(2.5).item()), format(torch.tensor(3)))
