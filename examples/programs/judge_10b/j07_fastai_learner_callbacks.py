# fast.ai course part 2 style mini-framework: a Learner whose fit loop fires callbacks (before_fit,
# before_batch, after_loss, after_epoch ...), CancelBatchException-style control flow, a Recorder, a hand-written
# one-cycle schedule (cosine warm-up/annealing of lr and inverse momentum) compared against OneCycleLR,
# and a metrics callback, trained on a synthetic regression-to-classes task.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader

torch.manual_seed(0)

class CancelFitException(Exception):
    pass

class Callback:
    order = 0

    def __call__(self, name, learn):
        method = getattr(self, name, None)
        if method is not None:
            method(learn)

class Learner:
    def __init__(self, model, dls, loss_func, lr, cbs, opt_func=torch.optim.SGD):
        self.model, self.dls, self.loss_func, self.lr = model, dls, loss_func, lr
        self.cbs = sorted(cbs, key=lambda c: c.order)
        self.opt_func = opt_func

    def callback(self, name):
        for cb in self.cbs:
            cb(name, self)

    def one_batch(self):
        self.preds = self.model(self.xb)
        self.loss = self.loss_func(self.preds, self.yb)
        self.callback("after_loss")
        if self.training:
            self.loss.backward()
            self.opt.step()
            self.opt.zero_grad()

    def one_epoch(self, train):
        self.training = train
        self.model.train(train)
        dl = self.dls[0] if train else self.dls[1]
        self.callback("before_epoch")
        with torch.set_grad_enabled(train):
            for self.iter, (self.xb, self.yb) in enumerate(dl):
                self.callback("before_batch")
                self.one_batch()
        self.callback("after_epoch")

    def fit(self, n_epochs):
        self.n_epochs, self.epoch = n_epochs, 0
        self.opt = self.opt_func(self.model.parameters(), lr=self.lr, momentum=0.9)
        try:
            self.callback("before_fit")
            for self.epoch in range(n_epochs):
                self.one_epoch(True)
                self.one_epoch(False)
        except CancelFitException:
            print("fit cancelled at epoch", self.epoch)
        self.callback("after_fit")

class OneCycle(Callback):
    def __init__(self, max_lr, pct_start=0.3, moms=(0.95, 0.85)):
        self.max_lr, self.pct, self.moms = max_lr, pct_start, moms

    def before_fit(self, learn):
        self.total = learn.n_epochs * len(learn.dls[0])
        self.step = 0

    def before_batch(self, learn):
        if not learn.training:
            return
        pos = self.step / self.total
        if pos < self.pct:
            f = (1 - math.cos(math.pi * pos / self.pct)) / 2
            lr = self.max_lr / 25 + f * (self.max_lr - self.max_lr / 25)
            mom = self.moms[0] + f * (self.moms[1] - self.moms[0])
        else:
            f = (1 - math.cos(math.pi * (pos - self.pct) / (1 - self.pct))) / 2
            lr = self.max_lr + f * (self.max_lr / 25 / 1e4 - self.max_lr)
            mom = self.moms[1] + f * (self.moms[0] - self.moms[1])
        for g in learn.opt.param_groups:
            g["lr"], g["momentum"] = lr, mom
        self.step += 1

class Recorder(Callback):
    order = 1

    def before_fit(self, learn):
        self.lrs, self.moms, self.losses = [], [], []

    def after_loss(self, learn):
        if learn.training:
            self.lrs.append(learn.opt.param_groups[0]["lr"])
            self.moms.append(learn.opt.param_groups[0]["momentum"])
            self.losses.append(learn.loss.item())

class Metrics(Callback):
    def before_epoch(self, learn):
        self.correct, self.count, self.loss = 0, 0, 0.0

    def after_loss(self, learn):
        self.correct += (learn.preds.argmax(1) == learn.yb).sum().item()
        self.count += len(learn.yb)
        self.loss += learn.loss.item() * len(learn.yb)

    def after_epoch(self, learn):
        if not learn.training:
            print(f"epoch {learn.epoch}: valid loss {self.loss / self.count:.4f} acc {self.correct / self.count:.3f}")

class StopAfter(Callback):
    def __init__(self, n):
        self.n = n

    def after_epoch(self, learn):
        if not learn.training and learn.epoch + 1 >= self.n:
            raise CancelFitException()

X = torch.randn(1200, 8)
y = ((X[:, 0] + X[:, 1] ** 2 - X[:, 2]).clamp(-1.5, 2.9) + 1.5).floor().long()
print("class counts:", y.bincount().tolist())
dls = (DataLoader(TensorDataset(X[:1000], y[:1000]), batch_size=50, shuffle=True),
       DataLoader(TensorDataset(X[1000:], y[1000:]), batch_size=100))
model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 5))
rec, cycle = Recorder(), OneCycle(max_lr=0.1)
learn = Learner(model, dls, F.cross_entropy, lr=0.1, cbs=[Metrics(), rec, cycle, StopAfter(6)])
learn.fit(8)
print("steps recorded:", len(rec.lrs))
print("lr at start/peak/end:", f"{rec.lrs[0]:.5f}", f"{max(rec.lrs):.5f}", f"{rec.lrs[-1]:.6f}")
print("momentum at start/min:", f"{rec.moms[0]:.4f}", f"{min(rec.moms):.4f}")
print(f"first/last loss: {rec.losses[0]:.4f} {rec.losses[-1]:.4f}")

opt = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=160, pct_start=0.3)
ref_lrs = []
for _ in range(160):
    ref_lrs.append(opt.param_groups[0]["lr"])
    opt.step()
    sched.step()
print("OneCycleLR start/peak:", f"{ref_lrs[0]:.5f}", f"{max(ref_lrs):.5f}", "peak step", ref_lrs.index(max(ref_lrs)))
gap = max(abs(a - b) for a, b in zip(rec.lrs, ref_lrs[:120]))
print(f"max gap to OneCycleLR on the first 120 steps: {gap:.4f} (its phase ends one step earlier)")
