# The learning-rate range test (Leslie Smith 2015; fastai's lr_find and the torch-lr-finder package,
# written here in our own code): save the model and optimizer state, raise the learning rate exponentially each
# batch with a LambdaLR/ExponentialLR-style schedule, track an exponentially smoothed, bias-corrected loss, stop
# when it diverges, suggest the lr at the steepest descent, restore the state, then train with OneCycleLR at the
# suggested maximum and compare with a constant lr.
import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# synthetic 3-class spirals
n = 300
t = torch.linspace(0, 1, n // 3)
xs, ys = [], []
for k in range(3):
    r = t
    theta = 4 * t + 2 * math.pi * k / 3 + 0.2 * torch.randn(n // 3)
    xs.append(torch.stack([r * torch.sin(theta), r * torch.cos(theta)], 1))
    ys.append(torch.full((n // 3,), k))
X, Y = torch.cat(xs), torch.cat(ys)
train = DataLoader(TensorDataset(X, Y), batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(1))


def make_model():
    return nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))


class LRFinder:
    def __init__(self, model, optimizer, criterion):
        self.model, self.optimizer, self.criterion = model, optimizer, criterion
        self.state = {"model": copy.deepcopy(model.state_dict()), "optimizer": copy.deepcopy(optimizer.state_dict())}

    def range_test(self, loader, start_lr=1e-5, end_lr=10, num_iter=100, smooth_f=0.05, diverge_th=5):
        for group in self.optimizer.param_groups:
            group["lr"] = start_lr
        gamma = (end_lr / start_lr) ** (1 / (num_iter - 1))
        scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda it: gamma ** it)
        self.history = {"lr": [], "loss": []}
        self.diverged = False
        best, avg = float("inf"), 0.0
        it = 0
        while it < num_iter:
            for xb, yb in loader:
                lr = scheduler.get_last_lr()[0]
                loss = self.criterion(self.model(xb), yb)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                scheduler.step()
                avg = smooth_f * loss.item() + (1 - smooth_f) * avg
                smoothed = avg / (1 - (1 - smooth_f) ** (it + 1))
                self.history["lr"].append(lr)
                self.history["loss"].append(smoothed)
                best = min(best, smoothed)
                it += 1
                if smoothed > diverge_th * best:
                    self.diverged = True  # stop early: the loss has diverged
                    return
                if it >= num_iter:
                    return

    def suggestion(self, skip_start=10, skip_end=15):
        lrs = torch.tensor(self.history["lr"][skip_start:-skip_end])
        losses = torch.tensor(self.history["loss"][skip_start:-skip_end])
        slopes = torch.diff(losses) / torch.diff(lrs.log10())
        return lrs[slopes.argmin()].item()

    def reset(self):
        self.model.load_state_dict(self.state["model"])
        self.optimizer.load_state_dict(self.state["optimizer"])


torch.manual_seed(2)
model = make_model()
before = [p.clone() for p in model.parameters()]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
finder = LRFinder(model, optimizer, nn.CrossEntropyLoss())
finder.range_test(train, num_iter=120)
print("iterations run:", len(finder.history["lr"]), "diverged:", finder.diverged)
for i in range(0, 100, 15):  # lr up to ~0.3, well before any divergence
    print(f"  lr {finder.history['lr'][i]:.3e} smoothed loss {finder.history['loss'][i]:.4f}")
suggested = finder.suggestion()
print(f"suggested lr {suggested:.3e}")
finder.reset()
print("restored:", all(torch.equal(a, b) for a, b in zip(before, model.parameters())),
      "optimizer lr:", optimizer.param_groups[0]["lr"], "state:", len(optimizer.state))


def fit(model, optimizer, scheduler, epochs):
    lrs = []
    for epoch in range(epochs):
        for xb, yb in train:
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            lrs.append(optimizer.param_groups[0]["lr"])
            if scheduler is not None:
                scheduler.step()
    with torch.no_grad():
        logits = model(X)
        return F.cross_entropy(logits, Y).item(), (logits.argmax(1) == Y).float().mean().item(), lrs


epochs = 15
max_lr = suggested
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=max_lr, epochs=epochs, steps_per_epoch=len(train))
loss, acc, lrs = fit(model, optimizer, scheduler, epochs)
print(f"one-cycle (max_lr {max_lr:.3e}): loss {loss:.4f} accuracy {acc:.3f}")
print("lr at start, peak, end:", f"{lrs[0]:.3e}", f"{max(lrs):.3e}", f"{lrs[-1]:.3e}", "peak step:", lrs.index(max(lrs)))
print("momentum at the end:", round(optimizer.param_groups[0]["momentum"], 4))

torch.manual_seed(2)
model = make_model()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
loss, acc, _ = fit(model, optimizer, None, epochs)
print(f"constant lr 1e-3: loss {loss:.4f} accuracy {acc:.3f}")
