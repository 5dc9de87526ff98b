# Learning-rate range test ("LR finder", Leslie Smith / the fast.ai lr_find recipe written in plain PyTorch):
# an exponentially increasing learning rate with LambdaLR, a smoothed loss, stopping when the loss explodes,
# restoring the model and optimizer from deep-copied state_dicts, then training with the suggested rate.
import copy
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# synthetic 4-class data: Gaussian blobs in 10 dimensions
centers = torch.randn(4, 10) * 2.0
labels = torch.randint(0, 4, (512,))
inputs = centers[labels] + torch.randn(512, 10)
loader = DataLoader(TensorDataset(inputs, labels), batch_size=32, shuffle=True)

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 4))
optimizer = torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9)
print(model)


class LRFinder:
    def __init__(self, model, optimizer, criterion):
        self.model, self.optimizer, self.criterion = model, optimizer, criterion
        self.model_state = copy.deepcopy(model.state_dict())
        self.optim_state = copy.deepcopy(optimizer.state_dict())
        self.history = {"lr": [], "loss": []}

    def range_test(self, loader, start_lr=1e-5, end_lr=10.0, num_iter=60, beta=0.9):
        gamma = (end_lr / start_lr) ** (1 / (num_iter - 1))
        for g in self.optimizer.param_groups:
            g["lr"] = start_lr
            g["initial_lr"] = start_lr
        scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda it: gamma ** it)
        avg, best, it = 0.0, float("inf"), 0
        while it < num_iter:
            for x, y in loader:
                self.optimizer.zero_grad()
                loss = self.criterion(self.model(x), y)
                loss.backward()
                self.optimizer.step()
                avg = beta * avg + (1 - beta) * loss.item()
                smoothed = avg / (1 - beta ** (it + 1))
                self.history["lr"].append(scheduler.get_last_lr()[0])
                self.history["loss"].append(smoothed)
                best = min(best, smoothed)
                scheduler.step()
                it += 1
                if it >= num_iter or smoothed > 4 * best or math.isnan(smoothed):
                    return it
        return it

    def reset(self):
        self.model.load_state_dict(self.model_state)
        self.optimizer.load_state_dict(self.optim_state)

    def suggestion(self):
        losses = torch.tensor(self.history["loss"])
        grads = losses[1:] - losses[:-1]
        idx = int(torch.argmin(grads[:-1])) if len(grads) > 1 else 0
        return self.history["lr"][idx]


finder = LRFinder(model, optimizer, nn.CrossEntropyLoss())
steps = finder.range_test(loader)
print("steps run > 20:", steps > 20)
print("first lr: %.2e" % finder.history["lr"][0])
print("lr ratio per step: %.4f" % (finder.history["lr"][1] / finder.history["lr"][0]))
print("first smoothed loss: %.4f" % finder.history["loss"][0])
lr = finder.suggestion()
print("suggested lr in range:", 1e-5 <= lr <= 10.0)
finder.reset()
print("weights restored:", torch.equal(model[0].weight, finder.model_state["0.weight"]))
print("optimizer lr restored:", optimizer.param_groups[0]["lr"])
print("momentum buffers after reset:", len(optimizer.state))

# train with a fixed, reasonable fraction of a chosen max lr using OneCycleLR
chosen = 0.1
optimizer = torch.optim.SGD(model.parameters(), lr=chosen, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=chosen, total_steps=5 * len(loader))
for epoch in range(5):
    total, correct, running = 0, 0, 0.0
    for x, y in loader:
        out = model(x)
        loss = F.cross_entropy(out, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        sched.step()
        running += loss.item() * len(y)
        correct += (out.argmax(1) == y).sum().item()
        total += len(y)
    print(f"epoch {epoch} lr {sched.get_last_lr()[0]:.6f} loss {running / total:.4f} acc {correct / total:.3f}")
print("final lr:", "%.3e" % optimizer.param_groups[0]["lr"])
print("state keys:", sorted(optimizer.state_dict()["param_groups"][0].keys())[:6])
