# Tutorial: "Reasoning about Shapes in PyTorch" recipe (pytorch.org/tutorials/recipes/recipes/reasoning_about_shapes.html)
import torch
import timeit

torch.manual_seed(0)
t = torch.rand(2, 3, 10, 10, device="meta")
conv = torch.nn.Conv2d(3, 5, 2, device="meta")
start = timeit.default_timer()
out = conv(t)
end = timeit.default_timer()

print(out)
print(f"Time taken: {end-start}")

t_large = torch.rand(2**10, 3, 2**16, 2**16, device="meta")
start = timeit.default_timer()
out = conv(t_large)
end = timeit.default_timer()

print(out)
print(f"Time taken: {end-start}")

t = torch.rand(2, 3, 10, 10)
conv = torch.nn.Conv2d(3, 5, 2)
print(conv(t).shape)

import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)  # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


def fw_hook(module, input, output):
    print(f"Shape of output to {module} is {output.shape}.")


# Any tensor created within this torch.device context manager will be
# on the meta device.
with torch.device("meta"):
    net = Net()
    inp = torch.randn((1024, 3, 32, 32))

for name, layer in net.named_modules():
    layer.register_forward_hook(fw_hook)

out = net(inp)

print(out.device, out.is_meta, out.shape)
print(net.conv1.weight.device, net.fc1.weight.is_meta)
print(inp)

# A few more shape queries on the meta device
a = torch.empty(8, 1, 6, 1, device="meta")
b = torch.empty(7, 1, 5, device="meta")
print((a + b).shape)
print(torch.matmul(torch.empty(10, 3, 4, device="meta"), torch.empty(4, 5, device="meta")).shape)
print(torch.cat([torch.empty(2, 3, device="meta"), torch.empty(4, 3, device="meta")]).shape)
print(F.max_pool2d(torch.empty(1, 16, 31, 31, device="meta"), 2).shape)
print(nn.Flatten()(torch.empty(4, 16, 5, 5, device="meta")).shape)
lstm = nn.LSTM(10, 20, num_layers=2, device="meta")
out, (h, c) = lstm(torch.empty(5, 3, 10, device="meta"))
print(out.shape, h.shape, c.shape)
