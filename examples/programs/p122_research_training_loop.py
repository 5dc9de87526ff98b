# The "research code" training script without Lightning, as found in many paper repositories: a dataclass config,
# set_seed (random / numpy / torch / cuda, cudnn flags), an AverageMeter, a torch.compile call with an eager
# fallback, AdamW with no-decay parameter groups, a linear-warmup + cosine LambdaLR, torch.autocast on the CPU
# with bfloat16 (the dtypes it gives), GradScaler disabled on the CPU, gradient clipping with the returned norm,
# EarlyStopping by hand with the best state kept, and a checkpoint dict saved to a buffer and resumed.
import copy
import io
import math
import random
from dataclasses import dataclass, asdict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split


@dataclass
class Config:
    seed: int = 42
    in_dim: int = 16
    hidden: int = 64
    n_classes: int = 4
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 0.05
    warmup_steps: int = 10
    max_epochs: int = 12
    patience: int = 3
    min_delta: float = 1e-3
    grad_clip: float = 1.0
    amp_dtype: str = "bfloat16"
    compile: bool = True
    log_epochs: int = 5


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False


class AverageMeter:
    """Computes and stores the average and current value"""

    def __init__(self, name, fmt=':f'):
        self.name = name
        self.fmt = fmt
        self.reset()

    def reset(self):
        self.val = 0
        self.avg = 0
        self.sum = 0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def __str__(self):
        fmtstr = '{name} {val' + self.fmt + '} ({avg' + self.fmt + '})'
        return fmtstr.format(**self.__dict__)


class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min"):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.best = None
        self.counter = 0
        self.best_state = None
        self.should_stop = False

    def step(self, metric, model):
        improved = (self.best is None or
                    (metric < self.best - self.min_delta if self.mode == "min" else metric > self.best + self.min_delta))
        if improved:
            self.best = metric
            self.counter = 0
            self.best_state = copy.deepcopy(model.state_dict())
        else:
            self.counter += 1
            if self.counter >= self.patience:
                self.should_stop = True
        return improved


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(cfg.in_dim, cfg.hidden), nn.LayerNorm(cfg.hidden), nn.GELU(), nn.Dropout(0.1),
            nn.Linear(cfg.hidden, cfg.hidden), nn.GELU(),
            nn.Linear(cfg.hidden, cfg.n_classes))

    def forward(self, x):
        return self.net(x)


def warmup_cosine(warmup_steps, total_steps):
    def lr_lambda(step):
        if step < warmup_steps:
            return float(step + 1) / float(max(1, warmup_steps))
        progress = float(step - warmup_steps) / float(max(1, total_steps - warmup_steps))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return lr_lambda


cfg = Config()
print(asdict(cfg))
set_seed(cfg.seed)
X = torch.randn(480, cfg.in_dim)
w_true = torch.randn(cfg.in_dim, cfg.n_classes)
y = (X @ w_true + 0.5 * torch.randn(480, cfg.n_classes)).argmax(1)
print(X.shape, y.shape, torch.bincount(y, minlength=cfg.n_classes).sum().item())
dataset = TensorDataset(X, y)
train_set, val_set = random_split(dataset, [384, 96], generator=torch.Generator().manual_seed(cfg.seed))
train_loader = DataLoader(train_set, batch_size=cfg.batch_size, shuffle=True, drop_last=True)
val_loader = DataLoader(val_set, batch_size=64)
print(len(train_set), len(val_set), len(train_loader), len(val_loader))

device = "cuda" if torch.cuda.is_available() else "cpu"
model = MLP(cfg).to(device)
n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"model has {n_params:,} trainable parameters")



def configure_optimizer(model, cfg):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim < 2 or name.endswith(".bias") else decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.95))


optimizer = configure_optimizer(model, cfg)
print([len(g["params"]) for g in optimizer.param_groups], [g["weight_decay"] for g in optimizer.param_groups])
total_steps = cfg.max_epochs * len(train_loader)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_cosine(cfg.warmup_steps, total_steps))
print(f"lr at start {scheduler.get_last_lr()[0]:.6f}")
amp_dtype = getattr(torch, cfg.amp_dtype)
scaler = torch.amp.GradScaler(device, enabled=(device == "cuda" and amp_dtype == torch.float16))
print("scaler enabled:", scaler.is_enabled())

raw_model = model
if cfg.compile:
    try:
        model = torch.compile(model, backend="eager")
    except Exception as e:
        print(f"torch.compile unavailable ({e}); running eagerly")
print("same parameters after compile:", sum(p.numel() for p in model.parameters()) == n_params)

with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
    xb = X[:4].to(device)
    h = raw_model.net[0](xb)
    out = raw_model(xb)
    sm = F.softmax(out, dim=-1)
    loss_probe = F.cross_entropy(out, y[:4])
print("autocast dtypes:", h.dtype, out.dtype, sm.dtype, loss_probe.dtype)
print("outside autocast:", raw_model(xb).dtype)


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    loss_m, correct, n = AverageMeter("val_loss", ":.4f"), 0, 0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        logits = model(xb)
        loss_m.update(F.cross_entropy(logits, yb).item(), xb.size(0))
        correct += (logits.argmax(1) == yb).sum().item()
        n += xb.size(0)
    model.train()
    return loss_m.avg, correct / n


stopper = EarlyStopping(patience=cfg.patience, min_delta=cfg.min_delta)
step = 0
for epoch in range(cfg.max_epochs):
    losses = AverageMeter("loss", ":.4f")
    norms = []
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        with torch.autocast(device_type=device, dtype=amp_dtype, enabled=False):
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        norms.append(grad_norm.item())
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        step += 1
        losses.update(loss.item(), xb.size(0))
    val_loss, val_acc = evaluate(model, val_loader)
    improved = stopper.step(val_loss, raw_model)
    if epoch < cfg.log_epochs:
        print(f"epoch {epoch:2d} | {losses} | val_loss {val_loss:.4f} | val_acc {val_acc:.3f} | "
              f"lr {scheduler.get_last_lr()[0]:.2e} | max grad norm {max(norms):.3f}" + (" *" if improved else ""))
    if stopper.should_stop:
        break
if stopper.should_stop:
    print(f"early stopping at epoch {epoch}, best val_loss {stopper.best:.4f}")
else:
    print(f"trained all {cfg.max_epochs} epochs, best val_loss {stopper.best:.4f}")

raw_model.load_state_dict(stopper.best_state)
print("restored best:", f"{evaluate(raw_model, val_loader)[0]:.4f}")
buffer = io.BytesIO()
torch.save({"epoch": epoch, "step": step, "config": asdict(cfg), "model": raw_model.state_dict(),
            "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "scaler": scaler.state_dict()},
           buffer)
buffer.seek(0)
ckpt = torch.load(buffer, weights_only=False)
print(sorted(ckpt.keys()), ckpt["scheduler"]["last_epoch"] == step, ckpt["config"]["patience"])
model2 = MLP(Config(**ckpt["config"]))
model2.load_state_dict(ckpt["model"])
opt2 = configure_optimizer(model2, cfg)
opt2.load_state_dict(ckpt["optimizer"])
sched2 = torch.optim.lr_scheduler.LambdaLR(opt2, warmup_cosine(cfg.warmup_steps, total_steps))
sched2.load_state_dict(ckpt["scheduler"])
print(f"resumed at step {sched2.last_epoch}, lr {sched2.get_last_lr()[0]:.2e}")
print(all(torch.equal(a, b) for a, b in zip(model2.state_dict().values(), raw_model.state_dict().values())))
