# The same fit with nn.Linear, nn.MSELoss and optim.SGD with momentum.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
x = torch.linspace(-1, 1, 32).view(-1, 1)
y = -1.5 * x + 0.3

model = nn.Linear(1, 1)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))
with torch.no_grad():
    model.weight.fill_(0.1)
    model.bias.fill_(0.0)

criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for step in range(100):
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    if (step + 1) % 25 == 0:
        print(f"step {step + 1}: loss={loss.item():.6f}")

for name, param in model.named_parameters():
    print(name, param.shape, [round(v, 4) for v in param.detach().flatten().tolist()])

# a freshly initialised layer is random: only its shape is stable
fresh = nn.Linear(3, 2)
print("fresh weight:", fresh.weight)
