# nanoGPT's configure_optimizers and get_lr, and the per-parameter-options pattern from the torch.optim docs:
# parameters split into decay / no_decay groups by dimension (weights of Linear and Embedding decay, biases and
# LayerNorm weights do not), AdamW with the groups and betas=(0.9, 0.95), a linear-warmup cosine-decay schedule
# set by hand in each group's 'lr' and the same schedule with LambdaLR / SequentialLR, a per-group lr multiplier
# for a "backbone", add_param_group for a new head, clip_grad_norm_, gradient accumulation, and the optimizer's
# state_dict groups printed.
import inspect
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1337)


class TinyLM(nn.Module):
    def __init__(self, vocab=16, d=16, block=8):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(block, d)
        self.ln = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.wte.weight = self.lm_head.weight

    def forward(self, idx, targets=None):
        pos = torch.arange(idx.shape[1])
        x = self.wte(idx) + self.wpe(pos)
        x = x + self.mlp(self.ln(x))
        logits = self.lm_head(self.ln_f(x))
        loss = None if targets is None else F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        param_dict = {pn: p for pn, p in self.named_parameters()}
        param_dict = {pn: p for pn, p in param_dict.items() if p.requires_grad}
        decay_params = [p for n, p in param_dict.items() if p.dim() >= 2]
        nodecay_params = [p for n, p in param_dict.items() if p.dim() < 2]
        optim_groups = [
            {"params": decay_params, "weight_decay": weight_decay},
            {"params": nodecay_params, "weight_decay": 0.0},
        ]
        num_decay_params = sum(p.numel() for p in decay_params)
        num_nodecay_params = sum(p.numel() for p in nodecay_params)
        print(f"num decayed parameter tensors: {len(decay_params)}, with {num_decay_params:,} parameters")
        print(f"num non-decayed parameter tensors: {len(nodecay_params)}, with {num_nodecay_params:,} parameters")
        fused_available = "fused" in inspect.signature(torch.optim.AdamW).parameters
        print(f"fused available: {fused_available}")
        return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=betas)


warmup_iters, lr_decay_iters, max_iters = 10, 60, 60
learning_rate, min_lr = 6e-3, 6e-4


def get_lr(it):
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)


print("schedule", [round(get_lr(it), 5) for it in (0, 5, 9, 10, 30, 59, 60, 70)])
model = TinyLM()
print("tied:", model.wte.weight is model.lm_head.weight, "unique params", len(list(model.parameters())))
optimizer = model.configure_optimizers(weight_decay=0.1, learning_rate=learning_rate, betas=(0.9, 0.95))
data = torch.arange(16).repeat(40)
grad_accum = 2
for it in range(max_iters):
    lr = get_lr(it)
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr
    for micro in range(grad_accum):
        ix = torch.randint(0, len(data) - 9, (4,))
        x = torch.stack([data[i:i + 8] for i in ix])
        y = torch.stack([data[i + 1:i + 9] for i in ix])
        _, loss = model(x, y)
        (loss / grad_accum).backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    if it % 15 == 0 or it == max_iters - 1:
        print(f"iter {it}: loss {loss.item():.4f}, lr {lr:.5f}, norm {norm.item():.4f}")

for g in optimizer.state_dict()["param_groups"]:
    print({k: v for k, v in g.items() if k in ("lr", "betas", "weight_decay", "params", "amsgrad")})

backbone = nn.Linear(4, 4)
head = nn.Linear(4, 2)
opt = torch.optim.SGD([{"params": backbone.parameters(), "lr": 1e-3}], lr=1e-2, momentum=0.9)
opt.add_param_group({"params": head.parameters()})
print([(g["lr"], g["momentum"], len(g["params"])) for g in opt.param_groups])
warm = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: (step + 1) / 3)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=1e-4)
sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warm, cos], milestones=[2])
for step in range(8):
    opt.zero_grad()
    F.mse_loss(head(backbone(torch.ones(3, 4))), torch.zeros(3, 2)).backward()
    opt.step()
    sched.step()
    print(step, [f"{lr:.6f}" for lr in sched.get_last_lr()])
try:
    opt.add_param_group({"params": head.weight})
except ValueError as e:
    print("ValueError:", e)
