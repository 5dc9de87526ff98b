# Learning-rate schedulers: the learning rate after each epoch.
import torch
from torch import nn, optim
from torch.optim import lr_scheduler


def trace(make_scheduler, epochs=8, lr=0.1):
    model = nn.Linear(2, 1)
    optimizer = optim.SGD(model.parameters(), lr=lr)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(epochs):
        optimizer.step()
        lrs.append(round(optimizer.param_groups[0]["lr"], 6))
        scheduler.step()
    return lrs


print("StepLR:", trace(lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5)))
print("MultiStepLR:", trace(lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.1)))
print("ExponentialLR:", trace(lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9)))
print("CosineAnnealingLR:", trace(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=6, eta_min=0.01)))
print("LambdaLR:", trace(lambda o: lr_scheduler.LambdaLR(o, lr_lambda=lambda epoch: 1 / (epoch + 1))))
print("LinearLR:", trace(lambda o: lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4)))
print("OneCycleLR:", trace(lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=8)))
print("CosineAnnealingWarmRestarts:",
      trace(lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2)))

model = nn.Linear(2, 1)
optimizer = optim.SGD(model.parameters(), lr=1.0)
plateau = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1)
for validation_loss in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7]:
    plateau.step(validation_loss)
    print("plateau lr:", optimizer.param_groups[0]["lr"])
scheduler = lr_scheduler.StepLR(optimizer, step_size=2)
print("get_last_lr:", scheduler.get_last_lr())
print("state_dict keys:", sorted(scheduler.state_dict().keys()))
