# Gradient clipping, gradient norms, and flattening parameters into one vector.
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters

model = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape))
x = torch.linspace(-3, 3, 20).reshape(5, 4)
loss = (model(x) ** 2).sum() * 10
loss.backward()
norms = [p.grad.norm().item() for p in model.parameters()]
print("gradient norms:", [round(n, 4) for n in norms])
total = clip_grad_norm_(model.parameters(), max_norm=1.0)
print("total norm before clipping:", round(total.item(), 4))
after = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
print("total norm after clipping:", round(after.item(), 4))

clip_grad_value_(model.parameters(), clip_value=0.05)
print("largest gradient entry:", max(p.grad.abs().max().item() for p in model.parameters()))

vector = parameters_to_vector(model.parameters())
print("parameter vector:", vector.shape)
vector_to_parameters(vector * 2, model.parameters())
print("doubled first bias:", model[0].bias)
print("inf norm:", round(clip_grad_norm_(model.parameters(), 1.0, norm_type=float("inf")).item(), 4))
