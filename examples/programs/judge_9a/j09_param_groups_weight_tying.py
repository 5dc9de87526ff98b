# Model-parameter tricks from the optimizer docs ("per-parameter options") and the word_language_model / minGPT
# examples: weight tying of an embedding and its decoder, freezing with requires_grad_, parameter groups with
# their own lr and no weight decay for biases and norms, add_param_group, parameters_to_vector /
# vector_to_parameters, counting unique parameters, and the optimizer's state_dict.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)


class TinyLM(nn.Module):
    def __init__(self, vocab=30, d=16, tie_weights=True):
        super().__init__()
        self.encoder = nn.Embedding(vocab, d)
        self.body = nn.Sequential(nn.Linear(d, d), nn.LayerNorm(d), nn.GELU(), nn.Linear(d, d))
        self.decoder = nn.Linear(d, vocab)
        if tie_weights:
            self.decoder.weight = self.encoder.weight

    def forward(self, x):
        return self.decoder(self.body(self.encoder(x)))


tied, untied = TinyLM(), TinyLM(tie_weights=False)
print("tied shares storage:", tied.decoder.weight is tied.encoder.weight)
print("parameters() tied:", sum(p.numel() for p in tied.parameters()))
print("parameters() untied:", sum(p.numel() for p in untied.parameters()))
print("named_parameters:", [n for n, _ in tied.named_parameters()])
print("state_dict keys:", len(tied.state_dict()), "with decoder.weight:", "decoder.weight" in tied.state_dict())

# decay / no_decay split as in minGPT's configure_optimizers
decay, no_decay = set(), set()
for mn, m in tied.named_modules():
    for pn, p in m.named_parameters(recurse=False):
        fpn = f"{mn}.{pn}" if mn else pn
        if pn.endswith("bias") or isinstance(m, (nn.LayerNorm, nn.Embedding)):
            no_decay.add(fpn)
        elif pn.endswith("weight") and isinstance(m, nn.Linear):
            decay.add(fpn)
param_dict = dict(tied.named_parameters())
decay -= no_decay
decay = {n for n in decay if n in param_dict}
print("decay:", sorted(decay))
print("no_decay:", sorted(no_decay & set(param_dict)))
groups = [
    {"params": [param_dict[n] for n in sorted(decay)], "weight_decay": 0.1},
    {"params": [param_dict[n] for n in sorted(no_decay & set(param_dict))], "weight_decay": 0.0},
]
opt = torch.optim.AdamW(groups, lr=3e-3, betas=(0.9, 0.95))
for g in opt.param_groups:
    print("group: n=%d wd=%.1f lr=%.4f" % (len(g["params"]), g["weight_decay"], g["lr"]))

data = torch.randint(0, 30, (64, 8))
targets = (data + 1) % 30
for step in range(40):
    logits = tied(data)
    loss = F.cross_entropy(logits.view(-1, 30), targets.view(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 9:
        print(f"step {step + 1} loss {loss.item():.4f}")
print("still tied after training:", torch.equal(tied.decoder.weight, tied.encoder.weight))
print("optimizer state entries:", len(opt.state_dict()["state"]))

# freezing the embedding and giving the head its own learning rate
for p in untied.encoder.parameters():
    p.requires_grad_(False)
opt2 = torch.optim.SGD([{"params": untied.body.parameters()}], lr=0.1, momentum=0.9)
opt2.add_param_group({"params": untied.decoder.parameters(), "lr": 0.01})
print("lrs:", [g["lr"] for g in opt2.param_groups], "momentum:", [g["momentum"] for g in opt2.param_groups])
frozen = untied.encoder.weight.clone()
loss = F.cross_entropy(untied(data).view(-1, 30), targets.view(-1))
loss.backward()
opt2.step()
print("frozen grad:", untied.encoder.weight.grad, "unchanged:", torch.equal(frozen, untied.encoder.weight))
print("trainable:", sum(p.numel() for p in untied.parameters() if p.requires_grad))

# flattening parameters into a vector and back
vec = parameters_to_vector(untied.body.parameters())
print("vector:", vec.shape, vec.dtype)
vector_to_parameters(torch.zeros_like(vec), untied.body.parameters())
print("body zeroed:", all(p.abs().sum().item() == 0 for p in untied.body.parameters()))
vector_to_parameters(vec, untied.body.parameters())
print("restored:", torch.equal(parameters_to_vector(untied.body.parameters()), vec))

# a learning-rate change through param_groups, and a scheduler on top
for g in opt2.param_groups:
    g["lr"] *= 0.5
sched = torch.optim.lr_scheduler.StepLR(opt2, step_size=1, gamma=0.1)
opt2.step(); sched.step()
print("after halving and one StepLR step:", [round(g["lr"], 5) for g in opt2.param_groups])
