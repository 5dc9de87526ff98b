# A multi-layer perceptron as a custom nn.Module, trained with Adam and cross-entropy on three spirals.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_spirals(points_per_class=40, classes=3):
    xs, labels = [], []
    for c in range(classes):
        r = torch.linspace(0.1, 1.0, points_per_class)
        theta = torch.linspace(c * 4.0, (c + 1) * 4.0, points_per_class) + 0.2 * torch.cos(r * 7)
        xs.append(torch.stack([r * torch.sin(theta), r * torch.cos(theta)], dim=1))
        labels.append(torch.full((points_per_class,), c, dtype=torch.long))
    return torch.cat(xs), torch.cat(labels)


class MLP(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return self.out(x)


def deterministic_init(module):
    # reproducible weights without a random generator
    with torch.no_grad():
        for index, p in enumerate(module.parameters()):
            n = p.numel()
            values = torch.sin(torch.arange(n, dtype=torch.float32) * 1.37 + index) / math.sqrt(p.shape[-1])
            p.copy_(values.reshape(p.shape))


x, y = make_spirals()
model = MLP()
deterministic_init(model)
print(model)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(150):
    optimizer.zero_grad()
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0 or epoch == 149:
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
        print(f"epoch {epoch:3d} loss {loss.item():.4f} accuracy {accuracy:.3f}")
print("trainable parameters:", sum(p.numel() for p in model.parameters() if p.requires_grad))
