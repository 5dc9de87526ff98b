# Training with a validation set, ReduceLROnPlateau, early stopping and keeping the best weights.
import copy

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

x = torch.linspace(-2, 2, 64).unsqueeze(1)
y = torch.sin(2 * x) + 0.05 * torch.cos(17 * x)
train_set = TensorDataset(x[::2], y[::2])
valid_set = TensorDataset(x[1::2], y[1::2])
train_loader = DataLoader(train_set, batch_size=8)
valid_loader = DataLoader(valid_set, batch_size=16)

model = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1))
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 2.1 + i).reshape(p.shape))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=2)
loss_fn = nn.MSELoss()
best_loss, best_state, patience_left = float("inf"), None, 4
for epoch in range(40):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        valid_loss = sum(loss_fn(model(xb), yb).item() * len(xb) for xb, yb in valid_loader) / len(valid_set)
    scheduler.step(valid_loss)
    if valid_loss < best_loss - 1e-4:
        best_loss, best_state, patience_left = valid_loss, copy.deepcopy(model.state_dict()), 4
    else:
        patience_left -= 1
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d} valid {valid_loss:.5f} lr {optimizer.param_groups[0]['lr']:.4f}")
    if patience_left == 0:
        print("early stop at epoch", epoch)
        break
model.load_state_dict(best_state)
with torch.no_grad():
    print(f"best validation loss {best_loss:.5f}")
    print("restored:", abs(loss_fn(model(valid_set.tensors[0]), valid_set.tensors[1]).item() - best_loss) < 1e-6)
