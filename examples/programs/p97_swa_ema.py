# Stochastic Weight Averaging and EMA with torch.optim.swa_utils (after the docs' "Weight Averaging (SWA and EMA)"
# section and the SWA blog post's recipe): AveragedModel, SWALR with cosine annealing, CosineAnnealingLR before
# swa_start, update_bn over the loader, a custom avg_fn, get_ema_multi_avg_fn and use_buffers=True.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn
from torch.optim.lr_scheduler import CosineAnnealingLR
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

X = torch.randn(96, 8)
w_true = torch.randn(8, 3)
y = (X @ w_true).argmax(dim=1)
loader = DataLoader(TensorDataset(X[:64], y[:64]), batch_size=16, shuffle=True)
test_input, test_target = X[64:], y[64:]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.bn = nn.BatchNorm1d(16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.bn(self.fc1(x))))


model = Net()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
swa_model = AveragedModel(model)
scheduler = CosineAnnealingLR(optimizer, T_max=20)
swa_start = 10
swa_scheduler = SWALR(optimizer, swa_lr=0.05, anneal_epochs=3, anneal_strategy="cos")
print(swa_model)
print(swa_model.n_averaged, type(swa_scheduler).__name__, swa_scheduler.anneal_epochs)

for epoch in range(16):
    for input, target in loader:
        optimizer.zero_grad()
        loss_fn(model(input), target).backward()
        optimizer.step()
    if epoch > swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()
    if epoch % 3 == 0 or epoch > swa_start:
        print(f"epoch {epoch:2d} lr {optimizer.param_groups[0]['lr']:.5f} n_averaged {swa_model.n_averaged.item()}")

# Update bn statistics for the swa_model at the end
print(swa_model.module.bn.running_mean.abs().sum().item() > 0, swa_model.module.bn.num_batches_tracked)
update_bn(loader, swa_model)
print(swa_model.module.bn.momentum, swa_model.module.bn.num_batches_tracked)
# Use swa_model to make predictions on test data
swa_model.eval()
model.eval()
with torch.no_grad():
    preds = swa_model(test_input)
    acc_swa = (preds.argmax(1) == test_target).float().mean().item()
    acc = (model(test_input).argmax(1) == test_target).float().mean().item()
print(f"model accuracy {acc:.3f}, SWA accuracy {acc_swa:.3f}", preds.shape)

# The average on known parameters: the running mean of what update_parameters saw
lin = nn.Linear(2, 1, bias=False)
avg = AveragedModel(lin)
for value in [1.0, 2.0, 6.0]:
    with torch.no_grad():
        lin.weight.fill_(value)
    avg.update_parameters(lin)
print(avg.module.weight, avg.n_averaged)

# custom avg_fn: an exponential moving average
ema_avg = lambda averaged_model_parameter, model_parameter, num_averaged:\
    0.1 * averaged_model_parameter + 0.9 * model_parameter
ema = AveragedModel(lin, avg_fn=ema_avg)
for value in [2.0, 4.0]:
    with torch.no_grad():
        lin.weight.fill_(value)
    ema.update_parameters(lin)
print(ema.module.weight.data)

ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True)
with torch.no_grad():
    for p in model.parameters():
        p.add_(1.0)
    model.bn.running_var.fill_(2.0)
ema_model.update_parameters(model)
print(ema_model.n_averaged, torch.allclose(ema_model.module.bn.running_var, model.bn.running_var))
before = ema_model.module.fc2.bias.clone()
with torch.no_grad():
    for p in model.parameters():
        p.add_(1.0)
ema_model.update_parameters(model)
print(torch.allclose(ema_model.module.fc2.bias, 0.9 * before + 0.1 * model.fc2.bias), ema_model.n_averaged)
print(sorted(ema_model.state_dict())[:3], len(ema_model.state_dict()))
