# pytorch.org recipe "Warmstarting model using parameters from a different model in PyTorch"
# (recipes/recipes/warmstarting_model_using_parameters_from_a_different_model): netA saved with torch.save,
# loaded into a different netB with load_state_dict(strict=False) and its missing/unexpected keys; then renaming
# keys and copying the parameters whose shapes match, and fine-tuning netB for a few steps.
import io

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class NetA(nn.Module):
    def __init__(self):
        super(NetA, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.head = nn.Linear(84, 4)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.head(x)


torch.manual_seed(0)
netA = NetA()
netB = NetB()
buffer = io.BytesIO()
torch.save(netA.state_dict(), buffer)
buffer.seek(0)
state = torch.load(buffer, weights_only=True)
print(list(state.keys()))
result = netB.load_state_dict(state, strict=False)
print(result.missing_keys)
print(result.unexpected_keys)
print(torch.equal(netB.conv1.weight, netA.conv1.weight), torch.equal(netB.fc2.bias, netA.fc2.bias))

try:
    netB.load_state_dict(state)
except RuntimeError as e:
    print(str(e).splitlines()[0])

# rename fc3 to head and keep only what fits
renamed = {k.replace('fc3', 'head'): v for k, v in state.items()}
own = netB.state_dict()
fitting = {k: v for k, v in renamed.items() if k in own and v.shape == own[k].shape}
print(sorted(set(renamed) - set(fitting)))
own.update(fitting)
netB.load_state_dict(own)
print(len(fitting), len(own))

for name, p in netB.named_parameters():
    if not name.startswith('head'):
        p.requires_grad_(False)
print([n for n, p in netB.named_parameters() if p.requires_grad])
optimizer = optim.SGD(filter(lambda p: p.requires_grad, netB.parameters()), lr=0.01, momentum=0.9)
x = torch.randn(16, 3, 32, 32)
y = torch.randint(0, 4, (16,))
for step in range(5):
    optimizer.zero_grad()
    loss = F.cross_entropy(netB(x), y)
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 4))
print(torch.equal(netB.conv1.weight, netA.conv1.weight), netB.conv1.weight.grad)
