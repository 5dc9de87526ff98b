# Tutorial: "Warmstarting model using parameters from a different model in PyTorch" recipe (pytorch.org/tutorials/recipes/recipes/warmstarting_model_using_parameters_from_a_different_model.html)
import os
import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


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


netA = NetA()


class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
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


netB = NetB()

# Save model A
# Specify a path to save to
PATH = os.path.join(HERE, "model_j10.pt")

torch.save(netA.state_dict(), PATH)

# Load into model B
print(netB.load_state_dict(torch.load(PATH, weights_only=True), strict=False))
print("conv1 equal:", torch.equal(netA.conv1.weight, netB.conv1.weight))


# A model with a different head and an extra layer: partial loading
class NetC(nn.Module):
    def __init__(self, num_classes=5):
        super(NetC, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.dropout = nn.Dropout(0.25)
        self.classifier = nn.Linear(84, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout(F.relu(self.fc2(x)))
        return self.classifier(x)


netC = NetC()
result = netC.load_state_dict(torch.load(PATH, weights_only=True), strict=False)
print(result)
print("missing_keys:", result.missing_keys)
print("unexpected_keys:", result.unexpected_keys)

# Shapes must still agree: rename / drop keys that do not fit
state = torch.load(PATH, weights_only=True)
state = {k: v for k, v in state.items() if not k.startswith("fc3")}
netD = NetC(num_classes=10)
state["classifier.weight"] = torch.load(PATH, weights_only=True)["fc3.weight"]
state["classifier.bias"] = torch.load(PATH, weights_only=True)["fc3.bias"]
print(netD.load_state_dict(state))
try:
    netC.load_state_dict(state)
except RuntimeError as e:
    msg = str(e)
    print("RuntimeError:", msg.splitlines()[0])
    print("size mismatch" in msg)

# Freeze the warm-started feature extractor and fine-tune the new head
for name, param in netC.named_parameters():
    if not name.startswith("classifier"):
        param.requires_grad = False
print([n for n, p in netC.named_parameters() if p.requires_grad])

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(filter(lambda p: p.requires_grad, netC.parameters()), lr=0.01, momentum=0.9)
inputs = torch.randn(32, 3, 32, 32)
labels = torch.randint(0, 5, (32,))
frozen_before = netC.conv1.weight.clone()
for epoch in range(3):
    running_loss = 0.0
    for i in range(4):
        batch = inputs[i * 8:(i + 1) * 8]
        target = labels[i * 8:(i + 1) * 8]
        optimizer.zero_grad()
        outputs = netC(batch)
        loss = criterion(outputs, target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f"[{epoch + 1}] loss: {running_loss / 4:.3f}")
print("features unchanged:", torch.equal(frozen_before, netC.conv1.weight))
print("conv1.weight.grad:", netC.conv1.weight.grad)
netC.eval()
with torch.no_grad():
    _, predicted = torch.max(netC(inputs), 1)
print("accuracy:", (predicted == labels).sum().item() / labels.size(0) <= 1.0, predicted.shape)
os.remove(PATH)
