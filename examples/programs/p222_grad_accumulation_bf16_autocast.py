# Gradient accumulation with CPU autocast to bfloat16, as in PyTorch's "Automatic Mixed Precision" recipe (CPU
# section: torch.autocast(device_type="cpu", dtype=torch.bfloat16)), the "Performance Tuning Guide"
# (zero_grad(set_to_none=True), torch.inference_mode, torch.compile) and Hugging Face's accumulation loop: which
# ops autocast runs in bfloat16 and which in float32, a GradScaler that is disabled on CPU, accumulating over 4
# micro-batches matching one big batch, clip_grad_norm_, and torch.compile used as a drop-in.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

model = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.LayerNorm(32), nn.Linear(32, 4))
x = torch.randn(8, 16)
with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
    h = model[0](x)
    a = model[1](h)
    n = model[2](a)
    out = model(x)
    s = torch.softmax(out, dim=1)
    loss = F.cross_entropy(out, torch.randint(0, 4, (8,)))
    mm = x @ x.T
    added = x + 1
print("linear", h.dtype, "gelu", a.dtype, "layer_norm", n.dtype, "output", out.dtype)
print("softmax", s.dtype, "cross_entropy", loss.dtype, "matmul", mm.dtype, "add", added.dtype)
print("params stay", model[0].weight.dtype, "autocast enabled outside:", torch.is_autocast_enabled("cpu"))
with torch.autocast("cpu", dtype=torch.bfloat16):
    print("inside:", torch.is_autocast_enabled("cpu"), torch.get_autocast_dtype("cpu"))
    with torch.autocast("cpu", enabled=False):
        print("nested disabled:", model[0](x).dtype)
ref = model[0](x)
with torch.autocast("cpu", dtype=torch.bfloat16):
    low = model[0](x)
print("bf16 vs fp32 max abs diff < 0.05:", (low.float() - ref).abs().max().item() < 0.05)

scaler = torch.amp.GradScaler("cpu", enabled=False)
print("scaler enabled:", scaler.is_enabled(), "scale(loss) is loss:", scaler.scale(loss) is loss)

# accumulation over micro-batches equals one big batch (in float32)
torch.manual_seed(1)
big = nn.Sequential(nn.Linear(16, 32), nn.Tanh(), nn.Linear(32, 4))
X = torch.randn(32, 16)
Y = torch.randint(0, 4, (32,))
F.cross_entropy(big(X), Y).backward()
full = [p.grad.clone() for p in big.parameters()]
big.zero_grad(set_to_none=True)
print("set_to_none:", all(p.grad is None for p in big.parameters()))
accum = 4
for xb, yb in zip(X.chunk(accum), Y.chunk(accum)):
    (F.cross_entropy(big(xb), yb) / accum).backward()
print("accumulated == full batch:", all(torch.allclose(a, b, atol=1e-6) for a, b in zip(full, [p.grad for p in big.parameters()])))

# a training loop: bf16 autocast forward, fp32 master weights, accumulation, clipping, compiled model
torch.manual_seed(2)
net = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 4))
compiled = torch.compile(net)
opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.01)
W = torch.randn(16, 4)
data_x = torch.randn(512, 16)
data_y = (data_x @ W).argmax(1)
step = 0
for epoch in range(3):
    perm = torch.randperm(512)
    for i in range(0, 512, 16):
        idx = perm[i:i + 16]
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = compiled(data_x[idx])
            loss = F.cross_entropy(logits, data_y[idx]) / accum
        scaler.scale(loss).backward()
        if (i // 16 + 1) % accum == 0:
            scaler.unscale_(opt)
            norm = torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            scaler.step(opt)
            scaler.update()
            opt.zero_grad(set_to_none=True)
            step += 1
    with torch.inference_mode():
        acc = (compiled(data_x).argmax(1) == data_y).float().mean()
    print(f"epoch {epoch} optimizer steps {step} loss {loss.item() * accum:.2f} accuracy {acc.item():.2f}")
print("logits dtype", logits.dtype, "grad dtype", net[0].weight.grad is None, net[0].weight.dtype)
with torch.inference_mode():
    t = net(data_x[:2])
print("inference tensor:", t.is_inference(), t.requires_grad)
