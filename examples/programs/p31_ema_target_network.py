# An exponential moving average of a model's weights (as in self-supervised learning and DQN target
# networks): copy.deepcopy of a model, parameters updated in place under no_grad, and a frozen copy.
import copy

import torch
import torch.nn as nn

x = torch.linspace(-1, 1, 40).reshape(20, 2)
y = (x[:, :1] * 2 - x[:, 1:] * 0.5).tanh()

model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) + i).reshape(p.shape) * 0.5)
ema = copy.deepcopy(model)
for p in ema.parameters():
    p.requires_grad_(False)
print("copy is separate:", all(a is not b for a, b in zip(model.parameters(), ema.parameters())))
print("copy starts equal:", all(torch.equal(a, b) for a, b in zip(model.parameters(), ema.parameters())))


@torch.no_grad()
def update_ema(decay=0.9):
    for target, source in zip(ema.parameters(), model.parameters()):
        target.mul_(decay).add_(source, alpha=1 - decay)


optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
loss_fn = nn.MSELoss()
for step in range(60):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    update_ema()
    if step % 20 == 19:
        with torch.no_grad():
            print(f"step {step + 1}: model {loss.item():.5f} ema {loss_fn(ema(x), y).item():.5f}")
print("ema needs no grad:", not any(p.requires_grad for p in ema.parameters()))
print("ema grads untouched:", all(p.grad is None for p in ema.parameters()))
distance = sum((a - b).pow(2).sum() for a, b in zip(model.parameters(), ema.parameters())).sqrt()
print(f"distance between model and ema: {distance.item():.5f}")
