# Tutorial: torch.utils.checkpoint recipe ("Activation Checkpointing Techniques in PyTorch", pytorch.org blog / torch.utils.checkpoint docs)
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)

forward_calls = {"count": 0}


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.fc2 = nn.Linear(4 * dim, dim)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        forward_calls["count"] += 1
        return x + self.fc2(F.gelu(self.fc1(self.norm(x))))


class Model(nn.Module):
    def __init__(self, dim=32, depth=4, use_checkpoint=False):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim) for _ in range(depth)])
        self.head = nn.Linear(dim, 10)
        self.use_checkpoint = use_checkpoint

    def forward(self, x):
        for block in self.blocks:
            if self.use_checkpoint:
                # Activations inside the block are not stored; they are
                # recomputed during the backward pass
                x = checkpoint(block, x, use_reentrant=False)
            else:
                x = block(x)
        return self.head(x)


model = Model()
ckpt_model = Model(use_checkpoint=True)
ckpt_model.load_state_dict(model.state_dict())

x = torch.randn(16, 32)
y = torch.randint(0, 10, (16,))

forward_calls["count"] = 0
loss = F.cross_entropy(model(x), y)
loss.backward()
print(f"plain loss: {loss.item():.4f}", "block forwards:", forward_calls["count"])

forward_calls["count"] = 0
ckpt_loss = F.cross_entropy(ckpt_model(x), y)
print("checkpointed forward calls before backward:", forward_calls["count"])
ckpt_loss.backward()
print(f"checkpointed loss: {ckpt_loss.item():.4f}", "block forwards:", forward_calls["count"])
print("ckpt_loss.grad_fn:", ckpt_loss.grad_fn)
print("losses equal:", torch.allclose(loss, ckpt_loss))
for (name, p), q in zip(model.named_parameters(), ckpt_model.parameters()):
    if name.startswith("blocks.0") or name.startswith("head"):
        print(name, tuple(p.grad.shape), torch.allclose(p.grad, q.grad, atol=1e-6))
print("all grads match:", all(torch.allclose(p.grad, q.grad, atol=1e-6)
                              for p, q in zip(model.parameters(), ckpt_model.parameters())))

# checkpoint a plain function with several inputs
def attention(q, k, v):
    scores = q @ k.transpose(-2, -1) / q.shape[-1] ** 0.5
    return scores.softmax(dim=-1) @ v

q, k, v = (torch.randn(2, 5, 8, requires_grad=True) for _ in range(3))
out = checkpoint(attention, q, k, v, use_reentrant=False)
out.sum().backward()
ref_q, ref_k, ref_v = (t.detach().clone().requires_grad_() for t in (q, k, v))
attention(ref_q, ref_k, ref_v).sum().backward()
print("attention out:", out.shape, out.grad_fn is not None)
print("attention grads match:", torch.allclose(q.grad, ref_q.grad, atol=1e-6),
      torch.allclose(k.grad, ref_k.grad, atol=1e-6), torch.allclose(v.grad, ref_v.grad, atol=1e-6))

# checkpoint_sequential: split an nn.Sequential into segments
seq = nn.Sequential(
    nn.Linear(20, 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 2),
)
inp = torch.randn(8, 20, requires_grad=True)
out = checkpoint_sequential(seq, 2, inp, use_reentrant=False)
out.pow(2).mean().backward()
g_ckpt = [p.grad.clone() for p in seq.parameters()]
inp_grad = inp.grad.clone()
seq.zero_grad()
inp.grad = None
ref = seq(inp)
ref.pow(2).mean().backward()
print("sequential out equal:", torch.allclose(out, ref))
print("sequential grads match:", all(torch.allclose(a, p.grad, atol=1e-6) for a, p in zip(g_ckpt, seq.parameters())),
      torch.allclose(inp_grad, inp.grad, atol=1e-6))

# RNG state is preserved so dropout masks agree between forward and recompute
drop_block = nn.Sequential(nn.Linear(10, 10), nn.Dropout(0.5), nn.Linear(10, 1))
drop_block.train()
z = torch.randn(6, 10, requires_grad=True)
torch.manual_seed(123)
out_ckpt = checkpoint(drop_block, z, use_reentrant=False, preserve_rng_state=True)
out_ckpt.sum().backward()
g1 = z.grad.clone()
z.grad = None
torch.manual_seed(123)
out_ref = drop_block(z)
out_ref.sum().backward()
print("dropout outputs equal:", torch.allclose(out_ckpt, out_ref), "grads equal:", torch.allclose(g1, z.grad, atol=1e-6))

# Training loop with checkpointing
opt = torch.optim.SGD(ckpt_model.parameters(), lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = F.cross_entropy(ckpt_model(x), y)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.4f}")
