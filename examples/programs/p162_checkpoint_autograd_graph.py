# Activation checkpointing (torch.utils.checkpoint docs and the "A Gentle Introduction to torch.autograd" graph
# section): walking a graph through grad_fn.next_functions down to AccumulateGrad and its .variable, Node
# metadata and hooks (register_hook, register_prehook on grad_fn), checkpoint() with use_reentrant=False on a
# block (same outputs and gradients as without, RNG state preserved for dropout), checkpoint_sequential over an
# nn.Sequential in segments, and a memory-free comparison of what each run saved (counted with
# saved_tensors_hooks).
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
print(Q.grad_fn)
print(Q.grad_fn.next_functions)
node = Q.grad_fn
depth = 0
while node is not None and node.next_functions:
    print("  " * depth + type(node).__name__, [type(n).__name__ if n is not None else None for n, _ in node.next_functions])
    node = node.next_functions[0][0]
    depth += 1
print(type(node).__name__, node.variable is a)

seen = []
Q.grad_fn.register_prehook(lambda grad_outputs: seen.append(("pre", grad_outputs[0].tolist())))
Q.grad_fn.register_hook(lambda grad_inputs, grad_outputs: seen.append(("post", [g.tolist() for g in grad_inputs])))
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
print(seen)
print(9 * a ** 2 == a.grad)
print(-2 * b == b.grad)


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        return x + self.fc2(self.drop(torch.tanh(self.fc1(x))))


class Net(nn.Module):
    def __init__(self, width=16, depth=4, use_checkpoint=False):
        super().__init__()
        self.blocks = nn.ModuleList(Block(width) for _ in range(depth))
        self.head = nn.Linear(width, 1)
        self.use_checkpoint = use_checkpoint

    def forward(self, x):
        for block in self.blocks:
            if self.use_checkpoint:
                x = checkpoint(block, x, use_reentrant=False)
            else:
                x = block(x)
        return self.head(x)


def count_saved(fn):
    count = [0]

    def pack(t):
        count[0] += 1
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = fn()
    return out, count[0]


plain = Net()
ckpt = Net(use_checkpoint=True)
ckpt.load_state_dict(plain.state_dict())
x = torch.randn(8, 16)

torch.manual_seed(1)
out_plain, saved_plain = count_saved(lambda: plain(x))
torch.manual_seed(1)
out_ckpt, saved_ckpt = count_saved(lambda: ckpt(x))
print("outputs equal:", torch.allclose(out_plain, out_ckpt))
print("saved tensors plain vs checkpointed:", saved_plain, saved_ckpt, saved_ckpt < saved_plain)
out_plain.sum().backward()
out_ckpt.sum().backward()
for (name, p1), p2 in zip(plain.named_parameters(), ckpt.parameters()):
    if not torch.allclose(p1.grad, p2.grad, atol=1e-6):
        print("gradient differs:", name)
print("gradients equal:", all(torch.allclose(p1.grad, p2.grad, atol=1e-6)
                              for p1, p2 in zip(plain.parameters(), ckpt.parameters())))

# checkpoint of a plain function with several inputs
w = torch.randn(3, 3, requires_grad=True)
v = torch.randn(3, requires_grad=True)


def f(w, v):
    return torch.sigmoid(w @ v).sum()


y = checkpoint(f, w, v, use_reentrant=False)
gw, gv = torch.autograd.grad(y, (w, v))
gw2, gv2 = torch.autograd.grad(f(w, v), (w, v))
print(torch.allclose(gw, gw2), torch.allclose(gv, gv2), y.grad_fn is not None)

# checkpoint_sequential: segments of an nn.Sequential
seq = nn.Sequential(*[nn.Sequential(nn.Linear(16, 16), nn.ReLU()) for _ in range(6)], nn.Linear(16, 2))
inp = torch.randn(4, 16, requires_grad=True)
out = checkpoint_sequential(seq, 3, inp, use_reentrant=False)
out.sum().backward()
grad_ckpt = inp.grad.clone()
inp.grad = None
seq(inp).sum().backward()
print(out.shape, torch.allclose(grad_ckpt, inp.grad, atol=1e-6))

# training with checkpointed blocks
model = Net(use_checkpoint=True)
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
data = torch.randn(64, 16)
target = data[:, :1] * 2 - data[:, 1:2]
for step in range(41):
    loss = nn.functional.mse_loss(model(data), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(step, round(loss.item(), 4))
