# The pytorch.org recipes "What is a state_dict in PyTorch", "Saving and loading multiple models in one file" and
# "Saving and loading models across devices", as written on a small net: the model's and the optimizer's
# state_dict printed entry by entry, a GAN-like pair of models and optimizers saved in one checkpoint dict
# through an in-memory buffer, map_location, buffers (persistent and not), load_state_dict's result, resuming
# training exactly where it stopped, and torch.save of tensors that share storage.
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self.register_buffer("seen", torch.zeros((), dtype=torch.long))
        self.register_buffer("scratch", torch.zeros(4), persistent=False)

    def forward(self, x):
        self.seen += x.shape[0]
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
print("Model's state_dict:")
for param_tensor in net.state_dict():
    print(param_tensor, "\t", net.state_dict()[param_tensor].size())
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

x = torch.randn(8, 3, 32, 32)
target = torch.randint(0, 10, (8,))
for step in range(3):
    optimizer.zero_grad()
    loss = F.cross_entropy(net(x), target)
    loss.backward()
    optimizer.step()
print("trained 3 steps, loss %.4f, seen %d" % (loss.item(), net.seen.item()))
state = optimizer.state_dict()["state"]
print("optimizer state keys", list(state.keys())[:4], list(state[0].keys()), state[0]["momentum_buffer"].shape)

netA, netB = Net(), nn.Sequential(nn.Linear(10, 5), nn.Tanh(), nn.Linear(5, 1))
optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.Adam(netB.parameters(), lr=0.01)
netB(torch.randn(2, 10)).sum().backward()
optimizerB.step()
buffer = io.BytesIO()
torch.save({"modelA_state_dict": net.state_dict(), "modelB_state_dict": netB.state_dict(),
            "optimizerA_state_dict": optimizer.state_dict(), "optimizerB_state_dict": optimizerB.state_dict(),
            "epoch": 3, "loss": loss.item()}, buffer)
print("checkpoint bytes > 0:", buffer.tell() > 0)
buffer.seek(0)
checkpoint = torch.load(buffer, map_location=torch.device("cpu"), weights_only=True)
print(sorted(checkpoint.keys()), checkpoint["epoch"], round(checkpoint["loss"], 4))
result = netA.load_state_dict(checkpoint["modelA_state_dict"])
print(result)
optimizerA.load_state_dict(checkpoint["optimizerA_state_dict"])
netB2 = nn.Sequential(nn.Linear(10, 5), nn.Tanh(), nn.Linear(5, 1))
netB2.load_state_dict(checkpoint["modelB_state_dict"])
optimizerB2 = optim.Adam(netB2.parameters(), lr=0.01)
optimizerB2.load_state_dict(checkpoint["optimizerB_state_dict"])
print("Adam step restored:", optimizerB2.state_dict()["state"][0]["step"])
print("seen restored", netA.seen.item(), "scratch not saved:", "scratch" in checkpoint["modelA_state_dict"])

netA.train()
for step in range(2):
    for model, opt in ((net, optimizer), (netA, optimizerA)):
        opt.zero_grad()
        F.cross_entropy(model(x), target).backward()
        opt.step()
same = all(torch.equal(p, q) for p, q in zip(net.parameters(), netA.parameters()))
print("resumed training matches the original run:", same)
print("fc3.bias", netA.fc3.bias.detach().round(decimals=4))

bad = {k: v for k, v in checkpoint["modelA_state_dict"].items() if not k.startswith("fc3")}
bad["extra.weight"] = torch.zeros(1)
print(netA.load_state_dict(bad, strict=False))
try:
    netA.load_state_dict({"fc3.weight": torch.zeros(3, 3)}, strict=False)
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[1].strip())

base = torch.arange(10.0)
views = {"even": base[::2], "head": base[:3]}
buffer = io.BytesIO()
torch.save(views, buffer)
buffer.seek(0)
loaded = torch.load(buffer)
loaded["head"][0] = 100.0
print(loaded["even"], loaded["even"].untyped_storage().size() // loaded["even"].element_size())
small = io.BytesIO()
torch.save(base[:3].clone(), small)
print("clone saved alone is smaller:", small.tell() < buffer.getbuffer().nbytes)
