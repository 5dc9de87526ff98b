# Model-parameter tricks: parameters_to_vector / vector_to_parameters, freezing layers with requires_grad_,
# counting trainable parameters, interpolating two state_dicts ("model soup" / linear mode connectivity),
# torch.func.functional_call with a swapped parameter dict, named_buffers, and copying weights in no_grad.
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters
from torch.func import functional_call

torch.manual_seed(0)

X = torch.randn(400, 5)
y = (X[:, 0] * X[:, 1] > 0).long()


def make_model():
    return nn.Sequential(nn.Linear(5, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 2))


def train(model, steps, lr=0.05):
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=lr, momentum=0.9)
    model.train()
    for _ in range(steps):
        loss = F.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss.item()


def evaluate(model):
    model.eval()
    with torch.no_grad():
        out = model(X)
    return F.cross_entropy(out, y).item(), (out.argmax(1) == y).float().mean().item()


base = make_model()
vec = parameters_to_vector(base.parameters())
print("flat parameter vector:", tuple(vec.shape), vec.dtype, "requires_grad", vec.requires_grad)
print("per-tensor sizes:", [p.numel() for p in base.parameters()])
print("buffers:", [(n, tuple(b.shape)) for n, b in base.named_buffers()])

zeros = torch.zeros_like(vec)
probe = copy.deepcopy(base)
vector_to_parameters(zeros, probe.parameters())
print("after vector_to_parameters(zeros):", probe[0].weight.abs().sum().item())

print(f"initial: loss {evaluate(base)[0]:.4f}")
trunk = copy.deepcopy(base)
train(trunk, 30)
a, b = copy.deepcopy(trunk), copy.deepcopy(trunk)
torch.manual_seed(1)
train(a, 40, lr=0.05)
X = X[torch.randperm(400)]
y = (X[:, 0] * X[:, 1] > 0).long()
train(b, 40, lr=0.03)
for name, m in (("trunk", trunk), ("model a", a), ("model b", b)):
    loss, acc = evaluate(m)
    print(f"{name}: loss {loss:.4f} acc {acc:.3f}")

sa, sb = a.state_dict(), b.state_dict()
print("state_dict keys:", list(sa.keys())[:4], "...", len(sa))
for alpha in (0.0, 0.25, 0.5, 0.75, 1.0):
    soup = make_model()
    mixed = {k: (1 - alpha) * sa[k] + alpha * sb[k] if sa[k].is_floating_point() else sa[k] for k in sa}
    soup.load_state_dict(mixed)
    loss, acc = evaluate(soup)
    print(f"alpha {alpha:.2f}: loss {loss:.4f} acc {acc:.3f}")

dist = (parameters_to_vector(a.parameters()) - parameters_to_vector(b.parameters())).norm()
print(f"distance between a and b: {dist.item():.4f}")

params = {k: v.detach() for k, v in a.named_parameters()}
buffers = {k: v for k, v in a.named_buffers()}
a.eval()
out_fc = functional_call(a, (params, buffers), (X[:8],))
print("functional_call matches module:", torch.allclose(out_fc, a(X[:8])))
params_b = {k: v.detach() for k, v in b.named_parameters()}
out_swapped = functional_call(a, (params_b, dict(b.named_buffers())), (X[:8],))
print("functional_call with b's weights matches b:", torch.allclose(out_swapped, b.eval()(X[:8])))

frozen = copy.deepcopy(a)
for p in frozen[:2].parameters():
    p.requires_grad_(False)
trainable = sum(p.numel() for p in frozen.parameters() if p.requires_grad)
print("trainable after freezing trunk:", trainable, "of", sum(p.numel() for p in frozen.parameters()))
before = frozen[0].weight.clone()
with torch.no_grad():
    frozen[3].weight.copy_(torch.zeros_like(frozen[3].weight))
    frozen[3].bias.fill_(0.0)
train(frozen, 50)
print("frozen weights unchanged:", torch.equal(before, frozen[0].weight))
print(f"retrained head: loss {evaluate(frozen)[0]:.4f}")
print("grad of frozen weight:", frozen[0].weight.grad)
